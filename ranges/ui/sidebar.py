"""The sidebar: launch points, systems and their range sliders, display options."""

from __future__ import annotations

import time

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ranges.catalogue.citations import cite, figure_citations, figures_note
from ranges.catalogue.systems import Catalogue, System
from ranges.errors import GeocodeError, PointError
from ranges.places import geocode
from ranges.places.points import (
    LaunchPoint,
    ResolvedPoint,
    city_text,
    format_coordinates,
    parse_point,
)
from ranges.scenario.model import BASE_LAYERS, MAX_LAUNCH_POINTS
from ranges.scenario.pointfiles import points_from_bytes
from ranges.style import system_color
from ranges.text import markdown_text
from ranges.ui import state
from ranges.ui.areas import areas_controls
from ranges.ui.messages import show_messages
from ranges.ui.state import Slot, acting, new_action, say
from ranges.ui.targets import targets_control
from ranges.units import UNIT_NAMES, UNITS, format_distance

__all__ = ["BASE_TITLES", "KIND_TITLES", "sidebar", "systems_controls", "typed_point"]

POINT_UPLOAD = "point_upload"
"""Session key of the launch points file uploader."""
POINT_UPLOAD_TYPES = ["csv", "geojson", "json", "kml"]
LAST_TYPED = "last_typed_point"
"""Session key: the point the point box added last, and when (``time.monotonic()``)."""
RESENT_S = 2.0
"""Seconds within which the point box's same point again is the browser resending it."""
KIND_TITLES = {"ballistic": "Ballistic missiles", "cruise": "Cruise missiles", "other": "Other"}
BASE_TITLES = {"osm": "OpenStreetMap", "light": "Light", "satellite": "Satellite"}


def sidebar_title() -> None:
    """The sidebar's title, first in every run: the first runs of a session send the controls
    late (``app.py``), and a sidebar that appeared only then would make the page jump."""
    with st.sidebar:
        st.title("rangemap")
        st.caption("Range rings as true WGS-84 geodesics")


def sidebar(top: DeltaGenerator, bottom: DeltaGenerator) -> None:
    """The sidebar's controls that a full run makes: launch points, areas and targets into
    ``top``, the display options into ``bottom`` (two containers of the sidebar, made in
    order by ``app.py``; between them the page's fragment puts :func:`systems_controls`, which
    a slider release reruns alone). Every choice widget's value must have been stated again
    before any widget of the run was made (:func:`state.restate_widgets`, first thing in
    ``app.py``)."""
    st.session_state[state.SIDEBAR_DONE] = False
    with top:
        points_controls()
        areas_controls()
        targets_control()
    with bottom:
        display_controls()
    st.session_state[state.SIDEBAR_DONE] = True


# --- launch points -----------------------------------------------------------------------------


def resolve_text_point(text: str, slot: Slot) -> ResolvedPoint | None:
    """A point from typed text, with a note on how it was found and the other places of that
    name: the offline gazetteer first, then (if the user allowed it) the online geocoder. An
    error goes to ``slot``."""
    try:
        return parse_point(text)
    except PointError as exc:
        if not st.session_state.get(state.ONLINE_GEOCODER):
            say(slot, "error", str(exc))
            return None
        try:  # looked up at each call: the fault tests put a slow lookup in its place
            point = geocode.online_lookup(text)
        except GeocodeError as online_exc:
            say(slot, "error", f"{exc}; online: {online_exc}")
            return None
        return ResolvedPoint(point, f"Found online (OpenStreetMap Nominatim): {text}")


def typed_resolved(key: str, slot: Slot) -> ResolvedPoint | None:
    """What was typed into text input ``key`` (which is then cleared), or None. Its note, or
    why it could not be read, shows at ``slot``."""
    ss = st.session_state
    text = ss.get(key, "").strip()
    found = resolve_text_point(text, slot) if text else None
    if found is None:
        return None
    if found.note:
        say(slot, "info", found.note)
    ss[key] = ""
    return found


def typed_point(key: str, slot: Slot) -> LaunchPoint | None:
    """The point typed into text input ``key`` (:func:`typed_resolved`), or None."""
    found = typed_resolved(key, slot)
    return None if found is None else found.point


def add_point_from_text() -> None:
    """The "Add a launch point" box: add what was typed and centre the map on it. A name that
    other plausible places share leaves a pick list (:func:`pick_list`) to swap the point for
    one of them."""
    ss = st.session_state
    text = ss.get(state.NEW_POINT, "").strip()
    found = typed_resolved(state.NEW_POINT, "points")
    point = None if found is None else found.point
    # The browser may send the typed text again before it has the emptied box (a rerun asked
    # for in between, e.g. by the map): the point just added, again within RESENT_S, is that,
    # not a wish. Any other point near one already there is refused with a message (add_point).
    last = ss.get(LAST_TYPED)
    if point is not None and last is not None and last[0] == point and resent(last[1]):
        return
    if point is not None and state.add_point(point.lat, point.lon, point.label):
        ss[LAST_TYPED] = (point, time.monotonic())
        ss[state.PAN_TO] = (point.lat, point.lon)
        if found is not None and found.city is not None and found.alternatives:
            uid = ss[state.POINTS][-1][0]
            ss[state.PICK] = (uid, (found.city, *found.alternatives), text)
            ss[state.PICK_BOX] = 0


def add_uploaded_points() -> None:
    """The launch points uploader: every point of a CSV (``lat,lon,label``), GeoJSON or KML file
    (:mod:`ranges.scenario.pointfiles`), after those already shown; a point within
    ``DUPLICATE_M`` of one there is left out with a note, a bad file refused whole."""
    ss = st.session_state
    upload = ss.get(POINT_UPLOAD)
    if upload is None:
        return
    try:
        read = points_from_bytes(upload.getvalue(), upload.name)
    except PointError as exc:
        say("points", "error", str(exc))
        return
    # One at a time, as if typed: a point near one there (or one of the file's before it) and
    # any past the link's limit are refused by add_point, each with its message.
    added = []
    for point in read.points:
        full = len(ss[state.POINTS]) >= MAX_LAUNCH_POINTS  # add_point says so, once
        if state.add_point(point.lat, point.lon, point.label):
            added.append(point)
        if full:
            break
    noun = "launch point" if len(added) == 1 else "launch points"
    say("points", "info", f"{upload.name}: {len(added)} {noun} added.")
    if added:
        ss[state.PAN_TO] = (added[0].lat, added[0].lon)


def resent(added_at: float) -> bool:
    """True if a point added at ``added_at`` (``time.monotonic()``) came again too soon for a
    person to have typed it again: the browser resending the box's old text."""
    return time.monotonic() - added_at < RESENT_S


def pick_list(box: DeltaGenerator) -> None:
    """Under the point box, after a name several plausible places share (``Odessa``): the
    chosen place and the others (name, country, coordinates, population), to swap the point
    for another. In the messages' container, so that it coming and going moves nothing."""
    ss = st.session_state
    pick = ss.get(state.PICK)
    if pick is None or pick[0] not in dict(ss[state.POINTS]):
        return
    _, places, text = pick
    box.selectbox(
        f"Which {text}?",
        range(len(places)),
        key=state.PICK_BOX,
        format_func=lambda i: city_text(places[i]),
        on_change=pick_place,
        help="Other places share this name; the largest is used unless you choose another.",
    )


def pick_place() -> None:
    """The pick list changed: the point typed last moves to the place chosen, with its name."""
    ss = st.session_state
    pick = ss.get(state.PICK)
    if pick is None:
        return
    uid, places, _ = pick
    city = places[int(ss.get(state.PICK_BOX) or 0)]
    point = LaunchPoint(city.lat, city.lon, city.name)
    ss[state.POINTS] = [(u, point if u == uid else p) for u, p in ss[state.POINTS]]
    ss[state.label_key(uid)] = point.label
    ss[state.PAN_TO] = (point.lat, point.lon)


def rename_point(uid: int) -> None:
    """A launch point's label box changed: relabel it (a bad label is refused with a message).

    A report for a point that is gone, or of the label it already has, is stale (the browser
    sends the last value of a box the last run removed, e.g. after a scenario file was loaded):
    ignored, so the messages of the user's last action stay on screen."""
    ss = st.session_state
    current = dict(ss[state.POINTS]).get(uid)
    if current is None or ss.get(state.label_key(uid)) == current.label:
        return
    new_action()
    renamed = []
    for u, p in ss[state.POINTS]:
        if u == uid:
            try:
                p = LaunchPoint(p.lat, p.lon, ss[state.label_key(uid)])
            except PointError as exc:
                say("points", "error", f"Label not changed: {exc}")
            ss[state.label_key(uid)] = p.label
        renamed.append((u, p))
    ss[state.POINTS] = renamed


def remove_point(uid: int) -> None:
    """Remove launch point ``uid``."""
    ss = st.session_state
    ss[state.POINTS] = [(u, p) for u, p in ss[state.POINTS] if u != uid]


def points_controls() -> None:
    """The launch points: a box to add one, one label box and remove button each, click mode."""
    ss = st.session_state
    st.header("Launch points")
    st.text_input(
        "Add a launch point",
        key=state.NEW_POINT,
        placeholder="50.45, 30.52 · 50°27′N 30°31′E · Kyiv",
        help="Decimal degrees, degrees-minutes-seconds, or a place name. Or click the map.",
        on_change=acting(add_point_from_text),
    )
    st.checkbox(
        "Also search online (OpenStreetMap Nominatim)",
        key=state.ONLINE_GEOCODER,
        help="For places the offline gazetteer does not know. Needs the internet; 3 s timeout.",
        on_change=acting(),
    )
    st.file_uploader(
        "Launch points from a file",
        type=POINT_UPLOAD_TYPES,
        key=POINT_UPLOAD,
        help=(
            "CSV with lat, lon and label columns (a header row), GeoJSON Points or KML "
            f"Placemarks; up to {MAX_LAUNCH_POINTS} points in all."
        ),
        on_change=acting(add_uploaded_points),
    )
    pick_list(show_messages("points"))
    for uid, point in ss[state.POINTS]:
        cols = st.columns([5, 1], vertical_alignment="bottom")
        ss.setdefault(state.label_key(uid), point.label)
        cols[0].text_input(
            format_coordinates(point.lat, point.lon),
            point.label,  # what a browser that never got the box's value shows (state.py)
            key=state.label_key(uid),
            on_change=rename_point,
            args=(uid,),
            max_chars=80,
        )
        cols[1].button(
            "",
            icon=":material/close:",
            key=state.remove_key(uid),
            on_click=acting(remove_point),
            args=(uid,),
            help="Remove this launch point",
        )
    st.radio(
        "A click on the map",
        ("launch", "target"),
        key=state.CLICK_MODE,
        horizontal=True,
        format_func={"launch": "adds a launch point", "target": "sets the target"}.get,
        on_change=acting(),
    )


# --- systems -----------------------------------------------------------------------------------


def systems_controls(catalogue: Catalogue) -> None:
    """A checkbox a system by kind, then the range sliders of each shown system."""
    ss = st.session_state
    st.header("Systems")
    for kind, title in KIND_TITLES.items():
        members = [s for s in catalogue.systems if s.kind == kind]
        if not members:
            continue
        st.caption(title)
        for system in members:
            st.checkbox(
                markdown_text(system.name), key=state.show_key(system.id), on_change=acting()
            )
    unit = ss[state.UNITS]
    for index, system in enumerate(catalogue.systems):
        if not ss.get(state.show_key(system.id)):
            continue
        sid = system.id
        with st.expander(markdown_text(system.name), expanded=True):
            figure_choice(system, unit)
            slider_col, box_col = st.columns([5, 2], vertical_alignment="bottom")
            with slider_col:
                st.slider(
                    f"Maximum range ({unit})",
                    1,
                    state.slider_end(sid),
                    key=state.max_key(sid),
                    help="What-if range",
                    on_change=state.slider_moved,
                    args=(state.max_key(sid),),
                )
            # The minimum slider ends where the maximum is, and a new end is a new widget to
            # Streamlit (its bounds are part of its identity): give it its position again.
            ss[state.min_key(sid)] = state.slider_position(state.min_key(sid))
            range_box(state.max_key(sid), 1, state.slider_end(sid), unit, box_col)
            low_end = state.min_slider_end(sid)
            slider_col, box_col = st.columns([5, 2], vertical_alignment="bottom")
            with slider_col:
                st.slider(
                    f"Minimum range ({unit})",
                    0,
                    max(low_end, 1),  # a maximum of 1 leaves no room: 0, and the slider disabled
                    disabled=low_end == 0,
                    key=state.min_key(sid),
                    help="Stays below the maximum range: lower the maximum to take it down too.",
                    on_change=state.slider_moved,
                    args=(state.min_key(sid),),
                )
            range_box(state.min_key(sid), 0, max(low_end, 1), unit, box_col, low_end == 0)
            figure_caption(state.chosen_figure(system), unit)
            reset_button(system)
            st.markdown(
                f'<div style="height:4px;background:{system_color(system, index)};'
                'border-radius:2px"></div>',
                unsafe_allow_html=True,
            )


def figure_choice(system: System, unit: str) -> None:
    """For a system with variants: which published figure is drawn (the catalogue's by
    default), or all of them, each its own ring."""
    if not system.variants:
        return
    names = {"": f"Catalogue figure: {format_distance(system.max_range_km, unit)}"}
    for variant in system.variants:
        names[variant.id] = f"{variant.name}: {format_distance(variant.max_range_km, unit)}"
    names[state.ALL_FIGURES] = "All published figures, each its own ring"
    st.selectbox(
        "Figure",
        list(names),
        key=state.variant_key(system.id),
        format_func=lambda choice: names.get(choice, choice),  # options are plain text
        help=markdown_text(system.notes) if system.notes else None,
        on_change=acting(state.variant_chosen),
        args=(system.id,),
    )


def figure_caption(figure: System, unit: str) -> None:
    """The figure the sliders start from, its sources (publisher first) and, where published
    figures differ, their range; the help holds the quotes and the notes."""
    cited = "; ".join(figure_citations(figure, limit=2, short=True))
    note = figures_note(figure, unit)
    text = (
        f":material/menu_book: {'Chosen' if figure.variant else 'Catalogue'}: "
        f"**{format_distance(figure.max_range_km, unit)}** · {markdown_text(cited)}"
    )
    if note:
        text += f" · *{markdown_text(note)}*"
    quotes = [
        f"{markdown_text(cite(s))}: “{markdown_text(' '.join(s.quote.split()))}”"
        for s in figure.sources
        if s.quote
    ]
    if figure.notes:
        quotes.append(markdown_text(figure.notes))
    st.caption(text, help="\n\n".join(quotes) or None)


def range_box(
    slider_key: str,
    low: int,
    high: int,
    unit: str,
    where: DeltaGenerator,
    disabled: bool = False,
) -> None:
    """A number box beside slider ``slider_key`` for a precise range (the same value, the
    same bounds; typing moves the slider, the ring and the link).

    The box takes any whole number, so that a figure beyond the slider's ends ``low``..``high``
    stays in it as typed and a message under it says why it was not applied (the browser's own
    bound check cut 400 to "4" behind a red icon in a 50-px box, and 99999 went unsaid)."""
    ss = st.session_state
    refused = ss.get(state.refused_key(slider_key))
    if refused is None:
        ss[state.number_key(slider_key)] = ss[slider_key]
    which = "Maximum" if slider_key.startswith("max:") else "Minimum"
    where.number_input(
        f"{which} range ({unit}), exact",
        step=1,
        key=state.number_key(slider_key),
        label_visibility="collapsed",
        disabled=disabled,
        help=f"{which} range in {unit}: type a figure from {low:,} to {high:,}",
        on_change=state.number_moved,
        args=(slider_key, low, high, unit),
    )
    if refused is not None:
        where.error(refused, icon=":material/error:")


def reset_button(system: System) -> None:
    """ "Back to the catalogue figure": the system's ranges as the catalogue gives them."""
    st.button(
        "Back to the catalogue figure",
        icon=":material/restart_alt:",
        key=state.reset_key(system.id),
        disabled=state.at_catalogue_figure(system),
        on_click=acting(state.reset_to_catalogue),
        args=(system.id,),
    )


# --- display -----------------------------------------------------------------------------------


def keep_view_on_base_change() -> None:
    """A new base map rebuilds the map: build it at the view the user was looking at."""
    ss = st.session_state
    if ss[state.VIEW] is not None:
        ss[state.VIEW0] = ss[state.VIEW]


def units_changed() -> None:
    """New units: sliders and number boxes in them; the map (whose scale bar is in them) is
    rebuilt at the view the user was looking at."""
    state.sync_sliders()
    keep_view_on_base_change()


def labels_toggle() -> None:
    """The ring labels' switch (``labels`` in the link)."""
    st.toggle(
        "Ring labels",
        key=state.LABELS,
        help="Each ring's system and range, on the ring's edge",
        on_change=acting(),
    )


def display_controls() -> None:
    """Units, ring opacity and the base map."""
    st.header("Display")
    st.radio(
        "Units",
        UNITS,
        key=state.UNITS,
        horizontal=True,
        format_func=lambda u: UNIT_NAMES[u],
        on_change=acting(units_changed),
    )
    st.slider("Ring opacity", 0.0, 1.0, step=0.05, key=state.OPACITY, on_change=acting())
    labels_toggle()
    st.radio(
        "Base map",
        BASE_LAYERS,
        key=state.BASE,
        horizontal=True,
        format_func=BASE_TITLES.get,
        on_change=acting(keep_view_on_base_change),
    )
