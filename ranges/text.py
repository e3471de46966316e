"""Untrusted text made safe for the places it is shown.

Names, labels and sources come from uploaded catalogues and from URLs. Folium puts tooltip and
popup text into JavaScript template literals (backticks) that become HTML, so one escape serves
both: HTML's special characters become entities, and so do the characters that could end or
interpolate a template literal (a backtick, ``$`` and the backslash).
"""

from __future__ import annotations

import html

_TEMPLATE_LITERAL = str.maketrans({"`": "&#96;", "$": "&#36;", "\\": "&#92;"})


def html_text(text: object) -> str:
    """``text`` as inert HTML text, also safe inside a JavaScript template literal."""
    return html.escape(str(text), quote=True).translate(_TEMPLATE_LITERAL)


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()<>#+-.!|~$:"})


def markdown_text(text: object) -> str:
    """``text`` shown literally by a Markdown renderer (Streamlit's messages): no links, images,
    emphasis or HTML can come out of it."""
    return " ".join(str(text).split()).translate(_MARKDOWN_SPECIAL)
