"""The targets on a ring map: diamonds, filled in range, a few named, the rest counted.

What is drawn (docs/pictures.md, "Targets"):

* every target in range of a drawn system, as a diamond filled in the colour of the
  shortest-ranged system that reaches it (the live map's look, :mod:`ranges.web.targets`);
* targets out of range as hollow diamonds when at most :data:`MAX_HOLLOW` of them lie in the
  picture (a short list of one's own shows where each stands); more are left out (every open
  airfield would cover Europe in outlines) and the footer says how many;
* up to :data:`MAX_NAMES` of those in range named, each only where its name covers nothing
  already placed (:func:`ranges.pictures.labels.place_label`): a list of one's own in its own
  order (the first listed matter most), the built-in sets at the edge of each system's reach
  first (the farthest each system reaches, in turns);
* one footer line: how many are in range, how many named "and N more targets in range", and
  how many out of range are not drawn.

Names are untrusted: :func:`ranges.pictures.captions.short_text` puts them on one line, and the
figure draws text as text (no TeX, SVG text escaped: :mod:`ranges.pictures.figure`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely

from ranges.pictures.captions import short_text
from ranges.pictures.figure import INK
from ranges.pictures.labels import dot_boxes, place_label
from ranges.style import TARGET_INK

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ranges.pictures.canvas.frame import Frame
    from ranges.pictures.labels import LabelRoom
    from ranges.targets.measure import TargetMeasures

__all__ = [
    "MAX_HOLLOW",
    "MAX_NAMES",
    "TargetPlan",
    "draw_target_labels",
    "draw_targets",
    "plan_targets",
    "target_footer",
]

MAX_NAMES = 12
"""Targets named on one map, at most."""
CANDIDATES = 60
"""The targets in range tried for a name, in order (see the module docstring)."""
MAX_HOLLOW = 300
"""Targets out of range drawn (hollow) when no more than this many lie in the picture."""
MAX_KEPT_DOTS = 500
"""Diamonds that names must not cover, at most (beyond, the check would cost seconds)."""
OFFSETS = ((5, 2), (-5, 2), (5, -2), (-5, -2), (0, 6), (0, -6))
"""Where a target's name may go (points from its diamond), first free one wins."""


@dataclass(frozen=True)
class TargetPlan:
    """What of the targets the picture draws: ``rows`` (indexes into the list) at ``xy`` (the
    frame's metres), ``fills`` (a colour, or "none": hollow); ``reached``: in range of a drawn
    system, in the whole list; ``total``: the list's length; ``hollow_left_out``: out of range,
    in the picture, not drawn."""

    rows: np.ndarray
    xy: np.ndarray
    fills: list[str]
    reached: int
    total: int
    hollow_left_out: int

    @property
    def any_filled(self) -> bool:
        return any(f != "none" for f in self.fills)

    @property
    def any_hollow(self) -> bool:
        return "none" in self.fills


def _fill_colors(measures: TargetMeasures, colors: dict[str, str]) -> list[str]:
    """Per target: the colour of the shortest-ranged system that reaches it, or "none"."""
    fills = np.full(len(measures.targets), "none", dtype=object)
    for m in sorted(measures.systems, key=lambda m: -m.system.max_range_km):
        fills[np.asarray(m.in_range, dtype=bool)] = colors.get(m.system.id, INK)
    return list(fills)


def plan_targets(frame: Frame, measures: TargetMeasures, colors: dict[str, str]) -> TargetPlan:
    """Which targets the picture draws, where, in which fill (see the module docstring);
    ``colors``: each drawn system's colour by id."""
    t = measures.targets
    lats = np.asarray(t.lats, dtype=float)
    lons = np.asarray(t.lons, dtype=float)
    fills = _fill_colors(measures, colors)
    reached = np.array([f != "none" for f in fills], dtype=bool)
    inside = np.ones(len(t), dtype=bool)
    if frame.cap is not None:
        inside = shapely.contains_xy(frame.cap, lons, lats) | shapely.intersects_xy(
            frame.cap, lons, lats
        )
    x = np.full(len(t), np.nan)
    y = np.full(len(t), np.nan)
    if inside.any():
        x[inside], y[inside] = frame.transformer().transform(lons[inside], lats[inside])
    xmin, ymin, xmax, ymax = frame.box
    with np.errstate(invalid="ignore"):
        inside &= (x >= xmin) & (x <= xmax) & (y >= ymin) & (y <= ymax)
    hollow = inside & ~reached
    draw_hollow = int(hollow.sum()) <= MAX_HOLLOW
    keep = (inside & reached) | (hollow if draw_hollow else False)
    # the hollow first: the filled ones are drawn on top of them
    rows = np.concatenate([np.flatnonzero(keep & ~reached), np.flatnonzero(keep & reached)])
    return TargetPlan(
        rows=rows,
        xy=np.column_stack([x[rows], y[rows]]) if rows.size else np.empty((0, 2)),
        fills=[fills[i] for i in rows],
        reached=int(reached.sum()),
        total=len(t),
        hollow_left_out=0 if draw_hollow else int(hollow.sum()),
    )


def _marker_size(count: int) -> float:
    """The diamonds' area (points squared): smaller as they get more."""
    return 26.0 if count <= 200 else 14.0 if count <= 2_000 else 4.0


def draw_targets(ax: Axes, plan: TargetPlan) -> None:
    """The planned diamonds on ``ax``: over the rings, under the labels."""
    if not plan.rows.size:
        return
    size = _marker_size(plan.rows.size)
    filled = np.array([f != "none" for f in plan.fills], dtype=bool)
    if (~filled).any():
        ax.scatter(
            plan.xy[~filled, 0],
            plan.xy[~filled, 1],
            s=size,
            marker="D",
            facecolors="none",
            edgecolors=TARGET_INK,
            linewidths=0.8,
            zorder=6.2,
        )
    if filled.any():
        ax.scatter(
            plan.xy[filled, 0],
            plan.xy[filled, 1],
            s=size,
            marker="D",
            c=[f for f, keep in zip(plan.fills, filled, strict=True) if keep],
            edgecolors=TARGET_INK,
            linewidths=0.6 if size > 10 else 0.2,
            zorder=6.3,
        )


def _name_order(measures: TargetMeasures, plan: TargetPlan) -> list[int]:
    """The planned targets in range in the order they are tried for a name (indexes into the
    plan): a list of one's own as listed (its first targets matter most); a built-in set at
    the edge of each system's reach first: per system (shortest range first) the targets it is
    the shortest to reach, smallest margin first, taken in turns, one of each system a turn."""
    filled = [k for k, f in enumerate(plan.fills) if f != "none"]
    if not measures.targets.sets:
        return sorted(filled, key=lambda k: int(plan.rows[k]))
    rows = plan.rows
    tier = np.full(rows.size, -1, dtype=np.int64)
    margin = np.full(rows.size, np.inf)
    for j, m in enumerate(sorted(measures.systems, key=lambda m: m.system.max_range_km)):
        new = (tier < 0) & np.asarray(m.in_range, dtype=bool)[rows]
        tier[new] = j
        margin[new] = m.margin_km[rows][new]
    turn = np.zeros(rows.size, dtype=np.int64)
    for j in set(tier[filled].tolist()):
        members = [k for k in filled if tier[k] == j]
        for place, k in enumerate(sorted(members, key=lambda k: (margin[k], int(rows[k])))):
            turn[k] = place
    return sorted(filled, key=lambda k: (int(turn[k]), int(tier[k])))


def draw_target_labels(
    room: LabelRoom,
    renderer: Any,
    measures: TargetMeasures,
    plan: TargetPlan,
    limit: int = MAX_NAMES,
) -> list[str]:
    """Name up to ``limit`` of the planned targets in range, each only where its name covers
    nothing taken in ``room``; returns the names drawn. The diamonds are taken first (up to
    :data:`MAX_KEPT_DOTS`), so no name covers another target."""
    if plan.rows.size <= MAX_KEPT_DOTS:
        dot_boxes(room, [tuple(p) for p in plan.xy], radius_px=3.5)
    drawn: list[str] = []
    names = measures.targets.names
    for k in _name_order(measures, plan)[:CANDIDATES]:
        if len(drawn) >= limit:
            break
        xy = (float(plan.xy[k, 0]), float(plan.xy[k, 1]))
        name = names[int(plan.rows[k])]
        label = place_label(
            room,
            renderer,
            [(xy, offset) for offset in OFFSETS],
            short_text(name, 30),
            required=False,
            fontsize=6.2,
            color=INK,
            weight="bold",
        )
        if label is not None:
            drawn.append(name)
    return drawn


def target_footer(plan: TargetPlan, named: Sequence[str]) -> str:
    """The footer's line about the targets: how many are in range (of the list), how many
    named, the rest counted, and those out of range in the picture (drawn hollow, or not)."""
    words = f"Targets: {plan.reached:,} of {plan.total:,} in range of a system drawn"
    words += " (filled diamonds)" if plan.reached else ""
    rest = plan.reached - len(named)
    if named:
        words += f"; {len(named):,} named"
        if rest > 0:
            words += f" and {rest:,} more targets in range"
    hollow = plan.fills.count("none")
    if hollow:
        words += f"; {hollow:,} out of range in the picture (hollow diamonds)"
    if plan.hollow_left_out:
        words += f"; {plan.hollow_left_out:,} out of range in the picture not drawn"
    return words + "."
