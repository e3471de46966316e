"""The first screen's caption: what the map shows, from where, and from which source."""

from __future__ import annotations

from collections.abc import Sequence

from ranges.catalogue.citations import cite, published_range_text
from ranges.catalogue.systems import System
from ranges.geometry.areas import LaunchArea
from ranges.places.points import LaunchPoint
from ranges.units import format_distance

__all__ = [
    "CAPTION_TITLE_CHARS",
    "brief_title",
    "comparison_caption",
]


def comparison_caption(
    systems: Sequence[System],
    points: Sequence[LaunchPoint],
    units: str,
    areas: Sequence[LaunchArea] = (),
) -> str:
    """One line (plain text) saying what the map shows and from which source: the ranges,
    longest first, equal ranges named together, from where (the launch points, then the launch
    ``areas``: a map of rings from ``area=UKR`` alone has its caption too)."""
    if not systems or not (points or areas):
        return ""
    by_range: dict[float, list[str]] = {}
    for s in systems:
        by_range.setdefault(round(s.max_range_km, 3), []).append(s.label)
    parts = [
        f"{' and '.join(names)} {format_distance(km, units)}"
        for km, names in sorted(by_range.items(), reverse=True)
    ]
    where = " and ".join(w for w in (_where(points, "points"), _where(areas, "areas")) if w)
    titles = list(dict.fromkeys(s.sources[0].title for s in systems))
    source = (
        f"source: {brief_title(titles[0])}"
        if len(titles) == 1
        else f"sources: {len(titles)} documents (Catalogue tab)"
    )
    if any(s.variant for s in systems):  # a chosen figure: its source, publisher first
        cited = dict.fromkeys(cite(s.sources[0], short=True) for s in systems)
        source = f"source{'s' if len(cited) > 1 else ''}: {'; '.join(cited)}"
    spreads = dict.fromkeys(  # where a figure was chosen (the sidebar says it for the rest)
        f"{s.name} {text}"
        for s in systems
        if s.variant and (text := published_range_text(s, units)) is not None
    )
    differ = f" (published figures: {'; '.join(spreads)})" if spreads else ""
    return f"Ranges from {where}: {', '.join(parts)}{differ} · {source}"


CAPTION_TITLE_CHARS = 40


def brief_title(title: str, limit: int = CAPTION_TITLE_CHARS) -> str:
    """A source's title cut to ``limit`` characters at a word (the caption stays one line; the
    Catalogue tab has the whole title)."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"


def _where(places: Sequence[LaunchPoint] | Sequence[LaunchArea], kind: str) -> str:
    """``Kyiv``, or ``3 launch points`` (``kind``: points or areas); "" for none."""
    if not places:
        return ""
    return places[0].label if len(places) == 1 else f"{len(places)} launch {kind}"
