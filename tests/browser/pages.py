"""Page helpers for the browser tests and the bench: the map frame, its rings, the URL."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Frame, Page

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def map_frame(page: Page) -> Frame:
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").wait_for(timeout=60_000)
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    raise AssertionError("no map frame")


def rings(frame: Frame) -> list[dict]:
    """Every range ring drawn on the map: stroke colour, path data and drawn size."""
    return frame.evaluate(
        """() => Array.from(document.querySelectorAll('path.rm-ring'))
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


def drag_slider(page: Page, system_name: str, *, to_end: bool = True) -> None:
    """Drag a system's maximum-range slider with the mouse, as a user does, to one end."""
    box = page.locator('[data-testid="stExpander"]').filter(has_text=system_name)
    slider = box.locator('[data-testid="stSlider"]').filter(has_text="Maximum range")
    thumb = slider.locator('input[type="range"]').locator("../..")  # the visible thumb
    thumb.scroll_into_view_if_needed()
    track = slider.locator('[role="group"]').bounding_box()
    t = thumb.bounding_box()
    assert track is not None and t is not None
    y = t["y"] + t["height"] / 2
    page.mouse.move(t["x"] + t["width"] / 2, y)
    page.mouse.down()
    x = track["x"] + track["width"] + 40 if to_end else track["x"] - 40
    page.mouse.move(x, y, steps=8)
    page.mouse.up()
