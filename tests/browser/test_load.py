"""A short load: a few browser sessions at once against one server (the full one: make bench).

Each session moves a range slider and adds launch points of its own; at the end every one must
still show its own scenario, with no page error, no Streamlit exception and a healthy server.
"""

from __future__ import annotations

from bench.load import measure
from tests.browser.conftest import ARTIFACTS

SESSIONS = 5
SECONDS = 12.0


def test_concurrent_sessions_keep_their_own_scenarios(server: str) -> None:
    result = measure(
        SESSIONS, SECONDS, base=server, log=ARTIFACTS / "streamlit.log", open_at_once=SESSIONS
    )
    errors = result.errors()
    assert not errors, "\n".join(errors)
    assert result.ok
    for s in result.sessions:
        assert s.slider_s or s.point_s, f"{s.label} did nothing in {SECONDS:.0f} s"
    assert any(s.point_s for s in result.sessions), "no session added a launch point"
    assert any(s.slider_s for s in result.sessions), "no session moved a slider"
