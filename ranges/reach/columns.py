"""Columns of the reach tables: gazetteer string tables, arrow arrays and pandas frames.

The engine's tables hold text as pyarrow arrays built from their buffers (``arrow_strings``,
``arrow_array``: no Python string per row and no pandas import), gathered by index as
dictionary arrays (``coded``) or as pandas' default ``str`` arrays (``strings``). Without
pyarrow the same functions work on numpy object arrays, the slow way. pandas is imported on
first use: the command line's reach CSV is written from these arrays without it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ranges.geometry.screening import gazetteer_normals
from ranges.places.gazetteer import Gazetteer
from ranges.reach.schema import ROW_COLUMNS, TEXT_COLUMNS

if TYPE_CHECKING:  # pandas is imported on first use (see lazy_pandas)
    import pandas as pd

try:  # pyarrow comes with streamlit; without it string columns are built the slow way
    import pyarrow as pa

    from ranges import arrowfn  # (not Array.take: it imports pyarrow.compute, 0.1 s)
except ImportError:  # pragma: no cover - exercised only where pyarrow is absent
    pa = None
    arrowfn = None

__all__ = [
    "CityArrays",
    "arrow_array",
    "arrow_strings",
    "city_arrays",
    "coded",
    "joined_strings",
    "labels",
    "lazy_pandas",
    "plain",
    "rows_frame",
    "str_dtype",
    "string_table",
    "strings",
    "taken",
]


def lazy_pandas() -> Any:
    """pandas, imported on first use (``python -m ranges reach`` writes its CSV without it)."""
    import pandas  # deferred: 0.2 s of the command line's start

    return pandas


def str_dtype() -> Any:
    """pandas' default string dtype (``"str"``)."""
    return lazy_pandas().StringDtype(na_value=np.nan)


@dataclass(frozen=True)
class CityArrays:
    """Per-gazetteer arrays, computed once: unit normals and string tables."""

    normals: np.ndarray  # (3, n) unit vectors of geodetic latitude/longitude
    names: object  # pyarrow array, or numpy object array without pyarrow
    countries: object
    part_of: object  # the name of the city each place is a section of, or ""


_CITY_CACHE: weakref.WeakKeyDictionary[Gazetteer, CityArrays] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()


def string_table(values: Sequence[str]) -> object:
    """``values`` as a string table: a pyarrow ``large_string`` array, or numpy's without it."""
    if pa is not None:
        return arrow_strings(values)
    return np.asarray(values, dtype=object)


def arrow_strings(values: Sequence[str]) -> pa.Array:
    """``pa.array(values, pa.large_string())`` for Python strings, built from its buffers.

    ``pa.array`` imports pandas (0.2 s) to ask whether its argument is a Series; building the
    arrays from their buffers keeps ``python -m ranges reach`` free of it. The strings are
    joined and encoded at once, cut at the NUL separators (UTF-8 writes a NUL byte only for
    U+0000, so a string holding one takes the slower way, one string at a time): 235,000 names in
    15 ms instead of 80.
    """
    return joined_strings(np.frombuffer("\0".join(values).encode("utf-8"), np.uint8), values)


def joined_strings(data: np.ndarray, values: Sequence[str] | None = None) -> pa.Array:
    """The strings in ``data`` (UTF-8 joined by NUL, uint8) as an arrow array; ``values``, the
    same strings, are encoded one at a time if one of them holds a NUL (``None``: none does)."""
    n = len(values) if values is not None else int(np.count_nonzero(data == 0)) + 1
    cuts = np.flatnonzero(data == 0)
    offsets = np.empty(n + 1, dtype=np.int64)
    offsets[0] = 0
    if n and cuts.size == n - 1:
        offsets[1:-1] = cuts - np.arange(n - 1)
        offsets[-1] = data.size - (n - 1)
        data = data[data != 0] if n > 1 else data
    else:
        assert values is not None
        encoded = [v.encode("utf-8") for v in values]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
        np.cumsum(lengths, out=offsets[1:])
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )


def arrow_array(values: np.ndarray) -> pa.Array:
    """``pa.array(values)`` for a numpy array of booleans, integers, floats or ASCII text (``S``
    or ``U``), built from its buffers (see :func:`arrow_strings`); text as ``large_string``."""
    values = np.ascontiguousarray(values)
    n = values.size
    if values.dtype.kind in "SU":
        text = values.astype("S") if values.dtype.kind == "U" else values
        width = text.dtype.itemsize
        lengths = np.char.str_len(text).astype(np.int64)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        if width:
            grid = text.view(np.uint8).reshape(n, width)
            data = grid[np.arange(width) < lengths[:, None]]
        else:
            data = np.empty(0, dtype=np.uint8)
        return pa.Array.from_buffers(
            pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
        )
    if values.dtype == np.bool_:
        bits = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), n, [None, pa.py_buffer(bits)])
    return pa.Array.from_buffers(pa.from_numpy_dtype(values.dtype), n, [None, pa.py_buffer(values)])


def city_arrays(gazetteer: Gazetteer) -> CityArrays:
    """The :class:`CityArrays` of ``gazetteer`` (made once per gazetteer, then cached)."""
    with _CACHE_LOCK:
        cached = _CITY_CACHE.get(gazetteer)
    if cached is not None:
        return cached
    packed, column = gazetteer.packed_names, gazetteer.country_column
    if pa is not None and packed is not None and column is not None:
        # From the binary cache's own forms: no Python string per row (40 ms for cities500).
        names = joined_strings(packed.blob)
        countries = arrowfn.take(arrow_strings(column.names), arrow_array(column.index))
        parents = np.where(gazetteer.section_of >= 0, gazetteer.section_of, len(gazetteer))
        part_of = arrowfn.take(pa.concat_arrays([names, arrow_strings([""])]), arrow_array(parents))
    else:
        names = string_table(gazetteer.names)
        countries = string_table(gazetteer.countries)
        part_of = string_table(_parent_names(gazetteer))
    arrays = CityArrays(
        normals=gazetteer_normals(gazetteer), names=names, countries=countries, part_of=part_of
    )
    with _CACHE_LOCK:
        _CITY_CACHE[gazetteer] = arrays
    return arrays


def _parent_names(gazetteer: Gazetteer) -> list[str]:
    names = gazetteer.names
    return [names[k] if k >= 0 else "" for k in gazetteer.section_of.tolist()]


def taken(table: object, index: np.ndarray) -> object:
    """Entries ``index`` of a string table (a pyarrow array, or numpy's without pyarrow)."""
    if pa is not None:
        return table.take(arrow_array(index))
    return table[index]


def strings(table: object, index: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Entries ``index`` of a string table, as pandas' default ``str`` array (no Python loop)."""
    return lazy_pandas().array(taken(table, index), dtype=str_dtype())


def labels(values: Sequence[str], index: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """``values[index]`` (labels of launch points or systems, say) as a ``str`` array."""
    return strings(string_table(values), index)


def coded(table: object, index: np.ndarray) -> object:
    """Entries ``index`` of a string table, as a pyarrow dictionary array over the table (no
    string is copied: 2 M rows of names take 0.4 s to gather), or a numpy array without
    pyarrow."""
    if pa is not None:
        return pa.DictionaryArray.from_arrays(arrow_array(index), table)
    return table[index]


def plain(values: object) -> object:
    """A dictionary array's values, gathered (see :func:`coded`); other arrays as they are."""
    if pa is not None and isinstance(values, pa.DictionaryArray):
        return values.dictionary.take(values.indices)
    return values


def rows_frame(columns: dict[str, Any]) -> pd.DataFrame:
    """``Reach.rows`` from ``reach_columns``: text as pandas' default ``str`` dtype."""
    pd = lazy_pandas()
    frame = {
        name: pd.array(plain(values), dtype=str_dtype()) if name in TEXT_COLUMNS else values
        for name, values in columns.items()
    }
    return pd.DataFrame(frame, columns=ROW_COLUMNS, copy=False)
