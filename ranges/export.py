"""Rings and reach tables written out for other tools and people.

* :func:`to_geojson`: RFC 7946 GeoJSON (INTERFACES.md section 2);
* :func:`to_kml`: KML for Google Earth, one styled placemark per ring;
* :func:`to_html`: a standalone HTML map, one file to email, built from the app's own folium
  layers (:mod:`ranges.mapview`);
* :func:`reach_csv` and :func:`reach_json`: the reach table (INTERFACES.md section 2).

Text from catalogues and users (names, labels, sources) is escaped for where it lands: by the
serialisers (``json``, ``xml.etree``, the ``csv`` writer of pandas) or, in HTML, by
:func:`ranges.text.html_text`; never pasted into markup by hand.
"""

from __future__ import annotations

import json
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from ranges.catalogue import System
from ranges.mapview import (
    DEFAULT_VIEW,
    base_map,
    display_geometry,
    legend_html,
    points_layer,
    ring_layers,
    system_color,
)
from ranges.places import LaunchPoint
from ranges.reach import REACH_COLUMNS
from ranges.rings import Ring, feature_collection
from ranges.scenario import View
from ranges.text import html_text

KML_NS = "http://www.opengis.net/kml/2.2"
FILL_ALPHA = 0x55
REACH_DECIMALS = {"distance_km": 3, "bearing_deg": 2}

# --- GeoJSON --------------------------------------------------------------------------------


def to_geojson(rings: Sequence[Ring], *, indent: int | None = None) -> str:
    """The rings as a GeoJSON FeatureCollection string (NaN and infinity are refused)."""
    return json.dumps(feature_collection(rings), indent=indent, allow_nan=False) + "\n"


# --- KML ------------------------------------------------------------------------------------

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


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    return geometry["coordinates"]


def _coordinates(ring: list[list[float]]) -> str:
    return " ".join(f"{lon:.7f},{lat:.7f},0" for lon, lat in ring)


def to_kml(rings: Sequence[Ring], *, title: str = "rangemap rings") -> str:
    """The rings as a KML document: one Placemark per ring, one style per system.

    A system's colour is the one the map gives it (:func:`ranges.mapview.system_color`: its own,
    else the palette's by its order of appearance), as KML's ``aabbggrr``: opaque lines, fills
    with alpha ``FILL_ALPHA``. An annulus has its inner disk as an ``innerBoundaryIs``; a ring
    cut at the antimeridian is a ``MultiGeometry`` of its parts.
    """
    ET.register_namespace("", KML_NS)
    kml = ET.Element(f"{{{KML_NS}}}kml")
    doc = ET.SubElement(kml, "Document")
    ET.SubElement(doc, "name").text = _xml_text(title)
    systems = {r.system.id: r.system for r in rings}
    for index, system in enumerate(systems.values()):
        color = system_color(system, index)
        style = ET.SubElement(doc, "Style", id=f"system-{system.id}")
        line = ET.SubElement(style, "LineStyle")
        ET.SubElement(line, "color").text = _kml_color(color, 0xFF)
        ET.SubElement(line, "width").text = "2"
        poly = ET.SubElement(style, "PolyStyle")
        ET.SubElement(poly, "color").text = _kml_color(color, FILL_ALPHA)
    for ring in rings:
        system = ring.system
        mark = ET.SubElement(doc, "Placemark")
        ET.SubElement(mark, "name").text = _xml_text(f"{system.name} from {ring.point.label}")
        # Google Earth shows a description as HTML: escape it as HTML text (then as XML).
        ET.SubElement(mark, "description").text = html_text(
            _xml_text(
                f"{system.name}: {ring.min_range_km:g}-{ring.max_range_km:g} km from "
                f"{ring.point.label} ({ring.point.lat:.4f}, {ring.point.lon:.4f}); "
                f"area {ring.area.area_km2:,.0f} km2. Source: {system.sources[0].title}"
            )
        )
        ET.SubElement(mark, "styleUrl").text = f"#system-{system.id}"
        data = ET.SubElement(mark, "ExtendedData")
        for key, value in (
            ("system", system.id),
            ("launch", ring.point.label),
            ("min_range_km", f"{ring.min_range_km:g}"),
            ("max_range_km", f"{ring.max_range_km:g}"),
            ("area_km2", f"{ring.area.area_km2:.3f}"),
        ):
            item = ET.SubElement(data, "Data", name=key)
            ET.SubElement(item, "value").text = _xml_text(value)
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


# --- HTML -----------------------------------------------------------------------------------

LEGEND_CSS = """
.rm-legend-box {background: rgba(255, 255, 255, 0.92); padding: 6px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); font: 13px/1.4 sans-serif; max-width: 22rem;}
.rm-title {font-weight: bold; margin-bottom: 4px;}
.rm-legend {display: flex; flex-direction: column; gap: 2px;}
.rm-legend-item {display: flex; align-items: center; gap: 6px;}
.rm-swatch {width: 12px; height: 12px; border-radius: 2px; display: inline-block;
  flex: none;}
.rm-note {margin-top: 4px; color: #555; font-size: 11px;}
"""


class MapLegend(MacroElement):
    """A box in a corner of the map (a Leaflet control) showing ``html``.

    ``html`` must already be safe markup (escaped with :func:`ranges.text.html_text`); it is put
    into the page as a JSON string, so it cannot end the script it is in.
    """

    _template = Template(
        """
        {% macro header(this, kwargs) %}
        <style>{{ this.css }}</style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "rm-legend-box");
                div.innerHTML = {{ this.html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                L.DomEvent.disableScrollPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, html: str, *, position: str = "bottomright", css: str = LEGEND_CSS):
        super().__init__()
        self._name = "MapLegend"
        self.html = html
        self.position = position
        self.css = css


def _bounds(rings: Sequence[Ring], points: Sequence[LaunchPoint]) -> list[list[float]] | None:
    """``[[south, west], [north, east]]`` of the rings as drawn (``display_geometry``: a ring
    across the antimeridian stays whole, so longitudes may pass 180), else of the points."""
    lats: list[float] = []
    lons: list[float] = []
    for ring in rings:
        geometry = display_geometry(ring.area.geometry, ring.point.lon)
        for polygon in _polygons(geometry):
            lons.extend(p[0] for p in polygon[0])
            lats.extend(p[1] for p in polygon[0])
    if not lats:
        lats = [p.lat for p in points]
        lons = [p.lon for p in points]
    if not lats:
        return None
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def to_html(
    rings: Sequence[Ring],
    systems: Sequence[System],
    points: Sequence[LaunchPoint],
    *,
    units: str = "km",
    opacity: float = 0.25,
    title: str = "rangemap",
) -> str:
    """A standalone HTML page with the map: the rings, the launch points and a legend.

    Built with the app's own layers (:mod:`ranges.mapview`): OpenStreetMap tiles, one layer per
    system in ``systems`` (the effective systems, range overrides applied, as the rings were
    built; their order gives the palette colours), a marker per launch point, a layer control,
    and a legend box with ``title`` inside the map; the view is fitted to the rings (or the
    points). Distances in the legend and tooltips are in ``units`` (km, mi or nmi); ``opacity``
    is the ring fill, 0 to 1.

    The rings are embedded, so the file needs nothing else from rangemap, but the page loads
    Leaflet and its plugins from folium's CDNs and the tiles from OpenStreetMap: it needs the
    internet to draw. The app's offline country borders are not included (the app serves them
    from its own static files, which a standalone file does not have).

    All text from catalogues and users is escaped (:func:`ranges.text.html_text`).
    """
    bounds = _bounds(rings, points)
    view = DEFAULT_VIEW
    if points:
        view = View(points[0].lat, points[0].lon, DEFAULT_VIEW.zoom)
    m = base_map(view, "osm")
    m.get_root().header.add_child(
        folium.Element(f"<title>{html_text(title)}</title>"), name="title"
    )
    for group in ring_layers(rings, systems, units, opacity):
        group.add_to(m)
    points_layer(points).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    note = "Range rings: true geodesics on the WGS-84 ellipsoid."
    MapLegend(
        f'<div class="rm-title">{html_text(title)}</div>'
        + legend_html(systems, units)
        + f'<div class="rm-note">{html_text(note)}</div>'
    ).add_to(m)
    if bounds is not None and bounds[0] != bounds[1]:  # (one point alone: the view above)
        m.fit_bounds(bounds)
    return m.get_root().render()


# --- the reach table ------------------------------------------------------------------------


def _reach_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The reach columns of ``rows``, in order, others dropped; distances and bearings rounded.

    Raises ``ValueError`` naming the missing columns (a table without rows may have none).
    """
    missing = [c for c in REACH_COLUMNS if c not in rows.columns]
    if missing:
        if len(rows) == 0:
            return pd.DataFrame({c: [] for c in REACH_COLUMNS})
        raise ValueError(f"reach rows lack the column(s) {', '.join(missing)}")
    table = rows.loc[:, list(REACH_COLUMNS)].copy()
    for column, decimals in REACH_DECIMALS.items():
        table[column] = table[column].round(decimals)
    table["bearing_deg"] = table["bearing_deg"] % 360.0  # 359.996 rounds to 360.0: that is 0
    return table


def reach_csv(rows: pd.DataFrame) -> str:
    """The reach table as CSV with a header row: the columns of :data:`REACH_COLUMNS` in order.

    Extra columns of ``rows`` are dropped; rows stay in the order given. ``distance_km`` is
    rounded to 3 decimals (1 m), ``bearing_deg`` to 2 (and kept in [0, 360): 359.996 is 0.0;
    empty when there is none, at distance 0);
    latitudes and longitudes are written as given. Lines end with ``\\n``. Text is quoted by the
    CSV rules only: a label such as ``=cmd`` is written as it is, so that the file reads back
    the same (a spreadsheet may take such a cell for a formula).
    """
    return _reach_table(rows).to_csv(index=False, lineterminator="\n")


def reach_json(rows: pd.DataFrame, *, indent: int | None = 1) -> str:
    """The reach table as a JSON list of objects, one per row (keys as :func:`reach_csv`).

    Values are JSON numbers and strings; a missing bearing (NaN: a city at the launch point) is
    ``null``. NaN or infinity anywhere else raises ``ValueError``.
    """
    records = _reach_table(rows).to_dict(orient="records")
    for record in records:
        for key, value in record.items():
            if key == "bearing_deg" and isinstance(value, float) and math.isnan(value):
                record[key] = None
            elif isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"reach rows: {key} is {value} (not a finite number)")
            if hasattr(value, "item"):  # a numpy scalar left by pandas
                record[key] = value.item()
    return json.dumps(records, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"
