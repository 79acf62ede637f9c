"""The measurements: every area measured into one long frame (``area, subject, metric, value``),
and the "why a listing does not sell" diagnostic."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers.measures import listings as lq
from helpers.measures.search_terms import AUTO_TARGETS  # one definition, beside the search-term rules
from helpers.playbooks.onboarding.context import AuditContext, in_window

#: Below this many impressions an ASIN's CTR is too noisy to judge.
MIN_IMPRESSIONS_FOR_CTR = 1000


# -- measurements per area -------------------------------------------------------------------------
def _long(frame: pd.DataFrame, area: str, subject: str, metrics: list[str]) -> pd.DataFrame:
    present = [m for m in metrics if m in frame.columns]
    if frame.empty or not present:
        return pd.DataFrame(columns=["area", "subject", "metric", "value"])
    out = frame[[subject, *present]].melt(id_vars=subject, var_name="metric", value_name="value")
    out = out.rename(columns={subject: "subject"})
    out.insert(0, "area", area)
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    return out


def account_snapshots(ctx: AuditContext) -> pd.DataFrame:
    """The Account Health readings from params, oldest first: date and one column per metric."""
    rows = [s.model_dump() for s in ctx.params.account_health.snapshots]
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values("date").reset_index(drop=True)


def account_measures(ctx: AuditContext) -> pd.DataFrame:
    """Latest value of every Account Health metric, plus ``odr_change`` (latest − first ODR, in
    fraction points; NaN with fewer than two ODR readings)."""
    snaps = account_snapshots(ctx)
    if snaps.empty:
        return _long(pd.DataFrame(), "account", "subject", [])
    metrics = [col for col in snaps.columns if col != "date"]
    latest = snaps[metrics].ffill().iloc[[-1]].copy()
    odr = snaps["odr"].dropna()
    latest["odr_change"] = odr.iloc[-1] - odr.iloc[0] if len(odr) >= 2 else np.nan
    latest["subject"] = "account"
    out = _long(latest, "account", "subject", [*metrics, "odr_change"])
    out.loc[out["metric"] == "ipi", "area"] = "inventory"
    return out


def listing_qa(ctx: AuditContext) -> pd.DataFrame:
    """One row per SKU (see :func:`helpers.measures.listings.listing_qa`), A+ from params."""
    a_plus = ctx.params.account_health.a_plus_asins
    return lq.listing_qa(ctx.data.category_listings, ctx.data.listings, ctx.data.fba_inventory, a_plus)


def inventory_health(ctx: AuditContext) -> pd.DataFrame:
    """One row per SKU of the latest inventory snapshot (see :func:`helpers.measures.inventory.health`)."""
    from helpers.measures.inventory import health

    return health(ctx.data.fba_inventory, ctx.data.listings)


def campaign_structure(ctx: AuditContext) -> pd.DataFrame:
    """Per campaign over the audit window: type (auto/manual), keywords (distinct manual keyword
    targets), impressions, clicks, spend, sales, orders, ACoS (spend ÷ sales, NaN on no sales) and
    ``spend_without_sales`` (the spend when sales are 0 and clicks reach
    ``settings.wasted_spend_min_clicks``, else 0)."""
    frame = ctx.data.targeting if not ctx.data.targeting.empty else ctx.data.search_terms
    frame = in_window(ctx, frame)
    cols = ["campaign", "type", "keywords", "impressions", "clicks", "spend", "sales", "orders", "acos",
            "spend_without_sales"]  # fmt: skip
    if frame.empty:
        return pd.DataFrame(columns=cols)
    rows = frame.assign(
        auto=frame[c.TARGETING].str.lower().isin(AUTO_TARGETS),
        keyword=frame[c.TARGETING].where(frame[c.MATCH_TYPE].notna()),
    )
    out = rows.groupby(c.CAMPAIGN).agg(
        auto=("auto", "any"),
        keywords=("keyword", "nunique"),
        impressions=(c.IMPRESSIONS, "sum"),
        clicks=(c.CLICKS, "sum"),
        spend=(c.SPEND, "sum"),
        sales=(c.SALES, "sum"),
        orders=(c.ORDERS, "sum"),
    )
    out["type"] = np.where(out["auto"], "auto", "manual")
    out["keywords"] = out["keywords"].where(out["type"] == "manual")
    out["acos"] = out["spend"] / out["sales"].where(out["sales"] > 0)
    wasted = (out["sales"] <= 0) & (out["clicks"] >= ctx.params.settings.wasted_spend_min_clicks)
    out["spend_without_sales"] = out["spend"].where(wasted, 0.0)
    out = out.rename_axis("campaign").reset_index()
    return out[cols].sort_values("spend", ascending=False, kind="stable").reset_index(drop=True)


def asin_ads(ctx: AuditContext) -> pd.DataFrame:
    """Per advertised ASIN over the window: impressions, clicks, spend, sales, CTR (clicks ÷
    impressions, NaN under :data:`MIN_IMPRESSIONS_FOR_CTR`), ACoS, break-even ACoS (params economics)
    and ``acos_to_break_even`` = ACoS ÷ break-even (above 1 loses money on every ad sale)."""
    frame = in_window(ctx, ctx.data.advertised_products)
    cols = ["asin", "impressions", "clicks", "spend", "sales", "ctr", "acos", "break_even_acos",
            "acos_to_break_even"]  # fmt: skip
    if frame.empty:
        return pd.DataFrame(columns=cols)
    out = frame.groupby(c.ADVERTISED_ASIN)[[c.IMPRESSIONS, c.CLICKS, c.SPEND, c.SALES]].sum()
    out = out.rename_axis("asin").reset_index()
    out["ctr"] = (out["clicks"] / out["impressions"]).where(out["impressions"] >= MIN_IMPRESSIONS_FOR_CTR)
    out["acos"] = out["spend"] / out["sales"].where(out["sales"] > 0)
    out["break_even_acos"] = out["asin"].map(ctx.params.break_even_acos).astype("float64")
    out["acos_to_break_even"] = out["acos"] / out["break_even_acos"].where(out["break_even_acos"] > 0)
    return out[cols].sort_values("spend", ascending=False, kind="stable").reset_index(drop=True)


def account_ads(ctx: AuditContext) -> pd.DataFrame:
    """One row: ad spend and sales over the window, total sales (Business Report by date), TACoS
    (spend ÷ total sales), ACoS and the share of spend in auto campaigns."""
    camp = campaign_structure(ctx)
    br = in_window(ctx, ctx.data.business_date)
    spend = camp["spend"].sum() if not camp.empty else np.nan
    sales = camp["sales"].sum() if not camp.empty else np.nan
    total = br[c.SALES].sum() if not br.empty else np.nan
    auto = camp.loc[camp["type"] == "auto", "spend"].sum() if not camp.empty else np.nan
    return pd.DataFrame(
        [{
            "subject": "account", "ad_spend": spend, "ad_sales": sales, "total_sales": total,
            "tacos": spend / total if total and total > 0 else np.nan,
            "acos": spend / sales if sales and sales > 0 else np.nan,
            "auto_spend_share": auto / spend if spend and spend > 0 else np.nan,
        }]
    )  # fmt: skip


#: listing measurements that belong to the ASIN, not the offer: SKUs sharing an ASIN (an FBA SKU
#: and its MFN twin) are one finding, named by all their SKUs
ASIN_METRICS = ("a_plus",)


def _per_asin(qa: pd.DataFrame, metrics: list[str]) -> pd.DataFrame:
    """One row per ASIN of the listing QA table: ``sku`` = its SKUs joined with " / ", the first
    SKU's value of each metric (they are the same ASIN's). Rows without an ASIN stay per SKU."""
    if qa.empty or "asin" not in qa.columns:
        return qa
    key = qa["asin"].where(qa["asin"].notna() & (qa["asin"].astype(str) != ""), "sku:" + qa["sku"].astype(str))
    grouped = qa.assign(_key=key).groupby("_key", sort=False)
    out = grouped[metrics].first()
    out["sku"] = grouped["sku"].agg(lambda skus: " / ".join(sorted(map(str, skus))))
    return out.reset_index(drop=True)


def measurements(ctx: AuditContext) -> pd.DataFrame:
    """Every measured value, long: ``area, subject, metric, value`` (NaN = not measurable)."""
    qa = listing_qa(ctx)
    health = inventory_health(ctx)
    parts = [
        account_measures(ctx),
        _long(qa, "listings", "sku", [m for m in lq.QA_METRICS if m not in ASIN_METRICS]),
        _long(_per_asin(qa, list(ASIN_METRICS)), "listings", "sku", list(ASIN_METRICS)),
        _long(health, "inventory", "sku", ["stranded_units", "aged_181_plus_units", "weeks_of_cover",
                                           "sell_through", "historical_dos_max"]),
        _long(account_ads(ctx), "advertising", "subject", ["tacos", "auto_spend_share"]),
        _campaign_long(ctx),
        _long(asin_ads(ctx), "advertising", "asin", ["ctr", "acos_to_break_even"]),
    ]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=["area", "subject", "metric", "value"])
    return pd.concat(parts, ignore_index=True)


def _campaign_long(ctx: AuditContext) -> pd.DataFrame:
    camp = campaign_structure(ctx).rename(columns={"keywords": "keywords_per_campaign"})
    return _long(camp, "advertising", "campaign", ["keywords_per_campaign", "spend_without_sales"])


def no_sales_diagnostic(ctx: AuditContext, sku: str | None = None) -> pd.DataFrame:
    """Why a listing does not sell, step by step (see :func:`helpers.measures.listings.no_sales_steps`).

    ``sku`` defaults to :func:`no_sales_candidate`. Each step says what the data shows, or
    "needs a manual look" where no export answers it."""
    sku = sku or no_sales_candidate(ctx)
    return lq.no_sales_steps(
        sku,
        qa=listing_qa(ctx),
        inventory=ctx.data.fba_inventory,
        search_terms=in_window(ctx, ctx.data.search_terms),
        advertised=in_window(ctx, ctx.data.advertised_products),
        business=ctx.data.business_asin,
        window=(ctx.first_day, ctx.last_day),
        currency=ctx.currency,
    )


def no_sales_candidate(ctx: AuditContext) -> str | None:
    """The SKU the diagnostic looks at: a listed SKU with no units in the window (most stock first),
    else the listed SKU with the fewest units per session."""
    return lq.weakest_listing(listing_qa(ctx), ctx.data.business_asin, window=(ctx.first_day, ctx.last_day))
