"""How a pull behaves: Amazon's hosts, polling, retries and the re-pull window (settings, not constants).

Every number Amazon may move or an operator may want to tune is a field of :class:`PullSettings`;
:func:`settings_from_env` reads overrides from ``SHELFBOOK_PULL_*`` environment variables, and the
host overrides (``SHELFBOOK_LWA_URL``, ``SHELFBOOK_ADS_URL``, ``SHELFBOOK_SP_URL``) point a pull at
another server, such as the fake Amazon the tests start.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from helpers.errors import ParamsError

LWA_URL = "https://api.amazon.com/auth/o2/token"
#: region -> (Ads API host, SP-API host) (amazon-apis.md §1)
HOSTS = {
    "NA": ("https://advertising-api.amazon.com", "https://sellingpartnerapi-na.amazon.com"),
    "EU": ("https://advertising-api-eu.amazon.com", "https://sellingpartnerapi-eu.amazon.com"),
    "FE": ("https://advertising-api-fe.amazon.com", "https://sellingpartnerapi-fe.amazon.com"),
}


@dataclass(frozen=True)
class PullSettings:
    """Tunable behaviour of :func:`helpers.pull.pull_client` (defaults suit the live APIs)."""

    #: days before the newest pulled day that are pulled again, for Amazon's late attribution: a
    #: day pulled fewer than this many days after it ended is provisional until pulled again
    repull_days: int = 14
    #: seconds between two status polls of one report, and how many polls before giving up on it
    poll_seconds: float = 30.0
    max_polls: int = 360
    #: times a report that fails (Ads FAILED, SP FATAL) or never completes is requested again
    report_attempts: int = 3
    #: HTTP attempts per request (throttling, 5xx, network), exponential back-off with jitter
    http_attempts: int = 8
    backoff_seconds: float = 2.0
    backoff_max_seconds: float = 120.0
    #: longest Retry-After honoured as given; a longer one is capped to this
    retry_after_max_seconds: float = 900.0
    #: renew the access token this many seconds before Amazon says it expires
    token_margin_seconds: float = 300.0
    timeout_seconds: float = 120.0
    lwa_url: str = LWA_URL
    ads_url: str | None = None  # None = the region's host
    sp_url: str | None = None
    progress: bool = True
    #: the clock and the sleeper (tests pass their own to run without waiting)
    sleep: Callable[[float], None] | None = field(default=None, compare=False)

    def hosts(self, region: str) -> tuple[str, str]:
        """(Ads API base URL, SP-API base URL) for ``region`` (NA, EU, FE), overrides applied."""
        ads, sp = HOSTS[region]
        return (self.ads_url or ads).rstrip("/"), (self.sp_url or sp).rstrip("/")


_ENV_HOSTS = {"lwa_url": "SHELFBOOK_LWA_URL", "ads_url": "SHELFBOOK_ADS_URL", "sp_url": "SHELFBOOK_SP_URL"}


def settings_from_env(environ: Mapping[str, str] | None = None, **overrides) -> PullSettings:
    """:class:`PullSettings` with ``SHELFBOOK_PULL_<FIELD>`` and host variables applied, then ``overrides``."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for item in dataclasses.fields(PullSettings):
        if item.name in _ENV_HOSTS:
            if environ.get(_ENV_HOSTS[item.name]):
                values[item.name] = environ[_ENV_HOSTS[item.name]]
            continue
        name = f"SHELFBOOK_PULL_{item.name.upper()}"
        raw = environ.get(name)
        if raw is None or item.name == "sleep":
            continue
        kind = type(getattr(PullSettings(), item.name))
        try:
            values[item.name] = raw.strip().lower() in ("1", "true", "yes") if kind is bool else kind(raw)
        except ValueError:
            raise ParamsError(f"environment variable {name} must be a {kind.__name__}; got {raw!r}") from None
    values.update(overrides)
    return PullSettings(**values)
