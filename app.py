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
from ranges.catalogue import (
    Catalogue,
    CatalogueError,
    System,
    catalogue_template,
    load_catalogue,
    parse_catalogue,
)
from ranges.export import reach_csv, to_geojson, to_html, to_kml
from ranges.gazetteer import Gazetteer, GazetteerError, default_gazetteer
from ranges.geocode import GeocodeError, online_lookup
from ranges.mapview import (
    base_map,
    cities_layer,
    legend_html,
    points_layer,
    ring_layers,
    system_color,
    target_layer,
)
from ranges.places import LaunchPoint, PointError, format_coordinates, parse_point
from ranges.reach import Reach, compute_reach, launch_regions, reverse_reach
from ranges.rings import Ring, build_rings
from ranges.scenario import (
    BASE_LAYERS,
    MAX_LAUNCH_POINTS,
    Scenario,
    ScenarioFileError,
    View,
    effective_systems,
    make_point,
    parse_query,
    scenario_from_file,
    scenario_to_file,
    to_query,
)
from ranges.text import markdown_text
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
MAX_CITY_MARKERS = 2_000
MAX_UPLOAD_BYTES = 1024 * 1024
KML_MIME = "application/vnd.google-earth.kml+xml"
MAX_CATALOGUE_SYSTEMS = 200  # a checkbox and two sliders each: keep the sidebar usable


@st.cache_resource
def builtin_catalogue() -> Catalogue:
    return load_catalogue()


@st.cache_resource
def gazetteer() -> Gazetteer | None:
    try:
        return default_gazetteer()
    except GazetteerError:
        return None


@st.cache_resource(max_entries=256)
def cached_rings(points: tuple[LaunchPoint, ...], systems: tuple[System, ...]) -> list[Ring]:
    return build_rings(points, systems)


@st.cache_resource(max_entries=64)
def cached_reach(
    points: tuple[LaunchPoint, ...], systems: tuple[System, ...], min_population: int
) -> Reach:
    rings = cached_rings(points, systems)
    return compute_reach(points, systems, gazetteer(), min_population=min_population, rings=rings)


def initial_view(scenario: Scenario, catalogue: Catalogue) -> View:
    if scenario.view is not None:
        return scenario.view
    if not scenario.points:
        return View(50.4501, 30.5234, 4)
    p = scenario.points[0]
    reach = [s.max_range_km for s in effective_systems(scenario, catalogue)] or [300.0]
    zoom = int(min(10, max(2, math.log2(35_000 / max(max(reach), 50.0)))))
    return View(p.lat, p.lon, zoom)


# --- state: the URL on the first run, then session_state ---------------------------------------


def start_session() -> None:
    ss = st.session_state
    ss.catalogue = builtin_catalogue()
    ss.uid = itertools.count()
    ss.last_click = None
    params = {k: st.query_params.get_all(k) for k in st.query_params}
    scenario, warnings = parse_query(params, ss.catalogue)
    ss.warnings = warnings
    apply_scenario(scenario)
    ss.started = True


def apply_scenario(scenario: Scenario) -> None:
    """Put a scenario (from the URL or a scenario file) into the widgets' state."""
    ss = st.session_state
    catalogue = ss.catalogue
    ss.view0 = initial_view(scenario, catalogue)
    ss.view = scenario.view
    ss.points = [(next(ss.uid), p) for p in scenario.points]
    ss.target = scenario.target
    ss.units = scenario.units
    ss.opacity = scenario.opacity
    ss.base = scenario.base
    ss.min_population = scenario.min_population
    for system in catalogue.systems:
        init_system(system, scenario, force=True)
    sync_sliders()


def init_system(system: System, scenario: Scenario | None = None, *, force: bool = False) -> None:
    """Widget state for one system (a catalogue upload adds systems during a session)."""
    ss = st.session_state
    if not force and f"km:max:{system.id}" in ss:
        return
    shown = scenario is not None and system.id in scenario.systems
    high = scenario.max_override(system.id) if scenario else None
    low = scenario.min_override(system.id) if scenario else None
    top = high or system.max_range_km
    ss[f"show:{system.id}"] = shown
    ss[f"km:max:{system.id}"] = top
    ss[f"km:min:{system.id}"] = system.min_range_km if low is None else low
    # A range the scenario gives explicitly stays in the URL, even if it equals the catalogue's,
    # until its slider is moved.
    ss[f"pin:max:{system.id}"] = high is not None
    ss[f"pin:min:{system.id}"] = low is not None
    ss[f"hi:{system.id}"] = slider_top(system, top)
    ss[f"max:{system.id}"] = slider_position(f"max:{system.id}")
    ss[f"min:{system.id}"] = slider_position(f"min:{system.id}")


def sync_sliders() -> None:
    """Slider positions (in the display unit) from the ranges in km, the source of truth."""
    ss = st.session_state
    for key in [k for k in ss if isinstance(k, str) and k.startswith("km:")]:
        ss[key[3:]] = slider_position(key[3:])


def slider_position(key: str) -> int:
    """The position of slider ``key`` ("max:ID" or "min:ID") for its range in km, in the display
    unit and within the slider's bounds (a range of 0.4 km shows as 1; it stays 0.4 km)."""
    ss = st.session_state
    which, system_id = key.split(":", 1)
    hi = max(1, round(from_km(ss[f"hi:{system_id}"], ss.units)))
    value = round(from_km(ss[f"km:{key}"], ss.units))
    return min(max(value, 1), hi) if which == "max" else min(max(value, 0), hi - 1)


def slider_moved(key: str) -> None:
    """A slider moved: its value, in the display unit, becomes the range in km."""
    ss = st.session_state
    ss[f"km:{key}"] = to_km(ss[key], ss.units)
    ss[f"pin:{key}"] = False


def slider_top(system: System, value_km: float) -> float:
    """Slider end in km: room for what-ifs well past the catalogue figure."""
    return min(20_000.0, max(1_000.0, 4 * system.max_range_km, value_km))


def current_scenario() -> Scenario:
    ss = st.session_state
    catalogue = ss.catalogue
    scenario = Scenario(
        systems=tuple(s.id for s in catalogue.systems if ss.get(f"show:{s.id}")),
        points=tuple(p for _, p in ss.points),
        units=ss.units,
        opacity=round(ss.opacity, 2),
        base=ss.base,
        view=ss.view,
        target=ss.target,
        min_population=int(ss.min_population),
    )
    # Every system's range, shown or not: hiding a system does not lose its what-if range.
    for system in catalogue.systems:
        top = round(min(ss.get(f"km:max:{system.id}", system.max_range_km), 20_000.0), 3)
        low = round(ss.get(f"km:min:{system.id}", system.min_range_km), 3)
        if low >= top:  # the minimum slider was moved past the maximum
            low = max(top - 1.0, 0.0)
        scenario = scenario.with_ranges(
            system.id,
            low,
            top,
            system,
            keep_max=ss.get(f"pin:max:{system.id}", False),
            keep_min=ss.get(f"pin:min:{system.id}", False),
        )
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
            st.checkbox(markdown_text(system.name), key=f"show:{system.id}")
    for index, system in enumerate(catalogue.systems):
        if not ss.get(f"show:{system.id}"):
            continue
        unit = ss.units
        hi = max(1, round(from_km(ss[f"hi:{system.id}"], unit)))
        color = system_color(system, index)
        with st.expander(markdown_text(system.name), expanded=True):
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
                f" {unit}** · {markdown_text(source.title)}",
                help=markdown_text(source.quote) if source.quote else None,
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
        on_change=sync_sliders,
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


def resolve_text_point(text: str) -> tuple[LaunchPoint, str | None] | None:
    """A point from typed text: the gazetteer first, then (if allowed) the online geocoder."""
    ss = st.session_state
    try:
        resolved = parse_point(text)
        return resolved.point, resolved.note
    except PointError as exc:
        if not ss.get("online_geocoder"):
            ss.point_message = ("error", str(exc))
            return None
        try:
            point = online_lookup(text)
        except GeocodeError as online_exc:
            ss.point_message = ("error", f"{exc}; online: {online_exc}")
            return None
        return point, f"Found online (OpenStreetMap Nominatim): {text}"


def typed_point(key: str) -> tuple[LaunchPoint, str | None] | None:
    """The point typed into text input ``key`` (which is then cleared), or None."""
    ss = st.session_state
    text = ss.get(key, "").strip()
    found = resolve_text_point(text) if text else None
    if found is not None:
        ss.point_message = ("info", found[1]) if found[1] else None
        ss[key] = ""
    return found


def add_point_from_text() -> None:
    found = typed_point("new_point")
    if found is None:
        return
    point = found[0]
    add_point(point.lat, point.lon, point.label)
    st.session_state.pan_to = (point.lat, point.lon)


def set_target_from_text() -> None:
    found = typed_point("new_target")
    if found is not None:
        point = found[0]
        st.session_state.target = make_point(point.lat, point.lon, point.label)


def clear_target() -> None:
    st.session_state.target = None


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
        (st.error if message[0] == "error" else st.info)(markdown_text(message[1]))
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
    st.radio(
        "A click on the map",
        ("launch", "target"),
        key="click_mode",
        horizontal=True,
        format_func={"launch": "adds a launch point", "target": "sets the target"}.get,
    )


# --- the page --------------------------------------------------------------------------------


def share_link(query: dict) -> str:
    try:
        url = st.context.url or ""
    except Exception:  # outside a browser session (tests)
        url = ""
    parts = urlsplit(url)
    if parts.netloc:
        base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    else:
        base = "http://localhost:8501/"
    return f"{base}?{urlencode(query, doseq=True)}"


def draw_map(scenario: Scenario, systems: list[System], rings: list[Ring], reach) -> None:
    ss = st.session_state
    m = base_map(ss.view0, scenario.base, borders_url=BORDERS_URL)
    groups = [*ring_layers(rings, systems, scenario.units, scenario.opacity)]
    groups.append(points_layer(scenario.points))
    if reach is not None and len(reach.cities):
        groups.append(cities_layer(reach.cities, scenario.units, limit=MAX_CITY_MARKERS))
    if scenario.target is not None:
        regions = launch_regions(scenario.target, systems)
        groups.append(target_layer(scenario.target, systems, regions, scenario.units))
    if local_assets_enabled(os.environ):
        for element in (m, *groups):
            localize_assets(element)
    result = st_folium(
        m,
        key="map",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["last_clicked", "zoom", "center"],
        center=ss.pop("pan_to", None),
    )
    handle_map_result(result or {})


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
        lat = float(click["lat"])
        lon = (float(click["lng"]) + 180.0) % 360.0 - 180.0
        if ss.get("click_mode") == "target":
            ss.target = make_point(lat, lon)
        else:
            add_point(lat, lon)
        st.rerun()


def reach_tab(scenario: Scenario, systems: list[System], reach: Reach | None) -> None:
    unit = scenario.units
    st.number_input(
        "Cities of at least this many people",
        min_value=0,
        max_value=100_000_000,
        step=50_000,
        key="min_population",
    )
    if reach is None:
        st.info("The offline gazetteer could not be loaded: no city list.")
        return
    if not systems or not scenario.points:
        st.info("Choose at least one system and one launch point.")
        return
    cols = st.columns(3)
    cols[0].metric("Cities in range", f"{len(reach.cities):,}")
    cols[1].metric("People in those cities", f"{int(reach.cities['population'].sum()):,}")
    cols[2].metric("Launch points", len(scenario.points))
    summary = reach.summary.copy()
    if summary["countries"].isna().all():
        st.caption("The country borders could not be read: the countries reached are unknown.")
    summary["area"] = summary["area_km2"].map(lambda a: round(from_km(from_km(a, unit), unit)))
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
    per_pair = st.toggle(
        "One row per launch point and system", key="per_pair", help="Otherwise each city once"
    )
    table = reach.rows if per_pair else reach.cities
    search = st.text_input("Filter by city or country", key="city_filter").strip().casefold()
    if search:
        mask = table["city"].str.casefold().str.contains(search, regex=False) | table[
            "country"
        ].str.casefold().str.contains(search, regex=False)
        table = table[mask]
    view = table.copy()
    view["distance"] = from_km(view["distance_km"], unit)
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


def target_tab(scenario: Scenario, systems: list[System]) -> None:
    st.text_input(
        "Target",
        key="new_target",
        placeholder="a place name or coordinates; or choose 'sets the target' and click the map",
        on_change=set_target_from_text,
    )
    target = scenario.target
    if target is None:
        st.caption("No target. The map then shows, for each system, where it can be fired from.")
        return
    st.button("Clear the target", on_click=clear_target, icon=":material/close:")
    st.markdown(
        f"**Target:** {markdown_text(target.label)} "
        f"({markdown_text(format_coordinates(target.lat, target.lon))}). "
        "The dashed rings on the map enclose the places each system can reach it from."
    )
    if not systems or not scenario.points:
        return
    table = reverse_reach(target, scenario.points, systems)
    unit = scenario.units
    view = table.copy()
    view["distance"] = from_km(view["distance_km"], unit)
    view["margin"] = from_km(view["margin_km"], unit)
    st.dataframe(
        view[["name", "launch", "reachable", "distance", "margin", "bearing_deg"]],
        hide_index=True,
        column_config={
            "name": "System",
            "launch": "Launch point",
            "reachable": st.column_config.CheckboxColumn("Reaches the target"),
            "distance": st.column_config.NumberColumn(f"Distance ({unit})", format="%.1f"),
            "margin": st.column_config.NumberColumn(
                f"Margin ({unit})", format="%.1f", help="Range left over (negative: short by)"
            ),
            "bearing_deg": st.column_config.NumberColumn("Bearing (°)", format="%.1f"),
        },
    )


def export_tab(scenario: Scenario, systems: list[System], rings: list[Ring], reach) -> None:
    downloads = [
        ("GeoJSON", lambda: to_geojson(rings), "rings.geojson", "application/geo+json"),
        ("KML (Google Earth)", lambda: to_kml(rings), "rings.kml", KML_MIME),
        (
            "CSV (cities in range)",
            lambda: reach_csv(reach.rows) if reach is not None else "",
            "reach.csv",
            "text/csv",
        ),
        (
            "HTML map",
            lambda: to_html(rings, systems, scenario.points, units=scenario.units),
            "map.html",
            "text/html",
        ),
        ("Scenario file", lambda: scenario_to_file(scenario), "scenario.yaml", "application/yaml"),
    ]
    for col, (label, data, name, mime) in zip(st.columns(len(downloads)), downloads, strict=True):
        col.download_button(
            label,
            data=data,
            file_name=f"rangemap-{name}",
            mime=mime,
            icon=":material/download:",
            disabled=name == "reach.csv" and reach is None,
        )
    st.file_uploader(
        "Load a scenario file",
        type=["yaml", "yml", "json"],
        key="scenario_upload",
        on_change=load_scenario_file,
        help="A file saved with 'Scenario file' above: the same picture, here.",
    )


def load_scenario_file() -> None:
    ss = st.session_state
    upload = ss.get("scenario_upload")
    if upload is None:
        return
    try:
        scenario, warnings = scenario_from_file(upload.getvalue(), ss.catalogue)
    except ScenarioFileError as exc:
        ss.upload_message = ("error", f"{upload.name}: {exc}")
        return
    apply_scenario(scenario)
    ss.warnings = [f"{upload.name}: {w}" for w in warnings]
    ss.upload_message = ("info", f"Loaded {upload.name}.")


def catalogue_tab() -> None:
    ss = st.session_state
    st.markdown(
        "Load your own catalogue (YAML, same format as the built-in one). It is checked with "
        "the same rules as the command line; a file with any error is rejected whole."
    )
    st.radio(
        "The uploaded systems",
        ("add", "replace"),
        key="catalogue_mode",
        horizontal=True,
        format_func={"add": "add to the built-in catalogue", "replace": "replace it"}.get,
    )
    st.file_uploader(
        "Catalogue file (at most 1 MiB)",
        type=["yaml", "yml"],
        key="catalogue_upload",
        on_change=load_catalogue_file,
    )
    st.download_button(
        "Download a template",
        data=catalogue_template(),
        file_name="rangemap-catalogue-template.yaml",
        mime="application/yaml",
        icon=":material/download:",
    )
    st.caption(
        f"Current catalogue: {len(ss.catalogue.systems)} systems "
        f"({', '.join(s.id for s in ss.catalogue.systems)}). Shared links name systems by id: "
        "whoever opens one needs the same catalogue."
    )


def load_catalogue_file() -> None:
    ss = st.session_state
    upload = ss.get("catalogue_upload")
    if upload is None:
        return
    if upload.size > MAX_UPLOAD_BYTES:
        ss.upload_message = ("error", f"{upload.name}: larger than 1 MiB")
        return
    try:
        uploaded = parse_catalogue(upload.getvalue(), upload.name)
    except CatalogueError as exc:
        ss.upload_message = ("error", str(exc))
        return
    if ss.get("catalogue_mode") == "replace":
        catalogue = uploaded
    else:
        catalogue = builtin_catalogue().merged_with(uploaded)
    if len(catalogue.systems) > MAX_CATALOGUE_SYSTEMS:
        ss.upload_message = (
            "error",
            f"{upload.name}: {len(catalogue.systems)} systems; the app shows at most "
            f"{MAX_CATALOGUE_SYSTEMS} (the command line takes any number)",
        )
        return
    ss.catalogue = catalogue
    for system in catalogue.systems:
        init_system(system, force=system.id in uploaded.ids)
        if system.id in uploaded.ids:
            st.session_state[f"show:{system.id}"] = True
    ss.upload_message = ("info", f"Loaded {len(uploaded.systems)} systems from {upload.name}.")


def main() -> None:
    ss = st.session_state
    if not ss.get("started"):
        start_session()
    catalogue = ss.catalogue

    with st.sidebar:
        st.title("rangemap")
        st.caption("Range rings as true WGS-84 geodesics")
        points_controls()
        systems_controls(catalogue)
        display_controls()

    try:
        scenario = current_scenario()
        systems = effective_systems(scenario, catalogue)
        rings = cached_rings(scenario.points, tuple(systems))
    except (ValueError, CatalogueError) as exc:
        st.error(f"Could not draw the rings: {markdown_text(exc)}")
        scenario, systems, rings = current_scenario(), [], []
    reach = None
    if gazetteer() is not None and systems and scenario.points:
        reach = cached_reach(scenario.points, tuple(systems), scenario.min_population)

    for warning in ss.warnings:
        st.warning(f"Ignored: {markdown_text(warning)}", icon="⚠️")
    message = ss.pop("upload_message", None)
    if message:
        (st.error if message[0] == "error" else st.info)(markdown_text(message[1]))

    st.markdown(LEGEND_CSS + legend_html(systems, scenario.units), unsafe_allow_html=True)
    draw_map(scenario, systems, rings, reach)

    scenario = current_scenario()
    query = to_query(scenario)
    if {k: st.query_params.get_all(k) for k in st.query_params} != _as_lists(query):
        st.query_params.from_dict(query)

    tabs = st.tabs(["In range", "Reach a target", "Export", "Catalogue", "Share"])
    with tabs[0]:
        reach_tab(scenario, systems, reach)
    with tabs[1]:
        target_tab(scenario, systems)
    with tabs[2]:
        export_tab(scenario, systems, rings, reach)
    with tabs[3]:
        catalogue_tab()
    with tabs[4]:
        st.caption("Copy link (the address bar holds the same):")
        st.code(share_link(query), language=None, wrap_lines=True)


def _as_lists(query: dict) -> dict:
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


main()
