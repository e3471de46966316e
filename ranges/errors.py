"""Every error rangemap raises for bad input or bad data, under one root.

Callers catch :class:`RangemapError` (the command line turns it into one ``error:`` line and exit
status 2; the app into one warning) and never need a tuple of classes. The message of every
error here is one line, fit to show to a user as it is: :class:`RangemapError` joins the lines of
whatever it is given.

Classes that were ``ValueError``/``RuntimeError`` before keep that base too, so code that caught
those still works.
"""

from __future__ import annotations

__all__ = [
    "AreaError",
    "BordersError",
    "CatalogueError",
    "GazetteerError",
    "GeocodeError",
    "GeodesyError",
    "PictureError",
    "PointError",
    "RangeOverrideError",
    "RangemapError",
    "ScenarioFileError",
    "SelectionError",
    "TargetError",
    "UnknownSystemError",
    "UsageError",
    "one_line",
]


def one_line(message: object) -> str:
    """``message`` as text on one line: runs of whitespace (newlines too) become one space."""
    return " ".join(str(message).split())


class RangemapError(Exception):
    """Bad input or unusable data. ``str(error)`` is one line, fit to show to a user."""

    def __init__(self, message: object = "") -> None:
        super().__init__(one_line(message))


class CatalogueError(RangemapError, ValueError):
    """A catalogue file or upload breaks a rule (the message names file, entry and field)."""


class SelectionError(RangemapError, ValueError):
    """A selection of systems (ids typed by a user) cannot be satisfied."""


class UnknownSystemError(SelectionError):
    """No system in the catalogue has the requested id."""


class RangeOverrideError(RangemapError, ValueError):
    """A what-if maximum range is out of bounds."""


class PointError(RangemapError, ValueError):
    """A launch point that cannot be read or is out of range."""


class GeodesyError(RangemapError, ValueError):
    """A centre or radius outside the domain of ``ranges.geometry.geodesy``'s contract."""


class ScenarioFileError(RangemapError, ValueError):
    """A scenario file that cannot be read at all (values that can be read but not used are
    dropped with a warning instead, as in a URL)."""


class GazetteerError(RangemapError, RuntimeError):
    """The gazetteer data is missing or unreadable."""


class BordersError(RangemapError, RuntimeError):
    """The bundled borders file is missing or not the GeoJSON we ship."""


class PictureError(RangemapError, ValueError):
    """A picture that cannot be drawn as asked (nothing to draw, a title too long)."""


class GeocodeError(RangemapError, RuntimeError):
    """The online lookup gave no usable point (the message says why)."""


class UsageError(RangemapError):
    """Bad input on the command line (an option argparse refuses, an unwritable output)."""


class AreaError(RangemapError, ValueError):
    """A launch area (``ranges.geometry.areas``) that cannot be read: a bad form, file or country
    name."""


class TargetError(RangemapError, ValueError):
    """A target list (``ranges.targets``) that cannot be read: a bad file, row or set name (the
    message names the file, the row or feature and the field)."""
