"""The cities in range on the live map: the most populous marked, clustered when many."""

from __future__ import annotations

import folium
import folium.plugins
import numpy as np
import pandas as pd
from jinja2.utils import htmlsafe_json_dumps

from ranges.style import CITY_COLOR
from ranges.text import html_text
from ranges.units import format_distance, from_km
from ranges.web.scripts import script

__all__ = [
    "CITY_MARKERS",
    "CLUSTER_ABOVE",
    "cities_layer",
    "city_tooltip",
    "cluster_rows",
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


def cluster_rows(cities: pd.DataFrame, units: str) -> tuple[list[list], dict]:
    """The rows ``js/city_marker.js`` makes the markers of, and its tables: each row
    ``[lat, lon, name, country, people, distance, launch]``, coordinates to 4 decimals (11 m),
    ``country`` and ``launch`` indices into the tables' ``countries`` and ``launches``, the
    distance in whole ``units`` as :func:`ranges.units.format_distance` rounds it; every text
    escaped for HTML. Numpy columns, not ``itertuples``: this runs at every slider release."""
    countries, country = np.unique(cities["country"].to_numpy(dtype=object), return_inverse=True)
    launches, launch = np.unique(
        cities["nearest_launch"].to_numpy(dtype=object), return_inverse=True
    )
    distance = from_km(cities["distance_km"].to_numpy(dtype=float), units)
    rows = [
        [round(lat, 4), round(lon, 4), html_text(name), c, people, int(f"{d:.0f}"), at]
        for lat, lon, name, c, people, d, at in zip(
            cities["latitude"].to_numpy(dtype=float).tolist(),
            cities["longitude"].to_numpy(dtype=float).tolist(),
            cities["city"].to_numpy(dtype=object).tolist(),
            country.reshape(-1).tolist(),
            cities["population"].to_numpy().astype(np.int64).tolist(),
            np.asarray(distance, dtype=float).tolist(),
            launch.reshape(-1).tolist(),
            strict=True,
        )
    ]
    tables = {
        "countries": [html_text(c) for c in countries.tolist()],
        "launches": [html_text(p) for p in launches.tolist()],
        "unit": html_text(units),
    }
    return rows, tables


def cities_layer(
    cities: pd.DataFrame, units: str, *, limit: int = CITY_MARKERS
) -> folium.FeatureGroup:
    """The most populous cities of ``cities`` (at most ``limit``), clustered when there are more
    than ``CLUSTER_ABOVE``."""
    group = folium.FeatureGroup(name="Cities in range", show=True)
    top = marked_cities(cities, limit=limit)
    if len(top) > CLUSTER_ABOVE:
        rows, tables = cluster_rows(top, units)
        # str(): jinja's Markup would escape the script it is added to
        data = str(htmlsafe_json_dumps(tables, separators=(",", ":"), ensure_ascii=False))
        callback = script("city_marker") + "(" + data + ")"
        folium.plugins.FastMarkerCluster(rows, callback=callback).add_to(group)
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
