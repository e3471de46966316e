"""Targets in the app: the sidebar's control (tick built-in sets, upload a list, paste
``LAT,LON,LABEL`` lines) and the *Targets* tab (counts per system, the table with its filters,
what a longer range adds, targets reached as the range grows).

The scenario holds the targets as canonical items (``Scenario.targets``: set names and
``LAT,LON[,LABEL]`` with an own target's kind and country, :mod:`ranges.targets.sources`,
:mod:`ranges.scenario.targetlink`); an uploaded list becomes items too (its names,
coordinates, kinds and countries; at most ``MAX_SCENARIO_TARGETS``). Names are untrusted: the tables
show them as data (``st.dataframe``), the messages through ``markdown_text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import streamlit as st

from ranges.catalogue.systems import System
from ranges.errors import RangemapError
from ranges.geometry.areas import LaunchArea
from ranges.places.points import LaunchPoint
from ranges.scenario.model import Scenario
from ranges.style import system_color
from ranges.targets.airfields import SETS
from ranges.targets.files import targets_from_bytes
from ranges.targets.measure import TargetMeasures, measure_targets
from ranges.targets.sources import (
    MAX_SCENARIO_TARGETS,
    is_set_item,
    own_item,
    target_item,
    targets_of_items,
)
from ranges.text import markdown_text
from ranges.ui import state
from ranges.ui.messages import show_messages
from ranges.ui.resources import AREA_HASH
from ranges.units import from_km

__all__ = [
    "TABLE_ROWS",
    "TargetView",
    "cached_measures",
    "cached_view",
    "growth_spec",
    "render_tab",
    "table_rows",
    "target_view",
    "targets_control",
]

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
    if bad:
        state.say("targets", "error", f"Lines not read (expected LAT,LON,LABEL): {', '.join(bad)}")
    _set_capped(items)
    st.session_state[_PASTE] = ""


def _set_capped(items: Sequence[str]) -> None:
    """:func:`_set_items`, keeping the first ``MAX_SCENARIO_TARGETS`` own targets (said)."""
    own = [i for i in items if not is_set_item(i)]
    if len(own) > MAX_SCENARIO_TARGETS:
        state.say("targets", "warning", f"Only the first {MAX_SCENARIO_TARGETS:,} are kept.")
        items = [i for i in items if is_set_item(i)] + own[:MAX_SCENARIO_TARGETS]
    _set_items(items)


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
        own_item(float(a), float(b), name, kind, country)
        for a, b, name, kind, country in zip(
            found.lats, found.lons, found.names, found.kinds, found.countries, strict=True
        )
    ]
    _set_capped([*_items(), *own])
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


@dataclass(frozen=True)
class TargetView:
    """What the tab shows of one scenario's measures, made once and kept (each run of the page
    draws the tab again): the targets' kinds and countries as arrays (to filter with numpy),
    their sorted distinct values (the filters' options), the targets' order by the first
    system's margin (largest first, ties by row: the table's order) and each target's distance
    to its nearest launch in km, sorted (the growth chart's counts are ``searchsorted`` on it).
    The table itself is made for the rows shown only (at most ``TABLE_ROWS``): a frame of every
    target (64,115 airfields) cost more than the rest of the tab together."""

    measures: TargetMeasures
    kinds: np.ndarray
    countries: np.ndarray
    kind_options: tuple[str, ...]
    country_options: tuple[str, ...]
    by_margin: np.ndarray
    reach_km: np.ndarray


def target_view(measures: TargetMeasures) -> TargetView:
    """The :class:`TargetView` of ``measures``."""
    t = measures.targets
    kinds = np.asarray(list(t.kinds), dtype=object)
    countries = np.asarray(list(t.countries), dtype=object)
    first = measures.systems[0]
    by_margin = np.argsort(-first.margin_km, kind="stable")
    reach = measures.nearest_m[np.isfinite(measures.nearest_m)]
    return TargetView(
        measures,
        kinds,
        countries,
        tuple(sorted(set(t.kinds))),
        tuple(sorted(set(t.countries))),
        by_margin,
        np.sort(reach) / 1e3,
    )


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs=AREA_HASH)
def cached_view(
    items: tuple[str, ...],
    systems: tuple[System, ...],
    points: tuple[LaunchPoint, ...],
    areas: tuple[LaunchArea, ...],
) -> TargetView:
    """The :class:`TargetView` of the scenario's targets (kept beside :func:`cached_measures`)."""
    return target_view(cached_measures(items, systems, points, areas))


def _text(values: Sequence[str], *, repeated: bool = True) -> pa.Array:
    """A text column for the page: dictionary-encoded when its values repeat (kinds, countries,
    launches: each sent once, not once a row)."""
    array = pa.array(list(values), pa.string())
    return array.dictionary_encode() if repeated else array


def table_rows(view: TargetView, rows: np.ndarray, unit: str) -> pa.Table:
    """The tab's table of the targets ``rows`` (list rows, in the order shown): name, kind,
    country, then per system the launch, distance and margin (in ``unit``, 0.1) and in range.

    An Arrow table, as the page sends it, without pandas' metadata and with the repeated texts
    dictionary-encoded: 15 kB for 100 rows of 4 systems, against 23 kB from a DataFrame."""
    measures = view.measures
    names = measures.targets.names
    data: dict[str, pa.Array] = {
        "target": _text([names[i] for i in rows.tolist()], repeated=False),
        "kind": _text(view.kinds[rows]),
        "country": _text(view.countries[rows]),
    }
    labels = np.array([*measures.labels, ""], dtype=object)
    for m in measures.systems:
        sid = m.system.id
        data[f"{sid}: launch"] = _text(labels[m.launch[rows]])
        data[f"{sid}: distance"] = pa.array(np.round(from_km(m.distance_m[rows] / 1e3, unit), 1))
        data[f"{sid}: margin"] = pa.array(np.round(from_km(m.margin_km[rows], unit), 1))
        data[f"{sid}: in range"] = pa.array(m.in_range[rows])
    return pa.table(data)


def _longer_adds(view: TargetView) -> None:
    st.subheader("What a longer range adds")
    measures = view.measures
    if len(measures.systems) < 2:
        st.caption("Show two systems or more to compare them.")
        return
    names = [m.system.name for m in measures.systems]
    left, right = st.columns(2)
    a = left.selectbox("Shorter", names, index=0, key="targets_cmp_a")
    b = right.selectbox("Longer", names, index=len(names) - 1, key="targets_cmp_b")
    ma = measures.systems[names.index(a)]
    mb = measures.systems[names.index(b)]
    gained = np.flatnonzero(mb.in_range & ~ma.in_range)
    st.markdown(
        f"{markdown_text(b)} reaches **{gained.size:,}** targets that {markdown_text(a)} does not."
    )
    if gained.size:
        rows = gained[:TABLE_ROWS]
        names = measures.targets.names
        frame = pa.table(
            {
                "target": _text([names[i] for i in rows.tolist()], repeated=False),
                "kind": _text(view.kinds[rows]),
                "country": _text(view.countries[rows]),
            }
        )
        st.dataframe(frame, hide_index=True)


def growth_spec(view: TargetView, unit: str) -> dict:
    """The Vega-Lite chart of targets reached as the range grows (written out, as the people
    chart's: Altair's validation of a ``st.line_chart`` cost 100-150 ms a run), each system's
    range a dashed rule with its count."""
    measures = view.measures
    reach = view.reach_km
    top = max([m.system.max_range_km for m in measures.systems] + [1.0]) * 1.5
    grid = np.linspace(0.0, top, 100)
    counts = np.searchsorted(reach, grid, side="right")
    x_title = f"Range ({unit})"
    x = {"field": "range", "type": "quantitative", "title": x_title}
    line = [
        {"range": round(float(r), 1), "targets": int(c)}
        for r, c in zip(from_km(grid, unit), counts, strict=True)
    ]
    marks = [
        {
            "system": m.system.name,
            "range": round(float(from_km(m.system.max_range_km, unit)), 1),
            "targets": int(np.searchsorted(reach, m.system.max_range_km, side="right")),
            "color": system_color(m.system, i),
        }
        for i, m in enumerate(measures.systems)
    ]
    figures = {"field": "targets", "type": "quantitative", "title": "Targets", "format": ","}
    return {
        "layer": [
            {
                "data": {"values": line},
                "mark": {"type": "line", "color": "#1a1a1a"},
                "encoding": {
                    "x": x,
                    "y": {"field": "targets", "type": "quantitative", "title": "Targets reached"},
                    "tooltip": [{**x, "format": ",.0f"}, figures],
                },
            },
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "strokeDash": [4, 3], "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "color": {"field": "color", "type": "nominal", "scale": None},
                    "tooltip": [
                        {"field": "system", "type": "nominal", "title": "System"},
                        {**x, "format": ",.0f"},
                        figures,
                    ],
                },
            },
        ]
    }


def _growth(view: TargetView, unit: str) -> None:
    st.subheader("Targets reached as the range grows")
    if view.reach_km.size == 0:
        return
    st.vega_lite_chart(growth_spec(view, unit), width="stretch")
    reach = view.reach_km
    marks = ", ".join(
        f"{m.system.name} {from_km(m.system.max_range_km, unit):,.0f} {unit}: "
        f"{int(np.searchsorted(reach, m.system.max_range_km, side='right')):,}"
        for m in view.measures.systems
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
        view = cached_view(scenario.targets, tuple(systems), scenario.points, scenario.areas)
    except RangemapError as exc:
        st.error(markdown_text(exc))
        return
    measures = view.measures
    unit = scenario.units
    st.markdown(f"**{len(measures.targets):,} targets.** In range of each system:")
    _counts(measures)
    left, mid, right = st.columns(3)
    kinds = left.multiselect("Kind", view.kind_options, key="targets_kinds")
    countries = mid.multiselect("Country", view.country_options, key="targets_countries")
    names = [m.system.name for m in measures.systems]
    of = right.selectbox("In range of", ["any system or none", *names], key="targets_of")
    order = view.by_margin
    if kinds or countries or of in names:
        keep = np.ones(len(measures.targets), dtype=bool)
        if kinds:
            keep &= np.isin(view.kinds, kinds)
        if countries:
            keep &= np.isin(view.countries, countries)
        if of in names:
            keep &= measures.systems[names.index(of)].in_range
        order = order[keep[order]]
    if order.size > TABLE_ROWS:
        st.caption(
            f"The {TABLE_ROWS:,} with the largest margin of {order.size:,}; "
            "`python -m ranges targets` writes them all."
        )
    st.dataframe(table_rows(view, order[:TABLE_ROWS], unit), hide_index=True)
    _longer_adds(view)
    _growth(view, unit)
