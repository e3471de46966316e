"""Pydantic's validation errors as one short line a catalogue's author can act on:
``variants[1] (id 'block-iv'): max_range_km: must be at most 20000 (got 30000)``.

Imports only pydantic, :mod:`ranges.text` and :mod:`ranges.catalogue` (fields, sources).
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from ranges.catalogue.fields import SELECTION_FIELDS
from ranges.catalogue.sources import Source, Variant
from ranges.text import describe, exact_number, value_text

__all__ = ["explain_all"]


_MAX_REPORTED_ERRORS = 3


def explain_all(
    errors: Sequence[ErrorDetails], entry: dict | None, entry_model: type[BaseModel]
) -> str:
    """Up to three errors of one entry as ``field: message; field: message``; an error inside
    a variant names it: ``variants[1] (id 'block-iv'): max_range_km: ...``."""
    parts = []
    for error in errors[:_MAX_REPORTED_ERRORS]:
        field, message = _explain(error, entry_model)
        field = _name_variant(field, error["loc"], entry)
        parts.append(f"{field}: {message}" if field else message)
    if len(errors) > _MAX_REPORTED_ERRORS:
        parts.append(f"and {len(errors) - _MAX_REPORTED_ERRORS} more")
    return "; ".join(parts)


def _explain(error: ErrorDetails, entry_model: type[BaseModel]) -> tuple[str, str]:
    """The field path (e.g. ``sources[0].url``) and a short message for one pydantic error."""
    loc = error["loc"]
    kind = error["type"]
    value = error.get("input")
    ctx: dict[str, Any] = error.get("ctx") or {}
    if kind == "extra_forbidden":
        return _field_path(loc[:-1]), _unknown_field(loc, entry_model)
    if kind == "invalid_key":
        return _field_path(loc[:-1]), f"field names must be strings (got {describe(loc[-1])})"
    if kind == "missing":
        message = "is required"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {"greater_than": ("greater than", "gt"), "greater_than_equal": ("at least", "ge")}
        bound |= {"less_than": ("less than", "lt"), "less_than_equal": ("at most", "le")}
        words, key = bound[kind]
        message = f"must be {words} {exact_number(ctx[key])} (got {value_text(value)})"
    elif kind == "finite_number":
        message = f"must not be NaN or infinite (got {value_text(value)})"
    elif kind in ("float_type", "float_parsing", "int_type", "int_parsing"):
        message = f"must be a number (got {describe(value)})"
    elif kind == "string_type":
        message = f"must be a string (got {describe(value)})"
        if isinstance(value, bool | int | float | datetime.date):
            message += "; put it in quotes"
    elif kind in ("tuple_type", "list_type"):
        message = f"must be a list (got {describe(value)})"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"must be a mapping of fields (got {describe(value)})"
    elif kind == "literal_error":
        choices = ", ".join(re.findall(r"'([^']*)'", ctx.get("expected", "")))
        message = f"must be one of {choices} (got {value_text(value)})"
    elif kind == "value_error" and "error" in ctx:
        message = str(ctx["error"])
    else:
        message = error["msg"][:1].lower() + error["msg"][1:]
    return _field_path(loc), message


def _name_variant(field: str, loc: tuple[int | str, ...], entry: dict | None) -> str:
    """``variants[1].max_range_km`` as ``variants[1] (id 'block-iv'): max_range_km``."""
    if len(loc) < 2 or loc[0] != "variants" or not isinstance(loc[1], int) or entry is None:
        return field
    variants = entry.get("variants")
    variant = variants[loc[1]] if isinstance(variants, list) and loc[1] < len(variants) else None
    head = f"variants[{loc[1]}]"
    if isinstance(variant, dict) and isinstance(variant.get("id"), str):
        head += f" (id {value_text(variant['id'])})"
    rest = field.removeprefix(f"variants[{loc[1]}]").lstrip(".")
    return f"{head}: {rest}" if rest else head


def _unknown_field(loc: tuple[int | str, ...], entry_model: type[BaseModel]) -> str:
    """``unknown field 'qoute' (did you mean 'quote'?)``, hinting only at a clear best match."""
    name = str(loc[-1])
    parents = loc[:-1]
    if "sources" in parents:
        model: type[BaseModel] = Source
    elif "variants" in parents:
        model = Variant
    else:
        model = entry_model
    known_fields = [k for k in model.model_fields if k not in SELECTION_FIELDS]
    scored = sorted(
        ((difflib.SequenceMatcher(None, name, known).ratio(), known) for known in known_fields),
        reverse=True,
    )
    (best_score, best), (second_score, _) = scored[0], scored[1]
    hint = f" (did you mean {best!r}?)" if best_score >= 0.7 and best_score > second_score else ""
    return f"unknown field {value_text(name)}{hint}"


def _field_path(loc: tuple[int | str, ...]) -> str:
    """``('sources', 0, 'url')`` as ``sources[0].url``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path
