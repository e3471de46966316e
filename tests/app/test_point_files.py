"""Launch points from a file in the sidebar, and one duplicate rule for every way the app adds a
point (the point box in any notation, a click, a file): issue 23, items 10 and 11."""

from __future__ import annotations

import re

from tests.app.test_app import param, shown

CSV = b"lat,lon,label\n50.45,30.52,Kyiv\n49.99,36.23,Kharkiv\n46.48,30.73,Odesa\n"


def messages(at) -> list[str]:
    return [shown(e) for e in (*at.sidebar.info, *at.sidebar.warning, *at.sidebar.error)]


def test_uploading_a_csv_adds_its_points_to_the_scenario_and_the_link(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52,Kyiv"}).run()
    at.file_uploader(key="point_upload").set_value(("bases.csv", CSV, "text/csv")).run()
    assert not at.exception
    assert param(at, "from") == ["50.45,30.52,Kyiv", "49.99,36.23,Kharkiv", "46.48,30.73,Odesa"]
    said = messages(at)
    assert "bases.csv: 2 launch points added." in said
    assert any(
        re.search(r"'Kyiv' not added: launch point 'Kyiv' is at the same place", m) for m in said
    )


def test_a_bad_file_is_refused_whole_naming_file_row_and_field(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    bad = b"lat,lon,label\n49,36,Good\n49,east,Bad\n"
    at.file_uploader(key="point_upload").set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception
    assert param(at, "from") == ["50.45,30.52"]
    assert "file 'bad.csv', row 3, field 'lon': 'east' is not a number" in messages(at)


def test_a_point_near_one_there_is_refused_with_a_message_in_every_notation(app, fake_map):
    for text in ("50.45, 30.52", "Kyiv", "50°27′N 30°31′E", "50.45,30.52,Again"):
        at = app({"systems": "atacms", "from": "50.45,30.52,Base"}).run()
        at.text_input(key="new_point").input(text).run()
        assert not at.exception
        assert param(at, "from") == ["50.45,30.52,Base"], text
        assert any("not added: launch point 'Base' is" in m for m in messages(at)), text


def test_a_click_near_a_point_is_refused_with_a_message(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52,Base"}).run()
    fake_map.result = {"last_clicked": {"lat": 50.452, "lng": 30.521}}
    at.run()
    assert param(at, "from") == ["50.45,30.52,Base"]
    assert any("within 1,000 m of one another are one" in m for m in messages(at))
    fake_map.result = {"last_clicked": {"lat": 50.6, "lng": 30.9}}
    at.run()
    assert len(param(at, "from")) == 2
