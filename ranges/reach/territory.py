"""The ground each system covers: the area of the union of its rings and the countries it meets.

The union of a system's rings over all launches and its area are
``ranges.geometry.geodesy.union_of`` and ``ranges.geometry.geodesy.chart_area_km2`` (the
accuracy is written there); the countries it meets come from
``ranges.places.borders.border_tree``. None of this depends on the cities: ``compute_reach``
runs it in a thread of its own (:func:`geometry_pool`) while the distances are solved (GEOS and
pyproj release the GIL).

Units: km^2 for areas.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import ranges.places.borders as country_borders
from ranges.catalogue.systems import System
from ranges.geometry.areas import LaunchArea
from ranges.geometry.geodesy import chart_area_km2, union_of
from ranges.geometry.rings import Ring, build_rings
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.points import LaunchPoint

__all__ = ["Territory", "geometry_pool", "territory"]

_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def geometry_pool() -> ThreadPoolExecutor:
    """The one worker thread that builds rings, unions, areas and countries beside the
    distances."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reach-geometry")
        return _POOL


@dataclass(frozen=True)
class Territory:
    """Per system (input order): the area of the union of its rings, km^2, and the countries
    that union meets (``None`` when the borders cannot be read)."""

    area_km2: list[float]
    countries: list[list[str]] | None


def territory(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    rings: Sequence[Ring] | None,
    borders: dict | None,
    areas: Sequence[LaunchArea] = (),
    edition: str = DEFAULT_EDITION,
) -> Territory:
    """The :class:`Territory` of ``systems`` from ``points`` and ``areas``: ``rings`` as
    ``build_rings(points, systems, areas)`` makes them (built here if ``None``), ``borders`` a
    GeoJSON FeatureCollection of countries (the bundled file of ``edition`` if ``None``)."""
    if rings is None:
        rings = build_rings(points, systems, areas) if (points or areas) and systems else []
    # Launch areas' rings follow the points' (``build_rings`` order): one more "point" each.
    n_points, n_systems = len(points) + len(areas), len(systems)
    unions = [
        union_of([rings[i * n_systems + j].area.geometry for i in range(n_points)])
        for j in range(n_systems)
    ]
    area_km2 = [chart_area_km2(u) for u in unions]
    try:
        tree = country_borders.border_tree(
            country_borders.load_borders(edition=edition) if borders is None else borders
        )
    except country_borders.BordersError:
        return Territory(area_km2, None)
    countries = [sorted({tree.names[k] for k in tree.intersecting(u)}) for u in unions]
    return Territory(area_km2, countries)
