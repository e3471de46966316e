"""What a longer range adds: the places and people one figure reaches that another does not.

Between two systems or two figures of one system (``tomahawk`` at 2,400 km against
``tomahawk:block-iv`` at 1,600 km): a place counts when the longer figure reaches it from some
launch point or area and the shorter one reaches it from none (each within its own minimum and
maximum range, geodesic on WGS-84, as in :mod:`ranges.reach.forward`). People are counted as the
reach table counts them: places counted on their own (a city's sections are in its figure).

Imports only the catalogue, the units and :mod:`ranges.reach.forward`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ranges.catalogue.systems import System
from ranges.reach.forward import Reach, compute_reach
from ranges.reach.schema import PART_OF
from ranges.units import format_distance

if TYPE_CHECKING:
    import pandas as pd

    from ranges.geometry.areas import LaunchArea
    from ranges.places.gazetteer import Gazetteer
    from ranges.places.points import LaunchPoint

__all__ = ["RangeGain", "range_gain", "what_longer_adds"]


@dataclass(frozen=True)
class RangeGain:
    """The places (``cities``: rows of the reach's union table, largest first) and the people
    (``people``) that ``longer`` reaches and ``shorter`` does not; ``places`` is their count."""

    shorter: System
    longer: System
    places: int
    people: int
    cities: pd.DataFrame

    def sentence(self, unit: str = "km") -> str:
        """ "BGM-109 Tomahawk 2,400 km adds 120 places and 3,400,000 people beyond Block IV's
        1,600 km": the longer figure by its system's name (and variant), the shorter one by its
        variant's name where both are figures of one system."""
        return (
            f"{_figure_name(self.longer, None)} {format_distance(self.longer.max_range_km, unit)}"
            f" adds {self.places:,} place{'s' if self.places != 1 else ''} and"
            f" {self.people:,} people beyond"
            f" {_figure_name(self.shorter, self.longer)}'s"
            f" {format_distance(self.shorter.max_range_km, unit)}"
        )


def _figure_name(figure: System, other: System | None) -> str:
    if other is not None and figure.system_id == other.system_id and figure.variant_name:
        return figure.variant_name
    if other is not None and figure.system_id == other.system_id:
        return "its catalogue figure"
    return figure.label


def range_gain(reach: Reach, shorter: System, longer: System) -> RangeGain:
    """:class:`RangeGain` from a reach computed with both figures among its systems (their ids
    in the union table's ``systems`` column)."""
    cities = reach.cities
    reached = cities["systems"].str.split(",")
    gained = reached.map(lambda ids: longer.id in ids and shorter.id not in ids).astype(bool)
    table = cities.loc[gained]
    people = int(table.loc[table[PART_OF] == "", "population"].sum())
    return RangeGain(shorter, longer, len(table), people, table.reset_index(drop=True))


def what_longer_adds(
    points: Sequence[LaunchPoint],
    shorter: System,
    longer: System,
    gazetteer: Gazetteer,
    *,
    min_population: int = 0,
    areas: Sequence[LaunchArea] = (),
) -> RangeGain:
    """The places and people ``longer`` reaches beyond ``shorter`` from ``points`` and ``areas``
    (ranges in km as given: overrides already applied). The two must be different figures
    (different ids); which is longer is the caller's choice: a place either reaches only
    counts on one side."""
    if shorter.id == longer.id:
        raise ValueError(f"compare two different figures (both are {shorter.id!r})")
    reach = compute_reach(
        points, [shorter, longer], gazetteer, min_population=min_population, areas=areas
    )
    return range_gain(reach, shorter, longer)
