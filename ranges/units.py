"""Distance units shown to users: kilometres, statute miles and nautical miles.

Ranges are stored and computed in kilometres; only display and slider values are converted.
"""

from __future__ import annotations

from typing import Literal

Unit = Literal["km", "mi", "nmi"]
UNITS: tuple[Unit, ...] = ("km", "mi", "nmi")
KM_PER_UNIT: dict[str, float] = {"km": 1.0, "mi": 1.609344, "nmi": 1.852}
UNIT_NAMES: dict[str, str] = {"km": "kilometres", "mi": "miles", "nmi": "nautical miles"}


def from_km(value_km: float, unit: str) -> float:
    """A distance in kilometres expressed in ``unit``."""
    return value_km / KM_PER_UNIT[unit]


def to_km(value: float, unit: str) -> float:
    """A distance in ``unit`` expressed in kilometres."""
    return value * KM_PER_UNIT[unit]


def format_distance(value_km: float, unit: str, *, digits: int = 0) -> str:
    """``value_km`` shown in ``unit`` with thousands separators, e.g. ``"1,491 mi"``."""
    return f"{from_km(value_km, unit):,.{digits}f} {unit}"


def area_from_km2(area_km2: float, unit: str) -> float:
    """An area in square kilometres expressed in square ``unit`` (km², mi², nmi²)."""
    return area_km2 / KM_PER_UNIT[unit] ** 2
