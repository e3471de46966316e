"""The targets' second screen (ranges.targets.measure.lower_bound_m): a lower bound of the
geodesic distance, checked against GeographicLib, and the nearest of close launch points (a
tight race the screen must not get wrong) against a brute force."""

from __future__ import annotations

import numpy as np
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.screening import unit_normals
from ranges.places.points import LaunchPoint
from ranges.targets.measure import lower_bound_m, measure_targets
from ranges.targets.model import TargetList

G = Geodesic.WGS84
ATACMS = load_catalogue().get("atacms")


def _surface(lats, lons) -> np.ndarray:
    n = unit_normals(np.asarray(lats, dtype=float), np.asarray(lons, dtype=float))
    w = G.a / np.sqrt(1.0 - G.f * (2 - G.f) * n[2] ** 2)
    out = n * w
    out[2] *= (1.0 - G.f) ** 2
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.floats(-90, 90),
    st.floats(-180, 180),
    st.sampled_from([0.0, 1e-7, 1e-3, 1.0]),
)
def test_lower_bound_is_below_the_geodesic(lat1, lon1, lat2, lon2, near) -> None:
    if near:  # a second point very close to the first: the chord's and atan2's regime
        lat2, lon2 = min(90.0, lat1 + near), lon1 + near
    bound = lower_bound_m(_surface([lat1], [lon1]), _surface([lat2], [lon2]))[0]
    s12 = G.Inverse(lat1, lon1, lat2, lon2)["s12"]
    assert bound <= s12 + 0.05  # rounding, far inside the screen's 2 m slack
    assert bound >= 0.99 * s12 - 0.05  # and tight: the chord or b x the geocentric angle


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.floats(-60, 60),
    st.floats(-179.9, 179.9),
    st.lists(st.tuples(st.floats(-0.05, 0.05), st.floats(-0.05, 0.05)), min_size=2, max_size=8),
    st.lists(st.tuples(st.floats(-89, 89), st.floats(-180, 180)), min_size=1, max_size=25),
)
def test_nearest_of_close_points_matches_brute_force(lat, lon, offsets, targets) -> None:
    pts = [LaunchPoint(lat + a, lon + b, f"p{i}") for i, (a, b) in enumerate(offsets)]
    pts.append(pts[0])  # the same place twice: the earlier one is named
    tl = TargetList.of_points([(a, b, "") for a, b in targets])
    m = measure_targets(tl, [ATACMS], pts).systems[0]
    for i, (tlat, tlon) in enumerate(targets):
        d = [G.Inverse(p.lat, p.lon, tlat, tlon)["s12"] for p in pts]
        best = min(range(len(pts)), key=lambda k: (d[k], k))
        assert abs(m.distance_m[i] - d[best]) < 1e-3
        if m.launch[i] != best:  # only a tie to the millimetre may name another point
            assert abs(d[m.launch[i]] - d[best]) < 1e-3
        assert m.launch[i] != len(pts) - 1


def test_a_long_list_measured_in_blocks_equals_its_parts_measured_alone() -> None:
    rng = np.random.default_rng(11)
    n = 20_000  # more than one block of the worker threads
    lats, lons = rng.uniform(-80, 80, n), rng.uniform(-180, 180, n)
    names = [""] * n
    whole = TargetList(names, names, names, lats, lons)
    pts = [LaunchPoint(50.0 + 0.1 * i, 30.0 + 0.2 * i, f"p{i}") for i in range(5)]
    annulus = ATACMS.model_copy(
        update={"id": "ring", "min_range_km": 800.0, "max_range_km": 3000.0}
    )
    systems = [ATACMS, annulus]
    m = measure_targets(whole, systems, pts)
    for a in range(0, n, 4_000):
        part = TargetList(
            names[:4_000], names[:4_000], names[:4_000], lats[a : a + 4_000], lons[a : a + 4_000]
        )
        p = measure_targets(part, systems, pts)
        for sm, sp in zip(m.systems, p.systems, strict=True):
            assert np.array_equal(sm.launch[a : a + 4_000], sp.launch)
            assert np.array_equal(sm.distance_m[a : a + 4_000], sp.distance_m)
            assert np.array_equal(sm.bearing_deg[a : a + 4_000], sp.bearing_deg, equal_nan=True)
            assert np.array_equal(sm.in_range[a : a + 4_000], sp.in_range)
    assert m.systems[1].in_range.any() and not m.systems[1].in_range.all()
