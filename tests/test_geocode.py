"""The optional online geocoder: every way it can fail comes back as one GeocodeError."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from geopy.exc import GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable

from ranges.geocode import GeocodeError, online_lookup


class Fake:
    def __init__(self, answer=None, error: Exception | None = None, delay_s: float = 0.0):
        self.answer, self.error, self.delay_s = answer, error, delay_s
        self.calls: list[tuple[str, float]] = []

    def geocode(self, query, exactly_one=True, timeout=None):
        self.calls.append((query, timeout))
        if self.delay_s:
            time.sleep(self.delay_s)
        if self.error:
            raise self.error
        return self.answer


def test_a_match_becomes_a_labelled_point():
    fake = Fake(SimpleNamespace(latitude=46.48, longitude=30.72))
    point = online_lookup("  Odesa   port ", geocoder=fake, timeout_s=2.0)
    assert (point.lat, point.lon, point.label) == (46.48, 30.72, "Odesa port")
    assert fake.calls == [("Odesa port", 2.0)]  # the timeout is passed on


@pytest.mark.parametrize(
    "error",
    [
        GeocoderTimedOut("slow"),
        GeocoderUnavailable("down"),
        GeocoderServiceError("500"),
        OSError("no route"),
        ValueError("bad json"),
    ],
)
def test_network_failures_are_one_error(error):
    with pytest.raises(GeocodeError, match="did not answer"):
        online_lookup("Odesa", geocoder=Fake(error=error))


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
        with pytest.raises(GeocodeError):
            online_lookup(query, geocoder=Fake(None))
