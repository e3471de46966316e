"""Reach: cities within range of 20 launch points x 4 systems, on two GeoNames extracts.

Baselines in the same run: the same job with every (point, city) pair solved exactly (the
method before the distance bounds, still what ``Reach.rows`` costs), a per-city geopy loop,
and pandas' ``to_csv`` for the CSV writer.
"""

from __future__ import annotations

import numpy as np
from geopy.distance import geodesic

from bench.common import alternating_medians, median_seconds
from bench.engine import launch_points
from ranges.catalogue.systems import load_catalogue
from ranges.export.rows import reach_csv, reach_table
from ranges.geometry.geodesy import WGS84
from ranges.geometry.rings import build_rings
from ranges.places.borders import load_borders
from ranges.places.extracts import default_gazetteer
from ranges.reach.forward import compute_reach
from ranges.reach.pairtable import reach_rows

TARGET_S = {"cities15000": 0.100, "cities500": 0.300}
TARGET_RATIO = 100.0
CSV_TARGET_RATIO = 2.0  # the writer may cost at most this many times the reach rows themselves


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


def inverse_floor(rows, points, gazetteer) -> tuple[float, int]:
    """Seconds for ``Geod.inv`` alone, in one thread, over the pairs of the longest-range system:
    the exact inversions every per-pair table needs."""
    longest = rows.loc[rows["distance_km"].idxmax(), "system"]
    own = rows[rows["system"] == longest]
    i = own["launch_index"].to_numpy()
    k = own["city_index"].to_numpy()
    lats1 = np.array([p.lat for p in points])[i]
    lons1 = np.array([p.lon for p in points])[i]
    lats2, lons2 = gazetteer.lats[k], gazetteer.lons[k]
    seconds = median_seconds(lambda: WGS84.inv(lons1, lats1, lons2, lats2), repeat=7, warmup=1)
    return seconds, len(own)


def pandas_csv(rows) -> str:
    """The CSV as ``reach_csv`` wrote it before the fast writer (pandas ``to_csv``)."""
    return reach_table(rows).to_csv(index=False, lineterminator="\n")


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _extract_rows(extract: str, points, systems, borders, rings) -> list[tuple[str, ...]]:
    gazetteer = default_gazetteer(extract)
    compute_reach(points, systems, gazetteer, rings=rings, borders=borders)  # warm caches
    repeat = 15 if extract == "cities15000" else 7
    full = median_seconds(lambda: compute_reach(points, systems, gazetteer), repeat=repeat)
    result = compute_reach(points, systems, gazetteer)
    every_pair = median_seconds(
        lambda: compute_reach(points, systems, gazetteer).rows, repeat=max(3, repeat // 3)
    )
    rows = result.rows
    rows_s, csv_s = alternating_medians(
        [lambda: reach_rows(points, systems, gazetteer), lambda: reach_csv(rows)],
        repeat=9 if extract == "cities15000" else 5,
    )
    pandas_s = median_seconds(lambda: pandas_csv(rows), repeat=1, warmup=0)
    scenario = f"{len(gazetteer):,} places, {len(result.cities):,} reached, {len(rows):,} rows"
    target = TARGET_S[extract]
    csv_ratio = csv_s / rows_s
    return [
        (
            f"compute_reach 20x4, {extract}, incl. union areas and countries",
            f"{full * 1e3:.0f} ms ({scenario})",
            f"< {target * 1e3:.0f} ms",
            verdict(full < target),
        ),
        (
            f"  baseline: {extract}, every pair solved (compute_reach + Reach.rows)",
            f"{every_pair * 1e3:.0f} ms ({every_pair / full:.1f}x)",
            "",
            "baseline",
        ),
        (
            f"reach rows (the CLI's per-pair table), {extract}",
            f"{rows_s * 1e3:.0f} ms",
            "",
            "",
        ),
        (
            f"reach CSV writer, {extract} rows",
            f"{csv_s * 1e3:.0f} ms = {csv_ratio:.1f}x the rows (pandas to_csv: "
            f"{pandas_s * 1e3:.0f} ms = {pandas_s / rows_s:.1f}x)",
            f"< {CSV_TARGET_RATIO:.0f}x the rows",
            verdict(csv_ratio < CSV_TARGET_RATIO),
        ),
    ]


def run() -> list[tuple[str, str, str, str]]:
    systems = list(load_catalogue().systems)
    points = launch_points(20)
    borders = load_borders()
    rings = build_rings(points, systems)
    out: list[tuple[str, str, str, str]] = []
    for extract in TARGET_S:
        out += _extract_rows(extract, points, systems, borders, rings)
    small = default_gazetteer("cities15000")
    rows = reach_rows(points, systems, small)
    rows_s = median_seconds(lambda: reach_rows(points, systems, small), repeat=9)
    full_s = median_seconds(lambda: compute_reach(points, systems, small), repeat=9)
    floor_s, floor_n = inverse_floor(rows, points, small)
    pairs = len(points) * len(small)
    geopy_s = geopy_loop(points, small, sample=3000) * pairs
    return [
        *out,
        (
            "Geod.inv alone, one thread, cities15000 (the floor of a per-pair table)",
            f"{floor_s * 1e3:.1f} ms ({floor_n:,} pairs)",
            "",
            "",
        ),
        (
            "geopy geodesic() loop over the cities15000 (point, city) pairs",
            f"{geopy_s:.1f} s ({pairs:,} pairs, timed on 3,000)",
            "",
            "baseline",
        ),
        (
            "reach rows, cities15000, against the geopy loop",
            f"{geopy_s / rows_s:,.0f}x",
            f">= {TARGET_RATIO:.0f}x",
            verdict(geopy_s / rows_s >= TARGET_RATIO),
        ),
        (
            "compute_reach, cities15000, against the geopy loop",
            f"{geopy_s / full_s:,.0f}x",
            f">= {TARGET_RATIO:.0f}x",
            verdict(geopy_s / full_s >= TARGET_RATIO),
        ),
    ]


if __name__ == "__main__":
    from bench.common import table

    print(table(run()))
