"""The names of the largest places reached, on the live map: a handful at a time, by zoom.

Each of the :data:`CANDIDATES` most populous places in range gets a name marker (a dot and
its name, escaped); the map (:class:`ranges.web.elements.LabelsInView`) shows, largest first,
at most :data:`ranges.web.elements.MAX_NAMES_SHOWN` of them at once, each only from the zoom
its people earn (:func:`name_zoom`) and only where its name covers no control, legend, ring
label or name placed before it. Zooming in names smaller places; the first screen names the
largest few, never a carpet. The picture does the same in :mod:`ranges.pictures.placenames`.
"""

from __future__ import annotations

import folium
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from ranges.text import html_text
from ranges.web.layers import LABEL_Z
from ranges.web.scripts import script

__all__ = [
    "CANDIDATES",
    "NAME_CHARS",
    "ZOOM_STEPS",
    "PlaceNames",
    "name_rows",
    "name_zoom",
    "place_names_layer",
]

CANDIDATES = 40
"""The most populous places in range that get a name marker."""
NAME_CHARS = 28
"""A name is cut to this many characters (the tooltip of its city marker has it all)."""
ZOOM_STEPS = ((5_000_000, 2), (1_000_000, 4), (300_000, 5), (100_000, 6))
"""(people, zoom): a place of at least so many people is named from that zoom on (the largest
at zoom 2, where a phone shows a 2,400 km ring whole); a smaller one from zoom 7."""


def name_zoom(population: float) -> int:
    """The first zoom a place of ``population`` people is named at."""
    for people, zoom in ZOOM_STEPS:
        if population >= people:
            return zoom
    return 7


def name_rows(cities: pd.DataFrame, *, limit: int = CANDIDATES) -> list[list]:
    """``[lat, lon, name, zoom]`` for each of the ``limit`` most populous rows of ``cities``
    (rows of ``Reach.cities``: ``city``, ``latitude``, ``longitude``, ``population``), largest
    first: the name cut to :data:`NAME_CHARS` and escaped for HTML, the zoom it is named from
    (:func:`name_zoom`), the coordinates to 4 decimals (11 m)."""
    # numpy, not DataFrame.nlargest and itertuples: this runs at every slider release (the
    # pandas way took 7.5 ms for 250 rows). A stable sort keeps equal populations in row order.
    population = cities["population"].to_numpy()
    top = np.argsort(-population, kind="stable")[:limit]
    rows = []
    for city, lat, lon, people in zip(
        cities["city"].to_numpy()[top],
        cities["latitude"].to_numpy()[top].tolist(),
        cities["longitude"].to_numpy()[top].tolist(),
        population[top].tolist(),
        strict=True,
    ):
        name = " ".join(str(city).split())
        if len(name) > NAME_CHARS:
            name = name[: NAME_CHARS - 1].rstrip(" ,;") + "…"
        rows.append([round(lat, 4), round(lon, 4), html_text(name), name_zoom(people)])
    return rows


class PlaceNames(MacroElement):
    """The name markers of ``rows`` (:func:`name_rows`), made by the browser in the parent layer
    (``js/place_names.js``): a ``div.rm-place-name`` (``data-rank``, ``data-zoom``) and a dot
    each, as :class:`ranges.web.elements.LabelsInView` expects. Compact rows rather than a
    folium marker each: 40 names cost about 2.5 kB of the map's payload, not 26 kB."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.rows_json }}, {{ this.z }});
        {% endmacro %}
        """
    )

    def __init__(self, rows: list[list]) -> None:
        super().__init__()
        self._name = "PlaceNames"
        self.rows = rows
        # as tojson writes (<, >, &, ' as \\u escapes), without spaces after separators
        self.rows_json = htmlsafe_json_dumps(rows, separators=(",", ":"), ensure_ascii=False)
        self.z = LABEL_Z
        self.js = script("place_names")


def place_names_layer(cities: pd.DataFrame, *, limit: int = CANDIDATES) -> folium.FeatureGroup:
    """The layer of name markers for the ``limit`` most populous rows of ``cities``, largest
    first (``data-rank``), each with the zoom it is named from (``data-zoom``). Not
    interactive. Its markers have the ring labels' class (``rm-label-anchor``) too: what picks
    the launch points' markers (``:not(.rm-label-anchor)``) leaves the labels out, names
    included."""
    group = folium.FeatureGroup(name="Place names", show=True)
    PlaceNames(name_rows(cities, limit=limit)).add_to(group)
    return group
