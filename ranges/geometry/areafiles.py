"""Shapes read out of a GeoJSON or KML file of launch areas: each feature's or placemark's
polygons and lines as coordinate arrays, with its name.

Only the file's structure is read and checked here (as untrusted input: malformed
coordinates, deep nesting, XML entities are refused with one :class:`ranges.errors.AreaError`);
what the shapes become, and the limits on them, is :func:`ranges.geometry.areas.areas_from_file`'s.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET

import numpy as np

from ranges.errors import AreaError
from ranges.text import quote

__all__ = ["Shapes", "geojson_shapes", "kml_shapes"]


Shapes = list[tuple[str, list[np.ndarray], str]]
"""What a file holds: (kind, parts, label) per shape; kind ``polygon`` or ``line``, each part an
(n, 2) array of (lat, lon) degrees, label the feature's or placemark's name ("" if none)."""


def _lonlat_part(coords: object, what: str, max_vertices: int) -> np.ndarray:
    """GeoJSON positions [[lon, lat, ...], ...] as (n, 2) (lat, lon)."""
    if not isinstance(coords, list) or not all(
        isinstance(p, list) and len(p) >= 2 and all(_is_number(v) for v in p[:2]) for p in coords
    ):
        raise AreaError(f"{what} has malformed coordinates")
    if len(coords) > max_vertices:
        raise AreaError(f"{what} has {len(coords)} points; the limit is {max_vertices}")
    arr = np.array([p[:2] for p in coords], dtype=float)
    return arr[:, ::-1].copy()


def _is_number(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)


def geojson_shapes(data: bytes, name: str, *, max_vertices: int) -> Shapes:
    """The polygons and lines of a GeoJSON document (a FeatureCollection, a Feature, a list of
    features or a bare geometry; points skipped). ``AreaError`` for anything malformed or a
    part of more than ``max_vertices`` points; ``name`` (the file's) is for messages."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise AreaError(f"{quote(name)} is not valid GeoJSON (not JSON)") from None
    found: Shapes = []

    def geometry(geom: object, label: str, depth: int = 0) -> None:
        if not isinstance(geom, dict) or depth > 8:
            raise AreaError(f"{quote(name)}: a geometry is not a GeoJSON object")
        kind = geom.get("type")
        coords = geom.get("coordinates")
        what = f"{quote(name)} {kind}"
        if kind == "Polygon":
            if not isinstance(coords, list) or not coords:
                raise AreaError(f"{what} has no rings")
            found.append(("polygon", [_lonlat_part(coords[0], what, max_vertices)], label))
        elif kind == "MultiPolygon":
            if not isinstance(coords, list) or not coords:
                raise AreaError(f"{what} has no polygons")
            parts = []
            for poly in coords:
                if not isinstance(poly, list) or not poly:
                    raise AreaError(f"{what} has an empty polygon")
                parts.append(_lonlat_part(poly[0], what, max_vertices))
            found.append(("polygon", parts, label))
        elif kind == "LineString":
            found.append(("line", [_lonlat_part(coords, what, max_vertices)], label))
        elif kind == "MultiLineString":
            if not isinstance(coords, list) or not coords:
                raise AreaError(f"{what} has no lines")
            found.append(("line", [_lonlat_part(c, what, max_vertices) for c in coords], label))
        elif kind == "GeometryCollection":
            for g in geom.get("geometries") or []:
                geometry(g, label, depth + 1)
        elif kind in ("Point", "MultiPoint"):
            return
        else:
            raise AreaError(
                f"{quote(name)}: geometry type {quote(str(kind))} is not a Polygon, "
                "MultiPolygon, LineString or MultiLineString"
            )

    def feature(obj: object) -> None:
        if not isinstance(obj, dict):
            raise AreaError(f"{quote(name)}: a feature is not a GeoJSON object")
        props = obj.get("properties") if isinstance(obj.get("properties"), dict) else {}
        label = next(
            (str(props[k]) for k in ("name", "Name", "NAME", "label", "title") if props.get(k)),
            "",
        )
        if obj.get("geometry") is not None:
            geometry(obj["geometry"], label)

    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise AreaError(f"{quote(name)}: FeatureCollection without a features list")
        for f in features:
            feature(f)
    elif kind == "Feature":
        feature(doc)
    elif isinstance(doc, list):
        for f in doc:
            feature(f)
    elif isinstance(kind, str):
        geometry(doc, "")
    else:
        raise AreaError(f"{quote(name)} is JSON but not GeoJSON (no 'type')")
    return found


def kml_shapes(data: bytes, name: str, *, max_vertices: int) -> Shapes:
    """The polygons (outer boundaries) and lines of each placemark of a KML document. A DOCTYPE
    or entity is refused (no entity expansion), as is a part of more than ``max_vertices``
    points: ``AreaError``."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise AreaError(f"{quote(name)}: KML with a DOCTYPE or entities is refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise AreaError(f"{quote(name)} is not valid KML (XML error: {exc})") from None
    if not root.tag.rsplit("}", 1)[-1] == "kml":
        raise AreaError(f"{quote(name)} is XML but not KML")

    def local(el: ET.Element) -> str:
        return el.tag.rsplit("}", 1)[-1]

    def coordinates(el: ET.Element, what: str) -> np.ndarray:
        text = next((c.text or "" for c in el.iter() if local(c) == "coordinates"), "")
        rows = []
        for token in text.split():
            items = token.split(",")
            if len(items) < 2:
                raise AreaError(f"{quote(name)}: {what} has malformed coordinates")
            try:
                lon, lat = float(items[0]), float(items[1])
            except ValueError:
                raise AreaError(f"{quote(name)}: {what} has malformed coordinates") from None
            rows.append((lat, lon))
            if len(rows) > max_vertices:
                raise AreaError(f"{quote(name)}: {what} has more than {max_vertices} points")
        return np.array(rows, dtype=float).reshape(-1, 2)

    found: Shapes = []
    for mark in (el for el in root.iter() if local(el) == "Placemark"):
        label = next((c.text or "" for c in mark if local(c) == "name"), "").strip()
        polys, lines = [], []
        for el in mark.iter():
            if local(el) == "Polygon":
                outer = next((c for c in el.iter() if local(c) == "outerBoundaryIs"), None)
                if outer is not None:
                    polys.append(coordinates(outer, "a Polygon"))
            elif local(el) == "LineString":
                lines.append(coordinates(el, "a LineString"))
        if polys:
            found.append(("polygon", polys, label))
        if lines:
            found.append(("line", lines, label))
    return found
