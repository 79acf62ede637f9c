"""Deal economics: margin on the deal and the extra units a deal must sell to pay back."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.playbooks.seasonal.context import SeasonalContext

#: Deal verdict by break-even extra units as a share of the expected event units (upper bounds).
DEAL_BANDS = pd.DataFrame(
    {"upper": [0.25, 0.75, np.inf], "verdict": ["worth it", "marginal", "skip"]}
)


def deal_margin(price: Any, cogs: Any, fees: Any, discount: Any, fee_share: Any = 0.0) -> Any:
    """Margin per unit sold on the deal, in money: price × (1 − discount) × (1 − fee_share) − cogs − fees.

    ``fees`` are the per-unit referral + FBA + other costs from ``params.economics`` (held fixed;
    the referral fee falls a little with the price, so this slightly understates the margin).
    ``fee_share`` is a deal fee charged per unit as a share of the deal price (coupons). Higher is better;
    negative = every deal unit loses money.

    >>> round(deal_margin(30.0, 8.0, 10.0, 0.2), 2)
    6.0
    """
    return price * (1 - discount) * (1 - fee_share) - cogs - fees


def break_even_extra_units(flat_fee: Any, base_units: Any, margin_before: Any, margin_after: Any) -> Any:
    """Extra units a deal must sell to pay for itself: (flat fee + base units × (margin before −
    margin after)) ÷ margin after. Base units are the units the event would sell without the deal
    (they now sell at the lower margin). NaN when the deal margin is zero or negative (no number of
    extra units pays it back). Lower is better.

    >>> break_even_extra_units(500.0, 100.0, 12.0, 6.0)
    183.33333333333334
    """
    after = np.where(np.asarray(margin_after, dtype=float) > 0, margin_after, np.nan)
    value = (np.asarray(flat_fee, dtype=float) + np.asarray(base_units, dtype=float)
             * (np.asarray(margin_before, dtype=float) - np.asarray(margin_after, dtype=float))) / after
    return float(value) if np.ndim(value) == 0 else value


def without_event_stock(ctx: SeasonalContext, stock: pd.DataFrame | None) -> list[str]:
    """The ASINs of the inventory plan ``stock`` (:func:`~.stock.inventory_plan`) that will have no
    stock for the event: they run out before it starts and their ship-by date has passed. A deal on
    them would be paid for and sell nothing."""
    if stock is None or stock.empty or "runs_out" not in stock:
        return []
    gone = (stock["status"] == "ship-by passed") & (stock["runs_out"] < pd.Timestamp(ctx.event.start))
    return stock.loc[gone.fillna(False).to_numpy(dtype=bool), c.CHILD_ASIN].tolist()


def deal_plan(ctx: SeasonalContext, asins: pd.DataFrame, *, top: int = 5,
              stock: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each deal type for the ``top`` ASINs by expected event units (economics from the params),
    leaving out the ASINs :func:`without_event_stock` finds in the inventory plan ``stock``.

    Columns: asin, deal, discount (the type's minimum), fee (flat, for this event kind), price, deal
    price, margin before and after (per unit), expected units (scenario 'expected', without a deal),
    break_even_extra (units), break_even_share (of the expected units) and verdict (:data:`DEAL_BANDS`).
    """
    rows = []
    candidates = asins[~asins[c.CHILD_ASIN].isin(without_event_stock(ctx, stock))]
    for asin_row in candidates.head(top).itertuples(index=False):
        asin = getattr(asin_row, c.CHILD_ASIN)
        econ = ctx.params.economics_for(asin)
        if econ.price is not None:
            price, cogs, fees = econ.price, econ.cogs, econ.fees
        elif econ.margin is not None and np.isfinite(asin_row.price):
            price, cogs, fees = asin_row.price, asin_row.price * (1 - econ.margin), 0.0
        else:
            continue
        before = deal_margin(price, cogs, fees, 0.0)
        for key, deal in ctx.calendar.deals.items():
            after = deal_margin(price, cogs, fees, deal.min_discount, deal.fee_share_of_sales)
            fee = deal.fee_for(ctx.event.kind)
            extra = break_even_extra_units(fee, asin_row.units_expected, before, after)
            rows.append({"asin": asin, "deal": deal.label, "discount": deal.min_discount, "fee": fee,
                         "price": price, "deal_price": price * (1 - deal.min_discount), "margin_before": before,
                         "margin_after": after, "units_expected": asin_row.units_expected,
                         "break_even_extra": extra, "assumption": deal.assumption, "key": key})
    table = pd.DataFrame(rows, columns=["asin", "deal", "discount", "fee", "price", "deal_price", "margin_before",
                                        "margin_after", "units_expected", "break_even_extra", "assumption", "key"])
    table["break_even_share"] = m.safe_div(table["break_even_extra"], table["units_expected"])
    bands = pd.cut(table["break_even_share"], bins=[-np.inf, *DEAL_BANDS["upper"]], labels=DEAL_BANDS["verdict"])
    table["verdict"] = bands.astype(object).where(table["margin_after"] > 0, "loses money per unit")
    table["verdict"] = table["verdict"].fillna("no expected units")
    return table
