"""A short load: a few browser sessions at once against one server (the full one: make bench).

Each session moves a range slider and adds launch points of its own; at the end every one must
still show its own scenario, with no page error, no Streamlit exception and a healthy server.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import harness.load
from harness.load import measure

SESSIONS = 5
SECONDS = 12.0


def test_concurrent_sessions_keep_their_own_scenarios(
    server: str, server_log: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What is checked here is that sessions keep their own scenarios, not how fast five
    # chromium pages open on a loaded 2-core machine (the bench's limits are for a quiet one).
    monkeypatch.setattr(harness.load, "OPEN_TIMEOUT_S", 3 * harness.load.OPEN_TIMEOUT_S)
    monkeypatch.setattr(harness.load, "ACTION_TIMEOUT_S", 3 * harness.load.ACTION_TIMEOUT_S)
    monkeypatch.setattr(harness.load, "OPEN_EACH_S", 3 * harness.load.OPEN_EACH_S)
    result = measure(SESSIONS, SECONDS, base=server, log=server_log, open_at_once=SESSIONS)
    errors = result.errors()
    assert not errors, "\n".join(errors)
    assert result.ok
    for s in result.sessions:
        assert s.slider_s or s.point_s, f"{s.label} did nothing in {SECONDS:.0f} s"
    assert any(s.point_s for s in result.sessions), "no session added a launch point"
    assert any(s.slider_s for s in result.sessions), "no session moved a slider"
