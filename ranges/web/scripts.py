"""The JavaScript of the map's elements, kept in ``ranges/web/js/*.js`` (one file each).

Each file is one parenthesised function expression, ``(function (map, ...) { ... })``: plain
JavaScript that a linter or ``node --check`` reads, and that an element's template calls with
its arguments as JSON (``{{ this.js }}({{ this._parent.get_name() }}, {{ this.x|tojson }});``).
The files are trusted code of this package; what they receive from Python is untrusted and
goes through ``tojson``.

A rendered map (the HTML export, a folium ``render()``) carries each function's text where it
is called. The live map does not: streamlit-folium sends the whole map's script with every
run of the page, so about 12 kB of these functions went to the browser with every slider
release. There they come once, as one static file the browser caches (:data:`BUNDLE_FILE`,
``static/rangemap/map_scripts.js``, made from the files here by :func:`bundle_text`:
``python -m ranges.web.scripts`` writes it, a test checks it), and :func:`serve_scripts`
makes the live map's elements call ``rangemap.<name>`` from it instead.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ranges.paths import STATIC_DIR
from ranges.web.assets import STATIC_ENDPOINT, walk_elements

__all__ = [
    "BUNDLE_FILE",
    "BUNDLE_NAME",
    "NAMESPACE",
    "SCRIPT_DIR",
    "bundle_text",
    "bundle_url",
    "script",
    "script_names",
    "serve_scripts",
]

SCRIPT_DIR = Path(__file__).resolve().parent / "js"
NAMESPACE = "rangemap"
"""The browser global under which the bundle puts every function (``rangemap.fit_rings``)."""
BUNDLE_NAME = "rangemap/map_scripts.js"
"""The bundle's path under ``static/`` (served at ``/app/static/``)."""
BUNDLE_FILE = STATIC_DIR / BUNDLE_NAME
SCRIPT_ATTRIBUTES = ("js", "callback")
"""Where an element holds a script's text: our elements' ``js``, FastMarkerCluster's
``callback`` (``var callback = <text>;``)."""


@functools.cache
def script(name: str) -> str:
    """The text of ``js/<name>.js`` (read once), without its final newline."""
    return (SCRIPT_DIR / f"{name}.js").read_text(encoding="utf-8").rstrip("\n")


def script_names() -> list[str]:
    """The names of every script in :data:`SCRIPT_DIR`, sorted."""
    return sorted(p.stem for p in SCRIPT_DIR.glob("*.js"))


def bundle_text() -> str:
    """The static file of every script: ``rangemap.<name> = <the file's function>;`` each."""
    lines = [
        "// Made from ranges/web/js/*.js by `python -m ranges.web.scripts`: do not edit.",
        f"window.{NAMESPACE} = window.{NAMESPACE} || {{}};",
    ]
    lines += [f"{NAMESPACE}.{name} = {script(name)};" for name in script_names()]
    return "\n".join(lines) + "\n"


@functools.cache
def bundle_url(base_url_path: str = "") -> str:
    """The bundle's URL as the browser asks for it (root-relative, under Streamlit's
    ``server.baseUrlPath``), with a hash of its text, so a browser that cached an older copy
    asks again when the scripts change."""
    prefix = base_url_path.strip("/")
    digest = hashlib.sha256(bundle_text().encode()).hexdigest()[:12]
    path = f"{STATIC_ENDPOINT}{BUNDLE_NAME}?v={digest}"
    return f"/{prefix}{path}" if prefix else path


@functools.cache
def _by_text() -> dict[str, str]:
    return {script(name): f"{NAMESPACE}.{name}" for name in script_names()}


def serve_scripts(elements: Iterable[Any], url: str) -> None:
    """Make ``elements`` (a folium map first, then its layers) and their descendants call the
    scripts from the bundle at ``url`` instead of carrying their text: each script's text in
    an element's :data:`SCRIPT_ATTRIBUTES` becomes ``rangemap.<name>``, and ``url`` is added
    to the map's scripts (after every other, as an instance attribute: folium's class is
    untouched). Idempotent."""
    elements = list(elements)
    by_text = _by_text()
    for root in elements:
        for element in walk_elements(root, include_root_figure=False):
            for attr in SCRIPT_ATTRIBUTES:
                value = element.__dict__.get(attr)
                if not isinstance(value, str):
                    continue
                for text, ref in by_text.items():
                    if text in value:
                        value = value.replace(text, ref)
                setattr(element, attr, value)
    m = elements[0]
    links = list(getattr(m, "default_js", []))
    if (NAMESPACE, url) not in links:
        m.default_js = [*links, (NAMESPACE, url)]


if __name__ == "__main__":
    BUNDLE_FILE.parent.mkdir(parents=True, exist_ok=True)
    BUNDLE_FILE.write_text(bundle_text(), encoding="utf-8")
    print(f"wrote {BUNDLE_FILE}")
