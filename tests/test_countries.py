"""The country index: names read from the small index beside the borders, never a stale one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ranges.errors import BordersError
from ranges.places.borders import clear_cache, load_borders
from ranges.places.countries import BORDERS_PATH, NAMES_INDEX_PATH, border_names, write_names_index


def names_in(borders: Path) -> list[str]:
    return [f["properties"]["name"] for f in load_borders(borders)["features"]]


def test_the_committed_index_is_the_borders_names_in_order() -> None:
    record = json.loads(NAMES_INDEX_PATH.read_text(encoding="utf-8"))
    assert record["names"] == names_in(BORDERS_PATH), (
        "static/borders/countries-50m.names.json is stale: see static/borders/README.md"
    )
    assert border_names() == record["names"]


@pytest.fixture
def copy(tmp_path: Path) -> tuple[Path, Path]:
    borders, index = tmp_path / "b.geojson", tmp_path / "b.names.json"
    shutil.copy(BORDERS_PATH, borders)
    write_names_index(borders, index)
    return borders, index


def test_the_index_is_used_while_the_borders_are_unchanged(copy: tuple[Path, Path]) -> None:
    borders, index = copy
    record = json.loads(index.read_text(encoding="utf-8"))
    record["names"][0] = "Read from the index"
    index.write_text(json.dumps(record), encoding="utf-8")
    assert border_names(borders, index)[0] == "Read from the index"


def test_a_changed_borders_file_makes_the_index_stale(copy: tuple[Path, Path]) -> None:
    borders, index = copy
    data = json.loads(borders.read_text(encoding="utf-8"))
    data["features"][0]["properties"]["name"] = "Renamed"
    borders.write_text(json.dumps(data), encoding="utf-8")
    clear_cache()  # the borders are read once per path and process
    assert border_names(borders, index) == names_in(borders)
    assert border_names(borders, index)[0] == "Renamed"


@pytest.mark.parametrize("content", [None, "", "{not json", "[]", '{"names": [1, 2]}'])
def test_a_missing_or_broken_index_falls_back_to_the_borders(
    copy: tuple[Path, Path], content: str | None
) -> None:
    borders, index = copy
    if content is None:
        index.unlink()
    else:
        index.write_text(content, encoding="utf-8")
    assert border_names(borders, index) == names_in(BORDERS_PATH)


def test_without_the_borders_the_names_fail_as_the_borders_do(tmp_path: Path) -> None:
    with pytest.raises(BordersError, match="not found"):
        border_names(tmp_path / "missing.geojson", NAMES_INDEX_PATH)
