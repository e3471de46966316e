"""A folium page with its scripts and styles inside: one file that draws with no network.

:func:`inline_assets` replaces every CDN link of a map (folium's ``default_js`` /
``default_css``) with the committed bundles (``static/vendor/rangemap/map.js`` and
``map.css``, see :mod:`ranges.web.assets`) written into the page itself, ``<script>`` and
``<style>`` elements at the top of its ``<head>``, in the bundles' load order. The images and
fonts the stylesheets name become ``data:`` URIs. Only the fonts markers can use are
embedded, and of each only the WOFF2 file (every browser that runs Leaflet 1.9 reads WOFF2,
and the ``src`` lists name it before the others); the rest become an empty ``data:,``, which
keeps the file about 1 MB smaller (about 1.7 MB in all, 0.8 MB of it the library code).
Tiles still come from the tile server: offline, the rings, markers, legend and controls draw
on a blank background.

Text written into the page: the bundles' own code, with ``</script`` / ``</style`` and
``<!--`` broken up so that no library string can end the element early.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import posixpath
import re
from pathlib import Path
from typing import Any

from branca.element import Element

from ranges.web.assets import (
    BUNDLE_CSS,
    BUNDLE_JS,
    CDN_ASSETS,
    VENDOR_DIR,
    UnknownAssetError,
    asset_urls,
    walk_elements,
)

__all__ = ["RawElement", "inline_assets", "inline_css", "inline_js", "marker_js"]

_CSS_URL = re.compile(r"""url\(\s*(["']?)([^"')]+)\1\s*\)""")
_EMBED = {".woff2", ".png", ".svg", ".gif", ".jpg", ".jpeg", ".cur"}
#: The fonts a rangemap map can use: Font Awesome's solid and regular faces (folium's
#: ``Icon(prefix="fa")``) and Bootstrap 3's glyphicons (folium's default ``Icon``) as WOFF2.
#: Brand logos and the v4 compatibility face, and every other format, become ``data:,``.
_FONTS = {
    "@fortawesome/fontawesome-free/webfonts/fa-solid-900.woff2",
    "@fortawesome/fontawesome-free/webfonts/fa-regular-400.woff2",
    "@neos21/bootstrap3-glyphicons/dist/fonts/glyphicons-halflings-regular.woff2",
}
_FONT_DIRS = ("/webfonts/", "/fonts/")
#: Leaflet's default marker (the launch points): its images as data URIs, since Leaflet's
#: own guess of their folder from the stylesheet fails when the sheet is inline.
_MARKER_IMAGES = {
    "iconUrl": "leaflet/dist/images/marker-icon.png",
    "iconRetinaUrl": "leaflet/dist/images/marker-icon-2x.png",
    "shadowUrl": "leaflet/dist/images/marker-shadow.png",
}
_MIME = {".woff2": "font/woff2", ".svg": "image/svg+xml", ".png": "image/png"}


@functools.cache  # the committed files do not change while the app runs
def inline_js(vendor_dir: Path = VENDOR_DIR) -> str:
    """The script bundle, safe inside ``<script>...</script>``."""
    text = (vendor_dir / BUNDLE_JS).read_text(encoding="utf-8")
    text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
    return text.replace("<!--", "<\\!--")


@functools.cache  # the committed files do not change while the app runs
def inline_css(vendor_dir: Path = VENDOR_DIR) -> str:
    """The style bundle with its images and WOFF2 fonts as ``data:`` URIs, safe inside
    ``<style>...</style>``."""
    sheet = vendor_dir / BUNDLE_CSS
    base = posixpath.dirname(BUNDLE_CSS)
    cache: dict[str, str] = {}

    def one(match: re.Match[str]) -> str:
        ref = match.group(2).strip()
        if re.match(r"^(?:[a-z][a-z0-9+.-]*:|//|#|/)", ref, re.I):
            return match.group(0)
        path = re.split(r"[?#]", ref, maxsplit=1)[0]
        rel = posixpath.normpath(posixpath.join(base, path))
        if rel not in cache:
            cache[rel] = _data_uri(vendor_dir, rel)
        return f'url("{cache[rel]}")'

    text = _CSS_URL.sub(one, sheet.read_text(encoding="utf-8"))
    return re.sub(r"</(style)", r"<\\/\1", text, flags=re.IGNORECASE)


@functools.cache  # the committed files do not change while the app runs
def marker_js(vendor_dir: Path = VENDOR_DIR) -> str:
    """Point Leaflet's default marker at its images, embedded."""
    options = ", ".join(
        f'{key}: "{_data_uri(vendor_dir, rel)}"' for key, rel in _MARKER_IMAGES.items()
    )
    return f'L.Icon.Default.imagePath = "";\nL.Icon.Default.mergeOptions({{{options}}});\n'


def _data_uri(vendor_dir: Path, rel: str) -> str:
    suffix = posixpath.splitext(rel)[1].lower()
    is_font = any(d in "/" + rel for d in _FONT_DIRS)
    if suffix not in _EMBED or (is_font and rel not in _FONTS):
        return "data:,"
    mime = _MIME.get(suffix) or mimetypes.guess_type(rel)[0] or "application/octet-stream"
    data = (vendor_dir / rel).read_bytes()
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


class RawElement(Element):
    """A header child rendered as the given text, as is (a plain branca ``Element`` compiles
    its text as a Jinja template: slow for 800 kB, and wrong for library code holding ``{{``)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


def inline_assets(m: Any, vendor_dir: Path = VENDOR_DIR) -> None:
    """Make folium map ``m`` render as a self-contained page (call before rendering).

    Every element's ``default_js`` / ``default_css`` is emptied (instance attributes; the
    classes stay untouched) and the bundles go into the root figure's header instead.
    `UnknownAssetError` if an element wants a script or style the bundles lack.
    """
    unknown = [u for u in asset_urls(m) if u not in CDN_ASSETS]
    if unknown:
        raise UnknownAssetError(
            f"no local copy of {unknown[0]}: add it to CDN_ASSETS in ranges/web/assets.py and "
            "run scripts/vendor_assets.py"
        )
    for element in walk_elements(m, include_root_figure=True):  # as localize_assets walks
        for attr in ("default_js", "default_css"):
            if getattr(element, attr, None):
                setattr(element, attr, [])
    header = m.get_root().header
    header.add_child(RawElement(f"<style>\n{inline_css(vendor_dir)}\n</style>"), name="rm_css")
    script = inline_js(vendor_dir) + "\n" + marker_js(vendor_dir)
    header.add_child(RawElement(f"<script>\n{script}</script>"), name="rm_js")
