"""``python -m ranges rings|reach --area ...``: every form and every error (INTERFACES.md 2, 4)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ranges.cli import main
from ranges.geometry.areas import MAX_AREAS, MAX_FILE_BYTES

REPO = Path(__file__).resolve().parent.parent
FRONT = "line:48.5,37.9;47.1,37.5"


def cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def rings(capsys, *args: str) -> dict:
    code, out, err = cli(capsys, "rings", "--system", "atacms", *args)
    assert code == 0, err
    return json.loads(out)


@pytest.mark.parametrize(
    ("form", "label", "kind"),
    [
        ("UKR", "Ukraine", "country"),
        ("Ukraine", "Ukraine", "country"),
        (FRONT, FRONT, "line"),
        (FRONT + "|Front line", "Front line", "line"),
        ("poly:50,30;51,31;49,32|Box", "Box", "polygon"),
    ],
)
def test_rings_from_each_form(capsys, form, label, kind):
    fc = rings(capsys, "--area", form)
    (feature,) = fc["features"]
    props = feature["properties"]
    assert props["launch_area"] == label and props["launch_area_kind"] == kind
    assert "launch_lat" not in props
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_areas_mix_with_points_and_repeat(capsys):
    fc = rings(capsys, "--from", "50.45,30.52", "--area", FRONT, "--area", "MDA")
    launches = [f["properties"].get("launch_area") for f in fc["features"]]
    assert launches == [None, FRONT, "Moldova"]


def test_files_on_the_command_line(capsys, tmp_path):
    geojson = tmp_path / "front.geojson"
    geojson.write_text(
        json.dumps(
            {
                "type": "Feature",
                "properties": {"name": "Front"},
                "geometry": {"type": "LineString", "coordinates": [[37.9, 48.5], [37.5, 47.1]]},
            }
        )
    )
    kml = tmp_path / "box.kml"
    kml.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Placemark><name>Box</name><Polygon>'
        "<outerBoundaryIs><LinearRing><coordinates>30,50 31,51 32,49 30,50</coordinates>"
        "</LinearRing></outerBoundaryIs></Polygon></Placemark></kml>"
    )
    fc = rings(capsys, "--area", str(geojson), "--area", f"{kml}|My box")
    props = [f["properties"] for f in fc["features"]]
    assert [(p["launch_area"], p["launch_area_form"]) for p in props] == [
        ("Front", FRONT),
        ("My box", "poly:50,30;51,31;49,32"),
    ]


def test_kml_output_of_an_area(capsys):
    code, out, err = cli(capsys, "rings", "--system", "atacms", "--area", FRONT, "--format", "kml")
    assert code == 0, err
    assert "<kml" in out and "Polygon" in out


def test_repaired_polygon_is_noted_on_stderr(capsys):
    code, out, err = cli(capsys, "rings", "--system", "atacms", "--area", "poly:0,0;1,1;0,1;1,0")
    assert code == 0
    assert err.startswith("note: ") and "make_valid" in err
    assert json.loads(out)["features"]


def test_reach_from_an_area(capsys):
    code, out, err = cli(
        capsys,
        "reach",
        "--system",
        "atacms",
        "--area",
        FRONT + "|Front",
        "--from",
        "50.45,30.52",
        "--gazetteer",
        "cities15000",
        "--min-population",
        "500000",
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    front = [r for r in rows if r["launch"] == "Front"]
    assert front and all(float(r["distance_km"]) <= 300 for r in front)
    assert {r["city"] for r in front} >= {"Donetsk"}
    assert any(r["launch"] != "Front" for r in rows)


def test_reach_inside_a_country_has_no_bearing(capsys):
    code, out, err = cli(
        capsys,
        *("reach", "--system", "atacms", "--area", "UKR", "--gazetteer", "cities15000"),
        *("--min-population", "2000000", "--format", "json"),
    )
    assert code == 0, err
    rows = json.loads(out)
    kyiv = next(r for r in rows if r["city"] == "Kyiv")
    assert kyiv["distance_km"] == 0 and kyiv["bearing_deg"] is None


def _error(capsys, *args: str) -> str:
    code, out, err = cli(capsys, *args)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), err
    return lines[0]


@pytest.mark.parametrize(
    ("area", "message"),
    [
        ("Ukrane", "did you mean Ukraine"),
        ("line:95,1;2,3", "latitude 95 is outside"),
        ("line:48.5,37.9", "at least 2"),
        ("poly:1,1;2,2", "at least 3"),
        ("poly:80,0;80,120;80,-120", "pole"),
        ("line:a,b;c,d", "not a decimal number"),
        ("", "empty area"),
    ],
)
def test_bad_areas_exit_2_with_one_line(capsys, area, message):
    for command in ("rings", "reach"):
        assert message in _error(capsys, command, "--system", "atacms", "--area", area)


def test_bad_files_exit_2_with_one_line(capsys, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    assert "neither GeoJSON nor KML" in _error(
        capsys, "rings", "--system", "atacms", "--area", str(text)
    )
    wrong = tmp_path / "points.geojson"
    wrong.write_text('{"type": "Point", "coordinates": [1, 2]}')
    assert "no polygon or line" in _error(
        capsys, "rings", "--system", "atacms", "--area", str(wrong)
    )
    circle = tmp_path / "circle.geojson"
    circle.write_text('{"type": "Circle", "coordinates": [1, 2]}')
    assert "not a Polygon" in _error(capsys, "rings", "--system", "atacms", "--area", str(circle))
    huge = tmp_path / "huge.geojson"
    huge.write_bytes(b" " * (MAX_FILE_BYTES + 1))
    assert "limit" in _error(capsys, "rings", "--system", "atacms", "--area", str(huge))


def test_too_many_areas_and_no_launch_at_all(capsys):
    many = [arg for _ in range(MAX_AREAS + 1) for arg in ("--area", FRONT)]
    assert "at most" in _error(capsys, "rings", "--system", "atacms", *many)
    assert "--from" in _error(capsys, "rings", "--system", "atacms")


def test_out_of_range_override_with_an_area(capsys):
    message = _error(capsys, "rings", "--system", "atacms", "--range-km", "30000", "--area", "UKR")
    assert "range" in message


def test_end_to_end_subprocess():
    proc = subprocess.run(
        [sys.executable, "-m", "ranges", "rings", "--system", "atacms", "--area", FRONT + "|F"],
        cwd=REPO,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["features"][0]["properties"]["launch_area"] == "F"
    proc = subprocess.run(
        [sys.executable, "-m", "ranges", "reach", "--system", "atacms", "--area", "Narnia"],
        cwd=REPO,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: unknown country") and proc.stderr.count("\n") == 1


# --- the borders' edition (issue 23 item 5: "Ukraine" leaves out Crimea without saying so) ----


def _distances(out: str, city: str) -> list[float]:
    return [float(r["distance_km"]) for r in csv.DictReader(io.StringIO(out)) if r["city"] == city]


def test_borders_decide_whether_crimea_is_inside_ukraine(capsys):
    args = ("reach", "--system", "atacms", "--area", "UKR", "--gazetteer", "cities15000")
    code, de_facto, err = cli(capsys, *args)
    assert code == 0, err
    code, recognised, err = cli(capsys, *args, "--borders", "recognised")
    assert code == 0, err
    # De facto (the default): Sevastopol is measured from the Ukrainian mainland, 161.5 km.
    assert _distances(de_facto, "Sevastopol") == [pytest.approx(161.5, abs=1.0)]
    assert _distances(recognised, "Sevastopol") == [0.0]
    assert _distances(recognised, "Simferopol") == [0.0]
    # Elsewhere the two agree.
    assert _distances(de_facto, "Kharkiv") == _distances(recognised, "Kharkiv") == [0.0]


def test_a_picture_footer_names_the_borders(capsys, tmp_path):
    for edition, words in (
        ("de-facto", "Crimea is drawn as part of Russia"),
        ("recognised", "Crimea is part of Ukraine"),
    ):
        out = tmp_path / f"{edition}.svg"
        args = ("rings", "--system", "atacms", "--area", "UKR", "--borders", edition)
        code, _, err = cli(capsys, *args, "--output", str(out))
        assert code == 0, err
        assert words in out.read_text(encoding="utf-8").replace("\n", " ")


def test_an_unknown_borders_edition_exits_2(capsys):
    code, _, err = cli(capsys, "rings", "--system", "atacms", "--area", "UKR", "--borders", "x")
    assert code == 2
    assert "de-facto" in err and "recognised" in err
