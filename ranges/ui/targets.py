"""Targets in the app: the sidebar's control (tick built-in sets, upload a list, paste
``LAT,LON,LABEL`` lines) and the *Targets* tab (counts per system, the table with its filters,
what a longer range adds, targets reached as the range grows).

The scenario holds the targets as canonical items (``Scenario.targets``: set names and
``LAT,LON[,LABEL]``, :mod:`ranges.scenario.targetlink`); an uploaded list becomes items too
(its names and coordinates; at most ``MAX_SCENARIO_TARGETS``). Names are untrusted: the tables
show them as data (``st.dataframe``), the messages through ``markdown_text``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import streamlit as st

from ranges.catalogue.systems import System
from ranges.errors import RangemapError
from ranges.geometry.areas import LaunchArea
from ranges.places.points import LaunchPoint
from ranges.scenario.model import Scenario
from ranges.targets.airfields import SETS
from ranges.targets.files import targets_from_bytes
from ranges.targets.measure import TargetMeasures, measure_targets
from ranges.targets.sources import (
    MAX_SCENARIO_TARGETS,
    is_set_item,
    target_item,
    targets_of_items,
)
from ranges.text import markdown_text
from ranges.ui import state
from ranges.ui.messages import show_messages
from ranges.ui.resources import AREA_HASH
from ranges.units import from_km

__all__ = ["TABLE_ROWS", "cached_measures", "render_tab", "targets_control"]

TABLE_ROWS = 100
"""Rows the tab's table shows at most (the command line writes them all)."""
_SET_LABELS = {"airfields": "Every open airfield", "airfields:military": "Military airfields"}
_PASTE = "targets_paste"
_UPLOAD = "targets_upload"


def _items() -> tuple[str, ...]:
    return tuple(st.session_state.get(state.TARGETS, ()))


def _set_items(items: Sequence[str]) -> None:
    sets = [i for i in items if is_set_item(i)]
    own = [i for i in items if not is_set_item(i)]
    st.session_state[state.TARGETS] = tuple(dict.fromkeys(sets)) + tuple(own)


def _toggle_set(name: str) -> None:
    items = [i for i in _items() if i != name]
    if st.session_state.get(f"targets_set:{name}"):
        items.insert(0, name)
    _set_items(items)


def _add_pasted() -> None:
    text = st.session_state.get(_PASTE, "")
    items = list(_items())
    bad = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(target_item(line))
        except RangemapError:
            bad.append(str(number))
    own = [i for i in items if not is_set_item(i)]
    if len(own) > MAX_SCENARIO_TARGETS:
        state.say("targets", "warning", f"Only the first {MAX_SCENARIO_TARGETS:,} are kept.")
        items = [i for i in items if is_set_item(i)] + own[:MAX_SCENARIO_TARGETS]
    if bad:
        state.say("targets", "error", f"Lines not read (expected LAT,LON,LABEL): {', '.join(bad)}")
    _set_items(items)
    st.session_state[_PASTE] = ""


def _add_upload() -> None:
    upload = st.session_state.get(_UPLOAD)
    if upload is None:
        return
    try:
        found = targets_from_bytes(upload.getvalue(), upload.name)
    except RangemapError as exc:
        state.say("targets", "error", str(exc))
        return
    own = [
        LaunchPoint.rounded(float(a), float(b), name).to_query()
        for a, b, name in zip(found.lats, found.lons, found.names, strict=True)
    ]
    _set_items([*_items(), *own])
    state.say("targets", "info", f"{len(own):,} targets added from {upload.name}.")


def _clear_own() -> None:
    _set_items([i for i in _items() if is_set_item(i)])


def targets_control() -> None:
    """The sidebar's *Targets* control."""
    items = _items()
    own = sum(1 for i in items if not is_set_item(i))
    with st.expander(f"Targets ({own:,} own)" if own else "Targets", expanded=bool(items)):
        for name in SETS:
            key = f"targets_set:{name}"
            st.session_state[key] = name in items
            st.checkbox(
                _SET_LABELS.get(name, name),
                key=key,
                on_change=state.acting(_toggle_set),
                args=(name,),
                help=f"the built-in set `{name}` (OurAirports)",
            )
        st.text_area(
            "Paste targets",
            key=_PASTE,
            placeholder="LAT,LON,LABEL\n55.75,37.62,Moscow depot",
            height=80,
        )
        st.button("Add the pasted targets", on_click=state.acting(_add_pasted))
        st.file_uploader(
            "Upload a list (CSV, GeoJSON, KML)",
            type=["csv", "geojson", "json", "kml"],
            key=_UPLOAD,
            on_change=state.acting(_add_upload),
        )
        if own:
            st.button(f"Remove the {own:,} own targets", on_click=state.acting(_clear_own))
        show_messages("targets")


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs=AREA_HASH)
def cached_measures(
    items: tuple[str, ...],
    systems: tuple[System, ...],
    points: tuple[LaunchPoint, ...],
    areas: tuple[LaunchArea, ...],
) -> TargetMeasures:
    """The measures of the scenario's targets (kept: every run of the page asks again)."""
    return measure_targets(targets_of_items(items), systems, points, areas)


def _counts(measures: TargetMeasures) -> None:
    cols = st.columns(max(1, len(measures.systems)))
    for col, m in zip(cols, measures.systems, strict=False):
        col.metric(f"{m.system.name}", f"{m.count:,}", help="targets in range")


def _frame(measures: TargetMeasures, unit: str) -> pd.DataFrame:
    t = measures.targets
    data: dict[str, object] = {"target": list(t.names), "kind": list(t.kinds)}
    data["country"] = list(t.countries)
    labels = np.array([*measures.labels, ""], dtype=object)
    for m in measures.systems:
        sid = m.system.id
        data[f"{sid}: launch"] = labels[m.launch]
        data[f"{sid}: distance"] = np.round(from_km(m.distance_m / 1e3, unit), 1)
        data[f"{sid}: margin"] = np.round(from_km(m.margin_km, unit), 1)
        data[f"{sid}: in range"] = m.in_range
    return pd.DataFrame(data)


def _longer_adds(measures: TargetMeasures, frame: pd.DataFrame) -> None:
    st.subheader("What a longer range adds")
    if len(measures.systems) < 2:
        st.caption("Show two systems or more to compare them.")
        return
    names = [m.system.name for m in measures.systems]
    left, right = st.columns(2)
    a = left.selectbox("Shorter", names, index=0, key="targets_cmp_a")
    b = right.selectbox("Longer", names, index=len(names) - 1, key="targets_cmp_b")
    ma = measures.systems[names.index(a)]
    mb = measures.systems[names.index(b)]
    gained = mb.in_range & ~ma.in_range
    st.markdown(
        f"{markdown_text(b)} reaches **{int(gained.sum()):,}** targets that "
        f"{markdown_text(a)} does not."
    )
    if gained.any():
        st.dataframe(
            frame.loc[gained, ["target", "kind", "country"]].head(TABLE_ROWS), hide_index=True
        )


def _growth(measures: TargetMeasures, unit: str) -> None:
    st.subheader("Targets reached as the range grows")
    reach = np.sort(measures.nearest_m[np.isfinite(measures.nearest_m)]) / 1e3
    if reach.size == 0:
        return
    top = max([m.system.max_range_km for m in measures.systems] + [1.0]) * 1.5
    grid = np.linspace(0.0, top, 100)
    counts = np.searchsorted(reach, grid, side="right")
    st.line_chart(
        pd.DataFrame({f"range ({unit})": from_km(grid, unit), "targets": counts}),
        x=f"range ({unit})",
        y="targets",
    )
    marks = ", ".join(
        f"{m.system.name} {from_km(m.system.max_range_km, unit):,.0f} {unit}: "
        f"{int(np.searchsorted(reach, m.system.max_range_km, side='right')):,}"
        for m in measures.systems
    )
    st.caption(markdown_text(f"At each system's range (no minimum range): {marks}"))


def render_tab(scenario: Scenario, systems: list[System]) -> None:
    """The *Targets* tab."""
    if not scenario.targets:
        st.caption(
            "No targets. Tick a built-in set, paste or upload a list under Targets in the sidebar."
        )
        return
    if not systems or not (scenario.points or scenario.areas):
        st.caption("Add a launch point or area and show a system to measure the targets.")
        return
    try:
        measures = cached_measures(
            scenario.targets, tuple(systems), scenario.points, scenario.areas
        )
    except RangemapError as exc:
        st.error(markdown_text(exc))
        return
    unit = scenario.units
    st.markdown(f"**{len(measures.targets):,} targets.** In range of each system:")
    _counts(measures)
    frame = _frame(measures, unit)
    left, mid, right = st.columns(3)
    kinds = left.multiselect("Kind", sorted(set(frame["kind"])), key="targets_kinds")
    countries = mid.multiselect("Country", sorted(set(frame["country"])), key="targets_countries")
    names = [m.system.name for m in measures.systems]
    of = right.selectbox("In range of", ["any system or none", *names], key="targets_of")
    keep = np.ones(len(frame), dtype=bool)
    if kinds:
        keep &= frame["kind"].isin(kinds).to_numpy()
    if countries:
        keep &= frame["country"].isin(countries).to_numpy()
    if of in names:
        keep &= measures.systems[names.index(of)].in_range
    shown = frame.loc[keep]
    first = measures.systems[0].system.id
    shown = shown.sort_values(f"{first}: margin", ascending=False)
    if len(shown) > TABLE_ROWS:
        st.caption(
            f"The {TABLE_ROWS:,} with the largest margin of {len(shown):,}; "
            "`python -m ranges targets` writes them all."
        )
    st.dataframe(shown.head(TABLE_ROWS), hide_index=True)
    _longer_adds(measures, frame)
    _growth(measures, unit)
