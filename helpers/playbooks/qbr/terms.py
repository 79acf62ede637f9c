"""Search terms this quarter: per term, by class, the best sellers and the plain wasted list."""

from __future__ import annotations

import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.measures.search_terms import classify_terms


def quarter_terms(rows: pd.DataFrame, *, brand_terms: list[str], competitor_terms: list[str]) -> pd.DataFrame:
    """Search term rows summed per term, with their class (branded/competitor/generic/asin)."""
    if rows.empty or c.SEARCH_TERM not in rows:
        return pd.DataFrame(columns=[c.SEARCH_TERM, "term_class", *c.AD_BASES])
    terms = m.summarize(rows, by=c.SEARCH_TERM, bases=list(c.AD_BASES))
    terms["term_class"] = classify_terms(terms[c.SEARCH_TERM], brand_terms=brand_terms, competitor_terms=competitor_terms)
    return terms


def term_classes(terms: pd.DataFrame) -> pd.DataFrame:
    """Branded vs competitor vs generic vs ASIN: spend, sales, ACoS, share of spend and of sales."""
    if terms.empty:
        return pd.DataFrame(columns=["term_class", *c.AD_BASES])
    table = m.summarize(terms, by="term_class", bases=list(c.AD_BASES))
    table["share_of_spend"] = m.safe_div(table[c.SPEND], table[c.SPEND].sum(min_count=1))
    table["share_of_sales"] = m.safe_div(table[c.SALES], table[c.SALES].sum(min_count=1))
    order = {name: i for i, name in enumerate(("branded", "competitor", "generic", "asin"))}
    return table.sort_values("term_class", key=lambda s: s.map(order)).reset_index(drop=True)


def top_terms(terms: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The ``n`` search terms with the most ad sales this quarter."""
    return terms.nlargest(n, c.SALES).reset_index(drop=True) if not terms.empty else terms


def wasted_terms(terms: pd.DataFrame, *, min_clicks: int) -> pd.DataFrame:
    """Terms with at least ``min_clicks`` clicks and no orders this quarter, by spend (the money that
    bought nothing). The search-term chapter's statistical negatives go further; this is the plain list."""
    if terms.empty:
        return terms
    wasted = terms[(terms[c.CLICKS] >= min_clicks) & (terms[c.ORDERS].fillna(0) == 0)]
    return wasted.sort_values(c.SPEND, ascending=False).reset_index(drop=True)
