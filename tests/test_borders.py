"""Offline country borders (ranges/places/borders.py): the bundled file, its checks and cache, and
the
tree that finds the countries a region meets (across the antimeridian too)."""

from __future__ import annotations

import folium
import numpy as np
import pytest
import shapely
from pyproj import Geod

from ranges.geometry.geodesy import range_area, union_of
from ranges.places import borders
from ranges.places.borders import BordersError, border_tree, load_borders
from ranges.places.editions import EDITION_NAMES, EDITION_NOTES, EDITIONS

# --- the file --------------------------------------------------------------------------


def test_borders_load():
    data = load_borders()
    assert data["type"] == "FeatureCollection"
    features = data["features"]
    assert len(features) > 150
    names = [f["properties"]["name"] for f in features]
    assert all(isinstance(n, str) and n.strip() for n in names)
    assert len(set(names)) == len(names)
    for n in ("France", "Ukraine", "Russia", "Brazil", "Australia", "Antarctica"):
        assert n in names
    for f in features:
        g = f["geometry"]
        polygons = [g["coordinates"]] if g["type"] == "Polygon" else g["coordinates"]
        for polygon in polygons:
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1]
                for lon, lat in ring:
                    assert -180 <= lon <= 180 and -90 <= lat <= 90


def test_borders_file_stays_small():
    assert borders.DEFAULT_BORDERS_PATH.stat().st_size < 1_500_000


def test_borders_are_cached_but_callers_get_their_own_collection():
    a = load_borders()
    a["features"][0]["properties"]["style"] = {"color": "red"}
    a["features"].pop()
    b = load_borders()
    assert "style" not in b["features"][0]["properties"]
    assert len(b["features"]) == len(a["features"]) + 1


def test_borders_draw_as_a_geojson_layer():
    m = folium.Map()
    folium.GeoJson(load_borders(), name="Borders", tooltip=folium.GeoJsonTooltip(["name"])).add_to(
        m
    )
    assert "Ukraine" in m.get_root().render()


def test_missing_borders_file(tmp_path):
    with pytest.raises(BordersError, match="not found") as err:
        load_borders(tmp_path / "nope.geojson")
    assert "\n" not in str(err.value)


@pytest.mark.parametrize(
    ("content", "why"),
    [
        ("{not json", "not valid JSON"),
        ("", "not valid JSON"),
        ('{"type": "Feature"}', "FeatureCollection"),
        ('{"type": "FeatureCollection", "features": []}', "no features"),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
            '"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}}]}',
            "no name",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
            '{"name":"X"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[200,0],'
            "[1,1],[0,0]]]}}]}",
            "out-of-range",
        ),
        (
            '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
            '{"name":"X"},"geometry":{"type":"Point","coordinates":[0,0]}}]}',
            "Polygon",
        ),
    ],
)
def test_corrupt_borders_file(tmp_path, content, why):
    path = tmp_path / "bad.geojson"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(BordersError, match=why) as err:
        load_borders(path)
    assert "\n" not in str(err.value)
    assert isinstance(err.value, RuntimeError)


def test_undecodable_borders_file(tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(BordersError):
        load_borders(path)


# --- which countries a region meets -------------------------------------------------------------


def countries(tree: borders.BorderTree, geom: shapely.Geometry) -> list[str]:
    return sorted(tree.names[i] for i in tree.intersecting(geom))


def test_tree_finds_the_country_of_a_place():
    tree = border_tree(load_borders())
    assert countries(tree, shapely.box(30.4, 50.4, 30.6, 50.5)) == ["Ukraine"]  # Kyiv
    assert countries(tree, shapely.box(2.2, 48.8, 2.4, 48.9)) == ["France"]  # Paris
    assert countries(tree, shapely.box(-30.0, 40.0, -29.0, 41.0)) == []  # mid-Atlantic
    assert tree.intersecting(shapely.Polygon()).size == 0
    assert len(tree.names) == len(load_borders()["features"])


def test_tree_finds_countries_cut_at_the_antimeridian_on_both_sides():
    tree = border_tree(load_borders())
    assert countries(tree, shapely.box(179.0, 65.0, 180.0, 66.0)) == ["Russia"]  # Chukotka, east
    assert countries(tree, shapely.box(-180.0, 65.0, -179.0, 66.0)) == ["Russia"]  # and west
    assert countries(tree, shapely.box(-179.99, -16.9, -179.8, -16.1)) == ["Fiji"]
    # a range ring across the antimeridian, cut in two there, meets the country on both sides
    ring = range_area(65.5, 179.9, 100.0)
    assert ring.geometry["type"] == "MultiPolygon"
    assert countries(tree, union_of([ring.geometry])) == ["Russia"]


def test_antarctica_has_its_mainland_closed_at_the_pole():
    """world-atlas gives the mainland as a shell along the pole's line whose hole is the coast
    (scripts/split_antimeridian.py): it was dropped whole once, leaving islands and fringes."""
    tree = border_tree(load_borders())
    assert countries(tree, shapely.box(-1.0, -90.0, 1.0, -89.5)) == ["Antarctica"]  # the pole
    assert countries(tree, shapely.box(106.0, -79.0, 107.0, -78.0)) == ["Antarctica"]  # Vostok
    assert countries(tree, union_of([range_area(-90.0, 0.0, 500.0).geometry])) == ["Antarctica"]
    (feature,) = [f for f in load_borders()["features"] if f["properties"]["name"] == "Antarctica"]
    area_m2 = abs(
        Geod(ellps="WGS84").geometry_area_perimeter(shapely.geometry.shape(feature["geometry"]))[0]
    )
    assert 11.5e12 < area_m2 < 13.0e12  # Natural Earth's land without the ice shelves: 12.2 M km^2


def test_tree_is_built_once_per_file():
    assert border_tree(load_borders()) is border_tree(load_borders())


def test_tree_of_a_small_collection_and_of_bad_ones():
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    bowtie = {"type": "Polygon", "coordinates": [[[2, 0], [3, 1], [3, 0], [2, 1], [2, 0]]]}
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": "Square"}, "geometry": square},
            {"type": "Feature", "properties": {"name": "Bowtie"}, "geometry": bowtie},
        ],
    }
    tree = border_tree(collection)
    assert tree.names == ("Square", "Bowtie")
    assert countries(tree, shapely.box(0.5, 0.5, 2.1, 0.6)) == ["Bowtie", "Square"]
    assert countries(tree, shapely.box(0.2, 0.2, 0.3, 0.3)) == ["Square"]
    assert np.array_equal(tree.intersecting(shapely.box(5, 5, 6, 6)), [])
    with pytest.raises(BordersError, match="named countries"):
        border_tree({"type": "FeatureCollection", "features": [{"geometry": square}]})
    with pytest.raises(BordersError, match="not usable"):
        border_tree({"features": [{"properties": {"name": "X"}, "geometry": {"type": "Blob"}}]})


# --- the two editions ---------------------------------------------------------------------

CRIMEA = {"Simferopol": (34.10, 44.95), "Sevastopol": (33.52, 44.60), "Kerch": (36.47, 45.36)}


def _country_of(collection: dict, lon: float, lat: float) -> list[str]:
    tree = border_tree(collection)
    return [tree.names[i] for i in tree.intersecting(shapely.Point(lon, lat))]


@pytest.mark.parametrize("town", sorted(CRIMEA))
def test_crimea_is_ukraine_in_the_recognised_edition_and_russia_in_the_de_facto_one(town):
    lon, lat = CRIMEA[town]
    assert _country_of(load_borders(), lon, lat) == ["Russia"]
    assert _country_of(load_borders(edition="recognised"), lon, lat) == ["Ukraine"]


def test_the_editions_differ_in_crimea_alone():
    de_facto = {f["properties"]["name"]: f for f in load_borders()["features"]}
    recognised = {
        f["properties"]["name"]: f for f in load_borders(edition="recognised")["features"]
    }
    assert list(de_facto) == list(recognised)  # same names, same order: one names index
    changed = {n for n in de_facto if de_facto[n]["geometry"] != recognised[n]["geometry"]}
    assert changed == {"Russia", "Ukraine"}
    geod = Geod(ellps="WGS84")

    def area_km2(feature: dict) -> float:
        shape = shapely.geometry.shape(feature["geometry"])
        parts = shapely.get_parts(shape)  # each part's own sign: orientations differ in the file
        return sum(abs(geod.geometry_area_perimeter(p)[0]) for p in parts) / 1e6

    moved = area_km2(recognised["Ukraine"]) - area_km2(de_facto["Ukraine"])
    # Crimea (with Sevastopol) is about 27,000 km^2; the 1:50m outline is within a few percent.
    assert 25_000 < moved < 28_500
    assert area_km2(de_facto["Russia"]) - area_km2(recognised["Russia"]) == pytest.approx(
        moved, rel=0.01
    )
    ukraine = shapely.geometry.shape(recognised["Ukraine"]["geometry"])
    assert ukraine.is_valid
    # Dissolved along the Perekop isthmus: the mainland and the peninsula are one polygon.
    mainland = [p for p in shapely.get_parts(ukraine) if p.contains(shapely.Point(30.52, 50.45))]
    assert len(mainland) == 1 and mainland[0].contains(shapely.Point(*CRIMEA["Simferopol"]))


def test_the_recognised_file_is_what_the_script_derives():
    import json
    import runpy

    script = runpy.run_path(
        str(borders.BORDERS_DIR.parents[1] / "scripts" / "recognised_borders.py")
    )
    de_facto = json.loads(borders.borders_path("de-facto").read_text(encoding="utf-8"))
    derived = script["recognised"](de_facto)
    committed = json.loads(borders.borders_path("recognised").read_text(encoding="utf-8"))
    assert derived == committed
    assert committed["metadata"]["edition"] == "recognised"


def test_an_unknown_edition_is_refused_by_name():
    with pytest.raises(BordersError, match=r"unknown borders edition 'ukr'.*de-facto, recognised"):
        load_borders(edition="ukr")
    assert set(EDITION_NOTES) == set(EDITION_NAMES) == set(EDITIONS)
