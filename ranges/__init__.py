"""rangemap's engine: weapon range rings as true WGS-84 geodesics, and who is within reach.

The public API is named in ``__all__`` and loaded on first use (PEP 562), so that ``import
ranges`` (and ``python -m ranges systems``) stays cheap: each name comes from its own module,
imported only when it is asked for.
"""

from __future__ import annotations

from ranges.lazy import lazy_names

# name -> the module that defines it
_API = {
    "RangemapError": "ranges.errors",
    "Catalogue": "ranges.catalogue",
    "System": "ranges.catalogue",
    "load_catalogue": "ranges.catalogue",
    "LaunchPoint": "ranges.places",
    "parse_point": "ranges.places",
    "default_gazetteer": "ranges.gazetteer",
    "RangeArea": "ranges.geodesy",
    "range_area": "ranges.geodesy",
    "range_areas": "ranges.geodesy",
    "union_of": "ranges.geodesy",
    "chart_area_km2": "ranges.geodesy",
    "Ring": "ranges.rings",
    "build_rings": "ranges.rings",
    "Reach": "ranges.reach",
    "compute_reach": "ranges.reach",
    "reach_rows": "ranges.reach",
    "reverse_reach": "ranges.reach",
    "launch_regions": "ranges.reach",
    "Scenario": "ranges.scenario",
    "View": "ranges.scenario",
    "parse_query": "ranges.params",
    "to_query": "ranges.params",
    "scenario_from_file": "ranges.params",
    "scenario_to_file": "ranges.params",
    "rings_picture": "ranges.pictures.ringmap",
    "growth": "ranges.growth",
    "Growth": "ranges.growth",
    "FORMATS": "ranges.export",
    "ExportData": "ranges.export",
    "format_named": "ranges.export",
    "formats_for": "ranges.export",
}

__all__ = sorted(_API)


__getattr__, __dir__ = lazy_names(globals(), _API)
