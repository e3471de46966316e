"""rangemap: the Streamlit entry script. It says what is on the page; ``ranges.ui`` holds widgets.

State lives in ``st.session_state`` while the page is open (every key: ``ranges.ui.state``) and in
the URL (``ranges.scenario.link``), so that a copied address reopens the same picture.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit.runtime.scriptrunner import get_script_run_ctx

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
from ranges.ui.sidebar import sidebar, sidebar_title, systems_controls
from ranges.ui.tabs import catalogue as catalogue_tab
from ranges.ui.tabs import export, reach, share, target
from ranges.ui.targets import render_tab as targets_tab


def main() -> None:
    """One full run of the page: the sidebar's title and controls, and the page's fragment
    (:func:`page`: the systems' controls, the map and its numbers, the tabs).

    A control of the fragment (a range slider, the map, a tab's widget) reruns the fragment
    alone: the launch points', areas', targets' and display controls are neither rebuilt nor
    sent again (issue 20). Any other control reruns the whole page.

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
    ss.pop(state.FULL_RERUN, None)  # this is one
    sidebar_title()
    # The sidebar's places, in order: what a full run makes, the fragment's, then the display.
    top, systems_box, bottom = (st.sidebar.container() for _ in range(3))
    first_paint = not ss.get(state.MAP_DRAWN)
    if first_paint:
        ss[state.SIDEBAR_DONE] = False  # the browser has none of its widgets yet
        ss[state.SIDEBAR_NEXT_LAST] = True
    # The first run and the one after it (started by the map's report) send the controls after
    # the map and the tables: the browser is still drawing the first map then, and no widget
    # of them can have changed. Any later run (a reader who acted at once) sends them first.
    sidebar_last = first_paint or ss.pop(state.SIDEBAR_NEXT_LAST, False)
    if not sidebar_last:
        sidebar(top, bottom)
    ss[state.FULL_RUN_SIDEBAR_LAST] = sidebar_last
    page(systems_box)
    if sidebar_last:
        sidebar(top, bottom)
    if ss.pop(state.MARKS_PENDING, False):
        st.rerun()  # no report came: now with the places marked on the map


@st.fragment
def page(systems_box: DeltaGenerator) -> None:
    """The systems' controls (into ``systems_box``, in the sidebar), messages, legend and map,
    then the places in range and the tabs: what a range slider changes, rerun alone when one
    of its controls is used. Everything it shows is worked out again here, and the URL
    written, so that the link follows every change."""
    ss = st.session_state
    if in_fragment_rerun():
        if ss.pop(state.FULL_RERUN, False):
            st.rerun(scope="app")  # a control here changed what the whole page shows
        state.restate_widgets()  # the fragment's widgets, as a full run does
    catalogue = ss[state.CATALOGUE]
    sidebar_last = ss.pop(state.FULL_RUN_SIDEBAR_LAST, False)
    if not sidebar_last:
        with systems_box:
            systems_controls(catalogue)
    first_paint = not ss.get(state.MAP_DRAWN)
    notices = show_messages("page")  # the URL's or a loaded file's "Ignored: ..." warnings
    scenario = state.current_scenario()
    try:
        systems = effective_systems(scenario, catalogue)
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
        ss[state.MARKS_PENDING] = places is not None and len(places.marked) > 0
    if places is not None:
        note.caption(places.map_note)

    content = {  # each tab's content, in the order of state.TABS
        "In range": lambda: reach.render(scenario, systems, places),
        "Reach a target": lambda: target.render(scenario, systems),
        "Export": lambda: export.render(scenario, systems, rings, places.reach if places else None),
        "Catalogue": catalogue_tab.render,
        "Share": lambda: share.render(query),
        "Targets": lambda: targets_tab(scenario, systems),
    }
    # The open tab is a widget of the fragment: a click on a tab reruns the fragment, which
    # builds that tab alone; the others are sent empty (issue 20: a release built and sent all
    # six). Their widgets keep their values meanwhile (state.restate_widgets).
    tabs = st.tabs(state.TABS, key=state.TAB, on_change="rerun")
    for label, tab in zip(state.TABS, tabs, strict=True):
        if tab.open:
            with tab:
                content[label]()
            ss[state.TAB_SHOWN] = label
    if sidebar_last:
        with systems_box:
            systems_controls(catalogue)


def in_fragment_rerun() -> bool:
    """This run is a rerun of the page's fragment alone (a control of it was used)."""
    ctx = get_script_run_ctx()
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def as_lists(query: dict) -> dict[str, list[str]]:
    """``query`` with every value a list, as ``st.query_params`` gives them back."""
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


main()
