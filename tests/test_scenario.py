"""The scenario model and its codecs (ranges.scenario.link, ranges.scenario.scenariofile): round
trips (property tests) and hostile input."""

from __future__ import annotations

import functools
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import Catalogue, Source, System, load_catalogue
from ranges.places.extracts import DEFAULT_EXTRACT, EXTRACTS
from ranges.places.points import MAX_LABEL_CHARS, LaunchPoint
from ranges.scenario import scenariofile
from ranges.scenario.link import parse_query, to_query
from ranges.scenario.model import (
    BASE_LAYERS,
    DEFAULT_POINT,
    MAX_LAUNCH_POINTS,
    MAX_POPULATION,
    MAX_SYSTEMS,
    Scenario,
    ScenarioFileError,
    View,
    default_scenario,
    make_point,
)
from ranges.scenario.params import KNOWN_PARAMS
from ranges.scenario.reading import MAX_PARAM_CHARS
from ranges.scenario.scenariofile import MAX_FILE_BYTES, scenario_from_file, scenario_to_file
from ranges.units import UNITS

BUILTIN = load_catalogue()


def _test_system(i: int) -> System:
    """Systems with the longest ids (40 characters), some with a minimum range."""
    return System(
        id=f"t{i:02d}-".ljust(40, "x"),
        name=f"Test system {i}",
        kind="other",
        max_range_km=100.0 + 400 * i,
        min_range_km=50.0 if i % 3 == 0 else 0.0,
        sources=(Source(title="test"),),
    )


# The built-in catalogue plus 46 test systems: MAX_SYSTEMS in all.
CATALOGUE = BUILTIN.merged_with(
    Catalogue(tuple(_test_system(i) for i in range(MAX_SYSTEMS - len(BUILTIN.ids))), "test")
)
KNOWN = {s.id: s for s in CATALOGUE.systems}

# --- strategies -----------------------------------------------------------------------------

# Characters a label may hold and keep: no control characters, line or paragraph separators,
# lone surrogates or bidirectional overrides (LaunchPoint refuses them), and no whitespace
# (LaunchPoint collapses it; words are joined by single spaces below). The whitespace is the
# category Zs, no filter: every character for which str.isspace() holds is in Cc, Zs, Zl or Zp
# (test_label_chars_leave_out_exactly_the_whitespace), and a filter cost a fifth of the time
# of drawing a scenario.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
LABEL_CATEGORIES_LEFT_OUT = ("Cc", "Cs", "Zl", "Zp", "Zs")
LABEL_CHARS = st.characters(
    blacklist_categories=LABEL_CATEGORIES_LEFT_OUT,
    blacklist_characters=tuple(BIDI_CONTROLS),
)
NASTY_WORDS = (
    "<script>alert(1)</script>",
    "`${x}`",
    "a,b",
    ",",
    ",,",
    ":",
    "- x",
    "#",
    "'",
    '"',
    "\\",
    "null",
    "~",
    "yes",
    "No",
    "1.5",
    "1e5",
    "0x1F",
    "&amp;",
    "%20",
    "[",
    "]}",
    "{",
    "*a",
    "&a",
    "!!python/object",
    "|",
    ">",
    "?",
    "@",
    "…",
    "\u200d",
    "\ufeff",
    "\ufffe",
    "😀",
    "Київ",
    "50.45°N",
)
WORDS = st.text(LABEL_CHARS, min_size=1, max_size=12) | st.sampled_from(NASTY_WORDS)
LABELS = st.lists(WORDS, max_size=8).map(" ".join).filter(
    lambda s: len(s) <= MAX_LABEL_CHARS
) | st.just("")
LATS = st.integers(-90_000_000, 90_000_000).map(lambda k: k / 1e6)
LONS = st.integers(-180_000_000, 180_000_000).map(lambda k: k / 1e6)
POINTS = st.builds(make_point, LATS, LONS, LABELS)
VIEWS = st.builds(
    View,
    st.integers(-900_000, 900_000).map(lambda k: k / 1e4),
    st.integers(-1_800_000, 1_800_000).map(lambda k: k / 1e4),
    st.integers(0, 20),
)


@functools.cache
def _fields(ids: tuple[str, ...]) -> dict[str, st.SearchStrategy]:
    """The strategies :func:`scenarios` draws from, made once a catalogue: a strategy made anew
    in each draw is validated anew each time (a fifth of the cost of drawing a scenario, which
    is most of the cost of a round-trip test). The draws are the same: a fixed seed gives the
    same scenarios."""
    return {
        "chosen": st.sets(st.sampled_from(ids), max_size=MAX_SYSTEMS),
        "overridden": st.sets(st.sampled_from(ids), max_size=len(ids)),
        "max_m": st.integers(1, 20_000_000),
        "points": st.lists(POINTS, max_size=MAX_LAUNCH_POINTS),
        "units": st.sampled_from(UNITS),
        "opacity": st.integers(0, 20),
        "base": st.sampled_from(BASE_LAYERS),
        "view": st.none() | VIEWS,
        "target": st.none() | POINTS,
        "min_population": st.integers(0, MAX_POPULATION),
        "gazetteer": st.sampled_from(EXTRACTS),
    }


@st.composite
def scenarios(draw: st.DrawFn, catalogue: Catalogue = CATALOGUE) -> Scenario:
    """Any scenario that parse_query can produce: every field within its rules."""
    ids = catalogue.ids
    known = {s.id: s for s in catalogue.systems}
    f = _fields(tuple(ids))
    chosen = draw(f["chosen"])
    maxes = {i: draw(f["max_m"]) / 1000 for i in sorted(draw(f["overridden"]))}
    mins = {}
    for i in sorted(draw(f["overridden"])):
        top = maxes.get(i, known[i].max_range_km)
        value = draw(st.integers(0, math.ceil(top * 1000) - 1)) / 1000
        if value < top:
            mins[i] = value
    return Scenario(
        systems=tuple(i for i in ids if i in chosen),
        points=tuple(draw(f["points"])),
        max_range_km=tuple(sorted(maxes.items())),
        min_range_km=tuple(sorted(mins.items())),
        units=draw(f["units"]),
        opacity=round(draw(f["opacity"]) * 0.05, 2),
        base=draw(f["base"]),
        view=draw(f["view"]),
        target=draw(f["target"]),
        min_population=draw(f["min_population"]),
        gazetteer=draw(f["gazetteer"]),
    )


ROUND_TRIP = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- the strategies make what they claim ----------------------------------------------------


@given(LABELS)
def test_generated_labels_survive_cleaning_unchanged(label: str) -> None:
    point = LaunchPoint(0.0, 0.0, label)
    assert point.label == (label or "0.0000°N 0.0000°E")


def test_label_chars_leave_out_exactly_the_whitespace() -> None:
    """LABEL_CHARS leaves out whitespace by category, not by a filter on str.isspace(): the
    same characters, as long as every whitespace character is in a category left out and
    every character of Zs is whitespace (Unicode 14, Python 3.11)."""
    spaces = [chr(i) for i in range(sys.maxunicode + 1) if chr(i).isspace()]
    assert {unicodedata.category(c) for c in spaces} <= set(LABEL_CATEGORIES_LEFT_OUT)
    assert all(
        chr(i).isspace() for i in range(sys.maxunicode + 1) if unicodedata.category(chr(i)) == "Zs"
    )


# --- round trips ----------------------------------------------------------------------------


@ROUND_TRIP
@given(scenarios())
def test_url_round_trip(scenario: Scenario) -> None:
    query = to_query(scenario)
    assert all(len(v) <= MAX_PARAM_CHARS for value in query.values() for v in _as_list(value))
    assert parse_query(query, CATALOGUE) == (scenario, [])


@ROUND_TRIP
@given(scenarios())
def test_file_round_trip(scenario: Scenario) -> None:
    text = scenario_to_file(scenario)
    assert scenario_from_file(text, CATALOGUE) == (scenario, [])
    assert scenario_from_file(text.encode("utf-8"), CATALOGUE) == (scenario, [])
    assert to_query(scenario_from_file(text, CATALOGUE)[0]) == to_query(scenario)


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_the_same_file_written_as_json_reads_the_same(scenario: Scenario) -> None:
    document = yaml.safe_load(scenario_to_file(scenario))
    for ascii_only in (True, False):  # \ud83d\ude00 pairs, or the characters themselves
        text = json.dumps(document, ensure_ascii=ascii_only)
        assert scenario_from_file(text, CATALOGUE) == (scenario, [])


def test_the_longest_url_state_fits_the_limits() -> None:
    """50 systems with 40-character ids, each with overrides, and 50 long labels."""
    ids = CATALOGUE.ids
    assert len(ids) == MAX_SYSTEMS
    label = "x" * MAX_LABEL_CHARS
    scenario = Scenario(
        systems=ids,
        points=tuple(make_point(-89.123456, -179.123456, label) for _ in range(50)),
        max_range_km=tuple((i, 19_999.999) for i in sorted(ids)),
        min_range_km=tuple((i, 19.999) for i in sorted(ids)),
        target=make_point(-89.123456, -179.123456, label),
        view=View(-89.1234, -179.1234, 20),
        min_population=MAX_POPULATION,
    )
    assert parse_query(to_query(scenario), CATALOGUE) == (scenario, [])
    assert scenario_from_file(scenario_to_file(scenario), CATALOGUE) == (scenario, [])


def test_new_fields_in_the_url() -> None:
    query = {"systems": "atacms", "target": "55.75,37.62,Moscow", "minpop": "100000"}
    scenario, warnings = parse_query(query, BUILTIN)
    assert warnings == []
    assert scenario.target == LaunchPoint(55.75, 37.62, "Moscow")
    assert scenario.min_population == 100_000
    assert to_query(scenario) == {**query, "target": "55.75,37.62,Moscow"}
    plain = to_query(Scenario(systems=("atacms",)))
    assert "target" not in plain and "minpop" not in plain
    assert set(KNOWN_PARAMS) >= {"target", "minpop"}


def test_a_label_may_contain_commas() -> None:
    scenario, warnings = parse_query({"from": "1,2,a,b", "target": "3,4,,c,"}, BUILTIN)
    assert warnings == []
    assert scenario.points == (LaunchPoint(1.0, 2.0, "a,b"),)
    assert scenario.target == LaunchPoint(3.0, 4.0, ",c,")
    assert to_query(scenario)["from"] == ["1,2,a,b"]


def test_no_known_parameter_opens_the_default_scenario() -> None:
    assert parse_query({}, BUILTIN) == (default_scenario(BUILTIN), [])
    assert parse_query({"embed": "true"}, BUILTIN) == (default_scenario(BUILTIN), [])
    assert default_scenario(BUILTIN).points == (DEFAULT_POINT,)


# --- bad parameters: a warning, never an exception -------------------------------------------

BAD_PARAMETERS = [
    ("systems", "bogus"),
    ("systems", "<script>alert(1)</script>"),
    ("systems", "atacms:300"),
    ("from", "garbage"),
    ("from", ""),
    ("from", "1"),
    ("from", "nan,30"),
    ("from", "50,nan"),
    ("from", "inf,30"),
    ("from", "-inf,30"),
    ("from", "1e400,30"),
    ("from", "9" * 300 + ",30"),
    ("from", "91,30"),
    ("from", "-90.0001,30"),
    ("from", "50,180.5"),
    ("from", "50,-181"),
    ("from", "50,300"),
    ("from", "50,30,bad\x00label"),
    ("from", "50,30,line\nbreak"),
    ("from", "50,30,\u202eevil"),
    ("range", "atacms:nan"),
    ("range", "atacms:inf"),
    ("range", "atacms:1e309"),
    ("range", "atacms:-4"),
    ("range", "atacms:0"),
    ("range", "atacms:20000.5"),
    ("range", "atacms:" + "9" * 400),
    ("range", "atacms"),
    ("range", "atacms:"),
    ("range", "atacms:3x"),
    ("range", "bogus:300"),
    ("min", "atacms:300"),
    ("min", "atacms:-1"),
    ("min", "atacms:nan"),
    ("units", "parsecs"),
    ("units", "KM"),
    ("opacity", "nan"),
    ("opacity", "inf"),
    ("opacity", "1.01"),
    ("opacity", "-0.1"),
    ("opacity", "1e400"),
    ("opacity", "half"),
    ("base", "evil"),
    ("view", "1,2"),
    ("view", "1,2,3,4"),
    ("view", "nan,0,3"),
    ("view", "0,inf,3"),
    ("view", "91,0,3"),
    ("view", "0,181,3"),
    ("view", "0,0,21"),
    ("view", "0,0,-1"),
    ("view", "0,0,1e400"),
    ("target", "999,0"),
    ("target", "x"),
    ("target", "nan,nan"),
    ("target", "1,2,\x07"),
    ("minpop", "-1"),
    ("minpop", "1e5"),
    ("minpop", "1.5"),
    ("minpop", "100000001"),
    ("minpop", "9" * 50),
    ("minpop", "abc"),
    ("minpop", "١٠٠"),  # Arabic-Indic digits: int() reads them, a URL should not
    # repeated keys
    ("units", ["mi", "nmi"]),
    ("opacity", ["0.5", "0.6"]),
    ("base", ["light", "satellite"]),
    ("view", ["1,2,3", "4,5,6"]),
    ("target", ["1,2", "3,4"]),
    ("minpop", ["1", "2"]),
    ("range", ["atacms:100", "atacms:200"]),
    ("range", "atacms:100,atacms:200"),
    # longer than any value can be
    ("systems", "atacms," * 1000),
    ("from", "1,2," + "x" * MAX_PARAM_CHARS),
]


def _as_list(value: str | list[str]) -> list[str]:
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.parametrize(("key", "value"), BAD_PARAMETERS)
def test_a_bad_parameter_is_dropped_with_a_warning(key: str, value: str | list[str]) -> None:
    params = {"systems": "atacms", key: value} if key != "systems" else {key: value}
    scenario, warnings = parse_query(params, BUILTIN)
    assert any(w.startswith(f"{key}:") for w in warnings), warnings
    assert all("\n" not in w and len(w) < 300 for w in warnings)
    # what was dropped is the default again, and the rest still stands
    assert parse_query(to_query(scenario), BUILTIN) == (scenario, [])


def test_bad_values_fall_back_to_defaults_and_keep_the_good_ones() -> None:
    params = {
        "systems": "atacms,bogus,TOMAHAWK",
        "from": ["999,0", "50.45,30.52", "x" * (MAX_PARAM_CHARS + 1)],
        "range": "atacms:-4,tomahawk:1500",
        "units": "parsecs",
        "opacity": "nan",
        "view": "0,0,99",
        "target": "1,1000",
        "minpop": "-5",
    }
    scenario, warnings = parse_query(params, BUILTIN)
    assert scenario == Scenario(
        systems=("atacms", "tomahawk"),
        points=(LaunchPoint(50.45, 30.52),),
        max_range_km=(("tomahawk", 1500.0),),
    )
    text = " ".join(warnings)
    for word in ("bogus", "999", "atacms:-4", "parsecs", "nan", "0,0,99", "1,1000", "-5"):
        assert word in text, word


def test_repeated_keys_are_merged_or_the_last_is_used() -> None:
    scenario, warnings = parse_query(
        {
            "systems": ["atacms", "tomahawk"],
            "range": ["atacms:100", "tomahawk:900"],
            "units": ["mi", "nmi"],
        },
        BUILTIN,
    )
    assert scenario.systems == ("atacms", "tomahawk")
    assert scenario.max_range_km == (("atacms", 100.0), ("tomahawk", 900.0))
    assert scenario.units == "nmi"
    assert warnings == ["units: given 2 times; the last value is used"]


def test_too_many_points_and_bad_points_are_summarised() -> None:
    many = [f"{i % 90},{i % 180}" for i in range(MAX_LAUNCH_POINTS + 10)]
    scenario, warnings = parse_query({"from": many}, BUILTIN)
    assert len(scenario.points) == MAX_LAUNCH_POINTS
    assert warnings == [f"from: only the first {MAX_LAUNCH_POINTS} launch points are kept"]
    _, warnings = parse_query({"from": ["bad"] * 1000}, BUILTIN)
    assert len(warnings) <= 10 and "995 more" in warnings[-1]


def test_one_over_long_value_drops_only_itself() -> None:
    scenario, warnings = parse_query({"from": ["1,2,a", "3,4," + "y" * 5000]}, BUILTIN)
    assert scenario.points == (LaunchPoint(1.0, 2.0, "a"),)
    assert warnings == [f"from: a value over {MAX_PARAM_CHARS:,} characters dropped"]


@pytest.mark.parametrize(
    ("value", "points", "dropped"),
    [
        (5, (), ["'5'"]),
        (None, (), []),
        ([1, None], (), ["'1'", "'None'"]),
        (3.5, (), ["'3.5'"]),
        ((), (), []),
        (["1,2", 7], (LaunchPoint(1.0, 2.0),), ["'7'"]),
    ],
)
def test_parameters_that_are_not_text_are_read_as_their_text(
    value: object, points: tuple[LaunchPoint, ...], dropped: list[str]
) -> None:
    """A caller may hand over numbers, None or lists of them: each item is read as its str(),
    used if it is valid and else dropped with a warning, never an exception."""
    scenario, warnings = parse_query({"systems": "atacms", "from": value, "units": value}, BUILTIN)
    assert scenario.systems == ("atacms",) and scenario.points == points
    assert scenario.units == "km"
    from_warnings = [w for w in warnings if w.startswith("from:")]
    assert [w.split(" ")[1] for w in from_warnings] == dropped
    units_dropped = [w for w in warnings if w.startswith("units:") and "dropped" in w]
    assert len(units_dropped) == (1 if dropped else 0)
    assert parse_query(to_query(scenario), BUILTIN) == (scenario, [])


TEXT_VALUES = st.one_of(
    st.text(max_size=40),
    st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{0,8})?,-?[0-9]{1,3}(\.[0-9]{0,8})?(,.{0,90})?"),
    st.from_regex(r"[a-zA-Z-]{1,12}:-?[0-9e.]{0,8}(,[a-z-]{1,12}:[0-9.]{0,6}){0,3}"),
    st.sampled_from(["nan", "inf", "-0", "1e400", "0.25", "mi", "light", "5,5,5", "°N"]),
)
FUZZ_PARAMS = st.dictionaries(
    st.sampled_from(KNOWN_PARAMS),
    TEXT_VALUES | st.lists(TEXT_VALUES, max_size=4),
    max_size=len(KNOWN_PARAMS),
)


@settings(max_examples=300, deadline=None)
@given(FUZZ_PARAMS)
def test_any_query_parses_and_what_is_kept_round_trips(params: dict) -> None:
    scenario, warnings = parse_query(params, BUILTIN)
    assert all(isinstance(w, str) and "\n" not in w for w in warnings)
    assert parse_query(to_query(scenario), BUILTIN) == (scenario, [])
    assert scenario_from_file(scenario_to_file(scenario), BUILTIN) == (scenario, [])


# --- scenario files --------------------------------------------------------------------------


def test_a_file_is_commented_yaml_with_every_key() -> None:
    scenario = Scenario(
        systems=("atacms", "tomahawk"),
        points=(LaunchPoint(50.4501, 30.5234, "Kyiv"), make_point(46.48, 30.72)),
        max_range_km=(("atacms", 350.0),),
        view=View(48.0, 31.0, 5),
    )
    text = scenario_to_file(scenario)
    assert text.startswith("# ")
    document = yaml.safe_load(text)
    assert list(document) == [
        "rangemap_scenario",
        "systems",  # (``variants`` only when a figure is chosen: none here)
        "launch_points",
        "borders",
        "launch_areas",
        "max_range_km",
        "min_range_km",
        "units",
        "opacity",
        "base",
        "ring_labels",
        "view",
        "target",
        "targets",
        "min_population",
        "gazetteer",
    ]
    assert document["rangemap_scenario"] == 1
    assert document["systems"] == ["atacms", "tomahawk"]
    assert document["launch_points"] == [
        {"lat": 50.4501, "lon": 30.5234, "label": "Kyiv"},
        {"lat": 46.48, "lon": 30.72, "label": None},  # the coordinates are its label
    ]
    assert document["max_range_km"] == {"atacms": 350.0}
    assert document["view"] == {"lat": 48.0, "lon": 31.0, "zoom": 5}
    assert document["target"] is None and document["min_population"] == 0
    assert document["gazetteer"] == DEFAULT_EXTRACT
    assert "- {lat: 50.4501, lon: 30.5234, label: Kyiv}" in text


def test_a_file_gives_the_same_warnings_as_the_same_url() -> None:
    file_text = """
rangemap_scenario: 1
systems: [atacms, bogus]
launch_points:
  - {lat: 999, lon: 0}
  - {lat: 50.45, lon: 30.52, label: "Kyiv"}
  - "46.48,30.72,Odesa"          # the URL form is accepted too
max_range_km: {atacms: -4, tomahawk: 1500}
units: parsecs
opacity: .nan
view: {lat: 0, lon: 0, zoom: 99}
target: {lat: 1, lon: 1000}
min_population: -5
"""
    query = {
        "systems": "atacms,bogus",
        "from": ["999,0", "50.45,30.52,Kyiv", "46.48,30.72,Odesa"],
        "range": "atacms:-4,tomahawk:1500",
        "units": "parsecs",
        "opacity": "nan",
        "view": "0,0,99",
        "target": "1,1000",
        "minpop": "-5",
    }
    from_file = scenario_from_file(file_text, BUILTIN)
    from_url = parse_query(query, BUILTIN)
    assert from_file == from_url
    assert len(from_file[1]) == 8


def test_unknown_and_mistyped_keys_of_a_file_are_warned() -> None:
    file_text = """
rangemap_scenario: 1
systems: atacms            # the URL form of a list
sytems: [tomahawk]
launch_points:
  - {lat: 50, lon: 30, label: 1945, colour: red}
  - {lat: north, lon: 30}
  - [50, 30]
max_range_km: {"atacms,tomahawk": 100, tomahawk: [1]}
view: {lat: 1, lon: 2}
units: [km]
"""
    scenario, warnings = scenario_from_file(file_text, BUILTIN)
    assert scenario.systems == ("atacms",)
    assert scenario.points == (make_point(50, 30),)
    assert scenario.max_range_km == () and scenario.view is None and scenario.units == "km"
    text = "\n".join(warnings)
    for expected in (
        "unknown key 'sytems'",
        "launch_points[0]: unknown key 'colour'",
        "launch_points[0]: label must be text",
        "launch_points[1]: lat and lon must be numbers",
        "launch_points[2]: expected {lat, lon, label}",
        "max_range_km: 'atacms,tomahawk: 100', 'tomahawk: <list>' dropped",
        "view: expected {lat, lon, zoom}",
        "units: expected text or a number",
    ):
        assert expected in text, expected


def test_a_file_with_only_the_version_is_the_default_scenario() -> None:
    assert scenario_from_file("rangemap_scenario: 1\n", BUILTIN) == (
        default_scenario(BUILTIN),
        [],
    )
    scenario, _ = scenario_from_file("rangemap_scenario: 1\nsystems: []\n", BUILTIN)
    assert scenario == Scenario()


def test_too_many_points_in_a_file() -> None:
    points = [{"lat": 1, "lon": i} for i in range(MAX_LAUNCH_POINTS + 5)]
    text = json.dumps({"rangemap_scenario": 1, "launch_points": points})
    scenario, warnings = scenario_from_file(text, BUILTIN)
    assert len(scenario.points) == MAX_LAUNCH_POINTS
    assert warnings == [f"launch_points: only the first {MAX_LAUNCH_POINTS} of 55 are read"]


def test_json_numbers_with_exponents_are_numbers() -> None:
    text = '{"rangemap_scenario": 1, "launch_points": [{"lat": 1e-05, "lon": 2E1}],'
    text += ' "opacity": 5e-1, "max_range_km": {"atacms": 1.5e2}}'
    scenario, warnings = scenario_from_file(text, BUILTIN)
    assert warnings == []
    assert scenario.points == (make_point(0.00001, 20.0),)
    assert scenario.opacity == 0.5 and scenario.max_range_km == (("atacms", 150.0),)
    # the same in YAML, which (1.1) reads 1e-05 as text
    yaml_text = "rangemap_scenario: 1\nlaunch_points: [{lat: 1e-05, lon: 2E1}]\n"
    yaml_text += "opacity: 5e-1\nmax_range_km: {atacms: 1.5e2}\n"
    assert scenario_from_file(yaml_text, BUILTIN) == (scenario, [])


HOSTILE_FILES = [
    ("not YAML", "rangemap_scenario: [1, 2\n", "not a YAML or JSON document (line"),
    ("a tab", "rangemap_scenario: 1\n\tsystems: []\n", "not a YAML or JSON document"),
    ("a list", "- rangemap_scenario: 1\n", "got a list"),
    ("text", "just some words", "got a text"),
    ("empty", "", "got an empty file"),
    ("only a comment", "# nothing\n", "got an empty file"),
    ("no version", "systems: [atacms]\n", "'rangemap_scenario: 1' is missing"),
    ("version 2", "rangemap_scenario: 2\n", "version '2' is not supported"),
    ("version '1'", "rangemap_scenario: '1'\n", "version '1' is not supported"),
    ("version 1.0", "rangemap_scenario: 1.0\n", "version '1.0' is not supported"),
    ("version true", "rangemap_scenario: true\n", "version 'True' is not supported"),
    ("JSON list", "[1, 2, 3]", "got a list"),
    ("JSON wrong version", '{"rangemap_scenario": 2}', "not supported"),
    ("a catalogue", "systems:\n  - id: x\n", "is missing"),
    ("bad date", "rangemap_scenario: 1\nwhen: 2024-13-45\n", "not a YAML or JSON document"),
    ("huge int", "rangemap_scenario: 1\nopacity: " + "9" * 5000, "not a YAML or JSON"),
    ("deep", "rangemap_scenario: 1\nx: " + "[" * 5000, "nested too deeply"),
    ("deep JSON", '{"rangemap_scenario": 1, "x": ' + "[" * 5000, "nested too deeply"),
    ("lone surrogate", "rangemap_scenario: 1\nx: \ud800\n", "not a YAML or JSON"),
    ("NUL", "rangemap_scenario: 1\nx: \x00\n", "not a YAML or JSON"),
]


@pytest.mark.parametrize(
    ("text", "message"), [c[1:] for c in HOSTILE_FILES], ids=[c[0] for c in HOSTILE_FILES]
)
def test_hostile_files_are_refused_with_one_line(text: str, message: str) -> None:
    with pytest.raises(ScenarioFileError) as info:
        scenario_from_file(text, BUILTIN)
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert isinstance(info.value, ValueError)


PYTHON_TAGS = [
    '!!python/object/apply:os.system ["touch {marker}"]',
    'rangemap_scenario: 1\nx: !!python/object/apply:os.system ["touch {marker}"]\n',
    "rangemap_scenario: 1\nx: !!python/object/new:subprocess.Popen [[touch, {marker}]]\n",
    "rangemap_scenario: 1\nx: !!python/name:os.system\n",
    "rangemap_scenario: 1\nx: !!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]",
    "rangemap_scenario: 1\nx: !custom {marker}\n",
]


@pytest.mark.parametrize("template", PYTHON_TAGS)
def test_python_tags_are_refused_not_run(template: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    with pytest.raises(ScenarioFileError) as info:
        scenario_from_file(template.format(marker=marker), BUILTIN)
    assert "is not allowed" in str(info.value) or "not a YAML" in str(info.value)
    assert not marker.exists()


def test_a_file_over_256_kib_is_refused_before_it_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    padding = "#" * (MAX_FILE_BYTES + 1 - len("rangemap_scenario: 1\n"))
    exactly = "rangemap_scenario: 1\n" + padding[:-1]
    assert len(exactly.encode()) == MAX_FILE_BYTES
    assert scenario_from_file(exactly, BUILTIN)[0] == default_scenario(BUILTIN)
    for data in (exactly + "#", (exactly + "#").encode(), "é" * (MAX_FILE_BYTES // 2 + 1)):
        with pytest.raises(ScenarioFileError, match="too large"):
            scenario_from_file(data, BUILTIN)

    # Refused before it is read: neither parser sees a byte of a 50 MB file (no wall-clock
    # limit, which a loaded machine breaks: the parsers are replaced by ones that fail).
    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("an oversized file reached a parser")

    monkeypatch.setattr(scenariofile.json, "loads", never)
    monkeypatch.setattr(scenariofile, "load_yaml", never)
    with pytest.raises(ScenarioFileError, match="too large"):
        scenario_from_file("x" * 50_000_000, BUILTIN)


@pytest.mark.parametrize(
    "data",
    [
        b"rangemap_scenario: 1\nunits: \xff\n",
        b"\xfe\xff\x00r\x00a",  # UTF-16 with its byte-order mark
        "rangemap_scenario: 1\n".encode("utf-16"),
        b"rangemap_scenario: 1\nunits: \xc3\n",  # cut inside a character
        b"\xed\xa0\x80",  # an encoded surrogate
    ],
)
def test_a_file_that_is_not_utf8_is_refused(data: bytes) -> None:
    with pytest.raises(ScenarioFileError, match="not UTF-8 text"):
        scenario_from_file(data, BUILTIN)


def test_a_utf8_byte_order_mark_is_allowed() -> None:
    data = "\ufeffrangemap_scenario: 1\nsystems: [atacms]\n".encode()
    assert scenario_from_file(data, BUILTIN)[0].systems == ("atacms",)


def test_yaml_aliases_cannot_blow_up_a_file() -> None:
    """Anchors and aliases make a small file describe a huge structure: reading stays small."""
    lines = ["rangemap_scenario: 1", 'a: &a "' + "x" * 100_000 + '"', "b: &b [" + "*a, " * 60 + "]"]
    for level in "cdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + f"*{previous}, " * 10 + "]")
    lines += [
        "systems: [" + "*a, " * 1000 + "]",
        "launch_points: [" + "{lat: 1, lon: 2, label: *a}, " * 100 + "]",
        "max_range_km: {atacms: *j, tomahawk: *a}",
        "target: {lat: *j, lon: 0, label: *a}",
        "units: *j",
        "view: *j",
    ]
    text = "\n".join(lines) + "\n"
    assert len(text.encode()) < MAX_FILE_BYTES
    # the one hardened YAML reader (ranges.yamlsafe) refuses aliases outright, as for catalogues:
    # the message names the first alias, so nothing was expanded (no wall-clock bound here)
    with pytest.raises(ScenarioFileError, match=r"line 3, column \d+: YAML aliases \(\*a\)"):
        scenario_from_file(text, BUILTIN)


def test_anchors_without_aliases_are_allowed() -> None:
    text = "rangemap_scenario: 1\nsystems: &ids [atacms]\nunits: &u mi\n"
    scenario, warnings = scenario_from_file(text, BUILTIN)
    assert (scenario.systems, scenario.units, warnings) == (("atacms",), "mi", [])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("rangemap_scenario: 1\nunits: km\nunits: mi\n", "duplicate key 'units'"),
        ("rangemap_scenario: 1\n<<: {units: mi}\n", "merge keys (<<) are not allowed"),
        ("rangemap_scenario: 1\n---\nunits: mi\n", "single document"),
    ],
)
def test_yaml_a_scenario_file_must_not_use(text: str, message: str) -> None:
    with pytest.raises(ScenarioFileError, match=re.escape(message)):
        scenario_from_file(text, BUILTIN)


def test_a_large_valid_file_reads_back() -> None:
    scenario = Scenario(
        systems=CATALOGUE.ids,
        points=tuple(make_point(i / 7, i / 3, "é" * MAX_LABEL_CHARS) for i in range(50)),
        max_range_km=tuple((i, 1234.567) for i in sorted(CATALOGUE.ids)),
    )
    text = scenario_to_file(scenario)
    assert scenario_from_file(text, CATALOGUE) == (scenario, [])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300) | st.binary(max_size=300))
def test_any_file_content_reads_or_is_refused_cleanly(data: str | bytes) -> None:
    try:
        scenario, warnings = scenario_from_file(data, BUILTIN)
    except ScenarioFileError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(scenario, Scenario) and all(isinstance(w, str) for w in warnings)


@settings(max_examples=200, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    st.sampled_from(
        (
            "systems",
            "launch_points",
            "max_range_km",
            "min_range_km",
            "units",
            "opacity",
            "base",
            "view",
            "target",
            "min_population",
            "gazetteer",
        )
    ),
)
def test_any_value_of_any_key_is_used_or_warned(value: object, key: str) -> None:
    document = {"rangemap_scenario": 1, key: value}
    for text in (json.dumps(document), yaml.safe_dump(document)):
        scenario, _ = scenario_from_file(text, BUILTIN)
        assert parse_query(to_query(scenario), BUILTIN) == (scenario, [])


# --- the view of the map ---------------------------------------------------------------------


def test_a_view_from_leaflet_is_wrapped_and_rounded() -> None:
    assert View.from_leaflet(48.123456, 391.5, 6.0) == View(48.1235, 31.5, 6)
    assert View.from_leaflet(-10.0, -190.0, 3) == View(-10.0, 170.0, 3)
    assert View.from_leaflet(0.0, 180.0, 1) == View(0.0, -180.0, 1)
    view = View.from_leaflet(-0.00001, -0.00001, 2)
    assert str(view.lat) == "0.0" and str(view.lon) == "0.0"  # no "-0.0" in a link


def test_views_within_two_pixels_are_the_same() -> None:
    view = View(50.0, 30.0, 10)
    pixel = 360.0 / (256 * 2**10)
    assert view.same_as(View(50.0 + 2 * pixel, 30.0 - 2 * pixel, 10))
    assert not view.same_as(View(50.0 + 2.1 * pixel, 30.0, 10))
    assert not view.same_as(View(50.0, 30.0, 11)) and not view.same_as(None)
    assert view.same_as(View(50.0, 30.0 + 3 * pixel, 10), pixels=3)


@given(VIEWS)
def test_a_view_reads_back_from_its_text(view: View) -> None:
    assert View.from_query(view.to_query()) == view


def test_the_gazetteer_round_trips_between_file_and_link() -> None:
    scenario = Scenario(systems=("atacms",), points=(DEFAULT_POINT,), gazetteer="cities1000")
    query = to_query(scenario)
    assert query["gazetteer"] == "cities1000"
    from_link, warnings = parse_query(query, BUILTIN)
    assert (from_link, warnings) == (scenario, [])
    from_file, warnings = scenario_from_file(scenario_to_file(scenario), BUILTIN)
    assert (from_file, warnings) == (scenario, [])
    assert to_query(from_file) == query
    # The default extract is left out of links, but written in files (every key is).
    default = Scenario(systems=("atacms",), points=(DEFAULT_POINT,))
    assert "gazetteer" not in to_query(default)
    assert f"gazetteer: {DEFAULT_EXTRACT}" in scenario_to_file(default)


@pytest.mark.parametrize("bad", ["cities5", "CITIES500", "<b>x</b>", ""])
def test_an_unknown_gazetteer_is_dropped_with_a_warning(bad: str) -> None:
    scenario, warnings = parse_query({"systems": "atacms", "gazetteer": bad}, BUILTIN)
    assert scenario.gazetteer == DEFAULT_EXTRACT
    assert len(warnings) == 1 and warnings[0].startswith("gazetteer: ")
    assert "expected cities15000, cities1000 or cities500" in warnings[0]
    file_text = f"rangemap_scenario: 1\nsystems: [atacms]\ngazetteer: {json.dumps(bad)}\n"
    from_file, file_warnings = scenario_from_file(file_text, BUILTIN)
    assert from_file.gazetteer == DEFAULT_EXTRACT and file_warnings == warnings
