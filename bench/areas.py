"""Launch areas: rings and reach from Ukraine (the bundled 1:50m border) for the 4 systems.

Rings: ``build_rings([], systems, [Ukraine])`` (three distinct ranges: 250, 300 and 2,400 km)
against the naive way measured in the same run: the union of point rings
(``ranges.geometry.geodesy.range_areas`` + ``union_of``) round the border densified at a tenth of
the
range (close enough for the contract's 0.2 %). Reach: the CLI's per-pair table
(``reach_columns``) and ``compute_reach`` (union table and summary with areas and countries)
over the default gazetteer, with the floor of any exact method beside them: one ``Geod.inv``
per city in reach.
"""

from __future__ import annotations

import numpy as np

from bench.common import median_seconds
from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areabuffer import naive_buffer
from ranges.geometry.areas import area_model, parse_area
from ranges.geometry.geodesy import WGS84
from ranges.geometry.rings import build_rings
from ranges.places.extracts import DEFAULT_EXTRACT, default_gazetteer
from ranges.reach.areas import clear_cache
from ranges.reach.forward import compute_reach
from ranges.reach.pairtable import reach_columns

SYSTEMS = ("atacms", "storm-shadow", "scalp-eg", "tomahawk")
MEASURES = (
    "area rings: Ukraine x 4 systems (3 ranges), GeoJSON",
    "  baseline: union of point rings round the border",
    "  ratio (baseline / area rings)",
    f"area reach rows: Ukraine x 4 systems, {DEFAULT_EXTRACT}",
    f"area compute_reach: Ukraine x 4, {DEFAULT_EXTRACT}, incl. union areas and countries",
    "  floor: Geod.inv once per city in reach",
)
"""The rows this module prints (``bench.readme.MEASURES`` lists them)."""


def _ms(seconds: float) -> str:
    return f"{seconds * 1e3:.0f} ms"


def _verdict(seconds: float, target_s: float) -> str:
    return "ok" if seconds < target_s else "over"


def run() -> list[tuple[str, str, str, str]]:
    systems = list(load_catalogue().select(list(SYSTEMS)))
    ukraine = parse_area("UKR")
    build_rings([], systems, [ukraine])  # warm: borders, the area's model, pyproj
    rings_s = median_seconds(lambda: build_rings([], systems, [ukraine]), repeat=7, warmup=1)

    model = area_model(ukraine)
    radii = sorted({s.max_range_km for s in systems})

    def naive() -> None:
        for r in radii:
            naive_buffer(model, r * 1e3)

    naive_s = median_seconds(naive, repeat=1, warmup=0)

    gazetteer = default_gazetteer()

    def rows_fresh() -> object:
        clear_cache()  # the pairs are kept for a later .rows: measure them made anew
        return reach_columns([], systems, gazetteer, areas=[ukraine])

    def compute_fresh() -> object:
        clear_cache()
        return compute_reach([], systems, gazetteer, areas=[ukraine])

    rows_s = median_seconds(rows_fresh, repeat=5, warmup=1)
    rows = reach_columns([], systems, gazetteer, areas=[ukraine])
    n_rows = len(rows["city"])
    compute_s = median_seconds(compute_fresh, repeat=3, warmup=1)
    # The floor: one inverse problem per city in reach of the longest range.
    cities = np.unique(np.asarray(rows["city_index"]))
    lats, lons = gazetteer.lats[cities], gazetteer.lons[cities]
    n = cities.size
    floor_s = median_seconds(
        lambda: WGS84.inv(np.full(n, 30.5), np.full(n, 50.4), lons, lats), repeat=5, warmup=1
    )
    return [
        (MEASURES[0], _ms(rings_s), "< 300 ms", _verdict(rings_s, 0.3)),
        (MEASURES[1], _ms(naive_s), "", ""),
        (MEASURES[2], f"{naive_s / rings_s:.0f}x", "", ""),
        (MEASURES[3], _ms(rows_s), "< 200 ms", f"{_verdict(rows_s, 0.2)} ({n_rows} rows)"),
        (MEASURES[4], _ms(compute_s), "", ""),
        (MEASURES[5], _ms(floor_s), "", f"{n} cities"),
    ]
