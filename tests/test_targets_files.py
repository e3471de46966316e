"""Target lists from files (ranges.targets.files): forms, bad rows named, limits streamed."""

from __future__ import annotations

import io
import json

import pytest

from ranges.errors import TargetError
from ranges.targets import files
from ranges.targets.files import read_csv, read_target_file, targets_from_bytes
from ranges.targets.sources import load_target_lists, load_targets, parse_target_query


def csv_list(text: str, name: str = "t.csv"):
    return targets_from_bytes(text.encode("utf-8"), name)


def test_csv_columns_any_case_and_synonyms() -> None:
    t = csv_list(
        "Name,Latitude,LNG,kind,country,extra\nDepot A,50.5,30.25,depot,UA,x\n\nB,-1,2,,,\n"
    )
    assert list(t.names) == ["Depot A", "B"]
    assert list(t.kinds) == ["depot", ""]
    assert list(t.countries) == ["UA", ""]
    assert t.lats.tolist() == [50.5, -1.0] and t.lons.tolist() == [30.25, 2.0]
    assert not t.lats.flags.writeable


def test_csv_bom_and_blank_name_becomes_coordinates() -> None:
    t = targets_from_bytes("\ufeffname,lat,lon\n,10,20\n".encode(), "x.csv")
    assert t.names[0] == "10, 20"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name,lat,lon\nA,abc,1\n", ["'t.csv'", "row 2", "'lat'", "'abc'"]),
        ("name,lat,lon\nA,1,2\nB,91,1\n", ["row 3", "'lat'", "91"]),
        ("name,latitude,lon\nA,1,181\n", ["row 2", "'lon'", "181"]),
        ("name,lat,lon\nA,1,nan\n", ["row 2", "'lon'", "'nan'"]),
        ("name,lat,lon\nA,1,\n", ["row 2", "'lon'", "''"]),
        ("name,lat,lon\nA,1,2,3\n", ["row 2", "4 fields"]),
        ("name,lat\nA,1\n", ["row 1", "'lon'"]),
        ("lat,lon\n1,2\n", ["row 1", "'name'"]),
        ("name,lat,latitude,lon\nA,1,1,2\n", ["row 1", "lat / latitude"]),
        ("", ["empty"]),
    ],
)
def test_bad_csv_is_refused_whole_naming_file_row_and_field(text: str, words: list[str]) -> None:
    with pytest.raises(TargetError) as info:
        csv_list(text)
    message = str(info.value)
    assert "\n" not in message
    for word in words:
        assert word in message, message


def test_not_utf8() -> None:
    with pytest.raises(TargetError, match="not UTF-8"):
        targets_from_bytes(b"name,lat,lon\n\xff\xfe,1,2\n", "t.csv")


def test_names_are_cleaned_not_refused() -> None:
    t = csv_list('name,lat,lon\n"a\u202eb\x07c\nd",1,2\n')
    assert t.names[0] == "a b c d"
    long = csv_list("name,lat,lon\n" + "x" * 500 + ",1,2\n")
    assert len(long.names[0]) == 120 and long.names[0].endswith("…")


class EndlessRows(io.RawIOBase):
    """A file of endless rows (as a 10-million-row file would be), made as it is read: a reader
    that tried to hold it whole would never return."""

    def __init__(self, line: bytes) -> None:
        self.line = line
        self.served = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = (b"name,lat,lon\n" if self.served == 0 else b"") + self.line * (
            len(buffer) // len(self.line)
        )
        data = data[: len(buffer)]
        buffer[: len(data)] = data
        self.served += len(data)
        return len(data)


def test_endless_csv_stops_at_the_row_limit(monkeypatch) -> None:
    monkeypatch.setattr(files, "MAX_ROWS", 1000)
    stream = EndlessRows(b"A,1,2\n")
    with pytest.raises(TargetError, match="more than 1,000 targets"):
        read_csv(io.BufferedReader(stream), "huge.csv")
    assert stream.served < 100_000  # it stopped soon after the limit


def test_endless_line_stops_at_the_line_limit() -> None:
    stream = EndlessRows(b"x")
    with pytest.raises(TargetError, match="line 2: longer than"):
        read_csv(io.BufferedReader(stream), "oneline.csv")
    assert stream.served < 10 * files.MAX_LINE_CHARS


def test_endless_blank_lines_stop(monkeypatch) -> None:
    monkeypatch.setattr(files, "_MAX_LINES", 5000)
    stream = EndlessRows(b"\n")
    with pytest.raises(TargetError, match="lines"):
        read_csv(io.BufferedReader(stream), "blank.csv")


def test_geojson_points_multipoints_and_names() -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "P", "kind": "depot"},
                "geometry": {"type": "Point", "coordinates": [30.5, 50.4]},
            },
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "MultiPoint", "coordinates": [[1, 2], [3, 4]]},
            },
            {
                "type": "Feature",
                "properties": {"name": "line"},
                "geometry": {"type": "LineString", "coordinates": [[1, 2], [3, 4]]},
            },
        ],
    }
    t = targets_from_bytes(json.dumps(doc).encode(), "t.geojson")
    assert list(t.names) == ["P", "2, 1", "4, 3"]
    assert list(t.kinds) == ["depot", "", ""]
    assert t.lats.tolist() == [50.4, 2.0, 4.0]


def test_geojson_bad_feature_named() -> None:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 2]}},
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [1, 95]}},
        ],
    }
    with pytest.raises(TargetError, match=r"'t.json', feature 2, field 'latitude'"):
        targets_from_bytes(json.dumps(doc).encode(), "t.json")
    with pytest.raises(TargetError, match="not GeoJSON"):
        targets_from_bytes(b"[1]", "t.json")
    with pytest.raises(TargetError, match="not valid GeoJSON"):
        targets_from_bytes(b"{nope", "t.geojson")


KML = """<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Placemark><name>Bridge</name><ExtendedData><Data name="kind"><value>bridge</value></Data>
</ExtendedData><Point><coordinates>30.5,50.4,0</coordinates></Point></Placemark>
<Placemark><name>Area</name><Polygon/></Placemark>
<Placemark><Point><coordinates> 10,20 </coordinates></Point></Placemark>
</Document></kml>"""


def test_kml_placemarks() -> None:
    t = targets_from_bytes(KML.encode(), "t.kml")
    assert list(t.names) == ["Bridge", "20, 10"]
    assert list(t.kinds) == ["bridge", ""]


def test_kml_bad_and_hostile() -> None:
    bad = KML.replace("10,20", "10,x")
    with pytest.raises(TargetError, match="placemark 3, field 'latitude'"):
        targets_from_bytes(bad.encode(), "t.kml")
    with pytest.raises(TargetError, match="DOCTYPE"):
        targets_from_bytes(b'<!DOCTYPE kml [<!ENTITY a "b">]><kml/>', "t.kml")


def test_big_document_refused_before_reading(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(files, "MAX_DOC_BYTES", 100)
    path = tmp_path / "big.geojson"
    path.write_text(" " * 200 + "{}")
    with pytest.raises(TargetError, match="limit"):
        read_target_file(path)


def test_sources(tmp_path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text("name,lat,lon\nA,1,2\n")
    assert list(load_targets(str(path)).names) == ["A"]
    one = parse_target_query("-33.87,151.21,Sydney, the harbour")
    assert list(one.names) == ["Sydney, the harbour"] and one.lats[0] == -33.87
    assert load_targets("50,30").names[0] == "50, 30"
    both = load_target_lists([str(path), "1,2,B"])
    assert list(both.names) == ["A", "B"]
    with pytest.raises(TargetError, match="not a built-in set"):
        load_targets("nowhere.csv")
    with pytest.raises(TargetError, match="no built-in target set"):
        load_targets("airfields:civil")
    with pytest.raises(TargetError, match="target '91,1'"):
        load_targets("91,1")
