"""The map's folium objects (ranges/web): layers, their features and styles, the legend,
colours, and rings drawn whole across the antimeridian. Escaping of hostile text in every layer is
checked at length in tests/test_escaping.py; here, the contents."""

from __future__ import annotations

import json
import re

import folium
import pytest

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.geodesy import range_area
from ranges.geometry.rings import build_rings
from ranges.places.points import LaunchPoint
from ranges.reach.reverse import launch_regions
from ranges.style import PALETTE, system_color
from ranges.web.elements import LEGEND_CSS, MapLegend
from ranges.web.geojson import DISPLAY_DECIMALS, display_geometry, tipped_geojson
from ranges.web.layers import ring_layers, target_layer
from ranges.web.legend import legend_html

CATALOGUE = load_catalogue()
ATACMS = CATALOGUE.get("atacms")
TOMAHAWK = CATALOGUE.get("tomahawk")
KYIV = LaunchPoint(50.4501, 30.5234, "Kyiv")
HOSTILE = "<img src=x onerror=alert(1)>"


def rendered(*children: folium.Element) -> str:
    m = folium.Map()
    for child in children:
        child.add_to(m)
    return m.get_root().render()


def layer_data(layer: folium.FeatureGroup) -> list[dict]:
    """The GeoJSON data of each folium.GeoJson in a feature group."""
    return [c.data for c in layer._children.values() if isinstance(c, folium.GeoJson)]


def test_system_colour_is_its_own_else_the_palette_by_position() -> None:
    assert system_color(ATACMS.model_copy(update={"color": "#123456"}), 5) == "#123456"
    plain = ATACMS.model_copy(update={"color": None})
    assert [system_color(plain, i) for i in range(len(PALETTE) + 1)] == [*PALETTE, PALETTE[0]]


def test_display_geometry_keeps_a_ring_whole_next_to_its_launch_point() -> None:
    ring = range_area(0.0, 179.5, 500.0)
    assert ring.geometry["type"] == "MultiPolygon"
    shown = display_geometry(ring.geometry, 179.5)
    lons = [p[0] for poly in shown["coordinates"] for p in poly[0]]
    assert min(lons) > 170.0 and max(lons) > 180.0  # the western part moved by +360
    west = display_geometry(ring.geometry, -179.9)
    west_lons = [p[0] for poly in west["coordinates"] for p in poly[0]]
    assert min(west_lons) < -180.0 and max(west_lons) < -170.0
    for poly in shown["coordinates"]:
        for p in poly[0]:
            assert p == [round(p[0], DISPLAY_DECIMALS), round(p[1], DISPLAY_DECIMALS)]


def test_display_geometry_leaves_a_pole_enclosing_ring_as_it_is() -> None:
    ring = range_area(85.0, 0.0, 1500.0)
    shown = display_geometry(ring.geometry, 0.0)
    lons = [p[0] for p in shown["coordinates"][0]] if shown["type"] == "Polygon" else []
    assert lons and min(lons) == -180.0 and max(lons) == 180.0


def test_ring_layers_one_group_per_system_with_its_rings() -> None:
    other = LaunchPoint(46.48, 30.72, HOSTILE)
    rings = build_rings([KYIV, other], [ATACMS])
    groups = ring_layers(rings, [ATACMS, TOMAHAWK], "mi", 0.4)
    assert [g.layer_name for g in groups] == [ATACMS.name, TOMAHAWK.name]
    (data,) = layer_data(groups[0])
    assert layer_data(groups[1]) == []  # a shown system without rings: an empty group
    features = data["features"]
    assert [f["properties"]["system"] for f in features] == ["atacms", "atacms"]
    tips = [f["properties"]["tip"] for f in features]
    assert "from Kyiv" in tips[0] and "186 mi" in tips[0]  # 300 km in miles
    assert HOSTILE not in tips[1] and "&lt;img src=x onerror=alert(1)&gt;" in tips[1]
    page = rendered(*groups)
    assert '"fillOpacity": 0.4' in page and "rm-ring rm-ring-atacms" in page


def test_rings_and_launch_regions_share_one_layer_builder() -> None:
    style = {"color": "#000000", "weight": 1, "className": "rm-test"}
    feature = {
        "type": "Feature",
        "properties": {"tip": "<b>tip</b>"},
        "geometry": range_area(10.0, 10.0, 100.0).geometry,
    }
    layer = tipped_geojson([feature], style)
    assert layer.data["features"] == [feature]
    assert layer.style_function(feature) == style
    page = rendered(layer)
    assert "rm-test" in page and '"tip"' in page
    target = LaunchPoint(55.75, 37.62, HOSTILE)
    group = target_layer(
        target, [ATACMS, TOMAHAWK], launch_regions(target, [ATACMS, TOMAHAWK]), "km"
    )
    regions = layer_data(group)
    assert len(regions) == 2
    tip = regions[0]["features"][0]["properties"]["tip"]
    assert "300 km" in tip and HOSTILE not in tip and "&lt;img" in tip
    page = rendered(group)
    assert '"dashArray": "8 6"' in page and "rm-launch-region" in page


def test_legend_lists_each_system_with_colour_and_range() -> None:
    annulus = TOMAHAWK.model_copy(update={"min_range_km": 500.0, "name": HOSTILE, "color": None})
    html = legend_html([ATACMS, annulus], "km")
    items = re.findall(r'<span class="rm-legend-item">', html)
    assert len(items) == 2
    assert f"background:{ATACMS.color}" in html and f"background:{PALETTE[1]}" in html
    assert "(300 km)" in html and "(500 km–2,400 km)" in html
    assert HOSTILE not in html


@pytest.mark.parametrize("position", ["bottomright", "topleft"])
def test_map_legend_control_holds_its_html_as_a_string(position: str) -> None:
    inner = '<div class="rm-title">A</div></script><script>window.__pwned=1</script>'
    page = rendered(MapLegend(inner, position=position))
    assert f"L.control({{position: {json.dumps(position)}}})" in page
    assert "</script><script>window.__pwned" not in page  # cannot end the script it is in
    assert ".rm-legend-box" in page and LEGEND_CSS.strip().splitlines()[0] in page
