"""The pictures in the browser: the Export tab's PNG of what is on screen, and the chart."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image
from playwright.sync_api import Page, expect

from harness.pages import download, idle, wait_until
from tests.browser.conftest import ARTIFACTS

ATACMS_RED = np.array([0xD6, 0x27, 0x28])


def test_export_tab_gives_the_picture_of_what_is_on_screen(page: Page, server: str):
    page.goto(f"{server}/?systems=atacms&from=50.45,30.52,Kyiv&units=mi")
    png = download(page, "Export", "Picture (PNG)")
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert image.shape[1] >= 1200 and image.shape[0] >= 700
    red = (np.abs(image.astype(int) - ATACMS_RED).max(axis=-1) <= 30).sum()
    assert red > 300  # the ring on screen is in the picture
    (ARTIFACTS / "export-picture.png").write_bytes(png)
    title = page.get_by_label("Picture title")
    title.fill("<b>Reach</b> & range")
    title.press("Enter")
    wait_until(lambda: idle(page), what="the app to be idle")
    svg = download(page, "Export", "Picture (SVG)").decode("utf-8")
    assert "MGM-140 ATACMS: 186 mi" in svg  # the units on screen
    assert "&lt;b&gt;Reach&lt;/b&gt; &amp; range" in svg  # the title typed, as text


def test_in_range_tab_shows_the_chart(page: Page, server: str):
    page.goto(f"{server}/?systems=atacms,tomahawk&from=50.45,30.52,Kyiv")
    page.get_by_role("tab", name="In range").click()
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    expect(chart).to_be_visible(timeout=90_000)
    expect(page.get_by_text("People within range as the range grows")).to_be_visible()
    chart.scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "chart-tab.png"))
    png = download(page, "In range", "Chart (PNG)")
    assert Image.open(io.BytesIO(png)).size == (1500, 900)
