"""The look every output shares: system colours, stroke patterns of equal rings, area and city
colours.

The live map (:mod:`ranges.web`), the KML writer (:mod:`ranges.export.kml`), the pictures
(:mod:`ranges.pictures`) and the app's charts (:mod:`ranges.ui`) colour a system alike, so they
all read it here. A foundation module: it imports nothing at run time (no folium, branca or
matplotlib), so writing a KML file or a PNG does not load the web map's libraries.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

__all__ = [
    "AREA_COLOR",
    "CITY_COLOR",
    "DASHES",
    "PALETTE",
    "TARGET_INK",
    "dash_patterns",
    "system_color",
    "system_colors",
]

PALETTE = ("#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf")
"""Colours of systems without their own, by the system's position among those shown."""

DASHES = (None, "10 7", "3 6", "14 5 3 5")
"""Stroke patterns of rings of equal range: the first drawn is solid, each later one (drawn on
top) lets the earlier ones show through its gaps."""

AREA_COLOR = "#222222"
"""Launch areas' outlines (dark grey, dashed on the map): never a system's colour."""
CITY_COLOR = "#333333"
"""The city markers' fill (grey dots and clusters)."""
TARGET_INK = "#111111"
"""The targets' outline (diamonds: filled in range, hollow out of range) on the map, in its
legend and in the pictures."""


class System(Protocol):
    """What the style reads of a system (:class:`ranges.catalogue.systems.System` has it): its
    id, its own colour if any, its ranges in km."""

    @property
    def id(self) -> str: ...
    @property
    def color(self) -> str | None: ...
    @property
    def min_range_km(self) -> float: ...
    @property
    def max_range_km(self) -> float: ...


def system_color(system: System, index: int) -> str:
    """The system's own colour, or one from the palette by its position."""
    return system.color or PALETTE[index % len(PALETTE)]


def system_colors(systems: Sequence[System]) -> dict[str, str]:
    """Each system's colour by id (:func:`system_color`)."""
    return {s.id: system_color(s, i) for i, s in enumerate(systems)}


def dash_patterns(systems: Sequence[System]) -> dict[str, str | None]:
    """The stroke pattern of each system's rings (by id): None (solid) unless an earlier system
    has the same minimum and maximum range, then the next of :data:`DASHES`."""
    seen: dict[tuple[float, float], int] = {}
    out: dict[str, str | None] = {}
    for system in systems:
        key = (round(system.min_range_km, 3), round(system.max_range_km, 3))
        n = seen.get(key, 0)
        seen[key] = n + 1
        out[system.id] = DASHES[n % len(DASHES)] if n else None
    return out
