"""The app: server-side script time and map payload per run, and slider-to-redraw in chromium.

Script runs go through ``streamlit.testing.v1.AppTest`` with the real streamlit-folium
component: the time includes building the folium objects and rendering them to the strings the
component sends, which is what a rerun costs the server. The payload is the JSON the component
receives. The naive baseline in the same run is the same rerun with the ring cache cleared
(rings recomputed every time).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import streamlit_folium
from streamlit.testing.v1 import AppTest

from bench.common import launch_chromium, local_context, median_seconds, seconds_row
from harness.pages import drag_slider, map_frame, rings, settled, wait_for_rings
from harness.server import streamlit_server

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
ALL = "atacms,storm-shadow,scalp-eg,tomahawk"


def heavy_points() -> list[str]:
    """20 launch points on a grid over Ukraine and its neighbours."""
    return [f"{45.0 + 1.5 * (i // 5)},{24.0 + 3.0 * (i % 5)}" for i in range(20)]


class _Spy:
    """Wraps the component function to keep the arguments of its last call."""

    def __init__(self) -> None:
        self.original = streamlit_folium._component_func
        self.last: dict = {}

    def __call__(self, **kwargs):
        self.last = kwargs
        return self.original(**kwargs)

    def payload_bytes(self) -> int:
        data = {k: v for k, v in self.last.items() if not callable(v)}
        return len(json.dumps(data).encode())


def _app(points: list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["systems"] = ALL
    at.query_params["from"] = points
    return at


def script_figures(points: list[str], spy: _Spy) -> tuple[float, float, int]:
    """(warm rerun median s, uncached rerun median s, payload bytes)."""
    at = _app(points)
    at.run()
    assert not at.exception, at.exception
    warm = median_seconds(at.run, repeat=9, warmup=1)
    payload = spy.payload_bytes()
    cached = _ring_cache()

    def uncached() -> None:
        cached.clear()
        at.run()

    cold = median_seconds(uncached, repeat=5, warmup=0)
    return warm, cold, payload


def _ring_cache():
    """The app's ring cache (st.cache_resource on ``cached_rings``), to clear it."""
    import streamlit as st

    class _Clear:
        def clear(self) -> None:
            st.cache_resource.clear()

    return _Clear()


def slider_to_redraw(query: str = "systems=atacms&from=50.4501,30.5234") -> list[float]:
    """Seconds from releasing a range slider to the new ring drawn, in Debian's chromium, on
    the page of the link's ``query`` (ATACMS shown)."""
    from playwright.sync_api import sync_playwright

    times = []
    log = ROOT / "artifacts" / "bench-streamlit.log"
    with streamlit_server(log) as base, sync_playwright() as p:
        browser = launch_chromium(p)
        page = local_context(browser, viewport={"width": 1400, "height": 900}).new_page()
        page.goto(f"{base}/?{query}")
        frame = map_frame(page)
        wait_for_rings(frame, 1)
        for i in range(7):
            deadline = time.monotonic() + 30
            while not settled(page, frame) and time.monotonic() < deadline:
                time.sleep(0.1)
            before = rings(frame)[0]["d"]
            drag_slider(page, "MGM-140 ATACMS", to_end=i % 2 == 0)
            start = time.perf_counter()
            while rings(frame)[0]["d"] == before:
                if time.perf_counter() - start > 30:
                    raise RuntimeError("the ring was not redrawn within 30 s")
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
        browser.close()
    return times


def run(*, browser: bool = True) -> list[tuple[str, str, str, str]]:
    spy = _Spy()
    streamlit_folium._component_func = spy
    try:
        d_warm, d_cold, d_bytes = script_figures(["50.4501,30.5234,Kyiv"], spy)
        h_warm, h_cold, h_bytes = script_figures(heavy_points(), spy)
    finally:
        streamlit_folium._component_func = spy.original
    rows = [
        (
            "app run, default (1 point x 4 systems)",
            f"{d_warm * 1e3:.0f} ms (uncached rings: {d_cold * 1e3:.0f} ms)",
            "< 150 ms",
            "ok" if d_warm < 0.150 else "MISSED",
        ),
        (
            "app run, heavy (20 points x 4 systems)",
            f"{h_warm * 1e3:.0f} ms (uncached rings: {h_cold * 1e3:.0f} ms)",
            "< 600 ms",
            "ok" if h_warm < 0.600 else "MISSED",
        ),
        (
            "map payload, default",
            f"{d_bytes / 1e3:.0f} kB",
            "< 100 kB",
            "ok" if d_bytes < 100e3 else "MISSED",
        ),
        ("map payload, heavy", f"{h_bytes / 1e3:.0f} kB", "", ""),
    ]
    if browser:
        times = slider_to_redraw()
        rows.append(seconds_row("slider release to ring redrawn (chromium)", times, 1.5))
    return rows
