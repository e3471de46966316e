"""The live map as a reader meets it: ring labels, the first screen, an embedded frame, a phone,
gestures and the scale bar. Screenshots go to artifacts/ (look at them)."""

from __future__ import annotations

from playwright.sync_api import Browser, Frame, Page

from harness.pages import (
    animating,
    drag_slider,
    idle,
    label_boxes,
    map_frame,
    query,
    rings,
    scroll_warning,
    still,
    view,
    wait_for_rings,
    wait_settled,
    wait_until,
)
from harness.server import localhost_only
from tests.browser.conftest import shoot

KYIV = "50.4501,30.5234,Kyiv"
DEFAULT_FOUR = f"systems=atacms,storm-shadow,scalp-eg,tomahawk&from={KYIV}"


def labels(frame: Frame) -> list[dict]:
    """Every ring label on the map: its text and its box, in the map frame's pixels."""
    return label_boxes(frame)


def ring_boxes(frame: Frame) -> list[dict]:
    """The drawn box of each ring path, in the map frame's pixels."""
    return frame.evaluate(
        """() => Array.from(document.querySelectorAll('path.rm-ring')).map(p => {
              const r = p.getBoundingClientRect();
              return {left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                      stroke: p.getAttribute('stroke'), dash: p.getAttribute('stroke-dasharray')};
           })"""
    )


def launch_marker(frame: Frame) -> dict:
    return frame.evaluate(
        """() => { const r = document.querySelector('.leaflet-marker-icon:not(.rm-label-anchor)')
                      .getBoundingClientRect();
                   return {x: r.left + r.width / 2, y: r.bottom}; }"""
    )


def test_ring_labels_sit_on_the_edge_and_follow_a_slider(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms&from={KYIV}&view=50.4501,30.5234,4")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    wait_until(lambda: labels(frame), what="a ring label")
    wait_settled(page, frame)
    wait_until(lambda: not animating(frame), what="the zoom animation to end")
    (label,) = labels(frame)
    assert label["text"] == "MGM-140 ATACMS · 300 km"
    (ring,) = ring_boxes(frame)
    # East of the point, on the ring's east edge, drawn outward (right of its anchor).
    assert abs(label["ax"] - ring["right"]) < 4
    assert ring["top"] < label["ay"] < ring["bottom"]
    assert label["left"] >= label["ax"]
    marker = launch_marker(frame)
    assert not (label["left"] <= marker["x"] <= label["right"])  # the point stays in sight
    shoot(page, "livemap-label.png")

    drag_slider(page, "MGM-140 ATACMS")  # 300 km -> the slider's end, 1,200 km
    wait_until(
        lambda: [lb["text"] for lb in labels(frame)] == ["MGM-140 ATACMS · 1,200 km"],
        what="the label to follow the slider",
    )
    (ring,) = ring_boxes(frame)
    (label,) = labels(frame)
    # still on the (new) edge (a big ring's easternmost point is a little north of due east)
    assert abs(label["ax"] - ring["right"]) < 0.03 * (ring["right"] - ring["left"]) + 3
    assert label["right"] <= label["ax"]  # a big ring's label is drawn inward


def test_the_labels_toggle_hides_them_and_goes_into_the_link(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms&from={KYIV}")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    wait_until(lambda: labels(frame), what="a ring label")
    page.get_by_text("Ring labels").click()
    wait_until(lambda: not labels(frame), what="the labels to go")
    wait_until(lambda: query(page).get("labels") == ["off"], what="labels=off in the link")


def test_first_screen_shows_every_ring_labelled_and_distinct(server: str, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{server}/?{DEFAULT_FOUR}")
    frame = map_frame(page)
    wait_for_rings(frame, 4)
    wait_until(lambda: len(labels(frame)) == 3, what="three labels")
    # The first screen once the page has stopped changing: its first runs send the map, then
    # the places and the sidebar, and the frame is resized meanwhile (labels move with it).
    wait_settled(page, frame)
    texts = sorted(lb["text"] for lb in labels(frame))
    assert texts == [
        "BGM-109 Tomahawk · 2,400 km",
        "MGM-140 ATACMS · 300 km",
        "Storm Shadow / SCALP-EG · 250 km",
    ]
    boxes = ring_boxes(frame)
    short = [b for b in boxes if b["right"] - b["left"] < 300]
    assert len(short) == 3
    assert all(b["right"] - b["left"] >= 70 for b in short)  # not a 40 px blob
    # SCALP-EG lies on Storm Shadow: one of the two is dashed, so both colours show.
    dashes = {b["stroke"]: b["dash"] for b in boxes}
    assert (dashes["#1f77b4"] is None) != (dashes["#2ca02c"] is None)
    # Every label is inside the map, none overlaps another.
    width, height = frame.evaluate("() => [innerWidth, innerHeight]")
    found = labels(frame)
    for lb in found:
        assert lb["left"] >= 0 and lb["right"] <= width and 0 <= lb["top"] <= height, lb
    for i, a in enumerate(found):
        for b in found[i + 1 :]:
            apart = a["right"] <= b["left"] or b["right"] <= a["left"]
            assert apart or a["bottom"] <= b["top"] or b["bottom"] <= a["top"], (a, b)
    assert page.get_by_text("Ranges from Kyiv: BGM-109 Tomahawk 2,400 km").count() == 1
    shoot(page, "livemap-first-screen.png")


def test_city_clusters_are_grey_not_the_rings_colours(server: str, page: Page) -> None:
    page.goto(f"{server}/?{DEFAULT_FOUR}")
    frame = map_frame(page)
    wait_for_rings(frame, 4)
    wait_until(lambda: frame.locator(".marker-cluster").count() > 0, what="clusters", timeout_s=60)
    colours = frame.evaluate(
        """() => Array.from(document.querySelectorAll('.marker-cluster div'))
              .map(d => getComputedStyle(d).backgroundColor)"""
    )
    assert colours and set(colours) == {"rgba(51, 51, 51, 0.8)"}
    assert page.get_by_text("Cities in range").count() >= 1  # in the legend


def test_the_scale_bar_is_in_nautical_miles(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms&from={KYIV}&units=nmi")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    # The map's own script makes the control, in the units the map was built with: a km bar
    # here was a session whose settings two script threads had lost (.streamlit/config.toml).
    wait_settled(page, frame)
    scales = frame.locator(".leaflet-control-scale-line").all_inner_texts()
    assert len(scales) == 1 and scales[0].endswith(" nmi"), scales
    assert query(page)["units"] == ["nmi"]


def test_the_wheel_scrolls_the_page_and_ctrl_wheel_zooms(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms&from={KYIV}&view=50.4501,30.5234,6")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    wait_settled(page, frame)
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert frame.evaluate("() => window.map_div.gestureHandling.enabled()")
    page.mouse.wheel(0, -300)
    # the plugin has taken the wheel (its message shown) and let it go (the message gone):
    # a zoom the wheel started would have ended by then
    wait_until(lambda: scroll_warning(frame), what="the ctrl + scroll message")
    wait_until(lambda: not scroll_warning(frame), what="the ctrl + scroll message to go")
    wait_settled(page, frame)
    assert view(frame)[0] == 6  # a plain wheel does not zoom the map
    page.keyboard.down("Control")
    try:
        # a wheel at each look until the map zooms (the first ctrl + wheel may only turn the
        # map's wheel zoom back on)
        wait_until(
            lambda: page.mouse.wheel(0, -200) or view(frame)[0] > 6,
            what="ctrl + wheel to zoom in",
        )
    finally:
        page.keyboard.up("Control")


def test_tooltips_stay_inside_the_map(server: str, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{server}/?{DEFAULT_FOUR}")
    frame = map_frame(page)
    wait_for_rings(frame, 4, drawn=True)
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box is not None
    wait_settled(page, frame)
    for side in (0.1, 0.9):  # near the map's left and right edges, over the Tomahawk ring
        page.mouse.move(1, 1)
        wait_until(lambda: not tooltips(frame), what="no tooltip")
        spot = frame.evaluate(SPOT_ON_RING_JS, [TOMAHAWK, side])
        assert spot is not None, f"no spot of the Tomahawk ring in sight near x = {side:.0%}"
        x, y = box["x"] + spot[0], box["y"] + spot[1]
        page.mouse.move(x - 5, y - 5)
        page.mouse.move(x, y, steps=4)
        wait_until(
            lambda: [tip for tip in tooltips(frame) if "Tomahawk" in tip["text"]],
            what=f"the Tomahawk tooltip near x = {side:.0%}",
        )
        for tip in tooltips(frame):
            assert tip["left"] >= 0 and tip["right"] <= box["width"] + 1, (side, tip)
            assert tip["right"] - tip["left"] > 100  # not squeezed into a column of words


TOMAHAWK = "#9467bd"
SPOT_ON_RING_JS = """([stroke, fx]) => {
    const ring = Array.from(document.querySelectorAll('path.rm-ring'))
        .find(p => p.getAttribute('stroke') === stroke);
    if (!ring) return null;
    for (const dx of [0, -0.03, 0.03, -0.06, 0.06])
        for (let fy = 0.4; fy <= 0.8; fy += 0.02) {
            const x = innerWidth * (fx + dx), y = innerHeight * fy;
            if (document.elementFromPoint(x, y) === ring) return [x, y];
        }
    return null;
}"""
"""A point of the map frame where the ring of colour ``stroke`` is the topmost element (not a
cluster, a label or another ring), near ``fx`` of the frame's width."""


def tooltips(frame: Frame) -> list[dict]:
    """The open tooltips: text and horizontal extent in the map frame's pixels."""
    return frame.evaluate(
        """() => Array.from(document.querySelectorAll('.leaflet-tooltip')).map(t => {
              const r = t.getBoundingClientRect();
              return {text: t.textContent, left: r.left, right: r.right}; })"""
    )


def test_embedded_in_a_640x480_frame_the_map_and_legend_fit(server: str, browser: Browser) -> None:
    ctx = browser.new_context(viewport={"width": 640, "height": 480})
    ctx.route("**/*", localhost_only)
    page = ctx.new_page()
    try:
        url = f"{server}/?{DEFAULT_FOUR}&embed=true"
        page.set_content(
            f'<html><body style="margin:0"><iframe src="{url}" width="640" height="480" '
            'style="border:0"></iframe></body></html>'
        )
        page.frame_locator("iframe").first.frame_locator(
            'iframe[title="streamlit_folium.st_folium"]'
        ).locator(".leaflet-container").wait_for(timeout=60_000)
        frame = next(f for f in page.frames if "streamlit_folium" in f.url)
        wait_for_rings(frame, 4)
        app = next(f for f in page.frames if "embed=true" in f.url)

        def geometry() -> dict:
            return app.evaluate(
                """() => { const r = document.querySelector(
                               'iframe[title="streamlit_folium.st_folium"]').getBoundingClientRect();
                           return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                                   vh: innerHeight, vw: innerWidth}; }"""
            )

        wait_until(lambda: frame.locator(".rm-legend-box").count() == 1, what="the legend")

        def fitted() -> bool:
            """The map has taken its frame's size and nothing on the page moves."""
            g = geometry()
            height = frame.evaluate("() => document.getElementById('map_div').offsetHeight")
            return height == round(g["bottom"] - g["top"]) and still(app, "body")

        wait_until(fitted, what="the map laid out in its frame")
        wait_until(lambda: idle(app), what="the app to finish its runs")

        def legend_laid_out() -> bool:
            """The legend box has its place in the frame (a run's fresh map lays it out after
            the frame's height: measured meanwhile it was once 2,053 px down, in a fresh clone)."""
            box, g = frame.locator(".rm-legend-box").bounding_box(), geometry()
            return box is not None and g["top"] + box["y"] + box["height"] <= g["vh"] + 1_000

        wait_until(legend_laid_out, what="the legend laid out")
        wait_until(fitted, what="the map laid out in its frame")
        g = geometry()
        assert g["vh"] == 480 and g["vw"] <= 640
        assert g["top"] >= 0 and g["bottom"] <= g["vh"], g
        assert g["bottom"] - g["top"] >= 400  # the map takes the frame, not 620 px below it
        legend = frame.locator(".rm-legend-box").bounding_box()
        assert legend is not None
        assert legend["y"] >= 0 and g["top"] + legend["y"] + legend["height"] <= g["vh"], legend
        assert legend["x"] >= 0 and legend["x"] + legend["width"] <= g["right"] - g["left"]
        assert frame.evaluate("() => document.getElementById('map_div').offsetHeight") == round(
            g["bottom"] - g["top"]
        )
        assert "Storm Shadow" in frame.locator(".rm-legend-box").inner_text()
        shoot(page, "livemap-embed-640x480.png")
    finally:
        ctx.close()


def test_on_a_phone_the_ring_stays_in_sight_while_a_slider_moves(
    server: str, phone_page: Page
) -> None:
    page = phone_page
    page.goto(f"{server}/?systems=atacms&from={KYIV}")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box is not None and box["y"] + 100 < 844  # the map is on the first screen
    # The ring's east edge is off this narrow map: its label moved to a place in view.
    wait_until(lambda: labels(frame), what="a ring label")
    width, height = frame.evaluate("() => [innerWidth, innerHeight]")
    wait_until(
        lambda: all(
            lb["left"] >= 0 and lb["right"] <= width and 0 <= lb["top"] <= height
            for lb in labels(frame)
        ),
        what="the label in view",
    )
    shoot(page, "livemap-phone-390x844.png")
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    sidebar = page.locator('section[data-testid="stSidebar"]')
    sidebar.get_by_text("Maximum range").first.wait_for()
    wait_settled(page, frame)
    wait_until(lambda: still(page, 'section[data-testid="stSidebar"]'), what="the sheet open")
    before = rings(frame)[0]["d"]
    slider = sidebar.locator('[data-testid="stSlider"]').filter(has_text="Maximum range")
    slider.locator('input[type="range"]').first.focus()
    page.keyboard.press("End")
    wait_until(lambda: rings(frame)[0]["d"] != before, what="the ring to follow")
    wait_settled(page, frame)
    wait_until(lambda: still(page, 'section[data-testid="stSidebar"]'), what="the sheet still")
    sheet = sidebar.bounding_box()
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    (ring,) = ring_boxes(frame)
    assert sheet is not None and box is not None
    ring_top = box["y"] + max(ring["top"], 0)
    assert box["y"] >= 0 and ring_top + 40 < sheet["y"], (ring_top, sheet)
    shoot(page, "livemap-phone-sidebar.png")


def test_on_a_phone_the_labels_are_whole_and_apart(server: str, phone_page: Page) -> None:
    """The default four systems at 390x844: "Storm Shadow / SCALP-EG · 250 km" is wider than
    the room east of its ring. A label on the map is wholly on it (moved to a bearing where its
    measured box fits) and covers no other; one whose ring is nowhere in view stays off it."""
    page = phone_page
    page.goto(f"{server}/?{DEFAULT_FOUR}")
    frame = map_frame(page)
    wait_for_rings(frame, 4)
    wait_until(lambda: len(labels(frame)) == 3, what="three labels")
    wait_settled(page, frame)
    wait_until(lambda: not animating(frame), what="the zoom animation to end")
    width, height = frame.evaluate("() => [innerWidth, innerHeight]")

    def inside(lb: dict) -> bool:
        return (
            lb["left"] >= 0 and lb["right"] <= width and lb["top"] >= 0 and (lb["bottom"] <= height)
        )

    def outside(lb: dict) -> bool:
        return lb["right"] <= 0 or lb["left"] >= width or lb["bottom"] <= 0 or lb["top"] >= height

    def apart(a: dict, b: dict) -> bool:
        return (
            a["right"] <= b["left"]
            or b["right"] <= a["left"]
            or a["bottom"] <= b["top"]
            or b["bottom"] <= a["top"]
        )

    def good() -> bool:
        shown = [lb for lb in labels(frame) if not outside(lb)]
        return all(inside(lb) for lb in shown) and all(
            apart(a, b) for i, a in enumerate(shown) for b in shown[i + 1 :]
        )

    wait_until(good, what="every label on the map whole, none covering another")
    shown = {lb["text"] for lb in labels(frame) if inside(lb)}
    assert {"MGM-140 ATACMS · 300 km", "Storm Shadow / SCALP-EG · 250 km"} <= shown, shown
    shoot(page, "livemap-phone-labels.png")
