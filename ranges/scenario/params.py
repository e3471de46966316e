"""The one table of scenario parameters, and the link and file codecs it drives.

Every parameter a shared link carries is one :class:`Param` row of :data:`PARAMS`: its URL
name, its scenario-file key, the :class:`~ranges.scenario.model.Scenario` field it fills, how it is
read (text -> value, with warnings) and written (value -> text), its file form and its help
text. :func:`parse_query`, :func:`to_query`, :func:`scenario_from_file`,
:func:`scenario_to_file` and the README's parameter table (:func:`readme_table`) all walk that
table. **Adding a parameter is one row here plus the Scenario field** (and the README table,
which a test regenerates and compares).

``systems`` and ``from`` are the contract of ``docs/INTERFACES.md`` section 3; the rest are this
project's extensions. A label may contain commas: everything after the second comma is the label
(``from=1,2,a,b`` is the point 1, 2 labelled "a,b"). ``systems``, ``range`` and ``min`` may be
repeated (their values are merged); ``from`` is repeated once per point; any other parameter
given twice is reported and its last value used.

Parsing never raises: every value that cannot be used is dropped and reported in a warning, so
a hostile or mangled link still opens a working map. A link with none of these parameters opens
the default scenario (every catalogue system from Kyiv). Parameters of other names are ignored
(Streamlit itself uses a few, e.g. ``embed``).

The same state is saved as a **scenario file** (:func:`scenario_to_file`, a commented YAML
document that JSON tools can also write) and read back by :func:`scenario_from_file`, which turns
the file into these parameters and reads them with :func:`parse_query`: the rules and the
warnings are the URL's.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from ranges.catalogue.systems import Catalogue, System
from ranges.errors import PointError, RangemapError, ScenarioFileError
from ranges.geometry.geodesy import MAX_RADIUS_KM
from ranges.places.extracts import DEFAULT_EXTRACT, EXTRACTS
from ranges.places.points import LaunchPoint
from ranges.scenario.arealink import COMPACT_ABOVE, link_text, plain_text
from ranges.scenario.model import (
    BASE_LAYERS,
    DEFAULT_OPACITY,
    MAX_LAUNCH_AREAS,
    MAX_LAUNCH_POINTS,
    MAX_POPULATION,
    MAX_SYSTEMS,
    MAX_ZOOM,
    RANGE_DECIMALS,
    Scenario,
    View,
    default_scenario,
)
from ranges.text import brief, finite_number, number_text, quote, type_name
from ranges.units import UNITS
from ranges.yamlsafe import YAMLReadError, decode_text, load_yaml

if TYPE_CHECKING:
    from ranges.geometry.areas import LaunchArea

__all__ = [
    "FILE_KEYS",
    "FILE_VERSION",
    "KNOWN_PARAMS",
    "MAX_AREA_CHARS",
    "MAX_FILE_BYTES",
    "MAX_PARAM_CHARS",
    "MAX_WARNINGS_PER_PARAM",
    "PARAMS",
    "Param",
    "area_link",
    "parse_query",
    "readme_table",
    "scenario_from_file",
    "scenario_to_file",
    "to_query",
]

# Longest value of one parameter, characters: room for 50 systems with 40-character ids and
# their range overrides (50 x "id:19999.999," is 2,550 characters).
MAX_PARAM_CHARS = 4_000
MAX_WARNINGS_PER_PARAM = 5  # then one line counts the rest
# Longest value of one ``area``: a compact line or polygon of about 1,200 vertices (see
# ranges.scenario.arealink; a drawn line takes ~6.5 characters a vertex). Streamlit's web server
# (uvicorn
# with h11) keeps at most 16 KiB of a request head that arrives in pieces, so a whole link must
# stay under that: the app also refuses an area that would take its link past
# ranges.ui.areas.MAX_LINK_CHARS.
MAX_AREA_CHARS = 8_000
FILE_VERSION = 1
MAX_FILE_BYTES = 256 * 1024

Query = dict[str, str | list[str]]


# --- reading: the pieces every row shares ---------------------------------------------------


@dataclass
class _Reading:
    """What a row's parser may use: the catalogue's systems by id, the fields read so far (in
    table order) and the warnings."""

    known: Mapping[str, System]
    catalogue: Catalogue
    fields: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        self.warnings.append(message)


def _values(params: Mapping[str, object], key: str) -> list[str]:
    """Every value of ``key``: a string, or each item of a list of them (repeated keys)."""
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable) and not isinstance(value, bytes | bytearray | Mapping):
        return [v if isinstance(v, str) else str(v) for v in value]
    return [str(value)]


def _usable(
    key: str, value: object, warnings: list[str], limit: int = MAX_PARAM_CHARS
) -> list[str]:
    """The values of one parameter without those over ``limit`` characters (each one warned)."""
    values = _values({key: value}, key)
    kept = [v for v in values if len(v) <= limit]
    if len(kept) < len(values):
        n = len(values) - len(kept)
        what = "a value" if n == 1 else f"{n} values"
        warnings.append(f"{key}: {what} over {limit:,} characters dropped")
    return kept


def _short(text: str) -> str:
    """A value of a link quoted for a warning (whitespace collapsed, at most 80 characters)."""
    return quote(text, 40, collapse=True)


def _some(items: Sequence[str], limit: int = MAX_WARNINGS_PER_PARAM) -> str:
    """``'a', 'b' and 3 more`` for a warning."""
    shown = ", ".join(_short(i) for i in items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def _or_list(words: Sequence[str]) -> str:
    """``km, mi or nmi``."""
    return ", ".join(words[:-1]) + f" or {words[-1]}" if len(words) > 1 else words[0]


# --- reading: one parser a row --------------------------------------------------------------


def _parse_systems(values: list[str], reading: _Reading) -> tuple[str, ...]:
    systems: list[str] = []
    unknown: list[str] = []
    for value in values:
        for item in filter(None, (p.strip().lower() for p in value.split(","))):
            if item not in reading.known:
                unknown.append(item)
            elif item not in systems:
                systems.append(item)
    if unknown:
        reading.warn(f"systems: unknown system {_some(unknown)} dropped")
    if len(systems) > MAX_SYSTEMS:
        reading.warn(f"systems: only the first {MAX_SYSTEMS} are shown")
        systems = systems[:MAX_SYSTEMS]
    return tuple(s for s in reading.catalogue.ids if s in systems)


def _parse_points(values: list[str], reading: _Reading) -> tuple[LaunchPoint, ...]:
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
                reading.warn(f"from: {_short(value)} dropped ({exc})")
    if len(dropped) > MAX_WARNINGS_PER_PARAM:
        reading.warn(f"from: {len(dropped) - MAX_WARNINGS_PER_PARAM} more points dropped")
    return tuple(points)


def _parse_areas(values: list[str], reading: _Reading) -> tuple[LaunchArea, ...]:
    """Launch areas (``docs/INTERFACES.md`` section 4, or the compact link form of
    :mod:`ranges.scenario.arealink`), each read by :func:`ranges.geometry.areas.parse_area`."""
    if not values:
        return ()
    from ranges.geometry.areas import parse_area  # loads the borders: only when a link has areas

    areas: list[LaunchArea] = []
    dropped = 0
    for value in values:
        if len(areas) >= MAX_LAUNCH_AREAS:
            reading.warn(f"area: only the first {MAX_LAUNCH_AREAS} launch areas are kept")
            break
        try:
            area = parse_area(plain_text(value.strip()))
        except (RangemapError, ValueError) as exc:
            dropped += 1
            if dropped <= MAX_WARNINGS_PER_PARAM:
                reading.warn(f"area: {_short(value)} dropped ({exc})")
            continue
        areas.append(area)
    if dropped > MAX_WARNINGS_PER_PARAM:
        reading.warn(f"area: {dropped - MAX_WARNINGS_PER_PARAM} more areas dropped")
    return tuple(areas)


def _parse_overrides(values: list[str], key: str, reading: _Reading) -> dict[str, float]:
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
        reading.warn(f"{key}: unknown system {_some(unknown)} dropped")
    if bad:
        reading.warn(f"{key}: {_some(bad)} dropped (expected ID:KM with KM in 0-{MAX_RADIUS_KM:g})")
    if repeated:
        reading.warn(
            f"{key}: {_some(sorted(set(repeated)))} given more than once; the last is used"
        )
    return out


def _parse_max_ranges(values: list[str], reading: _Reading) -> tuple[tuple[str, float], ...]:
    maxes = _parse_overrides(values, "range", reading)
    for system_id, value in list(maxes.items()):
        if value <= 0:
            reading.warn(f"range: {system_id} must be above 0 km; catalogue figure used")
            del maxes[system_id]
    return tuple(sorted(maxes.items()))


def _parse_min_ranges(values: list[str], reading: _Reading) -> tuple[tuple[str, float], ...]:
    """Minimum ranges; each must be below its system's maximum (the ``range`` row, read
    before this one, or the catalogue's)."""
    mins = _parse_overrides(values, "min", reading)
    maxes = dict(reading.fields.get("max_range_km", ()))
    for system_id, value in list(mins.items()):
        top = maxes.get(system_id, reading.known[system_id].max_range_km)
        if value >= top:
            reading.warn(f"min: {system_id} minimum {value:g} km is not below {top:g} km")
            del mins[system_id]
    return tuple(sorted(mins.items()))


def _choice(name: str, choices: Sequence[str], default: str) -> Callable[..., str]:
    """A parser for a parameter that is one word of ``choices`` (``units``, ``base``)."""

    def parse(values: list[str], reading: _Reading) -> str:
        if not values:
            return default
        if values[-1] not in choices:
            reading.warn(f"{name}: {_short(values[-1])} dropped (expected {_or_list(choices)})")
            return default
        return values[-1]

    return parse


def _parse_opacity(values: list[str], reading: _Reading) -> float:
    if not values:
        return DEFAULT_OPACITY
    value = finite_number(values[-1])
    if value is None or not 0.0 <= value <= 1.0:
        reading.warn(f"opacity: {_short(values[-1])} dropped (expected 0 to 1)")
        return DEFAULT_OPACITY
    return round(value, 2)


def _parse_view(values: list[str], reading: _Reading) -> View | None:
    if not values:
        return None
    view = View.from_query(values[-1])
    if view is None:
        reading.warn(
            f"view: {_short(values[-1])} dropped (expected LAT,LON,ZOOM with zoom 0 to {MAX_ZOOM})"
        )
    return view


def _parse_target(values: list[str], reading: _Reading) -> LaunchPoint | None:
    if not values:
        return None
    try:
        return LaunchPoint.from_query(values[-1])
    except (PointError, ValueError) as exc:
        reading.warn(f"target: {_short(values[-1])} dropped ({exc})")
        return None


def _parse_population(values: list[str], reading: _Reading) -> int:
    if not values:
        return 0
    text = values[-1].strip()
    # ASCII digits only: int() also reads "١٠٠" (Arabic-Indic), which a link should not carry
    if re.fullmatch(r"[0-9]{1,9}", text) and int(text) <= MAX_POPULATION:
        return int(text)
    reading.warn(
        f"minpop: {_short(values[-1])} dropped (expected a whole number, 0 to {MAX_POPULATION:,})"
    )
    return 0


_ON = ("on", "true", "yes", "1")
_OFF = ("off", "false", "no", "0")


def _parse_switch(name: str, default: bool) -> Callable[[list[str], _Reading], bool]:
    """A parser for an on/off parameter (``labels``)."""

    def parse(values: list[str], reading: _Reading) -> bool:
        if not values:
            return default
        word = values[-1].strip().lower()
        if word in _ON or word in _OFF:
            return word in _ON
        reading.warn(f"{name}: {_short(values[-1])} dropped (expected on or off)")
        return default

    return parse


def _switch_from_file(key: str) -> Callable[[object, list[str]], str | None]:
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


# --- writing: one formatter a row -----------------------------------------------------------


def _overrides_text(items: Iterable[tuple[str, float]]) -> str | None:
    return ",".join(f"{k}:{number_text(v)}" for k, v in items) or None


def _same(value: Any) -> Any:
    """The value as it is (a file writes a plain value of the scenario unchanged)."""
    return value


def _unless(default: object, text: Callable[[Any], str]) -> Callable[[Any], str | None]:
    """A formatter that leaves a default value out of the link."""
    return lambda value: None if value == default else text(value)


# --- the scenario file: one reader a row (file value -> link text) --------------------------


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


def _systems_from_file(value: object, warnings: list[str]) -> str:
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
        warnings.append(f"{where}: unknown key {_some(extra)} ignored")
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


def _points_from_file(value: object, warnings: list[str]) -> list[str] | None:
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


def area_link(area: LaunchArea) -> str:
    """An area's text in a link: compact when long (:func:`ranges.scenario.arealink.link_text`), its
    label left out when it is the form's own (a country's name)."""
    return link_text(area.form, None if area.label == area.default_label else area.label)


def _area_file_text(area: LaunchArea) -> str:
    """An area's text in a scenario file: its plain ``FORM|LABEL`` (readable), or the link's
    compact form when the plain one would be over ``MAX_AREA_CHARS``."""
    plain = area.to_query()
    return plain if len(plain) <= MAX_AREA_CHARS else area_link(area)


def _areas_from_file(value: object, warnings: list[str]) -> list[str] | None:
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


def _target_from_file(value: object, warnings: list[str]) -> str | None:
    return None if value is None else _point_from_file(value, "target", warnings)


def _overrides_from_file(key: str) -> Callable[[object, list[str]], str | None]:
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
            warnings.append(f"{key}: {_some(bad)} dropped (expected ID: KM)")
        return _capped_join(items) or None

    return read


def _view_from_file(value: object, warnings: list[str]) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        extra = [brief(k) for k in value if k not in ("lat", "lon", "zoom")]
        if extra:
            warnings.append(f"view: unknown key {_some(extra)} ignored")
        parts = [_file_number(value.get(k)) for k in ("lat", "lon", "zoom")]
        if all(p is not None for p in parts):
            return ",".join(parts)  # type: ignore[arg-type]
    warnings.append("view: expected {lat, lon, zoom} with numbers; dropped")
    return None


def _scalar_from_file(key: str) -> Callable[[object, list[str]], str | None]:
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


# --- the table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Param:
    """One parameter of a link and a scenario file.

    ``parse`` reads the parameter's values (every value for a ``repeated`` parameter, else at
    most the last one; an empty list when it is absent) into the field's value, warning about
    what it drops; it never raises. ``format`` gives the link's text (a list for one value per
    item), or None to leave a default out. ``to_file`` gives the file's value and ``from_file``
    turns a file's value back into the link's text (or None), warning about its shape; the
    link's rules then apply.
    """

    name: str
    file_key: str
    field: str
    form: str
    help: str
    file_help: tuple[str, ...]
    parse: Callable[[list[str], _Reading], Any]
    format: Callable[[Any], str | list[str] | None]
    to_file: Callable[[Any], object]
    from_file: Callable[[object, list[str]], str | list[str] | None]
    repeated: bool = False
    max_chars: int = MAX_PARAM_CHARS


PARAMS: tuple[Param, ...] = (
    Param(
        name="systems",
        file_key="systems",
        field="systems",
        form="`atacms,tomahawk`",
        help="systems shown (ids); empty: none",
        file_help=("Systems shown: ids of the catalogue.",),
        parse=_parse_systems,
        format=",".join,  # always written: an empty value means none shown
        to_file=list,
        from_file=_systems_from_file,
        repeated=True,
    ),
    Param(
        name="from",
        file_key="launch_points",
        field="points",
        form="`LAT,LON` or `LAT,LON,LABEL`, repeated",
        help=f"one launch point each (at most {MAX_LAUNCH_POINTS}); no `from`: none",
        file_help=(
            "Launch points: latitude and longitude in decimal degrees (north and east positive)",
            f"and a label (null: the coordinates). At most {MAX_LAUNCH_POINTS}.",
        ),
        parse=_parse_points,
        format=lambda points: [p.to_query() for p in points] or None,
        to_file=lambda points: [p.to_dict() for p in points],
        from_file=_points_from_file,
        repeated=True,
    ),
    Param(
        name="area",
        file_key="launch_areas",
        field="areas",
        form=(
            "`UKR`, `Ukraine`, `line:LAT,LON;LAT,LON;...` or `poly:LAT,LON;...`, "
            "then `\\|LABEL` if wanted; repeated"
        ),
        help=(
            f"one launch area each (at most {MAX_LAUNCH_AREAS}): a country (ISO3 code or name), "
            "a line or a polygon (docs/INTERFACES.md section 4). A line or polygon longer than "
            f"{COMPACT_ABOVE} characters is written compactly as `eline:`/`epoly:` + Google's "
            "encoded polyline (1e-5 degrees) in the URL-safe base64 alphabet, one per part, "
            "joined by `.` (`ranges/scenario/arealink.py`): a 200-point drawn line takes "
            "about 1,300 "
            f"characters. At most {MAX_AREA_CHARS:,} characters each"
        ),
        file_help=(
            "Launch areas: a country ('UKR' or 'Ukraine'), 'line:LAT,LON;LAT,LON;...' or",
            "'poly:LAT,LON;LAT,LON;...' (decimal degrees), each optionally followed by",
            f"'|LABEL'. At most {MAX_LAUNCH_AREAS}.",
        ),
        parse=_parse_areas,
        format=lambda areas: [area_link(a) for a in areas] or None,
        to_file=lambda areas: [_area_file_text(a) for a in areas],
        from_file=_areas_from_file,
        repeated=True,
        max_chars=MAX_AREA_CHARS,
    ),
    Param(
        name="range",
        file_key="max_range_km",
        field="max_range_km",
        form="`atacms:350,tomahawk:1500`",
        help="what-if maximum ranges, km",
        file_help=("What-if maximum ranges, km, by system id (others: the catalogue's).",),
        parse=_parse_max_ranges,
        format=_overrides_text,
        to_file=dict,
        from_file=_overrides_from_file("max_range_km"),
        repeated=True,
    ),
    Param(
        name="min",
        file_key="min_range_km",
        field="min_range_km",
        form="`tomahawk:500`",
        help="minimum ranges, km",
        file_help=("Minimum ranges, km, by system id (a ring becomes an annulus).",),
        parse=_parse_min_ranges,
        format=_overrides_text,
        to_file=dict,
        from_file=_overrides_from_file("min_range_km"),
        repeated=True,
    ),
    Param(
        name="units",
        file_key="units",
        field="units",
        form="`km`, `mi` or `nmi`",
        help="units shown (default km)",
        file_help=("Units for every distance shown: km, mi or nmi.",),
        parse=_choice("units", UNITS, "km"),
        format=_unless("km", str),
        to_file=_same,
        from_file=_scalar_from_file("units"),
    ),
    Param(
        name="opacity",
        file_key="opacity",
        field="opacity",
        form="`0.4`",
        help=f"ring fill opacity, 0 to 1 (default {DEFAULT_OPACITY:g})",
        file_help=("Ring fill opacity, 0 to 1.",),
        parse=_parse_opacity,
        format=_unless(DEFAULT_OPACITY, number_text),
        to_file=_same,
        from_file=_scalar_from_file("opacity"),
    ),
    Param(
        name="base",
        file_key="base",
        field="base",
        form="`osm`, `light` or `satellite`",
        help="base map (default osm)",
        file_help=("Base map: osm, light or satellite.",),
        parse=_choice("base", BASE_LAYERS, "osm"),
        format=_unless("osm", str),
        to_file=_same,
        from_file=_scalar_from_file("base"),
    ),
    Param(
        name="labels",
        file_key="ring_labels",
        field="labels",
        form="`on` or `off`",
        help="ring labels on the live map (default on)",
        file_help=("Ring labels on the live map: true or false.",),
        parse=_parse_switch("labels", True),
        format=_unless(True, lambda on: "on" if on else "off"),
        to_file=_same,
        from_file=_switch_from_file("ring_labels"),
    ),
    Param(
        name="view",
        file_key="view",
        field="view",
        form="`LAT,LON,ZOOM`",
        help="map centre and zoom",
        file_help=(
            f"Map centre (degrees) and zoom level (0 to {MAX_ZOOM}); null: fitted to the rings.",
        ),
        parse=_parse_view,
        format=lambda view: None if view is None else view.to_query(),
        to_file=lambda view: None if view is None else view.to_dict(),
        from_file=_view_from_file,
    ),
    Param(
        name="target",
        file_key="target",
        field="target",
        form="`LAT,LON` or `LAT,LON,LABEL`",
        help="the reverse question's target",
        file_help=("The reverse question's target: {lat, lon, label}, or null.",),
        parse=_parse_target,
        format=lambda point: None if point is None else point.to_query(),
        to_file=lambda point: None if point is None else point.to_dict(),
        from_file=_target_from_file,
    ),
    Param(
        name="minpop",
        file_key="min_population",
        field="min_population",
        form="`100000`",
        help="population threshold of the cities table and markers",
        file_help=("Smallest population of the cities listed (0: all).",),
        parse=_parse_population,
        format=_unless(0, str),
        to_file=_same,
        from_file=_scalar_from_file("min_population"),
    ),
    Param(
        name="gazetteer",
        file_key="gazetteer",
        field="gazetteer",
        form="`cities15000`, `cities1000` or `cities500`",
        help=(
            "GeoNames extract the cities come from: places of 15,000, 1,000 or 500+ people "
            f"(default {DEFAULT_EXTRACT})"
        ),
        file_help=(
            "GeoNames extract the cities come from: cities15000, cities1000 or cities500",
            "(places of at least 15,000, 1,000 or 500 people).",
        ),
        parse=_choice("gazetteer", EXTRACTS, DEFAULT_EXTRACT),
        format=_unless(DEFAULT_EXTRACT, str),
        to_file=_same,
        from_file=_scalar_from_file("gazetteer"),
    ),
)

KNOWN_PARAMS: tuple[str, ...] = tuple(p.name for p in PARAMS)
FILE_KEYS: tuple[str, ...] = ("rangemap_scenario", *(p.file_key for p in PARAMS))


# --- links ----------------------------------------------------------------------------------


def parse_query(
    params: Mapping[str, str | Sequence[str]], catalogue: Catalogue
) -> tuple[Scenario, list[str]]:
    """A scenario from URL query parameters, and a warning for everything that was dropped.

    ``params`` maps each key to its value or to its list of values (repeated keys). Never raises.
    """
    if not any(k in params for k in KNOWN_PARAMS):
        return default_scenario(catalogue), []
    reading = _Reading({s.id: s for s in catalogue.systems}, catalogue)
    usable = {
        p.name: _usable(p.name, params[p.name], reading.warnings, p.max_chars)
        for p in PARAMS
        if p.name in params
    }
    for param in PARAMS:
        values = usable.get(param.name, [])
        if not param.repeated and len(values) > 1:
            reading.warn(f"{param.name}: given {len(values)} times; the last value is used")
            values = values[-1:]
        reading.fields[param.field] = param.parse(values, reading)
    return Scenario(**reading.fields), reading.warnings


def to_query(scenario: Scenario) -> Query:
    """Query parameters that :func:`parse_query` reads back into the same scenario.

    Keys whose value is the default are left out, except ``systems``, which is always written
    (an empty ``systems`` means none shown; a missing ``from`` means none placed).
    """
    query: Query = {}
    for param in PARAMS:
        text = param.format(getattr(scenario, param.field))
        if text is not None:
            query[param.name] = text
    return query


def readme_table() -> str:
    """The README's table of URL parameters (Markdown), made from :data:`PARAMS`."""
    lines = ["| parameter | form | meaning |", "|---|---|---|"]
    lines += [f"| `{p.name}` | {p.form} | {p.help} |" for p in PARAMS]
    return "\n".join(lines) + "\n"


# --- scenario files -------------------------------------------------------------------------

_FILE_HEADER = (
    "A rangemap scenario: load it in the app (Export tab) to see the same picture again.",
    "YAML (JSON works too). Values are checked like the app's URL parameters: anything",
    "that cannot be used is dropped with a warning.",
    "",
    "The version of this file format.",
)


def _file_part(key: str, value: object, comments: Sequence[str]) -> str:
    comment = "".join(f"# {line}".rstrip() + "\n" for line in comments)
    text = yaml.safe_dump(
        {key: value},
        sort_keys=False,
        allow_unicode=True,
        # block style for the document, flow style for the innermost lists and mappings
        default_flow_style=None if isinstance(value, list | dict) else False,
        width=1_000_000,  # never fold a long label
    )
    return comment + text


def scenario_to_file(scenario: Scenario) -> str:
    """The scenario as a commented YAML document that :func:`scenario_from_file` reads back.

    Every key is written (defaults too), so the file documents itself::

        rangemap_scenario: 1
        systems: [atacms, tomahawk]
        launch_points:
        - {lat: 50.4501, lon: 30.5234, label: Kyiv}
        max_range_km: {atacms: 350.0}
        ...
    """
    parts = [_file_part("rangemap_scenario", FILE_VERSION, _FILE_HEADER)]
    for param in PARAMS:
        value = param.to_file(getattr(scenario, param.field))
        parts.append(_file_part(param.file_key, value, param.file_help))
    return "\n".join(parts)


def scenario_from_file(data: str | bytes, catalogue: Catalogue) -> tuple[Scenario, list[str]]:
    """Read a scenario file (from :func:`scenario_to_file`, or written by hand or as JSON).

    The file is at most ``MAX_FILE_BYTES`` (256 KiB), UTF-8 (a byte-order mark is allowed), read
    by the hardened YAML reader of :mod:`ranges.yamlsafe` (plain data only: no tags, aliases or
    duplicate keys; a JSON document is read with ``json.loads``, which PyYAML's YAML 1.1 gets
    slightly wrong), and must be a mapping with ``rangemap_scenario: 1``; otherwise
    :class:`ScenarioFileError` is raised with a one-line message. Its values are then turned
    into URL query parameters and read by :func:`parse_query`, so they are checked by the same
    rules, with the same warnings; keys the format does not have are reported too. As with a
    URL, a file with none of the scenario keys opens the default scenario.

    Returns the scenario and the warnings (file-level ones first).
    """
    document = _load_file(data)
    warnings: list[str] = []
    unknown = [brief(k) for k in document if k not in FILE_KEYS]
    if unknown:
        warnings.append(f"scenario file: unknown key {_some(unknown)} ignored")
    params: Query = {}
    for param in PARAMS:
        if param.file_key in document:
            text = param.from_file(document[param.file_key], warnings)
            if text is not None:
                params[param.name] = text
    scenario, more = parse_query(params, catalogue)
    return scenario, warnings + more


def _load_file(data: str | bytes) -> dict:
    try:
        text = decode_text(data, MAX_FILE_BYTES)
    except TypeError as exc:
        raise ScenarioFileError(str(exc)) from None
    except YAMLReadError as exc:
        if exc.reason == "too large":
            raise ScenarioFileError(
                f"the file is too large (a scenario file is at most {MAX_FILE_BYTES // 1024} KiB)"
            ) from None
        raise ScenarioFileError(str(exc)) from None
    try:
        # JSON is YAML, but PyYAML reads JSON's "\ud83d\ude00" (a surrogate pair) as two lone
        # surrogates and 1e5 as text: JSON is read as JSON first. Both are plain data only.
        document = json.loads(text)
    except (ValueError, RecursionError):
        try:
            document = load_yaml(text, what="a scenario file")
        except YAMLReadError as exc:
            if exc.reason == "too deep":
                raise ScenarioFileError(
                    f"not a scenario file: the YAML is nested too deeply ({exc})"
                ) from None
            raise ScenarioFileError(f"not a YAML or JSON document ({exc})") from None
    return _checked_document(document)


def _checked_document(document: object) -> dict:
    """``document`` if it is a mapping of this format's version; else ScenarioFileError."""
    if not isinstance(document, dict):
        got = "an empty file" if document is None else f"a {type_name(document)}"
        raise ScenarioFileError(
            f"not a scenario file: expected a mapping with 'rangemap_scenario: "
            f"{FILE_VERSION}' (got {got})"
        )
    version = document.get("rangemap_scenario")
    if version is None:
        raise ScenarioFileError(
            f"not a scenario file: 'rangemap_scenario: {FILE_VERSION}' is missing"
        )
    if type(version) is not int or version != FILE_VERSION:
        raise ScenarioFileError(
            f"scenario file version {_short(brief(version))} is not supported (this rangemap "
            f"reads version {FILE_VERSION})"
        )
    return document
