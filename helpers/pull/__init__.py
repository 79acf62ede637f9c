"""Reports straight from Amazon: ``make pull CLIENT=x`` keeps ``data/<client>/api/`` up to date.

Amazon Ads API v3 and Selling Partner API reports are requested for the days not yet stored, polled,
downloaded and kept as Amazon returned them (:mod:`.store`), where :mod:`helpers.loaders` reads them
beside hand-downloaded files. Modules, in the order of a pull: :mod:`.settings` (hosts, polling,
retries), :mod:`.credentials` (LWA secrets from the environment or a private file), :mod:`.catalog`
(the reports and their limits), :mod:`.plan` (which ranges), :mod:`.http` (tokens, throttling),
:mod:`.pulling` (request, poll, store), :mod:`.health` (account health from the seller performance
report).
"""

from __future__ import annotations

from typing import Any

from helpers.pull.credentials import CredentialsError, Secret, load_credentials
from helpers.pull.health import pulled_account_health, with_pulled_health
from helpers.pull.settings import PullSettings, settings_from_env

#: Names imported on first use: pulling brings httpx and tenacity (0.45 s), and every report reads
#: the pulled account health through this package without pulling anything.
_LAZY = {"PullResult": "helpers.pull.pulling", "pull_client": "helpers.pull.pulling"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = [
    "CredentialsError",
    "PullResult",
    "PullSettings",
    "Secret",
    "load_credentials",
    "pull_client",
    "pulled_account_health",
    "settings_from_env",
    "with_pulled_health",
]
