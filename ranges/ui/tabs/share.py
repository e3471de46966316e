"""The "Share" tab: the link that reopens this picture."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

__all__ = ["render", "share_link"]

FALLBACK_BASE = "http://localhost:8501/"
"""The base of the link when the page's own address is unknown (outside a browser session)."""


def share_link(query: dict, page_url: str) -> str:
    """``query`` on the page's address ``page_url`` (scheme, host and path; its own query
    dropped), with a ``/`` before the ``?`` as browsers write it: ``https://host/?x``."""
    parts = urlsplit(page_url)
    if not parts.netloc:
        return f"{FALLBACK_BASE}?{urlencode(query, doseq=True)}"
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}?{urlencode(query, doseq=True)}"


def page_url() -> str:
    """The address the browser shows, or "" outside a browser session (tests)."""
    try:
        return st.context.url or ""
    except Exception:  # no session context: AppTest, bare mode
        return ""


def render(query: dict) -> None:
    """The link, ready to copy."""
    st.caption("Copy link (the address bar holds the same):")
    st.code(share_link(query, page_url()), language=None, wrap_lines=True)
