"""Pure map maths the app needs: longitude wrapping, "the same view", the first zoom.

No Streamlit here. # moves to the engine at merge (ranges.scenario's ``View`` helpers).
"""

from __future__ import annotations

import math

from ranges.catalogue import Catalogue
from ranges.scenario import Scenario, View, effective_systems

__all__ = ["DEFAULT_VIEW", "initial_view", "same_view", "wrap_lon"]

DEFAULT_VIEW = View(50.4501, 30.5234, 4)
"""The view of a link with neither a view nor a launch point: Kyiv, zoom 4."""


def wrap_lon(lon: float) -> float:
    """``lon`` (degrees) brought into [-180, 180): Leaflet reports 190° after a pan east."""
    return (lon + 180.0) % 360.0 - 180.0


def same_view(a: View | None, b: View, pixels: float = 2.0) -> bool:
    """Views within ``pixels`` screen pixels at the same zoom: Leaflet snaps a centre to whole
    pixels, and a link that was opened should keep the view it was given."""
    if a is None or a.zoom != b.zoom:
        return False
    degrees_per_pixel = 360.0 / (256 * 2**b.zoom)
    return (
        abs(a.lat - b.lat) <= pixels * degrees_per_pixel
        and abs(a.lon - b.lon) <= pixels * degrees_per_pixel
    )


def initial_view(scenario: Scenario, catalogue: Catalogue) -> View:
    """The view a scenario opens at: its own, else its first launch point at a zoom that shows
    the longest shown ring (300 km when none is shown), else :data:`DEFAULT_VIEW`."""
    if scenario.view is not None:
        return scenario.view
    if not scenario.points:
        return DEFAULT_VIEW
    p = scenario.points[0]
    reach = [s.max_range_km for s in effective_systems(scenario, catalogue)] or [300.0]
    zoom = int(min(10, max(2, math.log2(35_000 / max(max(reach), 50.0)))))
    return View(p.lat, p.lon, zoom)
