"""Every file rangemap writes for other tools and people, in one registry.

Each entry of :data:`FORMATS` is one :class:`ExportFormat`: its name (the command line's
``--format`` value), what it is made from (``needs``: ``"rings"``, ``"reach"`` rows,
``"catalogue"`` or ``"scenario"``), its writer, file name, MIME type and the label of the app's
download button. The command line builds its ``--format`` choices and its dispatch from it, and
the app's Export tab lists :func:`app_formats`.

To add a format: write a module here with a ``write(data: ExportData) -> str`` function
(``bytes`` for a binary file: the pictures), and add one entry to :data:`FORMATS`. Writers are
named by import path and imported only when a file is written, so that ``python -m ranges
systems`` never loads folium or pandas.

The writers' own functions stay importable from here as before (``from ranges.export import
to_geojson``); they are loaded on first use (PEP 562).

Text from catalogues and users (names, labels, sources) is escaped for where it lands: by the
serialisers (``json``, ``xml.etree``, the ``csv`` writer of pandas) or, in HTML, by
:func:`ranges.text.html_text`; never pasted into markup by hand.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ranges.lazy import lazy_names
from ranges.places.editions import DEFAULT_EDITION

if TYPE_CHECKING:  # only for the type checker: importing these at run time costs seconds
    import pandas as pd

    from ranges.catalogue.systems import Catalogue, System
    from ranges.geometry.rings import Ring
    from ranges.places.points import LaunchPoint
    from ranges.reach.pairtable import ReachQuery

__all__ = [
    "FORMATS",
    "FORMULA_STARTS",
    "KML_MIME",
    "ExportData",
    "ExportFormat",
    "app_formats",
    "format_named",
    "formats_for",
    "reach_csv",
    "reach_json",
    "spreadsheet_safe",
    "to_geojson",
    "to_html",
    "to_kml",
]

Needs = Literal["rings", "reach", "catalogue", "scenario", "targets"]
KML_MIME = "application/vnd.google-earth.kml+xml"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A CSV text cell that begins with one of these is written with a leading ``'``
(docs/INTERFACES.md section 7): a spreadsheet would evaluate it as a formula."""
_WRITERS: dict[str, Callable[[ExportData], Any]] = {}  # writer path -> the function, once imported


def spreadsheet_safe(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would take it for a formula
    (docs/INTERFACES.md section 7); every CSV the project writes passes its text cells through
    this rule."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class ExportData:
    """What a writer may draw on; each format reads the fields its ``needs`` names.

    ``rings``: :func:`ranges.geometry.rings.build_rings` of ``points`` x ``systems`` (the effective
    systems, range overrides applied, ranges in km); ``rows``: reach rows
    (:func:`ranges.reach.pairtable.reach_rows` or ``Reach.rows``, or their columns as arrays:
    :func:`ranges.reach.pairtable.reach_columns`, or a
    :class:`ranges.reach.pairtable.ReachQuery` that the CSV writer streams and the others turn
    into columns); ``catalogue``: for the systems list;
    ``scenario``: a :class:`ranges.scenario.model.Scenario` for the scenario file. ``units`` (km,
    mi,
    nmi), ``opacity`` (ring fill, 0 to 1) and ``title`` apply to the pictures (the HTML map);
    ``areas``: the launch areas (:class:`ranges.geometry.areas.LaunchArea`), whose outlines the
    HTML map
    and the KML show beside their rings; ``borders`` the edition of the country borders the
    pictures draw (:mod:`ranges.places.editions`).
    """

    rings: Sequence[Ring] = ()
    systems: Sequence[System] = ()
    points: Sequence[LaunchPoint] = ()
    rows: pd.DataFrame | Mapping[str, Any] | ReachQuery | None = None
    catalogue: Catalogue | None = None
    scenario: Any = None
    units: str = "km"
    opacity: float = 0.25
    title: str | None = None
    areas: Sequence[Any] = ()
    borders: str = DEFAULT_EDITION
    targets: Any = None  # ranges.targets.measure.TargetMeasures, for the "targets" formats
    system_names: bool = False
    """The reach CSV adds ``system_name`` (``ranges.export.rows.SYSTEM_NAME``, the names of
    ``systems``) after ``part_of``: the app's export. The command line keeps the contract's."""


@dataclass(frozen=True)
class ExportFormat:
    """One output format.

    ``name``: the ``--format`` value (unique among the formats of the same ``needs``);
    ``needs``: what it is made from; ``writer``: ``"module:function"`` of a function taking
    :class:`ExportData` and returning the file's text, imported on first use; ``file_name``: the
    download's name in the app (after ``rangemap-``); ``mime``: its MIME type; ``label``: the
    download button's text; ``in_app``/``in_cli``: where it is offered; ``bytes_writer``:
    optionally ``"module:function"`` of a function taking :class:`ExportData` and returning the
    same text as UTF-8 buffers to write one after another, faster (see :meth:`write_bytes`).
    """

    name: str
    needs: Needs
    writer: str
    file_name: str
    mime: str
    label: str
    in_app: bool = True
    in_cli: bool = True
    bytes_writer: str = ""

    @property
    def extension(self) -> str:
        """The file name's extension with its dot, e.g. ``".geojson"``."""
        return "." + self.file_name.rpartition(".")[2]

    def write(self, data: ExportData) -> str:
        """The file's text for ``data`` (its writer imported now if it was not yet)."""
        return _writer(self.writer)(data)

    def write_bytes(self, data: ExportData) -> Iterable[bytes | memoryview]:
        """The file's text for ``data`` as UTF-8 buffers, to be written one after another (they
        may still be in the making: write each as it comes)."""
        if not self.bytes_writer:
            result = self.write(data)  # a picture's writer returns bytes already
            return [result if isinstance(result, bytes) else result.encode("utf-8")]
        writer = _WRITERS.get(self.bytes_writer)
        if writer is None:
            module, _, function = self.bytes_writer.partition(":")
            writer = _WRITERS[self.bytes_writer] = getattr(
                importlib.import_module(module), function
            )
        return writer(data)


def _writer(path: str) -> Callable[[ExportData], Any]:
    """The function at ``"module:function"``, imported on first use."""
    writer = _WRITERS.get(path)
    if writer is None:
        module, _, function = path.partition(":")
        writer = _WRITERS[path] = getattr(importlib.import_module(module), function)
    return writer


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat(
        "geojson",
        "rings",
        "ranges.export.geojson:write",
        "rings.geojson",
        "application/geo+json",
        "GeoJSON",
    ),
    ExportFormat(
        "kml", "rings", "ranges.export.kml:write", "rings.kml", KML_MIME, "KML (Google Earth)"
    ),
    ExportFormat(
        "csv",
        "reach",
        "ranges.export.rows:write_csv",
        "reach.csv",
        "text/csv",
        "CSV (cities in range)",
        bytes_writer="ranges.export.rows:write_csv_bytes",
    ),
    ExportFormat("html", "rings", "ranges.export.html:write", "map.html", "text/html", "HTML map"),
    ExportFormat(
        "png", "rings", "ranges.export.picture:write_png", "map.png", "image/png", "Picture (PNG)"
    ),
    ExportFormat(
        "svg",
        "rings",
        "ranges.export.picture:write_svg",
        "map.svg",
        "image/svg+xml",
        "Picture (SVG)",
    ),
    ExportFormat(
        "pdf",
        "rings",
        "ranges.export.picture:write_pdf",
        "map.pdf",
        "application/pdf",
        "Picture (PDF)",
    ),
    ExportFormat(
        "scenario",
        "scenario",
        "ranges.export.scenariofile:write",
        "scenario.yaml",
        "application/yaml",
        "Scenario file",
        in_cli=False,
    ),
    ExportFormat(
        "json",
        "reach",
        "ranges.export.rows:write_json",
        "reach.json",
        "application/json",
        "JSON (cities in range)",
        in_app=False,
    ),
    ExportFormat(
        "table",
        "catalogue",
        "ranges.export.systems:write_table",
        "systems.txt",
        "text/plain",
        "Systems (table)",
        in_app=False,
    ),
    ExportFormat(
        "csv",
        "catalogue",
        "ranges.export.systems:write_csv",
        "systems.csv",
        "text/csv",
        "Systems (CSV)",
        in_app=False,
    ),
    ExportFormat(
        "json",
        "catalogue",
        "ranges.export.systems:write_json",
        "systems.json",
        "application/json",
        "Systems (JSON)",
        in_app=False,
    ),
    *(
        ExportFormat(
            name,
            "targets",
            f"ranges.export.targets:write_{name}",
            f"targets.{name}",
            mime,
            label,
            bytes_writer="ranges.export.targets:write_csv_bytes" if name == "csv" else "",
        )
        for name, mime, label in (
            ("csv", "text/csv", "Targets (CSV)"),
            ("json", "application/json", "Targets (JSON)"),
            ("geojson", "application/geo+json", "Targets (GeoJSON)"),
            ("kml", KML_MIME, "Targets (KML)"),
        )
    ),
)
"""Every format, in the order the app shows its buttons and the command line its choices."""


def formats_for(
    needs: Needs, *, cli: bool | None = None, app: bool | None = None
) -> list[ExportFormat]:
    """The formats made from ``needs``, in registry order; ``cli``/``app`` filter by where they
    are offered (None: either)."""
    return [
        f
        for f in FORMATS
        if f.needs == needs
        and (cli is None or f.in_cli == cli)
        and (app is None or f.in_app == app)
    ]


def app_formats() -> list[ExportFormat]:
    """The formats of the app's Export tab, in the order of their buttons."""
    return [f for f in FORMATS if f.in_app]


def format_named(needs: Needs, name: str) -> ExportFormat:
    """The format ``name`` among those made from ``needs``; ``KeyError`` if there is none."""
    for f in FORMATS:
        if f.needs == needs and f.name == name:
            return f
    raise KeyError(f"no {needs} format named {name!r}")


# The writers' own functions, loaded on first use (PEP 562): importing this package stays cheap.
_LAZY = {
    "to_geojson": "ranges.export.geojson",
    "to_kml": "ranges.export.kml",
    "to_html": "ranges.export.html",
    "reach_csv": "ranges.export.rows",
    "reach_json": "ranges.export.rows",
}


__getattr__, __dir__ = lazy_names(globals(), _LAZY)
