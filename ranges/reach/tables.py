"""The union table and the summary of a reach, as pandas frames (``Reach.cities``,
``Reach.summary``), from each reached city's nearest launch (:class:`ranges.reach.nearest.Nearest`)
and each system's ground (:class:`ranges.reach.territory.Territory`).

Units: kilometres for distances, degrees for bearings, km^2 for areas, head counts for
populations.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
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

__all__ = ["UnionRows", "summary_frame", "union_frame"]

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
