"""The forward question answered from the kept distance tables: a new range is a slice.

:func:`shared_reach` gives what :func:`ranges.reach.forward.compute_reach` gives, to the bit
(tests/test_incremental.py), from each launch's sorted distances (:mod:`ranges.reach.kept`):
a system's places from one launch are the run of that launch's distances in its ``[min_range,
max_range]``, found with two ``np.searchsorted``; a city's nearest reaching launch is the least
distance among the runs that hold it (ties: the first launch, points before areas), as
``compute_reach`` decides it. Where ``compute_reach`` solves few inverse problems once and
throws them away, this solves every pair out to the longest range once per process and keeps
them: the first question costs more, each next one with the same launches costs a slice. Each
system's ground (area of the union of its rings, countries) is kept too, by its launches and
range (:func:`ranges.reach.territory.kept_territory`).

Units: kilometres for ranges, metres for the tables' distances, degrees for bearings.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from typing import TYPE_CHECKING

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.areas import LaunchArea
from ranges.geometry.rings import Ring
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.columns import rows_frame
from ranges.reach.forward import Reach, check_arguments
from ranges.reach.kept import area_distances, point_distances
from ranges.reach.nearest import Nearest
from ranges.reach.pairs import WORKERS, Pairs, select
from ranges.reach.pairtable import row_columns
from ranges.reach.tables import UnionRows, summary_frame
from ranges.reach.territory import geometry_pool, kept_territory

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["shared_reach"]

_POOL = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="reach-kept")
_NONE = (np.empty(0, dtype=np.int64), np.empty(0), np.empty(0))  # a launch's table, empty


def _tables(
    points: Sequence[LaunchPoint],
    areas: Sequence[LaunchArea],
    gazetteer: Gazetteer,
    min_population: int,
    max_range_km: float,
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per launch (points, then areas): (city rows, distances m, bearings deg), sorted by
    distance, reaching out to ``max_range_km`` at least. Launches not yet kept are measured
    side by side (``Geod.inv`` and numpy release the GIL)."""
    jobs = [(point_distances, point) for point in points] + [
        (area_distances, area) for area in areas
    ]
    if len(jobs) > 1:
        futures = [
            _POOL.submit(fn, launch, gazetteer, min_population, max_range_km) for fn, launch in jobs
        ]
        found = [f.result() for f in futures]
    else:
        found = [fn(launch, gazetteer, min_population, max_range_km) for fn, launch in jobs]
    out = []
    for value in found:
        pairs = getattr(value, "pairs", value)
        out.append((pairs.city, pairs.distance_m, pairs.bearing_deg))
    return out


def _runs(distance_m: np.ndarray, systems: Sequence[System]) -> list[tuple[int, int]]:
    """Per system, positions ``[first, last)`` of the sorted distances in its range."""
    lower = np.searchsorted(distance_m, [1e3 * s.min_range_km for s in systems], side="left")
    upper = np.searchsorted(distance_m, [1e3 * s.max_range_km for s in systems], side="right")
    return list(zip(lower.tolist(), upper.tolist(), strict=True))


def _nearest(
    tables: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    systems: Sequence[System],
    n_cities: int,
) -> Nearest:
    """Which system reaches which city, and each reached city's nearest reaching launch: the
    least distance among the launches' runs that hold it (ties: the first launch). A city is in
    a launch's table once, so the launches are taken in turn with no sort."""
    reached = np.zeros((len(systems), n_cities), dtype=bool)
    if len(tables) == 1:  # one launch: its reaching places, each once, are the answer
        return _one_launch(tables[0], systems, reached)
    best = np.full(n_cities, np.inf)
    launch = np.full(n_cities, -1, dtype=np.int64)
    bearing = np.full(n_cities, np.nan)
    for i, (city, distance, azimuth) in enumerate(tables):
        runs = _runs(distance, systems)
        end = max((last for _, last in runs), default=0)
        reaching = np.zeros(end, dtype=bool)
        for j, (first, last) in enumerate(runs):
            reached[j, city[first:last]] = True
            reaching[first:last] = True
        at = np.flatnonzero(reaching)
        rows = city[at]
        nearer = distance[at] < best[rows]  # strictly: on a tie the earlier launch stays
        at, rows = at[nearer], rows[nearer]
        best[rows] = distance[at]
        launch[rows] = i
        bearing[rows] = azimuth[at]
    rows = np.flatnonzero(launch >= 0)
    return Nearest(
        reached=reached,
        rows=rows,
        point=launch[rows],
        distance_m=best[rows],
        bearing_deg=bearing[rows],
    )


def _one_launch(
    table: tuple[np.ndarray, np.ndarray, np.ndarray], systems: Sequence[System], reached: np.ndarray
) -> Nearest:
    """:func:`_nearest` of one launch (``reached`` all False, filled here): the places its
    systems reach, in the table's order (the union table sorts them its own way)."""
    city, distance, bearing = table
    runs = _runs(distance, systems)
    reaching = np.zeros(max((last for _, last in runs), default=0), dtype=bool)
    for j, (first, last) in enumerate(runs):
        reached[j, city[first:last]] = True
        reaching[first:last] = True
    at = np.flatnonzero(reaching)
    return Nearest(
        reached=reached,
        rows=city[at],
        point=np.zeros(at.size, dtype=np.int64),
        distance_m=distance[at],
        bearing_deg=bearing[at],
    )


def _pairs(tables: list[tuple[np.ndarray, np.ndarray, np.ndarray]], max_range_km: float) -> Pairs:
    """The launches' pairs out to ``max_range_km``, grouped by launch: the per-pair table's
    pairs (:func:`ranges.reach.pairs.measure_pairs` and the areas' after them)."""
    cut = [int(np.searchsorted(d, 1e3 * max_range_km, side="right")) for _, d, _ in tables]
    parts = [(c[:k], d[:k], b[:k]) for (c, d, b), k in zip(tables, cut, strict=True)] or [_NONE]
    return Pairs(
        np.concatenate([part[0] for part in parts]),
        np.concatenate([part[1] for part in parts]),
        np.concatenate([part[2] for part in parts]),
        np.concatenate([[0], np.cumsum(cut)]).astype(np.int64),
    )


def shared_reach(
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
    """:func:`ranges.reach.forward.compute_reach` (same arguments, same result) from the
    distance tables kept per launch (:mod:`ranges.reach.kept`) and the ground kept per system."""
    check_arguments(points, systems, min_population, rings, areas)
    min_population = int(min_population)
    n_launches = len(points) + len(areas)
    ground = geometry_pool().submit(kept_territory, points, systems, rings, borders, areas, edition)
    try:
        launches: list[LaunchPoint | LaunchArea] = [*points, *areas]
        longest = max((s.max_range_km for s in systems), default=0.0)
        if systems and len(gazetteer):
            tables = _tables(points, areas, gazetteer, min_population, longest)
        else:
            tables = [_NONE] * n_launches
        nearest = _nearest(tables, systems, len(gazetteer))
        union = UnionRows(nearest, launches, systems, gazetteer)
    finally:
        wait([ground])  # never leave it running behind an error
    summary = summary_frame(systems, nearest.reached, gazetteer, ground.result())
    systems = list(systems)

    def make_rows() -> pd.DataFrame:  # the per-pair table, on first use (as compute_reach's)
        pairs = _pairs(tables, longest)
        selection = select(pairs, systems)
        return rows_frame(row_columns(pairs, selection, launches, systems, gazetteer))

    return Reach(union=union, summary=summary, make_rows=make_rows)
