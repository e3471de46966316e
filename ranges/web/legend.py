"""The legend's lines (escaped HTML): each system with its colour and range, the launch areas,
the city markers, the targets. :class:`ranges.web.elements.MapLegend` draws them on the map;
the app also shows them through Streamlit's Markdown, so names go through
:func:`ranges.text.markdown_html_text`.
"""

from __future__ import annotations

from collections.abc import Sequence

from ranges.catalogue.systems import System
from ranges.style import AREA_COLOR, CITY_COLOR, TARGET_INK, system_color
from ranges.text import html_text, markdown_html_text
from ranges.units import format_distance

__all__ = [
    "areas_legend_html",
    "cities_legend_html",
    "legend_html",
    "targets_legend_html",
]


def legend_html(systems: Sequence[System], units: str) -> str:
    """A small legend: colour swatch, name and range of each shown system (escaped HTML).

    The app shows it through Streamlit's Markdown (HTML allowed), so names are escaped with
    :func:`ranges.text.markdown_html_text`: one line each, Markdown syntax as entities.
    """
    rows = []
    for index, system in enumerate(systems):
        color = html_text(system_color(system, index))
        span = format_distance(system.max_range_km, units)
        if system.min_range_km:
            span = f"{format_distance(system.min_range_km, units)}–{span}"
        rows.append(
            f'<span class="rm-legend-item"><span class="rm-swatch" '
            f'style="background:{color}"></span>{markdown_html_text(system.label)} '
            f"<small>({html_text(span)})</small></span>"
        )
    return '<div class="rm-legend">' + " ".join(rows) + "</div>"


def areas_legend_html(areas: Sequence) -> str:
    """The legend's line for the launch areas (escaped HTML), or "" when there are none."""
    if not areas:
        return ""
    names = ", ".join(markdown_html_text(a.label) for a in areas[:5])
    more = f" and {len(areas) - 5} more" if len(areas) > 5 else ""
    return (
        '<div class="rm-area-legend" style="display:flex;align-items:center;gap:0.4rem;'
        'font-size:0.9rem"><span class="rm-swatch" style="background:transparent;'
        f'border:2px dashed {AREA_COLOR};box-sizing:border-box"></span>'
        f"Launch areas: {names}{more}</div>"
    )


def cities_legend_html() -> str:
    """The legend's entry for the city markers (grey dots and clusters)."""
    return (
        '<span class="rm-legend-item"><span class="rm-swatch" style="background:'
        f'{CITY_COLOR};border-radius:50%"></span>Cities in range '
        "<small>(clusters: how many)</small></span>"
    )


def _diamond(fill: str) -> str:
    return (
        '<span class="rm-swatch rm-target-swatch" style="background:'
        f"{fill};border:2px solid {TARGET_INK};box-sizing:border-box;border-radius:0;"
        'transform:rotate(45deg) scale(0.75)"></span>'
    )


def targets_legend_html(total: int, marked: int) -> str:
    """The legend's entry for the targets (:mod:`ranges.web.targets`): a filled diamond for in
    range (in the colour of the shortest-ranged system that reaches it), a hollow one for out
    of range, and how many of the ``total`` targets are ``marked``; "" when there are none."""
    if total <= 0:
        return ""
    shown = f"{total:,}" if marked >= total else f"{marked:,} of {total:,} marked"
    return (
        f'<span class="rm-legend-item">{_diamond("#888888")}Target in range '
        f"{_diamond('transparent')}out of range <small>({shown})</small></span>"
    )
