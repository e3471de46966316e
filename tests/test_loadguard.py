"""The message in the map frame when a script cannot load (ranges/web/loadguard.py); in a browser:
tests/browser/test_map_assets.py."""

from __future__ import annotations

import base64

import folium
import streamlit_folium

from ranges.web.assets import localize_assets
from ranges.web.loadguard import GUARD_NAME, MESSAGE_ID, add_load_guard, guard_js, guard_url


def test_guard_is_the_first_script_the_frame_loads(monkeypatch):
    sent = {}

    def fake_component(**kwargs):
        sent.update(kwargs)
        return kwargs["default"]

    monkeypatch.setattr(streamlit_folium, "_component_func", fake_component)
    m = folium.Map()
    localize_assets(m)
    add_load_guard(m)
    add_load_guard(m)  # idempotent
    streamlit_folium.st_folium(m, key="t", returned_objects=[])
    assert sent["js_links"][0] == guard_url()
    assert sum(u.startswith("data:") for u in sent["js_links"]) == 1
    assert folium.Map.default_js[0][0] != GUARD_NAME  # the class is untouched


def test_guard_url_is_the_script_and_needs_no_request():
    url = guard_url(wait_s=3)
    assert url.startswith("data:text/javascript;base64,")
    code = base64.b64decode(url.split(",", 1)[1]).decode()
    assert code == guard_js(wait_s=3) and "WAIT_MS = 3000" in code


def test_guard_writes_text_never_markup():
    code = guard_js()
    assert "textContent" in code and "innerHTML" not in code and "eval" not in code
    assert f'"{MESSAGE_ID}"' in code
    assert "window.map" in code  # a map drawn after all removes the message
