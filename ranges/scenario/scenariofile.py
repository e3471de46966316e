"""The scenario file codec: a :class:`~ranges.scenario.model.Scenario` <-> a commented YAML file.

:func:`scenario_to_file` writes every row of :data:`ranges.scenario.params.PARAMS` under its
file key, with the row's help as a comment, so the file documents itself. :func:`scenario_from_file`
reads such a file (or one written by hand or as JSON), turns it into the link's parameters with
each row's ``from_file`` reader and reads them with :func:`ranges.scenario.link.parse_query`: the
rules and the warnings are the URL's.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import yaml

from ranges.catalogue.systems import Catalogue
from ranges.errors import ScenarioFileError
from ranges.scenario.link import Query, parse_query
from ranges.scenario.model import Scenario
from ranges.scenario.params import FILE_KEYS, PARAMS
from ranges.scenario.reading import quoted, some_of
from ranges.text import brief, type_name
from ranges.yamlsafe import YAMLReadError, decode_text, load_yaml

__all__ = ["FILE_VERSION", "MAX_FILE_BYTES", "scenario_from_file", "scenario_to_file"]

FILE_VERSION = 1
MAX_FILE_BYTES = 256 * 1024

_FILE_HEADER = (
    "A rangemap scenario: load it in the app (Export tab) to see the same picture again.",
    "YAML (JSON works too). Values are checked like the app's URL parameters: anything",
    "that cannot be used is dropped with a warning.",
    "",
    "The version of this file format.",
)


def _file_part(key: str, value: object, comments: Sequence[str]) -> str:
    comment = "".join(f"# {line}".rstrip() + "\n" for line in comments)
    text = yaml.safe_dump(
        {key: value},
        sort_keys=False,
        allow_unicode=True,
        # block style for the document, flow style for the innermost lists and mappings
        default_flow_style=None if isinstance(value, list | dict) else False,
        width=1_000_000,  # never fold a long label
    )
    return comment + text


def scenario_to_file(scenario: Scenario) -> str:
    """The scenario as a commented YAML document that :func:`scenario_from_file` reads back.

    Every key is written (defaults too), so the file documents itself, but for a key added
    later that is at its default (``variants``: no variant chosen), which a file then leaves
    out, as files written before it did::

        rangemap_scenario: 1
        systems: [atacms, tomahawk]
        launch_points:
        - {lat: 50.4501, lon: 30.5234, label: Kyiv}
        max_range_km: {atacms: 350.0}
        ...
    """
    parts = [_file_part("rangemap_scenario", FILE_VERSION, _FILE_HEADER)]
    for param in PARAMS:
        value = param.to_file(getattr(scenario, param.field))
        if not param.file_when_default and param.format(getattr(scenario, param.field)) is None:
            continue
        parts.append(_file_part(param.file_key, value, param.file_help))
    return "\n".join(parts)


def scenario_from_file(data: str | bytes, catalogue: Catalogue) -> tuple[Scenario, list[str]]:
    """Read a scenario file (from :func:`scenario_to_file`, or written by hand or as JSON).

    The file is at most ``MAX_FILE_BYTES`` (256 KiB), UTF-8 (a byte-order mark is allowed), read
    by the hardened YAML reader of :mod:`ranges.yamlsafe` (plain data only: no tags, aliases or
    duplicate keys; a JSON document is read with ``json.loads``, which PyYAML's YAML 1.1 gets
    slightly wrong), and must be a mapping with ``rangemap_scenario: 1``; otherwise
    :class:`ScenarioFileError` is raised with a one-line message. Its values are then turned
    into URL query parameters and read by :func:`parse_query`, so they are checked by the same
    rules, with the same warnings; keys the format does not have are reported too. As with a
    URL, a file with none of the scenario keys opens the default scenario.

    Returns the scenario and the warnings (file-level ones first).
    """
    document = _load_file(data)
    warnings: list[str] = []
    unknown = [brief(k) for k in document if k not in FILE_KEYS]
    if unknown:
        warnings.append(f"scenario file: unknown key {some_of(unknown)} ignored")
    params: Query = {}
    for param in PARAMS:
        if param.file_key in document:
            text = param.from_file(document[param.file_key], warnings)
            if text is not None:
                params[param.name] = text
    scenario, more = parse_query(params, catalogue, from_file=True)
    return scenario, warnings + more


def _load_file(data: str | bytes) -> dict:
    try:
        text = decode_text(data, MAX_FILE_BYTES)
    except TypeError as exc:
        raise ScenarioFileError(str(exc)) from None
    except YAMLReadError as exc:
        if exc.reason == "too large":
            raise ScenarioFileError(
                f"the file is too large (a scenario file is at most {MAX_FILE_BYTES // 1024} KiB)"
            ) from None
        raise ScenarioFileError(str(exc)) from None
    try:
        # JSON is YAML, but PyYAML reads JSON's "\ud83d\ude00" (a surrogate pair) as two lone
        # surrogates and 1e5 as text: JSON is read as JSON first. Both are plain data only.
        document = json.loads(text)
    except (ValueError, RecursionError):
        try:
            document = load_yaml(text, what="a scenario file")
        except YAMLReadError as exc:
            if exc.reason == "too deep":
                raise ScenarioFileError(
                    f"not a scenario file: the YAML is nested too deeply ({exc})"
                ) from None
            raise ScenarioFileError(f"not a YAML or JSON document ({exc})") from None
    return _checked_document(document)


def _checked_document(document: object) -> dict:
    """``document`` if it is a mapping of this format's version; else ScenarioFileError."""
    if not isinstance(document, dict):
        got = "an empty file" if document is None else f"a {type_name(document)}"
        raise ScenarioFileError(
            f"not a scenario file: expected a mapping with 'rangemap_scenario: "
            f"{FILE_VERSION}' (got {got})"
        )
    version = document.get("rangemap_scenario")
    if version is None:
        raise ScenarioFileError(
            f"not a scenario file: 'rangemap_scenario: {FILE_VERSION}' is missing"
        )
    if type(version) is not int or version != FILE_VERSION:
        raise ScenarioFileError(
            f"scenario file version {quoted(brief(version))} is not supported (this rangemap "
            f"reads version {FILE_VERSION})"
        )
    return document
