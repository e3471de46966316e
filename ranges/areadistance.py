"""Exact geodesic distance from points to a launch area (a set of lines and polygons) on WGS-84.

An area is held as *curves*: each polygon's boundary (closed) and each line (open), their edges
geodesics between the given vertices. :class:`AreaModel` densifies every edge along its geodesic
(``Geod.fwd``, vertices at most ``DENSIFY_M`` apart) and indexes the vertices' unit normals in a
k-d tree (``scipy.spatial.cKDTree``).

The distance from a point *q* to the area is 0 inside a polygon, else the least distance to a
curve. For a curve it is found in two steps:

1. **Candidates.** The ``K_NEAREST`` vertices whose normals are nearest to *q*'s, and the edges on
   either side of each; on each edge the foot of the perpendicular from *q* is found on the unit
   sphere of normals (the great circle through the edge's end normals, clamped to the edge). Over
   an edge of at most ``DENSIFY_M`` the geodesic and that great circle differ by well under a
   metre.
2. **Exact distance.** For the ``EXACT_CANDIDATES`` feet nearest on the sphere, Karney's inverse
   solution (``Geod.inv``) from the foot to *q*; the least wins, and its forward azimuth is the
   bearing *from the nearest point of the area* toward *q* (docs/INTERFACES.md section 4).

The distance is stationary at the true foot, so an error in the foot's position along the edge
enters the distance only to second order. What remains is the choice of the edge: the sphere of
normals ranks two distant stretches of a border by a proxy within 1 % of the geodesic distance, and
the three best are measured exactly. ``tests/test_areas_accuracy.py`` checks the result against a
brute-force reference (GeographicLib's distance to every point of the area densified at 200 m).
"""

from __future__ import annotations

import math
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.spatial import cKDTree

from ranges.geodesy import WGS84

DENSIFY_M = 10_000.0
K_NEAREST = 2
EXACT_CANDIDATES = 1
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
    """Densified curves of an area, their normals in a k-d tree, and its polygons for the
    inside test (``inside``: a shapely geometry in the longitude/latitude chart, RFC 7946 cut at
    the antimeridian, or None for lines only)."""

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
    open_end: np.ndarray = field(init=False)  # vertex i ends an open curve (a line)
    tree: cKDTree = field(init=False)

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
        self.tree = cKDTree(self.normals)
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

        def solve(a: int) -> None:
            rows = todo[a : min(m, a + _BLOCK)]
            dist[rows], az[rows], flat[rows], flon[rows] = self._nearest_block(
                lats[rows], lons[rows]
            )

        starts = range(0, m, _BLOCK)
        if m > _BLOCK:  # the k-d tree, numpy and Geod.inv release the GIL
            list(_pool().map(solve, starts))
        else:
            for a in starts:
                solve(a)
        return dist, az, flat, flon

    def _nearest_block(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, ...]:
        m = lats.size
        q = unit_normals(lats, lons)
        k = min(K_NEAREST, self.normals.shape[0])
        _, idx = self.tree.query(q, k=k)
        idx = np.asarray(idx).reshape(m, k)
        # Candidates: the k vertices, and the edges after and before each.
        edge = np.concatenate([idx, idx - 1], axis=1)
        ok = edge >= 0
        edge = np.where(ok, edge, 0)
        ok &= self.edge_ok[edge]

        def dots(vectors: np.ndarray, which: np.ndarray) -> np.ndarray:
            return np.einsum("mk,msk->ms", q, vectors[which])

        qn = dots(self.edge_n, edge)
        within = ok & (dots(self.edge_u, edge) >= 0.0) & (dots(self.edge_w, edge) >= 0.0)
        cos_edge = np.where(within, np.sqrt(np.maximum(0.0, 1.0 - qn * qn)), -2.0)
        cos_vertex = dots(self.normals, idx)
        cos = np.concatenate([cos_edge, cos_vertex], axis=1)
        best = np.argmax(cos, axis=1)
        r = np.arange(m)
        on_edge = best < edge.shape[1]
        foot = self.normals[idx[r, np.maximum(best - edge.shape[1], 0)]]
        if on_edge.any():
            e = edge[r[on_edge], best[on_edge]]
            n = self.edge_n[e]
            qe = q[on_edge]
            p = qe - np.sum(qe * n, axis=1, keepdims=True) * n
            foot[on_edge] = p / np.linalg.norm(p, axis=1, keepdims=True)
        f_lat = np.degrees(np.arcsin(np.clip(foot[:, 2], -1.0, 1.0)))
        f_lon = np.degrees(np.arctan2(foot[:, 1], foot[:, 0]))
        fwd_az, _, d = WGS84.inv(f_lon, f_lat, lons, lats)
        return np.asarray(d), np.asarray(fwd_az), f_lat, f_lon


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
