"""The names of the largest places reached on the live map (ranges/web/placenames.py), issue 23
item 9: a handful at a time, by zoom, escaped."""

from __future__ import annotations

import json

import folium
import pandas as pd

from ranges.scenario.model import View
from ranges.web.basemap import base_map
from ranges.web.elements import MAX_NAMES_SHOWN
from ranges.web.placenames import CANDIDATES, PlaceNames, name_rows, name_zoom, place_names_layer
from ranges.web.scripts import script

HOSTILE = "<img src=x onerror=alert(1)>"


def cities(n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "city": [HOSTILE if i == 3 else f"Place {i}" for i in range(n)],
            "country": ["RU"] * n,
            "latitude": [55.0 + i / 10 for i in range(n)],
            "longitude": [37.0] * n,
            "population": [
                100_000 + 1_000 * (i % 7) + (12_000_000 if i == 5 else 0) for i in range(n)
            ],
        }
    )


def test_the_largest_places_get_names_largest_first_escaped() -> None:
    rows = name_rows(cities(60))
    assert len(rows) == CANDIDATES < 60  # the largest 40, not a carpet of 60
    assert rows[0][2] == "Place 5" and rows[0][3] == 2  # 12 million: first, named from zoom 2
    table = cities(60)
    people = dict(zip(table.latitude.round(4), table.population, strict=True))
    named = [people[r[0]] for r in rows]  # latitudes are distinct
    assert named == sorted(named, reverse=True)  # largest first: a row's index is its rank
    assert min(named) >= table.population.nlargest(CANDIDATES).min()
    m = folium.Map()
    place_names_layer(cities(60)).add_to(m)
    html = m.get_root().render()
    assert HOSTILE not in html and "<img" not in html  # escaped, then written as JSON text
    assert script("place_names") + "(feature_group_" in html
    # the markers are made by the browser: the page holds the class in the script alone
    assert html.count('"rm-place-name') == script("place_names").count('"rm-place-name') == 1


def test_the_name_markers_are_made_as_the_labels_expect() -> None:
    """The browser's markers (js/place_names.js) are what LabelsInView places: a
    ``div.rm-place-name`` with ``data-rank`` and ``data-zoom``, and a dot, in a non-interactive
    marker of the labels' class (the DOM itself: tests/browser/test_map_labels.py)."""
    js = script("place_names")
    for needle in (
        'class="rm-place-name rm-at-e" data-rank="',
        '" data-zoom="',
        '<span class="rm-place-dot"></span>',
        "rm-label-anchor rm-name-anchor",
        "interactive: false",
    ):
        assert needle in js, needle


def test_a_hostile_name_reaches_the_page_escaped_twice_over() -> None:
    """Escaped for HTML (the marker's innerHTML shows it as text) and then for the script
    (no ``<`` or ``&`` can end the script or start markup)."""
    rows = name_rows(cities(10))
    hostile = next(r for r in rows if "onerror" in r[2])
    assert hostile[2] == "&lt;img src=x onerror=alert(1)&gt;"
    json_text = PlaceNames(rows).rows_json
    assert "<" not in json_text and "&" not in json_text
    assert json.loads(json_text) == rows


def test_names_come_with_zoom_and_a_handful_at_a_time() -> None:
    assert [name_zoom(p) for p in (12e6, 2e6, 5e5, 1.5e5, 2e4)] == [2, 4, 5, 6, 7]
    page = base_map(View(50, 30, 4)).get_root().render()
    assert f", {MAX_NAMES_SHOWN});" in page  # LabelsInView shows at most this many
    assert MAX_NAMES_SHOWN <= 10
