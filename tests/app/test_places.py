"""The places in range in the app: which gazetteer, what is counted, what the map marks."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from ranges.catalogue.systems import load_catalogue
from ranges.places.extracts import DEFAULT_EXTRACT, EXTRACTS, default_gazetteer
from ranges.scenario.link import parse_query
from ranges.scenario.scenariofile import scenario_to_file
from ranges.ui.places import EXTRACT_MIN_PEOPLE, EXTRACT_PLACES, extract_label
from ranges.ui.tabs.reach import TABLE_ROWS
from ranges.web.cities import CITY_MARKERS
from tests.app.tabs import open_tab
from tests.app.test_app import param, shown

KYIV = "50.4501,30.5234,Kyiv"


def marker_rows(fake_map) -> list[list]:
    """The [lat, lon, name, ...] of every place marked in the last run (clustered: the row
    js/city_marker.js reads, its name escaped; not clustered: [lat, lon, None])."""
    rows = []
    for group in fake_map.last["feature_group_to_add"]:
        if group.layer_name != "Cities in range":
            continue
        for child in group._children.values():
            if hasattr(child, "data"):  # FastMarkerCluster
                rows.extend(child.data)
            elif hasattr(child, "location"):  # CircleMarker
                rows.append([*child.location, None])
    return rows


def metric(at, label: str) -> int:
    return int(next(m.value for m in at.metric if m.label == label).replace(",", ""))


@pytest.mark.parametrize("extract", EXTRACTS)
def test_the_extract_labels_say_what_the_data_holds(extract: str) -> None:
    places = default_gazetteer(extract)
    assert len(places) == EXTRACT_PLACES[extract]
    assert places.populations.min() >= 0
    assert f"{EXTRACT_MIN_PEOPLE[extract]:,}+ people ({len(places):,})" in extract_label(extract)


def test_the_link_chooses_the_gazetteer_and_the_widget_writes_the_link(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV, "gazetteer": "cities15000"}).run()
    assert not at.exception
    assert at.selectbox(key="gazetteer").value == "cities15000"
    assert param(at, "gazetteer") == ["cities15000"]
    few = metric(at, "Places in range")
    assert any("Counts from GeoNames cities15000" in c.value for c in at.caption)
    assert not any("cities500" in c.value for c in at.caption)

    at.selectbox(key="gazetteer").set_value("cities500").run()
    assert not at.exception
    assert param(at, "gazetteer") == []  # the default is left out of the link
    assert metric(at, "Places in range") > 3 * few  # villages too
    assert any(f"Counts from GeoNames {DEFAULT_EXTRACT}" in c.value for c in at.caption)

    at.selectbox(key="gazetteer").set_value("cities1000").run()
    assert param(at, "gazetteer") == ["cities1000"]
    assert few < metric(at, "Places in range")


@pytest.mark.parametrize("bad", ["cities5", "CITIES15000", "<b>x</b>"])
def test_a_bad_gazetteer_in_the_link_is_dropped_with_a_warning(app, fake_map, bad: str):
    at = app({"systems": "atacms", "from": KYIV, "gazetteer": bad}).run()
    assert not at.exception
    assert at.selectbox(key="gazetteer").value == DEFAULT_EXTRACT
    assert any(shown(w).startswith("Ignored: gazetteer: ") for w in at.warning)
    assert param(at, "gazetteer") == []


def test_a_scenario_file_and_its_link_carry_the_gazetteer(app, fake_map):
    query = {"systems": "atacms", "from": KYIV, "gazetteer": "cities1000"}
    scenario, _ = parse_query(query, load_catalogue())
    text = scenario_to_file(scenario).encode()
    at = app({"systems": "scalp-eg", "from": "10,10"}).run()
    assert at.selectbox(key="gazetteer").value == DEFAULT_EXTRACT
    open_tab(at, "Export").file_uploader(key="scenario_upload").set_value(
        ("s.yaml", text, "application/yaml")
    ).run()
    assert not at.exception
    assert open_tab(at, "In range").selectbox(key="gazetteer").value == "cities1000"
    assert param(at, "gazetteer") == ["cities1000"]
    assert param(at, "from") == [KYIV]


def test_people_in_range_count_a_city_once_not_its_districts_again(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV, "range": "atacms:20"}).run()
    assert not at.exception
    table = at.tabs[0].dataframe[-1].value
    listed = int(table["population"].sum())
    people = metric(at, "People in range")
    # Kyiv (2.95 M) and its suburbs; its raions are listed but not added again (7.3 M if so).
    assert 2_900_000 < people < 3_600_000 < listed
    assert metric(at, "Places in range") == len(table)


def test_the_default_map_marks_the_largest_places_and_stays_light(app, fake_map, downloads):
    at = app().run()  # every catalogue system from Kyiv: Tomahawk reaches ~100,000 places
    assert not at.exception
    rows = marker_rows(fake_map)
    places = metric(at, "Places in range")
    assert len(rows) == CITY_MARKERS < places
    names = [row[2] for row in rows]
    assert "Moscow" in names and "Kyiv" in names
    assert not any("raion" in name.lower() for name in names)  # districts are left to their city
    note = f"The map marks the {CITY_MARKERS:,} largest of the {places:,} places in range"
    assert any(note in c.value for c in at.caption)  # under the map and in the tab
    payload = {k: v for k, v in fake_map.last.items() if k not in ("fig", "feature_group_to_add")}
    assert json.dumps(payload, default=str)  # the call's arguments are plain data
    # The table lists every place: the page shows the most populous (the count says so), the
    # CSV download beside it holds every one (issue 20: ~97,500 rows were sent with every run).
    shown = at.tabs[0].dataframe[-1].value
    assert len(shown) == TABLE_ROWS < places
    assert list(shown["population"]) == sorted(shown["population"], reverse=True)
    count = f"Showing the {TABLE_ROWS:,} most populous of {places:,} places"
    assert any(count in c.value for c in at.tabs[0].caption)
    assert at.get("download_button")  # the full table's button is on the page
    csv = pd.read_csv(io.BytesIO(downloads["rangemap-places-in-range.csv"]()))
    assert len(csv) == places
    assert list(csv["City"][:TABLE_ROWS]) == list(shown["city"])


def test_a_few_places_are_all_marked(app, fake_map):
    at = app({"systems": "atacms", "from": KYIV, "minpop": "500000"}).run()
    assert not at.exception
    rows = marker_rows(fake_map)
    assert 1 <= len(rows) == metric(at, "Places in range")
    assert any(f"The map marks every place in range ({len(rows)})" in c.value for c in at.caption)


def test_the_default_map_payload_is_under_100_kB(monkeypatch):
    """Measured as bench/app.py does: the JSON of what the real component is sent."""
    import streamlit_folium
    from streamlit.testing.v1 import AppTest

    import ranges.ui.map
    from tests.app.conftest import APP

    sent: list[dict] = []
    original = streamlit_folium._component_func

    def spy(**kwargs):
        sent.append({k: v for k, v in kwargs.items() if not callable(v)})
        return original(**kwargs)

    monkeypatch.setattr(streamlit_folium, "_component_func", spy)
    # No browser reports the map drawn: the first run need not wait for it (conftest.fake_map).
    monkeypatch.setattr(ranges.ui.map, "MAP_REPORT_WAIT_S", 0.0)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    size = len(json.dumps(sent[-1]).encode())
    assert 20_000 < size < 100_000, size
    assert "rm-ring" in json.dumps(sent[-1])  # the rings are in it
