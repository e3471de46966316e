"""How pytest-xdist shares the suite among processes in one run (``pytest -n 4 --dist load``, as
``make test-one-run`` runs it; ``make test`` runs the browser tests after the rest, one at a
time: see the Makefile and docs/testing.md).

Test by test, as ``--dist load`` does, except the browser tests: they go in
:data:`BROWSER_GROUPS` groups of about equal time, each group run by one process, and the
groups first (pytest-xdist hands out its largest units of work first). Each browser process
starts its own app server and chromium (tests/browser/conftest.py); a browser test mostly
waits (for a page, a run, a redraw), so the other processes run the CPU-bound rest meanwhile
and a 2-core machine stays busy. (``--dist loadgroup`` would group them by a mark, but
pytest-xdist 3.8 names a test by its group through an attribute pytest 9 no longer reads.)
"""

from __future__ import annotations

import pytest
from xdist.scheduler import LoadScopeScheduling

BROWSER = "tests/browser/"
BROWSER_GROUPS = 2
SECONDS = {"test_replicas.py": 70, "test_load.py": 60, "test_restart.py": 20}
"""Rough seconds a test of the slowest browser modules takes on a quiet machine (others:
:data:`OTHER_SECONDS`), to balance the groups; only the order of magnitude matters."""
OTHER_SECONDS = 10


class BrowserGroups(LoadScopeScheduling):
    """One unit of work a test, and the browser tests in :data:`BROWSER_GROUPS` units."""

    def __init__(self, config: pytest.Config, log=None) -> None:
        super().__init__(config, log)
        self.groups: dict[str, str] = {}

    def schedule(self) -> None:
        if not self.groups and self.collection_is_completed:
            collection = next(iter(self.registered_collections.values()), [])
            load = [0.0] * BROWSER_GROUPS
            for nodeid in collection:
                if nodeid.startswith(BROWSER):
                    group = load.index(min(load))
                    module = nodeid.split("::", 1)[0].rsplit("/", 1)[-1]
                    load[group] += SECONDS.get(module, OTHER_SECONDS)
                    self.groups[nodeid] = f"browser-{group}"
        super().schedule()

    def _split_scope(self, nodeid: str) -> str:
        return self.groups.get(nodeid, nodeid)


def pytest_xdist_make_scheduler(config: pytest.Config, log) -> LoadScopeScheduling | None:
    """:class:`BrowserGroups` for pytest-xdist's default ``--dist load``; any other mode as
    asked."""
    if config.getoption("dist") != "load":
        return None
    return BrowserGroups(config, log)
