"""The Export tab's targets files and the picture with targets on."""

from __future__ import annotations

TARGETS = ["Targets (CSV)", "Targets (JSON)", "Targets (GeoJSON)", "Targets (KML)"]


def buttons(at) -> dict:
    return {b.label: b for b in at.get("download_button")}


def test_the_export_tab_offers_the_targets_files_once_there_are_targets(app, fake_map):
    at = app({"systems": "atacms", "from": "50.45,30.52,Kyiv"}, tab="Export").run()
    assert not at.exception
    assert not set(TARGETS) & set(buttons(at))
    at = app(
        {
            "systems": "atacms",
            "from": "50.45,30.52,Kyiv",
            "targets": ["51.5,31.3,<img src=x onerror=alert(1)>", "55.75,37.62,=cmd|' /C calc'!A0"],
        },
        tab="Export",
    ).run()
    assert not at.exception
    shown = buttons(at)
    for label in TARGETS:
        assert label in shown and not shown[label].proto.disabled, label
    assert any("The 2 targets" in c.value for c in at.caption)
