"""Shelfbook helpers: read Amazon exports, compute metrics, draw charts, render client reports.

The notebooks in ``notebooks/`` call these functions; nothing here runs at import time. The public
API below is imported lazily (PEP 562), so ``python -m helpers`` and the runner's no-op path do not
pay for pandas until they need it::

    from helpers import load_params, load_client, read_report, run_playbook
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_API = {
    "ShelfbookError": "helpers.errors",
    "InputFileError": "helpers.errors",
    "ParamsError": "helpers.errors",
    "load_params": "helpers.params",
    "load_client": "helpers.loaders",
    "read_report": "helpers.loaders",
    "METRICS": "helpers.metrics",
    "Quarter": "helpers.periods",
    "run_playbook": "helpers.run.runner",
}

__all__ = ["__version__", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")
