"""The rows of ``python -m ranges targets`` (ranges.targets.table): sorted by system id, the
distance as written (to the metre), then the name, then the list's order."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areas import parse_area
from ranges.places.points import LaunchPoint
from ranges.targets.measure import measure_targets
from ranges.targets.model import TargetList
from ranges.targets.table import target_table

CATALOGUE = load_catalogue()
SYSTEMS = [
    CATALOGUE.get("tomahawk"),
    CATALOGUE.get("atacms"),
    # an annulus: its own distances (the nearest launch that reaches), sorted apart
    CATALOGUE.get("atacms").model_copy(
        update={"id": "annulus", "min_range_km": 300.0, "max_range_km": 900.0}
    ),
]
BOX = parse_area("poly:48,30;50,36;47,38;46,31|Box")


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([48.0, 48.5, 55.0, 10.0]),
            st.sampled_from([33.0, 34.0, 37.0]),
            st.sampled_from(["b", "a", "C", "", "é"]),
        ),
        min_size=1,
        max_size=40,
    ),
    st.booleans(),
)
def test_rows_are_sorted_by_system_distance_name_row(targets, area) -> None:
    tl = TargetList.of_points(targets)
    m = measure_targets(tl, SYSTEMS, [LaunchPoint(50.45, 30.52)], [BOX] if area else [])
    table = target_table(m)
    n = len(tl)
    expected = []
    for j in sorted(range(len(SYSTEMS)), key=lambda k: SYSTEMS[k].id):
        d = np.round(m.systems[j].distance_m / 1e3, 3)
        expected += [(j, i) for i in sorted(range(n), key=lambda i: (d[i], tl.names[i], i))]
    assert list(zip(table.system.tolist(), table.target.tolist(), strict=True)) == expected
    for k, (j, i) in enumerate(expected):
        assert table.distance_km[k] == np.round(m.systems[j].distance_m[i] / 1e3, 3)


def test_no_launch_sorts_by_name() -> None:
    tl = TargetList.of_points([(1.0, 2.0, "b"), (3.0, 4.0, "a"), (5.0, 6.0, "b")])
    table = target_table(measure_targets(tl, SYSTEMS[:1]))
    assert table.target.tolist() == [1, 0, 2]
    assert np.isinf(table.distance_km).all() and np.isneginf(table.margin_km).all()
