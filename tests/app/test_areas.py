"""Launch areas in the app: links with areas come back unchanged, the sidebar adds, renames and
removes them, a shape drawn on the map becomes one, and bad input is a warning that loses
nothing else."""

from __future__ import annotations

import json
import re
from urllib.parse import urlencode

import pytest

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areas import parse_area
from ranges.scenario.arealink import plain_text
from ranges.scenario.link import parse_query, to_query
from ranges.scenario.scenariofile import scenario_to_file
from ranges.text import number_text
from ranges.ui.areas import MAX_LINK_CHARS

from .tabs import open_tab
from .test_app import param, shown
from .test_hostile_urls import as_lists, url_of

BUILTIN = load_catalogue()
FRONT = "line:48.5,37.9;47.1,37.5|Front line"


def area_features(fake_map) -> list[dict]:
    """The launch-area outlines the app sent to the map in its last run."""
    return [f for f in fake_map.ring_features() if "area" in f["properties"]]


def ring_launches(fake_map) -> set[str]:
    """The launch (point or area) named in each ring's tooltip."""
    tips = [
        f["properties"]["tip"]
        for f in fake_map.ring_features()
        if "system" in f["properties"] and "tip" in f["properties"]
    ]
    return {m.group(1) for t in tips for m in [re.search(r"from (.*?)<br>", t)] if m}


def drawn_line(n: int) -> list[list[float]]:
    """GeoJSON coordinates ([lon, lat]) of a wavy line of ``n`` vertices, as Leaflet reports."""
    return [[37.0 + (i % 7) * 0.0321, 47.0 + i * 0.01234] for i in range(n)]


def plain_line(coords: list[list[float]]) -> str:
    return "line:" + ";".join(f"{number_text(lat, 5)},{number_text(lon, 5)}" for lon, lat in coords)


# --- links ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "areas",
    [
        ["UKR"],
        ["Ukraine"],
        [FRONT],
        ["poly:50,30;51,32;49,33|Box", "POL"],
        ["line:65,179.5;66,-179.5|Across 180"],
    ],
)
def test_a_link_with_areas_comes_back_unchanged(app, fake_map, areas) -> None:
    at = app({"systems": "atacms", "area": areas}).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning and not at.error, [w.value for w in at.warning]
    scenario, warnings = parse_query({"systems": "atacms", "area": areas}, BUILTIN)
    assert warnings == []
    assert url_of(at) == as_lists(to_query(scenario))
    # the link the app wrote opens the same scenario
    assert parse_query(url_of(at), BUILTIN) == (scenario, [])
    # drawn: one outline per area, one ring per area and system
    assert len(area_features(fake_map)) == len(areas)
    assert ring_launches(fake_map) == {a.label for a in scenario.areas}


def test_areas_mix_with_launch_points(app, fake_map) -> None:
    query = {"systems": "atacms,tomahawk", "from": "50.45,30.52,Kyiv", "area": ["UKR", FRONT]}
    at = app(query).run()
    assert not at.exception and not at.warning
    assert param(at, "from") == ["50.45,30.52,Kyiv"]
    assert ring_launches(fake_map) == {"Kyiv", "Ukraine", "Front line"}
    # the areas are in the legend above the map
    legend = " ".join(m.value for m in at.markdown)
    assert "Launch areas" in legend and "Front line" in legend


def test_a_200_vertex_line_travels_compactly_and_comes_back(app, fake_map) -> None:
    form = plain_line(drawn_line(200))
    at = app({"systems": "atacms", "area": form + "|Drawn front"}).run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    (text,) = param(at, "area")
    assert text.startswith("eline:") and text.endswith("|Drawn front")
    assert len(text) < 1_500 < 3_000 < len(form)
    # reopened from the compact link: the same area, the same link
    again = app(url_of(at)).run()
    assert not again.exception and not again.warning
    assert url_of(again) == url_of(at)
    scenario, _ = parse_query(url_of(again), BUILTIN)
    assert scenario.areas == (parse_area(form + "|Drawn front"),)


def test_a_scenario_file_keeps_the_areas(app, fake_map) -> None:
    query = {"systems": "atacms", "area": ["UKR", FRONT]}
    scenario, _ = parse_query(query, BUILTIN)
    text = scenario_to_file(scenario)
    assert "launch_areas:" in text and "Front line" in text
    at = app({"systems": "scalp-eg", "from": "10,10"}, tab="Export").run()
    upload = at.file_uploader(key="scenario_upload")
    upload.set_value(("s.yaml", text.encode(), "application/yaml")).run()
    assert not at.exception and not at.warning
    assert url_of(at) == as_lists(to_query(scenario))


# --- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "bad",
    [
        "line:48.5,37.9",  # one point
        "poly:1,2;3,4",  # two points
        "line:95,37.9;47.1,37.5",  # latitude out of range
        "Narnia",  # no such country
        "eline:@@@",  # not the compact alphabet
        "file.geojson",
    ],
)
def test_a_bad_area_is_a_warning_and_nothing_else_is_lost(app, fake_map, bad) -> None:
    query = {"systems": "atacms", "from": "50.45,30.52,Kyiv", "area": [bad, "UKR"]}
    at = app(query).run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = [shown(w) for w in at.warning]
    assert len(warnings) == 1 and warnings[0].startswith("Ignored: area:"), warnings
    assert "\n" not in warnings[0]
    assert param(at, "from") == ["50.45,30.52,Kyiv"]
    assert param(at, "systems") == ["atacms"]
    assert [a.partition("|")[0] for a in param(at, "area")] == ["UKR"]


def test_an_unknown_country_suggests_close_names(app, fake_map) -> None:
    at = app({"systems": "atacms", "area": "Ukrane"}).run()
    (warning,) = [shown(w) for w in at.warning]
    assert "Ukraine" in warning


# --- the sidebar ---------------------------------------------------------------------------


def test_pick_a_country_type_a_line_rename_and_remove(app, fake_map) -> None:
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    at.selectbox(key="country_pick").set_value("UKR").run()
    assert not at.exception
    assert [a.partition("|")[0] for a in param(at, "area")] == ["UKR"]
    assert at.selectbox(key="country_pick").value is None  # ready for the next one

    at.text_input(key="new_area").input(FRONT).run()
    assert param(at, "area")[1] == "line:48.5,37.9;47.1,37.5|Front line"
    assert at.text_input(key="new_area").value == ""
    assert ring_launches(fake_map) >= {"Ukraine", "Front line"}

    boxes = [t for t in at.text_input if str(t.key).startswith("area_label:")]
    assert [b.value for b in boxes] == ["Ukraine", "Front line"]
    boxes[1].input("Donbas front").run()
    assert param(at, "area")[1] == "line:48.5,37.9;47.1,37.5|Donbas front"

    removes = [b for b in at.button if str(b.key).startswith("area_remove:")]
    removes[0].click().run()
    assert param(at, "area") == ["line:48.5,37.9;47.1,37.5|Donbas front"]
    assert param(at, "from") == ["50.45,30.52"]


def test_a_bad_typed_area_is_a_message_and_the_box_keeps_it(app, fake_map) -> None:
    at = app({"systems": "atacms", "area": "UKR"}).run()
    at.text_input(key="new_area").input("poly:1,2;3,4").run()
    assert not at.exception
    assert len(at.error) == 1 and "\n" not in at.error[0].value
    assert at.text_input(key="new_area").value == "poly:1,2;3,4"
    assert [a.partition("|")[0] for a in param(at, "area")] == ["UKR"]


def test_uploading_a_geojson_file_adds_its_areas(app, fake_map) -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "Coast"},
                "geometry": {"type": "LineString", "coordinates": [[30.7, 46.5], [33.5, 44.6]]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[30, 50], [32, 51], [33, 49], [30, 50]]],
                },
            },
        ],
    }
    at = app({"systems": "atacms"}).run()
    data = json.dumps(collection).encode()
    at.file_uploader(key="area_upload").set_value(("areas.geojson", data, "application/json"))
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert len(param(at, "area")) == 2
    assert len(area_features(fake_map)) == 2


def test_a_file_that_is_not_geojson_or_kml_is_one_message(app, fake_map) -> None:
    at = app({"systems": "atacms", "area": "UKR"}).run()
    at.file_uploader(key="area_upload").set_value(("x.geojson", b"not json {", "text/plain"))
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "x.geojson" in shown(at.error[0])
    assert [a.partition("|")[0] for a in param(at, "area")] == ["UKR"]


# --- drawing on the map --------------------------------------------------------------------


def test_a_line_drawn_on_the_map_becomes_an_area_once(app, fake_map) -> None:
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    coords = drawn_line(12)
    fake_map.result = {
        "all_drawings": [
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "LineString", "coordinates": coords},
            }
        ]
    }
    at.run()
    assert not at.exception and not at.error
    (text,) = param(at, "area")
    assert text.endswith("|Drawn line 1")
    assert parse_area(plain_text(text)).form == plain_line(coords)
    assert "Drawn line 1" in ring_launches(fake_map)
    assert param(at, "from") == ["50.45,30.52"]  # the clicks of the drawing added no point
    at.run()  # the component reports the same drawing again: not a second area
    assert len(param(at, "area")) == 1


def test_a_polygon_drawn_across_the_antimeridian_is_wrapped(app, fake_map) -> None:
    at = app({"systems": "atacms"}).run()
    ring = [[179.0, 60.0], [181.0, 60.0], [181.0, 62.0], [179.0, 60.0]]  # Leaflet: lon past 180
    fake_map.result = {
        "all_drawings": [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ]
    }
    at.run()
    assert not at.exception and not at.error
    (text,) = param(at, "area")
    assert text.startswith("poly:60,179;60,-179;62,-179|Drawn polygon 1")


def test_a_drawing_that_is_no_area_is_a_message(app, fake_map) -> None:
    at = app({"systems": "atacms", "area": "UKR"}).run()
    fake_map.result = {
        "all_drawings": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [1, 2]},
            }
        ]
    }
    at.run()
    assert not at.exception
    assert any("not added" in shown(e) for e in at.error)
    assert [a.partition("|")[0] for a in param(at, "area")] == ["UKR"]


# --- exports -------------------------------------------------------------------------------


def test_every_export_names_the_areas(app, fake_map) -> None:
    from ranges.export import ExportData, app_formats
    from ranges.scenario.model import effective_systems
    from ranges.ui.resources import cached_rings

    scenario, _ = parse_query({"systems": "atacms", "area": ["UKR", FRONT]}, BUILTIN)
    systems = effective_systems(scenario, BUILTIN)
    rings = cached_rings(scenario.points, tuple(systems), scenario.areas)
    data = ExportData(rings=rings, systems=systems, scenario=scenario, areas=scenario.areas)
    for fmt in app_formats():
        if fmt.needs in ("reach", "targets"):  # targets: tests/app/test_target_exports.py
            continue
        text = fmt.write(data)
        if isinstance(text, bytes):  # pictures: the SVG's labels are text; PNG/PDF are pixels
            if fmt.name != "svg":
                continue
            text = text.decode("utf-8")
        assert "Front line" in text and "Ukraine" in text, fmt.name


def test_an_area_too_detailed_for_a_link_is_refused_with_a_message(app, fake_map) -> None:
    # 2,000 vertices: fine for the engine (10,000), more than a link carries (8,000 characters)
    coords = [[30.0 + i * 0.003, 50.0 + (i % 13) * 0.007] for i in range(2_000)]
    data = json.dumps({"type": "LineString", "coordinates": coords}).encode()
    at = app({"systems": "atacms", "area": "UKR"}).run()
    at.file_uploader(key="area_upload").set_value(("big.geojson", data, "application/json"))
    at.run()
    assert not at.exception
    assert any("simplify" in shown(e) for e in at.error), [e.value for e in at.error]
    assert [a.partition("|")[0] for a in param(at, "area")] == ["UKR"]
    assert len(urlencode(url_of(at), doseq=True)) < MAX_LINK_CHARS


def test_the_reverse_question_and_the_tables_name_the_areas(app, fake_map) -> None:
    query = {"systems": "atacms", "area": FRONT, "target": "48.0,39.5,Target"}
    at = app(query, tab="Reach a target").run()
    assert not at.exception and not at.warning
    reverse = next(d.value for d in at.dataframe if "reachable" in d.value.columns)
    tables = [d.value for d in open_tab(at, "In range").dataframe]
    (row,) = reverse.to_dict("records")
    assert row["launch"] == "Front line" and bool(row["reachable"])
    assert 0 < row["distance"] < 300  # km, the default unit
    cities = next(t for t in tables if "nearest_launch" in t.columns)
    assert len(cities) and set(cities["nearest_launch"]) == {"Front line"}


def test_the_csv_export_has_the_area_rows(app, fake_map) -> None:
    from ranges.export import ExportData, format_named
    from ranges.scenario.model import effective_systems
    from ranges.ui.resources import cached_reach

    scenario, _ = parse_query({"systems": "atacms", "area": FRONT}, BUILTIN)
    systems = tuple(effective_systems(scenario, BUILTIN))
    reach = cached_reach((), systems, 100_000, "cities15000", scenario.areas)
    text = format_named("reach", "csv").write(ExportData(rows=reach.rows))
    lines = text.splitlines()
    assert len(lines) > 5 and all(",Front line," in line for line in lines[1:])


# --- the borders' edition (issue 23 item 5) -------------------------------------------------


def _crimea_inside(fake_map) -> bool:
    """Whether Simferopol is inside the drawn outline of the launch area."""
    import shapely
    import shapely.geometry

    (outline,) = area_features(fake_map)
    return shapely.geometry.shape(outline["geometry"]).contains(shapely.Point(34.10, 44.95))


def test_a_link_chooses_the_borders_and_the_sidebar_switches_them(app, fake_map) -> None:
    at = app({"systems": "atacms", "area": "UKR", "borders": "recognised"}).run()
    assert not at.exception and not at.warning, [w.value for w in at.warning]
    assert at.radio(key="borders").value == "recognised"
    assert param(at, "borders") == ["recognised"]
    assert _crimea_inside(fake_map)

    at.radio(key="borders").set_value("de-facto").run()
    assert not at.exception
    assert param(at, "borders") == []  # the default is left out of the link
    assert param(at, "area") == ["UKR"]
    assert not _crimea_inside(fake_map)
    # Both choices say what they mean where the choice is made.
    help_text = at.radio(key="borders").help
    assert "Crimea is drawn as part of Russia" in help_text
    assert "Crimea is part of Ukraine" in help_text


def test_a_country_added_after_choosing_the_borders_takes_them(app, fake_map) -> None:
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    at.radio(key="borders").set_value("recognised").run()
    at.selectbox(key="country_pick").set_value("UKR").run()
    assert not at.exception
    assert param(at, "borders") == ["recognised"]
    assert _crimea_inside(fake_map)
