"""Places: where a launch point is and what is there, all offline.

``points`` is the launch point (``LaunchPoint``) and its text forms (decimal degrees,
degrees-minutes-seconds, ``LAT,LON,label``, a place name); ``gazetteer`` the GeoNames cities
found by name and their columns for the reach, ``extracts`` the bundled GeoNames extracts loaded
through the binary ``gazetteer_cache`` with its prebuilt ``name_index``; ``names`` the rule by
which names match (case, accents, punctuation); ``sections`` which places are parts of a city
(counted once); ``countries`` and ``borders`` the Natural Earth countries, their names and
outlines; ``geocode`` the optional online geocoder, off unless configured. Modules here may
import only the foundations (``ranges.errors``, ``ranges.text``, ``ranges.units``,
``ranges.paths``) and each other: never the catalogue, the geometry, the reach or the user
interface.
"""
