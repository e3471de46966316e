"""Nothing lost: any valid scenario survives URL -> app -> URL and scenario file -> app -> file.

``tests/test_scenario.py`` checks the same round trips in the engine (``parse_query`` and
``to_query``, ``scenario_from_file`` and ``scenario_to_file``); here the app's widgets and state
are in the loop. The scenarios are those of ``tests/test_scenario.py`` (every field within its
rules, labels full of Markdown, YAML and HTML specials) on the built-in catalogue, with at most
ten launch points (each costs rings and a reach computation in the app).
"""

from __future__ import annotations

import functools
from dataclasses import replace

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import load_catalogue
from ranges.places.points import LaunchPoint
from ranges.scenario.link import parse_query, to_query
from ranges.scenario.model import Scenario, View, default_scenario, make_point
from ranges.scenario.scenariofile import scenario_to_file
from tests.test_scenario import POINTS, scenarios

from .test_hostile_urls import Runner, as_lists, url_of

BUILTIN = load_catalogue()
MAX_POINTS = 10


@st.composite
def app_scenarios(draw: st.DrawFn) -> Scenario:
    scenario = draw(scenarios(BUILTIN))
    return replace(scenario, points=tuple(draw(st.lists(POINTS, max_size=MAX_POINTS))))


# Cases the app once lost, and edges of the sliders.
EXAMPLES = [
    # an override of a hidden system; an override equal to the catalogue's figure
    Scenario(systems=("atacms",), max_range_km=(("atacms", 300.0), ("tomahawk", 500.0))),
    # a minimum just under the maximum; ranges under one unit of the slider
    Scenario(
        systems=("atacms", "tomahawk"),
        points=(make_point(50.45, 30.52, "Kyiv"),),
        max_range_km=(("atacms", 0.4), ("tomahawk", 20_000.0)),
        min_range_km=(("atacms", 0.399), ("tomahawk", 19_999.999)),
        units="mi",
    ),
    # everything away from its default
    Scenario(
        systems=("storm-shadow", "scalp-eg"),
        points=(LaunchPoint(-90.0, -180.0, "a,b <b>*x*</b>"), LaunchPoint(90.0, 180.0)),
        min_range_km=(("scalp-eg", 0.0),),
        units="nmi",
        opacity=1.0,
        base="satellite",
        view=View(-89.9999, 179.9999, 20),
        target=LaunchPoint(0.0, 0.0, "`${x}`"),
        min_population=100_000_000,
    ),
    # an annulus reaching round to the antipode: a polygon with two holes of different sizes
    Scenario(
        systems=("atacms",),
        points=(make_point(0.0, 0.20641),),
        max_range_km=(("atacms", 19_999.999),),
        min_range_km=(("atacms", 0.001),),
    ),
    default_scenario(BUILTIN),
    Scenario(),
]

SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def _with_examples(test, *, pairs: bool = False):
    """The EXAMPLES first; for a file, each loaded over the default scenario (and the default
    over the first of them)."""
    for scenario in EXAMPLES:
        if pairs:
            test = example(scenario=scenario, before=default_scenario(BUILTIN))(test)
        else:
            test = example(scenario=scenario)(test)
    if pairs:
        test = example(scenario=default_scenario(BUILTIN), before=EXAMPLES[2])(test)
    return test


runner = Runner()


@SETTINGS
@given(scenario=app_scenarios())
@_with_examples
def test_a_link_comes_back_from_the_app_unchanged(scenario, fake_map):
    query = to_query(scenario)
    assert parse_query(query, BUILTIN) == (scenario, [])  # a valid scenario
    fake_map.calls.clear()
    at = runner.open(query)
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning and not at.error
    assert fake_map.calls
    assert url_of(at) == as_lists(query)
    # What is drawn is the scenario's: one ring per launch point and system.
    rings = [f for f in fake_map.ring_features() if "system" in f["properties"]]
    assert len(rings) == len(scenario.points) * len(scenario.systems)
    assert {f["properties"]["system"] for f in rings} <= set(scenario.systems)


@SETTINGS
@given(scenario=app_scenarios(), before=app_scenarios())
@functools.partial(_with_examples, pairs=True)
def test_a_scenario_file_comes_back_from_the_app_unchanged(scenario, before, fake_map):
    """Open the app on one scenario, load another from its file: the app's state (read back
    from the URL it writes) is the file's scenario, and writes the same file."""
    text = scenario_to_file(scenario)
    at = runner.open(to_query(before), tab="Export")
    assert not at.exception
    upload = at.file_uploader(key="scenario_upload")
    upload.set_value(("s.yaml", text.encode("utf-8"), "application/yaml")).run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.warning and not at.error
    assert url_of(at) == as_lists(to_query(scenario))
    loaded, warnings = parse_query(url_of(at), BUILTIN)
    assert warnings == []
    assert scenario_to_file(loaded) == text
