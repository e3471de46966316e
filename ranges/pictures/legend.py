"""The map's legend: each system's colour and range, and the launch marks, upper left."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ranges.pictures.captions import range_text, short_text
from ranges.pictures.figure import INK
from ranges.style import TARGET_INK

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.catalogue.systems import System
    from ranges.geometry.rings import Ring

__all__ = ["draw_legend"]


def draw_legend(
    ax: Axes,
    systems: Sequence[System],
    rings: Sequence[Ring],
    colors: dict[str, str],
    dashed: set[str],
    units: str,
    points: bool,
    areas: bool,
    targets: tuple[bool, bool] = (False, False),
) -> Any:
    """The legend of ``systems`` (in their ``colors``; dashed when their rings share an outline
    with another's), with a launch point's and a launch area's mark when there are any, and the
    targets' diamonds (``targets``: filled ones drawn, hollow ones drawn); titled
    "Range" when a ring has a minimum range, else "Maximum range". Returns the legend."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = []
    any_min = False
    for system in systems:
        ring = next(r for r in rings if r.system.id == system.id)
        any_min = any_min or ring.min_range_km > 0
        handles.append(
            Patch(
                facecolor=colors[system.id] + "40",
                edgecolor=colors[system.id],
                linewidth=1.4,
                linestyle=(0, (3, 1.5)) if system.id in dashed else "solid",
                label=f"{short_text(system.label)}: "
                + range_text(ring.min_range_km, ring.max_range_km, units),
            )
        )
    if points:
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markerfacecolor=INK,
                markeredgecolor="white",
                markersize=5,
                label="Launch point",
            )
        )
    if areas:
        handles.append(
            Patch(facecolor="#1a1a1a26", edgecolor=INK, hatch="////", label="Launch area")
        )
    for drawn, face, label in (
        (targets[0], "#888888", "Target in range"),
        (targets[1], "none", "Target out of range"),
    ):
        if drawn:
            handles.append(
                Line2D(
                    [],
                    [],
                    marker="D",
                    linestyle="none",
                    markerfacecolor=face,
                    markeredgecolor=TARGET_INK,
                    markeredgewidth=0.8,
                    markersize=4.5,
                    label=label,
                )
            )
    legend = ax.legend(
        handles=handles,
        loc="upper left",
        title="Range" if any_min else "Maximum range",
        fontsize=6.8,
        title_fontsize=7.2,
        framealpha=0.93,
        edgecolor="#999999",
        fancybox=False,
        ncols=2 if len(handles) > 12 else 1,
        borderpad=0.6,
        handlelength=2.2,
    )
    legend.set_zorder(8)
    legend.get_title().set_weight("bold")
    return legend
