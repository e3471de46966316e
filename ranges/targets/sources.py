"""One entry point for a target list, whatever its form (docs/INTERFACES.md section 9).

:func:`load_targets` reads a built-in set name (``airfields``, ``airfields:military``), a link's
single target (``LAT,LON`` or ``LAT,LON,LABEL``, decimal degrees) or a file path (CSV, GeoJSON,
KML: :mod:`ranges.targets.files`). :func:`parse_target_query` is the link's form alone.

A scenario holds its targets as canonical items (:func:`target_item`): a set's name, or one own
target as ``LAT,LON[,LABEL]`` followed, when it has a kind or a country, by
``ITEM_SEP + KIND + ITEM_SEP + COUNTRY`` (``ITEM_SEP`` is U+001F, the unit separator). A label
never holds it (:func:`ranges.places.points.clean_label` refuses control characters) nor do a
kind and a country (:func:`ranges.targets.model.clean_text` turns them into spaces), so the
split is unambiguous. The link writes :func:`link_item`, the item without kind and country (an
older reader refuses a label with a control character, and would drop the target whole); the
scenario file writes them as the entry's ``kind`` and ``country`` keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ranges.errors import PointError, TargetError
from ranges.places.points import LaunchPoint
from ranges.targets.airfields import SETS, builtin_set
from ranges.targets.files import read_target_file
from ranges.targets.model import TargetList, clean_text, concat, default_name
from ranges.text import quote

__all__ = [
    "ITEM_SEP",
    "MAX_LINK_TARGETS",
    "MAX_LIST_TARGETS",
    "MAX_SCENARIO_TARGETS",
    "is_set_item",
    "item_parts",
    "link_item",
    "load_target_lists",
    "load_targets",
    "own_item",
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
ITEM_SEP = "\x1f"
"""Separates an own target's ``LAT,LON[,LABEL]`` from its kind and country in an item."""


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


def own_item(lat: float, lon: float, label: str = "", kind: str = "", country: str = "") -> str:
    """The canonical item of one own target: its point rounded as a launch point's (label cut
    to ``MAX_LABEL_CHARS``), then its kind and country, cleaned (:func:`clean_text`), if any.
    ``PointError`` for coordinates out of range or a label with control characters."""
    text = LaunchPoint.rounded(lat, lon, label).to_query()
    kind, country = clean_text(kind), clean_text(country)
    return f"{text}{ITEM_SEP}{kind}{ITEM_SEP}{country}" if kind or country else text


def item_parts(item: str) -> tuple[LaunchPoint, str, str]:
    """An own target's item as its point, kind and country ("" where it has none). Parts
    after the country are ignored (room for later fields). ``PointError`` if the point is not
    ``LAT,LON[,LABEL]``."""
    head, *rest = item.split(ITEM_SEP)
    point = LaunchPoint.from_query(head)
    kind = clean_text(rest[0]) if rest else ""
    country = clean_text(rest[1]) if len(rest) > 1 else ""
    return point, kind, country


def link_item(item: str) -> str:
    """An item as a link writes it: a set's name, or ``LAT,LON[,LABEL]`` (kind and country
    travel in the scenario file only)."""
    return item.split(ITEM_SEP, 1)[0]


def target_item(text: str) -> str:
    """The canonical text of one item of a scenario's targets: a built-in set's name (lower
    case), or one target's ``LAT,LON[,LABEL]`` rounded as a launch point's
    (:meth:`ranges.places.points.LaunchPoint.to_query`), with its kind and country if it has
    them (:func:`own_item`). ``TargetError`` for anything else."""
    key = text.strip().lower()
    if key in SETS:
        return key
    try:
        point, kind, country = item_parts(text)
        label = "" if point.has_default_label else point.label
        return own_item(point.lat, point.lon, label, kind, country)
    except PointError as exc:
        raise TargetError(
            f"{quote(text)} is neither a built-in set ({', '.join(SETS)}) nor LAT,LON[,LABEL]"
            f" ({exc})"
        ) from None


def targets_of_items(items: Sequence[str]) -> TargetList:
    """The targets of canonical items: each set's targets, then the own targets (with their
    kinds and countries), in order."""
    lists = [builtin_set(item) for item in items if is_set_item(item)]
    names, kinds, countries, lats, lons = [], [], [], [], []
    for item in items:
        if not is_set_item(item):
            point, kind, country = item_parts(item)
            has_label = not point.has_default_label
            names.append(point.label if has_label else default_name(point.lat, point.lon))
            kinds.append(kind)
            countries.append(country)
            lats.append(point.lat)
            lons.append(point.lon)
    if names:
        lists.append(
            TargetList(names, kinds, countries, np.array(lats), np.array(lons), "own targets")
        )
    return concat(lists)
