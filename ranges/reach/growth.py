"""People and places reached as the range grows: the curve behind the "In range" chart.

For each place of the gazetteer, the distance to its nearest launch point; sorted once, the
running sums of people and places give, for every range r, how many are within r of some launch
point. Each system's range is a mark on that curve (:class:`Mark`). One sort of the distances:
a curve of any resolution costs one ``searchsorted``, and a curve out to a shorter distance is
a slice of one out to a longer (:func:`shared_growth` keeps them per process: the app's chart
after a slider release is a slice).

Distances: the nearest launch point is chosen on the sphere (unit vectors, one matrix product),
then the distance to it is solved exactly on WGS-84 (``pyproj.Geod.inv``, Karney). Where two
launch points are within 0.5 % of equally near a place, the other may be a few km nearer; the
summary table of :mod:`ranges.reach.forward` is exact per pair and is the figure to quote. People
are
counted as that table counts them: each place once, a city's sections (``Gazetteer.counted``
false) listed as places but not added to the people.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from pyproj import Geod

if TYPE_CHECKING:
    from ranges.catalogue.systems import System
    from ranges.places.gazetteer import Gazetteer
    from ranges.places.points import LaunchPoint

__all__ = ["CURVES_KEPT", "Growth", "Mark", "growth", "shared_growth"]

_GEOD = Geod(ellps="WGS84")
_MEAN_RADIUS_KM = 6371.0088
_SPHERE_SLACK = 1.006  # the sphere's distance is within 0.5 % of WGS-84's


@dataclass(frozen=True)
class Mark:
    """One system on the curve: its range (km) and the people and places within it."""

    system_id: str
    name: str
    min_range_km: float
    max_range_km: float
    people: int
    places: int


@dataclass(frozen=True)
class Growth:
    """The curve: ``distance_km`` sorted (places within ``up_to_km`` of a launch point),
    ``people`` and ``places`` the running totals at each of them; ``marks`` one per system."""

    distance_km: np.ndarray
    people: np.ndarray
    places: np.ndarray
    marks: tuple[Mark, ...]
    up_to_km: float

    def at(self, range_km: float | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """People and places within ``range_km`` (km) of a launch point."""
        i = np.searchsorted(self.distance_km, range_km, side="right")
        people = np.concatenate([[0], self.people])[i]
        places = np.concatenate([[0], self.places])[i]
        return people, places

    def curve(self, steps: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``steps + 1`` evenly spaced ranges from 0 to ``up_to_km`` and the people and places
        within each: what a chart draws."""
        ranges = np.linspace(0.0, self.up_to_km, steps + 1)
        people, places = self.at(ranges)
        return ranges, people, places


def _normals(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lats), np.radians(lons)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])


def growth(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    up_to_km: float | None = None,
) -> Growth:
    """The curve of people and places within r of any of ``points``, r from 0 to ``up_to_km``
    (default: 1.15 times the longest range of ``systems``, at most 20,004 km), and a mark per
    system (people and places within its range; for a system with a minimum range, those between
    its minimum and maximum). Only places of at least ``min_population`` people count."""
    up_to_km = _up_to(systems, up_to_km)
    distance_km, people, places = _curve(points, gazetteer, min_population, up_to_km)
    return _marked(distance_km, people, places, systems, up_to_km)


def shared_growth(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    up_to_km: float | None = None,
) -> Growth:
    """:func:`growth` (the same arrays and marks) from a curve kept per process for the launch
    points, the gazetteer and ``min_population``: the curve out to a shorter distance is a
    prefix of the curve out to a longer one (the places within it, in the same order, with the
    same running sums), so a new range is a ``searchsorted`` and a slice. A curve is solved out
    to twice the distance asked for (at most 20,004 km); the last :data:`CURVES_KEPT` are kept
    (24 bytes a place: 5.6 MB for all of cities500)."""
    up_to_km = _up_to(systems, up_to_km)
    key = (id(gazetteer), int(min_population), tuple((p.lat, p.lon) for p in points))
    with _LOCK:
        kept = _CURVES.get(key)
        if kept is not None and kept[0] is gazetteer:
            _CURVES.move_to_end(key)
    if kept is None or kept[0] is not gazetteer or kept[1] < up_to_km:
        reach_km = min(_HALF_EARTH_KM, max(up_to_km, 2.0 * up_to_km))
        kept = (gazetteer, reach_km, _curve(points, gazetteer, min_population, reach_km))
        with _LOCK:
            _CURVES[key] = kept
            _CURVES.move_to_end(key)
            while len(_CURVES) > CURVES_KEPT:
                _CURVES.popitem(last=False)
    distance_km, people, places = kept[2]
    end = int(np.searchsorted(distance_km, up_to_km, side="right"))
    return _marked(distance_km[:end], people[:end], places[:end], systems, up_to_km)


CURVES_KEPT = 16
"""Curves kept by :func:`shared_growth` (launch points, gazetteer, population floor)."""
_HALF_EARTH_KM = 20_004.0
_CURVES: OrderedDict[tuple, tuple] = OrderedDict()
_LOCK = threading.Lock()


def _up_to(systems: Sequence[System], up_to_km: float | None) -> float:
    """The chart's last distance (km): ``up_to_km``, or 1.15 times the longest range."""
    if up_to_km is not None:
        return up_to_km
    longest = max((s.max_range_km for s in systems), default=0.0)
    return min(_HALF_EARTH_KM, max(longest * 1.15, 1.0))


def _curve(
    points: Sequence[LaunchPoint], gazetteer: Gazetteer, min_population: int, up_to_km: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The places within ``up_to_km`` of their nearest launch point (chosen on the sphere),
    sorted by that distance (km, stable: ties by row), and the running people and places."""
    lats, lons = np.asarray(gazetteer.lats), np.asarray(gazetteer.lons)
    population = np.asarray(gazetteer.populations, dtype=np.int64)
    counted = np.asarray(gazetteer.counted, dtype=bool)
    keep = population >= min_population
    if not points or not keep.any():
        empty = np.zeros(0)
        return empty, empty.astype(np.int64), empty.astype(np.int64)
    index = np.flatnonzero(keep)
    cities = _normals(lats[index], lons[index])
    launch = _normals(np.array([p.lat for p in points]), np.array([p.lon for p in points]))
    dots = cities @ launch.T  # (places, points)
    nearest = np.argmax(dots, axis=1)
    angle = np.arccos(np.clip(dots[np.arange(len(index)), nearest], -1.0, 1.0))
    near = angle * _MEAN_RADIUS_KM <= up_to_km * _SPHERE_SLACK + 1.0
    index, nearest = index[near], nearest[near]
    p_lat = np.array([p.lat for p in points])[nearest]
    p_lon = np.array([p.lon for p in points])[nearest]
    _, _, dist_m = _GEOD.inv(p_lon, p_lat, lons[index], lats[index])
    distance_km = np.asarray(dist_m) / 1000.0
    inside = distance_km <= up_to_km
    index, distance_km = index[inside], distance_km[inside]
    order = np.argsort(distance_km, kind="stable")
    index, distance_km = index[order], distance_km[order]
    people = np.cumsum(np.where(counted[index], population[index], 0))
    places = np.arange(1, len(index) + 1, dtype=np.int64)
    return distance_km, people, places


def _marked(
    distance_km: np.ndarray,
    people: np.ndarray,
    places: np.ndarray,
    systems: Sequence[System],
    up_to_km: float,
) -> Growth:
    """The :class:`Growth` of a curve, with a :class:`Mark` per system."""
    if not len(distance_km):
        marks = tuple(Mark(s.id, s.name, s.min_range_km, s.max_range_km, 0, 0) for s in systems)
        return Growth(distance_km, people, places, marks, up_to_km)
    curve = Growth(distance_km, people, places, (), up_to_km)
    marks = []
    for system in systems:
        hi_people, hi_places = curve.at(system.max_range_km)
        lo_people, lo_places = (0, 0)
        if system.min_range_km > 0:
            # below the minimum: strictly nearer than it
            i = int(np.searchsorted(distance_km, system.min_range_km, side="left"))
            lo_people, lo_places = (int(people[i - 1]), i) if i else (0, 0)
        marks.append(
            Mark(
                system.id,
                system.name,
                system.min_range_km,
                system.max_range_km,
                int(hi_people) - lo_people,
                int(hi_places) - lo_places,
            )
        )
    return Growth(distance_km, people, places, tuple(marks), up_to_km)
