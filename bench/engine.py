"""Ring generation: vertices per second against a per-vertex geopy loop, and 20 x 4 rings."""

from __future__ import annotations

import numpy as np
from geopy.distance import geodesic

from bench.common import median_seconds
from ranges.catalogue.systems import load_catalogue
from ranges.geometry.geodesy import boundary_vertices
from ranges.geometry.rings import build_rings
from ranges.places.points import LaunchPoint


def launch_points(n: int, seed: int = 7) -> list[LaunchPoint]:
    """``n`` launch points spread over eastern Europe (a typical analyst's scenario)."""
    rng = np.random.default_rng(seed)
    lats = rng.uniform(44.0, 56.0, n)
    lons = rng.uniform(22.0, 40.0, n)
    pairs = enumerate(zip(lats, lons, strict=True))
    return [LaunchPoint(float(a), float(b), f"P{i}") for i, (a, b) in pairs]


def vertex_count(rings) -> int:
    total = 0
    for ring in rings:
        g = ring.area.geometry
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        total += sum(len(r) - 1 for p in polys for r in p)
    return total


def geopy_loop(rings, sample: int) -> tuple[float, int]:
    """Seconds for ``sample`` vertices computed one at a time with geopy (same centres/radii)."""
    jobs = []
    for ring in rings:
        n = 180 if ring.system.max_range_km < 1000 else 540
        for az in np.linspace(0, 360, n, endpoint=False):
            jobs.append((ring.point.lat, ring.point.lon, ring.system.max_range_km, float(az)))
    jobs = jobs[:sample]

    def loop() -> None:
        for lat, lon, r, az in jobs:
            geodesic(kilometers=r).destination((lat, lon), bearing=az)

    return median_seconds(loop, repeat=3, warmup=0), len(jobs)


def run() -> list[tuple[str, str, str, str]]:
    systems = list(load_catalogue().systems)
    points = launch_points(20)
    build_rings(points, systems)  # warm imports and caches of pyproj
    heavy = median_seconds(lambda: build_rings(points, systems), repeat=25, warmup=2)
    rings = build_rings(points, systems)
    vertices = vertex_count(rings)
    centres = [(r.point.lat, r.point.lon) for r in rings]
    radii = [r.system.max_range_km for r in rings]
    step_n = sum(len(b) for b in boundary_vertices(centres, radii))
    step_s = median_seconds(lambda: boundary_vertices(centres, radii), repeat=25, warmup=2)
    loop_s, loop_n = geopy_loop(rings, sample=3000)
    geopy_vps = loop_n / loop_s
    step_vps = step_n / step_s
    full_vps = vertices / heavy
    return [
        (
            "rings: 20 launch points x 4 systems, to GeoJSON",
            f"{heavy * 1e3:.1f} ms ({len(rings)} rings, {vertices} vertices)",
            "< 30 ms",
            "ok" if heavy < 0.030 else "MISSED",
        ),
        ("geopy destination() loop", f"{geopy_vps:,.0f} vertices/s", "", "baseline"),
        (
            "boundary vertices, vectorised (same work as the loop)",
            f"{step_vps:,.0f} vertices/s = {step_vps / geopy_vps:,.0f}x",
            ">= 100x",
            "ok" if step_vps / geopy_vps >= 100 else "MISSED",
        ),
        (
            "whole rings (vertices, cuts, area, GeoJSON)",
            f"{full_vps:,.0f} vertices/s = {full_vps / geopy_vps:,.0f}x",
            "",
            "",
        ),
    ]
