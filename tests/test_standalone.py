"""The standalone HTML map carries its scripts and styles (ranges/web/standalone.py); the browser
test that opens it with the network blocked is tests/browser/test_map_assets.py."""

from __future__ import annotations

import re

import folium
import folium.plugins
import pytest

from ranges.export import to_html
from ranges.geometry.rings import build_rings
from ranges.web.assets import UnknownAssetError
from ranges.web.scripts import script
from ranges.web.standalone import (
    RawElement,
    borders_layer,
    inline_assets,
    inline_css,
    inline_js,
    marker_js,
)
from ranges.web.vendor_bundle import relative_urls
from tests.test_export import ATACMS, KYIV


def test_inline_code_cannot_end_its_element_early():
    js, css = inline_js(), inline_css()
    assert len(js) > 400_000 and "Leaflet 1.9.3" in js
    assert not re.search(r"</script", js, re.I) and "<!--" not in js
    assert not re.search(r"</style", css, re.I)


def test_inline_styles_need_no_file():
    css = inline_css()
    assert relative_urls(css) == []
    assert "data:font/woff2;base64," in css and "data:image/png;base64," in css
    # Fonts only as WOFF2, and only the faces markers use: the file stays near 1.5 MB.
    assert "data:font/ttf" not in css and len(css) < 1_400_000


def test_default_marker_images_are_embedded():
    js = marker_js()
    assert js.count("data:image/png;base64,") == 3 and 'imagePath = ""' in js


def test_exported_page_loads_no_script_or_style():
    page = to_html(build_rings([KYIV], [ATACMS]), [ATACMS], [KYIV])
    assert not re.search(r"<script[^>]*\bsrc\s*=", page, re.I)
    assert not re.search(r"<link[^>]*stylesheet", page, re.I)
    # The library code comes before the map's own script, which needs L.
    assert page.index("Leaflet 1.9.3") < page.index("L.map(")
    assert 1_000_000 < len(page) < 2_500_000


def test_raw_text_is_not_a_template():
    m = folium.Map()
    m.get_root().header.add_child(RawElement("<script>var t = '{{7*7}} {% raw %}';</script>"))
    assert "var t = '{{7*7}} {% raw %}';" in m.get_root().render()


def test_a_plugin_without_a_copy_is_refused(monkeypatch):
    monkeypatch.setattr(folium.Map, "default_js", list(folium.Map.default_js))
    m = folium.Map()
    folium.plugins.HeatMap([[50.0, 30.0]]).add_to(m)  # not in CDN_ASSETS
    with pytest.raises(UnknownAssetError, match=r"leaflet_heat"):
        inline_assets(m)


def test_classes_keep_their_links():
    m = folium.Map()
    inline_assets(m)
    assert folium.Map.default_js and folium.Map.default_js[0][1].startswith("https://")
    assert m.default_js == [] and m.default_css == []


def test_exported_page_carries_the_country_borders_near_its_rings():
    """Issue 23 item 11: opened offline, the export was a disc on grey (no borders)."""
    page = to_html(build_rings([KYIV], [ATACMS]), [ATACMS], [KYIV])
    assert "fetch(" not in page  # embedded, not fetched from the app's static files
    assert '"fillColor": "#f2efe9"' in page  # drawn as the live map draws them
    assert script("inline_geojson") in page
    coords = re.findall(r"\[(-?\d+\.\d+), (-?\d+\.\d+)\]", page)
    assert len(coords) > 1_000  # Ukraine and its neighbours' outlines
    assert all(len(x.split(".")[1]) <= 5 for x, _ in coords)
    near = borders_layer([[47.0, 27.0], [53.0, 34.0]])
    world = borders_layer(None)
    m1, m2 = folium.Map(), folium.Map()
    near.add_to(m1)
    world.add_to(m2)
    small, big = len(m1.get_root().render()), len(m2.get_root().render())
    assert small < 300_000 < big < 1_200_000  # near countries only, simplified
    recognised = borders_layer([[44.0, 33.0], [46.0, 35.0]], "recognised")
    assert recognised.layer_name == "Country borders (offline)"
