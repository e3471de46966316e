"""Bounds of the geodesic distance on WGS-84 from the angle between two points' unit normals.

Along any curve on the ellipsoid the surface normal turns at most at the largest principal
curvature, ``1 / M_MIN`` with ``M_MIN = a (1 - e^2)``, and at least at the smallest, ``1 /
R_MAX`` with ``R_MAX = a^2 / b``: two points whose normals are ``theta`` radians apart are
between ``M_MIN * theta`` and ``R_MAX * theta`` apart (1 % wide), from one dot product, a
theorem rather than an estimate (the reasoning in full: :mod:`ranges.reach.screening`). The
reach table (:mod:`ranges.reach.screening`) and the targets' measures
(:mod:`ranges.targets.measure`) screen with these, one implementation below both.

Units: degrees for latitudes and longitudes, radians for angles between normals, metres for
the bounds (``M_MIN_M``, ``R_MAX_M``), kilometres for ranges.
"""

from __future__ import annotations

import math

import numpy as np

from ranges.geometry.geodesy import WGS84

__all__ = [
    "ANGLE_SLACK",
    "BOUND_SLACK_M",
    "M_MIN_M",
    "R_MAX_M",
    "angle_at_least",
    "angle_at_least_many",
    "angle_at_most",
    "cos_of",
    "dots",
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


def screen_threshold(max_range_km: float) -> float:
    """The least cosine of the angle between the normals of a launch point and a city that may
    be within ``max_range_km`` of each other (the module's bound, with its slack): pairs with a
    smaller cosine are out of range for sure."""
    angle = 1e3 * max_range_km / M_MIN_M * (1.0 + ANGLE_SLACK)
    return math.cos(angle) - _COS_SLACK if angle < math.pi else -math.inf


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
