"""What only a browser shows: rings drawn, sliders that keep the map still, links, clicks."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from harness.pages import (
    drag_slider,
    drawn_spans,
    href,
    map_frame,
    query,
    rings,
    view,
    wait_for_rings,
    wait_settled,
    wait_until,
)
from harness.server import localhost_only
from tests.browser.conftest import ARTIFACTS

KYIV = "50.4501,30.5234"
ATACMS_RED = "#d62728"
TOMAHAWK_PURPLE = "#9467bd"


def test_shared_link_draws_both_rings(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms,tomahawk&from={KYIV}")
    frame = map_frame(page)
    drawn = wait_for_rings(frame, 2, drawn=True)  # in the DOM is not yet laid out: 0 px wide
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
    wait_settled(page, frame)
    zoom0 = view(frame)[0]
    # The user zooms in first; the map must stay where they put it.
    frame.locator(".leaflet-control-zoom-in").click()
    wait_until(lambda: view(frame)[0] == zoom0 + 1, what="the map to zoom in")
    wait_settled(page, frame)
    frame.evaluate("() => { window.__rangemap_probe = 42; }")
    zoom_center = view(frame)
    span_before = drawn_spans(frame)[ATACMS_RED]
    url_before = href(page)

    drag_slider(page, "MGM-140 ATACMS")  # the slider's end: 1,200 km
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
    wait_settled(page, frame)
    first = sorted((r["stroke"], r["d"]) for r in rings(frame))
    copied = href(page)
    assert query(page)["view"] == ["49,31,4"]  # the link's view is kept as given

    fresh = browser.new_context(viewport={"width": 1400, "height": 900})
    fresh.route("**/*", localhost_only)
    try:
        other = fresh.new_page()
        other.goto(copied)
        other_frame = map_frame(other)
        wait_for_rings(other_frame, 2)
        wait_settled(other, other_frame)

        def same_rings() -> bool:  # read again if a rerun is redrawing them at that moment
            return sorted((r["stroke"], r["d"]) for r in rings(other_frame)) == first

        wait_until(same_rings, timeout_s=20, what="the copy to show the same rings")
        assert query(other) == query(page)
    finally:
        fresh.close()


def test_a_point_typed_while_the_page_opens_reaches_the_map_and_the_link(
    server: str, page: Page
) -> None:
    """Typed as soon as the box shows: the first run is still going (it waits for the map's
    report, then works out the places in range) and stops for the typed point before it has
    sent the widgets below the box. The point is added once, and every setting of the link is
    kept (once 3 of 12 such pages lost some: opacity 0, km, a range of 1 km, or the point
    twice; ``state.restate_widgets`` and the check in ``add_point_from_text``)."""
    page.goto(f"{server}/?systems=atacms&from={KYIV}&units=nmi&opacity=0.4&labels=off")
    box = page.get_by_role("textbox", name="Add a launch point", exact=True)
    box.fill("48.5, 35.05")
    box.press("Enter")
    frame = map_frame(page)
    wait_for_rings(frame, 2)
    wait_settled(page, frame)
    now = query(page)
    assert now["from"] == [KYIV, "48.5,35.05"]  # once: the text may come twice
    assert "range" not in now  # the slider was not sent back at its default (1 km)
    assert {k: now[k] for k in ("systems", "units", "opacity", "labels")} == {
        "systems": ["atacms"],
        "units": ["nmi"],
        "opacity": ["0.4"],
        "labels": ["off"],
    }


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
    launch_markers = ".leaflet-marker-icon:not(.marker-cluster):not(.rm-label-anchor)"
    assert frame.locator(launch_markers).count() == 2


def test_screenshot_artifact(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms,storm-shadow,scalp-eg,tomahawk&from={KYIV}")
    frame = map_frame(page)
    wait_for_rings(frame, 4, drawn=True)
    wait_settled(page, frame)  # every run drawn, the map's view reported: the page as it stays
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / "app.png"
    page.screenshot(path=str(path))
    assert path.stat().st_size > 20_000


def test_cities_table_and_markers_follow_a_slider(server: str, page: Page) -> None:
    page.goto(f"{server}/?systems=atacms&from={KYIV},Kyiv&minpop=500000")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    wait_settled(page, frame)
    metric = page.locator('[data-testid="stMetricValue"]').first

    def cities_metric() -> int:
        return int(metric.inner_text().replace(",", ""))

    def city_markers() -> int:
        """Markers of cities: the single ones and those counted by their clusters."""
        return frame.evaluate(
            """() => document.querySelectorAll('path.rm-city').length +
                  Array.from(document.querySelectorAll('.marker-cluster span'))
                       .reduce((n, s) => n + parseInt(s.textContent, 10), 0)"""
        )

    def marked_in_note() -> int:
        """The count the note under the map gives: every place, districts left to their city."""
        note = page.get_by_text("The map marks every place in range").first.inner_text()
        return int(re.search(r"\(([\d,]+)\)", note).group(1).replace(",", ""))

    before_metric, before_markers = cities_metric(), city_markers()
    assert before_markers == before_metric >= 1
    before_ring = rings(frame)[0]["d"]
    drag_slider(page, "MGM-140 ATACMS")  # 300 km -> 1,200 km
    wait_until(lambda: rings(frame)[0]["d"] != before_ring, what="the ring to be redrawn")
    wait_until(lambda: cities_metric() > before_metric, what="the table to follow")
    # Districts of a city (Istanbul's, Ankara's) are listed but left to their city's marker.
    wait_until(lambda: city_markers() == marked_in_note(), what="the markers to follow")
    assert marked_in_note() <= cities_metric()
    assert city_markers() > before_markers


def test_many_cities_are_clustered_without_errors(server: str, page: Page) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/?systems=atacms&from={KYIV},Kyiv")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    wait_settled(page, frame)
    before_ring = rings(frame)[0]["d"]
    drag_slider(page, "MGM-140 ATACMS")  # 1,200 km: hundreds of cities, clustered
    wait_until(lambda: rings(frame)[0]["d"] != before_ring, what="the ring to be redrawn")
    wait_until(lambda: frame.locator(".marker-cluster").count() > 0, what="clusters")
    assert not errors, errors
    assert frame.locator(".leaflet-control-layers").count() == 1
