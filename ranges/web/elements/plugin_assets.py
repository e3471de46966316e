"""PluginAssets: the scripts of plugins that layers drawn on a later rerun use."""

from __future__ import annotations

import folium.plugins
from branca.element import MacroElement
from folium.elements import JSCSSMixin

__all__ = ["PluginAssets"]


class PluginAssets(JSCSSMixin, MacroElement):
    """The scripts and styles of plugins that layers drawn later use.

    streamlit-folium loads a map's scripts once, when it mounts it: a layer added on a later
    rerun (the clustered cities, once a slider makes them many) finds its plugin only if the
    mounted map already had it.
    """

    default_js = folium.plugins.MarkerCluster.default_js
    default_css = folium.plugins.MarkerCluster.default_css
