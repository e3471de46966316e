"""Leaflet elements of the map, one idea per class and module (as folium does): a legend box, a
GeoJSON file fetched by the browser, plugin scripts, the drawing tools' guard, the stylesheet,
the scale bar, gesture handling, labels kept in view, the opening view fitted on a small map.
Each renders its own script, kept as plain JavaScript in ``ranges/web/js/`` (see
:mod:`ranges.web.scripts`). They may import folium, branca, :mod:`ranges.web.scripts` and the
foundations; never a layer, :mod:`ranges.ui` or streamlit."""

from ranges.web.elements.drawing_guard import DRAWN_SHAPE_KEEP_MS, DrawingGuard
from ranges.web.elements.fit_rings import SMALL_MAP, FitRings
from ranges.web.elements.gesture_handling import GestureHandling
from ranges.web.elements.inline_geojson import InlineGeoJson
from ranges.web.elements.labels_in_view import MAX_NAMES_SHOWN, LabelsInView
from ranges.web.elements.map_legend import COMPACT_LEGEND_CSS, LEGEND_CSS, MapLegend
from ranges.web.elements.map_style import LIVE_MAP_CSS, MapStyle
from ranges.web.elements.plugin_assets import PluginAssets
from ranges.web.elements.remote_geojson import RemoteGeoJson
from ranges.web.elements.tooltips_in_view import TooltipsInView
from ranges.web.elements.unit_scale import UnitScale

__all__ = [
    "COMPACT_LEGEND_CSS",
    "DRAWN_SHAPE_KEEP_MS",
    "LEGEND_CSS",
    "LIVE_MAP_CSS",
    "MAX_NAMES_SHOWN",
    "SMALL_MAP",
    "DrawingGuard",
    "FitRings",
    "GestureHandling",
    "InlineGeoJson",
    "LabelsInView",
    "MapLegend",
    "MapStyle",
    "PluginAssets",
    "RemoteGeoJson",
    "TooltipsInView",
    "UnitScale",
]
