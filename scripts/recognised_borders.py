"""Derive the internationally recognised edition of the borders from the de facto one (one-off,
after scripts/split_antimeridian.py; the output is committed).

Natural Earth's Admin 0 layer (the bundled ``countries-50m.geojson``) draws de facto borders:
Crimea is a part of Russia's MultiPolygon. Natural Earth publishes point-of-view editions
(``ne_50m_admin_0_countries_ukr`` ...) but no registry this project can install ships them, so
the recognised edition is derived here, exactly: the one part of Russia's MultiPolygon that lies
in Crimea's box (the peninsula, 44.3-46.3 N, 32.4-36.7 E: Simferopol and Sevastopol inside it,
nothing of Russia's mainland) moves to Ukraine, and Ukraine's outline is dissolved along the
Perekop isthmus. Every other feature is copied unchanged.

    .venv/bin/python scripts/recognised_borders.py static/borders/countries-50m.geojson \\
        static/borders/countries-50m-recognised.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry

CRIMEA_BOX = shapely.box(32.4, 44.3, 36.7, 46.3)  # lon/lat degrees
CRIMEA_TOWNS = {"Simferopol": (34.10, 44.95), "Sevastopol": (33.52, 44.60), "Kerch": (36.47, 45.36)}


def _geometry(shape: shapely.Geometry) -> dict:
    """GeoJSON of a (Multi)Polygon with 2-decimal coordinates, as the de facto file has them."""
    polygons = []
    for part in shapely.get_parts(shapely.orient_polygons(shape)):
        rings = [part.exterior, *part.interiors]
        polygons.append([np.round(np.asarray(r.coords), 2).tolist() for r in rings])
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def recognised(de_facto: dict) -> dict:
    """The collection with Crimea moved from Russia to Ukraine (a new dict)."""
    features = {f["properties"]["name"]: f for f in de_facto["features"]}
    russia = shapely.geometry.shape(features["Russia"]["geometry"])
    ukraine = shapely.geometry.shape(features["Ukraine"]["geometry"])
    parts = list(shapely.get_parts(russia))
    crimea = [p for p in parts if CRIMEA_BOX.contains(p)]
    if len(crimea) != 1 or not all(
        crimea[0].contains(shapely.Point(*xy)) for xy in CRIMEA_TOWNS.values()
    ):
        raise SystemExit("Crimea is not one part of Russia's MultiPolygon in this file")
    rest = shapely.MultiPolygon([p for p in parts if p is not crimea[0]])
    # Snap to the file's 0.01 degree grid so that the shared Perekop border dissolves.
    joined = shapely.set_precision(shapely.union(ukraine, crimea[0]), 0.01)
    out = json.loads(json.dumps(de_facto))
    for feature in out["features"]:
        name = feature["properties"]["name"]
        if name == "Russia":
            feature["geometry"] = _geometry(rest)
        elif name == "Ukraine":
            feature["geometry"] = _geometry(joined)
    meta = dict(out.get("metadata") or {})
    meta["edition"] = "recognised"
    meta["derived"] = (
        "Crimea moved from Russia to Ukraine by scripts/recognised_borders.py "
        "(internationally recognised borders; UN General Assembly resolution 68/262)"
    )
    out["metadata"] = meta
    return out


def main(source: str, target: str) -> None:
    de_facto = json.loads(Path(source).read_text(encoding="utf-8"))
    text = json.dumps(recognised(de_facto), ensure_ascii=False, separators=(",", ":"))
    Path(target).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:3])
