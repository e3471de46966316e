"""How a figure's sources are cited wherever a figure is shown: picture footers, the caption
above the map, help texts. Publisher first ("Boston Herald, citing Raytheon: ..."), and a note
where published figures differ ("published figures: 1,600-2,500 km, disputed").

Imports only the catalogue's models and :mod:`ranges.units`; returns plain text (callers escape
it for where it lands: Markdown, HTML, a picture).
"""

from __future__ import annotations

from collections.abc import Sequence

from ranges.catalogue.sources import Source
from ranges.catalogue.systems import System
from ranges.units import format_distance

__all__ = [
    "cite",
    "figure_citations",
    "figures_note",
    "footer_source_lines",
    "published_range_text",
]


def cite(source: Source, *, with_date: bool = True, short: bool = False) -> str:
    """``Publisher: Title (date)``; the title alone where no publisher is given; ``short``:
    the publisher alone where there is one (footers have room for a line a figure)."""
    text = source.publisher if short and source.publisher else source.citation
    return f"{text} ({source.date})" if with_date and source.date else text


def figure_citations(system: System, *, limit: int = 3, short: bool = False) -> list[str]:
    """The citations of the figure ``system`` shows: its own sources, then those of other
    figures of the system with the same range (:meth:`System.figure_sources`), one per
    publication (a publication quoted twice is cited once), at most ``limit`` (then a count)."""
    seen: dict[tuple[str, str | None], str] = {}
    for source in system.figure_sources():
        seen.setdefault((source.title, source.url), cite(source, short=short))
    cited = list(seen.values())
    if len(cited) > limit:
        cited = [*cited[:limit], f"and {len(cited) - limit} more"]
    return cited


def published_range_text(system: System, unit: str = "km") -> str | None:
    """``"1,600-2,500 km"``: the range of the system's published maximum ranges (its own figure
    and its variants'), or None when they all agree."""
    low, high = system.published_range_km()
    if low == high:
        return None
    return f"{format_distance(low, unit).split()[0]}-{format_distance(high, unit)}"


def figures_note(system: System, unit: str = "km") -> str | None:
    """A short note for a figure whose sources disagree: ``"disputed; published figures
    1,600-2,500 km"``, ``"published figures 165-300 km"`` where versions differ, else None."""
    spread = published_range_text(system, unit)
    if system.disputed:
        return f"disputed; published figures {spread}" if spread else "disputed"
    return f"published figures {spread}" if spread else None


def footer_source_lines(systems: Sequence[System], unit: str = "km") -> list[str]:
    """One line per figure drawn, publishers first: ``"BGM-109 Tomahawk, Block IV, 1,600 km:
    Boston Herald, citing Raytheon (2017-04-08); USNI News ... (2016-05-18); and 1 more.
    Published figures 1,600-2,500 km."`` (the note where published figures differ)."""
    lines = []
    for system in systems:
        head = f"{system.label}, {format_distance(system.max_range_km, unit)}"
        line = f"{head}: {'; '.join(figure_citations(system, limit=2, short=True))}"
        note = figures_note(system, unit)
        lines.append(f"{line}. {note[:1].upper()}{note[1:]}." if note else line)
    return lines
