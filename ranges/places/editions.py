"""The two editions of the bundled country borders, by name: what each means and its file.

``de-facto`` (the default) is Natural Earth 1:50m as published: borders as they are held, so
Crimea is drawn as part of Russia. ``recognised`` is the same file with Crimea in Ukraine, the
borders the UN General Assembly recognises (resolution 68/262), derived by
``scripts/recognised_borders.py`` (``static/borders/README.md``). A scenario chooses one
(``borders=`` in a link); it decides what a country launch area covers, which country a place is
counted in and what the pictures and the map draw, and every place that uses a country says which
edition it is. Kept apart from :mod:`ranges.places.borders` so that the parameter table and the
command line can name the editions without loading numpy and shapely.
"""

from __future__ import annotations

__all__ = ["DEFAULT_EDITION", "EDITIONS", "EDITION_FILES", "EDITION_NAMES", "EDITION_NOTES"]

EDITIONS = ("de-facto", "recognised")
DEFAULT_EDITION = "de-facto"
EDITION_FILES = {
    "de-facto": "countries-50m.geojson",
    "recognised": "countries-50m-recognised.geojson",
}
EDITION_NAMES = {
    "de-facto": "de facto borders",
    "recognised": "internationally recognised borders",
}
"""Short names, for a caption or a picture's footer: "Borders: de facto borders (...)"."""
EDITION_NOTES = {
    "de-facto": "de facto borders (Natural Earth): Crimea is drawn as part of Russia",
    "recognised": "internationally recognised borders: Crimea is part of Ukraine",
}
"""What each edition means, in the words the app, the pictures and the docs use."""
