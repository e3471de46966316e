"""An open page survives a server restart: it works again with the same scenario, and nothing
the user typed that the URL holds is lost.

The server is this test's own (a fixed port, so that the page's address stays valid): the
page is opened, a launch point typed and a slider moved; the server is stopped and started
again on the same port; the page reconnects by itself (Streamlit's frontend retries), gets a
new session, and the app rebuilds the scenario from the URL.
"""

from __future__ import annotations

from playwright.sync_api import Browser

from harness.pages import query, wait_until
from harness.server import free_port, localhost_only, start_streamlit, stop, wait_healthy
from tests.browser.conftest import ARTIFACTS
from tests.browser.survival import KYIV, TYPED_IN_URL, Sockets, open_and_edit, works_again


def test_an_open_page_works_again_after_the_server_restarts(browser: Browser) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_streamlit(port, ARTIFACTS / "restart.log")
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    ctx.route("**/*", localhost_only)
    try:
        wait_healthy(base, proc)
        page = ctx.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        sockets = Sockets(page)
        before = open_and_edit(page, base)
        assert before["from"] == [KYIV, TYPED_IN_URL]
        assert before["range"] == ["atacms:1200"]

        opened = len(sockets.frames)
        stop(proc)
        wait_until(lambda: not connected(page), 30, "the page to notice its websocket is gone")
        proc = start_streamlit(port, ARTIFACTS / "restart-2.log")
        wait_healthy(base, proc)

        assert query(page) == before  # the address is the page's, not the server's
        works_again(page, before, sockets, opened)
        assert query(page)["from"] == [KYIV, TYPED_IN_URL]  # the typed point is kept
        assert not errors, errors
    finally:
        ctx.close()
        stop(proc)


def connected(page) -> bool:
    """The page's own mark of its websocket (Streamlit's ``data-test-connection-state``)."""
    app = page.locator('[data-testid="stApp"]')
    return app.get_attribute("data-test-connection-state") == "CONNECTED"
