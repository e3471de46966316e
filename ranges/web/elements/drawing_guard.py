"""DrawingGuard: the drawing tools keep their clicks, and a finished shape goes to the app."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["DRAWN_SHAPE_KEEP_MS", "DrawingGuard"]

DRAWN_SHAPE_KEEP_MS = 3000
"""Milliseconds a shape just drawn stays in the drawing tool's own layer: by then the app has
drawn it as a launch area (with its rings), and the two would otherwise overlap."""


class DrawingGuard(MacroElement):
    """Keeps the drawing tools' clicks to themselves, and hands a finished shape to the app
    (``js/drawing_guard.js``).

    * While a line or polygon is being drawn, the map's ``click`` listeners (streamlit-folium's
      among them, which would report each vertex as a click and so add a launch point) are set
      aside, and put back shortly after the drawing stops (the click that finishes a shape
      arrives after ``draw:drawstop``).
    * A finished shape is removed from the drawing layer a few seconds after it was drawn
      (streamlit-folium has reported it by then): the app draws it again, as a launch area.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.keep_ms|tojson }},
            {{ this.click_pause_ms|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, keep_ms: int = DRAWN_SHAPE_KEEP_MS, click_pause_ms: int = 400) -> None:
        super().__init__()
        self._name = "DrawingGuard"
        self.keep_ms = keep_ms
        self.click_pause_ms = click_pause_ms
        self.js = script("drawing_guard")
