"""Shelfbook helpers: read Amazon exports, compute metrics, draw charts, render client reports.

The notebooks in ``notebooks/`` call these functions; nothing here runs at import time.
"""

__version__ = "0.1.0"
