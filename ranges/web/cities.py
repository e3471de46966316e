"""The cities in range on the live map: the most populous marked, clustered when many."""

from __future__ import annotations

import folium
import folium.plugins
import numpy as np
import pandas as pd

from ranges.style import CITY_COLOR
from ranges.text import html_text
from ranges.units import format_distance
from ranges.web.scripts import script

__all__ = [
    "CITY_MARKERS",
    "CLUSTER_ABOVE",
    "cities_layer",
    "city_tooltip",
    "marked_cities",
]

CITY_MARKERS = 250
"""At most this many places in range are marked on the map (the most populous): a reader can
use a few hundred markers, and the page stays light (the table lists every place)."""


CLUSTER_ABOVE = 30
"""More cities than this are clustered (grey clusters, see
:data:`ranges.web.elements.LIVE_MAP_CSS`): the first picture shows the rings, not a carpet of
dots."""


def city_tooltip(row, units: str) -> str:
    """A city's tooltip (escaped HTML) from a row of ``Reach.cities``: population, and distance in
    ``units`` from its nearest launch point."""
    distance = format_distance(row.distance_km, units)
    return (
        f"<b>{html_text(row.city)}</b>, {html_text(row.country)}<br>"
        f"pop. {int(row.population):,} &middot; {html_text(distance)}"
        f" from {html_text(row.nearest_launch)}"
    )


def marked_cities(
    cities: pd.DataFrame, counted: np.ndarray | None = None, *, limit: int = CITY_MARKERS
) -> pd.DataFrame:
    """The places the map marks: the ``limit`` most populous rows of ``cities`` (a
    ``Reach.cities`` table) among those ``counted`` (a boolean per row; None: all), largest
    first. Sections of a city (its districts) are left to their city's marker."""
    if counted is not None:
        cities = cities[counted]
    return cities.nlargest(limit, "population") if len(cities) > limit else cities


def cities_layer(
    cities: pd.DataFrame, units: str, *, limit: int = CITY_MARKERS
) -> folium.FeatureGroup:
    """The most populous cities of ``cities`` (at most ``limit``), clustered when there are more
    than ``CLUSTER_ABOVE``."""
    group = folium.FeatureGroup(name="Cities in range", show=True)
    top = marked_cities(cities, limit=limit)
    if len(top) > CLUSTER_ABOVE:
        # the tooltip's parts (escaped), its markup made by js/city_marker.js
        rows = [
            [
                round(r.latitude, 4),
                round(r.longitude, 4),
                html_text(r.city),
                html_text(r.country),
                int(r.population),
                html_text(format_distance(r.distance_km, units)),
                html_text(r.nearest_launch),
            ]
            for r in top.itertuples(index=False)
        ]
        folium.plugins.FastMarkerCluster(rows, callback=script("city_marker")).add_to(group)
    else:
        for r in top.itertuples(index=False):
            folium.CircleMarker(
                [round(r.latitude, 4), round(r.longitude, 4)],
                radius=4,
                color="#ffffff",
                weight=1,
                fill=True,
                fill_color=CITY_COLOR,
                fill_opacity=0.85,
                class_name="rm-city",
                tooltip=folium.Tooltip(city_tooltip(r, units)),
            ).add_to(group)
    return group
