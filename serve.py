"""``streamlit run serve.py``: the app (``app.py``), warmed up when the server starts.

Streamlit runs a page's script only when a browser connects, so a fresh server's first visitor
used to wait for every import and data file. Here the server's start (Streamlit's ``st.App``
lifespan) begins :func:`ranges.ui.warmup.warm_up` in the background, while the browser is
still loading Streamlit's page. ``streamlit run app.py`` works as well, without the warm-up
(and with Streamlit's scan for v2 components, :func:`skip_component_scan`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

from ranges.ui.warmup import AWAITING_MAP, start_warm_up


def skip_component_scan() -> bool:
    """Stop Streamlit scanning every installed package for components of its second kind
    ("v2", declared in a package's metadata) when the server starts; whether it was stopped.

    Streamlit 1.67 reads each installed distribution's metadata three times over for that
    scan before it answers its first request: about 0.2 s of a cold start here (71
    distributions). The app uses no such component (its map, streamlit-folium, is a
    component of the first kind, declared when imported), so the scan finds nothing. If a
    later Streamlit moves or renames it, nothing is skipped and nothing breaks.
    """
    try:
        from streamlit.components.v2.component_manager import BidiComponentManager
    except ImportError:
        return False
    if not hasattr(BidiComponentManager, "discover_and_register_components"):
        return False
    BidiComponentManager.discover_and_register_components = _no_scan  # type: ignore[method-assign]
    return True


def _no_scan(self: object, *, start_file_watching: bool = True) -> None:
    """No v2 components to find (see :func:`skip_component_scan`)."""


def rerun_lost_fragments_in_full() -> bool:
    """A rerun asked for a fragment this session does not hold becomes a full run, not
    nothing; whether Streamlit was patched.

    The page's map, systems and tabs are one fragment (``app.page``): a range slider asks for
    a rerun of it alone. A page whose server restarted (or, behind nginx, whose process died:
    ``make replicas``) reconnects to a new, empty session, and Streamlit 1.67 drops a rerun of
    a fragment that session never ran ("does not exist anymore"): every slider move of that
    page was lost until something else asked for a full run
    (``tests/browser/test_replicas.py`` moved the slider four times in vain). A full run is
    always a right answer: it builds the page, fragment included, from the widgets' states.
    If a later Streamlit renames what is patched here, nothing is patched and nothing breaks.

    The same for the drawn map's report to a session's first run, which waits for it
    (:data:`ranges.ui.warmup.AWAITING_MAP`): a fragment's rerun would not stop that run (the
    first run would wait out its 3 s before the places, the tabs and the sidebar); a full
    rerun does, and the next run acts on the report at once.
    """
    try:
        from streamlit.runtime.app_session import AppSession
    except ImportError:
        return False
    original = getattr(AppSession, "request_rerun", None)
    if original is None or not hasattr(AppSession, "has_fragment"):
        return False
    if getattr(original, "rangemap_full_rerun", False):
        return True

    def request_rerun(self: AppSession, client_state: object) -> None:
        fragment_id = getattr(client_state, "fragment_id", "")
        if fragment_id and (
            not self.has_fragment(fragment_id) or getattr(self, "id", None) in AWAITING_MAP
        ):
            client_state.fragment_id = ""  # type: ignore[union-attr]  # a full run
        original(self, client_state)

    request_rerun.rangemap_full_rerun = True  # type: ignore[attr-defined]
    AppSession.request_rerun = request_rerun  # type: ignore[method-assign]
    return True


skip_component_scan()
rerun_lost_fragments_in_full()


@asynccontextmanager
async def warm_up(_app: st.App) -> AsyncIterator[None]:
    start_warm_up()
    yield


app = st.App("app.py", lifespan=warm_up)
