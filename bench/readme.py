"""The performance table of docs/performance.md, written by ``make bench`` so that it cannot
go stale.

:data:`MEASURES` declares every measure the bench prints, in order; ``python -m bench`` checks
its rows against it and writes them into :data:`DOC` between :data:`START` and :data:`END`.
A unit test (tests/test_bench_readme.py) checks, without running anything, that the document's
table names exactly these measures: a measure renamed, added or dropped here forces the table
to be regenerated (or edited) in the same change.
"""

from __future__ import annotations

from pathlib import Path

DOC = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
"""Where the table is written (it was README.md until the README became a short guide)."""
START = "<!-- bench:start -->"
END = "<!-- bench:end -->"
HEADER = ("measure", "median", "target", "")

_EXTRACTS_TIMED = ("cities15000", "cities500")
_EXTRACTS_ALL = ("cities15000", "cities1000", "cities500")
_LOAD = "load (20 sessions x 60 s)"
_CAPACITY_LEVELS = (
    10,
    25,
    50,
    100,
    200,
)  # harness.capacity.LEVELS (not imported: no heavy imports)

MEASURES: tuple[str, ...] = (
    # bench/engine.py
    "rings: 20 launch points x 4 systems, to GeoJSON",
    "geopy destination() loop",
    "boundary vertices, vectorised (same work as the loop)",
    "whole rings (vertices, cuts, area, GeoJSON)",
    # bench/reach.py
    *(
        name
        for extract in _EXTRACTS_TIMED
        for name in (
            f"compute_reach 20x4, {extract}, incl. union areas and countries",
            f"  baseline: {extract}, every pair solved (compute_reach + Reach.rows)",
            f"reach rows (the CLI's per-pair table), {extract}",
            f"reach CSV writer, {extract} rows",
        )
    ),
    "slider release, ATACMS range from Kyiv, cities500: compute_reach",
    "slider release, ATACMS range: kept tables (shared_reach)",
    "slider release, 4 systems, Storm Shadow's range from Kyiv, cities500: compute_reach",
    "slider release, 4 systems, Storm Shadow's range: kept tables (shared_reach)",
    "Geod.inv alone, one thread, cities15000 (the floor of a per-pair table)",
    "geopy geodesic() loop over the cities15000 (point, city) pairs",
    "reach rows, cities15000, against the geopy loop",
    "compute_reach, cities15000, against the geopy loop",
    # bench/cli.py
    "CLI start: python -m ranges systems",
    "  baseline: import numpy, pyproj, pydantic, yaml",
    "  ratio (CLI / baseline)",
    *(
        f"CLI whole process reach 20x4 to CSV, {extract}, over systems"
        for extract in _EXTRACTS_TIMED
    ),
    # bench/gazetteer.py
    *(
        name
        for extract in _EXTRACTS_ALL
        for name in (
            f"{extract}: JSON parse (baseline, before the cache)",
            f"{extract}: cache build, once (parse, sections, name index, write)",
            f"{extract}: cache load in a running process",
            f"{extract}: cold process: import, load, lookup (peak memory)",
        )
    ),
    # bench/areas.py (strings spelled out: this module must not import the engine)
    "area rings: Ukraine x 4 systems (3 ranges), GeoJSON",
    "  baseline: union of point rings round the border",
    "  ratio (baseline / area rings)",
    "area reach rows: Ukraine x 4 systems, cities500",
    "area compute_reach: Ukraine x 4, cities500, incl. union areas and countries",
    "  floor: Geod.inv once per city in reach",
    # bench/app.py
    "app run, default (1 point x 4 systems)",
    "app run, heavy (20 points x 4 systems)",
    "map payload, default",
    "map payload, heavy",
    "slider release to ring redrawn (chromium)",
    # bench/areas_app.py
    "slider release to ring redrawn, Ukraine as launch area (chromium)",
    # bench/pictures.py
    "picture of the default scenario, PNG (in-process)",
    "picture of the default scenario, SVG (in-process)",
    "picture of the default scenario, PDF (in-process)",
    "  baseline: a blank figure of the same size saved as PNG",
    "people-in-range curve, default scenario, cities500",
    # bench/targets.py
    "targets: every open airfield x 4 systems, 20 launch points (in-process)",
    "  baseline: every (point, airfield) pair solved (Geod.inv)",
    "  inverse problems solved, screened / every pair",
    "targets: every open airfield x 4 systems, Ukraine as launch area (in-process)",
    "  floor: the area's exact distance to every airfield",
    "CLI whole process targets airfields x 4, --area UKR, over systems",
    "app run with airfields:military, over the same run without",
    "  baseline: app run without targets",
    "page payload with airfields:military, over the same page without",
    # bench/coldstart.py
    "cold server to first ring (chromium, 390x844)",
    # bench/load.py
    f"{_LOAD}: sessions held",
    f"{_LOAD}: actions done",
    f"{_LOAD}: update latency, median",
    f"{_LOAD}: update latency, p95",
    f"{_LOAD}: server RSS",
    f"{_LOAD}: CPU during the load",
    # bench/capacity.py
    *(
        f"capacity, {n} active users: {what}"
        for n in _CAPACITY_LEVELS
        for what in ("slider to map update, p50 / p95", "server RSS", "CPU")
    ),
    "capacity: active users one server holds at p95 < 1 s",
    "burst: 200 sessions open the default link within 5 s",
    # bench/release.py
    *(
        f"slider release, {link}: {what}"
        for link in ("ATACMS from one point", "default scenario (4 systems from Kyiv)")
        for what in ("server CPU", "bytes sent")
    ),
)
"""Every measure ``python -m bench`` prints, in its order."""


def undeclared(rows: list[tuple[str, str, str, str]]) -> list[str]:
    """Differences between the rows' measure names and :data:`MEASURES`, as sentences."""
    names = [r[0] for r in rows]
    problems = [f"not declared in bench/readme.py: {n!r}" for n in names if n not in MEASURES]
    problems += [f"declared but not measured: {n!r}" for n in MEASURES if n not in names]
    if not problems and names != list(MEASURES):
        problems.append("measured in another order than bench/readme.py declares")
    return problems


def _cell(text: str) -> str:
    return text.strip().replace("|", "\\|") or " "


def markdown(rows: list[tuple[str, str, str, str]]) -> str:
    """The rows as a Markdown table (the measure names keep their words, not their indent)."""
    lines = ["| " + " | ".join(HEADER).rstrip() + " |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def replace_table(text: str, rows: list[tuple[str, str, str, str]], note: str = "") -> str:
    """``text`` with everything between the markers replaced by the rows' table (and ``note``
    under it). Raises ``ValueError`` if the markers are missing."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the document has no {START} ... {END} section")
    body = "\n" + markdown(rows) + "\n" + (f"\n{note}\n" if note else "")
    return text[: start + len(START)] + body + text[end:]


def write(rows: list[tuple[str, str, str, str]], note: str = "", path: Path = DOC) -> None:
    """Write the rows' table into ``path`` (docs/performance.md) between the markers."""
    path.write_text(replace_table(path.read_text(encoding="utf-8"), rows, note), encoding="utf-8")


def table_measures(text: str) -> list[str]:
    """The measure names of a generated table in ``text`` (first column, header excluded)."""
    start, end = text.find(START), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the document has no {START} ... {END} section")
    names = []
    for line in text[start:end].splitlines():
        if not line.startswith("| ") or line.startswith(("| measure |", "|---")):
            continue
        names.append(line[2:].split(" | ", 1)[0].replace("\\|", "|"))
    return names
