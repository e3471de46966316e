"""Launch areas: forms, files, countries, errors, rings and reach (docs/INTERFACES.md section 4).

Geometric accuracy against a brute-force reference is in ``test_areas_accuracy.py``.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import shapely

from ranges.catalogue.systems import load_catalogue
from ranges.errors import AreaError, RangemapError
from ranges.geometry.areas import (
    MAX_AREAS,
    MAX_FILE_BYTES,
    MAX_VERTICES,
    LaunchArea,
    area_range,
    area_ring,
    areas_from_file,
    country_names,
    distance_to_area,
    parse_area,
    parse_area_or_file,
)
from ranges.geometry.rings import build_rings, feature_collection
from ranges.places.extracts import default_gazetteer
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.forward import compute_reach
from ranges.reach.pairtable import reach_rows
from ranges.reach.reverse import reverse_reach

FRONT = "line:48.5,37.9;47.1,37.5"


@pytest.fixture(scope="module")
def systems():
    return list(load_catalogue().select(["atacms", "storm-shadow", "scalp-eg", "tomahawk"]))


# --- forms ----------------------------------------------------------------------------------


def test_country_by_code_and_by_name_is_the_same_area():
    by_code, by_name = parse_area("UKR"), parse_area("ukraine")
    assert by_code == by_name
    assert by_code.kind == "country" and by_code.form == "UKR" and by_code.label == "Ukraine"
    assert by_code.to_query() == "UKR"
    assert by_code.geometry.geom_type == "MultiPolygon"  # islands count


def test_country_aliases_and_natural_earth_names():
    assert parse_area("United States").form == "USA"
    assert parse_area("United States of America").form == "USA"
    assert parse_area("Bosnia and Herz.").form == "BIH"


def test_unknown_country_suggests_close_names():
    with pytest.raises(AreaError, match="did you mean Ukraine"):
        parse_area("Ukrane")


def test_country_names_for_a_picker():
    names = country_names()
    assert ("UKR", "Ukraine") in names
    assert len(names) == len({form for form, _ in names}) > 200
    assert [n for _, n in names] == sorted(n for _, n in names)


def test_line_form_label_and_round_trip():
    area = parse_area(FRONT + "|Front line")
    assert (area.kind, area.label, area.form) == ("line", "Front line", FRONT)
    assert area.to_query() == FRONT + "|Front line"
    assert parse_area(area.to_query()) == area
    assert parse_area(FRONT).label == FRONT
    assert parse_area(FRONT).to_query() == FRONT


def test_coordinates_are_rounded_and_the_polygon_closed_implicitly():
    area = parse_area("poly:50.1234567,30;51,31;49,32;50.1234567,30")
    assert area.form == "poly:50.12346,30;51,31;49,32"
    assert area.kind == "polygon" and area.geometry.geom_type == "Polygon"


def test_a_line_across_the_antimeridian_goes_the_short_way_and_is_cut():
    area = parse_area("line:0,179;1,-179")
    assert area.geometry.geom_type == "MultiLineString"
    xmin, _, xmax, _ = area.geometry.bounds
    assert xmin == -180.0 and xmax == 180.0
    d, _ = distance_to_area(area, np.array([0.5]), np.array([180.0]))
    assert d[0] < 1.0


def test_self_intersecting_polygon_is_repaired_and_says_so():
    area = parse_area("poly:0,0;1,1;0,1;1,0")
    assert "make_valid" in area.note
    assert area.geometry.is_valid


def test_labels_are_cleaned():
    assert parse_area(FRONT + "|  a   b  ").label == "a b"
    with pytest.raises(AreaError):
        parse_area(FRONT + "|bad\u202etext")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty area"),
        ("line:48.5,37.9", "at least 2"),
        ("line:48.5,37.9;48.5,37.9", "at least 2"),
        ("poly:1,1;2,2", "at least 3"),
        ("POLY:", "at least 3"),  # no point at all (an IndexError before: hypothesis, Dec 8)
        ("line:1,1;2,2/", "at least 2"),  # an empty second part
        ("line:95,1;2,3", "latitude 95 is outside"),
        ("line:1,1;2,x", "not a decimal number"),
        ("line:1,1;2,3,4", "not LAT,LON"),
        ("line:1,1;2,nan", "not a decimal number"),
        ("poly:80,0;80,120;80,-120", "pole"),
        ("Atlantis", "unknown country"),
    ],
)
def test_bad_forms_raise_one_line_errors(text, message):
    with pytest.raises(AreaError, match=message) as info:
        parse_area(text)
    assert isinstance(info.value, RangemapError)
    assert "\n" not in str(info.value)


def test_too_many_vertices_is_refused():
    pts = ";".join(f"{i * 1e-3:.3f},0" for i in range(MAX_VERTICES + 1))
    with pytest.raises(AreaError, match="at most"):
        parse_area("line:" + pts)


def test_non_text_is_refused():
    with pytest.raises(AreaError):
        parse_area(None)  # type: ignore[arg-type]


# --- files ----------------------------------------------------------------------------------


def _fc(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def _feature(geometry: dict, name: str | None = None) -> dict:
    return {"type": "Feature", "properties": {"name": name} if name else {}, "geometry": geometry}


def test_geojson_features_become_areas():
    data = _fc(
        _feature({"type": "LineString", "coordinates": [[37.9, 48.5], [37.5, 47.1]]}, "Front"),
        _feature(
            {"type": "Polygon", "coordinates": [[[30, 50], [31, 51], [32, 49], [30, 50]]]}, None
        ),
        _feature({"type": "Point", "coordinates": [30, 50]}, "skipped"),
    )
    areas = areas_from_file(data, "shapes.geojson")
    assert [(a.kind, a.label) for a in areas] == [("line", "Front"), ("polygon", "shapes (2)")]
    assert areas[0].form == FRONT
    assert areas[1].form == "poly:50,30;51,31;49,32"


def test_geojson_multipolygon_keeps_its_parts():
    geometry = {
        "type": "MultiPolygon",
        "coordinates": [
            [[[30, 50], [31, 51], [32, 49], [30, 50]]],
            [[[40, 50], [41, 51], [42, 49], [40, 50]]],
        ],
    }
    (area,) = areas_from_file(json.dumps(geometry).encode(), "two.json")
    assert area.form.count("/") == 1
    assert parse_area(area.form) == area.__class__(area.form, area.form, "polygon", area.geometry)
    assert area.geometry.geom_type == "MultiPolygon"


def test_kml_placemarks_become_areas():
    kml = b"""<?xml version="1.0"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Coast</name><LineString><coordinates>37.9,48.5,0 37.5,47.1,0</coordinates>
</LineString></Placemark>
<Placemark><name>Box</name><Polygon><outerBoundaryIs><LinearRing><coordinates>
30,50 31,51 32,49 30,50</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>
</Document></kml>"""
    areas = areas_from_file(kml, "x.kml")
    assert [(a.kind, a.label, a.form) for a in areas] == [
        ("line", "Coast", FRONT),
        ("polygon", "Box", "poly:50,30;51,31;49,32"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"hello", "neither GeoJSON nor KML"),
        (b"{not json", "not valid GeoJSON"),
        (b'{"a": 1}', "not GeoJSON"),
        (b'{"type": "Point", "coordinates": [1, 2]}', "no polygon or line"),
        (b'{"type": "Circle", "coordinates": [1, 2]}', "not a Polygon"),
        (b'{"type": "LineString", "coordinates": [[1, "x"], [2, 3]]}', "malformed"),
        (
            b"<kml><Placemark><LineString><coordinates>a,b 1,2</coordinates></LineString>"
            b"</Placemark></kml>",
            "malformed",
        ),
        (b"<html></html>", "not KML"),
        (b"<kml><unclosed></kml>", "not valid KML"),
        (b'<?xml version="1.0"?><!DOCTYPE kml [<!ENTITY a "b">]><kml/>', "DOCTYPE"),
    ],
)
def test_bad_files_raise_one_line_errors(data, message):
    with pytest.raises(AreaError, match=message) as info:
        areas_from_file(data, "f")
    assert "\n" not in str(info.value)


def test_huge_files_and_too_many_shapes_are_refused():
    with pytest.raises(AreaError, match="limit"):
        areas_from_file(b" " * (MAX_FILE_BYTES + 1), "big.geojson")
    line = {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}
    with pytest.raises(AreaError, match="limit"):
        areas_from_file(_fc(*[_feature(line)] * (MAX_AREAS + 1)), "many.geojson")


def test_paths_on_the_command_line(tmp_path):
    path = tmp_path / "front.geojson"
    path.write_text(json.dumps({"type": "LineString", "coordinates": [[37.9, 48.5], [37.5, 47.1]]}))
    (area,) = parse_area_or_file(f"{path}|My front")
    assert (area.form, area.label) == (FRONT, "My front")
    assert parse_area_or_file("UKR")[0].form == "UKR"


# --- distances and rings --------------------------------------------------------------------


def test_distance_is_zero_inside_and_bearing_from_the_nearest_point():
    ukr = parse_area("UKR")
    d, b = distance_to_area(ukr, np.array([50.45, 55.7558]), np.array([30.52, 37.6173]))
    assert d[0] == 0.0 and math.isnan(b[0])
    assert 400.0 < d[1] < 500.0 and 0.0 <= b[1] < 90.0  # Moscow: north-east of the border
    line = parse_area("line:0,0;0,10")
    d, b = distance_to_area(line, np.array([1.0, 0.0]), np.array([5.0, -1.0]))
    assert d[0] == pytest.approx(110.57, abs=0.1) and min(b[0], 360.0 - b[0]) < 0.01
    assert d[1] == pytest.approx(111.32, abs=0.1) and b[1] == pytest.approx(270.0, abs=0.01)


def test_ring_of_a_line_and_its_annulus():
    line = parse_area(FRONT)
    full = area_range(line, 300.0)
    band = area_range(line, 300.0, 100.0)
    inner = area_range(line, 100.0)
    assert full.area_km2 == pytest.approx(band.area_km2 + inner.area_km2, rel=1e-3)
    # A stadium of half-width 300 km round a 160 km line: pi r^2 + 2 r L.
    assert full.area_km2 == pytest.approx(math.pi * 300**2 + 2 * 300 * 159.6, rel=0.01)
    band_shape = shapely.geometry.shape(band.geometry)
    assert not band_shape.contains(shapely.Point(37.7, 47.8))  # the line itself is inside the hole
    assert area_ring(line, 300.0) == full.geometry


def test_ring_of_a_polygon_contains_the_polygon():
    poly = parse_area("poly:50,30;51,31;49,32")
    shape = shapely.geometry.shape(area_ring(poly, 1.0))
    assert shape.contains(poly.geometry)


def test_out_of_range_radius_is_refused():
    with pytest.raises(RangemapError):
        area_ring(parse_area(FRONT), 20_001.0)
    with pytest.raises(RangemapError):
        area_ring(parse_area(FRONT), 100.0, 100.0)


def test_rings_of_areas_carry_launch_area(systems):
    rings = build_rings([LaunchPoint(50.45, 30.52, "Kyiv")], systems[:1], [parse_area("UKR")])
    fc = feature_collection(rings)
    point_props, area_props = (f["properties"] for f in fc["features"])
    assert "launch_lat" in point_props and "launch_area" not in point_props
    assert area_props["launch_area"] == "Ukraine" and area_props["launch_area_form"] == "UKR"
    assert "launch_lat" not in area_props and "launch_lon" not in area_props
    assert area_props["area_km2"] > 600_000 + 300 * 3000  # Ukraine plus a 300 km margin
    assert rings[1].label == "Ukraine" and rings[1].launch_area is not None


# --- reach ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_gazetteer():
    g = default_gazetteer("cities15000")
    assert isinstance(g, Gazetteer)
    return g


def test_reach_rows_of_an_area(systems, small_gazetteer):
    line = parse_area(FRONT + "|Front")
    point = LaunchPoint(50.45, 30.52, "Kyiv")
    rows = reach_rows([point], systems, small_gazetteer, areas=[line])
    mine = rows[rows["launch"] == "Front"]
    assert len(mine) and (mine["launch_index"] == 1).all()
    d, b = distance_to_area(line, mine["latitude"].to_numpy(), mine["longitude"].to_numpy())
    assert np.allclose(mine["distance_km"].to_numpy(), d, atol=1e-6)
    assert np.allclose(mine["bearing_deg"].to_numpy(), b, equal_nan=True)
    for system in systems:
        own = mine[mine["system"] == system.id]
        assert (own["distance_km"] <= system.max_range_km).all()
        assert own["distance_km"].is_monotonic_increasing
    # Every city within range is listed: compare with a direct count.
    all_d, _ = distance_to_area(line, small_gazetteer.lats, small_gazetteer.lons)
    assert (mine["system"] == "atacms").sum() == int((all_d <= 300.0).sum())


def test_reach_inside_a_country_is_zero_without_bearing(systems, small_gazetteer):
    ukr = parse_area("UKR")
    rows = reach_rows([], systems[:1], small_gazetteer, areas=[ukr])
    kyiv = rows[(rows["city"] == "Kyiv") & (rows["country"] == "Ukraine")]
    assert len(kyiv) == 1
    assert kyiv["distance_km"].iloc[0] == 0.0 and math.isnan(kyiv["bearing_deg"].iloc[0])


def test_compute_reach_with_points_and_areas(systems, small_gazetteer):
    point = LaunchPoint(50.45, 30.52, "Kyiv")
    line = parse_area(FRONT + "|Front")
    both = compute_reach([point], systems, small_gazetteer, areas=[line])
    alone = compute_reach([point], systems, small_gazetteer)
    assert (both.summary["cities"] >= alone.summary["cities"]).all()
    assert (both.summary["area_km2"] > alone.summary["area_km2"]).all()
    assert set(both.cities["nearest_launch"]) == {"Kyiv", "Front"}
    donetsk = both.cities[both.cities["city"] == "Donetsk"].iloc[0]
    assert donetsk["nearest_launch"] == "Front" and donetsk["distance_km"] < 10
    assert len(both.rows) > len(alone.rows)


def test_reverse_reach_from_areas(systems):
    moscow = LaunchPoint(55.7558, 37.6173, "Moscow")
    table = reverse_reach(moscow, [LaunchPoint(50.45, 30.52, "Kyiv")], systems, [parse_area("UKR")])
    ukr = table[table["launch"] == "Ukraine"]
    assert len(ukr) == len(systems)
    assert (ukr["launch_index"] == 1).all()
    d, _ = distance_to_area(parse_area("UKR"), np.array([55.7558]), np.array([37.6173]))
    assert np.allclose(ukr["distance_km"], d[0])
    assert list(ukr["reachable"]) == [s.max_range_km >= d[0] for s in systems]


def test_launch_area_equality_ignores_geometry_objects():
    a, b = parse_area(FRONT), parse_area(FRONT)
    assert a == b and hash(a) == hash(b)
    assert isinstance(a, LaunchArea)


def test_a_near_edge_wins_over_nearer_vertices_of_another_part():
    # 111 m from the middle of a 10 km edge whose ends are 5 km away, with three vertices of
    # another part 4.4 km away: the edge's foot must still be found.
    area = parse_area("line:0,0;0,0.0899/0.04,0.044;0.041,0.045;0.04,0.046")
    d, b = distance_to_area(area, np.array([0.001]), np.array([0.045]))
    assert d[0] == pytest.approx(0.1106, abs=0.001)
    assert min(b[0], 360.0 - b[0]) < 0.01
