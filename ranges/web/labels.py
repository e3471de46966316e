"""Where the live map labels its rings: one label per ring, on the ring's edge.

Pure functions (no folium): :func:`place_labels` turns rings into :class:`RingLabel` rows that
:func:`ranges.web.layers.label_layer` draws. The rules:

- a label sits on its ring's outer edge, at a compass bearing from the launch point, and is
  drawn outward from there (so it never covers the launch point);
- rings of the same range from the same point (Storm Shadow and SCALP-EG, 250 km) share one
  label naming every system;
- bearings are tried in :data:`BEARINGS` order (east and west first: a big ring's east or west
  edge stays on a landscape screen when its north edge does not); a bearing is taken only if
  no label of the same point on that bearing has a range within :data:`MIN_RATIO` of this
  one, so labels of rings of similar size do not pile up;
- a label of a ring of :data:`INWARD_KM` or more is drawn inward from the edge (``inward``):
  such a ring's edge is often at the screen's edge, where an outward label would be cut, and
  the launch point is far from it;
- rings of launch areas (``Ring.launch_area``) are not labelled: their edge is not at one
  range from one point (the legend and tooltips name them);
- at most :data:`MAX_LABELS` labels (the first launch points' rings first): a map with 50
  launch points stays readable and light.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pyproj import Geod

from ranges.geometry.rings import Ring
from ranges.units import format_distance

__all__ = [
    "BEARINGS",
    "INWARD_KM",
    "MAX_LABELS",
    "MIN_RATIO",
    "RingLabel",
    "label_text",
    "place_labels",
]

BEARINGS = (90.0, 270.0, 45.0, 135.0, 315.0, 225.0, 0.0, 180.0)
"""Bearings tried for a label, degrees clockwise from north."""
MIN_RATIO = 1.6
"""Two labels of one launch point share a bearing only if their ranges differ by this factor."""
MAX_LABELS = 60
INWARD_KM = 1_000.0
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class RingLabel:
    """A label at (lat, lon) on the edge of the rings of ``system_ids`` (equal ranges) around
    one launch point at (``lat0``, ``lon0``); ``bearing`` (degrees) says which way from the
    point, so which way the label is drawn outward (inward, back towards the point, if
    ``inward``)."""

    lat: float
    lon: float
    bearing: float
    range_km: float
    system_ids: tuple[str, ...]
    names: tuple[str, ...]
    text: str
    inward: bool = False
    lat0: float = 0.0
    lon0: float = 0.0


def label_text(names: Sequence[str], range_km: float, units: str) -> str:
    """``SCALP-EG / Storm Shadow · 250 km`` (plain text; escape it for its context)."""
    return f"{' / '.join(names)} · {format_distance(range_km, units)}"


def place_labels(rings: Sequence[Ring], units: str, *, limit: int = MAX_LABELS) -> list[RingLabel]:
    """The labels of ``rings`` (see the module's rules), in the order of their launch points."""
    by_point: dict[tuple[float, float], dict[float, list[Ring]]] = {}
    for ring in rings:
        if getattr(ring, "launch_area", None) is not None:
            continue  # a launch area's ring: its edge is not one range from one point
        key = (ring.point.lat, ring.point.lon)
        by_range = by_point.setdefault(key, {})
        by_range.setdefault(round(ring.max_range_km, 3), []).append(ring)
    placed: list[tuple[float, float, float, float, list[Ring]]] = []
    for (lat, lon), groups in by_point.items():
        taken: list[tuple[float, float]] = []  # (bearing, range) placed around this point
        for range_km in sorted(groups):
            if len(placed) >= limit:
                break
            bearing = _free_bearing(range_km, taken)
            taken.append((bearing, range_km))
            placed.append((lat, lon, bearing, range_km, groups[range_km]))
    if not placed:
        return []
    lats, lons, bearings, ranges, _ = zip(*placed, strict=True)
    # one vectorised call for every label's point on its ring
    elons, elats, _ = _GEOD.fwd(lons, lats, bearings, [km * 1000.0 for km in ranges])
    labels = []
    for (lat0, lon, bearing, range_km, members), elon, elat in zip(
        placed, elons, elats, strict=True
    ):
        if elon - lon > 180.0:  # stay beside the launch point (Leaflet's continuous world)
            elon -= 360.0
        elif elon - lon < -180.0:
            elon += 360.0
        names = tuple(r.system.label for r in members)
        labels.append(
            RingLabel(
                lat=round(float(elat), 5),
                lon=round(float(elon), 5),
                bearing=bearing,
                range_km=range_km,
                system_ids=tuple(r.system.id for r in members),
                names=names,
                text=label_text(names, range_km, units),
                inward=range_km >= INWARD_KM,
                lat0=lat0,
                lon0=lon,
            )
        )
    return labels


def _free_bearing(range_km: float, taken: Sequence[tuple[float, float]]) -> float:
    """The first of :data:`BEARINGS` with no label of a similar range on it (else the first)."""
    for bearing in BEARINGS:
        if all(
            b != bearing or max(r, range_km) / max(min(r, range_km), 1e-9) >= MIN_RATIO
            for b, r in taken
        ):
            return bearing
    return BEARINGS[len(taken) % len(BEARINGS)]
