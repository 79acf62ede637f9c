"""Harvest: converting search terms from auto, broad and phrase targeting to add as exact keywords,
with a bid from CPC and target ACoS."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from helpers import metrics as m
from helpers.measures.search_terms._codes import (
    _compact,
    _factorized,
    _is_value,
    _money_order,
    _term_names,
    _values,
)
from helpers.measures.search_terms.routing import ROUTE_COLUMNS, route_terms
from helpers.measures.search_terms.terms import (
    AUTO_TARGETS,
    Rules,
    _aggregate,
    _mature_mask,
    _where_spent,
    positive_keywords,
)
from helpers.measures.search_terms.text import formula_risk

HARVEST_COLUMNS = [
    "keyword_text", "term_class", "clicks", "orders", "spend", "sales", "acos", "cvr", "cpc", "aov",
    "suggested_bid", "source_campaigns", "campaign", "campaign_id", "ad_group", "ad_group_id", "route", "asin",
    "sku", "reason", "flag",
]  # fmt: skip


MAX_BID_RAISE = 2.0  # a harvested bid is at most this multiple of the CPC already paid


def harvest_candidates(
    rows: pd.DataFrame,
    *,
    rules: Rules = Rules(),
    last_day: Any = None,
    products: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Converting search terms from auto, broad and phrase targeting, not yet exact keywords, that
    earn their keep: at least ``rules.harvest_min_orders`` orders and ACoS ≤ target ACoS.

    **Suggested bid** = CPC × target ACoS / actual ACoS, the bid at which the term would have hit
    the target with the same conversion; it equals AOV × CVR × target ACoS (both are
    sales/clicks × target). It is capped at ``MAX_BID_RAISE`` × the CPC already paid and at
    ``rules.harvest_max_bid`` when set, rounded down to the cent. ASIN terms are left out (they
    become product targets, not keywords); the last attribution-lag days are left out.

    **Where it goes** (:mod:`.routing`): ``campaign``/``ad_group`` (and IDs when the report has
    them) is an EXACT ad group advertising the product(s) the term converted on, by the
    advertised-product rows ``products`` (``route = "product"``); without them, the exact ad group
    of the same product line by campaign name (``"name"``); when the product has no exact ad group,
    a proposed new one in that product's keyword campaign (``"new ad group"``, ad group named
    :func:`~.routing.new_ad_group_name`, ``asin``/``sku`` the product to advertise in it); ``""``
    with no destination. Never an ad group that advertises none of the term's products.
    """
    mature = _mature_mask(rows, lag_days=rules.attribution_lag_days, last_day=last_day)
    if not mature.any() or math.isnan(rules.target_acos):
        return pd.DataFrame(columns=HARVEST_COLUMNS)
    target_codes, targets = _factorized(rows["targeting"])
    is_auto = pd.Series(targets, dtype="str").str.strip().str.lower().isin(AUTO_TARGETS).to_numpy(dtype=bool)
    auto = (_factorized(rows["match_type"])[0] < 0) & (target_codes >= 0) & is_auto[np.maximum(target_codes, 0)]
    source = mature & (_is_value(rows, "match_type", ["BROAD", "PHRASE"]) | auto)
    agg, _ = _aggregate(rows, source, brand_terms=rules.brand_terms, competitor_terms=rules.competitor_terms)
    # every EXACT keyword (exact wins over phrase in positive_keywords)
    exact = {k for k, v in positive_keywords(rows, mature).items() if v == "exact"}
    good = agg[
        (agg["kind"] == "words")
        & (agg["orders"].fillna(0) >= rules.harvest_min_orders)
        & (agg["acos"] <= rules.target_acos)
        & ~agg["search_term"].isin(exact)
    ].copy()
    good = good.rename(columns={"search_term": "keyword_text"})
    good["aov"] = m.aov(good["sales"], good["orders"])
    bid = good["cpc"] * rules.target_acos / good["acos"]
    bid = np.minimum(bid, good["cpc"] * MAX_BID_RAISE)
    if rules.harvest_max_bid is not None:
        bid = np.minimum(bid, rules.harvest_max_bid)
    # down to the cent; a bid a rounding error short of a whole cent (1.0799999) is that cent
    good["suggested_bid"] = np.floor(bid.astype(float) * 100 + 1e-6) / 100
    where = _where_spent(rows, good.assign(level="term"), source)
    good["source_campaigns"] = [where.get(("term", t), ()) for t in good["keyword_text"]]
    # routing reads ad groups, IDs, match types and spend: their distinct combinations among the
    # mature rows are the few rows it needs, never a copy of a million
    keys = [c for c in ("campaign", "campaign_id", "ad_group", "ad_group_id", "match_type") if c in rows.columns]
    routes = route_terms(
        _converting_places(rows, source, good["keyword_text"]),
        rows=_compact(rows, mature, keys, "spend"),
        products=products,
    )
    # one aligned lookup per column (a term with no route gets "")
    routed = routes.reindex(good["keyword_text"].astype(str).to_numpy())
    for col in ROUTE_COLUMNS:
        good[col] = routed[col].astype(object).where(routed[col].notna(), "").to_numpy()
    good["flag"] = np.where(good["keyword_text"].map(formula_risk), "starts like a formula: not written", "")
    good["reason"] = [
        f"{int(o)} orders from {int(c)} clicks, ACoS {a:.0%} ≤ target {rules.target_acos:.0%}; bid {b:.2f} = "
        f"CPC {cpc:.2f} × {rules.target_acos:.0%} / {a:.0%}"
        + (" (capped)" if b < cpc * rules.target_acos / a - 0.01 else "")
        for o, c, a, b, cpc in good[["orders", "clicks", "acos", "suggested_bid", "cpc"]].itertuples(
            index=False
        )
    ]
    good = good[HARVEST_COLUMNS]
    return good.iloc[_money_order(good["sales"], good["keyword_text"])].reset_index(drop=True)


def _converting_places(
    rows: pd.DataFrame, source: np.ndarray, terms: pd.Series
) -> dict[str, list[tuple[str, str, float]]]:
    """Normalised term → (campaign, ad group, orders) of the ``source`` rows where it sold, for
    the given ``terms`` only (every term listed, with no places when it sold nowhere)."""
    out: dict[str, list[tuple[str, str, float]]] = {str(t): [] for t in terms}
    if not out:
        return out
    codes, _ = _factorized(rows["search_term"])
    names = _term_names(rows["search_term"])
    wanted = np.zeros(len(names.text), dtype=bool)
    found = names.positions(list(out))
    wanted[found[found >= 0]] = True
    row_term = names.term_of[np.maximum(codes, 0)]
    orders = np.nan_to_num(_values(rows, "orders"))
    keep = source & (codes >= 0) & wanted[row_term] & (orders > 0)
    picked = pd.DataFrame(
        {
            "term": names.text[row_term[keep]],
            "campaign": rows["campaign"].to_numpy(dtype=object)[keep],
            "ad_group": rows["ad_group"].to_numpy(dtype=object)[keep],
            "orders": orders[keep],
        }
    )
    sums = picked.groupby(["term", "campaign", "ad_group"], sort=True)["orders"].sum()
    for (term, campaign, group), total in sums.items():
        out[str(term)].append((str(campaign), str(group), float(total)))
    return out
