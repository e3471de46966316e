"""rangemap: the Streamlit entry script. It says what is on the page; ``ranges.ui`` holds widgets.

State lives in ``st.session_state`` while the page is open (every key: ``ranges.ui.state``) and in
the URL (``ranges.scenario.link``), so that a copied address reopens the same picture.
"""

from __future__ import annotations

import streamlit as st

from ranges.errors import RangemapError
from ranges.scenario.link import to_query
from ranges.scenario.model import effective_systems
from ranges.text import markdown_text
from ranges.ui import state
from ranges.ui.areas import warn_if_link_too_long
from ranges.ui.map import await_map, draw_map, is_embedded, map_header
from ranges.ui.messages import show_messages
from ranges.ui.places import in_range
from ranges.ui.resources import cached_rings
from ranges.ui.sidebar import sidebar, sidebar_title
from ranges.ui.tabs import catalogue, export, reach, share, target

TABS = ["In range", "Reach a target", "Export", "Catalogue", "Share"]


def main() -> None:
    """One run of the page: sidebar, messages, legend and map, then the places in range and
    the tabs.

    The first run of a session sends the map alone: no sidebar, no places in range. It leaves
    both to the run the drawn map starts (``await_map``), so that a reader sees the rings
    sooner: the browser draws the map's frame before it renders the sidebar's eighty-odd
    elements. A first run that gets no report goes on: places, tabs, then the sidebar. The
    run after the first sends the sidebar last too.
    """
    st.set_page_config(page_title="rangemap: range rings on WGS-84", page_icon="🎯", layout="wide")
    ss = st.session_state
    if not ss.get(state.STARTED):
        state.start_session()
    state.restate_widgets()  # before any widget of the run
    sidebar_title()
    first_paint = not ss.get(state.MAP_DRAWN)
    if first_paint:
        ss[state.SIDEBAR_DONE] = False  # the browser has none of its widgets yet
        ss[state.SIDEBAR_NEXT_LAST] = True
    # The first run and the one after it (started by the map's report) send the controls after
    # the map and the tables: the browser is still drawing the first map then, and no widget
    # of them can have changed. Any later run (a reader who acted at once) sends them first.
    sidebar_last = first_paint or ss.pop(state.SIDEBAR_NEXT_LAST, False)
    if not sidebar_last:
        sidebar(ss[state.CATALOGUE])

    notices = show_messages("page")  # the URL's or a loaded file's "Ignored: ..." warnings
    scenario = state.current_scenario()
    try:
        systems = effective_systems(scenario, ss[state.CATALOGUE])
        rings = cached_rings(scenario.points, tuple(systems), scenario.areas)
    except RangemapError as exc:
        notices.error(f"Could not draw the rings: {markdown_text(exc)}")
        systems, rings = [], []
    places = None if first_paint else in_range(scenario, systems)

    embedded = is_embedded()
    map_header(
        scenario,
        systems,
        cities=places is not None and len(places.marked) > 0,
        embedded=embedded,
        areas=scenario.areas,
    )
    draw_map(scenario, systems, rings, places.marked if places else None, embedded=embedded)
    note = st.empty()  # under the map: how many of the places in range are marked
    scenario = state.current_scenario()  # the map may have reported a new view
    # The URL first: the first run may stop while it waits for the map (await_map).
    query = to_query(scenario)
    warn_if_link_too_long(query)
    if state.current_query_params() != as_lists(query):
        st.query_params.from_dict(query)
    if first_paint:
        ss[state.MAP_DRAWN] = True
        if systems and (scenario.points or scenario.areas):
            await_map()  # the browser's report of the drawn map may start the next run
        places = in_range(scenario, systems)
    if places is not None:
        note.caption(places.map_note)

    in_range_tab, reach_target, files, own_catalogue, link = st.tabs(TABS)
    with in_range_tab:
        reach.render(scenario, systems, places)
    with reach_target:
        target.render(scenario, systems)
    with files:
        export.render(scenario, systems, rings, places.reach if places else None)
    with own_catalogue:
        catalogue.render()
    with link:
        share.render(query)
    if sidebar_last:
        sidebar(ss[state.CATALOGUE])
    if first_paint and places is not None and len(places.marked):
        st.rerun()  # no report came: now with the places marked on the map


def as_lists(query: dict) -> dict[str, list[str]]:
    """``query`` with every value a list, as ``st.query_params`` gives them back."""
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


main()
