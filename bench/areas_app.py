"""Launch areas in the app: a slider moved with a country area shown, to its ring redrawn.

The ring of a country (Ukraine, 1:50m borders) has many more vertices than a point's, and the
area's outline is on the map too: this is the live-map figure of issue 10 ("ring redrawn in
chromium within 1.5 s"), measured as ``bench/app.py``'s point figure is, in the same run.
"""

from __future__ import annotations

from bench.app import slider_to_redraw
from bench.common import seconds_row

QUERY = "systems=atacms&area=UKR"


def run() -> list[tuple[str, str, str, str]]:
    times = slider_to_redraw(QUERY)
    return [
        seconds_row("slider release to ring redrawn, Ukraine as launch area (chromium)", times, 1.5)
    ]
