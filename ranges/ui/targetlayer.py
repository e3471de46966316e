"""The scenario's targets on the live map and in its legend (:mod:`ranges.web.targets`).

The measures are the Targets tab's (:func:`ranges.ui.targets.cached_measures`, kept between
runs), so the map and the tab agree and a run measures a list once. A list that cannot be
measured (a bad set name in a hand-made link) draws nothing here: the Targets tab says why.
"""

from __future__ import annotations

import folium
import streamlit as st

from ranges.catalogue.systems import System
from ranges.errors import RangemapError
from ranges.geometry.areas import LaunchArea
from ranges.places.points import LaunchPoint
from ranges.scenario.model import Scenario
from ranges.targets.measure import TargetMeasures
from ranges.ui.resources import AREA_HASH
from ranges.ui.targets import cached_measures
from ranges.web.legend import targets_legend_html
from ranges.web.targets import (
    TARGET_MARKERS,
    MarkedTargets,
    marked_targets,
    target_data,
    targets_group,
)

__all__ = ["cached_layer_data", "map_targets", "targets_groups", "targets_legend"]


def map_targets(scenario: Scenario, systems: list[System]) -> TargetMeasures | None:
    """The measures of the scenario's targets against the shown systems, or None (no targets,
    or a list that cannot be read). With no system or no launch every target is out of range
    and drawn hollow: a pasted list shows where it lies before anything is measured."""
    if not scenario.targets:
        return None
    try:
        return cached_measures(scenario.targets, tuple(systems), scenario.points, scenario.areas)
    except RangemapError:
        return None


@st.cache_resource(max_entries=8, show_spinner=False, hash_funcs=AREA_HASH)
def cached_layer_data(
    items: tuple[str, ...],
    systems: tuple[System, ...],
    points: tuple[LaunchPoint, ...],
    areas: tuple[LaunchArea, ...],
    units: str,
) -> tuple[dict, MarkedTargets]:
    """Which targets the map marks and what the browser is sent (kept: choosing 400 of every
    airfield costs tens of milliseconds, and every run of the page draws the map again)."""
    measures = cached_measures(items, systems, points, areas)
    marked = marked_targets(measures)
    return target_data(measures, systems, units, marked.rows), marked


def targets_groups(scenario: Scenario, systems: list[System]) -> list[folium.FeatureGroup]:
    """The targets' layer, as a list to add to the map's groups (empty without targets)."""
    measures = map_targets(scenario, systems)
    if measures is None or not len(measures.targets):
        return []
    data, marked = cached_layer_data(
        scenario.targets, tuple(systems), scenario.points, scenario.areas, scenario.units
    )
    return [targets_group(data, marked)]


def targets_legend(scenario: Scenario, systems: list[System]) -> str:
    """The legend's entry for the targets (escaped HTML), "" without targets."""
    measures = map_targets(scenario, systems)
    if measures is None:
        return ""
    total = len(measures.targets)
    return targets_legend_html(total, min(total, TARGET_MARKERS))
