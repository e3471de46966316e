"""KML for Google Earth: one styled placemark per ring."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ranges.catalogue.systems import System
from ranges.export import ExportData
from ranges.geometry.geodesy import polygons_of
from ranges.geometry.rings import Ring
from ranges.style import system_color
from ranges.text import html_text

KML_NS = "http://www.opengis.net/kml/2.2"
FILL_ALPHA = 0x55

# Characters XML 1.0 cannot hold at all, even escaped (C0 controls but tab and newlines, lone
# surrogates, U+FFFE and U+FFFF). Labels never have them; a catalogue built in code might.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_text(text: object) -> str:
    """``text`` as an XML reader will see it: characters XML cannot hold replaced by U+FFFD, line
    ends as ``\\n`` (a reader turns a raw CR into LF anyway). ElementTree escapes the rest."""
    text = str(text).replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("\ufffd", text)


def _kml_color(hex_color: str, alpha: int) -> str:
    """``#rrggbb`` or ``#rgb`` to KML's ``aabbggrr``."""
    h = hex_color.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return f"{alpha:02x}{h[4:6]}{h[2:4]}{h[0:2]}".lower()


def _coordinates(ring: list[list[float]]) -> str:
    return " ".join(f"{lon:.7f},{lat:.7f},0" for lon, lat in ring)


AREA_STYLE = "launch-area"


def _lines_and_polygons(geometry) -> tuple[list[list], list[list]]:
    """The lines (coordinate lists) and polygons (lists of rings) of a shapely geometry."""
    import shapely
    from shapely.geometry import mapping

    lines: list[list] = []
    polygons: list[list] = []
    parts = list(shapely.get_parts(geometry))
    while parts:
        part = parts.pop(0)
        if part.geom_type.startswith(("Multi", "GeometryCollection")):
            parts.extend(shapely.get_parts(part))
            continue
        shape = mapping(part)
        if shape["type"] in ("LineString", "LinearRing"):
            lines.append(list(shape["coordinates"]))
        elif shape["type"] == "Polygon":
            polygons.append([list(r) for r in shape["coordinates"]])
    return lines, polygons


def _area_placemarks(doc: ET.Element, areas: Sequence) -> None:
    """A folder "Launch areas": one placemark per area (its outline, dark grey, lightly
    filled), so the rings' origin shows in Google Earth too."""
    style = ET.SubElement(doc, "Style", id=AREA_STYLE)
    line = ET.SubElement(style, "LineStyle")
    ET.SubElement(line, "color").text = _kml_color("#222222", 0xFF)
    ET.SubElement(line, "width").text = "3"
    poly = ET.SubElement(style, "PolyStyle")
    ET.SubElement(poly, "color").text = _kml_color("#222222", 0x22)
    folder = ET.SubElement(doc, "Folder")
    ET.SubElement(folder, "name").text = "Launch areas"
    for area in areas:
        mark = ET.SubElement(folder, "Placemark")
        ET.SubElement(mark, "name").text = _xml_text(f"Launch area: {area.label}")
        ET.SubElement(mark, "description").text = html_text(
            _xml_text(f"{area.kind}: {area.form[:200]}")
        )
        ET.SubElement(mark, "styleUrl").text = f"#{AREA_STYLE}"
        multi = ET.SubElement(mark, "MultiGeometry")
        lines, polygons = _lines_and_polygons(area.geometry)
        for coords in lines:
            kline = ET.SubElement(multi, "LineString")
            ET.SubElement(kline, "tessellate").text = "1"
            ET.SubElement(kline, "coordinates").text = _coordinates(coords)
        for polygon in polygons:
            kpoly = ET.SubElement(multi, "Polygon")
            ET.SubElement(kpoly, "tessellate").text = "1"
            for i, coords in enumerate(polygon):
                boundary = ET.SubElement(kpoly, "outerBoundaryIs" if i == 0 else "innerBoundaryIs")
                linear = ET.SubElement(boundary, "LinearRing")
                ET.SubElement(linear, "coordinates").text = _coordinates(coords)


def to_kml(rings: Sequence[Ring], *, title: str = "rangemap rings", areas: Sequence = ()) -> str:
    """The rings as a KML document: one Placemark per ring, one style per system.

    A system's colour is the one the map gives it (:func:`ranges.style.system_color`: its own,
    else the palette's by its order of appearance), as KML's ``aabbggrr``: opaque lines, fills
    with alpha ``FILL_ALPHA``. An annulus has its inner disk as an ``innerBoundaryIs``; a ring
    cut at the antimeridian is a ``MultiGeometry`` of its parts. ``areas`` (launch areas,
    :class:`ranges.geometry.areas.LaunchArea`) add a folder with their outlines.
    """
    ET.register_namespace("", KML_NS)
    kml = ET.Element(f"{{{KML_NS}}}kml")
    doc = ET.SubElement(kml, "Document")
    ET.SubElement(doc, "name").text = _xml_text(title)
    systems = {r.system.id: r.system for r in rings}
    for index, system in enumerate(systems.values()):
        color = system_color(system, index)
        style = ET.SubElement(doc, "Style", id=_style_id(system))
        line = ET.SubElement(style, "LineStyle")
        ET.SubElement(line, "color").text = _kml_color(color, 0xFF)
        ET.SubElement(line, "width").text = "2"
        poly = ET.SubElement(style, "PolyStyle")
        ET.SubElement(poly, "color").text = _kml_color(color, FILL_ALPHA)
    for ring in rings:
        system = ring.system
        mark = ET.SubElement(doc, "Placemark")
        ET.SubElement(mark, "name").text = _xml_text(f"{system.label} from {ring.label}")
        if ring.launch_area is not None:
            where = f"{ring.label} (launch area: {ring.launch_area.kind})"
        else:
            where = f"{ring.point.label} ({ring.point.lat:.4f}, {ring.point.lon:.4f})"
        # Google Earth shows a description as HTML: escape it as HTML text (then as XML).
        ET.SubElement(mark, "description").text = html_text(
            _xml_text(
                f"{system.label}: {ring.min_range_km:g}-{ring.max_range_km:g} km from "
                f"{where}; "
                f"area {ring.area.area_km2:,.0f} km2. Source: {_cited(system)}"
            )
        )
        ET.SubElement(mark, "styleUrl").text = f"#{_style_id(system)}"
        data = ET.SubElement(mark, "ExtendedData")
        for key, value in (
            ("system", system.system_id),
            ("variant", system.variant or ""),
            ("variant_name", system.variant_name or ""),
            ("launch", ring.label),
            ("min_range_km", f"{ring.min_range_km:g}"),
            ("max_range_km", f"{ring.max_range_km:g}"),
            ("area_km2", f"{ring.area.area_km2:.3f}"),
        ):
            item = ET.SubElement(data, "Data", name=key)
            ET.SubElement(item, "value").text = _xml_text(value)
        multi = ET.SubElement(mark, "MultiGeometry")
        for polygon in polygons_of(ring.area.geometry):
            kpoly = ET.SubElement(multi, "Polygon")
            ET.SubElement(kpoly, "tessellate").text = "1"
            for i, coords in enumerate(polygon):
                boundary = ET.SubElement(kpoly, "outerBoundaryIs" if i == 0 else "innerBoundaryIs")
                linear = ET.SubElement(boundary, "LinearRing")
                ET.SubElement(linear, "coordinates").text = _coordinates(coords)
    if areas:
        _area_placemarks(doc, areas)
    ET.indent(kml)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(kml, encoding="unicode") + "\n"


def write(data: ExportData) -> str:
    """The registry's writer: :func:`to_kml` of ``data.rings`` (and ``data.areas``)."""
    return to_kml(data.rings, areas=data.areas)


def _style_id(system: System) -> str:
    """The style's XML id: ``system-tomahawk`` (``system-tomahawk.block-iv`` for a variant: a
    colon has a meaning in an XML name)."""
    return f"system-{system.id.replace(':', '.')}"


def _cited(system: System) -> str:
    """The first source's title, then its publisher in brackets where it names one."""
    source = system.sources[0]
    return f"{source.title} ({source.publisher})" if source.publisher else source.title
