"""Text helpers: untrusted text made safe where it is shown, and values quoted into messages.

Names, labels and sources come from uploaded catalogues and from URLs. Folium puts tooltip and
popup text into JavaScript template literals (backticks) that become HTML, so one escape serves
both: HTML's special characters become entities, and so do the characters that could end or
interpolate a template literal (a backtick, ``$`` and the backslash).

Braces too: branca renders each element's script and then compiles the result as a Jinja
template once more (``Element(script(self, kwargs))``), so text holding ``{{ ... }}`` would be
evaluated on the server (``{{7*7}}`` shows 49; worse expressions run code) and ``{% raw %}``
would make the page fail. As entities, ``{`` and ``}`` never form a Jinja delimiter.

Streamlit's Markdown is a third place, with two ways in: plain Markdown (messages, captions,
widget labels; :func:`markdown_text`) and HTML inside Markdown (``unsafe_allow_html``: the
legend; :func:`markdown_html_text`). Streamlit rewrites ``:material/`` anywhere in the source
before parsing it, even inside HTML, so both keep that sequence from ever appearing.
"""

from __future__ import annotations

import datetime
import math
import re

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_TEMPLATE_LITERAL = {"`": "&#96;", "$": "&#36;", "\\": "&#92;"}
_JINJA = {"{": "&#123;", "}": "&#125;"}
_HTML_TEXT = str.maketrans(_HTML | _TEMPLATE_LITERAL | _JINJA)


def html_text(text: object) -> str:
    """``text`` as inert HTML text, also safe inside a JavaScript template literal and in what
    folium renders (no Jinja delimiter).

    The same as ``html.escape(text, quote=True)`` with ``` ` ```, ``$``, ``\\``, ``{`` and ``}``
    as numeric entities too; ``html.unescape`` gives ``text`` back.
    """
    return str(text).translate(_HTML_TEXT)


# Markdown's inline syntax and Streamlit's extensions (":red[...]", ":material/icon:", "$math$"),
# as entities. Inside an HTML block Markdown is not parsed, so these are a second line of defence;
# the colon is the first one against Streamlit's ":material/" rewrite.
_MARKDOWN_IN_HTML = str.maketrans(
    _HTML | _TEMPLATE_LITERAL | _JINJA | {c: f"&#{ord(c)};" for c in ":[]()!*_~"}
)


def markdown_html_text(text: object) -> str:
    """``text`` as inert HTML inside Markdown that allows HTML (Streamlit's ``st.markdown`` with
    ``unsafe_allow_html=True``): on one line, because a blank line ends an HTML block and starts
    Markdown again, with HTML, template-literal and Markdown characters as entities.

    ``html.unescape`` gives ``text`` back with its whitespace collapsed to single spaces.
    """
    return " ".join(str(text).split()).translate(_MARKDOWN_IN_HTML)


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:&/"})

WORD_JOINER = "\u2060"
# Where GitHub-flavoured Markdown would make a link of plain text ("https://", "www.", an e-mail
# address, "mailto:", "xmpp:"). Escapes cannot stop it (it reads the text after they are
# resolved), an invisible word joiner at these places does.
_AUTOLINK = re.compile(
    r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=mailto)(?=:)|(?<=xmpp)(?=:)"
    r"|(?<=www)(?=\.)|(?<=[-.\w+])(?=@)"
)


def markdown_text(text: object) -> str:
    """``text`` shown literally by a Markdown renderer (Streamlit's messages, captions and widget
    labels): no links, images, emphasis or HTML can come out of it, entities (``&lt;``) stay as
    written, and Streamlit's ``:material/`` rewrite cannot match. Whitespace is collapsed to
    single spaces, and a word joiner (U+2060, invisible) keeps "https://", "www." and e-mail
    addresses from becoming links."""
    text = _AUTOLINK.sub(WORD_JOINER, " ".join(str(text).split()))
    return text.translate(_MARKDOWN_SPECIAL)


# --- Numbers and values in messages and parameter text ----------------------------------------
#
# Three rules, because the text goes to three different readers:
# - number_text: text a program reads back (a link, a scenario file). Fixed-point, never an
#   exponent, since ``parse_coordinates`` reads the ``e`` of ``1e-05`` as "east".
# - short_number: a number in a message; like number_text, but 6 significant digits from 1e6 up
#   so that a 150-digit latitude reads "1.11111e+149".
# - exact_number: a number of an uploaded file echoed back in full (``300.0000001``), because the
#   message says it broke a bound and rounding could hide by how much.


def finite_number(text: str) -> float | None:
    """The number ``text`` spells (``float()`` rules: ``" 1e5 "`` is 100000.0), or None if it
    is not one or is NaN or infinite."""
    try:
        value = float(text)
    except (ValueError, OverflowError, TypeError):
        return None
    return value if math.isfinite(value) else None


def number_text(value: float, decimals: int = 6) -> str:
    """``value`` as fixed-point text: at most ``decimals`` decimals, no trailing zeros, no
    exponent, ``-0`` as ``0`` (``91.0`` is ``"91"``, ``1e-05`` is ``"0.00001"``). NaN and the
    infinities are ``nan``, ``inf`` and ``-inf`` (which every reader of ours refuses)."""
    if not math.isfinite(value):
        return str(float(value))
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def people_text(people: float) -> str:
    """A count of people, short and true to two decimals of its unit, for an axis or a label:
    ``0``, ``950``, ``500 k``, ``3.5 M``, ``12.25 M``, ``1.2 bn``. (Rounded to whole millions, a
    3.5 M tick read "4 M", beside a 3 M one that read "3 M" as well.)"""
    value = float(people)
    for scale, unit, decimals in ((1e9, " bn", 2), (1e6, " M", 2), (1e3, " k", 1)):
        if round(abs(value) / scale, decimals) >= 1:
            return number_text(round(value / scale, decimals), decimals) + unit
    return f"{round(value):,}"


def short_number(value: float) -> str:
    """A number for a message: :func:`number_text` below a million, 6 significant digits from a
    million up or when not finite (``1.11111e+149``, ``nan``)."""
    if not math.isfinite(value) or abs(value) >= 1e6:
        return f"{value:.6g}"
    return number_text(value)


def exact_number(value: float) -> str:
    """A number as a reader writes it, in full: ``300`` rather than ``300.0``; ``0.1`` stays."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def quote(text: str, limit: int = 60, *, collapse: bool = False) -> str:
    """``text`` quoted for a one-line message: repr escapes, long text cut short with "…".

    The result is at most ``2 * limit`` characters: text of unprintable characters, each
    escaped in up to ten (``\\U000e0001``), is cut shorter. ``collapse`` first joins runs of
    whitespace into one space (a warning about a link's value; a parse error keeps the value as
    it was, so its ``\\n`` shows).
    """
    if collapse:
        text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    while len(repr(text)) > 2 * limit:
        text = text[:-2] + "…"
    return repr(text)


def value_text(value: object, limit: int = 60) -> str:
    """A short, one-line rendering of a value read from a file: text quoted (:func:`quote`),
    numbers in full (:func:`exact_number`), dates in ISO 8601, containers by type name."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return exact_number(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return quote(value, limit)
    return type(value).__name__


def describe(value: object) -> str:
    """A value with its Python type, for a type error: ``str '300'``, ``bool True``, ``list``,
    ``null``."""
    if value is None:
        return "null"
    name = type(value).__name__
    if isinstance(value, str | bool | int | float | datetime.date):
        return f"{name} {value_text(value)}"
    return name


_PLAIN_TYPE_NAMES = {
    dict: "mapping",
    list: "list",
    str: "text",
    bool: "true/false",
    type(None): "null",
}


def type_name(value: object) -> str:
    """The kind of a value in words a non-programmer reads (``mapping``, ``list``, ``text``,
    ``true/false``, ``null``, ``number``; anything else ``value``)."""
    name = _PLAIN_TYPE_NAMES.get(type(value))
    if name is not None:
        return name
    return "number" if isinstance(value, int | float) else "value"


def brief(value: object, limit: int = 60) -> str:
    """A value of a file as short plain text, to be quoted into a warning: scalars as ``str()``
    cut to ``limit`` characters, containers only named (``<list>``), since ``str()`` of a list
    built from YAML anchors could be enormous."""
    if isinstance(value, str | int | float | bool) or value is None:
        return str(value)[:limit]
    return f"<{type_name(value)}>"
