"""The committed map code (static/vendor/) is what the pinned npm packages give, byte for byte,
and the bundles follow the table in ranges/web/assets.py (ranges/web/vendor_bundle.py)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tomllib

import folium
import pytest

from ranges.paths import REPO_ROOT
from ranges.web import assets, vendor_bundle
from ranges.web.assets import (
    BUNDLE_CSS,
    BUNDLE_JS,
    CDN_ASSETS,
    ICON_PATH_JS,
    LEAFLET_JS,
    NOTICE,
    VENDOR_DIR,
    local_paths,
)
from ranges.web.vendor_bundle import bundle_css, bundle_js, css_members, js_members, relative_urls

NODE_MODULES = REPO_ROOT / "node_modules"


def _script():
    """scripts/vendor_assets.py as a module."""
    spec = importlib.util.spec_from_file_location(
        "vendor_assets", REPO_ROOT / "scripts" / "vendor_assets.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_copies_equal_the_pinned_npm_packages():
    """Nothing under static/vendor/ may drift from package.json: rebuilt from node_modules
    (``npm ci``, which `make test` runs), every file is identical, none is missing or extra."""
    script = _script()
    assert NODE_MODULES.is_dir(), "node_modules/ is missing: run `make test` (it runs npm ci)"
    assert script.problems_with(NODE_MODULES) == [], "node_modules differs from package.json"
    assert script.differences(NODE_MODULES, VENDOR_DIR) == [], (
        "static/vendor/ differs from the pinned packages: run `make vendor` and commit"
    )


def test_the_check_mode_catches_a_changed_byte(tmp_path):
    script = _script()
    dest = tmp_path / "vendor"
    assert script.main(["--dest", str(dest)]) == 0
    assert script.main(["--check", "--dest", str(dest)]) == 0
    bundle = dest / BUNDLE_JS
    bundle.write_bytes(bundle.read_bytes().replace(b"Leaflet 1.9.3", b"Leaflet 1.9.4", 1))
    (dest / "extra.js").write_text("alert(1)")
    assert script.differences(NODE_MODULES, dest) == [
        "extra.js: not made by this script",
        f"{BUNDLE_JS}: differs",
    ]
    assert script.main(["--check", "--dest", str(dest)]) == 1


def test_every_committed_file_is_in_git():
    """static/vendor/ is listed in some clones' .git/info/exclude (it used to be built): the
    files must be tracked all the same, or a deployment from the repository lacks them."""
    listed = subprocess.run(
        ["git", "ls-files", "static/vendor"], cwd=REPO_ROOT, capture_output=True, text=True
    )
    assert listed.returncode == 0, listed.stderr
    tracked = set(listed.stdout.split())
    on_disk = {p.relative_to(REPO_ROOT).as_posix() for p in VENDOR_DIR.rglob("*") if p.is_file()}
    assert on_disk - {"static/vendor/.stamp"} <= tracked
    for rel in local_paths():
        assert any(
            t == f"static/vendor/{rel}" or t.startswith(f"static/vendor/{rel}/") for t in tracked
        ), rel


def test_members_follow_the_table_with_the_icon_fix_after_leaflet():
    js = js_members()
    assert js[:2] == [LEAFLET_JS, ICON_PATH_JS]
    assert [r for r in js if r != ICON_PATH_JS] == [
        r for r in CDN_ASSETS.values() if r.endswith(".js")
    ]
    assert css_members() == [r for r in CDN_ASSETS.values() if r.endswith(".css")]
    text = (VENDOR_DIR / BUNDLE_JS).read_text(encoding="utf-8")
    at = [text.index(f"/* === {rel} === */") for rel in js]
    assert at == sorted(at)


def test_a_new_table_entry_joins_the_bundle(monkeypatch):
    """Another change adds a plugin to CDN_ASSETS: it lands in the bundles, in table order."""
    table = {
        **CDN_ASSETS,
        "https://cdn.example/npm/leaflet-gesture-handling/dist/x.min.js": "gh/dist/x.min.js",
        "https://cdn.example/npm/leaflet-gesture-handling/dist/x.min.css": "gh/dist/x.min.css",
    }
    monkeypatch.setattr(vendor_bundle, "CDN_ASSETS", table)
    monkeypatch.setattr(assets, "CDN_ASSETS", table)
    files = {rel: f"/* {rel} */ body{{}}".encode() for rel in table.values()}
    js = bundle_js(lambda rel: files.get(rel, b"// generated")).decode()
    css = bundle_css(lambda rel: files.get(rel, b"")).decode()
    assert js.index("gh/dist/x.min.js") > js.index("leaflet.markercluster.js")
    assert css.index("gh/dist/x.min.css") > css.index("MarkerCluster.Default.css")
    m = folium.Map()
    # (an instance list: add_js_link would change folium.Map's class list for later tests)
    m.default_js = [*m.default_js, ("gh", list(table)[-2])]
    assets.localize_assets(m)
    assert assets.asset_urls(m) == [
        assets.DEFAULT_BASE_URL + BUNDLE_JS,
        assets.DEFAULT_BASE_URL + BUNDLE_CSS,
    ]


def test_scripts_are_kept_apart_and_source_maps_dropped():
    files = {
        LEAFLET_JS: b'"use strict"; var L = 1 // no newline, no semicolon',
        "jquery/dist/jquery.min.js": b"x()\n//# sourceMappingURL=jquery.min.map\n",
    }
    text = bundle_js(lambda rel: files.get(rel, b"")).decode()
    assert "var L = 1 // no newline, no semicolon\n;\n" in text
    assert "sourceMappingURL" not in text
    # A statement before the first member: its "use strict" is no directive for the bundle.
    head = text[: text.index('"use strict"')]
    assert re.sub(r"/\*.*?\*/", "", head, flags=re.S).strip() == ";"


def test_stylesheet_urls_are_rebased_to_the_bundle():
    sheet = (
        '@charset "UTF-8";.a{background:url(images/layers.png)}'
        ".b{src:url('../fonts/g.eot?#iefix') format('embedded-opentype')}"
        '.c{background:url("data:image/svg+xml,%3csvg%3e")} .d{background:url(https://x/y.png)}'
        "/*# sourceMappingURL=x.css.map */"
    )
    files = {"leaflet/dist/leaflet.css": sheet.encode()}
    text = bundle_css(lambda rel: files.get(rel, b"")).decode()
    assert text.startswith('@charset "UTF-8";\n') and text.count("@charset") == 1
    assert 'url("../leaflet/dist/images/layers.png")' in text
    assert 'url("../leaflet/fonts/g.eot?#iefix")' in text
    assert 'url("data:image/svg+xml,%3csvg%3e")' in text and "url(https://x/y.png)" in text
    assert "sourceMappingURL" not in text
    assert relative_urls(text) == [
        "../leaflet/dist/images/layers.png",
        "../leaflet/fonts/g.eot?#iefix",
    ]


def test_notice_names_every_package_with_version_and_licence():
    notice = (VENDOR_DIR / NOTICE).read_text(encoding="utf-8")
    pins = json.loads((REPO_ROOT / "package.json").read_text())["dependencies"]
    for pkg, version in pins.items():
        row = next(line for line in notice.splitlines() if line.startswith(f"| {pkg} |"))
        assert f"| {version} |" in row
        assert row.split("|")[3].strip(), f"{pkg}: no licence"


def test_the_script_runs_with_the_standard_library_only():
    code = (
        "import runpy, sys; sys.argv = ['x', '--check']; "
        "sys.modules.update(dict.fromkeys(['folium', 'branca', 'streamlit'])); "
        "runpy.run_path('scripts/vendor_assets.py', run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


@pytest.mark.parametrize("rel", [BUNDLE_JS, BUNDLE_CSS])
def test_bundles_are_utf8_text(rel):
    (VENDOR_DIR / rel).read_bytes().decode("utf-8")


def test_streamlit_serves_the_static_folder():
    """Without static serving the copies are there but unreachable (the frame would say so)."""
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True
    assert VENDOR_DIR == REPO_ROOT / "static" / "vendor"  # Streamlit serves ./static only
