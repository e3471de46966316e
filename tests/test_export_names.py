"""The app's reach CSV names each system beside its id (issue 23, item 11): ``system_name``
after ``part_of``; every other cell is the command line's, byte for byte."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest

import ranges.export.rows as rows_module
from ranges.catalogue.systems import load_catalogue
from ranges.export import ExportData
from ranges.export.rows import SYSTEM_NAME, write_csv, write_csv_bytes
from ranges.places.extracts import default_gazetteer
from ranges.places.points import LaunchPoint
from ranges.reach.forward import compute_reach
from ranges.reach.schema import OUTPUT_COLUMNS


@pytest.fixture(scope="module")
def data():
    by_id = {s.id: s for s in load_catalogue().systems}
    systems = [by_id["atacms"], by_id["storm-shadow"]]
    points = [LaunchPoint(50.45, 30.52, "Kyiv"), LaunchPoint(46.48, 30.73, "Odesa")]
    reach = compute_reach(points, systems, default_gazetteer("cities15000"))
    return ExportData(rows=reach.rows, systems=systems, points=points)


def test_the_app_csv_adds_system_name_after_part_of(data):
    plain = write_csv(data)
    named = write_csv(dataclasses.replace(data, system_names=True))
    assert plain.splitlines()[0] == ",".join(OUTPUT_COLUMNS)  # the command line's, unchanged
    assert named.splitlines()[0] == ",".join([*OUTPUT_COLUMNS, SYSTEM_NAME])
    # Every other cell as before: the lines are the plain ones and one more cell.
    names = {"atacms": "MGM-140 ATACMS", "storm-shadow": "Storm Shadow"}
    for before, after in zip(plain.splitlines()[1:], named.splitlines()[1:], strict=True):
        system = next(csv.reader([before]))[6]
        assert after == f"{before},{names[system]}"
    rows = list(csv.DictReader(io.StringIO(named)))
    assert {(r["system"], r[SYSTEM_NAME]) for r in rows} == set(names.items())


def test_the_names_are_spreadsheet_safe_and_sliced_lines_agree(data, monkeypatch):
    evil = data.systems[0].model_copy(update={"name": "=HYPERLINK(1), ok"})
    named = dataclasses.replace(data, systems=[evil, data.systems[1]], system_names=True)
    whole = b"".join(bytes(p) for p in write_csv_bytes(named))
    assert b',"\'=HYPERLINK(1), ok"\n' in whole
    monkeypatch.setattr(rows_module, "_CSV_SLICE_ROWS", 7)  # many slices, in threads
    assert b"".join(bytes(p) for p in write_csv_bytes(named)) == whole
