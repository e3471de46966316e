"""The state a shared link carries: systems, launch points, range overrides, units and view.

``INTERFACES.md`` section 3 fixes ``systems`` and ``from``; the rest is this project's extension
(documented in the README):

==========  ================================  ==============================================
parameter   form                              meaning
==========  ================================  ==============================================
systems     ``atacms,tomahawk``               systems shown (ids); empty means none
from        ``LAT,LON`` or ``LAT,LON,LABEL``  a launch point, repeated once per point
range       ``atacms:350,tomahawk:1500``      what-if maximum ranges, km
min         ``atacms:50``                     minimum ranges, km
units       ``km``, ``mi`` or ``nmi``         units for every distance shown
opacity     ``0.25``                          ring fill opacity, 0 to 1
base        ``osm``, ``light``, ``satellite``  the base map
view        ``LAT,LON,ZOOM``                  the map's centre and zoom level
target      ``LAT,LON`` or ``LAT,LON,LABEL``  the reverse question's target (one point)
minpop      ``100000``                        population threshold of the cities, 0 to 1e8
==========  ================================  ==============================================

A label may contain commas: everything after the second comma is the label (``from=1,2,a,b``
is the point 1, 2 labelled "a,b"). ``systems``, ``range`` and ``min`` may be repeated (their
values are merged); ``from`` is repeated once per point; any other parameter given twice is
reported and its last value used.

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import yaml

from ranges.catalogue import Catalogue, System
from ranges.errors import ScenarioFileError
from ranges.geodesy import MAX_RADIUS_KM
from ranges.places import LaunchPoint, PointError, format_coordinates, parse_coordinates
from ranges.units import UNITS

MAX_LAUNCH_POINTS = 50
MAX_SYSTEMS = 50
# Longest value of one parameter, characters: room for 50 systems with 40-character ids and
# their range overrides (50 x "id:19999.999," is 2,550 characters).
MAX_PARAM_CHARS = 4_000
MAX_POPULATION = 100_000_000
COORD_DECIMALS = 6  # about 0.1 m: coordinates are rounded once, where they enter
RANGE_DECIMALS = 3  # 1 m
BASE_LAYERS = ("osm", "light", "satellite")
DEFAULT_POINT = LaunchPoint(50.4501, 30.5234, "Kyiv")
DEFAULT_OPACITY = 0.25
KNOWN_PARAMS = (
    "systems",
    "from",
    "range",
    "min",
    "units",
    "opacity",
    "base",
    "view",
    "target",
    "minpop",
)
MAX_WARNINGS_PER_PARAM = 5  # then one line counts the rest

FILE_VERSION = 1
MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class View:
    """The map's centre (degrees) and Leaflet zoom level."""

    lat: float
    lon: float
    zoom: int


@dataclass(frozen=True)
class Scenario:
    """Everything that changes the picture. Values are validated where they enter.

    ``target`` is the point of the reverse question (where can it be reached from?);
    ``min_population`` the smallest population of the cities listed and marked (0: all).
    """

    systems: tuple[str, ...] = ()
    points: tuple[LaunchPoint, ...] = ()
    max_range_km: tuple[tuple[str, float], ...] = ()
    min_range_km: tuple[tuple[str, float], ...] = ()
    units: str = "km"
    opacity: float = DEFAULT_OPACITY
    base: str = "osm"
    view: View | None = None
    target: LaunchPoint | None = None
    min_population: int = 0

    def max_override(self, system_id: str) -> float | None:
        return dict(self.max_range_km).get(system_id)

    def min_override(self, system_id: str) -> float | None:
        return dict(self.min_range_km).get(system_id)

    def with_ranges(
        self,
        system_id: str,
        min_km: float,
        max_km: float,
        base: System,
        *,
        keep_max: bool = False,
        keep_min: bool = False,
    ) -> Scenario:
        """Set a system's range; values equal to the catalogue's are not stored as overrides,
        unless ``keep_max`` / ``keep_min`` (an override a link gave explicitly stays explicit:
        it still holds if the catalogue's figure changes)."""
        maxes = {k: v for k, v in self.max_range_km if k != system_id}
        mins = {k: v for k, v in self.min_range_km if k != system_id}
        max_km = round(max_km, RANGE_DECIMALS)
        min_km = round(min_km, RANGE_DECIMALS)
        if keep_max or max_km != base.max_range_km:
            maxes[system_id] = max_km
        if keep_min or min_km != base.min_range_km:
            mins[system_id] = min_km
        return replace(
            self,
            max_range_km=tuple(sorted(maxes.items())),
            min_range_km=tuple(sorted(mins.items())),
        )


def make_point(lat: float, lon: float, label: str | None = None) -> LaunchPoint:
    """A launch point with coordinates rounded to ``COORD_DECIMALS`` (so links round-trip)."""
    lat_r = round(float(lat), COORD_DECIMALS) + 0.0
    lon_r = round(float(lon), COORD_DECIMALS) + 0.0
    return LaunchPoint(lat_r, lon_r, label or "")


def default_scenario(catalogue: Catalogue) -> Scenario:
    return Scenario(systems=catalogue.ids, points=(DEFAULT_POINT,))


def effective_systems(scenario: Scenario, catalogue: Catalogue) -> list[System]:
    """The shown systems with the scenario's range overrides applied (in catalogue order)."""
    known = {s.id: s for s in catalogue.systems}
    out = []
    for system_id in scenario.systems:
        system = known.get(system_id)
        if system is None:
            continue
        rmax = scenario.max_override(system_id) or system.max_range_km
        rmin = scenario.min_override(system_id)
        rmin = system.min_range_km if rmin is None else rmin
        if rmin >= rmax:
            rmin = 0.0
        out.append(system.model_copy(update={"max_range_km": rmax, "min_range_km": rmin}))
    return out


# --- reading a query string -----------------------------------------------------------------


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


def _single(params: Mapping[str, object], key: str, warnings: list[str]) -> str | None:
    """The value of a parameter that is given once; if repeated, the last (with a warning)."""
    values = _values(params, key)
    if len(values) > 1:
        warnings.append(f"{key}: given {len(values)} times; the last value is used")
    return values[-1] if values else None


def _short(text: str, limit: int = 40) -> str:
    """``text`` quoted for a warning: whitespace collapsed, repr escapes, cut short (at most
    ``2 * limit`` characters, however many of its characters repr escapes)."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    while len(repr(text)) > 2 * limit:
        text = text[:-2] + "…"
    return repr(text)


def _some(items: Sequence[str], limit: int = MAX_WARNINGS_PER_PARAM) -> str:
    """``'a', 'b' and 3 more`` for a warning."""
    shown = ", ".join(_short(i) for i in items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except (ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def _parse_point(text: str) -> LaunchPoint:
    parts = text.split(",", 2)
    if len(parts) < 2:
        raise PointError("expected LAT,LON or LAT,LON,LABEL")
    coords = parse_coordinates(f"{parts[0]},{parts[1]}")
    if coords is None:
        raise PointError("expected decimal LAT,LON")
    label = parts[2].strip() if len(parts) == 3 else ""
    return make_point(coords[0], coords[1], label)


def _parse_overrides(
    values: Sequence[str], key: str, known: Mapping[str, System], warnings: list[str]
) -> dict[str, float]:
    """``ID:KM`` items of every value of ``key`` (a later item for the same id wins)."""
    out: dict[str, float] = {}
    unknown: list[str] = []
    bad: list[str] = []
    repeated: list[str] = []
    for text in values:
        for item in filter(None, (p.strip() for p in text.split(","))):
            system_id, sep, number = item.partition(":")
            system_id = system_id.strip().lower()
            value = _finite(number) if sep else None
            if system_id not in known:
                unknown.append(system_id)
            elif value is None or not (0.0 <= value <= MAX_RADIUS_KM):
                bad.append(item)
            else:
                if system_id in out:
                    repeated.append(system_id)
                out[system_id] = round(value, RANGE_DECIMALS)
    if unknown:
        warnings.append(f"{key}: unknown system {_some(unknown)} dropped")
    if bad:
        warnings.append(
            f"{key}: {_some(bad)} dropped (expected ID:KM with KM in 0-{MAX_RADIUS_KM:g})"
        )
    if repeated:
        warnings.append(
            f"{key}: {_some(sorted(set(repeated)))} given more than once; the last is used"
        )
    return out


def _parse_population(text: str) -> int | None:
    text = text.strip()
    if not re.fullmatch(r"[0-9]{1,9}", text):
        return None
    value = int(text)
    return value if value <= MAX_POPULATION else None


def parse_query(
    params: Mapping[str, str | Sequence[str]], catalogue: Catalogue
) -> tuple[Scenario, list[str]]:
    """A scenario from URL query parameters, and a warning for everything that was dropped.

    ``params`` maps each key to its value or to its list of values (repeated keys). Never raises.
    """
    warnings: list[str] = []
    if not any(k in params for k in KNOWN_PARAMS):
        return default_scenario(catalogue), warnings
    params = {k: _usable(k, params[k], warnings) for k in KNOWN_PARAMS if k in params}
    known = {s.id: s for s in catalogue.systems}

    systems: list[str] = []
    unknown: list[str] = []
    for value in _values(params, "systems"):
        for item in filter(None, (p.strip().lower() for p in value.split(","))):
            if item not in known:
                unknown.append(item)
            elif item not in systems:
                systems.append(item)
    if unknown:
        warnings.append(f"systems: unknown system {_some(unknown)} dropped")
    if len(systems) > MAX_SYSTEMS:
        warnings.append(f"systems: only the first {MAX_SYSTEMS} are shown")
        systems = systems[:MAX_SYSTEMS]

    points: list[LaunchPoint] = []
    dropped: list[str] = []
    for value in _values(params, "from"):
        if len(points) >= MAX_LAUNCH_POINTS:
            warnings.append(f"from: only the first {MAX_LAUNCH_POINTS} launch points are kept")
            break
        try:
            points.append(_parse_point(value))
        except (PointError, ValueError) as exc:
            dropped.append(value)
            if len(dropped) <= MAX_WARNINGS_PER_PARAM:
                warnings.append(f"from: {_short(value)} dropped ({exc})")
    if len(dropped) > MAX_WARNINGS_PER_PARAM:
        warnings.append(f"from: {len(dropped) - MAX_WARNINGS_PER_PARAM} more points dropped")

    maxes = _parse_overrides(_values(params, "range"), "range", known, warnings)
    mins = _parse_overrides(_values(params, "min"), "min", known, warnings)
    for system_id, value in list(maxes.items()):
        if value <= 0:
            warnings.append(f"range: {system_id} must be above 0 km; catalogue figure used")
            del maxes[system_id]
    for system_id, value in list(mins.items()):
        top = maxes.get(system_id, known[system_id].max_range_km)
        if value >= top:
            warnings.append(f"min: {system_id} minimum {value:g} km is not below {top:g} km")
            del mins[system_id]

    units = _single(params, "units", warnings)
    if units is None:
        units = "km"
    elif units not in UNITS:
        warnings.append(f"units: {_short(units)} dropped (expected km, mi or nmi)")
        units = "km"

    opacity = DEFAULT_OPACITY
    text = _single(params, "opacity", warnings)
    if text is not None:
        value = _finite(text)
        if value is None or not 0.0 <= value <= 1.0:
            warnings.append(f"opacity: {_short(text)} dropped (expected 0 to 1)")
        else:
            opacity = round(value, 2)

    base = _single(params, "base", warnings)
    if base is None:
        base = "osm"
    elif base not in BASE_LAYERS:
        warnings.append(f"base: {_short(base)} dropped (expected {', '.join(BASE_LAYERS)})")
        base = "osm"

    view = None
    text = _single(params, "view", warnings)
    if text is not None:
        view = _parse_view(text)
        if view is None:
            warnings.append(
                f"view: {_short(text)} dropped (expected LAT,LON,ZOOM with zoom 0 to 20)"
            )

    target = None
    text = _single(params, "target", warnings)
    if text is not None:
        try:
            target = _parse_point(text)
        except (PointError, ValueError) as exc:
            warnings.append(f"target: {_short(text)} dropped ({exc})")

    min_population = 0
    text = _single(params, "minpop", warnings)
    if text is not None:
        number = _parse_population(text)
        if number is None:
            warnings.append(
                f"minpop: {_short(text)} dropped (expected a whole number, 0 to {MAX_POPULATION:,})"
            )
        else:
            min_population = number

    scenario = Scenario(
        systems=tuple(s for s in catalogue.ids if s in systems),
        points=tuple(points),
        max_range_km=tuple(sorted(maxes.items())),
        min_range_km=tuple(sorted(mins.items())),
        units=units,
        opacity=opacity,
        base=base,
        view=view,
        target=target,
        min_population=min_population,
    )
    return scenario, warnings


def _usable(key: str, value: object, warnings: list[str]) -> list[str]:
    """The values of one parameter without those over ``MAX_PARAM_CHARS`` (each one warned)."""
    values = _values({key: value}, key)
    kept = [v for v in values if len(v) <= MAX_PARAM_CHARS]
    if len(kept) < len(values):
        n = len(values) - len(kept)
        what = "a value" if n == 1 else f"{n} values"
        warnings.append(f"{key}: {what} over {MAX_PARAM_CHARS:,} characters dropped")
    return kept


def _parse_view(text: str) -> View | None:
    parts = text.split(",")
    if len(parts) != 3:
        return None
    lat, lon, zoom = (_finite(p) for p in parts)
    if lat is None or lon is None or zoom is None:
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= 20):
        return None
    return View(round(lat, 4) + 0.0, round(lon, 4) + 0.0, int(zoom))


# --- writing a query string -----------------------------------------------------------------


def _number(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _point_text(point: LaunchPoint) -> str:
    text = f"{_number(point.lat)},{_number(point.lon)}"
    if point.label != format_coordinates(point.lat, point.lon):
        text += f",{point.label}"
    return text


def _overrides_text(items: Iterable[tuple[str, float]]) -> str:
    return ",".join(f"{k}:{_number(v)}" for k, v in items)


def to_query(scenario: Scenario) -> dict[str, str | list[str]]:
    """Query parameters that :func:`parse_query` reads back into the same scenario.

    Keys whose value is the default are left out, except ``systems`` and ``from``, which are
    always written (an empty ``systems`` means none shown, a missing ``from`` none placed).
    """
    query: dict[str, str | list[str]] = {"systems": ",".join(scenario.systems)}
    if scenario.points:
        query["from"] = [_point_text(p) for p in scenario.points]
    if scenario.max_range_km:
        query["range"] = _overrides_text(scenario.max_range_km)
    if scenario.min_range_km:
        query["min"] = _overrides_text(scenario.min_range_km)
    if scenario.units != "km":
        query["units"] = scenario.units
    if scenario.opacity != DEFAULT_OPACITY:
        query["opacity"] = _number(scenario.opacity)
    if scenario.base != "osm":
        query["base"] = scenario.base
    if scenario.view is not None:
        v = scenario.view
        query["view"] = f"{_number(v.lat)},{_number(v.lon)},{v.zoom}"
    if scenario.target is not None:
        query["target"] = _point_text(scenario.target)
    if scenario.min_population:
        query["minpop"] = str(scenario.min_population)
    return query


# --- the scenario file ----------------------------------------------------------------------


FILE_KEYS = (
    "rangemap_scenario",
    "systems",
    "launch_points",
    "max_range_km",
    "min_range_km",
    "units",
    "opacity",
    "base",
    "view",
    "target",
    "min_population",
)

_FILE_COMMENTS = {
    "rangemap_scenario": (
        "A rangemap scenario: load it in the app (Export tab) to see the same picture again.",
        "YAML (JSON works too). Values are checked like the app's URL parameters: anything",
        "that cannot be used is dropped with a warning.",
        "",
        "The version of this file format.",
    ),
    "systems": ("Systems shown: ids of the catalogue.",),
    "launch_points": (
        "Launch points: latitude and longitude in decimal degrees (north and east positive)",
        "and a label (null: the coordinates). At most 50.",
    ),
    "max_range_km": ("What-if maximum ranges, km, by system id (others: the catalogue's).",),
    "min_range_km": ("Minimum ranges, km, by system id (a ring becomes an annulus).",),
    "units": ("Units for every distance shown: km, mi or nmi.",),
    "opacity": ("Ring fill opacity, 0 to 1.",),
    "base": ("Base map: osm, light or satellite.",),
    "view": ("Map centre (degrees) and zoom level (0 to 20); null: fitted to the rings.",),
    "target": ("The reverse question's target: {lat, lon, label}, or null.",),
    "min_population": ("Smallest population of the cities listed (0: all).",),
}


def _point_dict(point: LaunchPoint) -> dict[str, object]:
    default = point.label == format_coordinates(point.lat, point.lon)
    return {"lat": point.lat, "lon": point.lon, "label": None if default else point.label}


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
    view = scenario.view
    document: dict[str, object] = {
        "rangemap_scenario": FILE_VERSION,
        "systems": list(scenario.systems),
        "launch_points": [_point_dict(p) for p in scenario.points],
        "max_range_km": dict(scenario.max_range_km),
        "min_range_km": dict(scenario.min_range_km),
        "units": scenario.units,
        "opacity": scenario.opacity,
        "base": scenario.base,
        "view": None if view is None else {"lat": view.lat, "lon": view.lon, "zoom": view.zoom},
        "target": None if scenario.target is None else _point_dict(scenario.target),
        "min_population": scenario.min_population,
    }
    parts = []
    for key, value in document.items():
        comment = "".join(f"# {line}".rstrip() + "\n" for line in _FILE_COMMENTS[key])
        text = yaml.safe_dump(
            {key: value},
            sort_keys=False,
            allow_unicode=True,
            # block style for the document, flow style for the innermost lists and mappings
            default_flow_style=None if isinstance(value, list | dict) else False,
            width=1_000_000,  # never fold a long label
        )
        parts.append(comment + text)
    return "\n".join(parts)


def scenario_from_file(data: str | bytes, catalogue: Catalogue) -> tuple[Scenario, list[str]]:
    """Read a scenario file (from :func:`scenario_to_file`, or written by hand or as JSON).

    The file is at most ``MAX_FILE_BYTES`` (256 KiB), UTF-8 (a byte-order mark is allowed), read
    with ``yaml.safe_load`` (plain data only: no Python tags; a JSON document is read with
    ``json.loads``, which PyYAML's YAML 1.1 gets slightly wrong), and must be a mapping with
    ``rangemap_scenario: 1``; otherwise :class:`ScenarioFileError` is raised with a one-line
    message. Its values are then turned into URL query parameters and read by
    :func:`parse_query`, so they are checked by the same rules, with the same warnings; keys the
    format does not have are reported too. As with a URL, a file with none of the scenario keys
    opens the default scenario.

    Returns the scenario and the warnings (file-level ones first).
    """
    document = _load_file(data)
    warnings: list[str] = []
    params = _file_params(document, warnings)
    scenario, more = parse_query(params, catalogue)
    return scenario, warnings + more


def _load_file(data: str | bytes) -> dict:
    if isinstance(data, str):
        # a character is at least one byte: no need to encode a huge text to know
        too_long = len(data) > MAX_FILE_BYTES
        size = len(data) if too_long else len(data.encode("utf-8", errors="surrogatepass"))
    elif isinstance(data, bytes | bytearray | memoryview):
        data = bytes(data)
        size = len(data)
    else:
        raise ScenarioFileError(f"expected the text or bytes of a file, not {type(data).__name__}")
    if size > MAX_FILE_BYTES:
        raise ScenarioFileError(
            f"the file is too large (a scenario file is at most {MAX_FILE_BYTES // 1024} KiB)"
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ScenarioFileError(
                f"not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from None
    text = data.removeprefix("\ufeff")
    try:
        # JSON is YAML, but PyYAML reads JSON's "\ud83d\ude00" (a surrogate pair) as two lone
        # surrogates and 1e5 as text: JSON is read as JSON first. Both are plain data only.
        document = json.loads(text)
    except (ValueError, RecursionError):
        document = _load_yaml(text)
    return _checked_document(document)


def _load_yaml(text: str) -> object:
    """``yaml.safe_load(text)``, with any failure as a one-line ScenarioFileError."""
    try:
        return yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "invalid"
        tag = re.search(r"constructor for the tag '([^']*)'", problem)
        if tag:
            name = tag.group(1).replace("tag:yaml.org,2002:", "!!")
            problem = f"the tag {name} is not allowed (a scenario file holds plain data only)"
        raise ScenarioFileError(f"not a YAML or JSON document ({where}{problem})") from None
    except yaml.YAMLError as exc:
        raise ScenarioFileError(f"not a YAML or JSON document ({exc})") from None
    except RecursionError:
        raise ScenarioFileError("not a scenario file: the YAML is nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as exc:
        # e.g. an integer of more than 4,300 digits, or `2024-13-45` read as a date
        raise ScenarioFileError(f"not a YAML or JSON document ({exc})") from None


def _checked_document(document: object) -> dict:
    """``document`` if it is a mapping of this format's version; else ScenarioFileError."""
    if not isinstance(document, dict):
        got = "an empty file" if document is None else f"a {_type_name(document)}"
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
        shown = _short(_describe(version))
        raise ScenarioFileError(
            f"scenario file version {shown} is not supported (this rangemap reads "
            f"version {FILE_VERSION})"
        )
    return document


def _type_name(value: object) -> str:
    names = {dict: "mapping", list: "list", str: "text", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number" if isinstance(value, int | float) else "value")


def _describe(value: object) -> str:
    """A value of the file for a warning: scalars shortened, containers only named (``str()`` of
    a list built from YAML aliases could be enormous)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return str(value)[:60]
    return f"<{_type_name(value)}>"


def _capped_join(items: Iterable[str], sep: str = ",") -> str:
    """Items joined, but no longer than needed to exceed ``MAX_PARAM_CHARS`` (then dropped by
    :func:`parse_query` with its warning). Bounds the work on a hostile file whose YAML aliases
    repeat one long string many times."""
    out: list[str] = []
    length = 0
    for item in items:
        out.append(item[: MAX_PARAM_CHARS + 1])
        length += len(out[-1]) + len(sep)
        if length > MAX_PARAM_CHARS + 1:
            break
    return sep.join(out)


_NUMBER_TEXT = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def _number_text(value: object) -> str | None:
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


def _coordinate_text(value: object) -> str | None:
    """A coordinate as decimal text (no exponent: ``parse_coordinates`` reads ``e`` as east)."""
    text = _number_text(value)
    if text is None:
        return None
    number = float(text) if _NUMBER_TEXT.fullmatch(text) else math.nan
    if not math.isfinite(number):
        return "nan" if math.isnan(number) else "inf"  # refused, with parse_query's warning
    return _number(number)


def _point_param(value: object, where: str, warnings: list[str]) -> str | None:
    """``LAT,LON[,LABEL]`` from ``{lat, lon, label}`` (or that text itself); None if unusable."""
    if isinstance(value, str):
        return value[: MAX_PARAM_CHARS + 1]
    if not isinstance(value, dict):
        warnings.append(
            f"{where}: expected {{lat, lon, label}} (got a {_type_name(value)}); dropped"
        )
        return None
    extra = [_describe(k) for k in value if k not in ("lat", "lon", "label")]
    if extra:
        warnings.append(f"{where}: unknown key {_some(extra)} ignored")
    lat, lon = _coordinate_text(value.get("lat")), _coordinate_text(value.get("lon"))
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
            f"{where}: label must be text (put it in quotes; got a {_type_name(label)}); "
            "the coordinates are used"
        )
    return text


def _overrides_param(value: object, key: str, warnings: list[str]) -> str | None:
    if not isinstance(value, dict):
        warnings.append(f"{key}: expected a mapping of system id to km (got a {_type_name(value)})")
        return None
    items = []
    bad = []
    for system_id, number in value.items():
        text = _number_text(number)
        if not isinstance(system_id, str) or any(c in system_id for c in ",:") or text is None:
            bad.append(f"{_describe(system_id)}: {_describe(number)}")
        else:
            items.append(f"{system_id}:{text}")
    if bad:
        warnings.append(f"{key}: {_some(bad)} dropped (expected ID: KM)")
    return _capped_join(items)


def _view_param(value: object, warnings: list[str]) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        extra = [_describe(k) for k in value if k not in ("lat", "lon", "zoom")]
        if extra:
            warnings.append(f"view: unknown key {_some(extra)} ignored")
        parts = [_number_text(value.get(k)) for k in ("lat", "lon", "zoom")]
        if all(p is not None for p in parts):
            return ",".join(parts)  # type: ignore[arg-type]
    warnings.append("view: expected {lat, lon, zoom} with numbers; dropped")
    return None


def _text_param(value: object, key: str, warnings: list[str]) -> str | None:
    if isinstance(value, str):
        return value
    text = _number_text(value)
    if text is None:
        warnings.append(f"{key}: expected text or a number (got a {_type_name(value)}); dropped")
    return text


def _file_params(document: dict, warnings: list[str]) -> dict[str, str | list[str]]:
    """The URL query parameters a scenario file stands for (file-level problems warned)."""
    unknown = [_describe(k) for k in document if k not in FILE_KEYS]
    if unknown:
        warnings.append(f"scenario file: unknown key {_some(unknown)} ignored")
    params: dict[str, str | list[str]] = {}

    if "systems" in document:
        systems = document["systems"]
        if systems is None or isinstance(systems, str):
            params["systems"] = systems or ""
        elif isinstance(systems, list):
            ids = [s for s in systems if isinstance(s, str)]
            if len(ids) < len(systems):
                warnings.append("systems: entries that are not text (system ids) dropped")
            params["systems"] = _capped_join(ids)
        else:
            warnings.append(f"systems: expected a list of ids (got a {_type_name(systems)})")
            params["systems"] = ""

    points = document.get("launch_points")
    if isinstance(points, list):
        if len(points) > MAX_LAUNCH_POINTS:
            warnings.append(
                f"launch_points: only the first {MAX_LAUNCH_POINTS} of {len(points)} are read"
            )
        texts = [
            _point_param(p, f"launch_points[{i}]", warnings)
            for i, p in enumerate(points[:MAX_LAUNCH_POINTS])
        ]
        params["from"] = [t for t in texts if t is not None]
    elif points is not None:
        warnings.append(f"launch_points: expected a list (got a {_type_name(points)}); dropped")

    for file_key, key in (("max_range_km", "range"), ("min_range_km", "min")):
        if document.get(file_key) is not None:
            text = _overrides_param(document[file_key], file_key, warnings)
            if text:
                params[key] = text

    for file_key, key in (
        ("units", "units"),
        ("opacity", "opacity"),
        ("base", "base"),
        ("min_population", "minpop"),
    ):
        if document.get(file_key) is not None:
            text = _text_param(document[file_key], file_key, warnings)
            if text is not None:
                params[key] = text

    if document.get("view") is not None:
        text = _view_param(document["view"], warnings)
        if text is not None:
            params["view"] = text

    if document.get("target") is not None:
        text = _point_param(document["target"], "target", warnings)
        if text is not None:
            params["target"] = text
    return params
