"""After launch: the product's actual ads and sales per launch week, against the plan."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.measures.drivers import acos_shares
from helpers.playbooks.launch.context import LaunchContext


def actual_weekly(ctx: LaunchContext) -> pd.DataFrame:
    """The product's ads per launch week (full weeks only): spend, clicks, orders, ad sales, ACoS, CVR, CPC."""
    cols = ["week", "start", c.SPEND, c.CLICKS, c.ORDERS, c.SALES, "acos", "cvr", "cpc"]
    ads = ctx.data.advertised_products if ctx.data is not None else None
    if ads is None or ads.empty or not ctx.launched:
        return pd.DataFrame(columns=cols)
    asin, sku = (ctx.asin or "").upper(), (ctx.sku or "").upper()
    mine = ads[(ads[c.ADVERTISED_ASIN].astype(str).str.upper() == asin)
               | (ads[c.ADVERTISED_SKU].astype(str).str.upper() == sku)]
    mine = mine[(mine[c.START_DATE] == mine[c.END_DATE]) & (mine[c.START_DATE] >= pd.Timestamp(ctx.launch_date))]
    if mine.empty:
        return pd.DataFrame(columns=cols)
    week = (mine[c.START_DATE] - pd.Timestamp(ctx.launch_date)).dt.days // 7 + 1
    table = m.summarize(mine.assign(week=week), by="week", bases=[c.SPEND, c.CLICKS, c.ORDERS, c.SALES])
    full_weeks = (ctx.last_day - ctx.launch_date).days + 1
    table = table[table["week"] <= full_weeks // 7]
    table["start"] = pd.to_datetime([ctx.launch_date + timedelta(days=7 * (int(w) - 1)) for w in table["week"]])
    return table[cols].reset_index(drop=True)


def actual_totals(ctx: LaunchContext, weeks: int) -> dict[str, float]:
    """Since launch through the last full week: total sales and units from the Business Report by child
    (months since launch), organic share = 1 − ad sales ÷ total sales (whole months in the data)."""
    biz = ctx.data.business_asin if ctx.data is not None else None
    ads = ctx.data.advertised_products if ctx.data is not None else None
    out = {"total_sales": math.nan, "total_units": math.nan, "organic_share": math.nan, "ad_sales_all": math.nan}
    if biz is None or biz.empty or ctx.asin is None:
        return out
    rows = biz[(biz[c.CHILD_ASIN] == ctx.asin) & (biz[c.END_DATE] >= pd.Timestamp(ctx.launch_date))]
    if rows.empty:
        return out
    first, last = rows[c.START_DATE].min(), rows[c.END_DATE].max()
    total = float(rows[c.SALES].sum())
    mine = ads[(ads[c.ADVERTISED_ASIN] == ctx.asin) & (ads[c.START_DATE] >= first) & (ads[c.END_DATE] <= last)]
    ad_sales = float(mine[c.SALES].sum())
    out.update(total_sales=total, total_units=float(rows[c.UNITS].sum()), ad_sales_all=ad_sales,
               organic_share=float(1 - m.safe_div(ad_sales, total)), through=last.date())
    return out


def latest_reviews(ctx: LaunchContext) -> tuple[date | None, int | None]:
    if not ctx.launch.reviews:
        return None, None
    day = max(ctx.launch.reviews)
    return day, int(ctx.launch.reviews[day])


def plan_vs_actual(ctx: LaunchContext, frame: pd.DataFrame, actual: pd.DataFrame,
                   reviews: dict[str, Any]) -> pd.DataFrame:
    """Plan against actual over the full weeks since launch: spend, ad orders, ACoS, CVR, CPC,
    organic share and reviews. Columns: metric, label, format, plan, actual, gap (actual − plan;
    percentage points for rates), direction."""
    n = len(actual)
    p = frame[frame["week"] <= n]
    a_sum = actual[[c.SPEND, c.CLICKS, c.ORDERS, c.SALES]].astype(float).sum(min_count=1) if n else pd.Series(dtype=float)
    totals = actual_totals(ctx, n)
    planned_share = float(m.safe_div((p["organic_units"]).sum(), p["units"].sum())) if n else math.nan
    day, count = latest_reviews(ctx)
    planned_reviews = math.nan
    if day is not None:
        weekly = reviews["weekly"]
        weeks_in = (day - ctx.launch_date).days / 7.0
        planned_reviews = float(np.interp(weeks_in, np.r_[0, weekly["week"]], np.r_[0, weekly["reviews"]]))
    rows = [
        ("spend", "Ad spend", "money", float(p["spend"].sum()), float(a_sum.get(c.SPEND, math.nan)), "neutral"),
        ("ad_orders", "Ad orders", "count", float(p["ad_orders"].sum()), float(a_sum.get(c.ORDERS, math.nan)), "higher"),
        ("acos", str(m.METRICS.at["acos", "label"]), "pct", float(m.acos(p["spend"].sum(), p["ad_sales"].sum())),
         float(m.acos(a_sum.get(c.SPEND, math.nan), a_sum.get(c.SALES, math.nan))), "lower"),
        ("cvr", "Ad conversion rate", "pct", float(m.cvr(p["ad_orders"].sum(), p["clicks"].sum())),
         float(m.cvr(a_sum.get(c.ORDERS, math.nan), a_sum.get(c.CLICKS, math.nan))), "higher"),
        ("cpc", "CPC", "money2", float(m.cpc(p["spend"].sum(), p["clicks"].sum())),
         float(m.cpc(a_sum.get(c.SPEND, math.nan), a_sum.get(c.CLICKS, math.nan))), "lower"),
        ("organic_share", "Organic share of sales", "pct", planned_share, totals["organic_share"], "higher"),
        ("reviews", "Reviews" + (f" ({day:%b %-d})" if day else ""), "count", planned_reviews,
         float(count) if count is not None else math.nan, "higher"),
    ]
    table = pd.DataFrame(rows, columns=["metric", "label", "format", "plan", "actual", "direction"])
    is_rate = table["format"] == "pct"
    table["gap"] = np.where(is_rate, table["actual"] - table["plan"], m.relative_change(table["actual"], table["plan"]))
    return table


def ramp_with_actual(frame: pd.DataFrame, actual: pd.DataFrame) -> pd.DataFrame:
    """The ramp with ``actual_spend`` and ``actual_acos`` per week (NaN for weeks not yet run)."""
    cols = actual[["week", c.SPEND, "acos"]].rename(columns={c.SPEND: "actual_spend", "acos": "actual_acos"})
    return frame.merge(cols.astype({"week": frame["week"].dtype}), on="week", how="left")


def plan_only(frame: pd.DataFrame, weeks: int = 4) -> pd.DataFrame:
    """The first ``weeks`` weeks of the plan in place of actuals (plan mode)."""
    cols = ["week", "start", c.SPEND, c.CLICKS, c.ORDERS, c.SALES, "acos", "cvr", "cpc"]
    out = frame[frame["week"] <= weeks].rename(columns={"ad_orders": c.ORDERS, "ad_sales": c.SALES})
    return out.assign(**{col: np.nan for col in (c.SPEND, c.CLICKS, c.ORDERS, c.SALES, "acos", "cvr", "cpc")})[cols]


def acos_drivers(table: pd.DataFrame, actual: pd.DataFrame, *, price: float) -> pd.DataFrame:
    """Why ACoS differs from plan, split into its three factors: ``ACoS = CPC ÷ (CVR × order value)``.

    Rows cpc, cvr, order_value with plan, actual, ``ratio`` (actual ÷ plan) and ``pts`` — the ACoS
    points each factor explains: the ACoS gap in points shared in proportion to each factor's log ratio
    (CPC pushes ACoS up, CVR and order value down), so the three add up to the gap. Planned order value is
    the price (one unit per order); actual is the summed ad sales ÷ ad orders of ``actual``
    (:func:`actual_weekly`). Empty before launch (no actual weeks); NaN when a rate is undefined.

    >>> t = pd.DataFrame({"metric": ["acos", "cpc", "cvr"], "plan": [0.25, 1.0, 0.1], "actual": [0.5, 2.0, 0.1]})
    >>> a = pd.DataFrame({"orders": [10.0], "sales": [400.0]})
    >>> d = acos_drivers(t, a, price=40.0).set_index("factor")
    >>> [round(float(v), 3) + 0.0 for v in d["pts"]]
    [0.25, 0.0, 0.0]
    """
    if actual.empty:
        return pd.DataFrame(columns=["factor", "plan", "actual", "ratio", "pts"])
    t = table.set_index("metric")
    value_actual = float(m.safe_div(actual[c.SALES].sum(), actual[c.ORDERS].sum()))
    rows = [("cpc", t.loc["cpc", "plan"], t.loc["cpc", "actual"]),
            ("cvr", t.loc["cvr", "plan"], t.loc["cvr", "actual"]),
            ("order_value", float(price), value_actual)]
    out = pd.DataFrame(rows, columns=["factor", "plan", "actual"])
    out["ratio"] = m.safe_div(out["actual"].astype(float), out["plan"].astype(float))
    gap = float(t.loc["acos", "actual"]) - float(t.loc["acos", "plan"])
    out["pts"] = acos_shares(gap, out["ratio"].tolist())
    return out
