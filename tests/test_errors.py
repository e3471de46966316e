"""ranges.errors: one root for every bad-input error, and the one-line message rule."""

from __future__ import annotations

import inspect

import pytest

import ranges.errors as errors
from ranges.errors import RangemapError, one_line

ERROR_CLASSES = [
    obj
    for _, obj in inspect.getmembers(errors, inspect.isclass)
    if issubclass(obj, Exception) and obj.__module__ == errors.__name__
]


def test_every_error_of_the_module_is_named_and_under_the_root() -> None:
    assert len(ERROR_CLASSES) >= 10
    for cls in ERROR_CLASSES:
        assert issubclass(cls, RangemapError), cls
        assert cls.__name__ in errors.__all__


@pytest.mark.parametrize("cls", ERROR_CLASSES, ids=lambda c: c.__name__)
def test_messages_are_one_line(cls: type[RangemapError]) -> None:
    error = cls("first line\n  second\tline\r\n\nthird   ")
    assert str(error) == "first line second line third"


@pytest.mark.parametrize(
    ("name", "base"),
    [
        ("CatalogueError", ValueError),
        ("SelectionError", ValueError),
        ("RangeOverrideError", ValueError),
        ("PointError", ValueError),
        ("GeodesyError", ValueError),
        ("ScenarioFileError", ValueError),
        ("GazetteerError", RuntimeError),
        ("BordersError", RuntimeError),
        ("GeocodeError", RuntimeError),
    ],
)
def test_classes_keep_the_builtin_base_callers_caught_before(name: str, base: type) -> None:
    assert issubclass(getattr(errors, name), base)


def test_the_modules_raise_the_classes_of_ranges_errors() -> None:
    # The engine modules re-use these classes: catching the root catches what they raise.
    from ranges.catalogue.systems import parse_catalogue
    from ranges.places.points import parse_point

    with pytest.raises(RangemapError):
        parse_point("91, 0")
    with pytest.raises(RangemapError):
        parse_catalogue(b"systems: [", "bad.yaml")


def test_one_line_of_any_value() -> None:
    assert one_line(ValueError("a\nb")) == "a b"
    assert one_line(12) == "12"
    assert one_line("") == ""
