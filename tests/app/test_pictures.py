"""The app's pictures: the Export tab's picture buttons and the In range tab's chart."""

from __future__ import annotations

import io
import re

import numpy as np
from PIL import Image

from .tabs import open_tab


def labels(at) -> list[str]:
    return [b.label for b in at.get("download_button")]


def test_export_tab_offers_the_pictures_and_the_reach_tab_the_chart(app, fake_map):
    at = app().run()  # the In range tab is open
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert charts, "no chart in the In range tab"
    assert any("People within range" in m.value for m in at.markdown)
    in_range = labels(at)
    shown = in_range + labels(open_tab(at, "Export"))
    for label in ("Picture (PNG)", "Picture (SVG)", "Picture (PDF)", "Chart (PNG)", "Chart (SVG)"):
        assert label in shown, shown
    buttons = {b.label: b for b in at.get("download_button")}
    assert not buttons["Picture (PNG)"].proto.disabled


def test_pictures_are_disabled_without_rings(app, fake_map):
    at = app({"systems": ""}).run()
    assert not at.exception
    in_range = {b.label: b for b in at.get("download_button")}
    buttons = in_range | {b.label: b for b in open_tab(at, "Export").get("download_button")}
    assert buttons["Picture (PNG)"].proto.disabled
    assert "Chart (PNG)" not in buttons


def test_the_export_picture_is_what_is_on_screen(app, fake_map):
    """The writer the button calls, with the data the tab built: the units on screen."""
    from ranges.catalogue.systems import load_catalogue
    from ranges.export import ExportData, format_named
    from ranges.geometry.rings import build_rings
    from ranges.places.points import LaunchPoint

    systems = list(load_catalogue().select(["atacms"]))
    rings = build_rings([LaunchPoint(50.45, 30.52, "Kyiv")], systems)
    png = format_named("rings", "png").write(ExportData(rings=rings, systems=systems, units="mi"))
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert image.shape[1] >= 1200


def test_picture_title_is_checked(app, fake_map):
    at = app(tab="Export").run()
    box = at.text_input(key="picture_title")
    box.input("Reach from Kyiv").run()
    assert not at.exception
    assert not [w for w in at.warning if "title" in w.value]
    at.text_input(key="picture_title").input("evil\u202eredro").run()
    assert not at.exception
    shown = [re.sub(r"\\(.)", r"\1", w.value) for w in at.warning]  # Markdown escapes removed
    assert any("title: control or formatting character U+202E" in w for w in shown), shown
