"""A picture of two Tomahawk variants: two labelled rings in the system's colour, dashed
beside the catalogue figure, and a footer citing the figures' sources publisher first."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.rings import build_rings
from ranges.pictures.captions import default_title, footer_lines
from ranges.pictures.ringmap import rings_picture
from ranges.places.points import LaunchPoint

SVG = "{http://www.w3.org/2000/svg}"
KYIV = LaunchPoint(50.4501, 30.5234, "Kyiv")
TODAY = dt.date(2026, 12, 7)


def _texts(svg: bytes) -> list[str]:
    return ["".join(el.itertext()) for el in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_picture_of_two_tomahawk_variants_labels_both_and_cites_their_sources() -> None:
    catalogue = load_catalogue()
    systems = list(catalogue.select(["tomahawk:block-iv,tomahawk:reported-2500"]))
    rings = build_rings([KYIV], systems)
    texts = _texts(rings_picture(rings, systems, "svg", today=TODAY))
    joined = " ".join(texts)
    # two rings, each labelled with its system, variant and range; the legend names both
    assert "BGM-109 Tomahawk, Block IV 1,600 km" in texts
    assert "BGM-109 Tomahawk, Longer-range reports 2,500 km" in texts
    assert "BGM-109 Tomahawk, Block IV: 1,600 km" in texts
    assert "Range of BGM-109 Tomahawk (Block IV, Longer-range reports) from Kyiv" in texts
    # the footer: the variants' publishers first, never the report they replace
    assert "Boston Herald, citing Raytheon (2017-04-08)" in joined
    assert "Reuters, as republished by dailygoldalerts.com" in joined
    assert "RT.com" not in joined
    assert "Disputed ranges: BGM-109 Tomahawk 1,600-2,500 km." in joined

    png = rings_picture(rings, systems, "png", today=TODAY)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    purple = np.array([0x94, 0x67, 0xBD])
    assert (np.abs(image.astype(int) - purple).max(axis=-1) <= 25).sum() > 2000


def test_the_footer_says_when_the_drawn_figure_is_disputed() -> None:
    catalogue = load_catalogue()
    systems = [catalogue.get("tomahawk"), catalogue.get("tomahawk:block-iv")]
    text = " ".join(footer_lines(systems, TODAY))
    assert text.startswith("Disputed ranges: BGM-109 Tomahawk 1,600-2,500 km.")
    assert "Ranges: BGM-109 Tomahawk: RT.com, as republished by TROIB News;" in text
    assert "BGM-109 Tomahawk, Block IV: Boston Herald, citing Raytheon" in text
    assert default_title(systems, []).startswith(
        "Range of BGM-109 Tomahawk (catalogue figure, Block IV)"
    )
