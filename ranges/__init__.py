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
    "Catalogue": "ranges.catalogue.systems",
    "System": "ranges.catalogue.systems",
    "load_catalogue": "ranges.catalogue.systems",
    "LaunchPoint": "ranges.places.points",
    "parse_point": "ranges.places.points",
    "default_gazetteer": "ranges.places.extracts",
    "RangeArea": "ranges.geometry.geodesy",
    "range_area": "ranges.geometry.geodesy",
    "range_areas": "ranges.geometry.geodesy",
    "union_of": "ranges.geometry.geodesy",
    "chart_area_km2": "ranges.geometry.geodesy",
    "Ring": "ranges.geometry.rings",
    "build_rings": "ranges.geometry.rings",
    "Reach": "ranges.reach.forward",
    "compute_reach": "ranges.reach.forward",
    "reach_rows": "ranges.reach.pairtable",
    "reverse_reach": "ranges.reach.reverse",
    "launch_regions": "ranges.reach.reverse",
    "Scenario": "ranges.scenario.model",
    "View": "ranges.scenario.model",
    "parse_query": "ranges.scenario.link",
    "to_query": "ranges.scenario.link",
    "scenario_from_file": "ranges.scenario.scenariofile",
    "scenario_to_file": "ranges.scenario.scenariofile",
    "rings_picture": "ranges.pictures.ringmap",
    "growth": "ranges.reach.growth",
    "Growth": "ranges.reach.growth",
    "FORMATS": "ranges.export",
    "ExportData": "ranges.export",
    "format_named": "ranges.export",
    "formats_for": "ranges.export",
}

__all__ = sorted(_API)


__getattr__, __dir__ = lazy_names(globals(), _API)
