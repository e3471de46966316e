"""What every picture shares: the figure, its fonts, colours and style, checked titles, and saving.

matplotlib is imported here and only here (and in the modules that draw), on first use: the
command line's other commands never pay for it. Figures are made with
:class:`matplotlib.figure.Figure` and the Agg canvas, never ``pyplot`` (no global figure state,
nothing for a server's threads to share); the style is applied with ``rc_context`` under a lock,
since matplotlib's settings are process-wide.

Untrusted text (names, labels, titles, sources) is drawn as text and nothing else: math parsing
(``$...$``) is off, TeX is never used, and SVG keeps text as ``<text>`` elements
(``svg.fonttype: none``), which matplotlib writes with XML escaping.
"""

from __future__ import annotations

import io
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ranges.errors import PictureError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BORDER",
    "DEFAULT_HEIGHT_PX",
    "DEFAULT_WIDTH_PX",
    "DPI",
    "FORMATS",
    "GRATICULE",
    "INK",
    "LAND",
    "MAX_TITLE_CHARS",
    "MUTED",
    "WATER",
    "check_title",
    "render",
]

# The pictures' own colours (a system's colour is the live map's, as the app shows it).
WATER = "#dbe6ee"
LAND = "#f5f4ef"
BORDER = "#a3a3a3"
GRATICULE = "#b9c6cf"
INK = "#1a1a1a"
MUTED = "#555555"

FORMATS = ("png", "svg", "pdf")
DEFAULT_WIDTH_PX = 1500
DEFAULT_HEIGHT_PX = 1000
DPI = 200  # 7.5 x 5 inches: a column of a page in print, sharp on a phone's screen
MAX_TITLE_CHARS = 160
MAX_SIZE_PX = 6000
# The fonts, first to last for each character: DejaVu Sans comes with matplotlib (Latin, Greek,
# Cyrillic); Noto Sans from Debian's fonts-noto-core (the Makefile installs it) covers more
# scripts. Nothing is fetched.
FONT_FAMILY = ["DejaVu Sans", "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew"]
STYLE = {
    "text.parse_math": False,  # a "$" in a name is a dollar sign, not TeX
    "text.usetex": False,
    "svg.fonttype": "none",  # text stays text (searchable, selectable, escaped)
    "svg.hashsalt": "rangemap",  # the same picture gives the same file
    "pdf.fonttype": 3,  # vector glyphs, still text (searchable); 42 costs ~0.4 s more a PDF
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 8.0,
    "axes.linewidth": 0.6,
}
_LOCK = threading.Lock()
_LOGGING_QUIETED = False


def check_title(title: str | None) -> str | None:
    """``title`` stripped, or None if empty; :class:`PictureError` if it is longer than
    :data:`MAX_TITLE_CHARS` or holds control or bidi-override characters (a title is one line
    of plain text)."""
    if title is None:
        return None
    title = title.strip()
    if not title:
        return None
    if len(title) > MAX_TITLE_CHARS:
        raise PictureError(
            f"title: at most {MAX_TITLE_CHARS} characters (got {len(title):,}); "
            "a picture's title is one line"
        )
    for char in title:
        if unicodedata.category(char) in ("Cc", "Cf") and char not in "\u200c\u200d":
            raise PictureError(
                f"title: control or formatting character U+{ord(char):04X} is not allowed"
            )
    return title


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise PictureError(f"unknown picture format {fmt!r} (choose one of {', '.join(FORMATS)})")
    return fmt


def check_size(width_px: int, height_px: int) -> None:
    for name, value in (("width", width_px), ("height", height_px)):
        if not 300 <= value <= MAX_SIZE_PX:
            raise PictureError(f"picture {name}: 300 to {MAX_SIZE_PX} pixels (got {value})")


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib

    global _LOGGING_QUIETED
    if not _LOGGING_QUIETED:
        import logging

        # "Font family 'Noto Sans' not found" when fonts-noto-core is missing: DejaVu serves.
        logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        _LOGGING_QUIETED = True
    with _LOCK, matplotlib.rc_context(STYLE):
        yield


def render(
    draw: Callable[[Figure], None],
    fmt: str,
    *,
    width_px: int = DEFAULT_WIDTH_PX,
    height_px: int = DEFAULT_HEIGHT_PX,
) -> bytes:
    """The file (``fmt``: png, svg or pdf) of a new figure of ``width_px`` x ``height_px``
    pixels at :data:`DPI`, after ``draw(figure)``."""
    check_format(fmt)
    check_size(width_px, height_px)
    with _style():
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(width_px / DPI, height_px / DPI), dpi=DPI)
        FigureCanvasAgg(figure)
        draw(figure)
        buffer = io.BytesIO()
        metadata: dict[str, str | None] = {"Creator": "rangemap"}
        if fmt == "svg":
            metadata["Date"] = None
        elif fmt == "pdf":
            metadata["CreationDate"] = None
        else:
            metadata = {"Software": "rangemap (matplotlib)"}
        options = {"pil_kwargs": {"compress_level": 4}} if fmt == "png" else {}
        figure.savefig(buffer, format=fmt, dpi=DPI, metadata=metadata, facecolor="white", **options)
    return buffer.getvalue()
