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
from dataclasses import dataclass, field

import numpy as np
import shapely
from scipy.spatial import cKDTree

from ranges.geodesy import WGS84

DENSIFY_M = 10_000.0
K_NEAREST = 6
EXACT_CANDIDATES = 3
_BLOCK = 16_384


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
        self.tree = cKDTree(self.normals)
        if self.inside is not None:
            shapely.prepare(self.inside)

    def contains(self, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
        """Which points lie inside a polygon of the area (boundary included)."""
        lats = np.asarray(lats, dtype=float)
        if self.inside is None:
            return np.zeros(lats.shape, dtype=bool)
        wrapped = (np.asarray(lons, dtype=float) + 180.0) % 360.0 - 180.0
        return shapely.intersects_xy(self.inside, wrapped, lats)

    def nearest(
        self, lats: np.ndarray, lons: np.ndarray, *, inside_zero: bool = True
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """For each point: (distance m, azimuth deg at the nearest point toward it, nearest
        point's lat, lon). Inside a polygon (``inside_zero``) the distance is 0, the azimuth NaN
        and the nearest point the point itself."""
        lats = np.atleast_1d(np.asarray(lats, dtype=float))
        lons = np.atleast_1d(np.asarray(lons, dtype=float))
        n = lats.size
        dist = np.empty(n)
        az = np.empty(n)
        flat = np.empty(n)
        flon = np.empty(n)
        for a in range(0, n, _BLOCK):
            b = min(n, a + _BLOCK)
            dist[a:b], az[a:b], flat[a:b], flon[a:b] = self._nearest_block(lats[a:b], lons[a:b])
        if inside_zero and self.inside is not None:
            inside = self.contains(lats, lons)
            dist[inside] = 0.0
            az[inside] = np.nan
            flat[inside] = lats[inside]
            flon[inside] = lons[inside]
        return dist, az, flat, flon

    def _nearest_block(self, lats: np.ndarray, lons: np.ndarray) -> tuple[np.ndarray, ...]:
        m = lats.size
        q = unit_normals(lats, lons)
        k = min(K_NEAREST, self.normals.shape[0])
        _, idx = self.tree.query(q, k=k)
        idx = np.asarray(idx).reshape(m, k)
        # Edges after and before each candidate vertex.
        seg = np.concatenate([idx, idx - 1], axis=1)
        valid = np.zeros(seg.shape, dtype=bool)
        ok = seg >= 0
        valid[ok] = self.has_next[seg[ok]]
        seg = np.where(valid, seg, np.concatenate([idx, idx], axis=1))
        a_n = self.normals[seg]  # (m, s, 3)
        b_n = self.normals[np.minimum(seg + 1, self.normals.shape[0] - 1)]
        foot = _foot_on_arc(a_n, b_n, q[:, None, :], valid)
        cos = np.einsum("msk,mk->ms", foot, q)
        # Duplicates (one edge seen from both its ends) rank equal: keep distinct feet.
        order = np.argsort(-cos, axis=1, kind="stable")
        take = min(EXACT_CANDIDATES, order.shape[1])
        best = order[:, :take]
        rows = np.arange(m)[:, None]
        f = foot[rows, best]  # (m, take, 3)
        f_lat = np.degrees(np.arcsin(np.clip(f[..., 2], -1.0, 1.0)))
        f_lon = np.degrees(np.arctan2(f[..., 1], f[..., 0]))
        q_lat = np.repeat(lats[:, None], take, axis=1)
        q_lon = np.repeat(lons[:, None], take, axis=1)
        fwd_az, _, d = WGS84.inv(f_lon.ravel(), f_lat.ravel(), q_lon.ravel(), q_lat.ravel())
        d = np.asarray(d).reshape(m, take)
        fwd_az = np.asarray(fwd_az).reshape(m, take)
        j = np.argmin(d, axis=1)
        r = np.arange(m)
        return d[r, j], fwd_az[r, j], f_lat[r, j], f_lon[r, j]


def _foot_on_arc(a: np.ndarray, b: np.ndarray, q: np.ndarray, valid: np.ndarray) -> np.ndarray:
    """The point of the great-circle arc a-b (unit vectors, ..., 3) nearest to q; for invalid
    edges (a lone end vertex) the vertex a itself."""
    n = np.cross(a, b)
    norm = np.linalg.norm(n, axis=-1, keepdims=True)
    degenerate = norm[..., 0] < 1e-15
    n = n / np.where(norm == 0.0, 1.0, norm)
    p = q - np.sum(q * n, axis=-1, keepdims=True) * n
    p_norm = np.linalg.norm(p, axis=-1, keepdims=True)
    p = p / np.where(p_norm == 0.0, 1.0, p_norm)
    # p is within the arc when it is on the inner side of both ends.
    within = (np.sum(np.cross(a, p) * n, axis=-1) >= 0.0) & (
        np.sum(np.cross(p, b) * n, axis=-1) >= 0.0
    )
    qa = np.sum(q * a, axis=-1)
    qb = np.sum(q * b, axis=-1)
    end = np.where((qa >= qb)[..., None], a, b)
    use_p = within & valid & ~degenerate & (p_norm[..., 0] > 0.0)
    out = np.where(use_p[..., None], p, end)
    return np.where((valid & ~degenerate)[..., None], out, a)


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
