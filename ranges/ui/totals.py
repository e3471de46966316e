"""Totals that answer the question, under the In range table: what the table's filter keeps
(with the count of rows shown), and places and people per country and per system, with a switch
that leaves out the launch countries' own people ("Tomahawk from Ukraine" without Ukraine).

The counting is :func:`ranges.reach.tables.country_totals` (people counted once, sections of a
city with their city); this module only lays it out. Two one-line calls from the In range tab:
:func:`filtered` under the table, :func:`render` after it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ranges.catalogue.systems import System
from ranges.geometry.launchcountries import LaunchCountries, launch_countries
from ranges.places.editions import DEFAULT_EDITION, EDITION_NAMES
from ranges.places.points import LaunchPoint
from ranges.reach.tables import (
    ALL_SYSTEMS,
    Totals,
    country_totals,
    matches,
    outside,
    totals,
)
from ranges.scenario.model import Scenario
from ranges.text import markdown_text, people_text, quote
from ranges.ui import state
from ranges.ui.places import PlacesInRange
from ranges.ui.resources import AREA_HASH, RESULT_CACHE_ENTRIES, ReachKey, gazetteer, reach_key

__all__ = ["BY_COUNTRY", "LEAVE_OUT", "TOTALS_SYSTEM", "filtered", "render"]

LEAVE_OUT = "totals_leave_out"
"""Session key of the switch "Leave out the launch countries"."""
TOTALS_SYSTEM = "totals_system"
"""Session key of the per-country table's choice of system."""
COUNTRY_ROWS = 300
"""Countries listed at most (the world has about 250)."""


BY_COUNTRY = "totals_by_country"
"""Session key of the switch that opens the totals per country."""


def filtered(scenario: Scenario, systems: list[System]) -> None:
    """Under the In range table, when its filter is set: how many rows it keeps and the places
    and people they hold (the headline figures stay those of every place in range)."""
    search = str(st.session_state.get(state.CITY_FILTER, "") or "").strip().casefold()
    if not search or not systems or not (scenario.points or scenario.areas):
        return
    per_pair = bool(st.session_state.get(state.PER_PAIR, False))
    view = scenario_view(scenario, systems, search=search, per_pair=per_pair)
    st.markdown(markdown_text(filtered_sentence(view.shown_rows, view.filtered, per_pair)))


def render(scenario: Scenario, systems: list[System], places: PlacesInRange | None) -> None:
    """The totals per country and per system, on demand, following the table's filter, with the
    switch that leaves out the launch countries."""
    if not systems or places is None or not (scenario.points or scenario.areas):
        return
    # Opened on demand, like "What a longer range adds": a page that does not ask pays nothing.
    if not st.toggle("Totals by country", key=BY_COUNTRY, on_change=state.acting()):
        return
    search = str(st.session_state.get(state.CITY_FILTER, "") or "").strip().casefold()
    leave_out = st.toggle(
        "Leave out the launch countries",
        key=LEAVE_OUT,
        on_change=state.acting(),
        help=(
            "Count only the places outside the countries the launch points and areas stand in: "
            "what the systems reach abroad."
        ),
    )
    home = cached_launch_countries(scenario.points, scenario.areas, scenario.borders)
    view = scenario_view(
        scenario, systems, search=search, leave_out=home.codes if leave_out else frozenset()
    )
    st.caption(markdown_text(launch_note(home, scenario.borders, leave_out, view)))
    if search:
        st.caption(markdown_text(f"Only the places the table's filter keeps ({quote(search)})."))
    names = {ALL_SYSTEMS: "All systems together"} | {s.id: s.name for s in systems}
    choice = st.selectbox(
        "Totals for",
        list(names),
        format_func=names.get,
        key=TOTALS_SYSTEM,
        on_change=state.acting(),
    )
    table = view.by_country
    table = table[(table["system"] == (choice if choice in names else ALL_SYSTEMS)).to_numpy()]
    st.dataframe(
        table[["country", "places", "people"]].head(COUNTRY_ROWS),
        hide_index=True,
        column_config={
            "country": "Country",
            "places": st.column_config.NumberColumn("Places", format="localized"),
            "people": st.column_config.NumberColumn("People", format="localized"),
        },
    )


def scenario_view(
    scenario: Scenario,
    systems: list[System],
    *,
    search: str,
    per_pair: bool = False,
    leave_out: frozenset[str] = frozenset(),
) -> TotalsView:
    """:func:`totals_view` of a scenario."""
    return totals_view(
        reach_key(scenario, systems),
        search=search,
        per_pair=per_pair,
        leave_out=leave_out,
    )


def filtered_sentence(rows: int, kept: Totals, per_pair: bool) -> str:
    """What the filter keeps, as one line under the table."""
    row_word = "row" if rows == 1 else "rows"
    place_word = "place" if kept.places == 1 else "places"
    text = f"The filter keeps {rows:,} {row_word}"
    if per_pair:
        text += f" ({kept.places:,} {place_word})"
    return f"{text}: {people_text(kept.people)} people ({kept.people:,}) in range."


def launch_note(home: LaunchCountries, edition: str, leave_out: bool, view: TotalsView) -> str:
    """Which countries the launches stand in (by which borders), and what leaving them out
    takes away."""
    borders = EDITION_NAMES.get(edition, edition)
    if home.names:
        where = "Launch countries: " + ", ".join(home.names) + f" ({borders})"
    else:
        where = "No launch stands in a single country"
    if home.unplaced:
        where += "; not in a single country: " + ", ".join(home.unplaced)
    if leave_out and home.codes:
        gone = view.everything.people - view.kept.people
        where += f". Left out: {people_text(gone)} people ({gone:,})"
    return where + "."


class TotalsView:
    """What :func:`render` shows of one scenario, filter and switch (cached between runs)."""

    def __init__(
        self,
        by_country: pd.DataFrame,
        everything: Totals,
        kept: Totals,
        filtered: Totals,
        rows: int,
    ) -> None:
        self.by_country = by_country
        """:func:`ranges.reach.tables.country_totals` of the rows the filter keeps,
        without the launch countries when the switch is on."""
        self.everything = everything
        """Every place in range: nothing left out, no filter."""
        self.kept = kept
        """Every place in range, without the launch countries when the switch is on."""
        self.filtered = filtered
        """The places the filter keeps (as the table shows them: the switch not applied)."""
        self.shown_rows = rows
        """The rows of the table the filter keeps (per pair or per place, as shown)."""


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False, hash_funcs=AREA_HASH)
def cached_launch_countries(
    points: tuple[LaunchPoint, ...], areas: tuple = (), edition: str = DEFAULT_EDITION
) -> LaunchCountries:
    """:func:`ranges.geometry.launchcountries.launch_countries`, once per set of launches."""
    return launch_countries(points, areas, edition=edition)


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False, hash_funcs=AREA_HASH)
def totals_view(
    key: ReachKey,
    *,
    search: str,
    per_pair: bool,
    leave_out: frozenset[str],
) -> TotalsView:
    """The totals of one scenario for a filter (casefolded, as the table's) and the switch."""
    reach = key.reach()
    places = gazetteer(key.extract)
    cities = reach.cities
    everywhere = np.ones(len(cities), dtype=bool)
    match = matches(cities, search) if search else everywhere
    home = outside(cities, places, leave_out) if leave_out else everywhere
    rows = int(match.sum())
    if per_pair and search:
        rows = int(matches(reach.rows, search).sum())
    return TotalsView(
        country_totals(cities, key.systems, places, leave_out=leave_out, where=match),
        totals(cities),
        totals(cities, home),
        totals(cities, match),
        rows,
    )
