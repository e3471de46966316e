"""Launch areas: a country, a line (a front line, a coast) or a polygon a system may be launched
from anywhere along or inside (docs/INTERFACES.md section 4).

Forms (the same on the command line, in links and in scenario files; a ``|label`` may follow):

* ``UKR`` or ``Ukraine``: a country of the bundled Natural Earth 1:50m borders
  (``ranges.places.borders``), by ISO 3166-1 alpha-3 code or by name (islands included);
* ``line:LAT,LON;LAT,LON;...``: a line through at least 2 points;
* ``poly:LAT,LON;LAT,LON;...``: a polygon through at least 3 points (closed implicitly);
* an extension of ours for files and multi-part shapes: parts joined by ``/``
  (``poly:...;.../...;...``), each part a polygon (or a line) of its own;
* a GeoJSON or KML file (:func:`areas_from_file`): each feature or placemark one area.

Edges between given points are geodesics; a longitude step of more than 180 degrees between two
consecutive points goes the short way round (across the antimeridian). Coordinates of a line or
polygon are rounded to ``FORM_DECIMALS`` decimals (about a metre) where they enter, so that the
canonical ``form`` reads back to the same area. A polygon that crosses itself is repaired with
shapely's ``make_valid`` and the area's ``note`` says so; a polygon may not enclose a pole.

Distances and rings: :func:`distance_to_area` (exact, see :mod:`ranges.geometry.areadistance`) and
:func:`area_ring` (the geodesic buffer, see :mod:`ranges.geometry.areabuffer`).

Limits (each breach is one :class:`ranges.errors.AreaError`): ``MAX_VERTICES`` given vertices per
area, ``MAX_PARTS`` parts, ``MAX_FILE_BYTES`` per file, ``MAX_AREAS`` areas per file (and per
command line or link).
"""

from __future__ import annotations

import difflib
import math
import re
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np
import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from ranges.errors import AreaError, PointError
from ranges.geometry.areabuffer import buffer_range
from ranges.geometry.areadistance import AreaModel, Curve, bearing_deg, densify_curve
from ranges.geometry.areafiles import geojson_shapes, kml_shapes
from ranges.geometry.geodesy import RangeArea, clip_to_world
from ranges.places.bordercache import feature_geometry
from ranges.places.countries import countries, country_key, country_names
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.points import clean_label
from ranges.text import number_text, quote

__all__ = [
    "FORM_DECIMALS",
    "MAX_AREAS",
    "MAX_FILE_BYTES",
    "MAX_PARTS",
    "MAX_VERTICES",
    "AreaError",
    "LaunchArea",
    "area_range",
    "area_ring",
    "areas_from_file",
    "country_names",
    "distance_to_area",
    "parse_area",
    "parse_area_or_file",
]

MAX_VERTICES = 10_000
MAX_PARTS = 200
MAX_FILE_BYTES = 5_000_000
MAX_AREAS = 20
MAX_FORM_CHARS = 400_000
FORM_DECIMALS = 5
_DISPLAY_SPACING_M = 20_000.0

KINDS = ("country", "line", "polygon")


@dataclass(frozen=True)
class LaunchArea:
    """A launch area (see the module docstring). Equal when label, form and kind are.

    ``label`` is display text (untrusted: escape it where it is shown); ``form`` the canonical
    text form (``UKR``, ``line:...``, ``poly:...``); ``kind`` one of ``country``, ``line``,
    ``polygon``; ``geometry`` a shapely geometry in longitude/latitude degrees cut at the
    antimeridian as RFC 7946 asks (edges densified along their geodesics), for drawing and
    for tests of which countries it meets; ``note`` says what was repaired ("" if nothing).
    ``borders`` is the edition of the borders a country's shape comes from
    (:mod:`ranges.places.editions`; the default for lines and polygons): the same country in
    the two editions is two areas (Ukraine with or without Crimea).
    """

    label: str
    form: str
    kind: str
    geometry: BaseGeometry = field(compare=False, repr=False)
    note: str = field(default="", compare=False)
    curves: tuple[Curve, ...] = field(default=(), compare=False, repr=False)
    polygonal: BaseGeometry | None = field(default=None, compare=False, repr=False)
    borders: str = DEFAULT_EDITION

    @property
    def shape_key(self) -> tuple[str, str, str]:
        """What the area's shape depends on (kind, form, borders' edition), its label aside: the
        key of every cache of its geometry or of distances to it."""
        return (self.kind, self.form, self.borders)

    def in_borders(self, edition: str) -> LaunchArea:
        """This area with its country's shape from the borders of ``edition`` (a line or a
        polygon, or a country already in that edition, is itself)."""
        if self.kind != "country" or self.borders == edition:
            return self
        index, name = countries().by_form[self.form]
        label = "" if self.label == name else self.label
        return _country_area(self.form, name, index, label, edition)

    def to_query(self) -> str:
        """``form|label`` (just ``form`` when the label is the form's own)."""
        return self.form if self.label == self.default_label else f"{self.form}|{self.label}"

    @property
    def default_label(self) -> str:
        """The label the form gets when none is given."""
        if self.kind == "country":
            return countries().by_form[self.form][1]
        return self.form

    def range_area(self, max_km: float, min_km: float = 0.0) -> RangeArea:
        """:func:`area_range` of this area: what ``ranges.geometry.rings.build_rings`` draws for
        it (that module asks the area, so that it never imports this one: shapely, the k-d tree and
        the borders load only where an area is used)."""
        return area_range(self, max_km, min_km)

    @property
    def representative(self) -> tuple[float, float]:
        """A (lat, lon) inside or on the area, for labels and for a map's centre."""
        p = shapely.point_on_surface(self.geometry)
        return float(p.y), float(p.x)


# --- distances and rings --------------------------------------------------------------------


_MODELS: dict[tuple[str, str], AreaModel] = {}
_MODELS_LOCK = threading.Lock()
_MAX_MODELS = 32


def area_model(area: LaunchArea) -> AreaModel:
    """The densified, indexed area (cached by form and, for a country, the borders' edition)."""
    key = area.shape_key
    with _MODELS_LOCK:
        hit = _MODELS.get(key)
    if hit is not None:
        return hit
    model = AreaModel(list(area.curves), area.polygonal)
    with _MODELS_LOCK:
        if len(_MODELS) >= _MAX_MODELS:
            _MODELS.pop(next(iter(_MODELS)))
        _MODELS[key] = model
    return model


def distance_to_area(
    area: LaunchArea, lats: np.ndarray, lons: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Geodesic distance (km) from each point to the nearest point of the area (0 inside), and
    the bearing (degrees in [0, 360)) from that nearest point toward the point (NaN inside)."""
    dist_m, az, _, _ = area_model(area).nearest(lats, lons)
    bearing = bearing_deg(az)
    bearing[dist_m == 0.0] = np.nan
    return dist_m / 1e3, bearing


def area_range(area: LaunchArea, max_km: float, min_km: float = 0.0) -> RangeArea:
    """The geodesic buffer of the area: points within ``[min_km, max_km]`` of it, as GeoJSON
    with its area on WGS-84 (km^2). See :mod:`ranges.geometry.areabuffer` for how and how exact."""
    return buffer_range(area_model(area), float(max_km), float(min_km))


def area_ring(area: LaunchArea, max_km: float, min_km: float = 0.0) -> dict:
    """The ring of an area as an RFC 7946 ``Polygon`` or ``MultiPolygon`` dict: every point
    whose distance to the area is within ``[min_km, max_km]``."""
    return area_range(area, max_km, min_km).geometry


# --- countries ------------------------------------------------------------------------------


def _country(text: str, label: str, edition: str) -> LaunchArea:
    known = countries()
    pos = known.by_key.get(country_key(text))
    if pos is None:
        # Names (Natural Earth's and GeoNames'), not the three-letter codes.
        choices = {key: known.entries[pos][1] for key, pos in known.by_key.items() if len(key) > 3}
        close = difflib.get_close_matches(country_key(text), list(choices), n=5, cutoff=0.7)
        names = list(dict.fromkeys(choices[c] for c in close))[:3]
        hint = f" (did you mean {' or '.join(names)}?)" if names else ""
        raise AreaError(
            f"unknown country {quote(text)}{hint}; an area is a country (ISO3 code or name), "
            "line:LAT,LON;LAT,LON... or poly:LAT,LON;LAT,LON;LAT,LON..."
        )
    form, name, index = known.entries[pos]
    return _country_area(form, name, index, label, edition)


@lru_cache(maxsize=64)
def _country_shape(index: int, edition: str) -> BaseGeometry:
    # One country's polygons from the borders' cache of arrays, not the whole file parsed.
    shape = shapely.geometry.shape(feature_geometry(index, edition))
    if not shape.is_valid:
        shape = shapely.make_valid(shape)
    return _polygons_only(shape)


def _country_area(form: str, name: str, index: int, label: str, edition: str) -> LaunchArea:
    shape = _country_shape(index, edition)
    curves = tuple(
        Curve(np.asarray(ring.coords)[:-1], closed=True)
        for poly in shapely.get_parts(shape)
        for ring in (poly.exterior, *poly.interiors)
    )
    return LaunchArea(label or name, form, "country", shape, "", curves, shape, edition)


def _polygons_only(geom: BaseGeometry) -> BaseGeometry:
    parts = [p for p in shapely.get_parts(geom) if isinstance(p, shapely.Polygon) and p.area > 0]
    return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)


# --- lines and polygons ---------------------------------------------------------------------

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def _number(text: str, what: str) -> float:
    text = text.strip()
    if not _NUMBER.match(text):
        raise AreaError(f"{what} {quote(text)} is not a decimal number")
    return float(text)


def _parse_parts(body: str, kind: str) -> list[np.ndarray]:
    """The parts of a ``line:``/``poly:`` body as (n, 2) arrays of (lat, lon)."""
    parts = []
    for part_text in body.split("/"):
        pairs = [p for p in part_text.split(";") if p.strip()]
        coords = []
        for pair in pairs:
            items = pair.split(",")
            if len(items) != 2:
                raise AreaError(f"{kind} point {quote(pair)} is not LAT,LON")
            coords.append((_number(items[0], "latitude"), _number(items[1], "longitude")))
        parts.append(np.array(coords, dtype=float).reshape(-1, 2))
    return parts


def _check_parts(kind: str, parts: list[np.ndarray]) -> list[np.ndarray]:
    """Validated, rounded parts (lat, lon); polygons without a repeated closing point."""
    if not parts:
        raise AreaError(f"a {kind} needs points")
    if len(parts) > MAX_PARTS:
        raise AreaError(f"a {kind} may have at most {MAX_PARTS} parts (this one has {len(parts)})")
    total = sum(len(p) for p in parts)
    if total > MAX_VERTICES:
        raise AreaError(
            f"a {kind} may have at most {MAX_VERTICES} points (this one has {total}); "
            "simplify it first"
        )
    out = []
    need = 2 if kind == "line" else 3
    for part in parts:
        if not np.isfinite(part).all():
            raise AreaError(f"a {kind} point is not a finite number")
        bad = np.flatnonzero(np.abs(part[:, 0]) > 90.0)
        if bad.size:
            raise AreaError(f"latitude {number_text(part[bad[0], 0])} is outside [-90, 90]")
        bad = np.flatnonzero(np.abs(part[:, 1]) > 540.0)
        if bad.size:
            raise AreaError(f"longitude {number_text(part[bad[0], 1])} is outside [-540, 540]")
        part = part.copy()
        part[:, 1] = (part[:, 1] + 180.0) % 360.0 - 180.0
        part = np.round(part, FORM_DECIMALS) + 0.0
        # Repeated consecutive points carry nothing (a part with no point keeps none).
        keep = np.r_[True, np.any(np.diff(part, axis=0) != 0.0, axis=1)][: len(part)]
        part = part[keep]
        if kind == "polygon" and len(part) > 1 and np.array_equal(part[0], part[-1]):
            part = part[:-1]
        if len(part) < need:
            raise AreaError(
                f"a {kind} needs at least {need} distinct points (this one has {len(part)})"
            )
        out.append(part)
    return out


def _unwrapped(lons: np.ndarray, closed: bool) -> tuple[np.ndarray, float]:
    """Longitudes made continuous (each step the short way round) and the winding (degrees)."""
    steps = (np.diff(lons) + 180.0) % 360.0 - 180.0
    u = lons[0] + np.concatenate([[0.0], np.cumsum(steps)])
    winding = 0.0
    if closed:
        winding = float(u[-1] + ((lons[0] - u[-1] + 180.0) % 360.0 - 180.0) - u[0])
    return u, winding


def _form(prefix: str, parts: list[np.ndarray]) -> str:
    return prefix + "/".join(
        ";".join(
            f"{number_text(lat, FORM_DECIMALS)},{number_text(lon, FORM_DECIMALS)}" for lat, lon in p
        )
        for p in parts
    )


def _shape_area(kind: str, parts: list[np.ndarray], label: str) -> LaunchArea:
    """A line or polygon area from validated parts of (lat, lon)."""
    parts = _check_parts(kind, parts)
    form = _form("line:" if kind == "line" else "poly:", parts)
    note = ""
    curves: list[Curve] = []
    shapes = []
    for part in parts:
        lats, lons = part[:, 0], part[:, 1]
        u, winding = _unwrapped(lons, closed=kind == "polygon")
        if abs(winding) > 180.0:
            raise AreaError(
                "a polygon may not go round a pole; split it in two, or draw a line instead"
            )
        dense = densify_curve(
            np.append(u, u[0]) if kind == "polygon" else u,
            np.append(lats, lats[0]) if kind == "polygon" else lats,
            _DISPLAY_SPACING_M,
        )
        # densify_curve returns longitudes in [-180, 180]: unwrap them again, from the first.
        du, _ = _unwrapped(dense[:, 0], closed=False)
        du += u[0] - du[0]
        chart = np.column_stack([du, dense[:, 1]])
        if kind == "polygon":
            shapes.append(shapely.Polygon(chart))
        else:
            shapes.append(shapely.LineString(chart))
    if kind == "polygon":
        merged = shapely.union_all(
            [s if s.is_valid else shapely.make_valid(s) for s in shapes], grid_size=None
        )
        if not all(s.is_valid for s in shapes):
            note = "the polygon crossed itself: it was repaired (shapely make_valid)"
        unwrapped_poly = _polygons_only(merged)
        if unwrapped_poly.is_empty:
            raise AreaError("the polygon has no area")
        geometry = clip_to_world(unwrapped_poly)
        polygonal = geometry
        # The curves are the given vertices (the geodesic edges are densified by the model);
        # a repaired polygon's rings come from the repair, in the chart.
        if note:
            curves = [
                Curve(_decimated(np.asarray(r.coords)[:-1]), closed=True)
                for p in shapely.get_parts(unwrapped_poly)
                for r in (p.exterior, *p.interiors)
            ]
        else:
            curves = [Curve(np.column_stack([p[:, 1], p[:, 0]]), closed=True) for p in parts]
    else:
        geometry = _clip_lines(shapely.MultiLineString(shapes) if len(shapes) > 1 else shapes[0])
        polygonal = None
        curves = [Curve(np.column_stack([p[:, 1], p[:, 0]]), closed=False) for p in parts]
    return LaunchArea(label or form, form, kind, geometry, note, tuple(curves), polygonal)


def _decimated(coords: np.ndarray) -> np.ndarray:
    return coords


def _clip_lines(lines: BaseGeometry) -> BaseGeometry:
    """Lines on unwrapped longitudes cut into [-180, 180] pieces (RFC 7946)."""
    xmin, _, xmax, _ = lines.bounds
    pieces = []
    for k in range(math.floor((xmin + 180.0) / 360.0), math.floor((xmax + 180.0) / 360.0) + 1):
        cell = shapely.box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
        piece = shapely.intersection(lines, cell)
        for part in shapely.get_parts(piece):
            if isinstance(part, shapely.LineString) and not part.is_empty:
                pieces.append(shapely.transform(part, lambda xy, k=k: xy - [360.0 * k, 0.0]))
    return pieces[0] if len(pieces) == 1 else shapely.MultiLineString(pieces)


# --- the text forms -------------------------------------------------------------------------


def _split_label(text: str) -> tuple[str, str]:
    form, bar, label = text.partition("|")
    if not bar:
        return form.strip(), ""
    try:
        return form.strip(), clean_label(label)
    except PointError as exc:
        raise AreaError(str(exc)) from None


def parse_area(text: str, *, borders: str = DEFAULT_EDITION) -> LaunchArea:
    """An area from one of its text forms (module docstring), with an optional ``|label``; a
    country's shape from the borders of edition ``borders`` (:mod:`ranges.places.editions`).

    Raises :class:`AreaError` with one line that says what is wrong.
    """
    if not isinstance(text, str):
        raise AreaError(f"an area must be text, not {type(text).__name__}")
    if len(text) > MAX_FORM_CHARS:
        raise AreaError(f"an area's text may be at most {MAX_FORM_CHARS} characters long")
    form, label = _split_label(text)
    if not form:
        raise AreaError("empty area: give a country, line:LAT,LON;... or poly:LAT,LON;...")
    head = form[:5].casefold()
    if head in ("line:", "poly:"):
        kind = "line" if head == "line:" else "polygon"
        return _shape_area(kind, _parse_parts(form[5:], kind), label)
    return _country(form, label, borders)


def parse_area_or_file(text: str, *, borders: str = DEFAULT_EDITION) -> list[LaunchArea]:
    """For the command line: a text form, or else the path of a GeoJSON or KML file (a
    ``|label`` after a path names its areas)."""
    form, label = _split_label(text)
    if form[:5].casefold() not in ("line:", "poly:"):
        path = Path(form)
        if form and path.is_file():
            try:
                size = path.stat().st_size
                if size > MAX_FILE_BYTES:
                    raise AreaError(
                        f"file {quote(form)} is {size} bytes; the limit is {MAX_FILE_BYTES}"
                    )
                data = path.read_bytes()
            except OSError as exc:
                raise AreaError(f"cannot read {quote(form)}: {exc.strerror or exc}") from None
            areas = areas_from_file(data, path.name)
            if label:
                areas = [_relabelled(a, label, i, len(areas)) for i, a in enumerate(areas)]
            return areas
    return [parse_area(text, borders=borders)]


def _relabelled(area: LaunchArea, label: str, i: int, n: int) -> LaunchArea:
    return replace(area, label=label if n == 1 else f"{label} ({i + 1})")


# --- files ----------------------------------------------------------------------------------


def areas_from_file(data: bytes, name: str) -> list[LaunchArea]:
    """The areas of a GeoJSON or KML file (its bytes, as uploaded; ``name`` for messages and
    default labels): one per feature or placemark, polygons and lines (points are skipped).

    Polygon holes are kept in GeoJSON for the boundary but a ``poly:`` form has none: each
    polygon's outer ring is its area. Raises :class:`AreaError` for anything else.
    """
    if len(data) > MAX_FILE_BYTES:
        raise AreaError(f"file {quote(name)} is {len(data)} bytes; the limit is {MAX_FILE_BYTES}")
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        found = geojson_shapes(data, name, max_vertices=MAX_VERTICES)
    elif head == b"<":
        found = kml_shapes(data, name, max_vertices=MAX_VERTICES)
    else:
        raise AreaError(f"{quote(name)} is neither GeoJSON nor KML")
    if not found:
        raise AreaError(f"{quote(name)} holds no polygon or line")
    if len(found) > MAX_AREAS:
        raise AreaError(f"{quote(name)} holds {len(found)} shapes; the limit is {MAX_AREAS}")
    stem = name.rsplit(".", 1)[0] or name
    areas = []
    for i, (kind, parts, label) in enumerate(found):
        default = stem if len(found) == 1 else f"{stem} ({i + 1})"
        try:
            clean = clean_label(label) if label else ""
        except PointError:
            clean = ""
        try:
            areas.append(_shape_area(kind, parts, clean or default))
        except AreaError as exc:
            raise AreaError(f"{quote(name)}, shape {i + 1}: {exc}") from None
    return areas
