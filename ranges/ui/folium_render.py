"""Folium's rendering without compiling its own output: a third of a slider release's CPU.

branca's ``MacroElement.render`` renders each element's template into text, then wraps that text
in ``Element(text)``, whose constructor compiles the text as a Jinja template (``Template(text)``)
to render it once more, unchanged. For the live map that is every ring's GeoJSON and the 250
city markers: 50-100 kB of script parsed and compiled by Jinja on every run (about 30 % of a
default-scenario release's server CPU, cProfile, issue 20).

:func:`install` makes branca build such elements with :class:`Verbatim` instead when the text
holds no Jinja syntax (nothing to expand: rendering it gives the text back, which is what
:class:`Verbatim` returns, with Jinja's newline rules). A text with ``{{``, ``{%`` or ``{#`` is
compiled as before, so the output is the same, byte for byte (``tests/test_folium_render.py``).

It also makes branca's element names (``Element.get_name``: the JavaScript variable of each
element, asked for a dozen times per element while a map is written) come from a table of the
few class names seen, not from branca's character-by-character conversion each time: about 300
names a run, 3 ms of a slider release (cProfile, issue 20).
"""

from __future__ import annotations

import types
from functools import lru_cache
from typing import Any

import branca.element
import jinja2

__all__ = ["BRANCA_GET_NAME", "Verbatim", "element_name", "install", "template_of"]

JINJA_MARKS = ("{{", "{%", "{#")
"""What makes a text a template that renders to something else (Jinja's default delimiters,
which branca's templates use)."""


class Verbatim:
    """A template without Jinja syntax: renders to its text as ``jinja2.Template`` would
    (line breaks as ``\\n``, one trailing newline dropped: Jinja's defaults)."""

    __slots__ = ("_text",)

    module = types.SimpleNamespace()  # no macros (``MacroElement.render`` looks them up)

    def __init__(self, source: str) -> None:
        text = source.replace("\r\n", "\n").replace("\r", "\n")
        self._text = text[:-1] if text.endswith("\n") else text

    def render(self, *args: Any, **kwargs: Any) -> str:
        """The text (the template's context is not used: there is nothing to fill in)."""
        return self._text


def template_of(source: str) -> Verbatim | jinja2.Template:
    """A :class:`Verbatim` for text without Jinja syntax, else the compiled template."""
    if any(mark in source for mark in JINJA_MARKS):
        return jinja2.Template(source)
    return Verbatim(source)


BRANCA_GET_NAME = branca.element.Element.get_name
"""branca's own ``get_name`` (what :func:`install` replaces), as found at import."""
CAMEL_CASE = getattr(branca.element, "_camelify")  # noqa: B009 (branca's own, kept as is)
"""branca's conversion of a class name ("FeatureGroup") to a variable's ("feature_group")."""


@lru_cache(maxsize=1024)
def snake_name(name: str) -> str:
    """branca's variable name for an element named ``name`` (its conversion, remembered)."""
    return CAMEL_CASE(name)


def element_name(element: branca.element.Element) -> str:
    """``element.get_name()`` as branca makes it: the converted class name and the element's
    unique id."""
    return snake_name(element._name) + "_" + element._id


def install() -> None:
    """Make branca's ``Element(template=...)`` use :func:`template_of`, and its elements'
    names :func:`element_name` (idempotent). The templates branca and folium declare on their
    classes were compiled at import and stay."""
    branca.element.Template = template_of
    branca.element.Element.get_name = element_name
