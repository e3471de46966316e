"""The targets' files with hostile names (issue 21 item 6): every writer keeps a name as data,
never as markup or a formula."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from ranges.catalogue.systems import load_catalogue
from ranges.export import ExportData, app_formats, format_named, formats_for
from ranges.geometry.rings import build_rings
from ranges.places.points import LaunchPoint
from ranges.targets.measure import measure_targets
from ranges.targets.model import TargetList
from ranges.web.scripts import script

HOSTILE = ["<img src=x onerror=alert(1)>", '"]]></name>', "=cmd|' /C calc'!A0"]
KML = "{http://www.opengis.net/kml/2.2}"


@pytest.fixture(scope="module")
def data() -> ExportData:
    systems = list(load_catalogue().select(["atacms"]))
    points = [LaunchPoint(50.45, 30.52, "<b>Kyiv</b>")]
    targets = TargetList.of_points(
        [(51.5, 31.3, HOSTILE[0]), (50.0, 36.2, HOSTILE[1]), (49.5, 29.0, HOSTILE[2])]
    )
    return ExportData(systems=systems, targets=measure_targets(targets, systems, points))


def test_the_app_offers_every_targets_file() -> None:
    assert (
        [f.name for f in app_formats() if f.needs == "targets"]
        == [f.name for f in formats_for("targets", cli=True)]
        == ["csv", "json", "geojson", "kml"]
    )


def test_csv_names_are_text_and_formulas_are_defused(data: ExportData) -> None:
    rows = list(csv.DictReader(io.StringIO(format_named("targets", "csv").write(data))))
    names = {r["target"] for r in rows}
    assert names == {HOSTILE[0], HOSTILE[1], "'" + HOSTILE[2]}
    assert {r["launch"] for r in rows} == {"<b>Kyiv</b>"}
    assert b"".join(bytes(p) for p in format_named("targets", "csv").write_bytes(data)).decode(
        "utf-8"
    ) == format_named("targets", "csv").write(data)


def test_json_and_geojson_hold_the_names_as_strings(data: ExportData) -> None:
    rows = json.loads(format_named("targets", "json").write(data))
    assert {r["target"] for r in rows} == set(HOSTILE)
    doc = json.loads(format_named("targets", "geojson").write(data))
    assert [f["properties"]["name"] for f in doc["features"]] == HOSTILE


def test_kml_holds_the_names_as_text(data: ExportData) -> None:
    text = format_named("targets", "kml").write(data)
    assert "<img" not in text and "]]></name>" not in text
    root = ET.fromstring(text.encode("utf-8"))  # well-formed
    names = [p.findtext(f"{KML}name") for p in root.iter(f"{KML}Placemark")]
    assert names == HOSTILE
    styles = [p.findtext(f"{KML}styleUrl") for p in root.iter(f"{KML}Placemark")]
    assert styles == ["#target-in-range", "#target-out-of-range", "#target-in-range"]


def test_the_html_map_carries_the_targets_layer_with_names_as_json_text(data: ExportData) -> None:
    rings = build_rings([LaunchPoint(50.45, 30.52, "Kyiv")], list(data.systems))
    page = format_named("rings", "html").write(replace(data, rings=rings))
    assert page.count(script("target_markers")) == 1
    assert "<img" not in page and "]]></name>" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page
    assert "Target in range" in page and "Targets (3)" in page
