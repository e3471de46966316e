"""``python -m ranges``: see :mod:`ranges.cli`."""

import sys

from ranges.cli import main

sys.exit(main())
