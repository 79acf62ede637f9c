"""Seller Central side of the demo: sessions, page views, units, sales per child ASIN and SKU per day.

Total sales are built *on top of* the ad-attributed sales: units of a child on a day are the organic
units plus the units the ads sold for it (advertised-SKU units of its own lines and other-SKU "halo"
units of its siblings' lines). So ad sales ≤ total sales on every day and every child, and the
Business Reports written from this frame reconcile with the ad reports.

Money is kept in integer cents so that every Business Report total adds up to the cent.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.demo import catalog as cat

ORGANIC_CVR = 0.125  # organic units per organic session
MFN_SHARE = 0.08  # share of organic orders of a two-SKU child that ship from the seller (MFN)
B2B_SHARE = 0.018


def simulate(ads: pd.DataFrame, profile: str = "acme") -> dict[str, pd.DataFrame]:
    """Daily business metrics. Returns ``{"skus": ..., "children": ...}``.

    ``skus``: one row per day × child ASIN × SKU with ``units``, ``orders`` (order items),
    ``sales_cents`` and their B2B parts. ``children``: one row per day × child ASIN with
    ``sessions``, ``page_views``, ``buy_box_pct`` (fraction of page views), B2B traffic and the
    child's totals of the SKU columns.
    """
    from helpers.demo.brands import brand

    b = brand(profile)
    catalogue = cat.catalog(profile)
    days = cat.days()
    n_days = len(days)
    rng = np.random.default_rng([cat.SEED, 2, len(catalogue.children)])
    pidx = cat.price_index(days)
    stockout_sku = b.stockout[0] if b.stockout else None
    oos = cat.stockout_mask(days, *b.stockout[1:]) if b.stockout else np.zeros(n_days, dtype=bool)

    # ad-attributed orders/units/clicks per child and day
    def per_child(sku_col: str, value_col: str) -> pd.DataFrame:
        return ads.pivot_table(index="date", columns=sku_col, values=value_col, aggfunc="sum", fill_value=0).reindex(
            days, fill_value=0
        )

    adv_orders = per_child("advertised_sku", "adv_sku_orders")
    adv_units = per_child("advertised_sku", "adv_sku_units")
    halo_orders = per_child("halo_sku", "other_sku_orders")
    halo_units = per_child("halo_sku", "other_sku_units")
    ad_clicks = per_child("advertised_sku", "clicks")

    def col(frame: pd.DataFrame, sku: str) -> np.ndarray:
        return frame[sku].to_numpy() if sku in frame else np.zeros(n_days, dtype=np.int64)

    sku_rows, child_rows = [], []
    for child in catalogue.children:
        weights = sum(c.weight for c in catalogue.in_category(child.category))
        base = catalogue.category_units[child.category] * child.weight / weights
        expected_units = base * cat.demand_index(child.category, days, growth=b.growth) * rng.lognormal(0, 0.18, n_days)
        stocked = ~oos if child.sku == stockout_sku else np.ones(n_days, dtype=bool)
        org_orders = rng.poisson(np.where(stocked, expected_units / 1.07, 0.0))
        org_extra = rng.binomial(org_orders, 0.07)

        # MFN takes a small share of the organic orders of a two-SKU child
        mfn_orders = rng.binomial(org_orders, MFN_SHARE) if child.mfn_sku else np.zeros(n_days, dtype=np.int64)
        mfn_extra = np.minimum(rng.binomial(org_extra, MFN_SHARE), mfn_orders) if child.mfn_sku else mfn_orders * 0
        fba_orders = org_orders - mfn_orders + col(adv_orders, child.sku) + col(halo_orders, child.sku)
        fba_units = (org_orders - mfn_orders) + (org_extra - mfn_extra) + col(adv_units, child.sku) + col(
            halo_units, child.sku
        )
        mfn_units = mfn_orders + mfn_extra
        unit_cents = np.rint(round(child.price * 100) * pidx).astype(np.int64)

        units_total = fba_units + mfn_units
        units_b2b = rng.binomial(units_total, B2B_SHARE * 0.8)
        fba_b2b = np.minimum(units_b2b, fba_units)
        fba_b2b_orders = np.minimum(fba_b2b, fba_orders)
        for sku, units, orders, b2b, b2b_orders in (
            (child.sku, fba_units, fba_orders, fba_b2b, fba_b2b_orders),
            (child.mfn_sku, mfn_units, mfn_orders, np.zeros(n_days, np.int64), np.zeros(n_days, np.int64)),
        ):
            if sku is None:
                continue
            sku_rows.append(
                pd.DataFrame(
                    {
                        "date": days,
                        "parent_asin": child.parent_asin,
                        "child_asin": child.asin,
                        "sku": sku,
                        "units": units,
                        "order_items": orders,
                        "sales_cents": units * unit_cents,
                        "units_b2b": b2b,
                        "order_items_b2b": b2b_orders,
                        "sales_b2b_cents": b2b * unit_cents,
                    }
                )
            )

        # traffic: every ad click is a session; organic sessions follow organic demand, and keep
        # coming (fewer) while the product is out of stock
        org_sessions = rng.poisson(np.where(stocked, 1.0, 0.55) * expected_units / ORGANIC_CVR)
        sessions = org_sessions + np.rint(col(ad_clicks, child.sku) * 0.95).astype(np.int64)
        page_views = sessions + rng.binomial(sessions, 0.42)
        buy_box = 1.0 - rng.beta(1.0, 70.0, n_days)
        buy_box = np.where(stocked, buy_box, rng.uniform(0.12, 0.35, n_days))
        child_rows.append(
            pd.DataFrame(
                {
                    "date": days,
                    "parent_asin": child.parent_asin,
                    "child_asin": child.asin,
                    "sessions": sessions,
                    "page_views": page_views,
                    "buy_box_pct": np.round(buy_box, 4),
                    "sessions_b2b": rng.binomial(sessions, B2B_SHARE),
                    "page_views_b2b": rng.binomial(page_views, B2B_SHARE),
                    "sessions_mobile": rng.binomial(sessions, 0.63),
                    "page_views_mobile": rng.binomial(page_views, 0.66),
                }
            )
        )

    skus = pd.concat(sku_rows, ignore_index=True)
    children = pd.concat(child_rows, ignore_index=True)
    totals = skus.groupby(["date", "child_asin"], as_index=False)[
        ["units", "order_items", "sales_cents", "units_b2b", "order_items_b2b", "sales_b2b_cents"]
    ].sum()
    children = children.merge(totals, on=["date", "child_asin"], how="left", validate="one_to_one")
    return {"skus": skus, "children": children}
