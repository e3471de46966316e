"""``--output FILE`` on the command line (issue 23, item 11): without ``--format`` the file's
extension chooses the format, and an extension the command does not write is refused (exit 2,
one ``error:`` line, no file) instead of a GeoJSON file named ``x.docx``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ranges.cli import main

RINGS = ["rings", "--system", "atacms", "--from", "50.45,30.52"]
REACH = ["reach", "--system", "atacms", "--from", "50.45,30.52", "--min-population", "1000000"]


@pytest.mark.parametrize(
    ("args", "name"),
    [(RINGS, "x.docx"), (RINGS, "map.jpeg"), (RINGS, "x.csv"), (REACH, "x.xlsx"), (REACH, "x.kml")],
)
def test_an_extension_the_command_does_not_write_is_refused(
    args: list[str], name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / name
    assert main([*args, "--output", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: --output {name}: ") and err.count("\n") == 1
    assert "does not write" in err and "--format" in err
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "name", "starts"),
    [
        (RINGS, "x.geojson", b'{"type": "FeatureCollection"'),
        (RINGS, "x.json", b'{"type": "FeatureCollection"'),  # GeoJSON is JSON
        (RINGS, "x.KML", b"<?xml"),
        (RINGS, "x.png", b"\x89PNG"),
        (RINGS, "no-extension", b'{"type": "FeatureCollection"'),
        (REACH, "x.csv", b"city,country,"),
        (REACH, "x.json", b"[\n {"),  # was CSV under a .json name
        (REACH, "no-extension", b"city,country,"),
    ],
)
def test_the_extension_chooses_the_format(
    args: list[str], name: str, starts: bytes, tmp_path: Path
) -> None:
    target = tmp_path / name
    assert main([*args, "--output", str(target)]) == 0
    assert target.read_bytes().startswith(starts)


def test_an_explicit_format_wins_over_the_extension(tmp_path: Path) -> None:
    target = tmp_path / "x.txt"
    assert main([*REACH, "--format", "json", "--output", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))[0]["city"] == "Kyiv"
