"""Property tests of launch-area geometry against a brute-force reference (docs/INTERFACES.md 4).

The reference distance from a point to an area is the least GeographicLib distance from the
point to the area's boundary densified along its geodesic edges (GeographicLib's own geodesic
lines, ``Geodesic.InverseLine``), vertices close enough that the densification adds at most a
metre or two at the distance measured. Every ring vertex must be within 0.2 % of the range (or
500 m, whichever is larger) of that distance (the contract); the distance of
``distance_to_area`` must match it within 2e-5 of the distance or 5 m.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyproj import Geod

from ranges.geometry.areas import LaunchArea, area_ring, distance_to_area, parse_area

GEOD = Geod(ellps="WGS84")
G = Geodesic.WGS84


def _reference_curves(area: LaunchArea) -> list[np.ndarray]:
    out = []
    for curve in area.curves:
        c = curve.coords
        if curve.closed:
            c = np.vstack([c, c[:1]])
        out.append(c)
    return out


def _dense_reference(area: LaunchArea, spacing_m: float) -> np.ndarray:
    """(n, 2) lat/lon of the boundary densified with GeographicLib's geodesic lines."""
    pts = []
    for c in _reference_curves(area):
        for (lon1, lat1), (lon2, lat2) in itertools.pairwise(c):
            line = G.InverseLine(float(lat1), float(lon1), float(lat2), float(lon2))
            n = max(1, math.ceil(line.s13 / spacing_m))
            for i in range(n):
                p = line.Position(line.s13 * i / n, Geodesic.LATITUDE | Geodesic.LONGITUDE)
                pts.append((p["lat2"], p["lon2"]))
        pts.append((float(c[-1][1]), float(c[-1][0])))
    return np.array(pts)


def reference_distance_m(area: LaunchArea, lat: float, lon: float, dense: np.ndarray) -> float:
    """Brute force: GeographicLib to the vertices of ``dense`` nearest by a first pyproj pass."""
    if area.polygonal is not None and area.polygonal.intersects(shapely.Point(lon, lat)):
        return 0.0
    n = dense.shape[0]
    _, _, d = GEOD.inv(np.full(n, lon), np.full(n, lat), dense[:, 1], dense[:, 0])
    d = np.asarray(d)
    near = np.flatnonzero(d <= d.min() + 1.0)[:20]
    return min(
        G.Inverse(lat, lon, float(dense[i, 0]), float(dense[i, 1]), Geodesic.DISTANCE)["s12"]
        for i in near
    )


def _spacing(distance_m: float) -> float:
    # A vertex-only reference overestimates by at most spacing^2 / (8 distance): about 2 m.
    return float(np.clip(math.sqrt(16.0 * max(distance_m, 1.0)), 50.0, 20_000.0))


# --- random areas ---------------------------------------------------------------------------

lat0s = st.floats(-80.0, 80.0)
lon0s = st.floats(-180.0, 180.0)
seeds = st.integers(0, 10_000)
kinds = st.sampled_from(["line", "poly"])
# Where a random area starts, and the seed of its shape (and of the checks' own samples).
STARTS = {"lat0": lat0s, "lon0": lon0s, "seed": seeds}


def _walk(lat0: float, lon0: float, seed: int, n: int, max_km: float) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    pts = [(lat0, lon0)]
    az = rng.uniform(0, 360)
    for _ in range(n - 1):
        az += rng.uniform(-60, 60)
        lon, lat, _ = GEOD.fwd(pts[-1][1], pts[-1][0], az, rng.uniform(0.05, 1.0) * max_km * 1e3)
        pts.append((lat, lon))
    return pts


def _star(lat0: float, lon0: float, seed: int, n: int, max_km: float) -> list[tuple[float, float]]:
    rng = np.random.default_rng(seed)
    azs = np.sort(rng.uniform(0, 360, n))
    pts = []
    for az in azs:
        lon, lat, _ = GEOD.fwd(lon0, lat0, az, rng.uniform(0.3, 1.0) * max_km * 1e3)
        pts.append((lat, lon))
    return pts


def _form(kind: str, pts: list[tuple[float, float]]) -> str:
    return kind + ":" + ";".join(f"{lat:.5f},{lon:.5f}" for lat, lon in pts)


def _random_area(
    kind: str, lat0: float, lon0: float, seed: int, n: int, max_km: float
) -> tuple[LaunchArea, list[tuple[float, float]]]:
    """A random line (a walk) or polygon (a star) of ``n`` vertices from (lat0, lon0), and its
    vertices."""
    pts = (_walk if kind == "line" else _star)(lat0, lon0, seed, n, max_km)
    return parse_area(_form(kind, pts)), pts


def _extent_km(radius_km: float, most_km: float, factor: float = 30.0) -> float:
    """How far a random area reaches for a ring of ``radius_km``: larger for larger rings."""
    return min(most_km, max(20.0, factor * radius_km))


def _boundary_vertices(geometry: dict) -> np.ndarray:
    """Vertices of the range boundary: not those of the lines of the poles (latitude +/-90,
    which close a ring round a pole) nor those inside a cut along the antimeridian (both
    neighbours on the cut too)."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    out = []
    for poly in polys:
        for ring in poly:
            xy = np.array(ring[:-1], dtype=float)
            cut = np.abs(xy[:, 0]) == 180.0
            inner_cut = cut & np.roll(cut, 1) & np.roll(cut, -1)
            out.append(xy[(np.abs(xy[:, 1]) < 90.0 - 1e-9) & ~inner_cut])
    return np.vstack(out)


def _check_ring(area: LaunchArea, radius_km: float, seed: int, samples: int = 8) -> None:
    geometry = area_ring(area, radius_km)
    assert geometry["type"] in ("Polygon", "MultiPolygon")
    shape = shapely.geometry.shape(geometry)
    assert shape.is_valid
    xy = _boundary_vertices(geometry)
    assert np.all(np.abs(xy[:, 0]) <= 180.0)
    if xy.size == 0:
        return
    rng = np.random.default_rng(seed)
    pick = rng.choice(len(xy), size=min(samples, len(xy)), replace=False)
    r_m = radius_km * 1e3
    dense = _dense_reference(area, _spacing(r_m))
    tol = max(0.002 * r_m, 500.0)
    for lon, lat in xy[pick]:
        ref = reference_distance_m(area, float(lat), float(lon), dense)
        assert abs(ref - r_m) <= tol, (area.form, radius_km, lat, lon, ref)
    # The area itself lies in its ring.
    for curve in area.curves:
        lon, lat = curve.coords[0]
        lon = (lon + 180.0) % 360.0 - 180.0
        assert shape.buffer(1e-6).contains(shapely.Point(lon, lat)), (area.form, radius_km)


radii = st.one_of(st.floats(1.0, 50.0), st.floats(50.0, 3000.0), st.floats(3000.0, 20_000.0))

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)


@SETTINGS
@given(**STARTS, n=st.integers(2, 5), r=radii)
def test_line_ring_vertices_are_at_the_range(lat0, lon0, seed, n, r):
    area, _ = _random_area("line", lat0, lon0, seed, n, _extent_km(r, 1500.0))
    _check_ring(area, r, seed)


@SETTINGS
@given(**STARTS, n=st.integers(3, 7), r=radii)
def test_polygon_ring_vertices_are_at_the_range(lat0, lon0, seed, n, r):
    area, _ = _random_area("poly", lat0, lon0, seed, n, _extent_km(r, 800.0, 20.0))
    _check_ring(area, r, seed)


@pytest.mark.parametrize(
    ("form", "radius_km"),
    [
        ("line:-16.5,178;-17.5,-179", 300.0),  # across the antimeridian
        ("line:-16.5,178;-17.5,-179", 1.0),
        ("poly:60,170;62,-170;66,-175;64,175", 500.0),
        ("line:85,0;85,90", 800.0),  # a pole within range
        ("line:89.5,0;89.5,180", 5.0),  # across the pole itself
        ("line:-85,10;-86,120", 2000.0),
        ("poly:-70,0;-70,60;-75,30", 3000.0),
        ("line:0,0;0,10", 19_990.0),  # nearly the whole Earth
        ("line:0,0;0,10", 20_000.0),
        ("poly:50,30;51,31;49,32", 9_000.0),
        ("poly:10,10;10.1,10;10,10.1", 19_990.0),  # a small hole near the antipodes
        ("line:0,0;0,0.2", 19_000.0),
        ("line:80,0;80,1", 19_990.0),
        ("UKR", 300.0),
        ("UKR", 2400.0),
        ("Fiji", 100.0),  # a country across the antimeridian
    ],
)
def test_special_cases(form, radius_km):
    _check_ring(parse_area(form), radius_km, seed=1, samples=6)


@SETTINGS
@given(**STARTS, kind=kinds, d_km=st.floats(0.0, 5000.0))
def test_distance_to_area_matches_brute_force(lat0, lon0, seed, kind, d_km):
    area, pts = _random_area(kind, lat0, lon0, seed, 4, 600.0)
    rng = np.random.default_rng(seed)
    lon, lat, _ = GEOD.fwd(pts[0][1], pts[0][0], rng.uniform(0, 360), d_km * 1e3)
    got_km, bearing = distance_to_area(area, np.array([lat]), np.array([lon]))
    got = got_km[0] * 1e3
    spacing = _spacing(max(got, 1.0))
    ref = reference_distance_m(area, lat, lon, _dense_reference(area, spacing))
    # The vertex-only reference may overshoot by up to this much (half a step near the area).
    ref_slack = min(spacing / 2.0, spacing**2 / (8.0 * max(got, 1.0)))
    assert got - ref <= max(2e-5 * ref, 5.0), (area.form, lat, lon, got, ref)
    assert ref - got <= max(2e-5 * ref, 5.0) + ref_slack, (area.form, lat, lon, got, ref)
    if got == 0.0:
        assert math.isnan(bearing[0])
    else:
        assert 0.0 <= bearing[0] < 360.0


def _check_membership(area: LaunchArea, radius_km: float, seed: int, n: int = 300) -> None:
    """A point is in the ring exactly when its distance to the area is within the range, away
    from a thin band along the boundary (where the straight chart edges between exact vertices
    may pass on either side): the ring has no missing or extra pieces."""
    shape = shapely.geometry.shape(area_ring(area, radius_km))
    rng = np.random.default_rng(seed)
    # Half the points anywhere on the Earth, half within about the range of the area.
    z = rng.uniform(-1.0, 1.0, n // 2)
    lats = np.degrees(np.arcsin(z))
    lons = rng.uniform(-180.0, 180.0, n // 2)
    c = area.curves[0].coords[0]
    near_lon, near_lat, _ = GEOD.fwd(
        np.full(n // 2, c[0]),
        np.full(n // 2, c[1]),
        rng.uniform(0, 360, n // 2),
        rng.uniform(0.0, 2.0, n // 2) * radius_km * 1e3,
    )
    lats = np.concatenate([lats, near_lat])
    lons = np.concatenate([lons, near_lon])
    d, _ = distance_to_area(area, lats, lons)
    band = max(0.005 * radius_km, 1.0)
    inside = shapely.contains_xy(shape, lons, lats) | shapely.intersects_xy(shape, lons, lats)
    clear = np.abs(d - radius_km) > band
    wrong = clear & (inside != (d <= radius_km))
    assert not wrong.any(), (area.form, radius_km, lats[wrong][:3], lons[wrong][:3], d[wrong][:3])


@SETTINGS
@given(**STARTS, kind=kinds, n=st.integers(3, 6), r=radii)
def test_ring_holds_exactly_the_points_within_range(lat0, lon0, seed, kind, n, r):
    area, _ = _random_area(kind, lat0, lon0, seed, n, _extent_km(r, 1500.0))
    _check_membership(area, r, seed)


@pytest.mark.parametrize(
    ("form", "radius_km"),
    [
        ("UKR", 250.0),
        ("UKR", 2400.0),
        ("Fiji", 500.0),
        ("line:85,0;85,90", 800.0),
        ("poly:10,10;10.1,10;10,10.1", 19_990.0),
        ("line:0,0;0,10", 15_000.0),
    ],
)
def test_ring_membership_special_cases(form, radius_km):
    _check_membership(parse_area(form), radius_km, seed=3)
