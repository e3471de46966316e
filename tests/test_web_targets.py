"""The targets' layer on the live map (ranges/web/targets.py): which are marked, what the
browser is sent, and that a hostile name stays text."""

from __future__ import annotations

import json
import re

import folium
import numpy as np
import pytest
from streamlit_folium import _get_feature_group_string

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areas import parse_area_or_file
from ranges.places.points import LaunchPoint
from ranges.targets.measure import measure_targets
from ranges.targets.model import TargetList
from ranges.targets.sources import load_target_lists
from ranges.web.legend import targets_legend_html
from ranges.web.targets import (
    TARGET_MARKERS,
    TargetMarkers,
    marked_targets,
    target_data,
    targets_layer,
)

HOSTILE = ("<img src=x onerror=alert(1)>", '"]]></name>', "=cmd|' /C calc'!A0")
KYIV = LaunchPoint(50.45, 30.52, "Kyiv")


def systems(*ids: str):
    return list(load_catalogue().select(list(ids)))


def grid(n: int) -> TargetList:
    """``n`` targets on a grid from south-west of Kyiv, 0.5 degree apart."""
    side = int(np.ceil(np.sqrt(n)))
    points = [(48.0 + (i // side) * 0.5, 28.0 + (i % side) * 0.5, f"t{i}") for i in range(n)]
    return TargetList.of_points(points)


def test_a_short_list_is_marked_whole_the_filled_ones_drawn_last() -> None:
    shown = systems("atacms")
    m = measure_targets(grid(50), shown, [KYIV])
    marked = marked_targets(m)
    assert sorted(marked.rows.tolist()) == list(range(50)) and not marked.thinned
    reached = m.systems[0].in_range[marked.rows]
    assert 0 < marked.reached == reached.sum() < 50
    assert not reached[: 50 - marked.reached].any() and reached[50 - marked.reached :].all()


def test_a_long_list_is_thinned_evenly_in_range_first_and_a_quarter_out() -> None:
    shown = systems("atacms")
    m = measure_targets(grid(2_500), shown, [KYIV])  # 25 x 25 degrees, 4 targets a cell
    marked = marked_targets(m, limit=100)
    assert marked.rows.size == 100 and marked.thinned and marked.total == 2_500
    assert len(set(marked.rows.tolist())) == 100
    reached = m.systems[0].in_range
    assert marked.reached == 75 and marked.reached_total == reached.sum() > 100
    lats, lons = np.asarray(m.targets.lats), np.asarray(m.targets.lons)

    def cells(rows: np.ndarray) -> set:
        return set(zip(np.floor(lats[rows]).tolist(), np.floor(lons[rows]).tolist(), strict=True))

    inside = marked.rows[reached[marked.rows]]
    assert len(inside) == 75 and cells(inside) == cells(np.flatnonzero(reached))  # spread
    outside = marked.rows[~reached[marked.rows]]
    assert len(cells(outside)) == 25  # one a cell, the nearest cells first
    assert (m.nearest_m[outside] < np.median(m.nearest_m[~reached])).all()


def test_the_data_names_margins_and_launches() -> None:
    shown = systems("atacms", "tomahawk")
    points = [KYIV, LaunchPoint(46.48, 30.73, "Odesa")]
    targets = TargetList.of_points([(55.75, 37.62, "Moscow depot"), (51.5, 31.3, "Chernihiv")])
    m = measure_targets(targets, shown, points)
    data = target_data(m, shown, "km", marked_targets(m).rows)
    rows = {r[2]: r for r in data["rows"]}
    near, moscow = rows["Chernihiv"], rows["Moscow depot"]
    assert near[5] == 0b11 and moscow[5] == 0b10  # ATACMS short of Moscow, Tomahawk not
    assert data["fills"][near[6]] != data["fills"][moscow[6]]  # ATACMS' colour, Tomahawk's
    atacms_margin = 300 - m.systems[0].distance_m[0] / 1e3
    assert moscow[7] == round(atacms_margin) < 0
    assert data["perLaunch"] and data["launches"][moscow[9]] == "Kyiv"
    mi = target_data(m, shown, "mi", marked_targets(m).rows)
    assert {r[2]: r for r in mi["rows"]}["Moscow depot"][7] == round(atacms_margin / 1.609344)


def test_no_system_draws_every_target_hollow() -> None:
    m = measure_targets(grid(5), ())
    data = target_data(m, (), "km", marked_targets(m).rows)
    assert [r[6] for r in data["rows"]] == [-1] * 5 and data["systems"] == []


def test_a_hostile_name_is_only_in_the_data_as_json_text() -> None:
    shown = systems("atacms")
    targets = TargetList.of_points([(50.6, 36.6 + i, name) for i, name in enumerate(HOSTILE)])
    m = measure_targets(targets, shown, [KYIV])
    group, _ = targets_layer(m, shown, "km")
    page = _get_feature_group_string(group, folium.Map())
    assert "<img" not in page and "</name>" not in page and "onerror=alert(1)\\u003e" in page
    call = re.search(r"\((feature_group_\w+), (\{.*\})\);", page)
    assert call is not None
    data = json.loads(call.group(2))
    assert [r[2] for r in data["rows"]] == list(HOSTILE)
    # the browser makes DOM text of names (textContent), never HTML (innerHTML)
    from ranges.web.scripts import script

    code = script("target_markers")
    assert "textContent" in code and "innerHTML" not in code


def test_the_legend_says_how_many_are_marked() -> None:
    assert targets_legend_html(0, 0) == ""
    assert "(12)" in targets_legend_html(12, 12)
    assert "400 of 64,115 marked" in targets_legend_html(64_115, 400)


@pytest.mark.parametrize("spec", ["airfields:military", "airfields"])
def test_every_airfield_from_ukraine_stays_a_light_layer(spec: str) -> None:
    """Measured bytes of the layer's script (the map's share of the page): 34 kB for
    airfields:military and for every airfield (400 marked either way), four systems."""
    shown = systems("atacms", "storm-shadow", "scalp-eg", "tomahawk")
    areas = list(parse_area_or_file("UKR"))
    m = measure_targets(load_target_lists([spec]), shown, [], areas)
    group, marked = targets_layer(m, shown, "km")
    size = len(_get_feature_group_string(group, folium.Map()).encode())
    assert marked.rows.size == TARGET_MARKERS < marked.total
    assert size < 45_000, size
    assert sum(isinstance(c, TargetMarkers) for c in group._children.values()) == 1
