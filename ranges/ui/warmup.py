"""Warm a freshly started server before its first visitor's page asks for anything.

A cold server's first page waited for the app's imports (folium, pandas, pyproj, pydantic:
about 0.9 s on a small machine) and then for the gazetteer and the borders (about 0.5 s more
before the places in range). All of that is the same for every session, and the server sits
idle while the browser loads Streamlit's own page (about a second). :func:`warm_up`, run in a
background thread when the server starts (``serve.py``), imports then. Python imports each
module once per process, so the first page finds them ready; a page that comes sooner simply
waits on the same import locks, never a second copy.

The data (gazetteer, borders) is loaded by the warm-up only if no page has opened within
:data:`DATA_DELAY_S` of the imports. A page that opened is better served without it: its
first run sends the map alone, and while the browser loads the map's frame (half a megabyte
of scripts from this same server) a second thread parsing data delayed those scripts by
0.3 s; that page's next run loads the data itself, once the map is drawn.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time

__all__ = [
    "AWAITING_MAP",
    "DATA_DELAY_S",
    "NOT_WARMED",
    "PAGE_MODULES",
    "PAGE_OPENED",
    "start_warm_up",
    "warm_up",
]

PAGE_MODULES = (
    "ranges.ui.state",
    "ranges.ui.messages",
    "ranges.ui.sidebar",
    "ranges.ui.areas",
    "ranges.ui.targets",
    "ranges.web.basemap",
    "ranges.web.layers",
    "ranges.web.cities",
    "ranges.web.areas",
    "ranges.web.legend",
    "ranges.web.caption",
    "folium.plugins",
    "ranges.ui.places",
    "ranges.ui.resources",
    "ranges.ui.tabs.reach",
    "ranges.ui.tabs.target",
    "ranges.ui.tabs.export",
    "ranges.ui.tabs.catalogue",
    "ranges.ui.tabs.share",
    "streamlit.emojis",
)
"""What ``app.py`` imports (directly or through these), in the order the page needs them, but
``ranges.ui.map``; and Streamlit's emoji table, which ``st.set_page_config`` imports to check
the page icon (0.4 s)."""
NOT_WARMED = ("ranges.ui.map", "streamlit_folium")
"""Never imported here: ``streamlit_folium`` declares the map's Streamlit component when it is
first imported, and Streamlit registers a component only when that happens inside a page's run
(outside one, the declaration is dropped, the module stays imported, and the map's frame
answered 404 in every browser). ``ranges.ui.map`` imports it; folium and its plugins, the
expensive part, are warmed above."""

DATA_DELAY_S = 2.0
"""Seconds after its imports that the warm-up waits for a page before loading the data."""
PAGE_OPENED = threading.Event()
"""Set by the first run of every session (``ranges.ui.state.start_session``)."""
AWAITING_MAP: set[str] = set()
"""Ids of the sessions whose first run is waiting for the drawn map's report
(``ranges.ui.map.await_map``). ``serve.py`` makes that report a full rerun, which stops the
wait: it would otherwise ask to rerun the page's fragment alone, and Streamlit lets such a
rerun wait for the end of the full run in progress (3 s of waiting, then the places, the tabs
and the sidebar, before the report was acted on)."""

_LOG = logging.getLogger(__name__)


def warm_up(data_delay_s: float | None = None) -> float:
    """Import the page's modules, then load the default gazetteer and the borders (both kept
    by their loaders for the process); seconds taken. With ``data_delay_s``, the data only if
    no page opened (:data:`PAGE_OPENED`) within that many seconds after the imports. A
    failure is logged and left for the page to report as usual. Not the catalogue: its
    reader keeps nothing, the page's own cache (``builtin_catalogue``) would read it again."""
    started = time.perf_counter()
    try:
        for name in PAGE_MODULES:
            importlib.import_module(name)
        if data_delay_s is not None and PAGE_OPENED.wait(data_delay_s):
            return time.perf_counter() - started  # that page loads the data when it needs it
        from ranges.places.borders import load_borders
        from ranges.places.extracts import default_gazetteer

        default_gazetteer()
        load_borders()
    except Exception:  # the page shows the same failure to its reader, with context
        _LOG.warning("warm-up stopped early", exc_info=True)
    return time.perf_counter() - started


def start_warm_up(data_delay_s: float | None = DATA_DELAY_S) -> threading.Thread:
    """:func:`warm_up` in a daemon thread (started; returned for tests to join)."""
    thread = threading.Thread(
        target=warm_up, args=(data_delay_s,), name="rangemap-warm-up", daemon=True
    )
    thread.start()
    return thread
