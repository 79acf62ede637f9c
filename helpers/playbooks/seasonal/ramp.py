"""The daily ad budget from the lead-in through the event to the end of the recovery days."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext


def budget_ramp(ctx: SeasonalContext, scen: pd.DataFrame, base: pd.DataFrame, scenario: str = "expected") -> pd.DataFrame:
    """Daily plan from the lead-in through the event to the end of the recovery days.

    budget = baseline ad spend/day × spend multiple (lead-in: linear from 1× to the lead-in
    multiple; event: the event multiple; recovery: linear from the tail multiple back to 1×). Ad sales
    and total sales use the matching sales multiples (ad sales on event days: the ad-sales multiple);
    cpc = baseline CPC × CPC multiple on event days. acos = budget ÷ ad_sales, tacos = budget ÷
    total_sales (lower is better; NaN on zero sales).
    """
    ev, s = ctx.event, ctx.settings
    sc = scen[scenario]
    spend0, adsales0, sales0 = (base.loc[k, "event"] for k in ("ad_spend", "ad_sales", m.TOTAL_SALES))
    cpc0 = m.safe_div(base.loc["ad_spend", "event"], base.loc[c.CLICKS, "event"])
    rows = []
    for i in range(s.lead_in_days):
        day = ev.start - dt.timedelta(days=s.lead_in_days - i)
        w = (i + 1) / s.lead_in_days
        spend_m = 1 + (sc["ad_spend_lead_in"] - 1) * w
        sales_m = 1 + (sc["lead_in"] - 1) * w
        rows.append((day, "lead-in", spend_m, sales_m, sales_m, 1.0))
    for i in range(ev.days):
        rows.append((ev.start + dt.timedelta(days=i), "event", sc["ad_spend"], sc["ad_sales"], sc["sales"], sc["cpc"]))
    for i in range(s.recovery_days):
        day = ev.end + dt.timedelta(days=i + 1)
        w = 1 - i / s.recovery_days
        spend_m = 1 + (sc["ad_spend_tail"] - 1) * w
        sales_m = 1 + (sc["tail"] - 1) * w
        rows.append((day, "recovery", spend_m, sales_m, sales_m, 1.0))
    ramp = pd.DataFrame(rows, columns=["date", "phase", "spend_multiple", "ad_sales_multiple", "sales_multiple", "cpc_multiple"])
    ramp["date"] = pd.to_datetime(ramp["date"])
    ramp["budget"] = spend0 * ramp["spend_multiple"]
    ramp["ad_sales"] = adsales0 * ramp["ad_sales_multiple"]
    ramp["total_sales"] = sales0 * ramp["sales_multiple"]
    ramp["cpc"] = cpc0 * ramp["cpc_multiple"]
    ramp["acos"] = m.acos(ramp["budget"], ramp["ad_sales"])
    ramp["tacos"] = m.tacos(ramp["budget"], ramp["total_sales"])
    return ramp


def ramp_phases(ctx: SeasonalContext, scen: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """Budget, ad sales, total sales, ACoS and TACoS per phase, for each scenario (summed bases)."""
    rows = []
    for s in SCENARIOS:
        ramp = budget_ramp(ctx, scen, base, s)
        for phase in ("lead-in", "event", "recovery"):
            part = ramp[ramp["phase"] == phase]
            if part.empty:
                continue
            budget, ad_sales, sales = part["budget"].sum(), part["ad_sales"].sum(), part["total_sales"].sum()
            rows.append({"scenario": s, "phase": phase, "days": len(part), "budget_per_day": budget / len(part),
                         "budget": budget, "cpc": part["cpc"].mean(), "ad_sales": ad_sales,
                         "total_sales": sales, "acos": m.acos(budget, ad_sales), "tacos": m.tacos(budget, sales)})
    return pd.DataFrame(rows)
