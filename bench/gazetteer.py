"""The gazetteer: loading each GeoNames extract from its JSON (the baseline) and from the cache.

Per extract: parsing the JSON as before the cache (``load_gazetteer``), building the cache once
(parse + sections + name index + write), loading the cache in a running process, and a whole
cold process that imports the gazetteer, loads the extract from the cache and looks up a name,
with its peak memory. The cache goes to a temporary directory, so the user's is left alone.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import median_seconds, table
from ranges.places.extracts import EXTRACTS, load_extract, load_gazetteer, package_data_dir

LOAD_TARGET_S = 0.2  # the issue: loading the cache is what a cold start pays

_COLD = """
import sys, time
start = time.perf_counter()
from ranges.places.extracts import load_extract
places = load_extract(sys.argv[1])
assert places.lookup("Kyiv")
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the (large) parent across exec.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(elapsed, peak)
"""


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def _cold_process(extract: str, env: dict[str, str], repeat: int = 3) -> tuple[float, float, int]:
    """Median whole-process seconds, median in-process seconds, and peak RSS in kB."""
    walls, inner, rss = [], [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _COLD, extract],
            env=env,
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        ).stdout.split()
        walls.append(time.perf_counter() - start)
        inner.append(float(out[0]))
        rss = max(rss, int(out[1]))
    return sorted(walls)[len(walls) // 2], sorted(inner)[len(inner) // 2], rss


def run() -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory(prefix="rangemap-bench-cache-") as cache:
        env = {**os.environ, "RANGEMAP_CACHE_DIR": cache}
        for extract in EXTRACTS:
            source = package_data_dir() / f"{extract}.json"
            repeat = 3 if extract == "cities15000" else 1
            parse = median_seconds(lambda s=source: load_gazetteer(s), repeat=repeat, warmup=0)
            start = time.perf_counter()
            places = load_extract(extract, cache_dir=cache)
            build = time.perf_counter() - start
            load = median_seconds(lambda e=extract: load_extract(e, cache_dir=cache), repeat=5)
            wall, inner, rss = _cold_process(extract, env)
            n = f"{len(places):,} places"  # in the value: measure names are declared
            rows += [
                (
                    f"{extract}: JSON parse (baseline, before the cache)",
                    f"{parse * 1e3:.0f} ms",
                    "",
                    "",
                ),
                (
                    f"{extract}: cache build, once (parse, sections, name index, write)",
                    f"{build * 1e3:.0f} ms",
                    "",
                    "",
                ),
                (
                    f"{extract}: cache load in a running process",
                    f"{load * 1e3:.0f} ms ({n}; {parse / load:.0f}x faster)",
                    f"< {LOAD_TARGET_S * 1e3:.0f} ms",
                    _verdict(load < LOAD_TARGET_S),
                ),
                (
                    f"{extract}: cold process: import, load, lookup (peak memory)",
                    f"{wall * 1e3:.0f} ms, in-process {inner * 1e3:.0f} ms ({rss / 1024:.0f} MB)",
                    "",
                    "",
                ),
            ]
    return rows


if __name__ == "__main__":
    print(table(run()))
