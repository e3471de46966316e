"""``streamlit run serve.py``: the app (``app.py``), warmed up when the server starts.

Streamlit runs a page's script only when a browser connects, so a fresh server's first visitor
used to wait for every import and data file. Here the server's start (Streamlit's ``st.App``
lifespan) begins :func:`ranges.ui.warmup.warm_up` in the background, while the browser is
still loading Streamlit's page. ``streamlit run app.py`` works as well, without the warm-up.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

from ranges.ui.warmup import start_warm_up


@asynccontextmanager
async def warm_up(_app: st.App) -> AsyncIterator[None]:
    start_warm_up()
    yield


app = st.App("app.py", lifespan=warm_up)
