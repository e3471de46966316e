"""Exact geodesic distance from points to a launch area (a set of lines and polygons) on WGS-84.

An area is held as *curves*: each polygon's boundary (closed) and each line (open), their edges
geodesics between the given vertices. :class:`AreaModel` densifies every edge along its geodesic
(``Geod.fwd``, vertices at most ``DENSIFY_M`` apart) and indexes the vertices as points of the
ellipsoid's surface (Earth-centred), in a k-d tree (``pykdtree``: the same answers as scipy's
``cKDTree``, without scipy's half-second import).

The distance from a point *q* to the area is 0 inside a polygon, else the least distance to a
curve, found in two steps:

1. **Candidates.** The ``K_NEAREST`` vertices nearest to *q* in space, and on each edge after or
   before one of them the foot of the perpendicular from *q*. Every point of an edge is within
   half its length of one of its ends, so an edge with a nearer point has an end within
   ``sqrt(best^2 + (longest edge / 2)^2)``: where more than k vertices lie that close, the query
   is repeated with four times as many (a point beside a long edge with another part's vertices
   nearer than that edge's ends). The feet are found on the unit sphere of normals
   (the great circle through the edge's end normals; over an edge of at most ``DENSIFY_M`` the
   geodesic and that great circle differ by well under a metre). The candidate nearest to *q* in
   space wins: for two candidates at nearly the same distance the straight 3-D distance orders
   them as the geodesic distance does to about 1e-6 of the distance (the angle between normals
   would err by the flattening, 1e-3: 250 m at 400 km between two coasts of an archipelago).
2. **Exact distance.** Karney's inverse solution (``Geod.inv``) from that foot to *q*, whose
   forward azimuth is the bearing *from the nearest point of the area* toward *q*
   (docs/INTERFACES.md section 4).

The distance is stationary at the true foot, so an error in the foot's position along the edge
enters the distance only to second order. ``tests/test_areas_accuracy.py`` checks the result
against a brute force (GeographicLib's distance to every point of the area densified finely);
against 100 m densified borders of Ukraine, Indonesia and Chile the largest difference seen was
8 m, within the reference's own densification error.
"""

from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import shapely
from pykdtree.kdtree import KDTree

from ranges.geometry.geodesy import WGS84

DENSIFY_M = 10_000.0
K_NEAREST = 2
_BLOCK = 8_192


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(
                max_workers=max(1, min(4, os.cpu_count() or 1)), thread_name_prefix="areas"
            )
        return _POOL


def unit_normals(lats_deg: np.ndarray, lons_deg: np.ndarray) -> np.ndarray:
    """(n, 3) unit normals of the ellipsoid at geodetic latitudes/longitudes in degrees."""
    lat = np.radians(np.asarray(lats_deg, dtype=float))
    lon = np.radians(np.asarray(lons_deg, dtype=float))
    cos_lat = np.cos(lat)
    return np.column_stack([cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)])


def surface_points(normals: np.ndarray) -> np.ndarray:
    """The points of the ellipsoid's surface (in units of the equatorial radius, Earth-centred)
    whose unit normals are ``normals`` (..., 3)."""
    e2 = WGS84.es
    w = 1.0 / np.sqrt(1.0 - e2 * normals[..., 2] ** 2)
    out = normals * w[..., None]
    out[..., 2] *= 1.0 - e2
    return out


def densify_curve(lons: np.ndarray, lats: np.ndarray, spacing_m: float) -> np.ndarray:
    """(n, 2) lon/lat of a curve with a vertex at least every ``spacing_m`` along each geodesic
    edge (the given vertices kept; longitudes as ``Geod.fwd`` gives them, in [-180, 180])."""
    lons = np.asarray(lons, dtype=float)
    lats = np.asarray(lats, dtype=float)
    if lons.size < 2:
        return np.column_stack([lons, lats])
    az, _, length = WGS84.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
    pieces = np.maximum(1, np.ceil(np.asarray(length) / spacing_m).astype(np.int64))
    edge = np.repeat(np.arange(lons.size - 1), pieces)
    start = np.repeat(np.cumsum(pieces) - pieces, pieces)
    frac = (np.arange(edge.size) - start) / pieces[edge]
    out_lons, out_lats, _ = WGS84.fwd(
        lons[:-1][edge], lats[:-1][edge], np.asarray(az)[edge], np.asarray(length)[edge] * frac
    )
    out_lons = np.append(np.asarray(out_lons, dtype=float), lons[-1])
    out_lats = np.append(np.asarray(out_lats, dtype=float), lats[-1])
    # Exact given vertices (fwd of distance 0 returns them, up to rounding of the longitude).
    first = frac == 0.0
    out_lons[:-1][first] = lons[:-1][edge[first]]
    out_lats[:-1][first] = lats[:-1][edge[first]]
    return np.column_stack([out_lons, out_lats])


@dataclass(frozen=True)
class Curve:
    """One curve of an area: vertices (n, 2) lon/lat in degrees; ``closed`` for a polygon ring
    (the last vertex is not repeated)."""

    coords: np.ndarray
    closed: bool


@dataclass
class AreaModel:
    """Densified curves of an area, their surface points in a k-d tree, and its
    polygons for the inside test (``inside``: a shapely geometry in the longitude/latitude
    chart, RFC 7946 cut at the antimeridian, or None for lines only)."""

    curves: list[Curve]
    inside: shapely.Geometry | None
    lons: np.ndarray = field(init=False)
    lats: np.ndarray = field(init=False)
    normals: np.ndarray = field(init=False)
    has_next: np.ndarray = field(init=False)  # vertex i has an edge to vertex i + 1
    edge_ok: np.ndarray = field(init=False)
    edge_n: np.ndarray = field(init=False)
    edge_u: np.ndarray = field(init=False)
    edge_w: np.ndarray = field(init=False)
    max_edge: float = field(init=False)  # longest edge, straight, in equatorial radii
    open_end: np.ndarray = field(init=False)  # vertex i ends an open curve (a line)
    index: KDTree = field(init=False)

    def __post_init__(self) -> None:
        lons, lats, has_next, open_end = [], [], [], []
        for curve in self.curves:
            c = curve.coords
            if curve.closed:
                c = np.vstack([c, c[:1]])
            dense = densify_curve(c[:, 0], c[:, 1], DENSIFY_M)
            lons.append(dense[:, 0])
            lats.append(dense[:, 1])
            nxt = np.ones(len(dense), dtype=bool)
            nxt[-1] = False
            has_next.append(nxt)
            end = np.zeros(len(dense), dtype=bool)
            end[-1] = not curve.closed
            open_end.append(end)
        self.lons = np.concatenate(lons)
        self.lats = np.concatenate(lats)
        self.has_next = np.concatenate(has_next)
        self.open_end = np.concatenate(open_end)
        self.normals = unit_normals(self.lats, self.lons)
        # Per edge i -> i + 1: the unit normal of its great circle (on the sphere of normals)
        # and the two vectors whose dot product with a point is >= 0 when the point's foot on
        # that circle falls between the edge's ends.
        a = self.normals
        b = np.roll(self.normals, -1, axis=0)
        n = np.cross(a, b)
        norm = np.linalg.norm(n, axis=1)
        self.edge_ok = self.has_next & (norm > 1e-15)
        self.edge_n = n / np.where(norm > 0.0, norm, 1.0)[:, None]
        self.edge_u = np.cross(self.edge_n, a)
        self.edge_w = np.cross(b, self.edge_n)
        points = surface_points(self.normals)
        self.index = KDTree(points)
        steps = np.linalg.norm(np.diff(points, axis=0), axis=1)
        self.max_edge = float(steps[self.edge_ok[:-1]].max()) if steps.size else 0.0
        if self.inside is not None:
            shapely.prepare(self.inside)

    def contains(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Which points lie inside a polygon of the area (boundary included)."""
        lats = np.asarray(lats, dtype=float)
        if self.inside is None:
            return np.zeros(lats.shape, dtype=bool)
        wrapped = (np.asarray(lons, dtype=float) + 180.0) % 360.0 - 180.0
        x0, y0, x1, y1 = self.inside.bounds
        box = (wrapped >= x0) & (wrapped <= x1) & (lats >= y0) & (lats <= y1)
        out = np.zeros(lats.shape, dtype=bool)
        if box.any():
            out[box] = shapely.intersects_xy(self.inside, wrapped[box], lats[box])
        return out

    def nearest(
        self, lats: np.ndarray, lons: np.ndarray, *, inside_zero: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For each point: (distance m, azimuth deg at the nearest point toward it, nearest
        point's lat, lon). Inside a polygon (``inside_zero``) the distance is 0, the azimuth NaN
        and the nearest point the point itself."""
        lats = np.atleast_1d(np.asarray(lats, dtype=float))
        lons = np.atleast_1d(np.asarray(lons, dtype=float))
        n = lats.size
        dist = np.zeros(n)
        az = np.full(n, np.nan)
        flat = lats.copy()
        flon = lons.copy()
        # Inside a polygon nothing is solved: distance 0, no azimuth, the point its own nearest.
        inside = np.zeros(n, dtype=bool)
        if inside_zero and self.inside is not None:
            inside = self.contains(lats, lons)
        todo = np.flatnonzero(~inside)
        m = todo.size
        index = self.index

        def solve(a: int) -> None:
            rows = todo[a : min(m, a + _BLOCK)]
            dist[rows], az[rows], flat[rows], flon[rows] = self._nearest_block(
                lats[rows], lons[rows], index
            )

        starts = range(0, m, _BLOCK)
        if m > _BLOCK:  # the index, numpy and Geod.inv release the GIL
            list(_pool().map(solve, starts))
        else:
            for a in starts:
                solve(a)
        return dist, az, flat, flon

    def _nearest_block(
        self, lats: np.ndarray, lons: np.ndarray, index: KDTree
    ) -> tuple[np.ndarray, ...]:
        q = unit_normals(lats, lons)
        qx = surface_points(q)
        n_vertices = self.normals.shape[0]
        foot, unsure = self._feet(q, qx, np.arange(lats.size), min(K_NEAREST, n_vertices), index)
        k = K_NEAREST
        while unsure.size and k < n_vertices:
            k = min(4 * k, n_vertices)
            more, still = self._feet(q[unsure], qx[unsure], unsure, k, index)
            foot[unsure] = more
            unsure = unsure[still]
        f_lat = np.degrees(np.arcsin(np.clip(foot[:, 2], -1.0, 1.0)))
        f_lon = np.degrees(np.arctan2(foot[:, 1], foot[:, 0]))
        fwd_az, _, d = WGS84.inv(f_lon, f_lat, lons, lats)
        return np.asarray(d), np.asarray(fwd_az), f_lat, f_lon

    def _feet(
        self, q: np.ndarray, qx: np.ndarray, rows: np.ndarray, k: int, index: KDTree
    ) -> tuple[np.ndarray, np.ndarray]:
        """The nearest candidate foot (unit normals, (m, 3)) among the k nearest vertices and
        their edges, and the rows for which a vertex beyond the k-th may still lead to a nearer
        edge (every point of an edge is within half its length of one of its ends)."""
        m = q.shape[0]
        dist_k, idx = index.query(qx, k=k)
        idx = np.asarray(idx, dtype=np.int64).reshape(m, k)  # pykdtree's are uint32: idx - 1
        dist_k = np.asarray(dist_k).reshape(m, k)
        # Candidates: the k vertices, and the feet on the edges after and before each.
        edge = np.concatenate([idx, idx - 1], axis=1)
        ok = edge >= 0
        edge = np.where(ok, edge, 0)
        ok &= self.edge_ok[edge]

        def dots(vectors: np.ndarray, which: np.ndarray) -> np.ndarray:
            return np.einsum("mk,msk->ms", q, vectors[which])

        within = ok & (dots(self.edge_u, edge) >= 0.0) & (dots(self.edge_w, edge) >= 0.0)
        n = self.edge_n[edge]  # (m, 2k, 3)
        p = q[:, None, :] - np.einsum("mk,msk->ms", q, n)[..., None] * n
        p /= np.maximum(np.linalg.norm(p, axis=2, keepdims=True), 1e-300)
        feet = np.concatenate([p, self.normals[idx]], axis=1)  # (m, 3k, 3)
        valid = np.concatenate([within, np.ones(idx.shape, dtype=bool)], axis=1)
        # Ranked by the straight 3-D distance between points of the ellipsoid's surface: for
        # two candidates at nearly the same distance it orders them as the geodesic does (to
        # about 1e-6 of the distance), where the angle between normals would err by the
        # flattening (1e-3).
        chord = np.sum((surface_points(feet) - qx[:, None, :]) ** 2, axis=2)
        chord[~valid] = np.inf
        best = np.argmin(chord, axis=1)
        best_chord = np.sqrt(chord[np.arange(m), best])
        # A nearer edge has an end within this of q in space (Pythagoras at the foot; an edge's
        # bulge off its straight chord, 2 m at most over 10 km, is the margin).
        reach = np.sqrt(best_chord**2 + (0.5 * self.max_edge) ** 2) + 1e-6
        unsure = np.flatnonzero(dist_k[:, -1] < reach) if k < self.normals.shape[0] else []
        return feet[np.arange(m), best], np.asarray(unsure, dtype=np.int64)


def bearing_deg(az: np.ndarray) -> np.ndarray:
    """Azimuths (degrees, -180..180, NaN kept) as bearings in [0, 360)."""
    out = np.where(az < 0.0, az + 360.0, az + 0.0)
    out[out >= 360.0] = 0.0
    return out


def brute_force_m(model: AreaModel, lat: float, lon: float, spacing_m: float = 200.0) -> float:
    """Reference distance (m) from one point to the area: GeographicLib's inverse to every vertex
    of the curves densified at ``spacing_m`` (0 inside a polygon). For tests; slow."""
    from geographiclib.geodesic import Geodesic

    if model.inside is not None and model.contains(np.array([lat]), np.array([lon]))[0]:
        return 0.0
    best = math.inf
    for curve in model.curves:
        c = curve.coords
        if curve.closed:
            c = np.vstack([c, c[:1]])
        dense = densify_curve(c[:, 0], c[:, 1], spacing_m)
        g = Geodesic.WGS84
        for x, y in dense:
            best = min(best, g.Inverse(lat, lon, float(y), float(x), Geodesic.DISTANCE)["s12"])
    return best
