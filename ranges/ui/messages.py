"""The messages of the user's last action, shown where that action was taken (``ranges.ui.state``
keeps them by slot: the page, the points, the areas, a tab)."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ranges.ui import state
from ranges.ui.state import Slot

__all__ = ["show_messages"]


def show_messages(slot: Slot) -> DeltaGenerator:
    """The messages of the user's last action that belong at ``slot``.

    They go into a container that is there even when empty: an element that comes and goes
    would shift every later element's place on the page, and the browser would mount those
    afresh (the tabs back on their first tab, an uploader forgetting its file).
    """
    box = st.container()
    for kind, text in state.take(slot):
        if kind == "warning":
            box.warning(text, icon=":material/warning:")
        else:
            getattr(box, kind)(text)
    return box
