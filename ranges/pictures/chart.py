"""The chart of people reached as the range grows (:mod:`ranges.reach.growth`), as PNG or SVG.

One curve (people within r of the nearest launch point, in millions), the places on a second
axis as a thin line, and each system's range marked where it falls, with its figure. Same fonts,
style and safety as the map (:mod:`ranges.pictures.figure`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ranges.pictures.captions import short_text
from ranges.pictures.figure import INK, MUTED, check_title, render
from ranges.style import system_color
from ranges.units import KM_PER_UNIT, from_km

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ranges.catalogue.systems import System
    from ranges.reach.growth import Growth

__all__ = ["draw_growth_chart", "growth_picture"]


def _people(n: float) -> str:
    if n >= 1e9:
        return f"{n / 1e9:.2f} bn"
    if n >= 1e6:
        return f"{n / 1e6:.0f} M" if n >= 1e7 and n % 1e6 == 0 else f"{n / 1e6:.1f} M"
    if n >= 1e3:
        return f"{n / 1e3:.0f} k"
    return f"{n:.0f}"


def draw_growth_chart(
    figure: Figure,
    curve: Growth,
    systems: Sequence[System],
    *,
    units: str = "km",
    title: str | None = None,
    launch: str = "the launch points",
    note: str = "",
    today: dt.date | None = None,
) -> None:
    """Draw ``curve`` on ``figure``: people (and places) within each range, ``systems``' ranges
    marked in their colours; ``note`` says where the places come from."""
    from matplotlib.ticker import FuncFormatter

    today = today or dt.datetime.now(dt.UTC).date()
    ranges_km, people, places = curve.curve(300)
    x = from_km(ranges_km, units)
    ax = figure.add_axes((0.1, 0.14, 0.8, 0.7))
    ax.plot(x, people, color=INK, linewidth=1.6, zorder=3, label="People")
    ax.fill_between(x, people, color=INK, alpha=0.06, linewidth=0)
    ax.set_xlim(0, x[-1] if len(x) else 1)
    ax.set_ylim(0, max(1, float(people.max()) if len(people) else 1) * 1.12)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _people(v)))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.set_xlabel(f"Range ({units})")
    ax.set_ylabel("People within range")
    ax.grid(True, color="#dddddd", linewidth=0.5)
    for side in ("top",):
        ax.spines[side].set_visible(False)
    twin = ax.twinx()
    twin.plot(x, places, color="#888888", linewidth=0.9, linestyle=(0, (4, 2)), zorder=2)
    twin.set_ylim(0, max(1, float(places.max()) if len(places) else 1) * 1.12)
    twin.set_ylabel("Places within range (dashed)", color="#666666")
    twin.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    twin.spines["top"].set_visible(False)
    order = {s.id: i for i, s in enumerate(systems)}
    seen: dict[float, int] = {}
    top = ax.get_ylim()[1]
    for k, mark in enumerate(sorted(curve.marks, key=lambda m: m.max_range_km)):
        system = next((s for s in systems if s.id == mark.system_id), None)
        color = system_color(system, order[mark.system_id]) if system else INK
        xm = from_km(mark.max_range_km, units)
        stack = seen.get(round(mark.max_range_km, 3), 0)
        seen[round(mark.max_range_km, 3)] = stack + 1
        ax.axvline(xm, color=color, linewidth=1.2, linestyle=(stack * 3, (3, 3)), zorder=4)
        at_people, _ = curve.at(mark.max_range_km)
        ax.plot([xm], [at_people], marker="o", color=color, markersize=4, zorder=5)
        digits = 0 if mark.max_range_km / KM_PER_UNIT[units] >= 20 else 1
        text = (
            f"{short_text(mark.name, 28)}, "
            f"{from_km(mark.max_range_km, units):,.{digits}f} {units}: "
            f"{_people(mark.people)} people, {mark.places:,} places"
        )
        ax.annotate(
            text,
            (xm, top * (0.97 - 0.075 * (k % 11))),
            xytext=(3, 0),
            textcoords="offset points",
            fontsize=6.2,
            color=color,
            va="top",
            ha="left" if xm < 0.6 * (x[-1] if len(x) else 1) else "right",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=6,
        )
    figure.text(
        0.1,
        0.965,
        title or f"People within range of {short_text(launch, 60)} as the range grows",
        fontsize=11,
        weight="bold",
        color=INK,
        va="top",
    )
    figure.text(
        0.1,
        0.895,
        "Each place counted once, at its distance from the nearest launch point "
        "(geodesic, WGS-84).",
        fontsize=6.5,
        color=MUTED,
    )
    figure.text(
        0.1,
        0.02,
        f"{note} Made with rangemap, {today.isoformat()}.".strip(),
        fontsize=5.6,
        color=MUTED,
    )


def growth_picture(
    curve: Growth,
    systems: Sequence[System],
    fmt: str,
    *,
    units: str = "km",
    title: str | None = None,
    launch: str = "the launch points",
    note: str = "",
    today: dt.date | None = None,
) -> bytes:
    """The chart as a ``fmt`` (png, svg, pdf) file, 1500 x 900 pixels."""
    title = check_title(title)
    return render(
        lambda fig: draw_growth_chart(
            fig, curve, systems, units=units, title=title, launch=launch, note=note, today=today
        ),
        fmt,
        width_px=1500,
        height_px=900,
    )
