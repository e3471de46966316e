"""MapLegend: a box in a corner of the map, and its styles."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["COMPACT_LEGEND_CSS", "LEGEND_CSS", "MapLegend"]

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
    into the page as a JSON string, so it cannot end the script it is in
    (``js/map_legend.js``).
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }},
            L.control({position: {{ this.position|tojson }}}),
            function (div) { div.innerHTML = {{ this.html|tojson }}; });
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomright", css: str = LEGEND_CSS):
        super().__init__()
        self._name = "MapLegend"
        self.html = html
        self.position = position
        self.css = css
        self.js = script("map_legend")
