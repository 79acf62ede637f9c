"""After the event: what happened against the plan made before it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext
from helpers.playbooks.seasonal.daily import PRIOR_DAYS, event_multiples, window


def planned_event(ctx: SeasonalContext, scen: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """The plan's event-day totals per scenario: sales, units, ad spend, ad sales, ACoS, TACoS."""
    days = ctx.event.days
    out = {}
    for s in SCENARIOS:
        sales = base.loc[m.TOTAL_SALES, "event"] * scen.loc["sales", s] * days
        spend = base.loc["ad_spend", "event"] * scen.loc["ad_spend", s] * days
        ad_sales = base.loc["ad_sales", "event"] * scen.loc["ad_sales", s] * days
        out[s] = {"total_sales": sales, "units": base.loc[c.UNITS, "event"] * scen.loc["units", s] * days,
                  "ad_spend": spend, "ad_sales": ad_sales, "acos": m.acos(spend, ad_sales), "tacos": m.tacos(spend, sales)}
    return pd.DataFrame(out)


def actual_event(ctx: SeasonalContext, daily_all: pd.DataFrame) -> pd.Series:
    """What happened on the event days (``daily_all``: :func:`account_daily` through the last day in the data)."""
    part = window(daily_all, ctx.event.start, ctx.event.end)
    sales, spend, ad_sales = (float(part[k].sum(min_count=1)) for k in (m.TOTAL_SALES, "ad_spend", "ad_sales"))
    return pd.Series({"total_sales": sales, "units": float(part[c.UNITS].sum(min_count=1)), "ad_spend": spend,
                      "ad_sales": ad_sales, "acos": m.acos(spend, ad_sales), "tacos": m.tacos(spend, sales)})


REVIEW_ROWS = [("total_sales", "Sales", "money"), ("units", "Units", "count"), ("ad_spend", "Ad spend", "money"),
               ("ad_sales", "Ad sales", "money"), ("acos", str(m.METRICS.at["acos", "label"]), "pct"), ("tacos", "TACoS", "pct")]


def review(ctx: SeasonalContext, planned: pd.DataFrame, daily_all: pd.DataFrame) -> pd.DataFrame:
    """Actual vs plan per metric: conservative, expected, stretch, actual, and actual vs expected
    (relative change for amounts, points for ACoS/TACoS). Empty in plan mode."""
    cols = ["metric", "label", "format", *SCENARIOS, "actual", "vs_expected"]
    if ctx.mode != "review":
        return pd.DataFrame(columns=cols)
    actual = actual_event(ctx, daily_all)
    rows = []
    for key, label, fmt in REVIEW_ROWS:
        exp = planned.loc[key, "expected"]
        vs = m.point_change(actual[key], exp) if fmt == "pct" else m.relative_change(actual[key], exp)
        rows.append([key, label, fmt, *(planned.loc[key, s] for s in SCENARIOS), actual[key], vs])
    return pd.DataFrame(rows, columns=cols)


def stockouts(ctx: SeasonalContext, *, min_days: int = 1) -> pd.DataFrame:
    """Advertised ASINs whose ads stopped serving (no impressions) on ``min_days``+ days from the
    event start to the end of the recovery days, while they served in the 30 days before — Amazon
    stops ads on out-of-stock offers. Columns: advertised_asin, days_dark, first_dark."""
    frame = ctx.data.advertised_products
    cols = [c.ADVERTISED_ASIN, "days_dark", "first_dark"]
    if ctx.mode != "review" or frame is None or frame.empty or c.ADVERTISED_ASIN not in frame:
        return pd.DataFrame(columns=cols)
    ev = ctx.event
    end = min(ev.end + dt.timedelta(days=ctx.settings.recovery_days), ctx.last_day)
    daily = frame[(frame[c.START_DATE] == frame[c.END_DATE]) & (frame[c.IMPRESSIONS].fillna(0) > 0)]
    prior = daily[(daily[c.START_DATE] >= pd.Timestamp(ev.start - dt.timedelta(days=PRIOR_DAYS)))
                  & (daily[c.START_DATE] < pd.Timestamp(ev.start))]
    during = daily[(daily[c.START_DATE] >= pd.Timestamp(ev.start)) & (daily[c.START_DATE] <= pd.Timestamp(end))]
    span = pd.date_range(ev.start, end, freq="D")
    rows = []
    for asin in sorted(prior[c.ADVERTISED_ASIN].dropna().unique()):
        on = set(during.loc[during[c.ADVERTISED_ASIN] == asin, c.START_DATE])
        dark = [d for d in span if d not in on]
        if len(dark) >= min_days:
            rows.append((asin, len(dark), dark[0]))
    return pd.DataFrame(rows, columns=cols)


def year_share(ctx: SeasonalContext, daily: pd.DataFrame) -> tuple[float, str]:
    """Event sales as a share of the sales of the event's calendar year in ``daily`` (all days in the
    data), and the range used."""
    year_start = max(dt.date(ctx.event.start.year, 1, 1), ctx.first_day)
    year_end = min(dt.date(ctx.event.start.year, 12, 31), ctx.last_day)
    year = window(daily, year_start, year_end)[m.TOTAL_SALES].sum(min_count=1)
    event = window(daily, ctx.event.start, ctx.event.end)[m.TOTAL_SALES].sum(min_count=1)
    return float(m.safe_div(event, year)), f"{year_start:%b %-d} – {year_end:%b %-d, %Y}"


def event_drivers(ctx: SeasonalContext, daily_all: pd.DataFrame) -> pd.Series:
    """What moved on the event's days against a normal day (the 30 days before it): the multiples of
    :func:`helpers.playbooks.seasonal.daily.event_multiples` for the event itself — sales, units, sessions,
    conversion (unit session %), ad spend, ad sales, CPC. Empty outside review mode."""
    if ctx.mode != "review":
        return pd.Series(dtype=float)
    s = ctx.settings
    return event_multiples(daily_all, ctx.event.start, ctx.event.end, lead_in_days=s.lead_in_days,
                           tail_days=s.recovery_days)


def lost_sales(ctx: SeasonalContext, outs: pd.DataFrame, *, days_before: int = 60) -> pd.DataFrame:
    """Sales lost while an ASIN was dark, an estimate: its normal daily sales × the days it was out.

    Normal daily sales = the ASIN's sales in the by-child Business Report periods that end before the event
    and start within ``days_before`` days of it, ÷ the days those periods cover. Columns of ``outs`` plus
    daily_sales and lost_sales (NaN when the report has no such period for the ASIN)."""
    out = outs.copy()
    out["daily_sales"] = np.nan
    biz = getattr(ctx.data, "business_asin", None)
    if not outs.empty and biz is not None and not biz.empty:
        start = pd.Timestamp(ctx.event.start)
        rows = biz[(biz[c.END_DATE] < start) & (biz[c.START_DATE] >= start - pd.Timedelta(days=days_before))]
        if not rows.empty:
            days = (rows[c.END_DATE].max() - rows[c.START_DATE].min()).days + 1
            per_day = rows.groupby(c.CHILD_ASIN)[c.SALES].sum() / days
            out["daily_sales"] = out[c.ADVERTISED_ASIN].map(per_day).astype(float)
    out["lost_sales"] = out["daily_sales"] * out["days_dark"].astype(float)
    return out
