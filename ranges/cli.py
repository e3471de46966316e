"""The command line: ``python -m ranges systems|rings|reach|targets`` (INTERFACES.md 2, 9).

Bad input exits with status 2 and a single ``error: ...`` line on standard error, never a
traceback; notes (an ambiguous place name, say) go to standard error as ``note: ...`` lines so
that standard output stays machine-readable.

Each command's ``--format`` choices and their writers come from the export registry
(:data:`ranges.export.FORMATS`). Each command imports only what it needs, inside its function:
``systems`` needs the catalogue alone and starts without numpy's geometry stack, pandas or folium
(``make bench`` measures it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from ranges.errors import GeocodeError, RangemapError, UsageError
from ranges.export import ExportData, ExportFormat, format_named, formats_for
from ranges.places.editions import DEFAULT_EDITION, EDITIONS

if TYPE_CHECKING:
    from ranges.catalogue.systems import Catalogue, System
    from ranges.places.points import LaunchPoint

EXIT_BAD_INPUT = 2
# Spelled out rather than imported: ranges.places.extracts pulls in numpy, and ``systems`` must
# start without it (a test checks these equal ``ranges.places.extracts.EXTRACTS`` and
# ``DEFAULT_EXTRACT``).
GAZETTEER_CHOICES = ("cities15000", "cities1000", "cities500")
DEFAULT_GAZETTEER = "cities500"
# What each command's output is made from, in the registry's terms.
COMMAND_NEEDS = {
    "systems": "catalogue",
    "rings": "rings",
    "reach": "reach",
    "targets": "targets",
}
ONLINE_URL_ENV = (
    "RANGEMAP_NOMINATIM_URL"  # ranges.places.geocode.ENV_URL, spelled out: geopy is slow
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m ranges",
        allow_abbrev=False,
        description="Weapon range rings as true WGS-84 geodesics.",
    )
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    systems = commands.add_parser(
        "systems", help="list the systems of the catalogue", allow_abbrev=False
    )
    systems.add_argument("--catalogue", type=Path, help="a YAML catalogue (default: built-in)")
    _format_option(systems, "systems", "table")

    rings = commands.add_parser(
        "rings", help="range rings as GeoJSON, KML, HTML or a picture", allow_abbrev=False
    )
    _point_and_system_options(rings)
    _format_option(rings, "rings", None)
    rings.add_argument(
        "--output",
        type=Path,
        help="write here instead of standard output (without --format, its extension chooses)",
    )
    rings.add_argument(
        "--units",
        choices=("km", "mi", "nmi"),
        default="km",
        help="distances shown in pictures and the HTML map (default km)",
    )
    rings.add_argument("--title", help="the title of a picture or HTML map (one line)")
    rings.add_argument(
        "--targets",
        action="append",
        default=[],
        metavar="LIST",
        help="mark these targets on a picture (png, svg, pdf); LIST as for the targets command",
    )

    reach = commands.add_parser(
        "reach", help="gazetteer cities within range, as CSV or JSON", allow_abbrev=False
    )
    _point_and_system_options(reach)
    reach.add_argument(
        "--min-population", type=_population, default=0, help="only cities of N people or more"
    )
    reach.add_argument(
        "--gazetteer",
        choices=GAZETTEER_CHOICES,
        default=DEFAULT_GAZETTEER,
        help=(
            "GeoNames extract the cities come from: places of at least 15,000, 1,000 or 500 "
            f"people (default: {DEFAULT_GAZETTEER}, the most complete)"
        ),
    )
    _format_option(reach, "reach", None)
    reach.add_argument("--output", type=Path, help="write here instead of standard output")

    targets = commands.add_parser(
        "targets", help="how far each target is and whether it is in range", allow_abbrev=False
    )
    targets.add_argument(
        "--targets",
        action="append",
        required=True,
        metavar="LIST",
        help="a CSV, GeoJSON or KML file, 'airfields', 'airfields:military' or 'LAT,LON[,LABEL]'",
    )
    _point_and_system_options(targets)
    _format_option(targets, "targets", "csv")
    targets.add_argument("--output", type=Path, help="write here instead of standard output")
    return parser


def _format_option(parser: argparse.ArgumentParser, command: str, default: str | None) -> None:
    """``--format``, its choices the registry's formats for this command (registry order);
    default None: chosen by :func:`_format_name`."""
    choices = tuple(f.name for f in formats_for(COMMAND_NEEDS[command], cli=True))
    parser.add_argument("--format", choices=choices, default=default)


def _population(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value}")
    return value


def _point_and_system_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--system", action="append", required=True, help="system id, comma list, or 'all'"
    )
    parser.add_argument(
        "--from",
        dest="points",
        action="append",
        default=[],
        metavar="POINT",
        help="launch point: 'LAT,LON', degrees-minutes-seconds, or a place name",
    )
    parser.add_argument(
        "--from-file",
        dest="point_files",
        action="append",
        default=[],
        type=Path,
        metavar="PATH",
        help="launch points from a file: CSV (lat,lon,label), GeoJSON Points or KML Placemarks",
    )
    parser.add_argument(
        "--area",
        dest="areas",
        action="append",
        default=[],
        metavar="AREA",
        help=(
            "launch area: a country (ISO3 code or name), 'line:LAT,LON;LAT,LON...', "
            "'poly:LAT,LON;...', or a GeoJSON/KML file; '|LABEL' may follow"
        ),
    )
    parser.add_argument(
        "--borders",
        choices=EDITIONS,
        default=DEFAULT_EDITION,
        help=(
            "country borders for --area countries, the countries reached and pictures: "
            "de-facto (Natural Earth: Crimea drawn as part of Russia; the default) or "
            "recognised (internationally recognised: Crimea part of Ukraine)"
        ),
    )
    parser.add_argument("--catalogue", type=Path, help="a YAML catalogue (default: built-in)")
    parser.add_argument("--range-km", type=float, help="override every chosen system's range")
    parser.add_argument(
        "--online",
        action="store_true",
        help=(
            "look up a --from name the offline gazetteer does not know with OpenStreetMap's "
            f"Nominatim (or ${ONLINE_URL_ENV}), at most one request a second"
        ),
    )


def _join_negative_values(argv: Sequence[str]) -> list[str]:
    """Let ``--from -33.87,151.21`` mean what a southern-hemisphere user means by it.

    argparse takes a value that starts with '-' and is not a plain number for an option; a value
    after ``--from`` that starts with '-' and a digit (or '.') is joined as ``--from=VALUE``.
    """
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        nxt = argv[i + 1] if i + 1 < len(argv) else ""
        if (
            token in ("--from", "--targets")
            and len(nxt) > 1
            and nxt[0] == "-"
            and (nxt[1].isdigit() or nxt[1] == ".")
        ):
            out.append(f"{token}={nxt}")
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def _catalogue(path: Path | None) -> Catalogue:
    from ranges.catalogue.systems import load_catalogue

    return load_catalogue(path)


def _systems(catalogue: Catalogue, specs: Sequence[str], range_km: float | None) -> list[System]:
    chosen = list(catalogue.select(specs))
    if range_km is not None:
        chosen = [s.with_max_range(range_km) for s in chosen]
    return chosen


def _points(texts: Sequence[str], err: TextIO, online: bool = False) -> list[LaunchPoint]:
    """The launch points of ``--from``: the link's ``LAT,LON,LABEL``, coordinates or a gazetteer
    name (:func:`ranges.places.points.parse_point`, as the app's point box reads them), else,
    with ``--online``, a name looked up online (:func:`ranges.places.geocode.online_lookup`, one
    request a second for the process). A name that several places share is noted on ``err``:
    which was chosen, and the other plausible ones."""
    from ranges.places.points import PointError, city_text, parse_coordinates, parse_point

    points = []
    for text in texts:
        try:
            resolved = parse_point(text)
        except PointError as exc:
            if not online or _is_coordinates(text, parse_coordinates):
                raise
            points.append(_online_point(text, exc, err))
            continue
        if resolved.note:
            print(f"note: {resolved.note}", file=err)
        if resolved.alternatives:
            others = "; ".join(city_text(city) for city in resolved.alternatives)
            print(f"note: other places of that name: {others}", file=err)
        points.append(resolved.point)
    return points


def _file_points(points: list[LaunchPoint], paths: Sequence[Path]) -> list[LaunchPoint]:
    """``points`` (of ``--from``), then those of each ``--from-file``
    (:func:`ranges.scenario.pointfiles.read_points_file`): the list as given, one launch point
    each, as ``--from`` keeps it."""
    from ranges.scenario.pointfiles import read_points_file

    for path in paths:
        points = [*points, *read_points_file(path).points]
    return points


def _is_coordinates(text: str, parse_coordinates: Callable[[str], object]) -> bool:
    """True if ``text`` is (good or bad) coordinates rather than a name."""
    try:
        return parse_coordinates(text) is not None
    except RangemapError:
        return True


def _online_point(text: str, offline: Exception, err: TextIO) -> LaunchPoint:
    from ranges.places.geocode import online_lookup

    try:
        point = online_lookup(text)
    except GeocodeError as exc:
        raise GeocodeError(f"{offline}; online: {exc}") from None
    print(
        f"note: {point.label!r} found online (OpenStreetMap Nominatim) at "
        f"{point.lat:.6g}, {point.lon:.6g}",
        file=err,
    )
    return point


def _export_data(args: argparse.Namespace, catalogue: Catalogue, err: TextIO) -> ExportData:
    """What the command's output is made from; only that command's engine modules are imported."""
    if args.command == "systems":
        return ExportData(catalogue=catalogue)
    if not args.points and not args.areas and not args.point_files:
        raise UsageError(
            "give at least one launch point (--from, --from-file) or launch area (--area)"
        )
    systems = _systems(catalogue, args.system, args.range_km)
    points = _file_points(_points(args.points, err, online=args.online), args.point_files)
    areas = _areas(args.areas, err, args.borders)
    if args.command == "targets":
        from ranges.targets.measure import measure_targets
        from ranges.targets.sources import load_target_lists

        targets = load_target_lists(args.targets)
        measures = measure_targets(targets, systems, points, areas)
        return ExportData(targets=measures, systems=systems, points=points, areas=areas)
    if args.command == "reach":
        from ranges.places.extracts import default_gazetteer
        from ranges.reach.pairtable import ReachQuery

        gazetteer = default_gazetteer(args.gazetteer)
        # The table is made by its writer: the CSV's streams it (ranges.export.reachstream),
        # the JSON's takes its columns as arrays, without pandas.
        query = ReachQuery(points, systems, gazetteer, args.min_population, areas)
        return ExportData(rows=query, systems=systems, points=points)
    from ranges.geometry.rings import build_rings
    from ranges.pictures.figure import check_title

    title = check_title(args.title)  # before any work: a refused title is one quick error
    measures = None
    if args.targets:
        if _format_name(args) not in PICTURE_FORMATS:
            raise UsageError(
                "--targets marks targets on a picture (png, svg, pdf); for the targets as "
                "GeoJSON or KML: python -m ranges targets --format geojson|kml"
            )
        from ranges.targets.measure import measure_targets
        from ranges.targets.sources import load_target_lists

        measures = measure_targets(load_target_lists(args.targets), systems, points, areas)
    return ExportData(
        rings=build_rings(points, systems, areas),
        systems=systems,
        points=points,
        units=args.units,
        title=title,
        borders=args.borders,
        targets=measures,
    )


def _areas(texts: Sequence[str], err: TextIO, borders: str) -> list:
    """The launch areas of ``--area`` (forms or files), notes of repairs on standard error."""
    if not texts:
        return []
    from ranges.geometry.areas import MAX_AREAS, parse_area_or_file

    areas = []
    for text in texts:
        for area in parse_area_or_file(text, borders=borders):
            if area.note:
                print(f"note: {area.label}: {area.note}", file=err)
            areas.append(area)
    if len(areas) > MAX_AREAS:
        raise UsageError(f"at most {MAX_AREAS} launch areas (got {len(areas)})")
    return areas


PICTURE_FORMATS = ("png", "svg", "pdf")
"""The rings' formats that ``rings --targets`` marks targets on."""
# ``--output`` extensions that name a format other than by the format's own name.
EXTENSION_ALIASES = {"rings": {"json": "geojson", "htm": "html"}}


def _format_name(args: argparse.Namespace) -> str:
    """``--format`` as given; without it, the ``--output`` file's extension when it names one of
    the command's formats (``map.png``, ``cities.json``), the command's first format (GeoJSON,
    CSV) when there is no extension or no file. An extension the command does not write
    (``x.docx``) is a :class:`UsageError` rather than a file of another format under that name."""
    if args.format is not None:
        return args.format
    output = getattr(args, "output", None)
    names = [f.name for f in formats_for(COMMAND_NEEDS[args.command], cli=True)]
    if output is None or not output.suffix:
        return names[0]
    extension = output.suffix[1:].lower()
    name = EXTENSION_ALIASES.get(args.command, {}).get(extension, extension)
    if name in names:
        return name
    raise UsageError(
        f"--output {output.name}: {args.command} does not write .{extension} files; "
        f"give one of {', '.join('.' + n for n in names)} or --format"
    )


def run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Run one command; returns the exit status. Raises :class:`UsageError` on bad input."""
    args = _parser().parse_args(_join_negative_values(argv))
    catalogue = _catalogue(args.catalogue)
    data = _export_data(args, catalogue, err)
    fmt = format_named(COMMAND_NEEDS[args.command], _format_name(args))
    output = getattr(args, "output", None)
    if output is not None:
        _write_file(fmt, data, output)
        return 0
    buffer = getattr(out, "buffer", None)
    if fmt.bytes_writer and buffer is not None:  # the reach CSV: streamed, as to a file
        out.flush()
        for part in fmt.write_bytes(data):
            buffer.write(part)
        buffer.flush()
        return 0
    result = fmt.write(data)
    if isinstance(result, bytes):  # a picture: bytes to a pipe or a file, never to a terminal
        if buffer is None or out.isatty():
            raise UsageError(f"--format {fmt.name} is a binary file: give --output FILE")
        out.flush()
        buffer.write(result)
        buffer.flush()
    else:
        out.write(result)
    return 0


def _write_file(fmt: ExportFormat, data: ExportData, output: Path) -> None:
    parts = iter(fmt.write_bytes(data))  # bad data fails here, before the file is opened
    try:
        with output.open("wb") as file:
            for part in parts:  # written while the next part is made
                file.write(part)
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc
    except BaseException:
        output.unlink(missing_ok=True)  # no half-written file behind an internal fault
        raise
    finally:
        close = getattr(parts, "close", None)
        if close is not None:  # a stream stopped early: its worker threads stop too
            close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m ranges``."""
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):  # names and sources are not ASCII
            stream.reconfigure(encoding="utf-8")
    try:
        return run(argv, sys.stdout, sys.stderr)
    except RangemapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # an internal fault: still one line, unless debugging
        if os.environ.get("RANGEMAP_DEBUG"):
            raise
        print(f"error: internal error ({type(exc).__name__}): {exc}", file=sys.stderr)
        return 1
