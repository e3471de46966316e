"""GeoJSON as the live map draws it: rings beside their launch point, features with tooltips."""

from __future__ import annotations

from collections.abc import Sequence

import folium

from ranges.geometry.geodesy import polygons_of

__all__ = [
    "DISPLAY_DECIMALS",
    "display_geometry",
    "tipped_geojson",
]

DISPLAY_DECIMALS = 5  # about 1 m: enough for any zoom level, a third less to send


def display_geometry(geometry: dict, lon0: float) -> dict:
    """The ring as Leaflet should draw it: parts next to the launch point, coordinates to 1 m.

    GeoJSON must be cut at the antimeridian; a Leaflet map shows one continuous world, so a ring
    around Fiji is drawn whole when its far part is shifted by 360 degrees (longitudes may pass
    180 here, which Leaflet accepts).
    """
    parts = []
    for poly in polygons_of(geometry):
        lons = [p[0] for p in poly[0]]
        mid = (min(lons) + max(lons)) / 2
        shift = 360.0 if mid - lon0 < -180 else (-360.0 if mid - lon0 > 180 else 0.0)
        if max(lons) - min(lons) >= 359.0:
            shift = 0.0  # a pole-enclosing part already spans the world
        parts.append(
            [
                [[round(x + shift, DISPLAY_DECIMALS), round(y, DISPLAY_DECIMALS)] for x, y in ring]
                for ring in poly
            ]
        )
    if geometry["type"] == "Polygon":
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def tipped_geojson(features: Sequence[dict], style: dict) -> folium.GeoJson:
    """One GeoJSON layer of ``features``, all drawn with ``style`` (Leaflet path options), each
    with its ``properties.tip`` (already escaped HTML) as a sticky tooltip.

    Rings and launch regions are both drawn this way: one layer for many features keeps a rerun
    to a handful of folium objects.
    """
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": list(features)},
        style_function=lambda _, style=style: style,
        tooltip=folium.GeoJsonTooltip(fields=["tip"], labels=False, sticky=True),
    )
