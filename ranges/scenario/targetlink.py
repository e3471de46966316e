"""The ``targets`` parameter of a link and a scenario file (docs/INTERFACES.md section 9).

Each value is a built-in set's name (``airfields``, ``airfields:military``) or one target as
``LAT,LON`` or ``LAT,LON,LABEL``; the field holds them as canonical text
(:func:`ranges.targets.sources.target_item`), sets first. A link carries the sets and the first
``MAX_LINK_TARGETS`` own targets; a scenario file carries them all (up to
``MAX_SCENARIO_TARGETS``), each own target as ``{lat, lon, label}``.
"""

from __future__ import annotations

from ranges.errors import RangemapError
from ranges.places.points import LaunchPoint
from ranges.scenario.reading import MAX_WARNINGS_PER_PARAM, Reading, quoted
from ranges.targets.sources import (
    MAX_LINK_TARGETS,
    MAX_SCENARIO_TARGETS,
    is_set_item,
    target_item,
)
from ranges.text import type_name

__all__ = ["format_targets", "parse_targets", "targets_from_file", "targets_to_file"]


def parse_targets(values: list[str], reading: Reading) -> tuple[str, ...]:
    """The canonical items of the values: sets once each, then own targets (at most
    ``MAX_SCENARIO_TARGETS``); what cannot be read is dropped with a warning."""
    sets: list[str] = []
    own: list[str] = []
    dropped = 0
    for value in values:
        try:
            item = target_item(value)
        except RangemapError as exc:
            dropped += 1
            if dropped <= MAX_WARNINGS_PER_PARAM:
                reading.warn(f"targets: {quoted(value)} dropped ({exc})")
            continue
        if is_set_item(item):
            if item not in sets:
                sets.append(item)
        elif len(own) < MAX_SCENARIO_TARGETS:
            own.append(item)
        elif len(own) == MAX_SCENARIO_TARGETS:
            reading.warn(f"targets: only the first {MAX_SCENARIO_TARGETS:,} targets are kept")
            own.append("")  # warned once
    if dropped > MAX_WARNINGS_PER_PARAM:
        reading.warn(f"targets: {dropped - MAX_WARNINGS_PER_PARAM} more targets dropped")
    return (*sets, *(item for item in own if item))


def format_targets(items: tuple[str, ...]) -> list[str] | None:
    """The link's values: every set and the first ``MAX_LINK_TARGETS`` own targets."""
    sets = [item for item in items if is_set_item(item)]
    own = [item for item in items if not is_set_item(item)][:MAX_LINK_TARGETS]
    return [*sets, *own] or None


def targets_to_file(items: tuple[str, ...]) -> list[object]:
    """The file's value: set names as text, own targets as ``{lat, lon, label}``."""
    out: list[object] = []
    for item in items:
        out.append(item if is_set_item(item) else LaunchPoint.from_query(item).to_dict())
    return out


def targets_from_file(value: object, warnings: list[str]) -> list[str] | None:
    """A file's ``targets:`` list back as the link's values (the link's rules then apply)."""
    if value is None:
        return None
    if not isinstance(value, list):
        warnings.append(f"targets: expected a list (got a {type_name(value)}); dropped")
        return None
    out = []
    for i, entry in enumerate(value[: MAX_SCENARIO_TARGETS + 1]):
        if isinstance(entry, str):
            out.append(entry)
        elif (
            isinstance(entry, dict)
            and isinstance(entry.get("lat"), int | float)
            and isinstance(entry.get("lon"), int | float)
        ):
            label = entry.get("label")
            text = f"{entry['lat']},{entry['lon']}"
            out.append(f"{text},{label}" if isinstance(label, str) and label.strip() else text)
        else:
            warnings.append(f"targets[{i}]: expected a set name or {{lat, lon, label}}; dropped")
    return out
