"""The per-pair table: one row per (city, launch, system) in range (``Reach.rows``,
``reach_rows``, what ``python -m ranges reach`` prints).

Every pair's distance is needed here: the pairs are solved once per (launch, city) out to the
longest range (:mod:`ranges.reach.pairs`) and each system takes its run of the sorted
distances. Launch areas' pairs (:mod:`ranges.reach.areas`) follow the points'. Columns come
as arrays (:func:`reach_columns`, no pandas: the command line's CSV is written from them) or as
a frame (:func:`reach_rows`).

Units: degrees for latitudes, longitudes and bearings, kilometres for distances, hours for
flight times, head counts for populations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.screening import check_min_population
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.columns import city_arrays, coded, rows_frame, string_table
from ranges.reach.pairs import Pairs, Selection, measure_pairs, select
from ranges.reach.schema import PART_OF, ROW_COLUMNS

if TYPE_CHECKING:
    import pandas as pd

    from ranges.geometry.areas import LaunchArea

__all__ = ["ReachQuery", "reach_columns", "reach_rows", "row_columns"]


def reach_rows(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    areas: Sequence[LaunchArea] = (),
) -> pd.DataFrame:
    """Only ``Reach.rows`` (what ``python -m ranges reach`` prints): no rings, areas or borders.

    Same arguments and result as ``compute_reach(...).rows``.
    """
    return rows_frame(
        reach_columns(points, systems, gazetteer, min_population=min_population, areas=areas)
    )


def reach_columns(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    areas: Sequence[LaunchArea] = (),
) -> dict[str, Any]:
    """:func:`reach_rows` without pandas: its columns (``ROW_COLUMNS``, in order) as arrays,
    text as pyarrow dictionary arrays of ``large_string`` (numpy object arrays without
    pyarrow), numbers as numpy arrays. ``rows_frame`` of it is ``reach_rows``; the CSV writer
    takes either. ``areas`` are launch areas (``ranges.geometry.areas``): their rows follow the
    points' (``launch_index`` counts on after the points), with the distance to the nearest
    point of the area (docs/INTERFACES.md section 4)."""
    check_min_population(min_population)
    pairs = measure_pairs(points, systems, gazetteer, int(min_population))
    launches: Sequence[LaunchPoint | LaunchArea] = points
    if areas:
        # Deferred, an optional path: launch areas bring their k-d tree and geometry (0.3 s of
        # the command line's start) through ranges.geometry.areadistance.
        from ranges.reach.areas import joined_pairs

        pairs = joined_pairs(pairs, areas, systems, gazetteer, int(min_population))
        launches = [*points, *areas]
    return row_columns(pairs, select(pairs, systems), launches, systems, gazetteer)


@dataclass(frozen=True)
class ReachQuery:
    """The arguments of :func:`reach_columns`, for a writer that makes the per-pair table its
    own way: the command line's CSV streams it, one launch point at a time
    (``ranges.export.reachstream``); other writers take :meth:`columns`."""

    points: Sequence[LaunchPoint]
    systems: Sequence[System]
    gazetteer: Gazetteer
    min_population: int = 0
    areas: Sequence[LaunchArea] = ()

    def columns(self) -> dict[str, Any]:
        """:func:`reach_columns` of these arguments."""
        return reach_columns(
            self.points,
            self.systems,
            self.gazetteer,
            min_population=self.min_population,
            areas=self.areas,
        )


def row_columns(
    pairs: Pairs,
    selection: Selection,
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
) -> dict[str, Any]:
    """The per-pair table's columns (``ROW_COLUMNS`` in order) for the selected pairs."""
    arrays = city_arrays(gazetteer)
    pos = selection.positions
    city = pairs.city[pos]
    distance_km = pairs.distance_m[pos] / 1e3
    speed = np.array([np.nan if s.speed_kmh is None else s.speed_kmh for s in systems])
    columns = {
        "city": coded(arrays.names, city),
        "country": coded(arrays.countries, city),
        "latitude": gazetteer.lats[city],
        "longitude": gazetteer.lons[city],
        "population": gazetteer.populations[city],
        "launch": coded(string_table([p.label for p in points]), selection.launch),
        "system": coded(string_table([s.id for s in systems]), selection.system),
        "distance_km": distance_km,
        "bearing_deg": pairs.bearing_deg[pos],
        "launch_index": selection.launch,
        "city_index": city,
        "flight_time_h": distance_km / speed[selection.system] if len(systems) else distance_km,
        PART_OF: coded(arrays.part_of, city),
    }
    return {name: columns[name] for name in ROW_COLUMNS}
