"""The map's scripts as ONE file and its styles as ONE file, built from the pinned npm packages.

The component iframe of streamlit-folium loads every script URL one after another (each waits
for the previous one) and then the stylesheets: with folium's defaults and our plugins that is
about 17 requests before the first ring. Bundled, it is two (``rangemap/map.js`` and
``rangemap/map.css`` under ``static/vendor/``), in the load order of the table
:data:`ranges.web.assets.CDN_ASSETS` (scripts in table order, with the Leaflet icon-path fix right
after leaflet.js; stylesheets in table order), so an entry another change adds to the table
joins the bundle at its place when ``scripts/vendor_assets.py`` is run again.

Each member is copied as published, with three mechanical changes that keep it working when
concatenated: a ``/* === path === */`` banner and ``;`` between scripts (a file ending in a
``//`` comment or without ``;`` cannot swallow the next one), source-map comments dropped
(the ``.map`` files are not shipped), and in stylesheets ``@charset`` dropped (one at the top
instead) and every relative ``url(...)`` rewritten so it still names the same file from
``rangemap/``. :func:`build` is deterministic: tests/test_vendor_bundle.py rebuilds from
``node_modules`` and compares bytes with the committed copies.

Standard library only (scripts/vendor_assets.py runs it without the app's packages).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from pathlib import Path

from ranges.web.assets import (
    BUNDLE_CSS,
    BUNDLE_JS,
    CDN_ASSETS,
    GENERATED_PREFIX,
    ICON_PATH_JS,
    LEAFLET_JS,
)

__all__ = [
    "GENERATED",
    "build",
    "bundle_css",
    "bundle_js",
    "css_members",
    "js_members",
    "reader",
    "relative_urls",
]

#: ``url(...)`` in CSS: the reference, without quotes.
CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_SOURCE_MAP = re.compile(
    r"/\*[#@] sourceMappingURL=[^*]*\*/|^[ \t]*//[#@] sourceMappingURL=.*$", re.MULTILINE
)
_CHARSET = re.compile(r"""@charset\s+["'][^"']*["']\s*;""", re.I)

Read = Callable[[str], bytes]


def js_members() -> list[str]:
    """The scripts of the bundle, in load order (paths relative to ``static/vendor/``)."""
    out: list[str] = []
    for rel in dict.fromkeys(CDN_ASSETS.values()):
        if rel.endswith(".js"):
            out.append(rel)
            if rel == LEAFLET_JS:
                out.append(ICON_PATH_JS)
    return out


def css_members() -> list[str]:
    """The stylesheets of the bundle, in load order."""
    return [rel for rel in dict.fromkeys(CDN_ASSETS.values()) if rel.endswith(".css")]


def _banner(rel: str) -> str:
    return f"/* === {rel} === */\n"


def bundle_js(read: Read) -> bytes:
    """``rangemap/map.js``: every member of :func:`js_members` read with ``read(path)``."""
    # The lone ";" ends the directive prologue: a member starting with "use strict" stays
    # strict only inside its own functions, as when it was loaded alone, never the whole file.
    parts = ["/* rangemap: the map's scripts in one file (scripts/vendor_assets.py). */\n;\n"]
    for rel in js_members():
        text = _SOURCE_MAP.sub("", read(rel).decode("utf-8"))
        parts.append(_banner(rel) + text.rstrip() + "\n;\n")
    return "".join(parts).encode("utf-8")


def bundle_css(read: Read) -> bytes:
    """``rangemap/map.css``: every member of :func:`css_members`, ``url()``s rebased."""
    parts = [
        '@charset "UTF-8";\n',
        "/* rangemap: the map's stylesheets in one file (scripts/vendor_assets.py). */\n",
    ]
    base = posixpath.dirname(BUNDLE_CSS)
    for rel in css_members():
        text = _SOURCE_MAP.sub("", read(rel).decode("utf-8"))
        text = _CHARSET.sub("", text)
        text = _rebase_urls(text, posixpath.dirname(rel), base)
        parts.append(_banner(rel) + text.strip() + "\n")
    return "".join(parts).encode("utf-8")


def build(read: Read) -> dict[str, bytes]:
    """Both bundles by path relative to ``static/vendor/``."""
    return {BUNDLE_JS: bundle_js(read), BUNDLE_CSS: bundle_css(read)}


def relative_urls(css: str) -> list[str]:
    """The ``url()`` references of a stylesheet that name a file beside it (not data:, not
    absolute, not a fragment)."""
    return [ref for _, ref in CSS_URL.findall(css) if _is_relative(ref)]


def _is_relative(ref: str) -> bool:
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#|/)", ref.strip(), re.I)


def _rebase_urls(css: str, from_dir: str, to_dir: str) -> str:
    """Rewrite each relative ``url()`` written in ``from_dir`` so it works from ``to_dir``."""

    def one(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if not _is_relative(ref):
            return match.group(0)
        path, sep, rest = _split_suffix(ref)
        target = posixpath.normpath(posixpath.join(from_dir, path))
        return f'url("{posixpath.relpath(target, to_dir)}{sep}{rest}")'

    return CSS_URL.sub(one, css)


def _split_suffix(ref: str) -> tuple[str, str, str]:
    """``a.eot?#iefix`` -> ``("a.eot", "?", "#iefix")``."""
    m = re.match(r"^([^?#]*)([?#]?)(.*)$", ref)
    assert m is not None
    return m.group(1), m.group(2), m.group(3)


def _rotate_css() -> str:
    """folium's Icon(angle=N) adds the class fa-rotate-N; this sheet turns it into a rotation.

    Written here (folium keeps its own copy only in its repository, on no registry).
    """
    lines = ["/* Generated by scripts/vendor_assets.py: Icon(angle=N) -> .fa-rotate-N */"]
    lines += [f".fa-rotate-{n}{{transform:rotate({n}deg)}}" for n in range(1, 361)]
    return "\n".join(lines) + "\n"


def _icon_path_js() -> str:
    """Tell Leaflet where its default marker images are (see ICON_PATH_JS in ranges/web/assets.py).

    Resolved from the URL of the script it runs in (``rangemap/map.js``), so it works under any
    base URL; inlined in a standalone page (no script URL) it does nothing.
    """
    return (
        "/* Generated by scripts/vendor_assets.py: Leaflet's default marker images live in\n"
        "   ../leaflet/dist/images/ relative to this file. */\n"
        "(function () {\n"
        "  var me = document.currentScript;\n"
        "  if (window.L && L.Icon && L.Icon.Default && me && me.src) {\n"
        '    L.Icon.Default.imagePath = new URL("../leaflet/dist/images/", me.src).href;\n'
        "  }\n"
        "})();\n"
    )


#: Members made here rather than copied from npm (paths under ``rangemap/``).
GENERATED: dict[str, Callable[[], str]] = {
    GENERATED_PREFIX + "leaflet.awesome.rotate.css": _rotate_css,
    ICON_PATH_JS: _icon_path_js,
}


def reader(node_modules: Path) -> Read:
    """``read(path)`` for :func:`build`: a generated member, else the file in ``node_modules``."""

    def read(rel: str) -> bytes:
        make = GENERATED.get(rel)
        return make().encode("utf-8") if make else (node_modules / rel).read_bytes()

    return read
