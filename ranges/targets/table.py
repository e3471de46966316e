"""The measures as the rows of ``python -m ranges targets`` (docs/INTERFACES.md section 9).

One row per (target, system), every target whether in range or not, sorted by system id, then
distance (as written, to the metre), then target name; columns ``TARGET_COLUMNS``. Distances and
margins are rounded to 3 decimals (1 m), bearings to 2 (an empty bearing at distance 0).
The writers (CSV, JSON) are in :mod:`ranges.export.targets`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ranges.targets.measure import TargetMeasures

__all__ = ["TARGET_COLUMNS", "TargetTable", "target_table"]

TARGET_COLUMNS = [
    "target",
    "kind",
    "country",
    "latitude",
    "longitude",
    "system",
    "max_range_km",
    "launch",
    "distance_km",
    "bearing_deg",
    "margin_km",
    "in_range",
]
"""The columns of ``python -m ranges targets``, in order."""


@dataclass(frozen=True)
class TargetTable:
    """The rows as columns: ``target`` (row of the list, int), ``system`` (index into
    ``measures.systems``), ``launch`` (index into ``measures.labels``, -1 for none),
    ``distance_km``, ``bearing_deg`` (NaN: empty), ``margin_km`` (rounded floats) and
    ``in_range`` (bool), all in the output's order."""

    measures: TargetMeasures
    target: np.ndarray
    system: np.ndarray
    launch: np.ndarray
    distance_km: np.ndarray
    bearing_deg: np.ndarray
    margin_km: np.ndarray
    in_range: np.ndarray

    def __len__(self) -> int:
        return int(self.target.size)


# Whole metres stand for an infinite distance (no launch at all): beyond any on the ellipsoid.
_NO_DISTANCE_M = 100_000_000


def _metres(distance_m: np.ndarray) -> np.ndarray:
    """Distances as written (km to 3 decimals) in whole metres, int64: the same order and the
    same ties as the rounded kilometres, sortable as integers."""
    km = np.round(distance_m / 1e3, 3)
    finite = np.isfinite(km)
    return np.where(finite, np.rint(np.where(finite, km, 0.0) * 1e3), _NO_DISTANCE_M).astype(
        np.int64
    )


def _tied_rows(metres: np.ndarray) -> np.ndarray:
    """The rows whose written distance another row shares (bool mask)."""
    order = np.argsort(metres)
    ranked = metres[order]
    same = ranked[1:] == ranked[:-1]
    tied = np.zeros(metres.size, dtype=bool)
    tied[order[1:][same]] = True
    tied[order[:-1][same]] = True
    return tied


def _name_rank(names: Sequence[str], rows: np.ndarray, n: int) -> np.ndarray:
    """Per target, its position among the names of ``rows`` sorted (ties by row; 0 for the
    other targets): a tie-breaker, needed only where distances are equal."""
    order = sorted(rows.tolist(), key=names.__getitem__)  # rows ascending: ties by row
    rank = np.zeros(n, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(len(order))
    return rank


def target_table(measures: TargetMeasures) -> TargetTable:
    """The rows of the measures, sorted (see the module docstring).

    Each system's order is one integer sort: the written distance in whole metres times the
    number of targets, plus the target's rank by name among those whose distance is shared
    (a Python sort of only these names: of 64,115 airfields, the few hundred inside a launch
    area or at the same place; sorting every name and ``np.lexsort`` cost 4x more). Systems
    without a minimum range share one distance array (the nearest launch's): it is rounded and
    sorted once for all of them."""
    n = len(measures.targets)
    # One entry per distinct distance array: (its whole metres, then its order).
    metres: dict[int, np.ndarray] = {}
    for m in measures.systems:
        if id(m.distance_m) not in metres:
            metres[id(m.distance_m)] = _metres(m.distance_m)
    tied = np.zeros(n, dtype=bool)
    for one in metres.values():
        tied |= _tied_rows(one)
    rank = _name_rank(measures.targets.names, np.flatnonzero(tied), n)
    orders = {  # unique keys: any sort is stable
        key: np.argsort(one * max(n, 1) + rank) for key, one in metres.items()
    }
    by_id = sorted(range(len(measures.systems)), key=lambda j: measures.systems[j].system.id)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in TargetTable.__dataclass_fields__}
    for j in by_id:
        m = measures.systems[j]
        order = orders[id(m.distance_m)]
        dist_km = np.round(m.distance_m[order] / 1e3, 3)
        bearing = np.round(m.bearing_deg[order], 2) % 360.0  # 359.996 rounds to 360: that is 0
        parts["target"].append(order)
        parts["system"].append(np.full(n, j, dtype=np.int64))
        parts["launch"].append(m.launch[order])
        parts["distance_km"].append(dist_km)
        parts["bearing_deg"].append(bearing)
        parts["margin_km"].append(np.round(m.system.max_range_km - dist_km, 3) + 0.0)
        parts["in_range"].append(m.in_range[order])
    parts.pop("measures")
    empty = {
        "target": np.int64,
        "system": np.int64,
        "launch": np.int64,
        "distance_km": float,
        "bearing_deg": float,
        "margin_km": float,
        "in_range": bool,
    }
    columns = {k: np.concatenate(v) if v else np.empty(0, dtype=empty[k]) for k, v in parts.items()}
    return TargetTable(measures, **columns)
