"""A browser's side of Streamlit's websocket protocol, in Python: one app session, no browser.

The browser opens ``/_stcore/stream`` (subprotocol ``streamlit``) and sends a ``BackMsg`` with
``rerun_script`` (a ``ClientState``: the page's query string and the widget states it holds);
the server runs the script and streams ``ForwardMsg``s back: ``new_session``, ``delta``s (one per
element, with its widget id), ``page_info_changed`` (the address bar), ``script_finished``.
:class:`AppSession` does the same with Streamlit's own message classes (``streamlit.proto``), so
the server does the whole work of every run and ships all of its output, as for a browser:

- it keeps every widget the deltas declare, by its user key (``max:atacms``), and sends a
  widget's new value the way the frontend does (a slider: ``double_array_value``);
- it keeps the address the app writes (``page_info_changed``) and sends it with each rerun;
- after the first map arrives it reports the drawn map (the st_folium component's value:
  ``last_clicked``, ``zoom``, ``center``), as the component does once Leaflet has drawn it.

Only the changed widget and the map's value are sent with a rerun (the frontend sends every
widget it holds; the server keeps the values of those left out, so the run is the same).
Messages are parsed as they arrive (protobuf in C: cheap), one asyncio task per session.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

__all__ = ["AppSession", "SessionError", "Update"]

MAP_COMPONENT = "streamlit_folium.st_folium"
FINISHED = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)


class SessionError(RuntimeError):
    """The server closed the session, showed an exception, or did not answer in time."""


@dataclass
class Update:
    """The outcome of one action, in seconds from the message sent."""

    map_s: float  # the map component's delta carrying the change
    finished_s: float  # the run's script_finished (successfully)
    map_bytes: int  # the size of that map delta


@dataclass
class AppSession:
    base: str  # http://host:port
    query: str  # the query string the page was opened with
    widgets: dict[str, tuple[str, object]] = field(default_factory=dict)  # key -> (id, proto)
    fragments: dict[str, str] = field(default_factory=dict)  # widget key -> its fragment's id
    cached: set[str] = field(default_factory=set)  # hashes of the messages this page keeps
    query_string: str = ""  # the address bar, as the app last wrote it
    map_id: str = ""
    map_args: dict = field(default_factory=dict)  # the last map's json_args
    map_value: str = ""  # the map's reported value (JSON), sent with every rerun
    exceptions: list[str] = field(default_factory=list)
    sent: dict[str, float] = field(default_factory=dict)  # widget key -> the value last sent
    received_bytes: int = 0  # the messages' own bytes (after any websocket decompression)
    wire_bytes: int = 0  # what came over the TCP connection (compressed when the server does)
    bytes_by_kind: dict[str, int] = field(default_factory=dict)  # element type -> bytes received
    widget_deltas: dict[str, int] = field(default_factory=dict)  # widget key -> deltas received
    first_map_s: float = float("nan")  # from opening to the first map (its rings) shown
    messages: int = 0
    _ws: object = None
    _reader: asyncio.Task | None = None
    _log: list[tuple[float, str, object]] = field(default_factory=list)  # (t, kind, detail)
    _changed: asyncio.Event = field(default_factory=asyncio.Event)
    _closed: str = ""
    page_script_hash: str = ""

    # --- connection ----------------------------------------------------------------------------

    async def connect(self) -> None:
        url = self.base.replace("http://", "ws://", 1).rstrip("/") + "/_stcore/stream"
        self._ws = await websockets.connect(
            url, subprotocols=["streamlit"], max_size=None, open_timeout=30, ping_interval=None
        )
        self.query_string = self.query
        self._count_wire_bytes()
        self._reader = asyncio.create_task(self._read())

    def _count_wire_bytes(self) -> None:
        """Count every byte the connection's transport hands its protocol (the asyncio transport
        looks ``data_received`` up on the protocol at each read)."""
        protocol = self._ws
        received = protocol.data_received

        def counted(data: bytes) -> None:
            self.wire_bytes += len(data)
            received(data)

        protocol.data_received = counted

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    async def drop_mid_message(self) -> None:
        """Send the first half of a rerun's frame, then cut the TCP connection: a browser whose
        network went away while it was sending."""
        data = self._rerun_msg({}).SerializeToString()
        transport = self._ws.transport
        # a websocket frame header for the whole message, then half the payload
        header = bytes([0x82, 0xFE]) + len(data).to_bytes(2, "big") + b"\0\0\0\0"
        transport.write(header + data[: len(data) // 2])
        deadline = time.monotonic() + 5.0
        while transport.get_write_buffer_size() and time.monotonic() < deadline:
            await asyncio.sleep(0.01)  # on the wire before the cut (abort drops what is buffered)
        transport.abort()
        if self._reader is not None:
            self._reader.cancel()

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                self._handle(data)
        except websockets.ConnectionClosed as exc:
            self._closed = f"connection closed ({exc})"
        except Exception as exc:
            self._closed = f"reader failed: {exc!r}"
        else:
            self._closed = "connection closed"
        self._changed.set()

    def _handle(self, data: bytes) -> None:
        now = time.monotonic()
        self.received_bytes += len(data)
        self.messages += 1
        msg = ForwardMsg()
        msg.ParseFromString(data)
        kind = msg.WhichOneof("type")
        what = _kind_of(msg, kind)
        self.bytes_by_kind[what] = self.bytes_by_kind.get(what, 0) + len(data)
        if msg.metadata.cacheable and msg.hash:
            self.cached.add(msg.hash)  # as the browser keeps it, and says so at each rerun
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "script_finished":
            self._log.append((now, "finished", msg.script_finished))
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            etype = element.WhichOneof("type")
            proto = getattr(element, etype)
            if etype == "exception":
                self.exceptions.append(f"{proto.type}: {proto.message}"[:300])
                self._log.append((now, "exception", proto.message))
            elif etype == "component_instance" and proto.component_name == MAP_COMPONENT:
                self.map_id = proto.id
                self.map_args = json.loads(proto.json_args)
                self._log.append((now, "map", (self.map_args, len(data))))
            else:
                widget_id = getattr(proto, "id", "") if etype != "heading" else ""
                if isinstance(widget_id, str) and widget_id.startswith("$$ID-"):
                    key = widget_id.split("-", 2)[2]
                    self.widgets[key] = (widget_id, proto)
                    self.widget_deltas[key] = self.widget_deltas.get(key, 0) + 1
                    if msg.delta.fragment_id:
                        self.fragments[key] = msg.delta.fragment_id
                    else:
                        self.fragments.pop(key, None)
        self._changed.set()

    # --- messages to the server ----------------------------------------------------------------

    def _rerun_msg(self, values: dict[str, Callable], fragment_id: str = "") -> BackMsg:
        back = BackMsg()
        state = back.rerun_script
        state.query_string = self.query_string
        state.page_script_hash = self.page_script_hash
        state.fragment_id = fragment_id  # a widget of a fragment reruns that fragment alone
        state.cached_message_hashes.extend(sorted(self.cached))
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.base}/?{self.query_string}"
        for widget_id, set_value in values.items():
            w = state.widget_states.widgets.add()
            w.id = widget_id
            set_value(w)
        if self.map_id and self.map_value and self.map_id not in values:
            w = state.widget_states.widgets.add()
            w.id = self.map_id
            w.json_value = self.map_value
        return back

    async def _send(self, values: dict[str, Callable], fragment_id: str = "") -> float:
        sent = time.monotonic()
        await self._ws.send(self._rerun_msg(values, fragment_id).SerializeToString())
        return sent

    async def _wait(self, since: float, done: Callable[[], object], timeout_s: float) -> object:
        """Wait until ``done()`` returns something true; raise SessionError on an exception
        element, a closed connection, or the time limit."""
        deadline = time.monotonic() + timeout_s
        while True:
            found = done()
            if found:
                return found
            if any(t >= since and k == "exception" for t, k, _ in self._log):
                raise SessionError(f"the app showed an exception: {self.exceptions[-1]}")
            if self._closed:
                raise SessionError(self._closed)
            left = deadline - time.monotonic()
            if left <= 0:
                raise SessionError(f"no answer in {timeout_s:.0f} s")
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), left)

    def _first(self, kind: str, since: float, test: Callable[[object], bool] = bool):
        for t, k, detail in self._log:
            if t >= since and k == kind and test(detail):
                return t, detail
        return None

    def finished_statuses(self) -> list[int]:
        """The ``script_finished`` statuses received since the last action began (a fragment's
        run ends with ``FINISHED_FRAGMENT_RUN_SUCCESSFULLY``)."""
        return [detail for _, kind, detail in self._log if kind == "finished"]

    def _finished_after(self, since: float):
        return self._first("finished", since, lambda status: status in FINISHED)

    def _trim(self) -> None:
        self._log.clear()

    # --- what a user does ----------------------------------------------------------------------

    async def open(self, timeout_s: float = 60.0) -> float:
        """Open the page; report the drawn map as the component does; return the seconds until
        the map showed and the runs it started finished."""
        await self.connect()
        start = await self._send({})
        await self._wait(start, lambda: self._first("map", start), timeout_s)
        shown = time.monotonic()
        self.first_map_s = shown - start
        view = self.map_args.get("default") or {}
        lat, lon = _map_center(self.map_args)
        self.map_value = json.dumps(
            {"last_clicked": None, "zoom": view.get("zoom", 6), "center": {"lat": lat, "lng": lon}}
        )
        await self._send({})  # the component's first report of the drawn map
        await self._wait(shown, lambda: self._finished_after(shown), timeout_s)
        await self._idle(timeout_s)
        self._trim()
        return time.monotonic() - start

    async def settle(self, timeout_s: float = 60.0) -> None:
        """Wait until the server has sent nothing for a moment after a finished run."""
        await self._idle(timeout_s)

    async def _idle(self, timeout_s: float, quiet_s: float = 0.3) -> None:
        """Wait until the server has sent nothing for ``quiet_s`` after a finished run."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            seen = self.messages
            await asyncio.sleep(quiet_s)
            if self.messages == seen:
                return
        raise SessionError(f"the app did not settle in {timeout_s:.0f} s")

    def slider_value(self, key: str) -> float:
        """The slider's value: the one last sent, else the one the server declared."""
        if key in self.sent:
            return self.sent[key]
        _, proto = self.widgets[key]
        return (proto.value or proto.default)[0]

    async def set_slider(
        self, key: str, value: float, shows: str, timeout_s: float = 60.0
    ) -> Update:
        """Move the slider with user key ``key`` to ``value`` (as on release: one rerun) and wait
        for the map delta whose feature groups contain ``shows``, then the finished run."""
        if key not in self.widgets:
            raise SessionError(f"no widget {key!r} on the page")
        widget_id, _ = self.widgets[key]

        def set_value(w) -> None:
            w.double_array_value.data.append(float(value))

        self._trim()
        self.sent[key] = float(value)
        start = await self._send({widget_id: set_value}, self.fragments.get(key, ""))
        hit = await self._wait(
            start,
            lambda: self._first("map", start, lambda d: shows in d[0].get("feature_group", "")),
            timeout_s,
        )
        map_at, (_, size) = hit
        done_at, _ = await self._wait(start, lambda: self._finished_after(map_at), timeout_s)
        return Update(map_s=map_at - start, finished_s=done_at - start, map_bytes=size)


def _kind_of(msg: ForwardMsg, kind: str) -> str:
    """What a message carries, for :attr:`AppSession.bytes_by_kind`: the element's type (a
    component's name), ``block``, ``ref`` (a cached message sent by reference) or the message's
    kind (``script_finished``...)."""
    if kind == "delta":
        delta = msg.delta.WhichOneof("type")
        if delta == "new_element":
            etype = msg.delta.new_element.WhichOneof("type")
            if etype == "component_instance":
                return msg.delta.new_element.component_instance.component_name
            return etype
        return "block" if delta == "add_block" else delta
    return "ref" if kind == "ref_hash" else kind


def _map_center(args: dict) -> tuple[float, float]:
    """The centre the map script starts at (``center: [lat, lon]``), as Leaflet reports it."""
    script = args.get("script", "")
    at = script.find("center: [")
    if at < 0:
        return 0.0, 0.0
    lat, lon = script[at + 9 : script.index("]", at)].split(",")[:2]
    return float(lat), float(lon)
