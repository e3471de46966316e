"""``python -m ranges``: see :mod:`ranges.cli`."""

import contextlib
import os
import sys

# The command line makes no use of BLAS: without this numpy's OpenBLAS starts a thread per core
# at import, and they spin for a while, taking CPU from the geodesic worker threads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from ranges.cli import main


def _exit(code: int) -> None:
    """End the process at once, once the output is out: the command's files are closed by now,
    and Python's own teardown (freeing every module and the arrays of a large reach table)
    took 80-110 ms of a cities500 reach to CSV, for nothing. A reader that closed the pipe
    early (``| head``) has what it wanted."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


_exit(main())
