"""The graticule: lines of latitude and longitude, labelled along the map's left and bottom
edges (a world map's lines are not labelled)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely

from ranges.pictures.figure import GRATICULE
from ranges.pictures.shapes import add_patch, to_path

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.pictures.frame import Frame

__all__ = ["degrees_text", "draw_graticule"]


def draw_graticule(ax: Axes, frame: Frame) -> None:
    """The lines of :meth:`ranges.pictures.frame.Frame.graticule` on ``ax``, with a latitude's
    label on the left edge and a longitude's on the bottom one."""
    from matplotlib.patches import PathPatch

    step, lines = frame.graticule()
    left = shapely.LineString([(frame.box[0], frame.box[1]), (frame.box[0], frame.box[3])])
    bottom = shapely.LineString([(frame.box[0], frame.box[1]), (frame.box[2], frame.box[1])])
    for kind, value, line in lines:
        path = to_path(line)
        if path is None:
            continue
        add_patch(ax, PathPatch(path, fill=False, edgecolor=GRATICULE, linewidth=0.45, zorder=1.5))
        if frame.world or kind == "edge":
            continue
        edge = left if kind == "lat" else bottom
        hits = [
            h
            for h in shapely.get_parts(shapely.intersection(line, edge.buffer(1.0)))
            if not h.is_empty
        ]
        for hit in hits[:1]:
            x, y = hit.coords[0] if hit.geom_type != "Point" else (hit.x, hit.y)
            at, offset = (
                ((frame.box[0], y), (2, 1)) if kind == "lat" else ((x, frame.box[1]), (2, 2))
            )
            ax.annotate(
                degrees_text(value, kind, step),
                at,
                xytext=offset,
                textcoords="offset points",
                fontsize=5.2,
                color="#6b7b86",
                va="bottom",
                ha="left",
                zorder=1.6,
            )


def degrees_text(value: float, kind: str, step: float) -> str:
    """``"50°N"``, ``"30.5°E"``: a line's label, with as many decimals as the ``step`` (degrees)
    needs; ``kind`` is ``"lat"`` or ``"lon"``."""
    digits = 0 if step >= 1 else 2 if step < 0.5 else 1
    if kind == "lat":
        hemi = "N" if value > 0 else "S" if value < 0 else ""
    else:
        value = (value + 180) % 360 - 180
        hemi = "E" if value > 0 else "W" if value < 0 and value != -180 else ""
    return f"{abs(value):.{digits}f}°{hemi}"
