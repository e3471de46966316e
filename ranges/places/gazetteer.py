"""The offline gazetteer: cities with their coordinates and population, found by name.

A ``Gazetteer`` holds places as parallel columns (for vectorised work: the reach) and gives them
as ``City`` records (for display). Loading the bundled GeoNames extracts is
``ranges.places.extracts``; the binary cache that makes it fast is ``ranges.places.gazetteer_cache``
with its prebuilt name index (``ranges.places.name_index``).

Counted once: sections of a city that GeoNames lists as places of their own (Kyiv's raions,
Paris' arrondissements, London's boroughs) are marked (``Gazetteer.section_of``,
``is_section``, ``counted``; the rule is in ``ranges.places.sections``): still found by name and
listed, but not added to population sums.

Name lookup (``Gazetteer.lookup``) matches a city's own name or any of its alternate names
(other languages and scripts, former names, transliterations), ignoring case, accents and the
spelling of punctuation (``ranges.places.names.normalize_name``). A trailing country qualifier
narrows the matches: ``"Paris, FR"``, ``"Paris, France"``, ``"Portland, USA"``. Results put
cities whose own name matches before cities that only carry the name as an alternate (otherwise
"Porto" would find Bordeaux and "Zaragoza" Tijuana, which list those names among their
alternates), each group by population, largest first.

Coordinates are degrees (WGS-84 latitude and longitude); populations are head counts.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ranges.errors import GazetteerError
from ranges.places.name_index import HashNameIndex
from ranges.places.names import COUNTRY_ALIASES, normalize_many, normalize_name

__all__ = [
    "City",
    "CountryColumn",
    "Gazetteer",
    "GazetteerError",
    "PackedNames",
    "name_keys",
]


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
        for alias, code in (*COUNTRY_ALIASES.items(), *(country_aliases or {}).items()):
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
        ``normalize_name`` on both sides (``ranges.places.names``). A qualifier after a comma
        that names a country (ISO2 code, ISO3 code or name) keeps only that country's cities:
        ``"Paris, US"``. If the text after the comma is not a country, the whole text is looked
        up as a name.

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
            keys = normalize_many([*self.names, *(n for names in alternates for n in names)])
        except TypeError:  # something other than a string among the alternate names
            alternates = [[n for n in names if isinstance(n, str)] for names in alternates]
            keys = normalize_many([*self.names, *(n for names in alternates for n in names)])
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
    keys = normalize_many([*gazetteer.names, *(n for names in alternates for n in names)])
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
