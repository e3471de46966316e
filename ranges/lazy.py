"""Names of a package loaded on first use (PEP 562), so importing the package stays cheap.

``import ranges`` and ``python -m ranges systems`` must not pay for pandas, folium or pyproj;
the package ``__init__`` files name their public API in a table and load each name from its
module the first time it is asked for.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    namespace: dict[str, Any], table: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The module-level ``__getattr__`` and ``__dir__`` for a package whose names ``table`` maps
    to the modules defining them (``{"to_kml": "ranges.export.kml"}``). ``namespace`` is the
    package's ``globals()``: a name, once loaded, is kept there."""
    module_name = namespace["__name__"]

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted([*namespace, *table])

    return __getattr__, __dir__
