"""The words of a ring map: ring labels, the title, the subtitle and the footer, and where the
title, subtitle and footer are drawn.

Every name and label is untrusted text: :func:`short_text` puts it on one line, shows control
characters as U+FFFD and cuts it to a length, before it is drawn (as text, never as TeX: see
:mod:`ranges.pictures.figure`).
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ranges.catalogue.citations import published_range_text
from ranges.pictures.figure import INK, MUTED
from ranges.places.editions import DEFAULT_EDITION, EDITION_NOTES
from ranges.units import KM_PER_UNIT, format_distance

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ranges.catalogue.systems import System
    from ranges.pictures.canvas.frame import Frame
    from ranges.pictures.launch import Launch

__all__ = [
    "FOOTER_LINES",
    "MAX_NAME_CHARS",
    "default_title",
    "draw_captions",
    "footer_height",
    "footer_lines",
    "join_names",
    "range_text",
    "ring_label",
    "short_text",
    "subtitle_texts",
]

MAX_NAME_CHARS = 40
FOOTER_LINES = 3


def short_text(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """``text`` on one line, control characters shown as U+FFFD, cut to ``limit`` with "…"."""
    text = "".join(
        "\ufffd" if unicodedata.category(c) == "Cc" else c for c in " ".join(text.split())
    )
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def join_names(names: Sequence[str]) -> str:
    """``"a, b and c"``."""
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def range_text(min_km: float, max_km: float, units: str) -> str:
    """``"300 km"``, or ``"500–2,400 km"`` for an annulus, in ``units``."""
    digits = 0 if max_km / KM_PER_UNIT[units] >= 20 else 1
    if min_km > 0:
        low = format_distance(min_km, units, digits=digits).rsplit(" ", 1)[0]
        return f"{low}–{format_distance(max_km, units, digits=digits)}"
    return format_distance(max_km, units, digits=digits)


def ring_label(names: Sequence[str], min_km: float, max_km: float, units: str) -> str:
    """A ring's label: its system(s) and range, e.g. ``"Storm Shadow / SCALP-EG 250 km"``."""
    return " / ".join(short_text(n) for n in names) + " " + range_text(min_km, max_km, units)


def _figures_name(group: Sequence[System]) -> str:
    """One system's name, and which of its figures are drawn where it is not just its own."""
    if len(group) == 1:
        return short_text(group[0].label)
    which = [s.variant_name or "catalogue figure" for s in group]
    return f"{short_text(group[0].name)} ({', '.join(short_text(w, 30) for w in which)})"


def default_title(systems: Sequence[System], launches: Sequence[Launch]) -> str:
    """``"Range of MGM-140 ATACMS and Tomahawk from Kyiv"``; counts past three of either.
    Figures of one system are named once: ``"BGM-109 Tomahawk (2,400 km, Block IV)"``."""
    figures: dict[str, list[System]] = {}
    for system in systems:
        figures.setdefault(system.system_id, []).append(system)
    names = [_figures_name(group) for group in figures.values()]
    what = join_names(names) if len(names) <= 3 else f"{len(names)} systems"
    labels = [short_text(x.label) for x in launches if x.label]
    where = join_names(labels) if 0 < len(labels) <= 3 else f"{len(launches)} launch sites"
    title = f"Range of {what} from {where}"
    return title if len(title) <= 150 else title[:149] + "…"


def subtitle_texts(frame: Frame, launches: Sequence[Launch]) -> list[str]:
    """The line under the title (the projection, what is true on it, how rings are made), in
    the wordings it may take, longest first: a long launch label shortened, then the centre's
    coordinates instead (an 80-character label ran the line off the picture)."""
    rings = "Rings: geodesics on WGS-84."
    if frame.world:
        return [f"Equal Earth projection: areas are true, distances are not to scale. {rings}"]
    lat, lon = frame.centre
    coordinates = (
        f"{abs(lat):.2f}°{'N' if lat >= 0 else 'S'} {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"
    )
    places = [coordinates]
    if len(launches) == 1 and launches[0].label:
        places = [short_text(launches[0].label, n) for n in (50, 30)] + places
    return [
        f"Azimuthal equidistant projection centred on {where}: distances from the centre are "
        f"true. {rings}"
        for where in dict.fromkeys(places)
    ]


def footer_lines(
    systems: Sequence[System], today: dt.date, edition: str = DEFAULT_EDITION
) -> list[str]:
    """The footer's lines: the sources of the figures drawn, publisher first, and the systems
    citing them (which drawn figures are disputed, with the range of published figures); the
    map data (which borders: :mod:`ranges.places.editions`); the date."""
    by_source: dict[tuple[str, ...], list[str]] = {}
    notes: dict[str, str] = {}  # by system: where its published figures differ
    # room for a title where every figure cites the same first source
    with_title = len({(x.sources[0].title, x.sources[0].url) for x in systems}) == 1
    for system in systems:
        key = tuple(_cited(system, with_title))
        by_source.setdefault(key, []).append(short_text(system.label, 40))
        spread = published_range_text(system)
        if system.disputed and system.system_id not in notes:
            notes[system.system_id] = f"{short_text(system.name, 30)} {spread or 'disputed'}"
    cited = []
    for key, names in by_source.items():
        if len(by_source) == 1 and len(systems) > 1:  # every figure: one source
            cited.append("; ".join(key))
        else:
            cited.append(f"{', '.join(names)}: {'; '.join(key)}")
    # What gets cut when the footer is too long: the list of sources (the Catalogue tab and
    # the files have them all), never where sources differ, the map data or the date.
    spreads: dict[str, list[str]] = {}  # systems with the same published spread together
    for note in notes.values():
        name, _, spread = note.rpartition(" ")
        name, _, first = name.rpartition(" ")
        spreads.setdefault(f"{first} {spread}", []).append(name)
    differ = "; ".join(f"{', '.join(names)} {spread}" for spread, names in spreads.items())
    differ = f"Disputed ranges: {differ}. " if notes else ""
    tail = (
        f" Borders: Natural Earth (public domain), {EDITION_NOTES[edition]}. "
        + "Rings computed with rangemap; made "
        + today.isoformat()
        + "."
    )
    ranges = "Ranges: " + "; ".join(cited) + "."
    width = 165
    room = FOOTER_LINES * (width - 6) - len(differ) - len(tail)  # wrapping loses some room
    if len(ranges) > room:
        ranges = ranges[: max(room - 2, 0)].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"
    lines = textwrap.wrap(differ + ranges + tail, width=width)
    if len(lines) > FOOTER_LINES:
        lines = lines[:FOOTER_LINES]
        lines[-1] = lines[-1][:160].rstrip() + " …"
    return lines


def _cited(system: System, with_title: bool = True) -> list[str]:
    """The figure's own sources, one per publication, publisher first: the first with its
    title where there is room (``with_title``: ``Boston Herald, citing Raytheon, “Raytheon
    riding high …” (2017-04-08)``), the others by publisher and date; at most two, then a
    count."""
    out: dict[tuple[str, str | None], str] = {}
    for source in system.sources:  # the figure's own (the app also names corroborating ones)
        if (source.title, source.url) in out:
            continue
        date = f" ({source.date})" if source.date else ""
        if not out and (with_title or not source.publisher):
            title = f"“{short_text(str(source.title), 27 if source.publisher else 110)}”"
            text = f"{source.publisher}, {title}" if source.publisher else title
        else:
            text = source.publisher or f"“{short_text(str(source.title), 60)}”"
        out[(source.title, source.url)] = text + date
    cited = list(out.values())
    return cited if len(cited) <= 2 else [*cited[:2], f"{len(cited) - 2} more"]


def footer_height(lines: Sequence[str]) -> float:
    """The footer's height, a fraction of the figure's height (5.6 pt lines at 1,500 x 1,000)."""
    return 0.016 + 0.024 * len(lines)


def draw_title(figure: Figure, renderer: Any, text: str, left: float, right: float) -> None:
    """The title, top left, on one line at the largest size from 12.5 pt down to 8 pt that fits
    between ``left`` and ``right`` (figure fractions); else on two lines, 8 pt or less (a title
    is at most 160 characters)."""
    width = figure.bbox.width * (right - left)
    label = figure.text(left, 0.965, text, weight="bold", color=INK, va="top")
    for size in (12.5, 11.0, 10.0, 9.0, 8.0):
        label.set_fontsize(size)
        if label.get_window_extent(renderer).width <= width:
            return
    half = math.ceil(len(text) / 2)
    choices = [textwrap.wrap(text, width=w) for w in (half, half + 4, half + 8, half + 16)]
    two = [c for c in choices if len(c) <= 2] or [[text[:half], text[half:]]]
    lines = min(two, key=lambda c: max(len(line) for line in c))  # the most even split
    label.set_text("\n".join(lines))
    label.set_y(0.978)
    label.set_linespacing(1.05)
    for size in (8.0, 7.0, 6.0, 5.0):  # 160 of the widest letters (W, bold) fit at 5 pt
        label.set_fontsize(size)
        if label.get_window_extent(renderer).width <= width:
            return


def draw_captions(
    figure: Figure,
    renderer: Any,
    *,
    title: str,
    subtitles: Sequence[str],
    footer: Sequence[str],
    left: float,
    right: float,
    top: float,
) -> None:
    """The title and subtitle above the map (whose top is at ``top``) and the footer below it,
    from ``left`` to ``right`` (figure fractions). The subtitle is the first of ``subtitles``
    that fits the width at 6.8 pt, else the last, made smaller until it fits."""
    draw_title(figure, renderer, title, left, right)
    width = figure.bbox.width * (right - left)
    line = figure.text(left, top + 0.012, subtitles[0], fontsize=6.8, color=MUTED)
    for words in subtitles:
        line.set_text(words)
        if line.get_window_extent(renderer).width <= width:
            break
    else:
        for size in (6.0, 5.2, 4.5):
            line.set_fontsize(size)
            if line.get_window_extent(renderer).width <= width:
                break
    figure.text(
        left, 0.012, "\n".join(footer), fontsize=5.6, color=MUTED, va="bottom", linespacing=1.35
    )
