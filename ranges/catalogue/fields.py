"""The building blocks of catalogue entries: bounds, id rules, visible-text types, the strict
model configuration, and the checks that systems and their variants share.

Imports only pydantic and :mod:`ranges.text`; :mod:`ranges.catalogue.sources` and
:mod:`ranges.catalogue.systems` build on it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, ConfigDict, ValidationInfo

from ranges.text import exact_number, value_text

__all__ = [
    "ID_PATTERN",
    "MAX_RANGE_KM",
    "SELECTION_FIELDS",
    "SELECT_ALL",
    "STRICT",
    "VARIANT_SEPARATOR",
    "LongText",
    "NonBlank",
    "Text",
    "check_id_text",
    "check_min_below_max_km",
    "check_some_sources",
    "check_url",
    "has_space_or_control",
    "hidden_character",
]

MAX_RANGE_KM: float = 20_000.0
"""Largest maximum range accepted, km: about the longest geodesic on Earth (20,003.9 km)."""

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
SELECT_ALL = "all"

VARIANT_SEPARATOR = ":"
"""Between a system's id and a variant's id in a selection: ``tomahawk:block-iv``."""

# Fields a selection sets on a system (which variant it shows); a catalogue may not write them.
SELECTION_FIELDS = ("variant", "variant_name")


def not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("must not be empty")
    return text


# Characters no catalogue text may hold, because they disguise it: controls (C0, C1), line and
# paragraph separators, lone surrogates, and every invisible format character (category Cf):
# bidirectional embeddings, overrides, isolates and marks (U+202E shows "ATACMS\u202eSMC" as
# something else), zero-width spaces, joiners and non-joiners ("ATA\u200dCMS" looks exactly like
# "ATACMS"), the soft hyphen, the byte-order mark. Launch labels refuse the same
# (ranges.places.points),
# except that a label may hold a zero-width joiner. A name in a script that needs ZWJ/ZWNJ can be
# written in its unjoined form; a disguise cannot be told from the real name.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})


def hidden_character(text: str, allowed: str = "") -> str | None:
    """``"U+202E at character 7"`` for the first hidden character of ``text``, else None."""
    for index, char in enumerate(text):
        if char not in allowed and unicodedata.category(char) in _HIDDEN_CATEGORIES:
            return f"U+{ord(char):04X} at character {index + 1}"
    return None


def visible_line(text: str) -> str:
    where = hidden_character(text)
    if where is not None:
        raise ValueError(
            f"must not contain control, zero-width or bidirectional formatting characters ({where})"
        )
    return text


def visible_text(text: str) -> str:
    where = hidden_character(text, allowed="\n")
    if where is not None:
        raise ValueError(
            "must not contain control, zero-width or bidirectional formatting characters "
            f"other than line breaks ({where})"
        )
    return text


NonBlank = Annotated[str, AfterValidator(not_blank)]
"""A string with at least one non-space character (a URL: checked by its own rule)."""
Text = Annotated[str, AfterValidator(not_blank), AfterValidator(visible_line)]
"""One line of visible text: at least one non-space character, no hidden characters."""
LongText = Annotated[str, AfterValidator(not_blank), AfterValidator(visible_text)]
"""Visible text that may run over several lines (quotes and notes)."""

STRICT = ConfigDict(
    frozen=True,
    extra="forbid",
    strict=True,
    allow_inf_nan=False,
    use_attribute_docstrings=True,
)


def check_id_text(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise ValueError(
            "must be 1 to 40 lowercase letters, digits or hyphens, starting with a letter"
            f" or digit (got {value_text(value)})"
        )
    if value == SELECT_ALL:
        raise ValueError(f"'{SELECT_ALL}' is reserved: it selects every system")
    return value


def check_min_below_max_km(min_range_km: float, info: ValidationInfo) -> float:
    max_range_km = info.data.get("max_range_km")
    if max_range_km is not None and min_range_km >= max_range_km:
        raise ValueError(
            f"must be less than max_range_km (got {exact_number(min_range_km)}"
            f" >= {exact_number(max_range_km)})"
        )
    return min_range_km


def check_some_sources(sources: tuple[object, ...]) -> tuple[object, ...]:
    if not sources:
        raise ValueError("must list at least one source")
    return sources


def has_space_or_control(text: str) -> bool:
    return any(char.isspace() or not char.isprintable() for char in text)


def check_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) URL without spaces or controls, else ``ValueError``."""
    if url is None:
        return None
    parts = urlsplit(url)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or has_space_or_control(url)
    ):
        raise ValueError(f"must be an http(s) URL (got {value_text(url)})")
    return url
