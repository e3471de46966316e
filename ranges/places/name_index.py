"""A name index kept as flat arrays: found by binary search, stored in the gazetteer cache.

A Python dict of the 2+ million name keys of the 500+ extract costs seconds and hundreds of MB
to build at every start. Here each key (``normalize_name`` of a place's own or alternate name)
is a 64-bit BLAKE2b hash in a sorted ``uint64`` array, with the row it names, whether it is the
row's own name, and the key's UTF-8 bytes in one blob (so a hash collision is told apart by
comparing the bytes). A lookup is two ``searchsorted`` calls: O(log n), no start-up cost beyond
reading the arrays.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

__all__ = ["ARRAY_NAMES", "HashNameIndex", "build_name_index", "key_hash"]

# The arrays of an index, as stored in the cache.
ARRAY_NAMES = ("key_hash", "key_row", "key_own", "key_blob", "key_offsets")


def key_hash(key: str) -> int:
    """The 64-bit hash of a normalised name key (stable across runs and machines)."""
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "little")


class HashNameIndex:
    """Sorted key hashes with rows: ``rows(key)`` gives (own-name rows, alternate-name rows)."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.key_hash = arrays["key_hash"]
        self.key_row = arrays["key_row"]
        self.key_own = arrays["key_own"]
        self.key_blob = arrays["key_blob"]
        self.key_offsets = arrays["key_offsets"]
        n = len(self.key_hash)
        if not (len(self.key_row) == len(self.key_own) == n and len(self.key_offsets) == n + 1):
            raise ValueError("name index arrays differ in length")
        if self.key_offsets[-1] != len(self.key_blob) or self.key_offsets[0] != 0:
            raise ValueError("name index offsets do not cover the key blob")

    def arrays(self) -> dict[str, np.ndarray]:
        """The arrays, to store."""
        return {name: getattr(self, name) for name in ARRAY_NAMES}

    def rows(self, key: str) -> tuple[list[int], list[int]]:
        """Rows whose own name, and rows whose alternate names, normalise to ``key``."""
        target = np.uint64(key_hash(key))
        lo = int(np.searchsorted(self.key_hash, target, side="left"))
        hi = int(np.searchsorted(self.key_hash, target, side="right"))
        encoded = key.encode()
        own: list[int] = []
        alternates: list[int] = []
        for j in range(lo, hi):
            start, stop = int(self.key_offsets[j]), int(self.key_offsets[j + 1])
            if self.key_blob[start:stop].tobytes() != encoded:
                continue  # a hash collision
            (own if self.key_own[j] else alternates).append(int(self.key_row[j]))
        return own, alternates


def build_name_index(
    own_keys: Sequence[str], alternate_keys: Sequence[Sequence[str]]
) -> HashNameIndex:
    """An index of normalised keys: ``own_keys[i]`` is row ``i``'s own name key,
    ``alternate_keys[i]`` its alternate name keys. Empty keys are left out, and an alternate key
    equal to the row's own key is indexed once, as its own."""
    entries: set[tuple[str, int, bool]] = set()
    for row, key in enumerate(own_keys):
        if key:
            entries.add((key, row, True))
    for row, keys in enumerate(alternate_keys):
        own = own_keys[row]
        for key in keys:
            if key and key != own:
                entries.add((key, row, False))
    ordered = sorted(entries)
    hashes = np.fromiter((key_hash(k) for k, _, _ in ordered), np.uint64, len(ordered))
    order = np.argsort(hashes, kind="stable")
    encoded = [ordered[i][0].encode() for i in order]
    lengths = np.fromiter((len(b) for b in encoded), np.int64, len(encoded))
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return HashNameIndex(
        {
            "key_hash": hashes[order],
            "key_row": np.fromiter((ordered[i][1] for i in order), np.int32, len(order)),
            "key_own": np.fromiter((ordered[i][2] for i in order), np.bool_, len(order)),
            "key_blob": np.frombuffer(b"".join(encoded), dtype=np.uint8),
            "key_offsets": offsets,
        }
    )
