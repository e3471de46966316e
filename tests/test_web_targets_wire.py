"""The targets' layer as the page sends it (``wire_data``) and as js/target_markers.js reads it
back: run in node with a stand-in for Leaflet and the DOM, every marker stands where
``target_data`` puts it, in its fill, with the tooltip its row says."""

from __future__ import annotations

import json
import shutil
import subprocess

import folium
import numpy as np
import pytest
from streamlit_folium import _get_feature_group_string

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areas import parse_area_or_file
from ranges.places.points import LaunchPoint
from ranges.targets.measure import measure_targets
from ranges.targets.model import TargetList
from ranges.targets.sources import load_target_lists
from ranges.web.scripts import script
from ranges.web.targets import (
    NAME_ENDINGS,
    marked_targets,
    target_data,
    targets_layer,
    wire_data,
)

NODE = shutil.which("node")
KYIV = LaunchPoint(50.45, 30.52, "Kyiv")
ODESA = LaunchPoint(46.48, 30.73, "Odesa")
FULL = "tests/data/catalogues/good/full.yaml"

# A stand-in for Leaflet and the DOM: each marker's place, class and tooltip lines.
RUNNER = """
var made = [];
function node(tag) {
    return {tag: tag, children: [], textContent: "", className: "",
            appendChild: function (c) { this.children.push(c); }};
}
var document = {createElement: node, getElementById: function () { return {}; },
                head: {appendChild: function () {}}};
var L = {
    divIcon: function (o) { return o; },
    marker: function (at, o) {
        var m = {at: at, cls: o.icon.className, z: o.zIndexOffset,
                 bindTooltip: function (f) { this.tip = f; }};
        made.push(m);
        return m;
    }
};
var group = {on: function () {}, addLayer: function () {}};
(%s)(group, %s);
process.stdout.write(JSON.stringify(made.map(function (m) {
    return {at: m.at, cls: m.cls, z: m.z,
            tip: m.tip().children.map(function (c) { return c.textContent; })};
})));
"""


def systems(*ids: str, path: str | None = None):
    return list(load_catalogue(path).select(list(ids)))


def expected(data: dict) -> list[dict]:
    """What each marker should be, from ``target_data``'s rows (the script's rules)."""
    n = len(data["systems"])
    out = []
    for row in data["rows"]:
        about = ", ".join(t for t in (data["kinds"][row[3]], data["countries"][row[4]]) if t)
        tip = [row[2], *([about] if about else [])]
        for j in range(n):
            margin = row[7 + j]
            labels = data["launches"]
            at = row[7 + n + j] if data["perLaunch"] else 0
            launch = labels[at] if 0 <= at < len(labels) else None
            amount = f"{abs(margin):,} {data['unit']}" if margin is not None else ""
            if margin is None or launch is None:
                text = "no launch site"
            elif row[5] & (1 << j):
                text = f"in range by {amount}, from {launch}"
            elif margin >= 0:
                text = f"inside its minimum range (nearest: {launch})"
            else:
                text = f"short by {amount} (nearest: {launch})"
            tip.append(f"{data['systems'][j]['name']}: {text}")
        if data["more"]:
            tip.append(f"and {data['more']} more systems (the Targets tab lists them)")
        cls = "rm-target rm-target-out" if row[6] < 0 else "rm-target rm-target-in"
        out.append({"at": [row[0], row[1]], "cls": cls, "tip": tip})
    return out


def drawn(data: dict) -> list[dict]:
    assert NODE, "node is not on PATH: `make` installs it (npm target); it checks ranges/web/js"
    wire = json.dumps(wire_data(data))
    done = subprocess.run(
        [NODE, "-e", RUNNER % (script("target_markers"), wire)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def key(marker: dict) -> tuple:
    return (marker["at"][0], marker["at"][1], marker["tip"][0])


def same_markers(data: dict) -> None:
    got = sorted(drawn(data), key=key)
    want = sorted(expected(data), key=key)
    assert [{k: m[k] for k in ("at", "cls", "tip")} for m in got] == want


def test_a_mixed_list_from_two_points_with_a_minimum_range() -> None:
    """Kinds, countries, names with and without an ending, two launches, a system with a
    minimum range (its margins sent, not an offset), targets in and out of range."""
    names = [
        "Hostomel Airport",
        "Kyiv International Airport",
        "<img src=x onerror=alert(1)> Air Base",
        "Air Base",
        "Moscow depot",
        "Engels-2 Air Base",
        "Vasylkiv Air Base / Airfield",
        "Chkalovsky Naval Air Station",
    ]
    coords = [(50.6, 30.2), (50.4, 30.45), (48.0, 35.0), (49.0, 32.0), (55.75, 37.62)]
    coords += [(51.48, 46.2), (50.23, 30.3), (55.88, 38.06)]
    kinds = ["medium_airport", "large_airport", "", "small_airport", "depot", "", "x", "y"]
    countries = ["Ukraine", "Ukraine", "", "Ukraine", "Russia", "Russia", "", "Russia"]
    targets = TargetList(
        names,
        kinds,
        countries,
        np.array([c[0] for c in coords]),
        np.array([c[1] for c in coords]),
    )
    shown = systems("atacms", "tomahawk") + systems("all", path=FULL)
    m = measure_targets(targets, shown, [KYIV, ODESA])
    for unit in ("km", "mi"):
        data = target_data(m, shown, unit, marked_targets(m).rows)
        assert data["perLaunch"]
        wire = wire_data(data)
        assert wire["offsets"][0] is None and wire["offsets"][2] is None  # the minimum range
        assert sum(r[2] != o[2] for r, o in zip(wire["rows"], data["rows"], strict=True)) > 0
        same_markers(data)


@pytest.mark.parametrize("spec", ["airfields:military"])
def test_the_military_airfields_from_kyiv_and_from_ukraine(spec: str) -> None:
    shown = systems("atacms", "storm-shadow", "scalp-eg", "tomahawk")
    targets = load_target_lists([spec])
    for points, areas in (([KYIV], []), ([], list(parse_area_or_file("UKR")))):
        m = measure_targets(targets, shown, points, areas)
        data = target_data(m, shown, "km", marked_targets(m).rows)
        same_markers(data)


def test_no_system_and_no_launch() -> None:
    targets = TargetList.of_points([(50.0, 30.0, "A Airport"), (-10.0, -170.0, "B")])
    m = measure_targets(targets, ())
    same_markers(target_data(m, (), "km", marked_targets(m).rows))
    shown = systems("atacms", "tomahawk")
    m = measure_targets(targets, shown)  # no launch: every margin null
    data = target_data(m, shown, "km", marked_targets(m).rows)
    assert wire_data(data)["offsets"] == [None, 0]
    same_markers(data)


def test_the_longest_ending_is_shed_and_never_the_whole_name() -> None:
    data = {
        "systems": [],
        "kinds": [""],
        "fills": [],
        "rows": [
            [1.0, 2.0, name, 0, 0, 0, -1]
            for name in ("X Army Airfield", "Y International Airport", " Airport", "Z Airports")
        ],
    }
    sent = [r[2] for r in wire_data(data)["rows"]]
    assert sent == ["X", "Y", " Airport", "Z Airports"]
    abouts = [r[3] % len(NAME_ENDINGS) for r in wire_data(data)["rows"]]
    assert [NAME_ENDINGS[i] for i in abouts] == [" Army Airfield", " International Airport", "", ""]


def test_the_layer_of_400_military_airfields_is_under_24_kb() -> None:
    """The page's share (the script and its data): 35.7 kB before the wire format."""
    shown = systems("atacms", "storm-shadow", "scalp-eg", "tomahawk")
    m = measure_targets(load_target_lists(["airfields:military"]), shown, [KYIV])
    group, _ = targets_layer(m, shown, "km")
    size = len(_get_feature_group_string(group, folium.Map()).encode())
    assert size < 24_000, size
