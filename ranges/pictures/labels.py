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
    from ranges.pictures.canvas.frame import Frame
    from ranges.pictures.launch import Launch
    from ranges.pictures.layers import DrawnRing

__all__ = [
    "LABEL_BEARINGS_DEG",
    "LABEL_OFFSETS",
    "LabelRoom",
    "darker",
    "dot_boxes",
    "draw_point_labels",
    "draw_ring_labels",
    "edge_point",
    "label_groups",
    "place_label",
    "point_wordings",
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
    text: str | Sequence[str],
    *,
    aligns: Sequence[tuple[str, str]] | None = None,
    required: bool = True,
    **style: Any,
) -> Any:
    """Put ``text`` at the first spot (data point, offset in points) where it stays inside
    ``room`` and covers nothing taken there, and return it. ``text`` may be a list of wordings,
    longest first: each is tried at every spot before the next. If no spot is free, the label
    goes where it leaves the room least and covers least (in its shortest wording), moved
    inside the room: a label is never cut at the picture's edge; unless it is not
    ``required``: then it is left out (None is returned)."""
    ax = room.axes
    wordings = [text] if isinstance(text, str) else list(text)

    def put(
        words: str, xy: tuple[float, float], offset: tuple[float, float], ha: str, va: str
    ) -> Any:
        return ax.annotate(
            words,
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

    best: tuple[float, tuple] | None = None
    for n, words in enumerate(wordings):
        for i, (xy, offset) in enumerate(spots):
            if aligns is not None:
                ha, va = aligns[i]
            else:
                ha = "left" if offset[0] >= 0 else "right"
                va = "bottom" if offset[1] >= 0 else "top"
            label = put(words, xy, offset, ha, va)
            box = label.get_window_extent(renderer).expanded(1.04, 1.15)
            outside = box.width * box.height - _overlap(box, room.box)
            covered = sum(_overlap(box, other) for other in room.taken)
            if outside <= 0 and covered <= 0:
                room.taken.append(box)
                return label
            label.remove()
            cost = 10 * outside + covered
            if n == len(wordings) - 1 and (best is None or cost < best[0]):
                best = (cost, (words, xy, offset, ha, va))
    if best is None or not required:
        return None
    label = put(*best[1])
    _move_inside(label, room.box, renderer)
    room.taken.append(label.get_window_extent(renderer))
    return label


def _overlap(a: Any, b: Any) -> float:
    """The area (square pixels) two boxes share."""
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


def _move_inside(label: Any, room: Any, renderer: Any) -> None:
    """Shift ``label`` (an annotation offset in points) so its box lies inside ``room``; one
    wider (taller) than the room keeps its start (top) in view."""
    box = label.get_window_extent(renderer)
    dx = dy = 0.0
    if box.width > room.width or box.x0 < room.x0:
        dx = room.x0 - box.x0
    elif box.x1 > room.x1:
        dx = room.x1 - box.x1
    if box.height > room.height or box.y1 > room.y1:
        dy = room.y1 - box.y1
    elif box.y0 < room.y0:
        dy = room.y0 - box.y0
    if dx or dy:
        points_per_px = 72.0 / label.figure.dpi
        x, y = label.xyann
        label.xyann = (x + dx * points_per_px, y + dy * points_per_px)


def _point_label(
    room: LabelRoom, renderer: Any, xy: tuple[float, float], label: str, size: float
) -> None:
    """A launch point's label (bold, at most 60 characters, shorter where a long one has no
    room) at the first free place beside it."""
    offsets = [(xy, off) for off in LABEL_OFFSETS]
    place_label(
        room, renderer, offsets, point_wordings(label), fontsize=size, weight="bold", color=INK
    )


def point_wordings(label: str, limit: int = 60) -> list[str]:
    """A launch point's label as it may be shown, longest first: at most ``limit`` characters,
    then 40 and 24 (where a long one has no room)."""
    out: list[str] = []
    for n in (limit, 40, 24):
        words = short_text(label, min(n, limit))
        if words not in out:
            out.append(words)
    return out


def dot_boxes(room: LabelRoom, xys: Sequence[tuple[float, float]], radius_px: float = 5.0) -> None:
    """Take the launch points' dots at ``xys`` (data coordinates) that lie in ``room``, so no
    label covers them."""
    from matplotlib.transforms import Bbox

    for xy in xys:
        x, y = room.axes.transData.transform(xy)
        if room.box.x0 <= x <= room.box.x1 and room.box.y0 <= y <= room.box.y1:
            room.taken.append(
                Bbox.from_extents(x - radius_px, y - radius_px, x + radius_px, y + radius_px)
            )


def draw_point_labels(
    frame: Frame,
    launches: Sequence[Launch],
    renderer: Any,
    main: LabelRoom,
    inset: LabelRoom | None,
    inset_box: tuple[float, float, float, float] | None,
) -> None:
    """Each labelled launch's name beside it, clear of the launch points' dots: on the map,
    unless it lies in the detail map's ``inset_box`` (projected metres), and in the detail map.
    A long name is shortened where it has no room."""
    point_size = 8.0 if len(launches) <= 5 else 6.5 if len(launches) <= 12 else 5.5
    dots = [frame.point(*x.anchor) for x in launches if x.shape is None]

    def in_inset(x: float, y: float) -> bool:
        return inset_box is not None and (
            inset_box[0] < x < inset_box[2] and inset_box[1] < y < inset_box[3]
        )

    dot_boxes(main, [xy for xy in dots if not in_inset(*xy)])
    if inset is not None:
        dot_boxes(inset, dots)
    for launch in launches:
        if not launch.label:
            continue
        x, y = frame.point(*launch.anchor)
        if in_inset(x, y):
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
        for d in members:  # then inside the ring, along its edge (a small map has no margin)
            for bearing in bearings:
                spot = edge_point(d.shape, bearing)
                if spot is None:
                    continue
                s, c = math.sin(math.radians(bearing)), math.cos(math.radians(bearing))
                candidates.append((spot, (-3 * s, -3 * c), _align(-s, -c)))
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
