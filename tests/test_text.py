"""ranges.text: numbers, quotes and values in messages (escaping is in test_escaping.py)."""

from __future__ import annotations

import datetime
import math

import pytest

from ranges.text import (
    brief,
    describe,
    exact_number,
    finite_number,
    number_text,
    quote,
    short_number,
    type_name,
    value_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5", 1.5), (" 1e5 ", 100000.0), ("-0", -0.0), ("nan", None), ("inf", None),
     ("1e400", None), ("half", None), ("", None)],
)  # fmt: skip
def test_finite_number(text: str, expected: float | None) -> None:
    assert finite_number(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(91.0, "91"), (0.25, "0.25"), (-0.0000001, "0"), (1e-05, "0.00001"), (1234567.0, "1234567"),
     (1 / 3, "0.333333"), (math.nan, "nan"), (-math.inf, "-inf")],
)  # fmt: skip
def test_number_text_is_fixed_point(value: float, expected: str) -> None:
    assert number_text(value) == expected
    assert "e" not in number_text(value).replace("inf", "")


def test_number_text_decimals() -> None:
    assert number_text(19_999.9996, 3) == "20000"
    assert number_text(1.23456789, 3) == "1.235"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(91.0, "91"), (-90.0001, "-90.0001"), (1e6, "1e+06"), (float("1" * 150), "1.11111e+149"),
     (math.nan, "nan")],
)  # fmt: skip
def test_short_number(value: float, expected: str) -> None:
    assert short_number(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(300.0, "300"), (300.0000001, "300.0000001"), (-5, "-5"), (1e20, "1e+20"), (0.1, "0.1")],
)
def test_exact_number(value: float, expected: str) -> None:
    assert exact_number(value) == expected


def test_quote_cuts_long_and_escaped_text() -> None:
    assert quote("abc") == "'abc'"
    assert quote("x" * 100, 10) == repr("x" * 9 + "…")
    escaped = quote("\U000e0001" * 50, 20)
    assert len(escaped) <= 40 and escaped.endswith("…'")
    assert quote("a\nb") == repr("a\nb")
    assert quote("a \n  b", collapse=True) == "'a b'"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, "True"), (300.0, "300"), ("red", "'red'"), (datetime.date(2024, 10, 1), "2024-10-01"),
     ([1], "list"), (None, "NoneType")],
)  # fmt: skip
def test_value_text(value: object, expected: str) -> None:
    assert value_text(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "null"), ("300", "str '300'"), (True, "bool True"), (140, "int 140"), ({}, "dict")],
)
def test_describe(value: object, expected: str) -> None:
    assert describe(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [({}, "mapping"), ([], "list"), ("", "text"), (False, "true/false"), (None, "null"),
     (1, "number"), (1.5, "number"), (datetime.date(2024, 1, 1), "value")],
)  # fmt: skip
def test_type_name(value: object, expected: str) -> None:
    assert type_name(value) == expected


def test_brief_names_containers_and_cuts_scalars() -> None:
    assert brief([1] * 10**6) == "<list>" and brief({"a": 1}) == "<mapping>"
    assert brief("x" * 100) == "x" * 60 and brief(None) == "None" and brief(2.5) == "2.5"
