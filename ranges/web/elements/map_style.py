"""MapStyle: the live map's stylesheet (tooltips, clusters, ring labels, a map filling its
frame)."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

__all__ = ["LIVE_MAP_CSS", "MapStyle"]

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
.rm-name-anchor {background: none; border: none;}
.rm-place-name {position: absolute; white-space: nowrap; font: 600 11px/1.2 sans-serif;
  color: #222; pointer-events: none; text-shadow: 0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff;}
.rm-place-dot {position: absolute; left: -3px; top: -3px; width: 6px; height: 6px;
  border-radius: 50%; background: #222; border: 1px solid #fff; pointer-events: none;}
@media (max-width: 480px) {.rm-ring-label {font-size: 10px; padding: 0 3px;}
  .rm-place-name {font-size: 10px;}}
html, body {height: 100%; margin: 0;}
#map_div {height: 100vh !important;}
"""
"""Styles of the live map (in its frame): tooltips that wrap inside the map, neutral grey
clusters, ring labels drawn outward from their anchor on the ring, place names beside their
dots, and a map that fills its
frame (so the app can size the frame, e.g. to the viewport when embedded)."""


class MapStyle(MacroElement):
    """A stylesheet in the map's page (``css``: trusted, from this package)."""

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
