"""UnitScale: Leaflet's scale bar in km, mi or nmi."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["UnitScale"]


class UnitScale(MacroElement):
    """Leaflet's scale bar in km, mi or nmi (Leaflet itself knows only metric and imperial;
    nautical miles replace its metric bar: ``js/unit_scale.js``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.units|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, units: str = "km") -> None:
        super().__init__()
        self._name = "UnitScale"
        self.units = units if units in ("km", "mi", "nmi") else "km"
        self.js = script("unit_scale")
