"""Tests for ranges/catalogue/systems.py: the shipped catalogue, every validation rule, and the
API."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pydantic
import pytest

from ranges.catalogue import systems as catalogue_module
from ranges.catalogue.systems import (
    DEFAULT_CATALOGUE_PATH,
    MAX_CATALOGUE_BYTES,
    Catalogue,
    CatalogueError,
    RangeOverrideError,
    SelectionError,
    System,
    UnknownSystemError,
    catalogue_template,
    load_catalogue,
    parse_catalogue,
)

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "data" / "catalogues"
REPORT_NAME = "news-report-long-range-missiles.txt"
REPORT = REPO / "data" / "sources" / REPORT_NAME
# SHA-256 of the report as the project received it (shared/sources/), recorded on 2026-12-01:
# the copy the quotes are checked against must be that text, byte for byte.
REPORT_SHA256 = "0ccaa22b4a6c3759dc8e6cc823a14c87c50d176d9bf9974bb70fd8c53334d09f"

# id -> (name, kind, max_range_km, how the report writes the figure)
SHIPPED = {
    "atacms": ("MGM-140 ATACMS", "ballistic", 300.0, "300 km"),
    "storm-shadow": ("Storm Shadow", "cruise", 250.0, "250 km"),
    "scalp-eg": ("SCALP-EG", "cruise", 250.0, "250 km"),
    "tomahawk": ("BGM-109 Tomahawk", "cruise", 2400.0, "2,400 km"),
}


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return load_catalogue()


# --- The shipped catalogue ----------------------------------------------------------------------


def test_shipped_catalogue_has_the_reported_systems(shipped: Catalogue) -> None:
    assert shipped.ids == tuple(SHIPPED)
    for system_id, (name, kind, max_range_km, _) in SHIPPED.items():
        system = shipped.get(system_id)
        assert (system.name, system.kind, system.max_range_km) == (name, kind, max_range_km)
        assert system.min_range_km == 0.0
        assert system.speed_kmh is None  # the report gives no speed, and every figure is sourced


def test_every_shipped_quote_is_in_the_report_word_for_word(shipped: Catalogue) -> None:
    report = REPORT.read_text(encoding="utf-8")
    for system in shipped.systems:
        assert system.sources
        for source in system.sources:
            assert source.quote is not None, system.id
            assert source.quote in report, system.id
        figure = SHIPPED[system.id][3]
        assert any(figure in (source.quote or "") for source in system.sources), system.id


def test_report_copy_is_the_original() -> None:
    assert hashlib.sha256(REPORT.read_bytes()).hexdigest() == REPORT_SHA256


def test_shipped_colors_are_distinct_hex(shipped: Catalogue) -> None:
    colors = [system.color for system in shipped.systems]
    assert all(color is not None and len(color) == 7 for color in colors)
    assert len(set(colors)) == len(colors)


def test_default_path_does_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert DEFAULT_CATALOGUE_PATH.is_absolute()
    assert load_catalogue().ids == tuple(SHIPPED)


# --- Every rule: one bad file each --------------------------------------------------------------

# File name -> what the one-line message must contain (besides the file name itself).
BAD = {
    # The file as a whole.
    "yaml-syntax.yaml": ["line 5, column 9", "invalid YAML", "expected ',' or ']'"],
    "top-level-list.yaml": ["top level must be a mapping", "'systems'", "got list"],
    "missing-systems.yaml": ["missing 'systems'", "found 'sytems'"],
    "unknown-top-level-key.yaml": ["unknown top-level key 'version'"],
    "systems-not-list.yaml": ["'systems' must be a list", "got dict"],
    "systems-empty.yaml": ["'systems' is empty"],
    "empty-file.yaml": ["the file is empty"],
    "multiple-documents.yaml": ["line 9", "single document"],
    "entry-not-mapping.yaml": ["systems[1]:", "must be a mapping", "got str 'atacms'"],
    # id and name.
    "missing-id.yaml": ["systems[1]: id: is required"],
    "bad-id.yaml": ["systems[1] (id 'ATACMS 2'): id:", "lowercase letters, digits or hyphens"],
    "reserved-id.yaml": ["systems[1] (id 'all'): id:", "reserved"],
    "duplicate-ids.yaml": ["systems[2] (id 'atacms'): id:", "duplicate of systems[0]"],
    "missing-name.yaml": ["systems[1] (id 'atacms'): name: is required"],
    "empty-name.yaml": ["systems[1] (id 'atacms'): name: must not be empty"],
    "name-not-string.yaml": ["name: must be a string (got int 140)", "quotes"],
    "bad-kind.yaml": ["kind: must be one of ballistic, cruise, other (got 'rocket')"],
    # Ranges.
    "missing-max-range.yaml": ["(id 'atacms'): max_range_km: is required"],
    "max-range-zero.yaml": ["max_range_km: must be greater than 0 (got 0)"],
    "max-range-negative.yaml": ["max_range_km: must be greater than 0 (got -5)"],
    "max-range-too-large.yaml": ["max_range_km: must be at most 20000 (got 20004)"],
    "max-range-string.yaml": ["max_range_km: must be a number (got str '300')"],
    "max-range-bool.yaml": ["max_range_km: must be a number (got bool True)"],
    "max-range-nan.yaml": ["max_range_km: must not be NaN or infinite"],
    "max-range-inf.yaml": ["max_range_km: must not be NaN or infinite"],
    "min-range-negative.yaml": ["min_range_km: must be at least 0 (got -1)"],
    "min-range-not-below-max.yaml": ["min_range_km: must be less than max_range_km (got 300"],
    # Sources.
    "missing-sources.yaml": ["(id 'atacms'): sources: is required"],
    "empty-sources.yaml": ["sources: must list at least one source"],
    "source-without-title.yaml": ["sources[0].title: is required"],
    "source-bad-url.yaml": ["sources[0].url: must be an http(s) URL", "javascript:alert(1)"],
    "source-not-mapping.yaml": ["sources[0]: must be a mapping"],
    "unknown-source-field.yaml": ["sources[0]: unknown field 'qoute'", "did you mean 'quote'"],
    "bad-date.yaml": ["line 15", "2024-13-45"],
    # Optional fields.
    "unknown-field.yaml": ["systems[1] (id 'atacms'): unknown field 'rnage_km'"],
    "bad-color.yaml": ["(id 'atacms'): color: must be #rrggbb or #rgb", "got 'red'"],
    "unquoted-color.yaml": ["(id 'atacms'): color:", "quotes"],
    "speed-negative.yaml": ["speed_kmh: must be greater than 0 (got -100)"],
    "aliases-not-list.yaml": ["aliases: must be a list (got str 'MGM-140')"],
    # YAML features a catalogue must not use.
    "duplicate-key.yaml": ["line 15", "duplicate key 'max_range_km'", "first at line 12"],
    "python-object-apply.yaml": ["line 10", "!!python/object/apply:os.system", "not allowed"],
    "python-object.yaml": ["!!python/object:collections.OrderedDict", "not allowed"],
    "custom-tag.yaml": ["tag !km", "not allowed"],
    "merge-key.yaml": ["merge keys (<<) are not allowed"],
    "alias-bomb.yaml": ["line 3", "aliases", "not allowed"],
    "deep-nesting.yaml": ["nested more than 20 levels"],
    # Bytes.
    "not-utf8.yaml": ["not UTF-8", "0xe9"],
}


def test_every_bad_fixture_has_an_expectation() -> None:
    on_disk = {path.name for path in (FIXTURES / "bad").iterdir()}
    assert on_disk == set(BAD)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_catalogue_is_rejected_with_a_precise_message(name: str) -> None:
    path = FIXTURES / "bad" / name
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    for expected in BAD[name]:
        assert expected in message


def test_the_same_rules_apply_to_uploaded_bytes() -> None:
    data = (FIXTURES / "bad" / "max-range-negative.yaml").read_bytes()
    with pytest.raises(CatalogueError, match=r"^upload\.yaml: systems\[1\] \(id 'atacms'\)"):
        parse_catalogue(data, source="upload.yaml")


def test_several_errors_of_one_entry_are_joined_on_one_line() -> None:
    text = "systems:\n  - {id: x, name: X, kind: rocket, max_range_km: -1, sources: []}\n"
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text)
    message = str(caught.value)
    assert message.startswith("<upload>: systems[0] (id 'x'): ")
    assert "kind: must be one of" in message
    assert "; max_range_km: must be greater than 0" in message
    assert "\n" not in message


def test_oversize_file_is_rejected_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"[" * (MAX_CATALOGUE_BYTES + 1))  # would be a YAML error if parsed
    with pytest.raises(CatalogueError, match=r"huge\.yaml: the file is too large \(over 1 MiB\)"):
        load_catalogue(path)
    with pytest.raises(CatalogueError, match="too large"):
        parse_catalogue(path.read_bytes())
    with pytest.raises(CatalogueError, match="too large"):
        parse_catalogue("#" * (MAX_CATALOGUE_BYTES + 1))


def test_too_many_values_are_rejected_early(monkeypatch: pytest.MonkeyPatch) -> None:
    assert catalogue_module.MAX_YAML_VALUES == 100_000
    monkeypatch.setattr(catalogue_module, "MAX_YAML_VALUES", 1000)
    with pytest.raises(
        CatalogueError, match=r"^<upload>: line 1, column \d+: more than 1000 values"
    ):
        parse_catalogue("systems: [" + "1," * 2000 + "1]")


def test_file_of_exactly_the_size_limit_is_accepted(tmp_path: Path) -> None:
    text = catalogue_template().encode()
    path = tmp_path / "padded.yaml"
    path.write_bytes(text + b"#" * (MAX_CATALOGUE_BYTES - len(text)))
    assert path.stat().st_size == MAX_CATALOGUE_BYTES
    assert load_catalogue(path).ids == ("example-missile",)


def test_missing_file_is_a_catalogue_error(tmp_path: Path) -> None:
    path = tmp_path / "nope.yaml"
    with pytest.raises(CatalogueError, match=r"nope\.yaml: cannot read the file"):
        load_catalogue(path)


def test_recursion_error_becomes_a_catalogue_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalogue_module, "MAX_NESTING_DEPTH", 10**9)
    with pytest.raises(CatalogueError, match="nested too deeply"):
        parse_catalogue("systems: " + "[" * 5000 + "]" * 5000)


def test_control_characters_are_a_catalogue_error() -> None:
    with pytest.raises(CatalogueError, match=r"line 2: invalid YAML: character #x0007"):
        parse_catalogue("systems:\n  - \x07\n")


def test_catalogue_errors_are_value_errors() -> None:
    assert issubclass(CatalogueError, ValueError)
    assert issubclass(UnknownSystemError, ValueError)
    assert issubclass(SelectionError, ValueError)
    assert issubclass(RangeOverrideError, ValueError)


# --- Good files ---------------------------------------------------------------------------------


def test_minimal_catalogue_gets_the_defaults() -> None:
    system = load_catalogue(FIXTURES / "good" / "minimal.yaml").get("x1")
    assert system.max_range_km == 1.0 and isinstance(system.max_range_km, float)
    assert system.min_range_km == 0.0
    assert (system.aliases, system.operators) == ((), ())
    assert system.origin is system.speed_kmh is system.color is system.notes is None


def test_full_catalogue_normalises_once() -> None:
    system = load_catalogue(FIXTURES / "good" / "full.yaml").get("example-9000")
    assert system.max_range_km == 1500.5
    assert system.min_range_km == 120.0
    assert system.color == "#ff8800"
    assert system.sources[0].date == "2024-10-01"
    assert system.sources[1].date == "October 2024"
    assert system.sources[1].url is None
    assert system.aliases == ("EX-9000", "Example Nine Thousand")
    assert system.operators == ("Exampleland", "Otherland")
    assert system.speed_kmh == 2500.0


def test_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + (FIXTURES / "good" / "minimal.yaml").read_bytes()
    assert parse_catalogue(data).ids == ("x1",)
    path = tmp_path / "bom.yaml"
    path.write_bytes(data)
    assert load_catalogue(path).ids == ("x1",)
    assert parse_catalogue(data.decode("utf-8")).ids == ("x1",)


def test_anchors_without_aliases_are_allowed() -> None:
    text = "systems:\n  - &a {id: x, name: X, kind: other, max_range_km: 5, sources: [{title: T}]}"
    assert parse_catalogue(text).ids == ("x",)


def test_systems_are_frozen_and_hashable(shipped: Catalogue) -> None:
    system = shipped.get("atacms")
    with pytest.raises(pydantic.ValidationError):
        system.max_range_km = 1.0  # type: ignore[misc]
    assert hash(system) == hash(load_catalogue().get("atacms"))


# --- Catalogue: get, select, merged_with --------------------------------------------------------


def test_get_ignores_case_and_spaces(shipped: Catalogue) -> None:
    assert shipped.get(" Tomahawk ").id == "tomahawk"


def test_get_unknown_lists_the_known_ids(shipped: Catalogue) -> None:
    with pytest.raises(UnknownSystemError) as caught:
        shipped.get("foo")
    known = "atacms, scalp-eg, storm-shadow, tomahawk"
    assert str(caught.value) == f"unknown system 'foo' (known: {known})"


@pytest.mark.parametrize(
    ("specs", "expected"),
    [
        (["atacms"], ("atacms",)),
        (["tomahawk,atacms"], ("tomahawk", "atacms")),
        (["tomahawk", "atacms"], ("tomahawk", "atacms")),
        ([" Tomahawk , ATACMS "], ("tomahawk", "atacms")),
        (["atacms,atacms", "atacms"], ("atacms",)),
        (["all"], ("atacms", "storm-shadow", "scalp-eg", "tomahawk")),
        (["ALL"], ("atacms", "storm-shadow", "scalp-eg", "tomahawk")),
        (["tomahawk,all"], ("tomahawk", "atacms", "storm-shadow", "scalp-eg")),
        (["atacms,,", ""], ("atacms",)),
        ("scalp-eg,atacms", ("scalp-eg", "atacms")),  # one string is one spec, not characters
    ],
)
def test_select(shipped: Catalogue, specs: list[str] | str, expected: tuple[str, ...]) -> None:
    assert tuple(system.id for system in shipped.select(specs)) == expected


def test_select_unknown(shipped: Catalogue) -> None:
    with pytest.raises(UnknownSystemError, match=r"^unknown system 'kalibr' \(known: atacms, "):
        shipped.select(["atacms,kalibr"])


@pytest.mark.parametrize("specs", [[], [""], [" , "]])
def test_select_nothing_is_an_error(shipped: Catalogue, specs: list[str]) -> None:
    with pytest.raises(SelectionError, match="no system selected"):
        shipped.select(specs)


def test_merged_with_replaces_in_place_and_appends(shipped: Catalogue) -> None:
    upload = load_catalogue(FIXTURES / "good" / "upload.yaml")
    merged = shipped.merged_with(upload)
    assert merged.ids == ("atacms", "storm-shadow", "scalp-eg", "tomahawk", "my-drone")
    assert merged.get("atacms").max_range_km == 165.0
    assert merged.get("tomahawk") == shipped.get("tomahawk")
    assert shipped.get("atacms").max_range_km == 300.0  # the original is untouched
    assert merged.source == f"{shipped.source} + {upload.source}"


def test_catalogue_constructor_rejects_duplicates_and_emptiness(shipped: Catalogue) -> None:
    atacms = shipped.get("atacms")
    with pytest.raises(CatalogueError, match=r"^mine: systems\[1\] \(id 'atacms'\): id: dup"):
        Catalogue((atacms, atacms), source="mine")
    with pytest.raises(CatalogueError, match="no systems"):
        Catalogue((), source="mine")


# --- System.with_max_range ----------------------------------------------------------------------


def test_with_max_range_returns_a_validated_copy(shipped: Catalogue) -> None:
    atacms = shipped.get("atacms")
    longer = atacms.with_max_range(500)
    assert longer.max_range_km == 500.0 and isinstance(longer.max_range_km, float)
    assert longer.id == atacms.id and longer.sources == atacms.sources
    assert atacms.max_range_km == 300.0
    assert atacms.with_max_range(20_000).max_range_km == 20_000.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "greater than 0 and at most 20000 km (got 0)"),
        (-5, "(got -5)"),
        (20_000.5, "(got 20000.5)"),
        (math.nan, "must not be NaN or infinite"),
        (math.inf, "must not be NaN or infinite"),
        (True, "must be a number (got bool True)"),
        ("300", "must be a number (got str '300')"),
    ],
)
def test_with_max_range_rejects_out_of_bounds(
    shipped: Catalogue, value: object, expected: str
) -> None:
    with pytest.raises(RangeOverrideError) as caught:
        shipped.get("atacms").with_max_range(value)  # type: ignore[arg-type]
    assert str(caught.value).startswith("range for 'atacms' ")
    assert expected in str(caught.value)


def test_with_max_range_must_stay_above_the_minimum_range() -> None:
    system = load_catalogue(FIXTURES / "good" / "full.yaml").get("example-9000")
    for value in (100, 120):
        with pytest.raises(RangeOverrideError, match="greater than its minimum range of 120 km"):
            system.with_max_range(value)
    assert system.with_max_range(120.5).max_range_km == 120.5


# --- The template -------------------------------------------------------------------------------


def test_template_parses_and_documents_every_field() -> None:
    template = catalogue_template()
    catalogue = parse_catalogue(template)
    assert catalogue.ids == ("example-missile",)
    for field in System.model_fields:
        assert f"{field}:" in template
    assert template.startswith("#")


# --- No disguised names ---------------------------------------------------------------------------

HIDDEN = {
    "right-to-left override": "\\u202e",
    "left-to-right isolate": "\\u2066",
    "right-to-left mark": "\\u200f",
    "zero-width space": "\\u200b",
    "zero-width joiner": "\\u200d",
    "zero-width non-joiner": "\\u200c",
    "byte-order mark": "\\ufeff",
    "soft hyphen": "\\xad",
    "bell": "\\a",
    "C1 control": "\\x9b",
    "line separator": "\\u2028",
}
TEXT_FIELDS = {
    "name": ("name: {}", "name"),
    "alias": ("aliases: [{}]", "aliases[0]"),
    "origin": ("origin: {}", "origin"),
    "operator": ("operators: [{}]", "operators[0]"),
    "notes": ("notes: {}", "notes"),
    "title": ("sources: [{{title: {}}}]", "sources[0].title"),
    "quote": ("sources: [{{title: t, quote: {}}}]", "sources[0].quote"),
    "date": ("sources: [{{title: t, date: {}}}]", "sources[0].date"),
}


def _entry(line: str) -> str:
    fields = {"name": "name: Storm Shadow", "sources": "sources: [{title: A report}]"}
    key = line.split(":", 1)[0]
    fields[key] = line
    body = "\n    ".join(["id: x", "kind: cruise", "max_range_km: 250", *fields.values()])
    return f"systems:\n  - {body}\n"


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
@pytest.mark.parametrize("field", TEXT_FIELDS.values(), ids=TEXT_FIELDS.keys())
def test_text_with_hidden_characters_is_refused_with_one_line(field, char) -> None:
    """A name that reads as another (bidi override, zero-width joiner) or hides text is refused
    the way a launch label is, with the catalogue's one-line message naming the field."""
    template, path = field
    text = _entry(template.format(f'"Storm{char} Shadow"'))
    with pytest.raises(CatalogueError) as info:
        parse_catalogue(text)
    message = str(info.value)
    assert message.startswith(f"<upload>: systems[0] (id 'x'): {path}: must not contain control")
    assert "\n" not in message and "at character 6" in message
    assert not any(c in message for c in "\u202e\u2066\u200f\u200b\u200d\u200c\ufeff")


def test_quotes_and_notes_may_run_over_lines_and_names_may_use_any_script() -> None:
    text = _entry('notes: "Reported twice:\\nfirst 250 km, then 300 km."')
    system = parse_catalogue(text.replace("Storm Shadow", "Шторм Шэдоу · 暴風影 · स्टॉर्म"))
    assert system.systems[0].notes == "Reported twice:\nfirst 250 km, then 300 km."
    assert system.systems[0].name == "Шторм Шэдоу · 暴風影 · स्टॉर्म"
    with pytest.raises(CatalogueError, match=r"name: must not contain control"):
        parse_catalogue(_entry('name: "Storm\\nShadow"'))
