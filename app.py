"""rangemap: the Streamlit shell. It wires widgets to the engine in ``ranges/`` and nothing else.

State lives in ``st.session_state`` while the page is open and in the URL (``ranges.scenario``)
so that a copied address reopens the same picture.
"""

from __future__ import annotations

import itertools
import math
import os
from urllib.parse import urlencode, urlsplit

import folium
import streamlit as st
from streamlit_folium import st_folium

from ranges.assets import STATIC_ENDPOINT, local_assets_enabled, localize_assets
from ranges.catalogue import Catalogue, CatalogueError, System, load_catalogue
from ranges.geocode import GeocodeError, online_lookup
from ranges.mapview import base_map, legend_html, points_layer, ring_layers, system_color
from ranges.places import LaunchPoint, PointError, format_coordinates, parse_point
from ranges.rings import Ring, build_rings
from ranges.scenario import (
    BASE_LAYERS,
    MAX_LAUNCH_POINTS,
    Scenario,
    View,
    effective_systems,
    make_point,
    parse_query,
    to_query,
)
from ranges.units import UNIT_NAMES, UNITS, from_km, to_km

st.set_page_config(page_title="rangemap: range rings on WGS-84", page_icon="🎯", layout="wide")

LEGEND_CSS = """
<style>
.rm-legend {display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; font-size: 0.9rem;}
.rm-legend-item {display: inline-flex; align-items: center; gap: 0.4rem;}
.rm-swatch {width: 0.9rem; height: 0.9rem; border-radius: 0.2rem; display: inline-block;}
</style>
"""
KIND_TITLES = {"ballistic": "Ballistic missiles", "cruise": "Cruise missiles", "other": "Other"}
BASE_TITLES = {"osm": "OpenStreetMap", "light": "Light", "satellite": "Satellite"}
MAP_HEIGHT = 620
BORDERS_URL = STATIC_ENDPOINT + "borders/countries-50m.geojson"


@st.cache_resource
def builtin_catalogue() -> Catalogue:
    return load_catalogue()


@st.cache_resource(max_entries=256)
def cached_rings(points: tuple[LaunchPoint, ...], systems: tuple[System, ...]) -> list[Ring]:
    return build_rings(points, systems)


def initial_view(scenario: Scenario) -> View:
    if scenario.view is not None:
        return scenario.view
    if not scenario.points:
        return View(50.4501, 30.5234, 4)
    p = scenario.points[0]
    reach = [s.max_range_km for s in effective_systems(scenario, builtin_catalogue())] or [300.0]
    zoom = int(min(10, max(2, math.log2(35_000 / max(max(reach), 50.0)))))
    return View(p.lat, p.lon, zoom)


# --- state: the URL on the first run, then session_state ---------------------------------------


def start_session(catalogue: Catalogue) -> None:
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    scenario, warnings = parse_query(params, catalogue)
    ss = st.session_state
    ss.warnings = warnings
    ss.view0 = initial_view(scenario)
    ss.view = scenario.view
    ss.uid = itertools.count()
    ss.points = [(next(ss.uid), p) for p in scenario.points]
    ss.last_click = None
    ss.units = scenario.units
    ss.opacity = scenario.opacity
    ss.base = scenario.base
    for system in catalogue.systems:
        ss[f"show:{system.id}"] = system.id in scenario.systems
        top = scenario.max_override(system.id) or system.max_range_km
        low = scenario.min_override(system.id)
        ss[f"km:max:{system.id}"] = top
        ss[f"km:min:{system.id}"] = system.min_range_km if low is None else low
        ss[f"hi:{system.id}"] = slider_top(system, top)
    sync_sliders()
    ss.started = True


def sync_sliders() -> None:
    """Slider positions (in the display unit) from the ranges in km, the source of truth."""
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and k.startswith("km:")]:
        ss[key[3:]] = round(from_km(ss[key], ss.units))


def slider_moved(key: str) -> None:
    """A slider moved: its value, in the display unit, becomes the range in km."""
    ss = st.session_state
    ss[f"km:{key}"] = to_km(ss[key], ss.units)


def slider_top(system: System, value_km: float) -> float:
    """Slider end in km: room for what-ifs well past the catalogue figure."""
    return min(20_000.0, max(1_000.0, 4 * system.max_range_km, value_km))


def convert_units() -> None:
    """Keep each range when the units change: only the slider positions move."""
    sync_sliders()


def current_scenario(catalogue: Catalogue) -> Scenario:
    ss = st.session_state
    scenario = Scenario(
        systems=tuple(s.id for s in catalogue.systems if ss.get(f"show:{s.id}")),
        points=tuple(p for _, p in ss.points),
        units=ss.units,
        opacity=round(ss.opacity, 2),
        base=ss.base,
        view=ss.view,
    )
    for system in catalogue.systems:
        if ss.get(f"show:{system.id}"):
            top = min(ss[f"km:max:{system.id}"], 20_000.0)
            low = min(ss[f"km:min:{system.id}"], top - 1.0)
            scenario = scenario.with_ranges(system.id, max(low, 0.0), top, system)
    return scenario


# --- the sidebar -----------------------------------------------------------------------------


def systems_controls(catalogue: Catalogue) -> None:
    ss = st.session_state
    st.header("Systems")
    for kind, title in KIND_TITLES.items():
        members = [s for s in catalogue.systems if s.kind == kind]
        if not members:
            continue
        st.caption(title)
        for system in members:
            st.checkbox(system.name, key=f"show:{system.id}")
    for index, system in enumerate(catalogue.systems):
        if not ss.get(f"show:{system.id}"):
            continue
        unit = ss.units
        hi = max(1, round(from_km(ss[f"hi:{system.id}"], unit)))
        color = system_color(system, index)
        with st.expander(f"{system.name}", expanded=True):
            st.slider(
                f"Maximum range ({unit})",
                1,
                hi,
                key=f"max:{system.id}",
                help="What-if range",
                on_change=slider_moved,
                args=(f"max:{system.id}",),
            )
            st.slider(
                f"Minimum range ({unit})",
                0,
                hi - 1,
                key=f"min:{system.id}",
                on_change=slider_moved,
                args=(f"min:{system.id}",),
            )
            source = system.sources[0]
            st.caption(
                f":material/menu_book: Catalogue: **{round(from_km(system.max_range_km, unit)):,}"
                f" {unit}** · {source.title}",
                help=source.quote or None,
            )
            st.markdown(
                f'<div style="height:4px;background:{color};border-radius:2px"></div>',
                unsafe_allow_html=True,
            )


def display_controls() -> None:
    st.header("Display")
    st.radio(
        "Units",
        UNITS,
        key="units",
        horizontal=True,
        format_func=lambda u: UNIT_NAMES[u],
        on_change=convert_units,
    )
    st.slider("Ring opacity", 0.0, 1.0, step=0.05, key="opacity")
    st.radio(
        "Base map",
        BASE_LAYERS,
        key="base",
        horizontal=True,
        format_func=BASE_TITLES.get,
        on_change=keep_view_on_base_change,
    )


def keep_view_on_base_change() -> None:
    ss = st.session_state
    if ss.view is not None:
        ss.view0 = ss.view


def add_point_from_text() -> None:
    ss = st.session_state
    text = ss.get("new_point", "").strip()
    if not text:
        return
    try:
        resolved = parse_point(text)
        point, note = resolved.point, resolved.note
    except PointError as exc:
        if not ss.get("online_geocoder"):
            ss.point_message = ("error", str(exc))
            return
        try:
            point = online_lookup(text)
        except GeocodeError as online_exc:
            ss.point_message = ("error", f"{exc}; online: {online_exc}")
            return
        note = f"Found online (OpenStreetMap Nominatim): {text}"
    add_point(point.lat, point.lon, point.label)
    ss.point_message = ("info", note) if note else None
    ss.new_point = ""
    ss.pan_to = (point.lat, point.lon)


def add_point(lat: float, lon: float, label: str = "") -> None:
    ss = st.session_state
    if len(ss.points) >= MAX_LAUNCH_POINTS:
        ss.point_message = ("error", f"At most {MAX_LAUNCH_POINTS} launch points.")
        return
    ss.points.append((next(ss.uid), make_point(lat, lon, label)))


def rename_point(uid: int) -> None:
    ss = st.session_state
    renamed = []
    for u, p in ss.points:
        if u == uid:
            try:
                p = LaunchPoint(p.lat, p.lon, ss[f"label:{uid}"])
            except PointError as exc:
                ss.point_message = ("error", f"Label not changed: {exc}")
            ss[f"label:{uid}"] = p.label
        renamed.append((u, p))
    ss.points = renamed


def remove_point(uid: int) -> None:
    ss = st.session_state
    ss.points = [(u, p) for u, p in ss.points if u != uid]


def points_controls() -> None:
    ss = st.session_state
    st.header("Launch points")
    st.text_input(
        "Add a launch point",
        key="new_point",
        placeholder="50.45, 30.52 · 50°27′N 30°31′E · Kyiv",
        help="Decimal degrees, degrees-minutes-seconds, or a place name. Or click the map.",
        on_change=add_point_from_text,
    )
    st.checkbox(
        "Also search online (OpenStreetMap Nominatim)",
        key="online_geocoder",
        help="For places the offline gazetteer does not know. Needs the internet; 3 s timeout.",
    )
    message = ss.get("point_message")
    if message:
        (st.error if message[0] == "error" else st.info)(message[1])
    for uid, point in ss.points:
        cols = st.columns([5, 1], vertical_alignment="bottom")
        ss.setdefault(f"label:{uid}", point.label)
        cols[0].text_input(
            format_coordinates(point.lat, point.lon),
            key=f"label:{uid}",
            on_change=rename_point,
            args=(uid,),
            max_chars=80,
        )
        cols[1].button(
            "",
            icon=":material/close:",
            key=f"remove:{uid}",
            on_click=remove_point,
            args=(uid,),
            help="Remove this launch point",
        )


# --- the page --------------------------------------------------------------------------------


def share_link(query: dict) -> str:
    try:
        url = st.context.url or ""
    except Exception:  # outside a browser session (tests)
        url = ""
    parts = urlsplit(url)
    base = (
        f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.netloc else "http://localhost:8501/"
    )
    return f"{base}?{urlencode(query, doseq=True)}"


def main() -> None:
    ss = st.session_state
    catalogue = builtin_catalogue()
    if not ss.get("started"):
        start_session(catalogue)

    with st.sidebar:
        st.title("rangemap")
        st.caption("Range rings as true WGS-84 geodesics")
        points_controls()
        systems_controls(catalogue)
        display_controls()

    try:
        scenario = current_scenario(catalogue)
        systems = effective_systems(scenario, catalogue)
        rings = cached_rings(scenario.points, tuple(systems))
    except (ValueError, CatalogueError) as exc:
        st.error(f"Could not draw the rings: {exc}")
        scenario, systems, rings = Scenario(), [], []

    for warning in ss.warnings:
        st.warning(f"Link parameter ignored: {warning}", icon="⚠️")

    st.markdown(LEGEND_CSS + legend_html(systems, scenario.units), unsafe_allow_html=True)
    m = base_map(ss.view0, scenario.base, borders_url=BORDERS_URL)
    groups = [*ring_layers(rings, systems, scenario.units, scenario.opacity)]
    groups.append(points_layer(scenario.points))
    if local_assets_enabled(os.environ):
        for element in (m, *groups):
            localize_assets(element)
    pan_to = ss.pop("pan_to", None)
    result = st_folium(
        m,
        key="map",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["last_clicked", "zoom", "center"],
        center=pan_to,
    )
    handle_map_result(result or {})

    query = to_query(current_scenario(catalogue))
    if {k: st.query_params.get_all(k) for k in st.query_params} != _as_lists(query):
        st.query_params.from_dict(query)
    with st.expander("Share this view", icon=":material/link:"):
        st.caption("Copy link (the address bar holds the same):")
        st.code(share_link(query), language=None, wrap_lines=True)


def _as_lists(query: dict) -> dict:
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


def same_view(a: View | None, b: View, pixels: float = 2.0) -> bool:
    """Views within a couple of pixels: Leaflet snaps a centre to whole pixels, and a link
    that was opened should keep the view it was given."""
    if a is None or a.zoom != b.zoom:
        return False
    degrees_per_pixel = 360.0 / (256 * 2**b.zoom)
    return (
        abs(a.lat - b.lat) <= pixels * degrees_per_pixel
        and abs(a.lon - b.lon) <= pixels * degrees_per_pixel
    )


def handle_map_result(result: dict) -> None:
    ss = st.session_state
    center, zoom = result.get("center"), result.get("zoom")
    if center and zoom is not None:
        lat, lon = float(center["lat"]), float(center["lng"])
        lon = (lon + 180.0) % 360.0 - 180.0
        reported = View(round(lat, 4) + 0.0, round(lon, 4) + 0.0, int(zoom))
        shown = ss.view or ss.view0
        ss.view = shown if same_view(shown, reported) else reported
    click = result.get("last_clicked")
    if click and click != ss.last_click:
        ss.last_click = click
        lon = (float(click["lng"]) + 180.0) % 360.0 - 180.0
        add_point(float(click["lat"]), lon)
        st.rerun()


main()
