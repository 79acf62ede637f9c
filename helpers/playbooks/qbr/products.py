"""Sales per child ASIN (by-child Business Reports), the quarter's movers and Buy Box watch."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.periods import Quarter

ASIN_COLUMNS = [c.CHILD_ASIN, c.TITLE, c.SALES, c.UNITS, c.SESSIONS, c.PAGE_VIEWS, c.BUY_BOX_PCT, "unit_session_pct"]


def _empty() -> pd.DataFrame:
    """No ASIN rows, with the dtypes of a full frame."""
    return pd.DataFrame({col: pd.Series(dtype=object if col in (c.CHILD_ASIN, c.TITLE) else float)
                         for col in ASIN_COLUMNS})


def asin_quarter(business_asin: pd.DataFrame | None, quarter: Quarter) -> pd.DataFrame:
    """Per child ASIN for a quarter from the by-child Business Reports whose range lies inside it:
    sales, units, sessions (once per ASIN page and range), page views, Buy Box %, unit session %."""
    from helpers.loaders import business_asin_totals

    if business_asin is None or business_asin.empty:
        return _empty()
    frame = business_asin
    inside = frame[(frame[c.START_DATE] >= pd.Timestamp(quarter.start)) & (frame[c.END_DATE] <= pd.Timestamp(quarter.end))]
    if inside.empty:
        return _empty()
    per_page = business_asin_totals(inside)
    per_page = per_page.assign(buy_box_views=per_page[c.BUY_BOX_PCT] * per_page[c.PAGE_VIEWS])
    sums = per_page.groupby(c.CHILD_ASIN).agg(
        **{
            c.TITLE: (c.TITLE, "first"),
            c.SALES: (c.SALES, lambda s: s.sum(min_count=1)),
            c.UNITS: (c.UNITS, lambda s: s.sum(min_count=1)),
            c.SESSIONS: (c.SESSIONS, lambda s: s.sum(min_count=1)),
            c.PAGE_VIEWS: (c.PAGE_VIEWS, lambda s: s.sum(min_count=1)),
            "buy_box_views": ("buy_box_views", lambda s: s.sum(min_count=1)),
        }
    )
    sums[c.BUY_BOX_PCT] = m.safe_div(sums["buy_box_views"], sums[c.PAGE_VIEWS])
    sums["unit_session_pct"] = m.unit_session_pct(sums[c.UNITS], sums[c.SESSIONS])
    return sums.drop(columns=["buy_box_views"]).reset_index()[ASIN_COLUMNS]


def asin_table(business_asin: pd.DataFrame | None, quarter: Quarter, previous: Quarter) -> pd.DataFrame:
    """This quarter per child ASIN with last quarter's sales and the change, best sellers first. With
    no by-ASIN rows for last quarter at all the change is blank: an ASIN is not 'up' by all its sales
    because last quarter's report was not downloaded."""
    cur = asin_quarter(business_asin, quarter)
    prev = asin_quarter(business_asin, previous)[[c.CHILD_ASIN, c.SALES, c.UNITS]].rename(
        columns={c.SALES: "sales_previous", c.UNITS: "units_previous"}
    )
    table = cur.merge(prev, on=c.CHILD_ASIN, how="outer")
    table["sales_change"] = table[c.SALES].fillna(0) - table["sales_previous"].fillna(0) if len(prev) else np.nan
    table["sales_change_pct"] = m.relative_change(table[c.SALES], table["sales_previous"])
    table["share_of_sales"] = m.safe_div(table[c.SALES], table[c.SALES].sum(min_count=1))
    return table.sort_values(c.SALES, ascending=False, na_position="last").reset_index(drop=True)


def top_movers(asins: pd.DataFrame, *, n: int = 5) -> pd.DataFrame:
    """The ``n`` biggest sales gains and ``n`` biggest drops QoQ (money, not percent, so a tiny ASIN
    doubling does not outrank a best seller losing a fifth)."""
    if asins.empty:
        return asins.assign(direction=pd.Series(dtype=object))
    ups = asins[asins["sales_change"] > 0].nlargest(n, "sales_change").assign(direction="up")
    downs = asins[asins["sales_change"] < 0].nsmallest(n, "sales_change").assign(direction="down")
    return pd.concat([ups, downs], ignore_index=True)


def buy_box_watch(asins: pd.DataFrame, *, below: float = 0.9) -> pd.DataFrame:
    """ASINs whose Buy Box % this quarter was under ``below`` (sales at risk to other offers)."""
    if asins.empty:
        return asins
    return asins[asins[c.BUY_BOX_PCT] < below].sort_values(c.SALES, ascending=False).reset_index(drop=True)
