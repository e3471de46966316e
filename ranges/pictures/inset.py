"""The detail map: the short rings again, larger, in a box in the map's lower left, when they
are too small to read beside the long ones (at the opening scale the report's 250 and 300 km
rings are a blob beside 2,400 km).

The detail map runs the map's own painters (:mod:`ranges.pictures.layers`) on its axes, with
land drawn at its finer scale, and gets a scale bar of its own; its extent is outlined on the
map.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ranges.pictures.canvas.frame import fit_box
from ranges.pictures.canvas.land import draw_land, land_paths
from ranges.pictures.canvas.scalebar import draw_scale_bar
from ranges.pictures.canvas.shapes import add_patch, extent
from ranges.pictures.figure import INK, WATER
from ranges.places.editions import DEFAULT_EDITION

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.pictures.canvas.frame import Frame
    from ranges.pictures.labels import LabelRoom
    from ranges.pictures.layers import DrawnRing, Painter

__all__ = ["INSET_BELOW", "INSET_RECT", "Inset", "draw_inset", "small_groups"]

INSET_RECT = (0.012, 0.02, 0.3, 0.42)
"""The detail map's place in the main map (axes fractions: left, bottom, width, height)."""
INSET_BELOW = 0.12
"""Rings smaller than this fraction of the map's half-size (and a quarter of the largest) get a
detail map: at the opening scale the report's 250 and 300 km rings are a blob beside 2,400 km."""


@dataclass
class Inset:
    """The detail map's axes, the box it shows (projected metres) and its scale bar's box on
    the canvas (display pixels)."""

    axes: Axes
    box: tuple[float, float, float, float]
    scale_bar: Any


def small_groups(frame: Frame, groups: dict[tuple, list[DrawnRing]]) -> set[tuple]:
    """The keys of ``groups`` (label groups) whose rings are too small to read on the map: none
    on a world map."""
    if frame.world:
        return set()
    half = min(frame.box[2] - frame.box[0], frame.box[3] - frame.box[1]) / 2
    size = {k: max(extent(d.shape) for d in ms) for k, ms in groups.items()}
    largest = max(size.values(), default=0.0)
    return {k for k, v in size.items() if v < INSET_BELOW * half and v * 4 < largest}


def draw_inset(
    main: LabelRoom,
    frame: Frame,
    detail: Sequence[Any],
    painters: Sequence[Painter],
    units: str,
    renderer: Any,
    edition: str = DEFAULT_EDITION,
) -> Inset:
    """The detail map of the projected shapes ``detail`` in ``main``'s axes, drawn by
    ``painters`` over its own land (the borders of ``edition``); its box is taken from ``main``
    for labels."""
    from matplotlib.patches import Rectangle

    ax, axes_box = main.axes, main.box
    inset = ax.inset_axes(INSET_RECT, zorder=9)
    inset_aspect = (INSET_RECT[2] * axes_box.width) / (INSET_RECT[3] * axes_box.height)
    box = fit_box(
        *shapely.total_bounds(np.asarray(detail, dtype=object)),
        inset_aspect,
        0.18,
        min_size_m=1000.0,
    )
    inset.set_xlim(box[0], box[2])
    inset.set_ylim(box[1], box[3])
    inset.set_facecolor(WATER)
    inset.set_xticks([])
    inset.set_yticks([])
    for spine in inset.spines.values():
        spine.set_edgecolor(INK)
        spine.set_linewidth(0.8)
    inset_pixel_m = (box[2] - box[0]) / (INSET_RECT[2] * axes_box.width)
    draw_land(inset, land_paths(frame, inset_pixel_m, shapely.box(*box), edition=edition))
    for paint in painters:
        paint(inset)
    inset.set_title("Detail", fontsize=6.5, loc="left", pad=2, color=INK, weight="bold")
    add_patch(
        ax,
        Rectangle(
            (box[0], box[1]),
            box[2] - box[0],
            box[3] - box[1],
            fill=False,
            edgecolor=INK,
            linewidth=0.6,
            zorder=5,
        ),
    )
    inset.apply_aspect()
    main.taken.append(inset.get_tightbbox(renderer))
    scale_bar = draw_scale_bar(inset, box, units, note=False, fraction=0.4)
    return Inset(inset, box, scale_bar)
