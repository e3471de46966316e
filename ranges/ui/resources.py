"""What the app loads or computes once and shares between sessions (Streamlit's resource cache)."""

from __future__ import annotations

import streamlit as st

from ranges.catalogue import Catalogue, System, load_catalogue
from ranges.gazetteer import DEFAULT_EXTRACT, Gazetteer, GazetteerError, default_gazetteer
from ranges.places import LaunchPoint
from ranges.reach import Reach, compute_reach
from ranges.rings import Ring, build_rings

__all__ = ["builtin_catalogue", "cached_reach", "cached_rings", "gazetteer"]


@st.cache_resource
def builtin_catalogue() -> Catalogue:
    """The catalogue shipped in ``data/`` (read once per server)."""
    return load_catalogue()


@st.cache_resource
def gazetteer(extract: str = DEFAULT_EXTRACT) -> Gazetteer | None:
    """The offline gazetteer of one GeoNames extract (``ranges.gazetteer.EXTRACTS``), or None
    when it cannot be loaded (the app then has no city list)."""
    try:
        return default_gazetteer(extract)
    except GazetteerError:
        return None


@st.cache_resource(max_entries=256)
def cached_rings(points: tuple[LaunchPoint, ...], systems: tuple[System, ...]) -> list[Ring]:
    """The rings of every shown system around every launch point."""
    return build_rings(points, systems)


@st.cache_resource(max_entries=64)
def cached_reach(
    points: tuple[LaunchPoint, ...],
    systems: tuple[System, ...],
    min_population: int,
    extract: str = DEFAULT_EXTRACT,
) -> Reach:
    """The places in range (at least ``min_population`` people) of the gazetteer ``extract``;
    needs that gazetteer (:func:`gazetteer` is not None)."""
    rings = cached_rings(points, systems)
    places = gazetteer(extract)
    return compute_reach(points, systems, places, min_population=min_population, rings=rings)
