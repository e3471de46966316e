"""The app script through AppTest: URL parameters to state, state to rings, bad input."""

from __future__ import annotations

import re

import streamlit_folium

from ranges.geometry.geodesy import range_area
from ranges.ui.tabs.reach import TABLE_ROWS
from ranges.web.geojson import display_geometry


def query_of(at) -> dict[str, list[str]]:
    return {
        k: at.query_params.get_all(k) if hasattr(at.query_params, "get_all") else v
        for k, v in at.query_params.items()
    }


def param(at, key: str) -> list[str]:
    value = at.query_params.get(key)
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def shown(element) -> str:
    """A message's text as the reader sees it (Markdown escapes removed)."""
    return re.sub(r"\\(.)", r"\1", element.value)


def map_hash(call) -> str:
    """The key streamlit-folium derives from the base map: a change would remount the map."""
    script = streamlit_folium._get_map_string(call["fig"])
    return streamlit_folium.generate_js_hash(script, call["key"], False)


def test_default_scenario_draws_every_system_from_kyiv(app, fake_map):
    at = app().run()
    assert not at.exception
    assert fake_map.systems_drawn() == {"atacms", "storm-shadow", "scalp-eg", "tomahawk"}
    assert param(at, "systems") == ["atacms,storm-shadow,scalp-eg,tomahawk"]
    assert param(at, "from") == ["50.4501,30.5234,Kyiv"]


def test_url_parameters_choose_systems_and_launch_point(app, fake_map):
    at = app({"systems": "atacms,tomahawk", "from": "50.4501,30.5234"}).run()
    assert not at.exception
    assert not at.warning
    assert fake_map.systems_drawn() == {"atacms", "tomahawk"}
    features = fake_map.ring_features()
    expected = display_geometry(range_area(50.4501, 30.5234, 300.0).geometry, 30.5234)
    atacms = next(f for f in features if f["properties"]["system"] == "atacms")
    assert atacms["geometry"] == expected
    assert at.checkbox(key="show:atacms").value is True
    assert at.checkbox(key="show:storm-shadow").value is False


def test_several_launch_points_and_labels(app, fake_map):
    at = app({"systems": "atacms", "from": ["50.45,30.52,Kyiv", "46.48,30.72,Odesa"]}).run()
    assert len(fake_map.ring_features()) == 2
    assert [t.value for t in at.text_input if t.key.startswith("label:")] == ["Kyiv", "Odesa"]


def test_bad_parameters_are_dropped_with_visible_warnings(app, fake_map):
    at = app(
        {
            "systems": "atacms,bogus",
            "from": ["999,0", "50.45,30.52"],
            "units": "parsecs",
            "range": "atacms:-4",
        }
    ).run()
    assert not at.exception
    text = " ".join(shown(w) for w in at.warning)
    assert "bogus" in text and "999" in text and "parsecs" in text and "atacms:-4" in text
    assert fake_map.systems_drawn() == {"atacms"}
    assert param(at, "systems") == ["atacms"]
    assert param(at, "from") == ["50.45,30.52"]
    assert "units" not in at.query_params


def test_moving_a_slider_changes_the_ring_and_the_url_but_not_the_base_map(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    before = fake_map.ring_features()[0]["geometry"]
    first_hash = map_hash(fake_map.last)
    at.slider(key="max:atacms").set_value(500).run()
    assert not at.exception
    after = fake_map.ring_features()[0]["geometry"]
    assert after != before
    assert after == display_geometry(range_area(50.45, 30.52, 500.0).geometry, 30.52)
    assert param(at, "range") == ["atacms:500"]
    assert map_hash(fake_map.last) == first_hash


def test_minimum_range_makes_an_annulus(app, fake_map):
    at = app({"systems": "tomahawk", "from": "50.45,30.52"}).run()
    at.slider(key="min:tomahawk").set_value(500).run()
    geometry = fake_map.ring_features()[0]["geometry"]
    assert geometry["type"] == "Polygon" and len(geometry["coordinates"]) == 2
    assert param(at, "min") == ["tomahawk:500"]


def test_units_convert_sliders_and_go_into_the_url(app, fake_map):
    at = app({"systems": "tomahawk", "from": "50.45,30.52"}).run()
    at.radio(key="units").set_value("mi").run()
    assert at.slider(key="max:tomahawk").value == round(2400 / 1.609344)
    assert param(at, "units") == ["mi"]
    assert "range" not in at.query_params  # still the catalogue figure
    assert "mi" in at.markdown[0].value or any("mi" in m.value for m in at.markdown)


def test_url_state_round_trips(app, fake_map):
    query = {
        "systems": "atacms,tomahawk",
        "from": ["50.45,30.52,Kyiv", "-33.87,151.21,Sydney"],
        "range": "atacms:350,tomahawk:1500",
        "min": "tomahawk:100",
        "units": "nmi",
        "opacity": "0.4",
        "base": "light",
        "view": "48,31,5",
    }
    at = app(query).run()
    assert not at.exception and not at.warning
    for key, value in query.items():
        assert param(at, key) == (value if isinstance(value, list) else [value]), key


def test_typing_a_place_name_adds_a_launch_point(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    at.text_input(key="new_point").input("Odesa").run()
    assert not at.exception
    assert len(param(at, "from")) == 2
    assert param(at, "from")[1].endswith(",Odesa")
    assert len(fake_map.ring_features()) == 2


def test_typing_dms_coordinates_adds_a_launch_point(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    at.text_input(key="new_point").input("46°29′N 30°44′E").run()
    assert param(at, "from")[1].startswith("46.483333,30.733333")


def test_an_unreadable_point_shows_an_error_and_keeps_the_app(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    at.text_input(key="new_point").input("nowhere-at-all-xyz").run()
    assert not at.exception
    assert at.error and "nowhere-at-all-xyz" in shown(at.error[0])
    assert len(param(at, "from")) == 1


def test_clicking_the_map_adds_a_launch_point(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    fake_map.result = {
        "last_clicked": {"lat": 48.0, "lng": 35.0},
        "zoom": 6,
        "center": {"lat": 49.0, "lng": 31.0},
    }
    at.run()
    assert not at.exception
    assert param(at, "from") == ["50.45,30.52", "48,35"]
    assert param(at, "view") == ["49,31,6"]
    at.run()  # the same click reported again is not a new point
    assert len(param(at, "from")) == 2


def test_removing_and_renaming_points(app, fake_map):
    at = app({"systems": "atacms", "from": ["50.45,30.52,A", "46.48,30.72,B"]}).run()
    at.text_input(key="label:0").input("Kyiv <script>").run()
    assert param(at, "from")[0] == "50.45,30.52,Kyiv <script>"
    at.button(key="remove:1").click().run()
    assert param(at, "from") == ["50.45,30.52,Kyiv <script>"]
    assert len(fake_map.ring_features()) == 1


def test_no_systems_and_no_points_still_render_a_map(app, fake_map):
    at = app({"systems": ""}).run()
    assert not at.exception
    assert fake_map.calls and fake_map.ring_features() == []
    assert "from" not in at.query_params


def test_online_geocoder_is_a_fallback_that_degrades(app, fake_map, monkeypatch):
    """The sidebar's lookup against a local Nominatim double (never the internet): a name the
    gazetteer does not know is found online; a failing server is a message and is backed off
    from; an answer already had is served from the process-wide cache."""
    from ranges.places.geocode import ENV_URL
    from tests.nominatim_double import NominatimDouble

    with NominatimDouble() as double:
        monkeypatch.setenv(ENV_URL, double.url)
        at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
        at.checkbox(key="online_geocoder").check().run()
        at.text_input(key="new_point").input("Some Village Unknown Offline").run()
        assert param(at, "from")[1] == "47.1,37.5,Some Village Unknown Offline"
        assert any("Nominatim" in shown(i) for i in at.info)

        double.mode = "503"
        at.text_input(key="new_point").input("Another Unknown Place").run()
        assert not at.exception
        assert "did not answer" in shown(at.error[0])
        assert len(param(at, "from")) == 2
        at.text_input(key="new_point").input("Yet Another Place").run()
        assert "not asked again for" in shown(at.error[0])

        at.text_input(key="new_point").input("some village unknown offline").run()
        # Served from the cache (below), at the place of the point already there: one point per
        # place (issue 23), said so. It was added as a third point at the same place before.
        assert len(param(at, "from")) == 2
        assert any(
            "launch point 'Some Village Unknown Offline' is at the same place" in shown(w)
            for w in at.warning
        )
    assert [s.query for s in double.seen] == [
        "Some Village Unknown Offline",
        "Another Unknown Place",
    ]


def test_cities_in_range_table_and_population_filter(app, fake_map):
    at = app({"systems": "atacms", "from": "50.4501,30.5234,Kyiv"}).run()
    assert not at.exception
    cities = at.dataframe[1].value
    assert "Kyiv" in set(cities["city"]) and "Paris" not in set(cities["city"])
    # The page shows the most populous places and says how many there are (issue 20); the
    # whole table is the CSV download (tests/app/test_places.py).
    places = at.metric[0].value
    assert len(cities) == min(TABLE_ROWS, int(places.replace(",", "")))
    shown_note = f"Showing the {len(cities):,} most populous of {places} places"
    assert any(shown_note in c.value for c in at.caption)
    at.number_input(key="min_population").set_value(1_000_000).run()
    big = at.dataframe[1].value
    assert set(big["city"]) == {"Kyiv"}  # the only city of a million within 300 km
    assert param(at, "minpop") == ["1000000"]


def test_target_from_text_gives_margins_and_goes_into_the_url(app, fake_map):
    at = app({"systems": "atacms,tomahawk", "from": "50.4501,30.5234,Kyiv"}, tab="Reach a target")
    at.run().text_input(key="new_target").input("Minsk").run()
    assert not at.exception
    assert param(at, "target")[0].endswith(",Minsk")
    table = at.dataframe[-1].value
    reach = dict(zip(table["name"], table["reachable"], strict=True))
    assert reach == {"MGM-140 ATACMS": False, "BGM-109 Tomahawk": True}  # Minsk is ~430 km


def test_clicking_in_target_mode_sets_the_target(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    at.radio(key="click_mode").set_value("target").run()
    fake_map.result = {"last_clicked": {"lat": 48.5, "lng": 32.25}}
    at.run()
    assert param(at, "target") == ["48.5,32.25"]
    assert param(at, "from") == ["50.45,30.52"]


# A valid catalogue of one system to upload (test_ui_fixes.py uploads it too).
TEST_CATALOGUE = b"""systems:
  - id: test-missile
    name: Test Missile
    kind: cruise
    max_range_km: 1000
    sources: [{title: A test source}]
"""


def test_uploading_a_catalogue_adds_systems(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}, tab="Catalogue").run()
    upload = at.file_uploader(key="catalogue_upload")
    upload.set_value(("mine.yaml", TEST_CATALOGUE, "text/yaml")).run()
    assert not at.exception
    assert at.checkbox(key="show:test-missile").value is True
    assert "test-missile" in fake_map.systems_drawn()
    assert param(at, "systems") == ["atacms,test-missile"]


def test_a_bad_catalogue_upload_is_rejected_with_its_message(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}, tab="Catalogue").run()
    bad = b"systems:\n  - id: x\n    name: X\n    kind: rocket\n    max_range_km: 5\n"
    at.file_uploader(key="catalogue_upload").set_value(("bad.yaml", bad, "text/yaml")).run()
    assert not at.exception
    assert any("bad.yaml" in shown(e) and "kind" in shown(e) for e in at.error)
    assert fake_map.systems_drawn() == {"atacms"}


def test_scenario_file_loads_the_same_picture(app, fake_map):
    from ranges.catalogue.systems import load_catalogue
    from ranges.scenario.link import parse_query
    from ranges.scenario.scenariofile import scenario_to_file

    query = {
        "systems": "atacms,tomahawk",
        "from": ["50.45,30.52,Kyiv", "46.48,30.72,Odesa"],
        "range": "tomahawk:1500",
        "units": "mi",
        "view": "48,31,5",
    }
    scenario, _ = parse_query(query, load_catalogue())
    text = scenario_to_file(scenario).encode()
    at = app({"systems": "scalp-eg", "from": "10,10"}, tab="Export").run()
    at.file_uploader(key="scenario_upload").set_value(("s.yaml", text, "application/yaml")).run()
    assert not at.exception
    for key, value in query.items():
        assert param(at, key) == (value if isinstance(value, list) else [value]), key
