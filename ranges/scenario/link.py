"""The link codec: a :class:`~ranges.scenario.model.Scenario` <-> a shared link's query parameters.

:func:`parse_query` reads a link's parameters row by row of :data:`ranges.scenario.params.PARAMS`
and never raises: every value that cannot be used is dropped and reported in a warning, so a
hostile or mangled link still opens a working map. A link with none of these parameters opens
the default scenario (every catalogue system from Kyiv). Parameters of other names are ignored
(Streamlit itself uses a few, e.g. ``embed``). :func:`to_query` writes the parameters back,
leaving defaults out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ranges.catalogue.systems import Catalogue
from ranges.scenario.model import Scenario, default_scenario
from ranges.scenario.params import KNOWN_PARAMS, PARAMS
from ranges.scenario.reading import Reading, usable_values

__all__ = ["Query", "parse_query", "to_query"]

Query = dict[str, str | list[str]]
"""Query parameters: each key's value, or its list of values (a repeated key)."""


def parse_query(
    params: Mapping[str, str | Sequence[str]], catalogue: Catalogue, *, from_file: bool = False
) -> tuple[Scenario, list[str]]:
    """A scenario from URL query parameters, and a warning for everything that was dropped.

    ``params`` maps each key to its value or to its list of values (repeated keys);
    ``from_file`` when they are a scenario file's values (:mod:`ranges.scenario.scenariofile`).
    Never raises.
    """
    if not any(k in params for k in KNOWN_PARAMS):
        return default_scenario(catalogue), []
    reading = Reading({s.id: s for s in catalogue.systems}, catalogue, from_file=from_file)
    usable = {
        p.name: usable_values(p.name, params[p.name], reading.warnings, p.max_chars)
        for p in PARAMS
        if p.name in params
    }
    for param in PARAMS:
        values = usable.get(param.name, [])
        if not param.repeated and len(values) > 1:
            reading.warn(f"{param.name}: given {len(values)} times; the last value is used")
            values = values[-1:]
        reading.fields[param.field] = param.parse(values, reading)
    return Scenario(**reading.fields), reading.warnings


def to_query(scenario: Scenario) -> Query:
    """Query parameters that :func:`parse_query` reads back into the same scenario.

    Keys whose value is the default are left out, except ``systems``, which is always written
    (an empty ``systems`` means none shown; a missing ``from`` means none placed).
    """
    query: Query = {}
    for param in PARAMS:
        text = param.format(getattr(scenario, param.field))
        if text is not None:
            query[param.name] = text
    return query
