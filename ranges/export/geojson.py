"""RFC 7946 GeoJSON of the range rings (docs/INTERFACES.md section 2)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ranges.export import ExportData
from ranges.geometry.rings import Ring, feature_collection


def to_geojson(rings: Sequence[Ring], *, indent: int | None = None) -> str:
    """The rings as a GeoJSON FeatureCollection string (NaN and infinity are refused)."""
    return json.dumps(feature_collection(rings), indent=indent, allow_nan=False) + "\n"


def write(data: ExportData) -> str:
    """The registry's writer: :func:`to_geojson` of ``data.rings``."""
    return to_geojson(data.rings)
