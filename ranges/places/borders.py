"""Offline country borders: Natural Earth 1:50m, bundled in ``static/borders/``, in two editions
(:mod:`ranges.places.editions`: de facto, the default, and internationally recognised).

The map draws them as a GeoJSON layer so that it stays readable when no tile server
answers; :func:`border_tree` indexes them to find the countries a region meets.
Provenance, licence and the commands that made the files: ``static/borders/README.md``.
"""

from __future__ import annotations

import itertools
import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
import shapely.errors
import shapely.geometry

from ranges.errors import BordersError
from ranges.paths import BORDERS_DIR, BORDERS_FILE
from ranges.places.editions import DEFAULT_EDITION, EDITION_FILES, EDITIONS

DEFAULT_BORDERS_PATH = BORDERS_FILE


def borders_path(edition: str = DEFAULT_EDITION) -> Path:
    """The bundled file of an edition (one of :data:`EDITIONS`)."""
    try:
        return BORDERS_DIR / EDITION_FILES[edition]
    except KeyError:
        raise BordersError(
            f"unknown borders edition {edition!r}: use one of {', '.join(EDITIONS)}"
        ) from None


def load_borders(
    path: str | os.PathLike[str] | None = None, *, edition: str = DEFAULT_EDITION
) -> dict:
    """The borders as a GeoJSON FeatureCollection dict (each feature has ``properties.name``):
    the file at ``path``, else the bundled file of ``edition``.

    Read and checked once per path, then served from a cache. Each call returns a new
    collection, new feature dicts and new ``properties`` dicts (callers may add keys, as
    folium does when it styles or keys features), but the ``geometry`` dicts are shared
    with the cache: do not modify coordinates in place. Raises `BordersError` if the
    file is missing, unreadable or not such a FeatureCollection.
    """
    resolved = Path(path) if path is not None else borders_path(edition)
    with _LOAD_LOCK:  # several first pages at once read the file once
        cached = _load_cached(str(resolved.resolve()))
    fresh = {key: value for key, value in cached.items() if key != "features"}
    fresh["features"] = [
        {**feature, "properties": dict(feature["properties"])} for feature in cached["features"]
    ]
    return fresh


_LOAD_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget every file read so far (for tests, or after regenerating the data)."""
    _load_cached.cache_clear()


@lru_cache(maxsize=4)
def _load_cached(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except FileNotFoundError:
        raise BordersError(f"borders file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BordersError(f"cannot read borders file {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise BordersError(
            f"borders file {path} is not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    _validate(data, path)
    return data


def _validate(data: object, path: str) -> None:
    def fail(why: str) -> BordersError:
        return BordersError(f"borders file {path} is not usable: {why}")

    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise fail("not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise fail("no features")
    for i, feature in enumerate(features):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise fail(f"feature {i} is not a GeoJSON Feature")
        props = feature.get("properties")
        name = props.get("name") if isinstance(props, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise fail(f"feature {i} has no name")
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            raise fail(f"feature {i} ({name}) is not a Polygon or MultiPolygon")
        coords = geometry.get("coordinates")
        polygons = [coords] if geometry["type"] == "Polygon" else coords
        if not _polygons_ok(polygons):
            raise fail(f"feature {i} ({name}) has malformed or out-of-range coordinates")


def _polygons_ok(polygons: object) -> bool:
    """Whether ``polygons`` is a non-empty list of polygons, each a non-empty list of rings of at
    least 4 positions, each position a list of at least 2 numbers (int or float, not bool),
    finite, longitude in [-180, 180] and latitude in [-90, 90].

    The positions of all the rings are checked at once, their types by ``set(map(type, ...))``
    and their numbers by numpy: a Python test per coordinate took 0.2 s of the 0.3 s a command
    with a country as launch area spent loading the borders (99,208 positions)."""
    if not isinstance(polygons, list) or not polygons:
        return False
    for polygon in polygons:
        if not isinstance(polygon, list) or not polygon:
            return False
        for ring in polygon:
            if not isinstance(ring, list) or len(ring) < 4:
                return False
    positions = list(itertools.chain.from_iterable(itertools.chain.from_iterable(polygons)))
    if set(map(type, positions)) != {list}:
        return False
    lengths = set(map(len, positions))
    if min(lengths) < 2:
        return False
    if max(lengths) > 2:  # altitudes, unchecked as before: the first two numbers of each
        positions = [position[:2] for position in positions]
    # Flat first: numpy converts a flat list of numbers 10x faster than a list of pairs.
    flat = list(itertools.chain.from_iterable(positions))
    if not set(map(type, flat)) <= _NUMBER_TYPES:
        return False
    try:
        coords = np.array(flat, dtype=float).reshape(-1, 2)
    except OverflowError:  # an integer beyond any float
        return False
    return bool(
        np.isfinite(coords).all()
        and (np.abs(coords[:, 0]) <= 180.0).all()
        and (np.abs(coords[:, 1]) <= 90.0).all()
    )


_NUMBER_TYPES = frozenset({int, float})


# --- which countries a region meets ----------------------------------------------------------


@dataclass(frozen=True)
class BorderTree:
    """Country geometries in a shapely STRtree, with their names (same order)."""

    tree: shapely.STRtree
    names: tuple[str, ...]

    def intersecting(self, geom: shapely.Geometry) -> np.ndarray:
        """Indexes of the countries whose territory meets ``geom`` (chart degrees)."""
        if geom.is_empty:
            return np.empty(0, dtype=np.int64)
        return self.tree.query(geom, predicate="intersects")


_TREES: dict[tuple[int, ...], tuple[list[dict], BorderTree]] = {}
_MAX_TREES = 4
_TREES_LOCK = threading.Lock()


def border_tree(borders: dict) -> BorderTree:
    """A cached STRtree of a borders FeatureCollection (keyed by its shared geometry dicts).

    ``borders`` is what :func:`load_borders` returns (or any FeatureCollection of (Multi)Polygons
    with ``properties.name``, longitude/latitude degrees). Raises :class:`BordersError` when it is
    not one. ``load_borders`` shares the geometry dicts between calls, so the tree is built once per
    file; the cache keeps the dicts alive so that their ids stay theirs.
    """
    try:
        features = borders["features"]
        geometries = [f["geometry"] for f in features]
        names = tuple(str(f["properties"]["name"]) for f in features)
    except (KeyError, TypeError) as exc:
        raise BordersError(f"borders: not a FeatureCollection of named countries ({exc})") from None
    key = tuple(id(g) for g in geometries)
    with _TREES_LOCK:
        hit = _TREES.get(key)
    if hit is not None:
        return hit[1]
    try:
        shapes = np.array([shapely.geometry.shape(g) for g in geometries], dtype=object)
    except (KeyError, TypeError, ValueError, AttributeError, shapely.errors.ShapelyError) as exc:
        raise BordersError(f"borders geometry is not usable: {exc}") from None
    bad = ~shapely.is_valid(shapes)
    if bad.any():
        shapes[bad] = shapely.make_valid(shapes[bad])
    built = BorderTree(shapely.STRtree(shapes), names)
    with _TREES_LOCK:
        if len(_TREES) >= _MAX_TREES:
            _TREES.pop(next(iter(_TREES)))
        _TREES[key] = (geometries, built)
    return built
