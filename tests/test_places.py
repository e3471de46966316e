"""Launch points: coordinates, place names, labels (ranges/places/points.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ranges.places import points as places_module
from ranges.places.gazetteer import City, Gazetteer, GazetteerError
from ranges.places.points import (
    MAX_LABEL_CHARS,
    LaunchPoint,
    PointError,
    ResolvedPoint,
    format_coordinates,
    parse_coordinates,
    parse_point,
)

KYIV = City("Kyiv", "UA", "Ukraine", 50.45466, 30.5238, 2952301, 703448)
PARIS_FR = City("Paris", "FR", "France", 48.85341, 2.3488, 2138551, 2988507)
PARIS_US = City("Paris", "US", "United States", 33.66094, -95.55551, 24782, 4717560)
PARYS = City("Parys", "ZA", "South Africa", -26.9033, 27.45727, 71319, 949224)
SPRINGFIELDS = [
    City("Springfield", "US", "United States", 37.21533, -93.29824, 170188, 4409896),
    City("Springfield", "US", "United States", 42.10148, -72.58981, 154341, 4951788),
    City("Springfield", "US", "United States", 39.80172, -89.64371, 114394, 4250542),
]
SAO_PAULO = City("São Paulo", "BR", "Brazil", -23.5475, -46.63611, 12400232, 3448439)
ATLANTA = City("Atlanta", "US", "United States", 33.749, -84.38798, 463878, 4180439)
TBILISI = City("Tbilisi", "GE", "Georgia", 41.69411, 44.83368, 1049498, 611717)
NAN_TOWN = City("Nan", "TH", "Thailand", 18.78, 100.78, 80000, 1)
LONG_NAME = City("X" * 100, "FR", "France", 1.0, 1.0, 15000, 2)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    cities = [KYIV, PARIS_FR, PARIS_US, PARYS, *SPRINGFIELDS, SAO_PAULO, ATLANTA, TBILISI]
    cities += [NAN_TOWN, LONG_NAME]
    alternates = [["Kiev", "Київ"], [], [], ["Paris"], [], [], [], [], [], [], [], []]
    return Gazetteer(cities, alternate_names=alternates)


# --- coordinates -----------------------------------------------------------------------------

KYIV_DMS = (50 + 27 / 60, 30 + 31 / 60)
KYIV_DMS_S = (50 + 27 / 60, 30 + 31 / 60 + 24 / 3600)
SYDNEY_DMS = (-(33 + 52 / 60 + 10 / 3600), 151 + 12 / 60 + 30 / 3600)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50.4501,30.5234", (50.4501, 30.5234)),
        ("50.4501, 30.5234", (50.4501, 30.5234)),
        ("50.4501 30.5234", (50.4501, 30.5234)),
        ("  50.4501   30.5234  ", (50.4501, 30.5234)),
        ("-33.87,151.21", (-33.87, 151.21)),
        ("-33.87, -70.5", (-33.87, -70.5)),
        ("+50.45 +30.52", (50.45, 30.52)),
        ("50.4501;30.5234", (50.4501, 30.5234)),
        ("50.4501 ; 30.5234", (50.4501, 30.5234)),
        ("−33.87, 151.21", (-33.87, 151.21)),  # Unicode minus
        ("50, 30", (50.0, 30.0)),
        ("50.,30.", (50.0, 30.0)),
        (".5,.25", (0.5, 0.25)),
        ("(50.45, 30.52)", (50.45, 30.52)),
        ("[50.45, 30.52]", (50.45, 30.52)),
        ("５０.４５, ３０.５２", (50.45, 30.52)),  # fullwidth digits
        ("50°27′N 30°31′E", KYIV_DMS),
        ("50°27'N 30°31'E", KYIV_DMS),
        ("50º27′N 30º31′E", KYIV_DMS),  # ordinal indicator typed as a degree sign
        ("50°27’N 30°31’E", KYIV_DMS),
        ("50°27′N, 30°31′E", KYIV_DMS),
        ("50°27′00″N 30°31′24″E", KYIV_DMS_S),
        ('50°27′00"N 30°31′24"E', KYIV_DMS_S),
        ("50°27′00''N 30°31′24''E", KYIV_DMS_S),
        ("50°27′00”N 30°31′24”E", KYIV_DMS_S),
        ("50° 27' 0\" N, 30° 31' 24\" E", KYIV_DMS_S),
        ("50 27 0 N, 30 31 24 E", KYIV_DMS_S),
        ("50 27 0 N 30 31 24 E", KYIV_DMS_S),
        ("50 27 N 30 31 E", KYIV_DMS),
        ("N 50 27 E 30 31", KYIV_DMS),
        ("N50.45 E30.52", (50.45, 30.52)),
        ("n50.45 e30.52", (50.45, 30.52)),
        ("N 50.45, E 30.52", (50.45, 30.52)),
        ("50.45N 30.52E", (50.45, 30.52)),
        ("50.45n, 30.52e", (50.45, 30.52)),
        ("50.45 North 30.52 East", (50.45, 30.52)),
        ("33.87S 151.21E", (-33.87, 151.21)),
        ("33.87 S 151.21 W", (-33.87, -151.21)),
        ("33.87s 151.21w", (-33.87, -151.21)),
        ("S33.87 W70.5", (-33.87, -70.5)),
        ("33.87 south, 70.5 west", (-33.87, -70.5)),
        ("50d27m N 30d31m E", KYIV_DMS),
        ("50d27mN 30d31mE", KYIV_DMS),
        ("50d 27m N, 30d 31m E", KYIV_DMS),
        ("50 deg 27 min N, 30 deg 31 min E", KYIV_DMS),
        ("50d27m0s N 30d31m24s E", KYIV_DMS_S),
        ("50d27m0sN 30d31m24sE", KYIV_DMS_S),
        ("33d52m10s S, 151d12m30s E", SYDNEY_DMS),
        ("33d52m10sS 151d12m30sE", SYDNEY_DMS),
        ("50°27.5′N 30°31.2′E", (50 + 27.5 / 60, 30 + 31.2 / 60)),
        ("50°27′30.5″N 30°31′0.25″E", (50 + 27 / 60 + 30.5 / 3600, 30 + 31 / 60 + 0.25 / 3600)),
        ("50°N 30°E", (50.0, 30.0)),
        ("50.45°N 30.52°E", (50.45, 30.52)),
        ("50.4501°N 30.5234°E", (50.4501, 30.5234)),
        ("50.45°, 30.52°", (50.45, 30.52)),
        ("-33.87°, 151.21°", (-33.87, 151.21)),
        ("S 33° 52′ 10″, E 151° 12′ 30″", SYDNEY_DMS),
        ("33° 52′ 10″ S, 151° 12′ 30″ E", SYDNEY_DMS),
        # Letters identify the axes, so longitude may come first.
        ("30°31′E 50°27′N", KYIV_DMS),
        ("30.52E, 50.45N", (50.45, 30.52)),
        ("E30.52 N50.45", (50.45, 30.52)),
        # One letter is enough to place both.
        ("50.45N, 30.52", (50.45, 30.52)),
        ("50.45, 30.52E", (50.45, 30.52)),
        ("30.52E, 50.45", (50.45, 30.52)),
        ("30.52, 50.45N", (50.45, 30.52)),
        # The edges of the domain.
        ("90, 180", (90.0, 180.0)),
        ("-90, -180", (-90.0, -180.0)),
        ("90°N 180°W", (90.0, -180.0)),
        ("0, 0", (0.0, 0.0)),
        ("-0, -0", (0.0, 0.0)),
    ],
)
def test_parse_coordinates_forms(text: str, expected: tuple[float, float]) -> None:
    lat, lon = parse_coordinates(text)
    assert lat == pytest.approx(expected[0], abs=1e-12)
    assert lon == pytest.approx(expected[1], abs=1e-12)
    assert type(lat) is float and type(lon) is float


def test_parse_coordinates_minus_zero_is_zero() -> None:
    lat, lon = parse_coordinates("-0.0, -0.0")
    assert math.copysign(1, lat) == 1 and math.copysign(1, lon) == 1


def test_geopy_pitfall_is_read_right() -> None:
    # geopy's Point reads this as (31, 0).
    assert parse_coordinates("50 27 0 N, 30 31 0 E") == pytest.approx(KYIV_DMS)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Kyiv",
        "xyz",
        "Paris, FR",
        "N",
        "N, E",
        "nan",
        "nan, nan",
        "Al Qusais 1",
        "Zürich (Kreis 11)",
        "50.45, 30.52, Kyiv",
        "50.45 30.52 Kyiv",
        "50.45 @ 30.52",
        "50.45 30.52 km",
        "- 33, 151",
        "Київ 50",
    ],
)
def test_parse_coordinates_not_coordinates(text: str) -> None:
    assert parse_coordinates(text) is None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("91,0", "latitude 91 is outside [-90, 90] in '91,0'"),
        ("-90.5, 0", "latitude -90.5 is outside [-90, 90]"),
        ("0,181", "longitude 181 is outside [-180, 180] in '0,181'"),
        ("0, -180.0001", "longitude -180.0001 is outside [-180, 180]"),
        ("0, 360", "longitude 360 is outside [-180, 180]"),
        ("91°N 30°E", "latitude 91 is outside"),
        ("90°0′1″N 30°E", "latitude 90.000278 is outside"),
        ("1" * 150 + ", 0", "latitude 1.11111e+149 is outside"),
        ("nan, 0", "latitude nan is not a finite number"),
        ("0, inf", "longitude inf is not a finite number"),
        ("0, Infinity", "longitude inf is not a finite number"),
        ("50°60′N 30°E", "minutes 60 must be less than 60"),
        ("50°27′60″N 30°E", "seconds 60 must be less than 60"),
        ("50°27′59.9999″N 30°61′E", "minutes 61 must be less than 60"),
        ("50d60m N, 30 E", "minutes 60 must be less than 60"),
        ("50 27 75 N, 30 E", "seconds 75 must be less than 60"),
        ("50N 30N", "both coordinates in '50N 30N' are latitudes (N/S)"),
        ("50E, 30W", "are longitudes (E/W)"),
        ("-33.87S 151.21E", "has both a sign and a hemisphere letter"),
        ("S-33.87, 151.21E", "has both a sign and a hemisphere letter"),
        ("33.87, +151.21E", "has both a sign and a hemisphere letter"),
        ("50,4501 30,5234", "use '.' for decimals"),
        ("50,30,20", "expected one ',' or ';'"),
        ("50;30;20", "expected one ',' or ';'"),
        ("50", "expected a latitude and a longitude"),
        ("50°27′N", "expected a latitude and a longitude"),
        ("50.45,", "cannot read a coordinate after the ','"),
        (", 30.52", "cannot read a coordinate before the ','"),
        ("50.5 27 N, 30 E", "cannot read a coordinate before the ','"),
        ("50 27.5 30 N, 30 E", "cannot read a coordinate before the ','"),
        ("50 -27 N, 30 E", "cannot read a coordinate before the ','"),
        ("50°27′N, 27′ 30°E", "cannot read a coordinate after the ','"),
        ("50′N, 30°E", "cannot read a coordinate before the ','"),
        ("50°27′ 30′, 30°E", "cannot read a coordinate before the ','"),
        ("N 50 N, 30 E", "cannot read a coordinate before the ','"),
        ("50 27, 30 31", "cannot read a coordinate before the ','"),  # no marks, no letters
        ("50,45 30", "cannot read a coordinate after the ','"),  # a decimal comma, refused
        ("50 27 30 31", "cannot read coordinates from '50 27 30 31'"),
        ("50 N 30", "can be read more than one way"),
        ("1e5", "can be read more than one way"),
        ("50° 30° 20°", "cannot read coordinates"),
    ],
)
def test_parse_coordinates_errors(text: str, message: str) -> None:
    with pytest.raises(PointError) as info:
        parse_coordinates(text)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_parse_coordinates_too_long() -> None:
    with pytest.raises(PointError, match="longer than 200 characters"):
        parse_coordinates("1" * 100 + ", " + "2" * 100)


def test_parse_coordinates_needs_text() -> None:
    with pytest.raises(PointError, match="must be text"):
        parse_coordinates(50.45)  # type: ignore[arg-type]


def test_error_message_quotes_long_input_briefly() -> None:
    text = "91.00000000000000000000000000000000000000000000000000000000000000000000, 0"
    with pytest.raises(PointError) as info:
        parse_coordinates(text)
    assert "…" in str(info.value) and len(str(info.value)) < 120


# --- coordinates: properties -----------------------------------------------------------------

latitudes = st.floats(min_value=-90, max_value=90, allow_nan=False)
longitudes = st.floats(min_value=-180, max_value=180, allow_nan=False)


@given(lat=latitudes, lon=longitudes, separator=st.sampled_from([",", ", ", " ", ";", " ; "]))
@example(lat=-90.0, lon=-180.0, separator=",")
@example(lat=0.0, lon=180.0, separator=" ")
def test_decimal_round_trip(lat: float, lon: float, separator: str) -> None:
    text = f"{lat:.7f}{separator}{lon:.7f}"
    parsed = parse_coordinates(text)
    assert parsed is not None
    assert parsed[0] == pytest.approx(lat, abs=1e-7)
    assert parsed[1] == pytest.approx(lon, abs=1e-7)


@given(lat=latitudes, lon=longitudes, precision=st.integers(0, 8))
def test_format_coordinates_round_trip(lat: float, lon: float, precision: int) -> None:
    parsed = parse_coordinates(format_coordinates(lat, lon, precision))
    assert parsed is not None
    tolerance = 0.5 * 10.0**-precision + 1e-12
    assert abs(parsed[0] - lat) <= tolerance and abs(parsed[1] - lon) <= tolerance


_DMS_STYLES = [
    ("°", "′", "″"),
    ("°", "'", '"'),
    ("°", "'", "''"),
    ("° ", "' ", '" '),
    ("d", "m", "s"),
    ("d ", "m ", "s "),
    (" ", " ", " "),
]


def _dms(value: float, positive: str, negative: str, style: tuple, prefix: bool) -> str:
    hundredths = round(abs(value) * 360_000)
    degrees, rest = divmod(hundredths, 360_000)
    minutes, hundredths = divmod(rest, 6_000)
    seconds = hundredths / 100
    deg_mark, min_mark, sec_mark = style
    body = f"{degrees}{deg_mark}{minutes}{min_mark}{seconds:.2f}{sec_mark}".strip()
    letter = negative if value < 0 and hundredths + minutes + degrees else positive
    return f"{letter} {body}" if prefix else f"{body} {letter}"


@given(
    lat=latitudes,
    lon=longitudes,
    style=st.sampled_from(_DMS_STYLES),
    prefix=st.booleans(),
    lon_first=st.booleans(),
    separator=st.sampled_from([", ", " ", "; ", ","]),
)
def test_dms_round_trip(
    lat: float, lon: float, style: tuple, prefix: bool, lon_first: bool, separator: str
) -> None:
    parts = [_dms(lat, "N", "S", style, prefix), _dms(lon, "E", "W", style, prefix)]
    if lon_first:
        parts.reverse()
    parsed = parse_coordinates(separator.join(parts))
    assert parsed is not None
    tolerance = 0.005 / 3600 + 1e-12
    assert abs(parsed[0] - lat) <= tolerance and abs(parsed[1] - lon) <= tolerance


def _check_outcome(text: str) -> None:
    try:
        result = parse_coordinates(text)
    except PointError as exc:
        assert "\n" not in str(exc)
        return
    if result is not None:
        lat, lon = result
        assert -90 <= lat <= 90 and -180 <= lon <= 180


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_garbage_text_only_none_or_point_error(text: str) -> None:
    _check_outcome(text)


@settings(max_examples=500)
@given(st.text(alphabet="0123456789.,;-+−  °º′″'\"’NSEWnsewdmsDMS()", max_size=40))
def test_coordinate_like_garbage_only_none_or_point_error(text: str) -> None:
    _check_outcome(text)


@settings(max_examples=200)
@given(st.text(max_size=250))
def test_garbage_point_only_point_error(text: str) -> None:
    places = Gazetteer([KYIV], alternate_names=[["Kiev"]])
    try:
        resolved = parse_point(text, gazetteer=places)
    except PointError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(resolved.point, LaunchPoint)


# --- format_coordinates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "precision", "expected"),
    [
        (50.4501, 30.5234, 4, "50.4501°N 30.5234°E"),
        (-33.87, -70.5, 4, "33.8700°S 70.5000°W"),
        (-33.87, 151.21, 2, "33.87°S 151.21°E"),
        (0.0, 0.0, 4, "0.0000°N 0.0000°E"),
        (-0.00001, -0.00001, 4, "0.0000°N 0.0000°E"),
        (-0.00005001, 180.0, 4, "0.0001°S 180.0000°E"),
        (90, -180, 0, "90°N 180°W"),
    ],
)
def test_format_coordinates(lat: float, lon: float, precision: int, expected: str) -> None:
    assert format_coordinates(lat, lon, precision) == expected


def test_format_coordinates_default_precision() -> None:
    assert format_coordinates(50.45466, 30.5238) == "50.4547°N 30.5238°E"


@pytest.mark.parametrize(("lat", "lon"), [(math.nan, 0.0), (0.0, math.inf)])
def test_format_coordinates_rejects_non_finite(lat: float, lon: float) -> None:
    with pytest.raises(PointError, match="non-finite"):
        format_coordinates(lat, lon)


@pytest.mark.parametrize("precision", [-1, 13, 2.5])
def test_format_coordinates_rejects_bad_precision(precision) -> None:
    with pytest.raises(ValueError, match="precision"):
        format_coordinates(0, 0, precision)


# --- LaunchPoint -----------------------------------------------------------------------------


def test_launch_point_defaults_and_normalises() -> None:
    point = LaunchPoint(50.4501, 30.5234)
    assert point.label == "50.4501°N 30.5234°E"
    assert LaunchPoint(1, 2).lat == 1.0 and type(LaunchPoint(1, 2).lat) is float
    assert type(LaunchPoint(np.float32(1.5), np.int64(2)).lon) is float
    assert math.copysign(1, LaunchPoint(-0.0, -0.0).lat) == 1
    assert LaunchPoint(0, 180).lon == 180.0 and LaunchPoint(0, -180).lon == -180.0
    assert LaunchPoint(90, 0).lat == 90.0 and LaunchPoint(-90, 0).lat == -90.0


def test_launch_point_is_frozen() -> None:
    with pytest.raises(AttributeError):
        LaunchPoint(1, 2).lat = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        (91, 0, "latitude 91 is outside [-90, 90]"),
        (-90.0001, 0, "latitude -90.0001 is outside"),
        (0, 180.5, "longitude 180.5 is outside [-180, 180]"),
        (0, -181, "longitude -181 is outside"),
        (math.nan, 0, "latitude nan is not a finite number"),
        (0, math.inf, "longitude inf is not a finite number"),
        (0, -math.inf, "longitude -inf is not a finite number"),
        ("50", 0, "latitude must be a number, not str"),
        (True, 0, "latitude must be a number, not bool"),
        (0, None, "longitude must be a number, not NoneType"),
    ],
)
def test_launch_point_rejects(lat, lon, message: str) -> None:
    with pytest.raises(PointError) as info:
        LaunchPoint(lat, lon)
    assert message in str(info.value)


def test_launch_point_labels() -> None:
    assert LaunchPoint(1, 2, "  Forward   base ").label == "Forward base"
    assert LaunchPoint(1, 2, "   ").label == "1.0000°N 2.0000°E"
    assert LaunchPoint(1, 2, None).label == "1.0000°N 2.0000°E"  # type: ignore[arg-type]
    long = LaunchPoint(1, 2, "a" * 200).label
    assert len(long) == MAX_LABEL_CHARS and long.endswith("…")
    assert LaunchPoint(1, 2, "کی\u200cیف").label == "کی\u200cیف"  # a joiner is text, not control
    assert LaunchPoint(1, 2, "<b>x</b>").label == "<b>x</b>"  # escaping is the renderer's job


@pytest.mark.parametrize("label", ["a\x00b", "a\nb", "a\x1bb", "a\u202eb", "a\u2028b", "\ud800"])
def test_launch_point_rejects_control_characters(label: str) -> None:
    with pytest.raises(PointError, match="control characters"):
        LaunchPoint(1, 2, label)


def test_launch_point_rejects_non_text_label() -> None:
    with pytest.raises(PointError, match="label must be text"):
        LaunchPoint(1, 2, 5)  # type: ignore[arg-type]


# --- parse_point -----------------------------------------------------------------------------


def test_parse_point_coordinates(gaz: Gazetteer) -> None:
    resolved = parse_point("50.4501, 30.5234", gazetteer=gaz)
    assert resolved == ResolvedPoint(LaunchPoint(50.4501, 30.5234, "50.4501°N 30.5234°E"))
    assert resolved.note is None and resolved.city is None
    assert parse_point(" -33.87,151.21 ", gazetteer=gaz).point.lat == -33.87


def test_parse_point_coordinates_do_not_touch_the_gazetteer(monkeypatch) -> None:
    def broken() -> Gazetteer:
        raise AssertionError("the gazetteer was loaded")

    monkeypatch.setattr(places_module, "default_gazetteer", broken)
    assert parse_point("50°27′N 30°31′E").point.lat == pytest.approx(50.45)


@pytest.mark.parametrize("text", ["Kyiv", "kyiv", "KYIV", "Kiev", "Київ", "КИЇВ", " Kyiv "])
def test_parse_point_place(gaz: Gazetteer, text: str) -> None:
    resolved = parse_point(text, gazetteer=gaz)
    assert resolved.point == LaunchPoint(KYIV.lat, KYIV.lon, "Kyiv")
    assert resolved.note is None and resolved.city == KYIV


def test_parse_point_ambiguous_across_countries(gaz: Gazetteer) -> None:
    resolved = parse_point("Paris", gazetteer=gaz)
    assert resolved.city == PARIS_FR and resolved.point.label == "Paris"
    assert resolved.note == (
        "3 places named 'Paris'; using Paris, France (pop. 2,138,551); "
        "add a country ('Paris, US') to choose another"
    )


def test_parse_point_ambiguous_in_one_country(gaz: Gazetteer) -> None:
    resolved = parse_point("springfield", gazetteer=gaz)
    assert resolved.city == SPRINGFIELDS[0]
    assert resolved.note == (
        "3 places named 'springfield'; using Springfield, United States (pop. 170,188); "
        "give coordinates to choose another"
    )
    qualified = parse_point("Springfield, US", gazetteer=gaz)
    assert qualified.city == SPRINGFIELDS[0]
    assert qualified.note is not None and "named 'Springfield' in United States" in qualified.note


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("Paris, US", PARIS_US),
        ("Paris, USA", PARIS_US),
        ("Paris, United States", PARIS_US),
        ("Paris, FR", PARIS_FR),
        ("Paris, France", PARIS_FR),
        ("Paris, ZA", PARYS),
        ("Sao Paulo", SAO_PAULO),
        ("São Paulo", SAO_PAULO),
        ("SAO PAULO, BR", SAO_PAULO),
        ("Nan", NAN_TOWN),  # not read as a non-finite number
    ],
)
def test_parse_point_place_variants(gaz: Gazetteer, text: str, city: City) -> None:
    resolved = parse_point(text, gazetteer=gaz)
    assert resolved.city == city and resolved.note is None
    assert (resolved.point.lat, resolved.point.lon) == (city.lat, city.lon)


def test_parse_point_long_city_name_is_cut(gaz: Gazetteer) -> None:
    label = parse_point("X" * 100, gazetteer=gaz).point.label
    assert len(label) == MAX_LABEL_CHARS


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("xyz", "cannot read a point from 'xyz': not coordinates, and no place of that name"),
        ("Atlantis", "no place of that name in the gazetteer"),
        ("Paris, Atlantis", "'Atlantis' is not a country name or ISO code"),
        ("Atlanta, Georgia", "places named 'Atlanta', but none in Georgia"),
        ("Xyzzy, FR", "no place named 'Xyzzy' in the gazetteer"),
        ("Kyiv Ukraine", "no place of that name"),
    ],
)
def test_parse_point_unknown_place(gaz: Gazetteer, text: str, message: str) -> None:
    with pytest.raises(PointError) as info:
        parse_point(text, gazetteer=gaz)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty point"),
        ("   ", "empty point"),
        ("a" * 201, "longer than 200 characters"),
        ("Kyiv\x00", "control characters"),
        ("50.45\n30.52", "control characters"),
        ("Ky\u202eiv", "control characters"),
        ("91, 0", "latitude 91 is outside [-90, 90]"),
        ("50°60′N 30°E", "minutes 60"),
    ],
)
def test_parse_point_errors(gaz: Gazetteer, text: str, message: str) -> None:
    with pytest.raises(PointError) as info:
        parse_point(text, gazetteer=gaz)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_parse_point_text_must_be_text(gaz: Gazetteer) -> None:
    with pytest.raises(PointError, match="must be text"):
        parse_point(None, gazetteer=gaz)  # type: ignore[arg-type]


def test_parse_point_length_limit_applies_after_stripping(gaz: Gazetteer) -> None:
    text = "50.45," + " " * 189 + "30.52"
    assert len(text) == 200
    assert parse_point(f"  {text}  ", gazetteer=gaz).point.lon == 30.52
    with pytest.raises(PointError, match="longer than 200"):
        parse_point(text + "1", gazetteer=gaz)


def test_parse_point_caller_label(gaz: Gazetteer) -> None:
    assert parse_point("50.45,30.52", label="  Base  A ", gazetteer=gaz).point.label == "Base A"
    assert parse_point("Kyiv", label="HQ", gazetteer=gaz).point.label == "HQ"
    assert parse_point("Kyiv", label="   ", gazetteer=gaz).point.label == "Kyiv"
    assert len(parse_point("Kyiv", label="b" * 500, gazetteer=gaz).point.label) == 80
    with pytest.raises(PointError, match="control characters"):
        parse_point("Kyiv", label="a\tb", gazetteer=gaz)
    with pytest.raises(PointError, match="control characters"):
        parse_point("Kyiv", label="\u202egnp.exe", gazetteer=gaz)


def test_parse_point_without_gazetteer_degrades(monkeypatch) -> None:
    def unavailable() -> Gazetteer:
        raise GazetteerError("gazetteer file /x/cities15000.json not found")

    monkeypatch.setattr(places_module, "default_gazetteer", unavailable)
    with pytest.raises(PointError, match="gazetteer is unavailable") as info:
        parse_point("Kyiv")
    assert "cities15000.json not found" in str(info.value)
    assert parse_point("50.45, 30.52").point.lat == 50.45


# --- parse_point on the real gazetteer -------------------------------------------------------


@pytest.mark.parametrize("text", ["Kyiv", "Kiev", "kyiv", "Київ", "КИЇВ"])
def test_real_kyiv(text: str) -> None:
    resolved = parse_point(text)
    assert resolved.point.label == "Kyiv" and resolved.city is not None
    assert resolved.city.country_code == "UA"
    assert resolved.point.lat == pytest.approx(50.45, abs=0.02)
    assert resolved.point.lon == pytest.approx(30.52, abs=0.02)


def test_real_paris() -> None:
    resolved = parse_point("Paris")
    assert resolved.city is not None and resolved.city.country_code == "FR"
    assert resolved.note is not None and "add a country ('Paris, US')" in resolved.note
    us = parse_point("Paris, US")
    assert us.city is not None and us.city.country_code == "US" and us.point.label == "Paris"


def test_real_springfield_note() -> None:
    resolved = parse_point("Springfield")
    assert resolved.city is not None and resolved.city.name == "Springfield"
    assert resolved.note is not None
    assert resolved.note.startswith(f"{resolved.note.split()[0]} places named 'Springfield'")
    assert int(resolved.note.split()[0]) >= 3
    assert "using Springfield, United States (pop. " in resolved.note


@pytest.mark.parametrize("text", ["São Paulo", "Sao Paulo"])
def test_real_sao_paulo(text: str) -> None:
    resolved = parse_point(text)
    assert resolved.city is not None and resolved.city.country_code == "BR"
    assert resolved.point.label == "São Paulo"


def test_real_unknown_name() -> None:
    with pytest.raises(PointError, match="no place of that name"):
        parse_point("Qwxzzyvillé")


@pytest.mark.parametrize(
    ("lon", "expected"),
    [(0.0, 0.0), (179.5, 179.5), (180.0, -180.0), (-180.0, -180.0), (190.0, -170.0),
     (-190.0, 170.0), (540.0, -180.0), (-1e-20, -1e-20), (725.25, 5.25)],
)  # fmt: skip
def test_wrap_longitude(lon: float, expected: float) -> None:
    wrapped = places_module.wrap_longitude(lon)
    assert wrapped == pytest.approx(expected, abs=1e-12)
    assert -180.0 <= wrapped < 180.0


@pytest.mark.parametrize(
    ("text", "point", "query"),
    [
        ("50.45,30.52", LaunchPoint(50.45, 30.52), "50.45,30.52"),
        ("1,2,a,b", LaunchPoint(1, 2, "a,b"), "1,2,a,b"),
        ("1.1234567,-2,", LaunchPoint(1.123457, -2), "1.123457,-2"),
        (" -33.87 , 151.21 , Sydney ", LaunchPoint(-33.87, 151.21, "Sydney"),
         "-33.87,151.21,Sydney"),
    ],
)  # fmt: skip
def test_launch_point_query_form(text: str, point: LaunchPoint, query: str) -> None:
    assert LaunchPoint.from_query(text) == point
    assert point.to_query() == query
    assert LaunchPoint.from_query(point.to_query()) == point


@pytest.mark.parametrize("text", ["1", "Kyiv", "50°N", "91,0", "nan,0", "1,2,\x07"])
def test_launch_point_query_form_refuses(text: str) -> None:
    with pytest.raises(PointError):
        LaunchPoint.from_query(text)


def test_launch_point_file_form() -> None:
    assert LaunchPoint(1, 2).to_dict() == {"lat": 1.0, "lon": 2.0, "label": None}
    assert LaunchPoint(1, 2, "x").to_dict() == {"lat": 1.0, "lon": 2.0, "label": "x"}
