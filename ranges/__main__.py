"""``python -m ranges``: see :mod:`ranges.cli`."""

import os
import sys

# The command line makes no use of BLAS: without this numpy's OpenBLAS starts a thread per core
# at import, and they spin for a while, taking CPU from the geodesic worker threads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from ranges.cli import main

sys.exit(main())
