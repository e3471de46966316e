"""Which cities a system reaches from a launch area (docs/INTERFACES.md section 4).

For an area the distance of a city is the geodesic distance on WGS-84 to the nearest point of
the area (0 inside it) and the bearing is the initial bearing from that nearest point toward the
city (NaN inside): :meth:`ranges.geometry.areadistance.AreaModel.nearest`. The cities that cannot
be in range are skipped with the bound of :mod:`ranges.geometry.screening`: along any curve the
ellipsoid's normal turns at most at ``1 / M_MIN_M``, so a city whose normal is more than
``max_range / M_MIN_M`` radians beyond the area's bounding cap (the cap round the mean normal of
its boundary that holds every boundary vertex, and with them the area's polygons, which are
smaller than a hemisphere) is out of range.

:func:`area_pairs` gives the (area, city) pairs as :class:`ranges.reach.pairs.Pairs` holds the
pairs of launch points (grouped by area, sorted by distance), so that the tables of the per-pair
table and the union table take both (:func:`joined_pairs`, :func:`with_area_nearest`).
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.areadistance import bearing_deg
from ranges.geometry.areas import LaunchArea, area_model
from ranges.geometry.screening import M_MIN_M, gazetteer_normals
from ranges.places.gazetteer import Gazetteer
from ranges.reach.nearest import Nearest
from ranges.reach.pairs import Pairs

__all__ = [
    "AreaPairs",
    "area_pairs",
    "area_table",
    "area_targets",
    "joined_pairs",
    "with_area_nearest",
]

_SLACK_RAD = 1e-6


@dataclass(frozen=True)
class AreaPairs:
    """(area, city) pairs within the longest range: ``bounds[i]:bounds[i + 1]`` for area ``i``,
    sorted by distance within a group (ties by city row); ``city`` gazetteer rows,
    ``distance_m`` metres, ``bearing_deg`` degrees in [0, 360) (NaN inside the area)."""

    city: np.ndarray
    distance_m: np.ndarray
    bearing_deg: np.ndarray
    bounds: np.ndarray


def _cap(area: LaunchArea) -> tuple[np.ndarray, float]:
    """The mean normal of the area's vertices and the largest angle (radians) from it to one."""
    model = area_model(area)
    mean = model.normals.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    if norm < 1e-9:
        return np.array([0.0, 0.0, 1.0]), math.pi
    centre = mean / norm
    angle = float(np.arccos(np.clip(model.normals @ centre, -1.0, 1.0)).max())
    return centre, angle


_CACHE: weakref.WeakKeyDictionary[Gazetteer, dict[tuple, AreaPairs]] = weakref.WeakKeyDictionary()
_CACHE_SIZE = 4
_CACHE_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget the kept results (for benchmarks)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def area_pairs(
    areas: Sequence[LaunchArea],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int = 0,
) -> AreaPairs:
    """Every (area, city) pair with the city within the longest range of ``systems``.

    The last few results are kept (``compute_reach``'s tables and its rows ask twice)."""
    max_km = max((s.max_range_km for s in systems), default=0.0)
    key = (tuple(a.shape_key for a in areas), max_km, min_population)
    with _CACHE_LOCK:
        hit = _CACHE.get(gazetteer, {}).get(key)
    if hit is not None:
        return hit
    pairs = _area_pairs(areas, systems, gazetteer, min_population)
    with _CACHE_LOCK:
        kept = _CACHE.setdefault(gazetteer, {})
        if len(kept) >= _CACHE_SIZE:
            kept.pop(next(iter(kept)))
        kept[key] = pairs
    return pairs


def _area_pairs(
    areas: Sequence[LaunchArea],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int,
) -> AreaPairs:
    empty_i = np.empty(0, dtype=np.int64)
    if not areas or not systems or len(gazetteer) == 0:
        return AreaPairs(empty_i, np.empty(0), np.empty(0), np.zeros(len(areas) + 1, np.int64))
    max_km = max(s.max_range_km for s in systems)
    groups = [area_table(area, max_km, gazetteer, min_population) for area in areas]
    return AreaPairs(
        np.concatenate([g.city for g in groups]),
        np.concatenate([g.distance_m for g in groups]),
        np.concatenate([g.bearing_deg for g in groups]),
        np.concatenate([[0], np.cumsum([g.city.size for g in groups])]).astype(np.int64),
    )


def area_table(
    area: LaunchArea, max_range_km: float, gazetteer: Gazetteer, min_population: int = 0
) -> AreaPairs:
    """One area's pairs with the cities (of at least ``min_population`` people) within
    ``max_range_km`` (km) of it: one group, sorted by distance (ties by city row)."""
    normals = gazetteer_normals(gazetteer)  # (3, n)
    rows = None
    if min_population > 0:
        rows = np.flatnonzero(gazetteer.populations >= min_population)
        normals = normals[:, rows]
    max_m = 1e3 * max_range_km
    centre, cap = _cap(area)
    limit = cap + max_m / M_MIN_M + _SLACK_RAD
    cos_limit = math.cos(limit) if limit < math.pi else -2.0
    dots = centre[0] * normals[0] + centre[1] * normals[1] + centre[2] * normals[2]
    found = np.flatnonzero(dots >= cos_limit)
    city = rows[found] if rows is not None else found
    d, az = measure(area, city, gazetteer)
    keep = d <= max_m
    city, d, az = city[keep], d[keep], az[keep]
    order = np.lexsort((city, d))
    return AreaPairs(city[order], d[order], az[order], np.array([0, order.size], dtype=np.int64))


def measure(
    area: LaunchArea, city: np.ndarray, gazetteer: Gazetteer
) -> tuple[np.ndarray, np.ndarray]:
    """Distances (m) and bearings (degrees, NaN inside) from the area to gazetteer rows."""
    model = area_model(area)
    d, az, _, _ = model.nearest(gazetteer.lats[city], gazetteer.lons[city])
    bearing = bearing_deg(az)
    bearing[d == 0.0] = np.nan
    return d, bearing


def area_targets(
    target_lat: float, target_lon: float, areas: Sequence[LaunchArea]
) -> tuple[np.ndarray, np.ndarray]:
    """Distance (m) from each area to one target and the bearing from the area's nearest point
    toward it (NaN when the target is inside): for the reverse question."""
    d = np.empty(len(areas))
    b = np.empty(len(areas))
    for i, area in enumerate(areas):
        dist, az, _, _ = area_model(area).nearest(np.array([target_lat]), np.array([target_lon]))
        d[i] = dist[0]
        b[i] = np.nan if dist[0] == 0.0 else bearing_deg(az)[0]
    return d, b


def joined_pairs(
    pairs: Pairs,
    areas: Sequence[LaunchArea],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int,
) -> Pairs:
    """The pairs of the launch points followed by the areas' (one group each)."""
    extra = area_pairs(areas, systems, gazetteer, min_population)
    return Pairs(
        np.concatenate([pairs.city, extra.city]),
        np.concatenate([pairs.distance_m, extra.distance_m]),
        np.concatenate([pairs.bearing_deg, extra.bearing_deg]),
        np.concatenate([pairs.bounds, pairs.bounds[-1] + extra.bounds[1:]]),
    )


def with_area_nearest(
    nearest: Nearest,
    n_points: int,
    areas: Sequence[LaunchArea],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int,
) -> Nearest:
    """The per-city result of the launch points (:class:`ranges.reach.nearest.Nearest`) with the
    areas added: a city is reached by a system if it is from a point or an area, and its nearest
    reaching launch is the nearer (ties: the first, points before areas). Areas count after the
    points."""
    extra = area_pairs(areas, systems, gazetteer, min_population)
    reached = nearest.reached.copy()
    group = np.repeat(np.arange(len(areas)), np.diff(extra.bounds))
    any_reach = np.zeros(extra.city.size, dtype=bool)
    for j, s in enumerate(systems):
        d = extra.distance_m
        own = (d >= 1e3 * s.min_range_km) & (d <= 1e3 * s.max_range_km)
        reached[j, extra.city[own]] = True
        any_reach |= own
    # Candidates: the points' nearest rows, then the areas' reaching pairs; least distance wins.
    city = np.concatenate([nearest.rows, extra.city[any_reach]])
    launch = np.concatenate([nearest.point, n_points + group[any_reach]])
    dist = np.concatenate([nearest.distance_m, extra.distance_m[any_reach]])
    bearing = np.concatenate([nearest.bearing_deg, extra.bearing_deg[any_reach]])
    order = np.lexsort((launch, dist, city))
    city, launch, dist, bearing = city[order], launch[order], dist[order], bearing[order]
    first = np.r_[True, city[1:] != city[:-1]] if city.size else np.empty(0, dtype=bool)
    return Nearest(
        reached=reached,
        rows=city[first],
        point=launch[first],
        distance_m=dist[first],
        bearing_deg=bearing[first],
    )
