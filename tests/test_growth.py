"""People and places reached as the range grows (ranges/reach/growth.py) and its chart."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from ranges.catalogue.systems import load_catalogue
from ranges.pictures.chart import growth_picture
from ranges.places.extracts import default_gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.forward import compute_reach
from ranges.reach.growth import growth

KYIV = LaunchPoint(50.4501, 30.5234, "Kyiv")
ODESA = LaunchPoint(46.4825, 30.7233, "Odesa")


@pytest.fixture(scope="module")
def places():
    return default_gazetteer("cities15000")


@pytest.mark.parametrize("points", [[KYIV], [KYIV, ODESA]])
def test_marks_agree_with_the_reach_summary(places, points):
    systems = list(load_catalogue().select(["all"]))
    curve = growth(points, systems, places)
    summary = compute_reach(points, systems, places).summary.set_index("system")
    for mark in curve.marks:
        assert mark.places == summary.loc[mark.system_id, "cities"], mark
        assert mark.people == summary.loc[mark.system_id, "population"], mark


def test_the_curve_grows_and_reads_at_any_range(places):
    systems = list(load_catalogue().select(["atacms,tomahawk"]))
    curve = growth([KYIV], systems, places)
    assert curve.up_to_km == pytest.approx(2400 * 1.15)
    assert np.all(np.diff(curve.distance_km) >= 0)
    assert np.all(np.diff(curve.people) >= 0) and np.all(np.diff(curve.places) == 1)
    ranges, people, _ = curve.curve(100)
    assert len(ranges) == 101 and ranges[-1] == curve.up_to_km
    assert np.all(np.diff(people) >= 0) and people[0] <= people[-1]
    assert curve.at(0.0)[1] <= 1  # only a place at the launch point itself
    # a minimum range: the places between min and max
    annulus = systems[1].model_copy(update={"min_range_km": 300.0})
    (mark,) = growth([KYIV], [annulus], places).marks
    assert mark.places == int(curve.at(2400.0)[1]) - int(curve.at(299.999999)[1])


def test_no_points_or_no_places_is_an_empty_curve(places):
    systems = list(load_catalogue().select(["atacms"]))
    assert growth([], systems, places).marks[0].people == 0
    empty = growth([KYIV], systems, places, min_population=10**10)
    assert len(empty.distance_km) == 0 and empty.marks[0].places == 0


def test_the_chart_picture(places):
    systems = list(load_catalogue().select(["all"]))
    curve = growth([KYIV], systems, places)
    png = growth_picture(curve, systems, "png", launch="Kyiv")
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert image.shape[:2] == (900, 1500) and image.std() > 10
    svg = growth_picture(curve, systems, "svg", units="mi", launch="<i>Kyiv</i>")
    root = ET.fromstring(svg)
    texts = ["".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "People within range of <i>Kyiv</i> as the range grows" in texts
    assert any(t.startswith("MGM-140 ATACMS, 186 mi:") for t in texts)
    assert "Range (mi)" in texts
    assert b"<script" not in svg
