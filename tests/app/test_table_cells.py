"""The In range table reads as words (issue 23, item 11): no "None" bearing inside an area (blank,
three-digit bearings that still sort), a "Reached by" column wide enough, and a launches metric
that is a phrase ("0 + 1 area" before)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from streamlit import column_config

from ranges.ui.tablecells import bearing_cells, launches_metric
from ranges.ui.tabs.reach import COLUMN_CONFIG


def test_bearings_are_three_digit_text_blank_where_there_is_none():
    cells = bearing_cells(pd.Series([7.46, 359.96, np.nan, 127.14, 45.0], dtype="float32"))
    assert list(cells) == ["007.5", "000.0", "", "127.1", "045.0"]
    texts = [c for c in cells if c]
    assert sorted(texts) == [f"{v:05.1f}" for v in sorted([7.5, 0.0, 127.1, 45.0])]


def test_the_launches_metric_is_a_phrase():
    assert launches_metric(2, 0) == ("Launch points", "2")
    assert launches_metric(0, 1) == ("Launch areas", "1 area")
    assert launches_metric(1, 2) == ("Launches", "1 point, 2 areas")


def test_reached_by_is_wide():
    reached = COLUMN_CONFIG["systems"]
    assert reached == column_config.TextColumn("Reached by", width="large")


def test_inside_an_area_the_bearing_is_blank_not_none(app, fake_map):
    at = app({"systems": "atacms", "area": "UKR"}).run()
    assert not at.exception
    assert at.metric[2].label == "Launch areas" and at.metric[2].value == "1 area"
    table = at.tabs[0].dataframe[1].value
    inside = table[table["distance"] == 0]
    assert len(inside) and set(inside["bearing_deg"].astype(str)) == {""}
    outside = table[table["distance"] > 0]["bearing_deg"].astype(str)
    assert outside.str.fullmatch(r"\d{3}\.\d").all()
