"""Hostile text, without a browser: every place a name, label or source is written escapes it.

Names, aliases, notes and sources come from uploaded catalogues; labels from URLs and the
sidebar. :data:`PAYLOADS` aims at each context they reach (HTML text and attributes, folium's
tooltips and popups inside JavaScript template literals, Streamlit's Markdown, KML, the
standalone HTML map); ``tests/browser/test_hostile_text.py`` shows the same payloads in the real
browser. Validation may refuse some of them (a label with control characters, an id, a URL or a
colour); where a payload is accepted, it must come out as text.

A page built with payloads is compared with the same page built with harmless text: the same
HTML elements, event-handler attributes, backticks, ``${`` and ``</script`` (so nothing was
injected into HTML or broke out of a template literal), and the payload only in escaped form.
"""

from __future__ import annotations

import html
import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser

import folium
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.utils import htmlsafe_json_dumps

from ranges.catalogue.systems import CatalogueError, System, load_catalogue, parse_catalogue
from ranges.export import to_geojson, to_html, to_kml
from ranges.geometry.rings import build_rings
from ranges.places.points import MAX_LABEL_CHARS, LaunchPoint, PointError
from ranges.reach.reverse import launch_regions
from ranges.scenario.link import parse_query
from ranges.text import WORD_JOINER, html_text, markdown_html_text, markdown_text
from ranges.web.cities import cities_layer
from ranges.web.layers import points_layer, ring_layers, target_layer
from ranges.web.legend import legend_html

# Each aims at one context; `window.__pwned` is what the browser test looks for.
PAYLOADS: dict[str, str] = {
    "script": "<script>window.__pwned=1</script>",
    "img-onerror": '<img src=x onerror="window.__pwned=1">',
    "svg-onload": "<svg onload=window.__pwned=1>",
    "attr-double": '"><img src=x onerror=window.__pwned=1>',
    "attr-single": "'><b>x</b>",
    "backtick": "`;window.__pwned=1;`",
    "template": "${window.__pwned=1}",
    "end-script": "</script><script>window.__pwned=1</script>",
    "js-url": "javascript:window.__pwned=1",
    "md-link": "[x](javascript:window.__pwned=1)",
    "md-image": "![x](x)",
    "md-autolink": "<https://evil.example> https://evil.example www.evil.example",
    "streamlit": ":red[x] :material/warning: :smile: $x^2$",
    "entities": "&lt;img src=x onerror=window.__pwned=1&gt; &#60;b&#62;",
    "jinja": "{{7*7}} {% raw %}",
    "backslash-quotes": "\\ \\\\ \\' \\\" ' \" \\`",
    "iframe": '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "comment-cdata": "<!-- ]]> --> <![CDATA[x]]>",
    "alert": "<img src=x onerror=alert(1)>",
    "rtl": "\u202eevil",
    "newlines": "a\n\n![x](x)\n\n<b>x</b>",
    "long": ("<b>" + "A" * 20) * 60,
}
"""Hostile text by the context it aims at."""

# Characters that matter in HTML, JavaScript template literals or XML: a payload holding one
# must never appear in a page as written.
ACTIVE = set("<>&\"'`$\\{}")
# What a launch point's label refuses (control characters, bidirectional overrides).
REJECTED_AS_LABEL = {"rtl", "newlines"}
# What a catalogue's text fields refuse (hidden characters; a name is one line): the same.
REJECTED_IN_CATALOGUE = {"rtl", "newlines"}
CATALOGUE_PAYLOADS = {k: v for k, v in PAYLOADS.items() if k not in REJECTED_IN_CATALOGUE}
"""The payloads a catalogue accepts in every text field."""


def accepted_label(payload: str) -> str:
    """The label a point keeps for ``payload``: whitespace collapsed, cut to 80 characters."""
    text = " ".join(payload.split())
    return text if len(text) <= MAX_LABEL_CHARS else text[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def hostile_catalogue_yaml(payloads: dict[str, str] | None = None) -> str:
    """A catalogue (YAML) with one system per payload in every free-text field.

    Ranges shrink down the list so that rings drawn from one point are nested, each visible as a
    band around the next.
    """
    systems = []
    for index, (key, text) in enumerate((payloads or CATALOGUE_PAYLOADS).items()):
        systems.append(
            {
                "id": f"hostile-{index}",
                "name": f"N{index} {text}",
                "kind": "other",
                "max_range_km": 2_000 - 80 * index,
                "sources": [
                    {
                        "title": f"T{index} {text}",
                        "quote": f"Q{index} {text}",
                        "url": "https://example.org/?q=%3Cscript%3E",
                        "date": text,
                    }
                ],
                "aliases": [text, f"A{index} {key}"],
                "origin": text,
                "operators": [text],
                "notes": f"{text}\n{key}",
            }
        )
    return yaml.safe_dump({"systems": systems}, allow_unicode=True, sort_keys=False)


# --- the escaping functions -------------------------------------------------------------------

TEXT = (
    st.text(st.characters(), max_size=60)
    | st.sampled_from(list(PAYLOADS.values()))
    | st.lists(
        st.sampled_from(["http", "s", ":", "//", "www", ".", "@", "a", "mailto", "xmpp"])
    ).map("".join)
)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_html_text_is_inert_and_reversible(text: str) -> None:
    out = html_text(text)
    assert not set(out) & set("<>`\"'$\\{}")  # nor a Jinja delimiter: branca compiles scripts
    assert "${" not in out
    assert html.unescape(out) == text
    # Every '&' starts an entity the function wrote: nothing of the input is read as one.
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt|quot|#x27|#96|#36|#92|#123|#125);)*", out, re.S)


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_markdown_html_text_is_one_inert_line(text: str) -> None:
    out = markdown_html_text(text)
    assert not set(out) & set("<>`\"'$\\{}:[]()!*_~")
    assert not any(c.isspace() and c != " " for c in out)  # a blank line would end HTML
    assert html.unescape(out) == " ".join(text.split())


MARKDOWN_SPECIAL = set("\\`*_{}[]()<>#+-.!|~$:&/")


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_markdown_text_escapes_every_special_character(text: str) -> None:
    out = markdown_text(text)
    shown, i = [], 0
    while i < len(out):  # read it as CommonMark does: a backslash escapes punctuation
        if out[i] == "\\":
            assert i + 1 < len(out) and out[i + 1] in MARKDOWN_SPECIAL, out
            shown.append(out[i + 1])
            i += 2
        else:
            assert out[i] not in MARKDOWN_SPECIAL, out
            assert not out[i].isspace() or out[i] == " "
            shown.append(out[i])
            i += 1
    # What the reader sees: the text, with invisible word joiners where GFM would make a link.
    seen = "".join(shown)
    assert seen.replace(WORD_JOINER, "") == " ".join(text.split()).replace(WORD_JOINER, "")
    assert not re.search(r"(?i)https?://|www\.|mailto:|xmpp:|[-.\w+]@", seen)
    assert ":material/" not in out  # Streamlit rewrites that anywhere, escaped or not


# --- what validation keeps out, and what it lets through ---------------------------------------


@pytest.mark.parametrize("key", list(PAYLOADS))
def test_a_label_is_kept_as_text_or_refused_with_a_message(key: str) -> None:
    payload = PAYLOADS[key]
    if key in REJECTED_AS_LABEL:
        with pytest.raises(PointError, match="control characters"):
            LaunchPoint(50.0, 30.0, payload)
        return
    assert LaunchPoint(50.0, 30.0, payload).label == accepted_label(payload)


def test_url_labels_are_kept_or_dropped_with_a_warning() -> None:
    catalogue = load_catalogue()
    values = [f"50,30,{p}" for p in PAYLOADS.values()]
    scenario, warnings = parse_query({"systems": ["atacms"], "from": values}, catalogue)
    kept = [p.label for p in scenario.points]
    expected = [accepted_label(p) for k, p in PAYLOADS.items() if k not in REJECTED_AS_LABEL]
    assert kept == expected
    dropped = [w for w in warnings if w.startswith("from:")]
    assert len(dropped) == len(REJECTED_AS_LABEL)
    assert all("control characters" in w for w in dropped)


@pytest.mark.parametrize("key", sorted(REJECTED_IN_CATALOGUE))
def test_catalogue_text_refuses_hidden_characters_as_labels_do(key) -> None:
    with pytest.raises(CatalogueError, match=r"name: must not contain control"):
        parse_catalogue(hostile_catalogue_yaml({key: PAYLOADS[key]}), "hostile.yaml")


def test_catalogue_text_fields_keep_any_payload_verbatim() -> None:
    catalogue = parse_catalogue(hostile_catalogue_yaml(), "hostile.yaml")
    for system, (key, text) in zip(catalogue.systems, CATALOGUE_PAYLOADS.items(), strict=True):
        assert system.name.endswith(text) and system.notes == f"{text}\n{key}"
        assert system.sources[0].title.endswith(text) and system.sources[0].date == text
        assert system.aliases[0] == system.origin == system.operators[0] == text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id", "<script>", "id: must be 1 to 40 lowercase letters"),
        ("id", "a`b", "id: must be 1 to 40 lowercase letters"),
        ("id", 'x" onload="1', "id: must be 1 to 40 lowercase letters"),
        ("color", "red;background:url(x)", "color: must be #rrggbb or #rgb"),
        ("color", '#fff" onmouseover="x', "color: must be #rrggbb or #rgb"),
        ("url", "javascript:window.__pwned=1", "sources[0].url: must be an http(s) URL"),
        ("url", "https://x.example/<script>\n", "sources[0].url: must be an http(s) URL"),
        ("name", "   \n\t ", "name: must not be empty"),
    ],
)
def test_catalogue_fields_with_a_pattern_refuse_payloads(field: str, value: str, message: str):
    entry = {"id": "ok", "name": "OK", "kind": "other", "max_range_km": 100.0}
    entry["sources"] = [{"title": "t", "url": value} if field == "url" else {"title": "t"}]
    if field != "url":
        entry[field] = value
    with pytest.raises(CatalogueError, match=re.escape(message)) as error:
        parse_catalogue(yaml.safe_dump({"systems": [entry]}), "bad.yaml")
    assert "\n" not in str(error.value) and str(error.value).startswith("bad.yaml: systems[0]")


# --- the map's layers, rendered ------------------------------------------------------------------


class _Structure(HTMLParser):
    """The elements and event-handler attributes of a page, as a browser's tokenizer sees them
    (script content is text up to ``</script``)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: Counter[str] = Counter()
        self.handlers: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs) -> None:
        self.tags[tag] += 1
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.handlers[name] += 1


def structure(page: str) -> dict[str, object]:
    """What a payload must not change: elements, handlers, template-literal delimiters."""
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return {
        "tags": parser.tags,
        "handlers": parser.handlers,
        "backticks": page.count("`"),
        "${": page.count("${"),
        "</script": page.lower().count("</script"),
        "<!--": page.count("<!--"),
        "CDATA": page.count("<![CDATA["),
    }


def escaped_forms(text: str) -> set[str]:
    """How ``html_text(text)`` may appear in a page: as is, or inside a JSON string (folium
    embeds GeoJSON with ``json.dumps`` and other data with Jinja's ``tojson``)."""
    escaped = html_text(text)
    return {
        escaped,
        json.dumps(escaped)[1:-1],
        json.dumps(escaped, ensure_ascii=False)[1:-1],
        str(htmlsafe_json_dumps(escaped))[1:-1],
    }


def assert_only_escaped(page: str, texts: list[str]) -> None:
    for text in texts:
        assert any(form in page for form in escaped_forms(text)), f"not shown: {text!r}"
        if ACTIVE & set(text):
            assert text not in page, f"raw: {text!r}"


def render(*elements) -> str:
    m = folium.Map(location=[50.0, 30.0], zoom_start=4, tiles=None)
    for element in elements:
        element.add_to(m)
    folium.LayerControl().add_to(m)
    return m.get_root().render()


def hostile_systems(payloads: dict[str, str] | None = None) -> list[System]:
    return list(parse_catalogue(hostile_catalogue_yaml(payloads), "hostile.yaml").systems)


CALM = {f"calm{i}": f"calm text {i}" for i in range(len(CATALOGUE_PAYLOADS))}
LABELS = [p for k, p in PAYLOADS.items() if k not in REJECTED_AS_LABEL]


def points(labels: list[str]) -> list[LaunchPoint]:
    return [LaunchPoint(45.0 + i % 10, 20.0 + i, label) for i, label in enumerate(labels)]


def cities(labels: list[str], names: list[str], n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city": [names[i % len(names)] for i in range(n)],
            "country": [names[(i + 1) % len(names)] for i in range(n)],
            "latitude": [40.0 + (i % 50) * 0.1 for i in range(n)],
            "longitude": [20.0 + (i // 50) * 0.1 for i in range(n)],
            "population": [1_000_000 - i for i in range(n)],
            "distance_km": [10.0 + i for i in range(n)],
            "nearest_launch": [labels[i % len(labels)] for i in range(n)],
        }
    )


def layers_page(payloads: dict[str, str], labels: list[str], n_cities: int) -> str:
    systems = hostile_systems(payloads)[:6]
    pts = points(labels)
    rings = build_rings(pts[:3], systems)
    target = LaunchPoint(48.0, 35.0, labels[0])
    return render(
        *ring_layers(rings, systems, "km", 0.3),
        points_layer(pts),
        cities_layer(cities([p.label for p in pts], [s.name for s in systems], n_cities), "km"),
        target_layer(target, systems, launch_regions(target, systems), "km"),
    )


@pytest.mark.parametrize("n_cities", [20, 400], ids=["markers", "fast-cluster"])
def test_map_layers_show_payloads_only_escaped(n_cities: int) -> None:
    # Six systems per page, so one page per slice of the payloads.
    keys = list(CATALOGUE_PAYLOADS)
    for start in range(0, len(keys), 6):
        chunk = {k: PAYLOADS[k] for k in keys[start : start + 6]}
        calm = {k: CALM[k] for k in list(CALM)[: len(chunk)]}
        labels = [p for k, p in chunk.items() if k not in REJECTED_AS_LABEL] or ["plain"]
        calm_labels = [f"label {i}" for i in range(len(labels))]
        page = layers_page(chunk, labels, n_cities)
        assert structure(page) == structure(layers_page(calm, calm_labels, n_cities)), chunk
        shown = [f"N{i} {text}" for i, text in enumerate(chunk.values())]  # names
        shown += [f"T{i} {text}" for i, text in enumerate(chunk.values())]  # sources
        shown += [accepted_label(label) for label in labels]
        assert_only_escaped(page, shown)


def test_layer_control_names_are_escaped() -> None:
    systems = hostile_systems()
    groups = ring_layers(build_rings(points(["p"]), systems), systems, "km", 0.3)
    page = render(*groups)
    overlays = re.search(r"overlays :\s*\{(.*?)\n\s*\},", page, re.S)
    assert overlays is not None
    names = [json.loads(n) for n in re.findall(r'("(?:[^"\\]|\\.)*") :', overlays.group(1))]
    # Leaflet's layer control shows each name as HTML: it must be the escaped name.
    assert names == [html_text(s.name) for s in systems]
    assert [g.layer_name for g in groups] == names


JINJA = [
    "{{7*7}}",
    "{{ self.__init__.__globals__ }}",
    "{% raw %}",
    "{# x",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
]


@pytest.mark.parametrize("text", JINJA)
def test_text_is_never_evaluated_as_a_jinja_template(text: str) -> None:
    """branca compiles each rendered script as a Jinja template again: text that reached it
    with its braces would run on the server (and ``{% raw %}`` would stop the page)."""
    systems = hostile_systems({"jinja": text})
    pts = [LaunchPoint(50.0, 30.0, text)]
    rings = build_rings(pts, systems)
    target = LaunchPoint(48.0, 35.0, text)
    page = render(
        *ring_layers(rings, systems, "km", 0.3),
        points_layer(pts),
        cities_layer(cities([text], [text], 5), "km"),
        target_layer(target, systems, launch_regions(target, systems), "km"),
    )
    standalone = to_html(rings, systems, pts, title=text)
    for out in (page, standalone):
        assert text not in out
        assert "jinja2" not in out and "__builtins__" not in out and os.getcwd() not in out
        assert any(form in out for form in escaped_forms(text))
        if text == "{{7*7}}":
            assert not re.search(r"N0 49|>49<|Target: 49", html.unescape(out))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.add(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_legend_is_one_line_of_inert_html_for_markdown() -> None:
    systems = hostile_systems()
    legend = legend_html(systems, "km")
    parser = _Text()
    parser.feed(legend)
    assert parser.tags == {"div", "span", "small"}
    text = "".join(parser.text)
    for system in systems:
        assert " ".join(system.name.split()) in text
    # Streamlit reads it as Markdown with HTML allowed: one line is one HTML block, never parsed
    # as Markdown; ":material/" is rewritten by Streamlit anywhere, so it must not be there.
    assert "\n" not in legend and "\r" not in legend
    for raw in ("`", "$", "\\", "{", "![", "](", ":material/", "**", "__", "~~"):
        assert raw not in legend, raw


# --- the exports ---------------------------------------------------------------------------------


def export_inputs(payloads: dict[str, str], labels: list[str]):
    systems = hostile_systems(payloads)
    pts = points(labels)[:4]
    return build_rings(pts, systems), systems, pts


def test_standalone_html_shows_payloads_only_escaped() -> None:
    rings, systems, pts = export_inputs(CATALOGUE_PAYLOADS, LABELS)
    page = to_html(rings, systems, pts, title=PAYLOADS["img-onerror"])
    calm_rings, calm_systems, calm_pts = export_inputs(CALM, [f"l{i}" for i in range(len(LABELS))])
    assert structure(page) == structure(to_html(calm_rings, calm_systems, calm_pts, title="t"))
    assert_only_escaped(page, [s.name for s in systems] + [p.label for p in pts])
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title is not None and html.unescape(title.group(1)) == PAYLOADS["img-onerror"]
    legend = json.loads(re.search(r'div\.innerHTML = ("(?:[^"\\]|\\.)*")', page).group(1))
    parser = _Text()
    parser.feed(legend)
    assert parser.tags == {"div", "span", "small"}
    assert PAYLOADS["img-onerror"] in "".join(parser.text)


def test_kml_holds_payloads_as_text() -> None:
    rings, *_ = export_inputs(CATALOGUE_PAYLOADS, LABELS)
    text = to_kml(rings, title=PAYLOADS["end-script"])
    calm_rings, *_ = export_inputs(CALM, [f"l{i}" for i in range(len(LABELS))])
    root = ET.fromstring(text)
    calm_root = ET.fromstring(to_kml(calm_rings, title="t"))
    assert Counter(e.tag for e in root.iter()) == Counter(e.tag for e in calm_root.iter())
    for raw in ("<script", "<img", "<svg", "<iframe", "<b>", "<![CDATA[", "<!-- ]]>"):
        assert raw not in text, raw
    kml = "{http://www.opengis.net/kml/2.2}"
    marks = root.findall(f"{kml}Document/{kml}Placemark")
    assert [m.find(f"{kml}name").text for m in marks] == [
        f"{r.system.name} from {r.point.label}".replace("\r\n", "\n") for r in rings
    ]
    assert root.find(f"{kml}Document/{kml}name").text == PAYLOADS["end-script"]


def test_geojson_holds_payloads_as_json_strings() -> None:
    rings, *_ = export_inputs(CATALOGUE_PAYLOADS, LABELS)
    features = json.loads(to_geojson(rings))["features"]
    assert [f["properties"]["name"] for f in features] == [r.system.name for r in rings]
    assert [f["properties"]["launch"] for f in features] == [r.point.label for r in rings]
