"""Target lists from files: CSV, GeoJSON, KML (docs/INTERFACES.md section 9).

* **CSV**: UTF-8 (a byte-order mark is allowed), a header row naming ``name``, ``lat`` or
  ``latitude``, ``lon``, ``longitude`` or ``lng`` (any case), optionally ``kind`` and
  ``country``; other columns are allowed and ignored by the measures. Blank lines are skipped.
* **GeoJSON** (``.geojson``, ``.json``): a FeatureCollection, a Feature or a bare geometry;
  each Point is a target, each MultiPoint one per position; the name from the property
  ``name``, the kind from ``kind``, the country from ``country``; features of other geometry
  types are skipped (a list is points).
* **KML**: each Placemark with a Point (``<name>`` its name; a ``<Data name="kind">`` or
  ``<ExtendedData>`` field ``kind``/``country`` if present). A DOCTYPE or entity is refused.

A blank name becomes the target's coordinates. Names, kinds and countries are cleaned
(:func:`ranges.targets.model.clean_text`); they stay untrusted text.

**Bad input: the list is refused whole.** One bad row (a coordinate that is not a number, out
of range, a missing field) makes the whole file fail with one
:class:`ranges.errors.TargetError` naming the file, the row (CSV: the line number a spreadsheet
shows, the header being row 1) or feature/placemark (counted from 1), and the field. Skipping
rows silently would measure a different list than the user gave; listing them and going on
would let a typo drop the one target that mattered.

**Limits** (each breach one ``TargetError``): ``MAX_ROWS`` targets a file; a CSV is read as a
stream, a line at a time, so a 1 GB file or 10 million rows never reaches memory whole: the
reader stops at the row past the limit (or at ``MAX_LINE_CHARS`` characters without a line
end); GeoJSON and KML are parsed whole, so their files are refused above ``MAX_DOC_BYTES``
before anything is read.
"""

from __future__ import annotations

import csv
import io
import json
import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import numpy as np

from ranges.errors import TargetError
from ranges.targets.model import TargetList, clean_text, default_name
from ranges.text import finite_number, quote

__all__ = [
    "MAX_DOC_BYTES",
    "MAX_LINE_CHARS",
    "MAX_ROWS",
    "read_csv",
    "read_geojson",
    "read_kml",
    "read_target_file",
    "targets_from_bytes",
]

MAX_ROWS = 100_000
"""Targets in one file (every open airfield of the world is 64,115)."""
MAX_LINE_CHARS = 65_536
"""Characters in one CSV line."""
MAX_DOC_BYTES = 32_000_000
"""Bytes of a GeoJSON or KML file (parsed whole)."""
_LAT_NAMES = ("lat", "latitude")
_LON_NAMES = ("lon", "longitude", "lng")
_MAX_DEPTH = 8
# Lines read before giving up on a CSV of mostly blank lines (or multi-line cells).
_MAX_LINES = 4 * MAX_ROWS


def _where(name: str) -> str:
    return f"file {quote(name)}"


def _coordinate(value: object, axis: str, limit: float, where: str) -> float:
    """A latitude or longitude (degrees) from a cell or a JSON value, else ``TargetError``."""
    if isinstance(value, bool) or value is None:
        number = None
    elif isinstance(value, int | float):
        number = float(value) if math.isfinite(value) else None
    else:
        number = finite_number(str(value))
    if number is None:
        shown = quote(str(value)) if value is not None else "nothing"
        raise TargetError(f"{where}, field {quote(axis)}: {shown} is not a number")
    if not -limit <= number <= limit:
        raise TargetError(
            f"{where}, field {quote(axis)}: {number:g} is outside [-{limit:g}, {limit:g}]"
        )
    return number + 0.0


# --- CSV ------------------------------------------------------------------------------------


def _lines(text: io.TextIOBase, name: str) -> Iterator[str]:
    """The lines of ``text``, each at most ``MAX_LINE_CHARS`` characters (a longer one is an
    error: a file of one endless line must not be read whole)."""
    line_no = 0
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        line_no += 1
        if line_no > _MAX_LINES:
            raise TargetError(f"{_where(name)} has more than {_MAX_LINES:,} lines (the limit)")
        if len(line) > MAX_LINE_CHARS and not line.endswith(("\n", "\r")):
            raise TargetError(
                f"{_where(name)}, line {line_no}: longer than {MAX_LINE_CHARS} characters"
            )
        yield line


def _column(header: list[str], names: tuple[str, ...], name: str, required: bool) -> int | None:
    found = [i for i, h in enumerate(header) if h in names]
    if len(found) > 1:
        raise TargetError(f"{_where(name)}, row 1: more than one column for {' / '.join(names)}")
    if not found:
        if required:
            raise TargetError(
                f"{_where(name)}, row 1: no column {' or '.join(quote(n) for n in names)}"
                " in the header"
            )
        return None
    return found[0]


def read_csv(stream: BinaryIO, name: str) -> TargetList:
    """The targets of a CSV list read from ``stream`` (bytes), a line at a time (see the module
    docstring for the columns, the limits and the errors)."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", errors="strict")
    try:
        return _read_csv(text, name)
    except UnicodeDecodeError:
        raise TargetError(f"{_where(name)} is not UTF-8 text") from None
    except csv.Error as exc:
        raise TargetError(f"{_where(name)}: not a readable CSV ({exc})") from None
    finally:
        text.detach()


def _read_csv(text: io.TextIOWrapper, name: str) -> TargetList:
    reader = csv.reader(_lines(text, name))
    header: list[str] | None = None
    for cells in reader:
        if any(c.strip() for c in cells):
            header = [c.strip().lower() for c in cells]
            break
    if header is None:
        raise TargetError(f"{_where(name)} is empty (no header row)")
    i_name = _column(header, ("name",), name, True)
    i_lat = _column(header, _LAT_NAMES, name, True)
    i_lon = _column(header, _LON_NAMES, name, True)
    i_kind = _column(header, ("kind",), name, False)
    i_country = _column(header, ("country",), name, False)
    width = len(header)
    names: list[str] = []
    kinds: list[str] = []
    countries: list[str] = []
    lats: list[float] = []
    lons: list[float] = []
    for cells in reader:
        row = reader.line_num  # the line the row ends on: a spreadsheet's row number
        if not any(c.strip() for c in cells):
            continue
        where = f"{_where(name)}, row {row}"
        if len(names) >= MAX_ROWS:
            raise TargetError(f"{_where(name)} holds more than {MAX_ROWS:,} targets (the limit)")
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            raise TargetError(f"{where}: {len(cells)} fields, the header has {width}")
        cells = cells + [""] * (width - len(cells))
        lat = _coordinate(cells[i_lat].strip(), header[i_lat], 90.0, where)
        lon = _coordinate(cells[i_lon].strip(), header[i_lon], 180.0, where)
        lats.append(lat)
        lons.append(lon)
        names.append(clean_text(cells[i_name]) or default_name(lat, lon))
        kinds.append(clean_text(cells[i_kind]) if i_kind is not None else "")
        countries.append(clean_text(cells[i_country]) if i_country is not None else "")
    return TargetList(names, kinds, countries, np.array(lats), np.array(lons), name)


# --- GeoJSON --------------------------------------------------------------------------------


def read_geojson(data: bytes, name: str) -> TargetList:
    """The targets of a GeoJSON list (see the module docstring)."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise TargetError(f"{_where(name)} is not UTF-8 text") from None
    except (json.JSONDecodeError, RecursionError):
        raise TargetError(f"{_where(name)} is not valid GeoJSON (not JSON)") from None
    out: list[tuple[float, float, str, str, str]] = []

    def text_of(props: dict, key: str) -> str:
        value = props.get(key)
        return clean_text(value) if isinstance(value, str | int | float) else ""

    def position(value: object, where: str) -> tuple[float, float]:
        if not isinstance(value, list) or len(value) < 2:
            raise TargetError(f"{where}, field 'coordinates': not a [lon, lat] position")
        lon = _coordinate(value[0], "longitude", 180.0, where)
        lat = _coordinate(value[1], "latitude", 90.0, where)
        return lat, lon

    def geometry(geom: object, props: dict, where: str, depth: int) -> None:
        if not isinstance(geom, dict) or depth > _MAX_DEPTH:
            raise TargetError(f"{where}, field 'geometry': not a GeoJSON geometry")
        kind = geom.get("type")
        coords = geom.get("coordinates")
        if kind == "Point":
            points = [position(coords, where)]
        elif kind == "MultiPoint":
            if not isinstance(coords, list):
                raise TargetError(f"{where}, field 'coordinates': not a list of positions")
            points = [position(p, where) for p in coords]
        elif kind == "GeometryCollection":
            for g in geom.get("geometries") or []:
                geometry(g, props, where, depth + 1)
            return
        else:
            return  # lines and polygons are not targets
        label = text_of(props, "name")
        for lat, lon in points:
            if len(out) >= MAX_ROWS:
                raise TargetError(
                    f"{_where(name)} holds more than {MAX_ROWS:,} targets (the limit)"
                )
            out.append(
                (
                    lat,
                    lon,
                    label or default_name(lat, lon),
                    text_of(props, "kind"),
                    text_of(props, "country"),
                )
            )

    def feature(obj: object, index: int) -> None:
        where = f"{_where(name)}, feature {index}"
        if not isinstance(obj, dict):
            raise TargetError(f"{where}: not a GeoJSON object")
        props = obj.get("properties") if isinstance(obj.get("properties"), dict) else {}
        if obj.get("geometry") is not None:
            geometry(obj["geometry"], props, where, 0)

    kind = doc.get("type") if isinstance(doc, dict) else None
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise TargetError(f"{_where(name)}, field 'features': not a list")
        for i, f in enumerate(features, 1):
            feature(f, i)
    elif kind == "Feature":
        feature(doc, 1)
    elif isinstance(kind, str):
        geometry(doc, {}, f"{_where(name)}, feature 1", 0)
    else:
        raise TargetError(f"{_where(name)} is JSON but not GeoJSON (no 'type')")
    return _from_tuples(out, name)


def _from_tuples(rows: list[tuple[float, float, str, str, str]], name: str) -> TargetList:
    return TargetList(
        [r[2] for r in rows],
        [r[3] for r in rows],
        [r[4] for r in rows],
        np.array([r[0] for r in rows], dtype=np.float64),
        np.array([r[1] for r in rows], dtype=np.float64),
        name,
    )


# --- KML ------------------------------------------------------------------------------------


def _local(el: ET.Element) -> str:
    return el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""


def read_kml(data: bytes, name: str) -> TargetList:
    """The targets of a KML list: every Placemark with a Point (see the module docstring)."""
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise TargetError(f"{_where(name)}: KML with a DOCTYPE or entities is refused")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise TargetError(f"{_where(name)} is not valid KML (XML error: {exc})") from None
    if _local(root) != "kml":
        raise TargetError(f"{_where(name)} is XML but not KML")
    out: list[tuple[float, float, str, str, str]] = []
    for index, mark in enumerate((el for el in root.iter() if _local(el) == "Placemark"), 1):
        where = f"{_where(name)}, placemark {index}"
        label = clean_text(next((c.text or "" for c in mark if _local(c) == "name"), ""))
        fields = {
            (el.get("name") or "").lower(): "".join(el.itertext())
            for el in mark.iter()
            if _local(el) in ("Data", "SimpleData")
        }
        for point in (el for el in mark.iter() if _local(el) == "Point"):
            text = next((c.text or "" for c in point.iter() if _local(c) == "coordinates"), "")
            items = text.strip().split(",")
            if len(items) < 2:
                raise TargetError(f"{where}, field 'coordinates': not lon,lat")
            lon = _coordinate(items[0].strip(), "longitude", 180.0, where)
            lat = _coordinate(items[1].strip(), "latitude", 90.0, where)
            if len(out) >= MAX_ROWS:
                raise TargetError(
                    f"{_where(name)} holds more than {MAX_ROWS:,} targets (the limit)"
                )
            out.append(
                (
                    lat,
                    lon,
                    label or default_name(lat, lon),
                    clean_text(fields.get("kind", "")),
                    clean_text(fields.get("country", "")),
                )
            )
    return _from_tuples(out, name)


# --- any file -------------------------------------------------------------------------------


def _kind_of(data_head: bytes, name: str) -> str:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("geojson", "json"):
        return "geojson"
    if suffix == "kml":
        return "kml"
    if suffix == "csv":
        return "csv"
    head = data_head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return {b"{": "geojson", b"[": "geojson", b"<": "kml"}.get(head, "csv")


def targets_from_bytes(data: bytes, name: str) -> TargetList:
    """The targets of a file's bytes (an upload); ``name`` (the file's name) chooses the reader
    by its extension (else the first character does: ``{`` GeoJSON, ``<`` KML, else CSV)."""
    kind = _kind_of(data[:64], name)
    if kind == "csv":
        return read_csv(io.BytesIO(data), name)
    if len(data) > MAX_DOC_BYTES:
        raise TargetError(f"{_where(name)} is {len(data):,} bytes; the limit is {MAX_DOC_BYTES:,}")
    return read_geojson(data, name) if kind == "geojson" else read_kml(data, name)


def read_target_file(path: Path) -> TargetList:
    """The targets of a file on disk: a CSV streamed a line at a time, a GeoJSON or KML file
    read whole if it is within ``MAX_DOC_BYTES``."""
    name = path.name
    try:
        with path.open("rb") as stream:
            kind = _kind_of(stream.peek(64)[:64] if hasattr(stream, "peek") else b"", name)
            if kind == "csv":
                return read_csv(stream, name)
            size = path.stat().st_size
            if size > MAX_DOC_BYTES:
                raise TargetError(
                    f"{_where(name)} is {size:,} bytes; the limit is {MAX_DOC_BYTES:,}"
                )
            data = stream.read(MAX_DOC_BYTES + 1)
    except OSError as exc:
        raise TargetError(f"cannot read {_where(name)}: {exc.strerror or exc}") from None
    if len(data) > MAX_DOC_BYTES:
        raise TargetError(f"{_where(name)} is larger than {MAX_DOC_BYTES:,} bytes (the limit)")
    return read_geojson(data, name) if kind == "geojson" else read_kml(data, name)
