"""The app on a free localhost port for the browser tests and the bench, started as
``deploy/process.py`` starts it, and Debian's chromium kept to this machine."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

from deploy.process import ROOT, free_port, healthy, start_app, stop, wait_healthy

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "ROOT",
    "free_port",
    "healthy",
    "localhost_only",
    "start_streamlit",
    "stop",
    "streamlit_server",
    "wait_healthy",
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def start_streamlit(
    port: int, log_path: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """:func:`deploy.process.start_app` serving its own assets whatever this environment says
    (RANGEMAP_LOCAL_ASSETS=1: no internet needed), with ``env`` added."""
    return start_app(port, log_path, {"RANGEMAP_LOCAL_ASSETS": "1", **(env or {})})


@contextlib.contextmanager
def streamlit_server(
    log_path: Path, *, timeout_s: float = 90.0, port: int | None = None
) -> Iterator[str]:
    """Yield the base URL of a running app that serves its own assets (RANGEMAP_LOCAL_ASSETS),
    on ``port`` (a free one if None)."""
    port = port or free_port()
    proc = start_streamlit(port, log_path)
    base = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_healthy(base, proc, timeout_s)
        except RuntimeError as exc:
            raise RuntimeError(f"{exc}; see {log_path}") from None
        yield base
    finally:
        stop(proc)


def localhost_only(route) -> None:
    """A Playwright route handler: the page reaches this machine and nothing else."""
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
        route.continue_()
    else:
        route.abort()
