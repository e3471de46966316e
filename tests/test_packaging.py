"""``pip install .`` gives the library and a ``rangemap`` command (pyproject.toml): the wheel
carries the catalogue and the static files, and its command is ``python -m ranges``."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _requirements(path: Path) -> list[str]:
    lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line and not line.startswith("-")]


def test_the_package_pins_what_requirements_txt_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["dependencies"] == _requirements(ROOT / "requirements.txt")
    assert project["scripts"] == {"rangemap": "ranges.console:entry"}


def test_the_wheel_installs_a_working_rangemap_command(tmp_path):
    built = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(ROOT),
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("rangemap-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "ranges/_data/systems.yaml" in names
    assert "ranges/_static/borders/countries-50m.geojson" in names
    assert "ranges/_static/vendor/rangemap-map.js" in names or any(
        n.startswith("ranges/_static/vendor/") for n in names
    )
    assert not any(n.startswith(("tests/", "bench/", "app.py")) for n in names)

    site = tmp_path / "site"
    installed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-index",
            "-q",
            "--target",
            str(site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert installed.returncode == 0, installed.stderr
    # Run from elsewhere, with the installed copy first on the path: not this checkout's ranges/.
    env = {**os.environ, "PYTHONPATH": str(site)}
    command = [sys.executable, str(site / "bin" / "rangemap"), "systems", "--format", "csv"]
    done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].startswith("id,")
    assert "tomahawk" in done.stdout
    where = subprocess.run(
        [sys.executable, "-c", "import ranges.paths as p; print(p.DATA_DIR); print(p.STATIC_DIR)"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert where == [str(site / "ranges" / "_data"), str(site / "ranges" / "_static")]
