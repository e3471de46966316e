"""Range rings of a scenario (ranges/geometry/rings.py): which rings, in which order, with which
properties. The geometry itself is tests/test_geodesy.py's; the GeoJSON file, test_export.py's."""

from __future__ import annotations

import json

import pytest

from ranges.catalogue.systems import System, load_catalogue
from ranges.geometry.geodesy import range_area
from ranges.geometry.rings import Ring, build_rings, feature_collection, ring_feature
from ranges.places.points import LaunchPoint

CATALOGUE = load_catalogue()
ATACMS = CATALOGUE.get("atacms")
TOMAHAWK = CATALOGUE.get("tomahawk")
KYIV = LaunchPoint(50.4501, 30.5234, "Kyiv")
ODESA = LaunchPoint(46.4825, 30.7233, "Odesa")


def test_one_ring_per_point_and_system_points_first() -> None:
    rings = build_rings([KYIV, ODESA], [ATACMS, TOMAHAWK])
    assert [(r.point.label, r.system.id) for r in rings] == [
        ("Kyiv", "atacms"),
        ("Kyiv", "tomahawk"),
        ("Odesa", "atacms"),
        ("Odesa", "tomahawk"),
    ]
    assert build_rings([], [ATACMS]) == [] and build_rings([KYIV], []) == []


def test_a_ring_is_the_geodesy_disk_or_annulus_of_its_system() -> None:
    annulus = TOMAHAWK.model_copy(update={"min_range_km": 500.0})
    plain, holed = build_rings([KYIV], [ATACMS, annulus])
    assert (plain.min_range_km, plain.max_range_km) == (0.0, 300.0)
    assert (holed.min_range_km, holed.max_range_km) == (500.0, 2400.0)
    assert plain.area == range_area(KYIV.lat, KYIV.lon, 300.0)
    expected = range_area(KYIV.lat, KYIV.lon, 2400.0, 500.0)
    assert holed.area.area_km2 == pytest.approx(expected.area_km2, rel=1e-12)
    assert len(holed.area.geometry["coordinates"]) == 2  # the inner disk is a hole


def test_an_override_reaches_the_ring() -> None:
    (ring,) = build_rings([KYIV], [ATACMS.with_max_range(1000.0)])
    assert ring.max_range_km == 1000.0
    assert ring.area.area_km2 == pytest.approx(range_area(KYIV.lat, KYIV.lon, 1000.0).area_km2)


def test_feature_properties() -> None:
    (ring,) = build_rings([KYIV], [ATACMS])
    feature = ring_feature(ring)
    assert feature["type"] == "Feature"
    assert feature["geometry"] is ring.area.geometry
    assert feature["properties"] == {
        "system": "atacms",
        "name": ATACMS.name,
        "kind": ATACMS.kind,
        "launch": "Kyiv",
        "launch_lat": 50.4501,
        "launch_lon": 30.5234,
        "min_range_km": 0.0,
        "max_range_km": 300.0,
        "area_km2": round(ring.area.area_km2, 3),
        "source": ATACMS.sources[0].title,
        "color": ATACMS.color,
    }


def test_feature_colour_only_when_the_system_has_one() -> None:
    uncoloured = ATACMS.model_copy(update={"color": None})
    coloured = System(
        id="red",
        name="Red <b>",
        kind="other",
        max_range_km=100.0,
        sources=({"title": "t"},),
        color="#ABC",
    )
    plain, red = (ring_feature(r) for r in build_rings([KYIV], [uncoloured, coloured]))
    assert "color" not in plain["properties"]
    assert red["properties"]["color"] == coloured.color == "#aabbcc"
    assert red["properties"]["name"] == "Red <b>"  # text as given: escaping is the writer's job


def test_feature_collection_keeps_the_order_and_is_json() -> None:
    rings = build_rings([ODESA, KYIV], [TOMAHAWK])
    collection = feature_collection(rings)
    assert collection["type"] == "FeatureCollection"
    assert [f["properties"]["launch"] for f in collection["features"]] == ["Odesa", "Kyiv"]
    assert json.loads(json.dumps(collection, allow_nan=False)) == collection
    assert feature_collection([]) == {"type": "FeatureCollection", "features": []}
    assert isinstance(rings[0], Ring)
