"""The reach table (docs/INTERFACES.md section 2) as CSV or JSON."""

from __future__ import annotations

import json
import math

import pandas as pd

from ranges.export import ExportData
from ranges.reach import REACH_COLUMNS

REACH_DECIMALS = {"distance_km": 3, "bearing_deg": 2}


def _reach_table(rows: pd.DataFrame) -> pd.DataFrame:
    """The reach columns of ``rows``, in order, others dropped; distances and bearings rounded.

    Raises ``ValueError`` naming the missing columns (a table without rows may have none).
    """
    missing = [c for c in REACH_COLUMNS if c not in rows.columns]
    if missing:
        if len(rows) == 0:
            return pd.DataFrame({c: [] for c in REACH_COLUMNS})
        raise ValueError(f"reach rows lack the column(s) {', '.join(missing)}")
    table = rows.loc[:, list(REACH_COLUMNS)].copy()
    for column, decimals in REACH_DECIMALS.items():
        table[column] = table[column].round(decimals)
    table["bearing_deg"] = table["bearing_deg"] % 360.0  # 359.996 rounds to 360.0: that is 0
    return table


def reach_csv(rows: pd.DataFrame) -> str:
    """The reach table as CSV with a header row: the columns of :data:`REACH_COLUMNS` in order.

    Extra columns of ``rows`` are dropped; rows stay in the order given. ``distance_km`` is
    rounded to 3 decimals (1 m), ``bearing_deg`` to 2 (and kept in [0, 360): 359.996 is 0.0;
    empty when there is none, at distance 0);
    latitudes and longitudes are written as given. Lines end with ``\\n``. Text is quoted by the
    CSV rules only: a label such as ``=cmd`` is written as it is, so that the file reads back
    the same (a spreadsheet may take such a cell for a formula).
    """
    return _reach_table(rows).to_csv(index=False, lineterminator="\n")


def reach_json(rows: pd.DataFrame, *, indent: int | None = 1) -> str:
    """The reach table as a JSON list of objects, one per row (keys as :func:`reach_csv`).

    Values are JSON numbers and strings; a missing bearing (NaN: a city at the launch point) is
    ``null``. NaN or infinity anywhere else raises ``ValueError``.
    """
    records = _reach_table(rows).to_dict(orient="records")
    for record in records:
        for key, value in record.items():
            if key == "bearing_deg" and isinstance(value, float) and math.isnan(value):
                record[key] = None
            elif isinstance(value, float) and not math.isfinite(value):
                raise ValueError(f"reach rows: {key} is {value} (not a finite number)")
            if hasattr(value, "item"):  # a numpy scalar left by pandas
                record[key] = value.item()
    return json.dumps(records, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"


def _rows(data: ExportData) -> pd.DataFrame:
    if data.rows is None:
        raise ValueError("a reach table needs reach rows")
    return data.rows


def write_csv(data: ExportData) -> str:
    """The registry's writer: :func:`reach_csv` of ``data.rows``."""
    return reach_csv(_rows(data))


def write_json(data: ExportData) -> str:
    """The registry's writer: :func:`reach_json` of ``data.rows``."""
    return reach_json(_rows(data))
