"""Where a picture's map is drawn: its projection, its extent, and everything projected into it.

A range ring is drawn truthfully in the **azimuthal equidistant** projection centred on the
scenario (pyproj's ``aeqd`` on WGS-84): every distance from the centre is true, so a ring around
the centre is a circle of its radius, and rings around nearby points stay very close to circles.
When the rings reach past :data:`WORLD_KM` from the centre (most of a hemisphere), the picture
is a world map instead, in the **Equal Earth** projection (``eqearth``: areas true, no
interruptions), where a ring around the globe is still whole.

Geometry comes in as RFC 7946 GeoJSON (lon/lat on WGS-84, cut at the antimeridian, closed along a
pole's line when it holds one: :mod:`ranges.geometry.geodesy`'s contract) and goes out as shapely
geometry in projected metres. Before projecting, edges are cut to at most
:data:`SEGMENT_DEG` degrees (a long straight edge in lon/lat is a curve on the map), and in the
azimuthal view everything is first clipped to a geodesic disk (the *cap*) that holds the view,
so that nothing near the antipode (where the projection tears) is ever projected.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import shapely
import shapely.geometry
from pyproj import CRS, Geod, Transformer

from ranges.geometry.geodesy import range_area

__all__ = [
    "SEGMENT_DEG",
    "WORLD_KM",
    "Frame",
    "centre_of",
    "fit_box",
    "frame_for",
    "geo_shape",
    "graticule_step",
]

WORLD_KM = 7_000.0
"""Rings reaching farther than this from the centre make a world map (Equal Earth)."""
SEGMENT_DEG = 1.0
"""Longest edge, in degrees of lon/lat, before projecting."""
CAP_MAX_KM = 18_000.0
"""The azimuthal view never projects anything farther than this from its centre."""
_GEOD = Geod(ellps="WGS84")
_EARTH_HALF_CIRCUMFERENCE_KM = 20_003.9


def geo_shape(geometry: object) -> shapely.Geometry:
    """A GeoJSON geometry dict (or a shapely geometry, or anything with ``__geo_interface__``)
    as a valid shapely geometry in lon/lat."""
    shape = geometry if isinstance(geometry, shapely.Geometry) else shapely.geometry.shape(geometry)
    return shape if shape.is_valid else shapely.make_valid(shape)


def centre_of(lat_lons: Sequence[tuple[float, float]]) -> tuple[float, float]:
    """The centre of points on the globe (degrees): the normalised mean of their unit vectors,
    so that points on both sides of the antimeridian are centred between them, not across the
    world. The first point when they cancel out."""
    lats = np.radians([p[0] for p in lat_lons])
    lons = np.radians([p[1] for p in lat_lons])
    x, y, z = np.cos(lats) * np.cos(lons), np.cos(lats) * np.sin(lons), np.sin(lats)
    vx, vy, vz = float(x.mean()), float(y.mean()), float(z.mean())
    if math.hypot(vx, vy, vz) < 1e-9:
        return lat_lons[0]
    return math.degrees(math.atan2(vz, math.hypot(vx, vy))), math.degrees(math.atan2(vy, vx))


def graticule_step(span_km: float) -> float:
    """Degrees between graticule lines for a view ``span_km`` across: about four to eight lines."""
    span_deg = span_km / 111.0
    for step in (0.25, 0.5, 1, 2, 5, 10, 15, 30):
        if span_deg / step <= 8:
            return float(step)
    return 30.0


@dataclass(frozen=True)
class Frame:
    """A projection and the box of it that the picture shows.

    ``world``: Equal Earth world map (else azimuthal equidistant around ``centre``, degrees
    lat/lon); ``box``: ``(xmin, ymin, xmax, ymax)`` in projected metres; ``cap``: in the
    azimuthal view, the lon/lat geodesic disk everything is clipped to before projecting.
    """

    world: bool
    centre: tuple[float, float]
    box: tuple[float, float, float, float]
    crs: str
    cap: shapely.Geometry | None

    @property
    def width_km(self) -> float:
        return (self.box[2] - self.box[0]) / 1000.0

    def transformer(self) -> Transformer:
        return _transformer(self.crs)

    def project(self, geom: shapely.Geometry, *, clip: bool = True) -> shapely.Geometry:
        """``geom`` (lon/lat) in this frame's metres: cut to short edges, clipped to the cap
        (azimuthal view) and projected. Empty if nothing of it is in the cap."""
        if geom.is_empty:
            return geom
        if clip and self.cap is not None:
            geom = shapely.intersection(geom, self.cap)
            if geom.is_empty:
                return geom
        geom = shapely.segmentize(geom, SEGMENT_DEG)
        return _project(geom, self.transformer())

    def project_many(
        self, geoms: Sequence[shapely.Geometry], *, validate: bool = True
    ) -> list[shapely.Geometry]:
        """:meth:`project` of each, clipped to the cap in one vectorised call (``validate``:
        invalid results repaired, which only drawing can do without)."""
        if not geoms:
            return []
        array = np.asarray(geoms, dtype=object)
        if self.cap is not None:
            array = shapely.intersection(array, self.cap)
        array = shapely.segmentize(array, SEGMENT_DEG)
        transformer = self.transformer()

        def forward(coords: np.ndarray) -> np.ndarray:
            x, y = transformer.transform(coords[:, 0], coords[:, 1])
            return np.column_stack([x, y])

        array = shapely.transform(array, forward)  # every vertex in one call
        bad = ~shapely.is_valid(array) if validate else np.zeros(len(array), dtype=bool)
        if bad.any():
            array[bad] = shapely.make_valid(array[bad])
        return list(array)

    def point(self, lat: float, lon: float) -> tuple[float, float]:
        """One point (degrees) in this frame's metres."""
        x, y = self.transformer().transform(lon, lat)
        return float(x), float(y)

    def graticule(self) -> tuple[float, list[tuple[str, float, shapely.Geometry]]]:
        """The graticule's step (degrees) and its lines: ``("lat"|"lon", value, projected
        line)``, clipped to the cap, each line cut to the box."""
        step = 30.0 if self.world else graticule_step(self.width_km)
        lines: list[tuple[str, float, shapely.Geometry]] = []
        fine = np.arange(-180.0, 180.0 + 1e-9, 0.5)
        for lat in np.arange(-90.0 + step, 90.0 - 1e-9, step):
            lines.append(
                ("lat", float(lat), shapely.LineString(np.c_[fine, np.full_like(fine, lat)]))
            )
        lat_fine = np.arange(-89.5 if not self.world else -90.0, 90.0 + 1e-9, 0.5)
        lat_fine = lat_fine[np.abs(lat_fine) <= (90.0 if self.world else 89.5)]
        for lon in np.arange(-180.0, 180.0 - 1e-9, step):
            lines.append(
                (
                    "lon",
                    float(lon),
                    shapely.LineString(np.c_[np.full_like(lat_fine, lon), lat_fine]),
                )
            )
        if self.world:  # the map's edge, the antimeridian
            lines.append(
                ("edge", 180.0, shapely.LineString(np.c_[np.full_like(lat_fine, 180.0), lat_fine]))
            )
        box = shapely.box(*self.box)
        projected = self.project_many([line for _, _, line in lines])
        out = []
        for (kind, value, _), line in zip(lines, projected, strict=True):
            if not line.is_empty:
                line = shapely.intersection(line, box)
                if not line.is_empty:
                    out.append((kind, value, line))
        return step, out


@lru_cache(maxsize=32)
def _transformer(crs: str) -> Transformer:
    return Transformer.from_crs(CRS.from_epsg(4326), CRS.from_proj4(crs), always_xy=True)


def _project(geom: shapely.Geometry, transformer: Transformer) -> shapely.Geometry:
    def forward(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    out = shapely.transform(geom, forward)
    return out if out.is_valid else shapely.make_valid(out)


def _aeqd(lat: float, lon: float) -> str:
    return f"+proj=aeqd +lat_0={lat:.6f} +lon_0={lon:.6f} +datum=WGS84 +units=m +no_defs"


WORLD_CRS = "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs"


def _reach_km(centre: tuple[float, float], shapes: Iterable[shapely.Geometry]) -> float:
    """The largest geodesic distance (km) from ``centre`` to a vertex of ``shapes``."""
    coords = [shapely.get_coordinates(s) for s in shapes if not s.is_empty]
    if not coords:
        return 0.0
    xy = np.concatenate(coords)
    n = len(xy)
    _, _, dist = _GEOD.inv(np.full(n, centre[1]), np.full(n, centre[0]), xy[:, 0], xy[:, 1])
    return float(np.max(dist)) / 1000.0


def frame_for(
    centre: tuple[float, float],
    shapes: Sequence[shapely.Geometry],
    points: Sequence[tuple[float, float]],
    aspect: float,
    *,
    margin: float = 0.06,
) -> Frame:
    """The frame that shows every one of ``shapes`` (lon/lat) and ``points`` ((lat, lon)) with
    ``margin`` (a fraction of the box) around them, its width/height ``aspect``."""
    reach_km = max(
        _reach_km(centre, shapes),
        _reach_km(centre, [shapely.MultiPoint([(p[1], p[0]) for p in points])]) if points else 0.0,
    )
    if reach_km > WORLD_KM:
        transformer = _transformer(WORLD_CRS)
        x_edge, _ = transformer.transform(180.0, 0.0)
        _, y_edge = transformer.transform(0.0, 90.0)
        box = fit_box(-x_edge, -y_edge, x_edge, y_edge, aspect, 0.01)
        return Frame(True, centre, box, WORLD_CRS, None)
    crs = _aeqd(*centre)
    cap_km = min(CAP_MAX_KM, max(reach_km * 1.6 + 200.0, 500.0))
    cap = geo_shape(range_area(centre[0], centre[1], cap_km).geometry)
    first = Frame(False, centre, (0.0, 0.0, 0.0, 0.0), crs, cap)
    projected = [first.project(s, clip=False) for s in shapes if not s.is_empty]
    projected += [shapely.Point(first.point(lat, lon)) for lat, lon in points]
    bounds = shapely.total_bounds(np.asarray(projected, dtype=object))
    if not np.all(np.isfinite(bounds)):
        bounds = np.array([-50_000.0, -50_000.0, 50_000.0, 50_000.0])
    box = fit_box(*bounds, aspect, margin)
    corner_km = max(math.hypot(x, y) for x in box[::2] for y in box[1::2]) / 1000.0
    cap_km = min(CAP_MAX_KM, corner_km * 1.15 + 100.0)
    cap = geo_shape(range_area(centre[0], centre[1], cap_km).geometry)
    return Frame(False, centre, box, crs, cap)


def fit_box(
    xmin: float,
    ymin: float,
    xmax: float,
    ymax: float,
    aspect: float,
    margin: float,
    *,
    min_size_m: float = 100_000.0,
) -> tuple[float, float, float, float]:
    """The box around the bounds, ``margin`` (a fraction) added on each side, grown to
    width/height ``aspect``; at least ``min_size_m`` across (one point alone)."""
    w = max(xmax - xmin, min_size_m)
    h = max(ymax - ymin, min_size_m)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    w, h = w * (1 + 2 * margin), h * (1 + 2 * margin)
    if w / h < aspect:
        w = h * aspect
    else:
        h = w / aspect
    return (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
