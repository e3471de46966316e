"""Capacity per core, without browsers: N sessions over Streamlit's websocket, moving sliders.

Each session is a :class:`harness.stclient.AppSession` (Streamlit's own protocol and message
classes, as a browser speaks it), all in one asyncio process, so that the generator costs a few
percent of a core and the server has the machine (the browser load test, harness/load.py, puts
chromium on the same cores and measures chromium as much as the server).

For each N in :data:`LEVELS`, a fresh ``streamlit run serve.py`` (RANGEMAP_LOCAL_ASSETS=1) is
started; sessions open a few at a time (users arrive staggered), each with its own scenario
(ATACMS from its own launch point), and each reports its drawn map as the component does. Once
all are open, every session is an *active user* for :data:`SECONDS`: it releases the range
slider at a new value (100..999 km), waits for the map to show the new ring, thinks for 1-5 s
(uniform; one release every ~3 s of its own), and again. The latency is from the slider's
message sent to the map component's delta carrying the ring at the new range (its tooltip says
the range); the run's ``script_finished`` comes a little later (the table and totals under the
map). The server's memory is its VmRSS (/proc), sampled every second; its CPU is its CPU time
over the wall time of the load.

What limits capacity: one Streamlit server is one Python process whose script runs share the
GIL, so a server uses about one core however many it has; beyond that, sessions queue. Run
more server processes (see README "More than one server") to use more cores.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from harness.procs import cpu_seconds, percentile, rss_mb
from harness.server import free_port, start_streamlit, stop, wait_healthy
from harness.stclient import AppSession, SessionError, Update

ROOT = Path(__file__).resolve().parents[1]
LEVELS = (10, 25, 50, 100, 200)
SECONDS = 20.0
THINK_S = (1.0, 5.0)
OPEN_AT_ONCE = 4
ACTION_TIMEOUT_S = 60.0
OPEN_TIMEOUT_S = 120.0
P95_LIMIT_S = 1.0
SLIDER = "max:atacms"


def session_query(i: int) -> str:
    """Session ``i``'s scenario: ATACMS from a launch point of its own."""
    return f"systems=atacms&from={45 + 0.2 * i:.1f},{25 + 0.3 * i:.1f}"


def ring_marker(km: int) -> str:
    """Text the map's feature groups hold once the ring is at ``km`` (its tooltip)."""
    return f"middot; {km} km"


@dataclass
class LevelResult:
    n: int
    seconds: float = 0.0
    opened: int = 0
    open_s: float = math.nan  # wall time for all sessions to open
    updates: list[Update] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rss_idle_mb: float = math.nan
    rss_one_mb: float = math.nan  # with the first session open (the gazetteer loaded)
    rss_mb: list[float] = field(default_factory=list)
    server_cores: float = math.nan
    server_cpu_s: float = math.nan  # the server's CPU seconds during the load
    generator_cores: float = math.nan
    received_mb: float = 0.0

    @property
    def map_s(self) -> list[float]:
        return [u.map_s for u in self.updates]

    def p(self, q: float, values: list[float] | None = None) -> float:
        values = self.map_s if values is None else values
        return percentile(values, q) if values else math.nan

    @property
    def ok(self) -> bool:
        return not self.errors and self.opened == self.n and bool(self.updates)


async def drive(
    base: str,
    pid: int | None,
    n: int,
    seconds: float = SECONDS,
    *,
    think_s: tuple[float, float] = THINK_S,
    seed: int = 12,
) -> LevelResult:
    """Open ``n`` sessions against ``base`` and move sliders for ``seconds``; ``pid`` is the
    server's process (for its memory and CPU), None if unknown."""
    result = LevelResult(n)
    rng = random.Random(seed)
    if pid:
        result.rss_idle_mb = rss_mb(pid)
    sessions = [AppSession(base, session_query(i)) for i in range(n)]
    gate = asyncio.Semaphore(OPEN_AT_ONCE)

    async def open_one(s: AppSession) -> bool:
        async with gate:
            try:
                await s.open(OPEN_TIMEOUT_S)
                return True
            except (SessionError, OSError, TimeoutError) as exc:
                result.errors.append(f"open {s.query}: {exc}")
                return False

    start = time.monotonic()
    opened = [await open_one(sessions[0])]  # the first alone: the server's warm-up, measured
    if pid:
        result.rss_one_mb = rss_mb(pid)
    opened += await asyncio.gather(*(open_one(s) for s in sessions[1:]))
    result.open_s = time.monotonic() - start
    result.opened = sum(opened)
    live = [s for s, ok in zip(sessions, opened, strict=True) if ok]

    stop_at = time.monotonic() + seconds
    last: dict[int, int] = {}  # id(session) -> the range (km) of its last release

    async def user(s: AppSession, r: random.Random) -> None:
        await asyncio.sleep(r.uniform(0, think_s[1]))  # not all at the same instant
        while time.monotonic() < stop_at:
            km = r.randrange(100, 1000)
            while km == round(s.slider_value(SLIDER)):
                km = r.randrange(100, 1000)
            last[id(s)] = km
            try:
                result.updates.append(
                    await s.set_slider(SLIDER, km, ring_marker(km), ACTION_TIMEOUT_S)
                )
            except SessionError as exc:
                result.errors.append(f"{s.query}: {exc}")
                return
            await asyncio.sleep(r.uniform(*think_s))

    async def sample() -> None:
        while time.monotonic() < stop_at:
            if pid:
                result.rss_mb.append(rss_mb(pid))
            await asyncio.sleep(1.0)

    cpu0 = cpu_seconds(pid) if pid else math.nan
    own0, wall0 = time.process_time(), time.monotonic()
    await asyncio.gather(
        sample(), *(user(s, random.Random(rng.random())) for s in live)
    )  # fmt: skip
    wall = time.monotonic() - wall0
    result.seconds = wall
    if pid:
        result.rss_mb.append(rss_mb(pid))
        result.server_cpu_s = cpu_seconds(pid) - cpu0
        result.server_cores = result.server_cpu_s / wall
    result.generator_cores = (time.process_time() - own0) / wall
    result.errors += await lost_moves(live, last)
    result.received_mb = sum(s.wire_bytes for s in sessions) / 1e6  # over the wire
    result.errors += [f"{s.query}: exception: {e}" for s in sessions for e in s.exceptions]
    await asyncio.gather(*(s.close() for s in sessions))
    return result


async def lost_moves(sessions: list[AppSession], last: dict[int, int]) -> list[str]:
    """Every session ends at its last move: once the server is quiet, its map shows the ring
    of its last release and its link holds that range (issue 20: nothing lost under load)."""
    lost = []
    for s in sessions:
        km = last.get(id(s))
        if km is None:
            continue
        try:
            await s.settle(ACTION_TIMEOUT_S)
        except SessionError as exc:
            lost.append(f"{s.query}: final state: {exc}")
            continue
        if ring_marker(km) not in s.map_args.get("feature_group", ""):
            lost.append(f"{s.query}: the map does not show the last range, {km} km")
        ranges = parse_qs(s.query_string).get("range", [])
        if f"{SLIDER.split(':', 1)[1]}:{km}" not in ranges:
            lost.append(f"{s.query}: the link holds range={ranges}, not the last {km} km")
    return lost


def measure(n: int, seconds: float = SECONDS, base: str | None = None) -> LevelResult:
    """One level: against ``base``, or a fresh server of its own when None."""
    if base is not None:
        return asyncio.run(drive(base, None, n, seconds))
    port = free_port()
    proc = start_streamlit(port, ROOT / "artifacts" / f"capacity-{n}.log")
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc)
        return asyncio.run(drive(url, proc.pid, n, seconds))
    finally:
        stop(proc)


@dataclass
class BurstResult:
    """:data:`BURST` sessions opening one link within :data:`BURST_WITHIN_S`."""

    n: int
    opened: int = 0
    first_ring_s: list[float] = field(default_factory=list)  # open to the first map, each
    errors: list[str] = field(default_factory=list)
    rss_peak_mb: float = math.nan
    server_cpu_s: float = math.nan
    seconds: float = math.nan  # from the first open to the last session done

    def p(self, q: float) -> float:
        return percentile(self.first_ring_s, q) if self.first_ring_s else math.nan


BURST = 200
BURST_WITHIN_S = 5.0
BURST_TIMEOUT_S = 120.0
BURST_QUERY = ""  # the default link: four systems from Kyiv


async def burst(
    base: str, pid: int | None, n: int = BURST, *, query: str = BURST_QUERY, seed: int = 3
) -> BurstResult:
    """``n`` sessions open the link ``query`` at random moments within
    :data:`BURST_WITHIN_S` (readers of a shared link arriving at once); each waits up to
    :data:`BURST_TIMEOUT_S` for its map."""
    result = BurstResult(n)
    rng = random.Random(seed)
    sessions = [AppSession(base, query) for _ in range(n)]
    cpu0 = cpu_seconds(pid) if pid else math.nan
    peak = [0.0]
    done = asyncio.Event()

    async def sample() -> None:
        while not done.is_set():
            if pid:
                peak[0] = max(peak[0], rss_mb(pid))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), 1.0)

    async def reader(s: AppSession, delay: float) -> None:
        await asyncio.sleep(delay)  # this reader's moment of arrival
        try:
            await s.open(BURST_TIMEOUT_S)
            result.first_ring_s.append(s.first_map_s)
        except (SessionError, OSError, TimeoutError) as exc:
            result.errors.append(f"open: {exc}")

    start = time.monotonic()
    sampler = asyncio.create_task(sample())
    await asyncio.gather(*(reader(s, rng.uniform(0, BURST_WITHIN_S)) for s in sessions))
    result.seconds = time.monotonic() - start
    done.set()
    await sampler
    result.opened = len(result.first_ring_s)
    result.errors += [f"exception: {e}" for s in sessions for e in s.exceptions]
    if pid:
        result.rss_peak_mb = max(peak[0], rss_mb(pid))
        result.server_cpu_s = cpu_seconds(pid) - cpu0
    await asyncio.gather(*(s.close() for s in sessions))
    return result


def measure_burst(n: int = BURST) -> BurstResult:
    """:func:`burst` against a fresh server of its own."""
    port = free_port()
    proc = start_streamlit(port, ROOT / "artifacts" / "capacity-burst.log")
    try:
        url = f"http://127.0.0.1:{port}"
        wait_healthy(url, proc)
        return asyncio.run(burst(url, proc.pid, n))
    finally:
        stop(proc)
