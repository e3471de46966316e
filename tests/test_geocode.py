"""The optional online geocoder: every way it can fail comes back as one GeocodeError, and the
whole process keeps Nominatim's etiquette (one request a second, answers cached, a user agent
naming the application, back-off after a refusal). The server is a local double
(tests/nominatim_double.py) on 127.0.0.1, never the internet."""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable

from ranges.places.geocode import (
    ENV_URL,
    ENV_USER_AGENT,
    MIN_INTERVAL_S,
    USER_AGENT,
    GeocodeError,
    online_lookup,
)
from ranges.places.points import LaunchPoint
from tests.nominatim_double import NominatimDouble

# Arrival gaps at the double are measured on its side of a socket: allow for the jitter of a
# busy machine (a slow machine only makes the gaps longer, never shorter than this).
LEAST_GAP_S = MIN_INTERVAL_S - 0.1


class Fake:
    def __init__(self, answer=None, error: Exception | None = None):
        self.answer, self.error = answer, error
        self.calls: list[tuple[str, float]] = []

    def geocode(self, query, exactly_one=True, timeout=None):
        self.calls.append((query, timeout))
        if self.error:
            raise self.error
        return self.answer


def test_a_match_becomes_a_labelled_point():
    fake = Fake(SimpleNamespace(latitude=46.48, longitude=30.72))
    point = online_lookup("  Odesa   port ", geocoder=fake, timeout_s=2.0)
    assert (point.lat, point.lon, point.label) == (46.48, 30.72, "Odesa port")
    [(query, timeout)] = fake.calls
    assert query == "Odesa port" and 0 < timeout <= 2.0  # the time left is passed on


@pytest.mark.parametrize(
    "error",
    [
        GeocoderTimedOut("slow"),
        GeocoderUnavailable("down"),
        GeocoderServiceError("500"),
        OSError("no route"),
    ],
)
def test_network_failures_are_one_error(error):
    with pytest.raises(GeocodeError, match="did not answer") as info:
        online_lookup("Odesa", geocoder=Fake(error=error))
    assert "\n" not in str(info.value)


def test_an_answer_geopy_cannot_read_is_one_error():
    with pytest.raises(GeocodeError, match="could not be read"):
        online_lookup("Odesa", geocoder=Fake(error=ValueError("bad json")))


@pytest.mark.parametrize(
    "answer",
    [
        SimpleNamespace(latitude="nonsense", longitude=1),
        SimpleNamespace(latitude=float("nan"), longitude=1),
        SimpleNamespace(latitude=95.0, longitude=1),
        SimpleNamespace(latitude=1.0),
        "a string",
    ],
)
def test_nonsense_answers_are_refused(answer):
    with pytest.raises(GeocodeError, match="not a point"):
        online_lookup("Odesa", geocoder=Fake(answer))


def test_no_match_and_bad_queries():
    with pytest.raises(GeocodeError, match="knows no place"):
        online_lookup("Nowhere", geocoder=Fake(None))
    for query in ["", "   ", "x" * 201]:
        fake = Fake(None)
        with pytest.raises(GeocodeError):
            online_lookup(query, geocoder=fake)
        assert fake.calls == []


@pytest.mark.parametrize("hidden", ["\u202e", "\u2066", "\x00", "\u2028"])
def test_a_disguised_name_is_refused_before_any_request(hidden):
    fake = Fake(SimpleNamespace(latitude=1.0, longitude=2.0))
    with pytest.raises(GeocodeError, match="control characters"):
        online_lookup(f"Odesa{hidden}txt.exe", geocoder=fake)
    assert fake.calls == []


# --- against a local Nominatim double ---------------------------------------------------------


@pytest.fixture
def double(monkeypatch):
    """A Nominatim double on 127.0.0.1, and the geocoder pointed at it (a fresh port: the
    process-wide service, its cache and its rate limit, are this test's own)."""
    monkeypatch.delenv(ENV_USER_AGENT, raising=False)
    with NominatimDouble() as server:
        monkeypatch.setenv(ENV_URL, server.url)
        yield server


def test_the_user_agent_names_the_application(double):
    assert online_lookup("Odesa port") == LaunchPoint(46.4935, 30.7424, "Odesa port")
    assert [s.user_agent for s in double.seen] == [USER_AGENT]
    assert "rangemap" in USER_AGENT


def test_the_server_and_user_agent_come_from_the_environment(monkeypatch):
    with NominatimDouble() as server:
        monkeypatch.setenv(ENV_URL, server.url + "/")
        monkeypatch.setenv(ENV_USER_AGENT, "my-newsroom-map/2 (maps@example.org)")
        online_lookup("Odesa port")
    assert [s.user_agent for s in server.seen] == ["my-newsroom-map/2 (maps@example.org)"]


@pytest.mark.parametrize("bad", ["ftp://127.0.0.1:1", "127.0.0.1:8080", "javascript:alert(1)"])
def test_a_server_address_that_is_not_http_is_a_message(monkeypatch, bad):
    monkeypatch.setenv(ENV_URL, bad)
    with pytest.raises(GeocodeError, match=ENV_URL):
        online_lookup("Odesa port")


def test_answers_are_cached_not_found_too(double):
    first = online_lookup("Odesa port")
    again = online_lookup("  odesa   PORT ")
    assert (again.lat, again.lon) == (first.lat, first.lon)
    assert again.label == "odesa PORT"  # each caller's own words label its point
    for _ in range(2):
        with pytest.raises(GeocodeError, match="knows no place named 'Atlantis'"):
            online_lookup("Atlantis")
    assert [s.query for s in double.seen] == ["Odesa port", "Atlantis"]


def test_requests_are_at_least_a_second_apart(double):
    double.places |= {f"town {i}": (10.0 + i, 20.0) for i in range(3)}
    points = [online_lookup(f"town {i}", timeout_s=3.0) for i in range(3)]
    assert [p.lat for p in points] == [10.0, 11.0, 12.0]
    assert len(double.seen) == 3
    assert all(gap >= LEAST_GAP_S for gap in double.gaps())


def _at_once(names: list[str], timeout_s: float) -> list[LaunchPoint | GeocodeError]:
    """``online_lookup`` of every name, each from its own thread, all started together."""
    results: list[LaunchPoint | GeocodeError | None] = [None] * len(names)
    start = threading.Barrier(len(names))

    def one(i: int) -> None:
        start.wait()
        try:
            results[i] = online_lookup(names[i], timeout_s=timeout_s)
        except GeocodeError as exc:
            results[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(names))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not any(thread.is_alive() for thread in threads)
    return results  # type: ignore[return-value]


def test_a_hundred_lookups_at_once_are_queued_or_refused_never_faster(double):
    double.places |= {f"village {i}": (i / 2, i / 3) for i in range(100)}
    results = _at_once([f"village {i}" for i in range(100)], timeout_s=3.0)
    answered = [r for r in results if isinstance(r, LaunchPoint)]
    refused = [r for r in results if isinstance(r, GeocodeError)]
    assert len(answered) + len(refused) == 100
    assert 1 <= len(answered) <= 4  # a request a second within the 3 s bound
    assert all(("busy" in str(e) or "did not answer" in str(e)) for e in refused)
    assert all("\n" not in str(e) for e in refused)
    assert len(double.seen) <= 4 and all(gap >= LEAST_GAP_S for gap in double.gaps())
    for point in answered:
        i = int(point.label.split()[1])
        assert (point.lat, point.lon) == (i / 2, i / 3)


def test_a_hundred_sessions_asking_the_same_name_make_one_request(double):
    results = _at_once(["Odesa port"] * 100, timeout_s=3.0)
    assert all(r == LaunchPoint(46.4935, 30.7424, "Odesa port") for r in results)
    assert len(double.seen) == 1


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("429", "too many requests, HTTP 429"),
        ("503", "did not answer"),
        ("garbage", "could not be read"),
    ],
)
def test_a_refusing_server_is_backed_off_from(double, mode, said):
    """One request, one clear message; the lookups after it are refused at once, saying for how
    long, without asking the server again (no retry storm)."""
    double.mode = mode
    with pytest.raises(GeocodeError, match=said) as first:
        online_lookup("Odesa port")
    wait = "30 s" if mode == "429" else "10 s"  # Retry-After, or the first back-off
    assert f"not asked again for {wait}" in str(first.value)
    for name in ["Kherson", "Odesa port", "Mykolaiv"]:
        with pytest.raises(GeocodeError, match="not asked again for"):
            online_lookup(name)
    assert len(double.seen) == 1


def test_a_slow_server_holds_one_request_and_the_others_are_refused(double):
    double.mode, double.delay_s = "slow", 5.0
    with pytest.raises(GeocodeError, match="did not answer within 1 s"):
        online_lookup("Odesa port", timeout_s=1.0)
    with pytest.raises(GeocodeError, match="still waiting"):
        online_lookup("Kherson", timeout_s=3.0)
    assert len(double.seen) == 1


def test_the_timeout_must_be_a_positive_number():
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(GeocodeError, match="timeout"):
            online_lookup("Odesa", timeout_s=bad, geocoder=Fake())


def test_the_cache_is_bounded_and_keeps_the_latest_answers():
    from ranges.places.geocode import PoliteGeocoder

    fake = Fake(SimpleNamespace(latitude=1.0, longitude=2.0))
    polite = PoliteGeocoder(lambda: fake, min_interval_s=0.0, cache_size=2)
    for name in ["a", "b", "c", "c", "b"]:
        assert polite.lookup(name, timeout_s=2.0) == (1.0, 2.0)
    assert [q for q, _ in fake.calls] == ["a", "b", "c"]
    polite.lookup("a", timeout_s=2.0)  # "a" was the oldest of three: forgotten, asked again
    assert [q for q, _ in fake.calls] == ["a", "b", "c", "a"]
    assert polite.requests == 4
