"""Untrusted text made safe for the places it is shown.

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
