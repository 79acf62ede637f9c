"""``python -m helpers ...`` — see :mod:`helpers.run.cli`."""

from helpers.run.cli import main

raise SystemExit(main())
