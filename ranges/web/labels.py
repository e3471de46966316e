"""Where the live map labels its rings: one label per ring, or per group of touching rings.

Pure functions (no folium): :func:`place_labels` turns rings into :class:`RingLabel` rows that
:func:`ranges.web.layers.label_layer` draws. The rules:

- rings of the same range from the same point (Storm Shadow and SCALP-EG, 250 km) share one
  label naming every system;
- rings with the same systems and range from different launch points (or areas) that touch or
  overlap share one label too (Kyiv and Kharkiv, 410 km apart: one "MGM-140 ATACMS · 300 km",
  not two stacked), placed on the outer edge of their union (never inside a member ring);
- with several launch points or areas, a label names the one it belongs to
  ("MGM-140 ATACMS · 300 km · Kyiv"; two: both names; more: the first and how many more); a
  label of touching rings from every launch point names none;
- a label sits on its ring's outer edge, at a compass bearing from the launch point (for a
  launch area's ring: the edge's farthest point that way), and is drawn outward from there
  (so it never covers the launch point); each label carries every such place (``spots``:
  :data:`BEARINGS` on each member ring, those inside another member left out), and the map
  (:class:`ranges.web.elements.LabelsInView`) moves it among them so that, on screen, labels
  are wholly in view, cover no other label and no control or legend (a label with no such
  place is hidden: the legend still names its ring);
- bearings are tried in :data:`BEARINGS` order (east and west first: a big ring's east or west
  edge stays on a landscape screen when its north edge does not); the first place taken is on
  a bearing where no label of the same point has a range within :data:`MIN_RATIO` of this
  one, so labels of rings of similar size do not start piled up;
- a label of a ring of :data:`INWARD_KM` or more is drawn inward from the edge (``inward``):
  such a ring's edge is often at the screen's edge, where an outward label would be cut, and
  the launch point is far from it;
- at most :data:`MAX_LABELS` labels (the first launch points' rings first): a map with 50
  launch points stays readable and light.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import shapely
import shapely.geometry
from pyproj import Geod

from ranges.geometry.rings import Ring
from ranges.units import format_distance

__all__ = [
    "BEARINGS",
    "INWARD_KM",
    "MAX_LABELS",
    "MIN_RATIO",
    "PLACE_CHARS",
    "RingLabel",
    "label_text",
    "place_labels",
]

BEARINGS = (90.0, 270.0, 45.0, 135.0, 315.0, 225.0, 0.0, 180.0)
"""Bearings tried for a label, degrees clockwise from north."""
MIN_RATIO = 1.6
"""Two labels of one launch point start on one bearing only if their ranges differ by this
factor."""
MAX_LABELS = 60
INWARD_KM = 1_000.0
PLACE_CHARS = 24
"""A launch point's name in a label is cut to this many characters (the tooltip has it all)."""
_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class RingLabel:
    """A label at (lat, lon) on the edge of the rings of ``system_ids`` (equal ranges) around
    the launch point at (``lat0``, ``lon0``); ``bearing`` (degrees) says which way from the
    point, so which way the label is drawn outward (inward, back towards the point, if
    ``inward``). ``spots``: every place the label may go, (lat, lon, bearing) in order of
    preference, the first being (lat, lon, bearing); ``places``: the launch points' or areas'
    labels of the rings it stands for."""

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
    spots: tuple[tuple[float, float, float], ...] = field(default=(), compare=False)
    places: tuple[str, ...] = ()


def label_text(
    names: Sequence[str], range_km: float, units: str, places: Sequence[str] = ()
) -> str:
    """``SCALP-EG / Storm Shadow · 250 km`` (plain text; escape it for its context), with
    ``· Kyiv`` when ``places`` names where from (``· Kyiv, Kharkiv``; ``· Kyiv and 4 more``)."""
    text = f"{' / '.join(names)} · {format_distance(range_km, units)}"
    short = [_cut(p) for p in places]
    if len(short) == 1:
        return f"{text} · {short[0]}"
    if len(short) == 2:
        return f"{text} · {short[0]}, {short[1]}"
    if short:
        return f"{text} · {short[0]} and {len(short) - 1} more"
    return text


def _cut(name: str, limit: int = PLACE_CHARS) -> str:
    """``name`` in at most ``limit`` characters, cut at a word where it has one."""
    name = " ".join(name.split())
    if len(name) <= limit:
        return name
    cut = name[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


@dataclass
class _Group:
    """The rings of one launch point or area with one range (equal-range systems together)."""

    source: tuple
    place: str
    range_km: float
    rings: list[Ring]

    @property
    def key(self) -> tuple:
        return (tuple(r.system.id for r in self.rings), self.range_km)


def place_labels(rings: Sequence[Ring], units: str, *, limit: int = MAX_LABELS) -> list[RingLabel]:
    """The labels of ``rings`` (see the module's rules), in the order of their launch points."""
    groups: dict[tuple, dict[float, _Group]] = {}
    for ring in rings:
        area = getattr(ring, "launch_area", None)
        source = ("area", area.form, area.label) if area is not None else ring_point_key(ring)
        by_range = groups.setdefault(source, {})
        km = round(ring.max_range_km, 3)
        if km not in by_range:
            by_range[km] = _Group(source, ring.label, km, [])
        by_range[km].rings.append(ring)
    sources = list(groups)
    several = len(sources) > 1
    ordered = [g for s in sources for g in (groups[s][km] for km in sorted(groups[s]))]
    shapes = {id(g): _shape(g.rings[0]) for g in ordered}
    clusters = _touching(ordered, shapes)
    taken: dict[tuple, list[tuple[float, float]]] = {}  # (bearing, range) started per source
    labels: list[RingLabel] = []
    for members in clusters:
        if len(labels) >= limit:
            break
        lead = members[0]
        free = _free_bearing(lead.range_km, taken.setdefault(lead.source, []))
        taken[lead.source].append((free, lead.range_km))
        order = (free, *(b for b in BEARINGS if b != free))
        spots, origins = _spots(members, shapes, order)
        lat, lon, bearing = spots[0]
        lat0, lon0 = origins[0]
        names = tuple(r.system.label for r in lead.rings)
        places = tuple(m.place for m in members)
        named = places if several and len(members) < len(sources) else ()
        labels.append(
            RingLabel(
                lat=lat,
                lon=lon,
                bearing=bearing,
                range_km=lead.range_km,
                system_ids=tuple(r.system.id for r in lead.rings),
                names=names,
                text=label_text(names, lead.range_km, units, named),
                inward=lead.range_km >= INWARD_KM,
                lat0=lat0,
                lon0=lon0,
                spots=spots,
                places=places,
            )
        )
    return labels


def ring_point_key(ring: Ring) -> tuple:
    """The launch point a ring is drawn from, as a key: ("point", lat, lon)."""
    return ("point", ring.point.lat, ring.point.lon)


def _shape(ring: Ring) -> shapely.Geometry:
    """A ring's outer disc as a shapely geometry in degrees (its band's hole filled: two rings
    touch when their outer edges do)."""
    geom = shapely.geometry.shape(ring.area.geometry)
    parts = getattr(geom, "geoms", [geom])
    return shapely.union_all([shapely.Polygon(p.exterior) for p in parts])


def _touching(groups: Sequence[_Group], shapes: dict[int, shapely.Geometry]) -> list[list[_Group]]:
    """``groups`` joined into clusters: same systems and range, rings touching (transitively),
    each cluster in the order of its first member, members in order."""
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_key: dict[tuple, list[int]] = {}
    for i, g in enumerate(groups):
        by_key.setdefault(g.key, []).append(i)
    for index in by_key.values():
        if len(index) < 2:
            continue
        geoms = [shapes[id(groups[i])] for i in index]
        tree = shapely.STRtree(geoms)
        left, right = tree.query(geoms, predicate="intersects")
        for a, b in zip(left.tolist(), right.tolist(), strict=True):
            ra, rb = root(index[a]), root(index[b])
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    clusters: dict[int, list[_Group]] = {}
    for i, g in enumerate(groups):
        clusters.setdefault(root(i), []).append(g)
    return list(clusters.values())


def _spots(
    members: Sequence[_Group], shapes: dict[int, shapely.Geometry], order: Sequence[float]
) -> tuple[tuple[tuple[float, float, float], ...], list[tuple[float, float]]]:
    """Every place on the members' outer edges a label may go, (lat, lon, bearing) bearing by
    bearing in ``order``, and the launch point (or area's point) each is measured from."""
    candidates: list[tuple[float, float, float, int]] = []
    for bearing in order:
        for index, member in enumerate(members):
            lat, lon = _edge_point(member.rings[0], bearing)
            candidates.append((lat, lon, bearing, index))
    spots: list[tuple[float, float, float]] = []
    origins: list[tuple[float, float]] = []
    if len(members) > 1:
        lats = np.array([c[0] for c in candidates])
        lons = (np.array([c[1] for c in candidates]) + 180.0) % 360.0 - 180.0
        inside = np.zeros(len(candidates), dtype=bool)
        owner = np.array([c[3] for c in candidates])
        for index, member in enumerate(members):
            hit = shapely.contains_xy(shapes[id(member)], lons, lats)
            inside |= hit & (owner != index)
    else:
        inside = np.zeros(len(candidates), dtype=bool)
    for (lat, lon, bearing, index), hidden in zip(candidates, inside.tolist(), strict=True):
        if not hidden:
            spots.append((lat, lon, bearing))
            origin = members[index].rings[0].point
            origins.append((origin.lat, origin.lon))
    if not spots:  # a ring wholly inside the others' union: its own first place
        lat, lon, bearing, index = candidates[0]
        origin = members[index].rings[0].point
        return ((lat, lon, bearing),), [(origin.lat, origin.lon)]
    return tuple(spots), origins


def _edge_point(ring: Ring, bearing: float) -> tuple[float, float]:
    """The point of ``ring``'s outer edge at ``bearing`` from its launch point (for a launch
    area's ring: the edge's farthest vertex that way), near the point's longitude."""
    lat0, lon0 = ring.point.lat, ring.point.lon
    if getattr(ring, "launch_area", None) is None:
        elon, elat, _ = _GEOD.fwd(lon0, lat0, bearing, ring.max_range_km * 1000.0)
    else:
        elat, elon = _farthest_vertex(ring.area.geometry, lat0, lon0, bearing)
    elon = float(elon)
    if elon - lon0 > 180.0:  # stay beside the launch point (Leaflet's continuous world)
        elon -= 360.0
    elif elon - lon0 < -180.0:
        elon += 360.0
    return round(float(elat), 5), round(elon, 5)


def _farthest_vertex(
    geometry: dict, lat0: float, lon0: float, bearing: float
) -> tuple[float, float]:
    """The vertex of ``geometry``'s outer rings farthest from (lat0, lon0) along ``bearing``
    (in a local east-north plane: close enough to put a label on the edge)."""
    coords = [
        np.asarray(poly[0], dtype=float)
        for poly in (
            [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        )
    ]
    xy = np.concatenate(coords)
    dlon = (xy[:, 0] - lon0 + 180.0) % 360.0 - 180.0
    east = dlon * math.cos(math.radians(lat0))
    north = xy[:, 1] - lat0
    t = math.radians(bearing)
    best = int(np.argmax(east * math.sin(t) + north * math.cos(t)))
    return float(xy[best, 1]), float(lon0 + dlon[best])


def _free_bearing(range_km: float, taken: Sequence[tuple[float, float]]) -> float:
    """The first of :data:`BEARINGS` with no label of a similar range on it (else the first)."""
    for bearing in BEARINGS:
        if all(
            b != bearing or max(r, range_km) / max(min(r, range_km), 1e-9) >= MIN_RATIO
            for b, r in taken
        ):
            return bearing
    return BEARINGS[len(taken) % len(BEARINGS)]
