"""Targets (issue "Targets"): every open airfield measured against 4 systems.

* in-process, from the bench's 20 launch points: < 100 ms; baseline in the same run: every
  (point, airfield) pair solved with ``Geod.inv`` (what measuring costs without the bounds),
  and the count of inverse problems the screens leave against every pair's;
* in-process, from Ukraine as a launch area: < 200 ms; its floor in the same run: the area's
  exact nearest-point distance to every airfield (``AreaModel.nearest``), which any answer pays;
* the command line as a whole process, ``python -m ranges targets --targets airfields --system
  all --area UKR`` to a CSV file, minus ``python -m ranges systems`` (what any command pays to
  start): < 1,500 ms;
* the app: a warm run of the default link with ``airfields:military`` over the same run without
  (two AppTests run alternately): < +50 ms, and the page's bytes: < +50 kB.

The airfields' cache is warm (the first ``airfields()`` builds it). ``python -m bench.targets``
prints these rows alone.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from bench.common import alternating_medians, table
from bench.engine import launch_points
from ranges.catalogue.systems import load_catalogue
from ranges.geometry.areas import area_model, parse_area
from ranges.geometry.geodesy import WGS84
from ranges.targets.airfields import airfields
from ranges.targets.measure import measure_targets

REPO = Path(__file__).resolve().parent.parent
TARGET_POINTS_S = 0.100
TARGET_AREA_S = 0.200
TARGET_CLI_S = 1.500


def _every_pair(points, targets) -> None:
    lats = np.asarray(targets.lats)
    lons = np.asarray(targets.lons)
    for p in points:
        WGS84.inv(np.full(lats.size, p.lon), np.full(lats.size, p.lat), lons, lats)


def _ms(seconds: float) -> str:
    return f"{1e3 * seconds:.0f} ms"


def _row(name: str, seconds: float, target_s: float | None) -> tuple[str, str, str, str]:
    if target_s is None:
        return (name, _ms(seconds), "", "")
    verdict = "ok" if seconds < target_s else "MISSED"
    return (name, _ms(seconds), f"< {_ms(target_s)}", verdict)


def _process_seconds(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    return time.perf_counter() - start


def _page_bytes(at) -> int:
    """Bytes of the page's elements as the server sends them (their protobuf messages)."""
    total = 0
    stack = [at._tree.root]
    while stack:
        node = stack.pop()
        proto = getattr(node, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            total += proto.ByteSize()
        stack.extend(getattr(node, "children", {}).values())
    return total


def app_figures() -> tuple[float, float, int, int]:
    """(warm rerun s without targets, with airfields:military, page bytes without, with): the
    app's default scenario (Kyiv, 4 systems) as a link opens it, the two runs alternately."""
    from streamlit.testing.v1 import AppTest

    tests = []
    for targets in (None, "airfields:military"):
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
        at.query_params["systems"] = "atacms,storm-shadow,scalp-eg,tomahawk"
        at.query_params["from"] = "50.4501,30.5234,Kyiv"
        if targets:
            at.query_params["targets"] = targets
        at.run()
        assert not at.exception, at.exception
        tests.append(at)
    without, with_targets = alternating_medians([t.run for t in tests], repeat=9)
    return without, with_targets, _page_bytes(tests[0]), _page_bytes(tests[1])


TARGET_APP_S = 0.050
TARGET_APP_BYTES = 50_000


def run() -> list[tuple[str, str, str, str]]:
    targets = airfields()
    systems = load_catalogue().select(["all"])[:4]
    points = launch_points(20)
    ukraine = parse_area("UKR")
    model = area_model(ukraine)
    lats, lons = np.asarray(targets.lats), np.asarray(targets.lons)
    by_points, every_pair = alternating_medians(
        [lambda: measure_targets(targets, systems, points), lambda: _every_pair(points, targets)],
        repeat=7,
    )
    by_area, floor = alternating_medians(
        [
            lambda: measure_targets(targets, systems, [], [ukraine]),
            lambda: model.nearest(lats, lons),
        ],
        repeat=7,
    )
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "targets.csv")
        cli = [
            sys.executable,
            "-m",
            "ranges",
            "targets",
            "--targets",
            "airfields",
            "--system",
            "all",
            "--area",
            "UKR",
            "--output",
            out,
        ]
        start_only = [sys.executable, "-m", "ranges", "systems"]
        cli_times, start_times = [], []
        _process_seconds(cli)  # warm the page cache
        for _ in range(5):
            cli_times.append(_process_seconds(cli))
            start_times.append(_process_seconds(start_only))
    over = statistics.median(cli_times) - statistics.median(start_times)
    without, with_targets, bytes_without, bytes_with = app_figures()
    n = len(targets)
    solved = measure_targets(targets, systems, points).point_inverses
    extra_bytes = bytes_with - bytes_without
    return [
        _row(
            "targets: every open airfield x 4 systems, 20 launch points (in-process)",
            by_points,
            TARGET_POINTS_S,
        ),
        (
            "  baseline: every (point, airfield) pair solved (Geod.inv)",
            f"{_ms(every_pair)} ({every_pair / by_points:.1f}x)",
            "",
            "baseline",
        ),
        (
            "  inverse problems solved, screened / every pair",
            f"{solved:,} / {n * len(points):,} ({n:,} airfields)",
            "",
            "",
        ),
        _row(
            "targets: every open airfield x 4 systems, Ukraine as launch area (in-process)",
            by_area,
            TARGET_AREA_S,
        ),
        (
            "  floor: the area's exact distance to every airfield",
            f"{_ms(floor)} ({by_area / floor:.2f}x of it)",
            "",
            "floor",
        ),
        _row(
            "CLI whole process targets airfields x 4, --area UKR, over systems", over, TARGET_CLI_S
        ),
        _row(
            "app run with airfields:military, over the same run without",
            with_targets - without,
            TARGET_APP_S,
        ),
        ("  baseline: app run without targets", _ms(without), "", "baseline"),
        (
            "page payload with airfields:military, over the same page without",
            f"{extra_bytes / 1e3:.1f} kB",
            f"< {TARGET_APP_BYTES / 1e3:.0f} kB",
            "ok" if extra_bytes < TARGET_APP_BYTES else "MISSED",
        ),
    ]


if __name__ == "__main__":
    print(table(run()))
