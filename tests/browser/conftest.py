"""A real `streamlit run` on localhost and Debian's chromium driven by Playwright.

The browser reaches nothing but localhost (every other request is aborted), and the app serves
Leaflet and its plugins itself (RANGEMAP_LOCAL_ASSETS=1), as in an air-gapped deployment.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from harness.server import CHROMIUM, CHROMIUM_ARGS, ROOT, localhost_only, streamlit_server
from ranges.web.assets import missing_vendor_files

ARTIFACTS = ROOT / "artifacts"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


@pytest.fixture(scope="session")
def server_log(worker_id: str) -> Path:
    """The output of this pytest process's app server: one file a worker (pytest-xdist runs the
    browser tests on several processes, each with a server of its own)."""
    return ARTIFACTS / f"streamlit-{worker_id}.log"


@pytest.fixture(scope="session")
def server(server_log: Path) -> Iterator[str]:
    """The base URL of an app server this pytest process starts the first time a test needs it
    and shares with its later tests (none of them changes the server: each opens its own
    sessions)."""
    missing = missing_vendor_files()
    assert not missing, f"static/vendor is not built (run `make test`): {missing[:3]}"
    assert Path(CHROMIUM).exists(), "Debian's chromium is not installed (run `make test`)"
    with streamlit_server(server_log) as base:
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.route("**/*", localhost_only)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A page in a 390x844 touch context (a phone), local requests only."""
    ctx = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    ctx.route("**/*", localhost_only)
    yield ctx.new_page()
    ctx.close()


def shoot(page: Page, name: str) -> None:
    """A screenshot of the page in artifacts/ (look at it)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name))
