"""Launch points from a file (ranges/scenario/pointfiles.py) and the one duplicate rule
(ranges/places/points.py: points within DUPLICATE_M are one), wherever a point comes in."""

from __future__ import annotations

import json

import pytest

from ranges.errors import PointError
from ranges.places.points import (
    DUPLICATE_M,
    LaunchPoint,
    duplicate_message,
    duplicate_of,
    parse_point,
    point_distance_m,
)
from ranges.scenario.model import MAX_LAUNCH_POINTS
from ranges.scenario.pointfiles import (
    MAX_POINTS_FILE_BYTES,
    points_from_bytes,
    read_points_file,
)

CSV = b"lat,lon,label\n50.45,30.52,Kyiv\n\n49.99,36.23,Kharkiv\n"


def test_a_csv_of_lat_lon_label():
    read = points_from_bytes(CSV, "points.csv")
    assert read.points == (
        LaunchPoint(50.45, 30.52, "Kyiv"),
        LaunchPoint(49.99, 36.23, "Kharkiv"),
    )
    assert read.name == "points.csv"


def test_a_csv_with_name_or_no_label_and_a_bom_and_any_case():
    read = points_from_bytes(b"\xef\xbb\xbfLatitude,Longitude\n50.4501234567,30.5\n", "p.csv")
    assert read.points == (LaunchPoint(50.450123, 30.5),)  # rounded as a link's point
    assert read.points[0].has_default_label
    named = points_from_bytes(b"name,lat,lng\nBase,48.5,37.9\n", "p.csv")
    assert named.points == (LaunchPoint(48.5, 37.9, "Base"),)


def test_geojson_points_and_kml_placemarks():
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "Odesa"},
             "geometry": {"type": "Point", "coordinates": [30.73, 46.48]}},
            {"type": "Feature", "properties": {},
             "geometry": {"type": "LineString", "coordinates": [[30, 46], [31, 47]]}},
        ],
    }  # fmt: skip
    read = points_from_bytes(json.dumps(doc).encode(), "p.geojson")
    assert read.points == (LaunchPoint(46.48, 30.73, "Odesa"),)
    kml = (
        b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Lviv</name>'
        b"<Point><coordinates>24.03,49.84</coordinates></Point></Placemark></Document></kml>"
    )
    assert points_from_bytes(kml, "p.kml").points == (LaunchPoint(49.84, 24.03, "Lviv"),)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"lat,lon\n50,30\n91,3\n", "c.csv", "file 'c.csv', row 3, field 'lat': 91 is outside"),
        (b"lat,lon\n50,x\n", "c.csv", "file 'c.csv', row 2, field 'lon': 'x' is not a number"),
        (b"where,lon\n50,30\n", "c.csv", "file 'c.csv', row 1: no column 'lat'"),
        (b"lat,lon,label\n", "e.csv", "file 'e.csv' holds no launch points"),
        (b'{"type": "Point", "coordinates": [30]}', "g.json", "file 'g.json', feature 1"),
        (b"<!DOCTYPE x><kml></kml>", "k.kml", "file 'k.kml': KML with a DOCTYPE"),
    ],
)
def test_bad_files_are_refused_whole_naming_file_row_and_field(data, name, message):
    with pytest.raises(PointError, match="^" + message.replace("(", r"\(")):
        points_from_bytes(data, name)


def test_the_limits_are_the_links():
    rows = "".join(f"{i * 0.1:.1f},{i * 0.1:.1f},P{i}\n" for i in range(MAX_LAUNCH_POINTS + 1))
    with pytest.raises(PointError, match=f"holds {MAX_LAUNCH_POINTS + 1} launch points; the"):
        points_from_bytes(("lat,lon,label\n" + rows).encode(), "many.csv")
    fifty = "".join(rows.splitlines(keepends=True)[:MAX_LAUNCH_POINTS])
    assert len(points_from_bytes(("lat,lon\n" + fifty).encode(), "p.csv").points) == 50
    with pytest.raises(PointError, match="the limit is 1,000,000"):
        points_from_bytes(b"lat,lon\n" + b"\n" * MAX_POINTS_FILE_BYTES, "big.csv")


def test_a_file_on_disk(tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(CSV)
    assert len(read_points_file(path).points) == 2
    with pytest.raises(PointError, match=r"cannot read file 'gone\.csv'"):
        read_points_file(tmp_path / "gone.csv")


def test_one_duplicate_rule_for_every_notation():
    kyiv = parse_point("Kyiv").point
    typed = parse_point("50.45, 30.52").point
    dms = parse_point("50°27′N 30°31′E").point
    assert point_distance_m(kyiv, typed) < DUPLICATE_M  # 584 m: one place
    assert duplicate_of(typed, [kyiv]) == kyiv and duplicate_of(dms, [kyiv]) == kyiv
    assert duplicate_of(LaunchPoint(49.99, 36.23, "Kharkiv"), [kyiv, typed, dms]) is None
    note = duplicate_message(kyiv, typed)
    assert note.startswith("'Kyiv' not added: launch point '50.4500°N 30.5200°E' is 584 m away")
    assert "within 1,000 m" in note
    assert "at the same place" in duplicate_message(typed, typed)
