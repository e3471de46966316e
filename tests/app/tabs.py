"""Opening a tab in AppTest, as a reader's click does.

The page builds the open tab's content alone (app.py; the others are sent empty), so a test that
reads a tab's widgets, tables or messages opens that tab first: ``app(query, tab=...)`` before
the first run, :func:`open_tab` during a test. AppTest has no tab to click; the tabs are a
widget whose value (the open tab's label) is in session state under ``state.TAB``.
"""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ranges.ui import state

__all__ = ["open_tab", "select_tab"]


def select_tab(at: AppTest, label: str) -> AppTest:
    """Make ``label`` (one of ``state.TABS``) the open tab from ``at``'s next run on."""
    assert label in state.TABS, label
    at.session_state[state.TAB] = label
    return at


def open_tab(at: AppTest, label: str) -> AppTest:
    """Open the tab ``label`` and run, as a click on it does."""
    return select_tab(at, label).run()
