"""Rings written out for other tools: GeoJSON (RFC 7946) and KML (Google Earth).

Text from catalogues and users (names, labels, sources) is escaped by the serialisers
(``json`` and ``xml.etree``), never pasted into markup by hand.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ranges.rings import Ring, feature_collection

KML_NS = "http://www.opengis.net/kml/2.2"
DEFAULT_COLOR = "#d62728"
FILL_ALPHA = 0x55


def to_geojson(rings: Sequence[Ring], *, indent: int | None = None) -> str:
    """The rings as a GeoJSON FeatureCollection string (NaN and infinity are refused)."""
    return json.dumps(feature_collection(rings), indent=indent, allow_nan=False) + "\n"


def _kml_color(hex_color: str | None, alpha: int) -> str:
    """``#rrggbb`` or ``#rgb`` to KML's ``aabbggrr``."""
    h = (hex_color or DEFAULT_COLOR).lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return f"{alpha:02x}{h[4:6]}{h[2:4]}{h[0:2]}".lower()


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _coordinates(ring: list[list[float]]) -> str:
    return " ".join(f"{lon:.7f},{lat:.7f},0" for lon, lat in ring)


def to_kml(rings: Sequence[Ring], *, title: str = "rangemap rings") -> str:
    """The rings as a KML document: one Placemark per ring, one style per system."""
    ET.register_namespace("", KML_NS)
    kml = ET.Element(f"{{{KML_NS}}}kml")
    doc = ET.SubElement(kml, "Document")
    ET.SubElement(doc, "name").text = title
    for system in {r.system.id: r.system for r in rings}.values():
        style = ET.SubElement(doc, "Style", id=f"system-{system.id}")
        line = ET.SubElement(style, "LineStyle")
        ET.SubElement(line, "color").text = _kml_color(system.color, 0xFF)
        ET.SubElement(line, "width").text = "2"
        poly = ET.SubElement(style, "PolyStyle")
        ET.SubElement(poly, "color").text = _kml_color(system.color, FILL_ALPHA)
    for ring in rings:
        system = ring.system
        mark = ET.SubElement(doc, "Placemark")
        ET.SubElement(mark, "name").text = f"{system.name} from {ring.point.label}"
        ET.SubElement(mark, "description").text = (
            f"{system.name}: {ring.min_range_km:g}-{ring.max_range_km:g} km from "
            f"{ring.point.label} ({ring.point.lat:.4f}, {ring.point.lon:.4f}); "
            f"area {ring.area.area_km2:,.0f} km2. Source: {system.sources[0].title}"
        )
        ET.SubElement(mark, "styleUrl").text = f"#system-{system.id}"
        data = ET.SubElement(mark, "ExtendedData")
        for key, value in (
            ("system", system.id),
            ("min_range_km", f"{ring.min_range_km:g}"),
            ("max_range_km", f"{ring.max_range_km:g}"),
            ("area_km2", f"{ring.area.area_km2:.3f}"),
        ):
            ET.SubElement(ET.SubElement(data, "Data", name=key), "value").text = value
        multi = ET.SubElement(mark, "MultiGeometry")
        for polygon in _polygons(ring.area.geometry):
            kpoly = ET.SubElement(multi, "Polygon")
            ET.SubElement(kpoly, "tessellate").text = "1"
            for i, coords in enumerate(polygon):
                boundary = ET.SubElement(kpoly, "outerBoundaryIs" if i == 0 else "innerBoundaryIs")
                linear = ET.SubElement(boundary, "LinearRing")
                ET.SubElement(linear, "coordinates").text = _coordinates(coords)
    ET.indent(kml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode") + "\n"
