"""Labels on the map: each launch site's name beside it, and each ring's system and range on
its edge, placed where they neither leave the map nor cover one another.

A label goes to the first of its candidate spots (a point and an offset) where its box stays
inside its axes and covers nothing already taken (the legend, the detail map, other labels);
if none is free, to the first spot. A ring's candidates are points of its edge at a few
bearings (:data:`LABEL_BEARINGS_DEG`, turned a step for each ring so that labels of nested
rings do not line up); a launch point's are the offsets of :data:`LABEL_OFFSETS`. Rings of the
same systems and range share one label ("Storm Shadow / SCALP-EG 250 km").
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ranges.pictures.captions import ring_label, short_text
from ranges.pictures.figure import INK

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.catalogue.systems import System
    from ranges.pictures.frame import Frame
    from ranges.pictures.launch import Launch
    from ranges.pictures.layers import DrawnRing

__all__ = [
    "LABEL_BEARINGS_DEG",
    "LABEL_OFFSETS",
    "LabelRoom",
    "darker",
    "draw_point_labels",
    "draw_ring_labels",
    "edge_point",
    "label_groups",
    "place_label",
]

LABEL_BEARINGS_DEG = (45.0, 135.0, 315.0, 225.0, 90.0, 270.0, 0.0, 180.0, 20.0, 160.0, 340.0, 200.0)
LABEL_OFFSETS = ((5, 4), (-5, 4), (5, -4), (-5, -4), (0, 7), (0, -7), (8, 0), (-8, 0))
"""Where a launch point's label may go (points from the point), first free one wins."""


@dataclass
class LabelRoom:
    """Where labels may go: an axes, its box on the figure (display pixels) and the boxes that
    labels there must not cover."""

    axes: Axes
    box: Any
    taken: list[Any] = field(default_factory=list)


def halo() -> dict:
    """A light box behind a label, so it reads over rings and borders. (A stroked halo,
    matplotlib's path effect, would turn the label into a path: in SVG and PDF, text must stay
    text.)"""
    return {
        "boxstyle": "round,pad=0.18,rounding_size=0.25",
        "fc": "white",
        "ec": "none",
        "alpha": 0.8,
    }


def darker(color: str) -> str:
    """``color`` at 78 % of its brightness: a label in a ring's colour that reads on white."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return "#" + "".join(f"{int(v * 0.78 * 255):02x}" for v in (r, g, b))


def _align(s: float, c: float) -> tuple[str, str]:
    ha = "left" if s > 0.3 else "right" if s < -0.3 else "center"
    va = "bottom" if c > 0.3 else "top" if c < -0.3 else "center"
    return ha, va


def edge_point(shape: shapely.Geometry, bearing_deg: float) -> tuple[float, float] | None:
    """The point of ``shape``'s outer boundary farthest in the map direction ``bearing_deg``
    (clockwise from up): on a circle, the point at that bearing from its centre."""
    coords = [
        np.asarray(p.exterior.coords)
        for p in shapely.get_parts(shape)
        if isinstance(p, shapely.Polygon)
    ]
    if not coords:
        return None
    xy = np.concatenate(coords)
    s, c = math.sin(math.radians(bearing_deg)), math.cos(math.radians(bearing_deg))
    i = int(np.argmax(xy[:, 0] * s + xy[:, 1] * c))
    return float(xy[i, 0]), float(xy[i, 1])


def place_label(
    room: LabelRoom,
    renderer: Any,
    spots: Sequence[tuple[tuple[float, float], tuple[float, float]]],
    text: str,
    *,
    aligns: Sequence[tuple[str, str]] | None = None,
    **style: Any,
) -> None:
    """Put ``text`` at the first spot (data point, offset in points) where it stays inside
    ``room`` and covers nothing taken there; the first spot if none is free."""
    ax = room.axes

    def put(xy: tuple[float, float], offset: tuple[float, float], ha: str, va: str) -> Any:
        return ax.annotate(
            text,
            xy,
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            zorder=7,
            bbox=halo(),
            annotation_clip=False,
            **style,
        )

    first = None
    for i, (xy, offset) in enumerate(spots):
        if aligns is not None:
            ha, va = aligns[i]
        else:
            ha = "left" if offset[0] >= 0 else "right"
            va = "bottom" if offset[1] >= 0 else "top"
        label = put(xy, offset, ha, va)
        box = label.get_window_extent(renderer).expanded(1.04, 1.15)
        inside = (
            box.x0 >= room.box.x0
            and box.x1 <= room.box.x1
            and box.y0 >= room.box.y0
            and box.y1 <= room.box.y1
        )
        if inside and not any(box.overlaps(other) for other in room.taken):
            room.taken.append(box)
            return
        if first is None:
            first = (xy, offset, ha, va)
        label.remove()
    if first is not None:
        room.taken.append(put(*first).get_window_extent(renderer))


def _point_label(
    room: LabelRoom, renderer: Any, xy: tuple[float, float], label: str, size: float
) -> None:
    """A launch point's label (bold, at most 60 characters) at the first free place beside it."""
    offsets = [(xy, off) for off in LABEL_OFFSETS]
    place_label(
        room, renderer, offsets, short_text(label, 60), fontsize=size, weight="bold", color=INK
    )


def draw_point_labels(
    frame: Frame,
    launches: Sequence[Launch],
    renderer: Any,
    main: LabelRoom,
    inset: LabelRoom | None,
    inset_box: tuple[float, float, float, float] | None,
) -> None:
    """Each labelled launch's name beside it: on the map, unless it lies in the detail map's
    ``inset_box`` (projected metres), and in the detail map."""
    point_size = 8.0 if len(launches) <= 5 else 6.5 if len(launches) <= 12 else 5.5
    for launch in launches:
        if not launch.label:
            continue
        x, y = frame.point(*launch.anchor)
        if inset_box is not None and (
            inset_box[0] < x < inset_box[2] and inset_box[1] < y < inset_box[3]
        ):
            continue  # labelled in the detail map
        _point_label(main, renderer, (x, y), launch.label, point_size)
    if inset is not None:
        for launch in launches:
            if launch.label:
                xy = frame.point(*launch.anchor)
                _point_label(inset, renderer, xy, launch.label, point_size - 0.5)


def label_groups(groups: dict[tuple, list[DrawnRing]]) -> dict[tuple, list[DrawnRing]]:
    """The rings that share a label, by (system ids, min km, max km): one ring of each outline
    group (same launch and range) whose systems and range are those."""
    out: dict[tuple, list[DrawnRing]] = {}
    for members in groups.values():
        key = (
            tuple(m.ring.system.id for m in members),
            round(members[0].ring.min_range_km, 3),
            round(members[0].ring.max_range_km, 3),
        )
        out.setdefault(key, []).append(members[0])
    return out


def draw_ring_labels(
    groups: dict[tuple, list[DrawnRing]],
    systems: dict[str, System],
    colors: dict[str, str],
    units: str,
    renderer: Any,
    main: LabelRoom,
    inset: LabelRoom | None,
    in_inset: set[tuple],
) -> None:
    """One label a group of :func:`label_groups`, longest range first, on the edge of one of
    its rings: in the detail map for the groups ``in_inset``, else on the map."""
    ordered = sorted(groups.items(), key=lambda kv: -kv[0][2])
    for index, ((ids, min_km, max_km), members) in enumerate(ordered):
        names = [systems[i].label for i in ids]
        text = ring_label(names, min_km, max_km, units)
        color = colors[ids[0]] if len(ids) == 1 else INK
        candidates = []
        bearings = LABEL_BEARINGS_DEG[index % 4 :] + LABEL_BEARINGS_DEG[: index % 4]
        for d in members:
            for bearing in bearings:
                spot = edge_point(d.shape, bearing)
                if spot is None:
                    continue
                s, c = math.sin(math.radians(bearing)), math.cos(math.radians(bearing))
                candidates.append((spot, (3 * s, 3 * c), _align(s, c)))
        detail = inset is not None and (ids, min_km, max_km) in in_inset
        place_label(
            inset if detail and inset is not None else main,
            renderer,
            [(spot, off) for spot, off, _ in candidates],
            text,
            fontsize=7 if detail else 7.5,
            weight="bold",
            color=darker(color),
            aligns=[al for _, _, al in candidates],
        )
