"""The map that stays put: tiles, the offline borders, controls and manners.

The base map depends only on the initial view, the base layer and the units, so that
streamlit-folium keeps the same map (and the user's zoom and pan) while the layers (see
:mod:`ranges.web.layers`), built separately as feature groups, change with every slider move.
"""

from __future__ import annotations

import functools

import folium
import folium.plugins
import xyzservices

from ranges.scenario.model import View
from ranges.style import AREA_COLOR
from ranges.web.elements import (
    DrawingGuard,
    FitRings,
    GestureHandling,
    LabelsInView,
    MapStyle,
    PluginAssets,
    RemoteGeoJson,
    TooltipsInView,
    UnitScale,
)

__all__ = [
    "BORDERS_STYLE",
    "DEFAULT_VIEW",
    "MAP_CSS",
    "MAP_JS",
    "TILES",
    "base_map",
    "draw_control",
    "map_manners",
]

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


@functools.cache
def tile_provider(base: str) -> xyzservices.TileProvider:
    """The tiles of ``base`` (a key of :data:`TILES`) as folium would look them up: by
    xyzservices' name where there is one, else the URL. Looked up once: folium's own lookup by
    name (``query_name`` over every provider, a miss for a URL) took 10-17 ms of every run."""
    spec = TILES[base]
    name = "OpenStreetMap Mapnik" if spec["tiles"].lower() == "openstreetmap" else spec["tiles"]
    try:
        return xyzservices.providers.query_name(name)
    except ValueError:  # a URL, not a provider's name
        return xyzservices.TileProvider(
            name=spec["name"], url=spec["tiles"], attribution=spec["attr"] or ""
        )


def base_map(
    view: View,
    base: str = "osm",
    *,
    borders_url: str | None = None,
    units: str = "km",
    fit_small: bool = False,
) -> folium.Map:
    """The map that stays put: one base layer, offline borders, controls.

    It depends only on its arguments, so streamlit-folium keeps it mounted across reruns. The
    base layer is chosen in the app (and kept in the URL) rather than in the layer control.
    The scale bar is in ``units``; see :func:`map_manners` for what else the map does.
    ``fit_small``: ``view`` is one the app chose (not a link's), so on a small screen the map
    widens it to show its first rings whole (:class:`ranges.web.elements.FitRings`).
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
        tiles=tile_provider(base if base in TILES else "osm"),
        name=spec["name"],
        attr=spec["attr"],
        overlay=False,
        control=False,
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
    if fit_small:
        FitRings().add_to(m)
    return m


def map_manners(m: folium.Map, units: str) -> None:
    """What the live map does besides its layers: the scale bar in ``units``, gesture handling
    (the map itself must have the ``gestureHandling`` option), labels and tooltips kept in
    view, and its styles."""
    MapStyle().add_to(m)
    GestureHandling().add_to(m)
    UnitScale(units).add_to(m)
    LabelsInView().add_to(m)
    TooltipsInView().add_to(m)


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
