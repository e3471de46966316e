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

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.normalbounds import (  # one implementation, shared with ranges.targets
    ANGLE_SLACK,
    BOUND_SLACK_M,
    M_MIN_M,
    R_MAX_M,
    angle_at_least,
    angle_at_least_many,
    angle_at_most,
    cos_of,
    dots,
    screen_threshold,
    unit_normals,
    upper_m,
)
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
