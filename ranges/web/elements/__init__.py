"""Leaflet elements of the map, one idea per class and module (as folium does): each renders
its own script, kept as plain JavaScript in ``ranges/web/js/`` (see :mod:`ranges.web.scripts`).

May import folium and branca, ``ranges.web.scripts`` and the foundations (``ranges.style``,
``ranges.text``, ``ranges.units``); the layers of :mod:`ranges.web` import these, never the
other way round.
"""

from ranges.web.elements.drawing_guard import DRAWN_SHAPE_KEEP_MS, DrawingGuard
from ranges.web.elements.gesture_handling import GestureHandling
from ranges.web.elements.labels_in_view import LabelsInView
from ranges.web.elements.map_legend import COMPACT_LEGEND_CSS, LEGEND_CSS, MapLegend
from ranges.web.elements.map_style import LIVE_MAP_CSS, MapStyle
from ranges.web.elements.plugin_assets import PluginAssets
from ranges.web.elements.remote_geojson import RemoteGeoJson
from ranges.web.elements.unit_scale import UnitScale

__all__ = [
    "COMPACT_LEGEND_CSS",
    "DRAWN_SHAPE_KEEP_MS",
    "LEGEND_CSS",
    "LIVE_MAP_CSS",
    "DrawingGuard",
    "GestureHandling",
    "LabelsInView",
    "MapLegend",
    "MapStyle",
    "PluginAssets",
    "RemoteGeoJson",
    "UnitScale",
]
