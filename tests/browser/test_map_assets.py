"""The map's code in a real browser: served by the app in two files, a message instead of a blank
frame when a script cannot load, and the exported HTML map drawing with all network blocked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser, Route, expect

from harness.pages import map_frame, wait_for_rings
from harness.server import localhost_only
from ranges.export import to_html
from ranges.geometry.rings import build_rings
from ranges.web.assets import BUNDLE_CSS, BUNDLE_JS, CDN_ASSETS, DEFAULT_BASE_URL
from ranges.web.loadguard import MESSAGE_ID
from tests.browser.conftest import ARTIFACTS, MAP_FRAME
from tests.test_export import ATACMS, KYIV, TOMAHAWK

SCENARIO = "/?systems=atacms&from=50.4501,30.5234,Kyiv"
CDN_HOSTS = sorted({url.split("/")[2] for url in CDN_ASSETS})


def test_the_map_frame_loads_its_code_from_the_app_in_two_files(browser: Browser, server: str):
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})
    asked: list[str] = []
    ctx.on("request", lambda request: asked.append(request.url))
    ctx.route("**/*", localhost_only)
    try:
        page = ctx.new_page()
        page.goto(server + SCENARIO)
        assert wait_for_rings(map_frame(page), 1), "no ring drawn"
        code = [u for u in asked if u.split("?")[0].endswith((".js", ".css")) and "/vendor/" in u]
        assert sorted(code) == sorted(
            [server + DEFAULT_BASE_URL + BUNDLE_JS, server + DEFAULT_BASE_URL + BUNDLE_CSS]
        )
        assert not [u for u in asked if any(host in u for host in CDN_HOSTS)]
    finally:
        ctx.close()


def app_context_where_the_bundle(browser: Browser, handle: Callable[[Route], None]):
    """A browser context reaching only localhost, where ``handle`` answers the request for the
    map's script bundle."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 800})

    def route(route: Route) -> None:
        if route.request.url.split("?")[0].endswith(BUNDLE_JS):
            handle(route)
        else:
            localhost_only(route)

    ctx.route("**/*", route)
    return ctx


def test_a_blocked_script_gives_a_message_not_a_blank_frame(browser: Browser, server: str):
    ctx = app_context_where_the_bundle(browser, lambda route: route.abort())
    try:
        page = ctx.new_page()
        page.goto(server + SCENARIO)
        message = page.frame_locator(MAP_FRAME).locator(f"#{MESSAGE_ID}")
        expect(message).to_be_visible(timeout=60_000)
        expect(message).to_contain_text("The map could not load")
        expect(message).to_contain_text(BUNDLE_JS)
        frame_box = page.locator(MAP_FRAME).bounding_box()
        assert frame_box and frame_box["height"] >= 100  # the frame shows it, not 0 px high
        assert page.frame_locator(MAP_FRAME).locator(".leaflet-container").count() == 0
        page.screenshot(path=ARTIFACTS / "map-script-blocked.png")
    finally:
        ctx.close()


def test_a_script_that_hangs_gives_a_message_that_goes_when_the_map_comes(
    browser: Browser, server: str
):
    """A slow CDN or server: the bundle is held back; after the guard's wait the frame says so;
    once the script arrives the map draws and the message is gone."""
    held: list[Route] = []
    ctx = app_context_where_the_bundle(browser, held.append)  # answered below
    try:
        page = ctx.new_page()
        page.goto(server + SCENARIO)
        message = page.frame_locator(MAP_FRAME).locator(f"#{MESSAGE_ID}")
        expect(message).to_contain_text("has not loaded after", timeout=90_000)
        expect(message).to_contain_text("Leaflet not loaded")
        assert len(held) == 1
        held[0].continue_()
        assert wait_for_rings(map_frame(page), 1), "no ring drawn"
        expect(message).to_have_count(0, timeout=10_000)
    finally:
        ctx.close()


def test_exported_html_map_draws_with_all_network_blocked(browser: Browser, tmp_path: Path):
    """The standalone file, opened from disk, every request but the file itself refused."""
    points = [KYIV]
    text = to_html(build_rings(points, [ATACMS, TOMAHAWK]), [ATACMS, TOMAHAWK], points)
    path = tmp_path / "rangemap.html"
    path.write_text(text, encoding="utf-8")
    ctx = browser.new_context(viewport={"width": 1000, "height": 700})
    refused: list[str] = []

    def offline(route: Route) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    ctx.route("**/*", offline)
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.as_uri())
        page.wait_for_function("() => window.L && document.querySelector('.leaflet-container')")
        rings = page.locator("path.leaflet-interactive")
        expect(rings.first).to_be_visible(timeout=20_000)
        layers = page.evaluate(
            """() => {
            const map = window[Object.keys(window).find(k => /^map_[0-9a-f]+$/.test(k))];
            let geojson = 0, markers = 0;
            map.eachLayer(l => { if (l instanceof L.GeoJSON) geojson++;
                                 if (l instanceof L.Marker) markers++; });
            return {geojson, markers};
        }"""
        )
        assert layers == {"geojson": 2, "markers": 1}
        assert rings.count() >= 2
        # The country borders are inside the file too: offline, the rings are not a disc on
        # grey (issue 23). Plain, non-interactive paths in the borders' colour.
        borders = page.locator('path[stroke="#555555"]:not(.leaflet-interactive)')
        expect(borders.first).to_be_attached(timeout=10_000)
        assert borders.count() > 20
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "export-offline.png"))
        # The marker's image is inside the file too (not a broken image).
        assert page.evaluate(
            "() => [...document.querySelectorAll('img.leaflet-marker-icon')]"
            ".every(i => i.complete && i.naturalWidth > 0)"
        )
        assert errors == []
        assert all("tile.openstreetmap.org" in u for u in refused), refused  # tiles only
    finally:
        ctx.close()
