"""The "Export" tab: the rings, the cities, the targets and the scenario as files; a scenario
file loaded."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from ranges.catalogue.systems import System
from ranges.errors import PictureError, ScenarioFileError
from ranges.export import ExportData, app_formats
from ranges.geometry.rings import Ring
from ranges.pictures.figure import MAX_TITLE_CHARS, check_title
from ranges.reach.forward import Reach
from ranges.scenario.model import Scenario
from ranges.scenario.scenariofile import scenario_from_file
from ranges.text import markdown_text
from ranges.ui import state
from ranges.ui.messages import show_messages
from ranges.ui.targetlayer import map_targets

__all__ = ["render"]


def render(scenario: Scenario, systems: list[System], rings: list[Ring], reach: Reach | None):
    """A download button per format of the export registry, then the scenario-file uploader and
    what came of a load. The per-pair rows (``reach.rows``, 0.1 s and ~13 MB for every
    catalogue system from Kyiv) are made when a download is asked for, not on every run."""
    data = ExportData(
        rings=rings,
        systems=systems,
        points=scenario.points,
        rows=None,
        scenario=scenario,
        units=scenario.units,
        opacity=scenario.opacity,
        areas=scenario.areas,
        borders=scenario.borders,
        targets=map_targets(scenario, systems),
        system_names=True,  # the CSV names each system beside its id, as the tables do
    )
    formats = [f for f in app_formats() if f.name not in PICTURES and f.needs != "targets"]
    pictures = [f for f in app_formats() if f.name in PICTURES]
    _buttons(formats, data, reach)
    _targets_buttons(data)
    if pictures:
        st.caption(
            "A finished map of what is on screen, for an article or a slide: title, legend, "
            "each ring labelled, scale bar, graticule, borders and the sources, in your units."
        )
        title = st.text_input(
            "Picture title",
            max_chars=MAX_TITLE_CHARS,
            key=state.PICTURE_TITLE,
            placeholder="Range of ... from ... (made from what is shown)",
        )
        try:
            data = replace(data, title=check_title(title))
        except PictureError as exc:
            st.warning(markdown_text(str(exc)))
            data = replace(data, title=None)
        _buttons(pictures, data, reach)
        if not rings:
            st.caption("Choose at least one system and one launch point to draw a picture.")
    st.file_uploader(
        "Load a scenario file",
        type=["yaml", "yml", "json"],
        key=state.SCENARIO_UPLOAD,
        on_change=state.acting(load_scenario_file),
        help="A file saved with 'Scenario file' above: the same picture, here.",
    )
    show_messages("export")


def _targets_buttons(data: ExportData) -> None:
    """The targets' files (the Targets tab's table, and the targets as points), on a row of
    their own once there are targets."""
    if data.targets is None:
        return
    st.caption(
        f"The {len(data.targets.targets):,} targets: the table (a row per target and system: "
        "launch, distance, margin, in range) and the targets as points for GIS and Google Earth."
    )
    _buttons([f for f in app_formats() if f.needs == "targets"], data, None)


PICTURES = ("png", "svg", "pdf")
"""The registry's picture formats (ranges/pictures/ringmap.py), on a row of their own."""


def _buttons(formats: list, data: ExportData, reach: Reach | None) -> None:
    for col, fmt in zip(st.columns(len(formats)), formats, strict=True):
        missing = (fmt.needs == "reach" and reach is None) or (
            fmt.name in PICTURES and not data.rings
        )
        col.download_button(
            fmt.label,
            # a callable: the file is written when the button is clicked, not on every rerun
            data="" if missing else (lambda f=fmt: f.write(with_rows(data, reach))),
            file_name=f"rangemap-{fmt.file_name}",
            mime=fmt.mime,
            icon=":material/download:",
            disabled=missing,
        )


def with_rows(data: ExportData, reach: Reach | None) -> ExportData:
    """``data`` with the per-pair rows of ``reach`` (made now, if not yet: a download was
    asked for)."""
    return data if reach is None else replace(data, rows=reach.rows)


def load_scenario_file() -> None:
    """The uploaded scenario file replaces the picture; what it held that could not be used is
    listed once ("Ignored: ..."), as for a link."""
    ss = st.session_state
    upload = ss.get(state.SCENARIO_UPLOAD)
    if upload is None:
        return
    try:
        scenario, warnings = scenario_from_file(upload.getvalue(), ss[state.CATALOGUE])
    except ScenarioFileError as exc:
        state.say("export", "error", f"{upload.name}: {exc}")
        return
    state.apply_scenario(scenario)
    state.say_ignored(warnings, source=upload.name)
    state.say("export", "info", f"Loaded {upload.name}.")
