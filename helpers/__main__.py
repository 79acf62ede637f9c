"""``python -m helpers ...`` — see :mod:`helpers.run.cli`."""

import os

from helpers.memory import page_settings

os.environ.update(page_settings(os.environ))  # before anything imports NumPy (see helpers.memory)

from helpers.run.cli import main  # noqa: E402

raise SystemExit(main())
