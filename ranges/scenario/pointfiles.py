"""Launch points from a file: a CSV of ``lat,lon,label`` rows, GeoJSON Points, KML Placemarks.

The files are the target lists' (:mod:`ranges.targets.files`, docs/INTERFACES.md section 9),
read by the same readers with the same checks and messages (naming the file, the row, feature
or placemark, and the field): a CSV names its columns in a header row, ``lat``/``latitude`` and
``lon``/``longitude``/``lng`` and optionally ``label`` (or ``name``; any case); a GeoJSON file's
Points (``properties.name`` the label), a KML file's Placemarks with a Point (``<name>``).
Lines, polygons and placemarks without a point are skipped (those are ``--area`` files).

**Limits**: ``MAX_POINTS_FILE_BYTES`` bytes a file and the scenario's ``MAX_LAUNCH_POINTS``
points, the link's limit (a file with more is refused whole, as one bad row refuses it: a list
cut short would draw a different picture than the user gave). The points are the file's, in
its order: the app adds them one by one, each checked against those there already
(``ranges.places.points.DUPLICATE_M``); the command line keeps them as given, as ``--from``.
Coordinates are rounded as a link's are (``LaunchPoint.rounded``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from ranges.errors import PointError, TargetError
from ranges.places.points import LaunchPoint
from ranges.scenario.model import MAX_LAUNCH_POINTS
from ranges.targets.files import targets_from_bytes
from ranges.targets.model import default_name
from ranges.text import quote

__all__ = ["MAX_POINTS_FILE_BYTES", "PointsFile", "points_from_bytes", "read_points_file"]

MAX_POINTS_FILE_BYTES = 1_000_000
"""Bytes of a launch points file (50 points take a few kB even as KML)."""


@dataclass(frozen=True)
class PointsFile:
    """The launch points of a file, in its order, and its ``name``."""

    points: tuple[LaunchPoint, ...]
    name: str


def _where(name: str) -> str:
    return f"file {quote(name)}"


def _label_as_name(data: bytes) -> bytes:
    """A CSV whose header names ``label`` (and no ``name``) with that column called ``name``,
    or given an empty ``name`` column when it has neither, for the target reader. The header
    stays one line, so every row keeps the number a spreadsheet shows."""
    start = 0
    while start < len(data):
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end + 1
        line = data[start:end]
        if line.strip(b"\xef\xbb\xbf \t\r\n,"):
            break
        start = end
    else:
        return data
    bom = b"\xef\xbb\xbf" if line.startswith(b"\xef\xbb\xbf") else b""
    try:
        text = line[len(bom) :].decode("utf-8")
    except UnicodeDecodeError:
        return data  # the reader says so, with the file's name
    ending = text[len(text.rstrip("\r\n")) :]
    cells = next(csv.reader([text.rstrip("\r\n")]), [])
    lowered = [c.strip().lower() for c in cells]
    if "name" in lowered:
        return data
    if "label" in lowered:
        cells[lowered.index("label")] = "name"
    else:
        cells.append("name")
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return data[:start] + bom + (out.getvalue() + ending).encode("utf-8") + data[end:]


def _is_csv(data: bytes, name: str) -> bool:
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in ("geojson", "json", "kml"):
        return False
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    return suffix == "csv" or head not in (b"{", b"[", b"<")


def points_from_bytes(data: bytes, name: str) -> PointsFile:
    """The launch points of a file's bytes (an upload); ``name`` (the file's) chooses the
    reader by its extension, else by its first character. Raises :class:`PointError` naming
    the file (and row, feature or placemark, and field) for anything wrong, or for more than
    ``MAX_LAUNCH_POINTS`` points."""
    if len(data) > MAX_POINTS_FILE_BYTES:
        raise PointError(
            f"{_where(name)} is {len(data):,} bytes; the limit is {MAX_POINTS_FILE_BYTES:,}"
        )
    if _is_csv(data, name):
        data = _label_as_name(data)
    try:
        targets = targets_from_bytes(data, name)
    except TargetError as exc:
        raise PointError(str(exc)) from None
    if not len(targets.lats):
        raise PointError(
            f"{_where(name)} holds no launch points (CSV rows with lat and lon, GeoJSON "
            "Points, KML Placemarks with a Point)"
        )
    read = []
    for i, (lat, lon, label) in enumerate(
        zip(targets.lats.tolist(), targets.lons.tolist(), targets.names, strict=True), 1
    ):
        try:
            read.append(
                LaunchPoint.rounded(lat, lon, "" if label == default_name(lat, lon) else label)
            )
        except PointError as exc:
            raise PointError(f"{_where(name)}, point {i}: {exc}") from None
    if len(read) > MAX_LAUNCH_POINTS:
        raise PointError(
            f"{_where(name)} holds {len(read)} launch points; "
            f"the limit is {MAX_LAUNCH_POINTS} (a link's)"
        )
    return PointsFile(tuple(read), name)


def read_points_file(path: Path) -> PointsFile:
    """:func:`points_from_bytes` of a file on disk (read only up to the size limit)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_POINTS_FILE_BYTES + 1)
    except OSError as exc:
        raise PointError(f"cannot read {_where(path.name)}: {exc.strerror or exc}") from None
    if len(data) > MAX_POINTS_FILE_BYTES:
        raise PointError(
            f"{_where(path.name)} is larger than {MAX_POINTS_FILE_BYTES:,} bytes (the limit)"
        )
    return points_from_bytes(data, path.name)
