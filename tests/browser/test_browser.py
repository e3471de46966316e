"""What only a browser shows: rings drawn, sliders that keep the map still, links, clicks."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Frame, Page, expect

from tests.browser.conftest import ARTIFACTS, MAP_FRAME

KYIV = "50.4501,30.5234"
ATACMS_RED = "#d62728"
TOMAHAWK_PURPLE = "#9467bd"


def map_frame(page: Page) -> Frame:
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=60_000)
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    raise AssertionError("no map frame")


def rings(frame: Frame) -> list[dict]:
    """Every filled vector path on the map: stroke colour, path data and drawn size."""
    return frame.evaluate(
        """() => Array.from(document.querySelectorAll('path.leaflet-interactive'))
              .map(p => { const b = p.getBBox();
                          return {stroke: p.getAttribute('stroke'), d: p.getAttribute('d'),
                                  width: b.width, height: b.height}; })"""
    )


def drawn_spans(frame: Frame) -> dict[str, float]:
    """North-south extent in degrees of each drawn polygon layer, by colour (Leaflet's view)."""
    return frame.evaluate(
        """() => { const out = {};
              window.map_div.eachLayer(l => { if (l instanceof L.Polygon) {
                  const b = l.getBounds(); out[l.options.color] = b.getNorth() - b.getSouth(); }});
              return out; }"""
    )


def wait_for_rings(frame: Frame, count: int, timeout_s: float = 60) -> list[dict]:
    deadline = time.monotonic() + timeout_s
    while True:
        found = rings(frame)
        if len(found) >= count or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def view(frame: Frame) -> tuple[int, float, float]:
    z, c = frame.evaluate("() => [window.map_div.getZoom(), window.map_div.getCenter()]")
    return z, round(c["lat"], 6), round(c["lng"], 6)


def href(page: Page) -> str:
    """The address bar as the page sees it (history.replaceState included)."""
    return page.evaluate("() => window.location.href")


def query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href(page)).query, keep_blank_values=True)


def wait_until(predicate, timeout_s: float = 30, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def url_view(page: Page) -> tuple[int, float, float] | None:
    text = query(page).get("view", [""])[0]
    if not text:
        return None
    lat, lon, zoom = text.split(",")
    return int(zoom), float(lat), float(lon)


def settled(page: Page, frame: Frame) -> bool:
    """The app has caught up with the map: the URL holds the view the map shows, no rerun runs."""
    shown = view(frame)
    in_url = url_view(page)
    if in_url is None or in_url[0] != shown[0]:
        return False
    pixel = 360.0 / (256 * 2 ** shown[0])
    if abs(in_url[1] - shown[1]) > 2 * pixel or abs(in_url[2] - shown[2]) > 2 * pixel:
        return False
    return page.locator('[data-testid="stStatusWidget"]').count() == 0


def drag_slider_to_end(page: Page, system_name: str) -> None:
    """Drag a system's maximum-range slider with the mouse, as a user does, to its right end."""
    box = page.locator('[data-testid="stExpander"]').filter(has_text=system_name)
    slider = box.locator('[data-testid="stSlider"]').filter(has_text="Maximum range")
    thumb = slider.locator('input[type="range"]').locator("../..")  # the visible thumb
    track = slider.locator('[role="group"]').bounding_box()
    t = thumb.bounding_box()
    assert track is not None and t is not None
    y = t["y"] + t["height"] / 2
    page.mouse.move(t["x"] + t["width"] / 2, y)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] + 40, y, steps=8)
    page.mouse.up()


def test_shared_link_draws_both_rings(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms,tomahawk&from={KYIV}")
    frame = map_frame(page)
    drawn = wait_for_rings(frame, 2)
    strokes = sorted(r["stroke"] for r in drawn)
    assert strokes == sorted([ATACMS_RED, TOMAHAWK_PURPLE])
    tomahawk = next(r for r in drawn if r["stroke"] == TOMAHAWK_PURPLE)
    atacms = next(r for r in drawn if r["stroke"] == ATACMS_RED)
    assert tomahawk["width"] > 5 * atacms["width"] > 0  # 2,400 km against 300 km
    expect(page.locator(".rm-legend")).to_contain_text("MGM-140 ATACMS")
    expect(page.locator(".rm-legend")).to_contain_text("BGM-109 Tomahawk")


def test_slider_redraws_the_ring_without_moving_the_map(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms&from={KYIV}")
    frame = map_frame(page)
    before = wait_for_rings(frame, 1)[0]
    wait_until(lambda: settled(page, frame), what="the app to settle")
    zoom0 = view(frame)[0]
    # The user zooms in first; the map must stay where they put it.
    frame.locator(".leaflet-control-zoom-in").click()
    wait_until(lambda: view(frame)[0] == zoom0 + 1, what="the map to zoom in")
    wait_until(lambda: settled(page, frame), what="the zoom in the URL")
    frame.evaluate("() => { window.__rangemap_probe = 42; }")
    zoom_center = view(frame)
    span_before = drawn_spans(frame)[ATACMS_RED]
    url_before = href(page)

    drag_slider_to_end(page, "MGM-140 ATACMS")  # the slider's end: 1,200 km
    wait_until(lambda: "range" in query(page), what="range in URL")
    wait_until(lambda: rings(frame) and rings(frame)[0]["d"] != before["d"], what="redraw")
    after = rings(frame)[0]

    assert query(page)["range"] == ["atacms:1200"]
    assert href(page) != url_before
    assert after["d"] != before["d"]
    # 1,200 km against 300 km: the drawn ring spans about four times the latitude
    assert 3.6 < drawn_spans(frame)[ATACMS_RED] / span_before < 4.4
    assert view(frame) == zoom_center  # neither zoom nor centre moved
    assert frame.evaluate("() => window.__rangemap_probe") == 42  # the map was not remounted


def test_copied_link_opens_the_same_picture(server: str, browser, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms,tomahawk&from={KYIV}&range=atacms:450&view=49,31,4")
    frame = map_frame(page)
    wait_for_rings(frame, 2)
    wait_until(lambda: settled(page, frame), what="the app to settle")
    first = sorted((r["stroke"], r["d"]) for r in rings(frame))
    copied = href(page)
    assert query(page)["view"] == ["49,31,4"]  # the link's view is kept as given

    fresh = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = fresh.new_page()
        other.goto(copied)
        other_frame = map_frame(other)
        wait_for_rings(other_frame, 2)
        wait_until(lambda: settled(other, other_frame), what="the copy to settle")
        second = sorted((r["stroke"], r["d"]) for r in rings(other_frame))
        assert second == first
        assert query(other) == query(page)
    finally:
        fresh.close()


def test_clicking_the_map_adds_a_launch_point(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms&from={KYIV}&view=50,30,5")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    box = frame.locator(".leaflet-container").bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.3)
    wait_until(lambda: len(query(page).get("from", [])) == 2, what="second launch point")
    drawn = wait_for_rings(frame, 2)
    assert len(drawn) == 2
    assert frame.locator(".leaflet-marker-icon").count() == 2


def test_screenshot_artifact(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms,storm-shadow,scalp-eg,tomahawk&from={KYIV}")
    wait_for_rings(map_frame(page), 4)
    time.sleep(1.0)
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "app.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000
