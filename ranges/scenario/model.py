"""The state a shared link or a scenario file carries: the :class:`Scenario` model.

A scenario is which systems are shown, from which launch points, with which range overrides,
units, opacity, base map, map view, reverse-question target, city threshold and gazetteer.
Values are validated once, where they enter: :mod:`ranges.scenario.link` reads and writes them
as link parameters and :mod:`ranges.scenario.scenariofile` as scenario files, both driven by the
one table of :mod:`ranges.scenario.params` (``PARAMS`` lists every parameter, and docs/app.md's
table is made from it). This module holds the model, its limits and the views of the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ranges.catalogue.fields import SELECT_ALL
from ranges.catalogue.systems import Catalogue, System
from ranges.errors import ScenarioFileError
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.extracts import DEFAULT_EXTRACT
from ranges.places.points import COORD_DECIMALS, LaunchPoint, wrap_longitude
from ranges.text import finite_number, number_text

if TYPE_CHECKING:  # ranges.geometry.areas loads the borders and shapely: only where an area is used
    from ranges.geometry.areas import LaunchArea

__all__ = [
    "BASE_LAYERS",
    "COORD_DECIMALS",
    "DEFAULT_OPACITY",
    "DEFAULT_POINT",
    "DEFAULT_VIEW",
    "MAX_LAUNCH_AREAS",
    "MAX_LAUNCH_POINTS",
    "MAX_POPULATION",
    "MAX_SYSTEMS",
    "MAX_ZOOM",
    "RANGE_DECIMALS",
    "VIEW_DECIMALS",
    "Scenario",
    "ScenarioFileError",
    "View",
    "default_scenario",
    "effective_systems",
    "initial_view",
    "make_point",
]

MAX_LAUNCH_POINTS = 50
MAX_LAUNCH_AREAS = 20
MAX_SYSTEMS = 50
MAX_POPULATION = 100_000_000
MAX_ZOOM = 20  # Leaflet's deepest zoom level on the base maps we offer
RANGE_DECIMALS = 3  # 1 m
VIEW_DECIMALS = 4  # about 10 m: a map centre needs no more
BASE_LAYERS = ("osm", "light", "satellite")
DEFAULT_POINT = LaunchPoint(50.4501, 30.5234, "Kyiv")
DEFAULT_OPACITY = 0.25


@dataclass(frozen=True)
class View:
    """The map's centre (degrees) and Leaflet zoom level."""

    lat: float
    lon: float
    zoom: int

    @classmethod
    def from_query(cls, text: str) -> View | None:
        """The view of a link's ``LAT,LON,ZOOM`` (degrees, zoom 0 to ``MAX_ZOOM``; the centre
        rounded to ``VIEW_DECIMALS``), or None if ``text`` is not that."""
        parts = text.split(",")
        if len(parts) != 3:
            return None
        lat, lon, zoom = (finite_number(p) for p in parts)
        if lat is None or lon is None or zoom is None:
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 <= zoom <= MAX_ZOOM):
            return None
        return cls(round(lat, VIEW_DECIMALS) + 0.0, round(lon, VIEW_DECIMALS) + 0.0, int(zoom))

    @classmethod
    def from_leaflet(cls, lat: float, lng: float, zoom: float) -> View:
        """The view Leaflet reports (centre in degrees, its longitude possibly beyond
        ±180 after panning across the antimeridian): longitude wrapped into [-180, 180), the
        centre rounded to ``VIEW_DECIMALS``."""
        lon = wrap_longitude(lng)
        return cls(
            round(float(lat), VIEW_DECIMALS) + 0.0, round(lon, VIEW_DECIMALS) + 0.0, int(zoom)
        )

    def to_query(self) -> str:
        """``LAT,LON,ZOOM`` that :meth:`from_query` reads back."""
        return f"{number_text(self.lat)},{number_text(self.lon)},{self.zoom}"

    def to_dict(self) -> dict[str, object]:
        """The scenario file's form: ``{lat, lon, zoom}``."""
        return {"lat": self.lat, "lon": self.lon, "zoom": self.zoom}

    def same_as(self, other: View | None, pixels: float = 2.0) -> bool:
        """True if ``other`` is this view within ``pixels`` screen pixels at the same zoom.

        Leaflet snaps a centre to whole pixels, so a link that was opened reports back a
        centre a pixel or so away: that is still the view the link gave.
        """
        if other is None or other.zoom != self.zoom:
            return False
        degrees_per_pixel = 360.0 / (256 * 2**self.zoom)
        return (
            abs(other.lat - self.lat) <= pixels * degrees_per_pixel
            and abs(other.lon - self.lon) <= pixels * degrees_per_pixel
        )


@dataclass(frozen=True)
class Scenario:
    """Everything that changes the picture. Values are validated where they enter.

    ``target`` is the point of the reverse question (where can it be reached from?);
    ``min_population`` the smallest population of the cities listed and marked (0: all);
    ``gazetteer`` the GeoNames extract the cities come from (one of
    ``ranges.places.extracts.EXTRACTS``); ``areas`` the launch areas (countries, lines, polygons:
    ``docs/INTERFACES.md`` section 4), launched from anywhere along or inside each; ``labels``
    whether the live map labels its rings; ``borders`` the edition of the country borders
    (:mod:`ranges.places.editions`): what a country area covers, which country a place is
    counted in, what the map and the pictures draw; ``variants`` the figure chosen per system
    id (a variant id, or ``"all"``: the catalogue figure and every variant; INTERFACES
    section 1), sorted by system id, absent for the catalogue figure.
    """

    systems: tuple[str, ...] = ()
    points: tuple[LaunchPoint, ...] = ()
    max_range_km: tuple[tuple[str, float], ...] = ()
    min_range_km: tuple[tuple[str, float], ...] = ()
    units: str = "km"
    opacity: float = DEFAULT_OPACITY
    base: str = "osm"
    labels: bool = True
    view: View | None = None
    target: LaunchPoint | None = None
    min_population: int = 0
    gazetteer: str = DEFAULT_EXTRACT
    areas: tuple[LaunchArea, ...] = ()
    borders: str = DEFAULT_EDITION
    # built-in set names and own targets, LAT,LON[,LABEL] with kind and country (targets.sources)
    targets: tuple[str, ...] = ()
    variants: tuple[tuple[str, str], ...] = ()

    def variant_choice(self, system_id: str) -> str | None:
        """The figure chosen for a system: a variant id, ``"all"`` (its own figure and every
        variant, each its own ring) or None (the catalogue figure)."""
        return dict(self.variants).get(system_id)

    def with_variant(self, system_id: str, choice: str | None) -> Scenario:
        """The scenario with another figure chosen for ``system_id`` (None: the catalogue's)."""
        chosen = {k: v for k, v in self.variants if k != system_id}
        if choice:
            chosen[system_id] = choice
        return replace(self, variants=tuple(sorted(chosen.items())))

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


DEFAULT_VIEW = View(DEFAULT_POINT.lat, DEFAULT_POINT.lon, 4)
"""The view of a link with neither a view nor a launch point: Kyiv, zoom 4."""


def make_point(lat: float, lon: float, label: str | None = None) -> LaunchPoint:
    """A launch point with coordinates (degrees) rounded to ``COORD_DECIMALS`` (so links
    round-trip); see :meth:`LaunchPoint.rounded`."""
    return LaunchPoint.rounded(lat, lon, label)


def default_scenario(catalogue: Catalogue) -> Scenario:
    """What a link without any scenario parameter opens: every catalogue system from Kyiv."""
    return Scenario(systems=catalogue.ids, points=(DEFAULT_POINT,))


def initial_view(scenario: Scenario, catalogue: Catalogue) -> View:
    """The view a scenario opens at: its own, else its first launch point (or, without points,
    its first launch area) at a zoom that shows the longest shown ring (300 km when none is
    shown), else :data:`DEFAULT_VIEW`.

    When the shortest ring is under a quarter of the longest (300 km against 2,400 km), the
    zoom is one level closer: the long ring's east and west edges still show on a landscape
    screen, and the short rings are 100 px across instead of a 40 px blob."""
    if scenario.view is not None:
        return scenario.view
    if not scenario.points and not scenario.areas:
        return DEFAULT_VIEW
    ranges = [s.max_range_km for s in effective_systems(scenario, catalogue)] or [300.0]
    reach = max(ranges)
    if scenario.points:
        lat, lon = scenario.points[0].lat, scenario.points[0].lon
    else:  # the first area's box: its centre, and half its diagonal added to the reach
        west, south, east, north = scenario.areas[0].geometry.bounds
        lat = round((south + north) / 2, VIEW_DECIMALS) + 0.0
        lon = round((west + east) / 2, VIEW_DECIMALS) + 0.0
        diagonal_km = 111.2 * math.hypot(north - south, (east - west) * math.cos(math.radians(lat)))
        reach += diagonal_km / 2
    zoom = math.log2(35_000 / max(reach, 50.0))
    if scenario.points and min(ranges) < max(ranges) / 4:
        zoom += 1
    return View(lat, lon, int(min(10, max(2, zoom))))


def effective_systems(scenario: Scenario, catalogue: Catalogue) -> list[System]:
    """The shown figures with the scenario's range overrides applied (in the scenario's order).

    A system shows its chosen variant (``tomahawk:block-iv``: its id is then ``id:variant``);
    with ``"all"`` its catalogue figure comes first, then each variant as its own figure, and
    the overrides apply to the first only (a variant is drawn as published). An unknown choice
    shows the catalogue figure.
    """
    known = {s.id: s for s in catalogue.systems}
    out = []
    for system_id in scenario.systems:
        system = known.get(system_id)
        if system is None:
            continue
        choice = scenario.variant_choice(system_id)
        extra: list[System] = []
        if choice == SELECT_ALL:
            extra = [system.as_variant(v.id) for v in system.variants]
        elif choice and any(v.id == choice for v in system.variants):
            system = system.as_variant(choice)
        out.append(_with_overrides(system, scenario, system_id))
        out.extend(extra)
    return out


def _with_overrides(system: System, scenario: Scenario, system_id: str) -> System:
    """``system`` with the scenario's overrides of ``system_id`` applied."""
    rmax = scenario.max_override(system_id) or system.max_range_km
    rmin = scenario.min_override(system_id)
    rmin = system.min_range_km if rmin is None else rmin
    if rmin >= rmax:
        rmin = 0.0
    return system.model_copy(update={"max_range_km": rmax, "min_range_km": rmin})
