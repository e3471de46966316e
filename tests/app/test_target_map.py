"""Targets on the app's map: their own layer, in the legend, and a light page."""

from __future__ import annotations

import json

import streamlit_folium
from streamlit.testing.v1 import AppTest

import ranges.ui.map
from ranges.web.targets import TARGET_MARKERS, TargetMarkers
from tests.app.conftest import APP

MILITARY = {"systems": "atacms,tomahawk", "area": "UKR", "targets": "airfields:military"}


def target_groups(fake_map) -> list:
    return [g for g in fake_map.last["feature_group_to_add"] if g.layer_name.startswith("Targets")]


def test_the_military_airfields_are_a_layer_of_their_own_and_in_the_legend(app, fake_map):
    at = app(MILITARY).run()
    assert not at.exception
    (group,) = target_groups(fake_map)
    assert group.layer_name == f"Targets ({TARGET_MARKERS} of 1,632 marked)"
    (markers,) = [c for c in group._children.values() if isinstance(c, TargetMarkers)]
    rows = markers.data["rows"]
    assert len(rows) == TARGET_MARKERS
    names = [s["name"] for s in markers.data["systems"]]
    assert names == ["MGM-140 ATACMS", "BGM-109 Tomahawk"]
    legend = " ".join(m.value for m in at.markdown)
    assert "Target in range" in legend and f"{TARGET_MARKERS} of 1,632 marked" in legend


def test_no_targets_no_layer(app, fake_map):
    at = app({"systems": "atacms", "area": "UKR"}).run()
    assert not at.exception
    assert target_groups(fake_map) == []
    assert not any("Target in range" in m.value for m in at.markdown)


def test_pasted_targets_without_a_launch_are_drawn_hollow(app, fake_map):
    at = app({"systems": "atacms", "targets": "55.75,37.62,Moscow depot"}).run()
    assert not at.exception
    (group,) = target_groups(fake_map)
    (markers,) = [c for c in group._children.values() if isinstance(c, TargetMarkers)]
    assert [(r[2], r[6]) for r in markers.data["rows"]] == [("Moscow depot", -1)]


def sent_size(monkeypatch, query: dict) -> int:
    """Bytes of the JSON the real map component is sent in the last run (as bench/app.py)."""
    sent: list[dict] = []
    original = streamlit_folium._component_func

    def spy(**kwargs):
        sent.append({k: v for k, v in kwargs.items() if not callable(v)})
        return original(**kwargs)

    monkeypatch.setattr(streamlit_folium, "_component_func", spy)
    monkeypatch.setattr(ranges.ui.map, "MAP_REPORT_WAIT_S", 0.0)
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return len(json.dumps(sent[-1]).encode())


def test_the_military_airfields_add_less_than_50_kB_to_the_map(monkeypatch):
    """Issue 21: "payload < +50 kB" with airfields:military on. Measured: +32 kB (400 of the
    1,632 marked, two systems, from Ukraine)."""
    without = sent_size(monkeypatch, {k: v for k, v in MILITARY.items() if k != "targets"})
    with_targets = sent_size(monkeypatch, MILITARY)
    assert 10_000 < with_targets - without < 50_000, (without, with_targets)
