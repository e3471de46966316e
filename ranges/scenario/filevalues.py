"""One reader a row of the parameter table for a scenario file: a file's value -> the link's text.

A scenario file holds YAML values (lists, mappings, numbers, booleans); each reader here turns
its key's value into the text the link would carry (or None), warning about a value of the
wrong shape, so that :func:`ranges.scenario.link.parse_query` then applies the link's own rules
and warnings. Readers cap what they join at about ``MAX_PARAM_CHARS`` so a big file costs
little. The writing side (:func:`area_file_text`) is here too where it is not the field as it is.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ranges.scenario.arealink import area_link
from ranges.scenario.model import MAX_LAUNCH_AREAS, MAX_LAUNCH_POINTS
from ranges.scenario.reading import MAX_AREA_CHARS, MAX_PARAM_CHARS, some_of
from ranges.text import brief, number_text, type_name

if TYPE_CHECKING:
    from ranges.geometry.areas import LaunchArea

__all__ = [
    "area_file_text",
    "areas_from_file",
    "overrides_from_file",
    "points_from_file",
    "scalar_from_file",
    "switch_from_file",
    "systems_from_file",
    "target_from_file",
    "variants_from_file",
    "view_from_file",
]


def switch_from_file(key: str) -> Callable[[object, list[str]], str | None]:
    """A reader for a file's on/off value: true/false (YAML reads a bare on/off so) or text."""

    def read(value: object, warnings: list[str]) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return "on" if value else "off"
        if isinstance(value, str):
            return value
        warnings.append(f"{key}: expected true or false (got a {type_name(value)}); dropped")
        return None

    return read


_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _file_number(value: object) -> str | None:
    """A number of the file as parameter text; None if it is not a number.

    Integers are written in full and floats as ``repr`` (NaN and infinity as ``nan``, ``inf``,
    which :func:`parse_query` refuses); text that is a number (``1e5``, which YAML 1.1 reads as
    a string though JSON means a number) is taken as it is.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
        return value.strip()
    return None


def _file_coordinate(value: object) -> str | None:
    """A coordinate as fixed-point text (``parse_coordinates`` reads an ``e`` as east)."""
    text = _file_number(value)
    if text is None:
        return None
    number = float(text) if _NUMBER_TEXT.fullmatch(text) else math.nan
    return number_text(number)  # NaN and infinity as "nan", "inf": refused with a warning


def _capped_join(items: Iterable[str], sep: str = ",") -> str:
    """Items joined, but no longer than needed to exceed ``MAX_PARAM_CHARS`` (then dropped by
    :func:`parse_query` with its warning). Bounds the work on a big file."""
    out: list[str] = []
    length = 0
    for item in items:
        out.append(item[: MAX_PARAM_CHARS + 1])
        length += len(out[-1]) + len(sep)
        if length > MAX_PARAM_CHARS + 1:
            break
    return sep.join(out)


def systems_from_file(value: object, warnings: list[str]) -> str:
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, list):
        ids = [s for s in value if isinstance(s, str)]
        if len(ids) < len(value):
            warnings.append("systems: entries that are not text (system ids) dropped")
        return _capped_join(ids)
    warnings.append(f"systems: expected a list of ids (got a {type_name(value)})")
    return ""


def _point_from_file(value: object, where: str, warnings: list[str]) -> str | None:
    """``LAT,LON[,LABEL]`` from ``{lat, lon, label}`` (or that text itself); None if unusable."""
    if isinstance(value, str):
        return value[: MAX_PARAM_CHARS + 1]
    if not isinstance(value, dict):
        warnings.append(
            f"{where}: expected {{lat, lon, label}} (got a {type_name(value)}); dropped"
        )
        return None
    extra = [brief(k) for k in value if k not in ("lat", "lon", "label")]
    if extra:
        warnings.append(f"{where}: unknown key {some_of(extra)} ignored")
    lat, lon = _file_coordinate(value.get("lat")), _file_coordinate(value.get("lon"))
    if lat is None or lon is None:
        warnings.append(f"{where}: lat and lon must be numbers (decimal degrees); dropped")
        return None
    text = f"{lat},{lon}"
    label = value.get("label")
    if isinstance(label, str):
        if label.strip():
            text += "," + label[: MAX_PARAM_CHARS + 1]
    elif label is not None:
        warnings.append(
            f"{where}: label must be text (put it in quotes; got a {type_name(label)}); "
            "the coordinates are used"
        )
    return text


def points_from_file(value: object, warnings: list[str]) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        warnings.append(f"launch_points: expected a list (got a {type_name(value)}); dropped")
        return None
    if len(value) > MAX_LAUNCH_POINTS:
        warnings.append(
            f"launch_points: only the first {MAX_LAUNCH_POINTS} of {len(value)} are read"
        )
    texts = [
        _point_from_file(p, f"launch_points[{i}]", warnings)
        for i, p in enumerate(value[:MAX_LAUNCH_POINTS])
    ]
    return [t for t in texts if t is not None]


def area_file_text(area: LaunchArea) -> str:
    """An area's text in a scenario file: its plain ``FORM|LABEL`` (readable), or the link's
    compact form when the plain one would be over ``MAX_AREA_CHARS``."""
    plain = area.to_query()
    return plain if len(plain) <= MAX_AREA_CHARS else area_link(area)


def areas_from_file(value: object, warnings: list[str]) -> list[str] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        warnings.append(f"launch_areas: expected a list (got a {type_name(value)}); dropped")
        return None
    if len(value) > MAX_LAUNCH_AREAS:
        warnings.append(f"launch_areas: only the first {MAX_LAUNCH_AREAS} of {len(value)} are read")
    texts = []
    for i, item in enumerate(value[:MAX_LAUNCH_AREAS]):
        if isinstance(item, str):
            texts.append(item[: MAX_AREA_CHARS + 1])
        else:
            warnings.append(
                f"launch_areas[{i}]: expected text such as 'UKR' or 'line:LAT,LON;LAT,LON' "
                f"(got a {type_name(item)}); dropped"
            )
    return texts


def target_from_file(value: object, warnings: list[str]) -> str | None:
    return None if value is None else _point_from_file(value, "target", warnings)


def overrides_from_file(key: str) -> Callable[[object, list[str]], str | None]:
    def read(value: object, warnings: list[str]) -> str | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            warnings.append(
                f"{key}: expected a mapping of system id to km (got a {type_name(value)})"
            )
            return None
        items = []
        bad = []
        for system_id, number in value.items():
            text = _file_number(number)
            if not isinstance(system_id, str) or any(c in system_id for c in ",:") or text is None:
                bad.append(f"{brief(system_id)}: {brief(number)}")
            else:
                items.append(f"{system_id}:{text}")
        if bad:
            warnings.append(f"{key}: {some_of(bad)} dropped (expected ID: KM)")
        return _capped_join(items) or None

    return read


def variants_from_file(value: object, warnings: list[str]) -> str | None:
    """The link's ``variant`` text from the file's ``variants: {tomahawk: block-iv}``."""
    if value is None:
        return None
    if not isinstance(value, dict):
        warnings.append(
            f"variants: expected a mapping of system id to variant id (got a {type_name(value)})"
        )
        return None
    items, bad = [], []
    for system_id, variant_id in value.items():
        if (
            isinstance(system_id, str)
            and isinstance(variant_id, str)
            and not any(c in system_id + variant_id for c in ",:")
        ):
            items.append(f"{system_id}:{variant_id}")
        else:
            bad.append(f"{brief(system_id)}: {brief(variant_id)}")
    if bad:
        warnings.append(f"variants: {some_of(bad)} dropped (expected ID: VARIANT)")
    return _capped_join(items) or None


def view_from_file(value: object, warnings: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        extra = [brief(k) for k in value if k not in ("lat", "lon", "zoom")]
        if extra:
            warnings.append(f"view: unknown key {some_of(extra)} ignored")
        parts = [_file_number(value.get(k)) for k in ("lat", "lon", "zoom")]
        if all(p is not None for p in parts):
            return ",".join(parts)  # type: ignore[arg-type]
    warnings.append("view: expected {lat, lon, zoom} with numbers; dropped")
    return None


def scalar_from_file(key: str) -> Callable[[object, list[str]], str | None]:
    """A reader for a file value that is text or a number (units, opacity, base ...)."""

    def read(value: object, warnings: list[str]) -> str | None:
        if value is None:
            return None
        if isinstance(value, str):
            return value
        text = _file_number(value)
        if text is None:
            warnings.append(f"{key}: expected text or a number (got a {type_name(value)}); dropped")
        return text

    return read
