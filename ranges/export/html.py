"""A standalone HTML map, one file to email, built from the app's own folium layers."""

from __future__ import annotations

from collections.abc import Sequence

import folium

from ranges.catalogue.systems import System
from ranges.export import ExportData
from ranges.geometry.geodesy import polygons_of
from ranges.geometry.rings import Ring
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.points import LaunchPoint
from ranges.scenario.model import View
from ranges.targets.measure import TargetMeasures
from ranges.text import html_text
from ranges.web.areas import area_layers
from ranges.web.basemap import DEFAULT_VIEW, base_map
from ranges.web.elements import MapLegend
from ranges.web.geojson import display_geometry
from ranges.web.layers import points_layer, ring_layers
from ranges.web.legend import areas_legend_html, legend_html, targets_legend_html
from ranges.web.standalone import borders_layer, inline_assets
from ranges.web.targets import targets_layer


def _bounds(
    rings: Sequence[Ring], points: Sequence[LaunchPoint], areas: Sequence = ()
) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of the rings as drawn (``display_geometry``: a ring
    across the antimeridian stays whole, so longitudes may pass 180), else of the points and
    the launch areas."""
    lats: list[float] = []
    lons: list[float] = []
    for ring in rings:
        geometry = display_geometry(ring.area.geometry, ring.point.lon)
        for polygon in polygons_of(geometry):
            lons.extend(p[0] for p in polygon[0])
            lats.extend(p[1] for p in polygon[0])
    if not lats:
        lats = [p.lat for p in points]
        lons = [p.lon for p in points]
        for area in areas:
            west, south, east, north = area.geometry.bounds
            lats += [south, north]
            lons += [west, east]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def to_html(
    rings: Sequence[Ring],
    systems: Sequence[System],
    points: Sequence[LaunchPoint],
    *,
    units: str = "km",
    opacity: float = 0.25,
    title: str = "rangemap",
    areas: Sequence = (),
    borders: str = DEFAULT_EDITION,
    targets: TargetMeasures | None = None,
) -> str:
    """A standalone HTML page with the map: the rings, the launch points, the targets if any
    (``targets``: their measures against ``systems``, drawn as the live map draws them,
    :mod:`ranges.web.targets`) and a legend.

    Built with the app's own layers (:mod:`ranges.web.layers`): OpenStreetMap tiles, one layer per
    system in ``systems`` (the effective systems, range overrides applied, as the rings were
    built; their order gives the palette colours), a marker per launch point, a layer control,
    and a legend box with ``title`` inside the map; the view is fitted to the rings (or the
    points). Distances in the legend and tooltips are in ``units`` (km, mi or nmi); ``opacity``
    is the ring fill, 0 to 1.

    Standalone: the rings, and Leaflet with its plugins and styles (the app's committed copies,
    :func:`ranges.web.standalone.inline_assets`), are inside the file, so it draws with no network
    and sends no request to a CDN; only the background tiles come from OpenStreetMap (offline,
    the rings show over the app's offline country borders of edition ``borders``, embedded:
    :func:`ranges.web.standalone.borders_layer`).

    All text from catalogues and users is escaped (:func:`ranges.text.html_text`).
    """
    bounds = _bounds(rings, points, areas)
    view = DEFAULT_VIEW
    if points:
        view = View(points[0].lat, points[0].lon, DEFAULT_VIEW.zoom)
    elif areas:
        centre = areas[0].geometry.representative_point()
        view = View(centre.y, centre.x, DEFAULT_VIEW.zoom)
    m = base_map(view, "osm")
    m.get_root().header.add_child(
        folium.Element(f"<title>{html_text(title)}</title>"), name="title"
    )
    borders_layer(bounds, borders).add_to(m)
    for group in ring_layers(rings, systems, units, opacity):
        group.add_to(m)
    for group in area_layers(areas):
        group.add_to(m)
    points_layer(points).add_to(m)
    marked = ""
    if targets is not None and len(targets.targets):
        group, shown = targets_layer(targets, systems, units)
        group.add_to(m)
        marked = targets_legend_html(shown.total, shown.rows.size)
    folium.LayerControl(collapsed=False).add_to(m)
    note = "Range rings: true geodesics on the WGS-84 ellipsoid."
    MapLegend(
        f'<div class="rm-title">{html_text(title)}</div>'
        + legend_html(systems, units)
        + (f'<div class="rm-legend">{marked}</div>' if marked else "")
        + areas_legend_html(areas)
        + f'<div class="rm-note">{html_text(note)}</div>'
    ).add_to(m)
    if bounds is not None and bounds[0] != bounds[1]:  # (one point alone: the view above)
        m.fit_bounds(bounds)
    inline_assets(m)
    return m.get_root().render()


def write(data: ExportData) -> str:
    """The registry's writer: :func:`to_html` of the rings, systems and points of ``data``."""
    options = {"title": data.title} if data.title is not None else {}
    return to_html(
        data.rings,
        data.systems,
        data.points,
        units=data.units,
        opacity=data.opacity,
        areas=data.areas,
        borders=data.borders,
        targets=data.targets,
        **options,
    )
