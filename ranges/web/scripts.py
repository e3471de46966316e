"""The JavaScript of the map's elements, kept in ``ranges/web/js/*.js`` (one file each).

Each file is one parenthesised function expression, ``(function (map, ...) { ... })``: plain
JavaScript that a linter or ``node --check`` reads, and that an element's template calls with
its arguments as JSON (``{{ this.js }}({{ this._parent.get_name() }}, {{ this.x|tojson }});``).
The files are trusted code of this package; what they receive from Python is untrusted and
goes through ``tojson``.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["SCRIPT_DIR", "script", "script_names"]

SCRIPT_DIR = Path(__file__).resolve().parent / "js"


@functools.cache
def script(name: str) -> str:
    """The text of ``js/<name>.js`` (read once), without its final newline."""
    return (SCRIPT_DIR / f"{name}.js").read_text(encoding="utf-8").rstrip("\n")


def script_names() -> list[str]:
    """The names of every script in :data:`SCRIPT_DIR`, sorted."""
    return sorted(p.stem for p in SCRIPT_DIR.glob("*.js"))
