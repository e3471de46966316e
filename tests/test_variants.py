"""Variants of a system (INTERFACES section 1, extended): their rules, their sources, their
selection as ``id:variant``; every quote of the shipped catalogue is checked against its stored
excerpt in data/sources/."""

from __future__ import annotations

import contextlib
import io
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from ranges.catalogue.citations import figure_citations, figures_note, footer_source_lines
from ranges.catalogue.systems import (
    Catalogue,
    CatalogueError,
    UnknownSystemError,
    catalogue_template,
    load_catalogue,
    parse_catalogue,
)
from ranges.cli import main
from ranges.places.extracts import default_gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.forward import compute_reach
from ranges.reach.longer import what_longer_adds
from ranges.scenario.link import parse_query, to_query
from ranges.scenario.model import effective_systems
from ranges.scenario.scenariofile import scenario_from_file, scenario_to_file

REPO = Path(__file__).resolve().parents[1]
SOURCES = REPO / "data" / "sources"
REPORT = SOURCES / "news-report-long-range-missiles.txt"


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue()


def _words(text: str) -> str:
    return " ".join(text.split())


def _excerpts() -> dict[str | None, str]:
    """url -> excerpt text (the part after the '---' line); None -> the report."""
    out: dict[str | None, str] = {None: REPORT.read_text(encoding="utf-8")}
    for path in sorted(SOURCES.glob("*.txt")):
        if path == REPORT:
            continue
        head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
        assert sep, f"{path.name}: no '---' line between the header and the excerpt"
        fields = dict(
            line.split(": ", 1) for line in head.splitlines() if re.match(r"^[a-z ()]+: ", line)
        )
        for key in ("title", "publisher", "url", "date"):
            assert fields.get(key), f"{path.name}: header has no {key}"
        assert fields["url"] not in out, f"{path.name}: a second excerpt of {fields['url']}"
        assert len(body) < 2000, f"{path.name}: an excerpt, not the article ({len(body)} chars)"
        out[fields["url"]] = body
    return out


def _all_sources(catalogue: Catalogue):
    for system in catalogue.systems:
        for source in system.sources:
            yield system.id, source
        for variant in system.variants:
            for source in variant.sources:
                yield f"{system.id}:{variant.id}", source


# --- The shipped catalogue's sources ------------------------------------------------------------


def test_every_quote_equals_its_stored_excerpt(shipped: Catalogue) -> None:
    excerpts = _excerpts()
    used = set()
    for key, source in _all_sources(shipped):
        assert source.quote, key
        assert source.url in excerpts, f"{key}: no excerpt in data/sources/ for {source.url}"
        assert _words(source.quote) in _words(excerpts[source.url]), (key, source.url)
        used.add(source.url)
    assert used == set(excerpts), "an excerpt no quote uses"


def test_every_variant_cites_a_source_besides_the_report(shipped: Catalogue) -> None:
    for key, source in _all_sources(shipped):
        if ":" in key:
            assert source.url and source.publisher and source.date, key
            assert "RT.com" not in source.citation, key


def test_shipped_variants_and_their_figures(shipped: Catalogue) -> None:
    figures = {s.key: s.max_range_km for s in shipped.select(["all"])}
    assert figures == {"atacms": 300, "storm-shadow": 250, "scalp-eg": 250, "tomahawk": 2400}
    every = {s.key: s.max_range_km for spec in shipped.ids for s in shipped.figures(spec)}
    assert every["atacms:mid-range"] == 165 and every["atacms:long-range"] == 300
    assert every["tomahawk:block-iv"] == 1600 and every["tomahawk:reported-2500"] == 2500
    assert every["storm-shadow:reported-560"] == 560 and every["scalp-eg:export"] == 250
    tomahawk = shipped.get("tomahawk")
    assert tomahawk.disputed and tomahawk.published_range_km() == (1600, 2500)
    assert "1,945" in (tomahawk.notes or "") and "1,655" in (tomahawk.notes or "")


def test_a_variant_keeps_the_system_and_carries_its_own_figures(shipped: Catalogue) -> None:
    block = shipped.get(" Tomahawk:Block-IV ")
    assert (block.system_id, block.variant, block.variant_name) == (
        "tomahawk",
        "block-iv",
        "Block IV",
    )
    assert block.id == "tomahawk:block-iv" and shipped.get("tomahawk").system_id == "tomahawk"
    assert block.key == "tomahawk:block-iv" and block.label == "BGM-109 Tomahawk, Block IV"
    assert block.max_range_km == 1600 and block.color == shipped.get("tomahawk").color
    assert block.sources[0].publisher.startswith("Boston Herald")
    assert block.published_range_km() == (1600, 2400 + 100)
    assert block.base_figure() == shipped.get("tomahawk")
    # the default's sources, then those of variants with the same figure (they corroborate it)
    atacms = [s.publisher for s in shipped.get("atacms").figure_sources()]
    assert atacms[0].startswith("RT.com") and any("Lockheed Martin" in p for p in atacms)


def test_selection_by_key_and_id_all(shipped: Catalogue) -> None:
    keys = [s.key for s in shipped.select(["tomahawk:all, atacms", "tomahawk:block-iv"])]
    assert keys == ["tomahawk", "tomahawk:block-iv", "tomahawk:reported-2500", "atacms"]
    with pytest.raises(UnknownSystemError, match=r"unknown variant 'block-x' of 'tomahawk'"):
        shipped.select(["tomahawk:block-x"])
    with pytest.raises(UnknownSystemError, match="tomahawk:block-iv"):
        shipped.get("tomahawk:nope")


# --- The rules ----------------------------------------------------------------------------------

BASE = "systems:\n  - {id: t, name: T, kind: cruise, max_range_km: 2400, sources: [{title: R}],\n"


def _with_variants(variants: str) -> str:
    return BASE + f"     variants: [{variants}]}}\n"


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (
            "{id: a, name: A, max_range_km: 5, sources: [{title: x}]},"
            " {id: a, name: B, max_range_km: 6, sources: [{title: x}]}",
            "id 'a' of variants[1] repeats variants[0]",
        ),
        (
            "{id: a, name: A, max_range_km: 30000, sources: [{title: x}]}",
            "variants[0] (id 'a'): max_range_km: must be at most 20000 (got 30000)",
        ),
        (
            "{id: a, name: A, max_range_km: 0, sources: [{title: x}]}",
            "variants[0] (id 'a'): max_range_km: must be greater than 0",
        ),
        (
            "{id: a, name: A, max_range_km: 100, min_range_km: 100, sources: [{title: x}]}",
            "variants[0] (id 'a'): min_range_km: must be less than max_range_km",
        ),
        (
            "{id: a, name: A, max_range_km: 100, sources: []}",
            "variants[0] (id 'a'): sources: must list at least one source",
        ),
        ("{id: a, name: A, max_range_km: 100}", "variants[0] (id 'a'): sources: is required"),
        (
            "{id: Bad_Id, name: A, max_range_km: 100, sources: [{title: x}]}",
            "variants[0] (id 'Bad_Id'): id: must be 1 to 40 lowercase letters",
        ),
        (
            "{id: all, name: A, max_range_km: 100, sources: [{title: x}]}",
            "'all' is reserved",
        ),
        (
            "{id: a, name: A, max_range_km: 100, sources: [{title: x}], rnage_km: 5}",
            "variants[0] (id 'a'): unknown field 'rnage_km'",
        ),
        (
            "{id: a, name: A, max_range_km: 100, sources: [{title: x, publsher: P}]}",
            "variants[0] (id 'a'): sources[0]: unknown field 'publsher'"
            " (did you mean 'publisher'?)",
        ),
        (
            "{id: a, name: A, max_range_km: '100', sources: [{title: x}]}",
            "variants[0] (id 'a'): max_range_km: must be a number",
        ),
        ("{id: a, max_range_km: 100, sources: [{title: x}]}", "variants[0] (id 'a'): name"),
    ],
)
def test_bad_variants_are_rejected_naming_file_entry_variant_and_field(
    variants: str, expected: str
) -> None:
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(_with_variants(variants), source="my.yaml")
    message = str(info.value)
    assert message.startswith("my.yaml: systems[0] (id 't'): "), message
    assert expected in message, message


@pytest.mark.parametrize("field", ["variant", "variant_name"])
def test_a_catalogue_cannot_write_what_a_selection_sets(field: str) -> None:
    text = BASE + f"     {field}: x}}\n"
    with pytest.raises(CatalogueError, match=f"unknown field '{field}'"):
        parse_catalogue(text, source="my.yaml")


def test_template_shows_a_variant_and_a_publisher() -> None:
    catalogue = parse_catalogue(catalogue_template())
    system = catalogue.get("example-missile")
    assert [v.id for v in system.variants] == ["block-2"]
    assert system.sources[0].publisher == "Example Publisher"
    assert catalogue.get("example-missile:block-2").max_range_km == 800


# --- The command line: --system id:variant --------------------------------------------------


def _cli(args: list[str]) -> tuple[int, str, str]:

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(args)
    return status, out.getvalue(), err.getvalue()


def test_cli_rings_carry_the_variant_in_geojson_and_kml() -> None:

    status, out, _ = _cli(["rings", "--system", "tomahawk:all", "--from", "50.45,30.52,Kyiv"])
    assert status == 0
    props = [f["properties"] for f in json.loads(out)["features"]]
    assert "variant" not in props[0]  # the catalogue's own figure: properties as before
    rows = [
        (p["system"], p.get("variant"), p.get("variant_name"), p["max_range_km"]) for p in props
    ]
    assert rows == [
        ("tomahawk", None, None, 2400),
        ("tomahawk", "block-iv", "Block IV", 1600),
        ("tomahawk", "reported-2500", "Longer-range reports", 2500),
    ]
    assert props[1]["source_publisher"].startswith("Boston Herald")
    status, out, _ = _cli(
        ["rings", "--system", "tomahawk:block-iv", "--from", "50.45,30.52", "--format", "kml"]
    )
    assert status == 0
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    data = {
        d.get("name"): d.findtext("k:value", default="", namespaces=ns)
        for d in ET.fromstring(out).iterfind(".//k:Data", ns)
    }
    assert (data["system"], data["variant"], data["variant_name"]) == (
        "tomahawk",
        "block-iv",
        "Block IV",
    )


def test_cli_reach_names_a_variant_as_id_colon_variant() -> None:
    status, out, _ = _cli(
        [
            "reach",
            "--system",
            "tomahawk:block-iv,tomahawk",
            "--from",
            "50.45,30.52,Kyiv",
            "--min-population",
            "5000000",
            "--gazetteer",
            "cities15000",
        ]
    )
    assert status == 0
    systems = {line.split(",")[6] for line in out.splitlines()[1:]}
    assert systems == {"tomahawk", "tomahawk:block-iv"}


def test_cli_unknown_variant_is_one_error_line() -> None:
    status, out, err = _cli(["rings", "--system", "tomahawk:block-x", "--from", "50,30"])
    assert status == 2 and out == ""
    assert err.startswith(
        "error: unknown variant 'block-x' of 'tomahawk' (known: tomahawk:block-iv"
    )
    assert err.count("\n") == 1


# --- What a longer range adds, between figures ----------------------------------------------


def test_what_a_longer_figure_adds_beyond_a_shorter_one(shipped: Catalogue) -> None:
    gazetteer = default_gazetteer("cities15000")
    kyiv = [LaunchPoint(50.4501, 30.5234, "Kyiv")]
    block, report = shipped.get("tomahawk:block-iv"), shipped.get("tomahawk")
    gain = what_longer_adds(kyiv, block, report, gazetteer, min_population=1_000_000)
    both = compute_reach(kyiv, [block, report], gazetteer, min_population=1_000_000)
    ids = both.cities["systems"].str.split(",")
    expected = both.cities[ids.map(lambda s: "tomahawk" in s and "tomahawk:block-iv" not in s)]
    assert gain.places == len(expected) > 0
    assert set(gain.cities["city"]) == set(expected["city"])
    assert "Moscow" not in set(gain.cities["city"])  # 756 km: within both
    assert gain.people == int(expected.loc[expected["part_of"] == "", "population"].sum())
    assert gain.sentence() == (
        f"BGM-109 Tomahawk 2,400 km adds {gain.places:,} places and {gain.people:,} people"
        " beyond Block IV's 1,600 km"
    )
    with pytest.raises(ValueError, match="two different figures"):
        what_longer_adds(kyiv, report, report, gazetteer)


# --- Citations: publisher first, and where figures differ -----------------------------------


def test_citations_name_publishers_first_and_say_when_figures_differ(shipped: Catalogue) -> None:
    block = shipped.get("tomahawk:block-iv")
    assert figure_citations(block, limit=2, short=True) == [
        "Boston Herald, citing Raytheon (2017-04-08)",
        "USNI News (U.S. Naval Institute), as excerpted by nosi.org (2016-05-18)",
        "and 1 more",
    ]
    assert figures_note(shipped.get("tomahawk")) == "disputed; published figures 1,600-2,500 km"
    assert figures_note(shipped.get("atacms:mid-range")) == "published figures 165-300 km"
    assert figures_note(parse_catalogue(catalogue_template()).get("example-missile")) == (
        "published figures 500-800 km"
    )
    lines = footer_source_lines([shipped.get("tomahawk"), block])
    assert lines[0].startswith("BGM-109 Tomahawk, 2,400 km: RT.com, as republished by TROIB")
    assert lines[0].endswith("Disputed; published figures 1,600-2,500 km.")
    assert lines[1].startswith("BGM-109 Tomahawk, Block IV, 1,600 km: Boston Herald, citing")
    # a publication quoted twice (two sentences of one article) is cited once
    long_range = figure_citations(shipped.get("atacms:long-range"), limit=9, short=True)
    assert len(long_range) == len(set(long_range)) == 4  # its three and the report (300 km too)


# --- The link and the scenario file carry the choice ----------------------------------------


def test_link_round_trip_with_variants(shipped: Catalogue) -> None:
    query = {
        "systems": "tomahawk,atacms,storm-shadow",
        "variant": ["Tomahawk:Block-IV", "atacms:all"],
        "from": "50.45,30.52,Kyiv",
    }
    scenario, warnings = parse_query(query, shipped)
    assert warnings == []
    assert scenario.variants == (("atacms", "all"), ("tomahawk", "block-iv"))
    link = to_query(scenario)
    assert link["variant"] == "atacms:all,tomahawk:block-iv"
    again, warnings = parse_query(link, shipped)
    assert again == scenario and warnings == []
    figures = [(s.id, s.max_range_km) for s in effective_systems(scenario, shipped)]
    assert figures == [
        ("atacms", 300),
        ("atacms:mid-range", 165),
        ("atacms:long-range", 300),
        ("storm-shadow", 250),
        ("tomahawk:block-iv", 1600),
    ]
    assert "variant" not in to_query(replace(scenario, variants=()))


def test_link_drops_unknown_variants_with_a_warning(shipped: Catalogue) -> None:
    query = {"systems": "tomahawk", "variant": "tomahawk:block-x,nope:all,tomahawk"}
    scenario, warnings = parse_query(query, shipped)
    assert scenario.variants == ()
    assert len(warnings) == 1 and warnings[0].startswith("variant: 'tomahawk:block-x'")
    assert "(unknown system)" in warnings[0] and "block-iv, reported-2500, all" in warnings[0]


def test_a_range_override_of_a_variant_is_checked_against_its_figure(shipped: Catalogue) -> None:
    query = {"systems": "tomahawk", "variant": "tomahawk:block-iv", "min": "tomahawk:1700"}
    scenario, warnings = parse_query(query, shipped)
    assert scenario.min_range_km == () and "not below 1600 km" in warnings[0]


def test_scenario_file_round_trip_with_variants(shipped: Catalogue) -> None:
    scenario, _ = parse_query(
        {"systems": "tomahawk", "variant": "tomahawk:reported-2500", "from": "50,30"}, shipped
    )
    text = scenario_to_file(scenario)
    assert "variants: {tomahawk: reported-2500}\n" in text
    again, warnings = scenario_from_file(text, shipped)
    assert again == scenario and warnings == []
    bad = text.replace("tomahawk: reported-2500", "tomahawk: [1, 2]")
    again, warnings = scenario_from_file(bad, shipped)
    assert again.variants == () and any(w.startswith("variants:") for w in warnings)
