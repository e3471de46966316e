"""The reach table (docs/INTERFACES.md section 2) as CSV or JSON.

The CSV is formatted a column at a time (a table of the cities of ``cities500`` in range of
20 launch points has 2 M rows, and pandas' ``to_csv`` spent 5x the reach work on it): each text
or coordinate column is dictionary-encoded and only its distinct values are formatted in Python,
distances and bearings are written from their rounded integer thousandths and hundredths, and
the cells are joined into lines by pyarrow's string kernels. The text is the one pandas wrote
(Python's ``repr`` of floats, the ``csv`` module's minimal quoting), except the spreadsheet-safe
rule of docs/INTERFACES.md section 7. The JSON (``indent=1``, the registry's form) is built the same
way and equals ``json.dumps`` of the records byte for byte.
"""

from __future__ import annotations

import itertools
import json
import math
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from ranges import arrowfn as pc
from ranges.export import ExportData
from ranges.export.cells import (
    REACH_DECIMALS,
    fixed_cells,
    float_cells,
    float_values,
    int_cells,
    line_buffer,
    string_values,
    text_cells,
    text_scalar,
)
from ranges.export.reachstream import reach_csv_stream
from ranges.reach.columns import arrow_array, arrow_strings, rows_frame
from ranges.reach.pairtable import ReachQuery
from ranges.reach.schema import OUTPUT_COLUMNS, PART_OF, REACH_COLUMNS

if TYPE_CHECKING:  # pandas is imported where a DataFrame is handled: the command line's CSV
    import pandas as pd  # is written from the engine's arrays without it

# The CSV's lines are formatted in slices of this many rows (about 3 MB of text), in up to
# _CSV_WORKERS threads, at most _CSV_AHEAD slices ahead of the file being written.
_CSV_SLICE_ROWS = 32_768
_CSV_WORKERS = max(1, min(4, os.cpu_count() or 1))
_CSV_AHEAD = 2 * _CSV_WORKERS


SYSTEM_NAME = "system_name"
"""The app's extension column of the reach CSV, after ``part_of``: the system's name (the
``system`` column keeps its id). The command line's CSV keeps the contract's header."""


def reach_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The reach columns of ``rows``, in order, others dropped; distances and bearings rounded.

    Raises ``ValueError`` naming the missing columns (a table without rows may have none).
    """
    import pandas as pd

    missing = [c for c in REACH_COLUMNS if c not in rows.columns]
    if missing:
        if len(rows) == 0:
            return pd.DataFrame({c: [] for c in OUTPUT_COLUMNS})
        raise ValueError(f"reach rows lack the column(s) {', '.join(missing)}")
    table = rows.loc[:, list(REACH_COLUMNS)].copy()
    # Rows made elsewhere may predate the extension column: then nothing is a section.
    table[PART_OF] = rows[PART_OF] if PART_OF in rows.columns else ""
    for column, decimals in REACH_DECIMALS.items():
        table[column] = table[column].round(decimals)
    table["bearing_deg"] = table["bearing_deg"] % 360.0  # 359.996 rounds to 360.0: that is 0
    return table


def reach_csv(rows: pd.DataFrame | Mapping[str, Any]) -> str:
    """The reach table as CSV with a header row: the columns of :data:`OUTPUT_COLUMNS` in order
    (the contract's, then ``part_of``: the city a place is a section of, empty if none; a sum
    of ``population`` must skip the rows where it is set).

    ``rows`` is a DataFrame (``reach_rows``) or the same columns as arrays
    (``ranges.reach.pairtable.reach_columns``). Extra columns of ``rows`` are dropped; rows stay in
    the
    order given. ``distance_km`` is rounded to 3 decimals (1 m), ``bearing_deg`` to 2 (and kept in
    [0, 360): 359.996 is 0.0; empty when there is none, at distance 0); latitudes and longitudes
    are written as given (Python's shortest ``repr``), populations as integers. Lines end with
    ``\\n``. Text is quoted by the CSV rules, and a text cell that begins with ``= + - @``, a tab
    or a carriage return gets a leading ``'`` (docs/INTERFACES.md section 7), so a spreadsheet
    shows it as text.
    """
    return "".join(str(part, "utf-8") for part in reach_csv_parts(rows))


def reach_csv_parts(
    rows: pd.DataFrame | Mapping[str, Any], system_names: Mapping[str, str] | None = None
) -> Iterable[bytes | memoryview]:
    """:func:`reach_csv` as UTF-8 buffers to be written one after another (no decoding, no
    copy of the body). The table is checked before this returns (``ValueError``); a large
    table's lines are then formatted in worker threads, and each buffer is yielded when ready.

    ``system_names`` (id to name) adds :data:`SYSTEM_NAME` after ``part_of``: the system's
    name as the app shows it beside its id (an id it does not name keeps the id)."""
    columns = [*OUTPUT_COLUMNS, SYSTEM_NAME] if system_names is not None else OUTPUT_COLUMNS
    header = (",".join(columns) + "\n").encode("utf-8")
    if _is_frame(rows):
        frame = reach_table(rows)
        table = {c: frame[c] for c in frame.columns}
        key = _city_key(rows) if len(frame) else None
    else:
        table = _reach_arrays(rows)
        key = table.pop("city_index")
    if key is None or len(key) == 0:
        return [header]
    # Cells of the same city (or launch point, or system) are formatted once and spread.
    first, inverse = _first_rows(key)
    head = pc.binary_join_element_wise(
        text_cells(_at(table["city"], first)),
        text_cells(_at(table["country"], first)),
        float_cells(_at(table["latitude"], first)),
        float_cells(_at(table["longitude"], first)),
        int_cells(_at(table["population"], first)),
        text_scalar(","),
    )
    end = "\n" if system_names is None else ","
    tail = pc.binary_join_element_wise(
        text_cells(_at(table[PART_OF], first)), text_scalar(end), text_scalar("")
    )
    where = arrow_array(inverse)
    systems = _coded(table["system"])
    labels, which = _label_pairs(_coded(table["launch"]), systems)
    distance, bearing = float_values(table["distance_km"]), float_values(table["bearing_deg"])
    named = None
    if system_names is not None:  # one cell a system, as the labels: formatted once each
        ids = string_values(systems.dictionary).to_pylist()
        named = pc.binary_join_element_wise(
            text_cells(arrow_strings([system_names.get(i, i) for i in ids])),
            text_scalar("\n"),
            text_scalar(""),
        )
        system_of = arrow_array(_integers(systems.indices))

    def lines(a: int, b: int) -> memoryview:
        cells = [
            pc.take(head, where[a:b]),
            pc.take(labels, which[a:b]),
            fixed_cells(distance[a:b], REACH_DECIMALS["distance_km"]),
            fixed_cells(bearing[a:b], REACH_DECIMALS["bearing_deg"]),
            pc.take(tail, where[a:b]),
        ]
        text = pc.binary_join_element_wise(*cells, text_scalar(","))
        if named is not None:
            text = pc.binary_join_element_wise(
                text, pc.take(named, system_of[a:b]), text_scalar("")
            )
        return line_buffer(text)

    # The lines in small slices (a few MB each: the memory of one is reused for the next, and
    # the cells stay in the CPU's cache), formatted in worker threads (pyarrow's kernels release
    # the GIL) a few slices ahead of the writer, and yielded in order.
    n = len(key)
    edges = [*range(0, n, _CSV_SLICE_ROWS), n]
    spans = list(itertools.pairwise(edges))
    if len(spans) == 1:
        return [header, lines(*spans[0])]
    return itertools.chain([header], _in_order(lines, spans))


def _in_order(
    task: Callable[[int, int], memoryview], spans: list[tuple[int, int]]
) -> Iterator[memoryview]:
    """``task(*span)`` of each span, in order, computed in worker threads at most
    ``_CSV_AHEAD`` spans ahead of the consumer (so memory stays bounded)."""
    pool = ThreadPoolExecutor(max_workers=_CSV_WORKERS, thread_name_prefix="reach-csv")
    try:
        waiting: deque[Future[memoryview]] = deque()
        todo = iter(spans)
        for span in itertools.islice(todo, _CSV_AHEAD):
            waiting.append(pool.submit(task, *span))
        while waiting:
            done = waiting.popleft().result()
            for span in itertools.islice(todo, 1):
                waiting.append(pool.submit(task, *span))
            yield done
    finally:
        for future in waiting:
            future.cancel()
        pool.shutdown(wait=False)


def _label_pairs(
    launch: pa.DictionaryArray, system: pa.DictionaryArray
) -> tuple[pa.Array, pa.Array]:
    """The cells ``launch,system`` of each (launch, system) pair, and each row's pair: one
    gather per row instead of two (the rows have few pairs: 20 points x 4 systems, say)."""
    launch_cells = text_cells(string_values(launch.dictionary))
    system_cells = text_cells(string_values(system.dictionary))
    n_launch, n_system = len(launch_cells), len(system_cells)
    if n_launch * n_system > max(len(launch), 1024):  # many labels: one gather per column
        return pc.binary_join_element_wise(
            pc.take(launch_cells, launch.indices),
            pc.take(system_cells, system.indices),
            text_scalar(","),
        ), arrow_array(np.arange(len(launch), dtype=np.int64))
    pairs = pc.binary_join_element_wise(
        pc.take(launch_cells, arrow_array(np.repeat(np.arange(n_launch), n_system))),
        pc.take(system_cells, arrow_array(np.tile(np.arange(n_system), n_launch))),
        text_scalar(","),
    )
    index = _integers(launch.indices) * n_system + _integers(system.indices)
    return pairs, arrow_array(index)


def _integers(values: pa.Array) -> np.ndarray:
    """A pyarrow integer array without nulls as int64 numpy (from its buffer: ``to_numpy``
    imports pandas)."""
    dtype = np.dtype(values.type.to_pandas_dtype())
    data = np.frombuffer(values.buffers()[1], dtype=dtype)
    return data[values.offset : values.offset + len(values)].astype(np.int64)


def _coded(values: Any) -> pa.DictionaryArray:
    """A label column as a dictionary array (each distinct label formatted once)."""
    if isinstance(values, pa.DictionaryArray):
        return values
    return pc.dictionary_encode(string_values(values))


def _is_frame(rows: object) -> bool:
    return hasattr(rows, "iloc")


def _reach_arrays(columns: Mapping[str, Any]) -> dict[str, Any]:
    """:func:`reach_table` for the engine's columns (``reach_columns``): the output columns
    and ``city_index``, distances and bearings rounded, without pandas."""
    missing = [c for c in (*OUTPUT_COLUMNS, "city_index") if c not in columns]
    if missing:
        raise ValueError(f"reach columns lack the column(s) {', '.join(missing)}")
    table = {c: columns[c] for c in (*OUTPUT_COLUMNS, "city_index")}
    for column, decimals in REACH_DECIMALS.items():
        table[column] = np.round(np.asarray(table[column], dtype=float), decimals)
    table["bearing_deg"] = table["bearing_deg"] % 360.0  # 359.996 rounds to 360.0: that is 0
    return table


def _at(values: Any, index: np.ndarray) -> Any:
    """Rows ``index`` of a column (a pandas Series, a pyarrow or a numpy array)."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return pc.take(values, arrow_array(index))
    if isinstance(values, np.ndarray):
        return values[index]
    return values.iloc[index]


def _city_key(rows: pd.DataFrame) -> np.ndarray:
    """A key per row equal for rows of the same city: the gazetteer row (``city_index``) of
    the engine's rows, else the row's own position (nothing shared)."""
    import pandas as pd

    if "city_index" in rows.columns and pd.api.types.is_integer_dtype(rows["city_index"]):
        key = rows["city_index"].to_numpy()
        if key.size and key.min() >= 0:
            return key
    return np.arange(len(rows))


def _first_rows(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For non-negative integer keys: the first row of each distinct key (in key order) and,
    per row, the position of its key among them. Counting, not sorting: O(rows + max key)."""
    size = int(key.max()) + 1
    first = np.full(size, key.size, dtype=np.int64)
    np.minimum.at(first, key, np.arange(key.size, dtype=np.int64))
    present = first < key.size
    position = np.cumsum(present) - 1
    return first[present], position[key]


def _concatenated(strings: pa.Array | pa.ChunkedArray) -> str:
    """The values of a string array one after another (its data buffer: no per-row objects)."""
    return str(line_buffer(strings), "utf-8")


def reach_json(rows: pd.DataFrame | Mapping[str, Any], *, indent: int | None = 1) -> str:
    """The reach table as a JSON list of objects, one per row (keys as :func:`reach_csv`).

    Values are JSON numbers and strings; a missing bearing (NaN: a city at the launch point) is
    ``null``. NaN or infinity anywhere else raises ``ValueError``. Text is written as it is
    (section 7 is about spreadsheets and CSV).
    """
    if not _is_frame(rows):
        rows = rows_frame(rows)
    table = reach_table(rows)
    if indent == 1 and len(table):  # the registry's form: written a column at a time
        return _json_lines(table, rows)
    records = table.to_dict(orient="records")
    for record in records:
        for key, value in record.items():
            if key == "bearing_deg" and isinstance(value, float) and math.isnan(value):
                record[key] = None
            elif isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"reach rows: {key} is {value} (not a finite number)")
            if hasattr(value, "item"):  # a numpy scalar left by pandas
                record[key] = value.item()
    return json.dumps(records, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"


def _json_lines(table: pd.DataFrame, rows: pd.DataFrame) -> str:
    """``json.dumps(records, indent=1, ensure_ascii=False)`` of the table, built like the CSV:
    each distinct text once (``json.dumps``), numbers as ``repr``, NaN bearings as ``null``."""
    for column in ("latitude", "longitude", "distance_km", "bearing_deg"):
        values = table[column].to_numpy(dtype=float)
        bad = ~np.isfinite(values) & ~(np.isnan(values) if column == "bearing_deg" else False)
        if bad.any():
            raise ValueError(f"reach rows: {column} is {values[bad][0]} (not a finite number)")
    first, inverse = _first_rows(_city_key(rows))
    cities = table.iloc[first]
    where = pa.array(inverse)

    def text(values: pd.Series) -> pa.Array:
        return pa.array(
            [json.dumps(v, ensure_ascii=False) for v in string_values(values).to_pylist()],
            pa.large_string(),
        )

    def labels(values: pd.Series) -> pa.Array:
        encoded = pc.dictionary_encode(string_values(values))
        dictionary = [json.dumps(v, ensure_ascii=False) for v in encoded.dictionary.to_pylist()]
        return pc.take(pa.array(dictionary, pa.large_string()), encoded.indices)

    bearing = table["bearing_deg"].to_numpy(dtype=float)
    bearing_cells = pc.if_else(
        pa.array(np.isnan(bearing)),
        text_scalar("null"),
        fixed_cells(bearing, REACH_DECIMALS["bearing_deg"]),
    )
    values = {
        "city": pc.take(text(cities["city"]), where),
        "country": pc.take(text(cities["country"]), where),
        "latitude": pc.take(float_cells(cities["latitude"]), where),
        "longitude": pc.take(float_cells(cities["longitude"]), where),
        "population": pc.take(int_cells(cities["population"]), where),
        "launch": labels(table["launch"]),
        "system": labels(table["system"]),
        "distance_km": fixed_cells(
            table["distance_km"].to_numpy(dtype=float), REACH_DECIMALS["distance_km"]
        ),
        "bearing_deg": bearing_cells,
        PART_OF: pc.take(text(cities[PART_OF]), where),
    }
    fields = []
    for name in OUTPUT_COLUMNS:
        fields += [text_scalar(f"  {json.dumps(name)}: "), values[name], text_scalar(",\n")]
    fields[-1] = text_scalar("\n },\n")
    objects = pc.binary_join_element_wise(text_scalar(" {\n"), *fields, text_scalar(""))
    body = _concatenated(objects)
    return "[\n" + body[: -len(",\n")] + "\n]\n"


def _rows(data: ExportData) -> pd.DataFrame | Mapping[str, Any]:
    if data.rows is None:
        raise ValueError("a reach table needs reach rows")
    if isinstance(data.rows, ReachQuery):
        return data.rows.columns()
    return data.rows


def write_csv(data: ExportData) -> str:
    """The registry's writer: :func:`reach_csv` of ``data.rows`` (with :data:`SYSTEM_NAME` when
    ``data.system_names`` asks for it, :func:`write_csv_bytes`)."""
    if data.system_names:
        return "".join(str(part, "utf-8") for part in write_csv_bytes(data))
    return reach_csv(_rows(data))


def write_json(data: ExportData) -> str:
    """The registry's writer: :func:`reach_json` of ``data.rows``."""
    return reach_json(_rows(data))


def write_csv_bytes(data: ExportData) -> Iterable[bytes | memoryview]:
    """:func:`write_csv` as UTF-8 buffers (:func:`reach_csv_parts`): the same bytes. A
    :class:`ranges.reach.pairtable.ReachQuery` without launch areas is streamed, one launch point
    at a time (:func:`ranges.export.reachstream.reach_csv_stream`)."""
    query = data.rows
    if data.system_names:
        return reach_csv_parts(_rows(data), {s.id: s.name for s in data.systems})
    if isinstance(query, ReachQuery) and not query.areas:
        return reach_csv_stream(
            query.points, query.systems, query.gazetteer, min_population=query.min_population
        )
    return reach_csv_parts(_rows(data))
