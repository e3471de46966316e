"""The map: the legend above it, the folium map drawn through st_folium, clicks and view."""

from __future__ import annotations

import os
import time

import folium
import pandas as pd
import streamlit as st
import streamlit_folium
from streamlit.runtime.scriptrunner import get_script_run_ctx

from ranges.catalogue.systems import System
from ranges.geometry.rings import Ring
from ranges.places.editions import EDITION_FILES
from ranges.places.points import wrap_longitude
from ranges.reach.reverse import launch_regions
from ranges.scenario.model import Scenario, View
from ranges.style import system_colors
from ranges.text import html_text, markdown_text
from ranges.ui import folium_render, state
from ranges.ui.areas import handle_drawings
from ranges.ui.targetlayer import targets_groups, targets_legend
from ranges.ui.warmup import AWAITING_MAP
from ranges.web.areas import area_layers
from ranges.web.assets import (
    STATIC_ENDPOINT,
    local_assets_enabled,
    localize_assets,
    vendor_base_url,
)
from ranges.web.basemap import base_map, draw_control
from ranges.web.caption import comparison_caption
from ranges.web.cities import cities_layer
from ranges.web.elements import COMPACT_LEGEND_CSS, MapLegend
from ranges.web.labels import place_labels
from ranges.web.layers import label_layer, points_layer, ring_layers, target_layer
from ranges.web.legend import areas_legend_html, cities_legend_html, legend_html
from ranges.web.loadguard import add_load_guard
from ranges.web.placenames import place_names_layer
from ranges.web.scripts import bundle_url, serve_scripts

__all__ = [
    "MAP_HEIGHT",
    "MAP_REPORT_WAIT_S",
    "await_map",
    "draw_map",
    "handle_map_result",
    "legend",
]

MAP_HEIGHT = 620
"""Pixels."""
MAP_REPORT_WAIT_S = 3.0
"""Seconds the first run of a session gives the browser to draw the map (see `await_map`)."""
FIT_VIEW = "map_fit_view"
"""Session key: the opening view the app chose for the rings of the link (None: the link's own
view, or no rings to open on), which a small map widens to show its rings
(``base_map(fit_small=...)``); kept, so the base map stays mounted. A map opened empty is not
moved when a click adds its first ring."""
BORDERS_URL = STATIC_ENDPOINT + "borders/"
"""Where the static server serves the borders' files (``ranges.places.editions.EDITION_FILES``)."""
LEGEND_CSS = """
<style>
.rm-legend {display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; font-size: 0.9rem;}
.rm-legend-item {display: inline-flex; align-items: center; gap: 0.4rem;}
.rm-swatch {width: 0.9rem; height: 0.9rem; border-radius: 0.2rem; display: inline-block;}
</style>
"""


def legend(
    systems: list[System],
    units: str,
    areas: tuple = (),
    *,
    cities: bool = False,
    targets: str = "",
) -> None:
    """A colour swatch and name for each shown system (and a line for the launch areas, the
    city markers' entry and ``targets``, the targets' entry as escaped HTML)."""
    html = legend_html(systems, units)
    if cities:
        html = html.removesuffix("</div>") + " " + cities_legend_html() + "</div>"
    if targets:
        html = html.removesuffix("</div>") + " " + targets + "</div>"
    html += areas_legend_html(areas)
    st.markdown(LEGEND_CSS + html, unsafe_allow_html=True)


def caption(scenario: Scenario, systems: list[System]) -> None:
    """One line above the map: what it shows, and from which source."""
    text = comparison_caption(systems, scenario.points, scenario.units, scenario.areas)
    st.caption(markdown_text(text) if text else " ")


EMBED_CSS = """
<style>
[data-testid="stMainBlockContainer"] {padding: 0.25rem 0.5rem 0 !important;}
header[data-testid="stHeader"], [data-testid="stSidebarCollapsedControl"] {display: none;}
iframe[title="streamlit_folium.st_folium"] {height: max(200px, calc(100vh - 1.5rem)) !important;}
</style>
"""
"""Embedded (``?embed=true``): no page header; the map's frame takes the viewport's height, and
the legend and caption are in the map (:func:`embedded_legend`), so the map and its legend
fit an iframe without scrolling inside it."""

PHONE_CSS = """
<style>
@media (max-width: 640px) {
  iframe[title="streamlit_folium.st_folium"] {height: min(620px, 70vh) !important;}
  .stApp:has(section[data-testid="stSidebar"][data-collapsed="false"])
    section[data-testid="stSidebar"] {position: fixed !important; top: auto !important;
    bottom: 0 !important; left: 0 !important; height: 52vh !important; max-height: 52vh;
    width: 100vw !important; min-width: 100vw !important; z-index: 999990;
    box-shadow: 0 -2px 8px rgba(0, 0, 0, 0.3);}
  .stApp:has(section[data-testid="stSidebar"][data-collapsed="false"])
    iframe[title="streamlit_folium.st_folium"] {position: fixed; top: 3.75rem; left: 0;
    width: 100vw !important; height: calc(48vh - 3.75rem) !important; z-index: 999980;
    background: #fff;}
}
</style>
"""
"""On a phone the open sidebar is a sheet over the lower half of the screen and the map takes
the upper half, below the page's header (3.75rem, which covered the zoom buttons): a slider
moved in the sheet moves a ring still in view."""


def map_header(
    scenario: Scenario,
    systems: list[System],
    *,
    cities: bool,
    embedded: bool,
    areas: tuple = (),
) -> None:
    """What goes above the map: the size rules, then (unless embedded) legend and caption."""
    layout_css(embedded)
    if not embedded:
        legend(
            systems, scenario.units, areas, cities=cities, targets=targets_legend(scenario, systems)
        )
        caption(scenario, systems)


def embedded_legend(scenario: Scenario, systems: list[System]) -> MapLegend:
    """The legend and caption as a box on the map, for the embedded page. The city markers'
    entry is there whenever rings are drawn (a legend that changed when the cities came would
    rebuild the map)."""
    html = legend_html(systems, scenario.units)
    if systems and scenario.points:
        html = html.removesuffix("</div>") + " " + cities_legend_html() + "</div>"
    if targets := targets_legend(scenario, systems):
        html = html.removesuffix("</div>") + " " + targets + "</div>"
    html += areas_legend_html(scenario.areas)
    note = comparison_caption(systems, scenario.points, scenario.units, scenario.areas)
    if note:
        html += f'<div class="rm-note">{html_text(note)}</div>'
    return MapLegend(html, position="bottomright", css=COMPACT_LEGEND_CSS)


def layout_css(embedded: bool) -> None:
    """The page's size rules for the map: embedded, and on a phone."""
    st.markdown(PHONE_CSS + (EMBED_CSS if embedded else ""), unsafe_allow_html=True)


def is_embedded() -> bool:
    """The page is shown with ``?embed=true`` (Streamlit's embed mode)."""
    try:
        return bool(st.context.is_embedded)
    except Exception:
        return False


def draw_map(
    scenario: Scenario,
    systems: list[System],
    rings: list[Ring],
    marked: pd.DataFrame | None,
    *,
    embedded: bool = False,
) -> None:
    """The map with rings, launch points, the places in range to mark (``marked``: rows of
    ``Reach.cities``, see :func:`ranges.web.cities.marked_cities`; None: none yet) and the target;
    then act on what the browser reports (a click, the view). ``embedded``: the legend is on
    the map."""
    ss = st.session_state
    folium_render.install()  # folium's output is not compiled as a template again
    if FIT_VIEW not in ss:  # the session's first map: rings, at a view the app chose?
        ss[FIT_VIEW] = ss[state.VIEW0] if ss[state.VIEW] is None and rings else None
    m = base_map(
        ss[state.VIEW0],
        scenario.base,
        borders_url=BORDERS_URL + EDITION_FILES[scenario.borders],
        units=scenario.units,
        fit_small=ss[FIT_VIEW] is not None and ss[FIT_VIEW] == ss[state.VIEW0],
    )
    draw_control(m)  # launch areas: lines and polygons drawn with the mouse
    if embedded:
        embedded_legend(scenario, systems).add_to(m)
    groups = [*ring_layers(rings, systems, scenario.units, scenario.opacity)]
    groups += area_layers(scenario.areas)
    if scenario.labels and rings:
        labels = place_labels(rings, scenario.units)
        groups.append(label_layer(labels, system_colors(systems)))
    groups.append(points_layer(scenario.points))
    if marked is not None and len(marked):
        groups.append(cities_layer(marked, scenario.units))
        groups.append(place_names_layer(marked))
    groups += targets_groups(scenario, systems)
    if scenario.target is not None:
        regions = launch_regions(scenario.target, systems)
        groups.append(target_layer(scenario.target, systems, regions, scenario.units))
    base_path = st.get_option("server.baseUrlPath") or ""  # an app under /path
    if local_assets_enabled(os.environ):
        base = vendor_base_url(base_path)
        for element in (m, *groups):
            localize_assets(element, base)
    # Our scripts from one cached static file, not in every run's map (12 kB a slider release).
    serve_scripts((m, *groups), bundle_url(base_path))
    add_load_guard(m)  # a message in the frame, not a blank one, if a script cannot load
    # Looked up at each call, not imported by name: the AppTest suite swaps the component out.
    result = streamlit_folium.st_folium(
        m,
        key=state.MAP,
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=groups,
        layer_control=folium.LayerControl(collapsed=True),
        returned_objects=["last_clicked", "zoom", "center", "all_drawings"],
        center=ss.pop(state.PAN_TO, None),
    )
    handle_map_result(result or {})


def await_map() -> None:
    """Give the browser up to ``MAP_REPORT_WAIT_S`` to draw the map just sent, before the first
    run of a session works out the places in range.

    That work takes a second or more of the server (the gazetteer, every place's distance) and
    slowed the map's own loading by as much: the same server sends the map's scripts, one after
    another, and on a small machine the browser waits for the CPU too. Once the map is drawn
    the browser reports its view, which asks for a new run; Streamlit stops this one at its
    next yield point, and the new run works out the places. If no report comes in time (a slow
    phone, a map that failed), this run goes on and works them out itself.

    The yield point is a read of ``st.session_state`` (Streamlit checks for a pending rerun on
    every access), which sends the browser nothing. It used to be ``st.empty().empty()``: an
    element sent every 50 ms, each of which made the browser render the whole page again while
    it was loading the map (about 15 renders, 0.5 s of a phone's main thread, cold start).

    The map is a widget of the page's fragment, and a fragment's rerun does not stop a full
    run: while this waits, the session is in :data:`ranges.ui.warmup.AWAITING_MAP`, where
    ``serve.py`` makes the report a full rerun, which does.
    """
    ctx = get_script_run_ctx()
    session = ctx.session_id if ctx is not None else ""
    AWAITING_MAP.add(session)
    try:
        deadline = time.monotonic() + MAP_REPORT_WAIT_S
        while time.monotonic() < deadline:
            time.sleep(0.05)
            _ = state.MAP_DRAWN in st.session_state  # where Streamlit can stop this run
    finally:
        AWAITING_MAP.discard(session)


def handle_map_result(result: dict) -> None:
    """Keep the view the map reports (unless it is the one shown, to a pixel); act on a new
    click, then rerun so the page shows it."""
    ss = st.session_state
    center, zoom = result.get("center"), result.get("zoom")
    if center and zoom is not None:
        reported = View.from_leaflet(float(center["lat"]), float(center["lng"]), int(zoom))
        shown = ss[state.VIEW] or ss[state.VIEW0]
        ss[state.VIEW] = shown if reported.same_as(shown) else reported
    if handle_drawings(result.get("all_drawings")):
        st.rerun()  # the new area, its rings and the link
    click = result.get("last_clicked")
    if click and click != ss[state.LAST_CLICK]:
        ss[state.LAST_CLICK] = click
        state.click_at(float(click["lat"]), wrap_longitude(float(click["lng"])))
        st.rerun()
