"""The systems of a catalogue as a text table, CSV or JSON (``python -m ranges systems``).

Only the standard library and the catalogue: listing the systems must start fast.
"""

from __future__ import annotations

import csv
import io
import json

from ranges.catalogue.systems import Catalogue
from ranges.export import ExportData, spreadsheet_safe

SUMMARY_FIELDS = ("id", "name", "kind", "min_range_km", "max_range_km", "source")
TABLE_HEADERS = ("id", "name", "kind", "range_km", "source")


def _catalogue(data: ExportData) -> Catalogue:
    if data.catalogue is None:
        raise ValueError("a systems list needs a catalogue")
    return data.catalogue


def _summary(catalogue: Catalogue) -> list[dict]:
    """One dict per system: id, name, kind, ranges (km) and the first source's title."""
    return [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "min_range_km": s.min_range_km,
            "max_range_km": s.max_range_km,
            "source": s.sources[0].title,
        }
        for s in catalogue.systems
    ]


def write_json(data: ExportData) -> str:
    """Every field of every system, as a JSON list (None fields left out)."""
    full = [s.model_dump(mode="json", exclude_none=True) for s in _catalogue(data).systems]
    return json.dumps(full, indent=2, ensure_ascii=False) + "\n"


def write_csv(data: ExportData) -> str:
    """The summary columns (``SUMMARY_FIELDS``), a header row, lines ending with ``\\n``."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(SUMMARY_FIELDS), lineterminator="\n")
    writer.writeheader()
    for row in _summary(_catalogue(data)):  # text cells spreadsheet-safe (docs/INTERFACES.md 7)
        writer.writerow(
            {k: spreadsheet_safe(v) if isinstance(v, str) else v for k, v in row.items()}
        )
    return buf.getvalue()


def write_table(data: ExportData) -> str:
    """An aligned plain-text table for people: id, name, kind, range (km; ``min-max`` for an
    annulus) and source."""
    table = [
        [
            r["id"],
            r["name"],
            r["kind"],
            f"{r['min_range_km']:g}-{r['max_range_km']:g}"
            if r["min_range_km"]
            else f"{r['max_range_km']:g}",
            r["source"],
        ]
        for r in _summary(_catalogue(data))
    ]
    rows = [list(TABLE_HEADERS), *table]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(TABLE_HEADERS))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    return "\n".join(lines) + "\n"
