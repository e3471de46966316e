"""Start `streamlit run serve.py` (app.py, warmed up at start) on a free localhost port, for
the browser tests and the bench."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base: str, timeout_s: float = 2.0) -> bool:
    """Whether the Streamlit server at ``base`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=timeout_s) as r:
            return r.read() == b"ok"
    except OSError:
        return False


def start_streamlit(
    port: int, log_path: Path, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """``streamlit run serve.py`` on localhost ``port``, serving its own assets
    (RANGEMAP_LOCAL_ASSETS: no internet needed), with ``env`` added to the environment;
    output to ``log_path``."""
    env = {**os.environ, "RANGEMAP_LOCAL_ASSETS": "1", **(env or {})}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:  # the child keeps its own copy of the handle
        return subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "serve.py",
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                "--server.enableStaticServing", "true",
                "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


def stop(proc: subprocess.Popen) -> None:
    """End a server started by :func:`start_streamlit` (killed if it does not stop in 10 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def wait_healthy(base: str, proc: subprocess.Popen, timeout_s: float = 90.0) -> None:
    """Wait until the server ``proc`` at ``base`` answers its health check (RuntimeError if it
    exits or does not answer in ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while not healthy(base):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit at {base} did not start")
        time.sleep(0.3)


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
