"""Exact distances of (launch point, city) pairs: Karney's inverse problem, solved in threads.

Every reported distance and bearing is Karney's inverse solution (``pyproj.Geod.inv``, accurate
to about 15 nanometres). The per-pair table (``Reach.rows``, ``reach_rows``: what ``python -m
ranges reach`` prints) needs every pair's distance: the pairs the screen keeps
(:mod:`ranges.geometry.screening`) are solved once per (launch point, city) for the longest range,
sorted by distance within each launch point's group, and each system takes its run of the
sorted distances (:func:`select`). ``Geod.inv`` releases the GIL, and numpy does while it
sorts, so the pairs are solved and sorted in a small pool of worker threads.

Units: metres for distances, degrees for bearings (clockwise from north, in [0, 360)).
"""

from __future__ import annotations

import itertools
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.geodesy import WGS84
from ranges.geometry.screening import screen, screen_threshold
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint

__all__ = [
    "WORKERS",
    "LaunchPairs",
    "Pairs",
    "Selection",
    "distance_order",
    "inverse",
    "measure",
    "measure_launch",
    "measure_pairs",
    "select",
    "to_bearing",
]

# Below this many inverse problems one thread is as fast as several.
_PARALLEL_MIN_PAIRS = 20_000
WORKERS = max(1, min(4, os.cpu_count() or 1))
"""Worker threads that solve and sort pairs (at most 4, at most the machine's cores)."""
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="reach")
        return _POOL


def to_bearing(az_deg: np.ndarray, distance_m: np.ndarray) -> np.ndarray:
    """Azimuths in (-180, 180] degrees as bearings in [0, 360) (no -0.0, no 360.0).

    At distance 0 there is no direction (pyproj says 180): the bearing is NaN there.
    """
    bearing = np.where(az_deg < 0.0, az_deg + 360.0, az_deg + 0.0)
    bearing[bearing >= 360.0] = 0.0
    bearing[distance_m == 0.0] = np.nan
    return bearing


@dataclass(frozen=True)
class Pairs:
    """Every (launch point, city) pair that may be in range, measured exactly.

    Pairs are grouped by launch point (``bounds[i]:bounds[i + 1]`` for point ``i``) and sorted by
    distance within a group (ties by city row). ``city`` holds gazetteer rows, ``distance_m``
    metres, ``bearing_deg`` degrees in [0, 360) (NaN at distance 0).
    """

    city: np.ndarray
    distance_m: np.ndarray
    bearing_deg: np.ndarray
    bounds: np.ndarray


@dataclass(frozen=True)
class LaunchPairs:
    """One launch point's cities that may be within some radius (all those whose normals pass
    ``threshold``: :func:`screen_threshold`), measured exactly: gazetteer rows (``city``),
    Karney's distances in metres and bearings in degrees [0, 360) (NaN at distance 0), sorted by
    distance, ties by city row: the same values in the same order as that point's group of the
    per-pair table's pairs."""

    city: np.ndarray
    distance_m: np.ndarray
    bearing_deg: np.ndarray
    threshold: float

    def run(self, system: System) -> tuple[int, int]:
        """Positions ``[first, last)`` of the pairs in ``system``'s range: a contiguous run of the
        sorted distances (``1000 * min_range_km <= distance_m <= 1000 * max_range_km``). The
        pairs must reach out to the system's range (:func:`measure_launch`)."""
        first = int(np.searchsorted(self.distance_m, 1e3 * system.min_range_km, side="left"))
        last = int(np.searchsorted(self.distance_m, 1e3 * system.max_range_km, side="right"))
        return first, last


def measure_launch(
    point: LaunchPoint,
    rows: np.ndarray,
    cos: np.ndarray,
    gazetteer: Gazetteer,
    max_range_km: float,
    done: LaunchPairs | None = None,
) -> LaunchPairs:
    """The pairs of ``point`` with the cities that may be within ``max_range_km`` (``rows`` and
    this point's ``cos`` from :class:`CityNormals`), solved with ``Geod.inv`` and sorted by
    distance, in the calling thread (a caller runs launch points side by side: pyproj and numpy
    release the GIL). ``done``: this point's pairs out to a smaller radius; only the cities
    beyond it are solved, so growing the radius system after system solves each pair once."""
    threshold = screen_threshold(max_range_km)
    if done is not None and done.threshold <= threshold:
        return done
    inside = cos >= threshold
    if done is not None:
        inside &= cos < done.threshold
    city = rows[np.flatnonzero(inside)]
    n = city.size
    az, _, dist = WGS84.inv(
        np.full(n, point.lon, dtype=float),
        np.full(n, point.lat, dtype=float),
        gazetteer.lons[city],
        gazetteer.lats[city],
    )
    dist = np.asarray(dist, dtype=float)
    bearing = to_bearing(np.asarray(az, dtype=float), dist)
    if done is not None:
        city = np.concatenate([done.city, city])
        dist = np.concatenate([done.distance_m, dist])
        bearing = np.concatenate([done.bearing_deg, bearing])
    order = distance_order(dist, city)
    return LaunchPairs(city[order], dist[order], bearing[order], threshold)


def distance_order(distance: np.ndarray, city: np.ndarray) -> np.ndarray:
    """The order of pairs by distance, ties by city row: ``np.lexsort((city, distance))``, 5x
    faster. numpy's default sort of float64 (SIMD quicksort: 1.4 ms for 95,000 distances, 8 ms
    for the stable merge sort) orders the distances; then only the runs of equal distances
    (places at the same coordinates) are put in row order."""
    order = np.argsort(distance)
    ranked = distance[order]
    tied = np.flatnonzero(ranked[1:] == ranked[:-1])
    if tied.size:  # (not np.union1d: it imports numpy.ma, 0.05-0.1 s of a command's start)
        runs = np.zeros(order.size, dtype=bool)
        runs[tied] = runs[tied + 1] = True
        at = np.flatnonzero(runs)  # whole runs of equal distances, ascending positions
        part = order[at]
        order[at] = part[np.lexsort((city[part], distance[part]))]
    return order


def _run(task: Callable[[int, int], None], edges: np.ndarray) -> None:
    """``task(edges[k], edges[k + 1])`` for every k, in the worker threads if more than one."""
    spans = list(itertools.pairwise(edges.tolist()))
    if len(spans) == 1:
        task(*spans[0])
        return
    for future in [_pool().submit(task, a, b) for a, b in spans]:
        future.result()


def inverse(
    lons1: np.ndarray, lats1: np.ndarray, city: np.ndarray, gazetteer: Gazetteer
) -> tuple[np.ndarray, np.ndarray]:
    """Karney's inverse solution from each (lon1, lat1) to each city row: (azimuths in degrees,
    distances in metres), solved in the worker threads when there are many."""
    n = city.size
    parts = WORKERS if n >= _PARALLEL_MIN_PAIRS else 1
    az = np.empty(n)
    dist = np.empty(n)
    lons2, lats2 = gazetteer.lons, gazetteer.lats

    def solve(a: int, b: int) -> None:
        c = city[a:b]
        az_ab, _, dist_ab = WGS84.inv(lons1[a:b], lats1[a:b], lons2[c], lats2[c])
        az[a:b] = az_ab
        dist[a:b] = dist_ab

    if n:
        _run(solve, np.linspace(0, n, parts + 1).round().astype(np.int64))
    return az, dist


def measure(
    lons1: np.ndarray, lats1: np.ndarray, city: np.ndarray, gazetteer: Gazetteer, bounds: np.ndarray
) -> Pairs:
    """Solve the inverse problem for every pair (``Geod.inv``) and sort each group by distance.

    pyproj releases the GIL while it solves, and numpy while it sorts and gathers, so both steps
    run in worker threads: the pairs cut in equal slices to solve, then the launch points' groups
    shared out by size to sort.
    """
    n = city.size
    parts = WORKERS if n >= _PARALLEL_MIN_PAIRS else 1
    az, dist = inverse(lons1, lats1, city, gazetteer)

    out_city = np.empty(n, dtype=np.int64)
    out_dist = np.empty(n)
    out_bearing = np.empty(n)

    def sort_groups(first: int, last: int) -> None:
        for lo, hi in itertools.pairwise(bounds[first : last + 1].tolist()):
            order = lo + distance_order(dist[lo:hi], city[lo:hi])
            out_city[lo:hi] = city[order]
            out_dist[lo:hi] = dist[order]
            out_bearing[lo:hi] = to_bearing(az[order], dist[order])

    # Group edges nearest to equal shares of the pairs.
    n_groups = bounds.size - 1
    shares = np.linspace(0, n, min(parts, n_groups) + 1)[1:-1]
    inner = np.abs(bounds[None, :] - shares[:, None]).argmin(axis=1)
    # (not np.unique: it imports numpy.ma, 0.05-0.1 s of the command line's start)
    _run(sort_groups, np.array(sorted({0, *inner.tolist(), n_groups}), dtype=np.int64))
    return Pairs(out_city, out_dist, out_bearing, bounds)


def measure_pairs(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int,
) -> Pairs:
    """Every pair of ``points`` and the cities (of at least ``min_population``) that the screen
    keeps for the longest range of ``systems``, measured and sorted (:func:`measure`)."""
    found = screen(points, systems, gazetteer, min_population)
    bounds = np.searchsorted(found.point, np.arange(len(points) + 1))
    lons1, lats1 = found.p_lons[found.point], found.p_lats[found.point]
    return measure(lons1, lats1, found.city, gazetteer, bounds)


@dataclass(frozen=True)
class Selection:
    """Which pairs are rows: positions into ``Pairs`` in output order, with the launch point and
    the system (input indexes) of each row, and each system's own positions (input order)."""

    positions: np.ndarray
    launch: np.ndarray
    system: np.ndarray
    per_system: list[np.ndarray]


def select(pairs: Pairs, systems: Sequence[System]) -> Selection:
    """The pairs each system reaches: a contiguous run of each point's distance-sorted group.

    A pair is in when ``1000 * min_range_km <= distance_m <= 1000 * max_range_km``; rows come
    by system id (ties: input order), then launch point, then distance.
    """
    bounds = pairs.bounds.tolist()
    by_id = sorted(range(len(systems)), key=lambda j: systems[j].id)
    per_system = [np.empty(0, dtype=np.int64) for _ in systems]
    launch: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    system: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    for j in by_id:
        lower, upper = 1e3 * systems[j].min_range_km, 1e3 * systems[j].max_range_km
        runs = []
        for i, (lo, hi) in enumerate(itertools.pairwise(bounds)):
            group = pairs.distance_m[lo:hi]
            first = lo + int(np.searchsorted(group, lower, side="left"))
            last = lo + int(np.searchsorted(group, upper, side="right"))
            runs.append(np.arange(first, last, dtype=np.int64))
            launch.append(np.full(last - first, i, dtype=np.int64))
            system.append(np.full(last - first, j, dtype=np.int64))
        if runs:
            per_system[j] = np.concatenate(runs)
    ordered = [per_system[j] for j in by_id]
    return Selection(
        positions=np.concatenate(ordered) if ordered else np.empty(0, dtype=np.int64),
        launch=np.concatenate(launch),
        system=np.concatenate(system),
        per_system=per_system,
    )
