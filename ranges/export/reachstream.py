"""``python -m ranges reach`` as CSV, streamed: one job per (system, launch point), side by side.

Twenty launch points over ``cities500`` make 2 M rows, each with its own Karney distance (1.3 s
of CPU in ``Geod.inv``) and its own line of text (about as much again). Done phase after phase
(every distance, then every line, then the file) the two cores of a small machine wait on each
other at each step, and the whole table sits in memory (600 MB) before a byte is written. Here
each launch point is one job: its inverse problems (:func:`ranges.reach.pairs.measure_launch`),
then its lines for every system, in a small thread pool (pyproj, numpy and pyarrow's kernels
release the GIL), while the calling thread formats each city's cells once and then hands out the
finished lines in the table's order (system id, launch point, distance).

The bytes are those of :func:`ranges.export.rows.reach_csv` of
:func:`ranges.reach.pairtable.reach_columns` (the same pairs, distances, rounding and cells:
both format with :mod:`ranges.export.cells`); tests/test_export.py compares them. Launch areas take
the table's way (``ranges.reach.areas`` joins their pairs to the points').
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from ranges import arrowfn as pc
from ranges.catalogue.systems import System
from ranges.export.cells import (
    REACH_DECIMALS,
    bearing_cells,
    distance_cells,
    float_cells,
    int_cells,
    line_buffer,
    text_cells,
    text_scalar,
)
from ranges.geometry.screening import CityNormals, city_normals, screen_threshold
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.columns import arrow_array, arrow_strings, city_arrays
from ranges.reach.pairs import LaunchPairs, measure_launch
from ranges.reach.schema import OUTPUT_COLUMNS

__all__ = ["reach_csv_stream"]

# Lines are joined in slices of this many rows (a few MB of text: the cells stay in the cache).
_SLICE_ROWS = 32_768
_WORKERS = max(1, min(4, os.cpu_count() or 1))


@dataclass(frozen=True)
class _CityCells:
    """Each candidate city's cells, formatted once: ``head`` is ``city,country,latitude,
    longitude,population``, ``tail`` the ``part_of`` cell and the line's end; ``where[row]`` is
    gazetteer row ``row``'s position in them."""

    head: pa.Array
    tail: pa.Array
    where: np.ndarray


def reach_csv_stream(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
) -> Iterator[bytes | memoryview]:
    """The CSV of ``reach_columns(points, systems, gazetteer, min_population=...)`` (written
    by :func:`ranges.export.rows.reach_csv`) as UTF-8 buffers to write one after another.

    Bad arguments raise before this returns; the lines are then made in worker threads while
    the caller writes the first ones.
    """
    header = (",".join(OUTPUT_COLUMNS) + "\n").encode("utf-8")
    cities = city_normals(gazetteer, min_population=min_population)
    if not systems or not cities.rows.size or not points:
        return iter([header])
    by_id = sorted(range(len(systems)), key=lambda j: systems[j].id)
    # The radius each launch point must be measured out to when system k (by id) is written.
    radius_km = list(itertools.accumulate((systems[j].max_range_km for j in by_id), max))
    lines = _lines_in_order(points, [systems[j] for j in by_id], radius_km, gazetteer, cities)
    return _after(header, lines)


def _after(first: bytes, rest: Iterator[memoryview]) -> Iterator[bytes | memoryview]:
    """``first``, then ``rest``; closing this closes ``rest`` (its pool stops)."""
    yield first
    yield from rest


def _lines_in_order(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    radius_km: Sequence[float],
    gazetteer: Gazetteer,
    cities: CityNormals,
) -> Iterator[memoryview]:
    """The lines of ``systems`` (already in the table's order) from each launch point in turn.

    One job per (system, launch point), in that order, in the pool (first in, first out): a
    job grows its point's pairs out to ``radius_km`` of its system (only the new shell of cities
    is solved) once the point's previous job is done, and formats its lines; the cells of the
    cities near any point are made here meanwhile, and the lines yielded as their jobs finish,
    in order.
    """
    cells: Future[_CityCells] = Future()
    labels = _label_cells(points, systems)
    latest: list[LaunchPairs | None] = [None] * len(points)
    jobs: list[list[Future[list[memoryview]]]] = []

    def job(k: int, i: int) -> list[memoryview]:
        if k:
            jobs[k - 1][i].result()  # taken from the queue earlier: running or done
        pairs = latest[i]
        if pairs is None or pairs.threshold > screen_threshold(radius_km[k]):
            # While the cities' cells are being made this job could only wait for them: it
            # measures its point out to the last radius instead, work the later jobs skip.
            radius = radius_km[k] if cells.done() else radius_km[-1]
            cos = cities.cosines(points[i])
            pairs = measure_launch(points[i], cities.rows, cos, gazetteer, radius, pairs)
        latest[i] = pairs if k + 1 < len(systems) else None  # after the last system: let go
        first, last = pairs.run(systems[k])
        if first == last:
            return []
        found = cells.result()
        return [
            _lines(pairs, a, min(a + _SLICE_ROWS, last), labels[i][k], found)
            for a in range(first, last, _SLICE_ROWS)
        ]

    pool = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="reach-stream")
    try:
        for k in range(len(systems)):
            jobs.append([pool.submit(job, k, i) for i in range(len(points))])
        try:
            cells.set_result(_city_cells(_near(points, cities, radius_km[-1]), gazetteer))
        except BaseException as exc:
            cells.set_exception(exc)
            raise
        for stage in jobs:
            for future in stage:
                done = future.result()
                yield from done
                done.clear()  # written: let the text go
    finally:  # stopped early (an error, or the reader gave up): no job is left waiting
        cells.cancel()
        for stage in jobs:
            for future in stage:
                future.cancel()
        pool.shutdown(wait=False)


def _near(points: Sequence[LaunchPoint], cities: CityNormals, radius_km: float) -> np.ndarray:
    """The gazetteer rows (ascending) of the cities that may be within ``radius_km`` of any
    launch point."""
    threshold = screen_threshold(radius_km)
    near = np.zeros(cities.rows.size, dtype=bool)
    for point in points:
        near |= cities.cosines(point) >= threshold
    return cities.rows[near]


def _label_cells(points: Sequence[LaunchPoint], systems: Sequence[System]) -> list[list[pa.Scalar]]:
    """``launch,system`` cells per (launch point, system), quoted and spreadsheet-safe."""
    launch = text_cells(arrow_strings([p.label for p in points])).to_pylist()
    system = text_cells(arrow_strings([s.id for s in systems])).to_pylist()
    return [[text_scalar(f"{a},{b}") for b in system] for a in launch]


def _city_cells(rows: np.ndarray, gazetteer: Gazetteer) -> _CityCells:
    """The cells of the cities at gazetteer ``rows`` (ascending), each formatted once."""
    where = np.zeros(len(gazetteer), dtype=np.int64)
    where[rows] = np.arange(rows.size)
    arrays = city_arrays(gazetteer)
    index = arrow_array(rows)
    head = pc.binary_join_element_wise(
        text_cells(pc.take(arrays.names, index)),
        text_cells(pc.take(arrays.countries, index)),
        float_cells(gazetteer.lats[rows]),
        float_cells(gazetteer.lons[rows]),
        int_cells(gazetteer.populations[rows]),
        text_scalar(","),
    )
    tail = pc.binary_join_element_wise(
        text_cells(pc.take(arrays.part_of, index)), text_scalar("\n"), text_scalar("")
    )
    return _CityCells(head, tail, where)


def _lines(pairs: LaunchPairs, a: int, b: int, label: pa.Scalar, cells: _CityCells) -> memoryview:
    """Lines ``a:b`` of one launch point's pairs for one system: rounded as the table's writer
    rounds (``ranges.export.rows._reach_arrays``)."""
    distance = np.round(pairs.distance_m[a:b] / 1e3, REACH_DECIMALS["distance_km"])
    bearing = np.round(pairs.bearing_deg[a:b], REACH_DECIMALS["bearing_deg"]) % 360.0
    where = arrow_array(cells.where[pairs.city[a:b]])
    return line_buffer(
        pc.binary_join_element_wise(
            pc.take(cells.head, where),
            label,
            distance_cells(distance),
            bearing_cells(bearing),
            pc.take(cells.tail, where),
            text_scalar(","),
        )
    )
