"""The command line as a whole process: start-up, and a reach table written to CSV.

Start-up (issue "One clear house"): ``python -m ranges systems`` starts within 1.6x the time of
``python -c "import numpy, pyproj, pydantic, yaml"``. Before the lazy imports it was 0.85-1.4 s,
about 5x.

Reach (issue "Everyone counted"): ``python -m ranges reach`` for 20 launch points x every system
to a CSV file, per GeoNames extract, minus the ``systems`` process (what any command pays to
start): < 500 ms on ``cities15000``, < 1,500 ms on ``cities500``. The gazetteer's binary cache
is warm (``make bench`` builds it first).

All are fresh processes, run alternately in the same session so that a busy machine slows them
alike; medians of several runs each.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.engine import launch_points

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "ranges", "systems"]
BASELINE = [sys.executable, "-c", "import numpy, pyproj, pydantic, yaml"]
TARGET_RATIO = 1.6
REACH_TARGET_S = {"cities15000": 0.500, "cities500": 1.500}


def reach_command(extract: str, output: Path) -> list[str]:
    """``python -m ranges reach`` for the bench's 20 launch points x every system."""
    points = [f"--from={p.lat:.5f},{p.lon:.5f}" for p in launch_points(20)]
    return [
        *CLI[:-1],
        "reach",
        "--system",
        "all",
        *points,
        "--gazetteer",
        extract,
        "--output",
        str(output),
    ]


def _seconds(command: list[str]) -> float:
    """Wall-clock seconds of one run of ``command`` (output discarded; a failure raises)."""
    return _run(command)[0]


def _run(command: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system, all its threads) of one run of ``command``.

    The CPU time tells a busy machine from a slow program: on 2 shared cores the wall clock
    of a process that keeps both busy is at least half its CPU time, more when others run.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, check=True, env=_env())
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def start_times(runs: int = 9) -> tuple[float, float]:
    """Median seconds of (the CLI's ``systems``, the baseline imports) over ``runs`` runs each,
    alternating, after one warm-up run of each (the OS file cache)."""
    _seconds(CLI)
    _seconds(BASELINE)
    cli, base = [], []
    for _ in range(runs):
        cli.append(_seconds(CLI))
        base.append(_seconds(BASELINE))
    return statistics.median(cli), statistics.median(base)


def reach_times(runs: int = 5) -> dict[str, tuple[float, float, int, float]]:
    """Per extract: median seconds of the reach process and of ``systems`` (alternating, after
    a warm-up of each), the CSV's size in lines, and the reach process's median CPU seconds."""
    out = {}
    with tempfile.TemporaryDirectory(prefix="rangemap-bench-cli-") as tmp:
        for extract in REACH_TARGET_S:
            csv_path = Path(tmp) / f"{extract}.csv"
            command = reach_command(extract, csv_path)
            _seconds(command)
            _seconds(CLI)
            reach, cpu, systems = [], [], []
            for _ in range(runs):
                wall, used = _run(command)
                reach.append(wall)
                cpu.append(used)
                systems.append(_seconds(CLI))
            lines = csv_path.read_text(encoding="utf-8").count("\n")
            out[extract] = (
                statistics.median(reach),
                statistics.median(systems),
                lines,
                statistics.median(cpu),
            )
    return out


def run() -> list[tuple[str, str, str, str]]:
    cli_s, base_s = start_times()
    ratio = cli_s / base_s
    reach_rows = []
    for extract, (reach_s, systems_s, lines, cpu_s) in reach_times().items():
        over = reach_s - systems_s
        target = REACH_TARGET_S[extract]
        reach_rows.append(
            (
                f"CLI whole process reach 20x4 to CSV, {extract}, over systems",
                f"+{over * 1e3:,.0f} ms ({reach_s * 1e3:,.0f} - {systems_s * 1e3:,.0f} ms; "
                f"{lines:,} lines; CPU {cpu_s * 1e3:,.0f} ms)",
                f"< {target * 1e3:,.0f} ms",
                "ok" if over < target else "MISSED",
            )
        )
    return [
        ("CLI start: python -m ranges systems", f"{cli_s * 1e3:.0f} ms", "", ""),
        ("  baseline: import numpy, pyproj, pydantic, yaml", f"{base_s * 1e3:.0f} ms", "", ""),
        (
            "  ratio (CLI / baseline)",
            f"{ratio:.2f}x",
            f"<= {TARGET_RATIO}x",
            "ok" if ratio <= TARGET_RATIO else "MISSED",
        ),
        *reach_rows,
    ]


if __name__ == "__main__":
    from bench.common import table

    print(table(run()))
