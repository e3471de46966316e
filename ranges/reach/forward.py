"""Which cities are within reach: of which launch point, by which system, how far and which way.

The forward question (``compute_reach``): for launch points and systems, every gazetteer city
whose *shortest* geodesic distance on WGS-84 from a launch point lies in a system's
``[min_range_km, max_range_km]``, the same disk or annulus that :mod:`ranges.geometry.geodesy`
draws. Its three tables (:class:`Reach`): the per-pair rows (:mod:`ranges.reach.pairtable`,
made on first use), the union of the cities reached (:mod:`ranges.reach.nearest` decides each
city's nearest launch with few inverse problems) and a summary per system (with the area and
countries of :mod:`ranges.reach.territory`, built in another thread meanwhile).

Exactness. Every reported distance and bearing is Karney's inverse solution (``pyproj.Geod.inv``,
accurate to about 15 nanometres), and a city is in range exactly when that distance says so;
the sphere only skips cities that cannot be in range (:mod:`ranges.reach.screening`). ``area_km2``
of a single ring (``ranges.geometry.geodesy.range_area``) is the exact disk; the union's
``area_km2`` in the summary is that of the polygons. ``make bench`` (bench/reach.py) times 20
points x 4 systems over ``cities15000`` and ``cities500``.

Units: degrees for angles (latitudes, longitudes, bearings clockwise from north in [0, 360)),
kilometres for distances and ranges, km^2 for areas, hours for flight times, head counts for
populations.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import wait
from typing import TYPE_CHECKING

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.areas import LaunchArea
from ranges.geometry.rings import Ring
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.areas import with_area_nearest
from ranges.reach.columns import city_arrays, labels, lazy_pandas, str_dtype, strings
from ranges.reach.nearest import Nearest, nearest_by_bounds
from ranges.reach.pairtable import reach_rows
from ranges.reach.schema import CITY_COLUMNS, PART_OF, SUMMARY_COLUMNS
from ranges.reach.screening import check_min_population
from ranges.reach.territory import Territory, geometry_pool, territory

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Reach", "compute_reach"]


class Reach:
    """What a set of systems can reach from a set of launch points.

    ``rows``: one row per (city, launch point, system) in range, columns ``ROW_COLUMNS``:
    the ``REACH_COLUMNS`` of docs/INTERFACES.md section 2 (``country`` is the country's name,
    ``launch`` the launch point's label, ``distance_km`` the shortest geodesic distance on WGS-84
    in km, ``bearing_deg`` the initial bearing from the launch point to the city in degrees
    [0, 360), NaN for a city at the launch point itself), then ``launch_index`` (position of
    the launch point in the input), ``city_index`` (gazetteer row), ``flight_time_h``
    (distance / speed in hours, NaN when the system has no ``speed_kmh``) and ``part_of`` (the
    name of the city the place is a section of, ``""`` if none: see :data:`PART_OF`).
    Sorted by system id, launch index, then distance.

    ``cities``: each city reached by any system from any point, once, columns ``CITY_COLUMNS``:
    ``nearest_launch`` is the label of the nearest launch point from which some system reaches
    it, ``distance_km`` and ``bearing_deg`` are from that point, ``systems`` the ids of the systems
    that reach it (from any point), comma-joined in input order, ``part_of`` as in ``rows``.
    Sorted by population, largest first.

    ``summary``: one row per system in input order, columns ``SUMMARY_COLUMNS``: ``cities`` counts
    each place listed once however many points reach it, and ``population`` adds the people of
    the places counted on their own (``Gazetteer.counted``: a section of a city, such as Kyiv's
    Obolon, is listed but its people are already in the city's figure); ``area_km2`` is the area on
    WGS-84 of the union of the system's rings over all launch points (overlaps counted once);
    ``countries`` is the number of countries whose territory (bundled borders) meets that union
    and ``country_names`` their sorted names joined with ``"; "`` (NaN and ``""`` when the borders
    file cannot be read).

    ``rows`` is made on first use (then kept): the union table and the summary need one exact
    distance per city, the per-pair table one per pair, ten to twenty times as many, and most
    views show only the first two. ``Reach(rows=..., cities=..., summary=...)`` still takes a
    ready table.
    """

    __slots__ = ("_cities", "_lock", "_make_rows", "_rows", "_summary")

    def __init__(
        self,
        rows: pd.DataFrame | None = None,
        cities: pd.DataFrame | None = None,
        summary: pd.DataFrame | None = None,
        *,
        make_rows: Callable[[], pd.DataFrame] | None = None,
    ) -> None:
        if cities is None or summary is None or (rows is None) == (make_rows is None):
            raise TypeError("Reach needs cities, summary, and either rows or make_rows")
        self._rows = rows
        self._make_rows = make_rows
        self._lock = threading.Lock()
        self._cities = cities
        self._summary = summary

    @property
    def cities(self) -> pd.DataFrame:
        """The union table (see the class docstring)."""
        return self._cities

    @property
    def summary(self) -> pd.DataFrame:
        """One row per system (see the class docstring)."""
        return self._summary

    @property
    def rows(self) -> pd.DataFrame:
        """The per-pair table (see the class docstring), computed on first use."""
        with self._lock:
            if self._rows is None:
                assert self._make_rows is not None
                self._rows = self._make_rows()
                self._make_rows = None
            return self._rows

    @property
    def population(self) -> int:
        """People in range of any system from any point, each counted once: the union table's
        places counted on their own (``part_of`` empty; sections are in their city's figure)."""
        counted = self.cities[PART_OF] == ""
        return int(self.cities.loc[counted, "population"].sum())

    def __repr__(self) -> str:
        return f"Reach({len(self.cities)} cities, {len(self.summary)} systems)"


def compute_reach(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    rings: Sequence[Ring] | None = None,
    borders: dict | None = None,
    areas: Sequence[LaunchArea] = (),
    edition: str = DEFAULT_EDITION,
) -> Reach:
    """Cities within range of each system from each launch point, their union and a summary.

    ``points`` are launch points, ``systems`` catalogue systems (ranges in km; overrides already
    applied), ``gazetteer`` the cities (``default_gazetteer()`` for the bundled one).
    ``min_population`` keeps cities of at least that many people (0: all). ``rings`` are
    ``build_rings(points, systems)`` if already built (same order: points first, then systems);
    ``borders`` a GeoJSON FeatureCollection of countries with ``properties.name``
    (the bundled borders of ``edition`` if None, :mod:`ranges.places.editions`; if that file is
    missing or corrupt the country columns of the summary are NaN and empty). See
    :class:`Reach` for the three tables. ``areas`` are launch areas (``ranges.geometry.areas``),
    counted after the points (``rings`` then holds their rings after the points', as
    ``build_rings(points, systems, areas)`` makes them).
    """
    check_min_population(min_population)
    n_launches = len(points) + len(areas)
    if rings is not None and len(rings) != n_launches * len(systems):
        raise ValueError(
            f"rings has {len(rings)} entries for {n_launches} launches x {len(systems)} systems"
        )
    # The geometry (rings, unions, areas, countries) does not depend on the cities: it runs in
    # its own thread while the distances are solved (GEOS and pyproj release the GIL).
    ground = geometry_pool().submit(territory, points, systems, rings, borders, areas, edition)
    try:
        nearest = nearest_by_bounds(points, systems, gazetteer, int(min_population))
        launches: Sequence[LaunchPoint | LaunchArea] = points
        if areas:
            nearest = with_area_nearest(
                nearest, len(points), areas, systems, gazetteer, int(min_population)
            )
            launches = [*points, *areas]
        cities = _union_frame(nearest, launches, systems, gazetteer)
    finally:
        wait([ground])  # never leave it running behind an error
    summary = _summary_frame(systems, nearest.reached, gazetteer, ground.result())
    points, systems = list(points), list(systems)  # the rows come later: keep what they need
    areas = list(areas)

    def make_rows() -> pd.DataFrame:
        return reach_rows(
            points, systems, gazetteer, min_population=int(min_population), areas=areas
        )

    return Reach(cities=cities, summary=summary, make_rows=make_rows)


def _union_frame(
    nearest: Nearest,
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
) -> pd.DataFrame:
    """The union table (``CITY_COLUMNS``) from :func:`ranges.reach.nearest.nearest_by_bounds`."""
    order = np.lexsort((nearest.rows, -gazetteer.populations[nearest.rows]))
    rows = nearest.rows[order]
    if systems and rows.size:
        combos, which = _combinations(nearest.reached[:, rows])
        ids = [s.id for s in systems]
        texts = [",".join(i for i, on in zip(ids, combo, strict=True) if on) for combo in combos]
        systems_col = labels(texts, which.reshape(-1))
    else:
        systems_col = lazy_pandas().array([], dtype=str_dtype())
    arrays = city_arrays(gazetteer)
    return lazy_pandas().DataFrame(
        {
            "city": strings(arrays.names, rows),
            "country": strings(arrays.countries, rows),
            "latitude": gazetteer.lats[rows],
            "longitude": gazetteer.lons[rows],
            "population": gazetteer.populations[rows],
            "nearest_launch": labels([p.label for p in points], nearest.point[order]),
            "distance_km": nearest.distance_m[order] / 1e3,
            "bearing_deg": nearest.bearing_deg[order],
            "systems": systems_col,
            "city_index": rows,
            PART_OF: strings(arrays.part_of, rows),
        },
        columns=CITY_COLUMNS,
        copy=False,
    )


def _combinations(reached: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct columns of a (systems, cities) bool matrix and, per city, which one it has."""
    n_systems = reached.shape[0]
    if n_systems > 62:
        combos, which = np.unique(reached.T, axis=0, return_inverse=True)
        return combos, which.reshape(-1)
    weights = np.left_shift(np.int64(1), np.arange(n_systems, dtype=np.int64))
    keys, which = np.unique((weights[:, None] * reached).sum(axis=0), return_inverse=True)
    return (keys[:, None] & weights[None, :]) != 0, which.reshape(-1)


def _summary_frame(
    systems: Sequence[System], reached: np.ndarray, gazetteer: Gazetteer, ground: Territory
) -> pd.DataFrame:
    """The summary (``SUMMARY_COLUMNS``): per system, the places it reaches (``reached``, a
    (systems, cities) bool matrix), their people counted once, and its ground's area and
    countries."""
    if ground.countries is None:
        counts = np.full(len(systems), np.nan)
        names = [""] * len(systems)
    else:
        counts = np.array([len(c) for c in ground.countries], dtype=np.int64)
        names = ["; ".join(c) for c in ground.countries]
    counted_populations = np.where(gazetteer.counted, gazetteer.populations, 0)
    pd, text = lazy_pandas(), str_dtype()
    return pd.DataFrame(
        {
            "system": pd.array([s.id for s in systems], dtype=text),
            "name": pd.array([s.name for s in systems], dtype=text),
            "cities": reached.sum(axis=1).astype(np.int64),
            # Counted once: a section's people are already in its city's figure.
            "population": (reached * counted_populations).sum(axis=1, dtype=np.int64),
            "area_km2": np.array(ground.area_km2, dtype=float),
            "countries": counts,
            "country_names": pd.array(names, dtype=text),
        },
        columns=SUMMARY_COLUMNS,
    )
