"""``python -m claimcheck`` is the same as the ``claimcheck`` command."""

import sys

from claimcheck.cli import main

sys.exit(main())
