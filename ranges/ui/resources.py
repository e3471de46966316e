"""What the app loads or computes once and shares between sessions (Streamlit's resource cache)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import streamlit as st

from ranges.catalogue.systems import Catalogue, System, load_catalogue
from ranges.geometry.rings import Ring, build_rings
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.extracts import DEFAULT_EXTRACT, default_gazetteer
from ranges.places.gazetteer import Gazetteer, GazetteerError
from ranges.places.points import LaunchPoint
from ranges.reach.forward import Reach
from ranges.reach.incremental import shared_reach

if TYPE_CHECKING:
    from ranges.geometry.areas import LaunchArea
    from ranges.scenario.model import Scenario

__all__ = [
    "RESULT_CACHE_ENTRIES",
    "RINGS_CACHE_ENTRIES",
    "ReachKey",
    "builtin_catalogue",
    "cached_reach",
    "cached_rings",
    "gazetteer",
    "reach_key",
]

RINGS_CACHE_ENTRIES = 256
"""Scenarios whose rings are kept (a few hundred kB each at most)."""
RESULT_CACHE_ENTRIES = 8
"""Scenarios whose places in range are kept, in each cache that holds them (the reach, the
app's view of it, the table as shown). Every catalogue system from one point reaches ~97,500
places of cities500: ~11 MB of per-place table, 13 MB more once the per-pair rows are asked
for, about as much again for the table as shown. With 64 entries the 20-session load test took
the server from 383 MB to over 1 GB, 12 to 750-900 MB; 8 serve the scenarios that
sessions go back and forth between."""


# The caches a slider release misses (a new range is a new key) say show_spinner=False:
# Streamlit starts a timer thread for every cache miss, to show a spinner if it lasts 0.5 s,
# about 5 % of a release's server CPU (py-spy, issue 20). The places in range keep one, in
# words (ranges.ui.places.PLACES_SPINNER): a new launch point's first distances take a second.

AREA_HASH = {"ranges.geometry.areas.LaunchArea": lambda area: (area.to_query(), area.borders)}
"""Launch areas are cache keys by their text (form and label) and their borders' edition (a
country's shape depends on it): hashing their geometry (a
country's thousands of vertices) on every run would cost more than the cache saves. Named by
its path: importing ``ranges.geometry.areas`` (the borders) is left to the first area."""


@st.cache_resource
def builtin_catalogue() -> Catalogue:
    """The catalogue shipped in ``data/`` (read once per server)."""
    return load_catalogue()


@st.cache_resource
def gazetteer(extract: str = DEFAULT_EXTRACT) -> Gazetteer | None:
    """The offline gazetteer of one GeoNames extract (``ranges.places.extracts.EXTRACTS``), or
    None when it cannot be loaded (the app then has no city list)."""
    try:
        return default_gazetteer(extract)
    except GazetteerError:
        return None


@st.cache_resource(max_entries=RINGS_CACHE_ENTRIES, show_spinner=False, hash_funcs=AREA_HASH)
def cached_rings(
    points: tuple[LaunchPoint, ...],
    systems: tuple[System, ...],
    areas: tuple[LaunchArea, ...] = (),
) -> list[Ring]:
    """The rings of every shown system around every launch point, then every launch area."""
    return build_rings(points, systems, areas)


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False, hash_funcs=AREA_HASH)
def cached_reach(
    points: tuple[LaunchPoint, ...],
    systems: tuple[System, ...],
    min_population: int,
    extract: str = DEFAULT_EXTRACT,
    areas: tuple[LaunchArea, ...] = (),
    edition: str = DEFAULT_EDITION,
) -> Reach:
    """The places in range (at least ``min_population`` people) of the gazetteer ``extract``
    from the launch points and areas; needs that gazetteer (:func:`gazetteer` is not None).

    ``compute_reach``'s tables, from the distance tables kept per launch for the whole process
    (``ranges.reach.incremental``): a slider's new range from the same launches is a binary
    search and a slice of them, whichever session asks."""
    rings = cached_rings(points, systems, areas)
    places = gazetteer(extract)
    return shared_reach(
        points,
        systems,
        places,
        min_population=min_population,
        rings=rings,
        areas=areas,
        edition=edition,
    )


class ReachKey(NamedTuple):
    """What the places in range depend on: :func:`cached_reach`'s arguments, and the key of
    every cache built on its result (the places on the map, the table as shown, the totals)."""

    points: tuple[LaunchPoint, ...]
    systems: tuple[System, ...]
    min_population: int
    extract: str
    areas: tuple
    edition: str

    def reach(self) -> Reach:
        """:func:`cached_reach` of this key."""
        return cached_reach(*self)


def reach_key(scenario: Scenario, systems: list[System]) -> ReachKey:
    """The key of the places in range of ``systems`` in ``scenario``."""
    return ReachKey(
        scenario.points,
        tuple(systems),
        scenario.min_population,
        scenario.gazetteer,
        scenario.areas,
        scenario.borders,
    )
