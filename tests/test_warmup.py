"""The server's warm-up (``serve.py``, ``ranges.ui.warmup``): in a fresh interpreter it leaves
the page's modules imported and the data it reads loaded, and a failure does not escape."""

from __future__ import annotations

import ast
import functools
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_warm_up_imports_the_page_and_loads_its_data() -> None:
    out = run_python(
        "import sys\n"
        "from ranges.ui.warmup import PAGE_MODULES, warm_up\n"
        "assert 'folium' not in sys.modules\n"
        "warm_up()\n"
        "from ranges.places import extracts as g, borders as b\n"
        "from ranges.ui.warmup import NOT_WARMED\n"
        "assert not any(m in sys.modules for m in NOT_WARMED), 'declared outside a run'\n"
        "print(all(m in sys.modules for m in PAGE_MODULES), 'folium' in sys.modules,\n"
        "      g._default.cache_info().currsize, b._load_cached.cache_info().currsize)\n"
    )
    assert out.split() == ["True", "True", "1", "1"]


def test_the_data_is_left_to_a_page_that_opened_and_loaded_when_none_did() -> None:
    """With a delay (``serve.py``): a page that opened loads the data itself, after its map (the
    warm-up must not compete with the map's frame for the server); with no page, the warm-up
    loads it once the delay has passed."""
    out = run_python(
        "import time\n"
        "from ranges.ui import warmup\n"
        "from ranges.places import extracts as g, borders as b\n"
        "def loaded():\n"
        "    return g._default.cache_info().currsize + b._load_cached.cache_info().currsize\n"
        "warmup.PAGE_OPENED.set()\n"
        "warmup.start_warm_up(data_delay_s=30).join(timeout=120)\n"
        "print(loaded())\n"
        "warmup.PAGE_OPENED.clear()\n"
        "t = time.monotonic()\n"
        "warmup.start_warm_up(data_delay_s=0.5).join(timeout=120)\n"
        "print(loaded(), time.monotonic() - t >= 0.5)\n"
    )
    assert out.split() == ["0", "2", "True"]


def test_every_module_app_py_imports_is_warmed() -> None:
    from ranges.ui.warmup import NOT_WARMED, PAGE_MODULES

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    page = {m for m in imported if m.startswith("ranges.ui")}
    page |= {
        f"{node.module}.{alias.name}"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "ranges.ui.tabs"
        for alias in node.names
    }
    page -= {"ranges.ui", "ranges.ui.tabs"}
    assert page <= set(PAGE_MODULES) | set(NOT_WARMED), page - set(PAGE_MODULES)


def test_a_failing_warm_up_is_logged_not_raised() -> None:
    out = run_python(
        "import logging, sys\n"
        "logging.basicConfig(stream=sys.stdout, level=logging.WARNING)\n"
        "import ranges.places.extracts as g\n"
        "def broken(*a, **k): raise g.GazetteerError('no data here')\n"
        "g.default_gazetteer = broken\n"
        "from ranges.ui.warmup import start_warm_up\n"
        "start_warm_up().join()\n"
        "print('still here')\n"
    )
    assert "warm-up stopped early" in out and "no data here" in out and "still here" in out


def test_serve_py_serves_app_py_with_the_warm_up() -> None:
    out = run_python(
        "import serve\n"
        "print(type(serve.app).__name__, serve.app.script_path, serve.app._user_lifespan.__name__)"
    )
    assert out.split() == ["App", "app.py", "warm_up"]


def test_serve_py_skips_streamlits_scan_for_v2_components() -> None:
    """The app has no v2 component; the scan read every installed package's metadata three
    times over before the server's first answer (serve.skip_component_scan)."""
    out = run_python(
        "import serve\n"
        "from streamlit.components.v2.component_manager import BidiComponentManager as B\n"
        "print(B.discover_and_register_components is serve._no_scan)\n"
        "import streamlit.components.v2.manifest_scanner as scanner\n"
        "def boom(*a, **k): raise AssertionError('scanned')\n"
        "scanner.scan_component_manifests = boom\n"
        "B().discover_and_register_components()\n"
        "print('not scanned')\n"
    )
    assert out.split("\n")[:2] == ["True", "not scanned"]


def test_serve_py_reruns_in_full_what_asks_for_a_fragment_the_session_lacks() -> None:
    """A page reconnected to a restarted server has a new session without the page's
    fragment: Streamlit dropped its slider's fragment reruns (tests/browser/test_replicas.py
    lost four moves in a row). Through serve.py such a rerun is a full run; a fragment the
    session holds still reruns alone."""
    out = run_python(
        "from streamlit.proto.ClientState_pb2 import ClientState\n"
        "from streamlit.runtime.app_session import AppSession\n"
        "seen = []\n"
        "AppSession.request_rerun = lambda self, state: seen.append(state.fragment_id)\n"
        "class Session(AppSession):\n"
        "    def __init__(self): pass\n"
        "    def has_fragment(self, fragment_id): return fragment_id == 'held'\n"
        "import serve\n"
        "serve.rerun_lost_fragments_in_full()\n"  # again: patched once, not twice
        "for fid in ('held', 'lost', ''):\n"
        "    AppSession.request_rerun(Session(), ClientState(fragment_id=fid))\n"
        "print(seen)\n"
    )
    assert out.splitlines()[-1] == "['held', '', '']"


def test_first_pages_at_once_load_the_data_once(monkeypatch) -> None:
    """The warm-up leaves the data to the first page; a burst of first pages must not each
    load it (several threads calling the loaders at once wait for one load)."""
    import threading
    import time

    import ranges.places.borders as borders
    import ranges.places.extracts as gazetteer

    calls = {"gazetteer": 0, "borders": 0}

    def slow_extract(extract):
        calls["gazetteer"] += 1
        time.sleep(0.2)
        return object()

    real_read = borders._load_cached.__wrapped__

    def slow_borders(path):
        calls["borders"] += 1
        time.sleep(0.2)
        return real_read(path)

    monkeypatch.setattr(gazetteer, "load_extract", slow_extract)
    gazetteer.default_gazetteer.cache_clear()
    borders.clear_cache()
    monkeypatch.setattr(borders, "_load_cached", functools.lru_cache(maxsize=4)(slow_borders))
    try:
        pages = [
            threading.Thread(target=lambda: (gazetteer.default_gazetteer(), borders.load_borders()))
            for _ in range(6)
        ]
        for page in pages:
            page.start()
        for page in pages:
            page.join()
    finally:
        gazetteer.default_gazetteer.cache_clear()
    assert calls == {"gazetteer": 1, "borders": 1}


def test_serve_py_reruns_in_full_a_map_report_to_a_first_run_that_waits_for_it() -> None:
    """The map's report to a session's first run (waiting in ``await_map``, listed in
    ``AWAITING_MAP``) asks for a rerun of the page's fragment, which would not stop that run;
    through serve.py it is a full run, which does. Other sessions' fragments rerun alone."""
    out = run_python(
        "from streamlit.proto.ClientState_pb2 import ClientState\n"
        "from streamlit.runtime.app_session import AppSession\n"
        "from ranges.ui.warmup import AWAITING_MAP\n"
        "seen = []\n"
        "AppSession.request_rerun = lambda self, state: seen.append(state.fragment_id)\n"
        "class Session(AppSession):\n"
        "    def __init__(self, id): self.id = id\n"
        "    def has_fragment(self, fragment_id): return True\n"
        "import serve\n"
        "AWAITING_MAP.add('first')\n"
        "for sid in ('first', 'other'):\n"
        "    AppSession.request_rerun(Session(sid), ClientState(fragment_id='page'))\n"
        "print(seen)\n"
    )
    assert out.splitlines()[-1] == "['', 'page']"
