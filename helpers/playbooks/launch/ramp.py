"""The week-by-week ad ramp, its totals and its sensitivity to CPC and CVR.

The ramp model (one week per row, ``w = 1..weeks``):

* daily **velocity goal** ``g`` = the launch's ``organic_units_per_day`` (the sales a day it should
  hold once ranked; else the related product's recent daily units). Ads buy that velocity while
  the product has no rank: planned **organic share** climbs linearly from ``organic_share_start``
  to ``organic_share_end`` and ad orders fill the rest, ``ad_orders = 7 g (1 - organic share)``;
* **CVR** (orders / clicks) starts at ``cvr_start_factor`` x the base CVR (no reviews yet) and
  reaches it at ``cvr_full_week``; **CPC** starts at ``cpc_launch_premium`` x the base CPC
  (aggressive launch bids) and falls back to it at ``cvr_full_week``;
* ``clicks = ad_orders / CVR``, ``spend = clicks x CPC``, expected ``ACoS = CPC / (CVR x price)``
  (one unit per order); the **target ACoS glide path** runs linearly from the launch ACoS
  allowance in week 1 to the target ACoS in the last week, and ``max_cpc = glide x CVR x price``
  is the bid at which the week meets it;
* a launch ``budget`` smaller than the ramp's spend scales clicks and ad orders down in proportion.

Base CPC and CVR come from the related product's ads before the launch date (at least
``min_clicks_observed`` clicks), else the launch's ``cpc``/``cvr`` params, else the whole account.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from helpers import metrics as m
from helpers.playbooks.launch.assumptions import assumption
from helpers.playbooks.launch.context import LaunchContext
from helpers.playbooks.launch.rates import BaseRates


def ramp(
    *,
    weeks: int,
    launch_date: date,
    price: float,
    cpc: float,
    cvr: float,
    launch_acos: float,
    target_acos: float,
    velocity: float,
    budget: float | None = None,
) -> pd.DataFrame:
    """Week-by-week ad plan (see the module docstring for the model).

    Columns: week, start (Monday-agnostic: launch date + 7 (w-1)), end, organic_share, cpc, cvr,
    ad_orders, organic_units, units, clicks, spend, ad_sales, acos (expected), target_acos (the
    glide path), max_cpc (bid meeting the glide path), over_glide (expected ACoS above it),
    cumulative_spend. A ``budget`` below the total spend scales clicks, spend, ad orders and ad
    sales down by ``budget / spend``.

    >>> r = ramp(weeks=8, launch_date=date(2027, 1, 11), price=30.0, cpc=1.0, cvr=0.1,
    ...          launch_acos=0.5, target_acos=0.3, velocity=10)
    >>> float(round(r["target_acos"].iloc[0], 2)), float(round(r["target_acos"].iloc[-1], 2))
    (0.5, 0.3)
    """
    w = np.arange(1, weeks + 1, dtype=float)
    frac = (w - 1) / max(weeks - 1, 1)
    full = assumption("cvr_full_week")
    settle = np.clip((w - 1) / max(full - 1, 1), 0.0, 1.0)
    organic = assumption("organic_share_start") + (assumption("organic_share_end") - assumption("organic_share_start")) * frac
    week_cvr = cvr * (assumption("cvr_start_factor") + (1 - assumption("cvr_start_factor")) * settle)
    week_cpc = cpc * (assumption("cpc_launch_premium") + (1 - assumption("cpc_launch_premium")) * settle)
    units = 7.0 * velocity * np.ones_like(w)
    ad_orders = units * (1 - organic)
    clicks = m.safe_div(ad_orders, week_cvr)
    spend = clicks * week_cpc
    scale = 1.0
    if budget is not None and spend.sum() > budget > 0:
        scale = budget / spend.sum()
    clicks, spend, ad_orders = clicks * scale, spend * scale, ad_orders * scale
    glide = launch_acos + (target_acos - launch_acos) * frac
    start = [launch_date + timedelta(days=7 * (i - 1)) for i in range(1, weeks + 1)]
    frame = pd.DataFrame(
        {
            "week": w.astype(int),
            "start": pd.to_datetime(start),
            "end": pd.to_datetime([d + timedelta(days=6) for d in start]),
            "organic_share": organic,
            "cpc": week_cpc,
            "cvr": week_cvr,
            "ad_orders": ad_orders,
            "organic_units": units * organic,
            "units": ad_orders + units * organic,
            "clicks": clicks,
            "spend": spend,
            "ad_sales": ad_orders * price,
        }
    )
    frame["acos"] = m.acos(frame["spend"], frame["ad_sales"])
    frame["target_acos"] = glide
    frame["max_cpc"] = glide * week_cvr * price
    frame["over_glide"] = frame["acos"] > frame["target_acos"] + 1e-12
    frame["cumulative_spend"] = frame["spend"].cumsum()
    return frame


def plan(launch: Any, *, econ: pd.Series, rates: BaseRates, velocity: float) -> pd.DataFrame:
    """The :func:`ramp` of ``launch`` (its params) at the given economics, base rates and velocity goal."""
    return ramp(
        weeks=launch.weeks, launch_date=launch.launch_date, price=launch.price, cpc=rates.cpc, cvr=rates.cvr,
        launch_acos=econ["launch_acos"], target_acos=econ["target_acos"], velocity=velocity, budget=launch.budget,
    )


def budget_summary(frame: pd.DataFrame, econ: pd.Series) -> dict[str, float]:
    """Totals of the ramp: spend, ad orders, ad sales, ACoS, and the margin the ads consume."""
    spend = float(frame["spend"].sum())
    ad_sales = float(frame["ad_sales"].sum())
    units = float(frame["units"].sum())
    margin = units * float(econ["unit_margin"])
    return {
        "budget": spend,
        "ad_orders": float(frame["ad_orders"].sum()),
        "units": units,
        "ad_sales": ad_sales,
        "acos": float(m.acos(spend, ad_sales)),
        "margin_before_ads": margin,
        "margin_after_ads": margin - spend,
    }


def sensitivity(ctx_or_frame: Any = None, *, price: float, cpc: float, cvr: float, ad_orders: float,
                unit_margin: float, change: float | None = None) -> pd.DataFrame:
    """ACoS, budget and profit per ad order when CPC and CVR move by ±``change`` (default 20 %).

    For the same ``ad_orders``: ``clicks = orders / CVR``, ``budget = clicks x CPC``,
    ``ACoS = CPC / (CVR x price)``, ``profit per ad order = unit_margin - CPC / CVR``.
    Rows: base, CVR −/+, CPC −/+, worst (CVR − and CPC +), best (CVR + and CPC −).
    """
    d = assumption("sensitivity") if change is None else change
    cases = [
        ("Plan", 1.0, 1.0),
        (f"CVR -{d:.0%}", 1.0, 1 - d),
        (f"CVR +{d:.0%}", 1.0, 1 + d),
        (f"CPC -{d:.0%}", 1 - d, 1.0),
        (f"CPC +{d:.0%}", 1 + d, 1.0),
        ("Worst: CVR down, CPC up", 1 + d, 1 - d),
        ("Best: CVR up, CPC down", 1 - d, 1 + d),
    ]
    rows = []
    for name, k_cpc, k_cvr in cases:
        s_cpc, s_cvr = cpc * k_cpc, cvr * k_cvr
        cost_per_order = float(m.safe_div(s_cpc, s_cvr))
        rows.append({"scenario": name, "cpc": s_cpc, "cvr": s_cvr, "acos": float(m.safe_div(cost_per_order, price)),
                     "budget": ad_orders * cost_per_order, "profit_per_ad_order": unit_margin - cost_per_order})
    return pd.DataFrame(rows)


def plan_sensitivity(ctx: LaunchContext, frame: pd.DataFrame, econ: pd.Series) -> pd.DataFrame:
    """:func:`sensitivity` around the ramp's own CPC and CVR (from its summed spend, clicks, orders)."""
    clicks = frame["clicks"].sum()
    return sensitivity(price=ctx.launch.price, cpc=float(m.cpc(frame["spend"].sum(), clicks)),
                       cvr=float(m.cvr(frame["ad_orders"].sum(), clicks)),
                       ad_orders=float(frame["ad_orders"].sum()), unit_margin=float(econ["unit_margin"]))
