"""An optional online geocoder (OpenStreetMap's Nominatim through geopy), used only when asked.

The offline gazetteer answers first; this is the fallback for places it does not know. Every
failure (no network, a slow or refusing server, an answer that is not a usable point) comes back
as :class:`GeocodeError` with a one-line message, after at most ``timeout_s`` seconds.

The bound is a wall clock, not only geopy's timeout: geopy's timeout is per socket operation and
its HTTP adapter retries twice, so a server that never answers takes three times the timeout and
one that trickles its answer a byte at a time would take forever. The lookup therefore runs in a
daemon thread that is waited for at most ``timeout_s`` seconds; a lookup still running after that
is abandoned (it ends when geopy gives up). At most ``MAX_PENDING_LOOKUPS`` may be running at
once; beyond that a lookup fails at once rather than adding another thread.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable
from typing import TypeVar

from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

from ranges.errors import GeocodeError
from ranges.places import LaunchPoint, PointError

USER_AGENT = "rangemap (range rings on WGS-84)"
DEFAULT_TIMEOUT_S = 3.0
MAX_QUERY_CHARS = 200
MAX_PENDING_LOOKUPS = 8

_T = TypeVar("_T")
_SLOTS = threading.BoundedSemaphore(MAX_PENDING_LOOKUPS)


def online_lookup(
    name: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, geocoder: object | None = None
) -> LaunchPoint:
    """The first Nominatim match for ``name`` as a launch point labelled with the query.

    Returns or raises :class:`GeocodeError` within ``timeout_s`` seconds (plus the time to start
    a thread). ``geocoder`` (anything with geopy's ``geocode(query, exactly_one=True,
    timeout=...)``) is for tests; by default a ``Nominatim`` client is made.
    """
    query = " ".join(name.split())
    if not query or len(query) > MAX_QUERY_CHARS:
        raise GeocodeError("give a place name of 1 to 200 characters")
    if not (math.isfinite(timeout_s) and timeout_s > 0):
        raise GeocodeError(f"the timeout must be a positive number of seconds, not {timeout_s}")
    client = geocoder or Nominatim(user_agent=USER_AGENT, timeout=timeout_s)
    try:
        location = _within(
            timeout_s, lambda: client.geocode(query, exactly_one=True, timeout=timeout_s)
        )
    except GeocodeError:
        raise
    except (GeopyError, OSError, ValueError) as exc:
        raise GeocodeError(f"the online geocoder did not answer ({type(exc).__name__})") from exc
    except Exception as exc:  # geopy reading an answer it did not expect (e.g. a TypeError)
        raise GeocodeError(
            f"the online geocoder gave an answer that could not be read ({type(exc).__name__})"
        ) from exc
    if location is None:
        raise GeocodeError(f"the online geocoder knows no place named {query!r}")
    try:
        lat, lon = float(location.latitude), float(location.longitude)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise ValueError("not finite")
        return LaunchPoint(lat, lon, query[:80])
    except (AttributeError, TypeError, ValueError, PointError) as exc:
        raise GeocodeError("the online geocoder gave an answer that is not a point") from exc


def _within(timeout_s: float, call: Callable[[], _T]) -> _T:
    """``call()`` in a daemon thread, waited for at most ``timeout_s`` seconds."""
    if not _SLOTS.acquire(blocking=False):
        raise GeocodeError(
            "the online geocoder is not answering (earlier lookups are still waiting); "
            "try again later"
        )
    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = call()
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc
        finally:
            _SLOTS.release()
            done.set()

    try:
        threading.Thread(target=run, name="rangemap-geocode", daemon=True).start()
    except RuntimeError as exc:  # no thread could be started
        _SLOTS.release()
        raise GeocodeError(f"the online geocoder could not be asked ({exc})") from None
    if not done.wait(timeout_s):
        raise GeocodeError(f"the online geocoder did not answer within {timeout_s:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
