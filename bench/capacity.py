"""Capacity per core, without browsers: the figures of :mod:`harness.capacity`'s load (N
sessions over Streamlit's websocket, moving sliders), one fresh server per level.

What limits capacity: one Streamlit server is one Python process whose script runs share the
GIL, so a server uses about one core however many it has; beyond that, sessions queue. Run
more server processes (see README "More than one server") to use more cores.
"""

from __future__ import annotations

import math
import os

from harness.capacity import (
    BURST_TIMEOUT_S,
    BURST_WITHIN_S,
    LEVELS,
    P95_LIMIT_S,
    SECONDS,
    THINK_S,
    BurstResult,
    LevelResult,
    measure,
    measure_burst,
)


def users_held(results: list[LevelResult]) -> str:
    """The largest N measured whose p95 stayed under :data:`P95_LIMIT_S`, and the next one's."""
    good = [r for r in results if r.ok and r.p(0.95) < P95_LIMIT_S]
    bad = [r for r in results if r not in good]
    best = max((r.n for r in good), default=0)
    over = min((r for r in bad if r.n > best), key=lambda r: r.n, default=None)
    text = f"{best} active users" if best else f"fewer than {min(r.n for r in results)}"
    if over is not None:
        why = f"p95 {over.p(0.95):.2f} s" if over.updates else "failed"
        text += f" ({over.n}: {why})"
    else:
        text += " (the most measured)"
    costs = [r.server_cpu_s / len(r.updates) for r in results if r.updates and r.server_cpu_s > 0]
    if costs:
        cost = min(costs)  # the least contended level's CPU a slider update
        per_user = (THINK_S[0] + THINK_S[1]) / 2  # seconds between one user's releases, about
        text += (
            f"; CPU bound: {1000 * cost:.0f} ms of server CPU an update, so one fully used "
            f"core serves ~{1 / cost:.1f} updates/s = ~{per_user / cost:.0f} users releasing "
            f"a slider every {per_user:.0f} s"
        )
    return text


def rows(results: list[LevelResult]) -> list[tuple[str, str, str, str]]:
    out = []
    for r in results:
        tag = f"capacity, {r.n} active users"
        finished = [u.finished_s for u in r.updates]
        errors = f"; {len(r.errors)} errors, first: {r.errors[0][:70]}" if r.errors else ""
        out.append(
            (
                f"{tag}: slider to map update, p50 / p95",
                f"{r.p(0.5):.2f} / {r.p(0.95):.2f} s (n={len(r.updates)}; run finished p95 "
                f"{r.p(0.95, finished):.2f} s{errors})",
                f"p95 < {P95_LIMIT_S:.0f} s",
                "ok" if r.ok and r.p(0.95) < P95_LIMIT_S else "over",
            )
        )
        peak = max(r.rss_mb, default=math.nan)
        out.append(
            (
                f"{tag}: server RSS",
                f"{peak:.0f} MB peak ({r.rss_idle_mb:.0f} MB idle, {r.rss_one_mb:.0f} MB with "
                f"one session; {(peak - r.rss_one_mb) / max(r.n - 1, 1):.1f} MB a session more)",
                "",
                "",
            )
        )
        out.append(
            (
                f"{tag}: CPU",
                f"server {r.server_cores:.2f} cores "
                f"({1000 * r.server_cpu_s / max(len(r.updates), 1):.0f} ms an update), "
                f"generator {r.generator_cores:.2f}; "
                f"{r.opened}/{r.n} opened in {r.open_s:.0f} s; {r.received_mb:.0f} MB sent",
                "",
                "",
            )
        )
    out.append(
        (
            "capacity: active users one server holds at p95 < 1 s",
            f"{users_held(results)}; {os.cpu_count()} cores",
            "",
            "",
        )
    )
    return out


BURST_P95_S = 5.0


def burst_rows(r: BurstResult) -> list[tuple[str, str, str, str]]:
    """The burst's row: how many opened, how soon their first ring came, the server's cost."""
    errors = f"; {len(r.errors)} errors, first: {r.errors[0][:70]}" if r.errors else ""
    ok = r.opened == r.n and not r.errors and r.p(0.95) < BURST_P95_S
    return [
        (
            f"burst: {r.n} sessions open the default link within {BURST_WITHIN_S:g} s",
            f"{r.opened}/{r.n} open within {BURST_TIMEOUT_S:.0f} s; first ring p50 / p95 "
            f"{r.p(0.5):.1f} / {r.p(0.95):.1f} s; server RSS peak {r.rss_peak_mb:.0f} MB, "
            f"CPU {r.server_cpu_s:.0f} s{errors}",
            f"all open, p95 < {BURST_P95_S:g} s",
            "ok" if ok else "MISSED",
        )
    ]


def run(levels: tuple[int, ...] = LEVELS, seconds: float = SECONDS) -> list[tuple[str, ...]]:
    results = [measure(n, seconds) for n in levels]
    return rows(results) + burst_rows(measure_burst())


if __name__ == "__main__":
    import sys

    from bench.common import table

    chosen = tuple(int(a) for a in sys.argv[1:]) or LEVELS
    print(table(run(chosen)))
