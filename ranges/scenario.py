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
==========  ================================  ==============================================

Parsing never raises: every value that cannot be used is dropped and reported in a warning, so
a hostile or mangled link still opens a working map. A link with none of these parameters opens
the default scenario (every catalogue system from Kyiv).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from ranges.catalogue import Catalogue, System
from ranges.geodesy import MAX_RADIUS_KM
from ranges.places import LaunchPoint, PointError, format_coordinates, parse_coordinates
from ranges.units import UNITS

MAX_LAUNCH_POINTS = 50
MAX_SYSTEMS = 50
MAX_PARAM_CHARS = 2_000
COORD_DECIMALS = 6  # about 0.1 m: coordinates are rounded once, where they enter
RANGE_DECIMALS = 3  # 1 m
BASE_LAYERS = ("osm", "light", "satellite")
DEFAULT_POINT = LaunchPoint(50.4501, 30.5234, "Kyiv")
DEFAULT_OPACITY = 0.25
KNOWN_PARAMS = ("systems", "from", "range", "min", "units", "opacity", "base", "view")


@dataclass(frozen=True)
class View:
    """The map's centre (degrees) and Leaflet zoom level."""

    lat: float
    lon: float
    zoom: int


@dataclass(frozen=True)
class Scenario:
    """Everything that changes the picture. Values are validated where they enter."""

    systems: tuple[str, ...] = ()
    points: tuple[LaunchPoint, ...] = ()
    max_range_km: tuple[tuple[str, float], ...] = ()
    min_range_km: tuple[tuple[str, float], ...] = ()
    units: str = "km"
    opacity: float = DEFAULT_OPACITY
    base: str = "osm"
    view: View | None = None

    def max_override(self, system_id: str) -> float | None:
        return dict(self.max_range_km).get(system_id)

    def min_override(self, system_id: str) -> float | None:
        return dict(self.min_range_km).get(system_id)

    def with_ranges(self, system_id: str, min_km: float, max_km: float, base: System) -> Scenario:
        """Set a system's range; values equal to the catalogue's are not stored as overrides."""
        maxes = {k: v for k, v in self.max_range_km if k != system_id}
        mins = {k: v for k, v in self.min_range_km if k != system_id}
        max_km = round(max_km, RANGE_DECIMALS)
        min_km = round(min_km, RANGE_DECIMALS)
        if max_km != base.max_range_km:
            maxes[system_id] = max_km
        if min_km != base.min_range_km:
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


def _values(params: Mapping[str, str | Sequence[str]], key: str) -> list[str]:
    value = params.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value]


def _last(params: Mapping[str, str | Sequence[str]], key: str) -> str | None:
    values = _values(params, key)
    return values[-1] if values else None


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _finite(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
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
    text: str, key: str, known: Mapping[str, System], warnings: list[str]
) -> dict[str, float]:
    out: dict[str, float] = {}
    for item in filter(None, (p.strip() for p in text.split(","))):
        system_id, sep, number = item.partition(":")
        value = _finite(number) if sep else None
        if system_id not in known:
            warnings.append(f"{key}: unknown system {_short(system_id)} dropped")
        elif value is None or not (0.0 <= value <= MAX_RADIUS_KM):
            warnings.append(
                f"{key}: {_short(item)} dropped (expected ID:KM with KM in 0-{MAX_RADIUS_KM:g})"
            )
        else:
            out[system_id] = round(value, RANGE_DECIMALS)
    return out


def parse_query(
    params: Mapping[str, str | Sequence[str]], catalogue: Catalogue
) -> tuple[Scenario, list[str]]:
    """A scenario from URL query parameters, and a warning for everything that was dropped.

    ``params`` maps each key to its value or to its list of values (repeated keys). Never raises.
    """
    warnings: list[str] = []
    if not any(k in params for k in KNOWN_PARAMS):
        return default_scenario(catalogue), warnings
    params = {k: v for k, v in params.items() if _param_ok(k, v, warnings)}
    known = {s.id: s for s in catalogue.systems}

    systems: list[str] = []
    for value in _values(params, "systems"):
        for item in filter(None, (p.strip().lower() for p in value.split(","))):
            if item not in known:
                warnings.append(f"systems: unknown system {_short(item)} dropped")
            elif item not in systems:
                systems.append(item)
    if len(systems) > MAX_SYSTEMS:
        warnings.append(f"systems: only the first {MAX_SYSTEMS} are shown")
        systems = systems[:MAX_SYSTEMS]

    points: list[LaunchPoint] = []
    for value in _values(params, "from"):
        if len(points) >= MAX_LAUNCH_POINTS:
            warnings.append(f"from: only the first {MAX_LAUNCH_POINTS} launch points are kept")
            break
        try:
            points.append(_parse_point(value))
        except (PointError, ValueError) as exc:
            warnings.append(f"from: {_short(value)} dropped ({exc})")

    maxes: dict[str, float] = {}
    for value in _values(params, "range"):
        maxes.update(_parse_overrides(value, "range", known, warnings))
    mins: dict[str, float] = {}
    for value in _values(params, "min"):
        mins.update(_parse_overrides(value, "min", known, warnings))
    for system_id, value in list(maxes.items()):
        if value <= 0:
            warnings.append(f"range: {system_id} must be above 0 km; catalogue figure used")
            del maxes[system_id]
    for system_id, value in list(mins.items()):
        top = maxes.get(system_id, known[system_id].max_range_km)
        if value >= top:
            warnings.append(f"min: {system_id} minimum {value:g} km is not below {top:g} km")
            del mins[system_id]

    units = _last(params, "units") or "km"
    if units not in UNITS:
        warnings.append(f"units: {_short(units)} dropped (expected km, mi or nmi)")
        units = "km"

    opacity = DEFAULT_OPACITY
    text = _last(params, "opacity")
    if text is not None:
        value = _finite(text)
        if value is None or not 0.0 <= value <= 1.0:
            warnings.append(f"opacity: {_short(text)} dropped (expected 0 to 1)")
        else:
            opacity = round(value, 2)

    base = _last(params, "base") or "osm"
    if base not in BASE_LAYERS:
        warnings.append(f"base: {_short(base)} dropped (expected {', '.join(BASE_LAYERS)})")
        base = "osm"

    view = None
    text = _last(params, "view")
    if text is not None:
        view = _parse_view(text)
        if view is None:
            warnings.append(f"view: {_short(text)} dropped (expected LAT,LON,ZOOM)")

    scenario = Scenario(
        systems=tuple(s for s in catalogue.ids if s in systems),
        points=tuple(points),
        max_range_km=tuple(sorted(maxes.items())),
        min_range_km=tuple(sorted(mins.items())),
        units=units,
        opacity=opacity,
        base=base,
        view=view,
    )
    return scenario, warnings


def _param_ok(key: str, value: str | Sequence[str], warnings: list[str]) -> bool:
    values = [value] if isinstance(value, str) else list(value)
    if any(len(v) > MAX_PARAM_CHARS for v in values):
        warnings.append(f"{_short(key)}: a value over {MAX_PARAM_CHARS} characters, dropped")
        return False
    return True


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
    return query
