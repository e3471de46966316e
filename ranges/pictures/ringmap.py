"""A finished static map of a scenario's range rings: PNG, SVG or PDF, for print and the web.

What is on it, from top to bottom: a title and a line saying how the map is drawn; the map (the
bundled Natural Earth borders, a graticule, each system's rings filled and outlined in its
colour, every launch point or area marked and labelled, each ring labelled on its edge with the
system and its range in the chosen units, a legend, a scale bar); and a footer citing each
system's source, the map data and the date.

Rings of the same range from the same launch site (Storm Shadow and SCALP-EG, 250 km) lie on one
another: their outlines are drawn in interleaved dashes, so both colours show, and one label
names both. Labels are placed on the ring's edge at the first of a few bearings where they
neither leave the map nor cover another label, the legend or a launch point's label.

The rings may come from launch points or (once the areas engine lands) launch areas: a ring's
launch is read generically (:func:`launch_of`), and a ring's geometry is any GeoJSON polygon.
"""

from __future__ import annotations

import datetime as dt
import math
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ranges.errors import BordersError, PictureError
from ranges.pictures.figure import check_title, render
from ranges.pictures.frame import Frame, centre_of, fit_box, frame_for, geo_shape
from ranges.units import KM_PER_UNIT, format_distance

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ranges.catalogue.systems import System
    from ranges.geometry.rings import Ring

__all__ = [
    "Launch",
    "default_title",
    "draw_rings_map",
    "launch_of",
    "ring_label",
    "rings_picture",
    "short_text",
]

WATER = "#dbe6ee"
LAND = "#f5f4ef"
BORDER = "#a3a3a3"
GRATICULE = "#b9c6cf"
INK = "#1a1a1a"
MUTED = "#555555"
LABEL_BEARINGS_DEG = (45.0, 135.0, 315.0, 225.0, 90.0, 270.0, 0.0, 180.0, 20.0, 160.0, 340.0, 200.0)
MAX_NAME_CHARS = 40
FOOTER_LINES = 3
# Axes rectangle, in figure fractions.
LEFT, RIGHT, TOP = 0.012, 0.988, 0.885


@dataclass(frozen=True)
class Launch:
    """Where a ring is launched from: a point (``lat``/``lon``, degrees) or an area (``shape``,
    lon/lat shapely geometry), and its label."""

    label: str
    lat: float | None = None
    lon: float | None = None
    shape: Any = None

    @property
    def key(self) -> tuple:
        return (self.label, self.lat, self.lon, None if self.shape is None else self.shape.wkb)

    @property
    def anchor(self) -> tuple[float, float]:
        """A (lat, lon) that stands for the launch: the point, or a point inside the area."""
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        p = self.shape.representative_point()
        return p.y, p.x


def launch_of(ring: Ring) -> Launch:
    """The launch of ``ring``: its ``point`` (a :class:`ranges.places.points.LaunchPoint`), or an
    area
    (an object with a ``geometry``: GeoJSON dict or shapely, and a ``label``)."""
    area = getattr(ring, "launch_area", None)  # ranges.geometry.areas.LaunchArea: label, geometry
    if area is not None:
        return Launch(str(area.label), shape=geo_shape(area.geometry))
    site = getattr(ring, "point", None)
    if site is None:
        site = getattr(ring, "area_launch", None) or getattr(ring, "launch", None)
    label = str(getattr(site, "label", "") or "")
    lat, lon = getattr(site, "lat", None), getattr(site, "lon", None)
    if lat is not None and lon is not None:
        return Launch(label, float(lat), float(lon))
    geometry = getattr(site, "geometry", None) or getattr(site, "shape", None)
    if geometry is None:
        raise PictureError(f"cannot draw the launch site of a ring: {label or 'unnamed'}")
    return Launch(label, shape=geo_shape(geometry))


def short_text(text: str, limit: int = MAX_NAME_CHARS) -> str:
    """``text`` on one line, control characters shown as U+FFFD, cut to ``limit`` with "…"."""
    text = "".join(
        "\ufffd" if unicodedata.category(c) == "Cc" else c for c in " ".join(text.split())
    )
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def range_text(min_km: float, max_km: float, units: str) -> str:
    """``"300 km"``, or ``"500–2,400 km"`` for an annulus, in ``units``."""
    digits = 0 if max_km / KM_PER_UNIT[units] >= 20 else 1
    if min_km > 0:
        low = format_distance(min_km, units, digits=digits).rsplit(" ", 1)[0]
        return f"{low}–{format_distance(max_km, units, digits=digits)}"
    return format_distance(max_km, units, digits=digits)


def ring_label(names: Sequence[str], min_km: float, max_km: float, units: str) -> str:
    """A ring's label: its system(s) and range, e.g. ``"Storm Shadow / SCALP-EG 250 km"``."""
    return " / ".join(short_text(n) for n in names) + " " + range_text(min_km, max_km, units)


def default_title(systems: Sequence[System], launches: Sequence[Launch]) -> str:
    """``"Range of MGM-140 ATACMS and Tomahawk from Kyiv"``; counts past three of either."""
    names = [short_text(s.name) for s in systems]
    what = _join(names) if len(names) <= 3 else f"{len(names)} systems"
    labels = [short_text(x.label) for x in launches if x.label]
    where = _join(labels) if 0 < len(labels) <= 3 else f"{len(launches)} launch sites"
    title = f"Range of {what} from {where}"
    return title if len(title) <= 150 else title[:149] + "…"


BORDER_DETAIL_DEG = (0.0, 0.01, 0.03, 0.1, 0.3)
"""Simplification tolerances (degrees) of the borders kept ready: a map uses the coarsest that
is under a pixel, so a continent is not drawn with every vertex of the 1:50m coastline."""


@lru_cache(maxsize=len(BORDER_DETAIL_DEG))
def _borders(tolerance_deg: float = 0.0) -> tuple[np.ndarray, shapely.STRtree] | None:
    """The bundled borders (lon/lat), simplified to ``tolerance_deg``, and their tree; made
    once per process and tolerance."""
    from ranges.places.borders import load_borders

    try:
        features = load_borders()["features"]
    except BordersError:
        return None
    geoms = np.array([geo_shape(f["geometry"]) for f in features], dtype=object)
    if tolerance_deg:
        geoms = shapely.simplify(geoms, tolerance_deg, preserve_topology=True)
    return geoms, shapely.STRtree(geoms)


def _border_detail(pixel_m: float) -> float:
    """The coarsest of :data:`BORDER_DETAIL_DEG` under a pixel of ``pixel_m`` metres (a border
    is drawn 0.35 pt wide, a pixel at 200 dpi: finer detail would not show)."""
    pixel_deg = pixel_m / 111_000.0
    return max(t for t in BORDER_DETAIL_DEG if t <= pixel_deg)


def _land(frame: Frame, pixel_m: float, within: shapely.Geometry | None = None) -> list[Any]:
    """The borders as projected paths, at the detail a pixel of ``pixel_m`` metres can show;
    only those meeting ``within`` (projected), if given."""
    borders = _borders(_border_detail(pixel_m))
    if borders is None:
        return []
    geoms, tree = borders
    chosen = geoms if frame.cap is None else geoms[tree.query(frame.cap, predicate="intersects")]
    land = frame.project_many(list(chosen), validate=False)  # drawn, not measured
    if frame.cap is not None and _cut(frame.cap):  # the antimeridian is in view: cuts can be
        land = [_closed_cut(g) if _cut(c) else g for g, c in zip(land, chosen, strict=True)]
    if within is not None:
        land = [g for g in land if g.intersects(within)]
    return [p for p in (_path(g) for g in land if not g.is_empty) if p is not None]


def projected_ring(frame: Frame, shape: shapely.Geometry) -> shapely.Geometry:
    """A ring's chart polygon(s) on the picture's map, one outline: halves cut at the
    antimeridian meet again on a map centred elsewhere, and a ring round a pole (one chart
    polygon cut along the antimeridian down to the pole) loses the slit where both sides of
    the cut are the same line, once drawn as a stroke from the pole to the ring."""
    projected = _polygonal(frame.project(shape))
    if frame.world:
        return projected
    if len(shapely.get_parts(projected)) > 1:
        projected = _polygonal(shapely.union_all(shapely.get_parts(projected), grid_size=1.0))
    return _polygonal(_closed_cut(projected))


def _cut(chart: shapely.Geometry) -> bool:
    """A shape that reaches the antimeridian on both sides: a country cut there in the borders
    file (Russia, Fiji, Antarctica), or an azimuthal map's cap that holds part of it."""
    west, _, east, _ = chart.bounds
    return west <= -179.99 and east >= 179.99


def _closed_cut(projected: shapely.Geometry) -> shapely.Geometry:
    """A cut country on a map centred elsewhere: both sides of the cut project to one line,
    drawn as a border that is not there (Antarctica's ran from the pole to the Ross Sea);
    snapping to 1 m merges them."""
    try:
        return shapely.set_precision(projected, 1.0)
    except shapely.errors.GEOSException:
        return projected


def _draw_land(ax: Axes, paths: list[Any]) -> None:
    from matplotlib.collections import PathCollection

    if paths:
        ax.add_collection(
            PathCollection(paths, facecolors=LAND, edgecolors=BORDER, linewidths=0.35, zorder=1),
            autolim=False,
        )


def _path(geom: shapely.Geometry) -> Any:
    """A matplotlib Path of the polygons (with holes) or lines of ``geom``; None if empty."""
    from matplotlib.path import Path

    verts: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.GeometryCollection):
            sub = _path(part)
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


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [
        p for p in shapely.get_parts(geom) if isinstance(p, shapely.Polygon) and not p.is_empty
    ]
    if not parts:
        return shapely.Polygon()
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


def _halo() -> dict:
    """A light box behind a label, so it reads over rings and borders. (A stroked halo, matplotlib's
    path effect, would turn the label into a path: in SVG and PDF, text must stay text.)"""
    return {
        "boxstyle": "round,pad=0.18,rounding_size=0.25",
        "fc": "white",
        "ec": "none",
        "alpha": 0.8,
    }


def _nice(value: float) -> float:
    """The largest of 1, 2, 2.5, 5 x 10^k not above ``value``."""
    if value <= 0:
        return 1.0
    exp = math.floor(math.log10(value))
    for m in (5, 2.5, 2, 1):
        if m * 10**exp <= value:
            return m * 10**exp
    return 10**exp


@dataclass
class _Drawn:
    ring: Any
    launch: Launch
    color: str
    shape: shapely.Geometry  # projected
    group: tuple


def draw_rings_map(
    figure: Figure,
    rings: Sequence[Ring],
    systems: Sequence[System],
    *,
    units: str = "km",
    title: str | None = None,
    today: dt.date | None = None,
    opacity: float = 0.25,
) -> None:
    """Draw the finished map of ``rings`` on ``figure`` (see the module docstring).

    ``systems`` are the effective systems in the app's order (their colours, as on the live map);
    ``units`` km, mi or nmi; ``title`` defaults to :func:`default_title`; ``today`` is the date in
    the footer (default: today, UTC); ``opacity`` the fill of the rings (scaled down: a printed
    map keeps what is under the rings readable).
    """
    from matplotlib.patches import PathPatch, Rectangle

    from ranges.style import system_color

    if not rings:
        raise PictureError(
            "nothing to draw: the scenario has no rings (choose at least one system and one "
            "launch point)"
        )
    if units not in KM_PER_UNIT:
        raise PictureError(f"unknown units {units!r} (choose km, mi or nmi)")
    title = check_title(title)
    today = today or dt.datetime.now(dt.UTC).date()
    order = {s.id: i for i, s in enumerate(systems)}
    for ring in rings:
        order.setdefault(ring.system.id, len(order))
    launches: dict[tuple, Launch] = {}
    for ring in rings:
        launch = launch_of(ring)
        launches.setdefault(launch.key, launch)
    used: dict[str, System] = {}
    for ring in rings:
        used.setdefault(ring.system.id, ring.system)
    used_systems = sorted(used.values(), key=lambda s: order[s.id])
    colors = {s.id: system_color(s, order[s.id]) for s in used_systems}

    # --- layout -------------------------------------------------------------------------------
    footer = _footer(used_systems, today)
    footer_height = 0.016 + 0.024 * len(footer)
    bottom = footer_height + 0.012
    width_px = figure.get_figwidth() * figure.dpi
    height_px = figure.get_figheight() * figure.dpi
    aspect = (RIGHT - LEFT) * width_px / ((TOP - bottom) * height_px)

    shapes = [geo_shape(r.area.geometry) for r in rings]
    anchors = [x.anchor for x in launches.values()]
    centre = centre_of(anchors) if len(anchors) > 1 else anchors[0]
    area_shapes = [x.shape for x in launches.values() if x.shape is not None]
    point_list = [(x.lat, x.lon) for x in launches.values() if x.shape is None]
    frame = frame_for(centre, shapes + area_shapes, point_list, aspect)

    ax = figure.add_axes((LEFT, bottom, RIGHT - LEFT, TOP - bottom))
    ax.set_facecolor(WATER if not frame.world else "white")
    ax.set_xlim(frame.box[0], frame.box[2])
    ax.set_ylim(frame.box[1], frame.box[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#777777")

    painters: list[Callable[[Axes], None]] = []  # every layer, to draw again in an inset

    if frame.world:  # the globe's outline, water inside, white around it
        globe = _path(frame.project(shapely.box(-180.0, -90.0, 180.0, 90.0)))
        _add(ax, PathPatch(globe, facecolor=WATER, edgecolor="#8a9aa5", linewidth=0.6, zorder=0.5))

    # --- base: borders and graticule -------------------------------------------------------------
    pixel_m = (frame.box[2] - frame.box[0]) / (width_px * (RIGHT - LEFT))
    land = _land(frame, pixel_m if not frame.world else 40_000.0)
    painters.append(lambda a: _draw_land(a, land))
    _graticule(ax, frame)

    # --- rings --------------------------------------------------------------------------------
    drawn: list[_Drawn] = []
    for ring, shape in zip(rings, shapes, strict=True):
        launch = launch_of(ring)
        projected = projected_ring(frame, shape)
        group = (launch.key, round(ring.min_range_km, 3), round(ring.max_range_km, 3))
        drawn.append(_Drawn(ring, launch, colors[ring.system.id], projected, group))
    # Fills as bands, shortest range first: each system fills what it reaches beyond the shorter
    # ones, so nested rings read as bands of one colour each rather than a muddy stack.
    fill_alpha = max(0.06, min(0.3, opacity * 0.5))
    covered = shapely.Polygon()
    for system in sorted(used_systems, key=lambda s: used_range(rings, s)):
        parts = [d.shape for d in drawn if d.ring.system.id == system.id and not d.shape.is_empty]
        if not parts:
            continue
        reach = shapely.union_all(parts) if len(parts) > 1 else parts[0]
        band = shapely.difference(reach, covered) if not covered.is_empty else reach
        covered = shapely.union(covered, reach) if not covered.is_empty else reach
        fill = _path(_polygonal(band))
        if fill is not None:
            painters.append(
                lambda a, f=fill, c=colors[system.id]: _add(
                    a, PathPatch(f, facecolor=c, alpha=fill_alpha, linewidth=0, zorder=2)
                )
            )
    if len(launches) > OUTLINE_EACH_UP_TO:
        # Many launch sites: each system's outline is the edge of all its rings together (twenty
        # overlapping circles a system would hide the map); the fills already are unions.
        drawn = _unions(drawn, used_systems)
    groups: dict[tuple, list[_Drawn]] = {}
    for d in drawn:
        groups.setdefault(d.group, [])
        if all(o.ring.system.id != d.ring.system.id for o in groups[d.group]):
            groups[d.group].append(d)
    dashed: set[str] = set()
    for d in drawn:
        members = groups[d.group]
        outline = _path(d.shape.boundary) if not d.shape.is_empty else None
        if outline is None:
            continue
        style: Any = "solid"
        if len(members) > 1:
            k = next((i for i, m in enumerate(members) if m.ring.system.id == d.ring.system.id), 0)
            dash = 3.0
            style = (k * dash, (dash, (len(members) - 1) * dash))
            dashed.add(d.ring.system.id)
        painters.append(
            lambda a, o=outline, c=d.color, st=style: _add(
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

    # --- launch sites -------------------------------------------------------------------------
    renderer = figure.canvas.get_renderer()
    taken: list[Any] = []
    for launch in launches.values():
        if launch.shape is not None:
            area = frame.project(launch.shape)
            polygons = _polygonal(area)
            lines = shapely.get_parts(area)
            lines = [g for g in lines if not isinstance(g, shapely.Polygon | shapely.MultiPolygon)]
            path = _path(polygons) if not polygons.is_empty else None
            if path is not None:
                painters.append(
                    lambda a, p=path: _add(
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
            line_path = _path(shapely.GeometryCollection(lines)) if lines else None
            if line_path is not None:  # a front line or a coast: a line, not a region
                painters.append(
                    lambda a, p=line_path: _add(
                        a, PathPatch(p, fill=False, edgecolor=INK, linewidth=2.2, zorder=4)
                    )
                )
    xs, ys = [], []
    for launch in launches.values():
        x, y = frame.point(*launch.anchor)
        if launch.shape is None:
            xs.append(x)
            ys.append(y)
    if xs:
        painters.append(
            lambda a: a.scatter(xs, ys, s=22, c=INK, edgecolors="white", linewidths=0.9, zorder=7.5)
        )
    for paint in painters:
        paint(ax)
    legend = _legend(ax, used_systems, rings, colors, dashed, units, bool(xs), bool(area_shapes))
    ax.apply_aspect()
    axes_box = ax.get_window_extent(renderer)
    taken.append(legend.get_window_extent(renderer))

    # --- a detail of the short rings, when they are too small to read beside the long ones -------
    label_groups: dict[tuple, list[_Drawn]] = {}
    for members in groups.values():
        key = (
            tuple(m.ring.system.id for m in members),
            round(members[0].ring.min_range_km, 3),
            round(members[0].ring.max_range_km, 3),
        )
        label_groups.setdefault(key, []).append(members[0])
    inset = None
    small: set[tuple] = set()
    if not frame.world:
        half = min(frame.box[2] - frame.box[0], frame.box[3] - frame.box[1]) / 2
        size = {k: max(_extent(d.shape) for d in ms) for k, ms in label_groups.items()}
        largest = max(size.values(), default=0.0)
        small = {k for k, v in size.items() if v < INSET_BELOW * half and v * 4 < largest}
    if small:
        detail = [d.shape for k in small for d in label_groups[k]]
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
        inset_land = _land(frame, inset_pixel_m, shapely.box(*box))
        _draw_land(inset, inset_land)
        for paint in painters[1:]:  # the rest but the land, drawn finer just above
            paint(inset)
        inset.set_title("Detail", fontsize=6.5, loc="left", pad=2, color=INK, weight="bold")
        _add(
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
        taken.append(inset.get_tightbbox(renderer))
        _scale_bar(inset, box, units, Rectangle, note=False, fraction=0.4)

    point_size = 8.0 if len(launches) <= 5 else 6.5 if len(launches) <= 12 else 5.5
    for launch in launches.values():
        if not launch.label:
            continue
        x, y = frame.point(*launch.anchor)
        if inset is not None and box[0] < x < box[2] and box[1] < y < box[3]:
            continue  # labelled in the detail map
        _point_label(ax, renderer, taken, axes_box, (x, y), launch.label, point_size)
    inset_taken: list[Any] = []
    if inset is not None:
        inset_box = inset.get_window_extent(renderer)
        for launch in launches.values():
            if launch.label:
                xy = frame.point(*launch.anchor)
                _point_label(
                    inset, renderer, inset_taken, inset_box, xy, launch.label, point_size - 0.5
                )

    # --- ring labels --------------------------------------------------------------------------
    ordered = sorted(label_groups.items(), key=lambda kv: -kv[0][2])
    for index, ((ids, min_km, max_km), members) in enumerate(ordered):
        names = [used[i].name for i in ids]
        text = ring_label(names, min_km, max_km, units)
        color = colors[ids[0]] if len(ids) == 1 else INK
        candidates = []
        bearings = LABEL_BEARINGS_DEG[index % 4 :] + LABEL_BEARINGS_DEG[: index % 4]
        for d in members:
            for bearing in bearings:
                spot = _edge_point(d.shape, bearing)
                if spot is None:
                    continue
                s, c = math.sin(math.radians(bearing)), math.cos(math.radians(bearing))
                candidates.append((spot, (3 * s, 3 * c), _align(s, c)))
        in_inset = inset is not None and (ids, min_km, max_km) in small
        _place(
            inset if in_inset else ax,
            renderer,
            inset_taken if in_inset else taken,
            inset_box if in_inset else axes_box,
            [(spot, off) for spot, off, _ in candidates],
            text,
            fontsize=7 if in_inset else 7.5,
            weight="bold",
            color=_darker(color),
            aligns=[al for _, _, al in candidates],
        )

    # --- scale bar, title, footer -------------------------------------------------------------
    if not frame.world:
        _scale_bar(ax, frame.box, units, Rectangle)
    _title(figure, renderer, title or default_title(used_systems, list(launches.values())))
    figure.text(
        LEFT, TOP + 0.012, _subtitle(frame, list(launches.values())), fontsize=6.8, color=MUTED
    )
    figure.text(
        LEFT, 0.012, "\n".join(footer), fontsize=5.6, color=MUTED, va="bottom", linespacing=1.35
    )


INSET_RECT = (0.012, 0.02, 0.3, 0.42)
"""The detail map's place in the main map (axes fractions: left, bottom, width, height)."""
INSET_BELOW = 0.12
"""Rings smaller than this fraction of the map's half-size (and a quarter of the largest) get a
detail map: at the opening scale the report's 250 and 300 km rings are a blob beside 2,400 km."""


LABEL_OFFSETS = ((5, 4), (-5, 4), (5, -4), (-5, -4), (0, 7), (0, -7), (8, 0), (-8, 0))
"""Where a launch point's label may go (points from the point), first free one wins."""
OUTLINE_EACH_UP_TO = 3
"""Up to this many launch sites each ring is outlined; past it, each system's union of rings."""


def _unions(drawn: list[_Drawn], systems: Sequence[System]) -> list[_Drawn]:
    """One :class:`_Drawn` a system: the union of its rings, grouped by its range."""
    out = []
    for system in systems:
        mine = [d for d in drawn if d.ring.system.id == system.id and not d.shape.is_empty]
        if not mine:
            continue
        shape = _polygonal(shapely.union_all([d.shape for d in mine]))
        first = mine[0]
        group = (None, round(first.ring.min_range_km, 3), round(first.ring.max_range_km, 3))
        out.append(_Drawn(first.ring, first.launch, first.color, shape, group))
    return out


def _extent(shape: shapely.Geometry) -> float:
    """Half the larger side of ``shape``'s bounds (projected metres)."""
    if shape.is_empty:
        return 0.0
    x0, y0, x1, y1 = shape.bounds
    return max(x1 - x0, y1 - y0) / 2


def used_range(rings: Sequence[Ring], system: System) -> float:
    """The largest range (km) ``system`` is drawn with."""
    return max(r.max_range_km for r in rings if r.system.id == system.id)


def _add(ax: Axes, patch: Any) -> None:
    """``ax.add_patch`` without its data-limits update (the limits are set; that update walks
    every vertex of a ring, a third of the drawing time)."""
    patch.set_transform(ax.transData)
    ax.add_artist(patch)


def _darker(color: str) -> str:
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(color)
    return "#" + "".join(f"{int(v * 0.78 * 255):02x}" for v in (r, g, b))


def _align(s: float, c: float) -> tuple[str, str]:
    ha = "left" if s > 0.3 else "right" if s < -0.3 else "center"
    va = "bottom" if c > 0.3 else "top" if c < -0.3 else "center"
    return ha, va


def _edge_point(shape: shapely.Geometry, bearing_deg: float) -> tuple[float, float] | None:
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


def _place(
    ax: Axes,
    renderer: Any,
    taken: list[Any],
    axes_box: Any,
    spots: Sequence[tuple[tuple[float, float], tuple[float, float]]],
    text: str,
    *,
    aligns: Sequence[tuple[str, str]] | None = None,
    **style: Any,
) -> None:
    """Put ``text`` at the first spot (data point, offset in points) where it stays inside the
    map and covers nothing in ``taken``; the first spot if none is free."""

    def put(xy: tuple[float, float], offset: tuple[float, float], ha: str, va: str) -> Any:
        return ax.annotate(
            text,
            xy,
            xytext=offset,
            textcoords="offset points",
            ha=ha,
            va=va,
            zorder=7,
            bbox=_halo(),
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
            box.x0 >= axes_box.x0
            and box.x1 <= axes_box.x1
            and box.y0 >= axes_box.y0
            and box.y1 <= axes_box.y1
        )
        if inside and not any(box.overlaps(other) for other in taken):
            taken.append(box)
            return
        if first is None:
            first = (xy, offset, ha, va)
        label.remove()
    if first is not None:
        taken.append(put(*first).get_window_extent(renderer))


def _legend(
    ax: Axes,
    systems: Sequence[System],
    rings: Sequence[Ring],
    colors: dict[str, str],
    dashed: set[str],
    units: str,
    points: bool,
    areas: bool,
) -> Any:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    any_min = False
    for system in systems:
        ring = next(r for r in rings if r.system.id == system.id)
        any_min = any_min or ring.min_range_km > 0
        handles.append(
            Patch(
                facecolor=colors[system.id] + "40",
                edgecolor=colors[system.id],
                linewidth=1.4,
                linestyle=(0, (3, 1.5)) if system.id in dashed else "solid",
                label=f"{short_text(system.name)}: "
                + range_text(ring.min_range_km, ring.max_range_km, units),
            )
        )
    if points:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markerfacecolor=INK,
                markeredgecolor="white",
                markersize=5,
                label="Launch point",
            )
        )
    if areas:
        handles.append(
            Patch(facecolor="#1a1a1a26", edgecolor=INK, hatch="////", label="Launch area")
        )
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        title="Range" if any_min else "Maximum range",
        fontsize=6.8,
        title_fontsize=7.2,
        framealpha=0.93,
        edgecolor="#999999",
        fancybox=False,
        ncols=2 if len(handles) > 12 else 1,
        borderpad=0.6,
        handlelength=2.2,
    )
    legend.set_zorder(8)
    legend.get_title().set_weight("bold")
    return legend


def _point_label(
    axes: Axes,
    renderer: Any,
    taken: list[Any],
    box: Any,
    xy: tuple[float, float],
    label: str,
    size: float,
) -> None:
    """A launch point's label (bold, at most 60 characters) at the first free place beside it."""
    offsets = [(xy, off) for off in LABEL_OFFSETS]
    _place(
        axes,
        renderer,
        taken,
        box,
        offsets,
        short_text(label, 60),
        fontsize=size,
        weight="bold",
        color=INK,
    )


def _graticule(ax: Axes, frame: Frame) -> None:
    step, lines = frame.graticule()
    left = shapely.LineString([(frame.box[0], frame.box[1]), (frame.box[0], frame.box[3])])
    bottom = shapely.LineString([(frame.box[0], frame.box[1]), (frame.box[2], frame.box[1])])
    for kind, value, line in lines:
        path = _path(line)
        if path is None:
            continue
        from matplotlib.patches import PathPatch

        _add(ax, PathPatch(path, fill=False, edgecolor=GRATICULE, linewidth=0.45, zorder=1.5))
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
            # A latitude's label on the left edge, a longitude's on the bottom one.
            at, offset = (
                ((frame.box[0], y), (2, 1)) if kind == "lat" else ((x, frame.box[1]), (2, 2))
            )
            ax.annotate(
                _degrees(value, kind, step),
                at,
                xytext=offset,
                textcoords="offset points",
                fontsize=5.2,
                color="#6b7b86",
                va="bottom",
                ha="left",
                zorder=1.6,
            )


def _degrees(value: float, kind: str, step: float) -> str:
    digits = 0 if step >= 1 else 2 if step < 0.5 else 1
    if kind == "lat":
        hemi = "N" if value > 0 else "S" if value < 0 else ""
    else:
        value = (value + 180) % 360 - 180
        hemi = "E" if value > 0 else "W" if value < 0 and value != -180 else ""
    return f"{abs(value):.{digits}f}°{hemi}"


def _scale_bar(
    ax: Axes,
    box: tuple[float, ...],
    units: str,
    rectangle: Any,
    *,
    note: bool = True,
    fraction: float = 0.2,
) -> None:
    """A scale bar in ``units`` in the lower right of ``ax``, whose limits are ``box``, about
    ``fraction`` of its width."""
    xmin, ymin, xmax, ymax = box
    unit_m = KM_PER_UNIT[units] * 1000.0
    length = _nice(fraction * (xmax - xmin) / unit_m)
    length_m = length * unit_m
    x0 = xmax - 0.03 * (xmax - xmin) - length_m
    y0 = ymin + 0.045 * (ymax - ymin)
    h = 0.008 * (ymax - ymin)
    _add(
        ax,
        rectangle(
            (x0 - 0.012 * (xmax - xmin), y0 - 0.02 * (ymax - ymin)),
            length_m + 0.03 * (xmax - xmin),
            0.075 * (ymax - ymin),
            facecolor="white",
            alpha=0.8,
            edgecolor="none",
            zorder=8,
        ),
    )
    for i in range(4):
        _add(
            ax,
            rectangle(
                (x0 + i * length_m / 4, y0),
                length_m / 4,
                h,
                facecolor=INK if i % 2 == 0 else "white",
                edgecolor=INK,
                linewidth=0.5,
                zorder=9,
            ),
        )
    for value, x in ((0, x0), (length / 2, x0 + length_m / 2), (length, x0 + length_m)):
        label = f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:g}"
        if value == length:
            label += f" {units}"
        ax.text(x, y0 + h * 1.6, label, fontsize=5.8, ha="center", va="bottom", color=INK, zorder=9)
    if not note:
        return
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


def _title(figure: Figure, renderer: Any, text: str) -> None:
    """The title, top left, on one line at the largest size from 12.5 pt down to 8 pt that fits
    the width; else on two lines, 8 pt or less (a title is at most 160 characters)."""
    width = figure.bbox.width * (RIGHT - LEFT)
    label = figure.text(LEFT, 0.965, text, weight="bold", color=INK, va="top")
    for size in (12.5, 11.0, 10.0, 9.0, 8.0):
        label.set_fontsize(size)
        if label.get_window_extent(renderer).width <= width:
            return
    half = math.ceil(len(text) / 2)
    choices = [textwrap.wrap(text, width=w) for w in (half, half + 4, half + 8, half + 16)]
    two = [c for c in choices if len(c) <= 2] or [[text[:half], text[half:]]]
    lines = min(two, key=lambda c: max(len(line) for line in c))  # the most even split
    label.set_text("\n".join(lines))
    label.set_y(0.978)
    label.set_linespacing(1.05)
    for size in (8.0, 7.0, 6.0, 5.0):  # 160 of the widest letters (W, bold) fit at 5 pt
        label.set_fontsize(size)
        if label.get_window_extent(renderer).width <= width:
            return


def _subtitle(frame: Frame, launches: Sequence[Launch]) -> str:
    rings = "Rings: geodesics on WGS-84."
    if frame.world:
        return f"Equal Earth projection: areas are true, distances are not to scale. {rings}"
    lat, lon = frame.centre
    if len(launches) == 1 and launches[0].label:
        where = short_text(launches[0].label, 50)
    else:
        where = (
            f"{abs(lat):.2f}°{'N' if lat >= 0 else 'S'} {abs(lon):.2f}°{'E' if lon >= 0 else 'W'}"
        )
    return (
        f"Azimuthal equidistant projection centred on {where}: distances from the centre are "
        f"true. {rings}"
    )


def _footer(systems: Sequence[System], today: dt.date) -> list[str]:
    """The footer's lines: each source and the systems citing it, the map data, the date."""
    by_source: dict[tuple[str, str], list[str]] = {}
    for system in systems:
        source = system.sources[0]
        date = getattr(source, "date", None)
        key = (str(source.title), str(date) if date else "")
        by_source.setdefault(key, []).append(short_text(system.name, 30))
    cited = []
    for (title, date), names in by_source.items():
        who = "all systems" if len(by_source) == 1 and len(systems) > 1 else ", ".join(names)
        cited.append(f"{who}: “{short_text(title, 110)}”" + (f" ({date})" if date else ""))
    text = (
        "Ranges: "
        + "; ".join(cited)
        + ". Borders: Natural Earth (public domain). Rings computed with rangemap; made "
        + today.isoformat()
        + "."
    )
    lines = textwrap.wrap(text, width=165)
    if len(lines) > FOOTER_LINES:
        lines = lines[:FOOTER_LINES]
        lines[-1] = lines[-1][:160].rstrip() + " …"
    return lines


def rings_picture(
    rings: Sequence[Ring],
    systems: Sequence[System],
    fmt: str,
    *,
    units: str = "km",
    title: str | None = None,
    today: dt.date | None = None,
    opacity: float = 0.25,
    width_px: int | None = None,
    height_px: int | None = None,
) -> bytes:
    """The map of ``rings`` as a ``fmt`` (png, svg, pdf) file; see :func:`draw_rings_map`.
    :class:`ranges.errors.PictureError` when there is nothing to draw or a title is refused."""
    from ranges.pictures.figure import DEFAULT_HEIGHT_PX, DEFAULT_WIDTH_PX

    if not rings:
        draw_rings_map(None, rings, systems)  # type: ignore[arg-type]  # raises the message
    title = check_title(title)
    return render(
        lambda fig: draw_rings_map(
            fig, rings, systems, units=units, title=title, today=today, opacity=opacity
        ),
        fmt,
        width_px=width_px or DEFAULT_WIDTH_PX,
        height_px=height_px or DEFAULT_HEIGHT_PX,
    )
