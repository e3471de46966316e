"""Load: many browser sessions against one server, each moving sliders and adding points.

One ``streamlit run`` (RANGEMAP_LOCAL_ASSETS=1) and one Debian chromium holding one browser
*context* per session: separate cookies and storage, so each is its own Streamlit session (one
chromium process per session would not fit a 2-core machine). All sessions are driven from one
thread with Playwright's async API. Session ``i`` opens its own scenario (ATACMS from
``45+0.3i, 25+0.5i`` labelled ``S{i}``) and, until the time is up, repeatedly drags the range
slider to one end then the other, or types a new launch point of its own into the sidebar. The
update latency is the time from the action to its result on screen: the ring's path redrawn for
a slider; the point in the address bar and one more ring on the map for a new point.

At the end every session must still show exactly its own scenario (no state leaking between
sessions), no page may have raised an error or shown a Streamlit exception, and the server must
still answer its health check. The server's memory (VmRSS from /proc) is sampled throughout:
the app's caches have limits (``st.cache_resource(max_entries=...)``), so it should level off.

Everything is bounded: 30 s per action, a fixed time for the sessions to open, and a hard limit
on the whole run, after which the browser and the server are stopped.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.async_api import async_playwright

from harness.pages import APP_IDLE
from harness.procs import browser_cpu_seconds, cpu_seconds, machine_ticks, rss_mb, server_pid
from harness.server import CHROMIUM, CHROMIUM_ARGS, healthy, streamlit_server

ROOT = Path(__file__).resolve().parents[1]
SYSTEM = "atacms"
SYSTEM_NAME = "MGM-140 ATACMS"
SLIDER_TOP = 1200  # the ATACMS slider's end: max(1,000, 4 x 300) km
ACTION_TIMEOUT_S = 30.0
OPEN_TIMEOUT_S = 240.0  # for every session to open, a few at a time (users arrive staggered)
OPEN_EACH_S = 90.0
OPEN_AT_ONCE = 4
SAMPLE_EVERY_S = 2.0
MAX_NEW_POINTS = 8  # per session; 8 x 0.03 degrees stays clear of the next session's points
POINT_STEP = 0.03
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Every request that is not for this machine is aborted (as harness.server.localhost_only);
# a pattern rather than a Python handler, so that local requests never make a round trip
# through this process.
NOT_LOCAL = re.compile(r"^(?!http://(127\.0\.0\.1|localhost)[:/]|data:|blob:)")


def number(value: float) -> str:
    """A coordinate as the app writes it in the URL (``ranges.scenario.model``)."""
    text = f"{round(value, 6):.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


@dataclass
class Session:
    index: int
    lat: float
    lon: float
    think_s: float
    page: object = None
    points: list[str] = field(default_factory=list)  # the `from` values the URL must hold
    slider_at: int | None = None  # the last slider end (km), None before the first drag
    open_s: float = math.nan
    slider_s: list[float] = field(default_factory=list)
    point_s: list[float] = field(default_factory=list)
    frames: list[float] = field(default_factory=list)  # when each websocket message arrived
    server_s: list[float] = field(default_factory=list)  # action to the server's last message
    failures: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # found by the final check

    @property
    def label(self) -> str:
        return f"S{self.index}"

    @property
    def url_query(self) -> str:
        return f"systems={SYSTEM}&from={self.points[0]}"

    def server_part(self, start: float, end: float) -> None:
        """Keep how long after ``start`` the server's last message before ``end`` came."""
        came = [t for t in self.frames if start <= t <= end]
        if came:
            self.server_s.append(came[-1] - start)
        self.frames = [t for t in self.frames if t > end]

    def new_point(self) -> tuple[str, str]:
        """(typed text, URL value) of this session's next launch point."""
        k = len(self.points)
        lat, lon = self.lat + POINT_STEP * k, self.lon + POINT_STEP * k
        return f"{number(lat)}, {number(lon)}", f"{number(lat)},{number(lon)}"


@dataclass
class LoadResult:
    sessions: list[Session]
    seconds: float
    opened_s: float = math.nan  # wall time for every session to open and draw its ring
    healthy: bool = False
    server_errors: list[str] = field(default_factory=list)  # tracebacks in the server's log
    rss_mb: list[tuple[float, float]] = field(default_factory=list)  # (t from load start, MB)
    rss_before_mb: float = math.nan  # the server before any session opened
    rss_after_mb: float = math.nan  # the server a few seconds after every session closed
    server_cores: float = math.nan  # the server's CPU time / wall time during the load
    browser_cores: float = math.nan  # the same for chromium and Playwright's driver
    machine_busy: float = math.nan  # fraction of all cores busy during the load
    aborted: str = ""  # the whole run hit its time limit or failed before the load

    @property
    def latencies(self) -> list[float]:
        return [t for s in self.sessions for t in (*s.slider_s, *s.point_s)]

    def session_ok(self, s: Session) -> bool:
        return not (s.failures or s.page_errors or s.problems)

    @property
    def held(self) -> int:
        return sum(self.session_ok(s) for s in self.sessions)

    @property
    def ok(self) -> bool:
        return (
            not self.aborted
            and self.held == len(self.sessions)
            and self.healthy
            and not self.server_errors
        )

    def errors(self) -> list[str]:
        """Every error, one line each (for an assertion message)."""
        out = [f"run: {self.aborted}"] if self.aborted else []
        for s in self.sessions:
            out += [f"{s.label}: {e}" for e in (*s.failures, *s.page_errors, *s.problems)]
        if not self.healthy:
            out.append("server: health check failed after the load")
        out += [f"server log: {e}" for e in self.server_errors]
        return out

    def rss_summary(self) -> tuple[float, float, float, bool]:
        """(start, peak, end) MB over the load, and whether it levelled off: the second half of
        the run added less than 10 % to what the first half ended at."""
        values = [mb for _, mb in self.rss_mb]
        if len(values) < 2:
            return math.nan, math.nan, math.nan, False
        half = values[: max(1, len(values) // 2)]
        flat = max(values) <= 1.10 * max(half)
        return values[0], max(values), values[-1], flat


# --- the server's process, from /proc ----------------------------------------------------------


def log_errors(log: Path, offset: int) -> list[str]:
    """Lines of the server log written since ``offset`` that report an error."""
    try:
        with open(log, errors="replace") as f:
            f.seek(offset)
            text = f.read()
    except OSError:
        return []
    return [
        line.strip()[:200]
        for line in text.splitlines()
        if "Traceback" in line or re.search(r"\b(ERROR|Error|Exception)\b", line)
    ]


# --- one session, async ----------------------------------------------------------------------


def find_map_frame(page):
    """The map's frame, or None while the page has none (not yet, or for the moment the
    browser takes to mount the map's iframe again: seen under load while a session opens)."""
    for frame in page.frames:
        if "streamlit_folium" in frame.url:
            return frame
    return None


def map_frame(page):
    frame = find_map_frame(page)
    if frame is None:
        raise AssertionError("no map frame")
    return frame


async def ring_count(page) -> int:
    return await map_frame(page).locator("path.rm-ring").count()


async def first_ring(page) -> str | None:
    return await map_frame(page).evaluate(
        "() => { const p = document.querySelector('path.rm-ring');"
        " return p ? p.getAttribute('d') : null; }"
    )


async def query(page) -> dict[str, list[str]]:
    href = await page.evaluate("() => window.location.href")
    return parse_qs(urlsplit(href).query, keep_blank_values=True)


async def settled(page) -> bool:
    """As harness.pages.settled: the page has its map, the URL holds the view the map shows,
    and Streamlit's own mark says no run goes on or is asked for (its status widget is no
    such sign: it shows half a second into a run)."""
    if await page.locator(APP_IDLE).count() != 1:
        return False
    frame = find_map_frame(page)
    if frame is None:
        return False
    # window.map_div is the map's <div> (a named element) until Leaflet's map is assigned to it.
    shown = await frame.evaluate(
        "() => { const m = window.map_div;"
        " return m && typeof m.getZoom === 'function' ? [m.getZoom(), m.getCenter()] : null; }"
    )
    if shown is None:
        return False
    z, c = shown
    text = (await query(page)).get("view", [""])[0]
    if not text:
        return False
    lat, lon, zoom = text.split(",")
    if int(zoom) != z:
        return False
    pixel = 360.0 / (256 * 2**z)
    return abs(float(lat) - c["lat"]) <= 2 * pixel and abs(float(lon) - c["lng"]) <= 2 * pixel


async def wait_settled(page, timeout_s: float = ACTION_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not await settled(page):
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app did not settle within {timeout_s:.0f} s")
        await asyncio.sleep(0.2)


async def drag_slider(page, system_name: str, *, to_end: bool) -> None:
    """tests/browser/pages.drag_slider, async: drag the maximum-range slider to one end."""
    box = page.locator('[data-testid="stExpander"]').filter(has_text=system_name)
    slider = box.locator('[data-testid="stSlider"]').filter(has_text="Maximum range")
    thumb = slider.locator('input[type="range"]').locator("../..")  # the visible thumb
    await thumb.scroll_into_view_if_needed()
    track = await slider.locator('[role="group"]').bounding_box()
    t = await thumb.bounding_box()
    assert track is not None and t is not None
    y = t["y"] + t["height"] / 2
    await page.mouse.move(t["x"] + t["width"] / 2, y)
    await page.mouse.down()
    x = track["x"] + track["width"] + 40 if to_end else track["x"] - 40
    await page.mouse.move(x, y, steps=8)
    await page.mouse.up()


async def move_slider(s: Session) -> tuple[float, float]:
    page = s.page
    before = await first_ring(page)
    to_end = s.slider_at != SLIDER_TOP
    await drag_slider(page, SYSTEM_NAME, to_end=to_end)
    start = time.perf_counter()
    await map_frame(page).wait_for_function(
        "before => { const p = document.querySelector('path.rm-ring');"
        " return p !== null && p.getAttribute('d') !== before; }",
        arg=before,
        polling=50,
        timeout=ACTION_TIMEOUT_S * 1e3,
    )
    end = time.perf_counter()
    s.slider_at = SLIDER_TOP if to_end else 1
    return start, end


async def add_point(s: Session) -> tuple[float, float]:
    page = s.page
    typed, in_url = s.new_point()
    rings_before = await ring_count(page)
    box = page.get_by_role("textbox", name="Add a launch point", exact=True)
    await box.fill(typed)
    await box.press("Enter")
    start = time.perf_counter()
    await page.wait_for_function(
        "n => new URLSearchParams(window.location.search).getAll('from').length > n",
        arg=len(s.points),
        polling=50,
        timeout=ACTION_TIMEOUT_S * 1e3,
    )
    s.points.append(in_url)
    left = ACTION_TIMEOUT_S - (time.perf_counter() - start)
    await map_frame(page).wait_for_function(
        "n => document.querySelectorAll('path.rm-ring').length > n",
        arg=rings_before,
        polling=50,
        timeout=max(left, 1.0) * 1e3,
    )
    return start, time.perf_counter()


async def open_session(ctx, base: str, s: Session) -> None:
    start = time.perf_counter()
    s.page = page = await ctx.new_page()
    page.on("pageerror", lambda exc: s.page_errors.append(f"page error: {exc}"[:300]))
    page.on("crash", lambda _: s.page_errors.append("page crashed"))

    def websocket(ws) -> None:
        if "_stcore/stream" in ws.url:
            ws.on("framereceived", lambda _: s.frames.append(time.perf_counter()))

    page.on("websocket", websocket)
    await page.goto(f"{base}/?{s.url_query}", wait_until="domcontentloaded")
    await page.frame_locator(MAP_FRAME).locator("path.rm-ring").first.wait_for()
    await wait_settled(page, OPEN_EACH_S)
    s.open_s = time.perf_counter() - start


async def drive(s: Session, deadline: float) -> None:
    """Actions until ``deadline`` (monotonic): slider, slider, new point, ... (each session
    starting at a different place in the cycle). The first failure ends the session."""
    rng = random.Random(s.index)
    step = s.index
    while time.monotonic() < deadline:
        kind = "point" if step % 3 == 2 and len(s.points) <= MAX_NEW_POINTS else "slider"
        step += 1
        try:
            await wait_settled(s.page)
            start, end = await (move_slider(s) if kind == "slider" else add_point(s))
            (s.slider_s if kind == "slider" else s.point_s).append(end - start)
            s.server_part(start, end)
        except Exception as exc:
            first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            n = len(s.slider_s) + len(s.point_s) + 1
            s.failures.append(f"action {n} ({kind}): {first[:200]}")
            return
        await asyncio.sleep(s.think_s * (0.5 + rng.random()))


async def final_check(s: Session) -> None:
    """The session still shows its own scenario, and no Streamlit exception."""
    page = s.page
    try:
        await wait_settled(page)
        q = await query(page)
        if q.get("from") != s.points:
            s.problems.append(f"URL from={q.get('from')}, expected {s.points}")
        if q.get("systems") != [SYSTEM]:
            s.problems.append(f"URL systems={q.get('systems')}, expected {SYSTEM}")
        expected_range = None if s.slider_at is None else [f"{SYSTEM}:{s.slider_at}"]
        if q.get("range") != expected_range:
            s.problems.append(f"URL range={q.get('range')}, expected {expected_range}")
        drawn = await ring_count(page)
        if drawn != len(s.points):
            s.problems.append(f"{drawn} rings on the map for {len(s.points)} launch points")
        shown = await page.locator('[data-testid="stException"]').count()
        if shown:
            s.problems.append(f"{shown} Streamlit exception(s) on the page")
    except Exception as exc:
        s.problems.append(f"final check failed: {str(exc).strip()[:200]}")


async def sample_memory(pid: int, out: list[tuple[float, float]], t0: float, stop) -> None:
    while not stop.is_set():
        try:
            out.append((time.monotonic() - t0, rss_mb(pid)))
        except OSError:
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), SAMPLE_EVERY_S)


async def load_async(base: str, result: LoadResult, think_s: float, open_at_once: int) -> None:
    port = urlsplit(base).port
    pid = server_pid(port) if port else None
    if pid is None:
        result.aborted = f"no streamlit process found for {base}"
        return
    result.rss_before_mb = rss_mb(pid)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            contexts = []
            for _ in result.sessions:
                ctx = await browser.new_context(viewport={"width": 1400, "height": 900})
                ctx.set_default_timeout(ACTION_TIMEOUT_S * 1e3)
                await ctx.route(NOT_LOCAL, lambda route: route.abort())
                contexts.append(ctx)
            start = time.perf_counter()
            gate = asyncio.Semaphore(open_at_once)

            async def opener(ctx, s: Session) -> None:
                async with gate:
                    await asyncio.wait_for(open_session(ctx, base, s), OPEN_EACH_S)

            tasks = [
                asyncio.create_task(opener(c, s))
                for c, s in zip(contexts, result.sessions, strict=True)
            ]
            _, pending = await asyncio.wait(tasks, timeout=OPEN_TIMEOUT_S)
            for task in pending:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            result.opened_s = time.perf_counter() - start
            for s, task in zip(result.sessions, tasks, strict=True):
                if task in pending:
                    s.failures.append(f"did not open within {OPEN_TIMEOUT_S:.0f} s")
                elif task.exception() is not None:
                    exc = task.exception()
                    first = " ".join(str(exc).split())[:200]  # one line: a table cell
                    s.failures.append(f"did not open: {type(exc).__name__} {first}")

            stop = asyncio.Event()
            t0 = time.monotonic()
            sampler = asyncio.create_task(sample_memory(pid, result.rss_mb, t0, stop))
            cpu0, (busy0, total0) = cpu_seconds(pid), machine_ticks()
            browser0 = browser_cpu_seconds(pid)
            deadline = t0 + result.seconds
            await asyncio.gather(*(drive(s, deadline) for s in result.sessions if not s.failures))
            wall = time.monotonic() - t0
            cpu1, (busy1, total1) = cpu_seconds(pid), machine_ticks()
            result.server_cores = (cpu1 - cpu0) / wall
            result.browser_cores = (browser_cpu_seconds(pid) - browser0) / wall
            result.machine_busy = (busy1 - busy0) / max(total1 - total0, 1)
            await asyncio.gather(*(final_check(s) for s in result.sessions if s.page))
            stop.set()
            await sampler
            result.rss_mb.append((time.monotonic() - t0, rss_mb(pid)))
            result.healthy = await asyncio.to_thread(healthy, base, 5.0)
            for ctx in contexts:
                await ctx.close()
        finally:
            await browser.close()
    await asyncio.sleep(2.0)
    result.rss_after_mb = rss_mb(pid)


def measure(
    sessions: int = 20,
    seconds: float = 60.0,
    *,
    base: str | None = None,
    log: Path | None = None,
    think_s: float = 0.5,
    open_at_once: int = OPEN_AT_ONCE,
) -> LoadResult:
    """Run the load against ``base`` (a running app, its output in ``log``, if known), or
    against a server of its own.

    Runs in a thread of its own (an asyncio loop there cannot clash with a sync Playwright or
    another loop in the caller's thread) that is given a fixed time; past it the run is
    reported as aborted.
    """
    result = LoadResult(
        sessions=[
            Session(i, round(45 + i * 0.3, 4), round(25 + i * 0.5, 4), think_s)
            for i in range(sessions)
        ],
        seconds=seconds,
    )
    for s in result.sessions:
        s.points.append(f"{number(s.lat)},{number(s.lon)},{s.label}")
    limit = OPEN_TIMEOUT_S + seconds + 3 * ACTION_TIMEOUT_S + 60

    def target(url: str, log: Path | None) -> None:
        offset = log.stat().st_size if log is not None and log.exists() else 0
        try:
            asyncio.run(asyncio.wait_for(load_async(url, result, think_s, open_at_once), limit))
        except TimeoutError:
            result.aborted = f"the run did not finish within {limit:.0f} s"
        except Exception as exc:
            result.aborted = f"{type(exc).__name__}: {str(exc).strip()[:300]}"
        if log is not None:
            result.server_errors = log_errors(log, offset)

    def in_thread(url: str, log: Path | None) -> None:
        worker = threading.Thread(target=target, args=(url, log), daemon=True)
        worker.start()
        worker.join(limit + 30)
        if worker.is_alive():
            result.aborted = f"the run did not finish within {limit + 30:.0f} s"

    if base is not None:
        in_thread(base, log)
    else:
        log = ROOT / "artifacts" / "load-streamlit.log"
        with streamlit_server(log) as url:
            in_thread(url, log)
    return result
