"""Range rings of a scenario: one per (launch point, system), as GeoJSON features.

The geometry comes from :mod:`ranges.geometry.geodesy`; this module pairs it with the system and the
launch point it belongs to and gives it the properties that ``docs/INTERFACES.md`` section 2 names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ranges.catalogue.systems import System
from ranges.geometry.geodesy import RangeArea, range_areas
from ranges.places.points import LaunchPoint

if TYPE_CHECKING:  # for annotations only: rings never load shapely, the k-d tree or the borders
    from ranges.geometry.areas import LaunchArea


@dataclass(frozen=True)
class Ring:
    """The area one system can reach from one launch point (ranges in kilometres).

    For a launch area (``ranges.geometry.areas``) ``launch_area`` is set and ``point`` is a point
    on the area with the area's label (so that code that only needs a label and a place to centre on
    works for both); ``area`` is then the area's geodesic buffer.
    """

    point: LaunchPoint
    system: System
    area: RangeArea
    launch_area: LaunchArea | None = None

    @property
    def label(self) -> str:
        """The launch point's or launch area's label."""
        return self.launch_area.label if self.launch_area is not None else self.point.label

    @property
    def min_range_km(self) -> float:
        return self.system.min_range_km

    @property
    def max_range_km(self) -> float:
        return self.system.max_range_km


def build_rings(
    points: Sequence[LaunchPoint],
    systems: Sequence[System],
    areas: Sequence[LaunchArea] = (),
) -> list[Ring]:
    """Every (launch point, system) ring, points first then systems, in one vectorised pass;
    then every (launch area, system) ring, areas first then systems, each the area's own
    geodesic buffer (``LaunchArea.range_area``; systems of equal ranges share one).

    Range overrides are applied to the systems before they come here
    (:meth:`ranges.catalogue.systems.System.with_max_range`).
    """
    pairs = [(p, s) for p in points for s in systems]
    disks = range_areas(
        [(p.lat, p.lon) for p, _ in pairs],
        [(s.min_range_km, s.max_range_km) for _, s in pairs],
    )
    rings = [Ring(p, s, a) for (p, s), a in zip(pairs, disks, strict=True)]
    for area in areas:
        point = LaunchPoint(*area.representative, area.label)
        done: dict[tuple[float, float], RangeArea] = {}
        for system in systems:
            key = (system.min_range_km, system.max_range_km)
            if key not in done:
                done[key] = area.range_area(system.max_range_km, system.min_range_km)
            rings.append(Ring(point, system, done[key], launch_area=area))
    return rings


def ring_feature(ring: Ring) -> dict:
    """One RFC 7946 Feature with the properties of docs/INTERFACES.md section 2 (and a few more)."""
    system = ring.system
    if ring.launch_area is not None:  # docs/INTERFACES.md section 4
        where = {
            "launch": ring.launch_area.label,
            "launch_area": ring.launch_area.label,
            "launch_area_form": ring.launch_area.form,
            "launch_area_kind": ring.launch_area.kind,
        }
    else:
        where = {
            "launch": ring.point.label,
            "launch_lat": ring.point.lat,
            "launch_lon": ring.point.lon,
        }
    properties = {
        "system": system.system_id,
        "name": system.name,
        "kind": system.kind,
        **where,
        "min_range_km": ring.min_range_km,
        "max_range_km": ring.max_range_km,
        "area_km2": round(ring.area.area_km2, 3),
        "source": system.sources[0].title,
    }
    if system.variant:  # a variant's figures (INTERFACES section 1): which one, and who says so
        properties["variant"] = system.variant
        properties["variant_name"] = system.variant_name
        properties["source_publisher"] = system.sources[0].publisher
    if system.color:
        properties["color"] = system.color
    return {"type": "Feature", "properties": properties, "geometry": ring.area.geometry}


def feature_collection(rings: Sequence[Ring]) -> dict:
    """A GeoJSON FeatureCollection of the rings, in order."""
    return {"type": "FeatureCollection", "features": [ring_feature(r) for r in rings]}
