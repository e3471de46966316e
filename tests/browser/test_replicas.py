"""Two app processes behind nginx (deploy/nginx.conf.template): a page opened through nginx
works again on the other process when the one serving it stops, and again when a process is
killed in the middle of a run, with the same scenario each time.

nginx is Debian's (``make test`` installs it), run as this user with its files in a temporary
directory (deploy/replicas.py). The process serving the page is the one holding its websocket
(an established connection to its port).
"""

from __future__ import annotations

import secrets
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from deploy.replicas import NGINX, start_nginx
from harness.pages import drag_slider, query, wait_until
from harness.server import (
    free_port,
    healthy,
    localhost_only,
    start_streamlit,
    stop,
    wait_healthy,
)
from tests.browser.conftest import ARTIFACTS
from tests.browser.survival import (
    KYIV,
    TYPED_IN_URL,
    Sockets,
    established_to,
    open_and_edit,
    works_again,
)


class Replicas:
    """App processes on their own ports, sharing one cookie secret (as deploy/replicas.py)."""

    def __init__(self, count: int) -> None:
        self.env = {"STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32)}
        self.ports = [free_port() for _ in range(count)]
        self.procs: dict[int, subprocess.Popen] = {}
        for port in self.ports:
            self.start(port)

    def start(self, port: int) -> None:
        self.procs[port] = start_streamlit(port, ARTIFACTS / f"replica-{port}.log", self.env)

    def wait(self) -> None:
        for port, proc in self.procs.items():
            wait_healthy(f"http://127.0.0.1:{port}", proc)

    def serving(self) -> int:
        """The port of the process that holds the page's websocket."""
        holding = [p for p in self.ports if established_to(p) > 0]
        assert len(holding) == 1, f"websocket held by {holding}"
        return holding[0]

    def stop_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                stop(proc)


@pytest.fixture
def replicas(tmp_path: Path) -> Iterator[tuple[Replicas, str]]:
    assert Path(NGINX).exists(), "Debian's nginx is not installed (run `make test`)"
    apps = Replicas(2)
    nginx = None
    try:
        apps.wait()
        port = free_port()
        nginx = start_nginx(tmp_path / "nginx", f"127.0.0.1:{port}", apps.ports)
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: healthy(base), 30, "nginx to answer")
        yield apps, base
    finally:
        if nginx is not None:
            stop(nginx)
        apps.stop_all()


def test_a_page_through_nginx_works_again_on_the_other_replica(
    browser: Browser, replicas: tuple[Replicas, str]
) -> None:
    apps, base = replicas
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.route("**/*", localhost_only)
    try:
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        sockets = Sockets(page)
        before = open_and_edit(page, base)
        assert before["from"] == [KYIV, TYPED_IN_URL]
        first = apps.serving()
        second = next(p for p in apps.ports if p != first)

        # 1. the process serving the page stops: the other one serves it, same scenario
        opened = len(sockets.frames)
        stop(apps.procs[first])
        works_again(page, before, sockets, opened)
        assert apps.serving() == second

        # 2. the first comes back; the second is killed in the middle of a run
        apps.start(first)
        wait_healthy(f"http://127.0.0.1:{first}", apps.procs[first])
        before, opened = query(page), len(sockets.frames)
        drag_slider(page, "MGM-140 ATACMS", to_end=before.get("range") != ["atacms:1200"])
        apps.procs[second].kill()  # SIGKILL, while the slider's run is under way
        works_again(page, before, sockets, opened)
        assert apps.serving() == first
        assert query(page)["from"] == [KYIV, TYPED_IN_URL]
        assert not errors, errors
    finally:
        ctx.close()
