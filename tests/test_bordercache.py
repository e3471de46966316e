"""A country's border from the cache of arrays (ranges/places/bordercache.py) is the file's."""

from __future__ import annotations

from pathlib import Path

import pytest
import shapely
import shapely.geometry

from ranges.geometry.areas import parse_area
from ranges.places import bordercache
from ranges.places.borders import borders_path, load_borders
from ranges.places.editions import EDITIONS


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RANGEMAP_CACHE_DIR", str(tmp_path))
    bordercache.clear_cache()
    yield tmp_path
    bordercache.clear_cache()


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_feature_is_the_files(cache: Path, edition: str) -> None:
    features = load_borders(edition=edition)["features"]
    for built in (True, False):  # written, then read back from the file
        bordercache.clear_cache()
        for i, feature in enumerate(features):
            want = shapely.geometry.shape(feature["geometry"])
            got = shapely.geometry.shape(bordercache.feature_geometry(i, edition))
            assert shapely.to_wkb(got) == shapely.to_wkb(want), (built, i)
    assert bordercache.cache_file(borders_path(edition), cache).is_file()
    with pytest.raises(IndexError):
        bordercache.feature_geometry(len(features), edition)


def test_a_damaged_cache_is_rebuilt(cache: Path) -> None:
    path = bordercache.cache_file(borders_path(EDITIONS[0]), cache)
    path.write_bytes(b"RMGAZ\x00\r\n" + b"\xff" * 40)
    ukraine = parse_area("UKR")
    assert ukraine.label == "Ukraine"
    bordercache.clear_cache()
    assert bordercache.feature_geometry(0, EDITIONS[0])["type"] in ("Polygon", "MultiPolygon")
    assert path.stat().st_size > 1_000_000


def test_an_unwritable_cache_only_costs_time(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("RANGEMAP_CACHE_DIR", str(blocker / "cache"))
    bordercache.clear_cache()
    try:
        geometry = bordercache.feature_geometry(3, EDITIONS[0])
        want = load_borders(edition=EDITIONS[0])["features"][3]["geometry"]
        assert shapely.geometry.shape(geometry).equals(shapely.geometry.shape(want))
    finally:
        bordercache.clear_cache()
