"""LabelsInView: ring labels that move along their ring to stay on screen."""

from __future__ import annotations

from branca.element import MacroElement
from folium.template import Template

from ranges.web.scripts import script

__all__ = ["LabelsInView"]


class LabelsInView(MacroElement):
    """Keeps ring labels on screen (``js/labels_in_view.js``): after every zoom, pan or new layer,
    a label whose box (as drawn: its measured size, on its side of its place on the ring, see
    :mod:`ranges.web.labels`) is not wholly on the map moves to the first of the same bearings
    where it is, and where it covers no other label if there is such a place (a phone's narrow
    map, a big ring). Each label carries its ring in ``data-ring`` (launch lat, lon, range in m,
    bearing, inward); points on the ring are worked out on a sphere, close enough to place a
    label."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "LabelsInView"
        self.js = script("labels_in_view")
