"""Targets in a real browser (issue 21): a list uploaded in the sidebar becomes diamonds on the
map and counts in the Targets tab; a hostile name is text in the tooltip; the military
airfields from Ukraine on a desktop and a phone (screenshots in artifacts/ to look at)."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote

from playwright.sync_api import Frame, Page, expect

from harness.pages import download, map_frame, wait_for_rings, wait_settled, wait_until
from harness.server import ROOT
from ranges.web.targets import TARGET_MARKERS

ARTIFACTS = ROOT / "artifacts"
KML = "{http://www.opengis.net/kml/2.2}"
SVG = "{http://www.w3.org/2000/svg}"
SIDEBAR = '[data-testid="stSidebar"]'
HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_COUNTRY = "<i onerror=alert(2)>Ruritania</i>"
LIST = (
    "name,lat,lon,kind,country\n"
    f'"{HOSTILE}",51.5,31.3,depot,{HOSTILE_COUNTRY}\n'
    '"""]]></name>",50.0,32.2,bridge,Ukraine\n'
    "\"=cmd|' /C calc'!A0\",49.5,29.0,depot,Ukraine\n"
    "Belgorod depot,50.6,36.6,depot,Russia\n"
    "Moscow depot,55.75,37.62,fuel depot,Russia\n"
    "Novosibirsk depot,55.0,82.9,depot,Russia\n"
).encode()
INJECTED_JS = """() => ({pwned: window.__pwned === undefined ? null : String(window.__pwned),
    bad: Array.from(document.querySelectorAll('img[src="x"], [onerror]'))
        .map(e => e.outerHTML.slice(0, 120))})"""


def targets(frame: Frame) -> dict[str, int]:
    """The diamonds on the map: how many filled (in range) and hollow (out of range)."""
    return frame.evaluate(
        """() => ({in: document.querySelectorAll('.rm-target-in').length,
                   out: document.querySelectorAll('.rm-target-out').length})"""
    )


def hover_target(page: Page, frame: Frame, name_part: str) -> str:
    """Hover each diamond (where it is the topmost element) until the tooltip naming
    ``name_part`` opens; its text."""
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    assert box is not None
    spots = frame.evaluate(
        """() => Array.from(document.querySelectorAll('.rm-target')).map(e => {
              const r = e.getBoundingClientRect();
              const x = r.left + r.width / 2, y = r.top + r.height / 2;
              return e.contains(document.elementFromPoint(x, y)) ? [x, y] : null; })"""
    )
    tip = frame.locator(".leaflet-tooltip .rm-target-tip")
    for spot in spots:
        if spot is None:
            continue
        page.mouse.move(box["x"] + 2, box["y"] + 2)
        wait_until(lambda: tip.count() == 0, 10, "no tooltip")
        x, y = spot
        page.mouse.move(box["x"] + x + 20, box["y"] + y + 20)
        page.mouse.move(box["x"] + x, box["y"] + y, steps=3)
        wait_until(lambda: tip.count() > 0, 10, "a target's tooltip")
        text = tip.first.inner_text()
        if name_part in text:
            return text
    raise AssertionError(f"no tooltip names {name_part!r}")


def test_an_uploaded_list_is_diamonds_on_the_map_and_counts_in_the_tab(
    server: str, page: Page
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{server}/?systems=atacms,tomahawk&from=50.45,30.52,Kyiv")
    frame = map_frame(page)
    wait_for_rings(frame, 2, drawn=True)
    wait_settled(page, frame)
    sidebar = page.locator(SIDEBAR)
    sidebar.get_by_text("Targets", exact=True).click()
    uploader = sidebar.locator('[data-testid="stFileUploader"]').filter(has_text="Upload a list")
    uploader.locator('input[type="file"]').set_input_files(
        files=[{"name": "mine.csv", "mimeType": "text/csv", "buffer": LIST}]
    )
    expect(sidebar.get_by_text("6 targets added from mine.csv.")).to_be_visible(timeout=60_000)
    frame = map_frame(page)
    wait_until(lambda: sum(targets(frame).values()) == 6, 60, "six diamonds on the map")
    # Three near Kyiv, Belgorod and Moscow in range (Tomahawk's 2,400 km); Novosibirsk not.
    assert targets(frame) == {"in": 5, "out": 1}
    legend = page.locator(".rm-legend")
    expect(legend.get_by_text("Target in range")).to_be_visible()
    page.get_by_role("tab", name="Targets").click()
    metrics = page.locator('[data-testid="stMetric"]')
    expect(metrics.filter(has_text="BGM-109 Tomahawk")).to_contain_text("5", timeout=30_000)
    expect(metrics.filter(has_text="MGM-140 ATACMS")).to_contain_text("3")
    text = hover_target(page, frame, "onerror")
    assert HOSTILE in text and "MGM-140 ATACMS: in range by" in text and "from Kyiv" in text
    assert f"depot, {HOSTILE_COUNTRY}" in text  # an uploaded list keeps kind and country
    assert frame.evaluate(INJECTED_JS) == {"pwned": None, "bad": []}
    assert page.evaluate(INJECTED_JS) == {"pwned": None, "bad": []}
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "targets-tooltip.png"))
    moscow = hover_target(page, frame, "Moscow depot")
    assert re.search(r"MGM-140 ATACMS: short by [\d,]+ km \(nearest: Kyiv\)", moscow), moscow
    assert "fuel depot, Russia" in moscow
    assert dialogs == []


MILITARY = "?systems=atacms,tomahawk&area=UKR&targets=airfields:military"


def test_military_airfields_from_ukraine_on_a_desktop(server: str, page: Page) -> None:
    page.goto(f"{server}/{MILITARY}")
    frame = map_frame(page)
    wait_for_rings(frame, 2, drawn=True)
    wait_until(lambda: sum(targets(frame).values()) == TARGET_MARKERS, 60, "the marked airfields")
    shown = targets(frame)
    assert shown["in"] >= 3 * TARGET_MARKERS // 4 and shown["out"] > 0, shown
    expect(page.locator(".rm-legend")).to_contain_text(f"{TARGET_MARKERS} of 1,632 marked")
    wait_settled(page, frame)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "targets-desktop.png"))


def test_military_airfields_from_ukraine_on_a_phone(server: str, phone_page: Page) -> None:
    page = phone_page
    page.goto(f"{server}/{MILITARY}")
    frame = map_frame(page)
    wait_for_rings(frame, 2, drawn=True)
    wait_until(lambda: sum(targets(frame).values()) == TARGET_MARKERS, 60, "the marked airfields")
    wait_settled(page, frame)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "targets-phone.png"))


def test_the_export_tab_writes_hostile_target_names_as_data(server: str, page: Page) -> None:
    names = [HOSTILE, '"]]></name>', "=cmd|' /C calc'!A0"]
    spots = ["51.5,31.3", "50.0,32.2", "49.5,29.0"]
    link = "&".join(
        f"targets={quote(f'{spot},{name}')}" for spot, name in zip(spots, names, strict=True)
    )
    page.goto(f"{server}/?systems=atacms&from=50.45,30.52,Kyiv&{link}")
    frame = map_frame(page)
    wait_until(lambda: sum(targets(frame).values()) == 3, 60, "three diamonds")
    rows = list(csv.DictReader(io.StringIO(download(page, "Export", "Targets (CSV)").decode())))
    assert sorted(r["target"] for r in rows) == sorted([HOSTILE, names[1], "'" + names[2]])
    kml = download(page, "Export", "Targets (KML)")
    assert b"<img" not in kml and b"]]></name>" not in kml
    root = ET.fromstring(kml)
    assert sorted(p.findtext(f"{KML}name") for p in root.iter(f"{KML}Placemark")) == sorted(names)
    svg = download(page, "Export", "Picture (SVG)")
    texts = ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert all(name in texts for name in names)
    assert any(t.startswith("Targets: 3 of 3 in range") for t in texts)
