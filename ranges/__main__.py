"""``python -m ranges``: the command line (:mod:`ranges.cli`), as the ``rangemap`` command."""

from ranges.console import entry

entry()
