"""The In range tab's totals (ranges/ui/totals.py): they follow the table's filter, per country
and per system, with or without the launch countries."""

from __future__ import annotations

import io

import pandas as pd

KYIV = "50.4501,30.5234,Kyiv"


def texts(elements) -> list[str]:
    return [e.value for e in elements]


def test_filtering_the_table_says_what_the_filter_keeps(app, fake_map, downloads):
    at = app({"systems": "tomahawk", "from": KYIV}).run()
    assert not any("The filter keeps" in t for t in texts(at.tabs[0].markdown))
    headline = at.metric[1].value
    at.text_input(key="city_filter").input("Russia").run()
    assert not at.exception
    shown = at.tabs[0].dataframe[1].value
    assert set(shown["country"]) == {"Russia"}
    # The page shows the most populous rows the filter keeps (issue 20); the totals are those
    # of every row it keeps: the CSV download beside the table.
    kept = pd.read_csv(io.BytesIO(downloads["rangemap-places-in-range.csv"]()))
    assert set(kept["Country"]) == {"Russia"} and len(kept) > len(shown)
    line = next(t for t in texts(at.tabs[0].markdown) if "The filter keeps" in t)
    whole = kept["Part of"].isna() | kept["Part of"].isin(["", "None"])  # not a district
    people = int(kept.loc[whole, "Population"].sum())
    assert f"{len(kept):,} rows" in line and f"{people:,}" in line
    assert at.metric[1].value == headline  # the headline stays every place's


def test_totals_by_country_per_system_and_without_the_launch_country(app, fake_map):
    at = app({"systems": "atacms,tomahawk", "from": KYIV}).run()
    at.toggle(key="totals_by_country").set_value(True).run()
    assert not at.exception
    table = at.tabs[0].dataframe[-1].value
    assert list(table.columns) == ["country", "places", "people"]
    assert table["people"].sum() == int(at.metric[1].value.replace(",", ""))
    assert "Ukraine" in set(table["country"])
    assert any("Launch countries: Ukraine" in t.replace("\\", "") for t in texts(at.caption))

    at.selectbox(key="totals_system").set_value("atacms").run()
    atacms = at.tabs[0].dataframe[-1].value
    assert set(atacms["country"]) >= {"Ukraine", "Belarus"} and "Germany" not in set(
        atacms["country"]
    )

    at.toggle(key="totals_leave_out").set_value(True).run()
    abroad = at.tabs[0].dataframe[-1].value
    assert "Ukraine" not in set(abroad["country"]) and "Belarus" in set(abroad["country"])
    assert any("Left out:" in t.replace("\\", "") for t in texts(at.caption))

    at.text_input(key="city_filter").input("belarus").run()
    assert set(at.tabs[0].dataframe[-1].value["country"]) == {"Belarus"}
