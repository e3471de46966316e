"""The borders file's check (``ranges.places.borders``), vectorised: what it refuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ranges.errors import BordersError
from ranges.places.borders import clear_cache, load_borders

RING = [[0, 0], [1, 0], [1, 1], [0, 0]]


def collection(coordinates: object, kind: str = "Polygon") -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "X"},
                "geometry": {"type": kind, "coordinates": coordinates},
            }
        ],
    }


def load(tmp_path: Path, data: object) -> dict:
    path = tmp_path / f"b{len(list(tmp_path.iterdir()))}.geojson"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    clear_cache()
    return load_borders(path)


@pytest.mark.parametrize(
    "coordinates",
    [
        [RING],
        [[[0, 0, 5], [1.5, 0, 7], [1, 1, 0], [0, 0, 1]]],  # altitudes
        [[[-180, -90], [180, 90], [0.5, 1e-3], [-180, -90]]],
    ],
)
def test_good_polygons(tmp_path: Path, coordinates: object) -> None:
    assert load(tmp_path, collection(coordinates))["features"][0]["properties"]["name"] == "X"


@pytest.mark.parametrize(
    "coordinates",
    [
        [],
        [[]],
        [RING[:3]],
        [[[0, 0], [1, 0], [1, 1], [True, 0]]],
        [[[0, 0], [1, 0], [1, "1"], [0, 0]]],
        [[[0, 0], [1, 0], [1, None], [0, 0]]],
        [[[0, 0], [1, 0], [1], [0, 0]]],
        [[[0, 0], [1, 0], 7, [0, 0]]],
        [[[0, 0], [1, 0], [1, [1]], [0, 0]]],
        [[[0, 0], [181, 0], [1, 1], [0, 0]]],
        [[[0, 0], [1, -90.5], [1, 1], [0, 0]]],
        [[[0, 0], [1, 0], [1, 10**400], [0, 0]]],
        "multi",
    ],
)
def test_malformed_polygons_refused(tmp_path: Path, coordinates: object) -> None:
    data: object = collection(coordinates)
    if coordinates == "multi":
        data = collection([[RING], [[[0, 0], [1, 0], [1, 1], [0, False]]]], "MultiPolygon")
    with pytest.raises(BordersError, match="malformed or out-of-range"):
        load(tmp_path, data)


def test_infinite_numbers_refused(tmp_path: Path) -> None:
    text = json.dumps(collection([RING])).replace("[1, 1]", "[1, Infinity]")
    with pytest.raises(BordersError, match="malformed or out-of-range"):
        load(tmp_path, text)
