"""Totals per country and without the launch countries (ranges/reach/tables.py,
ranges/geometry/launchcountries.py): the
figures add up to the reach's own (people counted once, sections with their city), and a launch
stands in the country whose borders hold it."""

from __future__ import annotations

import numpy as np
import pytest

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areas import parse_area
from ranges.geometry.launchcountries import launch_countries
from ranges.places.extracts import default_gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.forward import compute_reach
from ranges.reach.tables import (
    ALL_SYSTEMS,
    TOTALS_COLUMNS,
    country_totals,
    matches,
    outside,
    totals,
)

KYIV = LaunchPoint(50.45, 30.52, "Kyiv")


@pytest.fixture(scope="module")
def gazetteer():
    return default_gazetteer("cities15000")


@pytest.fixture(scope="module")
def systems():
    by_id = {s.id: s for s in load_catalogue().systems}
    return [by_id["atacms"], by_id["tomahawk"]]


@pytest.fixture(scope="module")
def reach(gazetteer, systems):
    return compute_reach([KYIV], systems, gazetteer)


def test_the_countries_add_up_to_the_reach_and_to_each_system(reach, systems, gazetteer):
    table = country_totals(reach.cities, systems, gazetteer)
    assert list(table.columns) == TOTALS_COLUMNS
    every = table[table["system"] == ALL_SYSTEMS]
    assert every["places"].sum() == reach.place_count
    assert every["people"].sum() == reach.population  # sections counted with their city
    assert every["country"].is_unique
    for system, row in zip(systems, reach.summary.itertuples(), strict=True):
        one = table[table["system"] == system.id]
        assert set(one["name"]) == {system.name}
        assert one["places"].sum() == row.cities
        assert one["people"].sum() == row.population
    # Most people first.
    assert list(every["people"]) == sorted(every["people"], reverse=True)
    assert every.iloc[0]["country"] == "Russia"


def test_leaving_out_the_launch_country_drops_its_people(reach, systems, gazetteer):
    home = launch_countries([KYIV])
    assert home.codes == {"UA"} and home.names == ("Ukraine",) and not home.unplaced
    table = country_totals(reach.cities, systems, gazetteer, leave_out=home.codes)
    assert "Ukraine" not in set(table["country"])
    ukraine = (reach.cities["country"] == "Ukraine").to_numpy()
    kept = totals(reach.cities, outside(reach.cities, gazetteer, home.codes))
    assert kept.places == reach.place_count - ukraine.sum()
    every = table[table["system"] == ALL_SYSTEMS]
    assert every["people"].sum() == kept.people < reach.population


def test_totals_follow_a_filter(reach, systems, gazetteer):
    where = matches(reach.cities, "russia").copy()
    before = where.copy()
    assert where.any() and set(reach.cities[where]["country"]) == {"Russia"}
    table = country_totals(reach.cities, systems, gazetteer, where=where)
    assert set(table["country"]) == {"Russia"}
    shown = totals(reach.cities, where)
    assert shown.places == int(where.sum()) < reach.place_count
    assert table[table["system"] == ALL_SYSTEMS]["people"].sum() == shown.people
    assert np.array_equal(where, before)  # the caller's mask is not changed in place
    table = country_totals(reach.cities, systems, gazetteer, leave_out={"RU"}, where=where)
    assert np.array_equal(where, before) and table.empty


def test_launch_countries_of_points_areas_and_editions():
    sevastopol = LaunchPoint(44.6, 33.52, "Sevastopol")  # at the coast: 1:50m may miss it
    assert launch_countries([sevastopol]).codes == {"RU"}  # de facto borders
    assert launch_countries([sevastopol], edition="recognised").codes == {"UA"}
    at_sea = LaunchPoint(40.0, -40.0, "Mid-Atlantic")
    assert launch_countries([at_sea]).unplaced == ("Mid-Atlantic",)
    assert launch_countries([], [parse_area("POL")]).codes == {"PL"}
    inside = parse_area("poly:50,30;50.5,30.5;50,31|Box")
    assert launch_countries([], [inside]).codes == {"UA"}
    # A line from Ukraine into Belarus stands in neither: neither is left out.
    across = parse_area("line:50.4,30.5;53.9,27.6|Across")
    result = launch_countries([], [across])
    assert result.codes == frozenset() and result.unplaced == ("Across",)
