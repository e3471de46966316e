"""The measures as the rows of ``python -m ranges targets`` (docs/INTERFACES.md section 9).

One row per (target, system), every target whether in range or not, sorted by system id, then
distance (as written, to the metre), then target name; columns ``TARGET_COLUMNS``. Distances and
margins are rounded to 3 decimals (1 m), bearings to 2 (an empty bearing at distance 0).
The writers (CSV, JSON) are in :mod:`ranges.export.targets`.
"""

from __future__ import annotations

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


def _name_rank(names: object, n: int) -> np.ndarray:
    """Each target's position among the names sorted (ties by row)."""
    order = sorted(range(n), key=names.__getitem__)  # type: ignore[attr-defined]
    rank = np.empty(n, dtype=np.int64)
    rank[np.asarray(order, dtype=np.int64)] = np.arange(n)
    return rank


def target_table(measures: TargetMeasures) -> TargetTable:
    """The rows of the measures, sorted (see the module docstring)."""
    n = len(measures.targets)
    rank = _name_rank(measures.targets.names, n)
    by_id = sorted(range(len(measures.systems)), key=lambda j: measures.systems[j].system.id)
    parts: dict[str, list[np.ndarray]] = {k: [] for k in TargetTable.__dataclass_fields__}
    for j in by_id:
        m = measures.systems[j]
        dist_km = np.round(m.distance_m / 1e3, 3)
        order = np.lexsort((rank, dist_km))
        bearing = np.round(m.bearing_deg[order], 2) % 360.0  # 359.996 rounds to 360: that is 0
        parts["target"].append(order)
        parts["system"].append(np.full(n, j, dtype=np.int64))
        parts["launch"].append(m.launch[order])
        parts["distance_km"].append(dist_km[order])
        parts["bearing_deg"].append(bearing)
        parts["margin_km"].append(np.round(m.system.max_range_km - dist_km[order], 3) + 0.0)
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
