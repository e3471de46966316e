"""Projected shapes as matplotlib draws them: paths, polygons, and the fixes a map needs.

A ring or a country comes out of :class:`ranges.pictures.canvas.frame.Frame` as shapely geometry in
projected metres; here it becomes a matplotlib :class:`~matplotlib.path.Path` (polygons with
holes, or lines), keeps only its polygons, and loses the seams that cutting at the antimeridian
leaves (both sides of a cut project to one line on a map centred elsewhere).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.pictures.canvas.frame import Frame

__all__ = [
    "add_patch",
    "closed_cut",
    "extent",
    "is_cut",
    "polygonal",
    "projected_ring",
    "to_path",
]


def to_path(geom: shapely.Geometry) -> Any:
    """A matplotlib Path of the polygons (with holes) or lines of ``geom``; None if empty."""
    from matplotlib.path import Path

    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.GeometryCollection):
            sub = to_path(part)
            if sub is not None:
                verts.append(sub.vertices)
                codes.append(sub.codes)
            continue
        if isinstance(part, shapely.Polygon):
            loops = [part.exterior, *part.interiors]
            for loop in loops:
                xy = np.asarray(loop.coords)
                if len(xy) < 4:
                    continue
                c = np.full(len(xy), Path.LINETO, dtype=np.uint8)
                c[0], c[-1] = Path.MOVETO, Path.CLOSEPOLY
                verts.append(xy)
                codes.append(c)
        elif isinstance(part, shapely.LineString | shapely.LinearRing):
            xy = np.asarray(part.coords)
            if len(xy) < 2:
                continue
            c = np.full(len(xy), Path.LINETO, dtype=np.uint8)
            c[0] = Path.MOVETO
            verts.append(xy)
            codes.append(c)
    if not verts:
        return None
    return Path(np.concatenate(verts), np.concatenate(codes))


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of ``geom`` (a Polygon, a MultiPolygon, or an empty Polygon)."""
    parts = [
        p for p in shapely.get_parts(geom) if isinstance(p, shapely.Polygon) and not p.is_empty
    ]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def projected_ring(frame: Frame, shape: shapely.Geometry) -> shapely.Geometry:
    """A ring's chart polygon(s) on the picture's map, one outline: halves cut at the
    antimeridian meet again on a map centred elsewhere, and a ring round a pole (one chart
    polygon cut along the antimeridian down to the pole) loses the slit where both sides of
    the cut are the same line, once drawn as a stroke from the pole to the ring."""
    projected = polygonal(frame.project(shape))
    if frame.world:
        return projected
    if len(shapely.get_parts(projected)) > 1:
        projected = polygonal(shapely.union_all(shapely.get_parts(projected), grid_size=1.0))
    return polygonal(closed_cut(projected))


def is_cut(chart: shapely.Geometry) -> bool:
    """A shape that reaches the antimeridian on both sides: a country cut there in the borders
    file (Russia, Fiji, Antarctica), or an azimuthal map's cap that holds part of it."""
    west, _, east, _ = chart.bounds
    return west <= -179.99 and east >= 179.99


def closed_cut(projected: shapely.Geometry) -> shapely.Geometry:
    """A cut country on a map centred elsewhere: both sides of the cut project to one line,
    drawn as a border that is not there (Antarctica's ran from the pole to the Ross Sea);
    snapping to 1 m merges them."""
    try:
        return shapely.set_precision(projected, 1.0)
    except shapely.errors.GEOSException:
        return projected


def extent(shape: shapely.Geometry) -> float:
    """Half the larger side of ``shape``'s bounds (projected metres)."""
    if shape.is_empty:
        return 0.0
    x0, y0, x1, y1 = shape.bounds
    return max(x1 - x0, y1 - y0) / 2


def add_patch(ax: Axes, patch: Any) -> None:
    """``ax.add_patch`` without its data-limits update (the limits are set; that update walks
    every vertex of a ring, a third of the drawing time)."""
    patch.set_transform(ax.transData)
    ax.add_artist(patch)
