"""Launch areas on the live map: their outlines, simplified for display, with tooltips."""

from __future__ import annotations

from collections.abc import Sequence

import folium
from shapely.geometry import mapping

from ranges.style import AREA_COLOR
from ranges.text import html_text
from ranges.web.geojson import tipped_geojson

__all__ = [
    "AREA_DISPLAY_TOLERANCE_DEG",
    "area_display_geometry",
    "area_layers",
    "area_tooltip",
]

AREA_DISPLAY_TOLERANCE_DEG = 0.005
"""Degrees (about 500 m): an area's outline is simplified this much for the live map only (a
country of the 1:50m borders has thousands of vertices); rings and reach use it whole."""


def _rounded(coords, decimals: int):
    """Nested GeoJSON coordinates rounded to ``decimals``."""
    if coords and isinstance(coords[0], int | float):
        return [round(float(c), decimals) for c in coords[:2]]
    return [_rounded(c, decimals) for c in coords]


def area_display_geometry(area) -> dict:
    """An area's outline for the live map: simplified (:data:`AREA_DISPLAY_TOLERANCE_DEG`),
    coordinates to about 10 m, as a GeoJSON geometry."""
    geometry = area.geometry
    if area.kind == "country":
        geometry = geometry.simplify(AREA_DISPLAY_TOLERANCE_DEG, preserve_topology=True)
    shape = mapping(geometry)
    return {"type": shape["type"], "coordinates": _rounded(shape["coordinates"], 4)}


def area_tooltip(area) -> str:
    """An area's tooltip (escaped HTML): its label and what kind of area it is."""
    kinds = {"country": "country", "line": "line", "polygon": "polygon"}
    return (
        f"<b>Launch area: {html_text(area.label)}</b><br>"
        f"{html_text(kinds.get(area.kind, area.kind))}: rings from anywhere "
        f"{'along' if area.kind == 'line' else 'inside'} it"
    )


def area_layers(areas: Sequence) -> list[folium.FeatureGroup]:
    """One feature group per launch area (``ranges.geometry.areas.LaunchArea``), named after it in
    the
    layer control: its outline in dark grey, dashed, lightly hatched inside, so an area never
    looks like a ring or a launch point."""
    groups = []
    for area in areas:
        group = folium.FeatureGroup(name=html_text(f"Launch area: {area.label}"), show=True)
        feature = {
            "type": "Feature",
            "properties": {"area": area.label, "tip": area_tooltip(area)},
            "geometry": area_display_geometry(area),
        }
        line = area.kind == "line"
        style = {
            "color": AREA_COLOR,
            "weight": 4 if line else 2.5,
            "dashArray": None if line else "6 4",
            "fillColor": AREA_COLOR,
            "fillOpacity": 0.12,
            "className": "rm-area",
        }
        tipped_geojson([feature], style).add_to(group)
        groups.append(group)
    return groups
