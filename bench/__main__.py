"""Print every benchmark table: ``python -m bench`` (``make bench``)."""

from __future__ import annotations

import platform
import sys

from bench import app, cli, engine, load, reach
from bench.common import table


def main() -> int:
    print(f"rangemap bench: Python {platform.python_version()}, {platform.machine()}")
    rows = engine.run() + reach.run() + cli.run() + app.run() + load.run()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
