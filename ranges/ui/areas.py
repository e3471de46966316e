"""Launch areas in the app: the sidebar's "Launch areas" section and shapes drawn on the map.

An area is a country of the bundled borders, a line (a front line, a coast) or a polygon
(``docs/INTERFACES.md`` section 4). The user picks a country from a searchable list, types an
area's text form, uploads a GeoJSON or KML file, or draws a line or polygon with the map's
drawing tools (folium's ``Draw`` plugin; streamlit-folium reports the last shape drawn as
``all_drawings``). Every way ends in :func:`ranges.geometry.areas.parse_area` or
:func:`ranges.geometry.areas.areas_from_file`, so an area made here is the one a link or the command
line would make. Bad input is one message beside the section; nothing else is lost.

Session keys (also in the table of :mod:`ranges.ui.state`): ``areas`` (``[(uid, LaunchArea)]``),
``new_area``, ``country_pick``, ``area_upload``, ``area_label:UID``, ``area_remove:UID``,
``last_drawing``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import streamlit as st

from ranges.errors import RangemapError
from ranges.places.editions import DEFAULT_EDITION, EDITION_NAMES, EDITION_NOTES, EDITIONS
from ranges.places.points import wrap_longitude
from ranges.scenario.arealink import area_link
from ranges.scenario.link import to_query
from ranges.scenario.model import MAX_LAUNCH_AREAS
from ranges.scenario.reading import MAX_AREA_CHARS
from ranges.text import number_text
from ranges.ui import state
from ranges.ui.messages import show_messages
from ranges.ui.state import acting, new_action, say

if TYPE_CHECKING:
    from ranges.geometry.areas import LaunchArea

__all__ = [
    "add_area",
    "area_from_drawing",
    "areas_controls",
    "country_picker",
    "drawing_form",
    "handle_drawings",
]

MAX_LINK_CHARS = 12_000
"""Characters of a link's query string, percent-encoded as a browser sends it. Streamlit's web
server (uvicorn with h11) keeps at most 16 KiB of a request head that has not arrived whole, and
the browser adds its headers: a longer link may fail over a network (on localhost, where a
request arrives in one piece, 100,000 characters still opened and 300,000 got HTTP 400). An
area that would take the link past this is refused."""
COORD_DECIMALS = 5
"""Decimals of a drawn vertex (about 1 m), as in an area's text form."""
AREA_UPLOAD_TYPES = ["geojson", "json", "kml"]


def area_label_key(uid: int) -> str:
    """The label text box of launch area ``uid``."""
    return f"area_label:{uid}"


def area_remove_key(uid: int) -> str:
    """The remove button of launch area ``uid``."""
    return f"area_remove:{uid}"


def parse_area(text: str) -> LaunchArea:
    """:func:`ranges.geometry.areas.parse_area` in the borders the page uses, imported on first
    use: ``ranges.geometry.areas`` brings the k-d tree and the borders (about a second on a cold
    server), which a session without areas never needs."""
    from ranges.geometry.areas import parse_area as parse

    return parse(text, borders=st.session_state.get(state.BORDERS, DEFAULT_EDITION))


def sentence(text: str) -> str:
    """``text`` with its first letter a capital (``str.capitalize`` lowers the rest)."""
    return text[:1].upper() + text[1:]


def borders_changed() -> None:
    """Another edition of the borders: every country area takes its shape from it."""
    ss = st.session_state
    edition = ss.get(state.BORDERS, DEFAULT_EDITION)
    ss[state.AREAS] = [(uid, area.in_borders(edition)) for uid, area in ss[state.AREAS]]


@st.cache_resource
def country_choices() -> dict[str, str]:
    """ISO3 code -> "Name (ISO3)" of every country of the bundled borders, by name."""
    from ranges.places.countries import country_names

    return {code: f"{name} ({code})" for code, name in sorted(country_names(), key=lambda c: c[1])}


# --- adding, renaming, removing ------------------------------------------------------------


def add_area(area: LaunchArea) -> bool:
    """Append ``area`` unless it is there already, there are as many as a link may hold, or it
    is too detailed for a link (``MAX_AREA_CHARS``: the link is the state, so what it cannot
    carry is refused with a message); True if it was added. A repair the engine made (a
    self-intersecting polygon made valid) is said."""
    ss = st.session_state
    if any(a == area for _, a in ss[state.AREAS]):
        say("areas", "info", f"{area.label} is already a launch area.")
        return False
    if len(ss[state.AREAS]) >= MAX_LAUNCH_AREAS:
        say("areas", "error", f"At most {MAX_LAUNCH_AREAS} launch areas.")
        return False
    areas = (*(a for _, a in ss[state.AREAS]), area)
    if len(area_link(area)) > MAX_AREA_CHARS or link_length(areas) > MAX_LINK_CHARS:
        points = area.form.count(";") + area.form.count("/") + 1
        say(
            "areas",
            "error",
            f"{area.label}: {points:,} points are more than the link (which keeps and shares "
            "the view) can carry; simplify the shape (e.g. with mapshaper) and add it again.",
        )
        return False
    ss[state.AREAS].append((next(ss[state.UID]), area))
    if area.note:
        say("areas", "info", f"{area.label}: {area.note}")
    return True


def add_area_from_text(text: str) -> bool:
    """Parse ``text`` as an area and add it; a message says why not. True if added."""
    try:
        area = parse_area(text)
    except (RangemapError, ValueError) as exc:
        say("areas", "error", str(exc))
        return False
    return add_area(area)


def add_typed_area() -> None:
    """The "Add an area" box: add what was typed (and clear the box)."""
    ss = st.session_state
    text = ss.get(state.NEW_AREA, "").strip()
    if text and add_area_from_text(text):
        ss[state.NEW_AREA] = ""


def add_picked_country() -> None:
    """The country list: add the country picked, then clear the choice."""
    ss = st.session_state
    code = ss.get(state.COUNTRY_PICK)
    if code:
        add_area_from_text(code)
    ss[state.COUNTRY_PICK] = None


def add_uploaded_areas() -> None:
    """The area uploader: every area of a GeoJSON or KML file (up to the limit)."""
    upload = st.session_state.get(state.AREA_UPLOAD)
    if upload is None:
        return
    from ranges.geometry.areas import areas_from_file

    try:
        areas = areas_from_file(upload.getvalue(), upload.name)
    except (RangemapError, ValueError) as exc:
        say("areas", "error", f"{upload.name}: {exc}")
        return
    added = sum(add_area(a) for a in areas)
    noun = "area" if added == 1 else "areas"
    say("areas", "info", f"{upload.name}: {added} launch {noun} added.")


def rename_area(uid: int) -> None:
    """An area's label box changed: relabel it (a bad label is refused with a message).

    A report for an area that is gone, or of the label it already has, is stale (see
    ``ranges.ui.sidebar.rename_point``): ignored."""
    ss = st.session_state
    current = dict(ss[state.AREAS]).get(uid)
    key = area_label_key(uid)
    if current is None or ss.get(key) == current.label:
        return
    new_action()
    renamed = []
    for u, area in ss[state.AREAS]:
        if u == uid:
            label = ss[key].strip()
            try:
                area = parse_area(f"{area.form}|{label}" if label else area.form)
            except (RangemapError, ValueError) as exc:
                say("areas", "error", f"Label not changed: {exc}")
            ss[key] = area.label
        renamed.append((u, area))
    ss[state.AREAS] = renamed


def remove_area(uid: int) -> None:
    """Remove launch area ``uid``."""
    ss = st.session_state
    ss[state.AREAS] = [(u, a) for u, a in ss[state.AREAS] if u != uid]


def link_length(areas: tuple[LaunchArea, ...]) -> int:
    """Characters of the page's query string with ``areas`` as its launch areas, percent-encoded
    as the browser sends it."""
    scenario = replace(state.current_scenario(), areas=areas)
    return len(urlencode(to_query(scenario), doseq=True))


def warn_if_link_too_long(query: dict) -> None:
    """A warning above the map when the scenario's link is too long for the server to accept
    (a scenario file can bring areas that the sidebar would have refused)."""
    length = len(urlencode(query, doseq=True))
    if "area" in query and length > MAX_LINK_CHARS:
        st.warning(
            f"This view's link is {length:,} characters long: more than a server accepts "
            f"(about {MAX_LINK_CHARS:,}), so reloading or sharing it will fail. Remove or "
            "simplify a launch area.",
            icon=":material/warning:",
        )


# --- the sidebar section ---------------------------------------------------------------------


def areas_controls() -> None:
    """The "Launch areas" section: the country list, a text box, a file, then one label box and
    remove button per area.

    The country list needs the borders and ``ranges.geometry.areas``: one to two seconds on
    a
    cold server. The first run of a session, which draws the map, shows the list disabled
    ("Loading the countries"); the run the drawn map starts fills it. The element stays a
    select box in the same place, so nothing after it is mounted afresh."""

    ss = st.session_state
    st.header("Launch areas")
    if ss.get(state.MAP_DRAWN):
        country_picker()
    else:
        st.selectbox(
            "Add a country",
            [],
            index=None,
            key=state.COUNTRY_WAIT,
            placeholder="Loading the countries…",
            disabled=True,
        )
    st.text_input(
        "Add a line or polygon",
        key=state.NEW_AREA,
        placeholder="line:48.5,37.9;47.1,37.5|Front line",
        help=(
            "line:LAT,LON;LAT,LON;... (at least 2 points) or poly:LAT,LON;... (at least 3), "
            "a country code or name, optionally |LABEL. Or draw one on the map with the line "
            "and polygon tools at its left."
        ),
        on_change=acting(add_typed_area),
    )
    st.file_uploader(
        "Areas from a file",
        type=AREA_UPLOAD_TYPES,
        key=state.AREA_UPLOAD,
        help="GeoJSON (Polygon, MultiPolygon, LineString, MultiLineString) or KML.",
        on_change=acting(add_uploaded_areas),
    )
    st.radio(
        "Country borders",
        EDITIONS,
        key=state.BORDERS,
        format_func=lambda e: sentence(EDITION_NAMES[e]),
        help=(
            "What a country covers, which country a place is counted in, and the borders drawn. "
            f"{sentence(EDITION_NOTES['de-facto'])}; {EDITION_NOTES['recognised']}."
        ),
        on_change=acting(borders_changed),
    )
    show_messages("areas")
    for uid, area in ss[state.AREAS]:
        cols = st.columns([5, 1], vertical_alignment="bottom")
        ss.setdefault(area_label_key(uid), area.label)
        cols[0].text_input(
            f"{KIND_TITLES.get(area.kind, area.kind)} · {area_summary(area)}",
            area.label,  # what a browser that never got the box's value shows (state.py)
            key=area_label_key(uid),
            on_change=rename_area,
            args=(uid,),
            max_chars=80,
        )
        cols[1].button(
            "",
            icon=":material/close:",
            key=area_remove_key(uid),
            on_click=acting(remove_area),
            args=(uid,),
            help="Remove this launch area",
        )


def country_picker() -> None:
    """The searchable country list."""
    choices = country_choices()
    st.selectbox(
        "Add a country",
        list(choices),
        index=None,
        key=state.COUNTRY_PICK,
        format_func=choices.get,
        placeholder="Type to search the countries",
        help="Rings from anywhere inside the country (Natural Earth 1:50m borders, islands too).",
        on_change=acting(add_picked_country),
    )


KIND_TITLES = {"country": "Country", "line": "Line", "polygon": "Polygon"}


def area_summary(area: LaunchArea) -> str:
    """A few words on an area's shape for its label box: its code, or its number of points."""
    if area.kind == "country":
        return area.form
    count = area.form.count(";") + area.form.count("/") + 1
    return f"{count:,} points"


# --- drawings on the map ---------------------------------------------------------------------


def drawing_form(geometry: dict) -> str | None:
    """The ``line:``/``poly:`` text of a GeoJSON geometry drawn on the map (Leaflet's
    longitudes wrapped into [-180, 180), 5 decimals), or None if it is neither a LineString
    nor a Polygon."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    coords = geometry.get("coordinates") if kind else None
    if kind == "LineString":
        prefix, vertices = "line:", coords
    elif kind == "Polygon" and coords:
        prefix, vertices = "poly:", coords[0][:-1]  # GeoJSON repeats the first vertex last
    else:
        return None
    try:
        pairs = [
            f"{number_text(float(lat), COORD_DECIMALS)},"
            f"{number_text(wrap_longitude(float(lon)), COORD_DECIMALS)}"
            for lon, lat, *_ in vertices
        ]
    except (TypeError, ValueError):
        return None
    return prefix + ";".join(pairs)


def area_from_drawing(geometry: dict, number: int) -> LaunchArea:
    """The launch area of a shape drawn on the map, labelled "Drawn line 2" and the like.

    Raises ``RangemapError`` (or ``ValueError``) if it is not a usable line or polygon."""
    form = drawing_form(geometry)
    if form is None:
        raise ValueError("draw a line or a polygon")
    what = "line" if form.startswith("line:") else "polygon"
    return parse_area(f"{form}|Drawn {what} {number}")


MAX_DRAWINGS_SEEN = 200
"""Drawn shapes remembered as handled, per session."""


def handle_drawings(drawings: list | None) -> bool:
    """Shapes drawn on the map become launch areas, each once; True if any is new.

    ``drawings`` is streamlit-folium's ``all_drawings``: every shape of the Draw layer, reported
    when one is drawn, edited or deleted. (Not ``last_active_drawing``: a click on any marker
    sets that too, so a click on a launch point reran the app, closed the point's popup and
    said "the shape drawn was not added".) A shape already handled, reported again on a later
    run, is not added twice, nor one the reader has since removed in the sidebar."""
    ss = st.session_state
    seen: list[str] = ss.setdefault(state.LAST_DRAWING, [])
    new = []
    for drawing in drawings or []:
        key = json.dumps(drawing.get("geometry") if isinstance(drawing, dict) else drawing)
        if key not in seen:
            seen.append(key)
            new.append(drawing)
    del seen[:-MAX_DRAWINGS_SEEN]
    if not new:
        return False
    new_action()
    for drawing in new:
        geometry = drawing.get("geometry") if isinstance(drawing, dict) else None
        ss[state.DRAWN] = ss.get(state.DRAWN, 0) + 1
        try:
            area = area_from_drawing(geometry or {}, ss[state.DRAWN])
        except (RangemapError, ValueError) as exc:
            say("areas", "error", f"The shape drawn was not added: {exc}")
            continue
        add_area(area)
    return True
