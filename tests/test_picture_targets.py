"""Targets on the pictures (ranges/pictures/targets.py): filled in range, hollow or left out
out of range, a few named, the rest counted in the footer; hostile names stay text."""

from __future__ import annotations

import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

import ranges.pictures.targets as picture_targets
from ranges.catalogue.systems import load_catalogue
from ranges.export import ExportData, format_named
from ranges.geometry.rings import build_rings
from ranges.pictures.canvas.frame import frame_for, geo_shape
from ranges.pictures.ringmap import rings_picture
from ranges.pictures.targets import MAX_NAMES, plan_targets, target_footer
from ranges.places.points import LaunchPoint
from ranges.targets.measure import measure_targets
from ranges.targets.model import TargetList
from ranges.targets.sources import load_target_lists
from tests.test_picture import SVG, run_cli, svg_texts

KYIV = LaunchPoint(50.45, 30.52, "Kyiv")
TODAY = dt.date(2026, 12, 1)
HOSTILE = ["<img src=x onerror=alert(1)>", '"]]></name>', "=cmd|' /C calc'!A0"]
HOSTILE_CSV = (
    "name,lat,lon\n"
    '"<img src=x onerror=alert(1)>",51.5,31.3\n'
    '"""]]></name>",50.0,32.2\n'
    "\"=cmd|' /C calc'!A0\",49.5,29.0\n"
    "Out east,50.0,36.2\n"
    "Moscow depot,55.75,37.62\n"
)


def shapes(rings) -> list:
    return [geo_shape(r.area.geometry) for r in rings]


def atacms():
    return list(load_catalogue().select(["atacms"]))


def hostile_targets() -> TargetList:
    points = [(51.5, 31.3, HOSTILE[0]), (50.0, 32.2, HOSTILE[1]), (49.5, 29.0, HOSTILE[2])]
    return TargetList.of_points([*points, (50.0, 36.2, "Out east"), (55.75, 37.62, "Moscow")])


def test_the_plan_fills_those_in_range_and_draws_a_few_hollow_ones():
    systems = atacms()
    rings = build_rings([KYIV], systems)
    frame = frame_for((50.45, 30.52), shapes(rings), [(50.45, 30.52)], 1.5)
    m = measure_targets(hostile_targets(), systems, [KYIV])
    plan = plan_targets(frame, m, {"atacms": "#d62728"})
    assert plan.reached == 3 and plan.total == 5
    drawn = dict(zip(plan.rows.tolist(), plan.fills, strict=True))
    assert drawn[0] == drawn[1] == drawn[2] == "#d62728"
    assert drawn.get(3) == "none"  # out of range, in the picture: hollow
    assert 4 not in drawn  # Moscow: outside the picture
    assert plan.rows.tolist()[0] == 3  # hollow first, filled drawn over them


def test_many_out_of_range_are_left_out_and_counted(monkeypatch):
    monkeypatch.setattr(picture_targets, "MAX_HOLLOW", 0)
    systems = atacms()
    rings = build_rings([KYIV], systems)
    frame = frame_for((50.45, 30.52), shapes(rings), [(50.45, 30.52)], 1.5)
    m = measure_targets(hostile_targets(), systems, [KYIV])
    plan = plan_targets(frame, m, {"atacms": "#d62728"})
    assert "none" not in plan.fills and plan.hollow_left_out == 1
    assert target_footer(plan, ["a"]) == (
        "Targets: 3 of 5 in range of a system drawn (filled diamonds); 1 named and 2 more "
        "targets in range; 1 out of range in the picture not drawn."
    )


def test_hostile_names_are_text_in_the_svg_and_named_with_the_footer_counting():
    systems = atacms()
    rings = build_rings([KYIV], systems)
    m = measure_targets(hostile_targets(), systems, [KYIV])
    svg = rings_picture(rings, systems, "svg", today=TODAY, targets=m)
    root = ET.fromstring(svg)  # well-formed XML
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert "image" not in tags and "script" not in tags and "foreignObject" not in tags
    assert b"<img" not in svg and b"]]></name>" not in svg
    texts = svg_texts(svg)
    for name in HOSTILE:
        assert name in texts  # named, verbatim, as text
    assert "Target in range" in texts and "Target out of range" in texts  # the legend
    footer = "\n".join(texts)
    assert "Targets: 3 of 5 in range of a system drawn (filled diamonds); 3 named" in footer
    assert "1 out of range in the picture (hollow diamonds)" in footer


def test_military_airfields_from_ukraine_name_a_few_and_count_the_rest():
    systems = list(load_catalogue().select(["atacms", "tomahawk"]))
    from ranges.geometry.areas import parse_area_or_file

    areas = list(parse_area_or_file("UKR"))
    rings = build_rings([], systems, areas)
    m = measure_targets(load_target_lists(["airfields:military"]), systems, [], areas)
    reached = int(np.any([s.in_range for s in m.systems], axis=0).sum())
    png = format_named("rings", "png").write(
        ExportData(rings=rings, systems=systems, targets=m, title="Airfields")
    )
    assert Image.open(io.BytesIO(png)).size[0] >= 1200
    svg = format_named("rings", "svg").write(ExportData(rings=rings, systems=systems, targets=m))
    footer = next(t for t in svg_texts(svg) if t.startswith("Targets:"))
    found = re.search(r"(\d+) named and ([\d,]+) more targets in range", footer)
    assert found is not None, footer
    named, rest = int(found.group(1)), int(found.group(2).replace(",", ""))
    assert 5 <= named <= MAX_NAMES and named + rest == reached
    assert f"{reached:,} of 1,632 in range" in footer


def test_cli_marks_targets_on_a_picture_and_refuses_them_elsewhere(tmp_path):
    targets = tmp_path / "hostile.csv"
    targets.write_text(HOSTILE_CSV, encoding="utf-8")
    out = tmp_path / "map.svg"
    base = ("rings", "--system", "atacms", "--from", "50.45,30.52,Kyiv", "--targets", str(targets))
    result = run_cli(*base, "--output", str(out))
    assert result.returncode == 0, result.stderr
    texts = svg_texts(out.read_bytes())
    assert HOSTILE[0] in texts and any(t.startswith("Targets: 3 of 5") for t in texts)
    result = run_cli(*base, "--format", "geojson")
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "--targets marks targets on a picture" in lines[0]
    bad = tmp_path / "bad.csv"
    bad.write_text("name,lat,lon\nx,abc,30\n", encoding="utf-8")
    result = run_cli("rings", "--system", "atacms", "--from", "Kyiv", "--targets", str(bad),
                     "--output", str(tmp_path / "x.png"))  # fmt: skip
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 2 and len(lines) == 1 and "row 2" in lines[0], lines
    assert not (tmp_path / "x.png").exists()
