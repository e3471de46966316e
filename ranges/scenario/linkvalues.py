"""One parser and one formatter a row of the parameter table: a link's text <-> a field's value.

Each ``parse_*`` takes the values of its parameter (every value of a repeated parameter, else
at most the last one; an empty list when it is absent) and a
:class:`~ranges.scenario.reading.Reading`, and returns the value of its
:class:`~ranges.scenario.model.Scenario` field, warning about what it drops; none raises. The
formatters write a field's value back as link text, or None to leave a default out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ranges.catalogue.fields import SELECT_ALL
from ranges.catalogue.systems import System
from ranges.errors import PointError, RangemapError
from ranges.geometry.geodesy import MAX_RADIUS_KM
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.points import LaunchPoint
from ranges.scenario.arealink import plain_text
from ranges.scenario.model import (
    DEFAULT_OPACITY,
    MAX_LAUNCH_AREAS,
    MAX_LAUNCH_POINTS,
    MAX_POPULATION,
    MAX_SYSTEMS,
    MAX_ZOOM,
    RANGE_DECIMALS,
    View,
)
from ranges.scenario.reading import MAX_WARNINGS_PER_PARAM, Reading, or_list, quoted, some_of
from ranges.text import finite_number, number_text

if TYPE_CHECKING:
    from ranges.geometry.areas import LaunchArea

__all__ = [
    "as_is",
    "one_of",
    "overrides_text",
    "parse_areas",
    "parse_max_ranges",
    "parse_min_ranges",
    "parse_opacity",
    "parse_points",
    "parse_population",
    "parse_switch",
    "parse_systems",
    "parse_target",
    "parse_variants",
    "parse_view",
    "unless_default",
    "variants_text",
]


# --- reading: one parser a row --------------------------------------------------------------


def parse_systems(values: list[str], reading: Reading) -> tuple[str, ...]:
    systems: list[str] = []
    unknown: list[str] = []
    for value in values:
        for item in filter(None, (p.strip().lower() for p in value.split(","))):
            if item not in reading.known:
                unknown.append(item)
            elif item not in systems:
                systems.append(item)
    if unknown:
        reading.warn(f"systems: unknown system {some_of(unknown)} dropped")
    if len(systems) > MAX_SYSTEMS:
        reading.warn(f"systems: only the first {MAX_SYSTEMS} are shown")
        systems = systems[:MAX_SYSTEMS]
    return tuple(s for s in reading.catalogue.ids if s in systems)


def parse_points(values: list[str], reading: Reading) -> tuple[LaunchPoint, ...]:
    points: list[LaunchPoint] = []
    dropped: list[str] = []
    for value in values:
        if len(points) >= MAX_LAUNCH_POINTS:
            reading.warn(f"from: only the first {MAX_LAUNCH_POINTS} launch points are kept")
            break
        try:
            points.append(LaunchPoint.from_query(value))
        except (PointError, ValueError) as exc:
            dropped.append(value)
            if len(dropped) <= MAX_WARNINGS_PER_PARAM:
                reading.warn(f"from: {quoted(value)} dropped ({exc})")
    if len(dropped) > MAX_WARNINGS_PER_PARAM:
        reading.warn(f"from: {len(dropped) - MAX_WARNINGS_PER_PARAM} more points dropped")
    return tuple(points)


def parse_areas(values: list[str], reading: Reading) -> tuple[LaunchArea, ...]:
    """Launch areas (``docs/INTERFACES.md`` section 4, or the compact link form of
    :mod:`ranges.scenario.arealink`), each read by :func:`ranges.geometry.areas.parse_area`."""
    if not values:
        return ()
    from ranges.geometry.areas import parse_area  # loads the borders: only when a link has areas

    # The ``borders`` row comes before this one in the table: its value is read by now.
    borders = reading.fields.get("borders", DEFAULT_EDITION)
    areas: list[LaunchArea] = []
    dropped = 0
    for value in values:
        if len(areas) >= MAX_LAUNCH_AREAS:
            reading.warn(f"area: only the first {MAX_LAUNCH_AREAS} launch areas are kept")
            break
        try:
            area = parse_area(plain_text(value.strip()), borders=borders)
        except (RangemapError, ValueError) as exc:
            dropped += 1
            if dropped <= MAX_WARNINGS_PER_PARAM:
                reading.warn(f"area: {quoted(value)} dropped ({exc})")
            continue
        areas.append(area)
    if dropped > MAX_WARNINGS_PER_PARAM:
        reading.warn(f"area: {dropped - MAX_WARNINGS_PER_PARAM} more areas dropped")
    return tuple(areas)


def _parse_overrides(values: list[str], key: str, reading: Reading) -> dict[str, float]:
    """``ID:KM`` items of every value of ``key`` (a later item for the same id wins)."""
    out: dict[str, float] = {}
    unknown: list[str] = []
    bad: list[str] = []
    repeated: list[str] = []
    for text in values:
        for item in filter(None, (p.strip() for p in text.split(","))):
            system_id, sep, number = item.partition(":")
            system_id = system_id.strip().lower()
            value = finite_number(number) if sep else None
            if system_id not in reading.known:
                unknown.append(system_id)
            elif value is None or not (0.0 <= value <= MAX_RADIUS_KM):
                bad.append(item)
            else:
                if system_id in out:
                    repeated.append(system_id)
                out[system_id] = round(value, RANGE_DECIMALS)
    if unknown:
        reading.warn(f"{key}: unknown system {some_of(unknown)} dropped")
    if bad:
        reading.warn(
            f"{key}: {some_of(bad)} dropped (expected ID:KM with KM in 0-{MAX_RADIUS_KM:g})"
        )
    if repeated:
        reading.warn(
            f"{key}: {some_of(sorted(set(repeated)))} given more than once; the last is used"
        )
    return out


def parse_variants(values: list[str], reading: Reading) -> tuple[tuple[str, str], ...]:
    """``ID:VARIANT`` items (``tomahawk:block-iv``, or ``tomahawk:all``: every figure), the
    figure drawn per system (docs/INTERFACES.md section 1); a later item for the same id wins."""
    out: dict[str, str] = {}
    dropped: list[str] = []
    for text in values:
        for item in filter(None, (p.strip() for p in text.split(","))):
            system_id, _, choice = (part.strip().lower() for part in item.partition(":"))
            system = reading.known.get(system_id)
            if system is None:
                dropped.append(f"{quoted(item)} (unknown system)")
            elif choice != SELECT_ALL and not any(v.id == choice for v in system.variants):
                known = ", ".join([*(v.id for v in system.variants), SELECT_ALL])
                dropped.append(f"{quoted(item)} (variants of {system_id}: {known})")
            else:
                out[system_id] = choice
    if dropped:
        shown = "; ".join(dropped[:MAX_WARNINGS_PER_PARAM])
        more = len(dropped) - MAX_WARNINGS_PER_PARAM
        reading.warn(f"variant: {shown}{f' and {more} more' if more > 0 else ''} dropped")
    return tuple(sorted(out.items()))


def variants_text(items: Iterable[tuple[str, str]]) -> str | None:
    """The link's ``variant`` value: ``atacms:mid-range,tomahawk:all``; None when none chosen."""
    return ",".join(f"{k}:{v}" for k, v in items) or None


def _figure(system_id: str, reading: Reading) -> System:
    """The figure a system shows by the ``variant`` row (read before the ranges)."""
    system = reading.known[system_id]
    choice = dict(reading.fields.get("variants", ())).get(system_id)
    return system.as_variant(choice) if choice and choice != SELECT_ALL else system


def parse_max_ranges(values: list[str], reading: Reading) -> tuple[tuple[str, float], ...]:
    maxes = _parse_overrides(values, "range", reading)
    for system_id, value in list(maxes.items()):
        if value <= 0:
            reading.warn(f"range: {system_id} must be above 0 km; catalogue figure used")
            del maxes[system_id]
    return tuple(sorted(maxes.items()))


def parse_min_ranges(values: list[str], reading: Reading) -> tuple[tuple[str, float], ...]:
    """Minimum ranges; each must be below its system's maximum (the ``range`` row, read
    before this one, or the catalogue's)."""
    mins = _parse_overrides(values, "min", reading)
    maxes = dict(reading.fields.get("max_range_km", ()))
    for system_id, value in list(mins.items()):
        top = maxes.get(system_id, _figure(system_id, reading).max_range_km)
        if value >= top:
            reading.warn(f"min: {system_id} minimum {value:g} km is not below {top:g} km")
            del mins[system_id]
    return tuple(sorted(mins.items()))


def one_of(name: str, choices: Sequence[str], default: str) -> Callable[..., str]:
    """A parser for a parameter that is one word of ``choices`` (``units``, ``base``)."""

    def parse(values: list[str], reading: Reading) -> str:
        if not values:
            return default
        if values[-1] not in choices:
            reading.warn(f"{name}: {quoted(values[-1])} dropped (expected {or_list(choices)})")
            return default
        return values[-1]

    return parse


def parse_opacity(values: list[str], reading: Reading) -> float:
    if not values:
        return DEFAULT_OPACITY
    value = finite_number(values[-1])
    if value is None or not 0.0 <= value <= 1.0:
        reading.warn(f"opacity: {quoted(values[-1])} dropped (expected 0 to 1)")
        return DEFAULT_OPACITY
    return round(value, 2)


def parse_view(values: list[str], reading: Reading) -> View | None:
    if not values:
        return None
    view = View.from_query(values[-1])
    if view is None:
        reading.warn(
            f"view: {quoted(values[-1])} dropped (expected LAT,LON,ZOOM with zoom 0 to {MAX_ZOOM})"
        )
    return view


def parse_target(values: list[str], reading: Reading) -> LaunchPoint | None:
    if not values:
        return None
    try:
        return LaunchPoint.from_query(values[-1])
    except (PointError, ValueError) as exc:
        reading.warn(f"target: {quoted(values[-1])} dropped ({exc})")
        return None


def parse_population(values: list[str], reading: Reading) -> int:
    if not values:
        return 0
    text = values[-1].strip()
    # ASCII digits only: int() also reads "١٠٠" (Arabic-Indic), which a link should not carry
    if re.fullmatch(r"[0-9]{1,9}", text) and int(text) <= MAX_POPULATION:
        return int(text)
    reading.warn(
        f"minpop: {quoted(values[-1])} dropped (expected a whole number, 0 to {MAX_POPULATION:,})"
    )
    return 0


_ON = ("on", "true", "yes", "1")
_OFF = ("off", "false", "no", "0")


def parse_switch(name: str, default: bool) -> Callable[[list[str], Reading], bool]:
    """A parser for an on/off parameter (``labels``)."""

    def parse(values: list[str], reading: Reading) -> bool:
        if not values:
            return default
        word = values[-1].strip().lower()
        if word in _ON or word in _OFF:
            return word in _ON
        reading.warn(f"{name}: {quoted(values[-1])} dropped (expected on or off)")
        return default

    return parse


# --- writing: one formatter a row -----------------------------------------------------------


def overrides_text(items: Iterable[tuple[str, float]]) -> str | None:
    return ",".join(f"{k}:{number_text(v)}" for k, v in items) or None


def as_is(value: Any) -> Any:
    """The value as it is (a file writes a plain value of the scenario unchanged)."""
    return value


def unless_default(default: object, text: Callable[[Any], str]) -> Callable[[Any], str | None]:
    """A formatter that leaves a default value out of the link."""
    return lambda value: None if value == default else text(value)
