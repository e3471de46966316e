"""What one slider release costs the server: CPU seconds and bytes sent, one session alone.

A fresh ``streamlit run serve.py`` (as the capacity bench starts it), one
:class:`harness.stclient.AppSession` on a link, then :data:`RELEASES` releases of one system's
maximum-range slider at new values, one after another: each waits for the map showing the new
ring, the run finished and the server quiet (nothing sent for a moment), so that everything the
release caused is counted. The server's CPU is its own (``/proc``), over all releases, divided
by their number; the bytes are what came over the session's connection (websocket frames,
compressed: .streamlit/config.toml), and the messages' own size beside them. Two links: ATACMS
from one point (the cheapest page with places in range) and the default scenario (four systems
from Kyiv: the In range table of the Tomahawk ring is the heavy part).
"""

from __future__ import annotations

import asyncio
import random
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from harness.capacity import ring_marker
from harness.procs import cpu_seconds
from harness.server import free_port, start_streamlit, stop, wait_healthy
from harness.stclient import AppSession

ROOT = Path(__file__).resolve().parents[1]
RELEASES = 30
LINKS = {
    "ATACMS from one point": ("systems=atacms&from=50.4501,30.5234", "max:atacms"),
    "default scenario (4 systems from Kyiv)": ("", "max:storm-shadow"),
}
"""Name -> (query string, the slider released)."""
TARGETS_MS = {"ATACMS from one point": 25.0, "default scenario (4 systems from Kyiv)": 50.0}
"""Server CPU a release may cost (issue 20's table)."""
BYTES_TARGET_KB = 50.0


@dataclass
class Releases:
    name: str
    cpu_s: list[float] = field(default_factory=list)  # the server's CPU, a release each
    sent_bytes: list[int] = field(default_factory=list)  # on the wire, a release each
    message_bytes: list[int] = field(default_factory=list)  # the same, decompressed
    map_s: list[float] = field(default_factory=list)  # release to the new ring
    by_kind: dict[str, int] = field(default_factory=dict)  # element type -> bytes, all releases
    errors: list[str] = field(default_factory=list)


async def release_many(base: str, pid: int, name: str, seed: int = 5) -> Releases:
    """:data:`RELEASES` releases on the link ``name`` of :data:`LINKS` against ``base``,
    served by process ``pid``."""
    query, slider = LINKS[name]
    out = Releases(name)
    s = AppSession(base, query)
    await s.open()
    rng = random.Random(seed)
    before = dict(s.bytes_by_kind)
    try:
        for _ in range(RELEASES):
            km = rng.randrange(100, 1000)
            while km == round(s.slider_value(slider)):
                km = rng.randrange(100, 1000)
            cpu0, wire0, bytes0 = cpu_seconds(pid), s.wire_bytes, s.received_bytes
            update = await s.set_slider(slider, km, ring_marker(km))
            await s.settle()
            out.cpu_s.append(cpu_seconds(pid) - cpu0)
            out.sent_bytes.append(s.wire_bytes - wire0)
            out.message_bytes.append(s.received_bytes - bytes0)
            out.map_s.append(update.map_s)
        out.errors += s.exceptions
        out.by_kind = {k: v - before.get(k, 0) for k, v in s.bytes_by_kind.items()}
    finally:
        await s.close()
    return out


def measure(name: str) -> Releases:
    """Releases on a fresh server of their own (no other session, caches as a first reader
    finds them)."""
    port = free_port()
    proc = start_streamlit(port, ROOT / "artifacts" / "bench-release.log")
    try:
        base = f"http://127.0.0.1:{port}"
        wait_healthy(base, proc)
        return asyncio.run(release_many(base, proc.pid, name))
    finally:
        stop(proc)


def rows(results: list[Releases]) -> list[tuple[str, str, str, str]]:
    out = []
    for r in results:
        if not r.cpu_s:
            out.append((f"slider release, {r.name}", f"failed: {r.errors[:1]}", "", "MISSED"))
            continue
        cpu_ms = 1000 * statistics.median(r.cpu_s)
        kb = statistics.median(r.sent_bytes) / 1000
        target = TARGETS_MS[r.name]
        out.append(
            (
                f"slider release, {r.name}: server CPU",
                f"{cpu_ms:.0f} ms (n={len(r.cpu_s)}, max {1000 * max(r.cpu_s):.0f} ms; "
                f"ring shown after {statistics.median(r.map_s):.2f} s)",
                f"<= {target:g} ms",
                "ok" if cpu_ms <= target and not r.errors else "MISSED",
            )
        )
        out.append(
            (
                f"slider release, {r.name}: bytes sent",
                f"{kb:.0f} kB (max {max(r.sent_bytes) / 1000:.0f} kB; "
                f"{statistics.median(r.message_bytes) / 1000:.0f} kB before compression)",
                f"<= {BYTES_TARGET_KB:g} kB",
                "ok" if kb <= BYTES_TARGET_KB else "MISSED",
            )
        )
    return out


def run() -> list[tuple[str, str, str, str]]:
    return rows([measure(name) for name in LINKS])


def breakdown(r: Releases) -> str:
    """Bytes a release by element type (``--by-kind``, before compression): where they go."""
    n = max(1, len(r.message_bytes))
    top = sorted(r.by_kind.items(), key=lambda kv: -kv[1])
    return f"{r.name}: " + ", ".join(f"{k} {v / n / 1000:.1f} kB" for k, v in top if v)


if __name__ == "__main__":
    import sys

    from bench.common import table

    results = [measure(name) for name in LINKS]
    print(table(rows(results)))
    if "--by-kind" in sys.argv:
        print("\n".join(breakdown(r) for r in results))
