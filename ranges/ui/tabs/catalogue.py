"""The "Catalogue" tab: load a catalogue of your own (added to the built-in one, or instead)."""

from __future__ import annotations

import streamlit as st

from ranges.catalogue.systems import catalogue_template, parse_catalogue
from ranges.errors import CatalogueError
from ranges.ui import state
from ranges.ui.messages import show_messages
from ranges.ui.resources import builtin_catalogue

__all__ = ["MAX_CATALOGUE_SYSTEMS", "MAX_UPLOAD_BYTES", "render"]

MAX_UPLOAD_BYTES = 1024 * 1024
MAX_CATALOGUE_SYSTEMS = 200  # a checkbox and two sliders each: keep the sidebar usable


def plural(n: int, noun: str) -> str:
    """ "1 system", "2 systems"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def render() -> None:
    """How to load a catalogue, add or replace, the uploader and what came of it, a template."""
    catalogue = st.session_state[state.CATALOGUE]
    st.markdown(
        "Load your own catalogue (YAML, same format as the built-in one). It is checked with "
        "the same rules as the command line; a file with any error is rejected whole."
    )
    st.radio(
        "The uploaded systems",
        ("add", "replace"),
        key=state.CATALOGUE_MODE,
        horizontal=True,
        format_func={"add": "add to the built-in catalogue", "replace": "replace it"}.get,
        on_change=state.acting(),
    )
    st.file_uploader(
        "Catalogue file (at most 1 MiB)",
        type=["yaml", "yml"],
        key=state.CATALOGUE_UPLOAD,
        on_change=state.acting(load_catalogue_file),
    )
    show_messages("catalogue")
    st.download_button(
        "Download a template",
        data=catalogue_template(),
        file_name="rangemap-catalogue-template.yaml",
        mime="application/yaml",
        icon=":material/download:",
    )
    st.caption(
        f"Current catalogue: {plural(len(catalogue.systems), 'system')} "
        f"({', '.join(s.id for s in catalogue.systems)}). Shared links name systems by id: "
        "whoever opens one needs the same catalogue."
    )


def load_catalogue_file() -> None:
    """The uploaded catalogue, checked whole, joins (or replaces) the built-in one; its systems
    are shown at once."""
    ss = st.session_state
    upload = ss.get(state.CATALOGUE_UPLOAD)
    if upload is None:
        return
    if upload.size > MAX_UPLOAD_BYTES:
        state.say("catalogue", "error", f"{upload.name}: larger than 1 MiB")
        return
    try:
        uploaded = parse_catalogue(upload.getvalue(), upload.name)
    except CatalogueError as exc:
        state.say("catalogue", "error", str(exc))
        return
    if ss.get(state.CATALOGUE_MODE) == "replace":
        catalogue = uploaded
    else:
        catalogue = builtin_catalogue().merged_with(uploaded)
    if len(catalogue.systems) > MAX_CATALOGUE_SYSTEMS:
        state.say(
            "catalogue",
            "error",
            f"{upload.name}: {len(catalogue.systems)} systems; the app shows at most "
            f"{MAX_CATALOGUE_SYSTEMS} (the command line takes any number)",
        )
        return
    ss[state.CATALOGUE] = catalogue
    for system in catalogue.systems:
        state.init_system(system, force=system.id in uploaded.ids)
        if system.id in uploaded.ids:
            ss[state.show_key(system.id)] = True
    n = len(uploaded.systems)
    state.say("catalogue", "info", f"Loaded {plural(n, 'system')} from {upload.name}.")
