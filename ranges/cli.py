"""The command line: ``python -m ranges systems|rings|reach`` (INTERFACES.md section 2).

Bad input exits with status 2 and a single ``error: ...`` line on standard error, never a
traceback; notes (an ambiguous place name, say) go to standard error as ``note: ...`` lines so
that standard output stays machine-readable.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

from ranges.catalogue import Catalogue, System, load_catalogue
from ranges.errors import RangemapError, UsageError
from ranges.export import reach_csv, reach_json, to_geojson, to_html, to_kml
from ranges.gazetteer import default_gazetteer
from ranges.places import LaunchPoint, parse_point
from ranges.reach import reach_rows
from ranges.rings import build_rings

EXIT_BAD_INPUT = 2


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
    systems.add_argument("--format", choices=("table", "csv", "json"), default="table")

    rings = commands.add_parser("rings", help="range rings as GeoJSON or KML", allow_abbrev=False)
    _point_and_system_options(rings)
    rings.add_argument("--format", choices=("geojson", "kml", "html"), default="geojson")
    rings.add_argument("--output", type=Path, help="write here instead of standard output")

    reach = commands.add_parser(
        "reach", help="gazetteer cities within range, as CSV or JSON", allow_abbrev=False
    )
    _point_and_system_options(reach)
    reach.add_argument(
        "--min-population", type=_population, default=0, help="only cities of N people or more"
    )
    reach.add_argument("--format", choices=("csv", "json"), default="csv")
    reach.add_argument("--output", type=Path, help="write here instead of standard output")
    return parser


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
        required=True,
        metavar="POINT",
        help="launch point: 'LAT,LON', degrees-minutes-seconds, or a place name",
    )
    parser.add_argument("--catalogue", type=Path, help="a YAML catalogue (default: built-in)")
    parser.add_argument("--range-km", type=float, help="override every chosen system's range")


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
            token == "--from"
            and len(nxt) > 1
            and nxt[0] == "-"
            and (nxt[1].isdigit() or nxt[1] == ".")
        ):
            out.append(f"--from={nxt}")
            i += 2
            continue
        out.append(token)
        i += 1
    return out


def _catalogue(path: Path | None) -> Catalogue:
    return load_catalogue(path)


def _systems(catalogue: Catalogue, specs: Sequence[str], range_km: float | None) -> list[System]:
    chosen = list(catalogue.select(specs))
    if range_km is not None:
        chosen = [s.with_max_range(range_km) for s in chosen]
    return chosen


def _points(texts: Sequence[str], err: TextIO) -> list[LaunchPoint]:
    points = []
    for text in texts:
        resolved = parse_point(text)
        if resolved.note:
            print(f"note: {resolved.note}", file=err)
        points.append(resolved.point)
    return points


def _systems_output(catalogue: Catalogue, fmt: str) -> str:
    rows = [
        {
            "id": s.id,
            "name": s.name,
            "kind": s.kind,
            "min_range_km": s.min_range_km,
            "max_range_km": s.max_range_km,
            "source": s.sources[0].title,
        }
        for s in catalogue.systems
    ]
    if fmt == "json":
        full = [s.model_dump(mode="json", exclude_none=True) for s in catalogue.systems]
        return json.dumps(full, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buf.getvalue()
    headers = ["id", "name", "kind", "range_km", "source"]
    table = [
        [
            r["id"],
            r["name"],
            r["kind"],
            f"{r['min_range_km']:g}-{r['max_range_km']:g}"
            if r["min_range_km"]
            else f"{r['max_range_km']:g}",
            r["source"],
        ]
        for r in rows
    ]
    widths = [max(len(str(row[i])) for row in [headers, *table]) for i in range(len(headers))]
    lines = [
        "  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [headers, *table]
    ]
    return "\n".join(lines) + "\n"


def _write(text: str, output: Path | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {output}: {exc.strerror or exc}") from exc


def run(argv: Sequence[str], out: TextIO, err: TextIO) -> int:
    """Run one command; returns the exit status. Raises :class:`UsageError` on bad input."""
    args = _parser().parse_args(_join_negative_values(argv))
    catalogue = _catalogue(args.catalogue)
    if args.command == "systems":
        _write(_systems_output(catalogue, args.format), None, out)
        return 0
    systems = _systems(catalogue, args.system, args.range_km)
    points = _points(args.points, err)
    if args.command == "reach":
        rows = reach_rows(points, systems, default_gazetteer(), min_population=args.min_population)
        text = reach_json(rows) if args.format == "json" else reach_csv(rows)
    else:
        rings = build_rings(points, systems)
        if args.format == "kml":
            text = to_kml(rings)
        elif args.format == "html":
            text = to_html(rings, systems, points)
        else:
            text = to_geojson(rings)
    _write(text, args.output, out)
    return 0


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
