"""rangemap as several app processes behind nginx on this machine: ``make replicas``.

``python -m deploy.replicas --replicas 2 --port 8500`` starts that many app processes
(``deploy/process.py``: ``streamlit run serve.py``) on 127.0.0.1 (ports from ``--app-port`` on),
renders ``deploy/nginx.conf.template`` into a fresh temporary directory (pid, temp files and
logs there: no root needed) and runs Debian's nginx in front of them, sticky by cookie and with
the websocket upgrade. Ctrl-C stops everything.

Every app process gets the same ``server.cookieSecret`` (a random one per start, or
``STREAMLIT_SERVER_COOKIE_SECRET`` if set), so that the XSRF cookie one process set is valid on
another (an upload after a fail-over).
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from deploy.process import healthy, start_app, stop

TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = "/usr/sbin/nginx"

__all__ = ["render", "start_app", "start_nginx", "stop"]


def render(runtime_dir: Path, listen: str, ports: Sequence[int]) -> str:
    """The nginx configuration for app processes on 127.0.0.1 ``ports``, listening on
    ``listen`` (``host:port``), with its files under ``runtime_dir``."""
    upstreams = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" for port in ports
    )
    text = TEMPLATE.read_text(encoding="utf-8")
    for name, value in (
        ("@@RUNTIME_DIR@@", str(runtime_dir)),
        ("@@LISTEN@@", listen),
        ("@@UPSTREAMS@@", upstreams),
    ):
        text = text.replace(name, value)
    return text


def start_nginx(runtime_dir: Path, listen: str, ports: Sequence[int]) -> subprocess.Popen:
    """nginx in the foreground with :func:`render`'s configuration, written to
    ``runtime_dir/nginx.conf``; checked first (``nginx -t``), RuntimeError if it is bad."""
    runtime_dir.mkdir(parents=True, exist_ok=True)
    conf = runtime_dir / "nginx.conf"
    conf.write_text(render(runtime_dir, listen, ports), encoding="utf-8")
    base = [NGINX, "-p", str(runtime_dir), "-e", str(runtime_dir / "error.log"), "-c", str(conf)]
    check = subprocess.run([*base, "-t"], capture_output=True, text=True, check=False)
    if check.returncode != 0:
        raise RuntimeError(f"nginx rejected its configuration: {check.stderr.strip()}")
    return subprocess.Popen([*base, "-g", "daemon off;"], stdout=subprocess.DEVNULL)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.replicas", description=__doc__)
    parser.add_argument("--replicas", type=int, default=2, help="app processes (default 2)")
    parser.add_argument("--port", type=int, default=8500, help="nginx's port (default 8500)")
    parser.add_argument("--app-port", type=int, default=8601, help="the first app's port")
    args = parser.parse_args(argv)
    if not Path(NGINX).exists():
        print(f"error: {NGINX} is missing (apt-get install nginx)", file=sys.stderr)
        return 2
    runtime = Path(tempfile.mkdtemp(prefix="rangemap-nginx-"))
    secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
    ports = [args.app_port + i for i in range(max(1, args.replicas))]
    apps = [
        start_app(p, runtime / f"app-{p}.log", {"STREAMLIT_SERVER_COOKIE_SECRET": secret})
        for p in ports
    ]
    nginx = None
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    try:
        deadline = time.monotonic() + 120
        while not all(healthy(f"http://127.0.0.1:{p}") for p in ports):
            if time.monotonic() > deadline or any(a.poll() is not None for a in apps):
                print(f"error: an app process did not start; see {runtime}", file=sys.stderr)
                return 1
            time.sleep(0.5)
        nginx = start_nginx(runtime, f"127.0.0.1:{args.port}", ports)
        print(f"rangemap: {len(ports)} app processes ({', '.join(map(str, ports))}) behind nginx")
        print(f"  open http://127.0.0.1:{args.port}/   (logs and config: {runtime})")
        print("  Ctrl-C stops them all")
        while nginx.poll() is None:
            time.sleep(1)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        for proc in ([nginx] if nginx else []) + apps:
            stop(proc)


if __name__ == "__main__":
    sys.exit(main())
