"""Hostile links: fuzzing the query string, first through the engine, then through the app.

INTERFACES.md section 3: invalid or unknown values are dropped with a visible warning and the
app never shows a traceback. Here that is checked on thousands of generated query strings
(garbage, huge numbers, NaN, out-of-range coordinates, hundreds of launch points, unknown ids,
repeated keys) and on a list of explicit nasty cases:

* through :func:`parse_query` and :func:`to_query` directly (cheap: thousands of examples): it
  never raises, the limits hold, every dropped value is warned about, and what it keeps is the
  canonical form (read back unchanged, with no warning);
* through the app (AppTest, a few hundred runs): no exception, a map is drawn, every warning of
  ``parse_query`` is shown, the URL the app writes back is exactly ``to_query(parse_query(...))``
  of what it was given, and the launch points stay within the limit.

Streamlit itself ignores a whole query string of more than 1,000 fields or 512 Ki characters
(``streamlit.runtime.state.query_params.sanitize_query_string``) before the app sees it; the app
then opens the default scenario. :func:`seen_by_app` applies the same rule, so the expectations
below are about what the app is actually given.
"""

from __future__ import annotations

import functools
import re
import time
from urllib.parse import parse_qs, urlencode

import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from streamlit.runtime.state.query_params import sanitize_query_string
from streamlit.testing.v1 import AppTest

from ranges.catalogue.systems import Catalogue, Source, System, load_catalogue
from ranges.geometry.geodesy import MAX_RADIUS_KM
from ranges.places.extracts import DEFAULT_EXTRACT, EXTRACTS
from ranges.places.points import LaunchPoint
from ranges.scenario.link import parse_query, to_query
from ranges.scenario.model import (
    BASE_LAYERS,
    DEFAULT_OPACITY,
    MAX_LAUNCH_POINTS,
    MAX_POPULATION,
    MAX_SYSTEMS,
    Scenario,
)
from ranges.scenario.params import KNOWN_PARAMS, PARAMS
from ranges.scenario.reading import MAX_PARAM_CHARS
from ranges.text import finite_number, markdown_text
from ranges.ui.state import ignored_message
from ranges.units import UNITS

from . import conftest
from .tabs import select_tab

BUILTIN = load_catalogue()


def _extra_system(i: int) -> System:
    return System(
        id=f"x{i:02d}",
        name=f"Extra {i}",
        kind="other",
        max_range_km=100.0 + 10 * i,
        min_range_km=5.0 if i % 4 == 0 else 0.0,
        sources=(Source(title="test"),),
    )


# More systems than MAX_SYSTEMS, so that the engine's limit on systems can be reached.
BIG = BUILTIN.merged_with(Catalogue(tuple(_extra_system(i) for i in range(MAX_SYSTEMS + 6)), "t"))

# --- strategies: the pieces of a hostile query string ---------------------------------------

# A URL carries UTF-8: anything but lone surrogates (a browser turns those into U+FFFD).
URL_CHARS = st.characters(blacklist_categories=("Cs",))
GARBAGE = st.text(URL_CHARS, max_size=24)
NASTY_NUMBERS = (
    "1e308",
    "-1e308",
    "1e309",
    "1e-400",
    "nan",
    "NaN",
    "-nan",
    "inf",
    "-inf",
    "Infinity",
    "-0",
    "+0",
    "-0.0",
    "",
    " ",
    "+5",
    "5.",
    ".5",
    "0x10",
    "1_000",
    "1e3",
    "٣٠",  # Arabic-Indic digits (Python's float() reads them)
    "３０",  # fullwidth digits
    "𝟓",  # mathematical bold digit
    "½",
    "5\u202e",  # right-to-left override after a digit
    "\u202e5",
    "5\u200f",
    "9" * 400,
    "1" + "0" * 5000,
)
NUMBERS = st.one_of(
    st.sampled_from(NASTY_NUMBERS),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(-400, 400).map(lambda x: f"{x:.6f}"),
    st.integers(-(10**30), 10**30).map(str),
)
LATS = st.one_of(NUMBERS, st.floats(-95, 95).map(lambda x: f"{x:.4f}"))
LONS = st.one_of(NUMBERS, st.floats(-185, 185).map(lambda x: f"{x:.4f}"))
NASTY_LABELS = (
    "\u202eevil",  # right-to-left override
    "\u2067isolate\u2069",
    "a\u200fb",  # right-to-left mark (allowed: not an override)
    "<script>alert(1)</script>",
    "a,b,c",
    "x" * 5000,
    "é" * 4001,
    "line\nbreak",
    "tab\there",
    "nul\x00",
    "\u2028",
    "[link](javascript:alert(1))",
    "**bold** _it_ `code` $x$",
    "%00%0a",
    "😀" * 50,
)
LABELS = st.one_of(GARBAGE, st.sampled_from(NASTY_LABELS))
GOOD_POINTS = st.builds(
    "{:.6f},{:.6f},{}".format, st.floats(-90, 90), st.floats(-180, 180), LABELS
).map(lambda text: text.rstrip(","))
POINTS = st.one_of(
    st.tuples(LATS, LONS).map(",".join),
    st.tuples(LATS, LONS, LABELS).map(",".join),
    st.sampled_from(["", ",", ",,", "50", "50,", ",30", "50°N 30°E", "50,30,", "1,2,3,4"]),
    GARBAGE,
)
IDS = st.one_of(
    st.sampled_from(BUILTIN.ids),
    st.sampled_from(["ATACMS", " tomahawk ", "bogus", "", "atacms\u202e", "x" * 60, "tomahawk;"]),
    GARBAGE,
)
ID_LISTS = st.lists(IDS, max_size=8).map(",".join)
OVERRIDES = st.lists(st.one_of(st.tuples(IDS, NUMBERS).map(":".join), IDS), max_size=6).map(
    ",".join
)
VIEWS = st.one_of(
    st.tuples(LATS, LONS, NUMBERS).map(",".join),
    st.tuples(LATS, LONS, st.integers(-3, 24).map(str)).map(",".join),
    GARBAGE,
)
AREAS = st.one_of(
    st.sampled_from(
        [
            "UKR",
            "ukraine",
            "POL|Poland <b>*x*</b>",
            "line:48.5,37.9;47.1,37.5|Front `${x}`",
            "poly:50,30;51,32;49,33",
            "poly:0,0;1,1;0,1;1,0|bow tie",
            "line:1,2",
            "line:95,0;0,0",
            "Narnia",
            "eline:@@",
            "eline:_AAA",
            "epoly:",
            "line:1,2;3,4|\u202eevil",
            "",
        ]
    ),
    st.lists(st.tuples(LATS, LONS).map(",".join), min_size=1, max_size=6).map(
        lambda pairs: "line:" + ";".join(pairs)
    ),
    GARBAGE,
)
VALUES = {
    "systems": ID_LISTS,
    "variant": st.one_of(
        st.sampled_from(
            [
                "tomahawk:block-iv",
                "TOMAHAWK:ALL",
                "atacms:mid-range",
                "atacms:nope",
                "nope:block-iv",
                "tomahawk",
                ":",
                "",
            ]
        ),
        GARBAGE,
    ),
    "from": POINTS,
    "borders": st.one_of(st.sampled_from(["de-facto", "recognised", "RECOGNISED", ""]), GARBAGE),
    "area": AREAS,
    "range": OVERRIDES,
    "min": OVERRIDES,
    "units": st.one_of(st.sampled_from([*UNITS, "KM", "parsecs", ""]), GARBAGE),
    "opacity": NUMBERS,
    "base": st.one_of(st.sampled_from([*BASE_LAYERS, "OSM", "google", ""]), GARBAGE),
    "labels": st.one_of(st.sampled_from(["on", "off", "OFF", "1", "maybe", ""]), GARBAGE),
    "view": VIEWS,
    "target": POINTS,
    "targets": st.one_of(
        POINTS, st.sampled_from(["airfields:military", "AIRFIELDS:MILITARY", "airfields:x", ""])
    ),
    "minpop": st.one_of(NUMBERS, st.integers(-5, 2 * MAX_POPULATION).map(str)),
    "gazetteer": st.one_of(st.sampled_from([*EXTRACTS, "CITIES500", "cities", ""]), GARBAGE),
}
# Built once: a strategy made anew in each draw is validated anew each time (most of the cost
# of generating a query string).
ONE_VALUE = {key: st.one_of(strategy, GARBAGE) for key, strategy in VALUES.items()}
FEW_VALUES = {key: st.lists(strategy, max_size=5) for key, strategy in ONE_VALUE.items()}
# Keys the app does not know (Streamlit's own "embed" ones are left to Streamlit).
OTHER_KEYS = st.sampled_from(["", "foo", "Systems", "FROM", "from[]", "utm_source", "x" * 200])


@functools.cache
def _values(key: str, many: int) -> st.SearchStrategy[str | list[str]]:
    """One value, or the values of a repeated key: a few drawn, then (sometimes) repeated in
    turn up to ``many`` (long lists are cheap to make that way). One strategy a key, made once
    (see ONE_VALUE)."""

    @st.composite
    def one_or_many(draw: st.DrawFn) -> str | list[str]:
        if draw(st.booleans()):
            return draw(ONE_VALUE[key])
        values = draw(FEW_VALUES[key])
        if values and many > len(values) and draw(st.integers(0, 3)) == 0:
            count = draw(st.integers(len(values), many))
            values = [values[i % len(values)] for i in range(count)]
        return values

    return one_or_many()


SOME_KEYS = st.sets(st.sampled_from(KNOWN_PARAMS), max_size=len(KNOWN_PARAMS))
CORE_IDS = st.lists(st.sampled_from(BUILTIN.ids), min_size=1, max_size=4)
CORE_POINTS = st.lists(GOOD_POINTS, min_size=1, max_size=5)
SOME_OTHER_KEYS = st.sets(OTHER_KEYS, max_size=2)


@st.composite
def queries(draw: st.DrawFn, many_points: int = 60) -> dict[str, str | list[str]]:
    """A query string as the mapping AppTest and Streamlit give the app: key -> value(s)."""
    keys = draw(SOME_KEYS)
    query = {k: draw(_values(k, many_points if k == "from" else 8)) for k in sorted(keys)}
    if draw(st.booleans()):
        # Half the time, a working core among the garbage (known systems, good points), so that
        # rings, labels and overrides are drawn too.
        ids = draw(CORE_IDS)
        query["systems"] = [*_as_list(query.get("systems", [])), ",".join(ids)]
        good = draw(CORE_POINTS)
        query["from"] = [*_as_list(query.get("from", [])), *good]
    for key in draw(SOME_OTHER_KEYS):
        query[key] = draw(GARBAGE)
    return query


def _as_list(value: str | list[str]) -> list[str]:
    return value if isinstance(value, list) else [value]


# --- the rules every result must keep -------------------------------------------------------


def seen_by_app(query: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """The parameters the app reads from ``st.query_params`` for this query: what a browser
    sends (UTF-8, percent-encoded) after Streamlit's limits on the query string."""
    text = sanitize_query_string(urlencode(query, doseq=True))
    return parse_qs(text, keep_blank_values=True)


def as_lists(query: dict[str, str | list[str]]) -> dict[str, list[str]]:
    return {k: v if isinstance(v, list) else [v] for k, v in query.items()}


LIMITS = {p.name: p.max_chars for p in PARAMS}


def _usable(values: list[str], key: str = "") -> list[str]:
    return [v for v in values if len(v) <= LIMITS.get(key, MAX_PARAM_CHARS)]


def _warned(warnings: list[str], key: str) -> bool:
    return any(w.startswith(f"{key}: ") for w in warnings)


def check_parse(params: dict[str, list[str]], catalogue: Catalogue) -> tuple[Scenario, list[str]]:
    """parse_query on ``params``, with every rule of a hostile link checked."""
    scenario, warnings = parse_query(params, catalogue)

    # Warnings: one short line each, a bounded number of them.
    assert all(isinstance(w, str) and "\n" not in w and len(w) <= 600 for w in warnings)
    assert len(warnings) <= 8 * len(KNOWN_PARAMS)

    # The limits, and only valid values kept.
    assert len(scenario.points) <= MAX_LAUNCH_POINTS
    assert len(scenario.systems) <= MAX_SYSTEMS
    assert set(scenario.systems) <= set(catalogue.ids)
    for point in (*scenario.points, *([scenario.target] if scenario.target else [])):
        assert isinstance(point, LaunchPoint)
        assert -90 <= point.lat <= 90 and -180 <= point.lon <= 180
    for system_id, km in (*scenario.max_range_km, *scenario.min_range_km):
        assert system_id in catalogue.ids and 0 <= km <= MAX_RADIUS_KM
    assert 0 <= scenario.opacity <= 1 and 0 <= scenario.min_population <= MAX_POPULATION
    if scenario.view is not None:
        assert 0 <= scenario.view.zoom <= 20

    # What is kept is canonical: written and read back unchanged, with no warning, and every
    # value written fits the limit on one parameter.
    query = to_query(scenario)
    assert parse_query(query, catalogue) == (scenario, [])
    assert all(len(v) <= LIMITS[k] for k, vs in as_lists(query).items() for v in vs)

    if not any(k in params for k in KNOWN_PARAMS):
        assert warnings == []  # no parameter of ours: the default scenario
        return scenario, warnings
    check_everything_dropped_is_warned(params, scenario, warnings, catalogue)
    return scenario, warnings


def check_everything_dropped_is_warned(
    params: dict[str, list[str]], scenario: Scenario, warnings: list[str], catalogue: Catalogue
) -> None:
    """An independent account of what each parameter should keep; anything else is warned."""
    for key in KNOWN_PARAMS:
        values = params.get(key, [])
        if len(_usable(values, key)) < len(values):
            assert any(
                w.startswith(f"{key}: ") and f"over {LIMITS[key]:,} characters" in w
                for w in warnings
            )
    usable = {k: _usable(v, k) for k, v in params.items()}

    # area: each value is an area kept, or counted in a warning.
    values = usable.get("area", [])
    dropped = sum(1 for w in warnings if re.match(r"area: .* dropped \(", w))
    more = [int(m[1]) for w in warnings if (m := re.match(r"area: (\d+) more areas dropped", w))]
    capped = any(w.startswith("area: only the first") for w in warnings)
    accounted = len(scenario.areas) + dropped + sum(more)
    assert accounted <= len(values) if capped else accounted == len(values)

    # systems: every item named is shown, or warned (unknown, or over the limit).
    named = {i.strip().lower() for v in usable.get("systems", []) for i in v.split(",")} - {""}
    if named - set(scenario.systems):
        assert _warned(warnings, "systems")

    # from: each value is a point kept, or counted in a warning.
    values = usable.get("from", [])
    dropped = sum(1 for w in warnings if re.match(r"from: .* dropped \(", w))
    more = [int(m[1]) for w in warnings if (m := re.match(r"from: (\d+) more points dropped", w))]
    capped = any(w.startswith(f"from: only the first {MAX_LAUNCH_POINTS}") for w in warnings)
    accounted = len(scenario.points) + dropped + sum(more)
    if capped:
        assert len(scenario.points) == MAX_LAUNCH_POINTS and accounted <= len(values)
    else:
        assert accounted == len(values)

    # range and min: each ID:KM item is the override kept for that id, or warned.
    for key, kept in (("range", scenario.max_range_km), ("min", scenario.min_range_km)):
        for text in usable.get(key, []):
            for item in filter(None, (p.strip() for p in text.split(","))):
                system_id, _, number = item.partition(":")
                value = finite_number(number)
                ok = value is not None and (system_id.strip().lower(), round(value, 3)) in kept
                assert ok or _warned(warnings, key), (key, item)

    # parameters given once: repeated ones are warned, and the last value is read.
    for key in ("units", "opacity", "base", "view", "target", "minpop", "gazetteer"):
        values = usable.get(key, [])
        if len(values) > 1:
            assert any(w.startswith(f"{key}: given {len(values)} times") for w in warnings)
    last = {k: v[-1] for k, v in usable.items() if v}
    if "units" in last:
        assert scenario.units == last["units"] or _warned(warnings, "units")
    if "base" in last:
        assert scenario.base == last["base"] or _warned(warnings, "base")
    if "gazetteer" in last:
        assert scenario.gazetteer == last["gazetteer"] or (
            scenario.gazetteer == DEFAULT_EXTRACT and _warned(warnings, "gazetteer")
        )
    if "opacity" in last:
        value = finite_number(last["opacity"])
        if value is not None and 0 <= value <= 1:
            assert scenario.opacity == round(value, 2)
        else:
            assert scenario.opacity == DEFAULT_OPACITY and _warned(warnings, "opacity")
    if "minpop" in last:
        text = last["minpop"].strip()
        if re.fullmatch(r"[0-9]{1,9}", text) and int(text) <= MAX_POPULATION:
            assert scenario.min_population == int(text)
        else:
            assert scenario.min_population == 0 and _warned(warnings, "minpop")
    if "view" in last:
        assert scenario.view is not None or _warned(warnings, "view")
    if "target" in last:
        assert scenario.target is not None or _warned(warnings, "target")


# --- the engine: thousands of query strings -------------------------------------------------

ENGINE = settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@ENGINE
@given(queries(many_points=80))
def test_any_query_string_parses_within_the_limits_and_warns_what_it_drops(query) -> None:
    check_parse(seen_by_app(query), BUILTIN)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(queries(many_points=80), st.lists(st.sampled_from(BIG.ids), max_size=2 * MAX_SYSTEMS))
def test_a_larger_catalogue_keeps_the_limit_on_systems(query, ids) -> None:
    query = as_lists(query)
    query["systems"] = [",".join(ids), *query.get("systems", [])]
    scenario, warnings = check_parse(query, BIG)
    if len(set(ids)) > MAX_SYSTEMS:
        assert len(scenario.systems) == MAX_SYSTEMS
        assert f"systems: only the first {MAX_SYSTEMS} are shown" in warnings


# Explicit hostile cases: each is given to the engine and to the app.
EXPLICIT = {
    "10,000 launch points": {"systems": "atacms", "from": ["50,30"] * 10_000},
    "999 launch points": {"systems": "atacms", "from": [f"{i % 90},{i % 180}" for i in range(999)]},
    "nan, inf and huge coordinates": {
        "systems": "atacms",
        "from": ["1e308,0", "nan,0", "0,nan", "inf,-inf", "-1e308,1e308", "1e309,0"],
    },
    "-0 and empty coordinates": {"systems": "atacms", "from": ["-0,-0", "", ",", ",,", "-0,0,"]},
    "unicode digits": {"systems": "atacms", "from": ["٥٠,٣٠", "５０,３０", "𝟓𝟎,𝟑𝟎"]},
    "right-to-left overrides": {
        "systems": "atacms",
        "from": ["50,30,\u202eevil", "\u202e50,30", "50\u202e,30"],
        "target": "48,31,\u2067x\u2069",
    },
    "5,000-character labels": {
        "systems": "atacms",
        "from": ["50,30," + "x" * 5000, "51,31," + "é" * 3990],
        "target": "48,31," + "y" * 5000,
    },
    "10,000 system ids": {"systems": ",".join(f"bogus{i}" for i in range(10_000))},
    "10,000 systems keys": {"systems": ["atacms"] * 999},
    "repeated units": {"systems": "atacms", "from": "50,30", "units": ["mi", "nmi", "parsecs"]},
    "zoom 1e9": {"systems": "atacms", "from": "50,30", "view": "50,30,1e9"},
    "range 1e308": {"systems": "atacms", "from": "50,30", "range": "atacms:1e308"},
    "tiny ranges": {
        "systems": "atacms,tomahawk",
        "from": "50,30",
        "range": "atacms:0.001,tomahawk:0.4",
        "units": "mi",
    },
    "minimum next to maximum": {
        "systems": "tomahawk,atacms",
        "from": "50,30",
        "range": "tomahawk:20000,atacms:300",
        "min": "tomahawk:19999.9,atacms:299.999",
    },
    "an annulus round to the antipode": {
        "systems": "tomahawk",
        "from": "50,30",
        "range": "tomahawk:19999.999",
        "min": "tomahawk:100",
    },
    "override of a hidden system": {"systems": "atacms", "from": "50,30", "range": "tomahawk:500"},
    "minpop -1": {"systems": "atacms", "from": "50,30", "minpop": "-1"},
    "target 91,0": {"systems": "atacms", "from": "50,30", "target": "91,0"},
    "the poles and the antimeridian": {
        "systems": "atacms,tomahawk",
        "from": ["90,0", "-90,180", "0,-180", "89.999999,179.999999"],
        "target": "-90,-180",
    },
    "every key garbage": {k: "\u202e<b>x</b>%00" for k in KNOWN_PARAMS},
    "every key empty": {k: "" for k in KNOWN_PARAMS},
    "only unknown keys": {"foo": "bar", "": "x"},
    "a value over the limit": {"systems": "atacms," + "x" * MAX_PARAM_CHARS, "from": "50,30"},
    "a query string over 512 Ki characters": {
        "systems": "atacms",
        "from": "50,30," + "x" * 600_000,
    },
}


@pytest.mark.parametrize("query", EXPLICIT.values(), ids=EXPLICIT.keys())
def test_explicit_hostile_queries_in_the_engine(query) -> None:
    check_parse(as_lists(query), BUILTIN)
    check_parse(seen_by_app(query), BUILTIN)


# --- the app: a few hundred query strings ---------------------------------------------------


class Runner:
    """Fresh AppTest sessions of app.py that share one component registry.

    A new AppTest scans every installed package for Streamlit components on its first run
    (about 0.2 s); one scan serves every session here. Each run is a new session, as a newly
    opened link is.
    """

    def __init__(self) -> None:
        self.registry = None

    def open(self, query: dict[str, str | list[str]], *, tab: str = "") -> AppTest:
        """A new session opened on ``query``, with the tab ``tab`` open (the first if none)."""
        at = AppTest.from_file(conftest.APP, default_timeout=60)
        if self.registry is not None and hasattr(at, "_bidi_component_manager"):
            at._bidi_component_manager = self.registry
        for key, value in query.items():
            at.query_params[key] = value
        if tab:
            select_tab(at, tab)
        at.run()
        self.registry = getattr(at, "_bidi_component_manager", None)
        return at


@pytest.fixture(scope="module")
def runner() -> Runner:
    return Runner()


def url_of(at: AppTest) -> dict[str, list[str]]:
    return as_lists(dict(at.query_params))


def check_app(at: AppTest, fake_map, query: dict[str, str | list[str]]) -> Scenario:
    """The rules of a hostile link, in the app that was opened with ``query``."""
    seen = seen_by_app(query)
    scenario, warnings = parse_query(seen, BUILTIN)
    assert not at.exception, [e.value for e in at.exception]
    assert fake_map.calls, "no map was drawn"
    assert not at.error, [e.value for e in at.error]
    # One box for everything dropped (issue 23 item 11: 15 bad parameters made 15 boxes); for
    # one warning it reads as before, "Ignored: " and the escaped warning.
    expected = ignored_message(warnings)
    assert [w.value for w in at.warning] == ([] if expected is None else [expected])
    if len(warnings) == 1:
        assert expected == f"Ignored: {markdown_text(warnings[0])}"
    assert url_of(at) == as_lists(to_query(scenario))
    assert len(url_of(at).get("from", [])) <= MAX_LAUNCH_POINTS
    assert len([t for t in at.text_input if t.key.startswith("label:")]) == len(scenario.points)
    return scenario


@pytest.mark.parametrize("query", EXPLICIT.values(), ids=EXPLICIT.keys())
def test_explicit_hostile_queries_in_the_app(query, runner, fake_map) -> None:
    at = runner.open(query)
    check_app(at, fake_map, query)


def test_streamlit_drops_a_query_string_of_over_1000_fields(runner, fake_map) -> None:
    """What the app gets for 10,000 launch points: nothing (the default scenario)."""
    query = EXPLICIT["10,000 launch points"]
    assert seen_by_app(query) == {}
    at = runner.open(query)
    check_app(at, fake_map, query)
    assert url_of(at)["from"] == ["50.4501,30.5234,Kyiv"]


APP_EXAMPLES = 400


@settings(
    max_examples=APP_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(query=queries(many_points=60))
@example(query={"systems": "atacms", "from": ["50,30"] * 60})
@example(query={"systems": "tomahawk", "from": [f"{i},{2 * i},p{i}" for i in range(-40, 40)]})
@example(query={"units": ["mi", "km"], "view": "0,0,1e9", "minpop": "-1", "target": "91,0"})
def test_any_query_string_opens_a_working_map(query, runner, fake_map) -> None:
    fake_map.calls.clear()
    started = time.perf_counter()
    at = runner.open(query)
    scenario = check_app(at, fake_map, query)
    assert time.perf_counter() - started < 30
    kept = len(scenario.points)
    event(f"launch points kept: {'0' if not kept else '50' if kept == 50 else '1-49'}")
    event(f"systems shown: {len(scenario.systems)}")
    event("warned" if at.warning else "no warning")
