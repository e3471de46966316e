"""An optional online geocoder (OpenStreetMap's Nominatim through geopy), used only when asked.

The offline gazetteer answers first; this is the fallback for places it does not know. Every
failure (no network, a slow or refusing server, an answer that is not a usable point) comes back
as :class:`GeocodeError` with a one-line message, after at most ``timeout_s`` seconds.
"""

from __future__ import annotations

import math

from geopy.exc import GeopyError
from geopy.geocoders import Nominatim

from ranges.places import LaunchPoint, PointError

USER_AGENT = "rangemap (range rings on WGS-84)"
DEFAULT_TIMEOUT_S = 3.0
MAX_QUERY_CHARS = 200


class GeocodeError(RuntimeError):
    """The online lookup gave no usable point (the message says why, on one line)."""


def online_lookup(
    name: str, *, timeout_s: float = DEFAULT_TIMEOUT_S, geocoder: object | None = None
) -> LaunchPoint:
    """The first Nominatim match for ``name`` as a launch point labelled with the query.

    ``geocoder`` (anything with geopy's ``geocode(query, exactly_one=True, timeout=...)``) is for
    tests; by default a ``Nominatim`` client is made.
    """
    query = " ".join(name.split())
    if not query or len(query) > MAX_QUERY_CHARS:
        raise GeocodeError("give a place name of 1 to 200 characters")
    client = geocoder or Nominatim(user_agent=USER_AGENT, timeout=timeout_s)
    try:
        location = client.geocode(query, exactly_one=True, timeout=timeout_s)
    except (GeopyError, OSError, ValueError) as exc:
        raise GeocodeError(f"the online geocoder did not answer ({type(exc).__name__})") from exc
    if location is None:
        raise GeocodeError(f"the online geocoder knows no place named {query!r}")
    try:
        lat, lon = float(location.latitude), float(location.longitude)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise ValueError("not finite")
        return LaunchPoint(lat, lon, query[:80])
    except (AttributeError, TypeError, ValueError, PointError) as exc:
        raise GeocodeError("the online geocoder gave an answer that is not a point") from exc
