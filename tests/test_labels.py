"""Ring labels on the live map: where they go (ranges/web/labels.py) and how they are drawn
(ranges/web/layers.py label_layer), with the other live-map manners (equal-range dashes, the scale
bar's units, the caption)."""

from __future__ import annotations

import folium
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areas import distance_to_area, parse_area
from ranges.geometry.rings import build_rings
from ranges.places.points import LaunchPoint
from ranges.scenario.model import View, default_scenario, effective_systems, initial_view
from ranges.style import DASHES, dash_patterns, system_colors
from ranges.web.basemap import base_map
from ranges.web.caption import brief_title, comparison_caption
from ranges.web.elements import SMALL_MAP, GestureHandling, UnitScale
from ranges.web.labels import BEARINGS, INWARD_KM, MAX_LABELS, MIN_RATIO, label_text, place_labels
from ranges.web.layers import LABEL_SPOTS, few_spots, label_layer, ring_layers

CATALOGUE = load_catalogue()
KYIV = LaunchPoint(50.4501, 30.5234, "Kyiv")
FOUR = [CATALOGUE.get(i) for i in ("atacms", "storm-shadow", "scalp-eg", "tomahawk")]
GEOD = Geod(ellps="WGS84")
HOSTILE = "<img src=x onerror=alert(1)>"


def with_range(system_id: str, km: float, name: str | None = None):
    update = {"max_range_km": km, "min_range_km": 0.0}
    if name is not None:
        update["name"] = name
    return CATALOGUE.get(system_id).model_copy(update=update)


def test_equal_ranges_share_one_label_naming_both() -> None:
    labels = place_labels(build_rings([KYIV], FOUR), "km")
    texts = sorted(label.text for label in labels)
    assert texts == [
        "BGM-109 Tomahawk · 2,400 km",
        "MGM-140 ATACMS · 300 km",
        "Storm Shadow / SCALP-EG · 250 km",
    ]
    shared = next(label for label in labels if len(label.system_ids) == 2)
    assert shared.system_ids == ("storm-shadow", "scalp-eg")


def test_labels_of_similar_ranges_take_different_bearings() -> None:
    labels = {label.range_km: label for label in place_labels(build_rings([KYIV], FOUR), "km")}
    assert labels[250.0].bearing == BEARINGS[0]  # the shortest first: east
    assert labels[300.0].bearing == BEARINGS[1]  # 300 / 250 < MIN_RATIO: west
    assert labels[2400.0].bearing == BEARINGS[0]  # 2,400 / 250 >= MIN_RATIO: east again
    assert 2400.0 / 250.0 >= MIN_RATIO > 300.0 / 250.0


def test_only_big_rings_are_labelled_inward() -> None:
    labels = place_labels(build_rings([KYIV], FOUR), "km")
    assert {label.range_km: label.inward for label in labels} == {
        250.0: False,
        300.0: False,
        2400.0: True,
    }
    assert INWARD_KM == 1_000.0


@settings(max_examples=60, deadline=None)
@given(
    lat=st.floats(-85, 85),
    lon=st.floats(-180, 180),
    ranges=st.lists(st.floats(1, 15_000), min_size=1, max_size=6),
)
def test_a_label_sits_on_its_ring_and_beside_its_point(lat, lon, ranges) -> None:
    point = LaunchPoint(lat, lon, "P")
    systems = [with_range("atacms", km).model_copy(update={"id": f"s{i}"}) for i, km in
               enumerate(ranges)]  # fmt: skip
    labels = place_labels(build_rings([point], systems), "km")
    assert len(labels) == len({round(km, 3) for km in ranges})
    for label in labels:
        assert abs(label.lon - lon) <= 180.0  # drawn next to the point, not a world away
        az, _, dist = GEOD.inv(lon, lat, label.lon, label.lat)
        assert abs(dist / 1000 - label.range_km) < 0.01 * label.range_km + 0.01
        if label.range_km < 19_000:
            assert abs((az - label.bearing + 180) % 360 - 180) < 0.5 or dist < 1_000
    # two labels on one bearing differ in range by MIN_RATIO (while bearings are free)
    if len(labels) <= len(BEARINGS):
        for i, a in enumerate(labels):
            for b in labels[i + 1 :]:
                if a.bearing == b.bearing:
                    assert max(a.range_km, b.range_km) / min(a.range_km, b.range_km) >= MIN_RATIO


def test_labels_are_capped_and_in_the_chosen_units() -> None:
    # 40 launch points 1,100 km or more apart: no two rings touch, so 80 labels are wanted and
    # the cap holds (40 touching points now share 2 labels: see the next test)
    points = [LaunchPoint(-50.0 + (i % 10) * 10, -150.0 + (i // 10) * 20, f"p{i}") for i in
              range(40)]  # fmt: skip
    labels = place_labels(build_rings(points, FOUR[:2]), "nmi")
    assert len(labels) == MAX_LABELS
    assert labels[0].text == label_text(["Storm Shadow"], 250.0, "nmi", ["p0"])
    assert labels[0].text == "Storm Shadow · 135 nmi · p0"


def test_touching_rings_of_one_system_share_one_label() -> None:
    points = [LaunchPoint(10.0 + i * 0.5, 20.0, f"p{i}") for i in range(40)]
    labels = place_labels(build_rings(points, FOUR[:2]), "nmi")
    assert [lb.text for lb in labels] == ["Storm Shadow · 135 nmi", "MGM-140 ATACMS · 162 nmi"]
    assert all(len(lb.places) == 40 for lb in labels)


def test_the_label_layer_escapes_names_and_draws_outward_or_inward() -> None:
    systems = [with_range("atacms", 300.0, HOSTILE), with_range("tomahawk", 2400.0)]
    labels = place_labels(build_rings([KYIV], systems), "km")
    layer = label_layer(labels, system_colors(systems))
    m = folium.Map()
    layer.add_to(m)
    html = m.get_root().render()
    assert HOSTILE not in html
    assert "\\u0026lt;img src=x onerror=alert(1)\\u0026gt;" in html  # escaped, then JSON
    assert "rm-at-e" in html  # the 300 km label: east of its edge, outward
    assert "rm-at-w" in html  # the 2,400 km label: drawn back west, inward
    assert '"interactive": false' in html  # a click goes through to the map
    # each label carries its ring, so the map can move it into view (LabelsInView)
    assert 'data-ring=\\"50.4501,30.5234,300000,90,0\\"' in html
    assert 'data-ring=\\"50.4501,30.5234,2400000,90,1\\"' in html


def test_rings_of_equal_range_get_distinct_dashes() -> None:
    dashes = dash_patterns(FOUR)
    assert dashes == {"atacms": None, "storm-shadow": None, "scalp-eg": DASHES[1], "tomahawk": None}
    layers = ring_layers(build_rings([KYIV], FOUR), FOUR, "km", 0.25)
    styles = {}
    for layer in layers:
        for child in layer._children.values():
            if isinstance(child, folium.GeoJson):
                style = child.style_function(None)
                styles[style["className"].split()[-1]] = style.get("dashArray")
    assert styles["rm-ring-scalp-eg"] == DASHES[1]
    assert styles["rm-ring-storm-shadow"] is None


def test_the_scale_bar_follows_the_units_and_gestures_are_handled() -> None:
    for units, want in (("km", "metric: unit !== "), ("nmi", '"nmi"'), ("mi", '"mi"')):
        html = base_map(View(50, 30, 5), units=units).get_root().render()
        assert "L.Control.Scale.extend" in html and want in html
        assert '"gestureHandling": true' in html
        assert "leaflet-gesture-handling.min.js" in html
        assert 'map.on("zoomend moveend layeradd resize", later)' in html  # LabelsInView
        assert "control.scale(" not in html.lower().replace("l.control.scale.extend", "")
    assert UnitScale("<script>").units == "km"
    assert GestureHandling().default_js[0][1].startswith("https://cdn.jsdelivr.net/npm/")


def test_the_caption_says_what_is_shown_and_from_which_source() -> None:
    text = comparison_caption(FOUR, [KYIV], "km")
    assert text.startswith(
        "Ranges from Kyiv: BGM-109 Tomahawk 2,400 km, MGM-140 ATACMS 300 km, "
        "Storm Shadow and SCALP-EG 250 km · source: "
    )
    assert text.endswith(brief_title(FOUR[0].sources[0].title))
    assert comparison_caption([], [KYIV], "km") == ""
    assert "2 launch points" in comparison_caption(FOUR, [KYIV, KYIV], "mi")
    assert brief_title("a " * 40, 10) == "a a a a…"
    assert brief_title("short") == "short"


def test_the_caption_names_launch_areas_too() -> None:
    ukraine = parse_area("UKR")
    text = comparison_caption(FOUR[:1], [], "km", [ukraine])
    assert text.startswith(f"Ranges from {ukraine.label}: MGM-140 ATACMS 300 km · source: ")
    both = comparison_caption(FOUR[:1], [KYIV], "km", [ukraine, ukraine])
    assert both.startswith("Ranges from Kyiv and 2 launch areas: ")
    assert comparison_caption(FOUR[:1], [], "km") == ""


def test_the_default_opening_zoom_makes_the_short_rings_readable() -> None:
    scenario = default_scenario(CATALOGUE)
    assert initial_view(scenario, CATALOGUE).zoom == 4  # 2,400 km alone would open at 3
    only_long = scenario.__class__(systems=("tomahawk",), points=(KYIV,))
    assert initial_view(only_long, CATALOGUE).zoom == 3
    assert len(effective_systems(scenario, CATALOGUE)) == 4


KHARKIV = LaunchPoint(49.9935, 36.2304, "Kharkiv")
SEVEN = [
    KYIV,
    KHARKIV,
    LaunchPoint(46.4825, 30.7233, "Odesa"),
    LaunchPoint(49.8397, 24.0297, "Lviv"),
    LaunchPoint(48.4647, 35.0462, "Dnipro"),
    LaunchPoint(47.8388, 35.1396, "Zaporizhzhia"),
    LaunchPoint(46.6354, 32.6169, "Kherson"),
]


def test_kyiv_and_kharkiv_share_one_label_per_system_on_the_outer_edge() -> None:
    """Issue 23 item 2: each system's label was drawn twice, stacked (Kyiv and Kharkiv are
    410 km apart: every pair of equal rings overlaps)."""
    rings = build_rings([KYIV, KHARKIV], FOUR)
    labels = place_labels(rings, "km")
    assert sorted(lb.text for lb in labels) == [
        "BGM-109 Tomahawk · 2,400 km",
        "MGM-140 ATACMS · 300 km",
        "Storm Shadow / SCALP-EG · 250 km",
    ]
    for label in labels:
        assert label.places == ("Kyiv", "Kharkiv")
        assert len(label.spots) >= 8  # places on both rings, around their union
        # every place is on the edge of one member ring and inside neither's disc
        for lat, lon, _ in label.spots:
            dists = [GEOD.inv(p.lon, p.lat, lon, lat)[2] / 1000 for p in (KYIV, KHARKIV)]
            assert min(dists) >= label.range_km * 0.999
            assert min(abs(d - label.range_km) for d in dists) < 0.001 * label.range_km + 0.01
        assert (label.lat, label.lon, label.bearing) == label.spots[0]


def test_seven_points_get_one_label_per_touching_group() -> None:
    labels = place_labels(build_rings(SEVEN, FOUR), "km")
    # the seven cities' rings of each range touch in a chain: one label each
    assert len(labels) == 3
    assert all(len(lb.places) == 7 for lb in labels)


def test_apart_rings_name_their_launch_point() -> None:
    short = [with_range("atacms", 150.0)]  # 2 x 150 km < 410 km: Kyiv's and Kharkiv's apart
    labels = place_labels(build_rings([KYIV, KHARKIV], short), "km")
    assert [lb.text for lb in labels] == [
        "MGM-140 ATACMS · 150 km · Kyiv",
        "MGM-140 ATACMS · 150 km · Kharkiv",
    ]
    far = LaunchPoint(10.0, -60.0, "Somewhere a long way off, with a very long name")
    labels = place_labels(build_rings([KYIV, KHARKIV, far], FOUR[:1]), "km")
    assert [lb.text for lb in labels] == [
        "MGM-140 ATACMS · 300 km · Kyiv, Kharkiv",
        "MGM-140 ATACMS · 300 km · Somewhere a long way…",
    ]
    assert label_text(["A"], 1.0, "km", ["a", "b", "c"]) == "A · 1 km · a and 2 more"


def test_launch_area_rings_are_labelled_on_their_edge() -> None:
    """Issue 23 item 4: rings of launch areas had no label."""
    ukraine = parse_area("UKR")
    labels = place_labels(build_rings([], FOUR[:1], [ukraine]), "km")
    (label,) = labels
    assert label.text == "MGM-140 ATACMS · 300 km"
    assert label.places == (ukraine.label,)
    # east of the area, about 300 km from it (a vertex of the drawn buffer)
    assert label.bearing == 90.0 and label.lon > ukraine.geometry.bounds[2]
    dist, _ = distance_to_area(ukraine, np.array([label.lat]), np.array([label.lon]))
    assert abs(float(dist[0]) - 300.0) < 3.0
    both = place_labels(build_rings([LaunchPoint(10.0, -60.0, "Far")], FOUR[:1], [ukraine]), "km")
    assert sorted(lb.text for lb in both) == [
        "MGM-140 ATACMS · 300 km · Far",
        f"MGM-140 ATACMS · 300 km · {ukraine.label}",
    ]


def test_the_label_layer_carries_each_labels_places_escaped() -> None:
    hostile = LaunchPoint(10.0, -60.0, HOSTILE)
    labels = place_labels(build_rings([KYIV, hostile], FOUR[:1]), "km")
    m = folium.Map()
    label_layer(labels, system_colors(FOUR[:1])).add_to(m)
    html = m.get_root().render()
    assert HOSTILE not in html and "&lt;img src=x onerror=alert(1)&gt;" not in html.replace(
        "\\u0026", "&"
    ).replace("&amp;lt;", "")  # escaped once for HTML, then JSON-encoded
    assert html.count("data-spots=") == 2
    spots = few_spots(labels[0].spots)
    assert 8 <= len(spots) <= LABEL_SPOTS
    assert html.count(f"{spots[0][0]:g},{spots[0][1]:g},{spots[0][2]:g}") >= 1
    many = [(0.0, float(i), b) for i in range(40) for b in BEARINGS]
    assert {s[2] for s in few_spots(many)} == set(BEARINGS)  # every side kept, not one


def test_a_small_screen_fits_the_opening_view_only_when_the_app_chose_it() -> None:
    """Issue 23 item 3: a phone opened inside the 2,400 km ring."""
    chosen = base_map(View(50, 30, 4), fit_small=True).get_root().render()
    kept = base_map(View(50, 30, 4)).get_root().render()
    assert "map.fitBounds(bounds" in chosen and "map.fitBounds(bounds" not in kept
    assert f"{list(SMALL_MAP)}".replace(" ", "") in chosen.replace(" ", "")
