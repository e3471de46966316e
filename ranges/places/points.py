"""Launch points: reading ``--from POINT`` text as coordinates or as a place name.

A point is written in one of these ways (``docs/INTERFACES.md`` section 2):

* **Decimal degrees**, latitude first: ``"50.4501,30.5234"``, ``"50.4501 30.5234"``,
  ``"50.4501; 30.5234"``, ``"-33.87, 151.21"`` (north and east positive; a Unicode minus
  ``"−33.87"`` is a minus). The decimal separator is the full stop only: ``"50,4501 30,5234"``
  is refused, since a comma also separates latitude from longitude.
* **Degrees, minutes, seconds**, each part optional after the degrees, marked with ``°`` (or
  ``º``, ``d``, ``deg``), ``′`` (or ``'``, ``’``, ``m``, ``min``) and ``″`` (or ``"``, ``''``,
  ``s``, ``sec``), or unmarked but then with a hemisphere letter: ``"50°27′N 30°31′E"``,
  ``"50°27′00″N 30°31′24″E"``, ``"50 27 0 N, 30 31 24 E"``, ``"50d27m N 30d31m E"``,
  ``"50°27.5′N 30°31.2′E"`` (the last part may have decimals).
* **Hemisphere letters** N, S, E, W (any case, or the words North...) before or after each
  coordinate: ``"N50.45 E30.52"``, ``"33.87S 151.21E"``, ``"S 33° 52′ 10″, E 151° 12′ 30″"``.
  With letters the order is free (``"30°31′E 50°27′N"`` is the same point); without them it is
  latitude, longitude. A sign and a letter together (``"-33 S"``) are refused as ambiguous.

Latitudes must be in [-90, 90] and longitudes in [-180, 180] degrees: nothing is wrapped, so a
typo such as ``"50, 300"`` is an error, not a point somewhere else. 180 and -180 are both
accepted and kept as given (they are the same meridian).

Anything else is looked up as a place name in the offline gazetteer (``ranges.places.gazetteer``):
``"Kyiv"``, ``"Kiev"``, ``"Київ"``, ``"Paris, US"``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from numbers import Real

from ranges.errors import PointError
from ranges.places.extracts import default_gazetteer
from ranges.places.gazetteer import City, Gazetteer, GazetteerError
from ranges.text import number_text, quote, short_number

__all__ = [
    "COORD_DECIMALS",
    "DUPLICATE_M",
    "MAX_ALTERNATIVES",
    "MAX_LABEL_CHARS",
    "MAX_POINT_CHARS",
    "PLAUSIBLE_SHARE",
    "LaunchPoint",
    "PointError",
    "ResolvedPoint",
    "city_text",
    "clean_label",
    "duplicate_message",
    "duplicate_of",
    "format_coordinates",
    "parse_coordinates",
    "parse_point",
    "plausible_alternatives",
    "point_distance_m",
    "wrap_longitude",
]

MAX_POINT_CHARS = 200
PLAUSIBLE_SHARE = 0.01
"""Another place of the typed name is offered (pick list, ``note:``) when its match score
(``Gazetteer.match_score``) is at least this share of the chosen one's: Odessa, Texas (114,428,
own name: 572,140) beside Odesa (1,010,537); not Paris, Ontario (12,310: 61,550) beside Paris
(2,138,551: 10.7 M)."""
MAX_ALTERNATIVES = 5
MAX_LABEL_CHARS = 80
COORD_DECIMALS = 6  # about 0.1 m: a point of a link or file is rounded once, where it enters
DUPLICATE_M = 1_000.0
"""Two launch points closer than this many metres are one: the second is not added, and a
message says so, however the app adds it (the point box in any notation, a click, a file).
Typed as coordinates and as a name, one place lands a few hundred metres apart ("50.45,30.52"
and "Kyiv": 480 m); rings 1 km apart cannot be told apart at any range of the catalogue."""
_EARTH_RADIUS_M = 6_371_008.8  # the mean radius: the sphere is within 0.5 % at 1 km


# --- untrusted text -------------------------------------------------------------------------

# Bidirectional embeddings, overrides and isolates: invisible, and they reorder what is shown.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _has_control(text: str) -> bool:
    """True if ``text`` holds a control character, a line or paragraph separator, a lone
    surrogate, or a bidirectional override. (Zero-width joiners, which some scripts need, pass.)
    """
    return any(
        unicodedata.category(c) in ("Cc", "Zl", "Zp", "Cs") or c in _BIDI_CONTROLS for c in text
    )


def clean_label(label: str) -> str:
    """A caller's label stripped and cut to ``MAX_LABEL_CHARS``; "" if blank. ``PointError`` for
    a label that is not text or holds control characters (the rule for every label: points,
    launch areas)."""
    if not isinstance(label, str):
        raise PointError(f"a label must be text, not {type(label).__name__}")
    if _has_control(label):
        raise PointError(f"label {quote(label)} contains control characters")
    label = " ".join(label.split())
    if len(label) > MAX_LABEL_CHARS:
        label = label[: MAX_LABEL_CHARS - 1].rstrip() + "…"
    return label


# --- values ---------------------------------------------------------------------------------


def format_coordinates(lat: float, lon: float, precision: int = 4) -> str:
    """``"50.4501°N 30.5234°E"``: degrees with ``precision`` decimals and hemisphere letters.

    A value that rounds to zero is N or E. Raises ``PointError`` for a non-finite value.
    """
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise PointError(f"cannot format non-finite coordinates {lat}, {lon}")
    if not isinstance(precision, int) or not 0 <= precision <= 12:
        raise ValueError(f"precision must be a whole number in [0, 12], not {precision!r}")

    def part(value: float, positive: str, negative: str) -> str:
        text = f"{abs(value):.{precision}f}"
        return f"{text}°{negative if value < 0 and float(text) != 0 else positive}"

    return f"{part(lat, 'N', 'S')} {part(lon, 'E', 'W')}"


def wrap_longitude(lon_deg: float) -> float:
    """A longitude in degrees brought into [-180, 180) (Leaflet reports 190 east of the
    antimeridian after a pan across it)."""
    lon = (float(lon_deg) + 180.0) % 360.0 - 180.0
    # a tiny negative input makes % round up to 360.0, i.e. 180: keep the interval half-open
    return lon - 360.0 if lon >= 180.0 else lon


@dataclass(frozen=True)
class LaunchPoint:
    """A launch point, validated once here.

    ``lat`` is degrees in [-90, 90]; ``lon`` is degrees in [-180, 180] (both ends accepted and
    kept as given, nothing is wrapped); both are finite floats (-0.0 becomes 0.0). ``label`` is
    untrusted display text: whitespace is collapsed, control characters and bidirectional
    overrides are refused, and it is cut to ``MAX_LABEL_CHARS`` characters (ending in "…"); a
    blank label becomes the formatted coordinates, e.g. ``"50.4501°N 30.5234°E"``.

    Raises ``PointError`` for anything else.
    """

    lat: float
    lon: float
    label: str = ""

    def __post_init__(self) -> None:
        for axis, value, limit in (("latitude", self.lat, 90.0), ("longitude", self.lon, 180.0)):
            if isinstance(value, bool) or not isinstance(value, Real):
                raise PointError(f"{axis} must be a number, not {type(value).__name__}")
            value = float(value)
            if not math.isfinite(value):
                raise PointError(f"{axis} {value} is not a finite number")
            if not -limit <= value <= limit:
                raise PointError(f"{axis} {short_number(value)} is outside [-{limit:g}, {limit:g}]")
            object.__setattr__(self, "lat" if axis == "latitude" else "lon", value + 0.0)
        label = clean_label("" if self.label is None else self.label)
        object.__setattr__(self, "label", label or format_coordinates(self.lat, self.lon))

    @classmethod
    def rounded(cls, lat: float, lon: float, label: str | None = None) -> LaunchPoint:
        """A point with coordinates (degrees) rounded to ``COORD_DECIMALS``, so that its text
        forms read back to the same point."""
        lat_r = round(float(lat), COORD_DECIMALS) + 0.0
        lon_r = round(float(lon), COORD_DECIMALS) + 0.0
        return cls(lat_r, lon_r, label or "")

    @classmethod
    def from_query(cls, text: str) -> LaunchPoint:
        """The point of a link's ``LAT,LON`` or ``LAT,LON,LABEL`` (decimal degrees; everything
        after the second comma is the label, commas too), rounded as :meth:`rounded` does.

        Raises ``PointError`` if ``text`` is not that form or the point is invalid.
        """
        parts = text.split(",", 2)
        if len(parts) < 2:
            raise PointError("expected LAT,LON or LAT,LON,LABEL")
        coords = parse_coordinates(f"{parts[0]},{parts[1]}")
        if coords is None:
            raise PointError("expected decimal LAT,LON")
        label = parts[2].strip() if len(parts) == 3 else ""
        return cls.rounded(coords[0], coords[1], label)

    @property
    def has_default_label(self) -> bool:
        """True if the label is the formatted coordinates (no label was given)."""
        return self.label == format_coordinates(self.lat, self.lon)

    def to_query(self) -> str:
        """``LAT,LON[,LABEL]`` that :meth:`from_query` reads back (no label if it is the
        coordinates' own)."""
        text = f"{number_text(self.lat)},{number_text(self.lon)}"
        return text if self.has_default_label else f"{text},{self.label}"

    def to_dict(self) -> dict[str, object]:
        """The scenario file's form: ``{lat, lon, label}`` (label None if it is the
        coordinates' own)."""
        label = None if self.has_default_label else self.label
        return {"lat": self.lat, "lon": self.lon, "label": label}


def point_distance_m(a: LaunchPoint, b: LaunchPoint) -> float:
    """The great-circle distance in metres between two points on the mean sphere (haversine):
    for telling duplicates apart (:data:`DUPLICATE_M`), where 0.5 % does not matter; every
    reported distance is the ellipsoid's (``ranges.geometry.geodesy``)."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * _EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def duplicate_of(
    point: LaunchPoint, points: Iterable[LaunchPoint], within_m: float = DUPLICATE_M
) -> LaunchPoint | None:
    """The first of ``points`` less than ``within_m`` metres from ``point``, else None."""
    return next((p for p in points if point_distance_m(point, p) < within_m), None)


def duplicate_message(point: LaunchPoint, existing: LaunchPoint) -> str:
    """Why ``point`` was not added: it is ``existing`` (closer than :data:`DUPLICATE_M`)."""
    gap = point_distance_m(point, existing)
    away = "at the same place" if gap < 0.5 else f"{gap:,.0f} m away"
    return (
        f"{quote(point.label)} not added: launch point {quote(existing.label)} is {away} "
        f"(points within {DUPLICATE_M:,.0f} m of one another are one)"
    )


@dataclass(frozen=True)
class ResolvedPoint:
    """What ``parse_point`` read: the point, a note for the user (or None), and the gazetteer
    city when the text was a place name (None for coordinates). ``alternatives`` are the other
    plausible places of that name (``plausible_alternatives``), best first, for a pick list."""

    point: LaunchPoint
    note: str | None = None
    city: City | None = None
    alternatives: tuple[City, ...] = ()


# --- coordinates: tokens --------------------------------------------------------------------

_DEG, _MIN, _SEC = 0, 1, 2
_PART_NAMES = ("degrees", "minutes", "seconds")

# Characters folded before tokenising: minus signs to "-", degree look-alikes to "°", the
# ordinal indicator (typed for a degree sign on some keyboards) too.
_FOLD = str.maketrans(
    {
        "\u2212": "-",
        "\ufe63": "-",
        "\uff0d": "-",
        "\u00ba": "°",
        "\u02da": "°",
        "\u2070": "°",
    }
)
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>[+-]?(?:\d+(?:\.\d*)?|\.\d+))
  | (?P<separator>[,;])
  | (?P<deg>°)
  | (?P<sec>''|′′|"|“|”)
  | (?P<min>['′’‘´`])
  | (?P<word>[^\W\d_]+)
  | (?P<other>.)
    """,
    re.VERBOSE,
)
_MARK_WORDS = {
    "d": _DEG,
    "deg": _DEG,
    "degs": _DEG,
    "degree": _DEG,
    "degrees": _DEG,
    "m": _MIN,
    "min": _MIN,
    "mins": _MIN,
    "minute": _MIN,
    "minutes": _MIN,
    "sec": _SEC,
    "secs": _SEC,
    "second": _SEC,
    "seconds": _SEC,
}
_HEMISPHERE_WORDS = {
    "n": "N",
    "north": "N",
    "e": "E",
    "east": "E",
    "w": "W",
    "west": "W",
    "south": "S",
}
_NON_FINITE_WORDS = {"nan": math.nan, "inf": math.inf, "infinity": math.inf}


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "mark", "hemisphere", "s" (S: south, or seconds), "separator"
    text: str  # as written; for a hemisphere, its letter
    value: float = 0.0
    part: int = _DEG  # for marks
    letter_mark: bool = False  # a mark spelt in letters ("d", "m", "min"...)


def _word_tokens(word: str) -> list[_Token] | None:
    """Tokens for a run of letters, or None if it is not coordinate vocabulary."""
    lower = word.lower()
    if lower == "s":
        return [_Token("s", word)]
    if lower in _MARK_WORDS:
        return [_Token("mark", word, part=_MARK_WORDS[lower], letter_mark=True)]
    if lower in _HEMISPHERE_WORDS:
        return [_Token("hemisphere", _HEMISPHERE_WORDS[lower])]
    if lower in _NON_FINITE_WORDS:
        return [_Token("number", word, value=_NON_FINITE_WORDS[lower])]
    # A mark glued to a hemisphere letter: "50d27mN", "50d27m30sN".
    head, last = lower[:-1], lower[-1]
    part = _SEC if head == "s" else _MARK_WORDS.get(head)
    if part is not None and last in "nsew":
        mark = _Token("mark", word[:-1], part=part, letter_mark=True)
        letter = _Token("s", "S") if last == "s" else _Token("hemisphere", last.upper())
        return [mark, letter]
    return None


def _tokenize(text: str) -> tuple[list[_Token], bool] | None:
    """Coordinate tokens (whitespace dropped) and whether there was a digit; None if ``text``
    holds anything that is not coordinate notation."""
    tokens: list[_Token] = []
    has_digit = False
    for match in _TOKEN.finditer(text):
        kind, piece = match.lastgroup, match.group()
        if kind == "space":
            continue
        if kind == "number":
            has_digit = True
            tokens.append(_Token("number", piece, value=float(piece)))
        elif kind == "separator":
            tokens.append(_Token("separator", piece))
        elif kind in ("deg", "min", "sec"):
            tokens.append(_Token("mark", piece, part=("deg", "min", "sec").index(kind)))
        elif kind == "word":
            words = _word_tokens(piece)
            if words is None:
                return None
            tokens.extend(words)
        else:
            return None
    return tokens, has_digit


# --- coordinates: one coordinate ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Coordinate:
    """One coordinate as written: numbers (text, value) by part, hemisphere letter if any."""

    parts: tuple[tuple[int, _Token], ...]
    hemisphere: str | None

    @property
    def axis(self) -> str | None:
        if self.hemisphere is None:
            return None
        return "latitude" if self.hemisphere in "NS" else "longitude"

    @property
    def text(self) -> str:
        return " ".join(token.text for _, token in self.parts) + (
            f" {self.hemisphere}" if self.hemisphere else ""
        )


def _read_coordinate(tokens: list[_Token]) -> _Coordinate | None:
    """The structure of one coordinate, or None if ``tokens`` cannot be one.

    Shape: [hemisphere] degrees [mark] [minutes [mark] [seconds [mark]]] [hemisphere]. Marks fix
    which part a number is; an unmarked number is the part after the previous one. Parts are in
    order; only the last number may have decimals; only the first may have a sign. Several
    numbers with neither marks nor a hemisphere letter ("50 27") are not read (too easy to get
    wrong: is "50,45 30" a decimal comma?).
    """
    if not tokens:
        return None
    items = list(tokens)
    hemisphere: str | None = None
    if items[0].kind in ("hemisphere", "s"):
        hemisphere = "S" if items[0].kind == "s" else items[0].text
        items = items[1:]

    parts: list[tuple[int, _Token]] = []
    marked = False
    letter_minutes = False
    i = 0
    while i < len(items):
        token = items[i]
        if token.kind != "number":
            break
        part = parts[-1][0] + 1 if parts else _DEG
        following = items[i + 1] if i + 1 < len(items) else None
        if following is not None and following.kind == "mark":
            part = following.part
            marked = True
            letter_minutes = letter_minutes or (part == _MIN and following.letter_mark)
            i += 1
        elif following is not None and following.kind == "s" and letter_minutes:
            # "50d27m30s": after minutes spelt "m", a trailing s is seconds, not south.
            part = _SEC
            i += 1
        if part > _SEC or (parts and part <= parts[-1][0]) or (not parts and part != _DEG):
            return None
        parts.append((part, token))
        i += 1
    if not parts:
        return None

    rest = items[i:]
    if rest:
        if len(rest) != 1 or rest[0].kind not in ("hemisphere", "s") or hemisphere is not None:
            return None
        hemisphere = "S" if rest[0].kind == "s" else rest[0].text
    for _, token in parts[:-1]:
        if "." in token.text or not math.isfinite(token.value):
            return None
    for _, token in parts[1:]:
        if token.text[0] in "+-":
            return None
    if len(parts) > 1 and not marked and hemisphere is None:
        return None
    return _Coordinate(tuple(parts), hemisphere)


def _value(coordinate: _Coordinate, source: str) -> float:
    """Signed decimal degrees of a coordinate, checking minutes and seconds."""
    sign = 1.0
    degrees = 0.0
    for part, token in coordinate.parts:
        value = token.value
        if part == _DEG:
            if token.text[0] == "-":
                sign = -1.0
            degrees = abs(value)
        else:
            if value >= 60:
                raise PointError(
                    f"{_PART_NAMES[part]} {token.text} must be less than 60 in {quote(source)}"
                )
            degrees += value / (60.0 if part == _MIN else 3600.0)
    if coordinate.hemisphere is not None:
        if coordinate.parts[0][1].text[0] in "+-":
            raise PointError(
                f"{quote(coordinate.text)} has both a sign and a hemisphere letter "
                f"in {quote(source)}; give one of them"
            )
        if coordinate.hemisphere in "SW":
            sign = -1.0
    return sign * degrees


# --- coordinates: the pair ------------------------------------------------------------------

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+\s+[+-]?\d+,\d+$")
_EXAMPLES = "write e.g. '50.45, 30.52' or '50°27′N 30°31′E'"


def _split_pair(tokens: list[_Token], source: str) -> tuple[_Coordinate, _Coordinate]:
    separators = [i for i, token in enumerate(tokens) if token.kind == "separator"]
    if len(separators) > 1:
        raise PointError(
            f"cannot read coordinates from {quote(source)}: expected one ',' or ';' between "
            f"latitude and longitude ({_EXAMPLES})"
        )
    if separators:
        (cut,) = separators
        first, second = _read_coordinate(tokens[:cut]), _read_coordinate(tokens[cut + 1 :])
        for coordinate, which in ((first, "before"), (second, "after")):
            if coordinate is None:
                raise PointError(
                    f"cannot read a coordinate {which} the '{tokens[cut].text}' in "
                    f"{quote(source)} ({_EXAMPLES})"
                )
        assert first is not None and second is not None
        return first, second

    readings = []
    for cut in range(1, len(tokens)):
        first, second = _read_coordinate(tokens[:cut]), _read_coordinate(tokens[cut:])
        if first is not None and second is not None:
            readings.append((first, second))
    if not readings:
        if _read_coordinate(tokens) is not None:
            raise PointError(
                f"cannot read coordinates from {quote(source)}: expected a latitude and a "
                f"longitude ({_EXAMPLES})"
            )
        raise PointError(f"cannot read coordinates from {quote(source)} ({_EXAMPLES})")
    if len(readings) > 1:
        raise PointError(
            f"coordinates {quote(source)} can be read more than one way; put a comma between "
            f"latitude and longitude"
        )
    return readings[0]


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """``(lat, lon)`` in degrees from coordinate text, or None if it is not coordinate text.

    The accepted notations are in the module docstring. None means the text holds something
    other than numbers, degree/minute/second marks, hemisphere letters, spaces, ',' and ';' (or
    no digit at all), so the caller may try it as a place name. Text that is coordinate notation
    but wrong raises ``PointError``: a latitude outside [-90, 90] or longitude outside
    [-180, 180], a non-finite number, minutes or seconds of 60 or more, two latitudes, a sign
    together with a hemisphere letter, more than ``MAX_POINT_CHARS`` characters, or a layout that
    reads as no pair or as several.
    """
    if not isinstance(text, str):
        raise PointError(f"a point must be text, not {type(text).__name__}")
    source = text.strip()
    if len(source) > MAX_POINT_CHARS:
        raise PointError(f"point text is longer than {MAX_POINT_CHARS} characters")
    folded = unicodedata.normalize("NFKC", source.translate(_FOLD))
    if len(folded) >= 2 and (folded[0], folded[-1]) in (("(", ")"), ("[", "]")):
        folded = folded[1:-1]
    tokenized = _tokenize(folded)
    if tokenized is None or not tokenized[1]:
        return None
    tokens, _ = tokenized
    if _DECIMAL_COMMA.match(folded.strip()):
        raise PointError(
            f"cannot read coordinates from {quote(source)}: use '.' for decimals "
            f"(a comma separates latitude from longitude)"
        )

    first, second = _split_pair(tokens, source)
    axes = (first.axis, second.axis)
    if axes[0] is not None and axes[0] == axes[1]:
        plural = "latitudes (N/S)" if axes[0] == "latitude" else "longitudes (E/W)"
        raise PointError(f"both coordinates in {quote(source)} are {plural}")
    if axes in (("longitude", None), (None, "latitude"), ("longitude", "latitude")):
        first, second = second, first
    lat, lon = _value(first, source), _value(second, source)
    for axis, value, limit in (("latitude", lat, 90), ("longitude", lon, 180)):
        if not math.isfinite(value):
            raise PointError(f"{axis} {value} is not a finite number in {quote(source)}")
        if not -limit <= value <= limit:
            raise PointError(
                f"{axis} {short_number(value)} is outside [-{limit}, {limit}] in {quote(source)}"
            )
    return lat + 0.0, lon + 0.0


# --- any point ------------------------------------------------------------------------------


def _ambiguity_note(query: str, matches: list[City], code: str | None) -> str | None:
    if len(matches) < 2:
        return None
    chosen = matches[0]
    where = f" in {chosen.country}" if code else ""
    note = (
        f"{len(matches)} places named {quote(query)}{where}; using {chosen.name}, "
        f"{chosen.country} (pop. {chosen.population:,})"
    )
    other = next((c for c in matches[1:] if c.country_code != chosen.country_code), None)
    if other is not None:
        return (
            f"{note}; add a country ({quote(f'{query}, {other.country_code}')}) to choose another"
        )
    return f"{note}; give coordinates to choose another"


def _split_qualifier(text: str, gazetteer: Gazetteer) -> tuple[str, str | None]:
    """The name and, if a country qualifier follows a comma, its ISO2 code."""
    start = 0
    while (comma := text.find(",", start)) != -1:
        start = comma + 1
        code = gazetteer.country_code(text[start:])
        if code is not None and text[:comma].strip():
            return text[:comma].strip(), code
    return text, None


def parse_point(
    text: str, *, label: str | None = None, gazetteer: Gazetteer | None = None
) -> ResolvedPoint:
    """Read a launch point from ``--from`` text: coordinates first, else a place name.

    ``LAT,LON,LABEL`` (decimal degrees, everything after the second comma the label: the form of
    links and of ``--from``) is read as ``LaunchPoint.from_query`` reads it. Coordinates follow
    ``parse_coordinates``; their default label is the formatted coordinates. A place name is
    looked up in ``gazetteer`` (``default_gazetteer()`` if None) with an optional country
    qualifier (``"Paris, US"``, ``"Paris, France"``); the point is the city's position and its
    label the city's name. If several cities match, the first of ``Gazetteer.lookup`` (ranked by
    population, own names counting more than alternate names) is used, ``note`` says so and how
    to choose another, and ``alternatives`` lists the other plausible ones. ``label``, if given
    and not blank, replaces the label (see ``LaunchPoint``).

    Raises ``PointError`` (one line) for empty text, text over ``MAX_POINT_CHARS`` characters,
    control characters, invalid coordinates, a name the gazetteer does not hold, or an
    unavailable gazetteer.
    """
    if not isinstance(text, str):
        raise PointError(f"a point must be text, not {type(text).__name__}")
    source = text.strip()
    if not source:
        raise PointError("empty point: give LAT,LON, degrees-minutes-seconds or a place name")
    if len(source) > MAX_POINT_CHARS:
        raise PointError(f"point text is longer than {MAX_POINT_CHARS} characters")
    if _has_control(source):
        raise PointError(f"point {quote(source)} contains control characters")
    custom_label = clean_label(label) if label is not None else ""

    if source.count(",") >= 2:  # the link's and the command line's LAT,LON,LABEL
        try:
            linked = LaunchPoint.from_query(source)
        except PointError:
            pass  # a name with commas ("Springfield, Illinois, US"), or bad: read below
        else:
            return ResolvedPoint(LaunchPoint(linked.lat, linked.lon, custom_label or linked.label))

    coordinates = parse_coordinates(source)
    if coordinates is not None:
        return ResolvedPoint(LaunchPoint(*coordinates, custom_label))

    try:
        places = gazetteer if gazetteer is not None else default_gazetteer()
    except GazetteerError as exc:
        raise PointError(
            f"cannot read a point from {quote(source)}: not coordinates, and the place-name "
            f"gazetteer is unavailable ({exc})"
        ) from exc
    scored = places.lookup_scored(source)
    name, code = _split_qualifier(source, places)
    if not scored:
        raise PointError(
            f"cannot read a point from {quote(source)}: {_why_unknown(source, places)}"
        )
    matches = [places.city(row) for row, _ in scored]
    city = matches[0]
    point = LaunchPoint(city.lat, city.lon, custom_label or city.name)
    note = _ambiguity_note(name, matches, code)
    return ResolvedPoint(point, note, city, plausible_alternatives(scored, places))


def plausible_alternatives(scored: list[tuple[int, int]], gazetteer: Gazetteer) -> tuple[City, ...]:
    """The places after the first of ``Gazetteer.lookup_scored`` whose score is at least
    ``PLAUSIBLE_SHARE`` of the first's, at most ``MAX_ALTERNATIVES``: the other places a reader
    may have meant by the name."""
    if len(scored) < 2:
        return ()
    floor = scored[0][1] * PLAUSIBLE_SHARE
    rows = [row for row, score in scored[1:] if score >= floor][:MAX_ALTERNATIVES]
    return tuple(gazetteer.city(row) for row in rows)


def city_text(city: City) -> str:
    """``"Odessa, United States (31.8457°N 102.3676°W, pop. 114,428)"``: a place told apart
    from others of its name by where it is (the gazetteer holds no region names)."""
    where = format_coordinates(city.lat, city.lon)
    return f"{city.name}, {city.country} ({where}, pop. {city.population:,})"


def _why_unknown(text: str, gazetteer: Gazetteer) -> str:
    """Why a place name found nothing, for the error message."""
    name, code = _split_qualifier(text, gazetteer)
    if code is not None:
        country = gazetteer.country_name(code) or code
        if gazetteer.lookup(name):
            return f"the gazetteer has places named {quote(name)}, but none in {country}"
        return f"not coordinates, and no place named {quote(name)} in the gazetteer"
    head, comma, tail = text.rpartition(",")
    if comma and head.strip() and gazetteer.lookup(head):
        return f"{quote(tail.strip())} is not a country name or ISO code known to the gazetteer"
    return "not coordinates, and no place of that name in the gazetteer"
