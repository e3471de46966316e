"""The "Export" tab: the rings, the cities and the scenario as files; a scenario file loaded."""

from __future__ import annotations

import streamlit as st

from ranges.catalogue import System
from ranges.errors import ScenarioFileError
from ranges.export import reach_csv, to_geojson, to_html, to_kml
from ranges.reach import Reach
from ranges.rings import Ring
from ranges.scenario import Scenario, scenario_from_file, scenario_to_file
from ranges.ui import state
from ranges.ui.sidebar import show_messages

__all__ = ["render"]

KML_MIME = "application/vnd.google-earth.kml+xml"


def render(scenario: Scenario, systems: list[System], rings: list[Ring], reach: Reach | None):
    """A download button a format, then the scenario-file uploader and what came of a load."""
    downloads = [
        ("GeoJSON", lambda: to_geojson(rings), "rings.geojson", "application/geo+json"),
        ("KML (Google Earth)", lambda: to_kml(rings), "rings.kml", KML_MIME),
        (
            "CSV (cities in range)",
            lambda: reach_csv(reach.rows) if reach is not None else "",
            "reach.csv",
            "text/csv",
        ),
        (
            "HTML map",
            lambda: to_html(rings, systems, scenario.points, units=scenario.units),
            "map.html",
            "text/html",
        ),
        ("Scenario file", lambda: scenario_to_file(scenario), "scenario.yaml", "application/yaml"),
    ]
    for col, (label, data, name, mime) in zip(st.columns(len(downloads)), downloads, strict=True):
        col.download_button(
            label,
            data=data,
            file_name=f"rangemap-{name}",
            mime=mime,
            icon=":material/download:",
            disabled=name == "reach.csv" and reach is None,
        )
    st.file_uploader(
        "Load a scenario file",
        type=["yaml", "yml", "json"],
        key=state.SCENARIO_UPLOAD,
        on_change=state.acting(load_scenario_file),
        help="A file saved with 'Scenario file' above: the same picture, here.",
    )
    show_messages("export")


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
    for warning in warnings:
        state.say("page", "warning", f"{upload.name}: {warning}", prefix="Ignored: ")
    state.say("export", "info", f"Loaded {upload.name}.")
