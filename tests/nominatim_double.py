"""A local stand-in for a Nominatim server: HTTP on 127.0.0.1, started by the test, never the
internet. It answers ``/search`` from a small table of places and records every request (when
it came, the query, the user agent), so that tests can count requests and their spacing.

``mode`` makes it misbehave: ``"429"`` (Too Many Requests, with ``Retry-After``), ``"503"``,
``"slow"`` (answers after ``delay_s``), ``"garbage"`` (an HTML page with status 200).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PLACES = {
    "odesa port": (46.4935, 30.7424),
    "some village unknown offline": (47.1, 37.5),
    '=hyperlink("http://x")': (10.0, 20.0),
}


@dataclass
class Seen:
    at: float  # time.monotonic() when the request arrived
    query: str
    user_agent: str


@dataclass
class NominatimDouble:
    places: dict[str, tuple[float, float]] = field(default_factory=lambda: dict(PLACES))
    mode: str = "ok"
    delay_s: float = 5.0
    retry_after_s: int = 30
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._lock = threading.Lock()
        double = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = parse_qs(urlsplit(self.path).query).get("q", [""])[0]
                with double._lock:
                    double.seen.append(
                        Seen(time.monotonic(), query, self.headers.get("User-Agent", ""))
                    )
                status, headers, body = double.answer(query)
                if double.mode == "slow":
                    double._stop.wait(double.delay_s)
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def answer(self, query: str) -> tuple[int, dict[str, str], bytes]:
        if self.mode == "429":
            headers = {"Retry-After": str(self.retry_after_s), "Content-Type": "text/plain"}
            return 429, headers, b"Too Many Requests"
        if self.mode == "503":
            return 503, {"Content-Type": "text/plain"}, b"Service Unavailable"
        if self.mode == "garbage":
            return 200, {"Content-Type": "text/html"}, b"<html>Nominatim is down</html>"
        found = self.places.get(" ".join(query.split()).casefold())
        result = []
        if found is not None:
            lat, lon = found
            result = [{"lat": str(lat), "lon": str(lon), "display_name": query}]
        return 200, {"Content-Type": "application/json"}, json.dumps(result).encode()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def gaps(self) -> list[float]:
        """Seconds between the arrivals of consecutive requests."""
        times = sorted(s.at for s in self.seen)
        return [b - a for a, b in itertools.pairwise(times)]

    def __enter__(self) -> NominatimDouble:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
