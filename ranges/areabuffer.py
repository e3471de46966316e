"""The geodesic buffer of a launch area on WGS-84: every point within a range of the area.

How (a *candidate* boundary, then every vertex put exactly at the range):

1. **Candidate.** For ranges that stay well inside a hemisphere and do not reach a pole, the
   area is projected to an azimuthal equidistant projection centred on it (``pyproj``) and
   buffered there in the plane (``shapely.buffer``); the boundary is segmentized to at most
   ``MAX_SEGMENT_M``. Otherwise (a pole in reach, or a range so long that the plane means
   nothing) the exact distance is sampled on a longitude/latitude grid and contoured at the range
   (``contourpy``'s filled contours, which cut at the antimeridian and close along the poles'
   lines as RFC 7946 wants).
2. **Exact vertices.** Each candidate vertex *p* is moved to ``Geod.fwd(a, az, R)``, where *a* is
   the nearest point of the area to *p* and *az* the azimuth from *a* toward *p*: on the geodesic
   normal from *a*, at exactly *R* from *a*. Its distance to the area is then measured again
   (:meth:`ranges.areadistance.AreaModel.nearest`); where another part of the area is nearer (a
   concave corner), the step is repeated from that part, up to ``POLISH_STEPS`` times. Vertices
   that still miss the range by more than ``TOLERANCE`` (relative) are dropped. Grid vertices on
   the antimeridian are solved along that meridian by bisection instead.
3. **Chart.** Rings go back to longitude/latitude, unwrapped, cut at the antimeridian
   (``ranges.geodesy.clip_to_world``), oriented as RFC 7946 asks; a minimum range is a hole (the
   buffer of the minimum subtracted). The area is WGS-84's over the polygon
   (``ranges.geodesy.chart_area_km2``).

Accuracy: every boundary vertex is within ``max(TOLERANCE * R, 1 m)`` of distance *R* from the
area by the exact distance of :mod:`ranges.areadistance` (the contract asks 0.2 % or 500 m);
``tests/test_areas_accuracy.py`` checks it against a brute-force reference.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import shapely
from pyproj import Transformer

from ranges.areadistance import AreaModel
from ranges.errors import GeodesyError
from ranges.geodesy import (
    MAX_RADIUS_KM,
    WGS84,
    RangeArea,
    _shape_to_geojson,
    chart_area_km2,
    clip_to_world,
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
    return RangeArea(_shape_to_geojson(shape), chart_area_km2(shape))


def buffer_shape(model: AreaModel, radius_m: float) -> shapely.Geometry:
    """The buffer as a shapely (Multi)Polygon in the chart (RFC 7946 cut)."""
    plane = _plane_buffer(model, radius_m)
    if plane is not None:
        return plane
    return _grid_buffer(model, radius_m)


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
    proj = f"+proj=aeqd +lat_0={lat0:.9f} +lon_0={lon0:.9f} +ellps=WGS84 +units=m +no_defs"
    fwd = Transformer.from_crs("EPSG:4326", proj, always_xy=True)
    inv = Transformer.from_crs(proj, "EPSG:4326", always_xy=True)

    def to_plane(xy: np.ndarray) -> np.ndarray:
        x, y = fwd.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

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
    planar = shapely.buffer(source, radius_m, quad_segs=QUAD_SEGS)
    planar = shapely.segmentize(planar, MAX_SEGMENT_M)
    polys = [p for p in shapely.get_parts(planar) if isinstance(p, shapely.Polygon)]
    rings = [(k, r) for k, p in enumerate(polys) for r in (p.exterior, *p.interiors)]
    coords = [np.asarray(r.coords)[:-1] for _, r in rings]
    sizes = [c.shape[0] for c in coords]
    allxy = np.vstack(coords)
    lon, lat = inv.transform(allxy[:, 0], allxy[:, 1])
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
    merged = shapely.union_all(out)
    if model.inside is not None:
        merged = shapely.union(merged, _unwrapped_near(model.inside, lon0))
    return clip_to_world(_polygonal(merged))


def _unwrapped_near(geom: shapely.Geometry, lon0: float) -> shapely.Geometry:
    """Copies of a chart geometry shifted by -360, 0 and 360 degrees (so that it meets rings
    drawn on unwrapped longitudes around ``lon0``)."""
    shifts = [-360.0, 0.0, 360.0]
    return shapely.union_all(
        [shapely.transform(geom, lambda xy, s=s: xy + np.array([s, 0.0])) for s in shifts]
    )


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
    import contourpy

    step_m = max(radius_m / 8.0, 1.0)
    near_n, near_s = model.nearest(np.array([90.0, -90.0]), np.array([0.0, 0.0]))[0]
    lat_min, lat_max = -90.0, 90.0
    if near_s > radius_m * 1.02 + 2e4 and near_n > radius_m * 1.02 + 2e4:
        pass  # global grid
    elif near_n <= near_s:
        lat_min = max(-90.0, 90.0 - math.degrees((near_n + radius_m) * 1.02 / 6_335_000.0) - 0.5)
    else:
        lat_max = min(90.0, -90.0 + math.degrees((near_s + radius_m) * 1.02 / 6_335_000.0) + 0.5)
    n_lat = int(min(max(GRID_CELLS, (lat_max - lat_min) * 111_000.0 / step_m), 720))
    n_lon = int(min(max(2 * GRID_CELLS, 360.0 * 111_000.0 / step_m), 1440))
    glat = np.linspace(lat_min, lat_max, n_lat + 1)
    glon = np.linspace(-180.0, 180.0, n_lon + 1)
    mlon, mlat = np.meshgrid(glon, glat)
    d, _, _, _ = model.nearest(mlat.ravel(), mlon.ravel())
    field = (d - radius_m).reshape(mlat.shape)
    gen = contourpy.contour_generator(glon, glat, field, fill_type="OuterOffset")
    polys_pts, polys_offsets = gen.filled(-np.inf, 0.0)
    out = []
    for pts, offsets in zip(polys_pts, polys_offsets, strict=True):
        rings = []
        for a, b in itertools.pairwise(offsets):
            ring = pts[a : b - 1]  # closed: drop the repeat
            rings.append(_polish_grid_ring(model, ring, radius_m, lat_min, lat_max))
        rings = [r for r in rings if r is not None and len(r) >= 3]
        if rings:
            poly = shapely.Polygon(rings[0], rings[1:])
            if not poly.is_valid:
                poly = shapely.make_valid(poly)
            out.append(poly)
    if model.inside is not None:
        out.append(model.inside)
    return _polygonal(shapely.union_all(out))


def _polish_grid_ring(
    model: AreaModel, ring: np.ndarray, radius_m: float, lat_min: float, lat_max: float
) -> np.ndarray | None:
    lon, lat = ring[:, 0].copy(), ring[:, 1].copy()
    on_meridian = np.isclose(np.abs(lon), 180.0, atol=1e-9)
    on_edge = np.isclose(lat, lat_min, atol=1e-9) | np.isclose(lat, lat_max, atol=1e-9)
    free = ~on_meridian & ~on_edge
    keep = np.ones(lon.size, dtype=bool)
    if free.any():
        plat, plon, ok = polish(model, lat[free], lon[free], radius_m)
        # The grid cuts at +/-180: a polished vertex must stay on its side of the cut.
        same_side = np.abs(((plon - lon[free]) + 180.0) % 360.0 - 180.0) < 90.0
        plon = np.clip(np.where(np.sign(plon) != np.sign(lon[free]), lon[free], plon), -180, 180)
        lat[free], lon[free] = plat, plon
        keep[free] = ok & same_side
    cut = on_meridian & ~on_edge
    if cut.any():
        lat[cut] = _bisect_meridian(model, lon[cut], lat[cut], ring, radius_m)
    return np.column_stack([lon[keep], lat[keep]])


def _bisect_meridian(
    model: AreaModel, lon: np.ndarray, lat: np.ndarray, ring: np.ndarray, radius_m: float
) -> np.ndarray:
    """Latitudes on the meridian +/-180 where the distance to the area is the radius, searched
    within one grid step of each contour vertex there."""
    step = 2.0
    lo = np.clip(lat - step, -90.0, 90.0)
    hi = np.clip(lat + step, -90.0, 90.0)
    f_lo = model.nearest(lo, lon)[0] - radius_m
    f_hi = model.nearest(hi, lon)[0] - radius_m
    bracket = np.sign(f_lo) != np.sign(f_hi)
    lo_b, hi_b, flo = lo[bracket], hi[bracket], f_lo[bracket]
    for _ in range(_BISECT_STEPS):
        mid = 0.5 * (lo_b + hi_b)
        fm = model.nearest(mid, lon[bracket])[0] - radius_m
        same = np.sign(fm) == np.sign(flo)
        lo_b = np.where(same, mid, lo_b)
        flo = np.where(same, fm, flo)
        hi_b = np.where(same, hi_b, mid)
    out = lat.copy()
    out[bracket] = 0.5 * (lo_b + hi_b)
    return out


# --- the naive way, for comparison ----------------------------------------------------------


def naive_buffer(
    model: AreaModel, radius_m: float, spacing_m: float | None = None
) -> shapely.Geometry:
    """The baseline: the union of point rings (``ranges.geodesy.range_areas``) around the area's
    boundary densified at ``spacing_m`` (default: a tenth of the range, at most 20 km, so that
    the union's scallops stay within 0.2 % of it), with the polygons themselves."""
    from ranges.areadistance import densify_curve
    from ranges.geodesy import range_areas, union_of

    spacing = spacing_m or min(0.1 * radius_m, 20_000.0)
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
