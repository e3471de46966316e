"""The few pyarrow compute kernels the reach table's writers use, called without
``pyarrow.compute``.

``import pyarrow.compute`` builds a Python wrapper, with its docstring, for each of pyarrow's
several hundred kernels: 60-150 ms of the command line's start (``python -m ranges reach``),
more than the kernels it then runs. Array methods such as ``Array.take`` and ``Array.cast``
import it too. These functions call the same kernels through ``pyarrow._compute.call_function``,
the entry point the generated wrappers use, with the same options, so the results are the same.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa
from pyarrow import _compute

__all__ = [
    "any",
    "binary_join_element_wise",
    "cast",
    "dictionary_encode",
    "fill_null",
    "if_else",
    "match_substring_regex",
    "replace_substring",
    "take",
]


def any(values: Any) -> Any:  # the kernel's name, as in pyarrow.compute
    """A boolean scalar: is any value true."""
    return _compute.call_function("any", [values])


def binary_join_element_wise(*strings: Any) -> Any:
    """Each row's strings joined by the last argument (a separator scalar or array)."""
    return _compute.call_function("binary_join_element_wise", list(strings))


def cast(values: Any, target: pa.DataType) -> Any:
    """``values.cast(target)`` (a safe cast)."""
    return _compute.call_function("cast", [values], _compute.CastOptions.safe(target))


def dictionary_encode(values: Any) -> Any:
    return _compute.call_function("dictionary_encode", [values])


def fill_null(values: Any, fill: Any) -> Any:
    """``values.fill_null(fill)``."""
    return _compute.call_function("coalesce", [values, fill])


def if_else(condition: Any, left: Any, right: Any) -> Any:
    return _compute.call_function("if_else", [condition, left, right])


def match_substring_regex(values: Any, pattern: str) -> Any:
    return _compute.call_function(
        "match_substring_regex", [values], _compute.MatchSubstringOptions(pattern)
    )


def replace_substring(values: Any, pattern: str, replacement: str) -> Any:
    return _compute.call_function(
        "replace_substring", [values], _compute.ReplaceSubstringOptions(pattern, replacement)
    )


def take(values: Any, indices: Any) -> Any:
    """``values.take(indices)``."""
    return _compute.call_function("take", [values, indices])
