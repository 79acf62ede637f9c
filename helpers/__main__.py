"""``python -m helpers ...`` — see :mod:`helpers.cli`."""

from .cli import main

raise SystemExit(main())
