"""The chart of people reached as the range grows, in the app (ranges/ui/growth_chart.py, a
Vega-Lite spec) and as a picture (ranges/pictures/chart.py): its people axis reads true, and
systems of equal range are named in one label, not printed over each other (issue 23 item 7)."""

from __future__ import annotations

import itertools
import re

import pytest

from ranges.catalogue.systems import load_catalogue
from ranges.pictures.chart import draw_growth_chart
from ranges.pictures.figure import drawn_figure
from ranges.places.extracts import default_gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.growth import growth
from ranges.text import people_text
from ranges.ui.growth_chart import chart_spec, people_ticks

KYIV = LaunchPoint(50.45, 30.52, "Kyiv")


@pytest.fixture(scope="module")
def places():
    return default_gazetteer("cities15000")


def systems(ids: str, atacms_km: float = 20.0):
    chosen = list(load_catalogue().select([ids]))
    return [
        s.model_copy(update={"max_range_km": atacms_km}) if s.id == "atacms" else s for s in chosen
    ]


def axis_labels(expr: str) -> dict[float, str]:
    """The labels a ``datum.value == V ? "TEXT" : ...`` chain gives its values."""
    return {float(v): t for v, t in re.findall(r'datum\.value == ([0-9.e+-]+) \? "([^"]*)"', expr)}


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (950, "950"),
        (500_000, "500 k"),
        (3_500_000, "3.5 M"),
        (3_000_000, "3 M"),
        (12_250_000, "12.25 M"),
        (999_999, "1 M"),
        (1_200_000_000, "1.2 bn"),
    ],
)
def test_people_text_is_short_and_true(value, text):
    assert people_text(value) == text


def test_the_app_chart_labels_every_tick_truly_and_each_once(places):
    chosen = systems("atacms")
    curve = growth([KYIV], chosen, places)
    top = float(curve.curve(200)[1].max())
    assert 3_000_000 < top < 4_000_000  # the report's chart: ticks every 500,000 up to 3.5 M
    spec = chart_spec(curve, chosen, "km")
    y = spec["layer"][0]["encoding"]["y"]
    axis = y["axis"]
    labels = axis_labels(axis["labelExpr"])
    assert set(labels) == set(axis["values"]) == set(people_ticks(top))
    assert y["scale"]["domain"] == [0, max(labels)] and max(labels) >= top  # every tick shown
    assert labels[3_500_000] == "3.5 M" and labels[500_000] == "500 k"
    assert len(set(labels.values())) == len(labels)  # "3 M, 3 M" no more


def test_the_app_chart_names_systems_of_equal_range_in_one_label(places):
    chosen = systems("atacms,storm-shadow,scalp-eg")
    spec = chart_spec(growth([KYIV], chosen, places), chosen, "km")
    (text_layer,) = [layer for layer in spec["layer"] if layer["mark"]["type"] == "text"]
    names = {row["range"]: row["system"] for row in text_layer["data"]["values"]}
    assert names == {20.0: "MGM-140 ATACMS", 250.0: "Storm Shadow / SCALP-EG"}


def test_the_chart_picture_prints_no_text_over_another(places):
    from matplotlib.text import Text

    chosen = systems("atacms,storm-shadow,scalp-eg")
    curve = growth([KYIV], chosen, places)
    draw = lambda fig: draw_growth_chart(fig, curve, chosen, launch="Kyiv")  # noqa: E731
    with drawn_figure(draw, width_px=1500, height_px=900) as figure:
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        texts = [
            (t.get_text(), t.get_window_extent(renderer))
            for t in figure.findobj(Text)
            if t.get_visible() and t.get_text().strip()
        ]
    ticks = [t for t, _ in texts if t.endswith(" M")]
    assert len(ticks) == len(set(ticks)) >= 3
    overlapping = [
        (a, b) for (a, ba), (b, bb) in itertools.combinations(texts, 2) if ba.overlaps(bb)
    ]
    assert overlapping == []
