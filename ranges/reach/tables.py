"""The union table and the summary of a reach, as pandas frames (``Reach.cities``,
``Reach.summary``), from each reached city's nearest launch (:class:`ranges.reach.nearest.Nearest`)
and each system's ground (:class:`ranges.reach.territory.Territory`); and the totals that answer
the question, read off the union table (:func:`country_totals`): places and people per country
and per system, without the launch countries (``ranges.geometry.launchcountries``), for the rows
a filter keeps. People are counted as everywhere (``Reach.population``): each place once, a
section of a city (``part_of`` set) listed but not added. A place's country is the gazetteer's.

Units: kilometres for distances, degrees for bearings, km^2 for areas, head counts for
populations.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.areas import LaunchArea
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.columns import city_arrays, labels, lazy_pandas, str_dtype, strings
from ranges.reach.nearest import Nearest
from ranges.reach.schema import CITY_COLUMNS, PART_OF, SUMMARY_COLUMNS
from ranges.reach.territory import Territory

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ALL_SYSTEMS",
    "TOTALS_COLUMNS",
    "Totals",
    "UnionRows",
    "country_codes",
    "country_totals",
    "matches",
    "outside",
    "summary_frame",
    "totals",
    "union_frame",
]

_RANKED: weakref.WeakKeyDictionary[Gazetteer, np.ndarray] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


class UnionRows:
    """The union table before pandas: its rows in the table's order, and what the app's headline
    and map need of it (how many places, how many people, the most populous places), each
    without building the whole frame (100,000 places of text: most of a slider release).

    ``nearest`` and ``launches`` (points, then areas) as :func:`union_frame` takes them."""

    def __init__(
        self,
        nearest: Nearest,
        launches: Sequence[LaunchPoint | LaunchArea],
        systems: Sequence[System],
        gazetteer: Gazetteer,
    ) -> None:
        self._nearest, self._launches = nearest, list(launches)
        self._systems, self._gazetteer = list(systems), gazetteer
        self.order = _by_population(nearest.rows, gazetteer)
        """Positions into ``nearest``'s arrays in the table's order."""
        self.counted = np.asarray(gazetteer.counted)[nearest.rows[self.order]]
        """Per table row: does its population count (False for a section of a city)."""

    def __len__(self) -> int:
        return int(self.order.size)

    @property
    def population(self) -> int:
        """People of the places counted on their own (``Reach.population``)."""
        rows = self._nearest.rows[self.order[self.counted]]
        return int(self._gazetteer.populations[rows].sum())

    def frame(self) -> pd.DataFrame:
        """The whole union table (:func:`union_frame`)."""
        return union_frame(self._nearest, self._launches, self._systems, self._gazetteer)

    def head(self, limit: int) -> pd.DataFrame:
        """The first ``limit`` rows of the union table (``frame().head(limit)``), and no other
        row built."""
        return union_frame(
            self._nearest, self._launches, self._systems, self._gazetteer, self.order[:limit]
        )

    def top(self, limit: int) -> pd.DataFrame:
        """The ``limit`` most populous places counted on their own, largest first: the rows of
        the union table (indexed by their position in it) that
        ``frame()[counted].nlargest(limit, "population")`` gives, and no other row built."""
        which = np.flatnonzero(self.counted)[:limit]
        frame = union_frame(
            self._nearest, self._launches, self._systems, self._gazetteer, self.order[which]
        )
        frame.index = lazy_pandas().Index(which)
        return frame


def union_frame(
    nearest: Nearest,
    points: Sequence[LaunchPoint | LaunchArea],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    order: np.ndarray | None = None,
) -> pd.DataFrame:
    """The union table (``CITY_COLUMNS``, by population, largest first) of the cities in
    ``nearest``; ``points`` are the launches (points, then areas) that ``nearest`` indexes.
    ``order``: only these positions of ``nearest``'s arrays, in this order."""
    if order is None:
        order = _by_population(nearest.rows, gazetteer)
    rows = nearest.rows[order]
    if systems and rows.size:
        combos, which = _combinations(nearest.reached, rows)
        ids = [s.id for s in systems]
        texts = [",".join(i for i, on in zip(ids, combo, strict=True) if on) for combo in combos]
        systems_col = labels(texts, which.reshape(-1))
    else:
        systems_col = lazy_pandas().array([], dtype=str_dtype())
    arrays = city_arrays(gazetteer)
    return lazy_pandas().DataFrame(
        {
            "city": strings(arrays.names, rows),
            "country": strings(arrays.countries, rows),
            "latitude": gazetteer.lats[rows],
            "longitude": gazetteer.lons[rows],
            "population": gazetteer.populations[rows],
            "nearest_launch": labels([p.label for p in points], nearest.point[order]),
            "distance_km": nearest.distance_m[order] / 1e3,
            "bearing_deg": nearest.bearing_deg[order],
            "systems": systems_col,
            "city_index": rows,
            PART_OF: strings(arrays.part_of, rows),
        },
        columns=CITY_COLUMNS,
        copy=False,
    )


def _by_population(rows: np.ndarray, gazetteer: Gazetteer) -> np.ndarray:
    """The order of distinct gazetteer ``rows`` by population, largest first, ties by row:
    ``np.lexsort((rows, -populations[rows]))``. For many rows it is read off the gazetteer's own
    order (sorted once) in one pass instead of a sort (100,000 places: 1 ms instead of 15)."""
    n = len(gazetteer)
    if rows.size * 16 < n:  # few: the sort is cheaper than a pass over the gazetteer
        return np.lexsort((rows, -gazetteer.populations[rows]))
    with _LOCK:
        ranked = _RANKED.get(gazetteer)
    if ranked is None:
        ranked = np.lexsort((np.arange(n), -np.asarray(gazetteer.populations)))
        with _LOCK:
            _RANKED[gazetteer] = ranked
    member = np.zeros(n, dtype=bool)
    member[rows] = True
    where = np.empty(n, dtype=np.int64)
    where[rows] = np.arange(rows.size)
    return where[ranked[member[ranked]]]


def _combinations(reached: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct columns ``rows`` of a (systems, cities) bool matrix, in ascending order of
    their bits (system ``j`` is bit ``j``), and per row which one it has."""
    n_systems = reached.shape[0]
    if n_systems > 62:
        combos, which = np.unique(reached[:, rows].T, axis=0, return_inverse=True)
        return combos, which.reshape(-1)
    weights = np.left_shift(np.int64(1), np.arange(n_systems, dtype=np.int64))
    if n_systems > 20:
        keys, which = np.unique(
            (weights[:, None] * reached[:, rows]).sum(axis=0), return_inverse=True
        )
        return (keys[:, None] & weights[None, :]) != 0, which.reshape(-1)
    # np.unique without its sort: the keys are below 2 ** n_systems, so a count finds them.
    codes = np.zeros(rows.size, dtype=np.int64)
    for j in range(n_systems):
        codes[reached[j, rows]] |= weights[j]
    present = np.bincount(codes, minlength=1 << n_systems) > 0
    keys = np.flatnonzero(present)
    which = (np.cumsum(present) - 1)[codes]
    return (keys[:, None] & weights[None, :]) != 0, which


def summary_frame(
    systems: Sequence[System], reached: np.ndarray, gazetteer: Gazetteer, ground: Territory
) -> pd.DataFrame:
    """The summary (``SUMMARY_COLUMNS``): per system, the places it reaches (``reached``, a
    (systems, cities) bool matrix), their people counted once, and its ground's area and
    countries."""
    if ground.countries is None:
        counts = np.full(len(systems), np.nan)
        names = [""] * len(systems)
    else:
        counts = np.array([len(c) for c in ground.countries], dtype=np.int64)
        names = ["; ".join(c) for c in ground.countries]
    counted_populations = np.where(gazetteer.counted, gazetteer.populations, 0)
    pd, text = lazy_pandas(), str_dtype()
    return pd.DataFrame(
        {
            "system": pd.array([s.id for s in systems], dtype=text),
            "name": pd.array([s.name for s in systems], dtype=text),
            "cities": np.count_nonzero(reached, axis=1).astype(np.int64),
            # Counted once: a section's people are already in its city's figure.
            "population": np.array(
                [counted_populations[r].sum(dtype=np.int64) for r in reached], dtype=np.int64
            ),
            "area_km2": np.array(ground.area_km2, dtype=float),
            "countries": counts,
            "country_names": pd.array(names, dtype=text),
        },
        columns=SUMMARY_COLUMNS,
    )


# --- totals that answer the question: per country, without the launch countries, filtered ---

TOTALS_COLUMNS = ["country", "country_code", "system", "name", "places", "people"]
"""The columns of :func:`country_totals`, in order."""
ALL_SYSTEMS = ""
"""The ``system`` (and ``name``) of the rows that count every system together."""


@dataclass(frozen=True)
class Totals:
    """Places (every row, sections of cities included) and people (counted once) of a set of
    places in range."""

    places: int
    people: int


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
    codes, as ``ranges.geometry.launchcountries.LaunchCountries`` gives them)."""
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
    ``ranges.geometry.launchcountries.launch_countries``); ``where`` keeps only these rows (a
    filter). Columns :data:`TOTALS_COLUMNS`; within each system the countries by people, most
    first, then by name; a country with no place in range of a system has no row for it.

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
