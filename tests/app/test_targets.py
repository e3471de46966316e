"""Targets in the app: the link's sets and own targets, the sidebar's control, the tab."""

from __future__ import annotations

from ranges.ui.targets import TABLE_ROWS


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
        }
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
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    assert any("No targets" in c.value for c in targets_tab(at).caption)
