"""The parameter table of ranges.scenario.params: one row a parameter, and everything driven by
it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import load_catalogue
from ranges.errors import RangemapError
from ranges.geometry.areas import parse_area
from ranges.places.points import LaunchPoint
from ranges.scenario.link import parse_query, to_query
from ranges.scenario.model import Scenario, View
from ranges.scenario.params import FILE_KEYS, KNOWN_PARAMS, PARAMS, readme_table
from ranges.scenario.reading import MAX_AREA_CHARS
from ranges.scenario.scenariofile import scenario_from_file, scenario_to_file

APP_DOC = Path(__file__).resolve().parents[1] / "docs" / "app.md"  # holds the URL table
BUILTIN = load_catalogue()

# One value of every parameter that is not its default: (link text, Scenario field value).
EXAMPLES = {
    "systems": ("atacms", ("atacms",)),
    "variant": ("atacms:mid-range", (("atacms", "mid-range"),)),
    "from": (["1,2,a,b", "3.5,-4"], (LaunchPoint(1, 2, "a,b"), LaunchPoint(3.5, -4))),
    "borders": ("recognised", "recognised"),
    "area": (
        ["UKR", "line:48.5,37.9;47.1,37.5|Front line"],
        (parse_area("UKR"), parse_area("line:48.5,37.9;47.1,37.5|Front line")),
    ),
    "range": ("atacms:350.5", (("atacms", 350.5),)),
    "min": ("atacms:20", (("atacms", 20.0),)),
    "units": ("nmi", "nmi"),
    "opacity": ("0.4", 0.4),
    "base": ("satellite", "satellite"),
    "labels": ("off", False),
    "view": ("48.5,-31.25,6", View(48.5, -31.25, 6)),
    "target": ("55.75,37.62,Moscow", LaunchPoint(55.75, 37.62, "Moscow")),
    "targets": (
        ["airfields:military", "55.75,37.62,Moscow depot"],
        ("airfields:military", "55.75,37.62,Moscow depot"),
    ),
    "minpop": ("100000", 100_000),
    "gazetteer": ("cities15000", "cities15000"),
}


def test_every_parameter_is_one_row_and_one_field() -> None:
    assert tuple(EXAMPLES) == KNOWN_PARAMS
    assert {p.field for p in PARAMS} == set(Scenario.__dataclass_fields__)
    assert ("rangemap_scenario", *(p.file_key for p in PARAMS)) == FILE_KEYS
    assert len(set(FILE_KEYS)) == len(FILE_KEYS)


@pytest.mark.parametrize("param", PARAMS, ids=lambda p: p.name)
def test_each_row_reads_writes_and_files_its_value(param) -> None:
    text, value = EXAMPLES[param.name]
    scenario, warnings = parse_query({"systems": "atacms", param.name: text}, BUILTIN)
    assert warnings == []
    assert getattr(scenario, param.field) == value
    assert to_query(scenario)[param.name] == text
    document = yaml.safe_load(scenario_to_file(scenario))
    assert document[param.file_key] == param.to_file(value)
    assert scenario_from_file(scenario_to_file(scenario), BUILTIN) == (scenario, [])


@pytest.mark.parametrize("param", PARAMS, ids=lambda p: p.name)
def test_a_default_is_left_out_of_the_link(param) -> None:
    query = to_query(Scenario())
    assert query == {"systems": ""}
    assert (param.name in query) == (param.name == "systems")


@pytest.mark.parametrize(("name", "choices"), [("units", "km, mi or nmi"), ("base", "osm, light")])
def test_a_choice_names_what_it_expects(name: str, choices: str) -> None:
    scenario, warnings = parse_query({"systems": "atacms", name: "evil"}, BUILTIN)
    assert getattr(scenario, name) == getattr(Scenario(), name)
    assert warnings == [f"{name}: 'evil' dropped (expected {_choices(name)})"]
    assert choices in warnings[0]


def _choices(name: str) -> str:
    return {"units": "km, mi or nmi", "base": "osm, light or satellite"}[name]


def _documented_parameter_table() -> str:
    text = APP_DOC.read_text(encoding="utf-8")
    section = text.split("## URL parameters", 1)[1]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    # the first table of the section; a later table would be separated by other lines
    lines = section.splitlines()
    start = lines.index(rows[0])
    table = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return "\n".join(table) + "\n"


def test_the_documented_table_is_the_parameter_table() -> None:
    assert _documented_parameter_table() == readme_table(), (
        "docs/app.md's URL parameter table differs from ranges.scenario.params.PARAMS; "
        "paste ranges.scenario.params.readme_table() into its section '## URL parameters'"
    )


def test_every_parameter_is_in_the_readme_table() -> None:
    names = re.findall(r"^\| `([a-z]+)` \|", readme_table(), flags=re.MULTILINE)
    assert tuple(names) == KNOWN_PARAMS


# --- launch areas: any valid line or polygon survives a link and a file ----------------------

_COORD = st.tuples(st.integers(-8_900_000, 8_900_000), st.integers(-18_000_000, 17_999_999)).map(
    lambda p: f"{p[0] / 1e5:.5f},{p[1] / 1e5:.5f}"
)
_LABELS = st.one_of(
    st.none(), st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=30)
)


@st.composite
def _areas(draw: st.DrawFn) -> tuple:
    areas = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["line", "poly"]))
        pairs = draw(st.lists(_COORD, min_size=2 if kind == "line" else 3, max_size=250))
        label = draw(_LABELS)
        text = f"{kind}:" + ";".join(pairs) + (f"|{label}" if label and label.strip() else "")
        try:
            areas.append(parse_area(text))
        except RangemapError:  # e.g. a polygon with repeated points: not what this is about
            continue
    return tuple(areas)


@settings(max_examples=40, deadline=None)
@given(_areas())
def test_any_area_round_trips_through_a_link_and_a_file(areas) -> None:
    scenario = Scenario(systems=("atacms",), areas=areas)
    query = to_query(scenario)
    assert parse_query(query, BUILTIN) == (scenario, [])
    assert scenario_from_file(scenario_to_file(scenario), BUILTIN) == (scenario, [])
    for text in query.get("area", []):
        assert len(text) <= MAX_AREA_CHARS
        head = text.partition("|")[0]
        assert head.startswith(("line:", "poly:", "eline:", "epoly:"))


@pytest.mark.parametrize(("text", "on"), [("on", True), ("OFF", False), ("1", True), ("no", False)])
def test_labels_is_an_on_off_switch(text: str, on: bool) -> None:
    scenario, warnings = parse_query({"systems": "atacms", "labels": text}, BUILTIN)
    assert (scenario.labels, warnings) == (on, [])


def test_a_bad_labels_value_is_dropped_with_a_warning() -> None:
    scenario, warnings = parse_query({"systems": "atacms", "labels": "<b>maybe"}, BUILTIN)
    assert scenario.labels is True
    assert warnings == ["labels: '<b>maybe' dropped (expected on or off)"]


def test_a_files_labels_may_be_true_false_or_text() -> None:
    base = "rangemap_scenario: 1\nsystems: [atacms]\n"
    for value, on in (("false", False), ("'off'", False), ("true", True)):
        scenario, warnings = scenario_from_file(base + f"ring_labels: {value}\n", BUILTIN)
        assert (scenario.labels, warnings) == (on, [])
    _, warnings = scenario_from_file(base + "ring_labels: 3\n", BUILTIN)
    assert warnings == ["ring_labels: expected true or false (got a number); dropped"]
