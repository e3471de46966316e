"""A message in the map's frame when the map cannot load, instead of a blank frame.

streamlit-folium's iframe loads the map's scripts one after another and runs the map only if
all of them arrived: one blocked or missing script (a CDN refused by a firewall, a static file
not served) stops it without a word, and the frame stays empty. The guard is a tiny script put
FIRST in that list (as a ``data:`` URL, so it needs no server and no network itself). It
watches for a script that fails to load (an ``error`` event, caught on the way down) and for a
map that is still not drawn after :data:`WAIT_S` seconds (slow or hanging downloads, a script
that threw); either way it writes a visible message at the top of the frame and makes the
frame tall enough to show it. If the map appears after all, the message goes away.

The text goes in with ``textContent`` (a URL from the page is never parsed as HTML).
"""

from __future__ import annotations

import base64
from typing import Any

__all__ = ["GUARD_NAME", "MESSAGE_ID", "WAIT_S", "add_load_guard", "guard_js", "guard_url"]

#: Seconds without a drawn map before the guard says so.
WAIT_S = 12
#: The ``id`` of the message element (tests look for it).
MESSAGE_ID = "rm-load-message"
#: Name of the guard's entry in the map's ``default_js``.
GUARD_NAME = "rangemap_load_guard"

_JS = """(function () {
  var WAIT_MS = %(wait_ms)d, ID = "%(id)s";
  function frameHeight() {
    try {
      if (window.Streamlit) window.Streamlit.setFrameHeight(
        Math.max(document.body.scrollHeight + 16, 140));
    } catch (e) {}
  }
  function show(text) {
    if (window.map) return;
    var box = document.getElementById(ID);
    if (!box) {
      box = document.createElement("div");
      box.id = ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "font:15px/1.45 system-ui,sans-serif;padding:0.8rem 1rem;" +
        "margin:0.4rem;border:2px solid #d62728;border-radius:0.4rem;" +
        "background:#fff5f5;color:#222;";
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = text;
    frameHeight();
  }
  window.addEventListener("error", function (e) {
    var t = e.target;
    if (t && t.tagName === "SCRIPT" && t.src) {
      var name = t.src.length > 160 ? t.src.slice(0, 160) + "..." : t.src;
      show("The map could not load: its script " + name + " did not arrive " +
        "(blocked or unreachable). Reload the page; if this persists, a firewall or " +
        "browser extension blocks it, or the server does not serve its static files.");
    }
  }, true);
  var started = Date.now();
  var timer = setInterval(function () {
    if (window.map) {
      clearInterval(timer);
      var box = document.getElementById(ID);
      if (box) box.remove();
      return;
    }
    if (Date.now() - started > WAIT_MS && !document.getElementById(ID)) {
      show("The map has not loaded after " + Math.round(WAIT_MS / 1000) + " s: its " +
        "scripts are slow to arrive or failed (" +
        (window.L ? "Leaflet loaded" : "Leaflet not loaded") + "). It appears here if " +
        "they arrive; otherwise reload the page.");
    }
  }, 250);
})();
"""


def guard_js(wait_s: float = WAIT_S) -> str:
    """The guard's JavaScript."""
    return _JS % {"wait_ms": int(wait_s * 1000), "id": MESSAGE_ID}


def guard_url(wait_s: float = WAIT_S) -> str:
    """The guard as a ``data:`` URL (loads with no request)."""
    encoded = base64.b64encode(guard_js(wait_s).encode("utf-8")).decode("ascii")
    return "data:text/javascript;base64," + encoded


def add_load_guard(m: Any, wait_s: float = WAIT_S) -> None:
    """Put the guard first in the scripts of folium map ``m`` (its own ``default_js``, as an
    instance attribute; folium's class list stays untouched). Idempotent."""
    links = [(n, u) for n, u in getattr(m, "default_js", []) if n != GUARD_NAME]
    m.default_js = [(GUARD_NAME, guard_url(wait_s)), *links]
