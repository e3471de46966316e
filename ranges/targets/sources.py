"""One entry point for a target list, whatever its form (docs/INTERFACES.md section 9).

:func:`load_targets` reads a built-in set name (``airfields``, ``airfields:military``), a link's
single target (``LAT,LON`` or ``LAT,LON,LABEL``, decimal degrees) or a file path (CSV, GeoJSON,
KML: :mod:`ranges.targets.files`). :func:`parse_target_query` is the link's form alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ranges.errors import PointError, TargetError
from ranges.places.points import LaunchPoint
from ranges.targets.airfields import SETS, builtin_set
from ranges.targets.files import read_target_file
from ranges.targets.model import TargetList, concat
from ranges.text import quote

__all__ = [
    "MAX_LINK_TARGETS",
    "MAX_LIST_TARGETS",
    "MAX_SCENARIO_TARGETS",
    "is_set_item",
    "load_target_lists",
    "load_targets",
    "parse_target_query",
    "target_item",
    "targets_of_items",
]

MAX_LIST_TARGETS = 200_000
"""Targets in all the lists of one command or session together."""
MAX_LINK_TARGETS = 100
"""Own targets a link carries (each ``LAT,LON,LABEL``, up to ~140 characters: 14 kB at most)."""
MAX_SCENARIO_TARGETS = 10_000
"""Own targets a scenario (a file, a session) holds besides the built-in sets."""


def parse_target_query(text: str) -> TargetList:
    """One target from a link's ``LAT,LON`` or ``LAT,LON,LABEL`` (everything after the second
    comma is the label), rounded as a launch point's; ``TargetError`` if it is not that form."""
    try:
        point = LaunchPoint.from_query(text)
    except PointError as exc:
        raise TargetError(f"target {quote(text)}: {exc}") from None
    label = "" if point.has_default_label else point.label
    return TargetList.of_points([(point.lat, point.lon, label)], source=text)


def _looks_like_coordinates(text: str) -> bool:
    head = text.split(",", 2)[:2]
    return len(head) == 2 and all(
        part.strip().lstrip("+-").replace(".", "", 1).isdigit() for part in head
    )


def load_targets(spec: str) -> TargetList:
    """The targets of one ``--targets`` value: a built-in set, ``LAT,LON[,LABEL]``, or a file."""
    text = spec.strip()
    if text.lower() in SETS:
        return builtin_set(text)
    if _looks_like_coordinates(text):
        return parse_target_query(text)
    path = Path(text).expanduser()
    if path.is_file():
        return read_target_file(path)
    if ":" in text and not path.suffix:
        return builtin_set(text)  # "airfields:x": names the sets in its message
    raise TargetError(
        f"no file {quote(text)}, and it is not a built-in set ({', '.join(SETS)}) nor LAT,LON"
    )


def load_target_lists(specs: Sequence[str]) -> TargetList:
    """Every list of ``specs`` as one (in order); ``TargetError`` past ``MAX_LIST_TARGETS``."""
    lists = [load_targets(spec) for spec in specs]
    total = sum(len(one) for one in lists)
    if total > MAX_LIST_TARGETS:
        raise TargetError(f"{total:,} targets in all; the limit is {MAX_LIST_TARGETS:,}")
    return concat(lists)


def is_set_item(item: str) -> bool:
    """True if a canonical item (:func:`target_item`) names a built-in set."""
    return item in SETS


def target_item(text: str) -> str:
    """The canonical text of one item of a scenario's targets: a built-in set's name (lower
    case), or one target's ``LAT,LON[,LABEL]`` rounded as a launch point's
    (:meth:`ranges.places.points.LaunchPoint.to_query`). ``TargetError`` for anything else."""
    key = text.strip().lower()
    if key in SETS:
        return key
    try:
        return LaunchPoint.from_query(text).to_query()
    except PointError as exc:
        raise TargetError(
            f"{quote(text)} is neither a built-in set ({', '.join(SETS)}) nor LAT,LON[,LABEL]"
            f" ({exc})"
        ) from None


def targets_of_items(items: Sequence[str]) -> TargetList:
    """The targets of canonical items: each set's targets, then the own targets, in order."""
    lists = [builtin_set(item) for item in items if is_set_item(item)]
    own = []
    for item in items:
        if not is_set_item(item):
            point = LaunchPoint.from_query(item)
            own.append((point.lat, point.lon, "" if point.has_default_label else point.label))
    if own:
        lists.append(TargetList.of_points(own, source="own targets"))
    return concat(lists)
