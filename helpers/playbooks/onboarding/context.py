"""What the audit reads, loaded once: params, exports, rules and the window; the report's names
and the notes for the operator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import columns as c
from helpers.errors import MissingDataError, ParamsError
from helpers.playbooks.onboarding.rules import load_rules


# -- context ------------------------------------------------------------------------------------
@dataclass
class AuditContext:
    """Everything the audit sections need, loaded once."""

    params: Any
    data: Any  # helpers.loaders.ClientData
    rules: pd.DataFrame
    last_day: date
    first_day: date
    currency: str
    notes: list[str] = field(default_factory=list)
    #: whether ``last_day`` is the exports' last day (False: none of them is dated, it is the report date)
    dated: bool = True

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def prepare(client: str, days: int | str = 60, root: str | Path | None = None, *, skip_bad: bool = False) -> AuditContext:
    """Load params, exports and rules; the audit window is the last ``days`` days of data."""
    from helpers.loaders import load_client
    from helpers.params import load_params
    from helpers.paths import params_file

    days = int(days) if str(days).strip() else 60
    if days < 7:
        raise ParamsError(f"audit days must be a whole number >= 7; got {days}")
    params = load_params(client, root or None)
    data = load_client(
            client, root or None, marketplace=params.marketplace, currency=params.currency, skip_bad=skip_bad
        )
    last = data.last_day("fba_inventory")
    if last is None and data.listings.empty and data.category_listings.empty and data.business_asin.empty:
        raise MissingDataError(
            f"data/{client}/ must contain listings, inventory, Business Report or advertising exports; found none "
            "(run `make inspect CLIENT=<client>` to see what was recognised)"
        )
    dated, last = last is not None, last or date.today()
    override = params_file(client, root or None).with_suffix(".checks.csv")
    rules = load_rules(override)
    ctx = AuditContext(params, data, rules, last, last - timedelta(days=days - 1), params.currency, dated=dated)
    ctx.notes.extend(getattr(data, "notes", []))
    if override.is_file():
        ctx.notes.append(f"thresholds overridden by {override.name}")
    return ctx


def operator_notes(ctx: AuditContext) -> list[str]:
    """What the operator should know about this audit's inputs (printed by the runner and written to
    notes.md beside the report; never in the client's copy): how the exports were read, overrides,
    and which exports were missing so that an area could not be judged."""
    notes = []
    vendor = ctx.params.account_type == "vendor"
    if not ctx.params.account_health.snapshots and not vendor:
        notes.append("no Account Health readings in the params file (account_health.snapshots): copy them from "
                     "Seller Central > Performance > Account Health with their dates to judge account health")
    missing = {
        "advertised_products": "Sponsored Products Advertised product report (ASIN CTR and ACoS checks)",
        "targeting": "Sponsored Products Targeting or Search term report (campaign structure checks)",
        "business_date": "Business Report by date (TACoS check)",
        "category_listings": "Category Listings Report (title, bullets, images, backend search terms)",
        "fba_inventory": "FBA Inventory / Manage FBA Inventory report (inventory checks)",
    }
    seller_only = False  # a Seller Central export a vendor cannot download is missing
    for name, what in missing.items():
        frame = getattr(ctx.data, name, None)
        if frame is not None and frame.empty and not (name == "targeting" and not ctx.data.search_terms.empty):
            if vendor and name in SELLER_CENTRAL_ONLY:
                seller_only = True
            else:
                notes.append(f"not in the data folder: {what}; those checks were skipped")
    if seller_only:
        notes.append(VENDOR_NOTE)
    return notes + list(ctx.notes)  # what must be done first, then how the exports were read


#: Exports only Seller Central offers: a vendor account is not told to download them.
SELLER_CENTRAL_ONLY = frozenset({"business_date", "category_listings", "fba_inventory"})
VENDOR_NOTE = (
    "a vendor account has no Seller Central reports (Account Health, Business Report, Category Listings, "
    "FBA Inventory), and of Vendor Central's reports Shelfbook reads the Retail Analytics Sales report only: "
    "the checks that need the others were skipped"
)


def period_name(ctx: AuditContext) -> str:
    """The audit's as-of date, as the page header and document title name it."""
    return f"{ctx.last_day:%B %-d, %Y}"


def cover_subtitle(ctx: AuditContext) -> str:
    if not ctx.dated:
        return f"Audit of {ctx.last_day:%B %-d, %Y}: none of the exports provided is dated"
    return f"Data through {ctx.last_day:%B %-d, %Y}; ads and sales over the last {ctx.days} days"


def report_key(ctx: AuditContext) -> str:
    """Folder name of the report: ``audit-<last data day>`` (e.g. ``audit-2026-11-15``)."""
    return f"audit-{ctx.last_day.isoformat()}"


def in_window(ctx: AuditContext, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    start, end = pd.Timestamp(ctx.first_day), pd.Timestamp(ctx.last_day)
    return frame[(frame[c.START_DATE] >= start) & (frame[c.END_DATE] <= end)]
