"""The ``targets`` parameter of a link and a scenario file (ranges.scenario.targetlink)."""

from __future__ import annotations

from ranges.catalogue.systems import load_catalogue
from ranges.scenario.link import parse_query, to_query
from ranges.scenario.model import Scenario
from ranges.scenario.scenariofile import scenario_from_file, scenario_to_file
from ranges.targets.sources import MAX_LINK_TARGETS, targets_of_items

BUILTIN = load_catalogue()


def test_sets_first_once_and_bad_values_warned() -> None:
    scenario, warnings = parse_query(
        {"targets": ["1,2,A", "AIRFIELDS", "airfields", "nowhere", "95,1"]}, BUILTIN
    )
    assert scenario.targets == ("airfields", "1,2,A")
    assert len(warnings) == 2 and all(w.startswith("targets: ") for w in warnings)


def test_a_link_keeps_the_first_hundred_the_file_all() -> None:
    own = tuple(f"{i / 100:g},{i / 50:g},t{i}" for i in range(150))
    scenario = Scenario(systems=("atacms",), targets=("airfields:military", *own))
    link = to_query(scenario)["targets"]
    assert link[0] == "airfields:military" and len(link) == 1 + MAX_LINK_TARGETS
    again, warnings = scenario_from_file(scenario_to_file(scenario), BUILTIN)
    assert warnings == [] and again.targets == scenario.targets


def test_items_become_one_list() -> None:
    targets = targets_of_items(("airfields:military", "55.75,37.62,Moscow depot", "1,2"))
    assert targets.names[-2:] == ["Moscow depot", "1, 2"]
    assert len(targets) > 1_500 and targets.sets == ("airfields:military",)
