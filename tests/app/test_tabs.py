"""The page's tabs (issue 20): only the open tab's content is built and sent, the open tab stays
open through a slider release and a full rerun, and the widgets of a closed tab keep their
values and typed text until the reader comes back (``state.restate_widgets``)."""

from __future__ import annotations

import pytest

from ranges.ui import state

from .tabs import open_tab

KYIV = "50.4501,30.5234,Kyiv"
QUERY = {"systems": "atacms,tomahawk", "from": KYIV, "targets": "53.9,27.57,Minsk yard"}
NOT_KEPT = ("Button", "DownloadButton", "FileUploader")
"""Widgets with no value to keep (Streamlit refuses to set them through session state)."""


def filled(tab) -> bool:
    """The tab holds some element (a tab not built this run is sent empty)."""
    return any(node is not tab for node in tab)


def keyed_widgets(tab) -> set[str]:
    """The user keys of the widgets with a value in ``tab``."""
    return {
        node.key
        for node in tab
        if getattr(node, "key", None) and type(node).__name__ not in NOT_KEPT
    }


def test_only_the_open_tab_is_built(app, fake_map) -> None:
    at = app(QUERY).run()
    assert not at.exception
    assert [t.label for t in at.tabs] == list(state.TABS)
    assert [filled(t) for t in at.tabs] == [True, False, False, False, False, False]
    for i, label in enumerate(state.TABS):
        open_tab(at, label)
        assert not at.exception
        assert [filled(t) for t in at.tabs] == [j == i for j in range(len(state.TABS))], label
    # opening a tab shows its content
    assert at.tabs[-1].dataframe[0].value["target"].tolist() == ["Minsk yard"]  # Targets
    open_tab(at, "Share")
    assert "systems=atacms%2Ctomahawk" in at.tabs[4].code[0].value
    open_tab(at, "Reach a target")
    assert at.tabs[1].text_input[0].label == "Target"


def test_a_release_keeps_the_open_tab_and_the_closed_tabs_widgets(app, fake_map) -> None:
    at = app(QUERY).run()
    at.text_input(key=state.CITY_FILTER).input("Kyiv").run()
    at.toggle(key="totals_by_country").set_value(True).run()
    open_tab(at, "Reach a target").text_input(key=state.NEW_TARGET).input(
        "zzzzqq"
    ).run()  # not found: kept
    open_tab(at, "Catalogue").radio(key=state.CATALOGUE_MODE).set_value("replace").run()
    open_tab(at, "Targets").selectbox(key="targets_of").set_value("BGM-109 Tomahawk").run()
    open_tab(at, "Export").text_input(key=state.PICTURE_TITLE).input("Reach from Kyiv").run()

    at.slider(key="max:atacms").set_value(250).run()  # a release: the Export tab stays open
    assert not at.exception
    assert at.session_state[state.TAB] == "Export"
    assert filled(at.tabs[2]) and not filled(at.tabs[0])
    assert at.text_input(key=state.PICTURE_TITLE).value == "Reach from Kyiv"
    at.radio(key=state.UNITS).set_value("mi").run()  # a full rerun: still open
    assert at.session_state[state.TAB] == "Export"
    assert at.text_input(key=state.PICTURE_TITLE).value == "Reach from Kyiv"

    open_tab(at, "In range")  # every closed tab's widgets as the reader left them
    assert at.text_input(key=state.CITY_FILTER).value == "Kyiv"
    assert set(at.tabs[0].dataframe[1].value["city"]) >= {"Kyiv"}
    assert at.toggle(key="totals_by_country").value is True
    open_tab(at, "Reach a target")
    assert at.text_input(key=state.NEW_TARGET).value == "zzzzqq"
    open_tab(at, "Catalogue")
    assert at.radio(key=state.CATALOGUE_MODE).value == "replace"
    open_tab(at, "Targets")
    assert at.selectbox(key="targets_of").value == "BGM-109 Tomahawk"
    assert at.tabs[-1].dataframe[0].value["target"].tolist() == ["Minsk yard"]
    assert not at.exception


def test_the_map_report_after_the_first_run_keeps_the_open_tab(app, fake_map) -> None:
    at = app(QUERY, tab="Targets").run()
    fake_map.result = {"zoom": 5, "center": {"lat": 50.0, "lng": 31.0}}
    at.run()  # the map reports its view (the first-paint machinery's second run)
    assert at.session_state[state.TAB] == "Targets" and filled(at.tabs[-1])


@pytest.mark.parametrize("label", state.TABS)
def test_every_widget_of_a_tab_keeps_its_value_when_closed(app, fake_map, label) -> None:
    """Each keyed widget of a tab is restated while the tab is closed (state.TAB_WIDGETS, or
    state.RESTATED for those of the scenario): a new widget in a tab needs its key there."""
    at = app(QUERY, tab=label)
    for toggle in (state.LONGER_ON, "totals_by_country"):  # the widgets they open, too
        at.session_state[toggle] = True
    at.run()
    assert not at.exception
    kept = set(state.TAB_WIDGETS[label]) | set(state.RESTATED)
    assert keyed_widgets(at.tabs[state.TABS.index(label)]) <= kept
