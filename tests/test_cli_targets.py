"""``python -m ranges targets`` (docs/INTERFACES.md section 9): columns, order, formats, errors."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ranges.cli import main
from ranges.targets.table import TARGET_COLUMNS

REPO = Path(__file__).resolve().parent.parent


def cli(args, capsys) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def mine(tmp_path: Path) -> Path:
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,lat,lon,kind\n"
        '=HYPERLINK("x"),55.75,37.62,depot\n'
        "Kyiv centre,50.45,30.52,\n"
        "Bryansk,53.24,34.37,airfield\n"
        "Belgorod,50.6,36.6,\n",
        encoding="utf-8",
    )
    return path


def test_csv_columns_order_and_safety(mine: Path, capsys) -> None:
    code, out, err = cli(
        [
            "targets",
            "--targets",
            str(mine),
            "--system",
            "tomahawk,atacms",
            "--from",
            "50.45,30.52,Kyiv",
        ],
        capsys,
    )
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == TARGET_COLUMNS
    body = rows[1:]
    assert len(body) == 8  # every target for every system, in range or not
    assert [r[5] for r in body] == ["atacms"] * 4 + ["tomahawk"] * 4
    atacms = body[:4]
    assert [float(r[8]) for r in atacms] == sorted(float(r[8]) for r in atacms)
    assert atacms[0][0] == "Kyiv centre" and atacms[0][8] == "0.0" and atacms[0][9] == ""
    moscow = next(r for r in atacms if "HYPERLINK" in r[0])
    assert moscow[0].startswith("'=")  # spreadsheet-safe
    assert moscow[11] == "false" and float(moscow[10]) < 0
    assert abs(float(moscow[10]) - (300 - float(moscow[8]))) < 1e-3
    assert all(r[7] == "Kyiv" for r in body)
    assert all(r[11] == "true" for r in body[4:])


def test_json_types(mine: Path, capsys) -> None:
    code, out, _ = cli(
        [
            "targets",
            "--targets",
            str(mine),
            "--system",
            "atacms",
            "--from",
            "50.45,30.52",
            "--format",
            "json",
        ],
        capsys,
    )
    assert code == 0
    rows = json.loads(out)
    assert list(rows[0]) == TARGET_COLUMNS
    assert rows[0]["bearing_deg"] is None and rows[0]["distance_km"] == 0.0
    assert all(isinstance(r["in_range"], bool) for r in rows)
    assert isinstance(rows[1]["margin_km"], float) and rows[1]["max_range_km"] == 300


def test_geojson_and_kml(mine: Path, capsys) -> None:
    code, out, _ = cli(
        [
            "targets",
            "--targets",
            str(mine),
            "--system",
            "atacms",
            "--area",
            "UKR",
            "--format",
            "geojson",
        ],
        capsys,
    )
    doc = json.loads(out)
    assert code == 0 and len(doc["features"]) == 4
    kyiv = next(f for f in doc["features"] if f["properties"]["name"] == "Kyiv centre")
    assert kyiv["properties"]["in_range_of"] == ["atacms"]
    assert kyiv["properties"]["systems"]["atacms"]["distance_km"] == 0.0
    code, out, _ = cli(
        [
            "targets",
            "--targets",
            str(mine),
            "--system",
            "atacms",
            "--area",
            "UKR",
            "--format",
            "kml",
        ],
        capsys,
    )
    assert code == 0 and out.count("<Placemark>") == 4 and "#target-in-range" in out


def test_a_link_target_and_negative_coordinates(capsys) -> None:
    code, out, err = cli(
        [
            "targets",
            "--targets",
            "-33.87,151.21,Sydney",
            "--system",
            "atacms",
            "--from",
            "-34.0,151.0",
        ],
        capsys,
    )
    assert code == 0, err
    assert "Sydney" in out and ",true" in out


@pytest.mark.parametrize(
    ("targets", "words"),
    [
        ("nosuch.csv", ["not a built-in set"]),
        ("airfields:secret", ["no built-in target set", "airfields:military"]),
        ("BAD", ["row 3", "'lat'"]),
    ],
)
def test_bad_input_is_one_error_line(targets: str, words, tmp_path: Path, capsys) -> None:
    if targets == "BAD":
        path = tmp_path / "bad.csv"
        path.write_text("name,lat,lon\nA,1,2\nB,x,2\n")
        targets = str(path)
    code, out, err = cli(
        ["targets", "--targets", targets, "--system", "atacms", "--from", "50,30"], capsys
    )
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    for word in words:
        assert word in lines[0]


def test_needs_a_launch(capsys) -> None:
    code, _, err = cli(["targets", "--targets", "1,2", "--system", "atacms"], capsys)
    assert code == 2 and "launch" in err


def test_whole_process_airfields_military(tmp_path: Path) -> None:
    """The real command in a process of its own: the built-in set, an area, CSV to a file."""
    out = tmp_path / "t.csv"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "ranges",
            "targets",
            "--targets",
            "airfields:military",
            "--system",
            "atacms",
            "--area",
            "UKR",
            "--output",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        encoding="utf-8",
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert 1_500 < len(rows) < 1_800
    ukraine = [r for r in rows if r["country"] == "Ukraine"]
    assert ukraine and all(r["in_range"] == "true" for r in ukraine)
    # North of Crimea (which the bundled border leaves out) each is inside the area: 0 km.
    north = [r for r in ukraine if float(r["latitude"]) > 46.3]
    assert north and all(r["distance_km"] == "0.0" and r["bearing_deg"] == "" for r in north)
