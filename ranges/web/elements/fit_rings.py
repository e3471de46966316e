"""FitRings: on a small map, the opening view widened to show the rings whole."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["SMALL_MAP", "FitRings"]

SMALL_MAP = (700, 500)
"""A map narrower (px) or lower than this is small: a phone (358 px wide) or an embed
(640x480). The opening view that suits a desktop (the short rings readable, the long ring's
east and west edges in sight at 1,000 px) put a phone inside the 2,400 km ring."""


class FitRings(MacroElement):
    """Once, when the first rings are drawn on a small map (:data:`SMALL_MAP`) that does not
    show them whole, fit the view to them (``js/fit_rings.js``). Only for an opening view the
    app chose: a link's own view is kept (``enabled`` False). The map then reports the fitted
    view like any other, so the link follows it."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.small|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, small: tuple[int, int] = SMALL_MAP) -> None:
        super().__init__()
        self._name = "FitRings"
        self.small = list(small)
        self.js = script("fit_rings")
