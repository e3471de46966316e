"""Folium objects for the range map: a stable base map, and the layers that change with the state.

Nothing here imports Streamlit. The base map depends only on the initial view and base layer, so
that streamlit-folium keeps the same map (and the user's zoom and pan) while the rings, markers
and legend, built separately as feature groups, change with every slider move.

All text from catalogues and users passes through :func:`ranges.text.html_text` (the legend,
which Streamlit shows as Markdown, through :func:`ranges.text.markdown_html_text`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import folium
import folium.plugins
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from ranges.catalogue.systems import System
from ranges.geometry.geodesy import RangeArea, polygons_of
from ranges.geometry.rings import Ring
from ranges.places.points import LaunchPoint, format_coordinates
from ranges.scenario.model import View
from ranges.text import html_text, markdown_html_text
from ranges.units import format_distance
from ranges.web.labels import RingLabel

PALETTE = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
DEFAULT_VIEW = View(50.4501, 30.5234, 5)

TILES = {
    "osm": {
        "tiles": "OpenStreetMap",
        "name": "OpenStreetMap",
        "attr": None,
    },
    "light": {
        "tiles": (
            "https://server.arcgisonline.com/ArcGIS/rest/services/Canvas/"
            "World_Light_Gray_Base/MapServer/tile/{z}/{y}/{x}"
        ),
        "name": "Light (Esri)",
        "attr": "Tiles &copy; Esri &mdash; Esri, HERE, Garmin, &copy; OpenStreetMap contributors",
    },
    "satellite": {
        "tiles": (
            "https://server.arcgisonline.com/ArcGIS/rest/services/World_Imagery/MapServer/tile/"
            "{z}/{y}/{x}"
        ),
        "name": "Satellite (Esri)",
        "attr": (
            "Tiles &copy; Esri &mdash; Source: Esri, Maxar, Earthstar Geographics, and the GIS "
            "User Community"
        ),
    },
}


MAP_JS = ("leaflet", "jquery", "awesome_markers")
"""Of folium.Map's scripts, the ones the map loads (by folium's names)."""
MAP_CSS = ("leaflet_css", "awesome_markers_font_css", "awesome_markers_css")
"""Of folium.Map's stylesheets, the ones the map loads."""

BORDERS_STYLE = {
    "color": "#555555",
    "weight": 0.8,
    "fill": True,
    "fillColor": "#f2efe9",
    "fillOpacity": 0.35,
}


class RemoteGeoJson(MacroElement):
    """A GeoJSON file the browser fetches from ``url`` into the parent layer (not embedded).

    Keeps large static data (the country borders) out of every page update: the browser loads it
    once from the app's own static files. A failed fetch leaves the layer empty and the map
    working.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        fetch({{ this.url|tojson }})
            .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
            .then(function (data) {
                L.geoJSON(data, {style: {{ this.style|tojson }}, interactive: false})
                    .addTo({{ this._parent.get_name() }});
            })
            .catch(function (e) { console.warn("rangemap: layer not loaded", e); });
        {% endmacro %}
        """
    )

    def __init__(self, url: str, style: dict) -> None:
        super().__init__()
        self._name = "RemoteGeoJson"
        self.url = url
        self.style = style


class PluginAssets(JSCSSMixin, MacroElement):
    """The scripts and styles of plugins that layers drawn later use.

    streamlit-folium loads a map's scripts once, when it mounts it: a layer added on a later
    rerun (the clustered cities, once a slider makes them many) finds its plugin only if the
    mounted map already had it.
    """

    default_js = folium.plugins.MarkerCluster.default_js
    default_css = folium.plugins.MarkerCluster.default_css


LEGEND_CSS = """
.rm-legend-box {background: rgba(255, 255, 255, 0.92); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); font: 13px/1.4 sans-serif; max-width: 22rem;}
.rm-title {font-weight: bold; margin-bottom: 4px;}
.rm-legend {display: flex; flex-direction: column; gap: 2px;}
.rm-legend-item {display: flex; align-items: center; gap: 6px;}
.rm-swatch {width: 12px; height: 12px; border-radius: 2px; display: inline-block;
  flex: none;}
.rm-note {margin-top: 4px; color: #555; font-size: 11px;}
"""
COMPACT_LEGEND_CSS = (
    LEGEND_CSS
    + """
.rm-legend-box {font-size: 11px; line-height: 1.3; max-width: 15rem; padding: 4px 7px;}
.rm-note {font-size: 10px;}
"""
)
"""The legend on a small (embedded) map: smaller type."""


class MapLegend(MacroElement):
    """A box in a corner of the map (a Leaflet control) showing ``html``.

    ``html`` must already be safe markup (escaped with :func:`ranges.text.html_text`); it is put
    into the page as a JSON string, so it cannot end the script it is in.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "rm-legend-box");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomright", css: str = LEGEND_CSS):
        super().__init__()
        self._name = "MapLegend"
        self.html = html
        self.position = position
        self.css = css


def system_color(system: System, index: int) -> str:
    """The system's own colour, or one from the palette by its position."""
    return system.color or PALETTE[index % len(PALETTE)]


def base_map(
    view: View, base: str = "osm", *, borders_url: str | None = None, units: str = "km"
) -> folium.Map:
    """The map that stays put: one base layer, offline borders, controls.

    It depends only on its arguments, so streamlit-folium keeps it mounted across reruns. The
    base layer is chosen in the app (and kept in the URL) rather than in the layer control.
    The scale bar is in ``units``; see :func:`map_manners` for what else the map does.
    """
    m = folium.Map(
        location=[view.lat, view.lon],
        zoom_start=view.zoom,
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
        **{"gestureHandling": True},
    )
    # Only what the layers use: Leaflet, jQuery (folium's popups), awesome-markers with Font
    # Awesome (the target's icon). streamlit-folium loads a map's scripts one after another,
    # each waiting for the last, so Bootstrap (used by no layer here) held up the first ring.
    m.default_js = [(n, u) for n, u in folium.Map.default_js if n in MAP_JS]
    m.default_css = [(n, u) for n, u in folium.Map.default_css if n in MAP_CSS]
    spec = TILES.get(base, TILES["osm"])
    folium.TileLayer(
        tiles=spec["tiles"], name=spec["name"], attr=spec["attr"], overlay=False, control=False
    ).add_to(m)
    if borders_url:
        borders = folium.FeatureGroup(name="Country borders (offline)", show=True)
        RemoteGeoJson(borders_url, BORDERS_STYLE).add_to(borders)
        borders.add_to(m)
    PluginAssets().add_to(m)
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MousePosition(
        position="bottomleft", separator=" | ", num_digits=4, empty_string="lat | lon"
    ).add_to(m)
    folium.plugins.MeasureControl(
        position="topleft",
        primary_length_unit="kilometers",
        secondary_length_unit="miles",
        primary_area_unit="sqkilometers",
    ).add_to(m)
    map_manners(m, units)
    return m


DISPLAY_DECIMALS = 5  # about 1 m: enough for any zoom level, a third less to send


def display_geometry(geometry: dict, lon0: float) -> dict:
    """The ring as Leaflet should draw it: parts next to the launch point, coordinates to 1 m.

    GeoJSON must be cut at the antimeridian; a Leaflet map shows one continuous world, so a ring
    around Fiji is drawn whole when its far part is shifted by 360 degrees (longitudes may pass
    180 here, which Leaflet accepts).
    """
    parts = []
    for poly in polygons_of(geometry):
        lons = [p[0] for p in poly[0]]
        mid = (min(lons) + max(lons)) / 2
        shift = 360.0 if mid - lon0 < -180 else (-360.0 if mid - lon0 > 180 else 0.0)
        if max(lons) - min(lons) >= 359.0:
            shift = 0.0  # a pole-enclosing part already spans the world
        parts.append(
            [
                [[round(x + shift, DISPLAY_DECIMALS), round(y, DISPLAY_DECIMALS)] for x, y in ring]
                for ring in poly
            ]
        )
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def tipped_geojson(features: Sequence[dict], style: dict) -> folium.GeoJson:
    """One GeoJSON layer of ``features``, all drawn with ``style`` (Leaflet path options), each
    with its ``properties.tip`` (already escaped HTML) as a sticky tooltip.

    Rings and launch regions are both drawn this way: one layer for many features keeps a rerun
    to a handful of folium objects.
    """
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": list(features)},
        style_function=lambda _, style=style: style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    )


def ring_tooltip(ring: Ring, units: str) -> str:
    """A ring's tooltip (escaped HTML): system, range in ``units`` (km, mi, nmi), launch point and
    source."""
    s = ring.system
    span = format_distance(s.max_range_km, units)
    if s.min_range_km:
        span = f"{format_distance(s.min_range_km, units)} to {span}"
    return (
        f"<b>{html_text(s.name)}</b> &middot; {html_text(span)}<br>"
        f"from {html_text(ring.label)}<br>"
        f"<small>Source: {html_text(s.sources[0].title)}</small>"
    )


def ring_layers(
    rings: Sequence[Ring], systems: Sequence[System], units: str, opacity: float
) -> list[folium.FeatureGroup]:
    """One feature group per system (shown in the layer control under the system's name).

    Each group holds one GeoJSON layer with all of that system's rings, so a rerun with many
    launch points builds a handful of folium objects, not one per ring.
    """
    groups = []
    dashes = dash_patterns(systems)
    for index, system in enumerate(systems):
        color = system_color(system, index)
        group = folium.FeatureGroup(name=html_text(system.name), show=True)
        features = [
            {
                "type": "Feature",
                "properties": {"system": system.id, "tip": ring_tooltip(ring, units)},
                "geometry": display_geometry(ring.area.geometry, ring.point.lon),
            }
            for ring in rings
            if ring.system.id == system.id
        ]
        if features:
            style = {
                "color": color,
                "weight": 2,
                "fillColor": color,
                "fillOpacity": opacity,
                "className": f"rm-ring rm-ring-{system.id}",
            }
            if dashes[system.id]:
                style["dashArray"] = dashes[system.id]
            tipped_geojson(features, style).add_to(group)
        groups.append(group)
    return groups


def points_layer(points: Sequence[LaunchPoint]) -> folium.FeatureGroup:
    """A marker per launch point with its label and coordinates."""
    group = folium.FeatureGroup(name="Launch points", show=True)
    for point in points:
        labelled_marker(point, point.label).add_to(group)
    return group


def labelled_marker(
    point: LaunchPoint, title: str, icon: folium.Icon | None = None
) -> folium.Marker:
    """A marker at ``point`` whose tooltip and popup show ``title`` (untrusted text, escaped)
    over the point's coordinates."""
    where = format_coordinates(point.lat, point.lon)
    text = f"<b>{html_text(title)}</b><br>{html_text(where)}"
    return folium.Marker(
        [point.lat, point.lon],
        tooltip=folium.Tooltip(text),
        popup=folium.Popup(text, parse_html=False, max_width=300),
        icon=icon,
    )


def legend_html(systems: Sequence[System], units: str) -> str:
    """A small legend: colour swatch, name and range of each shown system (escaped HTML).

    The app shows it through Streamlit's Markdown (HTML allowed), so names are escaped with
    :func:`ranges.text.markdown_html_text`: one line each, Markdown syntax as entities.
    """
    rows = []
    for index, system in enumerate(systems):
        color = html_text(system_color(system, index))
        span = format_distance(system.max_range_km, units)
        if system.min_range_km:
            span = f"{format_distance(system.min_range_km, units)}–{span}"
        rows.append(
            f'<span class="rm-legend-item"><span class="rm-swatch" '
            f'style="background:{color}"></span>{markdown_html_text(system.name)} '
            f"<small>({html_text(span)})</small></span>"
        )
    return '<div class="rm-legend">' + " ".join(rows) + "</div>"


CITY_MARKERS = 250
"""At most this many places in range are marked on the map (the most populous): a reader can
use a few hundred markers, and the page stays light (the table lists every place)."""
CLUSTER_ABOVE = 30
"""More cities than this are clustered (grey clusters, see :data:`LIVE_MAP_CSS`): the first picture
shows the rings, not a carpet of dots."""
CITY_COLOR = "#333333"
_CITY_MARKER_JS = """
function (row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]),
        {radius: 4, color: "#ffffff", weight: 1, fillColor: "#333333", fillOpacity: 0.85,
         className: "rm-city"});
    marker.bindTooltip(row[2]);
    return marker;
}
"""


def city_tooltip(row, units: str) -> str:
    """A city's tooltip (escaped HTML) from a row of ``Reach.cities``: population, and distance in
    ``units`` from its nearest launch point."""
    distance = format_distance(row.distance_km, units)
    return (
        f"<b>{html_text(row.city)}</b>, {html_text(row.country)}<br>"
        f"pop. {int(row.population):,} &middot; {html_text(distance)}"
        f" from {html_text(row.nearest_launch)}"
    )


def marked_cities(
    cities: pd.DataFrame, counted: np.ndarray | None = None, *, limit: int = CITY_MARKERS
) -> pd.DataFrame:
    """The places the map marks: the ``limit`` most populous rows of ``cities`` (a
    ``Reach.cities`` table) among those ``counted`` (a boolean per row; None: all), largest
    first. Sections of a city (its districts) are left to their city's marker."""
    if counted is not None:
        cities = cities[counted]
    return cities.nlargest(limit, "population") if len(cities) > limit else cities


def cities_layer(
    cities: pd.DataFrame, units: str, *, limit: int = CITY_MARKERS
) -> folium.FeatureGroup:
    """The most populous cities of ``cities`` (at most ``limit``), clustered when there are more
    than ``CLUSTER_ABOVE``."""
    group = folium.FeatureGroup(name="Cities in range", show=True)
    top = marked_cities(cities, limit=limit)
    rows = [
        [round(r.latitude, 4), round(r.longitude, 4), city_tooltip(r, units)]
        for r in top.itertuples(index=False)
    ]
    if len(rows) > CLUSTER_ABOVE:
        folium.plugins.FastMarkerCluster(rows, callback=_CITY_MARKER_JS).add_to(group)
    else:
        for lat, lon, tip in rows:
            folium.CircleMarker(
                [lat, lon],
                radius=4,
                color="#ffffff",
                weight=1,
                fill=True,
                fill_color=CITY_COLOR,
                fill_opacity=0.85,
                class_name="rm-city",
                tooltip=folium.Tooltip(tip),
            ).add_to(group)
    return group


def target_layer(
    target: LaunchPoint, systems: Sequence[System], regions: Sequence[RangeArea], units: str
) -> folium.FeatureGroup:
    """The target, and for each system the (dashed) region it can reach the target from."""
    group = folium.FeatureGroup(name="Target and launch regions", show=True)
    for index, (system, region) in enumerate(zip(systems, regions, strict=True)):
        color = system_color(system, index)
        tip = (
            f"<b>{html_text(system.name)}</b> can reach {html_text(target.label)} from inside "
            f"this line ({html_text(format_distance(system.max_range_km, units))})"
        )
        feature = {
            "type": "Feature",
            "properties": {"tip": tip},
            "geometry": display_geometry(region.geometry, target.lon),
        }
        style = {
            "color": color,
            "weight": 2,
            "dashArray": "8 6",
            "fill": False,
            "className": "rm-launch-region",
        }
        tipped_geojson([feature], style).add_to(group)
    crosshairs = folium.Icon(color="black", icon="crosshairs", prefix="fa")
    labelled_marker(target, f"Target: {target.label}", crosshairs).add_to(group)
    return group


# --- launch areas: their shapes, and the tools to draw new ones -------------------------------

AREA_COLOR = "#222222"
AREA_DISPLAY_TOLERANCE_DEG = 0.005
"""Degrees (about 500 m): an area's outline is simplified this much for the live map only (a
country of the 1:50m borders has thousands of vertices); rings and reach use it whole."""
DRAWN_SHAPE_KEEP_MS = 3000
"""Milliseconds a shape just drawn stays in the drawing tool's own layer: by then the app has
drawn it as a launch area (with its rings), and the two would otherwise overlap."""


class DrawingGuard(MacroElement):
    """Keeps the drawing tools' clicks to themselves, and hands a finished shape to the app.

    * While a line or polygon is being drawn, the map's ``click`` listeners (streamlit-folium's
      among them, which would report each vertex as a click and so add a launch point) are set
      aside, and put back shortly after the drawing stops (the click that finishes a shape
      arrives after ``draw:drawstop``).
    * A finished shape is removed from the drawing layer a few seconds after it was drawn
      (streamlit-folium has reported it by then): the app draws it again, as a launch area.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var aside = [];
            map.on("draw:drawstart", function () {
                var listeners = (map._events && map._events.click) || [];
                aside = listeners.map(function (l) { return [l.fn, l.ctx]; });
                aside.forEach(function (l) { map.off("click", l[0], l[1]); });
            });
            map.on("draw:drawstop", function () {
                var back = aside;
                aside = [];
                setTimeout(function () {
                    back.forEach(function (l) { map.on("click", l[0], l[1]); });
                }, {{ this.click_pause_ms|tojson }});
            });
            map.on("draw:created", function (e) {
                var layer = e.layer;
                setTimeout(function () {
                    if (window.drawnItems && window.drawnItems.removeLayer) {
                        window.drawnItems.removeLayer(layer);
                    }
                    layer.remove();
                }, {{ this.keep_ms|tojson }});
            });
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, keep_ms: int = DRAWN_SHAPE_KEEP_MS, click_pause_ms: int = 400) -> None:
        super().__init__()
        self._name = "DrawingGuard"
        self.keep_ms = keep_ms
        self.click_pause_ms = click_pause_ms


def draw_control(m: folium.Map) -> None:
    """Add tools to draw a line or a polygon (folium's ``Draw`` plugin: Leaflet.draw) to ``m``.

    Only lines and polygons (a launch area is one of those); no editing in place (an area is
    edited in the sidebar). The plugin's script must be on the page when the map mounts (see
    :class:`PluginAssets`): the control is part of the base map.
    """
    style = {"color": AREA_COLOR, "weight": 3, "opacity": 0.9}
    folium.plugins.Draw(
        position="topleft",
        show_geometry_on_click=False,
        draw_options={
            "polyline": {"shapeOptions": style},
            "polygon": {"shapeOptions": style, "allowIntersection": False, "showArea": False},
            "rectangle": False,
            "circle": False,
            "marker": False,
            "circlemarker": False,
        },
        edit_options={"edit": False, "remove": False},
    ).add_to(m)
    DrawingGuard().add_to(m)


def _rounded(coords, decimals: int):
    """Nested GeoJSON coordinates rounded to ``decimals``."""
    if coords and isinstance(coords[0], int | float):
        return [round(float(c), decimals) for c in coords[:2]]
    return [_rounded(c, decimals) for c in coords]


def area_display_geometry(area) -> dict:
    """An area's outline for the live map: simplified (:data:`AREA_DISPLAY_TOLERANCE_DEG`),
    coordinates to about 10 m, as a GeoJSON geometry."""
    from shapely.geometry import mapping

    geometry = area.geometry
    if area.kind == "country":
        geometry = geometry.simplify(AREA_DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    shape = mapping(geometry)
    return {"type": shape["type"], "coordinates": _rounded(shape["coordinates"], 4)}


def area_tooltip(area) -> str:
    """An area's tooltip (escaped HTML): its label and what kind of area it is."""
    kinds = {"country": "country", "line": "line", "polygon": "polygon"}
    return (
        f"<b>Launch area: {html_text(area.label)}</b><br>"
        f"{html_text(kinds.get(area.kind, area.kind))}: rings from anywhere "
        f"{'along' if area.kind == 'line' else 'inside'} it"
    )


def area_layers(areas: Sequence) -> list[folium.FeatureGroup]:
    """One feature group per launch area (``ranges.geometry.areas.LaunchArea``), named after it in
    the
    layer control: its outline in dark grey, dashed, lightly hatched inside, so an area never
    looks like a ring or a launch point."""
    groups = []
    for area in areas:
        group = folium.FeatureGroup(name=html_text(f"Launch area: {area.label}"), show=True)
        feature = {
            "type": "Feature",
            "properties": {"area": area.label, "tip": area_tooltip(area)},
            "geometry": area_display_geometry(area),
        }
        line = area.kind == "line"
        style = {
            "color": AREA_COLOR,
            "weight": 4 if line else 2.5,
            "dashArray": None if line else "6 4",
            "fillColor": AREA_COLOR,
            "fillOpacity": 0.12,
            "className": "rm-area",
        }
        tipped_geojson([feature], style).add_to(group)
        groups.append(group)
    return groups


def areas_legend_html(areas: Sequence) -> str:
    """The legend's line for the launch areas (escaped HTML), or "" when there are none."""
    if not areas:
        return ""
    names = ", ".join(markdown_html_text(a.label) for a in areas[:5])
    more = f" and {len(areas) - 5} more" if len(areas) > 5 else ""
    return (
        '<div class="rm-area-legend" style="display:flex;align-items:center;gap:0.4rem;'
        'font-size:0.9rem"><span class="rm-swatch" style="background:transparent;'
        f'border:2px dashed {AREA_COLOR};box-sizing:border-box"></span>'
        f"Launch areas: {names}{more}</div>"
    )


# --- map manners: scale bar in the chosen units, gesture handling, styles --------------------

DASHES = (None, "10 7", "3 6", "14 5 3 5")
"""Stroke patterns of rings of equal range: the first drawn is solid, each later one (drawn on
top) lets the earlier ones show through its gaps."""

LIVE_MAP_CSS = """
.leaflet-tooltip {white-space: normal; width: max-content; max-width: min(18rem, 70vw);
  overflow-wrap: anywhere;}
.leaflet-container .marker-cluster-small, .leaflet-container .marker-cluster-medium,
.leaflet-container .marker-cluster-large {background-color: rgba(51, 51, 51, 0.25);}
.leaflet-container .marker-cluster-small div, .leaflet-container .marker-cluster-medium div,
.leaflet-container .marker-cluster-large div {background-color: rgba(51, 51, 51, 0.8);
  color: #fff; width: 22px; height: 22px; margin-left: 4px; margin-top: 4px;
  font: 11px/22px sans-serif;}
.leaflet-container .marker-cluster span {line-height: 22px;}
.rm-label-anchor {background: none; border: none;}
.rm-ring-label {position: absolute; white-space: nowrap; font: 600 12px/1.3 sans-serif;
  color: #111; background: rgba(255, 255, 255, 0.9); border: 1px solid #666;
  border-radius: 3px; padding: 1px 5px; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.35);
  pointer-events: none;}
.rm-ring-label .rm-dot {display: inline-block; width: 9px; height: 9px; border-radius: 2px;
  margin-right: 3px; vertical-align: -1px;}
.rm-at-e {transform: translate(4px, -50%);}
.rm-at-w {transform: translate(calc(-100% - 4px), -50%);}
.rm-at-n {transform: translate(-50%, calc(-100% - 4px));}
.rm-at-s {transform: translate(-50%, 4px);}
.rm-at-ne {transform: translate(2px, calc(-100% - 2px));}
.rm-at-nw {transform: translate(calc(-100% - 2px), calc(-100% - 2px));}
.rm-at-se {transform: translate(2px, 2px);}
.rm-at-sw {transform: translate(calc(-100% - 2px), 2px);}
@media (max-width: 480px) {.rm-ring-label {font-size: 10px; padding: 0 3px;}}
html, body {height: 100%; margin: 0;}
#map_div {height: 100vh !important;}
"""
"""Styles of the live map (in its frame): tooltips that wrap inside the map, neutral grey
clusters, ring labels drawn outward from their anchor on the ring, and a map that fills its
frame (so the app can size the frame, e.g. to the viewport when embedded)."""


def dash_patterns(systems: Sequence[System]) -> dict[str, str | None]:
    """The stroke pattern of each system's rings (by id): None (solid) unless an earlier system
    has the same minimum and maximum range, then the next of :data:`DASHES`."""
    seen: dict[tuple[float, float], int] = {}
    out: dict[str, str | None] = {}
    for system in systems:
        key = (round(system.min_range_km, 3), round(system.max_range_km, 3))
        n = seen.get(key, 0)
        seen[key] = n + 1
        out[system.id] = DASHES[n % len(DASHES)] if n else None
    return out


class MapStyle(MacroElement):
    """A stylesheet in the map's page (``css``: trusted, from this module)."""

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        """
    )

    def __init__(self, css: str = LIVE_MAP_CSS) -> None:
        super().__init__()
        self._name = "MapStyle"
        self.css = css


class UnitScale(MacroElement):
    """Leaflet's scale bar in km, mi or nmi (Leaflet itself knows only metric and imperial;
    nautical miles replace its metric bar)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var unit = {{ this.units|tojson }};
            var Scale = L.Control.Scale.extend({
                _updateMetric: function (maxMeters) {
                    if (unit !== "nmi") {
                        return L.Control.Scale.prototype._updateMetric.call(this, maxMeters);
                    }
                    var nmi = maxMeters / 1852, n = this._getRoundNum(nmi);
                    this._updateScale(this._mScale, n + " nmi", n / nmi);
                }
            });
            new Scale({position: "bottomleft", metric: unit !== "mi",
                       imperial: unit === "mi", maxWidth: 120})
                .addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, units: str = "km") -> None:
        super().__init__()
        self._name = "UnitScale"
        self.units = units if units in ("km", "mi", "nmi") else "km"


class GestureHandling(JSCSSMixin, MacroElement):
    """The scripts of leaflet-gesture-handling: with the map option ``gestureHandling`` the
    page scrolls when a wheel or one finger passes over the map, and the map moves with
    ctrl/cmd + wheel or two fingers (it says so on the map)."""

    default_js: ClassVar[list[tuple[str, str]]] = [
        (
            "leaflet_gesture_handling",
            "https://cdn.jsdelivr.net/npm/leaflet-gesture-handling@1.2.2/dist/"
            "leaflet-gesture-handling.min.js",
        )
    ]
    default_css: ClassVar[list[tuple[str, str]]] = [
        (
            "leaflet_gesture_handling_css",
            "https://cdn.jsdelivr.net/npm/leaflet-gesture-handling@1.2.2/dist/"
            "leaflet-gesture-handling.min.css",
        )
    ]

    def __init__(self) -> None:
        super().__init__()
        self._name = "GestureHandling"


def map_manners(m: folium.Map, units: str) -> None:
    """What the live map does besides its layers: the scale bar in ``units``, gesture handling
    (the map itself must have the ``gestureHandling`` option), labels kept in view, and its
    styles."""
    MapStyle().add_to(m)
    GestureHandling().add_to(m)
    UnitScale(units).add_to(m)
    LabelsInView().add_to(m)


class LabelsInView(MacroElement):
    """Keeps ring labels on screen: after every zoom, pan or new layer, a label whose box (as
    drawn: its measured size, on its side of its place on the ring, see :mod:`ranges.web.labels`)
    is not wholly on the map moves to the first of the same bearings where it is, and where it
    covers no other label if there is such a place (a phone's narrow map, a big ring). Each
    label carries its ring in ``data-ring`` (launch lat, lon, range in m, bearing, inward);
    points on the ring are worked out on a sphere, close enough to place a label."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function (map) {
            var ORDER = [90, 270, 45, 135, 315, 225, 0, 180];
            var SIDES = {0: "n", 45: "ne", 90: "e", 135: "se", 180: "s", 225: "sw",
                         270: "w", 315: "nw"};
            var R = 6371008.8, D = Math.PI / 180, queued = false;
            function on(lat, lon, bearing, metres) {
                var p1 = lat * D, t = bearing * D, d = metres / R;
                var p2 = Math.asin(Math.sin(p1) * Math.cos(d) +
                                   Math.cos(p1) * Math.sin(d) * Math.cos(t));
                var dl = Math.atan2(Math.sin(t) * Math.sin(d) * Math.cos(p1),
                                    Math.cos(d) - Math.sin(p1) * Math.sin(p2));
                return L.latLng(p2 / D, lon + dl / D);
            }
            // The box of a label drawn on ``side`` of the point ``ll`` (as the rm-at-*
            // classes place it), in the map's pixels. Measured, not assumed: a phone's map is
            // narrower than "Storm Shadow / SCALP-EG · 250 km" is long on many sides.
            function boxAt(ll, side, label) {
                var pt = map.latLngToContainerPoint(ll);
                var w = label.offsetWidth || 150, h = label.offsetHeight || 18;
                var gap = side.length === 1 ? 4 : 2, left, top;
                if (side.indexOf("e") >= 0) { left = pt.x + gap; }
                else if (side.indexOf("w") >= 0) { left = pt.x - gap - w; }
                else { left = pt.x - w / 2; }
                if (side.indexOf("n") >= 0) { top = pt.y - gap - h; }
                else if (side.indexOf("s") >= 0) { top = pt.y + gap; }
                else { top = pt.y - h / 2; }
                return {left: left, top: top, right: left + w, bottom: top + h};
            }
            function inView(b, size) {
                var pad = 4;
                return b.left >= pad && b.top >= pad && b.right <= size.x - pad &&
                       b.bottom <= size.y - pad;
            }
            function clear(b, taken) {
                return taken.every(function (o) {
                    return b.right <= o.left || b.left >= o.right || b.bottom <= o.top ||
                           b.top >= o.bottom;
                });
            }
            function place() {
                queued = false;
                var size = map.getSize(), taken = [], moving = [];
                // Labels in view where they are stay; the others then move, each to the first
                // of the same bearings where it is in view and covers no other label (else
                // the first where it is in view at all).
                map.eachLayer(function (layer) {
                    var el = layer.getElement && layer.getElement();
                    var label = el && el.firstElementChild;
                    if (!label || !label.dataset || !label.dataset.ring) { return; }
                    var r = label.dataset.ring.split(",").map(Number);
                    var sideOf = function (b) { return SIDES[r[4] ? (b + 180) % 360 : b]; };
                    var here = boxAt(layer.getLatLng(), sideOf(r[3]), label);
                    if (inView(here, size)) { taken.push(here); return; }
                    moving.push({layer: layer, label: label, r: r, sideOf: sideOf});
                });
                moving.forEach(function (m) {
                    var best = null;
                    for (var i = 0; i < ORDER.length; i++) {
                        var ll = on(m.r[0], m.r[1], ORDER[i], m.r[2]);
                        var b = boxAt(ll, m.sideOf(ORDER[i]), m.label);
                        if (!inView(b, size)) { continue; }
                        var spot = {bearing: ORDER[i], ll: ll, box: b};
                        if (clear(b, taken)) { best = spot; break; }
                        best = best || spot;
                    }
                    if (!best) { return; }  // no place on its ring is in view: it stays
                    m.r[3] = best.bearing;
                    m.label.dataset.ring = m.r.join(",");
                    m.label.className = "rm-ring-label rm-at-" + m.sideOf(best.bearing);
                    m.layer.setLatLng(best.ll);
                    taken.push(best.box);
                });
            }
            function later() { if (!queued) { queued = true; setTimeout(place, 0); } }
            map.on("zoomend moveend layeradd resize", later);
            later();
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelsInView"


# --- ring labels, the city markers' legend, the first screen's caption ------------------------

_LABEL_SIDES = {0.0: "n", 45.0: "ne", 90.0: "e", 135.0: "se", 180.0: "s", 225.0: "sw"}
_LABEL_SIDES |= {270.0: "w", 315.0: "nw"}


def label_layer(labels: Sequence[RingLabel], colors: dict[str, str]) -> folium.FeatureGroup:
    """A label on the edge of each ring (see :mod:`ranges.web.labels`), drawn outward (inward for
    a big ring), with a
    colour dot per system (``colors`` by system id). Not interactive: a click goes to the map."""
    group = folium.FeatureGroup(name="Ring labels", show=True)
    for label in labels:
        dots = "".join(
            f'<span class="rm-dot" style="background:{html_text(colors.get(sid, "#666"))}"></span>'
            for sid in label.system_ids
        )
        toward = (label.bearing + 180.0) % 360.0 if label.inward else label.bearing
        side = _LABEL_SIDES.get(toward, "e")
        ring = f"{label.lat0},{label.lon0},{label.range_km * 1000:.0f},{label.bearing:g},"
        ring += "1" if label.inward else "0"
        html = (
            f'<div class="rm-ring-label rm-at-{side}" data-ring="{ring}">'
            f"{dots}{html_text(label.text)}</div>"
        )
        folium.Marker(
            [label.lat, label.lon],
            icon=folium.DivIcon(
                html=html, icon_size=(0, 0), icon_anchor=(0, 0), class_name="rm-label-anchor"
            ),
            interactive=False,
            keyboard=False,
        ).add_to(group)
    return group


def system_colors(systems: Sequence[System]) -> dict[str, str]:
    """Each system's colour by id (:func:`system_color`)."""
    return {s.id: system_color(s, i) for i, s in enumerate(systems)}


def cities_legend_html() -> str:
    """The legend's entry for the city markers (grey dots and clusters)."""
    return (
        '<span class="rm-legend-item"><span class="rm-swatch" style="background:'
        f'{CITY_COLOR};border-radius:50%"></span>Cities in range '
        "<small>(clusters: how many)</small></span>"
    )


def comparison_caption(systems: Sequence[System], points: Sequence[LaunchPoint], units: str) -> str:
    """One line (plain text) saying what the map shows and from which source: the ranges,
    longest first, equal ranges named together, from where."""
    if not systems or not points:
        return ""
    by_range: dict[float, list[str]] = {}
    for s in systems:
        by_range.setdefault(round(s.max_range_km, 3), []).append(s.name)
    parts = [
        f"{' and '.join(names)} {format_distance(km, units)}"
        for km, names in sorted(by_range.items(), reverse=True)
    ]
    where = points[0].label if len(points) == 1 else f"{len(points)} launch points"
    titles = list(dict.fromkeys(s.sources[0].title for s in systems))
    source = (
        f"source: {brief_title(titles[0])}"
        if len(titles) == 1
        else f"sources: {len(titles)} documents (Catalogue tab)"
    )
    return f"Ranges from {where}: {', '.join(parts)} · {source}"


CAPTION_TITLE_CHARS = 40


def brief_title(title: str, limit: int = CAPTION_TITLE_CHARS) -> str:
    """A source's title cut to ``limit`` characters at a word (the caption stays one line; the
    Catalogue tab has the whole title)."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:—-")
    return cut + "…"
