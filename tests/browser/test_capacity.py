"""The capacity bench's load generator (bench/stclient.py) really drives the app's reruns, and a
websocket dropped in the middle of a message harms no other session.

No browser here: the sessions speak Streamlit's websocket protocol from Python, against the
same ``streamlit run`` the browser tests use.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

from bench.capacity import SLIDER, drive, ring_marker, session_query
from bench.stclient import AppSession
from tests.browser.server import healthy


def run_apart(coro):
    """``asyncio.run(coro)`` in a thread of its own: Playwright's sync API, which the browser
    tests of the same pytest session use, keeps an event loop running in this thread."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def test_a_slider_message_reruns_the_app_and_the_map_shows_the_new_ring(server: str) -> None:
    async def go() -> None:
        s = AppSession(server, "systems=atacms&from=50.45,30.52")
        await s.open()
        try:
            assert SLIDER in s.widgets, sorted(s.widgets)
            assert ring_marker(300) in s.map_args["feature_group"]  # the catalogue's range
            assert "range=" not in s.query_string
            for km in (457, 612):
                update = await s.set_slider(SLIDER, km, ring_marker(km))
                assert 0 < update.map_s <= update.finished_s
                feature_group = s.map_args["feature_group"]
                assert ring_marker(km) in feature_group
                assert ring_marker(300) not in feature_group
                # the app wrote the new range into the address, as for a browser
                assert f"range=atacms%3A{km}" in s.query_string
            assert not s.exceptions
        finally:
            await s.close()

    run_apart(go())


def test_the_generator_reports_latencies_for_every_session(server: str) -> None:
    result = run_apart(drive(server, None, 3, 4.0, think_s=(0.2, 0.5)))
    assert result.errors == []
    assert result.opened == 3
    assert len(result.updates) >= 3
    assert all(u.map_s > 0 and u.map_bytes > 0 for u in result.updates)


def test_a_websocket_dropped_mid_message_leaves_the_other_sessions_working(server: str) -> None:
    async def go() -> None:
        others = [AppSession(server, session_query(i)) for i in range(2)]
        victim = AppSession(server, session_query(7))
        for s in (*others, victim):
            await s.open()
        # the victim's connection goes while its rerun is half sent, others moving sliders
        moves = [s.set_slider(SLIDER, 400 + 10 * i, ring_marker(400 + 10 * i)) for i, s in
                 enumerate(others)]  # fmt: skip
        await asyncio.gather(victim.drop_mid_message(), *moves)
        for i, s in enumerate(others):
            km = 700 + 10 * i
            await s.set_slider(SLIDER, km, ring_marker(km))
            assert f"range=atacms%3A{km}" in s.query_string
            assert not s.exceptions
            await s.close()
        # and a new visitor is served too
        late = AppSession(server, session_query(9))
        await late.open()
        await late.set_slider(SLIDER, 555, ring_marker(555))
        await late.close()

    run_apart(go())
    assert healthy(server)
