"""rangemap: the Streamlit entry script. It says what is on the page; ``ranges.ui`` holds widgets.

State lives in ``st.session_state`` while the page is open (every key: ``ranges.ui.state``) and in
the URL (``ranges.scenario``), so that a copied address reopens the same picture.
"""

from __future__ import annotations

import streamlit as st

from ranges.errors import RangemapError
from ranges.params import to_query
from ranges.scenario import effective_systems
from ranges.text import markdown_text
from ranges.ui import state
from ranges.ui.map import draw_map, legend
from ranges.ui.resources import cached_reach, cached_rings, gazetteer
from ranges.ui.sidebar import show_messages, sidebar
from ranges.ui.tabs import catalogue, export, reach, share, target

TABS = ["In range", "Reach a target", "Export", "Catalogue", "Share"]


def main() -> None:
    """One run of the page: sidebar, messages, legend and map, then the tabs."""
    st.set_page_config(page_title="rangemap: range rings on WGS-84", page_icon="🎯", layout="wide")
    if not st.session_state.get(state.STARTED):
        state.start_session()
    sidebar(st.session_state[state.CATALOGUE])

    notices = show_messages("page")  # the URL's or a loaded file's "Ignored: ..." warnings
    scenario = state.current_scenario()
    try:
        systems = effective_systems(scenario, st.session_state[state.CATALOGUE])
        rings = cached_rings(scenario.points, tuple(systems))
    except RangemapError as exc:
        notices.error(f"Could not draw the rings: {markdown_text(exc)}")
        systems, rings = [], []
    cities = None
    if gazetteer() is not None and systems and scenario.points:
        cities = cached_reach(scenario.points, tuple(systems), scenario.min_population)

    legend(systems, scenario.units)
    draw_map(scenario, systems, rings, cities)

    scenario = state.current_scenario()  # the map may have reported a new view
    query = to_query(scenario)
    if state.current_query_params() != as_lists(query):
        st.query_params.from_dict(query)

    in_range, reach_target, files, own_catalogue, link = st.tabs(TABS)
    with in_range:
        reach.render(scenario, systems, cities)
    with reach_target:
        target.render(scenario, systems)
    with files:
        export.render(scenario, systems, rings, cities)
    with own_catalogue:
        catalogue.render()
    with link:
        share.render(query)


def as_lists(query: dict) -> dict[str, list[str]]:
    """``query`` with every value a list, as ``st.query_params`` gives them back."""
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


main()
