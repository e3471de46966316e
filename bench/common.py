"""Timing helpers: medians of repeated runs, a row of seconds, a plain table, Debian's
chromium for the browser figures, and the memory and CPU of processes (from ``/proc``)."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from harness.server import CHROMIUM, CHROMIUM_ARGS, localhost_only

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Playwright


def median_seconds(fn: Callable[[], object], *, repeat: int, warmup: int = 1) -> float:
    """Median wall-clock time of ``fn()`` over ``repeat`` runs, after ``warmup`` runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def alternating_medians(fns: list[Callable[[], object]], *, repeat: int) -> list[float]:
    """Median wall-clock times of each of ``fns`` over ``repeat`` rounds, after one warm-up
    round; each round runs them one after another, so that a busy spell of a shared machine
    slows them alike and their ratio holds (measured apart, a ratio of two medians of 3 swung
    from 1.0x to 2.0x between runs)."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeat):
        for fn, spent in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            spent.append(time.perf_counter() - start)
    return [statistics.median(spent) for spent in times]


def table(rows: list[tuple[str, str, str, str]]) -> str:
    """Rows of (measure, value, target, verdict) as an aligned text table."""
    header = ("measure", "median", "target", "")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def seconds_row(measure: str, times: list[float], target_s: float) -> tuple[str, str, str, str]:
    """The row of a measure timed ``len(times)`` times: the median against ``< target_s``."""
    med = statistics.median(times)
    return (
        measure,
        f"{med:.2f} s (n={len(times)}, max {max(times):.2f} s)",
        f"< {target_s:g} s",
        "ok" if med < target_s else "MISSED",
    )


def launch_chromium(p: Playwright) -> Browser:
    """Debian's chromium, started by Playwright (``p``, from ``sync_playwright()``) as the
    browser tests start it."""
    return p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def local_context(browser: Browser, **options: object) -> BrowserContext:
    """A new browser context (``options`` as Playwright's ``new_context``) that reaches nothing
    but localhost, as in the browser tests."""
    ctx = browser.new_context(**options)
    ctx.route("**/*", localhost_only)
    return ctx
