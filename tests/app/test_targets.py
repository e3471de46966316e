"""Targets in the app: the link's sets and own targets, the sidebar's control, the tab."""

from __future__ import annotations

import csv
import io

from ranges.ui import state
from ranges.ui.targets import TABLE_ROWS

from .tabs import open_tab


def _text(data: str | bytes) -> str:
    return data.decode() if isinstance(data, bytes) else data


def targets_tab(at):
    return at.tabs[-1]


def link_targets(at) -> list[str]:
    value = at.query_params["targets"]
    return [value] if isinstance(value, str) else list(value)


def test_a_link_with_military_airfields_counts_them(app) -> None:
    at = app(
        {
            "systems": "atacms,tomahawk",
            "area": "UKR",
            "targets": ["airfields:military", "55.75,37.62,Moscow depot"],
        },
        tab="Targets",
    ).run()
    assert not at.exception
    tab = targets_tab(at)
    metrics = {m.label: m.value for m in tab.metric}
    assert len(metrics) == 2
    atacms = int(next(v for k, v in metrics.items() if "ATACMS" in k).replace(",", ""))
    tomahawk = int(next(v for k, v in metrics.items() if "Tomahawk" in k).replace(",", ""))
    assert 50 < atacms < tomahawk
    assert link_targets(at) == ["airfields:military", "55.75,37.62,Moscow depot"]
    table = tab.dataframe[0].value
    assert len(table) == TABLE_ROWS  # the largest margins first, the rest counted
    assert any("of 1,633" in c.value for c in tab.caption)  # 1,632 airfields and the depot


def test_sidebar_ticks_a_set_and_pastes_targets(app) -> None:
    at = app({"systems": "atacms", "from": "50.45,30.52,Kyiv"}).run()
    box = next(c for c in at.sidebar.checkbox if c.label == "Military airfields")
    box.check().run()
    assert link_targets(at) == ["airfields:military"]
    at.sidebar.text_area(key="targets_paste").input("50.6,36.6,Belgorod\nnot a line\n")
    next(b for b in at.sidebar.button if b.label == "Add the pasted targets").click().run()
    assert link_targets(at) == ["airfields:military", "50.6,36.6,Belgorod"]
    assert any("2" in e.value for e in at.sidebar.error)  # the line that was not read
    assert not at.exception


def test_no_targets_says_how_to_add_them(app) -> None:
    at = app({"systems": "atacms", "from": "50.45,30.52"}, tab="Targets").run()
    assert any("No targets" in c.value for c in targets_tab(at).caption)


UPLOAD = (
    b"name,lat,lon,kind,country\n"
    b"Belgorod depot,50.6,36.6,fuel depot,Russia\n"
    b"Kursk bridge,51.7,36.2,=bridge,Russia\n"
    b"Minsk yard,53.9,27.56,rail yard,Belarus\n"
)


def test_an_uploaded_list_keeps_kind_and_country_in_the_tab_and_the_export(
    app, fake_map, downloads
) -> None:
    at = app({"systems": "atacms", "from": "50.45,30.52,Kyiv"}, tab="Targets").run()
    at.file_uploader(key="targets_upload").set_value(("sites.csv", UPLOAD, "text/csv")).run()
    assert not at.exception
    tab = targets_tab(at)
    table = tab.dataframe[0].value
    assert sorted(table["kind"]) == ["=bridge", "fuel depot", "rail yard"]
    assert sorted(table["country"]) == ["Belarus", "Russia", "Russia"]
    kinds = next(m for m in tab.multiselect if m.label == "Kind")
    assert list(kinds.options) == ["=bridge", "fuel depot", "rail yard"]
    countries = next(m for m in tab.multiselect if m.label == "Country")
    countries.set_value(["Belarus"]).run()
    assert list(targets_tab(at).dataframe[0].value["target"]) == ["Minsk yard"]
    # the link carries the targets without kind and country (an older reader reads it)
    assert link_targets(at) == [
        "50.6,36.6,Belgorod depot",
        "51.7,36.2,Kursk bridge",
        "53.9,27.56,Minsk yard",
    ]
    open_tab(at, "Export")  # its download buttons
    rows = list(csv.DictReader(io.StringIO(_text(downloads["rangemap-targets.csv"]()))))
    assert {(r["target"], r["kind"], r["country"]) for r in rows} == {
        ("Belgorod depot", "fuel depot", "Russia"),
        ("Kursk bridge", "'=bridge", "Russia"),  # spreadsheet-safe
        ("Minsk yard", "rail yard", "Belarus"),
    }
    # the scenario file keeps them: loaded into a new session, the tab shows them again
    saved = downloads["rangemap-scenario.yaml"]()
    saved = saved.encode() if isinstance(saved, str) else saved
    assert b"kind: fuel depot" in saved
    at = app({"systems": "atacms", "from": "50.45,30.52,Kyiv"}, tab="Export").run()
    at.file_uploader(key=state.SCENARIO_UPLOAD).set_value(("s.yaml", saved, "text/yaml")).run()
    assert not at.exception
    table = targets_tab(open_tab(at, "Targets")).dataframe[0].value
    assert sorted(table["kind"]) == ["=bridge", "fuel depot", "rail yard"]
