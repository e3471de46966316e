"""The reach from kept distance tables (ranges.reach.incremental) is compute_reach's, to the bit:
the same three tables for random launch points, ranges, minimum ranges and populations, as a
slider moves one range after another (tables grown, sliced, evicted), with places and launch
points at equal distances (ties), and with launch areas."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import System, load_catalogue
from ranges.geometry.areas import parse_area
from ranges.places.extracts import default_gazetteer
from ranges.places.gazetteer import City, Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach import kept
from ranges.reach.forward import compute_reach
from ranges.reach.growth import growth, shared_growth
from ranges.reach.incremental import shared_reach
from ranges.web.cities import marked_cities

NO_BORDERS = {"type": "FeatureCollection", "features": []}


def system(ident: str, max_km: float, min_km: float = 0.0) -> System:
    return System(
        id=ident,
        name=ident.upper(),
        kind="other",
        max_range_km=max_km,
        min_range_km=min_km,
        sources=({"title": "t"},),
    )


def assert_same(points, systems, gazetteer, **kwargs) -> None:
    """shared_reach's three tables are compute_reach's, frame for frame."""
    expected = compute_reach(points, systems, gazetteer, **kwargs)
    got = shared_reach(points, systems, gazetteer, **kwargs)
    # the headline and the map's marks, answered before (and without) the union table
    counted = (expected.cities["part_of"] == "").to_numpy()
    assert got.place_count == len(expected.cities) == expected.place_count
    assert got.counted_count == int(counted.sum()) == expected.counted_count
    assert got.population == expected.population
    for limit in (1, 7, 10_000):
        marks = marked_cities(expected.cities, counted, limit=limit)
        pd.testing.assert_frame_equal(got.marked(limit), marks)
        pd.testing.assert_frame_equal(expected.marked(limit), marks)
        # the page's first rows of the table (issue 20), before and after the whole table
        pd.testing.assert_frame_equal(got.head(limit), expected.cities.head(limit))
    pd.testing.assert_frame_equal(got.cities, expected.cities)
    pd.testing.assert_frame_equal(got.head(7), expected.head(7))
    pd.testing.assert_frame_equal(got.summary, expected.summary)
    pd.testing.assert_frame_equal(got.rows, expected.rows)
    assert got.population == expected.population


@pytest.fixture(scope="module")
def cities15000() -> Gazetteer:
    return default_gazetteer("cities15000")


points_st = st.lists(
    st.tuples(st.floats(-89.0, 89.0), st.floats(-180.0, 180.0)), min_size=1, max_size=3
)
ranges_st = st.lists(
    st.tuples(st.floats(1.0, 6000.0), st.sampled_from([0.0, 0.0, 0.3, 0.9])),
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    coords=points_st,
    first=ranges_st,
    moves=st.lists(st.tuples(st.integers(0, 2), st.floats(1.0, 9000.0)), max_size=3),
    min_population=st.sampled_from([0, 0, 50_000, 1_000_000]),
    twin=st.booleans(),
)
def test_slider_moves_give_compute_reach_tables(
    cities15000, coords, first, moves, min_population, twin
) -> None:
    """Random launch points (a twin at the same place: equal distances, the first wins) and
    systems, then one range moved after another: each answer is compute_reach's."""
    points = [LaunchPoint(lat, lon, f"P{i}") for i, (lat, lon) in enumerate(coords)]
    if twin:
        points.append(LaunchPoint(points[0].lat, points[0].lon, "Twin"))
    systems = [system(f"s{j}", hi, hi * frac) for j, (hi, frac) in enumerate(first)]
    assert_same(points, systems, cities15000, min_population=min_population, borders=NO_BORDERS)
    for which, max_km in moves:
        j = which % len(systems)
        systems[j] = systems[j].with_max_range(max(max_km, systems[j].min_range_km + 1.0))
        assert_same(points, systems, cities15000, min_population=min_population, borders=NO_BORDERS)


def test_ties_between_places_and_between_launch_points() -> None:
    """Places at one spot (equal distances: rows by city row) and two launch points equally far
    from the places on the meridian between them (the first launch is the nearest)."""
    cities = []
    for k in range(40):
        lat = -20.0 + k
        for copy in range(3):  # three places at each spot
            cities.append(City(f"c{k}-{copy}", "XX", "Testland", lat, 0.0, 1000 + k, len(cities)))
    gazetteer = Gazetteer(cities)
    points = [LaunchPoint(0.0, -1.0, "West"), LaunchPoint(0.0, 1.0, "East")]
    systems = [system("near", 900.0), system("ring", 2000.0, 700.0)]
    assert_same(points, systems, gazetteer, borders=NO_BORDERS)
    assert_same(points[::-1], systems, gazetteer, borders=NO_BORDERS)
    result = shared_reach(points, systems, gazetteer, borders=NO_BORDERS)
    assert set(result.cities["nearest_launch"]) == {"West"}


def test_launch_areas_and_bundled_borders(cities15000) -> None:
    """A launch area after a point, with the bundled borders (each system's ground kept): the
    same tables as compute_reach's, also after the area's table is solved further out."""
    shipped = {s.id: s for s in load_catalogue().systems}
    line = parse_area("line:48.5,37.9;47.1,37.5")
    points = [LaunchPoint(50.45, 30.52, "Kyiv")]
    systems = [shipped["atacms"], shipped["storm-shadow"]]
    assert_same(points, systems, cities15000, areas=[line])
    longer = [systems[0], systems[1].with_max_range(900.0)]
    assert_same(points, longer, cities15000, areas=[line])
    assert_same(points, systems, cities15000, areas=[line])  # the shorter again: a slice


def test_tables_are_kept_within_their_bound(cities15000, monkeypatch) -> None:
    """The kept tables stay within TABLE_BYTES (the least recently used go first) and the
    answers stay compute_reach's."""
    kept.clear()
    systems = [system("long", 3000.0)]
    assert_same([LaunchPoint(45.0, 0.0, "P")], systems, cities15000, borders=NO_BORDERS)
    one = kept.kept_bytes()
    assert one > 0
    monkeypatch.setattr(kept, "TABLE_BYTES", int(1.5 * one))
    for lon in (20.0, 40.0, 60.0, 0.0):
        assert_same([LaunchPoint(45.0, lon, "P")], systems, cities15000, borders=NO_BORDERS)
        assert kept.kept_bytes() <= kept.TABLE_BYTES
    kept.clear()
    assert kept.kept_bytes() == 0


def test_a_second_release_is_a_slice(cities15000, monkeypatch) -> None:
    """A shorter range from launch points already measured solves nothing; a longer one solves
    only the places beyond (measure_launch given the kept table)."""
    kept.clear()
    points = [LaunchPoint(50.45, 30.52, "Kyiv")]
    shared_reach(points, [system("a", 2500.0)], cities15000, borders=NO_BORDERS)
    calls = []
    real = kept.measure_launch

    def counted(*args, **kwargs):
        calls.append(args[-1])  # the kept table it grows
        return real(*args, **kwargs)

    monkeypatch.setattr(kept, "measure_launch", counted)
    shared_reach(points, [system("a", 1200.0)], cities15000, borders=NO_BORDERS)
    assert calls == []
    assert_same(points, [system("a", 3000.0)], cities15000, borders=NO_BORDERS)
    assert len(calls) == 1 and calls[0] is not None


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    coords=points_st,
    longest=st.lists(st.floats(1.0, 19_000.0), min_size=1, max_size=4),
    min_population=st.sampled_from([0, 100_000]),
)
def test_kept_growth_curves_are_growth(cities15000, coords, longest, min_population) -> None:
    """The people-in-range curve sliced from a kept one (solved out to twice the distance)
    is the curve solved afresh: same distances, running sums and marks, range after range."""
    points = [LaunchPoint(lat, lon, f"P{i}") for i, (lat, lon) in enumerate(coords)]
    for km in longest:
        systems = [system("a", km), system("b", km / 2, km / 4)]
        fresh = growth(points, systems, cities15000, min_population=min_population)
        kept_curve = shared_growth(points, systems, cities15000, min_population=min_population)
        np.testing.assert_array_equal(kept_curve.distance_km, fresh.distance_km)
        np.testing.assert_array_equal(kept_curve.people, fresh.people)
        np.testing.assert_array_equal(kept_curve.places, fresh.places)
        assert kept_curve.marks == fresh.marks and kept_curve.up_to_km == fresh.up_to_km
