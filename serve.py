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

from ranges.ui.warmup import start_warm_up


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


skip_component_scan()


@asynccontextmanager
async def warm_up(_app: st.App) -> AsyncIterator[None]:
    start_warm_up()
    yield


app = st.App("app.py", lifespan=warm_up)
