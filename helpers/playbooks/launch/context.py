"""The launch's :class:`LaunchContext` and :func:`prepare`, the only code that reads params and exports."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from helpers.errors import MissingDataError, ParamsError
from helpers.playbooks.launch.economics import fees_per_unit


@dataclass
class LaunchContext:
    """What the launch sections need, loaded once by :func:`prepare`."""

    params: Any
    data: Any  # helpers.loaders.ClientData, or None when the client has no exports
    key: str
    launch: Any  # helpers.params.Launch
    currency: str
    last_day: date | None
    notes: list[str] = field(default_factory=list)
    as_of: date | None = None  # the day the report speaks on: dates before it are past (see prepare)

    @property
    def today(self) -> date:
        """The report's as-of date: ``as_of``, else the last day in the exports, else the clock's date."""
        return self.as_of or self.last_day or date.today()

    @property
    def launch_date(self) -> date:
        return self.launch.launch_date

    @property
    def asin(self) -> str | None:
        return self.launch.asin or (self.key.upper() if _looks_like_asin(self.key) else None)

    @property
    def sku(self) -> str | None:
        return self.launch.sku or (None if _looks_like_asin(self.key) else self.key)

    @property
    def launched(self) -> bool:
        """Post-launch mode: the exports reach past the launch date."""
        return self.last_day is not None and self.last_day >= self.launch_date


def _looks_like_asin(text: str) -> bool:
    return len(text) == 10 and text.upper().startswith("B0") and text.isalnum()


def find_launch(params: Any, product: str) -> tuple[str, Any]:
    """The params key and launch for ``product`` (its key, ASIN or SKU; case-insensitive).

    >>> from helpers.params import parse_params
    >>> p = parse_params({"client_name": "A", "marketplace": "US", "currency": "USD",
    ...     "launches": {"AT-1": {"title": "T", "launch_date": "2027-01-11", "price": 20, "cogs": 5, "fees": 6}}})
    >>> find_launch(p, "at-1")[0]
    'AT-1'
    """
    wanted = (product or "").strip().upper()
    for key, launch in params.launches.items():
        names = {key.upper(), (launch.asin or "").upper(), (launch.sku or "").upper()}
        if wanted and wanted in names:
            return key, launch
    known = ", ".join(params.launches) or "none: add a launches: section (docs/params-schema.md)"
    raise ParamsError(
        f"product {product!r} must be one of the launches in the params ({known}); got {product!r} "
        f"(in {params.source})"
    )


def prepare(client: str, product: str, root: str | Path | None = None, *, as_of: str = "",
            skip_bad: bool = False) -> LaunchContext:
    """Validate params and ``product``, then load the client's exports (the plan works without any).

    ``as_of`` (YYYY-MM-DD) is the day the report speaks on; blank: the last day in the exports, else
    today. A reorder date or task before it is past ("overdue"), never a plan.
    """
    from helpers.loaders import load_client
    from helpers.params import load_params, parse_date

    params = load_params(client, root or None)
    key, launch = find_launch(params, product)
    fees_per_unit(launch, params.settings, source=params.source, key=key)
    try:
        data = load_client(
            client, root or None, marketplace=params.marketplace, currency=params.currency, skip_bad=skip_bad
        )
    except MissingDataError:
        data = None
    ctx = LaunchContext(params, data, key, launch, params.currency, (data.last_day() if data is not None else None))
    if as_of:
        ctx.as_of = parse_date(as_of, key="as_of", source="the notebook parameters")
    if data is not None:
        ctx.notes.extend(getattr(data, "notes", []))
    return ctx
