"""ranges/style.py: the shared palette, read by the KML writer and the pictures without loading
the web map's libraries (folium, branca)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ranges.catalogue.systems import load_catalogue
from ranges.style import (
    AREA_COLOR,
    CITY_COLOR,
    DASHES,
    PALETTE,
    dash_patterns,
    system_color,
    system_colors,
)

ROOT = Path(__file__).resolve().parents[1]
WEB_LIBRARIES = ("folium", "branca")


def run(*args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done


def test_writing_kml_imports_neither_folium_nor_branca() -> None:
    done = run(
        "-X",
        "importtime",
        "-m",
        "ranges",
        "rings",
        "--system",
        "atacms",
        "--from",
        "50.45,30.52",
        "--format",
        "kml",
    )
    assert done.stdout.lstrip().startswith("<?xml")
    imported = [line.split("|")[-1].strip() for line in done.stderr.splitlines()]
    assert "ranges.style" in imported
    assert not [m for m in imported if m.split(".")[0] in WEB_LIBRARIES]


def test_the_style_kml_and_pictures_modules_load_without_the_web_libraries() -> None:
    code = (
        "import sys\n"
        "import ranges.style, ranges.export.kml, ranges.pictures.ringmap, ranges.pictures.chart\n"
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WEB_LIBRARIES!r}))\n"
    )
    assert run("-c", code).stdout.split() == ["[]"]


def test_the_palette_and_dashes_are_as_the_map_draws_them() -> None:
    catalogue = load_catalogue()
    atacms, tomahawk = catalogue.get("atacms"), catalogue.get("tomahawk")
    plain = atacms.model_copy(update={"color": None})
    assert system_color(plain, len(PALETTE) + 2) == PALETTE[2]
    assert system_colors([plain, tomahawk]) == {
        "atacms": PALETTE[0],
        "tomahawk": tomahawk.color or PALETTE[1],
    }
    twin = tomahawk.model_copy(update={"id": "twin"})
    assert dash_patterns([tomahawk, twin, atacms]) == {
        "tomahawk": None,
        "twin": DASHES[1],
        "atacms": None,
    }
    assert AREA_COLOR not in PALETTE and CITY_COLOR not in PALETTE
