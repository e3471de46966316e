"""Own targets keep their kind and country: in the scenario's items, the measured list, the
exported files and the scenario file; a link drops them and stays readable by an older reader
(ranges.targets.sources, ranges.scenario.targetlink)."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from ranges.catalogue.systems import load_catalogue
from ranges.export.targets import targets_csv, targets_kml
from ranges.places.points import LaunchPoint
from ranges.scenario.link import parse_query, to_query
from ranges.scenario.model import Scenario
from ranges.scenario.scenariofile import scenario_from_file, scenario_to_file
from ranges.targets.measure import measure_targets
from ranges.targets.model import MAX_TEXT_CHARS, clean_text
from ranges.targets.sources import (
    ITEM_SEP,
    item_parts,
    link_item,
    own_item,
    target_item,
    targets_of_items,
)
from ranges.web.targets import marked_targets, target_data

BUILTIN = load_catalogue()
DEPOT = own_item(55.75, 37.62, "Moscow depot", "fuel depot", "Russia")

lats = st.floats(-90, 90, allow_nan=False)
lons = st.floats(-180, 180, allow_nan=False)
texts = st.text(max_size=150)
labels = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u202e"),
    max_size=100,
)


@settings(max_examples=200, deadline=None)
@given(lats, lons, labels, texts, texts)
def test_an_item_is_canonical_and_keeps_kind_and_country(lat, lon, label, kind, country) -> None:
    item = own_item(lat, lon, label, kind, country)
    assert target_item(item) == item  # canonical: reading it again changes nothing
    point, k, c = item_parts(item)
    assert (k, c) == (clean_text(kind), clean_text(country))
    assert ITEM_SEP not in k + c and len(k) <= MAX_TEXT_CHARS and len(c) <= MAX_TEXT_CHARS
    assert point == LaunchPoint.rounded(lat, lon, label)
    # the link's form is the item without kind and country, and an older reader reads it
    assert LaunchPoint.from_query(link_item(item)) == point
    if not (k or c):
        assert item == link_item(item)


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(lats, lons, labels, texts, texts), min_size=1, max_size=8))
def test_the_scenario_file_carries_kind_and_country_and_the_link_drops_them(rows) -> None:
    items = tuple(dict.fromkeys(own_item(*row) for row in rows))
    scenario = Scenario(systems=("atacms",), targets=items)
    again, warnings = scenario_from_file(scenario_to_file(scenario), BUILTIN)
    assert warnings == [] and again.targets == items
    linked, warnings = parse_query(to_query(scenario), BUILTIN)
    assert warnings == []
    assert linked.targets == tuple(target_item(link_item(i)) for i in items)


def test_the_measured_list_has_the_kinds_and_countries() -> None:
    targets = targets_of_items(("airfields:military", DEPOT, "1,2"))
    assert targets.names[-2:] == ["Moscow depot", "1, 2"]
    assert list(targets.kinds[-2:]) == ["fuel depot", ""]
    assert list(targets.countries[-2:]) == ["Russia", ""]


def test_a_link_writes_no_separator_and_an_old_file_still_reads() -> None:
    scenario = Scenario(systems=("atacms",), targets=("airfields", DEPOT))
    assert to_query(scenario)["targets"] == ["airfields", "55.75,37.62,Moscow depot"]
    old = "rangemap_scenario: 1\nsystems: [atacms]\ntargets:\n- {lat: 1, lon: 2, label: A}\n"
    again, warnings = scenario_from_file(old, BUILTIN)
    assert warnings == [] and again.targets == ("1,2,A",)


def test_a_separator_in_a_link_or_a_files_text_is_refused_not_read_as_a_kind() -> None:
    """A link carries no kind or country: ``0,0<U+001F>0`` in one used to give the target the
    kind "0", which the link written back dropped (the link did not read back the same:
    hypothesis, test_a_larger_catalogue_keeps_the_limit_on_systems). Refused as a control
    character, as in a label; likewise a file's target written as text."""
    hostile = f"1,2,A{ITEM_SEP}fuel depot{ITEM_SEP}Russia"
    scenario, warnings = parse_query({"systems": "atacms", "targets": ["3,4", hostile]}, BUILTIN)
    assert scenario.targets == ("3,4",)
    assert any("control characters" in w for w in warnings), warnings
    again, _ = parse_query(to_query(scenario), BUILTIN)
    assert again == scenario
    file = f'rangemap_scenario: 1\nsystems: [atacms]\ntargets:\n- "{hostile}"\n- 3,4\n'
    from_file, warnings = scenario_from_file(file.replace(ITEM_SEP, "\\x1f"), BUILTIN)
    assert from_file.targets == ("3,4",) and warnings


def test_the_file_writes_kind_and_country_as_keys_only_where_there_are_some() -> None:
    scenario = Scenario(systems=("atacms",), targets=(DEPOT, "1,2,A"))
    text = scenario_to_file(scenario)
    assert "kind: fuel depot" in text and "country: Russia" in text
    assert text.count("kind:") == 1 and "\x1f" not in text


def test_hostile_kinds_and_labels_in_a_file() -> None:
    file = (
        "rangemap_scenario: 1\nsystems: [atacms]\ntargets:\n"
        '- {lat: 1, lon: 2, label: "a\\x1fb"}\n'
        '- {lat: 3, lon: 4, label: B, kind: "x\\x1fy\\u202ez\\n", country: 7}\n'
        f"- {{lat: 5, lon: 6, kind: {'k' * 500}}}\n"
    )
    scenario, warnings = scenario_from_file(file, BUILTIN)
    assert len(scenario.targets) == 2  # the label with a separator is refused, as in a link
    assert any("control characters" in w for w in warnings)
    assert any("targets[1].country must be text" in w for w in warnings)
    _, kind, country = item_parts(scenario.targets[0])
    assert (kind, country) == ("x y z", "")
    _, kind, _ = item_parts(scenario.targets[1])
    assert len(kind) == MAX_TEXT_CHARS and kind.endswith("…")


def test_exports_carry_kind_and_country_spreadsheet_safe() -> None:
    items = (own_item(50.6, 36.6, "Base", "=cmd|' /C calc'!A0", "<b>Land</b>"),)
    kyiv = LaunchPoint(50.45, 30.52, "Kyiv")
    measures = measure_targets(targets_of_items(items), [BUILTIN.systems[0]], [kyiv], [])
    rows = list(csv.DictReader(io.StringIO(targets_csv(measures))))
    assert rows[0]["kind"] == "'=cmd|' /C calc'!A0" and rows[0]["country"] == "<b>Land</b>"
    kml = targets_kml(measures)
    assert "&lt;b&gt;Land&lt;/b&gt;" in kml and "<b>" not in kml


def test_the_map_tooltip_data_has_an_own_targets_kind_and_country() -> None:
    systems = [BUILTIN.systems[0]]
    kyiv = LaunchPoint(50.45, 30.52, "Kyiv")
    measures = measure_targets(targets_of_items((DEPOT,)), systems, [kyiv], [])
    data = target_data(measures, systems, "km", marked_targets(measures).rows)
    assert data["kinds"] == ["fuel depot"] and data["countries"] == ["Russia"]
    row = data["rows"][0]
    assert (data["kinds"][row[3]], data["countries"][row[4]]) == ("fuel depot", "Russia")
