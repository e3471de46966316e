"""What every row of the parameter table shares when it reads a link's values.

A row's parser (:mod:`ranges.scenario.linkvalues`) gets the values of its parameter and a
:class:`Reading`: the catalogue's systems, the fields read so far (in table order) and the list
of warnings it adds to. The helpers here quote a value for a warning, list a few of many, and
drop a value over the longest a parameter may carry. Nothing here raises on bad input.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ranges.catalogue.systems import Catalogue, System
from ranges.text import quote

__all__ = [
    "MAX_AREA_CHARS",
    "MAX_PARAM_CHARS",
    "MAX_WARNINGS_PER_PARAM",
    "Reading",
    "or_list",
    "param_values",
    "quoted",
    "some_of",
    "usable_values",
]

# Longest value of one parameter, characters: room for 50 systems with 40-character ids and
# their range overrides (50 x "id:19999.999," is 2,550 characters).
MAX_PARAM_CHARS = 4_000
MAX_WARNINGS_PER_PARAM = 5  # then one line counts the rest
# Longest value of one ``area``: a compact line or polygon of about 1,200 vertices (see
# ranges.scenario.arealink; a drawn line takes ~6.5 characters a vertex). Streamlit's web server
# (uvicorn with h11) keeps at most 16 KiB of a request head that arrives in pieces, so a whole
# link must stay under that: the app also refuses an area that would take its link past
# ranges.ui.areas.MAX_LINK_CHARS.
MAX_AREA_CHARS = 8_000


@dataclass
class Reading:
    """What a row's parser may use: the catalogue's systems by id, the fields read so far (in
    table order) and the warnings; ``from_file`` when the values come from a scenario file
    (own targets' kinds and countries come only from one: a link does not carry them)."""

    known: Mapping[str, System]
    catalogue: Catalogue
    fields: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    from_file: bool = False

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def param_values(params: Mapping[str, object], key: str) -> list[str]:
    """Every value of ``key``: a string, or each item of a list of them (repeated keys)."""
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | bytearray | Mapping):
        return [v if isinstance(v, str) else str(v) for v in value]
    return [str(value)]


def usable_values(
    key: str, value: object, warnings: list[str], limit: int = MAX_PARAM_CHARS
) -> list[str]:
    """The values of one parameter without those over ``limit`` characters (each one warned)."""
    values = param_values({key: value}, key)
    kept = [v for v in values if len(v) <= limit]
    if len(kept) < len(values):
        n = len(values) - len(kept)
        what = "a value" if n == 1 else f"{n} values"
        warnings.append(f"{key}: {what} over {limit:,} characters dropped")
    return kept


def quoted(text: str) -> str:
    """A value of a link quoted for a warning (whitespace collapsed, at most 80 characters)."""
    return quote(text, 40, collapse=True)


def some_of(items: Sequence[str], limit: int = MAX_WARNINGS_PER_PARAM) -> str:
    """``'a', 'b' and 3 more`` for a warning."""
    shown = ", ".join(quoted(i) for i in items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def or_list(words: Sequence[str]) -> str:
    """``km, mi or nmi``."""
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]
