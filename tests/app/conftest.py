"""AppTest runs app.py in this process: the map component is replaced by a recorder.

``streamlit.testing`` cannot render custom components, so ``streamlit_folium.st_folium`` is
patched with a fake that keeps what the app passed (the base map and the feature groups) and
returns what a browser would (a click, the view).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import streamlit_folium
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

import ranges.ui.map
from tests.app.tabs import select_tab

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@dataclass
class FakeMap:
    calls: list[dict[str, Any]] = field(default_factory=list)
    result: dict[str, Any] = field(default_factory=dict)

    def __call__(self, fig, **kwargs):
        self.calls.append({"fig": fig, **kwargs})
        return dict(self.result)

    @property
    def last(self) -> dict[str, Any]:
        return self.calls[-1]

    def ring_features(self) -> list[dict]:
        """GeoJSON features of every ring layer the app sent in its last run."""
        out = []
        for group in self.last["feature_group_to_add"]:
            for child in group._children.values():
                data = getattr(child, "data", None)
                if isinstance(data, dict) and data.get("type") == "FeatureCollection":
                    out.extend(data["features"])
                elif isinstance(data, dict) and data.get("type") == "Feature":
                    out.append(data)
        return out

    def systems_drawn(self) -> set[str]:
        return {f["properties"]["system"] for f in self.ring_features()}


@pytest.fixture
def fake_map(monkeypatch) -> FakeMap:
    fake = FakeMap()
    monkeypatch.setattr(streamlit_folium, "st_folium", fake)
    # No browser draws the fake map, so none reports it drawn: the first run need not wait.
    monkeypatch.setattr(ranges.ui.map, "MAP_REPORT_WAIT_S", 0.0)
    return fake


@pytest.fixture
def app(fake_map):
    def make(query: dict[str, str | list[str]] | None = None, *, tab: str = "") -> AppTest:
        """A session of the app opened on ``query``, with the tab ``tab`` open (the first
        if none: only the open tab's content is built, ``tests/app/tabs.py``)."""
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in (query or {}).items():
            at.query_params[key] = value
        return select_tab(at, tab) if tab else at

    return make


@pytest.fixture
def downloads(monkeypatch) -> dict[str, Callable[[], bytes]]:
    """File name -> the callable a download button of the last run writes its file with (the
    browser calls it on a click; AppTest never does)."""
    kept: dict[str, Callable[[], bytes]] = {}
    add = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        kept[file_name] = data_callable
        return add(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return kept
