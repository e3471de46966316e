"""Make the committed copies of the map's browser code in static/vendor/ from node_modules/.

Run after ``npm ci`` whenever package.json or the tables in ranges/web/assets.py change
(``make vendor`` does both), then commit static/vendor/. Standard library only. It writes:

- ``rangemap/map.js`` and ``rangemap/map.css``: every script and every stylesheet of
  ``CDN_ASSETS`` in one file each, in table order (ranges/web/vendor_bundle.py);
- ``SUPPORT_FILES``: the images and fonts those stylesheets name and the packages' licences,
  copied byte for byte;
- ``NOTICE.md``: where each file comes from (package, pinned version, licence).

static/vendor/ is rebuilt from scratch each run; nothing is written anywhere else.
``--check`` writes nothing and exits 1 if the committed copies differ from what the packages
give (tests/test_vendor_bundle.py does the same check).

    .venv/bin/python scripts/vendor_assets.py [--check] [--node-modules DIR] [--dest DIR]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from ranges.web.assets import (  # noqa: E402  (after the sys.path line, on purpose)
    CDN_ASSETS,
    NOTICE,
    SUPPORT_FILES,
    VENDOR_DIR,
)
from ranges.web.vendor_bundle import GENERATED, build, reader  # noqa: E402

#: Licences npm metadata does not state.
LICENCE_NOTES = {
    "drmonty-leaflet-awesome-markers": (
        "MIT (stated in the header of its files, kept in the bundles; the package ships no "
        "licence file)"
    ),
}


def package_of(rel: str) -> str:
    """npm package name of a vendor path: first segment, or two for a @scope."""
    parts = rel.split("/")
    return "/".join(parts[:2]) if rel.startswith("@") else parts[0]


def copied_paths() -> list[str]:
    """Paths taken from node_modules: the bundles' members and the support files."""
    members = [rel for rel in CDN_ASSETS.values() if rel not in GENERATED]
    return list(dict.fromkeys([*members, *SUPPORT_FILES]))


def check_versions(node_modules: Path, packages: set[str]) -> list[str]:
    """Packages whose installed version is not the one package.json pins."""
    pins = _pins()
    problems = []
    for pkg in sorted(packages):
        manifest = node_modules / pkg / "package.json"
        if pkg not in pins:
            problems.append(f"{pkg}: not in package.json")
        elif not manifest.is_file():
            problems.append(f"{pkg}: not installed in {node_modules}")
        else:
            have = json.loads(manifest.read_text(encoding="utf-8")).get("version")
            if have != pins[pkg]:
                problems.append(f"{pkg}: {have} installed, package.json pins {pins[pkg]}")
    return problems


def _pins() -> dict[str, str]:
    pins_file = json.loads((REPO_ROOT / "package.json").read_text(encoding="utf-8"))
    return {**pins_file.get("dependencies", {}), **pins_file.get("devDependencies", {})}


def notice(node_modules: Path) -> str:
    """NOTICE.md: the packages the copies come from, with versions and licences."""
    lines = [
        "# The map's browser code, as served by rangemap",
        "",
        "Made by `scripts/vendor_assets.py` from the npm packages pinned in `package.json`; do",
        "not edit by hand. `rangemap/map.js` and `rangemap/map.css` concatenate the files listed",
        "in `CDN_ASSETS` (ranges/web/assets.py) in that order, each under a `/* === path === */`",
        "banner, with source-map comments dropped and stylesheet `url()`s rebased. The other",
        "files are byte copies. `rangemap/leaflet.awesome.rotate.css` (folium's Icon(angle=)",
        "classes, MIT like folium) and `rangemap/leaflet-icon-path.js` are written by the script.",
        "",
        "| package | version | licence | files |",
        "|---|---|---|---|",
    ]
    by_pkg: dict[str, list[str]] = {}
    for rel in copied_paths():
        by_pkg.setdefault(package_of(rel), []).append(rel)
    for pkg, rels in by_pkg.items():
        meta = json.loads((node_modules / pkg / "package.json").read_text(encoding="utf-8"))
        licence = LICENCE_NOTES.get(pkg) or meta.get("license") or "see the package"
        files = ", ".join(f"`{r}`" for r in rels)
        lines.append(f"| {pkg} | {meta.get('version')} | {licence} | {files} |")
    return "\n".join(lines) + "\n"


def expected_files(node_modules: Path) -> dict[str, bytes]:
    """Every file static/vendor/ must hold, by relative path."""
    out = dict(build(reader(node_modules)))
    for rel in SUPPORT_FILES:
        src = node_modules / rel
        if src.is_dir():
            for f in sorted(p for p in src.rglob("*") if p.is_file()):
                out[f.relative_to(node_modules).as_posix()] = f.read_bytes()
        else:
            out[rel] = src.read_bytes()
    out[NOTICE] = notice(node_modules).encode("utf-8")
    return out


def differences(node_modules: Path, dest: Path) -> list[str]:
    """How ``dest`` differs from what the packages give (empty: identical)."""
    want = expected_files(node_modules)
    have = {p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file()}
    have.discard(".stamp")
    problems = [f"{rel}: missing" for rel in sorted(set(want) - have)]
    problems += [f"{rel}: not made by this script" for rel in sorted(have - set(want))]
    problems += [
        f"{rel}: differs"
        for rel in sorted(set(want) & have)
        if (dest / rel).read_bytes() != want[rel]
    ]
    return problems


def problems_with(node_modules: Path) -> list[str]:
    copied = copied_paths()
    problems = check_versions(node_modules, {package_of(rel) for rel in copied})
    problems += [
        f"{rel}: missing from {node_modules}" for rel in copied if not (node_modules / rel).exists()
    ]
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--node-modules", type=Path, default=REPO_ROOT / "node_modules")
    parser.add_argument("--dest", type=Path, default=VENDOR_DIR)
    parser.add_argument("--check", action="store_true", help="compare, write nothing")
    args = parser.parse_args(argv)
    node_modules: Path = args.node_modules.resolve()
    dest: Path = args.dest.resolve()

    problems = problems_with(node_modules)
    if problems:
        print(
            "vendor_assets: run `npm ci --no-audit --no-fund --ignore-scripts` first:",
            file=sys.stderr,
        )
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        return 1
    if args.check:
        diff = differences(node_modules, dest)
        for p in diff:
            print(f"vendor_assets: {p}", file=sys.stderr)
        return 1 if diff else 0

    if dest.name != "vendor":  # refuse to wipe a folder that is not ours
        print(f"vendor_assets: --dest must be a folder named 'vendor', not {dest}", file=sys.stderr)
        return 2
    if dest.exists():
        shutil.rmtree(dest)
    files = expected_files(node_modules)
    for rel, data in files.items():
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    size = sum(len(d) for d in files.values())
    print(f"vendor_assets: {len(files)} files, {size / 1e6:.1f} MB in {dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
