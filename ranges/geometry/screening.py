"""Screening: which (launch point, city) pairs can possibly be in range, from one dot product.

Nothing spherical enters a result: a sphere is only used to skip cities that cannot possibly be
in range, with a bound that is a theorem rather than an estimate. Along any curve on the
ellipsoid the surface normal turns at most at the largest principal curvature, ``1 / M_min``
with ``M_min = a (1 - e^2)`` (the meridian radius of curvature at the equator, 6,335.4 km). So
the angle between the normals (the unit vectors of the *geodetic* latitude and longitude) at two
points is at most ``distance / M_min``: cities whose normals are further apart than
``max_range / M_min`` are out of range, and all others are measured exactly.

Bounds. The same reasoning bounds the distance from above: the normals turn at least at the
smallest principal curvature, ``1 / R_MAX`` with ``R_MAX = a^2 / b`` (the radius of curvature at
the poles, 6,399.6 km), so the curve whose normals follow the great circle between two points'
normals is at most ``R_MAX * angle`` long and the geodesic is no longer. Every candidate pair
thus has a distance interval 1 % wide from one dot product (:func:`upper_m`,
:func:`angle_at_least`, :func:`angle_at_most`).

Units: degrees for latitudes and longitudes, radians for angles between normals, metres for
the bounds (``M_MIN_M``, ``R_MAX_M``), kilometres for ranges.
"""

from __future__ import annotations

import math
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.geodesy import WGS84
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint

__all__ = [
    "ANGLE_SLACK",
    "BOUND_SLACK_M",
    "M_MIN_M",
    "R_MAX_M",
    "Candidates",
    "CityNormals",
    "angle_at_least",
    "angle_at_least_many",
    "angle_at_most",
    "check_min_population",
    "city_normals",
    "cos_of",
    "dots",
    "gazetteer_normals",
    "screen",
    "screen_threshold",
    "unit_normals",
    "upper_m",
]

# Largest principal curvature of the ellipsoid is 1 / M_min (see the module docstring).
M_MIN_M = WGS84.a * (1.0 - WGS84.es)
# Largest radius of curvature, at the poles (a^2 / b): the normals turn at least at 1 / R_MAX_M
# along any curve, so the curve whose normals follow the great circle between two points' normals
# is at most R_MAX_M * angle long, and the geodesic is no longer than it (module docstring).
R_MAX_M = WGS84.a / math.sqrt(1.0 - WGS84.es)
# Metres added to both distance bounds: far above the error of the angle from a rounded cosine
# (0.2 m at worst, near angle 0) and of Geod.inv (15 nm), far below any range.
BOUND_SLACK_M = 1.0
# Slack on the angle bound and on the cosine, far above rounding and far below any real margin.
ANGLE_SLACK = 1e-9
_COS_SLACK = 1e-12
# Launch points screened at once (memory: 8 bytes x this x cities).
_POINTS_PER_BLOCK = 64

_NORMALS_CACHE: weakref.WeakKeyDictionary[Gazetteer, np.ndarray] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def check_min_population(min_population: int) -> None:
    """Raise ``TypeError`` / ``ValueError`` unless ``min_population`` is an integer >= 0."""
    if isinstance(min_population, bool) or not isinstance(min_population, int | np.integer):
        raise TypeError(f"min_population must be an integer, not {type(min_population).__name__}")
    if min_population < 0:
        raise ValueError(f"min_population must be >= 0 (got {min_population})")


def unit_normals(lats_deg: np.ndarray, lons_deg: np.ndarray) -> np.ndarray:
    """(3, n) unit vectors normal to the ellipsoid at geodetic latitudes/longitudes (degrees)."""
    lat = np.radians(np.asarray(lats_deg, dtype=float))
    lon = np.radians(np.asarray(lons_deg, dtype=float))
    cos_lat = np.cos(lat)
    return np.vstack([cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)])


def dots(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(m, n) dot products of (3, m) and (3, n) vectors, without BLAS.

    A BLAS matrix product would be no faster here, and its worker threads keep spinning after it
    returns, taking a core from the threads of ``Geod.inv`` that follow (30 ms lost on 2 cores).
    """
    out = a[0][:, None] * b[0]
    out += a[1][:, None] * b[1]
    out += a[2][:, None] * b[2]
    return out


def gazetteer_normals(gazetteer: Gazetteer) -> np.ndarray:
    """The cities' unit normals, (3, cities), made once per gazetteer (then cached; a screen
    needs only these, not the string tables of ``ranges.reach.columns``)."""
    with _CACHE_LOCK:
        cached = _NORMALS_CACHE.get(gazetteer)
    if cached is None:
        cached = unit_normals(gazetteer.lats, gazetteer.lons)
        with _CACHE_LOCK:
            _NORMALS_CACHE[gazetteer] = cached
    return cached


def screen_threshold(max_range_km: float) -> float:
    """The least cosine of the angle between the normals of a launch point and a city that may
    be within ``max_range_km`` of each other (the module's bound, with its slack): pairs with a
    smaller cosine are out of range for sure."""
    angle = 1e3 * max_range_km / M_MIN_M * (1.0 + ANGLE_SLACK)
    return math.cos(angle) - _COS_SLACK if angle < math.pi else -math.inf


@dataclass(frozen=True)
class CityNormals:
    """The cities a reach considers, to screen launch points against: ``rows`` (gazetteer
    rows, ascending: every city, or those of at least ``min_population`` people) and their unit
    normals (3, rows)."""

    rows: np.ndarray
    normals: np.ndarray

    def cosines(self, point: LaunchPoint) -> np.ndarray:
        """Per city, the cosine of the angle between its normal and ``point``'s, to screen with
        :func:`screen_threshold`: :func:`dots` for one point, in place (one launch point at a
        time, a few MB, instead of a (points, cities) matrix)."""
        p = unit_normals(np.array([point.lat]), np.array([point.lon]))[:, 0]
        out = p[0] * self.normals[0]
        term = np.multiply(p[1], self.normals[1])
        out += term
        out += np.multiply(p[2], self.normals[2], out=term)
        return out


def city_normals(gazetteer: Gazetteer, *, min_population: int = 0) -> CityNormals:
    """The :class:`CityNormals` of ``gazetteer``'s cities of at least ``min_population``."""
    check_min_population(min_population)
    normals = gazetteer_normals(gazetteer)
    rows = np.arange(len(gazetteer))
    if min_population > 0:
        rows = np.flatnonzero(gazetteer.populations >= min_population)
        normals = normals[:, rows]
    return CityNormals(rows, normals)


@dataclass(frozen=True)
class Candidates:
    """(launch point, city) pairs that may be in range: ``point`` input indexes (ascending),
    ``city`` gazetteer rows, ``cos_angle`` the cosine of the angle between their normals;
    ``p_lats`` and ``p_lons`` the launch points' coordinates (degrees)."""

    point: np.ndarray
    city: np.ndarray
    cos_angle: np.ndarray
    p_lats: np.ndarray
    p_lons: np.ndarray


def screen(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int,
) -> Candidates:
    """The pairs whose normals are close enough for the longest range (the module's bound)."""
    n_points = len(points)
    p_lats = np.array([p.lat for p in points], dtype=float)
    p_lons = np.array([p.lon for p in points], dtype=float)
    if n_points == 0 or not systems or len(gazetteer) == 0:
        empty = np.empty(0, dtype=np.int64)
        return Candidates(empty, empty, np.empty(0), p_lats, p_lons)
    rows = None
    normals = gazetteer_normals(gazetteer)
    if min_population > 0:
        rows = np.flatnonzero(gazetteer.populations >= min_population)
        normals = normals[:, rows]
    threshold = screen_threshold(max(s.max_range_km for s in systems))
    p_normals = unit_normals(p_lats, p_lons)
    found = []
    for start in range(0, n_points, _POINTS_PER_BLOCK):
        # Flat indexes, cut into (point, city) by a division: ``np.nonzero`` of the 2-D mask
        # and the gather ``dots[p, c]`` walk a multi-index per element, 10-20x slower.
        products = dots(p_normals[:, start : start + _POINTS_PER_BLOCK], normals).ravel()
        flat = np.flatnonzero(products >= threshold)
        p_block, c_block = np.divmod(flat, normals.shape[1])
        found.append((p_block + start, c_block, products[flat]))
    point = np.concatenate([f[0] for f in found])
    city = np.concatenate([f[1] for f in found])
    if rows is not None:
        city = rows[city]
    return Candidates(point, city, np.concatenate([f[2] for f in found]), p_lats, p_lons)


# Each test on the bounds is a test on the angle, done on its cosine (no arccos per pair):
# lower >= x  <=>  angle >= angle_at_least(x); upper <= x  <=>  angle <= angle_at_most(x).


def upper_m(angle: np.ndarray) -> np.ndarray:
    """Upper bound of the geodesic distance (m) between points whose normals are ``angle``
    radians apart."""
    return R_MAX_M * angle * (1.0 + ANGLE_SLACK) + BOUND_SLACK_M


def angle_at_least(distance_m: float) -> float:
    """The angle (radians) above which the lower distance bound is at least ``distance_m``."""
    return (distance_m + BOUND_SLACK_M) / (M_MIN_M * (1.0 - ANGLE_SLACK))


def angle_at_least_many(distance_m: np.ndarray) -> np.ndarray:
    """:func:`angle_at_least` for many distances: within it, the lower bound is below them."""
    return (distance_m + BOUND_SLACK_M) / (M_MIN_M * (1.0 - ANGLE_SLACK))


def angle_at_most(distance_m: float) -> float:
    """The angle (radians) below which the upper distance bound is at most ``distance_m``."""
    return (distance_m - BOUND_SLACK_M) / (R_MAX_M * (1.0 + ANGLE_SLACK))


def cos_of(angle: float) -> float:
    """cos of an angle clipped to [0, pi] (cos is decreasing there: angle tests become cosine
    tests with the comparison turned round). The rounding of the normals' dot products is
    covered by ``BOUND_SLACK_M``."""
    return math.cos(min(max(angle, 0.0), math.pi))
