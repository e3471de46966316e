"""Geometry on the WGS-84 ellipsoid: what a system reaches, drawn and measured exactly.

``geodesy`` is the geodesic disk and annulus of one range from one point (``RangeArea``: a
GeoJSON polygon cut at the antimeridian, with its area in km^2) and their unions; ``rings``
pairs them with a launch point and a system (``Ring``, ``build_rings``, GeoJSON features);
``areas`` is the launch area (a country, a line, a polygon) and its text forms, ``areafiles``
the shapes of a GeoJSON or KML file of them; ``areadistance`` the exact distance from any point
to an area, and ``areabuffer`` the geodesic buffer of an area (its ring); ``screening`` the
bounds that skip whatever cannot be in range of a point (for the reach tables and the targets
alike); ``launchcountries`` the countries launches stand in (by the borders). Modules here may
import ``ranges.places``, ``ranges.catalogue`` and the foundations (``ranges.errors``,
``ranges.text``, ``ranges.units``, ``ranges.paths``), never the reach, the scenario, the
exports or the user interface. ``rings`` never imports ``areas`` (a launch area builds its own
buffer: ``LaunchArea.range_area``), so rings from points alone never load the k-d tree or the
borders.
"""
