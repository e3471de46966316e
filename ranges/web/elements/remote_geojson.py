"""RemoteGeoJson: a GeoJSON file the browser fetches into a layer (not embedded in the page)."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["RemoteGeoJson"]


class RemoteGeoJson(MacroElement):
    """A GeoJSON file the browser fetches from ``url`` into the parent layer (not embedded).

    Keeps large static data (the country borders) out of every page update: the browser loads it
    once from the app's own static files. A failed fetch leaves the layer empty and the map
    working (``js/remote_geojson.js``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.url|tojson }},
            {{ this.style|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str, style: dict) -> None:
        super().__init__()
        self._name = "RemoteGeoJson"
        self.url = url
        self.style = style
        self.js = script("remote_geojson")
