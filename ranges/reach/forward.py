"""Which cities are within reach: of which launch point, by which system, how far and which way.

The forward question (``compute_reach``): for launch points and systems, every gazetteer city
whose *shortest* geodesic distance on WGS-84 from a launch point lies in a system's
``[min_range_km, max_range_km]``, the same disk or annulus that :mod:`ranges.geometry.geodesy`
draws.
The reverse question (``reverse_reach``, ``launch_regions``): from which launch points, and from
which region, can each system reach one target.

Exactness. Every reported distance and bearing is Karney's inverse solution (``pyproj.Geod.inv``,
accurate to about 15 nanometres), and a city is in range exactly when that distance says so.
Nothing spherical enters a result: a sphere is only used to skip cities that cannot possibly be
in range, with a bound that is a theorem rather than an estimate. Along any curve on the
ellipsoid the surface normal turns at most at the largest principal curvature, ``1 / M_min``
with ``M_min = a (1 - e^2)`` (the meridian radius of curvature at the equator, 6,335.4 km). So
the angle between the normals (the unit vectors of the *geodetic* latitude and longitude) at two
points is at most ``distance / M_min``: cities whose normals are further apart than
``max_range / M_min`` are out of range, and all others are measured exactly.

Areas. The union of a system's rings over all launch points and its area are
``ranges.geometry.geodesy.union_of`` and ``ranges.geometry.geodesy.chart_area_km2`` (the accuracy
is written there);
the countries it meets come from ``ranges.places.borders.border_tree``. ``area_km2`` of a single
ring
(``ranges.geometry.geodesy.range_area``) is the exact disk; the union's ``area_km2`` in the summary
is that
of the polygons.

Bounds. The same reasoning bounds the distance from above: the normals turn at least at the
smallest principal curvature, ``1 / R_MAX`` with ``R_MAX = a^2 / b`` (the radius of curvature at
the poles, 6,399.6 km), so the curve whose normals follow the great circle between two points'
normals is at most ``R_MAX * angle`` long and the geodesic is no longer. Every candidate pair
thus has a distance interval 1 % wide from one dot product.

Speed. ``compute_reach`` (the union table and the summary) decides a pair from its interval
when the interval lies inside or outside a range, and solves exactly only the pairs whose
interval straddles a range's edge, then, per city, the reaching pairs that can still be the
nearest: 0.13 M inverse problems instead of 1.9 M for 20 points x 4 systems over ``cities500``.
The per-pair table (``Reach.rows``, ``reach_rows``: what ``python -m ranges reach`` prints)
needs every pair's distance: there distances are solved once per (launch point, city) for the
longest range and each system takes its run of the sorted distances. ``Geod.inv`` releases the
GIL, so the pairs are solved (and sorted) in a small pool of worker threads; ``compute_reach``
builds the rings, unions, areas and countries in another thread meanwhile. ``make bench``
(bench/reach.py) times 20 points x 4 systems over ``cities15000`` and ``cities500``.

Units: degrees for angles (latitudes, longitudes, bearings clockwise from north in [0, 360)),
kilometres for distances and ranges, km^2 for areas, hours for flight times, head counts for
populations.
"""

from __future__ import annotations

import itertools
import math
import os
import threading
import weakref
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ranges.catalogue.systems import System
from ranges.geometry.geodesy import WGS84
from ranges.places.gazetteer import Gazetteer
from ranges.places.points import LaunchPoint

if TYPE_CHECKING:  # pandas, the borders and the rings are imported where they are used: the
    # command line's reach table (``reach_columns``) needs none of them
    import pandas as pd

    from ranges.geometry.areas import LaunchArea
    from ranges.geometry.geodesy import RangeArea
    from ranges.geometry.rings import Ring

try:  # pyarrow comes with streamlit; without it string columns are built the slow way
    import pyarrow as pa
except ImportError:  # pragma: no cover - exercised only where pyarrow is absent
    pa = None

__all__ = [
    "CITY_COLUMNS",
    "OUTPUT_COLUMNS",
    "PART_OF",
    "REACH_COLUMNS",
    "REVERSE_COLUMNS",
    "ROW_COLUMNS",
    "SUMMARY_COLUMNS",
    "CityArrays",
    "CityNormals",
    "LaunchPairs",
    "Reach",
    "ReachQuery",
    "city_arrays",
    "city_normals",
    "compute_reach",
    "distance_order",
    "launch_regions",
    "measure_launch",
    "reach_columns",
    "reach_rows",
    "reverse_reach",
    "rows_frame",
    "screen_threshold",
]

REACH_COLUMNS = [
    "city",
    "country",
    "latitude",
    "longitude",
    "population",
    "launch",
    "system",
    "distance_km",
    "bearing_deg",
]
"""The columns of ``python -m ranges reach`` (docs/INTERFACES.md section 2), in order."""
PART_OF = "part_of"
"""The extension column: the name of the city a place is a section of (``ranges.places.sections``),
``""`` for a place counted on its own. Population sums skip rows where it is set."""
OUTPUT_COLUMNS = [*REACH_COLUMNS, PART_OF]
"""The columns of ``python -m ranges reach`` as written: the contract's, then ``part_of``."""
ROW_COLUMNS = [*REACH_COLUMNS, "launch_index", "city_index", "flight_time_h", PART_OF]
"""The columns of ``Reach.rows``: the contract's, then four more (``part_of`` last)."""
CITY_COLUMNS = [
    "city",
    "country",
    "latitude",
    "longitude",
    "population",
    "nearest_launch",
    "distance_km",
    "bearing_deg",
    "systems",
    "city_index",
    PART_OF,
]
SUMMARY_COLUMNS = [
    "system",
    "name",
    "cities",
    "population",
    "area_km2",
    "countries",
    "country_names",
]
REVERSE_COLUMNS = [
    "system",
    "name",
    "launch",
    "launch_index",
    "distance_km",
    "bearing_deg",
    "margin_km",
    "reachable",
    "min_margin_km",
]

# Largest principal curvature of the ellipsoid is 1 / M_min (see the module docstring).
M_MIN_M = WGS84.a * (1.0 - WGS84.es)
# Largest radius of curvature, at the poles (a^2 / b): the normals turn at least at 1 / R_MAX_M
# along any curve, so the curve whose normals follow the great circle between two points' normals
# is at most R_MAX_M * angle long, and the geodesic is no longer than it (module docstring).
R_MAX_M = WGS84.a / math.sqrt(1.0 - WGS84.es)
# Metres added to both distance bounds: far above the error of the angle from a rounded cosine
# (0.2 m at worst, near angle 0) and of Geod.inv (15 nm), far below any range.
_BOUND_SLACK_M = 1.0
# Slack on the angle bound and on the cosine, far above rounding and far below any real margin.
_ANGLE_SLACK = 1e-9
_COS_SLACK = 1e-12
# Below this many inverse problems one thread is as fast as several.
_PARALLEL_MIN_PAIRS = 20_000
_WORKERS = max(1, min(4, os.cpu_count() or 1))
# Launch points screened at once (memory: 8 bytes x this x cities).
_POINTS_PER_BLOCK = 64


def _pd() -> Any:
    """pandas, imported on first use (``python -m ranges reach`` writes its CSV without it)."""
    import pandas

    return pandas


def _str_dtype() -> Any:
    """pandas' default string dtype (``"str"``)."""
    return _pd().StringDtype(na_value=np.nan)


# --- the result ---------------------------------------------------------------------------------


class Reach:
    """What a set of systems can reach from a set of launch points.

    ``rows``: one row per (city, launch point, system) in range, columns ``ROW_COLUMNS``:
    the ``REACH_COLUMNS`` of docs/INTERFACES.md section 2 (``country`` is the country's name,
    ``launch`` the launch point's label, ``distance_km`` the shortest geodesic distance on WGS-84
    in km, ``bearing_deg`` the initial bearing from the launch point to the city in degrees
    [0, 360), NaN for a city at the launch point itself), then ``launch_index`` (position of
    the launch point in the input), ``city_index`` (gazetteer row), ``flight_time_h``
    (distance / speed in hours, NaN when the system has no ``speed_kmh``) and ``part_of`` (the
    name of the city the place is a section of, ``""`` if none: see :data:`PART_OF`).
    Sorted by system id, launch index, then distance.

    ``cities``: each city reached by any system from any point, once, columns ``CITY_COLUMNS``:
    ``nearest_launch`` is the label of the nearest launch point from which some system reaches
    it, ``distance_km`` and ``bearing_deg`` are from that point, ``systems`` the ids of the systems
    that reach it (from any point), comma-joined in input order, ``part_of`` as in ``rows``.
    Sorted by population, largest first.

    ``summary``: one row per system in input order, columns ``SUMMARY_COLUMNS``: ``cities`` counts
    each place listed once however many points reach it, and ``population`` adds the people of
    the places counted on their own (``Gazetteer.counted``: a section of a city, such as Kyiv's
    Obolon, is listed but its people are already in the city's figure); ``area_km2`` is the area on
    WGS-84 of the union of the system's rings over all launch points (overlaps counted once);
    ``countries`` is the number of countries whose territory (bundled borders) meets that union
    and ``country_names`` their sorted names joined with ``"; "`` (NaN and ``""`` when the borders
    file cannot be read).

    ``rows`` is made on first use (then kept): the union table and the summary need one exact
    distance per city, the per-pair table one per pair, ten to twenty times as many, and most
    views show only the first two. ``Reach(rows=..., cities=..., summary=...)`` still takes a
    ready table.
    """

    __slots__ = ("_cities", "_lock", "_make_rows", "_rows", "_summary")

    def __init__(
        self,
        rows: pd.DataFrame | None = None,
        cities: pd.DataFrame | None = None,
        summary: pd.DataFrame | None = None,
        *,
        make_rows: Callable[[], pd.DataFrame] | None = None,
    ) -> None:
        if cities is None or summary is None or (rows is None) == (make_rows is None):
            raise TypeError("Reach needs cities, summary, and either rows or make_rows")
        self._rows = rows
        self._make_rows = make_rows
        self._lock = threading.Lock()
        self._cities = cities
        self._summary = summary

    @property
    def cities(self) -> pd.DataFrame:
        """The union table (see the class docstring)."""
        return self._cities

    @property
    def summary(self) -> pd.DataFrame:
        """One row per system (see the class docstring)."""
        return self._summary

    @property
    def rows(self) -> pd.DataFrame:
        """The per-pair table (see the class docstring), computed on first use."""
        with self._lock:
            if self._rows is None:
                assert self._make_rows is not None
                self._rows = self._make_rows()
                self._make_rows = None
            return self._rows

    @property
    def population(self) -> int:
        """People in range of any system from any point, each counted once: the union table's
        places counted on their own (``part_of`` empty; sections are in their city's figure)."""
        counted = self.cities[PART_OF] == ""
        return int(self.cities.loc[counted, "population"].sum())

    def __repr__(self) -> str:
        return f"Reach({len(self.cities)} cities, {len(self.summary)} systems)"


# --- caches -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityArrays:
    """Per-gazetteer arrays, computed once: unit normals and string tables."""

    normals: np.ndarray  # (3, n) unit vectors of geodetic latitude/longitude
    names: object  # pyarrow array, or numpy object array without pyarrow
    countries: object
    part_of: object  # the name of the city each place is a section of, or ""


_CITY_CACHE: weakref.WeakKeyDictionary[Gazetteer, CityArrays] = weakref.WeakKeyDictionary()
_NORMALS_CACHE: weakref.WeakKeyDictionary[Gazetteer, np.ndarray] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
_POOL: ThreadPoolExecutor | None = None
_GEOMETRY_POOL: ThreadPoolExecutor | None = None


def _unit_normals(lats_deg: np.ndarray, lons_deg: np.ndarray) -> np.ndarray:
    """(3, n) unit vectors normal to the ellipsoid at geodetic latitudes/longitudes (degrees)."""
    lat = np.radians(np.asarray(lats_deg, dtype=float))
    lon = np.radians(np.asarray(lons_deg, dtype=float))
    cos_lat = np.cos(lat)
    return np.vstack([cos_lat * np.cos(lon), cos_lat * np.sin(lon), np.sin(lat)])


def _dots(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(m, n) dot products of (3, m) and (3, n) vectors, without BLAS.

    A BLAS matrix product would be no faster here, and its worker threads keep spinning after it
    returns, taking a core from the threads of ``Geod.inv`` that follow (30 ms lost on 2 cores).
    """
    out = a[0][:, None] * b[0]
    out += a[1][:, None] * b[1]
    out += a[2][:, None] * b[2]
    return out


def _string_table(values: Sequence[str]) -> object:
    if pa is not None:
        return arrow_strings(values)
    return np.asarray(values, dtype=object)


def arrow_strings(values: Sequence[str]) -> pa.Array:
    """``pa.array(values, pa.large_string())`` for Python strings, built from its buffers.

    ``pa.array`` imports pandas (0.2 s) to ask whether its argument is a Series; building the
    arrays from their buffers keeps ``python -m ranges reach`` free of it. The strings are
    joined and encoded at once, cut at the NUL separators (UTF-8 writes a NUL byte only for
    U+0000, so a string holding one takes the slower way, one string at a time): 235,000 names in
    15 ms instead of 80.
    """
    return _joined_strings(np.frombuffer("\0".join(values).encode("utf-8"), np.uint8), values)


def _joined_strings(data: np.ndarray, values: Sequence[str] | None = None) -> pa.Array:
    """The strings in ``data`` (UTF-8 joined by NUL, uint8) as an arrow array; ``values``, the
    same strings, are encoded one at a time if one of them holds a NUL (``None``: none does)."""
    n = len(values) if values is not None else int(np.count_nonzero(data == 0)) + 1
    cuts = np.flatnonzero(data == 0)
    offsets = np.empty(n + 1, dtype=np.int64)
    offsets[0] = 0
    if n and cuts.size == n - 1:
        offsets[1:-1] = cuts - np.arange(n - 1)
        offsets[-1] = data.size - (n - 1)
        data = data[data != 0] if n > 1 else data
    else:
        assert values is not None
        encoded = [v.encode("utf-8") for v in values]
        lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=n)
        np.cumsum(lengths, out=offsets[1:])
        data = np.frombuffer(b"".join(encoded), dtype=np.uint8)
    return pa.Array.from_buffers(
        pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
    )


def arrow_array(values: np.ndarray) -> pa.Array:
    """``pa.array(values)`` for a numpy array of booleans, integers, floats or ASCII text (``S``
    or ``U``), built from its buffers (see :func:`arrow_strings`); text as ``large_string``."""
    values = np.ascontiguousarray(values)
    n = values.size
    if values.dtype.kind in "SU":
        text = values.astype("S") if values.dtype.kind == "U" else values
        width = text.dtype.itemsize
        lengths = np.char.str_len(text).astype(np.int64)
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        if width:
            grid = text.view(np.uint8).reshape(n, width)
            data = grid[np.arange(width) < lengths[:, None]]
        else:
            data = np.empty(0, dtype=np.uint8)
        return pa.Array.from_buffers(
            pa.large_string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data)]
        )
    if values.dtype == np.bool_:
        bits = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), n, [None, pa.py_buffer(bits)])
    return pa.Array.from_buffers(pa.from_numpy_dtype(values.dtype), n, [None, pa.py_buffer(values)])


def city_arrays(gazetteer: Gazetteer) -> CityArrays:
    """The :class:`CityArrays` of ``gazetteer`` (made once per gazetteer, then cached)."""
    with _CACHE_LOCK:
        cached = _CITY_CACHE.get(gazetteer)
    if cached is not None:
        return cached
    packed, column = gazetteer.packed_names, gazetteer.country_column
    if pa is not None and packed is not None and column is not None:
        # From the binary cache's own forms: no Python string per row (40 ms for cities500).
        from ranges.reach import arrowfn  # (not Array.take: it imports pyarrow.compute, 0.1 s)

        names = _joined_strings(packed.blob)
        countries = arrowfn.take(arrow_strings(column.names), arrow_array(column.index))
        parents = np.where(gazetteer.section_of >= 0, gazetteer.section_of, len(gazetteer))
        part_of = arrowfn.take(pa.concat_arrays([names, arrow_strings([""])]), arrow_array(parents))
    else:
        names = _string_table(gazetteer.names)
        countries = _string_table(gazetteer.countries)
        part_of = _string_table(_parent_names(gazetteer))
    arrays = CityArrays(
        normals=_city_normals(gazetteer), names=names, countries=countries, part_of=part_of
    )
    with _CACHE_LOCK:
        _CITY_CACHE[gazetteer] = arrays
    return arrays


def _city_normals(gazetteer: Gazetteer) -> np.ndarray:
    """The cities' unit normals (cached apart from the string tables: a screen needs only
    these)."""
    with _CACHE_LOCK:
        cached = _NORMALS_CACHE.get(gazetteer)
    if cached is None:
        cached = _unit_normals(gazetteer.lats, gazetteer.lons)
        with _CACHE_LOCK:
            _NORMALS_CACHE[gazetteer] = cached
    return cached


def _parent_names(gazetteer: Gazetteer) -> list[str]:
    names = gazetteer.names
    return [names[k] if k >= 0 else "" for k in gazetteer.section_of.tolist()]


def _geometry_pool() -> ThreadPoolExecutor:
    global _GEOMETRY_POOL
    with _CACHE_LOCK:
        if _GEOMETRY_POOL is None:
            _GEOMETRY_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reach-geometry")
        return _GEOMETRY_POOL


def _pool() -> ThreadPoolExecutor:
    global _POOL
    with _CACHE_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="reach")
        return _POOL


def _taken(table: object, index: np.ndarray) -> object:
    """Entries ``index`` of a string table (a pyarrow array, or numpy's without pyarrow)."""
    if pa is not None:
        return table.take(arrow_array(index))
    return table[index]


def _strings(table: object, index: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """Entries ``index`` of a string table, as pandas' default ``str`` array (no Python loop)."""
    return _pd().array(_taken(table, index), dtype=_str_dtype())


def _labels(values: Sequence[str], index: np.ndarray) -> pd.api.extensions.ExtensionArray:
    return _strings(_string_table(values), index)


# --- exact distances ----------------------------------------------------------------------------


def _bearing(az_deg: np.ndarray, distance_m: np.ndarray) -> np.ndarray:
    """Azimuths in (-180, 180] degrees as bearings in [0, 360) (no -0.0, no 360.0).

    At distance 0 there is no direction (pyproj says 180): the bearing is NaN there.
    """
    bearing = np.where(az_deg < 0.0, az_deg + 360.0, az_deg + 0.0)
    bearing[bearing >= 360.0] = 0.0
    bearing[distance_m == 0.0] = np.nan
    return bearing


@dataclass(frozen=True)
class _Pairs:
    """Every (launch point, city) pair that may be in range, measured exactly.

    Pairs are grouped by launch point (``bounds[i]:bounds[i + 1]`` for point ``i``) and sorted by
    distance within a group (ties by city row). ``city`` holds gazetteer rows, ``distance_m``
    metres, ``bearing_deg`` degrees in [0, 360) (NaN at distance 0).
    """

    city: np.ndarray
    distance_m: np.ndarray
    bearing_deg: np.ndarray
    bounds: np.ndarray


@dataclass(frozen=True)
class _Candidates:
    """(launch point, city) pairs that may be in range: ``point`` input indexes (ascending),
    ``city`` gazetteer rows, ``cos_angle`` the cosine of the angle between their normals."""

    point: np.ndarray
    city: np.ndarray
    cos_angle: np.ndarray
    p_lats: np.ndarray
    p_lons: np.ndarray


def _screen(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int,
) -> _Candidates:
    """The pairs whose normals are close enough for the longest range (the module's bound)."""
    arrays = city_arrays(gazetteer)
    n_points = len(points)
    p_lats = np.array([p.lat for p in points], dtype=float)
    p_lons = np.array([p.lon for p in points], dtype=float)
    if n_points == 0 or not systems or len(gazetteer) == 0:
        empty = np.empty(0, dtype=np.int64)
        return _Candidates(empty, empty, np.empty(0), p_lats, p_lons)
    rows = None
    normals = arrays.normals
    if min_population > 0:
        rows = np.flatnonzero(gazetteer.populations >= min_population)
        normals = normals[:, rows]
    threshold = screen_threshold(max(s.max_range_km for s in systems))
    p_normals = _unit_normals(p_lats, p_lons)
    found = []
    for start in range(0, n_points, _POINTS_PER_BLOCK):
        # Flat indexes, cut into (point, city) by a division: ``np.nonzero`` of the 2-D mask
        # and the gather ``dots[p, c]`` walk a multi-index per element, 10-20x slower.
        dots = _dots(p_normals[:, start : start + _POINTS_PER_BLOCK], normals).ravel()
        flat = np.flatnonzero(dots >= threshold)
        p_block, c_block = np.divmod(flat, normals.shape[1])
        found.append((p_block + start, c_block, dots[flat]))
    point = np.concatenate([f[0] for f in found])
    city = np.concatenate([f[1] for f in found])
    if rows is not None:
        city = rows[city]
    return _Candidates(point, city, np.concatenate([f[2] for f in found]), p_lats, p_lons)


def _pairs(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int,
) -> _Pairs:
    found = _screen(points, systems, gazetteer, min_population)
    bounds = np.searchsorted(found.point, np.arange(len(points) + 1))
    lons1, lats1 = found.p_lons[found.point], found.p_lats[found.point]
    return _measure(lons1, lats1, found.city, gazetteer, bounds)


def screen_threshold(max_range_km: float) -> float:
    """The least cosine of the angle between the normals of a launch point and a city that may
    be within ``max_range_km`` of each other (the module's bound, with its slack): pairs with a
    smaller cosine are out of range for sure."""
    angle = 1e3 * max_range_km / M_MIN_M * (1.0 + _ANGLE_SLACK)
    return math.cos(angle) - _COS_SLACK if angle < math.pi else -math.inf


@dataclass(frozen=True)
class CityNormals:
    """The cities a reach considers, to screen launch points against: ``rows`` (gazetteer
    rows, ascending: every city, or those of at least ``min_population`` people) and their unit
    normals (3, rows)."""

    rows: np.ndarray
    normals: np.ndarray

    def cosines(self, point: LaunchPoint) -> np.ndarray:
        """Per city, the cosine of the angle between its normal and ``point``'s, to screen with
        :func:`screen_threshold`: ``_dots`` for one point, in place (one launch point at a
        time, a few MB, instead of a (points, cities) matrix)."""
        p = _unit_normals(np.array([point.lat]), np.array([point.lon]))[:, 0]
        out = p[0] * self.normals[0]
        term = np.multiply(p[1], self.normals[1])
        out += term
        out += np.multiply(p[2], self.normals[2], out=term)
        return out


def city_normals(gazetteer: Gazetteer, *, min_population: int = 0) -> CityNormals:
    """The :class:`CityNormals` of ``gazetteer``'s cities of at least ``min_population``."""
    _check_min_population(min_population)
    normals = _city_normals(gazetteer)
    rows = np.arange(len(gazetteer))
    if min_population > 0:
        rows = np.flatnonzero(gazetteer.populations >= min_population)
        normals = normals[:, rows]
    return CityNormals(rows, normals)


@dataclass(frozen=True)
class LaunchPairs:
    """One launch point's cities that may be within some radius (all those whose normals pass
    ``threshold``: :func:`screen_threshold`), measured exactly: gazetteer rows (``city``),
    Karney's distances in metres and bearings in degrees [0, 360) (NaN at distance 0), sorted by
    distance, ties by city row: the same values in the same order as that point's group of the
    per-pair table's pairs."""

    city: np.ndarray
    distance_m: np.ndarray
    bearing_deg: np.ndarray
    threshold: float

    def run(self, system: System) -> tuple[int, int]:
        """Positions ``[first, last)`` of the pairs in ``system``'s range: a contiguous run of the
        sorted distances (``1000 * min_range_km <= distance_m <= 1000 * max_range_km``). The
        pairs must reach out to the system's range (:func:`measure_launch`)."""
        first = int(np.searchsorted(self.distance_m, 1e3 * system.min_range_km, side="left"))
        last = int(np.searchsorted(self.distance_m, 1e3 * system.max_range_km, side="right"))
        return first, last


def measure_launch(
    point: LaunchPoint,
    rows: np.ndarray,
    cos: np.ndarray,
    gazetteer: Gazetteer,
    max_range_km: float,
    done: LaunchPairs | None = None,
) -> LaunchPairs:
    """The pairs of ``point`` with the cities that may be within ``max_range_km`` (``rows`` and
    this point's ``cos`` from :class:`CityNormals`), solved with ``Geod.inv`` and sorted by
    distance, in the calling thread (a caller runs launch points side by side: pyproj and numpy
    release the GIL). ``done``: this point's pairs out to a smaller radius; only the cities
    beyond it are solved, so growing the radius system after system solves each pair once."""
    threshold = screen_threshold(max_range_km)
    if done is not None and done.threshold <= threshold:
        return done
    inside = cos >= threshold
    if done is not None:
        inside &= cos < done.threshold
    city = rows[np.flatnonzero(inside)]
    n = city.size
    az, _, dist = WGS84.inv(
        np.full(n, point.lon, dtype=float),
        np.full(n, point.lat, dtype=float),
        gazetteer.lons[city],
        gazetteer.lats[city],
    )
    dist = np.asarray(dist, dtype=float)
    bearing = _bearing(np.asarray(az, dtype=float), dist)
    if done is not None:
        city = np.concatenate([done.city, city])
        dist = np.concatenate([done.distance_m, dist])
        bearing = np.concatenate([done.bearing_deg, bearing])
    order = distance_order(dist, city)
    return LaunchPairs(city[order], dist[order], bearing[order], threshold)


def distance_order(distance: np.ndarray, city: np.ndarray) -> np.ndarray:
    """The order of pairs by distance, ties by city row: ``np.lexsort((city, distance))``, 5x
    faster. numpy's default sort of float64 (SIMD quicksort: 1.4 ms for 95,000 distances, 8 ms
    for the stable merge sort) orders the distances; then only the runs of equal distances
    (places at the same coordinates) are put in row order."""
    order = np.argsort(distance)
    ranked = distance[order]
    tied = np.flatnonzero(ranked[1:] == ranked[:-1])
    if tied.size:  # (not np.union1d: it imports numpy.ma, 0.05-0.1 s of a command's start)
        runs = np.zeros(order.size, dtype=bool)
        runs[tied] = runs[tied + 1] = True
        at = np.flatnonzero(runs)  # whole runs of equal distances, ascending positions
        part = order[at]
        order[at] = part[np.lexsort((city[part], distance[part]))]
    return order


def _run(task: Callable[[int, int], None], edges: np.ndarray) -> None:
    """``task(edges[k], edges[k + 1])`` for every k, in the worker threads if more than one."""
    spans = list(itertools.pairwise(edges.tolist()))
    if len(spans) == 1:
        task(*spans[0])
        return
    for future in [_pool().submit(task, a, b) for a, b in spans]:
        future.result()


def _inverse(
    lons1: np.ndarray, lats1: np.ndarray, city: np.ndarray, gazetteer: Gazetteer
) -> tuple[np.ndarray, np.ndarray]:
    """Karney's inverse solution from each (lon1, lat1) to each city row: (azimuths in degrees,
    distances in metres), solved in the worker threads when there are many."""
    n = city.size
    parts = _WORKERS if n >= _PARALLEL_MIN_PAIRS else 1
    az = np.empty(n)
    dist = np.empty(n)
    lons2, lats2 = gazetteer.lons, gazetteer.lats

    def solve(a: int, b: int) -> None:
        c = city[a:b]
        az_ab, _, dist_ab = WGS84.inv(lons1[a:b], lats1[a:b], lons2[c], lats2[c])
        az[a:b] = az_ab
        dist[a:b] = dist_ab

    if n:
        _run(solve, np.linspace(0, n, parts + 1).round().astype(np.int64))
    return az, dist


def _measure(
    lons1: np.ndarray, lats1: np.ndarray, city: np.ndarray, gazetteer: Gazetteer, bounds: np.ndarray
) -> _Pairs:
    """Solve the inverse problem for every pair (``Geod.inv``) and sort each group by distance.

    pyproj releases the GIL while it solves, and numpy while it sorts and gathers, so both steps
    run in worker threads: the pairs cut in equal slices to solve, then the launch points' groups
    shared out by size to sort.
    """
    n = city.size
    parts = _WORKERS if n >= _PARALLEL_MIN_PAIRS else 1
    az, dist = _inverse(lons1, lats1, city, gazetteer)

    out_city = np.empty(n, dtype=np.int64)
    out_dist = np.empty(n)
    out_bearing = np.empty(n)

    def sort_groups(first: int, last: int) -> None:
        for lo, hi in itertools.pairwise(bounds[first : last + 1].tolist()):
            order = lo + distance_order(dist[lo:hi], city[lo:hi])
            out_city[lo:hi] = city[order]
            out_dist[lo:hi] = dist[order]
            out_bearing[lo:hi] = _bearing(az[order], dist[order])

    # Group edges nearest to equal shares of the pairs.
    n_groups = bounds.size - 1
    shares = np.linspace(0, n, min(parts, n_groups) + 1)[1:-1]
    inner = np.abs(bounds[None, :] - shares[:, None]).argmin(axis=1)
    # (not np.unique: it imports numpy.ma, 0.05-0.1 s of the command line's start)
    _run(sort_groups, np.array(sorted({0, *inner.tolist(), n_groups}), dtype=np.int64))
    return _Pairs(out_city, out_dist, out_bearing, bounds)


@dataclass(frozen=True)
class _Selection:
    """Which pairs are rows: positions into ``_Pairs`` in output order, with the launch point and
    the system (input indexes) of each row, and each system's own positions (input order)."""

    positions: np.ndarray
    launch: np.ndarray
    system: np.ndarray
    per_system: list[np.ndarray]


def _select(pairs: _Pairs, systems: Sequence[System]) -> _Selection:
    """The pairs each system reaches: a contiguous run of each point's distance-sorted group.

    A pair is in when ``1000 * min_range_km <= distance_m <= 1000 * max_range_km``; rows come
    by system id (ties: input order), then launch point, then distance.
    """
    bounds = pairs.bounds.tolist()
    by_id = sorted(range(len(systems)), key=lambda j: systems[j].id)
    per_system = [np.empty(0, dtype=np.int64) for _ in systems]
    launch: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    system: list[np.ndarray] = [np.empty(0, dtype=np.int64)]
    for j in by_id:
        lower, upper = 1e3 * systems[j].min_range_km, 1e3 * systems[j].max_range_km
        runs = []
        for i, (lo, hi) in enumerate(itertools.pairwise(bounds)):
            group = pairs.distance_m[lo:hi]
            first = lo + int(np.searchsorted(group, lower, side="left"))
            last = lo + int(np.searchsorted(group, upper, side="right"))
            runs.append(np.arange(first, last, dtype=np.int64))
            launch.append(np.full(last - first, i, dtype=np.int64))
            system.append(np.full(last - first, j, dtype=np.int64))
        if runs:
            per_system[j] = np.concatenate(runs)
    ordered = [per_system[j] for j in by_id]
    return _Selection(
        positions=np.concatenate(ordered) if ordered else np.empty(0, dtype=np.int64),
        launch=np.concatenate(launch),
        system=np.concatenate(system),
        per_system=per_system,
    )


def _upper_m(angle: np.ndarray) -> np.ndarray:
    """Upper bound of the geodesic distance (m) between points whose normals are ``angle``
    radians apart."""
    return R_MAX_M * angle * (1.0 + _ANGLE_SLACK) + _BOUND_SLACK_M


def _angle_at_least(distance_m: float) -> float:
    """The angle above which the lower distance bound is at least ``distance_m``."""
    return (distance_m + _BOUND_SLACK_M) / (M_MIN_M * (1.0 - _ANGLE_SLACK))


def _angle_at_least_many(distance_m: np.ndarray) -> np.ndarray:
    """:func:`_angle_at_least` for many distances: within it, the lower bound is below them."""
    return (distance_m + _BOUND_SLACK_M) / (M_MIN_M * (1.0 - _ANGLE_SLACK))


def _angle_at_most(distance_m: float) -> float:
    """The angle below which the upper distance bound is at most ``distance_m``."""
    return (distance_m - _BOUND_SLACK_M) / (R_MAX_M * (1.0 + _ANGLE_SLACK))


def _cos_of(angle: float) -> float:
    """cos of an angle clipped to [0, pi] (cos is decreasing there: angle tests become cosine
    tests with the comparison turned round). The rounding of the normals' dot products is
    covered by ``_BOUND_SLACK_M``."""
    return math.cos(min(max(angle, 0.0), math.pi))


@dataclass(frozen=True)
class _Nearest:
    """Membership of each candidate pair in each system's range, decided exactly, and each
    reached city's nearest reaching launch point: ``reached`` (systems, cities) bool; ``rows``
    the reached cities' rows, ``point`` the nearest point's index, ``distance_m`` and
    ``bearing_deg`` from it (exact)."""

    reached: np.ndarray
    rows: np.ndarray
    point: np.ndarray
    distance_m: np.ndarray
    bearing_deg: np.ndarray


def _nearest_by_bounds(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    min_population: int,
) -> _Nearest:
    """What the union table and the summary need, with far fewer inverse problems than rows.

    From the angle between normals each pair has a distance interval ``[M_MIN_M * angle,
    R_MAX_M * angle]`` (both theorems, see the module docstring and ``R_MAX_M``). A pair whose
    interval lies inside a system's ``[min, max]`` is in range for it, one whose interval misses
    it is out; only the pairs whose interval straddles a range's edge are solved (``Geod.inv``)
    to decide. Then per city, only the reaching pairs whose lower bound is no more than the
    city's smallest upper bound can be nearest: those are solved and the least distance wins
    (ties: the first launch point). Every decision and every reported distance is exact.
    """
    found = _screen(points, systems, gazetteer, min_population)
    n, n_cities = found.city.size, len(gazetteer)
    cos = found.cos_angle
    # Each test on the bounds is a test on the angle, done on its cosine (no arccos per pair):
    # lower >= x  <=>  angle >= _angle_at_least(x); upper <= x  <=>  angle <= _angle_at_most(x).
    sure, unsure = [], np.zeros(n, dtype=bool)
    for s in systems:
        lo, hi = 1e3 * s.min_range_km, 1e3 * s.max_range_km
        certain = cos >= _cos_of(_angle_at_most(hi))
        if lo > 0.0:
            certain &= cos <= _cos_of(_angle_at_least(lo))
            unsure |= (
                ~certain
                & (cos <= _cos_of(_angle_at_most(lo)))
                & (cos >= _cos_of(_angle_at_least(hi)))
            )
        else:
            unsure |= ~certain & (cos >= _cos_of(_angle_at_least(hi)))
        sure.append(certain)
    distance = np.full(n, np.nan)
    azimuth = np.full(n, np.nan)

    def solve(which: np.ndarray) -> None:
        p = found.point[which]
        azimuth[which], distance[which] = _inverse(
            found.p_lons[p], found.p_lats[p], found.city[which], gazetteer
        )

    solve(np.flatnonzero(unsure))
    inside = np.zeros(n, dtype=bool)
    reached = np.zeros((len(systems), n_cities), dtype=bool)
    for j, s in enumerate(systems):
        lo, hi = 1e3 * s.min_range_km, 1e3 * s.max_range_km
        own = sure[j] | (unsure & (distance >= lo) & (distance <= hi))
        reached[j, found.city[own]] = True
        inside |= own

    # The nearest reaching point of a city is among the reaching pairs whose lower bound is no
    # more than the least upper bound of the city's reaching pairs (the largest cosine's).
    reaching = np.flatnonzero(inside)
    city = found.city[reaching]
    best_cos = np.full(n_cities, -np.inf)
    np.maximum.at(best_cos, city, cos[reaching])
    has = np.isfinite(best_cos)
    least_upper = np.full(n_cities, np.inf)
    least_upper[has] = _upper_m(np.arccos(np.clip(best_cos[has], -1.0, 1.0)))
    reach_angle = np.full(n_cities, np.pi)
    reach_angle[has] = _angle_at_least_many(least_upper[has])
    candidates = reaching[cos[reaching] >= np.cos(np.minimum(reach_angle, np.pi))[city]]
    solve(candidates[~unsure[candidates]])
    order = np.lexsort((found.point[candidates], distance[candidates], found.city[candidates]))
    candidates = candidates[order]
    cities = found.city[candidates]
    first = np.r_[True, cities[1:] != cities[:-1]] if cities.size else np.empty(0, dtype=bool)
    chosen = candidates[first]
    return _Nearest(
        reached=reached,
        rows=found.city[chosen],
        point=found.point[chosen],
        distance_m=distance[chosen],
        bearing_deg=_bearing(azimuth[chosen], distance[chosen]),
    )


# --- tables -------------------------------------------------------------------------------------


def _row_columns(
    pairs: _Pairs,
    selection: _Selection,
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
) -> dict[str, Any]:
    arrays = city_arrays(gazetteer)
    pos = selection.positions
    city = pairs.city[pos]
    distance_km = pairs.distance_m[pos] / 1e3
    speed = np.array([np.nan if s.speed_kmh is None else s.speed_kmh for s in systems])
    columns = {
        "city": _coded(arrays.names, city),
        "country": _coded(arrays.countries, city),
        "latitude": gazetteer.lats[city],
        "longitude": gazetteer.lons[city],
        "population": gazetteer.populations[city],
        "launch": _coded(_string_table([p.label for p in points]), selection.launch),
        "system": _coded(_string_table([s.id for s in systems]), selection.system),
        "distance_km": distance_km,
        "bearing_deg": pairs.bearing_deg[pos],
        "launch_index": selection.launch,
        "city_index": city,
        "flight_time_h": distance_km / speed[selection.system] if len(systems) else distance_km,
        PART_OF: _coded(arrays.part_of, city),
    }
    return {name: columns[name] for name in ROW_COLUMNS}


def _coded(table: object, index: np.ndarray) -> object:
    """Entries ``index`` of a string table, as a pyarrow dictionary array over the table (no
    string is copied: 2 M rows of names take 0.4 s to gather), or a numpy array without
    pyarrow."""
    if pa is not None:
        return pa.DictionaryArray.from_arrays(arrow_array(index), table)
    return table[index]


def _plain(values: object) -> object:
    """A dictionary array's values, gathered (see :func:`_coded`); other arrays as they are."""
    if pa is not None and isinstance(values, pa.DictionaryArray):
        return values.dictionary.take(values.indices)
    return values


_TEXT_COLUMNS = ("city", "country", "launch", "system", PART_OF)


def rows_frame(columns: dict[str, Any]) -> pd.DataFrame:
    """``Reach.rows`` from :func:`reach_columns`: text as pandas' default ``str`` dtype."""
    pd = _pd()
    frame = {
        name: pd.array(_plain(values), dtype=_str_dtype()) if name in _TEXT_COLUMNS else values
        for name, values in columns.items()
    }
    return pd.DataFrame(frame, columns=ROW_COLUMNS, copy=False)


def _union_frame(
    nearest: _Nearest,
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
) -> pd.DataFrame:
    """The union table (``CITY_COLUMNS``) from :func:`_nearest_by_bounds`."""
    order = np.lexsort((nearest.rows, -gazetteer.populations[nearest.rows]))
    rows = nearest.rows[order]
    if systems and rows.size:
        combos, which = _combinations(nearest.reached[:, rows])
        ids = [s.id for s in systems]
        texts = [",".join(i for i, on in zip(ids, combo, strict=True) if on) for combo in combos]
        systems_col = _labels(texts, which.reshape(-1))
    else:
        systems_col = _pd().array([], dtype=_str_dtype())
    arrays = city_arrays(gazetteer)
    return _pd().DataFrame(
        {
            "city": _strings(arrays.names, rows),
            "country": _strings(arrays.countries, rows),
            "latitude": gazetteer.lats[rows],
            "longitude": gazetteer.lons[rows],
            "population": gazetteer.populations[rows],
            "nearest_launch": _labels([p.label for p in points], nearest.point[order]),
            "distance_km": nearest.distance_m[order] / 1e3,
            "bearing_deg": nearest.bearing_deg[order],
            "systems": systems_col,
            "city_index": rows,
            PART_OF: _strings(arrays.part_of, rows),
        },
        columns=CITY_COLUMNS,
        copy=False,
    )


def _combinations(reached: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct columns of a (systems, cities) bool matrix and, per city, which one it has."""
    n_systems = reached.shape[0]
    if n_systems > 62:
        combos, which = np.unique(reached.T, axis=0, return_inverse=True)
        return combos, which.reshape(-1)
    weights = np.left_shift(np.int64(1), np.arange(n_systems, dtype=np.int64))
    keys, which = np.unique((weights[:, None] * reached).sum(axis=0), return_inverse=True)
    return (keys[:, None] & weights[None, :]) != 0, which.reshape(-1)


@dataclass(frozen=True)
class _Territory:
    """Per system (input order): the area of the union of its rings, km^2, and the countries
    that union meets (``None`` when the borders cannot be read)."""

    area_km2: list[float]
    countries: list[list[str]] | None


def _territory(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    rings: Sequence[Ring] | None,
    borders: dict | None,
    areas: Sequence[LaunchArea] = (),
) -> _Territory:
    from ranges.geometry.geodesy import chart_area_km2, union_of
    from ranges.geometry.rings import build_rings
    from ranges.places.borders import BordersError, border_tree, load_borders

    if rings is None:
        rings = build_rings(points, systems, areas) if (points or areas) and systems else []
    # Launch areas' rings follow the points' (``build_rings`` order): one more "point" each.
    n_points, n_systems = len(points) + len(areas), len(systems)
    unions = [
        union_of([rings[i * n_systems + j].area.geometry for i in range(n_points)])
        for j in range(n_systems)
    ]
    areas = [chart_area_km2(u) for u in unions]
    try:
        tree = border_tree(load_borders() if borders is None else borders)
    except BordersError:
        return _Territory(areas, None)
    countries = [sorted({tree.names[k] for k in tree.intersecting(u)}) for u in unions]
    return _Territory(areas, countries)


def _summary_frame(
    systems: Sequence[System], reached: np.ndarray, gazetteer: Gazetteer, territory: _Territory
) -> pd.DataFrame:
    if territory.countries is None:
        counts = np.full(len(systems), np.nan)
        names = [""] * len(systems)
    else:
        counts = np.array([len(c) for c in territory.countries], dtype=np.int64)
        names = ["; ".join(c) for c in territory.countries]
    counted_populations = np.where(gazetteer.counted, gazetteer.populations, 0)
    pd, str_dtype = _pd(), _str_dtype()
    return pd.DataFrame(
        {
            "system": pd.array([s.id for s in systems], dtype=str_dtype),
            "name": pd.array([s.name for s in systems], dtype=str_dtype),
            "cities": reached.sum(axis=1).astype(np.int64),
            # Counted once: a section's people are already in its city's figure.
            "population": (reached * counted_populations).sum(axis=1, dtype=np.int64),
            "area_km2": np.array(territory.area_km2, dtype=float),
            "countries": counts,
            "country_names": pd.array(names, dtype=str_dtype),
        },
        columns=SUMMARY_COLUMNS,
    )


# --- the forward question -----------------------------------------------------------------------


def _check_min_population(min_population: int) -> None:
    if isinstance(min_population, bool) or not isinstance(min_population, int | np.integer):
        raise TypeError(f"min_population must be an integer, not {type(min_population).__name__}")
    if min_population < 0:
        raise ValueError(f"min_population must be >= 0 (got {min_population})")


def reach_rows(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    areas: Sequence[LaunchArea] = (),
) -> pd.DataFrame:
    """Only ``Reach.rows`` (what ``python -m ranges reach`` prints): no rings, areas or borders.

    Same arguments and result as ``compute_reach(...).rows``.
    """
    return rows_frame(
        reach_columns(points, systems, gazetteer, min_population=min_population, areas=areas)
    )


def reach_columns(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    areas: Sequence[LaunchArea] = (),
) -> dict[str, Any]:
    """:func:`reach_rows` without pandas: its columns (``ROW_COLUMNS``, in order) as arrays,
    text as pyarrow dictionary arrays of ``large_string`` (numpy object arrays without
    pyarrow), numbers as numpy arrays. ``rows_frame`` of it is ``reach_rows``; the CSV writer
    takes either. ``areas`` are launch areas (``ranges.geometry.areas``): their rows follow the
    points'
    (``launch_index`` counts on after the points), with the distance to the nearest point of
    the area (docs/INTERFACES.md section 4)."""
    _check_min_population(min_population)
    pairs = _pairs(points, systems, gazetteer, int(min_population))
    launches: Sequence[LaunchPoint | LaunchArea] = points
    if areas:
        from ranges.reach.areas import joined_pairs

        pairs = joined_pairs(pairs, areas, systems, gazetteer, int(min_population))
        launches = [*points, *areas]
    return _row_columns(pairs, _select(pairs, systems), launches, systems, gazetteer)


@dataclass(frozen=True)
class ReachQuery:
    """The arguments of :func:`reach_columns`, for a writer that makes the per-pair table its
    own way: the command line's CSV streams it, one launch point at a time
    (``ranges.export.reachstream``); other writers take :meth:`columns`."""

    points: Sequence[LaunchPoint]
    systems: Sequence[System]
    gazetteer: Gazetteer
    min_population: int = 0
    areas: Sequence[LaunchArea] = ()

    def columns(self) -> dict[str, Any]:
        """:func:`reach_columns` of these arguments."""
        return reach_columns(
            self.points,
            self.systems,
            self.gazetteer,
            min_population=self.min_population,
            areas=self.areas,
        )


def compute_reach(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    rings: Sequence[Ring] | None = None,
    borders: dict | None = None,
    areas: Sequence[LaunchArea] = (),
) -> Reach:
    """Cities within range of each system from each launch point, their union and a summary.

    ``points`` are launch points, ``systems`` catalogue systems (ranges in km; overrides already
    applied), ``gazetteer`` the cities (``default_gazetteer()`` for the bundled one).
    ``min_population`` keeps cities of at least that many people (0: all). ``rings`` are
    ``build_rings(points, systems)`` if already built (same order: points first, then systems);
    ``borders`` a GeoJSON FeatureCollection of countries with ``properties.name``
    (``load_borders()`` if None; if that file is missing or corrupt the country columns of the
    summary are NaN and empty). See :class:`Reach` for the three tables. ``areas`` are launch
    areas (``ranges.geometry.areas``), counted after the points (``rings`` then holds their rings
    after
    the points', as ``build_rings(points, systems, areas)`` makes them).
    """
    _check_min_population(min_population)
    n_launches = len(points) + len(areas)
    if rings is not None and len(rings) != n_launches * len(systems):
        raise ValueError(
            f"rings has {len(rings)} entries for {n_launches} launches x {len(systems)} systems"
        )
    # The geometry (rings, unions, areas, countries) does not depend on the cities: it runs in
    # its own thread while the distances are solved (GEOS and pyproj release the GIL).
    territory = _geometry_pool().submit(_territory, points, systems, rings, borders, areas)
    try:
        nearest = _nearest_by_bounds(points, systems, gazetteer, int(min_population))
        launches: Sequence[LaunchPoint | LaunchArea] = points
        if areas:
            from ranges.reach.areas import with_area_nearest

            nearest = with_area_nearest(
                nearest, len(points), areas, systems, gazetteer, int(min_population)
            )
            launches = [*points, *areas]
        cities = _union_frame(nearest, launches, systems, gazetteer)
    finally:
        wait([territory])  # never leave it running behind an error
    summary = _summary_frame(systems, nearest.reached, gazetteer, territory.result())
    points, systems = list(points), list(systems)  # the rows come later: keep what they need
    areas = list(areas)

    def make_rows() -> pd.DataFrame:
        return reach_rows(
            points, systems, gazetteer, min_population=int(min_population), areas=areas
        )

    return Reach(cities=cities, summary=summary, make_rows=make_rows)


# --- the reverse question -----------------------------------------------------------------------


def reverse_reach(
    target: LaunchPoint,
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    areas: Sequence[LaunchArea] = (),
) -> pd.DataFrame:
    """For one target, how each system fares from each launch point: one row per pair.

    Columns ``REVERSE_COLUMNS``, rows by system (input order) then launch point (input order):
    ``distance_km`` is the shortest geodesic distance on WGS-84 from the launch point to the
    target (km), ``bearing_deg`` the initial bearing from the launch point toward the target
    (degrees in [0, 360), NaN when they coincide), ``margin_km`` = ``max_range_km -
    distance_km`` (positive: the spare range; negative: the shortfall), ``min_margin_km`` =
    ``distance_km - min_range_km`` (negative: too close),
    ``reachable`` = ``min_range_km <= distance_km <= max_range_km``. Launch areas
    (``areas``) follow the points: their distance is to the area's nearest point (0 inside)
    and the bearing is from that point (docs/INTERFACES.md section 4).
    """
    n_points, n_systems = len(points), len(systems)
    if n_points:
        p_lats = np.array([p.lat for p in points])
        p_lons = np.array([p.lon for p in points])
        az, _, dist_m = WGS84.inv(
            p_lons, p_lats, np.full(n_points, target.lon), np.full(n_points, target.lat)
        )
        dist_m = np.asarray(dist_m, dtype=float)
        bearing = _bearing(np.asarray(az, dtype=float), dist_m)
    else:
        bearing = dist_m = np.empty(0)
    if areas:
        from ranges.reach.areas import area_targets

        a_dist, a_bearing = area_targets(target.lat, target.lon, areas)
        dist_m = np.concatenate([dist_m, a_dist])
        bearing = np.concatenate([bearing, a_bearing])
        points = [*points, *areas]
        n_points = len(points)
    system = np.repeat(np.arange(n_systems), n_points)
    launch = np.tile(np.arange(n_points), n_systems)
    d_m = np.tile(dist_m, n_systems)
    max_m = np.array([1e3 * s.max_range_km for s in systems])[system] if n_systems else d_m
    min_m = np.array([1e3 * s.min_range_km for s in systems])[system] if n_systems else d_m
    return _pd().DataFrame(
        {
            "system": _labels([s.id for s in systems], system),
            "name": _labels([s.name for s in systems], system),
            "launch": _labels([p.label for p in points], launch),
            "launch_index": launch.astype(np.int64),
            "distance_km": d_m / 1e3,
            "bearing_deg": np.tile(bearing, n_systems),
            "margin_km": (max_m - d_m) / 1e3,
            "reachable": (min_m <= d_m) & (d_m <= max_m),
            "min_margin_km": (d_m - min_m) / 1e3,
        },
        columns=REVERSE_COLUMNS,
    )


def launch_regions(target: LaunchPoint, systems: Sequence[System]) -> list[RangeArea]:
    """For each system (input order), the region from which it can reach ``target``.

    Geodesic distance is symmetric, so that region is the system's own disk or annulus
    ``[min_range_km, max_range_km]`` drawn around the target (GeoJSON and area in km^2, as
    :func:`ranges.geometry.geodesy.range_areas` makes them).
    """
    from ranges.geometry.geodesy import range_areas

    return range_areas(
        [(target.lat, target.lon)] * len(systems),
        [(s.min_range_km, s.max_range_km) for s in systems],
    )
