"""InlineGeoJson: GeoJSON written into the page, drawn as a plain, non-interactive layer."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["InlineGeoJson"]


class InlineGeoJson(MacroElement):
    """``data`` (a GeoJSON dict) drawn into the parent layer with ``style`` (Leaflet path
    options), not interactive (``js/inline_geojson.js``). For background data a page must carry
    itself (the standalone export's borders, :func:`ranges.web.standalone.borders_layer`); the
    live map fetches its borders instead (:class:`RemoteGeoJson`). ``data`` goes into the
    script as JSON (``tojson``), so no string in it can end the script."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.data|tojson }},
            {{ this.style|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict, style: dict) -> None:
        super().__init__()
        self._name = "InlineGeoJson"
        self.data = data
        self.style = style
        self.js = script("inline_geojson")
