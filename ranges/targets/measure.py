"""For every (target, system): the launch that reaches it, how far, which way, and by how much.

The contract (docs/INTERFACES.md section 9): for each target and system, ``launch`` is the
launch point or area that reaches the target (``min_range_km <= distance <= max_range_km``) at
the smallest distance, or, where none reaches it, the nearest one; ``distance`` the geodesic
distance on WGS-84 from it (0 inside an area), ``bearing`` the initial bearing from it (from the
area's nearest point; NaN at distance 0), ``margin_km = max_range_km - distance_km``,
``in_range`` whether some launch reaches it. Ties go to the first launch: points in the order
given, then areas.

Exactness: every reported distance and bearing is Karney's inverse solution (``Geod.inv``, 15
nm) from the chosen launch point, or from the nearest point of an area
(:meth:`ranges.geometry.areadistance.AreaModel.nearest`, its accuracy written there).

Screening, with the reach table's bounds and code (:mod:`ranges.geometry.screening`: along any
curve on the ellipsoid the normal turns at least at ``1 / R_MAX`` and at most at ``1 / M_MIN``,
so a pair whose unit normals are ``theta`` radians apart is between ``M_MIN * theta`` and
``R_MAX * theta`` apart, 1 % wide, from one dot product). Per target the point whose normal is
nearest is solved first; then only the points whose lower bound does not exceed that exact
distance can be nearer. Those are screened again with a tighter lower bound, the larger of two
theorems: the straight line (the chord between the two points of the surface) is the shortest
curve, and the nearest-point map onto the ball of radius ``b`` (the polar semi-axis, inside
the ellipsoid) is 1-Lipschitz, so the geodesic is at least ``b`` times the geocentric angle
between its ends (0.3 % short at worst, against 1 %). Every airfield (64,115) from the bench's
20 points then costs 75,000 inverse problems (98,000 with the first bound alone, 1.28 million
without any). With a minimum range (an annulus) the nearest point may be too close: the pairs
whose interval meets ``[min, max]`` are solved exactly too.

Speed: ``Geod.inv`` and numpy release the GIL, so the targets are measured in blocks on a few
threads (every step, not only the inverse problems).
Units: degrees, metres inside, kilometres in the results' ``*_km``.
"""

from __future__ import annotations

import math
import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.areadistance import bearing_deg
from ranges.geometry.areas import LaunchArea, area_model
from ranges.geometry.geodesy import WGS84
from ranges.geometry.screening import (
    BOUND_SLACK_M,
    M_MIN_M,
    R_MAX_M,
    angle_at_least_many,
    dots,
    unit_normals,
)
from ranges.places.points import LaunchPoint
from ranges.targets.model import TargetList

__all__ = [
    "B_M",
    "M_MIN_M",
    "R_MAX_M",
    "SystemMeasure",
    "TargetMeasures",
    "launch_labels",
    "lower_bound_m",
    "measure_targets",
    "nearest_distances",
]

B_M = WGS84.a * math.sqrt(1.0 - WGS84.es)
"""The polar semi-axis (metres): the ball of this radius lies inside the ellipsoid."""
_BLOCK = 8_192  # targets measured at once in one thread (a few MB of (points, targets))
_WORKERS = max(1, min(4, os.cpu_count() or 1))
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="targets")
        return _POOL


def _solve(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(distance m, azimuth deg at 1) of each pair, by ``Geod.inv`` (in the calling thread: the
    targets' blocks run side by side, :func:`_measure_points`)."""
    az, _, d = WGS84.inv(lon1, lat1, lon2, lat2)
    return np.asarray(d, dtype=float), np.asarray(az, dtype=float)


@dataclass(frozen=True)
class SystemMeasure:
    """One system's measures of every target (arrays in the targets' order).

    ``launch``: index of the chosen launch (points first, then areas); ``distance_m``: metres
    from it; ``bearing_deg``: degrees in [0, 360) from it, NaN at distance 0; ``in_range``:
    whether some launch reaches the target; ``margin_km``: ``max_range_km - distance`` in km.
    """

    system: System
    launch: np.ndarray
    distance_m: np.ndarray
    bearing_deg: np.ndarray
    in_range: np.ndarray

    @property
    def margin_km(self) -> np.ndarray:
        return self.system.max_range_km - self.distance_m / 1e3

    @property
    def count(self) -> int:
        """How many targets are in range."""
        return int(np.count_nonzero(self.in_range))


@dataclass(frozen=True)
class TargetMeasures:
    """The measures of a target list against systems from launch points and areas.

    ``systems``: one :class:`SystemMeasure` each, in the order given; ``labels``: the launches'
    labels (points, then areas); ``nearest_m``: each target's distance to the nearest launch
    whatever the system (metres), for growth curves; ``point_inverses``: how many (launch
    point, target) inverse problems were solved (the screens' work, for the bench and docs).
    """

    targets: TargetList
    systems: tuple[SystemMeasure, ...]
    labels: tuple[str, ...]
    nearest_m: np.ndarray
    point_inverses: int = 0


def launch_labels(points: Sequence[LaunchPoint], areas: Sequence[LaunchArea]) -> tuple[str, ...]:
    """The launches' labels: points in order, then areas."""
    return tuple(p.label for p in points) + tuple(a.label for a in areas)


@dataclass(frozen=True)
class _Nearest:
    """Per target: the nearest launch point's index, distance (m) and azimuth (deg);
    ``solved``: the inverse problems solved to find them."""

    index: np.ndarray
    distance_m: np.ndarray
    azimuth: np.ndarray
    solved: int


@dataclass(frozen=True)
class _Launches:
    """The launch points' coordinates (degrees), their unit normals (3, points) and their
    points of the surface (3, points, metres, Earth-centred)."""

    lats: np.ndarray
    lons: np.ndarray
    normals: np.ndarray
    surface: np.ndarray


def _launches(points: Sequence[LaunchPoint]) -> _Launches:
    lats = np.array([p.lat for p in points], dtype=float)
    lons = np.array([p.lon for p in points], dtype=float)
    normals = unit_normals(lats, lons)
    return _Launches(lats, lons, normals, _surface(normals))


def _surface(normals: np.ndarray) -> np.ndarray:
    """The points of the ellipsoid's surface (3, n, metres, Earth-centred) whose unit normals
    are ``normals`` (3, n)."""
    w = WGS84.a / np.sqrt(1.0 - WGS84.es * normals[2] ** 2)
    out = normals * w
    out[2] *= 1.0 - WGS84.es
    return out


def _pairs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(point, target) indexes of a (points, targets) mask's true cells, by point: flat
    indexes cut by a division (``np.nonzero`` of the 2-D mask walks a multi-index, slower)."""
    flat = np.flatnonzero(mask)
    return np.divmod(flat, mask.shape[1])


def lower_bound_m(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """A lower bound (metres) of the geodesic distance between points of the surface ``p`` and
    ``q`` (3, n, metres, Earth-centred), the larger of two theorems: the chord (a straight line
    is shortest) and ``B_M`` times the geocentric angle (the nearest-point map onto the ball of
    radius ``B_M``, inside the ellipsoid, shortens no curve, and on its sphere a curve between
    two points is at least the great circle's arc). The angle by ``atan2`` of the cross and dot
    products, exact near 0 where ``arccos`` is not; rounding (centimetres) is left to the
    caller's slack."""
    chord = np.sqrt(((p - q) ** 2).sum(axis=0))
    cx = p[1] * q[2] - p[2] * q[1]
    cy = p[2] * q[0] - p[0] * q[2]
    cz = p[0] * q[1] - p[1] * q[0]
    angle = np.arctan2(np.sqrt(cx * cx + cy * cy + cz * cz), (p * q).sum(axis=0))
    return np.maximum(chord, B_M * angle)


def _nearest_points(
    launches: _Launches,
    cos: np.ndarray,
    lats: np.ndarray,
    lons: np.ndarray,
    t_surface: np.ndarray,
) -> _Nearest:
    """The nearest launch point of each target, solved exactly for the candidates only: first
    the point whose normal is nearest (one inverse problem a target), then every other point
    whose lower bounds (the normals' angle's, then :func:`lower_bound_m`) do not exceed that
    exact distance. ``cos``: the (points, targets) cosines between the normals. Of equal
    distances the earlier point is taken."""
    n = cos.shape[1]
    columns = np.arange(n)
    first = np.argmax(cos, axis=0)
    dist, azimuth = _solve(launches.lats[first], launches.lons[first], lats, lons)
    # Another point may be nearer only if its lower bounds are within the distance found.
    limit = angle_at_least_many(dist + BOUND_SLACK_M)
    cos_limit = np.where(limit < math.pi, np.cos(np.minimum(limit, math.pi)), -2.0)
    candidate = cos >= cos_limit
    candidate[first, columns] = False
    pi, ti = _pairs(candidate)
    if pi.size:
        lower = lower_bound_m(launches.surface[:, pi], t_surface[:, ti])
        keep = lower <= dist[ti] + 2.0 * BOUND_SLACK_M
        pi, ti = pi[keep], ti[keep]
    if pi.size == 0:
        return _Nearest(first, dist, azimuth, n)
    d, az = _solve(launches.lats[pi], launches.lons[pi], lats[ti], lons[ti])
    # Those nearer than the first point (or as near and earlier), the least of them per target
    # (ties by point): sorted by target, distance, point, the first of each target's run.
    better = (d < dist[ti]) | ((d == dist[ti]) & (pi < first[ti]))
    pi, ti, d, az = pi[better], ti[better], d[better], az[better]
    order = np.lexsort((pi, d, ti))
    head = np.ones(order.size, dtype=bool)
    head[1:] = ti[order][1:] != ti[order][:-1]
    win = order[head]
    index = first.copy()
    dist = dist.copy()
    azimuth = azimuth.copy()
    index[ti[win]] = pi[win]
    dist[ti[win]] = d[win]
    azimuth[ti[win]] = az[win]
    return _Nearest(index, dist, azimuth, n + int(better.size))


def _reaching_points(
    system: System, launches: _Launches, cos: np.ndarray, lats: np.ndarray, lons: np.ndarray
) -> _Nearest:
    """For a system with a minimum range: per target the nearest point that reaches it
    (index -1 and distance inf where none does)."""
    n = cos.shape[1]
    lo_m, hi_m = 1e3 * system.min_range_km, 1e3 * system.max_range_km
    # The pair's interval [M_MIN theta, R_MAX theta] (with slack) meets [lo, hi].
    theta_hi = (hi_m + BOUND_SLACK_M) / M_MIN_M
    theta_lo = max(0.0, (lo_m - BOUND_SLACK_M) / R_MAX_M)
    maybe = cos >= (math.cos(theta_hi) if theta_hi < math.pi else -2.0)
    if theta_lo > 0.0:
        maybe &= cos <= math.cos(theta_lo)
    pi, ti = _pairs(maybe)
    d, az = _solve(launches.lats[pi], launches.lons[pi], lats[ti], lons[ti])
    ok = (d >= lo_m) & (d <= hi_m)
    pi, ti, d, az = pi[ok], ti[ok], d[ok], az[ok]
    index = np.full(n, -1, dtype=np.int64)
    dist = np.full(n, np.inf)
    azimuth = np.full(n, np.nan)
    if pi.size:
        order = np.lexsort((pi, d, ti))  # per target the nearest, ties by point
        head = np.ones(order.size, dtype=bool)
        head[1:] = ti[order][1:] != ti[order][:-1]
        win = order[head]
        index[ti[win]] = pi[win]
        dist[ti[win]] = d[win]
        azimuth[ti[win]] = az[win]
    return _Nearest(index, dist, azimuth, int(d.size))


@dataclass(frozen=True)
class _PointMeasures:
    """The launch points' part of the measures: ``near``, each target's nearest point, and
    per system with a minimum range its nearest point that reaches it (None for the others)."""

    near: _Nearest
    reaching: tuple[_Nearest | None, ...]


def _measure_block(
    launches: _Launches, systems: Sequence[System], lats: np.ndarray, lons: np.ndarray
) -> _PointMeasures:
    t_normals = unit_normals(lats, lons)
    cos = dots(launches.normals, t_normals)
    near = _nearest_points(launches, cos, lats, lons, _surface(t_normals))
    reaching = tuple(
        _reaching_points(s, launches, cos, lats, lons) if s.min_range_km > 0.0 else None
        for s in systems
    )
    return _PointMeasures(near, reaching)


def _joined(parts: Sequence[_Nearest]) -> _Nearest:
    return _Nearest(
        np.concatenate([p.index for p in parts]),
        np.concatenate([p.distance_m for p in parts]),
        np.concatenate([p.azimuth for p in parts]),
        sum(p.solved for p in parts),
    )


def _measure_points(
    points: Sequence[LaunchPoint], systems: Sequence[System], lats: np.ndarray, lons: np.ndarray
) -> _PointMeasures:
    """The points' part of the measures, the targets cut in blocks of ``_BLOCK`` measured side
    by side in the worker threads: every step (normals, the screens, ``Geod.inv``, the
    per-target minima) runs in numpy or pyproj without the GIL, so all of it, not only the
    inverse problems, shares the cores."""
    launches = _launches(points)
    n = lats.size

    def block(a: int) -> _PointMeasures:
        return _measure_block(launches, systems, lats[a : a + _BLOCK], lons[a : a + _BLOCK])

    starts = range(0, n, _BLOCK)
    parts = list(_pool().map(block, starts)) if n > _BLOCK else [block(a) for a in starts]
    if len(parts) == 1:
        return parts[0]
    reaching = tuple(
        None if parts[0].reaching[j] is None else _joined([p.reaching[j] for p in parts])
        for j in range(len(systems))
    )
    return _PointMeasures(_joined([p.near for p in parts]), reaching)


def _area_distances(
    areas: Sequence[LaunchArea], lats: np.ndarray, lons: np.ndarray
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per area: (distance m, bearing deg in [0, 360) or NaN inside) to every target."""
    out = []
    for area in areas:
        d, az, _, _ = area_model(area).nearest(lats, lons)
        bearing = bearing_deg(az)
        bearing[d == 0.0] = np.nan
        out.append((np.asarray(d, dtype=float), bearing))
    return out


def nearest_distances(measures: TargetMeasures) -> np.ndarray:
    """Each target's distance (km) to its nearest launch, sorted: the growth curve's x values
    (a system of range r with no minimum reaches ``searchsorted(..., r, 'right')`` targets)."""
    return np.sort(measures.nearest_m) / 1e3


def measure_targets(
    targets: TargetList,
    systems: Sequence[System],
    points: Sequence[LaunchPoint] = (),
    areas: Sequence[LaunchArea] = (),
) -> TargetMeasures:
    """The measures of every (target, system) from ``points`` and ``areas`` (module docstring).

    With no launch at all every target is out of range at an infinite distance (NaN bearing,
    launch -1)."""
    lats = np.asarray(targets.lats, dtype=np.float64)
    lons = np.asarray(targets.lons, dtype=np.float64)
    n = lats.size
    labels = launch_labels(points, areas)
    n_points = len(points)
    # Candidates of each launch, stacked: row 0 the nearest point, then one row per area.
    cand_d: list[np.ndarray] = []
    cand_b: list[np.ndarray] = []
    cand_i: list[np.ndarray] = []
    measured = None
    solved = 0
    if points and n:
        measured = _measure_points(points, systems, lats, lons)
        near = measured.near
        solved += near.solved
        cand_d.append(near.distance_m)
        cand_b.append(bearing_deg(near.azimuth))
        cand_i.append(near.index)
    area_measures = _area_distances(areas, lats, lons) if n else []
    for k, (d, b) in enumerate(area_measures):
        cand_d.append(d)
        cand_b.append(b)
        cand_i.append(np.full(n, n_points + k, dtype=np.int64))
    if cand_d:
        stack_d = np.vstack(cand_d)
        which = np.argmin(stack_d, axis=0)  # the first of equal minima: points before areas
        columns = np.arange(n)
        near_d = stack_d[which, columns]
        near_b = np.vstack(cand_b)[which, columns]
        near_i = np.vstack(cand_i)[which, columns]
    else:
        near_d = np.full(n, np.inf)
        near_b = np.full(n, np.nan)
        near_i = np.full(n, -1, dtype=np.int64)
    near_b = np.where(near_d == 0.0, np.nan, near_b)
    out = []
    for j, system in enumerate(systems):
        hi_m = 1e3 * system.max_range_km
        lo_m = 1e3 * system.min_range_km
        if lo_m <= 0.0:
            # The nearest launch reaches the target if any does.
            reach = near_d <= hi_m
            out.append(SystemMeasure(system, near_i, near_d, near_b, reach))
            continue
        best_d = np.full(n, np.inf)
        best_b = np.full(n, np.nan)
        best_i = np.full(n, -1, dtype=np.int64)
        r = None if measured is None else measured.reaching[j]
        if r is not None:
            solved += r.solved
            best_d, best_i, best_b = r.distance_m, r.index, bearing_deg(r.azimuth)
        for k, (d, b) in enumerate(area_measures):
            ok = (d >= lo_m) & (d <= hi_m) & (d < best_d)
            best_d = np.where(ok, d, best_d)
            best_b = np.where(ok, b, best_b)
            best_i = np.where(ok, n_points + k, best_i)
        reach = np.isfinite(best_d)
        dist = np.where(reach, best_d, near_d)
        bearing = np.where(reach, best_b, near_b)
        bearing = np.where(dist == 0.0, np.nan, bearing)
        out.append(SystemMeasure(system, np.where(reach, best_i, near_i), dist, bearing, reach))
    return TargetMeasures(targets, tuple(out), labels, near_d, solved)
