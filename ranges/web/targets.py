"""The targets on the live map: a layer of diamonds, not dots, so they never pass for towns.

A target that some shown system reaches is a diamond filled in the colour of the
shortest-ranged system that reaches it (the innermost ring it lies in); one that none reaches is
a hollow diamond. Hovering shows its name, kind and country and, per system, the margin ("in
range by 120 km, from Kyiv", "short by 40 km (nearest: Kyiv)").

Lists run to 64,115 targets (every open airfield), so the layer is compact: the targets travel
as one JSON table of numbers and short texts (:func:`wire_data`: whole ten-thousandths of a
degree, latitudes as differences, kind, country and a name's common ending as one index, a
system's margins as one offset where they differ from the first system's by a constant), and
the browser makes the markers and, on hover, the tooltips (``js/target_markers.js``), with
names as DOM text, never parsed as HTML. At most :data:`TARGET_MARKERS` are marked, chosen
evenly over the map (:func:`marked_targets`): every one-degree cell's first target before any
cell's second, targets in range before those out of range.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import folium
import numpy as np
from branca.element import MacroElement
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from ranges.catalogue.systems import System
from ranges.style import TARGET_INK, system_color
from ranges.targets.measure import TargetMeasures
from ranges.units import from_km
from ranges.web.scripts import script

__all__ = [
    "CELL_DEG",
    "CROWD",
    "KIND_ORDER",
    "TARGET_MARKERS",
    "TIP_SYSTEMS",
    "MarkedTargets",
    "TargetMarkers",
    "kind_text",
    "marked_targets",
    "target_data",
    "targets_group",
    "targets_layer",
    "wire_data",
]

TARGET_MARKERS = 400
"""Targets marked on the map at most: 400 diamonds are about 18 kB of data (names and margins
of four systems, :func:`wire_data`) and readable at a country's scale; the Targets tab lists
every one."""
CELL_DEG = 1.0
"""The thinning's cells (degrees of latitude and longitude): one target a cell before two."""
TIP_SYSTEMS = 8
"""The tooltip's lines are for the first this many shown systems (then "and N more")."""
CROWD = 100
"""More marked targets than this are drawn smaller (11 px diamonds, not 14): a country's worth
of them still leaves the rings and the launch area's outline readable."""
KIND_ORDER = (
    "large_airport",
    "medium_airport",
    "small_airport",
    "heliport",
    "seaplane_base",
    "balloonport",
)
"""Kinds marked first within a cell (OurAirports' types, largest first); any other kind after."""
NAME_ENDINGS = (
    "",
    " International Airport",
    " Naval Air Station",
    " Air Force Base",
    " Army Airfield",
    " Air Station",
    " Air Base",
    " Airbase",
    " Airport",
    " Airfield",
    " Aerodrome",
    " Heliport",
)
"""Endings a name sheds on the way to the browser (it adds them back): of the 400 military
airfields marked from Kyiv, 326 end in " Air Base" and 54 in " Airport" (3.5 of 30 kB)."""
_FAR_M = 4.0e7  # metres: farther than any point of the Earth from another
_COLOR = re.compile(r"#[0-9a-fA-F]{3,8}")
_FALLBACK = "#555555"


def kind_text(kind: str) -> str:
    """A kind as a reader says it: ``"small_airport"`` -> ``"small airport"``."""
    return kind.replace("_", " ")


@dataclass(frozen=True)
class MarkedTargets:
    """Which targets the map marks: ``rows`` (indexes into the list, in drawing order) of
    ``total``; ``reached`` of them in range of some shown system, ``reached_total`` in all."""

    rows: np.ndarray
    total: int
    reached: int
    reached_total: int

    @property
    def thinned(self) -> bool:
        return self.rows.size < self.total


def _reached(measures: TargetMeasures) -> np.ndarray:
    n = len(measures.targets)
    out = np.zeros(n, dtype=bool)
    for m in measures.systems:
        out |= np.asarray(m.in_range, dtype=bool)
    return out


def marked_targets(measures: TargetMeasures, limit: int = TARGET_MARKERS) -> MarkedTargets:
    """The targets to mark, at most ``limit``, spread over the map: targets in range (at least
    three quarters of the markers, if they are that many) and out of range apart, each
    ``CELL_DEG`` cell's first target before any cell's second; within a cell larger kinds
    (:data:`KIND_ORDER`) and nearer targets first. Those out of range are drawn first (the
    filled diamonds on top)."""
    t = measures.targets
    n = len(t)
    reached = _reached(measures)
    if n <= limit:
        rows = np.arange(n)
        # the hollow ones first: the filled ones are drawn on top of them
        rows = np.concatenate([rows[~reached], rows[reached]])
        return MarkedTargets(rows, n, int(reached.sum()), int(reached.sum()))
    lats = np.asarray(t.lats, dtype=float)
    lons = np.asarray(t.lons, dtype=float)
    cell = np.floor(lats / CELL_DEG).astype(np.int64) * 1000 + np.floor(
        (lons + 180.0) / CELL_DEG
    ).astype(np.int64)
    kinds = np.array(t.kinds, dtype=object)
    kind = np.full(n, len(KIND_ORDER), dtype=np.int64)
    for rank_of_kind, name in enumerate(KIND_ORDER):
        kind[kinds == name] = rank_of_kind
    # Nearer first within a (group, kind): metres as a fraction of a unit (one argsort of a
    # float key costs a sixth of np.lexsort's three keys; the key stays exact below 2**53).
    near = np.nan_to_num(np.asarray(measures.nearest_m, dtype=float), posinf=_FAR_M)
    near = np.clip(near, 0.0, _FAR_M) / (2.0 * _FAR_M)
    # Cells of targets in range and out of range apart: the rank counts within each.
    group = cell * 2 + (~reached).astype(np.int64)
    order = np.argsort((group * 8 + kind).astype(float) + near, kind="stable")
    sorted_group = group[order]
    starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
    sizes = np.diff(np.r_[starts, n])
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - np.repeat(starts, sizes)
    order = np.argsort((rank * 8 + kind).astype(float) + near, kind="stable")
    inside, outside = order[reached[order]], order[~reached[order]]
    # Those out of range keep a quarter of the markers (if they are that many): the map shows
    # where the reach ends, not only what it holds.
    take_in = min(inside.size, limit - min(outside.size, limit // 4))
    take_out = limit - take_in
    rows = np.concatenate([outside[:take_out], inside[:take_in]])
    return MarkedTargets(rows, n, take_in, int(reached.sum()))


def _color(text: str) -> str:
    return text if _COLOR.fullmatch(text) else _FALLBACK


def _number(value: float) -> int | None:
    return round(value) if math.isfinite(value) else None


def target_data(
    measures: TargetMeasures, systems: Sequence[System], units: str, rows: np.ndarray
) -> dict:
    """What ``js/target_markers.js`` draws (the format is in its header): the marked ``rows``
    of ``measures``, margins in ``units`` rounded to whole units, coordinates to 4 decimals
    (11 m). ``systems`` are the shown systems in the app's order (their colours)."""
    t = measures.targets
    colors = {s.id: _color(system_color(s, i)) for i, s in enumerate(systems)}
    shown = measures.systems
    tip = shown[:TIP_SYSTEMS]
    # The fill: the shortest-ranged system that reaches the target.
    by_range = sorted(range(len(shown)), key=lambda j: shown[j].system.max_range_km)
    fills = [colors.get(shown[j].system.id, _FALLBACK) for j in by_range]
    fill = np.full(len(t), -1, dtype=np.int64)
    for k in reversed(range(len(by_range))):
        fill[np.asarray(shown[by_range[k]].in_range, dtype=bool)] = k
    mask = np.zeros(len(t), dtype=np.int64)
    for j, m in enumerate(tip):
        mask |= np.asarray(m.in_range, dtype=np.int64) << j
    per_launch = len(measures.labels) > 1
    kinds = sorted({t.kinds[i] for i in rows})
    countries = sorted({t.countries[i] for i in rows})
    kind_index = {k: i for i, k in enumerate(kinds)}
    country_index = {c: i for i, c in enumerate(countries)}
    margins = [from_km(m.margin_km[rows], units) for m in tip]
    launches = [np.asarray(m.launch)[rows] for m in tip]
    lats = np.round(np.asarray(t.lats, dtype=float)[rows], 4)
    lons = np.round(np.asarray(t.lons, dtype=float)[rows], 4)
    out_rows = []
    for k, i in enumerate(rows.tolist()):
        row: list = [
            float(lats[k]),
            float(lons[k]),
            t.names[i],
            kind_index[t.kinds[i]],
            country_index[t.countries[i]],
            int(mask[i]),
            int(fill[i]),
        ]
        row += [_number(float(mg[k])) for mg in margins]
        if per_launch:
            row += [int(x[k]) for x in launches]
        out_rows.append(row)
    return {
        "unit": units,
        "systems": [{"name": m.system.label} for m in tip],
        "more": max(0, len(shown) - len(tip)),
        "launches": list(measures.labels),
        "kinds": [kind_text(k) for k in kinds],
        "countries": countries,
        "fills": fills,
        "ink": TARGET_INK,
        "size": 14 if len(rows) <= CROWD else 11,
        "perLaunch": per_launch,
        "rows": out_rows,
    }


def _ending(name: str) -> int:
    """The index in :data:`NAME_ENDINGS` of the longest ending ``name`` has beyond some text of
    its own (0: none)."""
    fits = [i for i, e in enumerate(NAME_ENDINGS) if len(name) > len(e) and name.endswith(e)]
    return max(fits, key=lambda i: len(NAME_ENDINGS[i]), default=0)


def _offsets(margins: list[list]) -> list[int | None]:
    """Per system, None where its margins are sent, else the constant that the first system's
    margins plus it makes (null where the first is null): from one launch point, systems
    without a minimum range differ by the difference of their ranges."""
    out: list[int | None] = [None]
    for column in margins[1:]:
        if any((a is None) != (b is None) for a, b in zip(margins[0], column, strict=True)):
            out.append(None)
            continue
        diffs = {b - a for a, b in zip(margins[0], column, strict=True) if a is not None}
        out.append(diffs.pop() if len(diffs) == 1 else 0 if not diffs else None)
    return out


def wire_data(data: dict) -> dict:
    """:func:`target_data` as the page sends it to ``js/target_markers.js``, which makes its
    rows again. Each row: ``[latitude - the previous row's, longitude, name without its
    ending, code, margins sent..., launch index per system... (only where perLaunch)]``:
    coordinates in whole ten-thousandths of a degree, rows by latitude, hollow ones first (the
    map stacks them by ``zIndexOffset`` and latitude, not by order); ``code`` is
    ``((((country * kinds + kind) * endings + ending) * 2**systems + mask) * (fills + 1) +
    fill + 1`` (``kinds``, ``endings``, ``fills``: the lengths of those tables, at least 1;
    ``systems``: of ``systems``); ``endings`` the table :data:`NAME_ENDINGS`; ``offsets`` per
    system None (its margin is sent, in order) or a constant added to the first system's
    margin. Every other key as in :func:`target_data`. The 400 military airfields marked from
    Kyiv with four systems: 29.8 kB of JSON in the rows' form, 15.9 in this one."""
    rows = data["rows"]
    n = len(data["systems"])
    margins = [[row[7 + j] for row in rows] for j in range(n)]
    offsets = _offsets(margins)
    sent = [j for j in range(n) if offsets[j] is None]
    n_kinds = max(1, len(data["kinds"]))
    n_fills = len(data.get("fills", ())) + 1
    order = sorted(range(len(rows)), key=lambda i: (rows[i][6] >= 0, rows[i][0]))
    out_rows = []
    previous = 0
    for i in order:
        row = rows[i]
        lat = round(row[0] * 10_000)
        ending = _ending(row[2])
        code = (row[4] * n_kinds + row[3]) * len(NAME_ENDINGS) + ending
        code = ((code << n) + row[5]) * n_fills + row[6] + 1
        name = row[2][: len(row[2]) - len(NAME_ENDINGS[ending])]
        out = [lat - previous, round(row[1] * 10_000), name, code]
        out += [row[7 + j] for j in sent]
        out += row[7 + n :]
        out_rows.append(out)
        previous = lat
    return {
        **{k: v for k, v in data.items() if k != "rows"},
        "endings": list(NAME_ENDINGS),
        "offsets": offsets,
        "rows": out_rows,
    }


class TargetMarkers(MacroElement):
    """The marked targets, drawn by the browser into the parent layer (``js/target_markers.js``).

    ``data`` is :func:`target_data`'s; the page gets its :func:`wire_data`, written as
    ``tojson`` writes it (``<``, ``>``, ``&`` and ``'`` as ``\\u``
    escapes: no name can end the script or start markup) but without spaces after separators,
    an eighth of the layer's bytes."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.js }}({{ this._parent.get_name() }}, {{ this.data_json }});
        {% endmacro %}
        """
    )

    def __init__(self, data: dict) -> None:
        super().__init__()
        self._name = "TargetMarkers"
        self.data = data
        self.data_json = htmlsafe_json_dumps(
            wire_data(data), separators=(",", ":"), ensure_ascii=False
        )
        self.js = script("target_markers")


def layer_name(marked: MarkedTargets) -> str:
    """The layer's name in the layer control (numbers only: the control shows it as HTML)."""
    if marked.thinned:
        return f"Targets ({marked.rows.size:,} of {marked.total:,} marked)"
    return f"Targets ({marked.total:,})"


def targets_group(data: dict, marked: MarkedTargets) -> folium.FeatureGroup:
    """The layer of ``data`` (:func:`target_data` of the ``marked`` targets)."""
    group = folium.FeatureGroup(name=layer_name(marked), show=True)
    TargetMarkers(data).add_to(group)
    return group


def targets_layer(
    measures: TargetMeasures,
    systems: Sequence[System],
    units: str,
    *,
    limit: int = TARGET_MARKERS,
) -> tuple[folium.FeatureGroup, MarkedTargets]:
    """The targets' layer (see the module docstring) and which of them it marks."""
    marked = marked_targets(measures, limit)
    return targets_group(target_data(measures, systems, units, marked.rows), marked), marked
