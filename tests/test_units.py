"""ranges.units: kilometres, statute miles and nautical miles."""

from __future__ import annotations

import pytest

from ranges.units import UNITS, area_from_km2, format_distance, from_km, to_km


@pytest.mark.parametrize(("unit", "km"), [("km", 1.0), ("mi", 1.609344), ("nmi", 1.852)])
def test_one_unit_in_km(unit: str, km: float) -> None:
    assert to_km(1.0, unit) == km
    assert from_km(km, unit) == pytest.approx(1.0)


@pytest.mark.parametrize("unit", UNITS)
def test_round_trip(unit: str) -> None:
    assert to_km(from_km(1234.5, unit), unit) == pytest.approx(1234.5)


@pytest.mark.parametrize(
    ("unit", "expected"), [("km", 100.0), ("mi", 38.610216), ("nmi", 29.155335)]
)
def test_area_from_km2_is_square_units(unit: str, expected: float) -> None:
    assert area_from_km2(100.0, unit) == pytest.approx(expected, rel=1e-7)
    assert area_from_km2(100.0, unit) == pytest.approx(from_km(from_km(100.0, unit), unit))


def test_format_distance() -> None:
    assert format_distance(2400, "mi") == "1,491 mi"
    assert format_distance(300, "km", digits=1) == "300.0 km"
