"""Cells of the In range table and its headline that read as words, not as a program's values.

The data grid draws a missing number as "None" (Streamlit 1.67 has no option for it): a place
inside a launch area, or at a launch point, has no bearing, and the grid showed "None". Bearings
are therefore text: three integer digits as in navigation ("007.5"), so that the grid's text
sort (``localeCompare``) still orders them as numbers, and blank where there is none.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["BEARING_HELP", "BEARING_TEXTS", "bearing_cells", "launches_metric"]

BEARING_HELP = (
    "Initial bearing from the launch point, degrees clockwise from north, written with three "
    "digits as in navigation (007.5). Blank at distance 0: inside a launch area, or at the "
    "launch point itself."
)


BEARING_TEXTS = [f"{t // 10:03d}.{t % 10}" for t in range(3600)] + [""]
"""The text of each tenth of a degree, then of no bearing (made once: 3,601 texts cost more
than the table's 200 rows)."""


def bearing_cells(bearing_deg: pd.Series) -> pd.Series:
    """Bearings (degrees, NaN for none) as categorical text: ``"007.5"``, ``"359.9"``, ``""``.
    Rounded to 0.1 degree in [0, 360) (359.96 is "000.0")."""
    values = np.round(bearing_deg.to_numpy(dtype=float), 1) % 360.0
    tenths = np.where(np.isfinite(values), np.round(values * 10), -1).astype(np.int64)
    codes = np.where(tenths >= 0, tenths, 3600)
    used = np.unique(codes)
    categories = [BEARING_TEXTS[c] for c in used.tolist()]
    return pd.Series(
        pd.Categorical.from_codes(np.searchsorted(used, codes), categories=categories),
        index=bearing_deg.index,
    )


def launches_metric(points: int, areas: int) -> tuple[str, str]:
    """The headline's label and value for the launches: ``("Launch points", "2")``, ``("Launch
    areas", "1 area")``, ``("Launches", "2 points, 1 area")`` (it read "0 + 1 area")."""

    def count(n: int, word: str) -> str:
        return f"{n:,} {word}{'' if n == 1 else 's'}"

    if not areas:
        return "Launch points", f"{points:,}"
    if not points:
        return "Launch areas", count(areas, "area")
    return "Launches", f"{count(points, 'point')}, {count(areas, 'area')}"
