"""Helpers for the tests of a page that outlives its server (restart, replicas behind nginx)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from harness.pages import (
    drag_slider,
    map_frame,
    query,
    rings,
    wait_for_rings,
    wait_settled,
    wait_until,
)

KYIV = "50.4501,30.5234"
TYPED = "48.5, 35.05"  # typed into the sidebar: the URL holds it as from=48.5,35.05
TYPED_IN_URL = "48.5,35.05"
RINGS = 2  # one system from two launch points
BACK_IN_S = 90  # for the page to work again once a server is back


def open_and_edit(page: Page, base: str) -> dict[str, list[str]]:
    """Open a scenario, type a launch point and move a slider; the settled URL's query."""
    page.goto(f"{base}/?systems=atacms&from={KYIV}")
    frame = map_frame(page)
    wait_for_rings(frame, 1)
    # Typed at once, as a reader may while the first run still waits for the map's report
    box = page.get_by_role("textbox", name="Add a launch point", exact=True)
    box.fill(TYPED)
    box.press("Enter")
    wait_until(lambda: len(query(page).get("from", [])) == 2, what="the typed point in the URL")
    wait_for_rings(frame, RINGS)
    drag_slider(page, "MGM-140 ATACMS")
    wait_until(lambda: "range" in query(page), what="the range in the URL")
    wait_settled(page, frame)
    return query(page)


class Sockets:
    """The page's Streamlit websockets, as it opens them, with the frames each received."""

    def __init__(self, page: Page) -> None:
        self.frames: list[int] = []
        page.on("websocket", self._opened)

    def _opened(self, ws) -> None:
        if "/_stcore/stream" not in ws.url:
            return
        self.frames.append(0)
        at = len(self.frames) - 1

        def received(_payload) -> None:
            self.frames[at] += 1

        ws.on("framereceived", received)


def works_again(
    page: Page,
    before: dict[str, list[str]],
    sockets: Sockets,
    opened: int,
    keys=("systems", "from"),
) -> None:
    """After the page's websocket went away (``opened``: the sockets it had opened before):
    it opens a new one, and a slider moved to its other end redraws the ring and reaches the
    URL, with the scenario's ``keys`` in the URL as ``before``.

    A reconnected page has a new, empty session on the server and shows nothing new until
    the next action starts a run; that run rebuilds the scenario from the URL and may keep the
    slider where the URL has it (the move is then lost), so the move is tried again, up to
    four times.
    """
    # (page.wait_for_timeout lets Playwright deliver the page's events to ``sockets``)
    wait_until(
        lambda: page.wait_for_timeout(100) or len(sockets.frames) > opened,
        BACK_IN_S,
        "a new websocket",
    )
    drawn = paths(page)
    old_range = query(page).get("range")
    for attempt in range(4):
        # to the end the URL's range is not at; every other try the other way (the slider may
        # show a value the URL has not got: a move lost in a killed run)
        to_end = (query(page).get("range") != ["atacms:1200"]) != (attempt % 2 == 1)
        drag_slider(page, "MGM-140 ATACMS", to_end=to_end)
        try:
            wait_until(lambda: query(page).get("range") != old_range, 20, "a new range")
            break
        except AssertionError:
            if attempt == 3:
                raise
    wait_until(lambda: (shown := paths(page)) and shown != drawn, BACK_IN_S, "a redraw")
    wait_until(lambda: len(paths(page)) == RINGS, BACK_IN_S, "every ring drawn")
    now = query(page)
    assert {k: now.get(k) for k in keys} == {k: before.get(k) for k in keys}, (before, now)


def paths(page: Page) -> list[str]:
    """The path data of the rings on the map, sorted; [] while the map is (re)mounting (a new
    session may draw it anew in a new frame)."""
    try:
        return sorted(r["d"] for r in rings(map_frame(page)))
    except (PlaywrightError, AssertionError):  # no map frame in map_frame's time
        return []


def established_to(port: int) -> int:
    """TCP connections established to 127.0.0.1 ``port`` on this machine (/proc/net/tcp)."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            local, state = fields[1], fields[3]
            if state == "01" and int(local.rsplit(":", 1)[1], 16) == port:
                count += 1
    return count
