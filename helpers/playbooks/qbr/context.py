"""The QBR's context: params, loaded exports and the quarters compared — the only QBR code that
reads files (:func:`prepare`), plus the daily frames every section starts from.

Where the numbers come from:

* **Total sales, units, sessions, Buy Box** — Business Report *by date* (daily rows summed over the
  quarter; Buy Box % weighted by page views). By-ASIN tables use the by-child-item report, whose
  sessions repeat on every SKU row of an ASIN and are counted once.
* **Advertising** — the Sponsored Products targeting report when present (it includes zero-click
  rows and every targeting type), else the advertised product report, else the search term report.
  Search-term sections always use the search term report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.errors import MissingDataError
from helpers.periods import Quarter, latest_full_quarter

#: Ad reports in the order the account totals prefer them.
AD_SOURCES = ("targeting", "advertised_products", "search_terms")


@dataclass
class QbrContext:
    """Everything the QBR sections need, loaded once."""

    params: Any
    data: Any  # helpers.loaders.ClientData
    quarter: Quarter
    previous: Quarter
    year_ago: Quarter
    last_day: date
    currency: str
    notes: list[str] = field(default_factory=list)
    client: str = ""

    @property
    def quarters(self) -> dict[str, Quarter]:
        return {"current": self.quarter, "previous": self.previous, "year_ago": self.year_ago}


def prepare(client: str, period: str = "", root: str | Path | None = None) -> QbrContext:
    """Load params and exports, pick the quarter (``period``, else params, else the latest full one)."""
    from helpers.loaders import load_client
    from helpers.params import load_params

    params = load_params(client, root or None)
    data = load_client(client, root or None, marketplace=params.marketplace)
    days = data.days()
    if days.empty:
        raise MissingDataError(
            f"data/{client}/ must contain a Business Report by date or a Sponsored Products report; "
            "found none (run `python -m helpers inspect data/<client>` to see what was recognised)"
        )
    last_day = days.max().date()
    chosen = period or (params.period or "")
    quarter = Quarter.parse(chosen) if chosen else latest_full_quarter(last_day)
    if quarter.end > last_day:
        raise MissingDataError(
            f"period {quarter.label} must end on or before the last day in the exports ({last_day}); "
            f"the latest full quarter is {latest_full_quarter(last_day).label}"
        )
    ctx = QbrContext(
        params, data, quarter, quarter.previous(), quarter.year_ago(), last_day, params.currency, client=client
    )
    ctx.notes.extend(getattr(data, "notes", []))
    return ctx


# -- daily building blocks ---------------------------------------------------------------------------
def ad_source(ctx: Any) -> tuple[str, pd.DataFrame]:
    """The ad report used for account totals, and its rows (see module docstring for the order)."""
    for name in AD_SOURCES:
        frame = getattr(ctx.data, name)
        if frame is not None and not frame.empty:
            return name, frame
    return "none", pd.DataFrame(columns=[c.START_DATE, c.END_DATE, *c.AD_BASES])


def ad_daily(ctx: Any) -> pd.DataFrame:
    """Ad bases per day: date, impressions, clicks, spend, sales, orders, units."""
    _, frame = ad_source(ctx)
    daily = frame[frame[c.START_DATE] == frame[c.END_DATE]]
    out = daily.groupby(c.START_DATE)[list(c.AD_BASES)].sum(min_count=1).rename_axis(c.DATE).reset_index()
    out[c.DATE] = pd.to_datetime(out[c.DATE])
    return out


BUSINESS_DAILY = [c.DATE, m.TOTAL_SALES, c.UNITS, c.SESSIONS, c.PAGE_VIEWS, c.ORDER_ITEMS, "buy_box_views"]


def business_daily(ctx: Any) -> pd.DataFrame:
    """Business Report by date per day: total_sales, units, sessions, page_views, order_items and
    ``buy_box_views`` (page views × Buy Box %, so a period's Buy Box % is a weighted sum)."""
    frame = ctx.data.business_date
    if frame is None or frame.empty:
        empty = pd.DataFrame({col: pd.Series(dtype=float) for col in BUSINESS_DAILY})
        empty[c.DATE] = pd.Series(dtype="datetime64[ns]")
        return empty
    out = pd.DataFrame(
        {
            c.DATE: frame[c.START_DATE],
            m.TOTAL_SALES: frame[c.SALES],
            c.UNITS: frame[c.UNITS],
            c.SESSIONS: frame.get(c.SESSIONS),
            c.PAGE_VIEWS: frame.get(c.PAGE_VIEWS),
            c.ORDER_ITEMS: frame.get(c.ORDER_ITEMS),
            "buy_box_views": frame.get(c.BUY_BOX_PCT) * frame.get(c.PAGE_VIEWS)
            if c.BUY_BOX_PCT in frame and c.PAGE_VIEWS in frame
            else np.nan,
        }
    )
    return out.groupby(c.DATE).sum(min_count=1).reset_index()


def within(frame: pd.DataFrame, quarter: Quarter, column: str = c.DATE) -> pd.DataFrame:
    """Rows of ``frame`` whose ``column`` lies inside the quarter."""
    days = frame[column]
    return frame[(days >= pd.Timestamp(quarter.start)) & (days <= pd.Timestamp(quarter.end))]


def quarter_ads(ctx: Any, quarter: Quarter | None = None, *, source: str | None = None) -> pd.DataFrame:
    """Rows of an ad report inside the quarter (daily rows only)."""
    quarter = quarter or ctx.quarter
    frame = getattr(ctx.data, source) if source else ad_source(ctx)[1]
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[c.START_DATE, c.END_DATE, *c.AD_BASES])
    return frame[(frame[c.START_DATE] >= pd.Timestamp(quarter.start)) & (frame[c.END_DATE] <= pd.Timestamp(quarter.end))]
