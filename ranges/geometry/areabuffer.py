"""The geodesic buffer of a launch area on WGS-84: every point within a range of the area.

How (a *candidate* boundary, then every vertex put exactly at the range):

1. **Candidate.** For ranges that stay well inside a hemisphere and do not reach a pole, the
   area is projected to an azimuthal equidistant plane centred on it (computed with ``Geod.inv``
   itself) and buffered there (``shapely.buffer``, after simplifying the area by ``SIMPLIFY`` of
   the range); the boundary is segmentized to at most ``MAX_SEGMENT_M``. Otherwise (a pole in
   reach, or a range so long that the plane means nothing) the exact distance is sampled on a
   longitude/latitude grid and contoured at the range (``contourpy``'s filled contours, cut at
   the antimeridian and closed along the poles' lines as RFC 7946 wants); past
   ``FAR_MODE_M`` what is *out* of range is small and near the antipodes of the area, so that
   is contoured, on a fine grid about the antipodes, and taken from the whole world.
2. **Exact vertices.** A plane vertex *p* is moved to ``Geod.fwd(a, az, R)``, where *a* is the
   nearest point of the area to *p* and *az* the azimuth from *a* toward *p*: on the geodesic
   normal from *a*, at exactly *R* from *a*. Its distance to the area is then measured again
   (:meth:`ranges.geometry.areadistance.AreaModel.nearest`); where another part of the area is
   nearer (a
   concave corner), the step is repeated from that part, up to ``POLISH_STEPS`` times, and
   vertices that still miss the range by more than ``TOLERANCE`` (relative) are dropped. A grid
   vertex lies on a grid line (a parallel or a meridian, the antimeridian cut included): it is
   solved along that line by bisection on the exact distance.
3. **Chart.** Rings go back to longitude/latitude, unwrapped, cut at the antimeridian
   (``ranges.geometry.geodesy.clip_to_world``), oriented as RFC 7946 asks; a minimum range is a
   hole (the
   buffer of the minimum subtracted). The area is WGS-84's over the polygon
   (``ranges.geometry.geodesy.chart_area_km2``).

Accuracy: every plane vertex is within ``max(TOLERANCE * R, 1 m)`` of distance *R* from the
area by the exact distance of :mod:`ranges.geometry.areadistance`, every grid vertex within the
bisection's 2^-50 of a grid cell (the contract asks 0.2 % or 500 m);
``tests/test_areas_accuracy.py`` checks it against a brute-force reference.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import shapely

from ranges.errors import GeodesyError
from ranges.geometry.areadistance import AreaModel, densify_curve
from ranges.geometry.geodesy import (
    MAX_RADIUS_KM,
    WGS84,
    RangeArea,
    chart_area_km2,
    clip_to_world,
    range_areas,
    shape_to_geojson,
    union_of,
)

MAX_SEGMENT_M = 20_000.0
POLISH_STEPS = 6
TOLERANCE = 2e-5
QUAD_SEGS = 16
SIMPLIFY = 0.005
# The plane is used while the farthest candidate stays this far from the area's centre.
PLANE_LIMIT_M = 7_000_000.0
GRID_CELLS = 96
_BISECT_STEPS = 50
_M_MIN_M = WGS84.a * (1.0 - WGS84.es)
_R_MAX_M = WGS84.a / math.sqrt(1.0 - WGS84.es)
_HALF_MERIDIAN_M = 20_003_931.5
# Past this range the grid samples what is out of range (near the antipodes) instead.
FAR_MODE_M = 12_000_000.0


def buffer_range(model: AreaModel, max_km: float, min_km: float = 0.0) -> RangeArea:
    """Points within ``[min_km, max_km]`` of the area, as GeoJSON and km^2 (module docstring)."""
    if not (math.isfinite(max_km) and 0.0 < max_km <= MAX_RADIUS_KM):
        raise GeodesyError(f"range {max_km} km is outside (0, {MAX_RADIUS_KM:g}]")
    if not (math.isfinite(min_km) and 0.0 <= min_km < max_km):
        raise GeodesyError(f"minimum range {min_km} km must be in [0, {max_km:g})")
    outer = buffer_shape(model, max_km * 1e3)
    shape = outer
    if min_km > 0.0:
        shape = _polygonal(shapely.difference(outer, buffer_shape(model, min_km * 1e3)))
    return RangeArea(shape_to_geojson(shape), chart_area_km2(shape))


def buffer_shape(model: AreaModel, radius_m: float) -> shapely.Geometry:
    """The buffer as a shapely (Multi)Polygon in the chart (RFC 7946 cut)."""
    plane = _plane_buffer(model, radius_m)
    if plane is not None:
        return plane
    return _clean(_grid_buffer(model, radius_m))


def _drop_cut_runs(ring: np.ndarray) -> np.ndarray:
    """A ring without the inner vertices of runs along one cut line (longitude +/-180 or
    latitude +/-90): only each run's two ends stay, so no spike doubles back along a cut."""
    ring = ring.copy()
    for axis, value in ((0, 180.0), (1, 90.0)):  # snap what rounding left a hair off a cut
        near = np.abs(np.abs(ring[:, axis]) - value) < 1e-9
        ring[near, axis] = np.copysign(value, ring[near, axis])
    keep = np.ones(len(ring), dtype=bool)
    for axis, value in ((0, 180.0), (0, -180.0), (1, 90.0), (1, -90.0)):
        on = ring[:, axis] == value
        inner = on & np.roll(on, 1) & np.roll(on, -1)
        keep &= ~inner
    return ring[keep]


def _clean(shape: shapely.Geometry) -> shapely.Geometry:
    """Collinear vertices and zero-width spikes along the grid's cut lines removed (they are
    not range boundary), the result made valid."""
    polys = []
    for p in shapely.get_parts(shape):
        if not isinstance(p, shapely.Polygon):
            continue
        rings = [_drop_cut_runs(np.asarray(r.coords)[:-1]) for r in (p.exterior, *p.interiors)]
        rings = [r for r in rings if len(r) >= 3]
        if rings:
            polys.append(shapely.Polygon(rings[0], rings[1:]))
    shape = shapely.union_all([q if q.is_valid else shapely.make_valid(q) for q in polys])
    if not shape.is_valid:
        shape = shapely.make_valid(shape)
    return _polygonal(shape)


# --- helpers --------------------------------------------------------------------------------


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [
        p for p in shapely.get_parts(geom) if isinstance(p, shapely.Polygon) and p.area > 1e-12
    ]
    if len(parts) == 1:
        return parts[0]
    return shapely.MultiPolygon(parts)


def _centre(model: AreaModel) -> tuple[float, float]:
    mean = model.normals.mean(axis=0)
    norm = np.linalg.norm(mean)
    if norm < 1e-9:
        return float(model.lats[0]), float(model.lons[0])
    x, y, z = mean / norm
    return math.degrees(math.asin(z)), math.degrees(math.atan2(y, x))


def polish(
    model: AreaModel, lats: np.ndarray, lons: np.ndarray, radius_m: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vertices moved exactly to ``radius_m`` from the area (step 2 of the module docstring):
    (lats, lons, ok) where ``ok`` marks the vertices within tolerance."""
    tol = max(TOLERANCE * radius_m, 1.0)
    lats = np.array(lats, dtype=float)
    lons = np.array(lons, dtype=float)
    ok = np.zeros(lats.size, dtype=bool)
    todo = np.arange(lats.size)
    _, az, flat, flon = model.nearest(lats, lons, inside_zero=False)
    for _ in range(POLISH_STEPS):
        if todo.size == 0:
            break
        a = az[todo]
        good = np.isfinite(a)
        new_lon, new_lat, _ = WGS84.fwd(
            flon[todo][good], flat[todo][good], a[good], np.full(good.sum(), radius_m)
        )
        idx = todo[good]
        lats[idx] = new_lat
        lons[idx] = new_lon
        d, az_i, flat_i, flon_i = model.nearest(lats[idx], lons[idx])
        done = np.abs(d - radius_m) <= tol
        ok[idx[done]] = True
        az[idx], flat[idx], flon[idx] = az_i, flat_i, flon_i
        todo = idx[~done]
    return lats, lons, ok


def _unwrap(lons: np.ndarray) -> tuple[np.ndarray, float]:
    steps = (np.diff(lons, append=lons[:1]) + 180.0) % 360.0 - 180.0
    u = lons[0] + np.concatenate([[0.0], np.cumsum(steps[:-1])])
    return u, float(steps.sum())


def _ring_chart(lats: np.ndarray, lons: np.ndarray, near: float | None) -> np.ndarray | None:
    """A closed ring's vertices on unwrapped longitudes (near ``near`` if given); None if the
    ring winds round a pole."""
    u, winding = _unwrap(lons)
    if abs(winding) > 180.0:
        return None
    if near is not None:
        u = u + 360.0 * round((near - u.mean()) / 360.0)
    return np.column_stack([u, lats])


# --- the plane ------------------------------------------------------------------------------


def _plane_buffer(model: AreaModel, radius_m: float) -> shapely.Geometry | None:
    lat0, lon0 = _centre(model)
    _, _, reach = WGS84.inv(
        np.full(model.lons.size, lon0), np.full(model.lats.size, lat0), model.lons, model.lats
    )
    extent = float(np.max(reach))
    if extent + radius_m > PLANE_LIMIT_M:
        return None
    pole_d, _, _, _ = model.nearest(np.array([90.0, -90.0]), np.array([0.0, 0.0]))
    if (pole_d <= radius_m * (1.0 + 1e-3) + 1e3).any():
        return None

    # The azimuthal equidistant projection about the centre, by Geod itself (exact on WGS-84,
    # and no projection object to build): x, y = distance * (sin, cos) of the azimuth.
    def to_plane(xy: np.ndarray) -> np.ndarray:
        n = xy.shape[0]
        az, _, dist = WGS84.inv(np.full(n, lon0), np.full(n, lat0), xy[:, 0], xy[:, 1])
        az = np.radians(np.asarray(az))
        return np.column_stack([dist * np.sin(az), dist * np.cos(az)])

    shapes = []
    if model.inside is not None:
        dense = shapely.segmentize(model.inside, 0.1)
        shapes.append(shapely.transform(dense, to_plane))
    lines = _model_lines(model)
    if lines:
        shapes.append(shapely.transform(shapely.MultiLineString(lines), to_plane))
    source = shapely.union_all(shapes)
    if not source.is_valid:
        source = shapely.make_valid(source)
    # Simplifying moves the candidate by at most SIMPLIFY * R; the vertices are exact after.
    source = shapely.simplify(source, SIMPLIFY * radius_m)
    # Part by part, then one cascaded union: GEOS buffers a many-island MultiPolygon as a whole
    # 50 times slower (Canada: 14 s against 0.3 s).
    parts = shapely.get_parts(source)
    planar = shapely.union_all(shapely.buffer(parts, radius_m, quad_segs=QUAD_SEGS))
    planar = shapely.segmentize(planar, MAX_SEGMENT_M)
    polys = [p for p in shapely.get_parts(planar) if isinstance(p, shapely.Polygon)]
    rings = [(k, r) for k, p in enumerate(polys) for r in (p.exterior, *p.interiors)]
    coords = [np.asarray(r.coords)[:-1] for _, r in rings]
    sizes = [c.shape[0] for c in coords]
    allxy = np.vstack(coords)
    n = allxy.shape[0]
    lon, lat, _ = WGS84.fwd(
        np.full(n, lon0),
        np.full(n, lat0),
        np.degrees(np.arctan2(allxy[:, 0], allxy[:, 1])),
        np.hypot(allxy[:, 0], allxy[:, 1]),
    )
    lat, lon, ok = polish(model, np.asarray(lat), np.asarray(lon), radius_m)
    bounds = np.cumsum([0, *sizes])
    pieces: dict[int, list[np.ndarray]] = {}
    for (k, _), a, b in zip(rings, bounds[:-1], bounds[1:], strict=True):
        keep = ok[a:b]
        if keep.sum() < 3:
            continue
        near = pieces[k][0][:, 0].mean() if k in pieces else lon0
        ring = _ring_chart(lat[a:b][keep], lon[a:b][keep], near)
        if ring is None:
            return None
        pieces.setdefault(k, []).append(ring)
    out = []
    for k, ring_list in pieces.items():
        shell, *holes = ring_list
        if k in pieces and len(shell) >= 3:
            poly = shapely.Polygon(shell, holes)
            if not poly.is_valid:
                poly = shapely.make_valid(poly)
            out.append(poly)
    if not out:
        return None
    # The plane's buffer of a polygon holds the polygon: no union with it is needed.
    merged = out[0] if len(out) == 1 else shapely.union_all(out)
    return clip_to_world(_polygonal(merged))


def _model_lines(model: AreaModel) -> list[np.ndarray]:
    """The open curves of the model (lines), densified, as (n, 2) lon/lat unwrapped."""
    lines = []
    ends = np.flatnonzero(~model.has_next)
    start = 0
    for curve_end in ends:
        lon = model.lons[start : curve_end + 1]
        lat = model.lats[start : curve_end + 1]
        start = curve_end + 1
        if lon.size < 2 or not model.open_end[curve_end]:
            continue
        steps = (np.diff(lon) + 180.0) % 360.0 - 180.0
        u = lon[0] + np.concatenate([[0.0], np.cumsum(steps)])
        lines.append(np.column_stack([u, lat]))
    return lines


# --- the grid -------------------------------------------------------------------------------


def _grid_buffer(model: AreaModel, radius_m: float) -> shapely.Geometry:
    """The buffer from a sampled distance field, contoured at the range (module docstring).

    Up to ``FAR_MODE_M`` the region within range is contoured on a grid over the parallels it
    can reach. Beyond, what is *out* of range is small and lies near the antipodes of the area:
    it is contoured on a fine grid there and taken from the whole world.
    """
    world = shapely.box(-180.0, -90.0, 180.0, 90.0)
    if radius_m <= FAR_MODE_M:
        # Latitude changes by at most distance / M_MIN along any path (M_MIN the least meridian
        # radius of curvature), so the buffer lies within these parallels.
        reach_deg = math.degrees(radius_m / _M_MIN_M) + 0.5
        lat_min = max(-90.0, float(model.lats.min()) - reach_deg)
        lat_max = min(90.0, float(model.lats.max()) + reach_deg)
        glon, glat = _grid(lat_min, lat_max, -180.0, 180.0, max(radius_m / 8.0, 1.0))
        inside = _contour(model, glon, glat, radius_m, within=True)
        if model.inside is not None:
            inside = shapely.union(inside, model.inside)
        return _polygonal(shapely.intersection(inside, world))
    # Out of range of every point of the area means (normals more than R / R_MAX apart, the
    # bound of ranges.reach.forward) within pi - R / R_MAX of the antipodes' normals.
    delta_rad = math.pi - radius_m / _R_MAX_M
    # Two points of the area whose normals are more than 2 delta apart have disjoint regions
    # out of their range: then everything is within range of one of them.
    n = model.normals
    far_end = n[np.argmin(n @ n[0])]
    if float(np.min(n @ far_end)) < math.cos(min(math.pi, 2.0 * delta_rad)):
        return world
    delta = math.degrees(delta_rad) + 0.5
    anti_lats = -model.lats
    lat_min = max(-90.0, float(anti_lats.min()) - delta)
    lat_max = min(90.0, float(anti_lats.max()) + delta)
    step_m = max((_HALF_MERIDIAN_M - radius_m) / 8.0, 50.0)
    lon_min, lon_max = -180.0, 180.0
    if lat_min > -89.0 and lat_max < 89.0:
        centre = float(
            np.degrees(np.arctan2(model.normals[:, 1].mean(), model.normals[:, 0].mean()))
        )
        rel = (model.lons + 180.0 - (centre + 180.0) + 180.0) % 360.0 - 180.0
        widen = delta / math.cos(math.radians(max(abs(lat_min), abs(lat_max))))
        lo, hi = float(rel.min()) - widen, float(rel.max()) + widen
        if hi - lo < 360.0:
            lon_min, lon_max = centre + 180.0 + lo, centre + 180.0 + hi
    glon, glat = _grid(lat_min, lat_max, lon_min, lon_max, step_m, cap=400)
    far = _contour(model, glon, glat, radius_m, within=False)
    if far.is_empty:
        return world
    return _polygonal(shapely.difference(world, clip_to_world(_polygonal(far))))


def _grid(
    lat_min: float,
    lat_max: float,
    lon_min: float,
    lon_max: float,
    step_m: float,
    cap: int = 720,
) -> tuple[np.ndarray, np.ndarray]:
    n_lat = int(min(max(GRID_CELLS, (lat_max - lat_min) * 111_000.0 / step_m), cap))
    n_lon = int(min(max(2 * GRID_CELLS, (lon_max - lon_min) * 111_000.0 / step_m), 2 * cap))
    return np.linspace(lon_min, lon_max, n_lon + 1), np.linspace(lat_min, lat_max, n_lat + 1)


def _contour(
    model: AreaModel, glon: np.ndarray, glat: np.ndarray, radius_m: float, *, within: bool
) -> shapely.Geometry:
    """Polygons of the grid where the distance is within (or beyond) the range, each contour
    vertex solved exactly on its grid line by bisection."""
    import contourpy  # on first use: only a launch area's buffer needs it

    mlon, mlat = np.meshgrid(glon, glat)
    d, _, _, _ = model.nearest(mlat.ravel(), mlon.ravel())
    field = (d - radius_m).reshape(mlat.shape)
    gen = contourpy.contour_generator(glon, glat, field, fill_type="OuterOffset")
    lower, upper = (-np.inf, 0.0) if within else (0.0, np.inf)
    polys_pts, polys_offsets = gen.filled(lower, upper)
    rings: list[tuple[int, np.ndarray]] = []
    for k, (pts, offsets) in enumerate(zip(polys_pts, polys_offsets, strict=True)):
        for a, b in itertools.pairwise(offsets):
            rings.append((k, pts[a : b - 1]))  # closed: drop the repeat
    if not rings:
        return shapely.Polygon()
    allxy = np.vstack([r for _, r in rings])
    solved = _solve_on_grid_lines(model, allxy, radius_m, glon, glat)
    bounds = np.cumsum([0, *(len(r) for _, r in rings)])
    parts: dict[int, list[np.ndarray]] = {}
    for (k, _), a, b in zip(rings, bounds[:-1], bounds[1:], strict=True):
        if b - a >= 3:
            parts.setdefault(k, []).append(solved[a:b])
    out = []
    for ring_list in parts.values():
        poly = shapely.Polygon(ring_list[0], ring_list[1:])
        if not poly.is_valid:
            poly = shapely.make_valid(poly)
        out.append(poly)
    return _polygonal(shapely.union_all(out)) if out else shapely.Polygon()


def _solve_on_grid_lines(
    model: AreaModel, xy: np.ndarray, radius_m: float, glon: np.ndarray, glat: np.ndarray
) -> np.ndarray:
    """Contour vertices moved along their grid line (a parallel or a meridian of the grid) to
    where the distance to the area is exactly the range (bisection); grid nodes (corners of the
    grid's edge: the antimeridian cut, the lines of the poles) stay as they are."""
    lon, lat = xy[:, 0].copy(), xy[:, 1].copy()
    j = np.clip(np.searchsorted(glat, lat), 1, glat.size - 1)
    j_near = np.where(np.abs(glat[j] - lat) < np.abs(glat[j - 1] - lat), j, j - 1)
    on_parallel = np.abs(glat[j_near] - lat) < 1e-9
    i = np.clip(np.searchsorted(glon, lon), 1, glon.size - 1)
    i_near = np.where(np.abs(glon[i] - lon) < np.abs(glon[i - 1] - lon), i, i - 1)
    on_meridian = np.abs(glon[i_near] - lon) < 1e-9
    along_lon = on_parallel & ~on_meridian  # moves in longitude between glon[i - 1], glon[i]
    along_lat = on_meridian & ~on_parallel
    lo = np.where(along_lon, glon[i - 1], glat[j - 1])
    hi = np.where(along_lon, glon[i], glat[j])
    move = along_lon | along_lat

    def f(t: np.ndarray) -> np.ndarray:
        qlon = np.where(along_lon[move], t, lon[move])
        qlat = np.where(along_lon[move], lat[move], t)
        return model.nearest(qlat, qlon)[0] - radius_m

    lo_m, hi_m = lo[move], hi[move]
    f_lo = f(lo_m)
    for _ in range(_BISECT_STEPS):
        mid = 0.5 * (lo_m + hi_m)
        f_mid = f(mid)
        same = np.sign(f_mid) == np.sign(f_lo)
        lo_m = np.where(same, mid, lo_m)
        f_lo = np.where(same, f_mid, f_lo)
        hi_m = np.where(same, hi_m, mid)
    t = 0.5 * (lo_m + hi_m)
    lon[move] = np.where(along_lon[move], t, lon[move])
    lat[move] = np.where(along_lon[move], lat[move], t)
    return np.column_stack([lon, lat])


# --- the naive way, for comparison ----------------------------------------------------------


def naive_buffer(
    model: AreaModel, radius_m: float, spacing_m: float | None = None
) -> shapely.Geometry:
    """The baseline: the union of point rings (``ranges.geometry.geodesy.range_areas``) around the
    area's boundary densified at ``spacing_m`` (default: a tenth of the range, so that the union's
    scallops stay within 0.2 % of it: a chord c between disk centres leaves a gap of c^2 / 8R),
    with the polygons themselves."""
    spacing = spacing_m or 0.1 * radius_m
    pts = []
    ends = np.flatnonzero(~model.has_next)
    start = 0
    for end in ends:
        c = densify_curve(model.lons[start : end + 1], model.lats[start : end + 1], spacing)
        pts.append(c)
        start = end + 1
    allpts = np.vstack(pts)
    areas = range_areas(
        [(float(la), float(lo)) for lo, la in allpts], [(0.0, radius_m / 1e3)] * len(allpts)
    )
    union = union_of([a.geometry for a in areas])
    if model.inside is not None:
        union = shapely.union(union, model.inside)
    return union
