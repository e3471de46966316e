"""The reach table's cells: columns of values formatted as CSV (and JSON) text, vectorised.

Each function turns a column (pandas, numpy or pyarrow) into a pyarrow string array of cells,
formatting only what it must in Python: text quoted by the ``csv`` module's minimal rule and
made spreadsheet-safe (docs/INTERFACES.md section 7), floats as Python's ``repr`` writes them,
rounded distances and bearings (``REACH_DECIMALS``) from integers. Both writers of the table use
them: :mod:`ranges.export.rows` (the whole table) and :mod:`ranges.export.reachstream` (the
command line's stream), so that their bytes are the same.
"""

from __future__ import annotations

import functools
import math
import re
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from ranges import arrowfn as pc
from ranges.export import FORMULA_STARTS
from ranges.reach.columns import arrow_array, arrow_strings

if TYPE_CHECKING:  # pandas is imported where a Series is handled: the command line's CSV
    import pandas as pd  # is written from the engine's arrays without it

__all__ = [
    "REACH_DECIMALS",
    "bearing_cells",
    "distance_cells",
    "fixed_cells",
    "float_cells",
    "float_values",
    "fraction_cells",
    "int_cells",
    "line_buffer",
    "spreadsheet_safe_strings",
    "string_values",
    "text_cells",
    "text_scalar",
]

# Decimals of the table's distances (km: 3 is a metre) and bearings (degrees).
REACH_DECIMALS = {"distance_km": 3, "bearing_deg": 2}


def float_values(values: Any) -> np.ndarray:
    """A numeric column (numpy array or pandas Series) as a float64 numpy array."""
    if isinstance(values, np.ndarray):
        return values.astype(float, copy=False)
    return values.to_numpy(dtype=float)


def string_values(values: pd.Series | pa.Array | np.ndarray) -> pa.Array:
    """A text column (pandas, numpy, a pyarrow string or dictionary array) as a pyarrow
    ``large_string`` array, missing values (None, NaN) as empty strings."""
    if isinstance(values, pa.DictionaryArray):
        values = pc.take(values.dictionary, values.indices)
    if isinstance(values, pa.Array) and (
        pa.types.is_string(values.type) or pa.types.is_large_string(values.type)
    ):
        return pc.fill_null(pc.cast(values, pa.large_string()), text_scalar(""))
    array = pa.array(values, from_pandas=True)
    if not pa.types.is_string(array.type) and not pa.types.is_large_string(array.type):
        array = pa.array([None if _missing(v) else str(v) for v in values], pa.large_string())
    return pc.fill_null(pc.cast(array, pa.large_string()), text_scalar(""))


def text_cells(values: pd.Series | pa.Array) -> pa.Array:
    """Text as CSV cells: spreadsheet-safe (a leading ``'`` before a formula's first character,
    section 7), then quoted as the ``csv`` module's minimal rule (``,`` ``"`` or a line break)."""
    text = spreadsheet_safe_strings(string_values(values))
    quote = pc.match_substring_regex(text, '[,"\n\r]')
    escaped = pc.replace_substring(text, '"', '""')
    quoted = pc.binary_join_element_wise(
        text_scalar('"'), escaped, text_scalar('"'), text_scalar("")
    )
    return pc.if_else(quote, quoted, text)


_FORMULA_START = "^[" + re.escape("".join(FORMULA_STARTS)) + "]"


def spreadsheet_safe_strings(text: pa.Array) -> pa.Array:
    """:func:`ranges.export.spreadsheet_safe` over a string array, vectorised: a value that
    begins with ``= + - @``, a tab or a carriage return gets a leading ``'`` (docs/INTERFACES.md
    section 7). Applied to the text columns only (city, country, launch, system, part_of; their
    distinct values, as the writer formats each once); numbers are never passed through it. The
    array is returned as it is when nothing matches (the usual case: no copy)."""
    formula = pc.match_substring_regex(text, _FORMULA_START)
    if not pc.any(formula).as_py():
        return text
    return pc.if_else(
        formula, pc.binary_join_element_wise(text_scalar("'"), text, text_scalar("")), text
    )


# Coordinates with at most this many decimals (GeoNames' have five) are written from integers.
_FLOAT_DECIMALS = 5


def float_cells(values: pd.Series | np.ndarray) -> pa.Array:
    """Floats as Python's ``repr`` writes them (numpy's shortest round-trip form is the same);
    NaN as an empty cell.

    ``repr`` is slow (0.13 s for the 235,000 latitudes of ``cities500`` by numpy's Dragon4, about
    a third of that by Python's own).
    A float ``x`` equal to ``k / 10**5`` for an integer ``k`` is written by :func:`fixed_cells`
    instead: the decimal ``k * 10**-5`` rounds to ``x``, and when ``abs(x) < 1e10`` a double's
    spacing there is below ``10**-5 / 2``, so no other decimal of five places or fewer rounds
    to ``x``: ``repr``'s shortest form is that decimal, trailing zeros stripped (``repr``
    switches to an exponent below ``1e-4``: those keep the slow way, as do all other floats).
    """
    numbers = float_values(values)
    scale = 10.0**_FLOAT_DECIMALS
    magnitude = np.abs(numbers)
    with np.errstate(over="ignore"):  # 1e308 * 1e5: inf, not equal to the number
        fixed = (np.rint(numbers * scale) / scale == numbers) & (magnitude < 1e10)
    fixed &= (magnitude >= 1e-4) | (numbers == 0.0)
    if not fixed.all():
        # Python's repr, not numpy's astype(str): the same text (Gay's shortest round trip
        # against numpy's Dragon4), 2.8x faster (the 64,115 latitudes of every airfield, a third of
        # them float32 values with 14 digits: 95 ms against 266 under the same load).
        text = arrow_strings(list(map(repr, np.where(fixed, 0.0, numbers).tolist())))
        if fixed.any():
            text = pc.if_else(
                arrow_array(fixed),
                fixed_cells(np.where(fixed, numbers, 0.0), _FLOAT_DECIMALS),
                text,
            )
        return pc.if_else(arrow_array(np.isnan(numbers)), text_scalar(""), text)
    return fixed_cells(numbers, _FLOAT_DECIMALS)


def int_cells(values: pd.Series | np.ndarray) -> pa.Array:
    """Integers as decimal text."""
    if isinstance(values, np.ndarray) and np.issubdtype(values.dtype, np.integer):
        return pc.cast(arrow_array(values), pa.large_string())
    import pandas as pd

    if pd.api.types.is_integer_dtype(values):
        return pc.cast(pa.array(values.to_numpy()), pa.large_string())
    return pa.array([_int_cell(v) for v in values], pa.large_string())


def _int_cell(value: object) -> str:
    return "" if _missing(value) else str(int(value))


def line_buffer(strings: pa.Array | pa.ChunkedArray) -> memoryview:
    """The values of a string array one after another, as UTF-8 bytes: a view of the array's
    data buffer (no per-row objects)."""
    if isinstance(strings, pa.ChunkedArray):
        strings = strings.combine_chunks()
    strings = pc.cast(strings, pa.large_string())
    offsets = np.frombuffer(strings.buffers()[1], dtype=np.int64)
    first, last = offsets[strings.offset], offsets[strings.offset + len(strings)]
    return memoryview(strings.buffers()[2])[first:last]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fixed_cells(values: np.ndarray, decimals: int) -> pa.Array:
    """Already-rounded floats as ``repr`` writes them, from integers: 12.5 -> "12.5",
    2000.0 -> "2000.0", NaN -> "". ``repr`` of ``k / 10**decimals`` is that decimal with its
    trailing zeros stripped, as the division is correctly rounded."""
    scale = 10**decimals
    missing = np.isnan(values)
    units = np.rint(np.where(missing, 0.0, values) * scale).astype(np.int64)
    whole, frac = np.divmod(np.abs(units), scale)
    signed = pc.cast(arrow_array(whole), pa.large_string())
    negative = np.signbit(values) & ~missing  # -0.0 too: repr writes "-0.0"
    if negative.any():
        sign = arrow_array(np.where(negative, b"-", b""))  # bytes: no U -> S conversion
        signed = pc.binary_join_element_wise(sign, signed, text_scalar(""))
    fraction = pc.take(fraction_cells(decimals), arrow_array(frac))
    text = pc.binary_join_element_wise(signed, fraction, text_scalar("."))
    if missing.any():
        return pc.if_else(arrow_array(missing), text_scalar(""), text)
    return text


@functools.cache
def fraction_cells(decimals: int) -> pa.Array:
    """The digits after the point of ``k / 10**decimals`` for k in ``range(10**decimals)``,
    trailing zeros stripped ("0" for 0): "5" for k = 50 of 2 decimals. Built from a digit
    matrix (100,000 f-strings took 30 ms), once per process."""
    scale = 10**decimals
    powers = 10 ** np.arange(decimals - 1, -1, -1)
    digits = (np.arange(scale)[:, None] // powers % 10).astype(np.uint8)
    # Trailing zeros become NUL bytes, which numpy's fixed-width bytes drop at the end.
    trailing = np.cumprod(digits[:, ::-1] == 0, axis=1)[:, ::-1].astype(bool)
    text = np.where(trailing, 0, digits + ord("0")).astype(np.uint8)
    text[0, 0] = ord("0")
    return arrow_array(np.ascontiguousarray(text).view(f"S{decimals}").reshape(scale))


def text_scalar(value: str) -> pa.Scalar:
    """``value`` as one Arrow string, for joining cells."""
    return arrow_strings([value])[0]  # not pa.scalar: it imports pandas


# The text of every bearing of two decimals, and of every whole kilometre up to the longest
# range, made once: one gather per row instead of a cast and a join (``fixed_cells``), the
# same text (``fixed_cells`` of ``k / 100`` writes the integers ``divmod(k, 100)``).
_BEARINGS = 36_000
_WHOLE_KM = 20_001


def bearing_cells(bearing: np.ndarray) -> pa.Array:
    """``fixed_cells(bearing, 2)`` (the same text, faster: a table lookup) for bearings rounded
    to 2 decimals in [0, 360) or NaN."""
    decimals = REACH_DECIMALS["bearing_deg"]
    missing = np.isnan(bearing)
    units = np.rint(np.where(missing, 0.0, bearing) * 10**decimals).astype(np.int64)
    if units.size and (units.min() < 0 or units.max() >= _BEARINGS or np.signbit(bearing).any()):
        return fixed_cells(bearing, decimals)
    units[missing] = _BEARINGS  # the empty cell
    return pc.take(_bearing_table(), arrow_array(units))


def distance_cells(distance_km: np.ndarray) -> pa.Array:
    """``fixed_cells(distance_km, 3)`` (the same text, faster: a table lookup) for distances
    rounded to 3 decimals."""
    decimals = REACH_DECIMALS["distance_km"]
    units = np.rint(distance_km * 10**decimals)
    if not units.size or np.isnan(units).any() or np.signbit(distance_km).any():
        return fixed_cells(distance_km, decimals)
    whole, fraction = np.divmod(units.astype(np.int64), 10**decimals)
    if whole.max() >= _WHOLE_KM:
        return fixed_cells(distance_km, decimals)
    return pc.binary_join_element_wise(
        pc.take(_whole_km_table(), arrow_array(whole)),
        pc.take(fraction_cells(decimals), arrow_array(fraction)),
        text_scalar(""),
    )


@functools.cache
def _bearing_table() -> pa.Array:
    """Cell ``k`` is the bearing ``k / 100`` degrees; the last one is empty (no bearing)."""
    cells = fixed_cells(np.arange(_BEARINGS) / 100.0, REACH_DECIMALS["bearing_deg"])
    return pa.concat_arrays([cells, arrow_strings([""])])


@functools.cache
def _whole_km_table() -> pa.Array:
    """Cell ``k`` is ``"k."``, the whole kilometres of a distance and its point."""
    whole = pc.cast(arrow_array(np.arange(_WHOLE_KM, dtype=np.int64)), pa.large_string())
    return pc.binary_join_element_wise(whole, text_scalar("."), text_scalar(""))
