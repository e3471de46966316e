"""Distances from each launch to the gazetteer's places, solved once and kept sorted per process.

A page whose slider moves asks the same question again with one range changed. Each launch
point's distances to the places are solved once (Karney's ``Geod.inv``, exactly as
:func:`ranges.reach.pairs.measure_launch` solves them), sorted by distance (ties by place row)
and kept here for every caller in the process: a system's places from that launch are then the
run of the sorted distances in ``[min_range, max_range]`` (two ``np.searchsorted``), and a range
longer than any solved so far solves only the shell of places beyond it (``measure_launch``'s
``done``). A launch area's table (:func:`ranges.reach.areas.area_table`) is solved again, out to
the longer range, when a longer one is asked for.

Memory: 24 bytes per (launch, place) pair kept (row int64, distance and bearing float64): a point
measured out to 2,500 km from Kyiv over cities500 holds ~80,000 pairs (2 MB), out to the whole
globe 235,000 (5.6 MB). The tables are a least-recently-used store bounded by
:data:`TABLE_BYTES` (128 MiB); one launch is computed once however many callers ask for it at
the same time (the others wait for it).
"""

from __future__ import annotations

import itertools
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ranges.geometry.areas import LaunchArea
from ranges.geometry.screening import CityNormals, city_normals, screen_threshold
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.areas import AreaPairs, area_table
from ranges.reach.pairs import LaunchPairs, measure_launch

__all__ = [
    "TABLE_BYTES",
    "KeptArea",
    "area_distances",
    "clear",
    "kept_bytes",
    "point_distances",
]

TABLE_BYTES = 128 * 2**20
"""The most bytes of distance tables kept (least recently used dropped first)."""
_NORMALS_KEPT = 4  # min_population values whose city normals are kept, per gazetteer


@dataclass(frozen=True)
class KeptArea:
    """One launch area's pairs (:func:`ranges.reach.areas.area_table`) out to ``radius_km``."""

    pairs: AreaPairs
    radius_km: float


class _Entry:
    """One kept table and the lock its makers hold (one computation for many callers)."""

    __slots__ = ("lock", "nbytes", "value")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.value: Any = None
        self.nbytes = 0


_LOCK = threading.Lock()
_ENTRIES: OrderedDict[tuple, _Entry] = OrderedDict()
_BYTES = 0
_COUNTER = itertools.count()
_TOKENS: weakref.WeakKeyDictionary[Gazetteer, int] = weakref.WeakKeyDictionary()
_NORMALS: weakref.WeakKeyDictionary[Gazetteer, dict[int, CityNormals]] = weakref.WeakKeyDictionary()


def _token(gazetteer: Gazetteer) -> int:
    """A number for ``gazetteer`` in the tables' keys; its tables go when it does."""
    with _LOCK:
        token = _TOKENS.get(gazetteer)
        if token is None:
            token = _TOKENS[gazetteer] = next(_COUNTER)
            weakref.finalize(gazetteer, _forget, token)
        return token


def _forget(token: int) -> None:
    global _BYTES
    with _LOCK:
        for key in [k for k in _ENTRIES if k[1] == token]:
            _BYTES -= _ENTRIES.pop(key).nbytes


def clear() -> None:
    """Forget every kept table (for benchmarks and tests)."""
    global _BYTES
    with _LOCK:
        _ENTRIES.clear()
        _BYTES = 0
        _NORMALS.clear()


def kept_bytes() -> int:
    """Bytes of the distance tables kept now."""
    with _LOCK:
        return _BYTES


def _kept(key: tuple, fresh: Callable[[Any], bool], make: Callable[[Any], Any]) -> Any:
    """The table under ``key``: kept if ``fresh(kept)``, else ``make(kept or None)``, kept."""
    global _BYTES
    with _LOCK:
        entry = _ENTRIES.get(key)
        if entry is None:
            entry = _ENTRIES[key] = _Entry()
        _ENTRIES.move_to_end(key)
    with entry.lock:
        value = entry.value
        if value is not None and fresh(value):
            return value
        value = make(value)
        nbytes = _nbytes(value)
        with _LOCK:
            entry.value = value
            if _ENTRIES.get(key) is entry:
                _BYTES += nbytes - entry.nbytes
            entry.nbytes = nbytes
            while _BYTES > TABLE_BYTES and len(_ENTRIES) > 1:
                old_key = next(iter(_ENTRIES))
                if old_key == key:
                    _ENTRIES.move_to_end(key)
                    continue
                _BYTES -= _ENTRIES.pop(old_key).nbytes
        return value


def _nbytes(value: LaunchPairs | KeptArea) -> int:
    pairs = value.pairs if isinstance(value, KeptArea) else value
    return pairs.city.nbytes + pairs.distance_m.nbytes + pairs.bearing_deg.nbytes


def _city_normals(gazetteer: Gazetteer, min_population: int) -> CityNormals:
    """:func:`ranges.geometry.screening.city_normals`, kept for a few ``min_population``."""
    with _LOCK:
        kept = _NORMALS.setdefault(gazetteer, {})
        cities = kept.get(min_population)
    if cities is None:
        cities = city_normals(gazetteer, min_population=min_population)
        with _LOCK:
            if len(kept) >= _NORMALS_KEPT:
                kept.pop(next(iter(kept)))
            kept[min_population] = cities
    return cities


def point_distances(
    point: LaunchPoint, gazetteer: Gazetteer, min_population: int, max_range_km: float
) -> LaunchPairs:
    """``point``'s pairs with the places (of at least ``min_population`` people) that may be
    within ``max_range_km`` (km), and maybe more, sorted by distance: what
    ``measure_launch`` gives, kept (the label is no part of the key)."""
    threshold = screen_threshold(max_range_km)

    def make(done: LaunchPairs | None) -> LaunchPairs:
        cities = _city_normals(gazetteer, min_population)
        cos = cities.cosines(point)
        return measure_launch(point, cities.rows, cos, gazetteer, max_range_km, done)

    key = ("point", _token(gazetteer), int(min_population), point.lat, point.lon)
    return _kept(key, lambda done: done.threshold <= threshold, make)


def area_distances(
    area: LaunchArea, gazetteer: Gazetteer, min_population: int, max_range_km: float
) -> KeptArea:
    """``area``'s pairs with the places (of at least ``min_population``) within at least
    ``max_range_km`` (km), sorted by distance, kept."""

    def make(_old: KeptArea | None) -> KeptArea:
        pairs = area_table(area, max_range_km, gazetteer, int(min_population))
        return KeptArea(pairs, max_range_km)

    key = ("area", _token(gazetteer), int(min_population), *area.shape_key)
    return _kept(key, lambda kept: kept.radius_km >= max_range_km, make)
