"""The "Reach a target" tab: which system reaches a target from which launch point."""

from __future__ import annotations

import streamlit as st

from ranges.catalogue.systems import System
from ranges.places.points import LaunchPoint, format_coordinates
from ranges.reach.reverse import reverse_reach
from ranges.scenario.model import Scenario, make_point
from ranges.text import markdown_text
from ranges.ui import state
from ranges.ui.messages import show_messages
from ranges.ui.sidebar import typed_point
from ranges.units import from_km

__all__ = ["render", "target_title"]


def set_target_from_text() -> None:
    """The target box: the place or coordinates typed become the target."""
    point = typed_point(state.NEW_TARGET, "target")
    if point is not None:
        st.session_state[state.TARGET] = make_point(point.lat, point.lon, point.label)


def clear_target() -> None:
    """No target."""
    st.session_state[state.TARGET] = None


def target_title(target: LaunchPoint) -> str:
    """ "Label (coordinates)", or the coordinates once when the label is the coordinates or none
    (a clicked target)."""
    where = format_coordinates(target.lat, target.lon)
    if not target.label or target.label == where:
        return where
    return f"{target.label} ({where})"


def render(scenario: Scenario, systems: list[System]) -> None:
    """The target box and its messages; the target; distance and margin a system and point."""
    st.text_input(
        "Target",
        key=state.NEW_TARGET,
        placeholder="a place name or coordinates; or choose 'sets the target' and click the map",
        on_change=state.acting(set_target_from_text),
    )
    show_messages("target")
    target = scenario.target
    if target is None:
        st.caption("No target. The map then shows, for each system, where it can be fired from.")
        return
    st.button("Clear the target", on_click=state.acting(clear_target), icon=":material/close:")
    st.markdown(
        f"**Target:** {markdown_text(target_title(target))}. "
        "The dashed rings on the map enclose the places each system can reach it from."
    )
    if not systems or not (scenario.points or scenario.areas):
        return
    table = reverse_reach(target, scenario.points, systems, scenario.areas)
    unit = scenario.units
    view = table.copy()
    view["distance"] = from_km(view["distance_km"], unit)
    view["margin"] = from_km(view["margin_km"], unit)
    st.dataframe(
        view[["name", "launch", "reachable", "distance", "margin", "bearing_deg"]],
        hide_index=True,
        column_config={
            "name": "System",
            "launch": "Launch point or area",
            "reachable": st.column_config.CheckboxColumn("Reaches the target"),
            "distance": st.column_config.NumberColumn(f"Distance ({unit})", format="%.1f"),
            "margin": st.column_config.NumberColumn(
                f"Margin ({unit})", format="%.1f", help="Range left over (negative: short by)"
            ),
            "bearing_deg": st.column_config.NumberColumn("Bearing (°)", format="%.1f"),
        },
    )
