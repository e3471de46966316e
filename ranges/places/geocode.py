"""An optional online geocoder (OpenStreetMap's Nominatim through geopy), used only when asked.

The offline gazetteer answers first; this is the fallback for places it does not know. Every
failure (no network, a slow, refusing or rate-limiting server, an answer that is not a usable
point, too many lookups at once) comes back as :class:`GeocodeError` with a one-line message,
after at most ``timeout_s`` seconds.

**Etiquette, for the whole process** (docs/INTERFACES.md section 6; the Nominatim usage policy:
at most one request a second, an identifying user agent, cache the answers). All sessions and
threads share one :class:`PoliteGeocoder` per server, which

- sends its requests from one worker thread, one at a time, through geopy's ``RateLimiter``
  (at least ``MIN_INTERVAL_S`` = 1 s between the starts of two requests) and, on top of it, never
  starts a request less than 1 s after the previous answer ended (a slow server sees no more);
- caches answers, "no such place" included, in a bounded ``cachetools.TTLCache``
  (``CACHE_SIZE`` queries for ``CACHE_TTL_S``); the same query (case and spaces aside) asked
  again, or asked by many sessions at once, makes one request;
- queues a lookup only if its turn comes within its own wall-clock bound (one second per lookup
  ahead of it, at most ``MAX_WAITING`` waiting); any other is refused at once with a message, so
  100 simultaneous lookups make a few requests, a second apart, and many clear refusals;
- backs off after a failure (429 Too Many Requests, 503, a timeout, a refused connection, an
  answer it cannot read): no request for ``BACKOFF_FIRST_S`` seconds, doubling up to
  ``BACKOFF_MAX_S`` while failures go on, or for as long as a 429's ``Retry-After`` asks (at most
  ``BACKOFF_MAX_S``); meanwhile lookups are refused at once, saying when to try again. Nothing
  is retried automatically: geopy's HTTP adapter is built without its retries.

The server is ``RANGEMAP_NOMINATIM_URL`` (default ``https://nominatim.openstreetmap.org``; a
self-hosted Nominatim or a test double such as ``http://127.0.0.1:8080``) and the user agent
``RANGEMAP_NOMINATIM_USER_AGENT`` (default :data:`USER_AGENT`), read at each lookup.

The bound is a wall clock, not only geopy's timeout (which is per socket operation: a server
that trickles its answer a byte at a time would hold a request forever). The caller waits at
most ``timeout_s``; a request still running after that is abandoned by its caller and ends when
its socket times out. While it runs, no other request is made, and lookups that cannot be
served in time are refused at once (``an earlier lookup is still waiting``).
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from cachetools import TTLCache
from geopy.adapters import RequestsAdapter
from geopy.exc import GeocoderParseError, GeocoderRateLimited, GeocoderTimedOut, GeopyError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import Nominatim

from ranges.errors import GeocodeError
from ranges.places.points import LaunchPoint, PointError

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "ENV_URL",
    "ENV_USER_AGENT",
    "MAX_QUERY_CHARS",
    "MIN_INTERVAL_S",
    "NOMINATIM_URL",
    "USER_AGENT",
    "GeocodeError",
    "PoliteGeocoder",
    "online_lookup",
    "service",
]

USER_AGENT = "rangemap/0.1 (range rings on WGS-84; python-geopy)"
"""The user agent that names the application (Nominatim refuses generic ones)."""
NOMINATIM_URL = "https://nominatim.openstreetmap.org"
ENV_URL = "RANGEMAP_NOMINATIM_URL"
ENV_USER_AGENT = "RANGEMAP_NOMINATIM_USER_AGENT"
DEFAULT_TIMEOUT_S = 3.0
MAX_QUERY_CHARS = 200
MIN_INTERVAL_S = 1.0
"""Least time between two requests to the server, seconds (Nominatim's policy: 1 a second)."""
CACHE_SIZE = 4096
CACHE_TTL_S = 24 * 3600.0
MAX_WAITING = 16
"""Most lookups queued at once (distinct queries); more are refused at once."""
BACKOFF_FIRST_S = 10.0
BACKOFF_MAX_S = 600.0
_MIN_ANSWER_S = 0.2  # a request is not waited for with less than this left before its deadline


@dataclass
class _Job:
    key: str
    query: str
    deadline: float  # time.monotonic(), the latest of its waiters'
    future: Future = field(default_factory=Future)


class PoliteGeocoder:
    """One geocoding server's etiquette: a worker thread, a rate limit, a cache and back-off.

    ``make_client()`` returns anything with geopy's ``geocode(query, exactly_one=True,
    timeout=...)``; it is called once, in the worker, before the first request.
    :meth:`lookup` is safe from any thread. ``requests`` counts the requests made.
    """

    def __init__(
        self,
        make_client: Callable[[], Any],
        *,
        min_interval_s: float = MIN_INTERVAL_S,
        cache_size: int = CACHE_SIZE,
        cache_ttl_s: float = CACHE_TTL_S,
        max_waiting: int = MAX_WAITING,
    ) -> None:
        self._make_client = make_client
        self._geocode: Callable[..., Any] | None = None
        self.min_interval_s = min_interval_s
        self.max_waiting = max_waiting
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._cache: TTLCache[str, tuple[float, float] | None] = TTLCache(
            cache_size, cache_ttl_s, timer=time.monotonic
        )
        self._pending: dict[str, _Job] = {}
        self._queue: deque[_Job] = deque()
        self._worker: threading.Thread | None = None
        self._next_start = 0.0  # no request starts before this (monotonic seconds)
        self._in_flight: _Job | None = None
        self._blocked_until = 0.0  # backing off until then
        self._blocked_why = ""
        self._backoff_s = 0.0
        self.requests = 0

    # --- the callers' side ------------------------------------------------------------------

    def lookup(self, query: str, timeout_s: float) -> tuple[float, float] | None:
        """``(lat, lon)`` of the first match for ``query``, or None if the server knows none.

        Raises :class:`GeocodeError` (one line) within ``timeout_s`` seconds: refused at once if
        the server is being backed off from or the lookup's turn would not come in time."""
        key = " ".join(query.split()).casefold()
        now = time.monotonic()
        deadline = now + timeout_s
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            self._refuse_if_stuck(now)
            job = self._pending.get(key)
            if job is not None:  # the same query is on its way: wait for its answer
                job.deadline = max(job.deadline, deadline)
            else:
                self._admit(now, deadline)
                self._start_worker()
                job = self._pending[key] = _Job(key, query, deadline)
                self._queue.append(job)
                self._wake.notify()
        try:
            return job.future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            raise GeocodeError(
                f"the online geocoder did not answer within {timeout_s:g} s"
            ) from None

    def _refuse_if_stuck(self, now: float) -> None:
        """Raise :class:`GeocodeError` if the request in flight has outlived its callers' bound
        (a server that does not answer: nothing else is sent meanwhile). Lock held."""
        stuck = self._in_flight
        if stuck is not None and now > stuck.deadline:
            raise GeocodeError(
                "the online geocoder is not answering (an earlier lookup is still waiting); "
                "try again later"
            )

    def _admit(self, now: float, deadline: float) -> None:
        """Raise :class:`GeocodeError` if a new request could not start before ``deadline``
        (called with the lock held)."""
        if now < self._blocked_until:
            raise GeocodeError(
                f"{self._blocked_why}; it is not asked again for "
                f"{math.ceil(self._blocked_until - now)} s"
            )
        stuck = self._in_flight
        start = max(now, self._next_start)
        if stuck is not None:
            start = max(start, now + self.min_interval_s)
        start += len(self._queue) * self.min_interval_s
        late = start > now and start + _MIN_ANSWER_S > deadline  # its turn would come too late
        if len(self._queue) >= self.max_waiting or late:
            raise GeocodeError(
                f"the online geocoder is busy ({len(self._queue) + (stuck is not None)} "
                "lookups ahead; it is asked at most once a second); try again in a few seconds"
            )

    def _start_worker(self) -> None:
        """The worker thread, started if it is not running (lock held)."""
        if self._worker is None or not self._worker.is_alive():
            worker = threading.Thread(target=self._work, name="rangemap-geocode", daemon=True)
            try:
                worker.start()
            except RuntimeError as exc:  # no thread could be started
                raise GeocodeError(f"the online geocoder could not be asked ({exc})") from None
            self._worker = worker

    # --- the worker -------------------------------------------------------------------------

    def _work(self) -> None:
        while True:
            with self._lock:
                while not self._queue:
                    self._wake.wait()
                job = self._queue.popleft()
                now = time.monotonic()
                start = max(now, self._next_start)
                refusal = None
                if start < self._blocked_until:
                    refusal = f"{self._blocked_why}; try again later"
                elif start >= job.deadline or (
                    start > now and start + _MIN_ANSWER_S > job.deadline
                ):
                    refusal = "the online geocoder is busy; try again in a few seconds"
                if refusal is not None:
                    self._finish(job, GeocodeError(refusal))
                    continue
                self._in_flight = job
            outcome: tuple[float, float] | GeocodeError | None = GeocodeError(
                "the online geocoder failed (internal error)"
            )
            try:
                time.sleep(max(0.0, start - time.monotonic()))
                outcome = self._request(job)
            finally:  # whatever happened, the job's waiters hear of it and the worker goes on
                with self._lock:
                    self._in_flight = None
                    self._next_start = time.monotonic() + self.min_interval_s
                    self._finish(job, outcome)

    def _finish(self, job: _Job, outcome: tuple[float, float] | GeocodeError | None) -> None:
        """Hand ``outcome`` to the job's waiters (lock held); answers are cached."""
        self._pending.pop(job.key, None)
        if isinstance(outcome, GeocodeError):
            job.future.set_exception(outcome)
        else:
            self._cache[job.key] = outcome
            job.future.set_result(outcome)

    def _request(self, job: _Job) -> tuple[float, float] | GeocodeError | None:
        """One request for ``job`` (no lock held): the point, None, or the error to give."""
        timeout_s = max(_MIN_ANSWER_S, job.deadline - time.monotonic())
        try:
            if self._geocode is None:
                client = self._make_client()
                self._geocode = RateLimiter(
                    client.geocode,
                    min_delay_seconds=self.min_interval_s,
                    max_retries=0,
                    swallow_exceptions=False,
                )
            self.requests += 1
            location = self._geocode(job.query, exactly_one=True, timeout=timeout_s)
        except GeocoderRateLimited as exc:
            return self._back_off("too many requests, HTTP 429", exc.retry_after)
        except GeocoderTimedOut as exc:  # geopy maps 503 and 504 here too
            return self._back_off(f"it did not answer ({_first_line(exc)})")
        except GeocoderParseError as exc:
            return self._back_off(f"its answer could not be read ({type(exc).__name__})")
        except (GeopyError, OSError) as exc:
            return self._back_off(f"it did not answer ({type(exc).__name__})")
        except Exception as exc:  # geopy reading an answer it did not expect
            return self._back_off(f"its answer could not be read ({type(exc).__name__})")
        if location is None:
            self._backoff_s = 0.0
            return None
        try:
            lat, lon = float(location.latitude), float(location.longitude)
            LaunchPoint(lat, lon)  # in range and finite
        except (AttributeError, TypeError, ValueError, PointError):
            return self._back_off("its answer is not a point")
        self._backoff_s = 0.0
        return lat, lon

    def _back_off(self, why: str, retry_after: float | None = None) -> GeocodeError:
        """Stop asking for a while after a failure; the error for the lookup that failed."""
        self._backoff_s = min(BACKOFF_MAX_S, max(BACKOFF_FIRST_S, 2 * self._backoff_s))
        wait_s = self._backoff_s
        if retry_after is not None and math.isfinite(retry_after) and retry_after > 0:
            wait_s = min(BACKOFF_MAX_S, max(wait_s, float(retry_after)))
        message = f"the online geocoder failed: {why}"
        with self._lock:
            self._blocked_until = time.monotonic() + wait_s
            self._blocked_why = message
        return GeocodeError(f"{message}; it is not asked again for {math.ceil(wait_s)} s")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:80] if text else type(exc).__name__


# --- the process-wide services ----------------------------------------------------------------

_SERVICES: dict[Hashable, PoliteGeocoder] = {}
_SERVICES_LOCK = threading.Lock()


def _server() -> tuple[str, str, str]:
    """The server's scheme and domain (with any path), and the user agent, from the
    environment. Raises :class:`GeocodeError` for an address that is not http(s)."""
    url = os.environ.get(ENV_URL, "").strip() or NOMINATIM_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise GeocodeError(f"{ENV_URL} must be an http(s) address such as http://127.0.0.1:8080")
    agent = os.environ.get(ENV_USER_AGENT, "").strip() or USER_AGENT
    return parts.scheme, parts.netloc + parts.path.rstrip("/"), agent


def _no_retries(*, proxies: Any, ssl_context: Any) -> RequestsAdapter:
    """geopy's requests adapter without its two automatic retries (a retry is a request)."""
    return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)


def service(geocoder: object | None = None) -> PoliteGeocoder:
    """The process-wide :class:`PoliteGeocoder` of the configured server (one per server, user
    agent and client class), made on first use. ``geocoder`` (an object with geopy's
    ``geocode``) gets a service of its own: for tests."""
    if geocoder is not None:
        key: Hashable = ("object", id(geocoder))
        make: Callable[[], Any] = lambda: geocoder  # noqa: E731
    else:
        scheme, domain, agent = _server()
        factory = Nominatim  # looked up at each call: tests may put another client in its place
        key = (scheme, domain, agent, factory)

        def make() -> Any:
            return factory(
                user_agent=agent,
                domain=domain,
                scheme=scheme,
                timeout=DEFAULT_TIMEOUT_S,
                adapter_factory=_no_retries,
            )

    with _SERVICES_LOCK:
        found = _SERVICES.get(key)
        if found is None:
            found = _SERVICES[key] = PoliteGeocoder(make)
        return found


def online_lookup(
    name: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, geocoder: object | None = None
) -> LaunchPoint:
    """The first Nominatim match for ``name`` as a launch point labelled with the query.

    Returns or raises :class:`GeocodeError` within ``timeout_s`` seconds, under the
    process-wide etiquette of this module. ``geocoder`` is for tests (see :func:`service`).
    """
    query = " ".join(name.split()) if isinstance(name, str) else ""
    if not query or len(query) > MAX_QUERY_CHARS:
        raise GeocodeError(f"give a place name of 1 to {MAX_QUERY_CHARS} characters")
    if not (math.isfinite(timeout_s) and timeout_s > 0):
        raise GeocodeError(f"the timeout must be a positive number of seconds, not {timeout_s}")
    try:  # text a point's label would refuse (control, bidi) is refused before asking
        LaunchPoint(0.0, 0.0, name)
    except PointError as exc:
        raise GeocodeError(str(exc)) from None
    label = query[:80]
    found = service(geocoder).lookup(query, timeout_s)
    if found is None:
        raise GeocodeError(f"the online geocoder knows no place named {query!r}")
    return LaunchPoint(found[0], found[1], label)
