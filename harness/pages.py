"""Page helpers for the browser tests and the bench: the map frame, its rings, the URL, when the
app is done, and the Export tab's files.

Wait for the thing an assertion needs, never for a time: :func:`settled` (the map has told the
app its view and the app has no run going or asked for), :func:`wait_for_rings` with
``drawn=True`` (laid out, not only in the DOM), :func:`download` (a button the app is idle
under)."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Frame, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
APP_IDLE = (
    '[data-testid="stApp"][data-test-script-state="notRunning"]'
    '[data-test-connection-state="CONNECTED"]'
)


def map_frame(page: Page, timeout_s: float = 60) -> Frame:
    """The map's frame once it holds a Leaflet map. Looked up until it is there: under load the
    browser has mounted the map's iframe a second time while a session opened, and for that
    moment the page had no map frame."""
    found: list[Frame] = []

    def there() -> bool:
        # a call to the browser first: Playwright takes in the page's frame events only then
        if page.frame_locator(MAP_FRAME).locator(".leaflet-container").count() != 1:
            return False
        found[:] = [f for f in page.frames if "streamlit_folium" in f.url]
        try:
            return len(found) == 1 and found[0].locator(".leaflet-container").count() == 1
        except PlaywrightError:  # detached between the look and the count
            return False

    wait_until(there, timeout_s, "the map's frame")
    return found[0]


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


def wait_for_rings(
    frame: Frame, count: int, timeout_s: float = 60, *, drawn: bool = False
) -> list[dict]:
    """The rings once there are at least ``count``; with ``drawn``, once each has a size too
    (Leaflet puts a path in the DOM before it has laid it out: 0 px wide for a moment)."""
    deadline = time.monotonic() + timeout_s
    while True:
        found = rings(frame)
        if len(found) >= count and (
            not drawn or all(r["width"] > 0 and r["height"] > 0 for r in found)
        ):
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {count} rings: {found}")
        time.sleep(0.2)


def label_boxes(frame: Frame, selector: str = ".rm-ring-label") -> list[dict]:
    """The map's labels matching ``selector`` (hidden ones too: 0 px wide): their text and box,
    and their anchor's top-left corner (``ax``, ``ay``), in the map frame's pixels."""
    return frame.evaluate(
        """(sel) => Array.from(document.querySelectorAll(sel)).map(e => {
              const r = e.getBoundingClientRect(), a = e.parentElement.getBoundingClientRect();
              return {text: e.textContent, left: r.left, right: r.right, top: r.top,
                      bottom: r.bottom, ax: a.left, ay: a.top}; })""",
        selector,
    )


def animating(frame: Frame) -> bool:
    """Leaflet is animating a zoom (labels and rings are then scaled, not yet placed)."""
    return frame.evaluate(
        "() => !!window.map_div._animatingZoom || !!document.querySelector('.leaflet-zoom-anim')"
    )


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


def idle(page: Page) -> bool:
    """No run of the app going on or asked for: Streamlit's own mark on the page. (Its status
    widget is no such sign: it shows half a second into a run, and a moment after it.)"""
    return page.locator(APP_IDLE).count() == 1


def reported(frame: Frame) -> bool:
    """The map has sent the app the view it shows. streamlit-folium keeps the value it last
    sent; the first report always differs from the value it starts with (that has no centre),
    and a moved map reports once its debounce is over."""
    return frame.evaluate(
        """() => { const d = window.__GLOBAL_DATA__ && window.__GLOBAL_DATA__.previous_data;
                   if (!d || !d.center) return false;
                   const m = window.map_div, c = m.wrapLatLng(m.getCenter());
                   const lng = ((d.center.lng - c.lng) % 360 + 540) % 360 - 180;
                   return d.zoom === m.getZoom() && Math.abs(d.center.lat - c.lat) < 1e-9
                          && Math.abs(lng) < 1e-9; }"""
    )


def controls_shown(page: Page) -> bool:
    """The sidebar's controls are on the page (down to the last, "Base map"), or the page has
    no sidebar (embed mode). A session's first runs send them after the map (app.py)."""
    sidebar = page.locator('section[data-testid="stSidebar"]')
    if sidebar.count() == 0:
        return True
    return sidebar.get_by_text("Base map", exact=True).count() > 0


def settled(page: Page, frame: Frame) -> bool:
    """The app has caught up with the map: the map has reported the view it shows, the URL
    holds that view, the sidebar's controls are there, and no run goes on or is asked for."""
    if not reported(frame) or not controls_shown(page):
        return False
    shown = view(frame)
    in_url = url_view(page)
    if in_url is None or in_url[0] != shown[0]:
        return False
    pixel = 360.0 / (256 * 2 ** shown[0])
    if abs(in_url[1] - shown[1]) > 2 * pixel or abs(in_url[2] - shown[2]) > 2 * pixel:
        return False
    return idle(page)


def wait_settled(page: Page, frame: Frame, timeout_s: float = 60) -> None:
    """Until :func:`settled` holds at two looks in a row (the map's report reaches the page's
    script state through a message between frames: one look could fall between the two)."""
    streak = [0]

    def twice() -> bool:
        streak[0] = streak[0] + 1 if settled(page, frame) else 0
        return streak[0] >= 2

    wait_until(twice, timeout_s, "the app to settle")


def download(page: Page, tab: str, button: str) -> bytes:
    """The file a download button of ``tab`` gives, clicked once the app has settled (the file
    is made on the click, from the button the last run drew: a run under way replaces it)."""
    wait_settled(page, map_frame(page), 90)
    page.get_by_role("tab", name=tab).click()
    target = page.get_by_role("button", name=button)
    expect(target).to_be_enabled(timeout=60_000)
    try:
        with page.expect_download(timeout=120_000) as info:
            target.click()
    except PlaywrightTimeoutError:
        # Streamlit shows why a file could not be made under its button, for 5 s
        shown = page.locator('[data-testid="stDownloadButton"]').all_inner_texts()
        raise AssertionError(f"no file from {button!r}; the buttons say {shown}") from None
    with open(info.value.path(), "rb") as f:
        return f.read()


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


def still(page_or_frame: Page | Frame, selector: str) -> bool:
    """No CSS transition or animation runs on ``selector`` or inside it (a sheet has finished
    sliding in, a layout has finished moving): the browser's own list of running animations."""
    return page_or_frame.evaluate(
        """(sel) => { const e = document.querySelector(sel);
                      return !!e && e.getAnimations({subtree: true})
                                     .every(a => a.playState !== 'running'); }""",
        selector,
    )


SCROLL_WARNING = "leaflet-gesture-handling-scroll-warning"
"""The class the gesture-handling plugin puts on the map while it shows "use ctrl + scroll to
zoom" for a plain wheel over the map, and takes off once that message has had its time."""


def scroll_warning(frame: Frame) -> bool:
    """The map shows the gesture-handling plugin's ctrl + scroll message."""
    return frame.locator(f".leaflet-container.{SCROLL_WARNING}").count() == 1


DRAW_READY_JS = """(n) => {
    const c = Object.values(window).find(v => v instanceof L.Control.Draw);
    const h = c && c._toolbars.draw._modes.polyline.handler;
    return !!h && h.enabled() && h._markers.length === n
        && !h._clickHandled && !h._touchHandled && !h._disableMarkers; }"""
"""Leaflet.draw's line tool holds ``n`` vertices and takes the next click: it ignores a press
that comes while the last is being handled or within 50 ms of it (its guard against
double clicks)."""


def draw_ready(frame: Frame, vertices: int) -> bool:
    """The line being drawn has ``vertices`` points and the tool takes the next click."""
    return frame.evaluate(DRAW_READY_JS, vertices)
