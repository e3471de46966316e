"""The layers that change with the state: rings, their labels, launch points and the target.

All text from catalogues and users passes through :func:`ranges.text.html_text`. Cities are in
:mod:`ranges.web.cities`, launch areas in :mod:`ranges.web.areas`.
"""

from __future__ import annotations

from collections.abc import Sequence

import folium

from ranges.catalogue.systems import System
from ranges.geometry.geodesy import RangeArea
from ranges.geometry.rings import Ring
from ranges.places.points import LaunchPoint, format_coordinates
from ranges.style import dash_patterns, system_color
from ranges.text import html_text
from ranges.units import format_distance
from ranges.web.geojson import display_geometry, tipped_geojson
from ranges.web.labels import RingLabel

__all__ = [
    "LABEL_SIDES",
    "LABEL_SPOTS",
    "LABEL_Z",
    "RING_SMOOTH_FACTOR",
    "few_spots",
    "label_layer",
    "labelled_marker",
    "points_layer",
    "ring_layers",
    "ring_tooltip",
    "target_layer",
]


RING_SMOOTH_FACTOR = 0.2
"""Leaflet's path simplification for rings, in pixels (its default, 1.0, drops every vertex
within a pixel of the line: a 300 km ring, 48 px across at zoom 4, was drawn as a 16-gon). At
0.2 px the facets are too small to see; the ring's own vertices (a few hundred) stay cheap."""

VARIANT_DASHES = "8 5"
"""The stroke of a variant's ring drawn beside its system's catalogue figure."""


def ring_tooltip(ring: Ring, units: str) -> str:
    """A ring's tooltip (escaped HTML): system, range in ``units`` (km, mi, nmi), launch point and
    source."""
    s = ring.system
    span = format_distance(s.max_range_km, units)
    if s.min_range_km:
        span = f"{format_distance(s.min_range_km, units)} to {span}"
    return (
        f"<b>{html_text(s.label)}</b> &middot; {html_text(span)}<br>"
        f"from {html_text(ring.label)}<br>"
        f"<small>Source: {html_text(s.sources[0].title)}</small>"
    )


def ring_layers(
    rings: Sequence[Ring], systems: Sequence[System], units: str, opacity: float
) -> list[folium.FeatureGroup]:
    """One feature group per system (shown in the layer control under the system's name).

    Each group holds one GeoJSON layer with all of that system's rings, so a rerun with many
    launch points builds a handful of folium objects, not one per ring.
    """
    groups = []
    dashes = dash_patterns(systems)
    shown = {s.id for s in systems}
    for index, system in enumerate(systems):
        color = system_color(system, index)
        group = folium.FeatureGroup(name=html_text(system.label), show=True)
        features = [
            {
                "type": "Feature",
                "properties": {"system": system.id, "tip": ring_tooltip(ring, units)},
                "geometry": display_geometry(ring.area.geometry, ring.point.lon),
            }
            for ring in rings
            if ring.system.id == system.id
        ]
        if features:
            style = {
                "color": color,
                "weight": 2,
                "smoothFactor": RING_SMOOTH_FACTOR,
                "fillColor": color,
                "fillOpacity": opacity,
                "className": f"rm-ring rm-ring-{system.id.replace(':', '--')}",
            }
            if dashes[system.id]:
                style["dashArray"] = dashes[system.id]
            elif system.variant and system.system_id in shown:
                style["dashArray"] = VARIANT_DASHES  # a variant beside its catalogue figure
            tipped_geojson(features, style).add_to(group)
        groups.append(group)
    return groups


def points_layer(points: Sequence[LaunchPoint]) -> folium.FeatureGroup:
    """A marker per launch point with its label and coordinates."""
    group = folium.FeatureGroup(name="Launch points", show=True)
    for point in points:
        labelled_marker(point, point.label).add_to(group)
    return group


def labelled_marker(
    point: LaunchPoint, title: str, icon: folium.Icon | None = None
) -> folium.Marker:
    """A marker at ``point`` whose tooltip and popup show ``title`` (untrusted text, escaped)
    over the point's coordinates."""
    where = format_coordinates(point.lat, point.lon)
    text = f"<b>{html_text(title)}</b><br>{html_text(where)}"
    return folium.Marker(
        [point.lat, point.lon],
        tooltip=folium.Tooltip(text),
        popup=folium.Popup(text, parse_html=False, max_width=300),
        icon=icon,
    )


def target_layer(
    target: LaunchPoint, systems: Sequence[System], regions: Sequence[RangeArea], units: str
) -> folium.FeatureGroup:
    """The target, and for each system the (dashed) region it can reach the target from."""
    group = folium.FeatureGroup(name="Target and launch regions", show=True)
    for index, (system, region) in enumerate(zip(systems, regions, strict=True)):
        color = system_color(system, index)
        tip = (
            f"<b>{html_text(system.name)}</b> can reach {html_text(target.label)} from inside "
            f"this line ({html_text(format_distance(system.max_range_km, units))})"
        )
        feature = {
            "type": "Feature",
            "properties": {"tip": tip},
            "geometry": display_geometry(region.geometry, target.lon),
        }
        style = {
            "color": color,
            "weight": 2,
            "smoothFactor": RING_SMOOTH_FACTOR,
            "dashArray": "8 6",
            "fill": False,
            "className": "rm-launch-region",
        }
        tipped_geojson([feature], style).add_to(group)
    crosshairs = folium.Icon(color="black", icon="crosshairs", prefix="fa")
    labelled_marker(target, f"Target: {target.label}", crosshairs).add_to(group)
    return group


LABEL_SIDES = {
    0.0: "n",
    45.0: "ne",
    90.0: "e",
    135.0: "se",
    180.0: "s",
    225.0: "sw",
    270.0: "w",
    315.0: "nw",
}
"""The side of its anchor a label is drawn on (CSS class ``rm-at-<side>``), by the bearing it
points to, degrees."""


LABEL_Z = 10_000
"""Leaflet's ``zIndexOffset`` of label and name markers: above the city clusters and the launch
points' pins (whose order is by latitude), so a cluster never hides a label."""
LABEL_SPOTS = 40
"""The places on its rings a label carries (``data-spots``: lat, lon, bearing each) for the map
to move it among (:class:`ranges.web.elements.LabelsInView`): 8 bearings on 5 rings."""


def few_spots(
    spots: Sequence[tuple[float, float, float]], limit: int = LABEL_SPOTS
) -> list[tuple[float, float, float]]:
    """At most ``limit`` of ``spots`` (in their order), as many on each bearing as there is
    room for: a label of 40 touching rings keeps places on every side of their union."""
    each = max(1, limit // len(LABEL_SIDES))
    count: dict[float, int] = {}
    out = []
    for spot in spots:
        count[spot[2]] = count.get(spot[2], 0) + 1
        if count[spot[2]] <= each:
            out.append(spot)
    return out[:limit]


def label_layer(labels: Sequence[RingLabel], colors: dict[str, str]) -> folium.FeatureGroup:
    """A label on the edge of each ring (see :mod:`ranges.web.labels`), drawn outward (inward for
    a big ring), with a colour dot per system (``colors`` by system id), carrying its ring
    (``data-ring``: launch lat, lon, range in m, bearing, inward) and the places it may move to
    (``data-spots``). Not interactive: a click goes to the map."""
    group = folium.FeatureGroup(name="Ring labels", show=True)
    for label in labels:
        dots = "".join(
            f'<span class="rm-dot" style="background:{html_text(colors.get(sid, "#666"))}"></span>'
            for sid in label.system_ids
        )
        toward = (label.bearing + 180.0) % 360.0 if label.inward else label.bearing
        side = LABEL_SIDES.get(toward, "e")
        ring = f"{label.lat0},{label.lon0},{label.range_km * 1000:.0f},{label.bearing:g},"
        ring += "1" if label.inward else "0"
        spots = ";".join(f"{lat:g},{lon:g},{b:g}" for lat, lon, b in few_spots(label.spots))
        html = (
            f'<div class="rm-ring-label rm-at-{side}" data-ring="{ring}" data-spots="{spots}">'
            f"{dots}{html_text(label.text)}</div>"
        )
        folium.Marker(
            [label.lat, label.lon],
            icon=folium.DivIcon(
                html=html, icon_size=(0, 0), icon_anchor=(0, 0), class_name="rm-label-anchor"
            ),
            interactive=False,
            keyboard=False,
            z_index_offset=LABEL_Z,
        ).add_to(group)
    return group
