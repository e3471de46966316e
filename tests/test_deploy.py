"""deploy/nginx.conf.template as deploy/replicas.py renders it: every app process an upstream,
sticky by cookie, websocket upgrade, files only in the runtime directory; nginx accepts it."""

from __future__ import annotations

import subprocess
from pathlib import Path

from deploy.replicas import NGINX, render


def test_the_rendered_configuration_names_every_process_and_no_placeholder(tmp_path: Path):
    text = render(tmp_path, "127.0.0.1:8500", [8601, 8602, 8603])
    assert "@@" not in text
    for port in (8601, 8602, 8603):
        assert f"server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;" in text
    assert "listen 127.0.0.1:8500;" in text
    assert "hash $route consistent;" in text
    assert "proxy_set_header Upgrade $http_upgrade;" in text
    assert "proxy_set_header Connection $connection_upgrade;" in text
    # nothing written outside the runtime directory (an ordinary user can run it)
    for line in text.splitlines():
        words = line.split()
        if words and (
            words[0] in ("pid", "error_log", "access_log") or words[0].endswith("_temp_path")
        ):
            assert words[1].startswith(str(tmp_path)), line


def test_nginx_accepts_the_configuration(tmp_path: Path) -> None:
    assert Path(NGINX).exists(), "Debian's nginx is not installed (run `make test`)"
    conf = tmp_path / "nginx.conf"
    conf.write_text(render(tmp_path, "127.0.0.1:8500", [8601, 8602]))
    check = subprocess.run(
        [NGINX, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(conf), "-t"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert check.returncode == 0, check.stderr
