"""The map elements' JavaScript (ranges/web/js/*.js): every file parses (``node --check``), none
can end the <script> it is written into, and each rendered element carries its file."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import folium
import pandas as pd
import pytest

from ranges.scenario.model import View
from ranges.targets.measure import measure_targets
from ranges.targets.model import TargetList
from ranges.web.basemap import base_map, draw_control
from ranges.web.cities import CLUSTER_ABOVE, cities_layer, city_tooltip
from ranges.web.elements import InlineGeoJson, MapLegend, RemoteGeoJson
from ranges.web.placenames import place_names_layer
from ranges.web.scripts import (
    BUNDLE_FILE,
    NAMESPACE,
    SCRIPT_DIR,
    bundle_text,
    bundle_url,
    script,
    script_names,
    serve_scripts,
)
from ranges.web.targets import targets_layer

NODE = shutil.which("node")
USERS = {
    "city_marker": "cities_layer's FastMarkerCluster",
    "drawing_guard": "DrawingGuard",
    "fit_rings": "FitRings",
    "inline_geojson": "InlineGeoJson",
    "labels_in_view": "LabelsInView",
    "map_legend": "MapLegend",
    "place_names": "PlaceNames",
    "remote_geojson": "RemoteGeoJson",
    "target_markers": "TargetMarkers",
    "tooltips_in_view": "TooltipsInView",
    "unit_scale": "UnitScale",
}


def test_every_script_is_known_here() -> None:
    assert script_names() == sorted(USERS)


@pytest.mark.parametrize("name", sorted(USERS))
def test_each_script_parses(name: str) -> None:
    assert NODE, "node is not on PATH: `make` installs it (npm target); it checks ranges/web/js"
    done = subprocess.run(
        [NODE, "--check", str(SCRIPT_DIR / f"{name}.js")], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("name", sorted(USERS))
def test_each_script_is_one_function_expression_safe_in_a_script_element(name: str) -> None:
    code = [line for line in script(name).splitlines() if not line.startswith("//")]
    assert code[0].startswith("(function (") and code[-1] == "})"
    lowered = script(name).lower()
    assert "</script" not in lowered and "<!--" not in lowered and "{{" not in lowered


def built_map() -> folium.Map:
    m = base_map(
        View(50.45, 30.52, 5),
        borders_url="/app/static/borders.geojson",
        units="nmi",
        fit_small=True,
    )
    draw_control(m)
    MapLegend('<div class="rm-title">A</div>').add_to(m)
    many = pd.DataFrame(
        {
            "latitude": [50.0 + i / 100 for i in range(CLUSTER_ABOVE + 1)],
            "longitude": [30.0] * (CLUSTER_ABOVE + 1),
            "city": [f"c{i}" for i in range(CLUSTER_ABOVE + 1)],
            "country": ["UA"] * (CLUSTER_ABOVE + 1),
            "population": [1000 + i for i in range(CLUSTER_ABOVE + 1)],
            "distance_km": [10.0] * (CLUSTER_ABOVE + 1),
            "nearest_launch": ["Kyiv"] * (CLUSTER_ABOVE + 1),
        }
    )
    cities_layer(many, "km").add_to(m)
    place_names_layer(many).add_to(m)
    targets = TargetList.of_points([(55.75, 37.62, "Depot")])
    targets_layer(measure_targets(targets, ()), (), "km")[0].add_to(m)
    InlineGeoJson({"type": "FeatureCollection", "features": []}, {}).add_to(m)
    return m


def rendered_map() -> str:
    return built_map().get_root().render()


def test_the_rendered_map_carries_every_script_once_called_with_its_map() -> None:
    page = rendered_map()
    for name in USERS:
        assert page.count(script(name)) == 1, name
    assert script("remote_geojson") + "(feature_group_" in page
    assert '"/app/static/borders.geojson"' in page
    assert script("unit_scale") + "(map_" in page and '"nmi");' in page


def test_an_element_hands_its_values_to_its_script_as_json() -> None:
    m = folium.Map()
    layer = folium.FeatureGroup().add_to(m)
    RemoteGeoJson('/x"</script>.json', {"color": "#555"}).add_to(layer)
    page = m.get_root().render()
    assert "</script>.json" not in page
    assert '"/x\\"\\u003c/script\\u003e.json"' in page and '{"color": "#555"}' in page


def test_a_clustered_citys_tooltip_reads_as_city_tooltip_writes_it() -> None:
    """js/city_marker.js makes the tooltip's markup from the row's parts: run in node (with a
    stand-in for Leaflet), it equals ``city_tooltip`` of the same place, hostile text included."""
    assert NODE, "node is not on PATH: `make` installs it (npm target); it checks ranges/web/js"
    place = pd.DataFrame(
        {
            "latitude": [41.0138],
            "longitude": [28.9497],
            "city": ["<img src=x onerror=alert(1)> & Istanbul"],
            "country": ["Turkey"],
            "population": [15_701_602],
            "distance_km": [1055.7],
            "nearest_launch": ['Kyiv "centre"'],
        }
    )
    others = pd.DataFrame(
        {
            "latitude": [50.45, -33.9, 0.0],
            "longitude": [30.52, 18.4, -179.9999],
            "city": ["Kyiv", "Cape Town", "<b>Nowhere</b>"],
            "country": ["Ukraine", "South Africa", "<i>Sea</i>"],
            "population": [2_797_553, 433_688, 0],
            "distance_km": [0.0, 12_345.6789, 0.926],  # 0.5 nmi: rounded as Python rounds
            "nearest_launch": ["Kyiv", "A & B", 'Kyiv "centre"'],
        }
    )
    many = pd.concat([place, others] * (CLUSTER_ABOVE + 1), ignore_index=True)
    m = folium.Map()
    cities_layer(many, "nmi").add_to(m)
    page = m.get_root().render()
    rows = re.search(r"var data = (\[\[.*?\]\]);", page).group(1)
    callback = page[page.index("var callback = ") : page.index("var data = ")]
    runner = (
        "var L = {LatLng: function () {}, circleMarker: function () {"
        " return {bindTooltip: function (t) { this.tip = t; }}; }};"
        f"{callback}"
        f"process.stdout.write(JSON.stringify({rows}.map(function (r) {{"
        " return callback(r).tip; })));"
    )
    done = subprocess.run([NODE, "-e", runner], capture_output=True, text=True, check=True)
    tips = json.loads(done.stdout)
    assert tips == [city_tooltip(row, "nmi") for row in many.itertuples(index=False)]
    row = next(many.itertuples(index=False))
    assert tips[0] == city_tooltip(row, "nmi")
    done.stdout = tips[0]
    assert "<img" not in done.stdout and "&lt;img" in done.stdout


def test_the_served_bundle_is_made_from_the_scripts() -> None:
    """static/rangemap/map_scripts.js is what ``python -m ranges.web.scripts`` writes now."""
    assert BUNDLE_FILE.read_text(encoding="utf-8") == bundle_text(), (
        "static/rangemap/map_scripts.js is out of date: run `python -m ranges.web.scripts`"
    )


def test_the_bundle_parses_and_defines_every_script() -> None:
    assert NODE, "node is not on PATH: `make` installs it (npm target); it checks ranges/web/js"
    runner = (
        "var window = globalThis;"
        f"{bundle_text()}"
        f"process.stdout.write(Object.keys({NAMESPACE}).filter("
        f"function (k) {{ return typeof {NAMESPACE}[k] === 'function'; }}).sort().join(','));"
    )
    done = subprocess.run([NODE, "-e", runner], capture_output=True, text=True, check=True)
    assert done.stdout == ",".join(sorted(USERS))


def test_a_served_map_calls_the_bundle_instead_of_carrying_the_scripts() -> None:
    """The live map (serve_scripts): no script's text in the page, each element calls
    ``rangemap.<name>`` with its map, and the bundle's URL is the map's last script."""
    m = built_map()
    url = bundle_url("")
    serve_scripts([m], url)
    serve_scripts([m], url)  # idempotent
    page = m.get_root().render()
    for name in USERS:
        assert script(name) not in page, name
    for name in USERS:
        assert f"{NAMESPACE}.{name}" in page, name
    assert f"{NAMESPACE}.remote_geojson(feature_group_" in page
    assert f"{NAMESPACE}.unit_scale(map_" in page and '"nmi");' in page
    assert m.default_js[-1] == (NAMESPACE, url)
    assert [link for link in m.default_js if link[1] == url] == [(NAMESPACE, url)]
    assert url.startswith("/app/static/rangemap/map_scripts.js?v=")
    assert bundle_url("/sub/").startswith("/sub/app/static/rangemap/map_scripts.js?v=")
