"""The scenario file, as the registry's writer.

The file codec itself belongs to the scenario modules; it is imported when a file is written, so
that the registry costs nothing to import.
"""

from __future__ import annotations

from ranges.export import ExportData


def write(data: ExportData) -> str:
    """The scenario file (YAML text) of ``data.scenario``."""
    if data.scenario is None:
        raise ValueError("a scenario file needs a scenario")
    # Imported here: the scenario codec (the parameter table, URL and file codecs) is not needed to
    # write any other format.
    from ranges.scenario.scenariofile import scenario_to_file

    return scenario_to_file(data.scenario)
