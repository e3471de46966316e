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
import pandas as pd

from ranges.text import html_text
from ranges.web.layers import LABEL_Z

__all__ = ["CANDIDATES", "NAME_CHARS", "ZOOM_STEPS", "name_zoom", "place_names_layer"]

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


def place_names_layer(cities: pd.DataFrame, *, limit: int = CANDIDATES) -> folium.FeatureGroup:
    """A name marker for each of the ``limit`` most populous rows of ``cities`` (rows of
    ``Reach.cities``: ``city``, ``latitude``, ``longitude``, ``population``), largest first
    (``data-rank``), each with the zoom it is named from (``data-zoom``). Not interactive. Its
    marker has the ring labels' class (``rm-label-anchor``) too: what picks the launch points'
    markers (``:not(.rm-label-anchor)``) leaves the labels out, names included."""
    group = folium.FeatureGroup(name="Place names", show=True)
    top = cities.nlargest(limit, "population") if len(cities) > limit else cities
    top = top.sort_values("population", ascending=False, kind="stable")
    for rank, row in enumerate(top.itertuples(index=False)):
        name = " ".join(str(row.city).split())
        if len(name) > NAME_CHARS:
            name = name[: NAME_CHARS - 1].rstrip(" ,;") + "…"
        html = (
            f'<div class="rm-place-name rm-at-e" data-rank="{rank}" '
            f'data-zoom="{name_zoom(row.population)}">{html_text(name)}</div>'
            '<span class="rm-place-dot"></span>'
        )
        folium.Marker(
            [round(float(row.latitude), 4), round(float(row.longitude), 4)],
            icon=folium.DivIcon(
                html=html,
                icon_size=(0, 0),
                icon_anchor=(0, 0),
                class_name="rm-label-anchor rm-name-anchor",
            ),
            interactive=False,
            keyboard=False,
            z_index_offset=LABEL_Z,
        ).add_to(group)
    return group
