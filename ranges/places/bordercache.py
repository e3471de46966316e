"""One country's border without reading every country's: the bundled borders as arrays, cached.

A launch area that is a country needs that country's polygons alone, but the bundled borders
are one GeoJSON file of 1.4 MB and 99,208 positions: parsing and checking it
(:func:`ranges.places.borders.load_borders`) took 0.1-0.2 s of every command with ``--area
COUNTRY``. The first such call writes the file's coordinates, checked, as flat arrays
(:func:`ranges.places.gazetteer_cache.write_arrays`, the gazetteer's layout) to the cache
directory; later calls map that file and slice out one feature.

The cache file's name holds a hash of the source's path, size and modification time and of
:data:`FORMAT_VERSION`: another or a changed source is another file. It is written atomically
(a temporary file, then ``os.replace``); a cache that cannot be read or written is rebuilt or
skipped, never an error (the borders are then read as before).

Arrays: ``coords`` (positions, 2) longitude/latitude degrees as the file has them;
``ring_end`` per ring its end in ``coords``; ``polygon_end`` per polygon its end in the rings;
``feature_end`` per feature its end in the polygons; ``multi`` per feature 1 for a
MultiPolygon, 0 for a Polygon.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from functools import lru_cache
from pathlib import Path

import numpy as np

from ranges.places.borders import borders_path, load_borders
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.gazetteer_cache import cache_dir, map_arrays, write_arrays_file

__all__ = ["FORMAT_VERSION", "border_arrays", "cache_file", "clear_cache", "feature_geometry"]

FORMAT_VERSION = 1
_LOCK = threading.Lock()


def cache_file(source: Path, directory: Path | None = None) -> Path:
    """The cache file of the borders file ``source`` (see the module docstring)."""
    stat = source.stat()
    key = f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{FORMAT_VERSION}"
    digest = hashlib.sha1(key.encode()).hexdigest()[:16]
    return (directory or cache_dir()) / f"borders-{source.stem}-{digest}.arrays"


def border_arrays(borders: dict) -> dict[str, np.ndarray]:
    """A checked borders FeatureCollection (:func:`load_borders`) as the module's arrays."""
    coords: list[list[float]] = []
    ring_end, polygon_end, feature_end, multi = [], [], [], []
    for feature in borders["features"]:
        geometry = feature["geometry"]
        is_multi = geometry["type"] == "MultiPolygon"
        polygons = geometry["coordinates"] if is_multi else [geometry["coordinates"]]
        for polygon in polygons:
            for ring in polygon:
                coords.extend(position[:2] for position in ring)
                ring_end.append(len(coords))
            polygon_end.append(len(ring_end))
        feature_end.append(len(polygon_end))
        multi.append(is_multi)
    return {
        "coords": np.array(coords, dtype=np.float64).reshape(-1, 2),
        "ring_end": np.array(ring_end, dtype=np.int64),
        "polygon_end": np.array(polygon_end, dtype=np.int64),
        "feature_end": np.array(feature_end, dtype=np.int64),
        "multi": np.array(multi, dtype=np.int8),
    }


def _consistent(arrays: dict[str, np.ndarray]) -> bool:
    """Whether the arrays index each other within bounds (a damaged file is rebuilt)."""
    try:
        ends = [arrays["ring_end"], arrays["polygon_end"], arrays["feature_end"]]
        sizes = [arrays["coords"].shape[0], ends[0].size, ends[1].size]
        return (
            arrays["coords"].ndim == 2
            and arrays["coords"].shape[1] == 2
            and arrays["multi"].size == ends[2].size
            and all(
                e.size > 0 and bool((np.diff(e) >= 0).all()) and e[0] >= 0 and e[-1] == n
                for e, n in zip(ends, sizes, strict=True)
            )
        )
    except (KeyError, IndexError, ValueError):
        return False


def clear_cache() -> None:
    """Forget the arrays mapped so far (for tests, or after regenerating the data)."""
    _arrays.cache_clear()


@lru_cache(maxsize=4)
def _arrays(edition: str) -> dict[str, np.ndarray]:
    source = borders_path(edition)
    try:
        path = cache_file(source)
        arrays = map_arrays(path)
        if _consistent(arrays):
            return arrays
    except (OSError, ValueError, KeyError, TypeError):
        pass
    arrays = border_arrays(load_borders(edition=edition))  # checked there
    with contextlib.suppress(OSError):
        write_arrays_file(cache_file(source), arrays)
    return arrays


def feature_geometry(index: int, edition: str = DEFAULT_EDITION) -> dict:
    """The GeoJSON geometry of feature ``index`` of the bundled borders of ``edition``, each
    ring an (n, 2) float64 array (what ``shapely.geometry.shape`` reads as it reads lists), the
    same coordinates as ``load_borders(edition=edition)["features"][index]["geometry"]``."""
    with _LOCK:
        arrays = _arrays(edition)
    feature_end = arrays["feature_end"]
    if not 0 <= index < feature_end.size:
        raise IndexError(f"no feature {index} in the {edition} borders")
    polygon_end, ring_end, coords = arrays["polygon_end"], arrays["ring_end"], arrays["coords"]
    p0 = int(feature_end[index - 1]) if index else 0
    polygons = []
    for p in range(p0, int(feature_end[index])):
        r0 = int(polygon_end[p - 1]) if p else 0
        rings = []
        for r in range(r0, int(polygon_end[p])):
            c0 = int(ring_end[r - 1]) if r else 0
            rings.append(np.array(coords[c0 : int(ring_end[r])]))
        polygons.append(rings)
    if arrays["multi"][index]:
        return {"type": "MultiPolygon", "coordinates": polygons}
    return {"type": "Polygon", "coordinates": polygons[0]}
