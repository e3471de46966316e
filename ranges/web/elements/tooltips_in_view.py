"""TooltipsInView: tooltips kept inside the map's edges."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["TooltipsInView"]


class TooltipsInView(MacroElement):
    """Moves every tooltip that Leaflet placed over one of the map's edges back inside it
    (``js/tooltips_in_view.js``, which wraps ``L.Tooltip``'s placing once per page). Leaflet's
    "auto" direction only chooses left or right of the pointer: a ring's tooltip near the
    map's top edge ran 58 px above it, near the bottom 62 px below."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "TooltipsInView"
        self.js = script("tooltips_in_view")
