"""The targets table (CSV, JSON) and the targets as GeoJSON points and KML placemarks.

The table is :func:`ranges.targets.table.target_table` (docs/INTERFACES.md section 9): CSV with
a header row, text cells spreadsheet-safe (section 7), numbers as numbers, ``in_range`` as
``true``/``false``, an empty ``bearing_deg`` at distance 0; JSON a list of objects with numbers
as numbers, ``bearing_deg`` null where empty and ``in_range`` a boolean.

GeoJSON: a FeatureCollection with one Point feature per target, properties ``name``, ``kind``,
``country``, ``in_range_of`` (the ids of the systems that reach it) and ``systems`` (per system
id: ``launch``, ``distance_km``, ``bearing_deg``, ``margin_km``, ``in_range``). KML: one
placemark per target, styled solid when some system reaches it and hollow otherwise, its
measures in ``ExtendedData``. Names are untrusted: the serialisers escape them (``json``,
``csv``, ``xml.etree``).

``ExportData.targets`` holds the :class:`ranges.targets.measure.TargetMeasures`.
"""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from ranges.export import ExportData, spreadsheet_safe
from ranges.targets.measure import TargetMeasures
from ranges.targets.table import TARGET_COLUMNS, TargetTable, target_table
from ranges.text import exact_number

__all__ = [
    "targets_csv",
    "targets_geojson",
    "targets_json",
    "targets_kml",
    "write_csv",
    "write_csv_bytes",
    "write_geojson",
    "write_json",
    "write_kml",
]

KML_NS = "http://www.opengis.net/kml/2.2"
_ROWS_PER_PART = 20_000


def _measures(data: ExportData) -> TargetMeasures:
    measures = data.targets
    if not isinstance(measures, TargetMeasures):
        raise TypeError("ExportData.targets must hold TargetMeasures")
    return measures


_QUOTE_WHEN = (",", '"', "\n", "\r")


def _text(value: str) -> str:
    """A text cell: spreadsheet-safe (section 7), quoted as RFC 4180 asks when it holds a
    comma, a quote or a line break of either kind (Python's ``csv`` leaves a bare CR unquoted
    when lines end in LF, which breaks the file for every reader)."""
    value = spreadsheet_safe(value)
    if any(c in value for c in _QUOTE_WHEN):
        return '"' + value.replace('"', '""') + '"'
    return value


def _number(value: float) -> str:
    return "" if math.isnan(value) else repr(float(value))


def _csv_lines(table: TargetTable, start: int, stop: int) -> Iterator[str]:
    m = table.measures
    t = m.targets
    safe_names: dict[int, str] = {}
    systems = [f"{_text(s.system.id)},{exact_number(s.system.max_range_km)}" for s in m.systems]
    labels = [_text(label) for label in m.labels] + [""]
    target = table.target[start:stop].tolist()
    system = table.system[start:stop].tolist()
    launch = table.launch[start:stop].tolist()
    dist = table.distance_km[start:stop].tolist()
    bearing = table.bearing_deg[start:stop].tolist()
    margin = table.margin_km[start:stop].tolist()
    in_range = table.in_range[start:stop].tolist()
    lats, lons = t.lats, t.lons
    for i in range(len(target)):
        row = target[i]
        cells = safe_names.get(row)
        if cells is None:
            cells = safe_names[row] = (
                f"{_text(t.names[row])},{_text(t.kinds[row])},{_text(t.countries[row])},"
                f"{float(lats[row])!r},{float(lons[row])!r}"
            )
        yield (
            f"{cells},{systems[system[i]]},{labels[launch[i]]},{_number(dist[i])},"
            f"{_number(bearing[i])},{_number(margin[i])},{'true' if in_range[i] else 'false'}\n"
        )


def targets_csv_parts(measures: TargetMeasures) -> Iterator[bytes]:
    """The CSV as UTF-8 parts of about ``_ROWS_PER_PART`` rows each."""
    table = target_table(measures)
    yield (",".join(TARGET_COLUMNS) + "\n").encode("utf-8")
    for start in range(0, len(table), _ROWS_PER_PART):
        stop = min(len(table), start + _ROWS_PER_PART)
        yield "".join(_csv_lines(table, start, stop)).encode("utf-8")


def targets_csv(measures: TargetMeasures) -> str:
    """The targets table as CSV text."""
    return b"".join(targets_csv_parts(measures)).decode("utf-8")


def _json_value(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def targets_records(measures: TargetMeasures) -> list[dict[str, Any]]:
    """The table's rows as JSON-ready dicts, in order."""
    table = target_table(measures)
    t = measures.targets
    labels = [*measures.labels, None]
    out = []
    for row, j, k, d, b, mg, ok in zip(
        table.target.tolist(),
        table.system.tolist(),
        table.launch.tolist(),
        table.distance_km.tolist(),
        table.bearing_deg.tolist(),
        table.margin_km.tolist(),
        table.in_range.tolist(),
        strict=True,
    ):
        system = measures.systems[j].system
        out.append(
            {
                "target": t.names[row],
                "kind": t.kinds[row],
                "country": t.countries[row],
                "latitude": float(t.lats[row]),
                "longitude": float(t.lons[row]),
                "system": system.id,
                "max_range_km": system.max_range_km,
                "launch": labels[k],
                "distance_km": _json_value(d),
                "bearing_deg": _json_value(b),
                "margin_km": _json_value(mg),
                "in_range": bool(ok),
            }
        )
    return out


def targets_json(measures: TargetMeasures) -> str:
    """The targets table as a JSON list of objects."""
    return json.dumps(targets_records(measures), ensure_ascii=False, allow_nan=False) + "\n"


def _per_target(measures: TargetMeasures, row: int) -> dict[str, dict[str, Any]]:
    out = {}
    for m in measures.systems:
        d = float(m.distance_m[row]) / 1e3
        b = float(m.bearing_deg[row])
        k = int(m.launch[row])
        out[m.system.id] = {
            "launch": measures.labels[k] if k >= 0 else None,
            "distance_km": round(d, 3) if math.isfinite(d) else None,
            "bearing_deg": None if math.isnan(b) else round(b, 2) % 360.0,
            "margin_km": round(m.system.max_range_km - d, 3) if math.isfinite(d) else None,
            "in_range": bool(m.in_range[row]),
        }
    return out


def targets_geojson(measures: TargetMeasures) -> str:
    """The targets as a GeoJSON FeatureCollection of points (see the module docstring)."""
    t = measures.targets
    reached = (
        np.vstack([m.in_range for m in measures.systems])
        if measures.systems
        else np.zeros((0, len(t)), dtype=bool)
    )
    ids = [m.system.id for m in measures.systems]
    features = []
    for row in range(len(t)):
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(t.lons[row]), float(t.lats[row])],
                },
                "properties": {
                    "name": t.names[row],
                    "kind": t.kinds[row],
                    "country": t.countries[row],
                    "in_range_of": [ids[j] for j in np.flatnonzero(reached[:, row])],
                    "systems": _per_target(measures, row),
                },
            }
        )
    return (
        json.dumps(
            {"type": "FeatureCollection", "features": features},
            ensure_ascii=False,
            allow_nan=False,
        )
        + "\n"
    )


def _xml_text(text: object) -> str:
    """Text an XML reader can hold: characters XML 1.0 cannot (controls) become U+FFFD."""
    return "".join(
        c
        if c in "\t\n" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd") or c > "\uffff"
        else "\ufffd"
        for c in str(text)
    )


def targets_kml(measures: TargetMeasures) -> str:
    """The targets as KML placemarks (see the module docstring)."""
    ET.register_namespace("", KML_NS)
    ns = f"{{{KML_NS}}}"
    kml = ET.Element(f"{ns}kml")
    doc = ET.SubElement(kml, f"{ns}Document")
    ET.SubElement(doc, f"{ns}name").text = "rangemap targets"
    for style_id, fill in (("target-in-range", "1"), ("target-out-of-range", "0")):
        style = ET.SubElement(doc, f"{ns}Style", id=style_id)
        icon_style = ET.SubElement(style, f"{ns}IconStyle")
        ET.SubElement(icon_style, f"{ns}color").text = "ff1c1cd6" if fill == "1" else "80ffffff"
        icon = ET.SubElement(icon_style, f"{ns}Icon")
        ET.SubElement(
            icon, f"{ns}href"
        ).text = "http://maps.google.com/mapfiles/kml/shapes/target.png"
    t = measures.targets
    for row in range(len(t)):
        per = _per_target(measures, row)
        reached = any(v["in_range"] for v in per.values())
        mark = ET.SubElement(doc, f"{ns}Placemark")
        ET.SubElement(mark, f"{ns}name").text = _xml_text(t.names[row])
        ET.SubElement(mark, f"{ns}styleUrl").text = (
            "#target-in-range" if reached else "#target-out-of-range"
        )
        data = ET.SubElement(mark, f"{ns}ExtendedData")
        fields = {"kind": t.kinds[row], "country": t.countries[row]}
        for sid, v in per.items():
            fields[f"{sid}_in_range"] = "true" if v["in_range"] else "false"
            fields[f"{sid}_margin_km"] = "" if v["margin_km"] is None else repr(v["margin_km"])
            fields[f"{sid}_launch"] = v["launch"] or ""
        for key, value in fields.items():
            item = ET.SubElement(data, f"{ns}Data", name=_xml_text(key))
            ET.SubElement(item, f"{ns}value").text = _xml_text(value)
        point = ET.SubElement(mark, f"{ns}Point")
        ET.SubElement(
            point, f"{ns}coordinates"
        ).text = f"{float(t.lons[row]):.7f},{float(t.lats[row]):.7f},0"
    return ET.tostring(kml, encoding="unicode", xml_declaration=True) + "\n"


def write_csv(data: ExportData) -> str:
    """The registry's writer: the targets table as CSV."""
    return targets_csv(_measures(data))


def write_csv_bytes(data: ExportData) -> Iterable[bytes]:
    """The registry's streaming writer: the same CSV as UTF-8 parts."""
    return targets_csv_parts(_measures(data))


def write_json(data: ExportData) -> str:
    """The registry's writer: the targets table as JSON."""
    return targets_json(_measures(data))


def write_geojson(data: ExportData) -> str:
    """The registry's writer: the targets as GeoJSON points."""
    return targets_geojson(_measures(data))


def write_kml(data: ExportData) -> str:
    """The registry's writer: the targets as KML placemarks."""
    return targets_kml(_measures(data))
