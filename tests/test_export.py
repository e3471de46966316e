"""Exports: GeoJSON against RFC 7946, KML, the standalone HTML map, the reach table."""

from __future__ import annotations

import dataclasses
import html
import io
import itertools
import json
import math
import re
import xml.etree.ElementTree as ET
from functools import cache

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import System, load_catalogue
from ranges.export import (
    FORMATS,
    KML_MIME,
    ExportData,
    app_formats,
    format_named,
    formats_for,
    reach_csv,
    reach_json,
    to_geojson,
    to_html,
    to_kml,
)
from ranges.export.kml import FILL_ALPHA
from ranges.geometry.rings import Ring, build_rings
from ranges.places.points import LaunchPoint
from ranges.reach.schema import OUTPUT_COLUMNS, REACH_COLUMNS
from ranges.style import PALETTE, system_color
from ranges.web.standalone import inline_css, inline_js

CATALOGUE = load_catalogue()
ATACMS = CATALOGUE.get("atacms")
TOMAHAWK = CATALOGUE.get("tomahawk")
KYIV = LaunchPoint(50.4501, 30.5234, "Kyiv")
KML = "{http://www.opengis.net/kml/2.2}"


def system(base: System, **update: object) -> System:
    return base.model_copy(update=update)


# (launch point, system) of each ring shape the exports must handle
CASES = {
    "kyiv": (KYIV, ATACMS),
    "antimeridian": (LaunchPoint(0.0, 179.9, "Pacific"), TOMAHAWK),
    "north pole": (LaunchPoint(85.0, 0.0, "Arctic"), TOMAHAWK),
    "south pole": (LaunchPoint(-89.0, 10.0, "Antarctic"), TOMAHAWK),
    "annulus": (KYIV, system(TOMAHAWK, min_range_km=500.0)),
    "annulus across the antimeridian": (
        LaunchPoint(0.0, 179.9, "Pacific"),
        system(TOMAHAWK, min_range_km=500.0),
    ),
    "20000 km": (KYIV, system(TOMAHAWK, max_range_km=20_000.0)),
    "20000 km annulus": (
        LaunchPoint(-30.0, -179.0, "South Pacific"),
        system(TOMAHAWK, max_range_km=20_000.0, min_range_km=10_000.0),
    ),
}


@cache
def ring(case: str) -> Ring:
    point, sys = CASES[case]
    return build_rings([point], [sys])[0]


# --- RFC 7946 --------------------------------------------------------------------------------


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON (RFC 7946 section 3 / RFC 8259)")


def signed_area(ring_coords: list[list[float]]) -> float:
    """Shoelace area in the lon/lat plane: positive when counter-clockwise."""
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring_coords)) / 2
    )


def check_position(position: object) -> None:
    assert isinstance(position, list) and len(position) in (2, 3), position
    assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in position)
    assert all(math.isfinite(v) for v in position)
    lon, lat = position[0], position[1]
    assert -180 <= lon <= 180, f"longitude {lon}"
    assert -90 <= lat <= 90, f"latitude {lat}"


def check_linear_ring(coords: object, *, exterior: bool) -> None:
    assert isinstance(coords, list) and len(coords) >= 4, "a linear ring has >= 4 positions"
    for position in coords:
        check_position(position)
    assert coords[0] == coords[-1], "a linear ring is closed"
    area = signed_area(coords)
    if exterior:
        assert area > 0, "exterior rings are counter-clockwise"
    else:
        assert area < 0, "holes are clockwise"
    for (lon0, *_), (lon1, *_) in itertools.pairwise(coords):
        assert abs(lon1 - lon0) <= 180, "no edge crosses the antimeridian the long way"


def check_polygon(coords: object) -> None:
    assert isinstance(coords, list) and coords
    for i, linear_ring in enumerate(coords):
        check_linear_ring(linear_ring, exterior=i == 0)


def check_rfc7946(text: str) -> dict:
    """The checks of RFC 7946 that apply to our output; returns the parsed document."""
    document = json.loads(text, parse_constant=_refuse_constant)
    assert document["type"] == "FeatureCollection"
    assert "crs" not in document  # RFC 7946 section 4: WGS 84 only, no crs member
    assert isinstance(document["features"], list)
    for feature in document["features"]:
        assert feature["type"] == "Feature"
        assert isinstance(feature["properties"], dict)
        geometry = feature["geometry"]
        assert geometry["type"] in ("Polygon", "MultiPolygon")
        if geometry["type"] == "Polygon":
            check_polygon(geometry["coordinates"])
        else:
            assert len(geometry["coordinates"]) >= 1
            for polygon in geometry["coordinates"]:
                check_polygon(polygon)
    return document


def test_the_checker_catches_what_it_claims() -> None:
    good = [[0, 0], [1, 0], [1, 1], [0, 0]]
    check_linear_ring(good, exterior=True)
    for bad, exterior in (
        (good[::-1], True),  # clockwise exterior
        (good, False),  # counter-clockwise hole
        ([[0, 0], [1, 0], [0, 0]], True),  # too short
        ([[0, 0], [1, 0], [1, 1], [0, 1]], True),  # not closed
        ([[0, 0], [181, 0], [1, 1], [0, 0]], True),  # longitude out of range
        ([[0, 0], [1, 0], [1, math.nan], [0, 0]], True),
        ([[170, 0], [-170, 1], [170, 1], [170, 0]], True),  # crosses the antimeridian
    ):
        with pytest.raises(AssertionError):
            check_linear_ring(bad, exterior=exterior)
    with pytest.raises(ValueError):
        json.loads('{"a": NaN}', parse_constant=_refuse_constant)


@pytest.mark.parametrize("case", list(CASES))
def test_geojson_follows_rfc7946(case: str) -> None:
    r = ring(case)
    document = check_rfc7946(to_geojson([r]))
    (feature,) = document["features"]
    props = feature["properties"]
    for key in ("system", "name", "launch_lat", "launch_lon", "min_range_km", "max_range_km"):
        assert key in props
    assert props["system"] == r.system.id
    assert props["launch_lat"] == r.point.lat and props["launch_lon"] == r.point.lon
    assert props["min_range_km"] == r.min_range_km
    assert props["max_range_km"] == r.max_range_km
    assert props["area_km2"] > 0


def test_geojson_shapes_of_the_special_cases() -> None:
    def geometry(case: str) -> dict:
        return json.loads(to_geojson([ring(case)]))["features"][0]["geometry"]

    assert geometry("antimeridian")["type"] == "MultiPolygon"
    annulus = geometry("annulus")
    assert annulus["type"] == "Polygon" and len(annulus["coordinates"]) == 2
    for pole, lat in (("north pole", 90), ("south pole", -90)):
        coords = geometry(pole)["coordinates"][0]
        assert any(p[1] == lat for p in coords), "a ring around a pole encloses it"
        assert {-180, 180} <= {p[0] for p in coords}
    whole = geometry("20000 km")  # the world but a small region around the antipode
    assert len(whole["coordinates"]) == 2
    assert signed_area(whole["coordinates"][0]) == pytest.approx(360 * 180)


def test_geojson_of_many_rings_and_indent() -> None:
    rings = [ring(case) for case in CASES]
    text = to_geojson(rings, indent=2)
    assert text.endswith("\n") and "\n  " in text
    assert len(check_rfc7946(text)["features"]) == len(CASES)


def test_geojson_refuses_nan() -> None:
    r = ring("kyiv")
    area = dataclasses.replace(r.area, geometry={"type": "Polygon", "coordinates": [[[math.nan]]]})
    with pytest.raises(ValueError):
        to_geojson([dataclasses.replace(r, area=area)])


# --- KML -------------------------------------------------------------------------------------


def parse_kml(text: str) -> ET.Element:
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    root = ET.fromstring(text.encode("utf-8"))
    assert root.tag == f"{KML}kml"
    return root


def triplets(text: str) -> list[tuple[float, float, float]]:
    out = []
    for item in text.split():
        assert re.fullmatch(r"-?\d+\.\d{7},-?\d+\.\d{7},0", item), item
        lon, lat, alt = (float(v) for v in item.split(","))
        assert -180 <= lon <= 180 and -90 <= lat <= 90 and alt == 0
        out.append((lon, lat, alt))
    return out


def kml_color(hex_color: str, alpha: int) -> str:
    r, g, b = hex_color[1:3], hex_color[3:5], hex_color[5:7]
    return f"{alpha:02x}{b}{g}{r}"


def test_kml_one_placemark_per_ring_one_style_per_system() -> None:
    uncoloured = system(ATACMS, id="plain", color=None)
    points = [KYIV, LaunchPoint(46.48, 30.72, "Odesa")]
    systems = [ATACMS, TOMAHAWK, uncoloured]
    rings = build_rings(points, systems)
    root = parse_kml(to_kml(rings))
    doc = root.find(f"{KML}Document")
    styles = doc.findall(f"{KML}Style")
    assert [s.get("id") for s in styles] == ["system-atacms", "system-tomahawk", "system-plain"]
    for index, (style, sys) in enumerate(zip(styles, systems, strict=True)):
        color = system_color(sys, index)  # the map's colour for it
        assert style.find(f"{KML}LineStyle/{KML}color").text == kml_color(color, 0xFF)
        assert style.find(f"{KML}PolyStyle/{KML}color").text == kml_color(color, FILL_ALPHA)
    assert kml_color(PALETTE[2], 0xFF) == styles[2].find(f"{KML}LineStyle/{KML}color").text
    assert styles[0].find(f"{KML}LineStyle/{KML}color").text == "ff2827d6"  # #d62728

    marks = doc.findall(f"{KML}Placemark")
    assert len(marks) == len(rings) == 6
    for mark, r in zip(marks, rings, strict=True):
        assert mark.find(f"{KML}styleUrl").text == f"#system-{r.system.id}"
        assert mark.find(f"{KML}name").text == f"{r.system.name} from {r.point.label}"
        data = {d.get("name"): d.find(f"{KML}value").text for d in mark.iter(f"{KML}Data")}
        assert data["system"] == r.system.id and data["launch"] == r.point.label


@pytest.mark.parametrize("case", list(CASES))
def test_kml_geometry_matches_the_geojson(case: str) -> None:
    r = ring(case)
    mark = parse_kml(to_kml([r])).find(f"{KML}Document/{KML}Placemark")
    polygons = mark.findall(f"{KML}MultiGeometry/{KML}Polygon")
    geometry = r.area.geometry
    expected = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    assert len(polygons) == len(expected)
    for polygon, rings_of_polygon in zip(polygons, expected, strict=True):
        outer = polygon.findall(f"{KML}outerBoundaryIs/{KML}LinearRing/{KML}coordinates")
        inner = polygon.findall(f"{KML}innerBoundaryIs/{KML}LinearRing/{KML}coordinates")
        assert len(outer) == 1 and len(inner) == len(rings_of_polygon) - 1
        for element, coords in zip(outer + inner, rings_of_polygon, strict=True):
            got = triplets(element.text)
            assert got[0] == got[-1] and len(got) >= 4
            assert [(lon, lat) for lon, lat, _ in got] == [
                (round(lon, 7), round(lat, 7)) for lon, lat in coords
            ]


def test_kml_annulus_has_an_inner_boundary() -> None:
    root = parse_kml(to_kml([ring("annulus")]))
    assert len(list(root.iter(f"{KML}innerBoundaryIs"))) == 1
    assert len(list(parse_kml(to_kml([ring("kyiv")])).iter(f"{KML}innerBoundaryIs"))) == 0


HOSTILE_NAME = "<script>alert(1)</script>"
HOSTILE_LABEL = "a`b`${x}\\ & \"q\" 'q' ]]> <!-- --> &amp; </Placemark>"


def hostile_rings() -> list[Ring]:
    r = ring("kyiv")
    sys = system(
        r.system,
        name=HOSTILE_NAME,
        sources=(r.system.sources[0].model_copy(update={"title": "<b>src</b> & co"}),),
    )
    return [dataclasses.replace(r, system=sys, point=LaunchPoint(50.45, 30.52, HOSTILE_LABEL))]


def test_kml_escapes_names_and_labels() -> None:
    text = to_kml(hostile_rings(), title="<title> & </Document>")
    assert "<script>" not in text and "</Placemark>\n</Document>" not in text.split("<name>")[1]
    root = parse_kml(text)
    assert root.find(f"{KML}Document/{KML}name").text == "<title> & </Document>"
    mark = root.find(f"{KML}Document/{KML}Placemark")
    assert mark.find(f"{KML}name").text == f"{HOSTILE_NAME} from {HOSTILE_LABEL}"
    description = mark.find(f"{KML}description").text
    assert "<" not in description  # Google Earth renders descriptions as HTML
    shown = html.unescape(description)
    assert HOSTILE_LABEL in shown and "Source: <b>src</b> & co" in shown
    assert len(root.findall(f"{KML}Document/{KML}Placemark")) == 1


NAMES = st.text(min_size=1, max_size=30).filter(lambda s: s.strip())
LABEL_TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40
)


@settings(max_examples=150, deadline=None)
@given(NAMES, LABEL_TEXT)
def test_kml_stays_well_formed_for_any_text(name: str, label: str) -> None:
    """Any name (even with characters XML cannot hold) and any label a point accepts."""
    try:
        point = LaunchPoint(1.0, 2.0, label)
    except ValueError:
        return  # a label LaunchPoint refuses never reaches an export
    r = dataclasses.replace(ring("kyiv"), system=system(ATACMS, name=name), point=point)
    mark = parse_kml(to_kml([r])).find(f"{KML}Document/{KML}Placemark")
    got = mark.find(f"{KML}name").text
    expected = f"{name} from {point.label}".replace("\r\n", "\n").replace("\r", "\n")
    expected = re.sub("[^\t\n\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "\ufffd", expected)
    assert got == expected
    if "\ufffe" not in point.label and "\uffff" not in point.label:
        assert point.label in got  # every label a point accepts survives, but two non-characters


# --- HTML ------------------------------------------------------------------------------------


def page_of(*args: object, **kwargs: object) -> str:
    """``to_html``'s page without the library code it carries inline (Leaflet and plugins,
    tests/test_standalone.py), so that the checks below see only the map's own part."""
    page = to_html(*args, **kwargs)
    assert page.count(inline_js()) == 1 and page.count(inline_css()) == 1
    return page.replace(inline_js(), "").replace(inline_css(), "")


def script_strings(page: str, pattern: str) -> list[str]:
    """The JSON string literals that follow ``pattern`` in the page's scripts, decoded."""
    return [json.loads(m) for m in re.findall(pattern + r'\s*("(?:[^"\\]|\\.)*")', page)]


def test_html_is_a_standalone_leaflet_map() -> None:
    systems = [ATACMS, TOMAHAWK, system(ATACMS, id="unused", name="Unused")]
    points = [KYIV, LaunchPoint(46.48, 30.72, "Odesa")]
    rings = build_rings(points, systems[:2])
    page = page_of(rings, systems, points, units="mi", opacity=0.4, title="My map")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert re.search(r'<div class="folium-map" id="map_[0-9a-f]+"', page)
    assert "L.map(" in page and "L.tileLayer(" in page and "tile.openstreetmap.org" in page
    # Standalone: no script or stylesheet is loaded from anywhere (tiles aside).
    assert not re.search(r"<script[^>]*\bsrc=|<link[^>]*stylesheet", page)
    assert page.count("L.geoJson(") == 2  # one per system with rings; none for "Unused"
    assert page.count("L.marker(") == 2  # the launch points
    assert "L.control.layers(" in page
    assert "fetch(" not in page  # no borders layer (it needs the app's static files)
    assert "<title>My map</title>" in page
    assert '"fillOpacity": 0.4' in page
    (legend,) = script_strings(page, r"div\.innerHTML =")
    assert 'class="rm-legend"' in legend and "My map" in legend
    for sys in systems:
        assert html.escape(sys.name) in legend
    assert "186 mi" in legend and "1,491 mi" in legend  # 300 km and 2,400 km in miles
    bounds = json.loads(re.search(r"fitBounds\(\s*(\[\[.*?\]\])", page, re.S).group(1))
    (south, west), (north, east) = bounds
    assert south < 46.48 - 2 and north > 50.45 + 2 and west < 30 < east


def test_html_fits_a_ring_across_the_antimeridian_in_one_piece() -> None:
    r = ring("antimeridian")
    page = page_of([r], [r.system], [r.point])
    (south, west), (north, east) = json.loads(
        re.search(r"fitBounds\(\s*(\[\[.*?\]\])", page, re.S).group(1)
    )
    assert 150 < west < 179.9 < 180 < east < 210  # not the whole world, -180 to 180
    assert south == pytest.approx(-north, abs=0.1)


def test_html_without_rings_or_points_still_renders() -> None:
    page = page_of([], [], [])
    assert 'class="folium-map"' in page and "fitBounds" not in page
    page = page_of([], [ATACMS], [KYIV])
    assert "L.marker(" in page and "fitBounds" not in page


def test_html_escapes_names_labels_and_the_title() -> None:
    rings = hostile_rings()
    title = "<img src=x onerror=alert(2)> `${y}`"
    page = page_of(rings, [rings[0].system], [rings[0].point], title=title)
    for raw in (HOSTILE_NAME, "<img", "${x}", "${y}", "a`b", "`${", "alert(1)</script>"):
        assert raw not in page, raw
    # No markup was injected: the page has as many script elements as a harmless one.
    calm = [dataclasses.replace(rings[0], system=ATACMS, point=KYIV)]
    calm_page = page_of(calm, [ATACMS], [KYIV], title="calm")
    assert page.count("<script") == calm_page.count("<script")
    assert page.count("<img") == calm_page.count("<img") == 0
    # What the browser shows is the text itself.
    (legend,) = script_strings(page, r"div\.innerHTML =")
    assert html.unescape(legend).count(HOSTILE_NAME) == 1
    assert html.unescape(re.search(r"<title>(.*?)</title>", page).group(1)) == title
    tips = [f["properties"]["tip"] for f in geojson_layers(page)[0]["features"]]
    assert HOSTILE_LABEL in html.unescape(tips[0]) and HOSTILE_NAME in html.unescape(tips[0])


def geojson_layers(page: str) -> list[dict]:
    """The GeoJSON data folium embeds (``geo_json_..._add({...});``)."""
    return [json.loads(m) for m in re.findall(r"geo_json_[0-9a-f]+_add\((\{.*?\})\);", page)]


def test_html_rings_are_the_app_layers() -> None:
    rings = build_rings([KYIV], [ATACMS, TOMAHAWK])
    page = page_of(rings, [ATACMS, TOMAHAWK], [KYIV])
    layers = geojson_layers(page)
    assert [layer["features"][0]["properties"]["system"] for layer in layers] == [
        "atacms",
        "tomahawk",
    ]


# --- the reach table ------------------------------------------------------------------------


def reach_rows() -> pd.DataFrame:
    """Rows as the reach engine makes them, with extra columns that the exports drop."""
    return pd.DataFrame(
        {
            "launch_index": [0, 0, 1],
            "city": ["Kyiv", 'Odesa, "Perlyna"', "Zürich\nnewline"],
            "country": ["Ukraine", "Ukraine", "Switzerland"],
            "latitude": [50.45466, 46.47747, 47.36667],
            "longitude": [30.5238, 30.73262, 8.55],
            "population": [2_797_553, 1_015_826, 341_730],
            "launch": ["Kyiv", "=HYPERLINK(1)", "a,b `${x}`"],
            "system": ["atacms", "atacms", "tomahawk"],
            "distance_km": [0.00049, 396.123456, 1_999.9999],
            "bearing_deg": [12.3456, 359.996, 270.005],
            "city_index": [10, 20, 30],
        }
    )


def test_csv_has_exactly_the_reach_columns_and_round_trips() -> None:
    text = reach_csv(reach_rows())
    assert text.splitlines()[0] == ",".join(OUTPUT_COLUMNS)
    assert [*REACH_COLUMNS, "part_of"] == OUTPUT_COLUMNS  # the extension column comes last
    assert "\r" not in text and text.endswith("\n")
    back = pd.read_csv(io.StringIO(text), keep_default_na=False)
    assert list(back.columns) == list(OUTPUT_COLUMNS)
    rows = reach_rows()
    for column in ("city", "country", "system", "population", "latitude", "longitude"):
        assert back[column].tolist() == rows[column].tolist(), column
    # a label a spreadsheet would run as a formula reads back with its guard (section 7)
    assert back["launch"].tolist() == ["Kyiv", "'=HYPERLINK(1)", "a,b `${x}`"]
    assert back["part_of"].tolist() == ["", "", ""]  # rows without the column: no sections
    assert back["distance_km"].tolist() == [0.0, 396.123, 2000.0]
    assert back["bearing_deg"].tolist() == [12.35, 0.0, 270.0]  # in [0, 360)


def test_csv_text_that_looks_like_numbers_reads_back_as_text() -> None:
    rows = reach_rows().assign(launch=["001", "NA", "1e5"], city=["null", "True", "-0"])
    text = reach_csv(rows)
    text_columns = {c: str for c in ("city", "country", "launch", "system")}
    back = pd.read_csv(io.StringIO(text), dtype=text_columns, keep_default_na=False)
    assert back["launch"].tolist() == ["001", "NA", "1e5"]
    assert back["city"].tolist() == ["null", "True", "'-0"]  # "-0" could be a formula


def test_json_rows_parse_with_the_same_values() -> None:
    text = reach_json(reach_rows())
    rows = json.loads(text, parse_constant=_refuse_constant)
    assert isinstance(rows, list) and len(rows) == 3
    assert all(list(row) == list(OUTPUT_COLUMNS) for row in rows)
    assert rows[1] == {
        "city": 'Odesa, "Perlyna"',
        "country": "Ukraine",
        "latitude": 46.47747,
        "longitude": 30.73262,
        "population": 1_015_826,
        "launch": "=HYPERLINK(1)",
        "system": "atacms",
        "distance_km": 396.123,
        "bearing_deg": 0.0,
        "part_of": "",
    }  # JSON is not a spreadsheet: text stays as it is
    assert isinstance(rows[0]["population"], int)
    assert rows[2]["city"] == "Zürich\nnewline" and "Zürich" in text  # UTF-8, not \u escapes


def test_reach_exports_of_no_rows() -> None:
    empty = reach_rows().iloc[0:0]
    assert reach_csv(empty) == ",".join(OUTPUT_COLUMNS) + "\n"
    assert json.loads(reach_json(empty)) == []
    assert reach_csv(pd.DataFrame()) == ",".join(OUTPUT_COLUMNS) + "\n"


def test_reach_exports_refuse_missing_columns_and_nan() -> None:
    with pytest.raises(ValueError, match="bearing_deg"):
        reach_csv(reach_rows().drop(columns=["bearing_deg"]))
    with pytest.raises(ValueError, match="distance_km"):
        reach_json(reach_rows().assign(distance_km=[1.0, math.nan, 2.0]))
    with pytest.raises(ValueError):
        reach_json(reach_rows().assign(latitude=[1.0, math.inf, 2.0]))


def test_reach_exports_keep_the_row_order_and_the_input_untouched() -> None:
    rows = reach_rows()
    before = rows.copy()
    shuffled = rows.iloc[[2, 0, 1]]
    assert [r["city"] for r in json.loads(reach_json(shuffled))] == shuffled["city"].tolist()
    pd.testing.assert_frame_equal(rows, before)


def test_a_row_without_bearing_is_empty_in_csv_and_null_in_json() -> None:
    """A city at the launch point (distance 0) has no bearing: NaN in the frame, an empty CSV
    cell, JSON ``null``; NaN elsewhere is still refused."""
    rows = reach_rows().assign(distance_km=[0.0, 396.1, 2000.0], bearing_deg=[math.nan, 1.0, 2.0])
    lines = reach_csv(rows).splitlines()
    assert lines[1].endswith(",atacms,0.0,,")
    back = pd.read_csv(io.StringIO(reach_csv(rows)))
    assert math.isnan(back["bearing_deg"][0]) and back["bearing_deg"][1] == 1.0
    parsed = json.loads(reach_json(rows), parse_constant=_refuse_constant)
    assert parsed[0]["bearing_deg"] is None and parsed[1]["bearing_deg"] == 1.0
    with pytest.raises(ValueError, match="distance_km"):
        reach_json(rows.assign(distance_km=[math.nan, 1.0, 2.0]))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_text_a_spreadsheet_would_evaluate_gets_a_leading_quote(start) -> None:
    """INTERFACES.md section 7, in every text column; numbers stay numbers (a negative
    longitude is not text)."""
    text = f"{start}SUM(A1)"
    rows = reach_rows().assign(
        city=[text, "ok", "ok"],
        country=["ok", text, "ok"],
        launch=["ok", "ok", text],
        system=[text, "s", "s"],
        longitude=[-30.5, 30.7, 8.55],
        part_of=["", text, ""],
    )
    back = pd.read_csv(io.StringIO(reach_csv(rows)), keep_default_na=False)
    for column in ("city", "country", "launch", "system", "part_of"):
        assert ("'" + text) in back[column].tolist(), column
        assert text not in back[column].tolist(), column
    assert back["longitude"].tolist() == [-30.5, 30.7, 8.55]
    assert json.loads(reach_json(rows))[0]["city"] == text  # JSON keeps the text as it is


def test_systems_csv_text_is_spreadsheet_safe_too() -> None:
    """Every CSV the project writes follows section 7: the systems list as well."""
    from ranges.catalogue.systems import Catalogue
    from ranges.export import ExportData, format_named

    hostile = system(ATACMS, name="=cmd|' /C calc'!A0", kind="other")
    text = format_named("catalogue", "csv").write(ExportData(catalogue=Catalogue((hostile,))))
    back = pd.read_csv(io.StringIO(text))
    assert back["name"].tolist() == ["'=cmd|' /C calc'!A0"]
    assert back["max_range_km"].tolist() == [ATACMS.max_range_km]  # numbers stay numbers


def pandas_reference_csv(rows: pd.DataFrame) -> str:
    """The CSV as pandas wrote it before the fast writer, with the section 7 guard added."""
    table = rows.loc[:, [*REACH_COLUMNS, "part_of"]].copy()
    table["distance_km"] = table["distance_km"].round(3)
    table["bearing_deg"] = table["bearing_deg"].round(2) % 360.0
    for column in ("city", "country", "launch", "system", "part_of"):
        table[column] = [
            "'" + v if v.startswith(("=", "+", "-", "@", "\t", "\r")) else v for v in table[column]
        ]
    return table.to_csv(index=False, lineterminator="\n")


def random_rows() -> pd.DataFrame:
    """Random rows with repeated cities (the engine's ``city_index``), awkward text, floats of
    every size, NaN bearings."""
    rng = np.random.default_rng(5)
    n_cities, n = 300, 5000
    words = ["Kyiv", "a,b", 'q"uote', "line\nbreak", "=1+2", "-x", "Zürich", "", " sp", "@me"]
    city_names = [rng.choice(words) + str(k % 7) for k in range(n_cities)]
    digits = rng.integers(0, 8, n_cities)
    lats = np.array(
        [round(x, d) for x, d in zip(rng.uniform(-90, 90, n_cities), digits, strict=True)]
    )
    lats[:6] = [0.0, -0.0, 1e-05, 50.0, 1e-07, 89.99999]
    city = rng.integers(0, n_cities, n)
    distance = rng.uniform(0, 3000, n) * 10.0 ** rng.integers(-4, 2, n)
    distance[:3] = [0.0, 0.0004999, 1999.9995]
    bearing = rng.uniform(0, 360, n)
    bearing[:4] = [np.nan, 359.996, 359.994, 0.004]
    return pd.DataFrame(
        {
            "city": [city_names[k] for k in city],
            "country": [["Ukraine", "+country", "Côte d'Ivoire"][k % 3] for k in city],
            "latitude": lats[city],
            "longitude": -lats[city] / 2,
            "population": (city * 1000).astype(np.int64),
            "launch": rng.choice(["P0", "=P1", "P,2"], n),
            "system": rng.choice(["atacms", "tomahawk"], n),
            "distance_km": distance,
            "bearing_deg": bearing,
            "city_index": city,
            "part_of": [["", "Kyiv", "-Moscow"][k % 3] for k in city],
        }
    )


def test_fast_csv_writes_what_pandas_wrote() -> None:
    """The fast CSV writer's text equals pandas' ``to_csv`` (plus the section 7 guard)."""
    rows = random_rows()
    assert reach_csv(rows) == pandas_reference_csv(rows)
    no_index = rows.drop(columns=["city_index"])
    assert reach_csv(no_index) == pandas_reference_csv(rows)


def test_csv_of_the_engine_arrays_is_the_csv_of_its_frame() -> None:
    """``python -m ranges reach`` writes from ``reach_columns`` (arrays, no pandas): the same
    bytes as from the DataFrame, and the same JSON."""
    import pyarrow as pa

    from ranges.export.rows import reach_csv_parts
    from ranges.reach.columns import arrow_strings

    rows = random_rows()
    text_columns = ("city", "country", "launch", "system", "part_of")
    columns = {
        c: arrow_strings(rows[c].tolist()) if c in text_columns else rows[c].to_numpy()
        for c in rows.columns
    }
    assert isinstance(columns["city"], pa.Array) and isinstance(columns["latitude"], np.ndarray)
    text = reach_csv(rows)
    assert reach_csv(columns) == text
    assert b"".join(reach_csv_parts(columns)) == text.encode("utf-8")
    assert b"".join(reach_csv_parts(rows)) == text.encode("utf-8")
    assert reach_json(columns) == reach_json(rows)
    data = ExportData(rows=columns)
    assert b"".join(format_named("reach", "csv").write_bytes(data)) == text.encode("utf-8")
    assert format_named("reach", "json").write_bytes(data) == [reach_json(rows).encode("utf-8")]
    with pytest.raises(ValueError, match="bearing_deg"):
        reach_csv({c: v for c, v in columns.items() if c != "bearing_deg"})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.builds(round, st.floats(-1e11, 1e11), st.integers(0, 6)),
            st.builds(round, st.floats(-1e-3, 1e-3), st.integers(3, 6)),
        ),
        min_size=1,
        max_size=50,
    )
)
def test_float_cells_are_python_repr(values) -> None:
    """Latitudes and longitudes: five-decimal floats are written from integers, the rest by
    numpy; either way the text is Python's ``repr`` (NaN: empty)."""
    from ranges.export.cells import float_cells

    numbers = np.array(values, dtype=float)
    expected = ["" if math.isnan(v) else repr(float(v)) for v in numbers]
    assert float_cells(numbers).to_pylist() == expected


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.floats(0.0, 360.0, exclude_max=True) | st.just(math.nan), max_size=40),
    st.lists(st.floats(0.0, 20_004.0) | st.just(-0.0), max_size=40),
)
def test_streamed_number_cells_are_the_fixed_cells(bearings, distances) -> None:
    """The streamed CSV's table lookups write what ``fixed_cells`` writes."""
    from ranges.export.cells import bearing_cells, distance_cells, fixed_cells

    bearing = np.round(np.array(bearings, dtype=float), 2) % 360.0
    distance = np.round(np.array(distances, dtype=float), 3)
    assert bearing_cells(bearing).to_pylist() == fixed_cells(bearing, 2).to_pylist()
    assert distance_cells(distance).to_pylist() == fixed_cells(distance, 3).to_pylist()


def test_fraction_digits() -> None:
    from ranges.export.cells import fraction_cells

    for decimals in (1, 2, 3, 5):
        expected = [f"{k:0{decimals}d}".rstrip("0") or "0" for k in range(10**decimals)]
        assert fraction_cells(decimals).to_pylist() == expected


# --- the command line's reach CSV, streamed (ranges.export.reachstream) ------------------------


def _table_csv(points, systems, gazetteer, min_population: int = 0) -> bytes:
    """The reach CSV the way the table is written: ``reach_columns`` then ``reach_csv_parts``."""
    from ranges.export.rows import reach_csv_parts
    from ranges.reach.pairtable import reach_columns

    columns = reach_columns(points, systems, gazetteer, min_population=min_population)
    return b"".join(bytes(part) for part in reach_csv_parts(columns))


def _streamed_csv(points, systems, gazetteer, min_population: int = 0) -> bytes:
    from ranges.export.reachstream import reach_csv_stream

    parts = reach_csv_stream(points, systems, gazetteer, min_population=min_population)
    return b"".join(bytes(part) for part in parts)


@cache
def _cities15000():
    from ranges.places.extracts import default_gazetteer

    return default_gazetteer("cities15000")


STREAM_POINTS = [
    KYIV,
    LaunchPoint(-33.87, 151.21, "Sydney, NSW"),  # a comma: the label is quoted
    LaunchPoint(64.0, -179.9, "=Chukotka"),  # a formula: guarded; near the antimeridian
    LaunchPoint(50.4501, 30.5234, "Kyiv again"),  # the same place twice
    LaunchPoint(0.0, -30.0, "Atlantic"),  # nothing near
]


@pytest.mark.parametrize(
    "systems",
    [
        [TOMAHAWK, ATACMS],  # the longest first by id? no: input order differs from id order
        [system(TOMAHAWK, id="a-long", min_range_km=800.0), ATACMS, system(ATACMS, id="z")],
        [ATACMS, ATACMS, system(TOMAHAWK, max_range_km=150.0)],  # a repeat; a shorter last
        [system(TOMAHAWK, max_range_km=20000.0)],  # every city (the bound's whole sphere)
    ],
    ids=["two", "annulus first", "repeat", "whole earth"],
)
@pytest.mark.parametrize("min_population", [0, 400_000])
def test_streamed_csv_is_the_tables_csv(systems, min_population) -> None:
    """The command line's CSV (one job per system and launch point, pairs grown shell by
    shell) has the bytes of the table's writer, for points everywhere, annuli, repeated and
    overlapping systems in any id order, and a population floor."""
    gazetteer = _cities15000()
    if systems[0].max_range_km == 20000.0 and min_population == 0:
        min_population = 100_000  # the whole earth from five points: keep the test quick
    streamed = _streamed_csv(STREAM_POINTS, systems, gazetteer, min_population)
    table = _table_csv(STREAM_POINTS, systems, gazetteer, min_population)
    assert streamed == table
    assert streamed.count(b"\n") > 1  # rows, not only the header


def test_streamed_csv_of_nothing_is_the_header() -> None:
    gazetteer = _cities15000()
    header = (",".join(OUTPUT_COLUMNS) + "\n").encode()
    ocean = [LaunchPoint(0.0, -30.0, "Atlantic")]
    assert (
        _streamed_csv(ocean, [ATACMS], gazetteer)
        == header
        == _table_csv(ocean, [ATACMS], gazetteer)
    )
    assert _streamed_csv([], [ATACMS], gazetteer) == header
    assert _streamed_csv([KYIV], [], gazetteer) == header
    assert _streamed_csv([KYIV], [ATACMS], gazetteer, 10**10) == header
    with pytest.raises(ValueError, match="min_population"):
        _streamed_csv([KYIV], [ATACMS], gazetteer, -1)


def test_streamed_csv_stopped_early_leaves_no_job_behind() -> None:
    """A reader that stops after the first lines (a full disk, a closed pipe) closes the
    stream: the pool's jobs end instead of waiting for ever."""
    import threading
    import time

    from ranges.export.reachstream import reach_csv_stream

    before = {t for t in threading.enumerate() if t.name.startswith("reach-stream")}
    parts = reach_csv_stream([KYIV, *STREAM_POINTS], [TOMAHAWK, ATACMS], _cities15000())
    assert next(parts).startswith(b"city,") and next(parts)
    parts.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        left = {t for t in threading.enumerate() if t.name.startswith("reach-stream")} - before
        if not any(t.is_alive() for t in left):
            break
        time.sleep(0.05)
    assert not any(t.is_alive() for t in left)


@settings(max_examples=15, deadline=None)
@given(
    lats=st.lists(st.floats(-89.9, 89.9), min_size=1, max_size=4),
    lon=st.floats(-180.0, 180.0),
    ranges_km=st.lists(st.floats(1.0, 3000.0), min_size=1, max_size=3),
)
def test_streamed_csv_is_the_tables_csv_anywhere(lats, lon, ranges_km) -> None:
    points = [
        LaunchPoint(lat, (lon + 187.0 * i) % 360.0 - 180.0, f"P{i}") for i, lat in enumerate(lats)
    ]
    systems = [
        system(ATACMS, id=f"s{len(ranges_km) - k}", max_range_km=r, min_range_km=r / 4 * (k % 2))
        for k, r in enumerate(ranges_km)
    ]
    gazetteer = _cities15000()
    assert _streamed_csv(points, systems, gazetteer, 50_000) == _table_csv(
        points, systems, gazetteer, 50_000
    )


def test_the_cli_writes_the_streamed_csv(tmp_path) -> None:
    """``python -m ranges reach --output`` takes the streamed way and writes the table's bytes;
    to standard output too."""
    from ranges.cli import run

    out_file = tmp_path / "reach.csv"
    args = ["reach", "--system", "all", "--from", "50.4501,30.5234,Kyiv", "--from=-33.87,151.21"]
    args += ["--gazetteer", "cities15000", "--min-population", "100000"]
    assert run([*args, "--output", str(out_file)], io.StringIO(), io.StringIO()) == 0
    points = [KYIV, LaunchPoint(-33.87, 151.21)]
    expected = _table_csv(points, list(CATALOGUE.systems), _cities15000(), 100_000)
    assert out_file.read_bytes() == expected
    out = io.StringIO()
    assert run(args, out, io.StringIO()) == 0
    assert out.getvalue().encode("utf-8") == expected


def test_the_cli_streams_the_csv_to_standard_output(tmp_path) -> None:
    """A real process: standard output gets the streamed bytes, the same as ``--output``."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    args = [sys.executable, "-m", "ranges", "reach", "--system", "atacms,tomahawk"]
    args += ["--from", "Kyiv", "--from=-33.87,151.21", "--gazetteer", "cities15000"]
    done = subprocess.run(args, cwd=root, capture_output=True, check=True)
    out_file = tmp_path / "reach.csv"
    subprocess.run([*args, "--output", str(out_file)], cwd=root, check=True)
    assert done.stdout == out_file.read_bytes()
    assert done.stdout.startswith(b"city,country,") and done.stdout.count(b"\n") > 1000


@pytest.mark.parametrize(
    "values",
    [
        np.array([True, False, True, True, False, False, False, True, True]),
        np.array([], dtype=bool),
        np.array([3, -1, 0, 2**40], dtype=np.int64),
        np.array([7, 8], dtype=np.int32),
        np.array([1.5, np.nan, -0.0, 1e300]),
        np.array(["1.5", "", "nan", "-12345.678"]),
        np.array(["", ""]),
        np.array([], dtype=str),
        np.array([1, 2, 3, 4, 5, 6])[::2],
    ],
)
def test_arrow_arrays_from_buffers_equal_pyarrows(values: np.ndarray) -> None:
    import pyarrow as pa

    from ranges.reach.columns import arrow_array, arrow_strings

    built = arrow_array(values)
    built.validate(full=True)
    if values.dtype.kind == "U":
        assert built.equals(pa.array(values.tolist(), pa.large_string()))
        assert arrow_strings(values.tolist()).equals(built)
    elif values.dtype.kind == "f":  # NaN equals nothing: the same type and the same bits
        assert built.type == pa.array(values).type
        assert built.to_numpy().tobytes() == np.ascontiguousarray(values).tobytes()
    else:
        assert built.equals(pa.array(values))
    words = ["Kyiv", "Zürich", "", "Côte d'Ivoire", "東京"]
    assert arrow_strings(words).equals(pa.array(words, pa.large_string()))


def test_fast_json_writes_what_json_dumps_wrote() -> None:
    """The JSON, built a column at a time, is ``json.dumps(records, indent=1)`` byte for byte."""
    rows = random_rows()
    table = rows.loc[:, [*REACH_COLUMNS, "part_of"]].copy()
    table["distance_km"] = table["distance_km"].round(3)
    table["bearing_deg"] = table["bearing_deg"].round(2) % 360.0
    records = table.to_dict(orient="records")
    for record in records:
        for key, value in record.items():
            if isinstance(value, float) and math.isnan(value):
                record[key] = None
            elif hasattr(value, "item"):
                record[key] = value.item()
    expected = json.dumps(records, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
    assert reach_json(rows) == expected
    assert reach_json(rows, indent=None) == json.dumps(records, ensure_ascii=False) + "\n"


# --- the registry ---------------------------------------------------------------------------


def test_registry_names_are_unique_per_input_and_writers_resolve() -> None:
    keys = [(f.needs, f.name) for f in FORMATS]
    assert len(keys) == len(set(keys))
    assert [f.name for f in formats_for("rings", cli=True)] == [
        "geojson",
        "kml",
        "html",
        "png",
        "svg",
        "pdf",
    ]
    assert [f.name for f in formats_for("reach", cli=True)] == ["csv", "json"]
    assert [f.name for f in formats_for("catalogue", cli=True)] == ["table", "csv", "json"]
    assert [f.file_name for f in app_formats()] == [
        "rings.geojson",
        "rings.kml",
        "reach.csv",
        "map.html",
        "map.png",
        "map.svg",
        "map.pdf",
        "scenario.yaml",
        "targets.csv",
        "targets.json",
        "targets.geojson",
        "targets.kml",
    ]
    assert format_named("rings", "kml").mime == KML_MIME
    assert format_named("rings", "geojson").extension == ".geojson"
    with pytest.raises(KeyError):
        format_named("rings", "csv")


def test_registry_writers_give_what_the_functions_give() -> None:
    rings = [ring("kyiv"), ring("annulus")]
    systems = [r.system for r in rings]
    points = [rings[0].point]
    data = ExportData(rings=rings, systems=systems, points=points, rows=reach_rows())
    assert format_named("rings", "geojson").write(data) == to_geojson(rings)
    assert format_named("rings", "kml").write(data) == to_kml(rings)
    assert format_named("reach", "csv").write(data) == reach_csv(reach_rows())
    assert format_named("reach", "json").write(data) == reach_json(reach_rows())
    page = format_named("rings", "html").write(ExportData(rings=rings, systems=systems, title="T<"))
    assert "<title>T&lt;</title>" in page
    listing = format_named("catalogue", "csv").write(ExportData(catalogue=CATALOGUE))
    assert listing.splitlines()[0] == "id,name,kind,min_range_km,max_range_km,source"
    with pytest.raises(ValueError, match="reach rows"):
        format_named("reach", "csv").write(ExportData())


def test_scenario_file_through_the_registry() -> None:
    from ranges.scenario.model import Scenario
    from ranges.scenario.scenariofile import scenario_to_file

    scenario = Scenario(systems=("atacms",), points=(LaunchPoint(50.45, 30.52, "Kyiv"),))
    text = format_named("scenario", "scenario").write(ExportData(scenario=scenario))
    assert text == scenario_to_file(scenario)
    assert "atacms" in text and "Kyiv" in text
