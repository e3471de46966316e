"""Where a ring is launched from, as a picture draws it: a point or an area, and its label.

A ring may come from a launch point or a launch area; :func:`launch_of` reads a ring's launch
generically (any object with ``lat``/``lon`` or a GeoJSON/shapely ``geometry``, and a
``label``), so the picture does not depend on how the engine models launches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ranges.errors import PictureError
from ranges.pictures.canvas.frame import geo_shape

if TYPE_CHECKING:
    from ranges.geometry.rings import Ring

__all__ = ["Launch", "launch_of", "launches_of"]


@dataclass(frozen=True)
class Launch:
    """Where a ring is launched from: a point (``lat``/``lon``, degrees) or an area (``shape``,
    lon/lat shapely geometry), and its label."""

    label: str
    lat: float | None = None
    lon: float | None = None
    shape: Any = None

    @property
    def key(self) -> tuple:
        return (self.label, self.lat, self.lon, None if self.shape is None else self.shape.wkb)

    @property
    def anchor(self) -> tuple[float, float]:
        """A (lat, lon) that stands for the launch: the point, or a point inside the area."""
        if self.lat is not None and self.lon is not None:
            return self.lat, self.lon
        p = self.shape.representative_point()
        return p.y, p.x


def launch_of(ring: Ring) -> Launch:
    """The launch of ``ring``: its ``point`` (a :class:`ranges.places.points.LaunchPoint`), or an
    area (an object with a ``geometry``: GeoJSON dict or shapely, and a ``label``)."""
    area = getattr(ring, "launch_area", None)  # ranges.geometry.areas.LaunchArea: label, geometry
    if area is not None:
        return Launch(str(area.label), shape=geo_shape(area.geometry))
    site = getattr(ring, "point", None)
    if site is None:
        site = getattr(ring, "area_launch", None) or getattr(ring, "launch", None)
    label = str(getattr(site, "label", "") or "")
    lat, lon = getattr(site, "lat", None), getattr(site, "lon", None)
    if lat is not None and lon is not None:
        return Launch(label, float(lat), float(lon))
    geometry = getattr(site, "geometry", None) or getattr(site, "shape", None)
    if geometry is None:
        raise PictureError(f"cannot draw the launch site of a ring: {label or 'unnamed'}")
    return Launch(label, shape=geo_shape(geometry))


def launches_of(rings: Any) -> list[Launch]:
    """The distinct launches of ``rings``, in the order they first appear."""
    launches: dict[tuple, Launch] = {}
    for ring in rings:
        launch = launch_of(ring)
        launches.setdefault(launch.key, launch)
    return list(launches.values())
