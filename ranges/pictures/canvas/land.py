"""The land under the rings: the bundled country borders, projected and simplified to what a
pixel can show.

A map uses the coarsest simplification of the 1:50m borders that is under a pixel
(:data:`BORDER_DETAIL_DEG`), and only the countries that meet its cap; a country cut at the
antimeridian is closed again when the antimeridian is in view.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ranges.errors import BordersError
from ranges.pictures.canvas.frame import geo_shape
from ranges.pictures.canvas.shapes import closed_cut, is_cut, to_path
from ranges.pictures.figure import BORDER, LAND
from ranges.places.editions import DEFAULT_EDITION

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.pictures.canvas.frame import Frame

__all__ = ["BORDER_DETAIL_DEG", "border_detail", "draw_land", "land_paths"]

BORDER_DETAIL_DEG = (0.0, 0.01, 0.03, 0.1, 0.3)
"""Simplification tolerances (degrees) of the borders kept ready: a map uses the coarsest that
is under a pixel, so a continent is not drawn with every vertex of the 1:50m coastline."""


@lru_cache(maxsize=2 * len(BORDER_DETAIL_DEG))
def _borders(
    tolerance_deg: float = 0.0, edition: str = DEFAULT_EDITION
) -> tuple[np.ndarray, shapely.STRtree] | None:
    """The bundled borders of ``edition`` (lon/lat), simplified to ``tolerance_deg``, and their
    tree; made once per process, edition and tolerance."""
    from ranges.places.borders import load_borders

    try:
        features = load_borders(edition=edition)["features"]
    except BordersError:
        return None
    geoms = np.array([geo_shape(f["geometry"]) for f in features], dtype=object)
    if tolerance_deg:
        geoms = shapely.simplify(geoms, tolerance_deg, preserve_topology=True)
    return geoms, shapely.STRtree(geoms)


def border_detail(pixel_m: float) -> float:
    """The coarsest of :data:`BORDER_DETAIL_DEG` under a pixel of ``pixel_m`` metres (a border
    is drawn 0.35 pt wide, a pixel at 200 dpi: finer detail would not show)."""
    pixel_deg = pixel_m / 111_000.0
    return max(t for t in BORDER_DETAIL_DEG if t <= pixel_deg)


def land_paths(
    frame: Frame,
    pixel_m: float,
    within: shapely.Geometry | None = None,
    *,
    edition: str = DEFAULT_EDITION,
) -> list[Any]:
    """The borders of ``edition`` as projected paths, at the detail a pixel of ``pixel_m``
    metres can show; only those meeting ``within`` (projected), if given."""
    borders = _borders(border_detail(pixel_m), edition)
    if borders is None:
        return []
    geoms, tree = borders
    chosen = geoms if frame.cap is None else geoms[tree.query(frame.cap, predicate="intersects")]
    land = frame.project_many(list(chosen), validate=False)  # drawn, not measured
    if frame.cap is not None and is_cut(frame.cap):  # the antimeridian is in view: cuts can be
        land = [closed_cut(g) if is_cut(c) else g for g, c in zip(land, chosen, strict=True)]
    if within is not None:
        land = [g for g in land if g.intersects(within)]
    return [p for p in (to_path(g) for g in land if not g.is_empty) if p is not None]


def draw_land(ax: Axes, paths: list[Any]) -> None:
    """The countries, filled and outlined thinly, under everything else."""
    from matplotlib.collections import PathCollection

    if paths:
        ax.add_collection(
            PathCollection(paths, facecolors=LAND, edgecolors=BORDER, linewidths=0.35, zorder=1),
            autolim=False,
        )
