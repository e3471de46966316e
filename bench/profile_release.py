"""Where a slider release's server time goes: cProfile of the app's script runs in AppTest.

``python -m bench.profile_release [QUERY] [SLIDER] [RELEASES]`` opens the page (``QUERY``: a
query string, default the default scenario), then releases ``SLIDER`` (default
``max:storm-shadow``) at ``RELEASES`` new values (default 8), profiling the script thread of
each run (the real streamlit-folium component is marshalled; no browser), and prints the CPU a
release and the functions by cumulative time. AppTest runs the whole script each time (it has
no fragment reruns), so this is the cost of a full run: the fragment's share is the map, the
systems' controls and the tabs (app.py). Profiling roughly doubles the times; read the shares.
"""

from __future__ import annotations

import cProfile
import pstats
import random
import sys
import time
from pathlib import Path
from urllib.parse import parse_qsl

from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

import ranges.ui.map

ROOT = Path(__file__).resolve().parents[1]


def profile(query: str, slider: str, releases: int) -> tuple[list[float], pstats.Stats]:
    """CPU seconds of each release's run (the whole process) and the runs' profile."""
    ranges.ui.map.MAP_REPORT_WAIT_S = 0.0  # no browser reports the map: do not wait for one
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    for key, value in parse_qsl(query):
        at.query_params[key] = value
    at.run()
    at.run()
    prof = cProfile.Profile()
    profiling = [False]
    run_script = script_runner.ScriptRunner._run_script

    def profiled(self, *args, **kwargs):
        if profiling[0]:
            prof.enable()
        try:
            return run_script(self, *args, **kwargs)
        finally:
            prof.disable()

    script_runner.ScriptRunner._run_script = profiled
    rng = random.Random(5)
    times = []
    try:
        for _ in range(releases):
            at.slider(key=slider).set_value(rng.randrange(100, 1000))
            cpu = time.process_time()
            profiling[0] = True
            at.run()
            profiling[0] = False
            times.append(time.process_time() - cpu)
            if at.exception:
                raise RuntimeError(at.exception[0].value)
    finally:
        script_runner.ScriptRunner._run_script = run_script
    return times, pstats.Stats(prof)


def main(argv: list[str]) -> None:
    query = argv[0] if argv else ""
    slider = argv[1] if len(argv) > 1 else "max:storm-shadow"
    releases = int(argv[2]) if len(argv) > 2 else 8
    times, stats = profile(query, slider, releases)
    print("CPU a release (ms):", [round(1000 * t) for t in times])
    stats.sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main(sys.argv[1:])
