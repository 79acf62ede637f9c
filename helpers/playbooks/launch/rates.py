"""Base CPC, CVR and the velocity goal the ramp starts from (observed before launch, else params)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.errors import ParamsError
from helpers.playbooks.launch.assumptions import assumption
from helpers.playbooks.launch.context import LaunchContext


def _before_launch(frame: pd.DataFrame | None, ctx: LaunchContext) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[c.START_DATE, c.END_DATE, *c.AD_BASES])
    return frame[frame[c.END_DATE] < pd.Timestamp(ctx.launch_date)]


def _related_groups(ctx: LaunchContext, asin: str | None) -> pd.DataFrame:
    """(campaign, ad group) pairs that advertised ``asin``."""
    ads = ctx.data.advertised_products if ctx.data is not None else None
    if asin is None or ads is None or ads.empty or c.ADVERTISED_ASIN not in ads:
        return pd.DataFrame(columns=[c.CAMPAIGN, c.AD_GROUP])
    rows = ads[ads[c.ADVERTISED_ASIN].astype(str).str.upper() == asin.upper()]
    return rows[[c.CAMPAIGN, c.AD_GROUP]].drop_duplicates()


@dataclass(frozen=True)
class BaseRates:
    """The CPC and CVR (orders ÷ clicks) the ramp starts from, where they came from and on how many clicks."""

    cpc: float
    cvr: float
    source: str
    clicks: float


def base_rates(ctx: LaunchContext) -> BaseRates:
    """Base CPC and CVR for the ramp, with where they came from (see :mod:`helpers.playbooks.launch.ramp`).

    The related product's ads before launch (at least ``min_clicks_observed`` clicks), else the launch's
    ``cpc``/``cvr`` params, else the whole account's ads before launch; only ads before the launch date count.
    """
    need = assumption("min_clicks_observed")
    ads = _before_launch(ctx.data.advertised_products if ctx.data is not None else None, ctx)
    related = ctx.launch.related_asin
    if related and not ads.empty and c.ADVERTISED_ASIN in ads:
        rows = ads[ads[c.ADVERTISED_ASIN].astype(str).str.upper() == related]
        clicks = float(rows[c.CLICKS].sum())
        if clicks >= need:
            return BaseRates(float(m.cpc(rows[c.SPEND].sum(), clicks)), float(m.cvr(rows[c.ORDERS].sum(), clicks)),
                             f"the related product {related} (its ads before launch)", clicks)
    if ctx.launch.cpc is not None and ctx.launch.cvr is not None:
        return BaseRates(float(ctx.launch.cpc), float(ctx.launch.cvr), "the category defaults set for this launch", 0.0)
    clicks = float(ads[c.CLICKS].sum()) if not ads.empty else 0.0
    if clicks >= need:
        cpc = float(ctx.launch.cpc) if ctx.launch.cpc is not None else float(m.cpc(ads[c.SPEND].sum(), clicks))
        cvr = float(ctx.launch.cvr) if ctx.launch.cvr is not None else float(m.cvr(ads[c.ORDERS].sum(), clicks))
        return BaseRates(cpc, cvr, "the whole account's ads before launch", clicks)
    raise ParamsError(
        f"params key 'launches.{ctx.key}' must give cpc and cvr (category defaults) when the exports hold "
        f"fewer than {need:.0f} ad clicks to learn them from; got {clicks:.0f} clicks (in {ctx.params.source})"
    )


def velocity_goal(ctx: LaunchContext) -> tuple[float, str]:
    """Units a day the launch aims at: params, else the related product's last 90 days, else the fallback."""
    if ctx.launch.organic_units_per_day > 0:
        return float(ctx.launch.organic_units_per_day), "the goal set for this launch"
    biz = ctx.data.business_asin if ctx.data is not None else None
    related = ctx.launch.related_asin
    if related and biz is not None and not biz.empty:
        start = pd.Timestamp(ctx.launch_date) - pd.Timedelta(days=90)
        rows = biz[(biz[c.CHILD_ASIN] == related) & (biz[c.START_DATE] >= start)
                   & (biz[c.END_DATE] < pd.Timestamp(ctx.launch_date))]
        if not rows.empty:
            days = (rows[c.END_DATE].max() - rows[c.START_DATE].min()).days + 1
            return float(rows[c.UNITS].sum()) / days, f"the related product {related} (last 90 days)"
    return assumption("velocity_fallback"), "a default (no goal set and no sales history to learn one from)"
