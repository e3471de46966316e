"""GestureHandling: the page scrolls over the map; the map moves with ctrl/cmd + wheel or two
fingers."""

from __future__ import annotations

from typing import ClassVar

from branca.element import MacroElement
from folium.elements import JSCSSMixin

__all__ = ["GestureHandling"]


class GestureHandling(JSCSSMixin, MacroElement):
    """The scripts of leaflet-gesture-handling: with the map option ``gestureHandling`` the
    page scrolls when a wheel or one finger passes over the map, and the map moves with
    ctrl/cmd + wheel or two fingers (it says so on the map)."""

    default_js: ClassVar[list[tuple[str, str]]] = [
        (
            "leaflet_gesture_handling",
            "https://cdn.jsdelivr.net/npm/leaflet-gesture-handling@1.2.2/dist/"
            "leaflet-gesture-handling.min.js",
        )
    ]
    default_css: ClassVar[list[tuple[str, str]]] = [
        (
            "leaflet_gesture_handling_css",
            "https://cdn.jsdelivr.net/npm/leaflet-gesture-handling@1.2.2/dist/"
            "leaflet-gesture-handling.min.css",
        )
    ]

    def __init__(self) -> None:
        super().__init__()
        self._name = "GestureHandling"
