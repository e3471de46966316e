"""Range rings as true geodesic circles on the WGS-84 ellipsoid, emitted as RFC 7946 GeoJSON.

The contract (the one ``docs/INTERFACES.md`` section 2 promises, written down as GeographicLib
writes its own):

* **Domain.** A centre anywhere on the ellipsoid (latitude in [-90, 90] degrees, poles included;
  any longitude) and radii ``0 < radius_km <= 20000``. 20,000 km is a little less than the
  shortest antipodal distance on WGS-84 (half a meridian, 20,003.93 km), so every disk has a
  boundary.
* **The boundary.** A disk of radius *r* is the set of points whose *shortest* geodesic distance
  from the centre is at most *r*. Its boundary is traced by ``pyproj.Geod.fwd`` (Karney's
  algorithms, accurate to about 15 nm) along azimuths from the centre. Past about 19,970 km a
  geodesic of length *r* stops being the shortest one (it has passed the cut locus, a short stretch
  of the parallel at latitude -lat0 centred on the antipodal meridian); there the boundary runs
  into the cut locus and has a corner, which is solved for separately. Every boundary vertex is
  within 1 metre of distance *r* from the centre by GeographicLib's inverse solution (the tests
  check this with geographiclib itself).
* **Vertex density.** Consecutive vertices are at most ``AZIMUTH_STEP_DEG`` (2 degrees) of azimuth
  apart as seen from the centre (except across a cut-locus corner, where a whole range of
  azimuths meets at one point). Edges are subdivided further, by bisection in azimuth, until the
  straight edge in longitude/latitude (how RFC 7946 defines an edge) passes within
  ``CHORD_TOLERANCE_M`` of the true circle at its mid-azimuth and spans at most
  ``MAX_EDGE_LON_DEG`` of longitude, so a ring that grazes a pole stays faithful.
* **The antimeridian.** Rings are cut at longitude +/-180 at vertices that lie exactly on the
  circle (solved by bisection in azimuth), never by interpolating a chord, and every longitude is
  in [-180, 180]. No edge spans more than 180 degrees of longitude.
* **The poles.** A disk that contains exactly one pole is closed along that pole's line
  (latitude +/-90) in GeoJSON, so it really encloses it; a disk that contains both poles (a radius
  beyond a hemisphere) is the whole world minus the region around the antipode.
* **Orientation.** Exterior rings are counter-clockwise and holes clockwise, as RFC 7946 says.
  A minimum range makes an annulus: the inner disk is a hole.
* **Area.** ``area_km2`` is the geodesic area on WGS-84 (GeographicLib's polygon area over the
  boundary vertices, Richardson-extrapolated from the 2-degree and 4-degree polygons, relative
  error below 1e-7 for radii to 19,900 km).
* **Unions and areas.** :func:`union_of` joins rings (or any RFC 7946 polygons) in the
  longitude/latitude chart, and :func:`chart_area_km2` measures such a region on WGS-84 (Green's
  theorem on the authalic sphere); both are exact for the chart polygons they are given.

Degrees everywhere for angles; metres inside this module, kilometres at its public edge.
"""

from __future__ import annotations

import importlib
import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pyproj import Geod

from ranges.errors import GeodesyError

__all__ = [
    "AUTHALIC_R2_M2",
    "AZIMUTH_STEP_DEG",
    "CHORD_TOLERANCE_M",
    "EARTH_AREA_M2",
    "MAX_EDGE_LON_DEG",
    "MAX_RADIUS_KM",
    "WGS84",
    "GeodesyError",
    "RangeArea",
    "boundary_vertices",
    "chart_area_km2",
    "clip_to_world",
    "polygons_of",
    "range_area",
    "range_areas",
    "shape_to_geojson",
    "union_of",
]

WGS84 = Geod(ellps="WGS84")


class _Shapely:
    """``shapely`` (with ``shapely.geometry``), imported on first use: the reach table needs
    only ``WGS84`` from this module, and ``python -m ranges reach`` starts without shapely."""

    def __getattr__(self, name: str) -> object:
        module = importlib.import_module("shapely")
        importlib.import_module("shapely.geometry")
        globals()["shapely"] = module  # from now on the module itself
        return getattr(module, name)


shapely = _Shapely()

MAX_RADIUS_KM = 20_000.0
AZIMUTH_STEP_DEG = 2.0
CHORD_TOLERANCE_M = 100.0
MAX_EDGE_LON_DEG = 10.0
MAX_REFINE_PASSES = 30
MAX_VERTICES = 20_000
# Beyond this radius a forward geodesic may have crossed the cut locus: vertices are checked.
CUT_LOCUS_CHECK_M = 19_900_000.0
MINIMAL_TOLERANCE_M = 0.01
_METRES_PER_DEGREE = 111_195.0
_BISECT_STEPS = 60
_SLIVER_DEG2 = 1e-12


def _q(sin_lat: np.ndarray | float) -> np.ndarray | float:
    """The authalic function q(phi) of the ellipsoid (Snyder, Map Projections, eq. 3-12)."""
    e2 = WGS84.es
    e = math.sqrt(e2)
    return (1 - e2) * (
        sin_lat / (1 - e2 * sin_lat * sin_lat)
        - np.log((1 - e * sin_lat) / (1 + e * sin_lat)) / (2 * e)
    )


_Q_POLE = float(_q(1.0))
# Radius squared of the authalic sphere: the sphere with the ellipsoid's surface area.
AUTHALIC_R2_M2 = WGS84.a**2 * _Q_POLE / 2
EARTH_AREA_M2 = 4 * math.pi * AUTHALIC_R2_M2


@dataclass(frozen=True)
class RangeArea:
    """The area within range of one launch point: GeoJSON geometry and its geodesic area.

    ``geometry`` is an RFC 7946 ``Polygon`` or ``MultiPolygon`` dict; ``area_km2`` is in square
    kilometres on WGS-84.
    """

    geometry: dict
    area_km2: float


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    """The polygons of an RFC 7946 ``Polygon`` or ``MultiPolygon`` dict, as a list of polygons
    (each a list of rings of [lon, lat] positions in degrees)."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _wrap180(x: np.ndarray) -> np.ndarray:
    """Angles in degrees folded into [-180, 180)."""
    return (x + 180.0) % 360.0 - 180.0


def _check_domain(lat_deg: float, lon_deg: float, radius_km: float) -> None:
    if not (math.isfinite(lat_deg) and -90.0 <= lat_deg <= 90.0):
        raise GeodesyError(f"latitude {lat_deg} is outside [-90, 90]")
    if not math.isfinite(lon_deg):
        raise GeodesyError(f"longitude {lon_deg} is not a finite number")
    if not (math.isfinite(radius_km) and 0.0 < radius_km <= MAX_RADIUS_KM):
        raise GeodesyError(f"radius {radius_km} km is outside (0, {MAX_RADIUS_KM:g}]")


class _Circle:
    """The geodesic circle of one centre and radius: boundary points as a function of azimuth."""

    def __init__(self, lat_deg: float, lon_deg: float, radius_m: float) -> None:
        self.lat = float(lat_deg)
        self.lon = float(_wrap180(np.float64(lon_deg)))
        self.radius_m = float(radius_m)
        self._corners: np.ndarray | None = None

    def points(self, az_deg: np.ndarray, lons: np.ndarray, lats: np.ndarray) -> None:
        """Replace forward-geodesic points that are not on the shortest-distance circle.

        ``lons``/``lats`` (degrees) hold ``fwd(centre, az, r)``; entries whose geodesic is longer
        than the shortest path (it crossed the cut locus) are replaced in place by the nearer
        corner where the circle meets the cut locus.
        """
        if self.radius_m <= CUT_LOCUS_CHECK_M or az_deg.size == 0:
            return
        n = az_deg.size
        _, _, dist = WGS84.inv(np.full(n, self.lon), np.full(n, self.lat), lons, lats)
        bad = dist < self.radius_m - MINIMAL_TOLERANCE_M
        if not bad.any():
            return
        corners = self.corners()
        dlon = _wrap180(lons[bad, None] - corners[None, :, 0])
        dlat = lats[bad, None] - corners[None, :, 1]
        cos = np.cos(np.radians(lats[bad]))[:, None]
        nearest = np.argmin(np.hypot(dlon * cos, dlat), axis=1)
        lons[bad] = corners[nearest, 0]
        lats[bad] = corners[nearest, 1]

    def corners(self) -> np.ndarray:
        """The two points (lon, lat) where the circle meets the cut locus, solved by bisection.

        For an oblate ellipsoid the cut locus of (lat0, lon0) lies on the parallel -lat0 about
        the antipodal meridian; the shortest distance decreases monotonically along it from the
        antipode (where it is half a meridian, more than any allowed radius).
        """
        if self._corners is None:
            lo = np.zeros(2)
            hi = np.full(2, 180.0)
            sign = np.array([1.0, -1.0])
            lat_c = np.full(2, -self.lat)
            base = self.lon + 180.0
            for _ in range(_BISECT_STEPS):
                mid = 0.5 * (lo + hi)
                _, _, d = WGS84.inv(
                    np.full(2, self.lon), np.full(2, self.lat), _wrap180(base + sign * mid), lat_c
                )
                beyond = d > self.radius_m
                lo = np.where(beyond, mid, lo)
                hi = np.where(beyond, hi, mid)
            delta = 0.5 * (lo + hi)
            self._corners = np.column_stack([_wrap180(base + sign * delta), lat_c])
        return self._corners

    def at(self, az_deg: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Boundary points (lons, lats in degrees) at the given azimuths from the centre."""
        n = az_deg.size
        lons, lats, _ = WGS84.fwd(
            np.full(n, self.lon), np.full(n, self.lat), az_deg, np.full(n, self.radius_m)
        )
        lons = np.asarray(lons, dtype=float)
        lats = np.asarray(lats, dtype=float)
        self.points(az_deg, lons, lats)
        return lons, lats


def _edges_to_split(
    az: np.ndarray, lons: np.ndarray, lats: np.ndarray, mid_lons: np.ndarray, mid_lats: np.ndarray
) -> np.ndarray:
    """Which cyclic edges i -> i+1 deviate too far from the circle (see the module contract)."""
    next_lons = np.roll(lons, -1)
    next_lats = np.roll(lats, -1)
    dlon = _wrap180(next_lons - lons)
    chord_lon = lons + 0.5 * dlon
    chord_lat = 0.5 * (lats + next_lats)
    err_lon = _wrap180(mid_lons - chord_lon) * np.cos(np.radians(mid_lats))
    err_m = np.hypot(err_lon, mid_lats - chord_lat) * _METRES_PER_DEGREE
    return (err_m > CHORD_TOLERANCE_M) | (np.abs(dlon) > MAX_EDGE_LON_DEG)


def _refine(
    circle: _Circle,
    az: np.ndarray,
    lons: np.ndarray,
    lats: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Insert mid-azimuth vertices on edges that break the density contract, until none does."""
    for _ in range(MAX_REFINE_PASSES):
        mid_az = 0.5 * (az + np.append(az[1:], az[0] + 360.0))
        mid_lons, mid_lats = circle.at(mid_az)
        split = _edges_to_split(az, lons, lats, mid_lons, mid_lats)
        if not split.any() or az.size >= MAX_VERTICES:
            break
        where = np.flatnonzero(split) + 1
        az = np.insert(az, where, mid_az[split] % 360.0)
        lons = np.insert(lons, where, mid_lons[split])
        lats = np.insert(lats, where, mid_lats[split])
        # Keep azimuths increasing: a split of the closing edge lands after 360 -> wrap it last.
        order = np.argsort(az, kind="stable")
        az, lons, lats = az[order], lons[order], lats[order]
    return az, lons, lats


LINE_SNAP_DEG = 1e-9
"""Degrees (about 0.1 mm): an unwrapped longitude this close to 180 + 360k is taken as on it."""


def _snap_to_lines(u: np.ndarray) -> np.ndarray:
    """Unwrapped longitudes within :data:`LINE_SNAP_DEG` of an antimeridian (180 + 360k) put
    exactly on it."""
    line = 180.0 + 360.0 * np.round((u - 180.0) / 360.0)
    return np.where(np.abs(u - line) < LINE_SNAP_DEG, line, u)


def _insert_antimeridian_crossings(
    circle: _Circle, az: np.ndarray, lons: np.ndarray, lats: np.ndarray
) -> tuple[np.ndarray, np.ndarray, float]:
    """Unwrap longitudes and add an exact on-circle vertex wherever the ring crosses 180 + 360k.

    Returns unwrapped longitudes, latitudes and the winding (sum of longitude steps: 0 or +/-360).
    """
    steps = _wrap180(np.diff(lons, append=lons[0]))
    winding = float(steps.sum())
    u = lons[0] + np.concatenate([[0.0], np.cumsum(steps[:-1])])
    # A vertex within rounding of a line is on it: a centre at 179.99999999999997 put the first
    # vertex 3e-14 degrees west of 180 and the running sum brought the ring back 6e-14 east of
    # it, a crossing of its own on the closing edge and a self-touching ring (shapely then cut
    # a pole-to-pole strip). Snapping both ends of every edge keeps the ring simple.
    u_next = _snap_to_lines(u + steps)
    u = _snap_to_lines(u)
    cell = np.floor((u + 180.0) / 360.0)
    cell_next = np.floor((u_next + 180.0) / 360.0)
    line = 180.0 + 360.0 * np.minimum(cell, cell_next)
    # Strictly across the line: a vertex already on it needs no other.
    cross = np.flatnonzero((cell != cell_next) & ((u - line) * (u_next - line) < 0))
    if cross.size == 0:
        return u, lats, winding
    line = line[cross]
    az_next = np.append(az[1:], az[0] + 360.0)
    lo = az[cross].copy()
    hi = az_next[cross].copy()
    start_u = u[cross]
    start_side = start_u < line
    for _ in range(_BISECT_STEPS):
        mid = 0.5 * (lo + hi)
        m_lons, _ = circle.at(mid % 360.0)
        same = (start_u + _wrap180(m_lons - lons[cross]) < line) == start_side
        lo = np.where(same, mid, lo)
        hi = np.where(same, hi, mid)
    _, lat_at = circle.at(0.5 * (lo + hi) % 360.0)
    u = np.insert(u, cross + 1, line)
    lats = np.insert(lats, cross + 1, lat_at)
    return u, lats, winding


def clip_to_world(poly: shapely.Geometry) -> shapely.Geometry:
    """Cut a polygon drawn on unwrapped longitudes into [-180, 180] pieces and merge them.

    ``poly`` may extend past +/-180 (longitudes continued across the antimeridian); each part
    is moved back by a multiple of 360 degrees. The result is a (Multi)Polygon in the RFC 7946
    sense: no edge crosses the antimeridian.
    """
    xmin, _, xmax, _ = poly.bounds
    pieces = []
    for k in range(math.floor((xmin + 180.0) / 360.0), math.floor((xmax + 180.0) / 360.0) + 1):
        cell = shapely.box(-180.0 + 360.0 * k, -90.0, 180.0 + 360.0 * k, 90.0)
        piece = shapely.intersection(poly, cell)
        if not piece.is_empty:
            pieces.append(shapely.transform(piece, lambda xy, k=k: xy - [360.0 * k, 0.0]))
    return _polygonal(shapely.union_all(pieces))


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Only the polygons of a set operation's result that have an area (no slivers or lines)."""
    parts = [
        p
        for p in shapely.get_parts(geom)
        if isinstance(p, shapely.Polygon) and p.area > _SLIVER_DEG2
    ]
    if len(parts) == 1:
        return parts[0]
    return shapely.MultiPolygon(parts)


@dataclass(frozen=True)
class _Disk:
    """One disk in the chart: either plain vertices (fast path) or a shapely geometry."""

    ring: np.ndarray | None  # (n, 2) lon/lat, clockwise (azimuth order), not closed
    shape: shapely.Geometry | None
    area_m2: float

    def as_shape(self) -> shapely.Geometry:
        return self.shape if self.shape is not None else shapely.Polygon(self.ring)


def _vertex_count(radius_m: float) -> int:
    """Vertices for the first pass: the 3-D chord of a 2-degree step, or finer, within tolerance.

    A multiple of 180 so that the 90- and 45-vertex polygons used for the area are subsets.
    """
    circle_radius_m = 6_371_000.0 * math.sin(min(radius_m / 6_371_000.0, math.pi / 2))
    tolerance_m = 0.7 * CHORD_TOLERANCE_M  # below the screen in _needs_refinement
    step = 2.0 * math.degrees(math.acos(max(-1.0, 1.0 - tolerance_m / circle_radius_m)))
    per_180 = math.ceil(AZIMUTH_STEP_DEG / min(step, AZIMUTH_STEP_DEG) - 1e-9)
    return 180 * per_180


def _needs_refinement(lons: np.ndarray, lats: np.ndarray) -> bool:
    """A cheap screen: does any edge look too long or too far from the curve?

    The midpoint deviation of a smooth curve from its chord is about an eighth of the second
    difference of the vertices; a margin of 0.8 guards the estimate. Rings that fail the screen
    are checked exactly, edge by edge, by :func:`_refine`.
    """
    ring_lons = np.append(lons, lons[:2])
    ring_lats = np.append(lats, lats[:2])
    dlon = _wrap180(ring_lons[1:] - ring_lons[:-1])
    if np.abs(dlon).max() > MAX_EDGE_LON_DEG:
        return True
    dlat = ring_lats[1:] - ring_lats[:-1]
    cos = np.cos(np.radians(ring_lats[1:-1]))
    sag_m = (
        0.125 * _METRES_PER_DEGREE * np.hypot((dlon[1:] - dlon[:-1]) * cos, dlat[1:] - dlat[:-1])
    )
    return bool(sag_m.max() > 0.8 * CHORD_TOLERANCE_M)


def _disk(
    lat_deg: float,
    lon_deg: float,
    radius_m: float,
    dN: float,
    dS: float,
    first: tuple[np.ndarray, np.ndarray, np.ndarray],
    area: float,
) -> _Disk:
    """One disk from its first-pass boundary ``first`` = (azimuths, lons, lats) and its area."""
    circle = _Circle(lat_deg, lon_deg, radius_m)
    az, lons, lats = first
    if _needs_refinement(lons, lats):
        az, lons, lats = _refine(circle, az, lons, lats)
    if radius_m > CUT_LOCUS_CHECK_M:
        # A cut-locus corner repeats one point for a run of azimuths: keep it once.
        keep = (np.roll(lons, 1) != lons) | (np.roll(lats, 1) != lats)
        if not keep.all() and keep.any():
            az, lons, lats = az[keep], lons[keep], lats[keep]
    u, lats_u, winding = _insert_antimeridian_crossings(circle, az, lons, lats)
    has_n, has_s = dN < radius_m, dS < radius_m
    if abs(winding) < 180.0:
        if has_n != has_s:  # a pole on the boundary itself: decide by the size of the disk
            has_n = has_s = radius_m > 10_001_965.7
        if not has_n and u.min() >= -180.0 and u.max() <= 180.0:
            return _Disk(np.column_stack([u, lats_u]), None, area)
        inside = clip_to_world(shapely.Polygon(np.column_stack([u, lats_u])))
        if has_n:
            world = shapely.box(-180.0, -90.0, 180.0, 90.0)
            return _Disk(None, _polygonal(shapely.difference(world, inside)), area)
        return _Disk(None, inside, area)
    if winding < 0:
        u, lats_u = u[::-1], lats_u[::-1]
    pole = 90.0 if (has_n and not has_s) or (has_n == has_s and dN < dS) else -90.0
    closing = np.array([[u[0] + 360.0, lats_u[0]], [u[0] + 360.0, pole], [u[0], pole]])
    poly = shapely.Polygon(np.vstack([np.column_stack([u, lats_u]), closing]))
    return _Disk(None, clip_to_world(poly), area)


def _first_passes(
    keys: list[tuple[float, float, float]],
) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """First-pass boundaries of many disks (lat, lon, radius_m) in one vectorised call."""
    azs = [np.linspace(0.0, 360.0, _vertex_count(r), endpoint=False) for _, _, r in keys]
    sizes = [a.size for a in azs]
    lat0 = np.repeat([k[0] for k in keys], sizes)
    lon0 = np.repeat([k[1] for k in keys], sizes)
    dist = np.repeat([k[2] for k in keys], sizes)
    lons, lats, _ = WGS84.fwd(lon0, lat0, np.concatenate(azs), dist)
    bounds = np.cumsum([0, *sizes])
    return [
        (az, np.asarray(lons[a:b], dtype=float), np.asarray(lats[a:b], dtype=float))
        for az, a, b in zip(azs, bounds[:-1], bounds[1:], strict=True)
    ]


def _ring_areas_m2(rings: Sequence[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Areas (m^2) of the regions right of clockwise rings (lons, lats), all in one pass.

    The vertices go to the authalic sphere (equal-area, so areas are kept exactly); each ring is
    a polygon of great-circle edges there, summed edge by edge as signed triangles with the pole
    (``2 atan2(tan(dlon/2) (t1 + t2), 1 + t1 t2)``, t = tan(lat/2)). A ring that winds around a
    pole is off by half the sphere, and the result is taken modulo the whole. Against
    GeographicLib's geodesic polygon area on the same vertices the difference is below 1e-7.
    """
    sizes = np.array([lo.size for lo, _ in rings])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    lam = np.radians(np.concatenate([lo for lo, _ in rings]))
    sin_lat = np.sin(np.radians(np.concatenate([la for _, la in rings])))
    xi = np.arcsin(np.clip(_q(sin_lat) / _Q_POLE, -1.0, 1.0))
    nxt = np.arange(1, lam.size + 1)
    nxt[starts + sizes - 1] = starts
    dlam = (lam[nxt] - lam + math.pi) % (2 * math.pi) - math.pi
    t = np.tan(xi / 2)
    excess = 2 * np.arctan2(np.tan(dlam / 2) * (t + t[nxt]), 1 + t * t[nxt])
    area = np.add.reduceat(excess, starts) * AUTHALIC_R2_M2
    winds = np.abs(np.add.reduceat(dlam, starts)) > math.pi
    return (area + np.where(winds, EARTH_AREA_M2 / 2, 0.0)) % EARTH_AREA_M2


def _disk_areas_m2(
    firsts: Sequence[tuple[np.ndarray, np.ndarray, np.ndarray]], radii_m
) -> np.ndarray:
    """Disk areas from uniform first-pass boundaries, Richardson-extrapolated from n and n/2.

    The inscribed polygon's error falls as 1/n^2, so (4 A_n - A_n/2) / 3 cancels it (relative
    error below 1e-9). Disks past ``CUT_LOCUS_CHECK_M`` are not uniform (cut-locus corners):
    their polygon area is used as it is.
    """
    full = _ring_areas_m2([(lo, la) for _, lo, la in firsts])
    half = _ring_areas_m2([(lo[::2], la[::2]) for _, lo, la in firsts])
    uniform = np.asarray(radii_m) <= CUT_LOCUS_CHECK_M
    return np.where(uniform, (4 * full - half) / 3, full)


def _densify_long_edges(ring: np.ndarray, max_dlon: float = 90.0) -> np.ndarray:
    """Add vertices on edges longer than ``max_dlon`` of longitude (only pole or world edges)."""
    if np.abs(np.diff(ring[:, 0])).max() <= max_dlon:
        return ring
    out = [ring[:1]]
    for a, b in itertools.pairwise(ring):
        span = abs(b[0] - a[0])
        if span > max_dlon:
            k = math.ceil(span / max_dlon)
            t = np.linspace(0.0, 1.0, k + 1)[1:, None]
            out.append(a + (b - a) * t)
        else:
            out.append(b[None, :])
    return np.vstack(out)


def _coords(ring: np.ndarray) -> list[list[float]]:
    ring = _densify_long_edges(ring)
    return np.round(ring, 7).tolist()


def _closed(ring: np.ndarray) -> np.ndarray:
    return np.vstack([ring, ring[:1]])


def shape_to_geojson(geom: shapely.Geometry) -> dict:
    """A (Multi)Polygon as GeoJSON geometry: exteriors counter-clockwise, holes clockwise
    (RFC 7946), one Polygon when there is one part."""
    geom = shapely.orient_polygons(geom)
    polys = list(shapely.get_parts(geom))
    parts = [
        [_coords(np.asarray(p.exterior.coords))]
        + [_coords(np.asarray(h.coords)) for h in p.interiors]
        for p in polys
    ]
    if len(parts) == 1:
        return {"type": "Polygon", "coordinates": parts[0]}
    return {"type": "MultiPolygon", "coordinates": parts}


def range_areas(
    centres: Sequence[tuple[float, float]], ranges_km: Sequence[tuple[float, float]]
) -> list[RangeArea]:
    """Disks or annuli for many launch points at once.

    ``centres`` are (lat, lon) pairs in degrees; ``ranges_km`` are (min_range_km, max_range_km)
    pairs in kilometres with ``0 <= min < max <= 20000`` (a zero minimum gives a disk).
    """
    if len(centres) != len(ranges_km):
        raise GeodesyError("centres and ranges must have the same length")
    for (lat, lon), (rmin, rmax) in zip(centres, ranges_km, strict=True):
        _check_domain(lat, lon, rmax)
        if not (math.isfinite(rmin) and 0.0 <= rmin < rmax):
            raise GeodesyError(f"minimum range {rmin} km must be in [0, {rmax:g})")
    if not centres:
        return []
    keys = sorted(
        {(lat, lon, r * 1e3) for (lat, lon), rr in zip(centres, ranges_km, strict=True) for r in rr}
        - {(lat, lon, 0.0) for lat, lon in centres}
    )
    lats = np.array([k[0] for k in keys])
    lons = np.array([k[1] for k in keys])
    _, _, d_north = WGS84.inv(lons, lats, lons, np.full(lats.size, 90.0))
    _, _, d_south = WGS84.inv(lons, lats, lons, np.full(lats.size, -90.0))
    firsts = _first_passes(keys)
    for (lat, lon, radius_m), (az, lo, la) in zip(keys, firsts, strict=True):
        _Circle(lat, lon, radius_m).points(az, lo, la)  # cut-locus corners, in place
    areas = _disk_areas_m2(firsts, [k[2] for k in keys])
    disks = {
        key: _disk(*key, dn, ds, first, area)
        for key, dn, ds, first, area in zip(keys, d_north, d_south, firsts, areas, strict=True)
    }
    out = []
    for (lat, lon), (rmin, rmax) in zip(centres, ranges_km, strict=True):
        outer = disks[(lat, lon, rmax * 1e3)]
        inner = disks[(lat, lon, rmin * 1e3)] if rmin > 0 else None
        area = outer.area_m2 - (inner.area_m2 if inner else 0.0)
        out.append(RangeArea(_geometry(outer, inner), area / 1e6))
    return out


def _geometry(outer: _Disk, inner: _Disk | None) -> dict:
    if outer.ring is not None and (inner is None or inner.ring is not None):
        rings = [_coords(_closed(outer.ring[::-1]))]
        if inner is not None:
            rings.append(_coords(_closed(inner.ring)))
        return {"type": "Polygon", "coordinates": rings}
    shape = outer.as_shape()
    if inner is not None:
        shape = _polygonal(shapely.difference(shape, inner.as_shape()))
    return shape_to_geojson(shape)


def range_area(
    lat_deg: float, lon_deg: float, max_range_km: float, min_range_km: float = 0.0
) -> RangeArea:
    """The area within ``[min_range_km, max_range_km]`` of one point (degrees, kilometres)."""
    return range_areas([(lat_deg, lon_deg)], [(min_range_km, max_range_km)])[0]


def boundary_vertices(
    centres: Sequence[tuple[float, float]], radii_km: Sequence[float]
) -> list[np.ndarray]:
    """First-pass boundaries of many circles in one vectorised call, before any cutting.

    ``centres`` are (lat, lon) degrees, ``radii_km`` kilometres. Each result is an (n, 2) array
    of lon/lat degrees in azimuth order (clockwise), n a multiple of 180, with cut-locus corners
    already solved.
    """
    for (lat, lon), r in zip(centres, radii_km, strict=True):
        _check_domain(lat, lon, r)
    keys = [(lat, lon, r * 1e3) for (lat, lon), r in zip(centres, radii_km, strict=True)]
    out = []
    for (lat, lon, radius_m), (az, lons, lats) in zip(keys, _first_passes(keys), strict=True):
        _Circle(lat, lon, radius_m).points(az, lons, lats)
        out.append(np.column_stack([lons, lats]))
    return out


# --- unions and areas of regions in the longitude/latitude chart -------------------------------
#
# The range rings are RFC 7946 polygons in a longitude/latitude chart, cut at the antimeridian and
# closed along the poles' lines, so the union of rings on the ellipsoid is their planar union in
# that chart, and its area is an integral over the chart.


def _positions(ring: list) -> np.ndarray:
    """(n, 2) lon/lat of a GeoJSON ring (list of [lon, lat] positions; any third value dropped)."""
    try:
        flat = np.fromiter(itertools.chain.from_iterable(ring), dtype=float, count=2 * len(ring))
        return flat.reshape(-1, 2)
    except ValueError:  # positions with an altitude
        return np.array([position[:2] for position in ring], dtype=float)


def _polygon(rings: list) -> shapely.Polygon:
    shell, *holes = (_positions(ring) for ring in rings)
    # Holes as LinearRings: numpy cannot stack holes of different lengths into one array (a
    # ring reaching round to the antipode has two: around the launch point and the antipode).
    return shapely.polygons(shell, [shapely.linearrings(h) for h in holes] or None)


def _shape(geometry: dict) -> shapely.Geometry:
    """A GeoJSON Polygon or MultiPolygon as shapely, via numpy (five times faster than
    ``shapely.geometry.shape`` for rings of hundreds of vertices)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        return _polygon(geometry["coordinates"])
    if kind == "MultiPolygon":
        return shapely.multipolygons([_polygon(p) for p in geometry["coordinates"]])
    return shapely.geometry.shape(geometry)


def union_of(geometries: Sequence[dict]) -> shapely.Geometry:
    """The union of RFC 7946 (Multi)Polygon geometries in the longitude/latitude chart.

    The range rings live in the chart [-180, 180] x [-90, 90] (degrees), cut at the antimeridian
    and closed along latitude +/-90 around a pole, so their planar union in the chart is their
    union on the ellipsoid. Returns a shapely (Multi)Polygon, empty for no input. Invalid inputs
    (never produced by :mod:`ranges.geometry.geodesy`) are repaired with ``make_valid`` first.
    """
    shapes = np.array([_shape(g) for g in geometries], dtype=object)
    if shapes.size == 0:
        return shapely.Polygon()
    bad = ~shapely.is_valid(shapes)
    if bad.any():
        shapes[bad] = shapely.make_valid(shapes[bad])
    return shapely.union_all(shapes)


def _polygon_parts(geom: shapely.Geometry) -> list[shapely.Polygon]:
    """The polygons of any geometry (collections flattened; points and lines have no area)."""
    if isinstance(geom, shapely.Polygon):
        return [] if geom.is_empty else [geom]
    if isinstance(geom, shapely.MultiPolygon | shapely.GeometryCollection):
        return [p for part in geom.geoms for p in _polygon_parts(part)]
    return []


def chart_area_km2(geom: shapely.Geometry) -> float:
    """Area on WGS-84, km^2, of a region of the longitude/latitude chart (degrees).

    Green's theorem on the authalic sphere (the equal-area sphere of radius ``R_q``, where a
    latitude ``phi`` becomes the authalic latitude ``xi`` with ``sin xi = q(phi) / q_p``):
    ``A = -R_q^2 * sum over edges of integral sin(xi) d(lambda)``, holes subtracted. Edges along
    a meridian (the antimeridian cuts) contribute nothing and edges along a parallel (the lines of
    the poles, +/-90) are integrated exactly; along any other straight chart edge the integral is
    Simpson's rule (the trapezoid rule's error, 1e-7 to 2e-6 of a ring's area, falls below 1e-10).
    Orientation does not matter: polygons are oriented first.

    Accuracy for the union of range rings: the rings' edges are chords of the true circles (2
    degrees of azimuth apart at most, within 100 m of the circle), so a ring's polygon is smaller
    than its disk by up to 2.1e-4 of its area (rings under about 460 km of radius, 180 vertices),
    5e-5 or less beyond.
    """
    polys = _polygon_parts(geom)
    if not polys:
        return 0.0
    oriented = shapely.orient_polygons(np.array(polys, dtype=object), exterior_cw=False)
    rings = shapely.get_rings(oriented)
    xy, ring = shapely.get_coordinates(rings, return_index=True)
    same = ring[1:] == ring[:-1]
    lam = np.radians(xy[:, 0])
    lat = np.radians(xy[:, 1])
    sin_xi = _sin_authalic(lat)
    mid_sin_xi = _sin_authalic(0.5 * (lat[1:] + lat[:-1]))
    terms = (sin_xi[1:] + 4.0 * mid_sin_xi + sin_xi[:-1]) / 6.0 * (lam[1:] - lam[:-1])
    return float(-AUTHALIC_R2_M2 * terms[same].sum() / 1e6)


def _sin_authalic(lat_rad: np.ndarray) -> np.ndarray:
    """sin(authalic latitude) = q(phi) / q_p for geodetic latitudes in radians."""
    return _q(np.sin(lat_rad)) / _Q_POLE
