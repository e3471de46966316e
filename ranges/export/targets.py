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
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

from ranges import arrowfn as pc
from ranges.export import ExportData
from ranges.export.cells import (
    bearing_cells,
    distance_cells,
    fixed_cells,
    float_cells,
    line_buffer,
    text_cells,
    text_scalar,
)
from ranges.reach.columns import arrow_array, arrow_strings
from ranges.targets.measure import TargetMeasures
from ranges.targets.table import TARGET_COLUMNS, target_table
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
_ROWS_PER_PART = 65_536
_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Two threads for the CSV's parts (the machines this runs on have two cores or more)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="targets-csv")
        return _POOL


def _measures(data: ExportData) -> TargetMeasures:
    measures = data.targets
    if not isinstance(measures, TargetMeasures):
        raise TypeError("ExportData.targets must hold TargetMeasures")
    return measures


def targets_csv_parts(measures: TargetMeasures) -> Iterator[bytes | memoryview]:
    """The CSV as UTF-8 parts of ``_ROWS_PER_PART`` rows each, every cell made by Arrow's
    vectorised kernels (``ranges.export.rows``' cells: the reach CSV's rules, spreadsheet-safe
    text quoted as the ``csv`` module would, floats as ``repr`` writes them). A Python loop over
    256,000 rows (every airfield x 4 systems) cost 2 s; this costs a tenth of it."""
    table = target_table(measures)
    t = measures.targets
    comma = text_scalar(",")
    prefix = pc.binary_join_element_wise(
        text_cells(arrow_strings(list(t.names))),
        text_cells(arrow_strings(list(t.kinds))),
        text_cells(arrow_strings(list(t.countries))),
        float_cells(np.asarray(t.lats, dtype=float)),
        float_cells(np.asarray(t.lons, dtype=float)),
        comma,
    )
    systems = pc.binary_join_element_wise(
        text_cells(arrow_strings([m.system.id for m in measures.systems])),
        arrow_strings([exact_number(m.system.max_range_km) for m in measures.systems]),
        comma,
    )
    labels = text_cells(arrow_strings([*measures.labels, ""]))
    flags = arrow_strings(["false\n", "true\n"])

    def lines(start: int) -> memoryview:
        part = slice(start, min(len(table), start + _ROWS_PER_PART))
        launch = table.launch[part]
        return line_buffer(
            pc.binary_join_element_wise(
                pc.take(prefix, arrow_array(table.target[part])),
                pc.take(systems, arrow_array(table.system[part])),
                pc.take(labels, arrow_array(np.where(launch < 0, len(measures.labels), launch))),
                distance_cells(_finite(table.distance_km[part])),  # fixed_cells' text, by lookup
                bearing_cells(table.bearing_deg[part]),
                fixed_cells(_finite(table.margin_km[part]), 3),
                pc.take(flags, arrow_array(table.in_range[part].astype(np.int64))),
                comma,
            )
        )

    yield (",".join(TARGET_COLUMNS) + "\n").encode("utf-8")
    starts = range(0, len(table), _ROWS_PER_PART)
    # Arrow's kernels release the GIL: the parts are made side by side, in order.
    yield from (_pool().map(lines, starts) if len(starts) > 1 else map(lines, starts))


def _finite(values: np.ndarray) -> np.ndarray:
    """Infinite values (no launch at all) as NaN: an empty cell."""
    return np.where(np.isfinite(values), values, np.nan)


def targets_csv(measures: TargetMeasures) -> str:
    """The targets table as CSV text."""
    return b"".join(bytes(part) for part in targets_csv_parts(measures)).decode("utf-8")


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


def write_csv_bytes(data: ExportData) -> Iterable[bytes | memoryview]:
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
