"""The ``targets`` parameter of a link and a scenario file (docs/INTERFACES.md section 9).

Each value is a built-in set's name (``airfields``, ``airfields:military``) or one target as
``LAT,LON`` or ``LAT,LON,LABEL``; the field holds them as canonical text
(:func:`ranges.targets.sources.target_item`), sets first. A link carries the sets and the first
``MAX_LINK_TARGETS`` own targets, each as ``LAT,LON[,LABEL]``: a link drops their kinds and
countries (:func:`ranges.targets.sources.link_item`), so that an older reader still reads every
target. A scenario file carries them all (up to ``MAX_SCENARIO_TARGETS``), each own target as
``{lat, lon, label}`` and, where it has them, ``kind`` and ``country`` (an older reader ignores
those keys; a file without them is read as before).
"""

from __future__ import annotations

from ranges.errors import RangemapError
from ranges.scenario.reading import MAX_PARAM_CHARS, MAX_WARNINGS_PER_PARAM, Reading, quoted
from ranges.targets.model import clean_text
from ranges.targets.sources import (
    ITEM_SEP,
    MAX_LINK_TARGETS,
    MAX_SCENARIO_TARGETS,
    is_set_item,
    item_parts,
    link_item,
    target_item,
)
from ranges.text import number_text, type_name

__all__ = ["format_targets", "parse_targets", "targets_from_file", "targets_to_file"]


def parse_targets(values: list[str], reading: Reading) -> tuple[str, ...]:
    """The canonical items of the values: sets once each, then own targets (at most
    ``MAX_SCENARIO_TARGETS``); what cannot be read is dropped with a warning."""
    sets: list[str] = []
    own: list[str] = []
    dropped = 0
    for value in values:
        if not reading.from_file:
            # a link carries no kind or country (format_targets): the separator of one is a
            # control character in a link, refused as in a label
            value = value.replace(ITEM_SEP, "\x00")
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
    """The link's values: every set and the first ``MAX_LINK_TARGETS`` own targets, each as
    ``LAT,LON[,LABEL]`` (without kind and country)."""
    sets = [item for item in items if is_set_item(item)]
    own = [link_item(item) for item in items if not is_set_item(item)][:MAX_LINK_TARGETS]
    return [*sets, *own] or None


def targets_to_file(items: tuple[str, ...]) -> list[object]:
    """The file's value: set names as text, own targets as ``{lat, lon, label}`` plus ``kind``
    and ``country`` where the target has them."""
    out: list[object] = []
    for item in items:
        if is_set_item(item):
            out.append(item)
            continue
        point, kind, country = item_parts(item)
        entry = point.to_dict()
        if kind:
            entry["kind"] = kind
        if country:
            entry["country"] = country
        out.append(entry)
    return out


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _file_text(entry: object, where: str, warnings: list[str]) -> str:
    """A ``kind`` or ``country`` of a file's entry as clean text ("" if absent; warned and ""
    if it is not text)."""
    if entry is None:
        return ""
    if not isinstance(entry, str):
        warnings.append(f"{where} must be text (got a {type_name(entry)}); left out")
        return ""
    return clean_text(entry[: MAX_PARAM_CHARS + 1])


def targets_from_file(value: object, warnings: list[str]) -> list[str] | None:
    """A file's ``targets:`` list back as the link's values (the link's rules then apply)."""
    if value is None:
        return None
    if not isinstance(value, list):
        warnings.append(f"targets: expected a list (got a {type_name(value)}); dropped")
        return None
    out = []
    for i, entry in enumerate(value[: MAX_SCENARIO_TARGETS + 1]):
        if isinstance(entry, str):  # as a link's value: a separator in it is refused
            out.append(entry.replace(ITEM_SEP, "\x00"))
        elif (
            isinstance(entry, dict)
            and _is_number(entry.get("lat"))
            and _is_number(entry.get("lon"))
        ):
            label = entry.get("label")
            # fixed-point: "2e-05" would read as 2 east
            text = f"{number_text(float(entry['lat']))},{number_text(float(entry['lon']))}"
            if isinstance(label, str) and label.strip():
                # a separator in a label is a control character: refused as in a link
                text += "," + label.replace(ITEM_SEP, "\x00")
            kind = _file_text(entry.get("kind"), f"targets[{i}].kind", warnings)
            country = _file_text(entry.get("country"), f"targets[{i}].country", warnings)
            if kind or country:
                text += f"{ITEM_SEP}{kind}{ITEM_SEP}{country}"
            out.append(text)
        else:
            warnings.append(
                f"targets[{i}]: expected a set name or {{lat, lon, label, kind, country}}; dropped"
            )
    return out
