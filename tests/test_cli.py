"""The command line, end to end: ``python -m ranges`` run as a subprocess (INTERFACES.md section 2).

Each test starts a fresh interpreter, as a user's shell would, so these tests also cover
``ranges/__main__.py``, argument parsing, exit statuses and what goes to which stream. Startup
costs about half a second, so checks that can share one invocation do.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
KML = "{http://www.opengis.net/kml/2.2}"
SHIPPED = {"atacms": 300.0, "storm-shadow": 250.0, "scalp-eg": 250.0, "tomahawk": 2400.0}
SHIPPED_IDS = list(SHIPPED)
REQUIRED_PROPERTIES = {
    "system",
    "name",
    "launch_lat",
    "launch_lon",
    "min_range_km",
    "max_range_km",
    "area_km2",
}
EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG): good to ~0.5 % against WGS-84 distances
EARTH_AREA_KM2 = 510_065_621.7  # WGS-84 ellipsoid

CUSTOM_CATALOGUE = """\
systems:
  - id: test-short
    name: Test Short
    kind: ballistic
    max_range_km: 100
    sources:
      - title: A test report
  - id: test-annulus
    name: Test Annulus
    kind: other
    min_range_km: 200
    max_range_km: 500
    sources:
      - title: Another test report
"""

BAD_CATALOGUE = """\
systems:
  - id: test-bad
    name: Test Bad
    kind: ballistic
    max_range_km: -5
    sources:
      - title: A test report
"""


# --- Helpers ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


def run_cli(args: Sequence[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> Result:
    environment = dict(os.environ if env is None else env)
    environment.pop("RANGEMAP_DEBUG", None)  # debugging mode re-raises internal errors
    proc = subprocess.run(
        [sys.executable, "-m", "ranges", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stdout
    return Result(proc.returncode, proc.stdout, proc.stderr)


def ok(args: Sequence[str], **kwargs) -> Result:
    result = run_cli(args, **kwargs)
    assert result.returncode == 0, result.stderr
    return result


def _reject_constant(name: str) -> float:
    raise AssertionError(f"{name} in the output: not valid JSON")


def geojson(text: str) -> dict:
    """Parse strict JSON (no NaN or Infinity) and check the FeatureCollection frame."""
    doc = json.loads(text, parse_constant=_reject_constant)
    assert doc["type"] == "FeatureCollection"
    assert isinstance(doc["features"], list)
    for feature in doc["features"]:
        assert feature["type"] == "Feature"
        assert set(feature["properties"]) >= REQUIRED_PROPERTIES, feature["properties"].keys()
        check_geometry(feature["geometry"])
    return doc


def shoelace(ring: list[list[float]]) -> float:
    """Signed planar area in lon/lat: positive for counter-clockwise."""
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring)) / 2


def polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    assert geometry["type"] == "MultiPolygon", geometry["type"]
    return geometry["coordinates"]


def check_geometry(geometry: dict) -> None:
    """RFC 7946 as INTERFACES.md asks: closed rings, lon/lat in range, CCW exterior, CW holes."""
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    for polygon in polygons(geometry):
        assert polygon, "empty polygon"
        for index, ring in enumerate(polygon):
            assert len(ring) >= 4
            assert ring[0] == ring[-1], "ring not closed"
            for lon, lat in ring:
                assert -180 <= lon <= 180, lon
                assert -90 <= lat <= 90, lat
            for (lon1, _), (lon2, _) in itertools.pairwise(ring):
                assert abs(lon2 - lon1) <= 180, "edge spans more than 180 degrees of longitude"
            area = shoelace(ring)
            if index == 0:
                assert area > 0, "exterior ring is not counter-clockwise"
            else:
                assert area < 0, "hole is not clockwise"


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def cap_area_km2(radius_km: float) -> float:
    """Area of a spherical cap of geodesic radius ``radius_km`` (about 0.5 % off WGS-84)."""
    return 2 * math.pi * EARTH_RADIUS_KM**2 * (1 - math.cos(radius_km / EARTH_RADIUS_KM))


def check_ring_sizes(feature: dict) -> None:
    """Outer boundary at max range, holes at min range (sphere vs WGS-84: within 1 %)."""
    props = feature["properties"]
    lat0, lon0 = props["launch_lat"], props["launch_lon"]
    for polygon in polygons(feature["geometry"]):
        for index, ring in enumerate(polygon):
            radius = props["max_range_km"] if index == 0 else props["min_range_km"]
            for lon, lat in ring:
                assert haversine_km(lat0, lon0, lat, lon) == pytest.approx(radius, rel=0.01)
    expected = cap_area_km2(props["max_range_km"]) - cap_area_km2(props["min_range_km"])
    assert props["area_km2"] == pytest.approx(expected, rel=0.01)


def assert_one_error_line(result: Result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stdout == ""
    assert result.stderr.endswith("\n")
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    return lines[0]


def keys(doc: dict) -> list[tuple[float, float, str]]:
    return [
        (f["properties"]["launch_lat"], f["properties"]["launch_lon"], f["properties"]["system"])
        for f in doc["features"]
    ]


@pytest.fixture
def custom_catalogue(tmp_path: Path) -> Path:
    path = tmp_path / "custom.yaml"
    path.write_text(CUSTOM_CATALOGUE, encoding="utf-8")
    return path


# --- systems ------------------------------------------------------------------------------------


def test_systems_table() -> None:
    result = ok(["systems"])
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["id", "name"]
    assert [line.split()[0] for line in lines[1:]] == SHIPPED_IDS
    for line in lines[1:]:
        assert f"{SHIPPED[line.split()[0]]:g}" in line.split()


def test_systems_csv() -> None:
    result = ok(["systems", "--format", "csv"])
    assert result.stderr == ""
    rows = list(csv.reader(io.StringIO(result.stdout)))
    header, body = rows[0], rows[1:]
    assert header[:2] == ["id", "name"]
    assert len(body) == 4
    assert all(len(row) == len(header) for row in body)
    records = [dict(zip(header, row, strict=True)) for row in body]
    assert [r["id"] for r in records] == SHIPPED_IDS
    assert {r["id"]: float(r["max_range_km"]) for r in records} == SHIPPED


def test_systems_json() -> None:
    result = ok(["systems", "--format", "json"])
    assert result.stderr == ""
    systems = json.loads(result.stdout, parse_constant=_reject_constant)
    assert [s["id"] for s in systems] == SHIPPED_IDS
    assert [s["max_range_km"] for s in systems] == [300, 250, 250, 2400]
    for s in systems:
        assert s["name"] and s["kind"] in ("ballistic", "cruise", "other")
        assert s["sources"] and s["sources"][0]["title"]


def test_systems_custom_catalogue(custom_catalogue: Path) -> None:
    result = ok(["systems", "--catalogue", str(custom_catalogue), "--format", "json"])
    systems = json.loads(result.stdout)
    assert [s["id"] for s in systems] == ["test-short", "test-annulus"]
    assert [(s["min_range_km"], s["max_range_km"]) for s in systems] == [(0, 100), (200, 500)]


def test_rings_custom_catalogue_annulus(custom_catalogue: Path) -> None:
    result = ok(
        ["rings", "--catalogue", str(custom_catalogue), "--system", "all", "--from", "10,20"]
    )
    doc = geojson(result.stdout)
    assert keys(doc) == [(10, 20, "test-short"), (10, 20, "test-annulus")]
    short, annulus = doc["features"]
    assert short["properties"]["name"] == "Test Short"
    assert len(short["geometry"]["coordinates"]) == 1  # no hole without a minimum range
    assert annulus["geometry"]["type"] == "Polygon"
    assert len(annulus["geometry"]["coordinates"]) == 2  # the minimum range is a hole
    assert annulus["properties"]["min_range_km"] == 200
    assert annulus["properties"]["max_range_km"] == 500
    for feature in doc["features"]:
        check_ring_sizes(feature)


# --- rings: GeoJSON -----------------------------------------------------------------------------


def test_rings_all_systems_from_coordinates() -> None:
    result = ok(["rings", "--system", "all", "--from", "50.4501,30.5234"])
    assert result.stderr == ""
    doc = geojson(result.stdout)
    assert len(doc["features"]) == 4
    names = {"atacms": "MGM-140 ATACMS", "storm-shadow": "Storm Shadow"}
    for feature, system_id in zip(doc["features"], SHIPPED_IDS, strict=True):
        props = feature["properties"]
        assert props["system"] == system_id
        assert isinstance(props["name"], str) and props["name"]
        if system_id in names:
            assert props["name"] == names[system_id]
        assert props["launch_lat"] == pytest.approx(50.4501)
        assert props["launch_lon"] == pytest.approx(30.5234)
        assert props["min_range_km"] == 0
        assert props["max_range_km"] == SHIPPED[system_id]
        assert feature["geometry"]["type"] == "Polygon"
        check_ring_sizes(feature)


def test_rings_from_another_working_directory(tmp_path: Path) -> None:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    args = ["rings", "--system", "atacms", "--from", "50.4501,30.5234", "--output", "out.json"]
    result = ok(args, cwd=tmp_path, env=env)
    assert result.stdout == ""
    doc = geojson((tmp_path / "out.json").read_text(encoding="utf-8"))  # relative to the cwd
    assert keys(doc) == [(50.4501, 30.5234, "atacms")]
    assert doc["features"][0]["properties"]["max_range_km"] == 300


def test_system_comma_list_equals_repeated_option() -> None:
    comma = ok(["rings", "--system", "atacms,tomahawk", "--from", "10,20"])
    repeated = ok(["rings", "--system", "atacms", "--system", "tomahawk", "--from", "10,20"])
    assert comma.stdout == repeated.stdout
    doc = geojson(comma.stdout)
    assert keys(doc) == [(10, 20, "atacms"), (10, 20, "tomahawk")]


def test_repeated_from_points_outer_systems_inner() -> None:
    args = ["rings", "--system", "atacms,tomahawk", "--from", "10,20", "--from", "-30,40"]
    doc = geojson(ok(args).stdout)
    assert keys(doc) == [
        (10, 20, "atacms"),
        (10, 20, "tomahawk"),
        (-30, 40, "atacms"),
        (-30, 40, "tomahawk"),
    ]
    for feature in doc["features"]:
        check_ring_sizes(feature)


def test_place_name_and_degrees_minutes_seconds() -> None:
    args = ["rings", "--system", "atacms", "--from", "Kyiv", "--from", "50°27′N 30°31′E"]
    result = ok(args)
    assert "error" not in result.stderr
    doc = geojson(result.stdout)
    (kyiv, dms) = (f["properties"] for f in doc["features"])
    assert kyiv["launch_lat"] == pytest.approx(50.45, abs=0.05)
    assert kyiv["launch_lon"] == pytest.approx(30.52, abs=0.05)
    assert dms["launch_lat"] == pytest.approx(50 + 27 / 60)
    assert dms["launch_lon"] == pytest.approx(30 + 31 / 60)
    assert kyiv["system"] == dms["system"] == "atacms"


def test_negative_coordinates_in_both_forms() -> None:
    args = [
        "rings",
        "--system",
        "atacms",
        "--from=-33.87,151.21",
        "--from",
        "-33.87,151.21",
        "--from",
        "-33.87,-70.5",
    ]
    result = ok(args)
    assert result.stderr == ""
    doc = geojson(result.stdout)
    assert keys(doc) == [
        (-33.87, 151.21, "atacms"),
        (-33.87, 151.21, "atacms"),
        (-33.87, -70.5, "atacms"),
    ]
    first, second, chile = doc["features"]
    assert first == second  # both spellings mean the same point
    for feature in doc["features"]:
        check_ring_sizes(feature)
    # the last option of the command line: nothing follows the value
    last = ok(["rings", "--system", "atacms", "--from", "-33.87,-70.5"])
    assert geojson(last.stdout)["features"] == [chile]


def test_ring_across_the_antimeridian_is_split() -> None:
    doc = geojson(ok(["rings", "--system", "atacms", "--from", "0,179.9"]).stdout)
    (feature,) = doc["features"]
    geometry = feature["geometry"]
    assert geometry["type"] == "MultiPolygon"
    parts = polygons(geometry)
    assert len(parts) == 2
    lons = sorted(lon for part in parts for lon, _ in part[0])
    assert lons[0] == -180 and lons[-1] == 180
    east = [p for p in parts if max(lon for lon, _ in p[0]) == 180]
    west = [p for p in parts if min(lon for lon, _ in p[0]) == -180]
    assert len(east) == len(west) == 1
    assert feature["properties"]["area_km2"] == pytest.approx(cap_area_km2(300), rel=0.01)


def test_rings_at_the_poles_enclose_them() -> None:
    doc = geojson(ok(["rings", "--system", "atacms", "--from", "90,0", "--from", "-90,0"]).stdout)
    north, south = doc["features"]
    assert north["properties"]["launch_lat"] == 90
    assert south["properties"]["launch_lat"] == -90
    for feature, pole in ((north, 90), (south, -90)):
        ring = polygons(feature["geometry"])[0][0]
        lats = [lat for _, lat in ring]
        lons = [lon for lon, _ in ring]
        assert pole in lats  # the pole is on the boundary of the polygon, so inside it
        assert min(lons) == -180 and max(lons) == 180
        assert all(abs(lat) > 87 for lat in lats)  # 300 km is about 2.7 degrees of latitude
        assert feature["properties"]["area_km2"] == pytest.approx(cap_area_km2(300), rel=0.01)


def test_range_override_up_to_20000_for_every_system() -> None:
    args = ["rings", "--system", "all", "--from", "50,30", "--range-km", "20000"]
    doc = geojson(ok(args).stdout)
    assert [k[2] for k in keys(doc)] == SHIPPED_IDS
    for feature in doc["features"]:
        props = feature["properties"]
        assert props["max_range_km"] == 20000
        assert props["min_range_km"] == 0
        # 20,000 km reaches all but a small disc around the antipode (20,003.9 km at most)
        assert 0.99 * EARTH_AREA_KM2 < props["area_km2"] <= EARTH_AREA_KM2 * 1.0001


def test_range_override_small() -> None:
    args = ["rings", "--system", "atacms,tomahawk", "--from", "10,20", "--range-km", "1000"]
    doc = geojson(ok(args).stdout)
    for feature in doc["features"]:
        assert feature["properties"]["max_range_km"] == 1000
        check_ring_sizes(feature)
    assert doc["features"][0]["geometry"] == doc["features"][1]["geometry"]


def test_ambiguous_place_name_prints_a_note() -> None:
    result = ok(["rings", "--system", "atacms", "--from", "Springfield"])
    lines = result.stderr.splitlines()
    assert lines, "no note on standard error"
    assert all(line.startswith("note: ") for line in lines), result.stderr
    assert any("Springfield" in line for line in lines)
    doc = geojson(result.stdout)
    assert len(doc["features"]) == 1


# --- rings: KML and --output --------------------------------------------------------------------


def placemarks(kml_text: str) -> list[ET.Element]:
    root = ET.fromstring(kml_text.encode("utf-8"))
    assert root.tag == f"{KML}kml"
    return root.findall(f"{KML}Document/{KML}Placemark")


def placemark_system(mark: ET.Element) -> str:
    for data in mark.iter(f"{KML}Data"):
        if data.get("name") == "system":
            value = data.find(f"{KML}value")
            assert value is not None
            return value.text or ""
    raise AssertionError("no system in the placemark's ExtendedData")


def test_kml_to_standard_output() -> None:
    args = ["rings", "--format", "kml", "--system", "atacms,tomahawk"]
    args += ["--from", "10,20", "--from", "0,179.9"]
    result = ok(args)
    assert result.stderr == ""
    marks = placemarks(result.stdout)
    assert len(marks) == 4
    assert [placemark_system(m) for m in marks] == ["atacms", "tomahawk"] * 2
    for mark in marks:
        outer = list(mark.iter(f"{KML}outerBoundaryIs"))
        assert outer
        for boundary in outer:
            coordinates = boundary.find(f"{KML}LinearRing/{KML}coordinates")
            assert coordinates is not None and coordinates.text
            for triple in coordinates.text.split():
                lon, lat, _ = (float(v) for v in triple.split(","))
                assert -180 <= lon <= 180 and -90 <= lat <= 90
    # the ring across the antimeridian has two polygons
    assert len(list(marks[2].iter(f"{KML}Polygon"))) == 2


def test_kml_to_output_file(tmp_path: Path) -> None:
    target = tmp_path / "rings.kml"
    args = ["rings", "--system", "atacms", "--from", "10,20", "--format", "kml"]
    result = ok([*args, "--output", str(target)])
    assert result.stdout == ""
    assert result.stderr == ""
    marks = placemarks(target.read_text(encoding="utf-8"))
    assert [placemark_system(m) for m in marks] == ["atacms"]


# --- bad input ----------------------------------------------------------------------------------

RING = ["rings", "--system", "atacms", "--from", "10,20"]

ERROR_CASES = [
    # (id, arguments with {tmp} for the test's directory, words the message must contain)
    ("unknown-system", ["rings", "--system", "nope", "--from", "10,20"], ["nope"]),
    (
        "unparseable-point",
        ["rings", "--system", "atacms", "--from", "nowhere-at-all-xyz"],
        ["nowhere-at-all-xyz"],
    ),
    ("empty-point", ["rings", "--system", "atacms", "--from", ""], []),
    ("latitude-91", ["rings", "--system", "atacms", "--from", "91,0"], ["latitude", "91"]),
    ("latitude-minus-91", ["rings", "--system", "atacms", "--from", "-91,0"], ["latitude"]),
    ("longitude-200", ["rings", "--system", "atacms", "--from", "0,200"], ["longitude", "200"]),
    ("bad-catalogue", ["systems", "--catalogue", "{tmp}/bad.yaml"], ["{tmp}/bad.yaml"]),
    (
        "bad-catalogue-rings",
        [*RING, "--catalogue", "{tmp}/bad.yaml"],
        ["{tmp}/bad.yaml", "max_range_km"],
    ),
    ("missing-catalogue", [*RING, "--catalogue", "{tmp}/missing.yaml"], ["{tmp}/missing.yaml"]),
    ("range-zero", [*RING, "--range-km", "0"], ["range"]),
    ("range-20001", [*RING, "--range-km", "20001"], ["range"]),
    ("range-nan", [*RING, "--range-km", "nan"], ["range"]),
    ("range-abc", [*RING, "--range-km", "abc"], ["range"]),
    (
        "range-below-minimum",
        [
            "rings",
            "--catalogue",
            "{tmp}/custom.yaml",
            "--system",
            "test-annulus",
            "--from",
            "10,20",
            "--range-km",
            "150",
        ],
        ["test-annulus"],
    ),
    ("missing-system", ["rings", "--from", "10,20"], ["--system"]),
    ("missing-from", ["rings", "--system", "atacms"], ["--from"]),
    ("unknown-command", ["bogus"], ["bogus"]),
    ("unknown-option", [*RING, "--bogus"], ["--bogus"]),
    ("unknown-format", [*RING, "--format", "shp"], ["shp"]),
    ("unwritable-output", [*RING, "--output", "{tmp}/no-such-dir/out.json"], ["{tmp}"]),
    ("no-arguments", [], []),
]


@pytest.mark.parametrize(
    ("args", "words"),
    [pytest.param(args, words, id=name) for name, args, words in ERROR_CASES],
)
def test_bad_input_is_one_error_line(tmp_path: Path, args: list[str], words: list[str]) -> None:
    (tmp_path / "bad.yaml").write_text(BAD_CATALOGUE, encoding="utf-8")
    (tmp_path / "custom.yaml").write_text(CUSTOM_CATALOGUE, encoding="utf-8")
    result = run_cli([arg.replace("{tmp}", str(tmp_path)) for arg in args])
    line = assert_one_error_line(result)
    for word in words:
        assert word.replace("{tmp}", str(tmp_path)) in line, line
    assert not (tmp_path / "no-such-dir").exists()


# --- reach --------------------------------------------------------------------------------------

REACH_HEADER = (
    "city,country,latitude,longitude,population,launch,system,distance_km,bearing_deg,part_of"
)


def test_reach_csv_has_the_contract_columns_and_order():
    out = ok(["reach", "--system", "atacms,storm-shadow", "--from", "Kyiv", "--from", "Odesa"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert out.stdout.splitlines()[0] == REACH_HEADER
    assert rows and all(float(r["distance_km"]) <= 300.0 for r in rows if r["system"] == "atacms")
    keys = [(r["system"], r["launch"], float(r["distance_km"])) for r in rows]
    launch_order = {"Kyiv": 0, "Odesa": 1}
    assert keys == sorted(keys, key=lambda k: (k[0], launch_order[k[1]], k[2]))
    assert {r["system"] for r in rows} == {"atacms", "storm-shadow"}
    assert any(r["city"] == "Chernihiv" for r in rows)


def test_reach_json_and_min_population():
    out = ok(
        [
            "reach",
            "--system",
            "atacms",
            "--from",
            "50.4501,30.5234",
            "--format",
            "json",
            "--min-population",
            "1000000",
        ]
    )
    rows = json.loads(out.stdout)
    assert [r["city"] for r in rows] == ["Kyiv"]
    assert list(rows[0]) == REACH_HEADER.split(",")


def test_reach_gazetteer_choice_and_counted_once():
    """``--gazetteer`` picks the extract; the default is the most complete, cities500.

    Within 300 km of Kyiv the small extract lists fewer places than the default; sections of a
    city name it in ``part_of`` (the Kyiv raions), places counted on their own leave it empty.
    """
    args = ["reach", "--system", "atacms", "--from", "50.4501,30.5234"]
    by_extract = {}
    for extract in ("cities15000", "cities1000", "cities500"):
        out = ok([*args, "--gazetteer", extract])
        by_extract[extract] = list(csv.DictReader(io.StringIO(out.stdout)))
    sizes = [len(by_extract[e]) for e in ("cities15000", "cities1000", "cities500")]
    assert sizes[0] < sizes[1] < sizes[2]
    assert list(csv.DictReader(io.StringIO(ok(args).stdout))) == by_extract["cities500"]
    parts = {r["part_of"] for r in by_extract["cities500"]}
    assert "" in parts and "Kyiv" in parts
    kyiv = next(r for r in by_extract["cities500"] if r["city"] == "Kyiv")
    assert kyiv["part_of"] == ""
    bad = run_cli([*args, "--gazetteer", "cities42"])
    assert bad.returncode == 2 and "cities15000" in bad.stderr
    help_text = ok(["reach", "--help"]).stdout
    assert "--gazetteer" in help_text and "default: cities500" in help_text


def test_cli_gazetteer_names_are_the_engines():
    from ranges import cli
    from ranges.places.extracts import DEFAULT_EXTRACT, EXTRACTS

    assert cli.GAZETTEER_CHOICES == EXTRACTS
    assert cli.DEFAULT_GAZETTEER == DEFAULT_EXTRACT


@pytest.mark.parametrize("value", ["-1", "many", "1.5"])
def test_reach_bad_min_population(value):
    result = run_cli(["reach", "--system", "atacms", "--from", "Kyiv", "--min-population", value])
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")


def test_reach_city_at_the_launch_point_has_no_bearing():
    """``--from Kyiv`` is the gazetteer's Kyiv: distance 0, so no bearing (not 180)."""
    out = ok(["reach", "--system", "atacms", "--from", "Kyiv", "--min-population", "1000000"])
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert [(r["city"], r["distance_km"], r["bearing_deg"]) for r in rows] == [("Kyiv", "0.0", "")]
    out = ok(["reach", "--system", "atacms", "--from", "Kyiv", "--format", "json"])
    rows = json.loads(out.stdout)
    assert rows[0]["city"] == "Kyiv" and rows[0]["bearing_deg"] is None
    assert all(r["bearing_deg"] is not None for r in rows[1:])


# --- start-up: each command imports what it needs --------------------------------------------


def test_systems_does_not_import_the_map_or_table_stack():
    """``systems`` lists the catalogue: no streamlit, folium, branca or pandas gets imported."""
    code = (
        "import contextlib, io, sys\n"
        "from ranges.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    status = main(['systems'])\n"
        "assert status == 0 and 'atacms' in out.getvalue(), out.getvalue()\n"
        "heavy = ('streamlit', 'folium', 'branca', 'pandas')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


def test_reach_to_a_file_does_not_import_pandas(tmp_path):
    """``reach`` writes its CSV from the engine's arrays: pandas (0.2 s to import) never loads,
    nor pyarrow.compute or numpy.ma, and the file holds the bytes standard output gets."""
    target = tmp_path / "reach.csv"
    args = ["reach", "--system", "atacms", "--from", "Kyiv", "--output", str(target)]
    code = (
        "import sys\n"
        "from ranges.cli import main\n"
        f"assert main({args!r}) == 0\n"
        "heavy = ('pandas', 'pyarrow.compute', 'numpy.ma')\n"
        "print(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] == 'pandas'))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"  # pyarrow.compute (0.1 s) and numpy.ma (0.05 s) neither
    written = target.read_bytes()
    assert written.count(b"\n") > 10
    assert written == ok(args[:-2]).stdout.encode("utf-8")


def test_format_choices_are_the_registry_formats():
    from ranges.export import formats_for

    for command, needs in (("systems", "catalogue"), ("rings", "rings"), ("reach", "reach")):
        choices = "{" + ",".join(f.name for f in formats_for(needs, cli=True)) + "}"
        assert choices in run_cli([command, "--help"]).stdout, command
    result = run_cli(["rings", "--system", "atacms", "--from", "Kyiv", "--format", "scenario"])
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_the_package_names_its_api_and_stays_light_to_import():
    code = (
        "import sys, ranges\n"
        "heavy = ('numpy', 'pandas', 'folium', 'shapely', 'pyproj', 'pydantic')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
        "missing = [n for n in ranges.__all__ if getattr(ranges, n, None) is None]\n"
        "print(missing)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[:2] == ["[]", "[]"]


# --- --online and the link's LAT,LON,LABEL form of --from ----------------------------------------


def _env_with(**values: str) -> dict[str, str]:
    return {**os.environ, **values}


def test_online_finds_a_name_the_gazetteer_does_not_know():
    """``--online`` asks the configured Nominatim (a local double here) only for names the
    offline gazetteer lacks; without it the same name is an error."""
    from tests.nominatim_double import NominatimDouble

    args = ["rings", "--system", "atacms", "--from", "Kyiv", "--from", "Odesa port"]
    with NominatimDouble() as double:
        env = _env_with(RANGEMAP_NOMINATIM_URL=double.url)
        refused = run_cli(args, env=env)
        found = ok([*args, "--online"], env=env)
    assert refused.returncode == 2 and refused.stderr.startswith("error: cannot read a point")
    assert [s.query for s in double.seen] == ["Odesa port"]  # Kyiv stays offline
    launches = [f["properties"] for f in geojson(found.stdout)["features"]]
    assert [(p["launch"], p["launch_lat"], p["launch_lon"]) for p in launches] == [
        ("Kyiv", 50.45466, 30.5238),
        ("Odesa port", 46.4935, 30.7424),
    ]
    assert "found online" in found.stderr


@pytest.mark.parametrize("mode", ["429", "503", "garbage", "not found"])
def test_online_failures_are_one_error_line(mode):
    from tests.nominatim_double import NominatimDouble

    with NominatimDouble(mode=mode) as double:
        result = run_cli(
            ["reach", "--system", "atacms", "--from", "Qzxwvut Nowhere", "--online"],
            env=_env_with(RANGEMAP_NOMINATIM_URL=double.url),
        )
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert "online: the online geocoder" in result.stderr
    assert len(double.seen) == 1  # no retry


def test_online_is_not_asked_about_bad_coordinates():
    result = run_cli(
        ["rings", "--system", "atacms", "--from", "95,30", "--online"],
        env=_env_with(RANGEMAP_NOMINATIM_URL="http://127.0.0.1:9"),
    )
    assert result.returncode == 2 and "latitude 95 is outside" in result.stderr
    assert "online" not in result.stderr


def test_from_takes_the_link_form_with_a_label():
    doc = geojson(ok(["rings", "--system", "atacms", "--from", "50.45,30.52,Front, north"]).stdout)
    props = doc["features"][0]["properties"]
    assert (props["launch"], props["launch_lat"], props["launch_lon"]) == (
        "Front, north",
        50.45,
        30.52,
    )
    bad = run_cli(["rings", "--system", "atacms", "--from", "50.45,30.52,Fake\u202etxt"])
    assert bad.returncode == 2 and "control characters" in bad.stderr
