"""The "In range" tab: the places within reach, by system and one by one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from ranges.catalogue.systems import System
from ranges.export import spreadsheet_safe
from ranges.places.extracts import EXTRACTS
from ranges.reach.forward import Reach
from ranges.reach.longer import range_gain
from ranges.scenario.model import Scenario
from ranges.text import markdown_text
from ranges.ui import growth_chart, state, totals
from ranges.ui.places import PlacesInRange, counts_note, extract_label
from ranges.ui.resources import AREA_HASH, RESULT_CACHE_ENTRIES, ReachKey, reach_key
from ranges.ui.tablecells import BEARING_HELP, bearing_cells, launches_metric
from ranges.ui.tabs.names import ids_to_names
from ranges.units import area_from_km2, from_km

__all__ = ["render"]


def render(scenario: Scenario, systems: list[System], places: PlacesInRange | None) -> None:
    """The gazetteer and population filter, then (given systems, launch points and the
    gazetteer) the totals and where they come from, the summary a system and the table."""
    unit = scenario.units
    choice, threshold = st.columns(2)
    choice.selectbox(
        "Places from",
        EXTRACTS,
        format_func=extract_label,
        key=state.GAZETTEER,
        on_change=state.acting(),
        help="The GeoNames extract the places and the counts come from.",
    )
    threshold.number_input(
        "Cities of at least this many people",
        min_value=0,
        max_value=100_000_000,
        step=50_000,
        key=state.MIN_POPULATION,
        on_change=state.acting(),
    )
    if not systems or not (scenario.points or scenario.areas):
        st.info("Choose at least one system and one launch point or area.")
        return
    if places is None:
        st.info("The offline gazetteer could not be loaded: no city list.")
        return
    reach = places.reach
    cols = st.columns(3)
    cols[0].metric("Places in range", f"{places.places:,}")
    cols[1].metric("People in range", f"{places.people:,}")
    cols[2].metric(*launches_metric(len(scenario.points), len(scenario.areas)))
    st.caption(f"{counts_note(places.extract)} {places.map_note}")
    summary = reach.summary.copy()
    if summary["countries"].isna().all():
        st.caption("The country borders could not be read: the countries reached are unknown.")
    # km² to unit²: the linear conversion applied once a dimension.
    summary["area"] = area_from_km2(summary["area_km2"], unit).round()
    st.dataframe(
        summary[["name", "cities", "population", "area", "countries", "country_names"]],
        hide_index=True,
        column_config={
            "name": "System",
            "cities": st.column_config.NumberColumn("Places", format="localized"),
            "population": st.column_config.NumberColumn("Population", format="localized"),
            "area": st.column_config.NumberColumn(f"Area covered ({unit}²)", format="localized"),
            "countries": st.column_config.NumberColumn("Countries"),
            "country_names": st.column_config.TextColumn("Countries reached", width="large"),
        },
    )
    growth_chart.render(scenario, systems, places.extract)
    cities_table(scenario, systems)
    totals.render(scenario, systems, places)
    longer_adds(systems, reach, unit)


def longer_adds(systems: list[System], reach: Reach, unit: str) -> None:
    """What a longer range adds: the places and people one shown figure reaches that another
    does not (:func:`ranges.reach.longer.range_gain`), between two systems or two figures of one
    system ("all figures" of Tomahawk: 2,400 km against Block IV's 1,600 km)."""
    if len(systems) < 2:
        return
    # Opened on demand: the comparison and its table cost nothing to a page that does not ask.
    if not st.toggle("What a longer range adds", key=state.LONGER_ON, on_change=state.acting()):
        return
    by_id = {s.id: s for s in sorted(systems, key=lambda s: s.max_range_km)}
    ids = list(by_id)
    left, right = st.columns(2)
    name = {
        i: f"{by_id[i].label} ({from_km(by_id[i].max_range_km, unit):,.0f} {unit})" for i in ids
    }
    shorter = left.selectbox("Shorter", ids, index=0, format_func=name.get, key=state.LONGER_SHORT)
    longer = right.selectbox(
        "Longer", ids, index=len(ids) - 1, format_func=name.get, key=state.LONGER_LONG
    )
    if shorter not in by_id or longer not in by_id or shorter == longer:
        st.caption("Choose two different figures.")
        return
    gain = range_gain(reach, by_id[shorter], by_id[longer])
    st.markdown(markdown_text(gain.sentence(unit) + "."))
    if gain.places:
        st.dataframe(
            gain.cities[["city", "country", "population"]]
            .sort_values("population", ascending=False, kind="stable")
            .head(LONGER_ROWS),
            hide_index=True,
            column_config={
                "city": "Place",
                "country": "Country",
                "population": st.column_config.NumberColumn("Population", format="localized"),
            },
        )


LONGER_ROWS = 100
"""Places listed under "What a longer range adds", the most populous first."""


COLUMN_CONFIG = {
    "city": "City",
    "country": "Country",
    "population": st.column_config.NumberColumn("Population", format="localized"),
    "bearing_deg": st.column_config.TextColumn("Bearing (°)", help=BEARING_HELP),
    "launch": "Launch point",
    "nearest_launch": "Nearest launch point",
    "system": "System",
    "systems": st.column_config.TextColumn("Reached by", width="large"),
    "part_of": st.column_config.TextColumn(
        "Part of", help="A district of this city: its people are counted with the city's"
    ),
    "flight_min": st.column_config.NumberColumn(
        "Flight time (min, straight-line estimate)", format="%.0f"
    ),
}


def cities_table(scenario: Scenario, systems: list[System]) -> None:
    """The places in range once (or once a launch point and system), filtered by name: the
    :data:`TABLE_ROWS` most populous on the page, every row in the CSV download beside it."""
    unit = scenario.units
    per_pair = st.toggle(
        "One row per launch point and system",
        key=state.PER_PAIR,
        help="Otherwise each city once",
        on_change=state.acting(),
    )
    key = reach_key(scenario, systems)
    reach = key.reach()
    search = (
        st.text_input("Filter by city or country", key=state.CITY_FILTER, on_change=state.acting())
        .strip()
        .casefold()
    )
    if search:  # the whole table, searched
        view = table_view(key, per_pair=per_pair, unit=unit)
        view = view[table_haystack(key, per_pair=per_pair).str.contains(search, regex=False)]
        shown, rows = shown_rows(view), len(view)
    else:  # the first rows only: the rest is built if the download is asked for
        shown = table_view(key, per_pair=per_pair, unit=unit, limit=TABLE_ROWS)
        rows = len(reach.rows) if per_pair else reach.place_count
    st.dataframe(
        shown,
        hide_index=True,
        height=420,
        column_config={
            **COLUMN_CONFIG,
            "distance": st.column_config.NumberColumn(f"Distance ({unit})", format="%.1f"),
        },
    )
    if len(shown) < rows:
        note, download = st.columns([3, 1], vertical_alignment="center")
        note.caption(shown_note(len(shown), rows, per_pair=per_pair))
        download.download_button(
            "Full table (CSV)",
            # a callable: the table is built and written when the button is clicked
            data=lambda: table_csv(full_view(reach, systems, per_pair, unit, search), unit),
            file_name="rangemap-places-in-range.csv",
            mime="text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=state.TABLE_DOWNLOAD,
        )

    totals.filtered(scenario, systems)


def full_view(
    reach: Reach, systems: list[System], per_pair: bool, unit: str, search: str
) -> pd.DataFrame:
    """Every row of the table, those matching ``search`` (casefolded) if given: what the CSV
    download holds. Not cached: it is made once, when the download is asked for."""
    table = reach.rows if per_pair else reach.cities
    view = build_view(table, systems, per_pair=per_pair, unit=unit)
    if search:
        view = view[haystack_of(table).str.contains(search, regex=False).to_numpy()]
    return view


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False, hash_funcs=AREA_HASH)
def table_view(
    key: ReachKey,
    *,
    per_pair: bool,
    unit: str,
    limit: int | None = None,
) -> pd.DataFrame:
    """The table as shown (columns in order, distance in ``unit``, systems by name): every row,
    or the ``limit`` most populous (:func:`shown_rows`).

    Built once per scenario and shared between runs and sessions: a rerun that changes nothing
    here (a slider of another system, the map's view) reuses it, and Streamlit sends the browser
    a table it already has as a reference. Repeated text is categorical and numbers are 32-bit,
    which halves what the browser receives (distances to 0.1, bearings to 0.1° need no more).
    """
    reach = key.reach()
    if per_pair:
        table = reach.rows if limit is None else shown_rows(reach.rows, limit)
    else:  # by population already: the first rows are the most populous
        table = reach.cities if limit is None else reach.head(limit)
    return build_view(table, list(key.systems), per_pair=per_pair, unit=unit)


def build_view(
    table: pd.DataFrame, systems: list[System], *, per_pair: bool, unit: str
) -> pd.DataFrame:
    """``Reach.rows`` (``per_pair``) or ``Reach.cities`` as the page shows them (see
    :func:`table_view`). Columns are made from numpy arrays and categoricals from their codes
    (:func:`categorical`): pandas' ``astype("category")`` and ``Series.map`` cost 7 ms for the
    200 rows a slider release shows, this 1 ms, the same frame."""
    view = {
        "city": table["city"].array,
        "country": categorical(table["country"].array),
        "population": table["population"].to_numpy().astype("int32"),
        "distance": from_km(table["distance_km"].to_numpy(), unit).astype("float32"),
        "bearing_deg": bearing_cells(table["bearing_deg"]).array,
    }
    column = table["system" if per_pair else "systems"]
    ids = categorical(column.array)
    names = np.asarray(ids_to_names(pd.Series(ids.categories), systems), dtype=object)
    named = categorical(pd.array(names[ids.codes], dtype=column.dtype))
    if per_pair:
        view["launch"] = categorical(table["launch"].array)
        view["system"] = named
        if table["flight_time_h"].notna().any():
            view["flight_min"] = (table["flight_time_h"].to_numpy() * 60).astype("float32")
    else:
        view["nearest_launch"] = categorical(table["nearest_launch"].array)
        view["systems"] = named
    view["part_of"] = categorical(table["part_of"].array)
    return pd.DataFrame(view)


def categorical(values: np.ndarray | pd.api.extensions.ExtensionArray) -> pd.Categorical:
    """``values`` as pandas' ``astype("category")`` makes them (categories sorted, a missing
    value as NaN), from one hash pass over them."""
    codes, uniques = pd.factorize(values, sort=True)
    return pd.Categorical.from_codes(codes, categories=uniques)


@st.cache_resource(max_entries=RESULT_CACHE_ENTRIES, show_spinner=False, hash_funcs=AREA_HASH)
def table_haystack(
    key: ReachKey,
    *,
    per_pair: bool,
) -> pd.Series:
    """Per row of the whole table (:func:`table_view`), the casefolded "city\\0country" the
    filter searches: made when a filter is first typed, not on every range (0.1 s for the
    ~97,000 places every catalogue system reaches from Kyiv)."""
    reach = key.reach()
    return haystack_of(reach.rows if per_pair else reach.cities)


def haystack_of(table: pd.DataFrame) -> pd.Series:
    """Per row of ``table``, the casefolded "city\\0country" the filter searches."""
    return (table["city"] + "\x00" + table["country"]).str.casefold().reset_index(drop=True)


TABLE_ROWS = 200
"""Rows of the places-in-range table sent to the browser, the most populous (about 9 kB). Every
catalogue system from Kyiv reaches ~97,000 places of cities500, a table of ~3.5 MB sent again
with each release of a slider that changed it; the whole table is the CSV download beside it."""


def shown_rows(view: pd.DataFrame, limit: int = TABLE_ROWS) -> pd.DataFrame:
    """The rows of ``view`` the page shows: all of them, or the ``limit`` most populous in the
    table's own order (the union table is sorted by population already; the per-pair table,
    by system, launch point and distance, keeps that order)."""
    if len(view) <= limit:
        return view
    top = np.argsort(-view["population"].to_numpy(), kind="stable")[:limit]
    return view.iloc[np.sort(top)]


def shown_note(shown: int, rows: int, *, per_pair: bool) -> str:
    """Under a capped table: what it shows and where the rest is."""
    what = "rows" if per_pair else "places"
    return (
        f"Showing the {shown:,} most populous of {rows:,} {what}; "
        "the full table is the CSV download."
    )


def table_csv(view: pd.DataFrame, unit: str) -> bytes:
    """The table as shown (every row, the columns' names as on screen; distances in ``unit``)
    as CSV, UTF-8; a text cell a spreadsheet would take for a formula starts with ``'``
    (:func:`ranges.export.spreadsheet_safe`)."""
    names = {k: v if isinstance(v, str) else v.get("label", k) for k, v in COLUMN_CONFIG.items()}
    names["distance"] = f"Distance ({unit})"
    out = view.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].astype(str).map(spreadsheet_safe)
    return out.rename(columns=names).to_csv(index=False).encode("utf-8")
