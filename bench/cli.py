"""Command-line start-up: ``python -m ranges systems`` against importing its four libraries.

The target (issue "One clear house"): the command starts within 1.6x the time of
``python -c "import numpy, pyproj, pydantic, yaml"``. Both are fresh processes, run alternately
in the same session so that a busy machine slows both alike; medians of several runs each.
Before the lazy imports it was 0.85-1.4 s, about 5x.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "ranges", "systems"]
BASELINE = [sys.executable, "-c", "import numpy, pyproj, pydantic, yaml"]
TARGET_RATIO = 1.6


def _seconds(command: list[str]) -> float:
    """Wall-clock seconds of one run of ``command`` (output discarded; a failure raises)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, check=True, env=_env())
    return time.perf_counter() - start


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


def run() -> list[tuple[str, str, str, str]]:
    cli_s, base_s = start_times()
    ratio = cli_s / base_s
    return [
        ("CLI start: python -m ranges systems", f"{cli_s * 1e3:.0f} ms", "", ""),
        ("  baseline: import numpy, pyproj, pydantic, yaml", f"{base_s * 1e3:.0f} ms", "", ""),
        (
            "  ratio (CLI / baseline)",
            f"{ratio:.2f}x",
            f"<= {TARGET_RATIO}x",
            "ok" if ratio <= TARGET_RATIO else "MISSED",
        ),
    ]


if __name__ == "__main__":
    from bench.common import table

    print(table(run()))
