"""``python -m ranges targets`` writes the same bytes as before its speed-ups (issue 21).

The expected outputs were written by the command before pykdtree replaced scipy's k-d tree
and the borders' check was vectorised: a small list in full
(``data/targets/golden-small.csv``), and SHA-256 digests of larger runs (every military
airfield, from a launch area and a point, with and without a minimum range).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from ranges.cli import main

DATA = Path(__file__).resolve().parent / "data"
LIST = DATA / "targets" / "golden-list.csv"
FULL = DATA / "catalogues" / "good" / "full.yaml"
LAUNCH = ["--area", "UKR", "--from", "54.71,20.51,Kaliningrad"]


def run(args: list[str], capsys) -> str:
    code = main(["targets", *args, *LAUNCH])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def test_a_small_list_in_full(capsys) -> None:
    out = run(["--targets", str(LIST), "--system", "atacms,tomahawk"], capsys)
    assert out == (DATA / "targets" / "golden-small.csv").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "digest"),
    [
        (
            "--targets LIST --targets airfields:military --system atacms,tomahawk,storm-shadow",
            "ebd35a6134412bd410885b74538d92d9f00f3e5ee446064a37ab475a71826859",
        ),
        (
            "--targets airfields:military --catalogue FULL --system all",
            "5572a7db9295637046fb0419accc2f4032cb1f28c5dd96e59de64d5b846af54d",
        ),
        (
            "--targets airfields:military --catalogue FULL --system all --format json",
            "80d0fe1c64dc221f1360db989606d441191c62eb3d95633dca66280c42572693",
        ),
    ],
    ids=["list-and-military-airfields", "minimum-range-csv", "minimum-range-json"],
)
def test_larger_runs_by_digest(args: str, digest: str, capsys) -> None:
    out = run([{"LIST": str(LIST), "FULL": str(FULL)}.get(a, a) for a in args.split()], capsys)
    assert hashlib.sha256(out.encode("utf-8")).hexdigest() == digest
