"""Load: many browser sessions against one server, each moving sliders and adding points (the
load itself is :mod:`harness.load`); the rows of the bench's table."""

from __future__ import annotations

import math
import os
import statistics

from harness.load import LoadResult, measure
from harness.procs import percentile


def rows(result: LoadResult) -> list[tuple[str, str, str, str]]:
    n = len(result.sessions)
    tag = f"load ({n} sessions x {result.seconds:.0f} s)"
    errors = result.errors()
    held = f"{result.held}/{n}"
    if errors:
        held += f" ({len(errors)} errors; first: {errors[0][:80]})"
    else:
        held += f" (all opened in {result.opened_s:.0f} s; no errors, no leaks)"
    sliders = sum(len(s.slider_s) for s in result.sessions)
    points = sum(len(s.point_s) for s in result.sessions)
    out = [
        (f"{tag}: sessions held", held, f"{n}/{n}", "ok" if result.ok else "MISSED"),
        (
            f"{tag}: actions done",
            f"{sliders + points} ({sliders} slider, {points} new point; "
            f"{(sliders + points) / max(n, 1) / max(result.seconds, 1) * 60:.1f}/min/session)",
            "",
            "",
        ),
    ]
    times = result.latencies
    if times:
        med, p95 = statistics.median(times), percentile(times, 0.95)
        server = [t for s in result.sessions for t in s.server_s]
        parts = []
        for name, group in (
            ("slider", [t for s in result.sessions for t in s.slider_s]),
            ("point", [t for s in result.sessions for t in s.point_s]),
        ):
            if group:
                parts.append(f"{name} {statistics.median(group):.2f} s")
        out += [
            (
                f"{tag}: update latency, median",
                f"{med:.2f} s (n={len(times)}; {', '.join(parts)}; server's last message "
                f"after {statistics.median(server) if server else math.nan:.2f} s)",
                "< 3 s (soft)",
                "ok" if med < 3.0 else "MISSED",
            ),
            (
                f"{tag}: update latency, p95",
                f"{p95:.2f} s (max {max(times):.2f} s; server's last message after "
                f"{percentile(server, 0.95) if server else math.nan:.2f} s)",
                "",
                "",
            ),
        ]
    start, peak, end, flat = result.rss_summary()
    out.append(
        (
            f"{tag}: server RSS",
            f"{result.rss_before_mb:.0f} MB idle; load {start:.0f} -> peak {peak:.0f} -> "
            f"end {end:.0f} MB; {result.rss_after_mb:.0f} MB after close "
            f"({'levelled off' if flat else 'still growing'})",
            "levels off",
            "ok" if flat else "MISSED",
        )
    )
    cores = (os.cpu_count() or 1) * result.machine_busy
    others = max(0.0, cores - result.server_cores - result.browser_cores)
    out.append(
        (
            f"{tag}: CPU during the load",
            f"server {result.server_cores:.2f} cores, chromium {result.browser_cores:.2f}, "
            f"other processes {others:.2f}; machine {100 * result.machine_busy:.0f} % busy "
            f"({os.cpu_count()} cores)",
            "",
            "",
        )
    )
    return out


def run(sessions: int = 20, seconds: float = 60.0) -> list[tuple[str, str, str, str]]:
    return rows(measure(sessions, seconds))
