"""The map's JS/CSS served by the app instead of CDNs, by default (ranges/web/assets.py). The
bundles themselves: tests/test_vendor_bundle.py; the bundled borders: tests/test_borders.py."""

from __future__ import annotations

import json
import re
from pathlib import Path

import branca.colormap
import folium
import folium.plugins
import pytest

from ranges.web import assets
from ranges.web.assets import (
    BUNDLE_CSS,
    BUNDLE_JS,
    CDN_ASSETS,
    DEFAULT_BASE_URL,
    GENERATED_PREFIX,
    SUPPORT_FILES,
    VENDOR_DIR,
    UnknownAssetError,
    asset_urls,
    local_assets_enabled,
    local_url,
    localize_assets,
    missing_vendor_files,
    vendor_base_url,
)
from ranges.web.vendor_bundle import relative_urls

REPO_ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"""(?:https?:)?//[^\s"'<>()\\]+""", re.IGNORECASE)
JS_OR_CSS = re.compile(r"\.(?:js|css)(?:[?#].*)?$", re.IGNORECASE)
TAG_LINK = re.compile(r"""<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*["']([^"']+)["']""", re.I)


def build_map() -> folium.Map:
    """A map with every element kind the app uses."""
    m = folium.Map(location=[50.45, 30.52], zoom_start=5)
    folium.plugins.Fullscreen().add_to(m)
    folium.plugins.MousePosition().add_to(m)
    folium.plugins.MeasureControl().add_to(m)
    folium.GeoJson(
        {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "properties": {"name": "square"},
                    "geometry": {
                        "type": "Polygon",
                        "coordinates": [[[30, 50], [31, 50], [31, 51], [30, 51], [30, 50]]],
                    },
                }
            ],
        },
        name="Borders",
        tooltip=folium.GeoJsonTooltip(fields=["name"]),
    ).add_to(m)
    rings = folium.FeatureGroup(name="Rings").add_to(m)
    folium.Circle([50.45, 30.52], radius=300_000, tooltip="300 km").add_to(rings)
    folium.Marker(
        [50.45, 30.52],
        tooltip=folium.Tooltip("Kyiv"),
        popup=folium.Popup("<b>Kyiv</b>", max_width=200),
        icon=folium.Icon(icon="star", angle=30),
    ).add_to(rings)
    cluster = folium.plugins.MarkerCluster(name="Places").add_to(m)
    for i in range(3):
        folium.Marker([49 + i, 30], popup=f"p{i}").add_to(cluster)
    folium.LayerControl().add_to(m)
    return m


def remote_js_css(html: str) -> list[str]:
    """Absolute or protocol-relative URLs in the page that load code or style."""
    found = [u for u in TAG_LINK.findall(html) if URL.fullmatch(u)]
    found += [u for u in URL.findall(html) if JS_OR_CSS.search(u)]
    return sorted(set(found))


# --- the option ---------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1", "true", "TRUE", " yes ", "on"])
def test_option_on(value):
    assert local_assets_enabled({"RANGEMAP_LOCAL_ASSETS": value}) is True


@pytest.mark.parametrize("value", ["0", "false", "No", " off "])
def test_option_off_means_the_cdns(value):
    assert local_assets_enabled({"RANGEMAP_LOCAL_ASSETS": value}) is False


@pytest.mark.parametrize("env", [{}, {"RANGEMAP_LOCAL_ASSETS": ""}])
def test_local_is_the_default(env):
    assert local_assets_enabled(env) is True


def test_option_typo_is_an_error_not_a_silent_cdn():
    with pytest.raises(ValueError, match="RANGEMAP_LOCAL_ASSETS"):
        local_assets_enabled({"RANGEMAP_LOCAL_ASSETS": "ture"})


def test_vendor_base_url():
    assert vendor_base_url() == DEFAULT_BASE_URL == "/app/static/vendor/"
    assert vendor_base_url("/rangemap/") == "/rangemap/app/static/vendor/"
    assert vendor_base_url("a/b") == "/a/b/app/static/vendor/"


# --- rewriting ------------------------------------------------------------------------


def test_table_covers_every_url_of_the_elements_the_app_uses():
    classes = [
        folium.Map,
        folium.plugins.Fullscreen,
        folium.plugins.MousePosition,
        folium.plugins.MeasureControl,
        folium.plugins.MarkerCluster,
    ]
    wanted = {url for c in classes for _, url in [*c.default_js, *c.default_css]}
    assert wanted - set(CDN_ASSETS) == set()


def test_rendered_page_loads_nothing_remote():
    m = build_map()
    before = remote_js_css(m.get_root().render())
    assert before, "the fixture map should start with CDN links"

    localize_assets(m, DEFAULT_BASE_URL)
    html = m.get_root().render()

    assert remote_js_css(html) == []
    # What is left absolute: tile templates and attribution links, no code or style.
    leftovers = {u for u in URL.findall(html) if "{z}" not in u}
    assert all(not JS_OR_CSS.search(u) for u in leftovers), leftovers
    tags = TAG_LINK.findall(html)
    assert tags and all(u.startswith(DEFAULT_BASE_URL) for u in tags), tags
    assert sorted(tags) == [DEFAULT_BASE_URL + BUNDLE_CSS, DEFAULT_BASE_URL + BUNDLE_JS]  # once


def test_classes_are_left_alone():
    localize_assets(build_map())
    assert folium.Map.default_js[0][1].startswith("https://")
    fresh = folium.Map()
    assert all(url.startswith("https://") for url in asset_urls(fresh))


def test_what_streamlit_folium_sends_to_its_iframe_is_local(monkeypatch):
    """st_folium collects js_links/css_links itself; capture exactly what it sends."""
    import streamlit_folium

    sent = {}

    def fake_component(**kwargs):
        sent.update(kwargs)
        return kwargs["default"]

    monkeypatch.setattr(streamlit_folium, "_component_func", fake_component)
    m = build_map()
    localize_assets(m, DEFAULT_BASE_URL)
    streamlit_folium.st_folium(m, key="t", returned_objects=[])

    # Two requests in all, instead of one per library: the bundles.
    assert sent["js_links"] == [DEFAULT_BASE_URL + BUNDLE_JS]
    assert sent["css_links"] == [DEFAULT_BASE_URL + BUNDLE_CSS]
    assert remote_js_css(sent["header"] + sent["html"] + sent["script"]) == []


def test_local_url_names_the_bundle():
    leaflet_js, leaflet_css = (
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css",
    )
    assert local_url(leaflet_js) == DEFAULT_BASE_URL + BUNDLE_JS
    assert local_url(leaflet_css, "/x/") == "/x/" + BUNDLE_CSS
    with pytest.raises(UnknownAssetError):
        local_url("https://cdn.example/evil.js")


def test_feature_group_added_by_st_folium_needs_its_own_call():
    fg = folium.FeatureGroup(name="dynamic")
    folium.plugins.MarkerCluster().add_to(fg)
    localize_assets(fg)
    assert all(u.startswith(DEFAULT_BASE_URL) for u in asset_urls(fg))


def test_absolute_base_url_and_idempotence():
    m = build_map()
    base = "http://localhost:8501/app/static/vendor"
    localize_assets(m, base)
    once = asset_urls(m)
    localize_assets(m, base)
    urls = asset_urls(m)
    assert urls == once
    assert all(u.startswith(base + "/") for u in urls)
    assert not any("/vendor//" in u for u in urls)
    assert urls == [base + "/" + BUNDLE_JS, base + "/" + BUNDLE_CSS]


def test_already_rendered_header_is_rewritten_too():
    m = build_map()
    m.get_root().render()  # header now holds CDN JavascriptLink/CssLink children
    localize_assets(m)
    header = m.get_root().header.render()
    assert remote_js_css(header) == []


def test_unknown_cdn_url_is_refused():
    m = build_map()
    folium.plugins.HeatMap([[50.0, 30.0]]).add_to(m)  # not in the table
    with pytest.raises(UnknownAssetError, match=r"leaflet_heat.*HeatMap.*CDN_ASSETS"):
        localize_assets(m)


def test_colormap_is_refused():
    m = build_map()
    branca.colormap.LinearColormap(["green", "red"], vmin=0, vmax=1).add_to(m)
    with pytest.raises(UnknownAssetError, match="d3"):
        localize_assets(m)


def test_relative_urls_of_our_own_pass():
    m = folium.Map()
    m.add_js_link("extra", "/app/static/own.js")  # instance copy first, see below
    localize_assets(m)
    assert "/app/static/own.js" in asset_urls(m)


@pytest.fixture(autouse=True)
def _protect_class_lists(monkeypatch):
    """folium's add_js_link mutates the class-level list; keep tests independent."""
    monkeypatch.setattr(folium.Map, "default_js", list(folium.Map.default_js))
    monkeypatch.setattr(folium.Map, "default_css", list(folium.Map.default_css))


# --- the files ------------------------------------------------------------------------


def test_local_paths_come_from_pinned_packages():
    pins = json.loads((REPO_ROOT / "package.json").read_text())["dependencies"]
    for rel in [*CDN_ASSETS.values(), *SUPPORT_FILES]:
        if rel.startswith(GENERATED_PREFIX):
            continue
        parts = rel.split("/")
        pkg = "/".join(parts[:2]) if rel.startswith("@") else parts[0]
        assert pkg in pins, f"{rel}: {pkg} is not a dependency in package.json"
        assert re.fullmatch(r"\d+\.\d+\.\d+", pins[pkg]), f"{pkg} is not pinned exactly"


def test_every_local_file_exists():
    assert missing_vendor_files() == []


def test_every_file_the_stylesheet_bundle_names_exists():
    sheet = VENDOR_DIR / BUNDLE_CSS
    refs = relative_urls(sheet.read_text(encoding="utf-8"))
    assert len(refs) > 20  # images and fonts of Leaflet, Font Awesome, the plugins
    missing = []
    for ref in refs:
        assert not URL.match(ref), f"the bundle loads {ref} from the network"
        target = (sheet.parent / ref.split("?")[0].split("#")[0]).resolve()
        if not target.is_file():
            missing.append(ref)
    assert missing == []


def test_the_bundles_hold_every_library_of_the_table():
    js = (VENDOR_DIR / BUNDLE_JS).read_text(encoding="utf-8")
    css = (VENDOR_DIR / BUNDLE_CSS).read_text(encoding="utf-8")
    for rel in CDN_ASSETS.values():
        assert f"/* === {rel} === */" in (css if rel.endswith(".css") else js), rel
    assert len(js) > 400_000 and "Leaflet 1.9.3" in js


def test_assets_module_needs_no_third_party_import_at_import_time():
    """scripts/vendor_assets.py (stdlib only) imports the tables from ranges.web.assets."""
    import subprocess
    import sys

    code = (
        "import sys; import ranges.web.assets; "
        "bad = [m for m in ('folium', 'branca', 'streamlit') if m in sys.modules]; "
        "sys.exit(repr(bad) if bad else 0)"
    )
    subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, check=True)
    assert assets.ENV_VAR == "RANGEMAP_LOCAL_ASSETS"
