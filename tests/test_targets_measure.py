"""The measures of targets (ranges.targets.measure) against a brute force with GeographicLib."""

from __future__ import annotations

import math

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areadistance import brute_force_m
from ranges.geometry.areas import area_model, parse_area
from ranges.places.points import LaunchPoint
from ranges.targets.measure import measure_targets, nearest_distances
from ranges.targets.model import TargetList

G = Geodesic.WGS84
CATALOGUE = load_catalogue()
lat_st = st.floats(-89.9, 89.9)
lon_st = st.floats(-180.0, 180.0)


def system(max_km: float, min_km: float = 0.0):
    base = CATALOGUE.get("atacms")
    return base.model_copy(
        update={"id": f"s{max_km:g}-{min_km:g}", "max_range_km": max_km, "min_range_km": min_km}
    )


def brute(points, targets, sys_):
    """Per target: (launch, distance m, azimuth) by the contract, every pair solved."""
    out = []
    for lat, lon in targets:
        pairs = [G.Inverse(p.lat, p.lon, lat, lon) for p in points]
        d = [r["s12"] for r in pairs]
        reach = [
            i for i, x in enumerate(d) if 1e3 * sys_.min_range_km <= x <= 1e3 * sys_.max_range_km
        ]
        pool = reach or list(range(len(points)))
        best = min(pool, key=lambda i: (d[i], i))
        out.append((best, d[best], pairs[best]["azi1"], bool(reach)))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(lat_st, lon_st), min_size=1, max_size=6),
    st.lists(st.tuples(lat_st, lon_st), min_size=1, max_size=30),
    st.floats(1.0, 20_000.0),
    st.sampled_from([0.0, 0.3]),
)
def test_points_match_brute_force(points, targets, max_km, min_frac) -> None:
    pts = [LaunchPoint(lat, lon, f"p{i}") for i, (lat, lon) in enumerate(points)]
    tl = TargetList.of_points([(a, b, f"t{i}") for i, (a, b) in enumerate(targets)])
    sys_ = system(max_km, min_frac * max_km)
    m = measure_targets(tl, [sys_], pts).systems[0]
    for i, (launch, d, azi, reach) in enumerate(brute(pts, targets, sys_)):
        assert abs(m.distance_m[i] - d) < 1e-3
        assert bool(m.in_range[i]) is reach
        assert math.isclose(m.margin_km[i], max_km - d / 1e3, abs_tol=1e-6)
        if m.launch[i] != launch:  # only a tie (to the mm) may pick another point
            other = G.Inverse(pts[m.launch[i]].lat, pts[m.launch[i]].lon, *targets[i])["s12"]
            assert abs(other - d) < 1e-3
        elif d > 1.0:
            diff = (m.bearing_deg[i] - azi) % 360.0
            assert min(diff, 360.0 - diff) < 1e-6


def test_twenty_points_many_targets_match_brute_force() -> None:
    rng = np.random.default_rng(5)
    pts = [
        LaunchPoint(float(a), float(b))
        for a, b in zip(rng.uniform(44, 52, 20), rng.uniform(22, 40, 20), strict=True)
    ]
    lats = rng.uniform(30, 70, 400)
    lons = rng.uniform(0, 80, 400)
    tl = TargetList.of_points(list(zip(lats, lons, [""] * 400, strict=True)))
    sys_ = system(300.0)
    m = measure_targets(tl, [sys_], pts).systems[0]
    for i, (launch, d, _, reach) in enumerate(brute(pts, list(zip(lats, lons, strict=True)), sys_)):
        assert abs(m.distance_m[i] - d) < 1e-3 and bool(m.in_range[i]) is reach
        assert m.launch[i] == launch


AREA = parse_area("poly:48,30;50,36;47,38;46,31|Box")
LINE = parse_area("line:45,170;47,-175;44,-170|Across")


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    phases=[Phase.explicit, Phase.generate],  # shrinking re-runs the slow reference for minutes
)
@given(
    st.lists(st.tuples(st.floats(35, 60), st.floats(15, 55)), min_size=1, max_size=3),
    st.floats(50.0, 1500.0),
)
def test_areas_match_brute_force(targets, max_km) -> None:
    tl = TargetList.of_points([(a, b, "") for a, b in targets])
    sys_ = system(max_km)
    m = measure_targets(tl, [sys_], [], [AREA]).systems[0]
    model = area_model(AREA)
    for i, (lat, lon) in enumerate(targets):
        ref = brute_force_m(model, lat, lon, spacing_m=1000.0)
        assert abs(m.distance_m[i] - ref) < 60.0  # the reference's own densification error
        assert bool(m.in_range[i]) is bool(m.distance_m[i] <= 1e3 * max_km)
        if ref == 0.0:
            assert m.distance_m[i] == 0.0 and math.isnan(m.bearing_deg[i])


def test_points_and_areas_mixed_and_labels() -> None:
    kyiv = LaunchPoint(50.45, 30.52, "Kyiv")
    tl = TargetList.of_points(
        [(48.5, 33.0, "inside"), (55.75, 37.62, "Moscow"), (50.45, 30.52, "same")]
    )
    systems = [system(300.0), system(2500.0), system(600.0, 450.0)]
    res = measure_targets(tl, systems, [kyiv], [AREA])
    assert res.labels == ("Kyiv", "Box")
    short, long, ring = res.systems
    assert short.launch[0] == 1 and short.distance_m[0] == 0.0 and short.in_range[0]
    assert math.isnan(short.bearing_deg[0])
    assert short.launch[2] == 0 and short.distance_m[2] == 0.0 and math.isnan(short.bearing_deg[2])
    # Moscow: nearer to the box than to Kyiv? whichever is nearer is the launch, out of range
    assert not short.in_range[1] and long.in_range[1]
    assert short.margin_km[1] < 0 and long.margin_km[1] > 0
    # The annulus: Kyiv itself is too close to Kyiv (0 km < 450 km) and inside the box's
    # 0 km; with no launch reaching it the nearest is named and it is out of range.
    assert not ring.in_range[2] and ring.distance_m[2] == 0.0
    assert np.all(np.diff(nearest_distances(res)) >= 0)


def test_annulus_prefers_a_reaching_point_over_a_nearer_one() -> None:
    near = LaunchPoint(50.0, 30.0, "near")
    far = LaunchPoint(50.0, 38.0, "far")
    tl = TargetList.of_points([(50.0, 30.5, "t")])
    ring = measure_targets(tl, [system(800.0, 100.0)], [near, far]).systems[0]
    assert ring.launch[0] == 1 and ring.in_range[0]
    plain = measure_targets(tl, [system(800.0)], [near, far]).systems[0]
    assert plain.launch[0] == 0


def test_no_launch_and_no_target() -> None:
    tl = TargetList.of_points([(1.0, 2.0, "t")])
    m = measure_targets(tl, [system(300.0)]).systems[0]
    assert m.launch[0] == -1 and not m.in_range[0] and math.isinf(m.distance_m[0])
    empty = measure_targets(TargetList.empty(), [system(300.0)], [LaunchPoint(0, 0)])
    assert empty.systems[0].distance_m.size == 0


def test_line_across_the_antimeridian() -> None:
    tl = TargetList.of_points([(46.0, 179.5, "near the line"), (0.0, 0.0, "far")])
    m = measure_targets(tl, [system(300.0)], [], [LINE]).systems[0]
    model = area_model(LINE)
    assert abs(m.distance_m[0] - brute_force_m(model, 46.0, 179.5, 200.0)) < 30.0
    assert m.in_range[0] and not m.in_range[1]


@pytest.mark.parametrize("n", [0, 1])
def test_results_are_per_system_in_order(n) -> None:
    pts = [LaunchPoint(0.0, 0.0)]
    systems = [system(100.0), system(5000.0)][: n + 1]
    res = measure_targets(TargetList.of_points([(10.0, 10.0, "x")]), systems, pts)
    assert [s.system.id for s in res.systems] == [s.id for s in systems]
