"""Print every benchmark table and write it into docs/performance.md: ``python -m bench``
(``make bench``).

``python -m bench --no-readme`` prints only. The rows must be the measures declared in
:data:`bench.readme.MEASURES`; if they are not, the document is left alone and the exit status is 1.
"""

from __future__ import annotations

import os
import platform
import sys

from bench import readme
from bench.common import table


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    # heavy: only when measuring
    from bench import (
        app,
        areas,
        areas_app,
        capacity,
        cli,
        coldstart,
        engine,
        gazetteer,
        load,
        pictures,
        reach,
        release,
        targets,
    )

    machine = f"Python {platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores"
    print(f"rangemap bench: {machine}")
    rows = engine.run() + reach.run() + cli.run() + gazetteer.run() + areas.run() + app.run()
    rows += areas_app.run()  # launch areas in the live map
    rows += pictures.run()
    rows += targets.run()  # issue Targets: every airfield, the command line, the app
    rows += coldstart.run() + load.run() + capacity.run() + release.run()
    print(table(rows))
    problems = readme.undeclared(rows)
    if problems:
        print("\n".join(["docs/performance.md not updated:", *problems]), file=sys.stderr)
        return 1
    if "--no-readme" not in args:
        readme.write(rows, note=f"Measured by `make bench` ({machine}).")
        print(f"wrote the table into {readme.DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
