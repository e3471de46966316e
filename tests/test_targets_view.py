"""The Targets tab's view of the measures (ranges.ui.targets): order, options, chart."""

from __future__ import annotations

import numpy as np

from ranges.catalogue.systems import load_catalogue
from ranges.places.points import LaunchPoint
from ranges.targets.measure import measure_targets
from ranges.targets.model import TargetList
from ranges.ui.targets import TABLE_ROWS, growth_spec, table_rows, target_view

CATALOGUE = load_catalogue()


def _measures(n: int = 300):
    rng = np.random.default_rng(3)
    lats, lons = rng.uniform(40, 60, n), rng.uniform(20, 50, n)
    kinds = rng.choice(["heliport", "small_airport", "large_airport"], n).tolist()
    countries = rng.choice(["Ukraine", "Russia", "Belarus"], n).tolist()
    names = [f"t{i}" for i in range(n)]
    targets = TargetList(names, kinds, countries, lats, lons, "test")
    systems = [CATALOGUE.get("atacms"), CATALOGUE.get("tomahawk")]
    return measure_targets(targets, systems, [LaunchPoint(50.45, 30.52, "Kyiv")])


def test_view_orders_by_the_first_systems_margin_and_lists_the_options() -> None:
    m = _measures()
    view = target_view(m)
    margins = m.systems[0].margin_km[view.by_margin]
    assert np.all(np.diff(margins) <= 0)
    assert view.kind_options == ("heliport", "large_airport", "small_airport")
    assert view.country_options == ("Belarus", "Russia", "Ukraine")
    assert np.all(np.diff(view.reach_km) >= 0) and view.reach_km.size == len(m.targets)


def test_table_rows_are_the_rows_asked_for_in_the_unit() -> None:
    m = _measures()
    view = target_view(m)
    rows = view.by_margin[:TABLE_ROWS]
    km = table_rows(view, rows, "km").to_pydict()
    mi = table_rows(view, rows, "mi").to_pydict()
    assert km["target"] == [m.targets.names[i] for i in rows]
    assert km["kind"] == [m.targets.kinds[i] for i in rows]
    assert np.allclose(km["atacms: distance"], np.round(m.systems[0].distance_m[rows] / 1e3, 1))
    assert np.allclose(
        mi["atacms: distance"], np.round(np.array(km["atacms: distance"]) / 1.609344, 1), atol=0.1
    )
    assert km["tomahawk: in range"] == list(m.systems[1].in_range[rows])
    assert km["atacms: launch"] == ["Kyiv"] * rows.size


def test_growth_chart_counts_and_marks_each_system() -> None:
    m = _measures()
    view = target_view(m)
    spec = growth_spec(view, "km")
    line, marks = spec["layer"][0]["data"]["values"], spec["layer"][1]["data"]["values"]
    assert [p["targets"] for p in line] == sorted(p["targets"] for p in line)
    assert line[-1]["targets"] == len(m.targets)  # 1.5 x the longest range reaches them all
    by_name = {k["system"]: k["targets"] for k in marks}
    assert by_name == {s.system.name: s.count for s in m.systems}
