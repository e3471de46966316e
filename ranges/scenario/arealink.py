"""The compact link form of a launch area (``area=`` in a shared link).

A line or polygon drawn with the mouse easily has a few hundred vertices; written out as
``line:48.12345,37.12345;...`` that is about 20 characters a vertex, too long for a link to
carry comfortably (200 vertices: 4,000 characters, the most one parameter value may hold).
Links therefore carry long lines and polygons in a compact form:

    eline:ENCODED[.ENCODED...][|LABEL]        epoly:ENCODED[.ENCODED...][|LABEL]

one ``ENCODED`` per part of the area (the plain form separates parts with ``/``). Each is
Google's Encoded Polyline Algorithm Format at precision 5 (1e-5 degrees, about
1 m: the precision of the area's own text form), computed by the ``polyline`` package, with its
64 characters (``?`` to ``~``) mapped one to one onto the URL-safe base64 alphabet
(``A-Z a-z 0-9 - _``), so a link needs no percent-escapes and ``|`` stays the label separator.
A drawn line of 200 vertices takes about 1,200 characters instead of 4,000.

:func:`link_text` writes the compact form only when the plain one is longer than
:data:`COMPACT_ABOVE` characters (short areas stay readable); :func:`plain_text` turns either
form back into the text :func:`ranges.geometry.areas.parse_area` reads. Nothing here parses an area:
that is :mod:`ranges.geometry.areas`' job.
"""

from __future__ import annotations

import re
import string
from typing import TYPE_CHECKING

import polyline

from ranges.errors import RangemapError
from ranges.text import number_text

if TYPE_CHECKING:
    from ranges.geometry.areas import LaunchArea

__all__ = [
    "COMPACT_ABOVE",
    "COMPACT_PREFIXES",
    "AreaLinkError",
    "area_link",
    "link_text",
    "plain_text",
]

COMPACT_ABOVE = 120
"""Characters: a plain ``line:``/``poly:`` form longer than this is written compactly."""
PRECISION = 5
"""Decimal places of the encoding (1e-5 degrees, about 1 m)."""
COMPACT_PREFIXES = {"eline:": "line:", "epoly:": "poly:"}
"""Compact prefix -> the plain form's prefix."""

_POLYLINE_ALPHABET = "".join(chr(c) for c in range(63, 127))
_URL_ALPHABET = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"
_TO_URL = str.maketrans(_POLYLINE_ALPHABET, _URL_ALPHABET)
_FROM_URL = str.maketrans(_URL_ALPHABET, _POLYLINE_ALPHABET)
_ENCODED = re.compile(r"[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*)*")
_PAIRS = r"-?[0-9.]+,-?[0-9.]+(?:;-?[0-9.]+,-?[0-9.]+)*"
_PLAIN = re.compile(rf"(line|poly):({_PAIRS}(?:/{_PAIRS})*)")


class AreaLinkError(RangemapError):
    """A compact area form that cannot be decoded."""


def link_text(form: str, label: str | None = None) -> str:
    """The link's text of an area: its ``form`` (``ranges.geometry.areas.LaunchArea.form``),
    compact if
    that is a long ``line:``/``poly:`` form, then ``|label`` unless the label is the form."""
    text = form
    match = _PLAIN.fullmatch(form)
    if match and len(form) > COMPACT_ABOVE:
        parts = [
            [tuple(float(v) for v in pair.split(",")) for pair in part.split(";")]
            for part in match.group(2).split("/")
        ]
        encoded = ".".join(polyline.encode(p, PRECISION).translate(_TO_URL) for p in parts)
        text = f"e{match.group(1)}:{encoded}"
    if label is not None and label != form:
        text += "|" + label
    return text


def plain_text(text: str) -> str:
    """``text`` with a compact form (``eline:``/``epoly:``) written out as the plain form that
    :func:`ranges.geometry.areas.parse_area` reads; any other text as it is.

    Raises :class:`AreaLinkError` if the compact form cannot be decoded.
    """
    prefix = next((p for p in COMPACT_PREFIXES if text.startswith(p)), None)
    if prefix is None:
        return text
    encoded, sep, label = text[len(prefix) :].partition("|")
    encoded = encoded.strip()
    if not _ENCODED.fullmatch(encoded):
        raise AreaLinkError(f"{prefix} must be followed by letters, digits, '-' or '_'")
    parts = []
    for piece in encoded.split("."):
        try:
            pairs = polyline.decode(piece.translate(_FROM_URL), PRECISION)
        except (IndexError, ValueError, TypeError, OverflowError):
            pairs = None
        if not pairs:
            raise AreaLinkError(f"{prefix} holds a part without points (the link was cut short?)")
        parts.append(
            ";".join(
                f"{number_text(lat, PRECISION)},{number_text(lon, PRECISION)}" for lat, lon in pairs
            )
        )
    return COMPACT_PREFIXES[prefix] + "/".join(parts) + (sep + label if sep else "")


def area_link(area: LaunchArea) -> str:
    """An area's text in a link: compact when long (:func:`ranges.scenario.arealink.link_text`), its
    label left out when it is the form's own (a country's name)."""
    return link_text(area.form, None if area.label == area.default_label else area.label)
