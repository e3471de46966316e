"""Pictures: the static map of the default scenario as PNG, SVG and PDF, made in-process.

Each is the median of several runs after a warm-up (matplotlib imported, the borders read and
simplified once per process, as in a running app). The baseline in the same run is matplotlib's
floor: a blank figure of the same size saved as a PNG. The people-in-range curve
(:func:`ranges.reach.growth.growth`) of the default scenario over cities500 is timed too.
"""

from __future__ import annotations

import statistics
import time

from bench.common import median_seconds

TARGET_S = 1.5
FORMATS = ("png", "svg", "pdf")


def _cpu_seconds(fn, repeat: int = 5) -> float:
    """Median CPU time of this process for ``fn()`` (a busy machine stretches wall time only)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def run() -> list[tuple[str, str, str, str]]:
    from ranges.catalogue.systems import load_catalogue
    from ranges.geometry.rings import build_rings
    from ranges.pictures.figure import render
    from ranges.pictures.ringmap import rings_picture
    from ranges.places.extracts import default_gazetteer
    from ranges.places.points import LaunchPoint
    from ranges.reach.growth import growth

    systems = list(load_catalogue().select(["all"]))
    kyiv = LaunchPoint(50.4501, 30.5234, "Kyiv")
    rings = build_rings([kyiv], systems)
    rows = []
    for fmt in FORMATS:
        size = len(rings_picture(rings, systems, fmt))
        seconds = median_seconds(lambda f=fmt: rings_picture(rings, systems, f), repeat=5)
        cpu = _cpu_seconds(lambda f=fmt: rings_picture(rings, systems, f))
        rows.append(
            (
                f"picture of the default scenario, {fmt.upper()} (in-process)",
                f"{seconds * 1e3:.0f} ms (CPU {cpu * 1e3:.0f} ms; {size / 1e3:.0f} kB)",
                f"< {TARGET_S:g} s",
                "ok" if seconds < TARGET_S else "MISSED",
            )
        )
    floor = median_seconds(lambda: render(lambda fig: None, "png"), repeat=5)
    rows.append(
        (
            "  baseline: a blank figure of the same size saved as PNG",
            f"{floor * 1e3:.0f} ms",
            "",
            "baseline",
        )
    )
    places = default_gazetteer("cities500")
    curve_s = median_seconds(lambda: growth([kyiv], systems, places), repeat=5)
    rows.append(
        (
            "people-in-range curve, default scenario, cities500",
            f"{curve_s * 1e3:.0f} ms ({len(growth([kyiv], systems, places).distance_km):,} places)",
            "",
            "",
        )
    )
    return rows


if __name__ == "__main__":
    from bench.common import table

    print(table(run()))
