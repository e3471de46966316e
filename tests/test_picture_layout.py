"""The ring map's words stay readable (issue 23, item 6): no text leaves the picture, none is
printed over another or over a launch point's dot, the scale bar's figures stay apart, and a
long label does not push the subtitle off the image."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

import pytest

from ranges.catalogue.systems import System, load_catalogue
from ranges.geometry.rings import build_rings
from ranges.pictures.figure import drawn_figure
from ranges.pictures.ringmap import draw_rings_map
from ranges.places.points import LaunchPoint

TODAY = dt.date(2026, 12, 1)
KYIV = LaunchPoint(50.45, 30.52, "Kyiv")
STARO = LaunchPoint(49.73, 27.27, "Starokostiantyniv air base, Khmelnytskyi Oblast, Ukraine")
LONG = "A launch site whose label is eighty characters long, as a user may well type one"


def shipped() -> list[System]:
    return list(load_catalogue().select(["all"]))


def texts_of(figure) -> list[tuple[str, object]]:
    """Every visible, non-empty text of ``figure`` and its box on the canvas (pixels)."""
    from matplotlib.text import Text

    figure.canvas.draw()  # lays out the legend and the axes' decorations
    renderer = figure.canvas.get_renderer()
    out = []
    for text in figure.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.figure is not None:
            out.append((text.get_text(), text.get_window_extent(renderer)))
    return out


def dots_of(figure) -> list[tuple[float, float]]:
    """The launch points' dots (canvas pixels)."""
    from matplotlib.collections import PathCollection

    dots = []
    for collection in figure.findobj(PathCollection):
        if collection.get_offsets().shape[0] and collection.get_zorder() == 7.5:
            transform = collection.get_offset_transform()
            clip = collection.axes.get_window_extent()
            for x, y in transform.transform(collection.get_offsets()):
                if clip.x0 <= x <= clip.x1 and clip.y0 <= y <= clip.y1:
                    dots.append((float(x), float(y)))
    return dots


def drawn(points: list[LaunchPoint], systems: list[System]) -> Iterator:
    rings = build_rings(points, systems)
    return drawn_figure(lambda fig: draw_rings_map(fig, rings, systems, today=TODAY))


def problems(figure) -> list[str]:
    """What is wrong with the figure's text: outside the canvas, over another text, over a dot."""
    width, height = figure.bbox.width, figure.bbox.height
    texts = texts_of(figure)
    found = []
    for text, box in texts:
        if box.x0 < -0.5 or box.y0 < -0.5 or box.x1 > width + 0.5 or box.y1 > height + 0.5:
            found.append(f"{text!r} leaves the picture ({box.x0:.0f}..{box.x1:.0f} px)")
    for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
        if box_a.overlaps(box_b):
            found.append(f"{a!r} is printed over {b!r}")
    for x, y in dots_of(figure):
        for text, box in texts:
            if box.x0 - 2 <= x <= box.x1 + 2 and box.y0 - 2 <= y <= box.y1 + 2:
                found.append(f"{text!r} covers a launch point's dot")
    return found


@pytest.mark.parametrize(
    "points",
    [
        [KYIV],
        [STARO, KYIV],
        [LaunchPoint(50.45, 30.52, LONG)],
        [LaunchPoint(48.5, 35.0, LONG), KYIV],
    ],
    ids=["kyiv", "two-points", "long-label", "long-label-and-kyiv"],
)
def test_no_text_leaves_the_picture_or_covers_another_or_a_dot(points):
    with drawn(points, shipped()) as figure:
        assert problems(figure) == []


def test_the_detail_map_keeps_its_labels_and_scale_inside(tmp_path):
    with drawn([STARO, KYIV], shipped()) as figure:
        texts = [t for t, _ in texts_of(figure)]
        assert "Detail" in texts
        assert "Storm Shadow / SCALP-EG 250 km" in texts
        assert any(t.startswith("Starokostiantyniv") for t in texts)
        assert not any("125250" in t for t in texts)


def test_a_long_label_keeps_the_subtitle_on_the_picture():
    with drawn([LaunchPoint(50.45, 30.52, LONG)], shipped()) as figure:
        (subtitle,) = [(t, b) for t, b in texts_of(figure) if t.startswith("Azimuthal")]
        assert subtitle[1].x1 <= figure.bbox.width
        assert subtitle[0].endswith("Rings: geodesics on WGS-84.")


# --- names of the largest places reached (issue 23 item 9) ---------------------------------------


def test_the_largest_places_reached_are_named_a_handful_at_a_time():
    from ranges.pictures.placenames import MAX_NAMES, bundled_places, reached_places

    systems = shipped()
    rings = build_rings([KYIV], systems)
    reached = [p.name for p in reached_places(rings, bundled_places())]
    assert reached[:2] == ["Istanbul", "Moscow"] and "Saint Petersburg" in reached[:8]
    with drawn([KYIV], systems) as figure:
        texts = [t for t, _ in texts_of(figure)]
        named = [t for t in texts if t in reached and t != KYIV.label]  # the launch: its own
        assert {"Moscow", "Saint Petersburg", "Istanbul", "London"} <= set(named)
        assert len(named) <= MAX_NAMES
        assert problems(figure) == []


def test_only_places_within_reach_are_named_and_names_can_be_left_out():
    atacms = [s for s in shipped() if s.id == "atacms"]
    with drawn([KYIV], atacms) as figure:
        texts = [t for t, _ in texts_of(figure)]
        assert "Moscow" not in texts and "Istanbul" not in texts
        assert "Chernihiv" in texts or "Zhytomyr" in texts or "Cherkasy" in texts
    rings = build_rings([KYIV], shipped())
    draw = lambda fig: draw_rings_map(fig, rings, shipped(), today=TODAY, place_names=0)  # noqa: E731
    with drawn_figure(draw) as figure:
        assert "Moscow" not in [t for t, _ in texts_of(figure)]


# --- which borders are drawn (issue 23 item 5, the picture's footer) -----------------------------


@pytest.mark.parametrize(
    ("edition", "note"),
    [(None, "Crimea is drawn as part of Russia"), ("recognised", "Crimea is part of Ukraine")],
)
def test_the_footer_says_which_borders_are_drawn(edition, note):
    systems = [s for s in shipped() if s.id == "atacms"]
    rings = build_rings([KYIV], systems)
    extra = {} if edition is None else {"borders": edition}
    draw = lambda fig: draw_rings_map(fig, rings, systems, today=TODAY, **extra)  # noqa: E731
    with drawn_figure(draw) as figure:
        (footer,) = [t for t, _ in texts_of(figure) if t.startswith("Ranges:")]
        assert note in " ".join(footer.split())
        assert problems(figure) == []


def test_the_recognised_borders_are_the_ones_drawn():
    import numpy as np

    from ranges.pictures.canvas.frame import frame_for
    from ranges.pictures.canvas.land import land_paths

    frame = frame_for((45.3, 34.2), [], [(45.3, 34.2)], 1.5)  # Crimea
    vertices = {
        edition: sum(len(p.vertices) for p in land_paths(frame, 200.0, edition=edition))
        for edition in ("de-facto", "recognised")
    }
    assert vertices["de-facto"] != vertices["recognised"]
    assert np.isfinite(list(vertices.values())).all()
