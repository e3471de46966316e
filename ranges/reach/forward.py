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
the sphere only skips cities that cannot be in range (:mod:`ranges.geometry.screening`).
``area_km2`` of a single ring (``ranges.geometry.geodesy.range_area``) is the exact disk; the
union's ``area_km2`` in the summary is that of the polygons. ``make bench`` (bench/reach.py)
times 20 points x 4 systems over ``cities15000`` and ``cities500``.

Units: degrees for angles (latitudes, longitudes, bearings clockwise from north in [0, 360)),
kilometres for distances and ranges, km^2 for areas, hours for flight times, head counts for
populations.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from concurrent.futures import wait
from typing import TYPE_CHECKING

from ranges.catalogue.systems import System
from ranges.geometry.areas import LaunchArea
from ranges.geometry.rings import Ring
from ranges.geometry.screening import check_min_population
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.areas import with_area_nearest
from ranges.reach.nearest import nearest_by_bounds
from ranges.reach.pairtable import reach_rows
from ranges.reach.schema import PART_OF
from ranges.reach.tables import UnionRows, summary_frame, union_frame
from ranges.reach.territory import geometry_pool, territory

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
    ready table. Given ``union`` (:class:`ranges.reach.tables.UnionRows`) instead of
    ``cities``, the union table too is made on first use, and :attr:`place_count`,
    :attr:`population` and :meth:`marked` are answered without it.
    """

    __slots__ = ("_cities", "_lock", "_make_rows", "_rows", "_summary", "_union")

    def __init__(
        self,
        rows: pd.DataFrame | None = None,
        cities: pd.DataFrame | None = None,
        summary: pd.DataFrame | None = None,
        *,
        make_rows: Callable[[], pd.DataFrame] | None = None,
        union: UnionRows | None = None,
    ) -> None:
        if (cities is None and union is None) or summary is None:
            raise TypeError("Reach needs cities (or union), summary, and rows or make_rows")
        if (rows is None) == (make_rows is None):
            raise TypeError("Reach needs cities, summary, and either rows or make_rows")
        self._rows = rows
        self._make_rows = make_rows
        self._lock = threading.Lock()
        self._cities = cities
        self._union = union
        self._summary = summary

    @property
    def cities(self) -> pd.DataFrame:
        """The union table (see the class docstring)."""
        with self._lock:
            if self._cities is None:
                assert self._union is not None
                self._cities = self._union.frame()
            return self._cities

    @property
    def place_count(self) -> int:
        """Places in range: the union table's rows, sections of cities included."""
        return len(self._union) if self._union is not None else len(self.cities)

    @property
    def counted_count(self) -> int:
        """Places in range counted on their own (``part_of`` empty)."""
        if self._union is not None:
            return int(self._union.counted.sum())
        return int((self.cities[PART_OF] == "").sum())

    def head(self, limit: int) -> pd.DataFrame:
        """The first ``limit`` rows of the union table (the most populous places), without
        building the others when it is not built yet (a page shows the first rows of 100,000)."""
        with self._lock:
            cities = self._cities
        if cities is None and self._union is not None:
            return self._union.head(limit)
        return self.cities.head(limit)

    def marked(self, limit: int) -> pd.DataFrame:
        """The ``limit`` most populous places of the union table counted on their own, largest
        first, indexed by their row in it (what a map marks)."""
        if self._union is not None:
            return self._union.top(limit)
        cities = self.cities[(self.cities[PART_OF] == "").to_numpy()]
        return cities.nlargest(limit, "population") if len(cities) > limit else cities

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
        if self._union is not None:
            return self._union.population
        counted = self.cities[PART_OF] == ""
        return int(self.cities.loc[counted, "population"].sum())

    def __repr__(self) -> str:
        return f"Reach({self.place_count} cities, {len(self.summary)} systems)"


def check_arguments(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    min_population: int,
    rings: Sequence[Ring] | None,
    areas: Sequence[LaunchArea],
) -> None:
    """What :func:`compute_reach` and :func:`ranges.reach.incremental.shared_reach` check
    first: a valid ``min_population``, and ``rings`` (if given) one per launch and system."""
    check_min_population(min_population)
    n_launches = len(points) + len(areas)
    if rings is not None and len(rings) != n_launches * len(systems):
        raise ValueError(
            f"rings has {len(rings)} entries for {n_launches} launches x {len(systems)} systems"
        )


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
    check_arguments(points, systems, min_population, rings, areas)
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
        cities = union_frame(nearest, launches, systems, gazetteer)
    finally:
        wait([ground])  # never leave it running behind an error
    summary = summary_frame(systems, nearest.reached, gazetteer, ground.result())
    points, systems = list(points), list(systems)  # the rows come later: keep what they need
    areas = list(areas)

    def make_rows() -> pd.DataFrame:
        return reach_rows(
            points, systems, gazetteer, min_population=int(min_population), areas=areas
        )

    return Reach(cities=cities, summary=summary, make_rows=make_rows)
