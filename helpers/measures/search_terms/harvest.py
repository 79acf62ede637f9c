"""Harvest: converting search terms from auto, broad and phrase targeting to add as exact keywords,
with a bid from CPC and target ACoS."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from helpers import metrics as m
from helpers.measures.search_terms._codes import _compact, _factorized, _is_value, _money_order
from helpers.measures.search_terms.terms import (
    AUTO_TARGETS,
    PLACE_COLUMNS,
    Rules,
    _aggregate,
    _mature_mask,
    _where_spent,
    positive_keywords,
)
from helpers.measures.search_terms.text import formula_risk

HARVEST_COLUMNS = [
    "keyword_text", "term_class", "clicks", "orders", "spend", "sales", "acos", "cvr", "cpc", "aov",
    "suggested_bid", "source_campaigns", "campaign", "campaign_id", "ad_group", "ad_group_id", "reason", "flag",
]  # fmt: skip


MAX_BID_RAISE = 2.0  # a harvested bid is at most this multiple of the CPC already paid


def harvest_candidates(rows: pd.DataFrame, *, rules: Rules = Rules(), last_day: Any = None) -> pd.DataFrame:
    """Converting search terms from auto, broad and phrase targeting, not yet exact keywords, that
    earn their keep: at least ``rules.harvest_min_orders`` orders and ACoS ≤ target ACoS.

    **Suggested bid** = CPC × target ACoS / actual ACoS, the bid at which the term would have hit
    the target with the same conversion; it equals AOV × CVR × target ACoS (both are
    sales/clicks × target). It is capped at ``MAX_BID_RAISE`` × the CPC already paid and at
    ``rules.harvest_max_bid`` when set, rounded down to the cent. ASIN terms are left out (they
    become product targets, not keywords); the last attribution-lag days are left out.

    ``campaign``/``ad_group`` (and IDs when the report has them): the ad group that already holds
    EXACT keywords and spent most on this term's campaigns' portfolio — where the keyword should
    go; empty when no exact ad group exists (create one first).
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
    home = _exact_home(rows, mature, source)
    homes = [home.get(_first_campaign(s), {}) for s in good["source_campaigns"]]
    for col in PLACE_COLUMNS:
        good[col] = [h.get(col, "") for h in homes]
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


def _first_campaign(places: tuple) -> str:
    return str(places[0][0]) if places else ""


def _exact_home(rows: pd.DataFrame, mature: np.ndarray, source: np.ndarray) -> dict[str, dict[str, Any]]:
    """Source campaign → the EXACT-keyword ad group (most spend) in the same portfolio, else any
    (over the ``mature`` rows; the campaigns of the ``source`` rows)."""
    is_exact = mature & _is_value(rows, "match_type", ["EXACT"])
    if not is_exact.any():
        return {}
    cols = [c for c in PLACE_COLUMNS if c in rows.columns]
    key = "portfolio" if "portfolio" in rows.columns else None
    groups = [*([key] if key else []), *cols]
    # one row per ad group with its spend, most first (ties in key order)
    ranked = _compact(rows, is_exact, groups, "spend").sort_values(groups, kind="stable")
    ranked = ranked.sort_values("spend", ascending=False, kind="stable")
    out: dict[str, dict[str, Any]] = {}
    firsts = _compact(rows, source, ["campaign", *([key] if key else [])], None)  # first row per campaign
    firsts = firsts.drop_duplicates("campaign")
    portfolio_of = firsts.set_index("campaign")[key].to_dict() if key else {}
    best_any = ranked.iloc[0][cols].to_dict() if not key else {}
    for campaign in firsts["campaign"].dropna():
        pf = portfolio_of.get(campaign)
        mine = ranked[ranked[key] == pf] if key and pf == pf and pf is not None else ranked.iloc[0:0]
        chosen = mine.iloc[0][cols].to_dict() if not mine.empty else best_any  # no exact home: empty
        out[str(campaign)] = {
            k: ("" if v is None or (isinstance(v, float) and v != v) else v) for k, v in chosen.items()
        }
    return out
