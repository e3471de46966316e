"""Issue 23 in a browser: ring labels of several launch points merged and placed apart (item 2),
phone and embed opening on the rings whole with labels in the map and clear of the legend
(item 3), launch-area labels (4), place names a handful at a time (9), tooltips inside the
map's top and bottom edges and the phone's header clear of the zoom buttons (11).
Screenshots go to artifacts/ (look at them)."""

from __future__ import annotations

from playwright.sync_api import Browser, Frame, Page

from harness.pages import (
    animating,
    label_boxes,
    map_frame,
    wait_for_rings,
    wait_settled,
    wait_until,
)
from harness.server import localhost_only
from tests.browser.conftest import MAP_FRAME, shoot

KYIV = "50.4501,30.5234,Kyiv"
KHARKIV = "49.9935,36.2304,Kharkiv"
FOUR = "systems=atacms,storm-shadow,scalp-eg,tomahawk"
SEVEN = "&".join(
    f"from={p}"
    for p in (
        KYIV,
        KHARKIV,
        "46.4825,30.7233,Odesa",
        "49.8397,24.0297,Lviv",
        "48.4647,35.0462,Dnipro",
        "47.8388,35.1396,Zaporizhzhia",
        "46.6354,32.6169,Kherson",
    )
)
OBSTACLES_JS = """() => Array.from(document.querySelectorAll(
      '.leaflet-control, .rm-legend-box')).map(e => { const r = e.getBoundingClientRect();
      return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; })
      .filter(b => b.right > b.left)"""


def shown(frame: Frame, selector: str = ".rm-ring-label") -> list[dict]:
    """The labels drawn (not hidden) and their boxes, in the map frame's pixels."""
    return [b for b in label_boxes(frame, selector) if b["right"] > b["left"]]


def apart(a: dict, b: dict) -> bool:
    return (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def laid_out(frame: Frame, want: int) -> bool:
    """``want`` ring labels drawn, every label and name wholly in the map, none over another,
    a control or the legend, and no zoom animation going on."""
    if animating(frame):
        return False
    width, height = frame.evaluate("() => [innerWidth, innerHeight]")
    found = shown(frame) + shown(frame, ".rm-place-name")
    if len(shown(frame)) != want:
        return False
    boxes = found + frame.evaluate(OBSTACLES_JS)
    inside = all(
        b["left"] >= 0 and b["top"] >= 0 and b["right"] <= width and b["bottom"] <= height
        for b in found
    )
    return inside and all(
        apart(a, b) for i, a in enumerate(found) for b in boxes[i + 1 :] if a is not b
    )


def test_kyiv_and_kharkiv_show_each_systems_label_once(server: str, page: Page) -> None:
    page.goto(f"{server}/?{FOUR}&from={KYIV}&from={KHARKIV}")
    frame = map_frame(page)
    wait_for_rings(frame, 8)
    wait_settled(page, frame)
    wait_until(lambda: laid_out(frame, 3), what="three labels, apart and in the map")
    assert sorted(lb["text"] for lb in shown(frame)) == [
        "BGM-109 Tomahawk · 2,400 km",
        "MGM-140 ATACMS · 300 km",
        "Storm Shadow / SCALP-EG · 250 km",
    ]
    shoot(page, "labels-kyiv-kharkiv.png")


def test_seven_points_are_readable(server: str, page: Page) -> None:
    page.goto(f"{server}/?{FOUR}&{SEVEN}")
    frame = map_frame(page)
    wait_for_rings(frame, 28)
    wait_settled(page, frame)
    wait_until(lambda: laid_out(frame, 3), what="three labels, apart and in the map")
    # place names: a handful, the largest first, none over a label
    names = [n["text"] for n in shown(frame, ".rm-place-name")]
    assert 1 <= len(names) <= 8 and "Moscow" in names, names
    shoot(page, "labels-seven-points.png")


def test_a_launch_area_ring_is_labelled(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms&area=UKR")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    wait_until(lambda: laid_out(frame, 1), what="the area ring's label")
    assert [lb["text"] for lb in shown(frame)] == ["MGM-140 ATACMS · 300 km"]


def ring_box(frame: Frame, stroke: str) -> dict:
    return frame.evaluate(
        """(stroke) => { const p = Array.from(document.querySelectorAll('path.rm-ring'))
              .find(p => p.getAttribute('stroke') === stroke);
              const r = p.getBoundingClientRect();
              return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; }""",
        stroke,
    )


TOMAHAWK = "#9467bd"


def test_on_a_phone_the_default_link_opens_on_the_long_ring_whole(
    server: str, phone_page: Page
) -> None:
    page = phone_page
    page.goto(f"{server}/?{FOUR}&from={KYIV}")
    frame = map_frame(page)
    wait_for_rings(frame, 4, drawn=True)
    wait_settled(page, frame)
    width, height = frame.evaluate("() => [innerWidth, innerHeight]")

    def whole() -> bool:
        ring = ring_box(frame, TOMAHAWK)
        return (
            ring["left"] >= 0
            and ring["top"] >= 0
            and ring["right"] <= width
            and ring["bottom"] <= height
        )

    wait_until(whole, what="the 2,400 km ring wholly on the 358 px map")
    wait_until(lambda: laid_out(frame, 3), what="three labels, apart and in the map")
    shoot(page, "labels-phone-default.png")
    # a link's own view is kept, on a phone too
    page.goto(f"{server}/?{FOUR}&from={KYIV}&view=50.4501,30.5234,5")
    frame = map_frame(page)
    wait_for_rings(frame, 4, drawn=True)
    wait_settled(page, frame)
    assert frame.evaluate("() => window.map_div.getZoom()") == 5


def test_on_a_phone_the_open_sheet_leaves_the_zoom_buttons_in_sight(
    server: str, phone_page: Page
) -> None:
    page = phone_page
    page.goto(f"{server}/?systems=atacms&from={KYIV}")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    page.locator('[data-testid="stExpandSidebarButton"]').click()
    page.locator('section[data-testid="stSidebar"]').get_by_text("Maximum range").first.wait_for()

    def zoom_in_on_top() -> bool:
        box = page.locator(MAP_FRAME).bounding_box()
        button = frame.locator(".leaflet-control-zoom-in").bounding_box()
        if box is None or button is None:
            return False
        x = button["x"] + button["width"] / 2
        y = button["y"] + button["height"] / 2
        return page.evaluate(
            "([x, y]) => document.elementFromPoint(x, y)?.tagName === 'IFRAME'", [x, y]
        )

    wait_until(zoom_in_on_top, what="the zoom-in button not under the page's header")
    shoot(page, "labels-phone-sheet.png")


def test_in_a_640x480_embed_labels_are_in_the_map_and_clear_of_the_legend(
    server: str, browser: Browser
) -> None:
    ctx = browser.new_context(viewport={"width": 640, "height": 480})
    ctx.route("**/*", localhost_only)
    page = ctx.new_page()
    try:
        url = f"{server}/?{FOUR}&from={KYIV}&embed=true"
        page.set_content(
            f'<html><body style="margin:0"><iframe src="{url}" width="640" height="480" '
            'style="border:0"></iframe></body></html>'
        )
        page.frame_locator("iframe").first.frame_locator(MAP_FRAME).locator(
            ".leaflet-container"
        ).wait_for(timeout=60_000)
        frame = next(f for f in page.frames if "streamlit_folium" in f.url)
        wait_for_rings(frame, 4, drawn=True)
        wait_until(lambda: frame.locator(".rm-legend-box").count() == 1, what="the legend")
        wait_until(lambda: laid_out(frame, 3), what="three labels, in the map, off the legend")
        width = frame.evaluate("() => innerWidth")
        ring = ring_box(frame, TOMAHAWK)
        assert ring["left"] >= 0 and ring["right"] <= width, ring  # fitted: both edges show
        shoot(page, "labels-embed-640x480.png")
    finally:
        ctx.close()


def test_tooltips_stay_inside_the_maps_top_and_bottom(server: str, page: Page) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{server}/?{FOUR}&from={KYIV}")
    frame = map_frame(page)
    wait_for_rings(frame, 4, drawn=True)
    wait_settled(page, frame)
    height = frame.evaluate("() => innerHeight")
    iframe = page.locator(MAP_FRAME)

    def in_sight() -> bool:
        """The whole map frame is in the window (its bottom row was below an 800 px one)."""
        iframe.evaluate("e => e.scrollIntoView({block: 'center'})")
        box = iframe.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800

    for fy in (0.02, 0.98):  # the map's top and bottom rows, over the Tomahawk ring
        page.mouse.move(1, 1)
        wait_until(lambda: not shown(frame, ".leaflet-tooltip"), what="no tooltip")
        wait_until(in_sight, what="the map frame wholly in the window")
        box = iframe.bounding_box()
        assert box is not None
        spot = frame.evaluate(
            """([stroke, fy]) => {
                const ring = Array.from(document.querySelectorAll('path.rm-ring'))
                    .find(p => p.getAttribute('stroke') === stroke);
                for (let fx = 0.3; fx <= 0.7; fx += 0.01) {
                    const x = innerWidth * fx, y = innerHeight * fy;
                    if (document.elementFromPoint(x, y) === ring) return [x, y];
                }
                return null; }""",
            [TOMAHAWK, fy],
        )
        assert spot is not None, f"no spot of the Tomahawk ring at y = {fy:.0%}"
        x, y = box["x"] + spot[0], box["y"] + spot[1]
        page.mouse.move(x - 3, y)
        page.mouse.move(x, y, steps=3)
        wait_until(
            lambda: [t for t in shown(frame, ".leaflet-tooltip") if "Tomahawk" in t["text"]],
            what=f"the Tomahawk tooltip at y = {fy:.0%}",
        )
        for tip in shown(frame, ".leaflet-tooltip"):
            assert tip["top"] >= 0 and tip["bottom"] <= height, (fy, tip)


def test_six_figures_from_one_point_get_labels_apart(server: str, page: Page) -> None:
    """Six rings from Kyiv (ATACMS and Storm Shadow with every published figure): three labels
    were in one 25 px strip."""
    page.goto(
        f"{server}/?systems=atacms,storm-shadow&variant=atacms:all,storm-shadow:all&from={KYIV}"
    )
    frame = map_frame(page)
    wait_for_rings(frame, 6)
    wait_settled(page, frame)
    # 165, 250 (two figures), 300 (two figures) and 560 km: four labels, apart, in the map
    wait_until(lambda: laid_out(frame, 4), what="four labels, apart and in the map")
    shoot(page, "labels-six-figures.png")
