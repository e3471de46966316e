"""The names of the largest places reached on the live map (ranges/web/placenames.py), issue 23
item 9: a handful at a time, by zoom, escaped."""

from __future__ import annotations

import re

import folium
import pandas as pd

from ranges.scenario.model import View
from ranges.web.basemap import base_map
from ranges.web.elements import MAX_NAMES_SHOWN
from ranges.web.placenames import CANDIDATES, name_zoom, place_names_layer

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
    m = folium.Map()
    place_names_layer(cities(60)).add_to(m)
    html = m.get_root().render().replace("\\u0026", "&").replace('\\"', '"')
    ranks = re.findall(r'class="rm-place-name rm-at-e" data-rank="(\d+)" data-zoom="(\d+)"', html)
    assert len(ranks) == CANDIDATES < 60  # the largest 40, not a carpet of 60
    assert [int(r) for r, _ in ranks] == list(range(CANDIDATES))
    first = html.index('data-rank="0"')
    assert html[first : first + 80].find("Place 5") > 0  # 12 million: the first name
    assert ranks[0][1] == "2"  # named from zoom 2
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert '"interactive": false' in html


def test_names_come_with_zoom_and_a_handful_at_a_time() -> None:
    assert [name_zoom(p) for p in (12e6, 2e6, 5e5, 1.5e5, 2e4)] == [2, 4, 5, 6, 7]
    page = base_map(View(50, 30, 4)).get_root().render()
    assert f", {MAX_NAMES_SHOWN});" in page  # LabelsInView shows at most this many
    assert MAX_NAMES_SHOWN <= 10
