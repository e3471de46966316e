"""The "In range" tab's chart: people reached as the range grows, each system's range marked.

A Vega-Lite chart of :func:`ranges.reach.growth.growth` in the chosen units (the spec written out:
building it with Altair, which validates every layer, cost about 100 ms a rerun), and the same
chart as a picture to download (:mod:`ranges.pictures.chart`).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ranges.catalogue.systems import System
from ranges.places.points import LaunchPoint
from ranges.reach.growth import Growth, growth
from ranges.scenario.model import Scenario
from ranges.style import system_color
from ranges.ui.resources import RESULT_CACHE_ENTRIES, gazetteer
from ranges.units import from_km

__all__ = ["render"]

PEOPLE_LABEL = (
    "datum.value >= 1e9 ? format(datum.value / 1e9, '.1f') + ' bn' : "
    "datum.value >= 1e6 ? format(datum.value / 1e6, ',.0f') + ' M' : format(datum.value, ',')"
)
"""Vega expression of the people axis' labels: 800 M, 1.2 bn (not SI's 0.8G)."""


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES)
def _growth(
    points: tuple[LaunchPoint, ...], systems: tuple[System, ...], min_population: int, extract: str
) -> Growth | None:
    places = gazetteer(extract)
    if places is None:
        return None
    return growth(points, systems, places, min_population=min_population)


def _launch_text(points: tuple[LaunchPoint, ...]) -> str:
    return points[0].label if len(points) == 1 else f"{len(points)} launch points"


def render(scenario: Scenario, systems: list[System], extract: str) -> None:
    """The chart and its download buttons (nothing without systems and launch points)."""
    if not systems or not scenario.points:
        return
    points = tuple(scenario.points)
    curve = _growth(points, tuple(systems), scenario.min_population, extract)
    if curve is None or not len(curve.distance_km):
        return
    unit = scenario.units
    ranges_km, people, places = curve.curve(200)
    frame = pd.DataFrame(
        {"range": from_km(ranges_km, unit).round(1), "people": people, "places": places}
    )
    colors = {s.id: system_color(s, i) for i, s in enumerate(systems)}
    marks = pd.DataFrame(
        {
            "system": [m.name for m in curve.marks],
            "range": [round(from_km(m.max_range_km, unit), 1) for m in curve.marks],
            "people": [m.people for m in curve.marks],
            "places": [m.places for m in curve.marks],
            "color": [colors.get(m.system_id, "#333333") for m in curve.marks],
        }
    )
    x = {"field": "range", "type": "quantitative", "title": f"Range ({unit})"}
    figures = [
        {"field": "people", "type": "quantitative", "title": "People", "format": ","},
        {"field": "places", "type": "quantitative", "title": "Places", "format": ","},
    ]
    spec = {
        "layer": [
            {
                "data": {"values": frame.to_dict("records")},
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
                        "axis": {"labelExpr": PEOPLE_LABEL},
                    },
                    "tooltip": [{**x, "format": ",.0f"}, *figures],
                },
            },
            {
                "data": {"values": marks.to_dict("records")},
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
                "data": {"values": marks.to_dict("records")},
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
                "data": {"values": marks.to_dict("records")},
                "mark": {"type": "point", "filled": True, "size": 50},
                "encoding": {
                    "x": x,
                    "y": {"field": "people", "type": "quantitative"},
                    "color": {"field": "color", "type": "nominal", "scale": None},
                },
            },
        ]
    }
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
