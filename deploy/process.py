"""One app process: ``streamlit run app.py`` on a localhost port, started, checked and stopped.

Used by ``deploy/replicas.py`` (the processes behind nginx), the browser tests
(``tests/browser/server.py``) and the bench, so that all of them run the app the same way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

__all__ = ["ROOT", "SCRIPT", "free_port", "healthy", "start_app", "stop", "wait_healthy"]

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = "serve.py"
"""The script the processes run: ``serve.py``, app.py warmed up at start, as ``make run`` runs
it (``ranges/ui/warmup.py``)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(port: int, log_path: Path, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``streamlit run`` :data:`SCRIPT` on 127.0.0.1 ``port`` (no file watcher: nothing reloads the
    code of a running app), with ``env`` added to this process's environment; its output goes
    to ``log_path``. The rest of its settings are ``.streamlit/config.toml``'s."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:  # the child keeps its own copy of the handle
        return subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", SCRIPT,
                "--server.port", str(port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                "--server.enableStaticServing", "true",
                "--server.fileWatcherType", "none",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


def stop(proc: subprocess.Popen) -> None:
    """End a process started here (killed if it does not stop in 10 s)."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def healthy(base: str, timeout_s: float = 2.0) -> bool:
    """Whether the Streamlit server at ``base`` (``http://host:port``) answers its health
    check."""
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=timeout_s) as r:
            return r.read() == b"ok"
    except OSError:
        return False


def wait_healthy(base: str, proc: subprocess.Popen, timeout_s: float = 90.0) -> None:
    """Wait until the server ``proc`` at ``base`` answers its health check (RuntimeError if it
    exits or does not answer in ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while not healthy(base):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"streamlit at {base} did not start")
        time.sleep(0.3)
