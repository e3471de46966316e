"""A session's first run sends the map alone; the sidebar comes with the next run (app.py).

The browser renders the page's elements and the map's frame on one thread: the sidebar's
eighty-odd elements sent before the map held the first ring back by about a second on a
phone-sized page (bench/coldstart.py). A first run that gets no report from the map goes on
to the end and sends the sidebar last, so no page is ever left without its controls.
"""

from __future__ import annotations

import ranges.ui.sidebar
import ranges.ui.state as state


def test_the_first_run_sends_the_map_before_the_sidebar(app, fake_map, monkeypatch) -> None:
    order: list[str] = []
    real_sidebar = ranges.ui.sidebar.sidebar

    def sidebar(*slots) -> None:
        order.append("sidebar")
        real_sidebar(*slots)

    real_map = fake_map.__call__

    def drawn(fig, **kwargs):
        order.append("map")
        return real_map(fig, **kwargs)

    monkeypatch.setattr(ranges.ui.sidebar, "sidebar", sidebar)
    monkeypatch.setattr(type(fake_map), "__call__", lambda self, fig, **kw: drawn(fig, **kw))
    at = app().run()
    assert not at.exception
    # First run: map, then (no report came) the sidebar at its end; then, the places marked,
    # the second run, which sends the sidebar last too (any run after it: first).
    assert order[:4] == ["map", "sidebar", "map", "sidebar"], order
    assert at.sidebar.slider, "the controls are on the page"
    assert at.session_state[state.SIDEBAR_DONE] is True


def test_after_a_map_only_first_run_the_label_boxes_are_sent_with_their_values(
    app, monkeypatch
) -> None:
    """The map's report stops the first run in ``await_map`` (simulated here with a rerun), so
    the browser has no label box yet; the next run must send them with their values (a box
    the browser never got comes back empty, and that cleared the point's label)."""
    import streamlit as st

    import ranges.ui.map

    restated: list[bool] = []
    real = state.restate_widgets

    def spy() -> None:
        restated.append(st.session_state.get(state.SIDEBAR_DONE, True))
        real()

    def report_comes() -> None:
        if len(restated) == 1:
            st.rerun()

    order: list[str] = []
    real_sidebar = ranges.ui.sidebar.sidebar
    real_map = ranges.ui.map.draw_map
    monkeypatch.setattr(
        ranges.ui.sidebar, "sidebar", lambda *c: (order.append("sidebar"), real_sidebar(*c))[1]
    )
    monkeypatch.setattr(
        ranges.ui.map, "draw_map", lambda *a, **k: (order.append("map"), real_map(*a, **k))[1]
    )
    monkeypatch.setattr(state, "restate_widgets", spy)
    monkeypatch.setattr(ranges.ui.map, "await_map", report_comes)
    at = app({"from": "50.45,30.52,Sumy", "systems": "atacms"}).run()
    assert not at.exception
    assert restated[:2] == [True, False], restated  # the second run states them again
    # The run the report started: the map (and tables) first, the sidebar last, as the
    # browser has none of it yet.
    assert order[:3] == ["map", "map", "sidebar"], order
    labels = [box.value for box in at.sidebar.text_input if box.key and "label" in box.key]
    assert "Sumy" in labels, labels


def test_a_new_session_tells_the_servers_warm_up(app) -> None:
    """So that the warm-up leaves the data to that page (ranges/ui/warmup.py)."""
    from ranges.ui import warmup

    warmup.PAGE_OPENED.clear()
    assert not app().run().exception
    assert warmup.PAGE_OPENED.is_set()


def test_a_label_box_defaults_to_its_label(app) -> None:
    """A browser that missed the one run carrying a new label box's value (its next copy,
    sent without a value, replaced it before it was drawn: a slow browser under load) shows
    the box's default and sends it back; an empty default cleared the label."""
    at = app({"from": "50.45,30.52,Kyiv", "area": "line:48.5,37.9;47.1,37.5|Front"}).run()
    assert not at.exception
    boxes = {box.key.split(":")[0]: box for box in at.sidebar.text_input if box.key}
    assert boxes["label"].proto.default == "Kyiv"
    assert boxes["area_label"].proto.default == "Front"
