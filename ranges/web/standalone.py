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
over the country borders of :func:`borders_layer` (the app's own offline borders, embedded:
the countries near the rings, simplified), not on a blank background.

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

import folium
import shapely
import shapely.affinity
import shapely.geometry
from branca.element import Element

from ranges.places.borders import load_borders
from ranges.places.editions import DEFAULT_EDITION
from ranges.web.assets import (
    BUNDLE_CSS,
    BUNDLE_JS,
    CDN_ASSETS,
    VENDOR_DIR,
    UnknownAssetError,
    asset_urls,
    walk_elements,
)
from ranges.web.basemap import BORDERS_STYLE
from ranges.web.elements import InlineGeoJson

__all__ = [
    "BORDERS_MARGIN_DEG",
    "BORDERS_TOLERANCE_DEG",
    "RawElement",
    "borders_layer",
    "inline_assets",
    "inline_css",
    "inline_js",
    "marker_js",
]

BORDERS_MARGIN_DEG = 15.0
"""Countries within this many degrees of the rings' box are embedded (the rest of the world is
left out: the file stays small; a reader who pans far sees tiles only, when online)."""
BORDERS_TOLERANCE_DEG = 0.02
"""The embedded borders are simplified to about 2 km and rounded to 0.001 degrees: enough for
the zooms a range map is read at, and a tenth of the bundled file's size."""

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


def borders_layer(
    bounds: list[list[float]] | None, edition: str = DEFAULT_EDITION
) -> folium.FeatureGroup:
    """The app's offline country borders (of ``edition``) near ``bounds`` (``[[south, west],
    [north, east]]``; None: the whole world), as an embedded, non-interactive GeoJSON layer
    drawn as the live map draws them (:data:`ranges.web.basemap.BORDERS_STYLE`). An exported
    page opened offline shows where the rings are, not a disc on grey."""
    if bounds is None or bounds[1][1] - bounds[0][1] >= 360.0 - 2 * BORDERS_MARGIN_DEG:
        area = shapely.box(-180.0, -90.0, 180.0, 90.0)
    else:
        (south, west), (north, east) = bounds
        m = BORDERS_MARGIN_DEG
        boxes = [shapely.box(west - m, south - m, east + m, north + m)]
        boxes += [shapely.affinity.translate(boxes[0], d) for d in (-360.0, 360.0)]
        area = shapely.union_all(boxes)
    features = []
    for feature in load_borders(edition=edition)["features"]:
        shape = shapely.geometry.shape(feature["geometry"])
        if not shape.intersects(area):
            continue
        small = shape.simplify(BORDERS_TOLERANCE_DEG, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {},
                "geometry": _rounded(shapely.geometry.mapping(small)),
            }
        )
    group = folium.FeatureGroup(name="Country borders (offline)", show=True)
    data = {"type": "FeatureCollection", "features": features}
    InlineGeoJson(data, BORDERS_STYLE).add_to(group)
    return group


def _rounded(geometry: Any) -> Any:
    """A GeoJSON geometry (as ``shapely.geometry.mapping`` gives it) with its coordinates
    rounded to 0.001 degrees, as lists."""

    def walk(value: Any) -> Any:
        if isinstance(value, (int, float)):
            return round(float(value), 3)
        return [walk(v) for v in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}
