"""Cold start: from ``streamlit run serve.py`` (a fresh server process, as ``make run`` starts it)
to the first range ring drawn in Debian's chromium at a phone-sized viewport (390x844 CSS
pixels).

The browser is started before the clock (a reader's phone already has one running), with the
page open and chromium idle: after its first page opens, chromium spends about 0.7 s of CPU in
a background page of its own user interface (a "WebUI" renderer), and each new context costs
its browser process 0.2-0.4 s more; on two cores that landed in the first figure of every bench
run (:func:`wait_browser_idle`). The gazetteer's binary cache is expected to be built already
(``RANGEMAP_CACHE_DIR``), since that is paid once per install, not per server start. The page
is the default scenario (no query: every catalogue system from Kyiv).
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import launch_chromium, local_context, seconds_row
from harness.procs import wait_browser_idle
from harness.server import free_port, healthy, start_streamlit, stop

ROOT = Path(__file__).resolve().parents[1]
PHONE = {"width": 390, "height": 844}
RING = "path.rm-ring"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def cold_start_seconds(*, repeat: int = 3, timeout_s: float = 60.0) -> list[float]:
    """Seconds from starting a fresh server to the first ring visible in chromium (390x844),
    one figure per fresh server (``repeat`` of them)."""
    from playwright.sync_api import sync_playwright

    log = ROOT / "artifacts" / "bench-coldstart.log"
    times: list[float] = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            for _ in range(repeat):
                ctx = local_context(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True)
                page = ctx.new_page()
                wait_browser_idle()
                port = free_port()
                base = f"http://127.0.0.1:{port}"
                start = time.perf_counter()
                proc = start_streamlit(port, log)
                try:
                    while not healthy(base, timeout_s=0.5):
                        if proc.poll() is not None or time.perf_counter() - start > timeout_s:
                            raise RuntimeError(f"streamlit did not start; see {log}")
                        time.sleep(0.02)
                    page.goto(base + "/")
                    ring = page.frame_locator(MAP_FRAME).locator(RING).first
                    ring.wait_for(state="visible", timeout=timeout_s * 1000)
                    times.append(time.perf_counter() - start)
                finally:
                    ctx.close()
                    stop(proc)
        finally:
            browser.close()
    return times


def run() -> list[tuple[str, str, str, str]]:
    """The bench row: median cold start over five fresh servers (three were too few on a
    shared machine: one slow start moved the median by half a second)."""
    times = cold_start_seconds(repeat=5)
    return [seconds_row("cold server to first ring (chromium, 390x844)", times, 3.0)]


if __name__ == "__main__":
    for seconds in cold_start_seconds():
        print(f"{seconds:.2f} s")
