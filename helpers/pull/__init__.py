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

from helpers.pull.credentials import CredentialsError, Secret, load_credentials
from helpers.pull.health import pulled_account_health, with_pulled_health
from helpers.pull.pulling import PullResult, pull_client
from helpers.pull.settings import PullSettings, settings_from_env

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
