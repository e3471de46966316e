"""The static pictures (ranges/pictures/), checked by what is in them.

PNGs are decoded (size, not blank, the rings' colours present), SVGs parsed (the legend's names
as text, no script, hostile names kept as text), PDFs rendered with poppler's ``pdftoppm``
(Debian's poppler-utils, installed by ``make test``) and compared with the PNG of the same map.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import shapely
from PIL import Image

from ranges.catalogue.systems import Source, System, load_catalogue
from ranges.errors import PictureError
from ranges.geometry.geodesy import range_area
from ranges.geometry.rings import Ring, build_rings
from ranges.pictures.canvas.frame import centre_of, frame_for, geo_shape
from ranges.pictures.canvas.shapes import projected_ring
from ranges.pictures.captions import default_title, ring_label, short_text
from ranges.pictures.figure import DEFAULT_HEIGHT_PX, DEFAULT_WIDTH_PX, MAX_TITLE_CHARS, check_title
from ranges.pictures.launch import launch_of
from ranges.pictures.ringmap import rings_picture
from ranges.places.points import LaunchPoint

REPO = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"
KYIV = LaunchPoint(50.4501, 30.5234, "Kyiv")
TODAY = dt.date(2026, 12, 1)
PDFTOPPM = shutil.which("pdftoppm")


def shipped() -> list[System]:
    return list(load_catalogue().select(["all"]))


@pytest.fixture(scope="module")
def default_rings() -> tuple[list[Ring], list[System]]:
    systems = shipped()
    return build_rings([KYIV], systems), systems


@pytest.fixture(scope="module")
def default_png(default_rings) -> bytes:
    rings, systems = default_rings
    return rings_picture(rings, systems, "png", today=TODAY)


@pytest.fixture(scope="module")
def default_svg(default_rings) -> bytes:
    rings, systems = default_rings
    return rings_picture(rings, systems, "svg", today=TODAY)


def svg_texts(svg: bytes) -> list[str]:
    root = ET.fromstring(svg)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def rgb(hex_color: str) -> np.ndarray:
    return np.array([int(hex_color[i : i + 2], 16) for i in (1, 3, 5)])


def pixels_near(image: np.ndarray, hex_color: str, tolerance: int = 30) -> int:
    return int(
        (np.abs(image[..., :3].astype(int) - rgb(hex_color)).max(axis=-1) <= tolerance).sum()
    )


# --- PNG ---------------------------------------------------------------------------------------


def test_png_has_the_size_is_not_blank_and_shows_every_ring_colour(default_png, default_rings):
    image = np.asarray(Image.open(io.BytesIO(default_png)).convert("RGB"))
    assert image.shape[1] >= 1200 and image.shape[0] >= 700
    assert image.shape[:2] == (DEFAULT_HEIGHT_PX, DEFAULT_WIDTH_PX)
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 200  # a map, not a blank
    assert image.std() > 20
    _, systems = default_rings
    for system in systems:
        # every ring's outline shows, Storm Shadow's under SCALP-EG's too (interleaved dashes)
        assert pixels_near(image, system.color) > 150, system.id


def test_equal_rings_show_both_colours_on_the_ring_itself():
    systems = [s for s in shipped() if s.id in ("storm-shadow", "scalp-eg")]
    png = rings_picture(build_rings([KYIV], systems), systems, "png", today=TODAY)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    blue, green = (pixels_near(image, s.color, 25) for s in systems)
    assert blue > 300 and green > 300
    assert 0.4 < blue / green < 2.5  # both halves of the dash pattern, not one over the other


# --- SVG ---------------------------------------------------------------------------------------


def test_svg_keeps_the_legend_labels_and_footer_as_text(default_svg, default_rings):
    texts = svg_texts(default_svg)
    joined = "\n".join(texts)
    _, systems = default_rings
    for system in systems:
        assert any(t.startswith(system.name + ":") for t in texts), system.name  # legend
    assert "MGM-140 ATACMS: 300 km" in texts
    assert "BGM-109 Tomahawk 2,400 km" in texts  # the ring's own label
    assert "Storm Shadow / SCALP-EG 250 km" in texts  # one label for the two equal rings
    assert "Kyiv" in texts
    assert "Range of 4 systems from Kyiv" in texts
    assert "Natural Earth" in joined and "2026-12-01" in joined
    assert "Pentagon Denies Zelensky" in joined  # the systems' source
    assert "1,000 km" in texts  # the scale bar
    assert "Detail" in texts and "250 km" in texts  # the short rings at their own scale
    assert any(t.endswith("°N") for t in texts) and any(t.endswith("°E") for t in texts)


def hostile_system(name: str) -> System:
    return System(
        id="hostile",
        name=name,
        kind="other",
        max_range_km=400,
        sources=(Source(title='<img src=x onerror="alert(1)"> & $\\frac{1}{2}$'),),
        color="#ff7f0e",
    )


def test_svg_takes_no_markup_from_names_labels_or_titles():
    name = "<script>alert(1)</script> $x^2$ ]]> &amp;"
    label = '<b onmouseover="alert(2)">Київ</b>'
    system = hostile_system(name)
    rings = build_rings([LaunchPoint(50.45, 30.52, label)], [system])
    svg = rings_picture(rings, [system], "svg", title="<svg onload=alert(3)>", today=TODAY)
    root = ET.fromstring(svg)  # well-formed XML
    tags = {el.tag.removeprefix(SVG) for el in root.iter()}
    assert "script" not in tags and "foreignObject" not in tags
    assert not [
        (el.tag, key) for el in root.iter() for key in el.attrib if key.lower().startswith("on")
    ]
    texts = svg_texts(svg)
    assert f"{name}: 400 km"[:40] in "\n".join(texts) or any("<script>" in t for t in texts)
    assert label in texts  # the label, verbatim, as text (Cyrillic drawn with DejaVu Sans)
    assert "<svg onload=alert(3)>" in texts
    assert any("$\\frac{1}{2}$" in t for t in texts)  # no math parsing: the dollars stay
    assert b"<script" not in svg and b"<b " not in svg


def test_hostile_names_are_plain_text_in_the_pdf(tmp_path):
    assert PDFTOPPM, "poppler-utils missing: make test installs it"
    system = hostile_system("<script>alert(1)</script>")
    rings = build_rings([LaunchPoint(50.45, 30.52, "<b>Київ</b>")], [system])
    pdf = rings_picture(rings, [system], "pdf", title="(JS) /OpenAction <<>>", today=TODAY)
    assert b"/JavaScript" not in pdf and b"/OpenAction <<" not in pdf  # no active content
    (tmp_path / "h.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "h.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "<script>alert(1)</script>: 400 km" in text
    assert "<b>Київ</b>" in text and "(JS) /OpenAction <<>>" in text


def test_control_characters_in_a_name_do_not_break_the_svg():
    # The catalogue refuses them; a System built in code (model_construct) skips its checks.
    valid = hostile_system("placeholder")
    system = System.model_construct(**{**valid.__dict__, "name": "bell\x07name"})
    assert short_text("bell\x07name") == "bell\ufffdname"
    svg = rings_picture(build_rings([KYIV], [system]), [system], "svg", today=TODAY)
    texts = svg_texts(svg)
    assert any("bell\ufffdname" in t for t in texts)


# --- PDF ---------------------------------------------------------------------------------------


def test_pdf_renders_like_the_png(default_rings, default_png, tmp_path):
    assert PDFTOPPM, "pdftoppm missing: make test installs Debian's poppler-utils"
    rings, systems = default_rings
    pdf = rings_picture(rings, systems, "pdf", today=TODAY)
    assert pdf.startswith(b"%PDF")
    (tmp_path / "map.pdf").write_bytes(pdf)
    subprocess.run(
        [
            PDFTOPPM,
            "-r",
            "200",
            "-png",
            "-singlefile",
            str(tmp_path / "map.pdf"),
            str(tmp_path / "p"),
        ],
        check=True,
        timeout=60,
    )
    page = Image.open(tmp_path / "p.png").convert("L")
    png = Image.open(io.BytesIO(default_png)).convert("L")
    assert abs(page.width - png.width) <= 2 and abs(page.height - png.height) <= 2
    small = (300, 200)
    a = np.asarray(page.resize(small, Image.Resampling.BOX), dtype=float)
    b = np.asarray(png.resize(small, Image.Resampling.BOX), dtype=float)
    assert np.abs(a - b).mean() < 6.0  # the same map (anti-aliasing and hinting differ)
    assert np.corrcoef(a.ravel(), b.ravel())[0, 1] > 0.85
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "map.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    for system in systems:
        assert system.name in text  # text stays text in the PDF


# --- the frame: projection and extent ---------------------------------------------------------


def test_rings_are_true_circles_in_the_azimuthal_frame():
    shape = geo_shape(range_area(KYIV.lat, KYIV.lon, 2400).geometry)
    frame = frame_for((KYIV.lat, KYIV.lon), [shape], [(KYIV.lat, KYIV.lon)], 1.5)
    assert not frame.world
    projected = frame.project(shape)
    xy = np.asarray(projected.exterior.coords)
    radii_km = np.hypot(xy[:, 0], xy[:, 1]) / 1000.0
    assert np.allclose(radii_km, 2400.0, rtol=1e-4)
    xmin, ymin, xmax, ymax = frame.box
    assert xmin < -2400e3 and xmax > 2400e3 and ymin < -2400e3 and ymax > 2400e3  # all shown
    assert math.isclose((xmax - xmin) / (ymax - ymin), 1.5)


def test_rings_reaching_most_of_the_earth_make_a_world_map():
    system = shipped()[-1].with_max_range(12_000)
    rings = build_rings([KYIV], [system])
    frame = frame_for((KYIV.lat, KYIV.lon), [geo_shape(rings[0].area.geometry)], [], 1.5)
    assert frame.world
    png = rings_picture(rings, [system], "png", today=TODAY)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert pixels_near(image, system.color) > 300


def test_centre_of_points_across_the_antimeridian_is_between_them():
    lat, lon = centre_of([(-17.0, 179.0), (-17.0, -179.0)])
    assert abs(lat + 17.0) < 0.01 and abs(abs(lon) - 180.0) < 1e-6


def test_a_ring_cut_at_the_antimeridian_is_drawn_whole():
    system = shipped()[0].with_max_range(1500)
    fiji = LaunchPoint(-17.7, 178.1, "Fiji")
    rings = build_rings([fiji], [system])
    frame = frame_for((fiji.lat, fiji.lon), [geo_shape(rings[0].area.geometry)], [], 1.5)
    projected = frame.project(geo_shape(rings[0].area.geometry))
    import shapely

    whole = shapely.union_all(shapely.get_parts(projected), grid_size=1.0)
    assert whole.geom_type == "Polygon"  # the two halves meet again
    png = rings_picture(rings, [system], "png", today=TODAY)
    assert Image.open(io.BytesIO(png)).size == (DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX)


# --- units, titles, labels, bad input --------------------------------------------------------


def test_no_detail_map_when_every_ring_reads_at_the_map_scale():
    systems = [s for s in shipped() if s.id in ("atacms", "storm-shadow")]
    texts = svg_texts(rings_picture(build_rings([KYIV], systems), systems, "svg", today=TODAY))
    assert "Detail" not in texts
    assert "MGM-140 ATACMS 300 km" in texts and "Storm Shadow 250 km" in texts


def test_units_are_those_asked_for(default_rings):
    rings, systems = default_rings
    texts = svg_texts(rings_picture(rings, systems, "svg", units="nmi", today=TODAY))
    assert "MGM-140 ATACMS: 162 nmi" in texts
    assert "BGM-109 Tomahawk 1,296 nmi" in texts
    assert any(t.endswith(" nmi") for t in texts if t[0].isdigit())  # the scale bar


def test_ring_labels_and_default_titles():
    systems = shipped()
    assert (
        ring_label(["Storm Shadow", "SCALP-EG"], 0, 250, "km") == "Storm Shadow / SCALP-EG 250 km"
    )
    assert ring_label(["X"], 500, 2400, "mi") == "X 311–1,491 mi"
    launch = launch_of(build_rings([KYIV], systems[:1])[0])
    assert (
        default_title(systems[:2], [launch]) == "Range of MGM-140 ATACMS and Storm Shadow from Kyiv"
    )


def test_titles_are_checked():
    assert check_title("  A map  ") == "A map"
    assert check_title("   ") is None
    with pytest.raises(PictureError, match="at most"):
        check_title("x" * 10_000)
    assert check_title("x" * MAX_TITLE_CHARS)
    with pytest.raises(PictureError, match="U\\+202E"):
        check_title("evil\u202eredro")
    with pytest.raises(PictureError):
        check_title("two\nlines")


@pytest.mark.parametrize("title", ["W" * MAX_TITLE_CHARS, "Reach " * (MAX_TITLE_CHARS // 6)])
def test_the_longest_titles_fit_the_width(title):
    systems = shipped()[:1]
    png = rings_picture(build_rings([KYIV], systems), systems, "png", title=title, today=TODAY)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    band = image[: int(0.09 * image.shape[0])]  # above the subtitle
    dark_columns = np.flatnonzero((band < 100).any(axis=0))
    assert dark_columns.size and dark_columns.max() < image.shape[1] - 10


def test_an_empty_scenario_is_one_clear_error():
    with pytest.raises(PictureError, match="nothing to draw"):
        rings_picture([], shipped(), "png")
    with pytest.raises(PictureError, match="unknown picture format"):
        rings_picture(build_rings([KYIV], shipped()[:1]), shipped()[:1], "gif")


@dataclass(frozen=True)
class _Area:
    label: str
    geometry: dict


@dataclass(frozen=True)
class _AreaRing:
    """A ring launched from an area, the shape the areas engine gives it."""

    launch: _Area
    system: System
    area: object

    @property
    def min_range_km(self) -> float:
        return self.system.min_range_km

    @property
    def max_range_km(self) -> float:
        return self.system.max_range_km


def test_rings_from_a_launch_area_are_drawn_with_the_area_labelled():
    system = shipped()[0]
    line = {"type": "Polygon", "coordinates": [[[36, 47], [38, 47], [38, 49], [36, 49], [36, 47]]]}
    disk = range_area(48.0, 37.0, 420.0)  # stands in for the buffer of the area
    ring = _AreaRing(_Area("Front <line>", line), system, disk)
    assert launch_of(ring).shape is not None
    texts = svg_texts(rings_picture([ring], [system], "svg", today=TODAY))
    assert "Front <line>" in texts
    assert "Launch area" in texts


def test_rings_from_the_areas_engine_draw_the_area_and_its_label():
    from ranges.geometry.areas import parse_area

    system = shipped()[0]
    areas = [parse_area("UKR"), parse_area("line:48.5,37.9;47.1,37.5|Front <line>")]
    rings = build_rings([], [system], areas)
    assert {launch_of(r).label for r in rings} == {"Ukraine", "Front <line>"}
    assert all(launch_of(r).shape is not None for r in rings)
    svg = rings_picture(rings, [system], "svg", today=TODAY)
    texts = svg_texts(svg)
    assert "Ukraine" in texts and "Front <line>" in texts and "Launch area" in texts
    assert "Range of MGM-140 ATACMS from Ukraine and Front <line>" in texts
    png = rings_picture(rings, [system], "png", today=TODAY)
    image = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))
    assert pixels_near(image, system.color) > 300


# --- the command line ------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ranges", *args],
        cwd=REPO,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_cli_writes_pictures_by_format_or_extension(tmp_path):
    out = tmp_path / "map.png"
    result = run_cli(
        "rings", "--system", "atacms,tomahawk", "--from", "Kyiv", "--output", str(out),
        "--units", "mi", "--title", "Кого досягає",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert Image.open(out).size == (DEFAULT_WIDTH_PX, DEFAULT_HEIGHT_PX)
    result = run_cli("rings", "--system", "atacms", "--from", "Kyiv", "--format", "svg")
    assert result.returncode == 0
    texts = svg_texts(result.stdout)
    assert "MGM-140 ATACMS: 300 km" in texts


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "gif"], "invalid choice: 'gif'"),
        (["--format", "png", "--output", "/nonexistent-dir/map.png"], "cannot write"),
        (["--format", "png", "--output", "x.png", "--title", "t" * 10_000], "title: at most"),
        (["--format", "pdf", "--output", "x.pdf", "--title", "a\x1bb"], "title: control"),
        (["--format", "png", "--units", "furlong"], "invalid choice: 'furlong'"),
    ],
)
def test_cli_bad_picture_input_is_one_error_line(args, message, tmp_path):
    args = [a.replace("x.p", str(tmp_path / "x.p")) for a in args]
    result = run_cli("rings", "--system", "atacms", "--from", "Kyiv", *args)
    assert result.returncode == 2
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_a_ring_round_a_pole_has_one_outline_without_the_cut() -> None:
    """1,500 km from McMurdo reaches over the South Pole: the chart polygon is cut along the
    antimeridian down to the pole, and both sides of the cut are one line on the map. The
    outline is the ring alone (2 pi r, once drawn with a stroke from the pole to the ring)."""
    ring = range_area(-77.8, 166.7, 1500.0)
    shape = geo_shape(ring.geometry)
    frame = frame_for((-77.8, 166.7), [shape], [(-77.8, 166.7)], 1.5)
    outline = projected_ring(frame, shape).boundary.length
    assert outline == pytest.approx(2 * math.pi * 1.5e6, rel=0.01)
    unfixed = shapely.union_all(shapely.get_parts(frame.project(shape)))
    assert unfixed.boundary.length > 1.3 * outline  # the slit, as the map drew it before


def test_countries_cut_at_the_antimeridian_have_no_border_along_it() -> None:
    """Antarctica on a map centred at McMurdo: its two sides of the antimeridian are one
    country; the 1,300 km from the pole to the Ross Sea along 180 degrees is no border."""
    from ranges.pictures.canvas.shapes import closed_cut, is_cut
    from ranges.places.borders import load_borders

    (feature,) = [f for f in load_borders()["features"] if f["properties"]["name"] == "Antarctica"]
    chart = geo_shape(feature["geometry"])
    assert is_cut(chart)
    frame = frame_for((-77.8, 166.7), [shapely.box(150, -85, 180, -70)], [(-77.8, 166.7)], 1.5)
    (projected,) = frame.project_many([chart], validate=False)
    removed = projected.boundary.length - closed_cut(projected).boundary.length
    assert 1.0e6 < removed < 1.6e6
