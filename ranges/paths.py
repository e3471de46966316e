"""Where the files rangemap ships live: the catalogue (``data/``) and the map's static files
(``static/``: the vendored scripts, the country borders).

In a checkout they sit beside the ``ranges`` package; an installed wheel (``pip install .``)
carries them inside it, as ``ranges/_data`` and ``ranges/_static`` (pyproject.toml). Every
module asks here instead of counting ``parent`` steps from its own file.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["BORDERS_DIR", "BORDERS_FILE", "DATA_DIR", "REPO_ROOT", "STATIC_DIR"]

_PACKAGE = Path(__file__).resolve().parent
REPO_ROOT: Path = _PACKAGE.parent
"""The checkout's root (in an installed wheel: the folder holding the package)."""


def _shipped(name: str) -> Path:
    """``name`` inside the package (a wheel), else beside it (a checkout)."""
    inside = _PACKAGE / f"_{name}"
    return inside if inside.is_dir() else REPO_ROOT / name


DATA_DIR: Path = _shipped("data")
STATIC_DIR: Path = _shipped("static")
BORDERS_DIR: Path = STATIC_DIR / "borders"
"""The bundled country borders, in two editions (``static/borders/README.md``)."""
BORDERS_FILE: Path = BORDERS_DIR / "countries-50m.geojson"
"""The de facto edition (Natural Earth 1:50m as published), the default."""
