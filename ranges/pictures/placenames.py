"""The names of the largest places the rings reach, on the map: a handful, never a carpet.

The places come from a gazetteer (by default the bundled GeoNames extract of places of 15,000+
people, :func:`ranges.places.extracts.default_gazetteer`; a city's sections are left out, the
city stands for them). Those inside any ring are taken largest first, and each is named (a
small dot and its name) only where its name and dot cover nothing already on the map: the
legend, the detail map, the scale bar, launch and ring labels, and the names placed before it.
At most :data:`MAX_NAMES` are named, from the :data:`CANDIDATES` largest reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ranges.errors import GazetteerError
from ranges.pictures.canvas.frame import geo_shape
from ranges.pictures.captions import short_text
from ranges.pictures.labels import dot_boxes, place_label

if TYPE_CHECKING:
    from ranges.geometry.rings import Ring
    from ranges.pictures.canvas.frame import Frame
    from ranges.pictures.labels import LabelRoom
    from ranges.places.gazetteer import Gazetteer

__all__ = [
    "CANDIDATES",
    "MAX_NAMES",
    "NAME_EXTRACT",
    "NamedPlace",
    "draw_place_names",
    "reached_places",
]

MAX_NAMES = 8
"""Places named on one map, at most."""
CANDIDATES = 30
"""The largest places reached that are tried, largest first."""
NAME_EXTRACT = "cities15000"
"""The gazetteer a picture names places from when it is given none (34,000 places; loading
it is about 0.1 s once its cache is built)."""
OFFSETS = ((4, 2), (-4, 2), (4, -2), (-4, -2), (0, 5), (0, -5))
"""Where a place's name may go (points from its dot), first free one wins."""


@dataclass(frozen=True)
class NamedPlace:
    """A place to name: its name, where it is (degrees) and its people."""

    name: str
    lat: float
    lon: float
    population: int


def bundled_places() -> Gazetteer | None:
    """The gazetteer of :data:`NAME_EXTRACT`, or None if it cannot be read (a picture is still
    drawn, without names)."""
    from ranges.places.extracts import default_gazetteer

    try:
        return default_gazetteer(NAME_EXTRACT)
    except GazetteerError:
        return None


def reached_places(
    rings: Sequence[Ring], places: Gazetteer, limit: int = CANDIDATES
) -> list[NamedPlace]:
    """The ``limit`` most populous places of ``places`` inside any of ``rings`` (a ring with a
    minimum range reaches only its band), largest first; a city's sections are left out."""
    shapes = [geo_shape(r.area.geometry) for r in rings]
    if not shapes or not len(places):
        return []
    reach = shapely.union_all(shapes)
    population = np.asarray(places.populations, dtype=np.int64)
    order = np.argsort(-population, kind="stable")
    order = order[~np.asarray(places.is_section, dtype=bool)[order]]
    lats, lons = np.asarray(places.lats), np.asarray(places.lons)
    shapely.prepare(reach)
    inside = order[shapely.contains_xy(reach, lons[order], lats[order])][:limit]
    names = places.names
    return [
        NamedPlace(str(names[i]), float(lats[i]), float(lons[i]), int(population[i]))
        for i in inside
    ]


def draw_place_names(
    room: LabelRoom,
    frame: Frame,
    renderer: Any,
    places: Sequence[NamedPlace],
    limit: int = MAX_NAMES,
) -> list[str]:
    """Name up to ``limit`` of ``places`` (largest first) in ``room``, each only where its dot
    and name cover nothing taken; returns the names drawn."""
    from matplotlib.transforms import Bbox

    drawn: list[str] = []
    for place in places:
        if len(drawn) >= limit:
            break
        xy = frame.point(place.lat, place.lon)
        x, y = room.axes.transData.transform(xy)
        dot = Bbox.from_extents(x - 3, y - 3, x + 3, y + 3)
        if not (room.box.x0 < x < room.box.x1 and room.box.y0 < y < room.box.y1) or any(
            dot.overlaps(other) for other in room.taken
        ):
            continue
        label = place_label(
            room,
            renderer,
            [(xy, offset) for offset in OFFSETS],
            short_text(place.name, 30),
            required=False,
            fontsize=6.2,
            color="#333333",
        )
        if label is None:
            continue
        room.axes.scatter(
            [xy[0]], [xy[1]], s=7, c="#333333", edgecolors="white", linewidths=0.5, zorder=6.5
        )
        dot_boxes(room, [xy], radius_px=3.0)
        drawn.append(place.name)
    return drawn
