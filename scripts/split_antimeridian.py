"""Cut the borders GeoJSON at the antimeridian (one-off, after scripts/convert_borders.mjs).

world-atlas's rings for Russia, Fiji and Antarctica jump from +180 to -180 along the
antimeridian; Leaflet draws such a jump as a line across the whole map. Each ring is continued
across the line (longitudes unwrapped), Antarctica's is closed along the South Pole's line, and
the polygon is cut back into [-180, 180] pieces with ranges.geometry.geodesy.clip_to_world.
world-atlas
gives Antarctica's mainland as a shell along the pole's line (no area) whose hole is the coast:
the coast becomes the shell (until 2026-12-02 the whole polygon was dropped, and with it the
mainland: 12.2 M km^2).

    .venv/bin/python scripts/split_antimeridian.py static/borders/countries-50m.geojson
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ranges.geometry.geodesy import clip_to_world


def unwrap(ring: np.ndarray) -> tuple[np.ndarray, float]:
    steps = (np.diff(ring[:, 0]) + 180.0) % 360.0 - 180.0
    lons = ring[0, 0] + np.concatenate([[0.0], np.cumsum(steps)])
    return np.column_stack([lons, ring[:, 1]]), float(steps.sum())


def fix_polygon(rings: list[list[list[float]]]) -> list[list[list[list[float]]]]:
    arrays = [np.asarray(r, dtype=float) for r in rings]
    if all(np.abs(np.diff(a[:, 0])).max() <= 180.0 for a in arrays):
        return [rings]
    shell, winding = unwrap(arrays[0])
    if abs(winding) > 180.0:  # the ring goes round a pole: close it along the pole's line
        if winding < 0:
            shell = shell[::-1]
        pole = -90.0 if shell[:, 1].mean() < 0 else 90.0
        x0, x1 = shell[0, 0], shell[-1, 0]
        shell = np.vstack([shell, [[x1, pole], [x0, pole]]])
    holes = []
    for hole in arrays[1:]:
        h, _ = unwrap(hole)
        h[:, 0] += 360.0 * np.round((shell[:, 0].mean() - h[:, 0].mean()) / 360.0)
        holes.append(h)
    poly = shapely.make_valid(shapely.Polygon(shell, holes))
    fixed = clip_to_world(poly)
    out = []
    for part in shapely.get_parts(shapely.orient_polygons(fixed)):
        coords = [np.round(np.asarray(part.exterior.coords), 2).tolist()]
        coords += [np.round(np.asarray(h.coords), 2).tolist() for h in part.interiors]
        out.append(coords)
    return out


def main(path: str) -> None:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    for feature in data["features"]:
        g = feature["geometry"]
        polys = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        parts = []
        for rings in polys:
            area = shapely.Polygon(rings[0]).area if len(rings[0]) >= 4 else 0.0
            if area == 0.0 and np.ptp(np.asarray(rings[0])[:, 1]) == 0.0:
                # A shell lying along a pole's line has no area; its holes are what is there:
                # Antarctica's mainland comes as such a shell with its coast as the hole, a
                # ring round the pole, closed along the pole's line as its own shell.
                for hole in rings[1:]:
                    parts.extend(fix_polygon([hole]))
                continue
            parts.extend(fix_polygon(rings))
        if len(parts) == 1:
            feature["geometry"] = {"type": "Polygon", "coordinates": parts[0]}
        else:
            feature["geometry"] = {"type": "MultiPolygon", "coordinates": parts}
    text = json.dumps(data, separators=(",", ":"), ensure_ascii=False)
    Path(path).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
