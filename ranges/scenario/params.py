"""The one table of scenario parameters: every parameter a link and a scenario file carry.

Every parameter a shared link carries is one :class:`Param` row of :data:`PARAMS`: its URL
name, its scenario-file key, the :class:`~ranges.scenario.model.Scenario` field it fills, how it is
read (text -> value, with warnings; :mod:`ranges.scenario.linkvalues`) and written (value ->
text), its file form (:mod:`ranges.scenario.filevalues`) and its help text. The link codec
(:mod:`ranges.scenario.link`: :func:`~ranges.scenario.link.parse_query`,
:func:`~ranges.scenario.link.to_query`), the file codec (:mod:`ranges.scenario.scenariofile`)
and the parameter table of docs/app.md (:func:`readme_table`) all walk this table. **Adding a
parameter is one row here plus the Scenario field** (and its parser in ``linkvalues``, its file
reader in ``filevalues``, and docs/app.md's table, which a test regenerates and compares).

``systems`` and ``from`` are the contract of ``docs/INTERFACES.md`` section 3; the rest are this
project's extensions. A label may contain commas: everything after the second comma is the label
(``from=1,2,a,b`` is the point 1, 2 labelled "a,b"). ``systems``, ``range`` and ``min`` may be
repeated (their values are merged); ``from`` is repeated once per point; any other parameter
given twice is reported and its last value used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ranges.places.editions import DEFAULT_EDITION, EDITIONS
from ranges.places.extracts import DEFAULT_EXTRACT, EXTRACTS
from ranges.scenario.arealink import COMPACT_ABOVE, area_link
from ranges.scenario.filevalues import (
    area_file_text,
    areas_from_file,
    overrides_from_file,
    points_from_file,
    scalar_from_file,
    switch_from_file,
    systems_from_file,
    target_from_file,
    variants_from_file,
    view_from_file,
)
from ranges.scenario.linkvalues import (
    as_is,
    one_of,
    overrides_text,
    parse_areas,
    parse_max_ranges,
    parse_min_ranges,
    parse_opacity,
    parse_points,
    parse_population,
    parse_switch,
    parse_systems,
    parse_target,
    parse_variants,
    parse_view,
    unless_default,
    variants_text,
)
from ranges.scenario.model import (
    BASE_LAYERS,
    DEFAULT_OPACITY,
    MAX_LAUNCH_AREAS,
    MAX_LAUNCH_POINTS,
    MAX_ZOOM,
)
from ranges.scenario.reading import MAX_AREA_CHARS, MAX_PARAM_CHARS, Reading
from ranges.scenario.targetlink import (
    format_targets,
    parse_targets,
    targets_from_file,
    targets_to_file,
)
from ranges.text import number_text
from ranges.units import UNITS

__all__ = ["FILE_KEYS", "KNOWN_PARAMS", "PARAMS", "Param", "readme_table"]


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
    parse: Callable[[list[str], Reading], Any]
    format: Callable[[Any], str | list[str] | None]
    to_file: Callable[[Any], object]
    from_file: Callable[[object, list[str]], str | list[str] | None]
    repeated: bool = False
    max_chars: int = MAX_PARAM_CHARS
    file_when_default: bool = True
    """False: a file leaves the key out at its default (a key added after files were shared,
    so that a scenario without it writes the same file as before)."""


PARAMS: tuple[Param, ...] = (
    Param(
        name="systems",
        file_key="systems",
        field="systems",
        form="`atacms,tomahawk`",
        help="systems shown (ids); empty: none",
        file_help=("Systems shown: ids of the catalogue.",),
        parse=parse_systems,
        format=",".join,  # always written: an empty value means none shown
        to_file=list,
        from_file=systems_from_file,
        repeated=True,
    ),
    Param(
        name="variant",
        file_key="variants",
        field="variants",
        form="`tomahawk:block-iv`, `atacms:all`",
        help=(
            "the figure drawn per system: one of its catalogue variants, or `all` (the catalogue "
            "figure and every variant, each its own ring); absent: the catalogue figure"
        ),
        file_help=(
            "Figure drawn per system id: a variant id of the catalogue, or 'all' (every",
            "figure, each its own ring); a system not listed shows the catalogue figure.",
        ),
        parse=parse_variants,
        format=variants_text,
        to_file=dict,
        from_file=variants_from_file,
        repeated=True,
        file_when_default=False,
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
        parse=parse_points,
        format=lambda points: [p.to_query() for p in points] or None,
        to_file=lambda points: [p.to_dict() for p in points],
        from_file=points_from_file,
        repeated=True,
    ),
    Param(
        name="borders",
        file_key="borders",
        field="borders",
        form="`de-facto` or `recognised`",
        help=(
            "country borders: `de-facto` (Natural Earth, the default: Crimea drawn as part of "
            "Russia) or `recognised` (internationally recognised: Crimea part of Ukraine). "
            "Decides what a country launch area covers and which country a place is counted in"
        ),
        file_help=(
            "Country borders: de-facto (Natural Earth: Crimea drawn as part of Russia) or",
            "recognised (internationally recognised: Crimea part of Ukraine).",
        ),
        parse=one_of("borders", EDITIONS, DEFAULT_EDITION),
        format=unless_default(DEFAULT_EDITION, str),
        to_file=as_is,
        from_file=scalar_from_file("borders"),
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
        parse=parse_areas,
        format=lambda areas: [area_link(a) for a in areas] or None,
        to_file=lambda areas: [area_file_text(a) for a in areas],
        from_file=areas_from_file,
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
        parse=parse_max_ranges,
        format=overrides_text,
        to_file=dict,
        from_file=overrides_from_file("max_range_km"),
        repeated=True,
    ),
    Param(
        name="min",
        file_key="min_range_km",
        field="min_range_km",
        form="`tomahawk:500`",
        help="minimum ranges, km",
        file_help=("Minimum ranges, km, by system id (a ring becomes an annulus).",),
        parse=parse_min_ranges,
        format=overrides_text,
        to_file=dict,
        from_file=overrides_from_file("min_range_km"),
        repeated=True,
    ),
    Param(
        name="units",
        file_key="units",
        field="units",
        form="`km`, `mi` or `nmi`",
        help="units shown (default km)",
        file_help=("Units for every distance shown: km, mi or nmi.",),
        parse=one_of("units", UNITS, "km"),
        format=unless_default("km", str),
        to_file=as_is,
        from_file=scalar_from_file("units"),
    ),
    Param(
        name="opacity",
        file_key="opacity",
        field="opacity",
        form="`0.4`",
        help=f"ring fill opacity, 0 to 1 (default {DEFAULT_OPACITY:g})",
        file_help=("Ring fill opacity, 0 to 1.",),
        parse=parse_opacity,
        format=unless_default(DEFAULT_OPACITY, number_text),
        to_file=as_is,
        from_file=scalar_from_file("opacity"),
    ),
    Param(
        name="base",
        file_key="base",
        field="base",
        form="`osm`, `light` or `satellite`",
        help="base map (default osm)",
        file_help=("Base map: osm, light or satellite.",),
        parse=one_of("base", BASE_LAYERS, "osm"),
        format=unless_default("osm", str),
        to_file=as_is,
        from_file=scalar_from_file("base"),
    ),
    Param(
        name="labels",
        file_key="ring_labels",
        field="labels",
        form="`on` or `off`",
        help="ring labels on the live map (default on)",
        file_help=("Ring labels on the live map: true or false.",),
        parse=parse_switch("labels", True),
        format=unless_default(True, lambda on: "on" if on else "off"),
        to_file=as_is,
        from_file=switch_from_file("ring_labels"),
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
        parse=parse_view,
        format=lambda view: None if view is None else view.to_query(),
        to_file=lambda view: None if view is None else view.to_dict(),
        from_file=view_from_file,
    ),
    Param(
        name="target",
        file_key="target",
        field="target",
        form="`LAT,LON` or `LAT,LON,LABEL`",
        help="the reverse question's target",
        file_help=("The reverse question's target: {lat, lon, label}, or null.",),
        parse=parse_target,
        format=lambda point: None if point is None else point.to_query(),
        to_file=lambda point: None if point is None else point.to_dict(),
        from_file=target_from_file,
    ),
    Param(
        name="targets",
        file_key="targets",
        field="targets",
        form="`airfields:military` or `LAT,LON,LABEL`, repeated",
        help="a built-in target set, or one target each (a link keeps the first 100, without "
        "their kinds and countries; the scenario file all, with them)",
        file_help=(
            "Targets: built-in set names (airfields, airfields:military) and targets as",
            "{lat, lon, label}, with kind and country if wanted.",
        ),
        parse=parse_targets,
        format=format_targets,
        to_file=targets_to_file,
        from_file=targets_from_file,
        repeated=True,
    ),
    Param(
        name="minpop",
        file_key="min_population",
        field="min_population",
        form="`100000`",
        help="population threshold of the cities table and markers",
        file_help=("Smallest population of the cities listed (0: all).",),
        parse=parse_population,
        format=unless_default(0, str),
        to_file=as_is,
        from_file=scalar_from_file("min_population"),
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
        parse=one_of("gazetteer", EXTRACTS, DEFAULT_EXTRACT),
        format=unless_default(DEFAULT_EXTRACT, str),
        to_file=as_is,
        from_file=scalar_from_file("gazetteer"),
    ),
)

KNOWN_PARAMS: tuple[str, ...] = tuple(p.name for p in PARAMS)
FILE_KEYS: tuple[str, ...] = ("rangemap_scenario", *(p.file_key for p in PARAMS))


def readme_table() -> str:
    """The table of URL parameters in docs/app.md (Markdown), made from :data:`PARAMS`."""
    lines = ["| parameter | form | meaning |", "|---|---|---|"]
    lines += [f"| `{p.name}` | {p.form} | {p.help} |" for p in PARAMS]
    return "\n".join(lines) + "\n"
