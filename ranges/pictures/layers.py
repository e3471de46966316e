"""The map's layers as painters: the rings' fills and outlines, and the launch sites.

A *painter* draws one layer on an axes; the map runs every painter on its axes, and the detail
map (:mod:`ranges.pictures.inset`) runs them again on its own, so both show the same picture.

Fills are drawn as bands, shortest range first: each system fills what it reaches beyond the
shorter ones, so nested rings read as bands of one colour each rather than a muddy stack. Rings
of the same range from the same launch site (Storm Shadow and SCALP-EG, 250 km) lie on one
another: their outlines are drawn in interleaved dashes, so both colours show. Past
:data:`OUTLINE_EACH_UP_TO` launch sites, each system is outlined once, round all its rings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import shapely

from ranges.pictures.canvas.shapes import add_patch, polygonal, projected_ring, to_path
from ranges.pictures.figure import INK, WATER
from ranges.pictures.launch import Launch, launch_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.catalogue.systems import System
    from ranges.geometry.rings import Ring
    from ranges.pictures.canvas.frame import Frame

__all__ = [
    "OUTLINE_EACH_UP_TO",
    "DrawnRing",
    "Painter",
    "RingLayers",
    "draw_globe",
    "launch_painters",
    "ring_layers",
    "used_range",
]

OUTLINE_EACH_UP_TO = 3
"""Up to this many launch sites each ring is outlined; past it, each system's union of rings."""

Painter = Callable[["Axes"], None]
"""Draws one layer on an axes."""


@dataclass
class DrawnRing:
    """A ring as the map draws it: its launch, colour, projected ``shape`` and the ``group`` of
    rings that share its outline (same launch and range)."""

    ring: Any
    launch: Launch
    color: str
    shape: shapely.Geometry  # projected
    group: tuple


@dataclass
class RingLayers:
    """The rings' painters (fills, then outlines), the rings drawn as one outline by group, and
    the systems whose outline is dashed (it shares a line with another system's)."""

    painters: list[Painter] = field(default_factory=list)
    groups: dict[tuple, list[DrawnRing]] = field(default_factory=dict)
    dashed: set[str] = field(default_factory=set)


def used_range(rings: Sequence[Ring], system: System) -> float:
    """The largest range (km) ``system`` is drawn with."""
    return max(r.max_range_km for r in rings if r.system.id == system.id)


def draw_globe(ax: Axes, frame: Frame) -> None:
    """A world map's globe: its outline, water inside (white around it)."""
    from matplotlib.patches import PathPatch

    globe = to_path(frame.project(shapely.box(-180.0, -90.0, 180.0, 90.0)))
    add_patch(ax, PathPatch(globe, facecolor=WATER, edgecolor="#8a9aa5", linewidth=0.6, zorder=0.5))


def ring_layers(
    frame: Frame,
    rings: Sequence[Ring],
    shapes: Sequence[shapely.Geometry],
    systems: Sequence[System],
    colors: dict[str, str],
    *,
    opacity: float,
    launches: int,
) -> RingLayers:
    """The layers of ``rings`` (whose lon/lat ``shapes`` are given) on ``frame``: ``systems``
    in their ``colors``, filled at ``opacity`` (scaled down) from ``launches`` launch sites."""
    drawn: list[DrawnRing] = []
    for ring, shape in zip(rings, shapes, strict=True):
        launch = launch_of(ring)
        projected = projected_ring(frame, shape)
        group = (launch.key, round(ring.min_range_km, 3), round(ring.max_range_km, 3))
        drawn.append(DrawnRing(ring, launch, colors[ring.system.id], projected, group))
    layers = RingLayers(painters=_fills(drawn, rings, systems, colors, opacity))
    if launches > OUTLINE_EACH_UP_TO:
        # Many launch sites: each system's outline is the edge of all its rings together (twenty
        # overlapping circles a system would hide the map); the fills already are unions.
        drawn = _unions(drawn, systems)
    for d in drawn:
        layers.groups.setdefault(d.group, [])
        if all(o.ring.system.id != d.ring.system.id for o in layers.groups[d.group]):
            layers.groups[d.group].append(d)
    layers.painters += _outlines(drawn, layers)
    return layers


def _fills(
    drawn: list[DrawnRing],
    rings: Sequence[Ring],
    systems: Sequence[System],
    colors: dict[str, str],
    opacity: float,
) -> list[Painter]:
    """One painter a system: the band it reaches beyond the systems of shorter range."""
    from matplotlib.patches import PathPatch

    painters: list[Painter] = []
    fill_alpha = max(0.06, min(0.3, opacity * 0.5))
    covered = shapely.Polygon()
    for system in sorted(systems, key=lambda s: used_range(rings, s)):
        parts = [d.shape for d in drawn if d.ring.system.id == system.id and not d.shape.is_empty]
        if not parts:
            continue
        reach = shapely.union_all(parts) if len(parts) > 1 else parts[0]
        band = shapely.difference(reach, covered) if not covered.is_empty else reach
        covered = shapely.union(covered, reach) if not covered.is_empty else reach
        fill = to_path(polygonal(band))
        if fill is not None:
            painters.append(
                lambda a, f=fill, c=colors[system.id]: add_patch(
                    a, PathPatch(f, facecolor=c, alpha=fill_alpha, linewidth=0, zorder=2)
                )
            )
    return painters


def _unions(drawn: list[DrawnRing], systems: Sequence[System]) -> list[DrawnRing]:
    """One :class:`DrawnRing` a system: the union of its rings, grouped by its range."""
    out = []
    for system in systems:
        mine = [d for d in drawn if d.ring.system.id == system.id and not d.shape.is_empty]
        if not mine:
            continue
        shape = polygonal(shapely.union_all([d.shape for d in mine]))
        first = mine[0]
        group = (None, round(first.ring.min_range_km, 3), round(first.ring.max_range_km, 3))
        out.append(DrawnRing(first.ring, first.launch, first.color, shape, group))
    return out


def _outlines(drawn: list[DrawnRing], layers: RingLayers) -> list[Painter]:
    """One painter a ring's outline; rings of one group in interleaved dashes (their systems
    are added to ``layers.dashed``)."""
    from matplotlib.patches import PathPatch

    painters: list[Painter] = []
    drawn_ids = {d.ring.system.id for d in drawn}
    for d in drawn:
        members = layers.groups[d.group]
        outline = to_path(d.shape.boundary) if not d.shape.is_empty else None
        if outline is None:
            continue
        style: Any = "solid"
        if d.ring.system.variant and d.ring.system.system_id in drawn_ids:
            style = (0, (5.0, 2.5))  # a variant drawn beside its system's catalogue figure
            layers.dashed.add(d.ring.system.id)
        elif len(members) > 1:
            k = next((i for i, m in enumerate(members) if m.ring.system.id == d.ring.system.id), 0)
            dash = 3.0
            style = (k * dash, (dash, (len(members) - 1) * dash))
            layers.dashed.add(d.ring.system.id)
        painters.append(
            lambda a, o=outline, c=d.color, st=style: add_patch(
                a,
                PathPatch(
                    o,
                    fill=False,
                    edgecolor=c,
                    linewidth=1.4,
                    linestyle=st,
                    capstyle="butt",
                    zorder=3,
                ),
            )
        )
    return painters


def launch_painters(frame: Frame, launches: Sequence[Launch]) -> tuple[list[Painter], bool]:
    """The launch sites' painters: each area hatched (a line, such as a front, drawn thick),
    then every launch point as a dot; and whether there is a launch point."""
    from matplotlib.patches import PathPatch

    painters: list[Painter] = []
    for launch in launches:
        if launch.shape is None:
            continue
        area = frame.project(launch.shape)
        polygons = polygonal(area)
        lines = shapely.get_parts(area)
        lines = [g for g in lines if not isinstance(g, shapely.Polygon | shapely.MultiPolygon)]
        path = to_path(polygons) if not polygons.is_empty else None
        if path is not None:
            painters.append(
                lambda a, p=path: add_patch(
                    a,
                    PathPatch(
                        p,
                        facecolor="#1a1a1a26",
                        edgecolor=INK,
                        linewidth=1.0,
                        hatch="////",
                        zorder=4,
                    ),
                )
            )
        line_path = to_path(shapely.GeometryCollection(lines)) if lines else None
        if line_path is not None:  # a front line or a coast: a line, not a region
            painters.append(
                lambda a, p=line_path: add_patch(
                    a, PathPatch(p, fill=False, edgecolor=INK, linewidth=2.2, zorder=4)
                )
            )
    xs, ys = [], []
    for launch in launches:
        x, y = frame.point(*launch.anchor)
        if launch.shape is None:
            xs.append(x)
            ys.append(y)
    if xs:
        painters.append(
            lambda a: a.scatter(xs, ys, s=22, c=INK, edgecolors="white", linewidths=0.9, zorder=7.5)
        )
    return painters, bool(xs)
