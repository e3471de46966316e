"""The page's tabs in the real browser (issue 20): only the open tab is built, a slider release
leaves the open tab open, and what a reader typed in a closed tab is there when they come back
(the tab is built anew then: ``ranges.ui.state.restate_widgets`` sends the kept values)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from harness.pages import drag_slider, map_frame, rings, wait_for_rings, wait_settled, wait_until

pytestmark = pytest.mark.browser


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def test_a_release_keeps_the_open_tab_and_a_closed_tabs_typed_text(server: str, page: Page):
    page.goto(f"{server}/?systems=atacms&from=50.45,30.52,Kyiv")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    wait_settled(page, frame, 90)
    box = page.get_by_label("Filter by city or country")
    box.fill("Kyiv")
    box.press("Enter")
    expect(page.get_by_text("The filter keeps")).to_be_visible(timeout=60_000)

    open_tab(page, "Export")
    expect(page.get_by_label("Filter by city or country")).to_have_count(0)  # not built
    title = page.get_by_label("Picture title")
    title.fill("Reach from Kyiv")
    title.press("Enter")
    wait_settled(page, frame, 60)

    before = rings(frame)[0]["d"]
    drag_slider(page, "MGM-140 ATACMS")  # a release: 300 km -> the slider's end
    wait_until(lambda: rings(frame)[0]["d"] != before, what="the ring to be redrawn")
    wait_settled(page, frame, 60)
    expect(page.get_by_role("tab", name="Export")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Picture title")).to_have_value("Reach from Kyiv")

    open_tab(page, "In range")
    expect(page.get_by_label("Filter by city or country")).to_have_value("Kyiv", timeout=60_000)
    expect(page.get_by_text("The filter keeps")).to_be_visible(timeout=60_000)
    open_tab(page, "Export")
    expect(page.get_by_label("Picture title")).to_have_value("Reach from Kyiv", timeout=60_000)
