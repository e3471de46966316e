"""The memory and CPU of processes, from ``/proc`` (Linux), for the bench's figures and the
load tests: a process's resident memory and CPU time, the CPU of this process's children (the
browser), the whole machine's busy time, a server's process found by its port, and a
nearest-rank percentile of the timings taken."""

from __future__ import annotations

import math
import os
import time
from pathlib import Path


def rss_mb(pid: int) -> float:
    """Resident memory of process ``pid`` in MB (VmRSS), NaN if /proc does not say."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def cpu_seconds(pid: int) -> float:
    """CPU seconds (user + system) process ``pid`` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def browser_cpu_seconds(exclude: int) -> float:
    """CPU seconds of this process's descendants (Playwright's driver and chromium), except the
    server ``exclude`` (a child too when ``measure`` started it)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int(
                    (entry / "stat").read_text().rsplit(")", 1)[1].split()[1]
                )
            except (OSError, IndexError, ValueError):
                continue
    me, total = os.getpid(), 0.0
    for pid in parents:
        if pid == exclude:
            continue
        ancestor, hops = parents.get(pid), 0
        while ancestor not in (None, 0, 1, me, exclude) and hops < 50:
            ancestor, hops = parents.get(ancestor), hops + 1
        if ancestor == me:
            try:
                total += cpu_seconds(pid)
            except (OSError, IndexError, ValueError):
                continue
    return total


def wait_browser_idle(
    *, limit_s: float = 15.0, step_s: float = 0.25, busy_cpu_s: float = 0.02
) -> None:
    """Wait until this process's children (Playwright's driver and chromium) use less than
    ``busy_cpu_s`` of CPU in ``step_s`` (at most ``limit_s``)."""
    deadline = time.monotonic() + limit_s
    before = browser_cpu_seconds(exclude=0)
    while time.monotonic() < deadline:
        time.sleep(step_s)
        now = browser_cpu_seconds(exclude=0)
        if now - before < busy_cpu_s:
            return
        before = now


def server_pid(port: int) -> int | None:
    """The `streamlit run ... --server.port PORT` process (server.py does not expose it)."""
    needle = f"--server.port\0{port}\0".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"streamlit" in cmd and needle in cmd:
            return int(entry.name)
    return None


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies over all cores."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return sum(values) - idle, sum(values)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]
