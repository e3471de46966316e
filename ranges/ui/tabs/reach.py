"""The "In range" tab: the cities within reach, by system and one by one."""

from __future__ import annotations

import streamlit as st

from ranges.catalogue import System
from ranges.reach import Reach
from ranges.scenario import Scenario
from ranges.ui import state
from ranges.ui.tabs.names import ids_to_names
from ranges.units import area_from_km2, from_km

__all__ = ["render"]


def render(scenario: Scenario, systems: list[System], reach: Reach | None) -> None:
    """The population filter, then (given systems, launch points and the gazetteer) the totals,
    the summary a system and the table of cities."""
    unit = scenario.units
    st.number_input(
        "Cities of at least this many people",
        min_value=0,
        max_value=100_000_000,
        step=50_000,
        key=state.MIN_POPULATION,
        on_change=state.acting(),
    )
    if not systems or not scenario.points:
        st.info("Choose at least one system and one launch point.")
        return
    if reach is None:
        st.info("The offline gazetteer could not be loaded: no city list.")
        return
    cols = st.columns(3)
    cols[0].metric("Cities in range", f"{len(reach.cities):,}")
    cols[1].metric("People in those cities", f"{int(reach.cities['population'].sum()):,}")
    cols[2].metric("Launch points", len(scenario.points))
    summary = reach.summary.copy()
    if summary["countries"].isna().all():
        st.caption("The country borders could not be read: the countries reached are unknown.")
    # km² to unit²: the linear conversion applied once a dimension.
    summary["area"] = area_from_km2(summary["area_km2"], unit).round()
    st.dataframe(
        summary[["name", "cities", "population", "area", "countries", "country_names"]],
        hide_index=True,
        column_config={
            "name": "System",
            "cities": st.column_config.NumberColumn("Cities", format="localized"),
            "population": st.column_config.NumberColumn("Population", format="localized"),
            "area": st.column_config.NumberColumn(f"Area covered ({unit}²)", format="localized"),
            "countries": st.column_config.NumberColumn("Countries"),
            "country_names": st.column_config.TextColumn("Countries reached", width="large"),
        },
    )
    cities_table(scenario, systems, reach)


def cities_table(scenario: Scenario, systems: list[System], reach: Reach) -> None:
    """Every city in range once (or once a launch point and system), filtered by name."""
    unit = scenario.units
    per_pair = st.toggle(
        "One row per launch point and system",
        key=state.PER_PAIR,
        help="Otherwise each city once",
        on_change=state.acting(),
    )
    table = reach.rows if per_pair else reach.cities
    search = (
        st.text_input("Filter by city or country", key=state.CITY_FILTER, on_change=state.acting())
        .strip()
        .casefold()
    )
    if search:
        mask = table["city"].str.casefold().str.contains(search, regex=False) | table[
            "country"
        ].str.casefold().str.contains(search, regex=False)
        table = table[mask]
    view = table.copy()
    view["distance"] = from_km(view["distance_km"], unit)
    systems_column = "system" if per_pair else "systems"
    view[systems_column] = ids_to_names(view[systems_column], systems)
    columns = ["city", "country", "population", "distance", "bearing_deg"]
    columns += ["launch", "system"] if per_pair else ["nearest_launch", "systems"]
    if per_pair and view["flight_time_h"].notna().any():
        view["flight_min"] = view["flight_time_h"] * 60
        columns.append("flight_min")
    st.dataframe(
        view[columns],
        hide_index=True,
        height=420,
        column_config={
            "city": "City",
            "country": "Country",
            "population": st.column_config.NumberColumn("Population", format="localized"),
            "distance": st.column_config.NumberColumn(f"Distance ({unit})", format="%.1f"),
            "bearing_deg": st.column_config.NumberColumn("Bearing (°)", format="%.1f"),
            "launch": "Launch point",
            "nearest_launch": "Nearest launch point",
            "system": "System",
            "systems": "Reached by",
            "flight_min": st.column_config.NumberColumn(
                "Flight time (min, straight-line estimate)", format="%.0f"
            ),
        },
    )
