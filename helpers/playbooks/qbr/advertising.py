"""Advertising this quarter: campaigns and targeting types, from the quarter's ad rows."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.measures.search_terms import AUTO_TARGETS  # one definition, beside the search-term rules


def targeting_type(frame: pd.DataFrame) -> pd.Series:
    """EXACT / PHRASE / BROAD for keywords, else Auto or Product targeting from the targeting text."""
    match = frame.get(c.MATCH_TYPE, pd.Series(np.nan, index=frame.index)).astype(object)
    targeting = frame.get(c.TARGETING, pd.Series("", index=frame.index)).astype(str).str.strip().str.lower()
    out = match.where(match.notna() & match.astype(str).str.strip().ne(""), None).astype(object)
    out = out.map(lambda v: v.title() if isinstance(v, str) else v)
    is_product = targeting.str.startswith(("asin", "category"))
    is_auto = targeting.isin(AUTO_TARGETS)
    out = out.mask(out.isna() & is_product, "Product targeting")
    out = out.mask(out.isna() & is_auto, "Auto")
    return out.fillna("Other").rename("targeting_type")


def campaigns(rows: pd.DataFrame) -> pd.DataFrame:
    """Per campaign: spend, sales, orders, ACoS, ROAS, CVR, CPC, share of spend."""
    if rows.empty:
        return pd.DataFrame(columns=[c.CAMPAIGN, *c.AD_BASES])
    table = m.summarize(rows, by=c.CAMPAIGN, bases=list(c.AD_BASES))
    table["share_of_spend"] = m.safe_div(table[c.SPEND], table[c.SPEND].sum(min_count=1))
    return table.sort_values(c.SPEND, ascending=False).reset_index(drop=True)


def match_types(rows: pd.DataFrame) -> pd.DataFrame:
    """Spend and sales by targeting type (Exact, Phrase, Broad, Auto, Product targeting)."""
    if rows.empty:
        return pd.DataFrame(columns=["targeting_type", *c.AD_BASES])
    rows = rows.assign(targeting_type=targeting_type(rows))
    table = m.summarize(rows, by="targeting_type", bases=list(c.AD_BASES))
    table["share_of_spend"] = m.safe_div(table[c.SPEND], table[c.SPEND].sum(min_count=1))
    return table.sort_values(c.SPEND, ascending=False).reset_index(drop=True)
