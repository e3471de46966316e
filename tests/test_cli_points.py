"""``--from-file`` (launch points from a CSV, GeoJSON or KML file) on every command that takes
``--from``, and the duplicate rule on the command line (issue 23, items 10 and 11)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.test_cli import ok, run_cli

CSV = "lat,lon,label\n50.45,30.52,Kyiv\n49.99,36.23,Kharkiv\n"


def test_rings_from_a_file_after_the_from_points(tmp_path):
    path = tmp_path / "bases.csv"
    path.write_text(CSV, encoding="utf-8")
    out = ok(
        ["rings", "--system", "atacms", "--from", "46.48,30.73,Odesa", "--from-file", str(path)]
    )
    launches = [f["properties"]["launch"] for f in json.loads(out.stdout)["features"]]
    assert launches == ["Odesa", "Kyiv", "Kharkiv"]


def test_reach_and_targets_take_a_kml_file(tmp_path):
    path = tmp_path / "bases.kml"
    path.write_text(
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Lviv</name>'
        "<Point><coordinates>24.03,49.84</coordinates></Point></Placemark></Document></kml>",
        encoding="utf-8",
    )
    out = ok(
        ["reach", "--system", "atacms", "--from-file", str(path), "--gazetteer", "cities15000"]
    )
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and {r["launch"] for r in rows} == {"Lviv"}
    out = ok(["targets", "--targets", "50,31,T", "--system", "atacms", "--from-file", str(path)])
    assert "Lviv" in out.stdout


def test_the_command_line_keeps_the_list_as_given(tmp_path):
    """One launch point each, as ``--from`` (INTERFACES section 2): a file's point beside
    another is drawn, not dropped (the app refuses it when it is added)."""
    path = tmp_path / "bases.csv"
    path.write_text(CSV + "50.4501,30.5234,Kyiv again\n", encoding="utf-8")
    out = ok(["rings", "--system", "atacms", "--from", "Kyiv", "--from-file", str(path)])
    launches = [f["properties"]["launch"] for f in json.loads(out.stdout)["features"]]
    assert launches == ["Kyiv", "Kyiv", "Kharkiv", "Kyiv again"]
    assert out.stderr == ""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("lat,lon\n50,30\n91,3\n", "error: file 'bad.csv', row 3, field 'lat': 91 is outside"),
        ("x,y\n1,2\n", "error: file 'bad.csv', row 1: no column 'lat' or 'latitude'"),
    ],
)
def test_a_bad_file_is_one_error_line(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    result = run_cli(["rings", "--system", "atacms", "--from-file", str(path)])
    assert result.returncode == 2
    assert result.stderr.startswith(message) and len(result.stderr.splitlines()) == 1


def test_a_missing_file_is_one_error_line(tmp_path):
    result = run_cli(["rings", "--system", "atacms", "--from-file", str(tmp_path / "no.csv")])
    assert result.returncode == 2 and "error: cannot read file 'no.csv'" in result.stderr
