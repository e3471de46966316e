"""System ids in the engine's tables, shown to people as the systems' names."""

from __future__ import annotations

import pandas as pd

from ranges.catalogue.systems import System

__all__ = ["ids_to_names"]


def ids_to_names(column: pd.Series, systems: list[System]) -> pd.Series:
    """``column`` of system ids, or comma-joined ids ("atacms,tomahawk"), as names joined by
    ", " (an id that is not among ``systems`` stays as it is).

    A column has few distinct values (one per combination of systems), so each is named once.
    """
    names = {s.id: s.name for s in systems}
    named = {
        text: ", ".join(names.get(i, i) for i in str(text).split(",")) for text in pd.unique(column)
    }
    return column.map(named)
