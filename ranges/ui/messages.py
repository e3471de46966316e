"""The messages of the user's last action, shown where that action was taken: queued by slot (the
page, the points, the areas, a tab) in session state until the user's next action
(``ranges.ui.state.new_action`` empties the queue), and shown by :func:`show_messages`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ranges.text import markdown_text

__all__ = [
    "MESSAGES",
    "Kind",
    "Slot",
    "ignored_message",
    "say",
    "say_ignored",
    "show_messages",
    "take",
]

MESSAGES = "messages"
"""The session-state key of the queue: (slot, kind, Markdown) triples, in order."""

Slot = Literal["page", "points", "areas", "target", "targets", "export", "catalogue"]
"""Where a message shows: above the map, or beside the control whose action caused it."""
Kind = Literal["info", "warning", "error"]


def say(slot: Slot, kind: Kind, text: str, *, prefix: str = "") -> None:
    """Queue a message for ``slot``; it stays until the user's next action
    (``ranges.ui.state.new_action``).

    ``text`` is plain text (made inert for Markdown here); ``prefix`` is Markdown put before it.
    """
    shown = prefix + markdown_text(text)
    st.session_state.setdefault(MESSAGES, []).append((slot, kind, shown))


def ignored_message(warnings: Sequence[str], *, source: str = "") -> str | None:
    """The one warning (Markdown) for what a link or a scenario file held that was dropped:
    ``Ignored: ...`` for one thing, a list under ``Ignored N things:`` for several (a link with
    15 bad parameters showed 15 boxes and pushed the map off the first screen). ``source`` (a
    file's name) is put before each; None when nothing was dropped."""
    where = f"{source}: " if source else ""
    if not warnings:
        return None
    if len(warnings) == 1:
        return "Ignored: " + markdown_text(where + warnings[0])
    items = "\n".join(f"- {markdown_text(where + warning)}" for warning in warnings)
    return f"Ignored {len(warnings)} things:\n\n{items}"


def say_ignored(warnings: Sequence[str], *, source: str = "") -> None:
    """Queue :func:`ignored_message` above the map (nothing when nothing was dropped)."""
    shown = ignored_message(warnings, source=source)
    if shown is not None:
        st.session_state.setdefault(MESSAGES, []).append(("page", "warning", shown))


def take(slot: Slot) -> list[tuple[Kind, str]]:
    """The messages queued for ``slot`` (kind, Markdown), in order."""
    return [(kind, text) for s, kind, text in st.session_state.get(MESSAGES, []) if s == slot]


def show_messages(slot: Slot) -> DeltaGenerator:
    """The messages of the user's last action that belong at ``slot``.

    They go into a container that is there even when empty: an element that comes and goes
    would shift every later element's place on the page, and the browser would mount those
    afresh (the tabs back on their first tab, an uploader forgetting its file).
    """
    box = st.container()
    for kind, text in take(slot):
        if kind == "warning":
            box.warning(text, icon=":material/warning:")
        else:
            getattr(box, kind)(text)
    return box
