"""A list of targets as parallel columns, validated once where it enters.

A target is a named point (an airfield, a depot, a bridge). Lists run to tens of thousands of
targets (every open airfield: 64,115), so a list is columns, not objects: ``lats``/``lons`` are
read-only float64 arrays (degrees, WGS-84), ``names``, ``kinds`` and ``countries`` sequences of
text in the same order. Text is untrusted (a user's file): :func:`clean_text` collapses
whitespace, drops control characters and bidirectional overrides, and cuts it short, so that
nothing downstream re-checks it; wherever it is shown it is still escaped for where it lands.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ranges.errors import TargetError

__all__ = ["MAX_TEXT_CHARS", "TargetList", "clean_text", "concat", "default_name"]

MAX_TEXT_CHARS = 120
"""Names, kinds and countries are cut to this many characters (ending in "…")."""
# Bidirectional embeddings, overrides and isolates: invisible, and they reorder what is shown.
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def clean_text(text: object) -> str:
    """``text`` as one line of display text: control characters, line separators, lone
    surrogates and bidirectional overrides become spaces, runs of whitespace one space, and it
    is cut to ``MAX_TEXT_CHARS`` (a name from a file is never refused for its characters)."""
    text = "" if text is None else str(text)
    if not text.isprintable():
        text = "".join(
            " " if unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") or c in _BIDI else c
            for c in text
        )
    elif any(c in _BIDI for c in text):
        text = "".join(" " if c in _BIDI else c for c in text)
    text = " ".join(text.split())
    if len(text) > MAX_TEXT_CHARS:
        text = text[: MAX_TEXT_CHARS - 1].rstrip() + "…"
    return text


def default_name(lat: float, lon: float) -> str:
    """The name of a target given without one: its coordinates, ``"50.45, 30.5234"``."""
    return f"{lat:.6g}, {lon:.6g}"


@dataclass(frozen=True)
class TargetList:
    """Targets as parallel columns (see the module docstring).

    ``source``: where the list came from (a set name or a file name), for messages; ``sets``:
    the built-in set names it holds (for a link), empty for a file. Raises
    :class:`ranges.errors.TargetError` if the columns differ in length or a coordinate is not
    finite or out of range (readers check each row first and name it; this is the last guard).
    """

    names: Sequence[str]
    kinds: Sequence[str]
    countries: Sequence[str]
    lats: np.ndarray
    lons: np.ndarray
    source: str = ""
    sets: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        lats = np.asarray(self.lats, dtype=np.float64)
        lons = np.asarray(self.lons, dtype=np.float64)
        n = lats.shape[0] if lats.ndim == 1 else -1
        if lats.ndim != 1 or lons.shape != (n,):
            raise TargetError(f"{self.source or 'a target list'}: coordinates are not two columns")
        if not (len(self.names) == len(self.kinds) == len(self.countries) == n):
            raise TargetError(f"{self.source or 'a target list'}: columns differ in length")
        if n and not (
            np.isfinite(lats).all()
            and np.isfinite(lons).all()
            and float(np.abs(lats).max()) <= 90.0
            and float(np.abs(lons).max()) <= 180.0
        ):
            raise TargetError(f"{self.source or 'a target list'}: a coordinate is out of range")
        if lats.flags.writeable:
            lats = lats.copy() if lats is self.lats else lats
            lats.flags.writeable = False
        if lons.flags.writeable:
            lons = lons.copy() if lons is self.lons else lons
            lons.flags.writeable = False
        object.__setattr__(self, "lats", lats)
        object.__setattr__(self, "lons", lons)

    def __len__(self) -> int:
        return int(self.lats.shape[0])

    @classmethod
    def empty(cls, source: str = "") -> TargetList:
        """A list of no targets."""
        return cls((), (), (), np.empty(0), np.empty(0), source)

    @classmethod
    def of_points(
        cls,
        points: Sequence[tuple[float, float, str]],
        *,
        kind: str = "",
        source: str = "",
    ) -> TargetList:
        """A list from ``(lat, lon, name)`` triples (a blank name becomes the coordinates)."""
        lats = [float(p[0]) for p in points]
        lons = [float(p[1]) for p in points]
        for lat, lon in zip(lats, lons, strict=True):
            if not (math.isfinite(lat) and math.isfinite(lon)):
                raise TargetError(f"{source or 'a target'}: coordinates must be finite")
        names = [clean_text(p[2]) or default_name(p[0], p[1]) for p in points]
        return cls(
            names,
            [kind] * len(points),
            [""] * len(points),
            np.array(lats, dtype=np.float64),
            np.array(lons, dtype=np.float64),
            source,
        )


def concat(lists: Sequence[TargetList]) -> TargetList:
    """One list of every target of ``lists``, in order (the same target twice stays twice: two
    lists may name one place differently)."""
    if len(lists) == 1:
        return lists[0]
    if not lists:
        return TargetList.empty()
    names: list[str] = []
    kinds: list[str] = []
    countries: list[str] = []
    sets: list[str] = []
    for one in lists:
        names.extend(one.names)
        kinds.extend(one.kinds)
        countries.extend(one.countries)
        sets.extend(s for s in one.sets if s not in sets)
    return TargetList(
        names,
        kinds,
        countries,
        np.concatenate([one.lats for one in lists]),
        np.concatenate([one.lons for one in lists]),
        ", ".join(one.source for one in lists if one.source),
        tuple(sets),
    )
