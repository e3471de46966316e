"""The scale bar: a length in the chosen units, in four alternating blocks, lower right.

Its length is the largest "nice" number (1, 2, 2.5 or 5 x 10^k) under a fraction of the map's
width. On an azimuthal equidistant map the scale is true only along lines from the centre, and
the bar says so.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ranges.pictures.canvas.shapes import add_patch
from ranges.pictures.figure import INK, MUTED
from ranges.units import KM_PER_UNIT

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_scale_bar", "nice"]


def nice(value: float) -> float:
    """The largest of 1, 2, 2.5, 5 x 10^k not above ``value``."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for m in (5, 2.5, 2, 1):
        if m * 10**exp <= value:
            return m * 10**exp
    return 10**exp


def draw_scale_bar(
    ax: Axes,
    box: tuple[float, ...],
    units: str,
    *,
    note: bool = True,
    fraction: float = 0.2,
) -> Any:
    """A scale bar in ``units`` in the lower right of ``ax``, whose limits are ``box``
    (projected metres), about ``fraction`` of its width; ``note``: say where it is true.
    Returns its box on the canvas (display pixels: its background and every figure and word),
    which labels must not cover. The middle figure is left out where the bar is too short for
    three ("0", "125", "250 km" ran together as "125250 km")."""
    from matplotlib.patches import Rectangle
    from matplotlib.transforms import Bbox

    xmin, ymin, xmax, ymax = box
    unit_m = KM_PER_UNIT[units] * 1000.0
    length = nice(fraction * (xmax - xmin) / unit_m)
    length_m = length * unit_m
    x0 = xmax - 0.03 * (xmax - xmin) - length_m
    y0 = ymin + 0.045 * (ymax - ymin)
    h = 0.008 * (ymax - ymin)
    background = Rectangle(
        (x0 - 0.012 * (xmax - xmin), y0 - 0.02 * (ymax - ymin)),
        length_m + 0.03 * (xmax - xmin),
        0.075 * (ymax - ymin),
        facecolor="white",
        alpha=0.8,
        edgecolor="none",
        zorder=8,
    )
    add_patch(ax, background)
    for i in range(4):
        add_patch(
            ax,
            Rectangle(
                (x0 + i * length_m / 4, y0),
                length_m / 4,
                h,
                facecolor=INK if i % 2 == 0 else "white",
                edgecolor=INK,
                linewidth=0.5,
                zorder=9,
            ),
        )
    figures = []
    for value, x in ((0, x0), (length / 2, x0 + length_m / 2), (length, x0 + length_m)):
        label = f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:g}"
        if value == length:
            label += f" {units}"
        figures.append(
            ax.text(
                x, y0 + h * 1.6, label, fontsize=5.8, ha="center", va="bottom", color=INK, zorder=9
            )
        )
    renderer = ax.figure.canvas.get_renderer()
    if figures[-1].get_window_extent(renderer).x1 > ax.get_window_extent(renderer).x1 - 2:
        figures[-1].set_horizontalalignment("right")  # ends at the bar's end, inside the map
    _spaced(figures, renderer)
    parts = [background, *(f for f in figures if f.axes is not None)]
    if note:
        parts.append(
            ax.text(
                x0 + length_m / 2,
                y0 - h * 0.6,
                "true along lines from the centre",
                fontsize=4.8,
                ha="center",
                va="top",
                color=MUTED,
                zorder=9,
            )
        )
    return Bbox.union([p.get_window_extent(renderer) for p in parts])


def _spaced(figures: list[Any], renderer: Any, gap_px: float = 4.0) -> None:
    """Leave out the middle of the bar's three figures (then the first) where they would run
    together: fewer than ``gap_px`` pixels apart."""
    boxes = [f.get_window_extent(renderer) for f in figures]

    def apart(a: Any, b: Any) -> bool:
        return a.x1 + gap_px <= b.x0

    if not (apart(boxes[0], boxes[1]) and apart(boxes[1], boxes[2])):
        figures[1].remove()
        if not apart(boxes[0], boxes[2]):
            figures[0].remove()
