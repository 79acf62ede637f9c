"""The account's daily frame and the event multiples computed from it."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.playbooks.seasonal.context import SeasonalContext

PRIOR_DAYS = 30


#: Multiples computed per event: (name, label, numerator base, denominator base or None, format).
MULTIPLES = [
    ("sales", "Sales", m.TOTAL_SALES, None),
    ("units", "Units", c.UNITS, None),
    ("sessions", "Sessions", c.SESSIONS, None),
    ("cvr", "Unit session %", c.UNITS, c.SESSIONS),
    ("ad_spend", "Ad spend", "ad_spend", None),
    ("ad_sales", "Ad sales", "ad_sales", None),
    ("cpc", "CPC", "ad_spend", "clicks"),
]


MULTIPLE_LABELS = {name: label for name, label, _, _ in MULTIPLES} | {
    "lead_in": "Lead-in days (sales)",
    "tail": "Recovery days (sales)",
}


def account_daily(ctx: SeasonalContext, *, until: dt.date | None = None) -> pd.DataFrame:
    """Per day: total_sales, units, sessions (Business Report by date) and ad_spend, ad_sales,
    clicks, impressions, ad_orders (the SP report, as in the QBR), from the rows that cover one day.
    Days up to ``until`` (default ``ctx.as_of``; pass ``ctx.last_day`` for actuals)."""
    from helpers.playbooks.qbr import ad_daily, business_daily, day_rows

    until = ctx.as_of if until is None else until
    biz = day_rows(business_daily(ctx))[[c.DATE, m.TOTAL_SALES, c.UNITS, c.SESSIONS]]
    ads = day_rows(ad_daily(ctx)).rename(
        columns={c.SPEND: "ad_spend", c.SALES: "ad_sales", c.ORDERS: "ad_orders", c.UNITS: "ad_units"}
    )
    keep = [c.DATE, "ad_spend", "ad_sales", c.CLICKS, c.IMPRESSIONS, "ad_orders"]
    ads = ads[[col for col in keep if col in ads]]
    daily = biz.merge(ads, on=c.DATE, how="outer").sort_values(c.DATE)
    return daily[daily[c.DATE] <= pd.Timestamp(until)].reset_index(drop=True)


def window(daily: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows of ``daily`` from ``start`` to ``end`` inclusive."""
    days = daily[c.DATE]
    return daily[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))]


def _per_day(frame: pd.DataFrame, num: str, den: str | None) -> float:
    """Average per day of ``num`` (or the ratio of summed ``num`` / ``den``); NaN when undefined."""
    if frame.empty or num not in frame:
        return math.nan
    total = frame[num].sum(min_count=1)
    if den is not None:
        return float(m.safe_div(total, frame[den].sum(min_count=1))) if den in frame else math.nan
    return float(m.safe_div(total, frame[num].notna().sum()))


def event_multiples(
    daily: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    *,
    prior_days: int = PRIOR_DAYS,
    lead_in_days: int = 7,
    tail_days: int = 14,
) -> pd.Series:
    """Event days vs the ``prior_days`` before ``start``, per day on average (ratios: of summed bases).

    ``sales = (event sales / event days) / (prior sales / prior days)``; ``cpc`` and ``cvr`` compare
    spend/clicks and units/sessions over each window. ``lead_in`` and ``tail`` are the sales multiples
    of the ``lead_in_days`` before ``start`` and the ``tail_days`` after ``end``. A multiple of 2.0 =
    twice the usual day; higher is more uplift. NaN when a window has no data or a zero base.

    >>> d = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=32), "total_sales": [10.0] * 30 + [30.0] * 2})
    >>> float(event_multiples(d, dt.date(2025, 1, 31), dt.date(2025, 2, 1))["sales"])
    3.0
    """
    prior = window(daily, start - dt.timedelta(days=prior_days), start - dt.timedelta(days=1))
    during = window(daily, start, end)
    out = {}
    for name, _, num, den in MULTIPLES:
        out[name] = m.safe_div(_per_day(during, num, den), _per_day(prior, num, den))
    lead = window(daily, start - dt.timedelta(days=lead_in_days), start - dt.timedelta(days=1))
    tail = window(daily, end + dt.timedelta(days=1), end + dt.timedelta(days=tail_days))
    base = _per_day(prior, m.TOTAL_SALES, None)
    out["lead_in"] = m.safe_div(_per_day(lead, m.TOTAL_SALES, None), base)
    out["tail"] = m.safe_div(_per_day(tail, m.TOTAL_SALES, None), base)
    out["ad_spend_lead_in"] = m.safe_div(_per_day(lead, "ad_spend", None), _per_day(prior, "ad_spend", None))
    out["ad_spend_tail"] = m.safe_div(_per_day(tail, "ad_spend", None), _per_day(prior, "ad_spend", None))
    return pd.Series({k: float(v) for k, v in out.items()}, dtype=float)


def _covered(daily: pd.DataFrame, start: dt.date, end: dt.date) -> bool:
    """Whether every day from ``start`` to ``end`` has Business Report sales."""
    inside = window(daily, start, end)
    return len(inside[m.TOTAL_SALES].dropna()) >= (end - start).days + 1
