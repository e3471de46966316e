"""The columns of the reach tables, by name and in order (docs/INTERFACES.md section 2).

Plain lists of names, so that a writer (``ranges.export``) or the command line can name the
columns without importing numpy, pyarrow or pandas.
"""

from __future__ import annotations

__all__ = [
    "CITY_COLUMNS",
    "OUTPUT_COLUMNS",
    "PART_OF",
    "REACH_COLUMNS",
    "REVERSE_COLUMNS",
    "ROW_COLUMNS",
    "SUMMARY_COLUMNS",
    "TEXT_COLUMNS",
]

REACH_COLUMNS = [
    "city",
    "country",
    "latitude",
    "longitude",
    "population",
    "launch",
    "system",
    "distance_km",
    "bearing_deg",
]
"""The columns of ``python -m ranges reach`` (docs/INTERFACES.md section 2), in order."""
PART_OF = "part_of"
"""The extension column: the name of the city a place is a section of (``ranges.places.sections``),
``""`` for a place counted on its own. Population sums skip rows where it is set."""
OUTPUT_COLUMNS = [*REACH_COLUMNS, PART_OF]
"""The columns of ``python -m ranges reach`` as written: the contract's, then ``part_of``."""
ROW_COLUMNS = [*REACH_COLUMNS, "launch_index", "city_index", "flight_time_h", PART_OF]
"""The columns of ``Reach.rows``: the contract's, then four more (``part_of`` last)."""
TEXT_COLUMNS = ("city", "country", "launch", "system", PART_OF)
"""The text columns of ``Reach.rows`` (pandas' ``str`` dtype in the frame)."""
CITY_COLUMNS = [
    "city",
    "country",
    "latitude",
    "longitude",
    "population",
    "nearest_launch",
    "distance_km",
    "bearing_deg",
    "systems",
    "city_index",
    PART_OF,
]
"""The columns of ``Reach.cities`` (the union table), in order."""
SUMMARY_COLUMNS = [
    "system",
    "name",
    "cities",
    "population",
    "area_km2",
    "countries",
    "country_names",
]
"""The columns of ``Reach.summary`` (one row per system), in order."""
REVERSE_COLUMNS = [
    "system",
    "name",
    "launch",
    "launch_index",
    "distance_km",
    "bearing_deg",
    "margin_km",
    "reachable",
    "min_margin_km",
]
"""The columns of ``reverse_reach`` (one row per system and launch), in order."""
