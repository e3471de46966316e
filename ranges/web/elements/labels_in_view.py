"""LabelsInView: ring labels and place names placed on screen, apart, clear of the controls."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["MAX_NAMES_SHOWN", "LabelsInView"]

MAX_NAMES_SHOWN = 8
"""Place names shown at once, at most (the largest that fit): a handful, never a carpet."""


class LabelsInView(MacroElement):
    """Places the map's labels on screen (``js/labels_in_view.js``): after every zoom, pan,
    resize or new layer, ring labels (in the order :mod:`ranges.web.labels` sent them), then
    place names (largest first, at most ``max_names``, each from its ``data-zoom`` on) each
    keep their place or take the first of theirs (``data-spots``: lat, lon, bearing on their
    rings; a name: the sides of its dot) where the label's measured box is wholly on the map
    and covers no control, no legend and no label placed before it; a label with no such
    place is hidden. ``data-ring`` (launch lat, lon, range in m, bearing, inward) says which
    way a ring label is drawn."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.max_names|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, max_names: int = MAX_NAMES_SHOWN) -> None:
        super().__init__()
        self._name = "LabelsInView"
        self.max_names = int(max_names)
        self.js = script("labels_in_view")
