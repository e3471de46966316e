"""ranges.ui.folium_render: the live map's HTML is the same with and without it."""

from __future__ import annotations

import branca.element
import folium
import folium.plugins
import jinja2
import pytest

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.rings import build_rings
from ranges.places.points import LaunchPoint
from ranges.scenario.model import View
from ranges.ui import folium_render
from ranges.web.basemap import base_map
from ranges.web.layers import points_layer, ring_layers


@pytest.mark.parametrize(
    "text",
    ["", "a", "a\n", "a\n\n", "a\r\nb\r\n", "a\rb", " x \n ", "{ not jinja }", "{{ 1 + 1 }}"],
)
def test_a_text_renders_as_jinja_renders_it(text: str) -> None:
    assert folium_render.template_of(text).render(this=None, kwargs={}) == jinja2.Template(
        text
    ).render(this=None, kwargs={})


def test_text_with_jinja_syntax_is_still_compiled() -> None:
    for text in ("{{ x }}", "{% if 1 %}a{% endif %}", "{# c #}b"):
        assert isinstance(folium_render.template_of(text), jinja2.Template)


def map_html() -> str:
    systems = list(load_catalogue().systems)
    points = (LaunchPoint(50.4501, 30.5234, "Kyiv {{ 7 * 7 }}"),)
    m = base_map(View(50.45, 30.52, 5), "osm", units="km")
    for group in [*ring_layers(build_rings(points, systems), systems, "km", 0.25)]:
        group.add_to(m)
    points_layer(points).add_to(m)
    return m.get_root().render()


def test_the_map_renders_the_same(monkeypatch) -> None:
    monkeypatch.setattr(branca.element.Element, "_generate_id", classmethod(lambda cls: "x"))
    monkeypatch.setattr(branca.element, "Template", jinja2.Template)
    monkeypatch.setattr(branca.element.Element, "get_name", folium_render.BRANCA_GET_NAME)
    before = map_html()
    folium_render.install()
    assert branca.element.Template is folium_render.template_of
    assert branca.element.Element.get_name is folium_render.element_name
    assert map_html() == before


def test_element_names_are_brancas() -> None:
    for element in (folium.FeatureGroup(), folium.plugins.FastMarkerCluster([]), folium.Map()):
        assert folium_render.element_name(element) == folium_render.BRANCA_GET_NAME(element)
