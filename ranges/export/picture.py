"""The static pictures of the rings, PNG, SVG and PDF (:mod:`ranges.pictures.ringmap`).

One writer a format, each returning the file's bytes: ``data.rings`` and ``data.systems`` drawn
in ``data.units`` with ``data.title`` (or a title made from the systems and launch sites), and
``data.targets`` marked when there are any (:mod:`ranges.pictures.targets`).
"""

from __future__ import annotations

from ranges.export import ExportData

__all__ = ["write", "write_pdf", "write_png", "write_svg"]


def write(data: ExportData, fmt: str) -> bytes:
    """The picture of ``data`` as a ``fmt`` (png, svg, pdf) file."""
    from ranges.pictures.ringmap import rings_picture

    return rings_picture(
        data.rings,
        data.systems,
        fmt,
        units=data.units,
        title=data.title,
        opacity=data.opacity,
        borders=data.borders,
        targets=data.targets,
    )


def write_png(data: ExportData) -> bytes:
    return write(data, "png")


def write_svg(data: ExportData) -> bytes:
    return write(data, "svg")


def write_pdf(data: ExportData) -> bytes:
    return write(data, "pdf")
