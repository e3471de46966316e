"""The command's process: ``python -m ranges`` and the installed ``rangemap`` command both run
:func:`entry`, which prepares the process, runs :func:`ranges.cli.main` and ends the process.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import NoReturn

__all__ = ["entry"]


def entry() -> NoReturn:
    """Run the command line with ``sys.argv`` and end the process with its exit status."""
    # The command line makes no use of BLAS: without this numpy's OpenBLAS starts a thread per
    # core at import, and they spin for a while, taking CPU from the geodesic worker threads.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    # pyarrow's default allocator (mimalloc) takes fresh memory from the kernel as transparent
    # huge pages and gives it back soon after: a cities500 reach to CSV (2 M lines of text, made
    # and written slice by slice) then spent 14 % of its CPU in the kernel zeroing 2 MB pages
    # (``perf``: clear_page_erms under mi_page_free_list_extend). jemalloc, in the same wheels,
    # keeps its freed pages for the next slice: 10-25 % less CPU for the whole command. Read by
    # pyarrow when it first allocates; a pyarrow built without jemalloc warns and keeps its own.
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")

    from ranges.cli import main  # after the environment above: it is read at numpy's import

    _exit(main())


def _exit(code: int) -> NoReturn:
    """End the process at once, once the output is out: the command's files are closed by now,
    and Python's own teardown (freeing every module and the arrays of a large reach table)
    took 80-110 ms of a cities500 reach to CSV, for nothing. A reader that closed the pipe
    early (``| head``) has what it wanted."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)
