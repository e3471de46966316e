"""Every key the app keeps in ``st.session_state``, in one place, and the code that writes them.

The URL is read once, when a session starts; from then on session state is the truth and the URL
is written from it after each run (``current_scenario`` -> ``ranges.scenario.link.to_query``).

=====================  ==============================================  ===========================
key                    holds                                           written by
=====================  ==============================================  ===========================
``started``            the session has read its URL                    :func:`start_session`
``catalogue``          the :class:`Catalogue` in use (built-in/upload)  start, catalogue tab
``uid``                ``itertools.count`` numbering launch points     :func:`start_session`
``points``             ``[(uid, LaunchPoint), ...]`` in order          scenario, sidebar, map
``target``             the target ``LaunchPoint`` or None              scenario, target tab, map
``view0``              the ``View`` the map was built with             scenario, base-map change
``view``               the ``View`` the map last reported, or None     scenario, map
``last_click``         the map's last click dict already handled       map
``pan_to``             (lat, lon) to centre the map on, once           sidebar (typed point)
``messages``           ``[(slot, kind, text), ...]`` to show once      :func:`say`, cleared by
                                                                       :func:`new_action`
``units``              display unit (radio)                            scenario, widget
``opacity``            ring opacity 0..1 (slider)                      scenario, widget
``base``               base-map name (radio)                           scenario, widget
``labels``             ring labels on the map (toggle)                 scenario, widget
``min_population``     smallest city counted, people (number input)    scenario, widget
``gazetteer``          the GeoNames extract in use (select box)        scenario, widget
``borders``            the edition of the country borders (radio)      scenario, widget
``map_drawn``          the session's map was drawn once (first paint)  ``app.py``
``marks_pending``      a first run found places to mark: rerun         ``app.py``
``full_run_sidebar_last``  this full run sends the sidebar last        ``app.py``
``full_rerun``         the fragment's rerun must be a full one         :func:`apply_scenario`
``show:ID``            system ID is shown (checkbox)                   scenario, widget, upload
``variant:ID``         figure shown: "", a variant id or "all"         scenario, widget, upload
``km:max:ID``          system ID's maximum range, km (the truth)       :func:`slider_moved`
``km:min:ID``          system ID's minimum range, km (the truth)       :func:`slider_moved`
``pin:max:ID``         the maximum came explicitly from a link/file    scenario; unset by slider
``pin:min:ID``         the minimum came explicitly from a link/file    scenario; unset by slider
``hi:ID``              the end of ID's sliders, km                     :func:`init_system`
``max:ID``             maximum-range slider, display unit (int)        :func:`sync_sliders`, widget
``min:ID``             minimum-range slider, display unit (int)        :func:`sync_sliders`, widget
``num:max:ID``         the number box beside the maximum slider        :func:`sync_numbers`, widget
``num:min:ID``         the number box beside the minimum slider        :func:`sync_numbers`, widget
``refused:max:ID``     why the box holds a figure not applied (or -)   :func:`number_moved`
``refused:min:ID``     the same for the minimum's box                  :func:`number_moved`
``reset:ID``           "back to the catalogue figure" button           widget
``label:UID``          the label text box of launch point UID          sidebar
``remove:UID``         the remove button of launch point UID           widget
``new_point``          the "Add a launch point" text box               widget, cleared on success
``pick``               (uid, places, name) after an ambiguous name     sidebar; :func:`new_action`
``pick_box``           the pick list's choice (index into places)      sidebar, widget
``new_target``         the target text box                             widget, cleared on success
``online_geocoder``    also ask Nominatim (checkbox)                   widget
``click_mode``         "launch" or "target": what a map click does     widget
``per_pair``           one row per launch point and system (toggle)    widget
``city_filter``        the cities table's filter text                  widget
``table_download``     the full places table's CSV download button     widget
``longer_on``          "What a longer range adds" is open (toggle)      widget
``longer_short``       "What a longer range adds": the shorter figure  widget
``longer_long``        "What a longer range adds": the longer figure   widget
``catalogue_mode``     "add" or "replace" for an uploaded catalogue    widget
``scenario_upload``    the scenario-file uploader                      widget
``picture_title``      the title of the Export tab's pictures          widget
``catalogue_upload``   the catalogue uploader                          widget
``map``                the st_folium component                         widget
``areas``              ``[(uid, LaunchArea), ...]`` in order           scenario, ``ui/areas.py``
``new_area``           the "Add a line or polygon" text box            widget, cleared on success
``country_pick``       the "Add a country" select box                  widget, cleared after use
``country_wait``       the same box, disabled, on the first run        widget
``area_upload``        the areas-from-a-file uploader                  widget
``area_label:UID``     the label text box of launch area UID           ``ui/areas.py``
``area_remove:UID``    the remove button of launch area UID            widget
``last_drawing``       the drawn shapes already handled (as JSON)      ``ui/areas.py``
``drawn``              how many shapes were drawn (their labels)       ``ui/areas.py``
``tab``                the open tab's label (``st.tabs``)              widget
``tab_shown``          the tab whose content the last run built        ``app.py``
=====================  ==============================================  ===========================

The km values are the truth and slider positions follow them, so that switching units or a slider's
rounding never changes a range that was not touched.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import streamlit as st

from ranges.catalogue.systems import MAX_RANGE_KM, System
from ranges.places.editions import DEFAULT_EDITION
from ranges.places.points import duplicate_message, duplicate_of
from ranges.scenario.link import parse_query
from ranges.scenario.model import MAX_LAUNCH_POINTS, Scenario, initial_view, make_point
from ranges.ui.messages import MESSAGES, Kind, Slot, ignored_message, say, say_ignored, take
from ranges.ui.resources import builtin_catalogue
from ranges.ui.warmup import PAGE_OPENED
from ranges.units import from_km, to_km

__all__ = [
    "MESSAGES",
    "Kind",
    "Slot",
    "acting",
    "add_point",
    "apply_scenario",
    "chosen_figure",
    "click_at",
    "current_query_params",
    "current_scenario",
    "ignored_message",
    "init_system",
    "max_key",
    "min_key",
    "new_action",
    "number_key",
    "number_moved",
    "reset_key",
    "reset_to_catalogue",
    "restate_widgets",
    "say",
    "say_ignored",
    "show_key",
    "slider_moved",
    "slider_position",
    "start_session",
    "sync_numbers",
    "sync_sliders",
    "take",
    "variant_chosen",
    "variant_key",
]

# Keys of single values (see the table above).
STARTED = "started"
CATALOGUE = "catalogue"
UID = "uid"
POINTS = "points"
TARGET = "target"
TARGETS = "targets"
VIEW0 = "view0"
VIEW = "view"
LAST_CLICK = "last_click"
PAN_TO = "pan_to"
UNITS = "units"
OPACITY = "opacity"
BASE = "base"
LABELS = "labels"
MIN_POPULATION = "min_population"
GAZETTEER = "gazetteer"
BORDERS = "borders"
MAP_DRAWN = "map_drawn"
NEW_POINT = "new_point"
PICK = "pick"  # (uid, places, typed name): the other places of a name just typed
PICK_BOX = "pick_box"
NEW_TARGET = "new_target"
ONLINE_GEOCODER = "online_geocoder"
CLICK_MODE = "click_mode"
PER_PAIR = "per_pair"
CITY_FILTER = "city_filter"
TABLE_DOWNLOAD = "table_download"
LONGER_ON = "longer_on"
LONGER_SHORT = "longer_short"
LONGER_LONG = "longer_long"
CATALOGUE_MODE = "catalogue_mode"
SCENARIO_UPLOAD = "scenario_upload"
PICTURE_TITLE = "picture_title"
CATALOGUE_UPLOAD = "catalogue_upload"
MAP = "map"
AREAS = "areas"
NEW_AREA = "new_area"
COUNTRY_PICK = "country_pick"
COUNTRY_WAIT = "country_wait"
AREA_UPLOAD = "area_upload"
LAST_DRAWING = "last_drawing"
DRAWN = "drawn"

MAX_LAUNCH_POINTS_MESSAGE = "At most {n} launch points."


def show_key(system_id: str) -> str:
    """Checkbox: the system is shown."""
    return f"show:{system_id}"


def variant_key(system_id: str) -> str:
    """The figure chosen for a system: ``""`` (the catalogue's), a variant id, or ``"all"``."""
    return f"variant:{system_id}"


def km_key(which: str, system_id: str) -> str:
    """The range in km of ``which`` ("max" or "min") of a system: the truth."""
    return f"km:{which}:{system_id}"


def pin_key(which: str, system_id: str) -> str:
    """The range came explicitly from a link or file (and stays in the URL until moved)."""
    return f"pin:{which}:{system_id}"


def top_key(system_id: str) -> str:
    """The end of a system's sliders, km."""
    return f"hi:{system_id}"


def max_key(system_id: str) -> str:
    """The maximum-range slider (display unit)."""
    return f"max:{system_id}"


def min_key(system_id: str) -> str:
    """The minimum-range slider (display unit)."""
    return f"min:{system_id}"


def label_key(uid: int) -> str:
    """The label text box of launch point ``uid``."""
    return f"label:{uid}"


def remove_key(uid: int) -> str:
    """The remove button of launch point ``uid``."""
    return f"remove:{uid}"


def new_action() -> None:
    """The user did something: the messages of the previous action are done with.

    Messages are not dropped after the run that shows them because the map reports its view
    right after it mounts, and that rerun is not the user's doing: the messages must survive it.
    """
    st.session_state[MESSAGES] = []
    st.session_state.pop(PICK, None)  # the pick list belongs to the name typed last


def acting(callback: Callable[..., None] | None = None) -> Callable[..., None]:
    """A widget callback that first starts a new action (:func:`new_action`), then runs
    ``callback`` (if any) with the widget's args."""

    def run(*args: object) -> None:
        """Forget the last action's messages, then do this one."""
        new_action()
        if callback is not None:
            callback(*args)

    return run


# --- the session: from the URL or a scenario file into state -----------------------------------


def current_query_params() -> dict[str, list[str]]:
    """The page's query string, every key with all its values."""
    return {k: st.query_params.get_all(k) for k in st.query_params}


def start_session() -> None:
    """Read the URL once: the scenario it holds, and what was dropped from it (shown once).
    Tells the server's warm-up that a page has opened (``warmup.PAGE_OPENED``)."""
    PAGE_OPENED.set()
    ss = st.session_state
    ss[CATALOGUE] = builtin_catalogue()
    ss[UID] = itertools.count()
    ss[LAST_CLICK] = None
    ss[MESSAGES] = []
    scenario, warnings = parse_query(current_query_params(), ss[CATALOGUE])
    say_ignored(warnings)
    apply_scenario(scenario)
    ss[STARTED] = True


def apply_scenario(scenario: Scenario) -> None:
    """Put a scenario (from the URL or a scenario file) into the widgets' state."""
    ss = st.session_state
    catalogue = ss[CATALOGUE]
    ss[VIEW0] = initial_view(scenario, catalogue)
    ss[VIEW] = scenario.view
    ss[POINTS] = [(next(ss[UID]), p) for p in scenario.points]
    ss[AREAS] = [(next(ss[UID]), a) for a in scenario.areas]
    ss[TARGET] = scenario.target
    ss[TARGETS] = scenario.targets
    ss[UNITS] = scenario.units
    ss[OPACITY] = scenario.opacity
    ss[BASE] = scenario.base
    ss[LABELS] = scenario.labels
    ss[MIN_POPULATION] = scenario.min_population
    ss[GAZETTEER] = scenario.gazetteer
    ss[BORDERS] = scenario.borders
    for system in catalogue.systems:
        init_system(system, scenario, force=True)
    sync_sliders()
    ss[FULL_RERUN] = True  # the sidebar's points, areas and display options change too


RESTATED = (
    UNITS,
    OPACITY,
    BASE,
    LABELS,
    MIN_POPULATION,
    GAZETTEER,
    BORDERS,
    CLICK_MODE,
    PER_PAIR,
)
"""The choice widgets whose values every run states again (:func:`restate_widgets`)."""
RESTATED_PREFIXES = ("show:", "variant:")
LABEL_BOX_PREFIXES = ("label:", "area_label:")
SIDEBAR_NEXT_LAST = "sidebar_next_last"
"""The next run sends the sidebar's controls after the map (set by a session's first run)."""
FULL_RUN_SIDEBAR_LAST = "full_run_sidebar_last"
"""This full run sends the sidebar after the map: the fragment's systems controls too."""
MARKS_PENDING = "marks_pending"
"""A first run that got no report from the map worked out the places: rerun to mark them."""
FULL_RERUN = "full_rerun"
"""A control of the page's fragment changed what the whole page shows (a scenario file): the
fragment's rerun becomes a full one (``app.py``)."""
TAB = "tab"
"""The open tab, a label of :data:`TABS` (the tabs' widget: only that tab's content is built)."""
TAB_SHOWN = "tab_shown"
"""The tab whose content the last run built (``app.py``): its widgets are on the reader's screen."""
TABS = ("In range", "Reach a target", "Export", "Catalogue", "Share", "Targets")
"""The page's tabs, in order (``app.py`` builds the open one's content, ``ranges.ui.tabs``)."""
TAB_WIDGETS: dict[str, tuple[str, ...]] = {
    "In range": (
        CITY_FILTER,
        LONGER_ON,
        LONGER_SHORT,
        LONGER_LONG,
        "totals_by_country",  # ranges.ui.totals.BY_COUNTRY
        "totals_leave_out",  # ranges.ui.totals.LEAVE_OUT
        "totals_system",  # ranges.ui.totals.TOTALS_SYSTEM
    ),
    "Reach a target": (NEW_TARGET,),
    "Export": (PICTURE_TITLE,),
    "Catalogue": (CATALOGUE_MODE,),
    "Share": (),
    "Targets": (  # ranges.ui.targets.render_tab
        "targets_kinds",
        "targets_countries",
        "targets_of",
        "targets_cmp_a",
        "targets_cmp_b",
    ),
}
"""Each tab's keyed widgets whose values (choices, typed text) outlive the tab being closed
(:func:`restate_widgets`); the tab's ones in :data:`RESTATED` (the gazetteer, the population,
one row per pair) are stated in every run anyway. Buttons and file uploaders have no value to
keep (Streamlit refuses to set them). tests/app/test_tabs.py checks that every keyed widget of
every tab is here."""
SIDEBAR_DONE = "sidebar_done"
"""The last run made every widget of the sidebar (False while a run makes them)."""


def restate_widgets() -> None:
    """Give every choice widget (radios, sliders, checkboxes, toggles, number and select boxes)
    its value again through session state, before any widget of the run is made.

    Streamlit sends a widget's value to the browser only in a run that set it through session
    state; otherwise the browser keeps the value it holds. A run stopped for a rerun before it
    reached a widget (a point typed while the page opens) leaves the browser holding none: the
    next run sent the widget without a value, the browser showed its default (opacity 0, km,
    a range of 1) and sent that back as the user's choice. The maximum sliders take their
    positions from the ranges in km (the minimum sliders and the number boxes get theirs
    where they are made). Text boxes are left alone: a run during typing would overwrite what
    is being typed; but the launch points' and areas' label boxes are stated again after a
    run that stopped before the end of the sidebar (:data:`SIDEBAR_DONE`): a box the browser
    never got was sent back empty, a rename that cleared the label and the page's messages.
    That was not enough: a browser that is slow to render can also miss the one run that
    sent a new box its value (the next run's copy of the box, sent without it, replaces it
    before it is drawn), so the label boxes are also made with the label as their default
    value (``sidebar.points_controls``, ``areas.areas_controls``): what such a browser shows
    and sends back is then the label, not an empty box (.streamlit/config.toml silences
    the warning Streamlit logs about a default and a session-state value together).

    Only the open tab's content is built (``app.py``), and Streamlit forgets a widget that a
    run did not build. The widgets of every other tab (:data:`TAB_WIDGETS`, typed text too)
    are therefore stated again in each run, which keeps them; and so are those of a tab that
    opens in this run, so that the browser, which builds the tab anew, gets their values. The
    tab that the last run built and that is still open is left alone: its text boxes may be
    being typed in.
    """
    ss = st.session_state
    sidebar_done = ss.get(SIDEBAR_DONE, True)
    open_tab = ss.get(TAB, TABS[0])
    for tab, keys in TAB_WIDGETS.items():
        if tab == open_tab and ss.get(TAB_SHOWN) == open_tab:
            continue  # on screen since the last run: its text boxes may be being typed in
        for key in keys:  # closed, or opened now
            if key in ss:
                ss[key] = ss[key]
    for key in list(ss):
        if not isinstance(key, str):
            continue
        if key in RESTATED or key.startswith(RESTATED_PREFIXES):
            ss[key] = ss[key]
        elif key.startswith(LABEL_BOX_PREFIXES) and not sidebar_done:
            ss[key] = ss[key]  # the label boxes too, after a run stopped in the sidebar
        elif key.startswith("km:max:"):  # the maximum sliders from the ranges, the truth
            ss[key[3:]] = slider_position(key[3:])


def init_system(system: System, scenario: Scenario | None = None, *, force: bool = False) -> None:
    """Widget state for one system (a catalogue upload adds systems during a session)."""
    ss = st.session_state
    sid = system.id
    if not force and km_key("max", sid) in ss:
        return
    high = scenario.max_override(sid) if scenario else None
    low = scenario.min_override(sid) if scenario else None
    choice = (scenario.variant_choice(sid) if scenario else None) or ""
    ss[variant_key(sid)] = choice if choice == ALL_FIGURES or _has_variant(system, choice) else ""
    figure = chosen_figure(system)
    top = high or figure.max_range_km
    ss[show_key(sid)] = scenario is not None and sid in scenario.systems
    ss[km_key("max", sid)] = top
    ss[km_key("min", sid)] = figure.min_range_km if low is None else low
    # A range the scenario gives explicitly stays in the URL, even if it equals the catalogue's,
    # until its slider is moved.
    ss[pin_key("max", sid)] = high is not None
    ss[pin_key("min", sid)] = low is not None
    ss[top_key(sid)] = slider_top(system, top)
    ss[max_key(sid)] = slider_position(max_key(sid))
    ss[min_key(sid)] = slider_position(min_key(sid))


ALL_FIGURES = "all"
"""The choice that draws a system's catalogue figure and every variant, each its own ring."""


def _has_variant(system: System, variant_id: str) -> bool:
    return any(v.id == variant_id for v in system.variants)


def chosen_figure(system: System) -> System:
    """The figure the sliders start from and return to: the chosen variant's, else the
    catalogue's (also with "all": the catalogue figure is the main ring, the variants are drawn
    as published)."""
    choice = st.session_state.get(variant_key(system.id), "")
    return system.as_variant(choice) if _has_variant(system, choice) else system


def variant_chosen(system_id: str) -> None:
    """Another figure chosen for a system: its ranges, sliders and number boxes go to that
    figure (what-if ranges of the last figure are let go, as "Back to the catalogue figure"
    does), and the slider's end makes room for it."""
    ss = st.session_state
    system = next((s for s in ss[CATALOGUE].systems if s.id == system_id), None)
    if system is None:
        return
    figure = chosen_figure(system)
    ss[top_key(system_id)] = slider_top(figure, figure.max_range_km)
    reset_to_catalogue(system_id)


def slider_top(system: System, value_km: float) -> float:
    """Slider end in km: room for what-ifs well past the catalogue figure."""
    return min(MAX_RANGE_KM, max(1_000.0, 4 * system.max_range_km, value_km))


def slider_end(system_id: str) -> int:
    """The end of the maximum-range slider of a system, in the display unit (at least 1)."""
    ss = st.session_state
    return max(1, round(from_km(ss[top_key(system_id)], ss[UNITS])))


def min_slider_end(system_id: str) -> int:
    """The end of the minimum-range slider: one display unit below the maximum-range slider,
    so the minimum can never be moved past the maximum."""
    return max(0, st.session_state[max_key(system_id)] - 1)


def sync_sliders() -> None:
    """Slider positions (in the display unit) from the ranges in km, the source of truth."""
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and k.startswith("km:max:")]:
        ss[key[3:]] = slider_position(key[3:])
    for key in [k for k in ss if isinstance(k, str) and k.startswith("km:min:")]:
        ss[key[3:]] = slider_position(key[3:])
    for key in [k for k in ss if isinstance(k, str) and k.startswith("km:max:")]:
        sync_numbers(key[7:])


def slider_position(key: str) -> int:
    """The position of slider ``key`` ("max:ID" or "min:ID") for its range in km, in the display
    unit and within the slider's bounds (a range of 0.4 km shows as 1; it stays 0.4 km). The
    minimum's bound is the maximum slider's position less one (set the maximum first)."""
    ss = st.session_state
    which, system_id = key.split(":", 1)
    value = round(from_km(ss[f"km:{key}"], ss[UNITS]))
    if which == "max":
        return min(max(value, 1), slider_end(system_id))
    return min(max(value, 0), min_slider_end(system_id))


def slider_moved(key: str) -> None:
    """A slider moved: its value, in the display unit, becomes the range in km. A maximum moved
    down to or below the minimum takes the minimum down with it (one display unit below), so
    the sliders, the ring and the URL agree.

    A report of a slider whose system is no longer shown, or at the position its range already
    has, is stale: the browser sends the old value of a widget that the last run removed or
    reset (after a scenario file replaced the state, say). It is ignored, so it neither changes
    a range nor ends the action whose messages are on screen (:func:`new_action`).
    """
    ss = st.session_state
    which, system_id = key.split(":", 1)
    if not ss.get(show_key(system_id)) or ss[key] == slider_position(key):
        return
    new_action()
    ss[f"km:{key}"] = to_km(ss[key], ss[UNITS])
    ss[f"pin:{key}"] = False
    if which == "max" and ss[km_key("min", system_id)] >= ss[km_key("max", system_id)]:
        ss[min_key(system_id)] = min_slider_end(system_id)
        ss[km_key("min", system_id)] = to_km(ss[min_key(system_id)], ss[UNITS])
        ss[pin_key("min", system_id)] = False
    sync_numbers(system_id)


# --- the number boxes beside the sliders, and "back to the catalogue figure" ----------------


def number_key(slider_key: str) -> str:
    """The number box beside slider ``slider_key`` ("max:ID" or "min:ID")."""
    return f"num:{slider_key}"


def reset_key(system_id: str) -> str:
    """The "back to the catalogue figure" button of a system."""
    return f"reset:{system_id}"


def sync_numbers(system_id: str) -> None:
    """The number boxes of a system show its sliders' positions."""
    ss = st.session_state
    for key in (max_key(system_id), min_key(system_id)):
        if key in ss:
            ss[number_key(key)] = ss[key]
            ss.pop(refused_key(key), None)


def refused_key(slider_key: str) -> str:
    """Why the number box beside slider ``slider_key`` holds a figure that was not applied."""
    return f"refused:{slider_key}"


def number_moved(key: str, low: int = 0, high: int | None = None, unit: str = "km") -> None:
    """A number box beside slider ``key`` changed: the slider moves there, with the slider's
    rules (:func:`slider_moved`). A figure outside the slider's ends ``low``..``high`` (display
    unit ``unit``) is not applied: the box keeps it and says why (:func:`refused_key`). A stale
    report (a hidden system) or an empty box is ignored; the box then shows the range again."""
    ss = st.session_state
    system_id = key.split(":", 1)[1]
    value = ss.get(number_key(key))
    ss.pop(refused_key(key), None)
    if not ss.get(show_key(system_id)) or value is None:
        sync_numbers(system_id)
        return
    value = int(value)
    if value < low or (high is not None and value > high):
        which = "maximum" if key.startswith("max:") else "minimum"
        limit = f"at most {high:,}" if high is not None and value > high else f"at least {low:,}"
        why = "the slider's end" if value > low else "the slider's start"
        ss[refused_key(key)] = (
            f"{value:,} {unit} not applied: the {which} range is {limit} {unit} here ({why}"
            + ("; raise the maximum first)." if which == "minimum" and value > low else ").")
        )
        return
    ss[key] = value
    slider_moved(key)
    sync_numbers(system_id)


def at_catalogue_figure(system: System) -> bool:
    """The system's ranges are the chosen figure's (the catalogue's, or the chosen variant's)."""
    ss = st.session_state
    sid = system.id
    system = chosen_figure(system)
    return (
        ss.get(km_key("max", sid)) == system.max_range_km
        and ss.get(km_key("min", sid)) == system.min_range_km
    )


def reset_to_catalogue(system_id: str) -> None:
    """Back to the catalogue's figures for a system: its ranges, sliders and number boxes (and
    the link, which then leaves them out)."""
    ss = st.session_state
    system = next((s for s in ss[CATALOGUE].systems if s.id == system_id), None)
    if system is None:
        return
    system = chosen_figure(system)
    ss[km_key("max", system_id)] = system.max_range_km
    ss[km_key("min", system_id)] = system.min_range_km
    ss[pin_key("max", system_id)] = False
    ss[pin_key("min", system_id)] = False
    ss[max_key(system_id)] = slider_position(max_key(system_id))
    ss[min_key(system_id)] = slider_position(min_key(system_id))
    sync_numbers(system_id)


def add_point(lat: float, lon: float, label: str = "") -> bool:
    """Append a launch point (degrees), unless there are already as many as a link may hold or
    one lies within ``DUPLICATE_M`` of it (then a message says so). True if it was added."""
    ss = st.session_state
    if len(ss[POINTS]) >= MAX_LAUNCH_POINTS:
        say("points", "error", MAX_LAUNCH_POINTS_MESSAGE.format(n=MAX_LAUNCH_POINTS))
        return False
    point = make_point(lat, lon, label)
    same = duplicate_of(point, (p for _, p in ss[POINTS]))
    if same is not None:
        say("points", "warning", duplicate_message(point, same))
        return False
    ss[POINTS].append((next(ss[UID]), point))
    return True


def click_at(lat: float, lon: float) -> None:
    """A click on the map at (lat, lon) degrees: the target or a new launch point, as the
    "A click on the map" radio says. A click is an action: the last one's messages go."""
    new_action()
    if st.session_state.get(CLICK_MODE) == "target":
        st.session_state[TARGET] = make_point(lat, lon)
    else:
        add_point(lat, lon)


def current_scenario() -> Scenario:
    """The scenario the widgets show now (what the URL and the files are written from)."""
    ss = st.session_state
    catalogue = ss[CATALOGUE]
    scenario = Scenario(
        systems=tuple(s.id for s in catalogue.systems if ss.get(show_key(s.id))),
        points=tuple(p for _, p in ss[POINTS]),
        units=ss[UNITS],
        opacity=round(ss[OPACITY], 2),
        base=ss[BASE],
        labels=bool(ss.get(LABELS, True)),
        view=ss[VIEW],
        target=ss[TARGET],
        targets=tuple(ss.get(TARGETS, ())),
        min_population=int(ss[MIN_POPULATION]),
        gazetteer=ss[GAZETTEER],
        areas=tuple(a for _, a in ss.get(AREAS, ())),
        borders=ss.get(BORDERS, DEFAULT_EDITION),
        variants=tuple(
            sorted(
                (s.id, ss[variant_key(s.id)])
                for s in catalogue.systems
                if ss.get(variant_key(s.id))
            )
        ),
    )
    # Every system's range, shown or not: hiding a system does not lose its what-if range.
    for system in catalogue.systems:
        sid = system.id
        top = round(min(ss.get(km_key("max", sid), system.max_range_km), MAX_RANGE_KM), 3)
        low = round(ss.get(km_key("min", sid), system.min_range_km), 3)
        if low >= top:  # a link's rounding can leave them equal; the sliders cannot
            low = max(top - 1.0, 0.0)
        scenario = scenario.with_ranges(
            sid,
            low,
            top,
            chosen_figure(system),
            keep_max=ss.get(pin_key("max", sid), False),
            keep_min=ss.get(pin_key("min", sid), False),
        )
    return scenario
