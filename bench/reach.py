"""Reach: cities within range of 20 launch points x 4 systems, against a per-city geopy loop."""

from __future__ import annotations

import numpy as np
from geopy.distance import geodesic

from bench.common import median_seconds
from bench.engine import launch_points
from ranges.borders import load_borders
from ranges.catalogue import load_catalogue
from ranges.gazetteer import default_gazetteer
from ranges.geodesy import WGS84
from ranges.reach import compute_reach, reach_rows
from ranges.rings import build_rings

TARGET_S = 0.100
TARGET_RATIO = 100.0


def geopy_loop(points, gazetteer, sample: int, seed: int = 3) -> float:
    """Seconds per (launch point, city) distance computed one at a time with geopy.

    ``sample`` pairs drawn at random from all (point, city) pairs, so the mix of short and long
    distances is the one the whole job has.
    """
    rng = np.random.default_rng(seed)
    p = rng.integers(0, len(points), sample)
    c = rng.integers(0, len(gazetteer), sample)
    lats, lons = gazetteer.lats, gazetteer.lons
    jobs = [
        (points[i].lat, points[i].lon, float(lats[k]), float(lons[k]))
        for i, k in zip(p.tolist(), c.tolist(), strict=True)
    ]

    def loop() -> float:
        return sum(geodesic((lat1, lon1), (lat2, lon2)).km for lat1, lon1, lat2, lon2 in jobs)

    return median_seconds(loop, repeat=3, warmup=1) / sample


def inverse_floor(reach, points, gazetteer) -> tuple[float, int]:
    """Seconds for ``Geod.inv`` alone, in one thread, over the pairs of the longest-range system:
    the exact inversions every result needs, the floor of the whole job."""
    rows = reach.rows
    longest = rows.loc[rows["distance_km"].idxmax(), "system"]
    own = rows[rows["system"] == longest]
    i = own["launch_index"].to_numpy()
    k = own["city_index"].to_numpy()
    lats1 = np.array([p.lat for p in points])[i]
    lons1 = np.array([p.lon for p in points])[i]
    lats2, lons2 = gazetteer.lats[k], gazetteer.lons[k]
    seconds = median_seconds(lambda: WGS84.inv(lons1, lats1, lons2, lats2), repeat=7, warmup=1)
    return seconds, len(own)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def run() -> list[tuple[str, str, str, str]]:
    systems = list(load_catalogue().systems)
    points = launch_points(20)
    gazetteer = default_gazetteer()
    borders = load_borders()
    rings = build_rings(points, systems)
    reach = compute_reach(points, systems, gazetteer, rings=rings, borders=borders)  # warm caches
    rows = median_seconds(lambda: reach_rows(points, systems, gazetteer), repeat=15, warmup=2)
    full = median_seconds(lambda: compute_reach(points, systems, gazetteer), repeat=15, warmup=2)
    given = median_seconds(
        lambda: compute_reach(points, systems, gazetteer, rings=rings, borders=borders),
        repeat=15,
        warmup=2,
    )
    floor_s, floor_n = inverse_floor(reach, points, gazetteer)
    pairs = len(points) * len(gazetteer)
    geopy_s = geopy_loop(points, gazetteer, sample=3000) * pairs
    size = f"{len(reach.rows):,} rows"
    scenario = f"{len(points)} points x {len(systems)} systems x {len(gazetteer):,} cities"
    target = f"< {TARGET_S * 1e3:.0f} ms"
    return [
        (
            f"reach rows (reach_rows, the CLI's table): {scenario}",
            f"{rows * 1e3:.1f} ms ({size})",
            target,
            verdict(rows < TARGET_S),
        ),
        (
            "compute_reach: rows + union table + summary (rings, areas, countries)",
            f"{full * 1e3:.1f} ms ({len(reach.cities):,} cities)",
            target,
            verdict(full < TARGET_S),
        ),
        ("compute_reach, rings and borders given", f"{given * 1e3:.1f} ms", "", ""),
        (
            "Geod.inv alone, one thread (the floor: exact distances)",
            f"{floor_s * 1e3:.1f} ms ({floor_n:,} pairs)",
            "",
            "",
        ),
        (
            "geopy geodesic() loop over the same (point, city) pairs",
            f"{geopy_s:.1f} s ({pairs:,} pairs, timed on 3,000)",
            "",
            "baseline",
        ),
        (
            "reach rows against the geopy loop",
            f"{geopy_s / rows:,.0f}x",
            f">= {TARGET_RATIO:.0f}x",
            verdict(geopy_s / rows >= TARGET_RATIO),
        ),
        (
            "compute_reach against the geopy loop",
            f"{geopy_s / full:,.0f}x",
            f">= {TARGET_RATIO:.0f}x",
            verdict(geopy_s / full >= TARGET_RATIO),
        ),
    ]
