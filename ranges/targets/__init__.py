"""Targets: lists of named places that matter besides towns (docs/INTERFACES.md section 9).

What lives here:

* ``model``: :class:`~ranges.targets.model.TargetList`, a list of targets as parallel columns
  (names, kinds, countries, latitudes, longitudes), validated once where it enters;
* ``files``: the readers of CSV, GeoJSON and KML lists, streaming, with their limits;
* ``airfields``: the built-in sets ``airfields`` and ``airfields:military`` (OurAirports), built
  once into a memory-mapped cache; ``military`` the rule that marks an airfield as military;
* ``sources``: one entry point, :func:`~ranges.targets.sources.load_targets`, that reads a set
  name, a file or a link's ``LAT,LON,LABEL``;
* ``measure``: for every (target, system) the launch that reaches it, the distance, bearing and
  margin (:func:`~ranges.targets.measure.measure_targets`);
* ``table``: those measures as the rows of ``python -m ranges targets``.

What it may import: ``ranges.geometry``, ``ranges.places``, ``ranges.catalogue`` and the
foundations (``ranges.errors``, ``ranges.text``, ``ranges.units``, ``ranges.paths``); never
``ranges.reach``, ``ranges.scenario``, ``ranges.web``, ``ranges.export``, ``ranges.pictures`` or
``ranges.ui`` (they import this package, not the other way round), and never streamlit, folium
or matplotlib.
"""
