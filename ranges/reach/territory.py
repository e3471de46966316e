"""The ground each system covers: the area of the union of its rings and the countries it meets.

The union of a system's rings over all launches and its area are
``ranges.geometry.geodesy.union_of`` and ``ranges.geometry.geodesy.chart_area_km2`` (the
accuracy is written there); the countries it meets come from
``ranges.places.borders.border_tree``. None of this depends on the cities: ``compute_reach``
runs it in a thread of its own (:func:`geometry_pool`) while the distances are solved (GEOS and
pyproj release the GIL). :func:`kept_territory` keeps each system's ground by its launches and
range, so that a page whose slider moves one system's range builds only that system's.

Units: km^2 for areas.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
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

__all__ = [
    "GROUND_KEPT",
    "Territory",
    "bundled_tree",
    "geometry_pool",
    "kept_territory",
    "territory",
]

GROUND_KEPT = 512
"""Systems' grounds kept by :func:`kept_territory` (a number and a few country names each)."""
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
    *,
    tree: country_borders.BorderTree | None = None,
) -> Territory:
    """The :class:`Territory` of ``systems`` from ``points`` and ``areas``: ``rings`` as
    ``build_rings(points, systems, areas)`` makes them (built here if ``None``), ``borders`` a
    GeoJSON FeatureCollection of countries (the bundled file of ``edition`` if ``None``), or
    its ``tree`` (``border_tree``) if already at hand."""
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
        if tree is None:
            tree = country_borders.border_tree(
                country_borders.load_borders(edition=edition) if borders is None else borders
            )
    except country_borders.BordersError:
        return Territory(area_km2, None)
    countries = [sorted({tree.names[k] for k in tree.intersecting(u)}) for u in unions]
    return Territory(area_km2, countries)


_KEPT: OrderedDict[tuple, tuple[float, list[str]]] = OrderedDict()


def _bundled_borders(edition: str = DEFAULT_EDITION) -> tuple[str, int, int] | None:
    """The bundled borders file of ``edition`` as a key (path, modification time in ns, size),
    so that a kept ground is never that of another file; None when it cannot be read (nothing is
    kept)."""
    try:
        path = country_borders.borders_path(edition).resolve()
        stat = path.stat()
    except (OSError, country_borders.BordersError):
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size)


_KEPT_LOCK = threading.Lock()
_TREES: dict[tuple[str, int, int], country_borders.BorderTree] = {}


def bundled_tree(edition: str = DEFAULT_EDITION) -> country_borders.BorderTree:
    """The country tree of the bundled borders of ``edition``, kept by the file (path,
    modification time, size). ``load_borders`` copies every feature on each call (for callers
    that add keys), and ``border_tree`` finds its tree by the ids of every geometry: 2 % of a
    slider release's server CPU (py-spy, issue 20) for a tree that does not change. Raises
    ``BordersError`` as ``load_borders`` does."""
    source = _bundled_borders(edition)
    tree = _TREES.get(source) if source is not None else None
    if tree is None:
        tree = country_borders.border_tree(country_borders.load_borders(edition=edition))
        if source is not None:
            with _KEPT_LOCK:
                if len(_TREES) >= 8:  # a few editions; more only if the files change
                    _TREES.clear()
                _TREES[source] = tree
    return tree


def kept_territory(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    rings: Sequence[Ring] | None,
    borders: dict | None,
    areas: Sequence[LaunchArea] = (),
    edition: str = DEFAULT_EDITION,
) -> Territory:
    """:func:`territory`, with each system's ground (with the bundled borders: ``borders`` is
    ``None``) kept by the borders file, its launches and ``[min_range_km, max_range_km]``: only
    the systems not kept are built (the last :data:`GROUND_KEPT` are kept)."""
    source = _bundled_borders(edition)
    if borders is not None or source is None:
        return territory(points, systems, rings, borders, areas, edition)
    launches = (tuple((p.lat, p.lon) for p in points), tuple(a.shape_key for a in areas))
    keys = [(source, launches, s.min_range_km, s.max_range_km) for s in systems]
    with _KEPT_LOCK:
        found = [_KEPT.get(key) for key in keys]
        for key, value in zip(keys, found, strict=True):
            if value is not None:
                _KEPT.move_to_end(key)
    missing = [j for j, value in enumerate(found) if value is None]
    if missing:
        n_systems, n_launches = len(systems), len(points) + len(areas)
        subset = None
        if rings is not None:
            subset = [rings[i * n_systems + j] for i in range(n_launches) for j in missing]
        try:
            tree = bundled_tree(edition)
        except country_borders.BordersError:
            tree = None
        chosen = [systems[j] for j in missing]
        built = territory(points, chosen, subset, None, areas, edition, tree=tree)
        if built.countries is None:  # the borders cannot be read: nothing kept
            return territory(points, systems, rings, None, areas, edition)
        with _KEPT_LOCK:
            for k, j in enumerate(missing):
                found[j] = _KEPT[keys[j]] = (built.area_km2[k], built.countries[k])
            while len(_KEPT) > GROUND_KEPT:
                _KEPT.popitem(last=False)
    return Territory([v[0] for v in found], [list(v[1]) for v in found])
