"""The "In range" tab's chart: people reached as the range grows, each system's range marked.

A Vega-Lite chart of :func:`ranges.reach.growth.growth` in the chosen units (the spec written out:
building it with Altair, which validates every layer, cost about 100 ms a rerun), and the same
chart as a picture to download (:mod:`ranges.pictures.chart`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence

import streamlit as st

from ranges.catalogue.systems import System
from ranges.places.points import LaunchPoint
from ranges.reach.growth import Growth, shared_growth
from ranges.scenario.model import Scenario
from ranges.style import system_color
from ranges.text import number_text, people_text
from ranges.ui.resources import RESULT_CACHE_ENTRIES, gazetteer
from ranges.units import from_km

__all__ = ["CURVE_FIELDS", "chart_spec", "mark_labels", "people_axis", "people_ticks", "render"]

CURVE_FIELDS = ("range", "people", "places")
"""The curve's columns, sent as one list each (Vega-Lite's ``flatten`` makes the rows)."""
SHARED_LABEL_COLOR = "#1a1a1a"
"""The colour of one label naming several systems of the same range."""


def people_ticks(top: float, count: int = 8) -> list[float]:
    """The people axis' ticks: 0 up to the first at or above ``top``, at the smallest round step
    (1, 2, 2.5 or 5 x 10^k people) that makes at most ``count`` intervals."""
    if top <= 0:
        return [0.0, 1.0]
    raw = top / count
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return [i * step for i in range(math.ceil(top / step - 1e-9) + 1)]


def people_axis(top: float) -> tuple[dict, dict]:
    """The people axis and scale: :func:`people_ticks`, the scale ending at the last, each
    labelled by :func:`ranges.text.people_text` (800 k, 3.5 M, 1.2 bn: not SI's 0.8G, nor a
    3.5 M tick rounded to "4 M"), written into the Vega expression as a lookup so that the
    chart shows exactly the text Python made."""
    ticks = people_ticks(top)
    expr = "format(datum.value, ',')"
    for value in reversed(ticks):
        expr = f"datum.value == {number_text(value)} ? {json.dumps(people_text(value))} : {expr}"
    return {"values": ticks, "labelExpr": expr}, {"domain": [0, ticks[-1]], "nice": False}


def mark_labels(names: Sequence[str], ranges: Sequence[float], colors: Sequence[str]) -> list[dict]:
    """One label a range: the systems of equal range (as shown, to 0.1 unit) named together,
    "Storm Shadow / SCALP-EG" (printed one over the other, neither could be read)."""
    by_range: dict[float, dict] = {}
    for name, at, color in zip(names, ranges, colors, strict=True):
        label = by_range.setdefault(round(at, 1), {"range": at, "system": name, "color": color})
        if label["system"] != name:
            if name not in label["system"].split(" / "):
                label["system"] += " / " + name
            label["color"] = SHARED_LABEL_COLOR
    return list(by_range.values())


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def _growth(
    points: tuple[LaunchPoint, ...], systems: tuple[System, ...], min_population: int, extract: str
) -> Growth | None:
    places = gazetteer(extract)
    if places is None:
        return None
    return shared_growth(points, systems, places, min_population=min_population)


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False)
def _spec(
    points: tuple[LaunchPoint, ...],
    systems: tuple[System, ...],
    min_population: int,
    extract: str,
    unit: str,
) -> dict:
    """:func:`chart_spec` once per scenario and unit, for every session and run (a release of
    another control, the map's view, a tab: the same chart, not built again)."""
    curve = _growth(points, systems, min_population, extract)
    assert curve is not None  # render asked for it first
    return chart_spec(curve, list(systems), unit)


def _launch_text(points: tuple[LaunchPoint, ...]) -> str:
    return points[0].label if len(points) == 1 else f"{len(points)} launch points"


def chart_spec(curve: Growth, systems: list[System], unit: str) -> dict:
    """The Vega-Lite chart of ``curve`` in ``unit``: people within range, each system's range
    a dashed rule (its figures on hover) and one label a range, a dot where it meets the curve."""
    ranges_km, people, places = curve.curve(200)
    # Plain lists, not DataFrames: pandas' frames and to_dict cost 2 ms of each release.
    columns = {
        "range": from_km(ranges_km, unit).round(1).tolist(),
        "people": people.tolist(),
        "places": places.tolist(),
    }
    colors = {s.id: system_color(s, i) for i, s in enumerate(systems)}
    records = [
        {
            "system": m.name,
            "range": round(float(from_km(m.max_range_km, unit)), 1),
            "people": m.people,
            "places": m.places,
            "color": colors.get(m.system_id, "#333333"),
        }
        for m in curve.marks
    ]
    x = {"field": "range", "type": "quantitative", "title": f"Range ({unit})"}
    figures = [
        {"field": "people", "type": "quantitative", "title": "People", "format": ","},
        {"field": "places", "type": "quantitative", "title": "Places", "format": ","},
    ]
    axis, scale = people_axis(float(people.max()) if len(people) else 0.0)
    labels = mark_labels(
        [r["system"] for r in records], [r["range"] for r in records], [r["color"] for r in records]
    )
    return {
        "layer": [
            {
                # The curve as three columns, flattened into rows by the browser: the 200 rows
                # written as records repeated their field names (13 kB a slider release; 6 kB).
                "data": {"values": [{name: columns[name] for name in CURVE_FIELDS}]},
                "transform": [{"flatten": list(CURVE_FIELDS)}],
                "mark": {
                    "type": "area",
                    "color": "#1a1a1a",
                    "opacity": 0.08,
                    "line": {"color": "#1a1a1a"},
                },
                "encoding": {
                    "x": x,
                    "y": {
                        "field": "people",
                        "type": "quantitative",
                        "title": "People within range",
                        "axis": axis,
                        "scale": scale,
                    },
                    "tooltip": [{**x, "format": ",.0f"}, *figures],
                },
            },
            {
                "data": {"values": records},
                "mark": {"type": "rule", "strokeDash": [4, 3], "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "color": {"field": "color", "type": "nominal", "scale": None},
                    "tooltip": [
                        {"field": "system", "type": "nominal", "title": "System"},
                        {**x, "format": ",.0f"},
                        *figures,
                    ],
                },
            },
            {
                "data": {"values": labels},
                "mark": {
                    "type": "text",
                    "angle": 270,
                    "align": "right",
                    "baseline": "bottom",
                    "dx": -4,
                    "dy": -3,
                    "fontSize": 11,
                },
                "encoding": {
                    "x": x,
                    "y": {"value": 0},
                    "text": {"field": "system", "type": "nominal"},
                    "color": {"field": "color", "type": "nominal", "scale": None},
                },
            },
            {
                "data": {"values": records},
                "mark": {"type": "point", "filled": True, "size": 50},
                "encoding": {
                    "x": x,
                    "y": {"field": "people", "type": "quantitative"},
                    "color": {"field": "color", "type": "nominal", "scale": None},
                },
            },
        ]
    }


def render(scenario: Scenario, systems: list[System], extract: str) -> None:
    """The chart and its download buttons (nothing without systems and launch points)."""
    if not systems or not scenario.points:
        return
    points = tuple(scenario.points)
    curve = _growth(points, tuple(systems), scenario.min_population, extract)
    if curve is None or not len(curve.distance_km):
        return
    unit = scenario.units
    spec = _spec(points, tuple(systems), scenario.min_population, extract, unit)
    st.markdown("**People within range as the range grows**")
    st.vega_lite_chart(spec, width="stretch")
    st.caption(
        "Each place counted once, at its distance from the nearest launch point; a dashed line "
        "marks each system's range (hover for its figures)."
    )
    note = f"Places: GeoNames {extract} (CC BY 4.0); a city's districts counted with the city."
    cols = st.columns(2)
    for col, fmt, mime in zip(cols, ("png", "svg"), ("image/png", "image/svg+xml"), strict=True):
        col.download_button(
            f"Chart ({fmt.upper()})",
            data=lambda f=fmt: _picture(curve, systems, f, unit, _launch_text(points), note),
            file_name=f"rangemap-people-in-range.{fmt}",
            mime=mime,
            icon=":material/download:",
        )


def _picture(
    curve: Growth, systems: list[System], fmt: str, unit: str, launch: str, note: str
) -> bytes:
    from ranges.pictures.chart import growth_picture

    return growth_picture(curve, systems, fmt, units=unit, launch=launch, note=note)
