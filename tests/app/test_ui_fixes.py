"""Bugs found by trying the app as a new user would (issue "One clear house"), one test each:
where messages show and for how long, the minimum-range slider, the tabs' wording."""

from __future__ import annotations

from ranges.ui.tabs.share import share_link

from .test_app import TEST_CATALOGUE, param, shown

KYIV = "50.45,30.52"
ATACMS = "MGM-140 ATACMS"
TOMAHAWK = "BGM-109 Tomahawk"


def texts(elements) -> list[str]:
    return [shown(e) for e in elements]


# --- In range: say what is missing --------------------------------------------------------------


def test_without_a_system_the_in_range_tab_asks_for_one_not_for_the_gazetteer(app, fake_map):
    at = app({"systems": "", "from": KYIV}).run()
    in_range = texts(at.tabs[0].info)
    assert any("Choose at least one system and one launch point" in t for t in in_range)
    assert not any("gazetteer" in t for t in in_range)


def test_without_a_launch_point_the_in_range_tab_asks_for_one(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV}).run()
    at.button(key="remove:0").click().run()
    assert param(at, "from") == []
    in_range = texts(at.tabs[0].info)
    assert any("Choose at least one system and one launch point" in t for t in in_range)
    assert not any("gazetteer" in t for t in in_range)


# --- the minimum range stays below the maximum ----------------------------------------------------


def test_the_minimum_slider_ends_below_the_maximum(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV}).run()
    low = at.slider(key="min:atacms")
    assert low.max == at.slider(key="max:atacms").value - 1 == 299
    low.set_value(low.max).run()
    assert not at.exception
    assert at.slider(key="min:atacms").value == 299
    assert param(at, "min") == ["atacms:299"]  # the URL says what the slider shows
    hole = fake_map.ring_features()[0]["geometry"]
    assert hole["type"] == "Polygon" and len(hole["coordinates"]) == 2


def test_lowering_the_maximum_below_the_minimum_takes_the_minimum_down(app, fake_map):
    at = app({"systems": "tomahawk", "from": KYIV}).run()
    at.slider(key="min:tomahawk").set_value(1000).run()
    at.slider(key="max:tomahawk").set_value(600).run()
    assert not at.exception
    assert at.slider(key="min:tomahawk").value == 599
    assert at.slider(key="min:tomahawk").max == 599
    assert param(at, "range") == ["tomahawk:600"]
    assert param(at, "min") == ["tomahawk:599"]
    at.slider(key="max:tomahawk").set_value(2000).run()  # up again: the minimum stays
    assert at.slider(key="min:tomahawk").value == 599
    assert param(at, "min") == ["tomahawk:599"]


def test_a_link_with_the_minimum_at_the_maximum_opens_with_sliders_that_agree(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV, "range": "atacms:300", "min": "atacms:300"}).run()
    assert not at.exception
    low, high = at.slider(key="min:atacms"), at.slider(key="max:atacms")
    assert low.value < high.value and low.max < high.value


# --- messages: beside the control that caused them, once -------------------------------------


def test_a_targets_error_shows_beside_the_target_box_not_in_the_sidebar(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV}, tab="Reach a target").run()
    at.text_input(key="new_target").input("zzzzqq").run()
    assert any("zzzzqq" in t for t in texts(at.tabs[1].error))
    assert not any("zzzzqq" in t for t in texts(at.sidebar.error))


def test_a_targets_note_shows_beside_the_target_box_until_the_next_action(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV}, tab="Reach a target").run()
    at.text_input(key="new_target").input("Moscow").run()
    assert any("places named" in t for t in texts(at.tabs[1].info))
    assert not any("places named" in t for t in texts(at.sidebar.info))
    fake_map.result = {"zoom": 5, "center": {"lat": 50.0, "lng": 31.0}}
    at.run()  # the map reports its view: not the user's doing, the note stays
    assert any("places named" in t for t in texts(at.tabs[1].info))
    at.slider(key="opacity").set_value(0.5).run()  # an unrelated action
    assert not any("places named" in t for t in texts(at.info))


def test_a_launch_points_error_goes_at_the_next_action(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV}).run()
    at.text_input(key="new_point").input("zzzzqq").run()
    assert any("zzzzqq" in t for t in texts(at.sidebar.error))
    at.checkbox(key="show:tomahawk").check().run()
    assert not at.error


def test_the_links_warnings_show_until_the_first_action(app, fake_map):
    at = app({"systems": "atacms,bogus", "from": KYIV}).run()
    assert any("bogus" in t for t in texts(at.warning))
    fake_map.result = {"zoom": 5, "center": {"lat": 50.0, "lng": 31.0}}
    at.run()
    assert any("bogus" in t for t in texts(at.warning))
    at.slider(key="max:atacms").set_value(250).run()
    assert not at.warning


def test_a_loaded_files_warnings_go_at_the_next_action(app, fake_map):
    text = b"rangemap_scenario: 1\nsystems: [tomahawk, bogus]\n"
    at = app({"systems": "atacms", "from": KYIV}, tab="Export").run()
    at.file_uploader(key="scenario_upload").set_value(("s.yaml", text, "application/yaml")).run()
    assert any("s.yaml" in t and "bogus" in t for t in texts(at.warning))
    assert any("Loaded s.yaml" in t for t in texts(at.tabs[2].info))
    at.radio(key="units").set_value("mi").run()
    assert not at.warning
    assert not any("Loaded" in t for t in texts(at.info))


def test_a_corrected_catalogue_after_a_rejected_one_loads(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV}, tab="Catalogue").run()
    bad = b"systems:\n  - id: x\n    name: X\n    kind: rocket\n    max_range_km: 5\n"
    at.file_uploader(key="catalogue_upload").set_value(("bad.yaml", bad, "text/yaml")).run()
    assert any("bad.yaml" in t for t in texts(at.tabs[3].error))
    upload = at.file_uploader(key="catalogue_upload")
    upload.set_value(("good.yaml", TEST_CATALOGUE, "text/yaml")).run()
    assert not at.error
    assert any("Loaded 1 system from good.yaml" in t for t in texts(at.tabs[3].info))
    assert at.checkbox(key="show:test-missile").value is True


# --- wording ---------------------------------------------------------------------------------


def test_a_clicked_target_shows_its_coordinates_once(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV}, tab="Reach a target").run()
    at.radio(key="click_mode").set_value("target").run()
    fake_map.result = {"last_clicked": {"lat": 53.8525, "lng": 27.5977}}
    at.run()
    target = next(shown(m) for m in at.tabs[1].markdown if "Target:" in m.value)
    assert target.count("53.8525°N") == 1


def test_a_named_target_shows_its_name_and_coordinates(app, fake_map):
    at = app(
        {"systems": "atacms", "from": KYIV, "target": "53.9,27.57,Minsk"}, tab="Reach a target"
    )
    at.run()
    target = next(shown(m) for m in at.tabs[1].markdown if "Target:" in m.value)
    assert "Minsk (53.9000°N 27.5700°E)" in target


def test_the_tables_name_systems_by_name(app, fake_map):
    at = app({"systems": "atacms,tomahawk", "from": KYIV}).run()
    cities = at.tabs[0].dataframe[-1].value
    assert f"{ATACMS}, {TOMAHAWK}" in set(cities["systems"])
    assert not any(v == "tomahawk" or "atacms" in v for v in cities["systems"])
    at.toggle(key="per_pair").set_value(True).run()
    rows = at.tabs[0].dataframe[-1].value
    assert set(rows["system"]) == {ATACMS, TOMAHAWK}


def test_the_share_link_has_a_slash_before_the_query():
    assert share_link({"x": "1"}, "https://host?y=2") == "https://host/?x=1"
    assert share_link({"x": "1"}, "https://host/") == "https://host/?x=1"
    assert share_link({"x": "1"}, "https://host/app") == "https://host/app/?x=1"
    assert share_link({"x": "1"}, "") == "http://localhost:8501/?x=1"


def test_one_system_loaded_is_singular(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV}, tab="Catalogue").run()
    upload = at.file_uploader(key="catalogue_upload")
    upload.set_value(("mine.yaml", TEST_CATALOGUE, "text/yaml")).run()
    assert any("Loaded 1 system from mine.yaml." in t for t in texts(at.info))


def test_a_maximum_of_one_leaves_the_minimum_at_zero(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV, "range": "atacms:0.4"}).run()
    assert not at.exception
    low = at.slider(key="min:atacms")
    assert low.value == 0 and low.disabled
    at.slider(key="max:atacms").set_value(1).run()
    assert not at.exception and at.slider(key="min:atacms").value == 0
