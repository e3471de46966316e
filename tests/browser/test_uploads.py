"""Uploads in a real browser: each choice of a file is answered once, beside its uploader, and the
user stays on the tab they were on (AppTest has no tabs to switch and no uploader to remount)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from harness.pages import map_frame

BAD_CATALOGUE = b"systems:\n  - id: x\n    name: X\n    kind: rocket\n    max_range_km: 5\n"
GOOD_CATALOGUE = b"""systems:
  - id: test-missile
    name: Test Missile
    kind: cruise
    max_range_km: 1000
    sources: [{title: A test source}]
"""
BAD_SCENARIO = b"- not a mapping\n"
GOOD_SCENARIO = b"""rangemap_scenario: 1
systems: [tomahawk]
launch_points:
  - {lat: 46.48, lon: 30.72, label: Odesa}
"""


def choose(page: Page, uploader: str, name: str, data: bytes) -> None:
    """Choose a file in the uploader whose label contains ``uploader``."""
    box = page.locator('[data-testid="stFileUploader"]').filter(has_text=uploader)
    box.locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "application/yaml", "buffer": data}]
    )


def open_tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    expect(page.get_by_role("tab", name=name)).to_have_attribute("aria-selected", "true")


def test_a_corrected_catalogue_loads_at_the_first_try_on_the_same_tab(
    server: str, page: Page
) -> None:
    page.goto(f"{server}/?systems=atacms&from=50.45,30.52")
    map_frame(page)
    open_tab(page, "Catalogue")
    choose(page, "Catalogue file", "bad.yaml", BAD_CATALOGUE)
    expect(page.get_by_text(re.compile(r"bad\.yaml.*kind"))).to_be_visible(timeout=30_000)
    expect(page.get_by_role("tab", name="Catalogue")).to_have_attribute("aria-selected", "true")
    choose(page, "Catalogue file", "good.yaml", GOOD_CATALOGUE)
    expect(page.get_by_text(re.compile(r"Loaded 1 system\b.*good\.yaml"))).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text(re.compile(r"bad\.yaml.*kind"))).to_have_count(0)
    expect(page.get_by_role("tab", name="Catalogue")).to_have_attribute("aria-selected", "true")
    expect(page.locator('[data-testid="stSidebar"]').get_by_text("Test Missile")).to_have_count(
        2  # its checkbox and its slider box
    )


def test_a_corrected_scenario_file_loads_at_the_first_try_on_the_same_tab(
    server: str, page: Page
) -> None:
    page.goto(f"{server}/?systems=atacms&from=50.45,30.52")
    map_frame(page)
    open_tab(page, "Export")
    choose(page, "Load a scenario file", "bad.yaml", BAD_SCENARIO)
    expect(page.get_by_text(re.compile(r"bad\.yaml: "))).to_be_visible(timeout=30_000)
    expect(page.get_by_role("tab", name="Export")).to_have_attribute("aria-selected", "true")
    choose(page, "Load a scenario file", "good.yaml", GOOD_SCENARIO)
    expect(page.get_by_text("Loaded good.yaml.")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("tab", name="Export")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_text(re.compile(r"bad\.yaml: "))).to_have_count(0)
    assert "systems=tomahawk" in page.evaluate("() => window.location.href")
