"""A finished static map of a scenario's range rings: PNG, SVG or PDF, for print and the web.

What is on it, from top to bottom: a title and a line saying how the map is drawn; the map (the
bundled Natural Earth borders, a graticule, each system's rings filled and outlined in its
colour, every launch point or area marked and labelled, each ring labelled on its edge with the
system and its range in the chosen units, a legend, a scale bar, and a detail map of the short
rings when they are too small beside the long ones, the names of the largest places reached,
and the targets, if any: :mod:`~ranges.pictures.targets`); and a footer citing each system's
source, the map data and the date (and counting the targets).

This module lays the picture out and draws it in named steps; each part is a module of its own:
:mod:`~ranges.pictures.canvas.frame` (projection and extent), :mod:`~ranges.pictures.canvas.land`,
:mod:`~ranges.pictures.graticule`, :mod:`~ranges.pictures.layers` (rings and launch sites),
:mod:`~ranges.pictures.legend`, :mod:`~ranges.pictures.inset` (the detail map),
:mod:`~ranges.pictures.labels`, :mod:`~ranges.pictures.canvas.scalebar` and
:mod:`~ranges.pictures.captions` (title, subtitle, footer).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ranges.errors import PictureError
from ranges.pictures.canvas.frame import Frame, centre_of, frame_for, geo_shape
from ranges.pictures.canvas.land import draw_land, land_paths
from ranges.pictures.canvas.scalebar import draw_scale_bar
from ranges.pictures.captions import (
    default_title,
    draw_captions,
    footer_height,
    footer_lines,
    subtitle_texts,
)
from ranges.pictures.figure import WATER, check_title, render
from ranges.pictures.graticule import draw_graticule, draw_graticule_labels
from ranges.pictures.inset import draw_inset, small_groups
from ranges.pictures.labels import LabelRoom, draw_point_labels, draw_ring_labels, label_groups
from ranges.pictures.launch import Launch, launches_of
from ranges.pictures.layers import draw_globe, launch_painters, ring_layers
from ranges.pictures.legend import draw_legend
from ranges.pictures.placenames import MAX_NAMES, bundled_places, draw_place_names, reached_places
from ranges.pictures.targets import (
    draw_target_labels,
    draw_targets,
    plan_targets,
    target_footer,
)
from ranges.places.editions import DEFAULT_EDITION, EDITIONS
from ranges.style import system_color
from ranges.units import KM_PER_UNIT

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from ranges.catalogue.systems import System
    from ranges.geometry.rings import Ring
    from ranges.places.gazetteer import Gazetteer
    from ranges.targets.measure import TargetMeasures

__all__ = ["LEFT", "RIGHT", "TOP", "draw_rings_map", "rings_picture"]

# The map's axes, in figure fractions (its bottom is above the footer).
LEFT, RIGHT, TOP = 0.012, 0.988, 0.885


@dataclass(frozen=True)
class _Cast:
    """Who is on the map: its launches, its systems in the app's order, and their colours."""

    launches: list[Launch]
    systems: list[System]
    colors: dict[str, str]

    @property
    def by_id(self) -> dict[str, System]:
        return {s.id: s for s in self.systems}


def _cast(rings: Sequence[Ring], systems: Sequence[System]) -> _Cast:
    """The launches and systems of ``rings``; colours as on the live map, by each system's
    place in ``systems`` (the effective systems in the app's order)."""
    order = {s.id: i for i, s in enumerate(systems)}
    for ring in rings:
        order.setdefault(ring.system.id, len(order))
    used: dict[str, System] = {}
    for ring in rings:
        used.setdefault(ring.system.id, ring.system)
    used_systems = sorted(used.values(), key=lambda s: order[s.id])
    colors = {s.id: system_color(s, order[s.id]) for s in used_systems}
    return _Cast(launches_of(rings), used_systems, colors)


def _frame(
    figure: Figure, shapes: Sequence[Any], launches: Sequence[Launch], bottom: float
) -> Frame:
    """The projection and extent that hold every ring and launch, at the map's aspect."""
    width_px = figure.get_figwidth() * figure.dpi
    height_px = figure.get_figheight() * figure.dpi
    aspect = (RIGHT - LEFT) * width_px / ((TOP - bottom) * height_px)
    anchors = [x.anchor for x in launches]
    centre = centre_of(anchors) if len(anchors) > 1 else anchors[0]
    area_shapes = [x.shape for x in launches if x.shape is not None]
    point_list = [(x.lat, x.lon) for x in launches if x.shape is None]
    return frame_for(centre, [*shapes, *area_shapes], point_list, aspect)


def _map_axes(figure: Figure, frame: Frame, bottom: float) -> Axes:
    """The map's axes: water behind (white around a world map's globe), no ticks."""
    ax = figure.add_axes((LEFT, bottom, RIGHT - LEFT, TOP - bottom))
    ax.set_facecolor(WATER if not frame.world else "white")
    ax.set_xlim(frame.box[0], frame.box[2])
    ax.set_ylim(frame.box[1], frame.box[3])
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#777777")
    return ax


def draw_rings_map(
    figure: Figure,
    rings: Sequence[Ring],
    systems: Sequence[System],
    *,
    units: str = "km",
    title: str | None = None,
    today: dt.date | None = None,
    opacity: float = 0.25,
    place_names: int = MAX_NAMES,
    places: Gazetteer | None = None,
    borders: str = DEFAULT_EDITION,
    targets: TargetMeasures | None = None,
) -> None:
    """Draw the finished map of ``rings`` on ``figure`` (see the module docstring).

    ``systems`` are the effective systems in the app's order (their colours, as on the live map);
    ``units`` km, mi or nmi; ``title`` defaults to :func:`default_title`; ``today`` is the date in
    the footer (default: today, UTC); ``opacity`` the fill of the rings (scaled down: a printed
    map keeps what is under the rings readable). Up to ``place_names`` of the largest places
    reached are named, from ``places`` (default: the bundled extract of
    :mod:`ranges.pictures.placenames`); 0 names none. ``borders`` is the edition of the
    borders drawn (:data:`ranges.places.editions.EDITIONS`), named in the footer. ``targets``:
    the measures of a target list against ``systems``
    (:func:`ranges.targets.measure.measure_targets`), marked as :mod:`ranges.pictures.targets`
    says; None: no targets.
    """
    if borders not in EDITIONS:
        raise PictureError(f"unknown borders {borders!r} (choose {' or '.join(EDITIONS)})")
    if not rings:
        raise PictureError(
            "nothing to draw: the scenario has no rings (choose at least one system and one "
            "launch point)"
        )
    if units not in KM_PER_UNIT:
        raise PictureError(f"unknown units {units!r} (choose km, mi or nmi)")
    title = check_title(title)
    today = today or dt.datetime.now(dt.UTC).date()
    cast = _cast(rings, systems)

    # Layout: the footer's lines set the map's bottom, the map's shape its extent.
    footer = footer_lines(cast.systems, today, borders)
    if targets is not None:
        footer = ["Targets:", *footer]  # its words once the names are placed
    bottom = footer_height(footer) + 0.012
    shapes = [geo_shape(r.area.geometry) for r in rings]
    frame = _frame(figure, shapes, cast.launches, bottom)
    ax = _map_axes(figure, frame, bottom)

    # Base: the globe (a world map), the land at the detail a pixel shows, the graticule.
    if frame.world:
        draw_globe(ax, frame)
    width_px = figure.get_figwidth() * figure.dpi
    pixel_m = (frame.box[2] - frame.box[0]) / (width_px * (RIGHT - LEFT))
    land = land_paths(frame, pixel_m if not frame.world else 40_000.0, edition=borders)
    graticule_labels = draw_graticule(ax, frame)

    # Layers: rings (fills, outlines) and launch sites, drawn on the map and again in the inset.
    layers = ring_layers(
        frame,
        rings,
        shapes,
        cast.systems,
        cast.colors,
        opacity=opacity,
        launches=len(cast.launches),
    )
    sites, points = launch_painters(frame, cast.launches)
    painters = [*layers.painters, *sites]
    draw_land(ax, land)
    for paint in painters:
        paint(ax)
    plan = plan_targets(frame, targets, cast.colors) if targets is not None else None
    if plan is not None:
        draw_targets(ax, plan)
    has_areas = any(x.shape is not None for x in cast.launches)
    legend = draw_legend(
        ax,
        cast.systems,
        rings,
        cast.colors,
        layers.dashed,
        units,
        points,
        has_areas,
        (plan.any_filled, plan.any_hollow) if plan is not None else (False, False),
    )
    renderer = figure.canvas.get_renderer()
    ax.apply_aspect()
    main = LabelRoom(ax, ax.get_window_extent(renderer))
    main.taken.append(legend.get_window_extent(renderer))

    # The detail map, when the short rings are too small to read beside the long ones; the
    # scale bars before any label, so that no label covers them.
    groups = label_groups(layers.groups)
    small = small_groups(frame, groups)
    inset = None
    inset_room = None
    if small:
        detail = [d.shape for k in small for d in groups[k]]
        inset = draw_inset(main, frame, detail, painters, units, renderer, borders)
        inset_room = LabelRoom(inset.axes, inset.axes.get_window_extent(renderer))
        inset_room.taken.append(inset.scale_bar)
    if not frame.world:
        main.taken.append(draw_scale_bar(ax, frame.box, units))

    # Labels: launch sites first (they stay beside their dots), then rings, longest first, then
    # the largest places reached and the graticule's, each only where it covers nothing.
    draw_point_labels(
        frame,
        cast.launches,
        renderer,
        main,
        inset_room,
        inset.box if inset is not None else None,
    )
    draw_ring_labels(groups, cast.by_id, cast.colors, units, renderer, main, inset_room, small)
    if plan is not None and targets is not None:
        named = draw_target_labels(main, renderer, targets, plan)
        footer[0] = target_footer(plan, named)
    if place_names > 0:
        places = places if places is not None else bundled_places()
        reached = reached_places(rings, places) if places is not None else []
        draw_place_names(main, frame, renderer, reached, place_names)
    draw_graticule_labels(main, renderer, graticule_labels)

    # Title, subtitle, footer.
    draw_captions(
        figure,
        renderer,
        title=title or default_title(cast.systems, cast.launches),
        subtitles=subtitle_texts(frame, cast.launches),
        footer=footer,
        left=LEFT,
        right=RIGHT,
        top=TOP,
    )


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
    place_names: int = MAX_NAMES,
    places: Gazetteer | None = None,
    borders: str = DEFAULT_EDITION,
    targets: TargetMeasures | None = None,
) -> bytes:
    """The map of ``rings`` as a ``fmt`` (png, svg, pdf) file; see :func:`draw_rings_map`.
    :class:`ranges.errors.PictureError` when there is nothing to draw or a title is refused."""
    from ranges.pictures.figure import DEFAULT_HEIGHT_PX, DEFAULT_WIDTH_PX

    if not rings:
        draw_rings_map(None, rings, systems)  # type: ignore[arg-type]  # raises the message
    title = check_title(title)
    return render(
        lambda fig: draw_rings_map(
            fig,
            rings,
            systems,
            units=units,
            title=title,
            today=today,
            opacity=opacity,
            place_names=place_names,
            places=places,
            borders=borders,
            targets=targets,
        ),
        fmt,
        width_px=width_px or DEFAULT_WIDTH_PX,
        height_px=height_px or DEFAULT_HEIGHT_PX,
    )
