"""The graticule: lines of latitude and longitude, labelled along the map's left and bottom
edges (a world map's lines are not labelled).

The lines are drawn first, under everything; their labels last, and only where they cover
nothing (the legend, the detail map, the scale bar, other labels).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shapely

from ranges.pictures.canvas.shapes import add_patch, to_path
from ranges.pictures.figure import GRATICULE

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.pictures.canvas.frame import Frame
    from ranges.pictures.labels import LabelRoom

__all__ = ["GraticuleLabel", "Spot", "degrees_text", "draw_graticule", "draw_graticule_labels"]

Spot = tuple[tuple[float, float], tuple[float, float], str, str]
"""Where a line's label may go: where the line meets the map's edge (projected metres), the
text's offset from there (points) and its alignment (horizontal, vertical)."""
GraticuleLabel = tuple[str, list[Spot]]
"""A line's label: its text and where it may go, first choice first."""


def draw_graticule(ax: Axes, frame: Frame) -> list[GraticuleLabel]:
    """The lines of :meth:`ranges.pictures.canvas.frame.Frame.graticule` on ``ax``; returns their
    labels: a latitude's on the left edge (else the right one: the legend and the detail map
    cover most of the left), a longitude's on the bottom edge."""
    from matplotlib.patches import PathPatch

    labels: list[GraticuleLabel] = []
    step, lines = frame.graticule()
    x0, y0, x1, y1 = frame.box
    edges = {
        "lat": [
            (shapely.LineString([(x0, y0), (x0, y1)]), (2, 1), "left", "bottom"),
            (shapely.LineString([(x1, y0), (x1, y1)]), (-2, 1), "right", "bottom"),
        ],
        "lon": [(shapely.LineString([(x0, y0), (x1, y0)]), (2, 2), "left", "bottom")],
    }
    for kind, value, line in lines:
        path = to_path(line)
        if path is None:
            continue
        add_patch(ax, PathPatch(path, fill=False, edgecolor=GRATICULE, linewidth=0.45, zorder=1.5))
        if frame.world or kind == "edge":
            continue
        spots: list[Spot] = []
        for edge, offset, ha, va in edges[kind]:
            hits = [
                h
                for h in shapely.get_parts(shapely.intersection(line, edge.buffer(1.0)))
                if not h.is_empty
            ]
            for hit in hits[:1]:
                x, y = hit.coords[0] if hit.geom_type != "Point" else (hit.x, hit.y)
                at = (edge.coords[0][0], y) if kind == "lat" else (x, edge.coords[0][1])
                spots.append((at, offset, ha, va))
        if spots:
            labels.append((degrees_text(value, kind, step), spots))
    return labels


def draw_graticule_labels(room: LabelRoom, renderer: Any, labels: list[GraticuleLabel]) -> None:
    """The labels of :func:`draw_graticule` in ``room``, each at its first spot where it stays
    inside and covers nothing taken there (nor another such label); none if it has no such
    spot."""
    for text, spots in labels:
        for at, offset, ha, va in spots:
            label = room.axes.annotate(
                text,
                at,
                xytext=offset,
                textcoords="offset points",
                fontsize=5.2,
                color="#6b7b86",
                va=va,
                ha=ha,
                zorder=1.6,
            )
            box = label.get_window_extent(renderer)
            inside = (
                room.box.x0 <= box.x0
                and box.x1 <= room.box.x1
                and room.box.y0 <= box.y0
                and box.y1 <= room.box.y1
            )
            if inside and not any(box.overlaps(other) for other in room.taken):
                room.taken.append(box)
                break
            label.remove()


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
