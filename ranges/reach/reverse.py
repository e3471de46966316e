"""The reverse question: from which launch points, and from which region, can each system
reach one target.

Geodesic distance on WGS-84 is symmetric, so the region from which a system reaches a target is
its own disk or annulus drawn round the target (:func:`launch_regions`); :func:`reverse_reach`
measures each launch point (or launch area) to the target exactly (``pyproj.Geod.inv``) and
says by how much each system clears or misses it.

Units: kilometres for distances and margins, degrees for bearings (clockwise from north, in
[0, 360)), km^2 for areas.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.areas import LaunchArea
from ranges.geometry.geodesy import WGS84, RangeArea, range_areas
from ranges.places.points import LaunchPoint
from ranges.reach.areas import area_targets
from ranges.reach.columns import labels, lazy_pandas
from ranges.reach.pairs import to_bearing
from ranges.reach.schema import REVERSE_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["launch_regions", "reverse_reach"]


def reverse_reach(
    target: LaunchPoint,
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    areas: Sequence[LaunchArea] = (),
) -> pd.DataFrame:
    """For one target, how each system fares from each launch point: one row per pair.

    Columns ``REVERSE_COLUMNS``, rows by system (input order) then launch point (input order):
    ``distance_km`` is the shortest geodesic distance on WGS-84 from the launch point to the
    target (km), ``bearing_deg`` the initial bearing from the launch point toward the target
    (degrees in [0, 360), NaN when they coincide), ``margin_km`` = ``max_range_km -
    distance_km`` (positive: the spare range; negative: the shortfall), ``min_margin_km`` =
    ``distance_km - min_range_km`` (negative: too close),
    ``reachable`` = ``min_range_km <= distance_km <= max_range_km``. Launch areas
    (``areas``) follow the points: their distance is to the area's nearest point (0 inside)
    and the bearing is from that point (docs/INTERFACES.md section 4).
    """
    n_points, n_systems = len(points), len(systems)
    if n_points:
        p_lats = np.array([p.lat for p in points])
        p_lons = np.array([p.lon for p in points])
        az, _, dist_m = WGS84.inv(
            p_lons, p_lats, np.full(n_points, target.lon), np.full(n_points, target.lat)
        )
        dist_m = np.asarray(dist_m, dtype=float)
        bearing = to_bearing(np.asarray(az, dtype=float), dist_m)
    else:
        bearing = dist_m = np.empty(0)
    if areas:
        a_dist, a_bearing = area_targets(target.lat, target.lon, areas)
        dist_m = np.concatenate([dist_m, a_dist])
        bearing = np.concatenate([bearing, a_bearing])
        points = [*points, *areas]
        n_points = len(points)
    system = np.repeat(np.arange(n_systems), n_points)
    launch = np.tile(np.arange(n_points), n_systems)
    d_m = np.tile(dist_m, n_systems)
    max_m = np.array([1e3 * s.max_range_km for s in systems])[system] if n_systems else d_m
    min_m = np.array([1e3 * s.min_range_km for s in systems])[system] if n_systems else d_m
    return lazy_pandas().DataFrame(
        {
            "system": labels([s.id for s in systems], system),
            "name": labels([s.name for s in systems], system),
            "launch": labels([p.label for p in points], launch),
            "launch_index": launch.astype(np.int64),
            "distance_km": d_m / 1e3,
            "bearing_deg": np.tile(bearing, n_systems),
            "margin_km": (max_m - d_m) / 1e3,
            "reachable": (min_m <= d_m) & (d_m <= max_m),
            "min_margin_km": (d_m - min_m) / 1e3,
        },
        columns=REVERSE_COLUMNS,
    )


def launch_regions(target: LaunchPoint, systems: Sequence[System]) -> list[RangeArea]:
    """For each system (input order), the region from which it can reach ``target``.

    Geodesic distance is symmetric, so that region is the system's own disk or annulus
    ``[min_range_km, max_range_km]`` drawn around the target (GeoJSON and area in km^2, as
    :func:`ranges.geometry.geodesy.range_areas` makes them).
    """
    return range_areas(
        [(target.lat, target.lon)] * len(systems),
        [(s.min_range_km, s.max_range_km) for s in systems],
    )
