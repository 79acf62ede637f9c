"""Where a harvested keyword goes: an EXACT ad group that advertises the product the term sold.

**Model.** A search term converts inside a source ad group (auto, broad or phrase), and that ad group
advertises a set of products (the Sponsored Products advertised-product report: campaign, ad group,
advertised SKU and ASIN, with sales). The term's products are those of its converting ad groups,
each ASIN weighted by

    w(asin) = Σ over source ad groups g of  orders(term, g) × sales share of asin in g

(the share is 1/|products of g| when g sold nothing). The keyword goes to the EXACT ad group whose
products overlap the term's products with the largest total weight (ties: more spend, then name),
``route = "product"``. An exact ad group that advertises none of those products is never chosen.

The product line comes first (campaign names without their targeting words, :func:`product_line`:
a brand term found in the brand campaign stays in brand campaigns, a generic one in the product's):

1. an exact ad group of the source's product line advertising the term's products (as above);
2. else a new exact ad group for the main product (the ASIN of largest weight), ``route = "new ad
   group"``, in the keyword campaign of that line holding exact ad groups (most spend), or in the
   source campaign when it is a keyword campaign (auto campaigns cannot hold keywords);
3. else an exact ad group of another line advertising the products;
4. else a new exact ad group in any keyword campaign advertising the main product;
5. else ``route = ""``: a new manual campaign is needed (the bulk file's instructions say so).

Without an advertised-product report for the source ad groups, names are the fallback
(``route = "name"``): the exact ad group (most spend) whose campaign has the same product line as the
source campaign.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from helpers.measures.search_terms.text import fold_plural, normalize_term

ROUTES = ("product", "name", "new ad group", "")

#: Words of campaign names that say how a campaign targets, not what it sells (any console language).
TARGETING_WORDS = frozenset(
    {
        "sp", "sb", "sd", "auto", "automatic", "manual", "exact", "exakt", "genau", "phrase", "wortgruppe",
        "broad", "weitgehend", "discovery", "research", "keyword", "keywords", "kw", "pat", "product",
        "products", "targeting", "target", "campaign", "launch", "ranking", "catch", "all", "asin",
        "category", "harvest", "defense", "defence",
    }
)  # fmt: skip

ROUTE_COLUMNS = ["campaign", "campaign_id", "ad_group", "ad_group_id", "route", "asin", "sku"]


@lru_cache(maxsize=65536)  # a few campaign names, asked about once per harvested term
def product_line(name: Any) -> frozenset[str]:
    """The words of a campaign name that name what it sells: normalised, plurals folded, without
    :data:`TARGETING_WORDS` and numbers. ``"SP | Trekking Poles | Manual"`` → ``{trekking, pole}``.

    >>> sorted(product_line("SP | Bottles | Manual - Broad/Phrase Discovery"))
    ['bottle']
    """
    words = normalize_term(name).split()
    return frozenset(fold_plural(w) for w in words if w not in TARGETING_WORDS and not w.isdigit())


def ad_group_products(products: pd.DataFrame | None) -> dict[tuple[str, str], dict[str, tuple[str, float]]]:
    """(campaign, ad group) → {ASIN: (SKU, sales)} from advertised-product rows (sales summed;
    SKU '' when the report has none, as for vendors)."""
    if products is None or products.empty or "advertised_asin" not in products.columns:
        return {}
    frame = products[["campaign", "ad_group", "advertised_asin"]].copy()
    frame["sku"] = products["advertised_sku"] if "advertised_sku" in products.columns else ""
    frame["sales"] = pd.to_numeric(products.get("sales", 0.0), errors="coerce").fillna(0.0)
    frame = frame.dropna(subset=["campaign", "ad_group", "advertised_asin"])
    frame["sku"] = frame["sku"].fillna("").astype(str)
    grouped = frame.groupby(["campaign", "ad_group", "advertised_asin"], sort=True).agg(
        sku=("sku", "first"), sales=("sales", "sum")
    )
    out: dict[tuple[str, str], dict[str, tuple[str, float]]] = {}
    for (campaign, group, asin), sku, sales in zip(
        grouped.index, grouped["sku"], grouped["sales"], strict=True
    ):
        out.setdefault((str(campaign), str(group)), {})[str(asin)] = (str(sku), float(sales))
    return out


def exact_ad_groups(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per ad group holding EXACT keywords in ``rows``: campaign, campaign_id, ad_group,
    ad_group_id ('' when unknown) and spend; most spend first, then names."""
    cols = ["campaign", "campaign_id", "ad_group", "ad_group_id", "spend"]
    if rows.empty or "match_type" not in rows.columns:
        return pd.DataFrame(columns=cols)
    exact = rows[rows["match_type"].astype(str).str.upper() == "EXACT"]
    return _places(exact)


def keyword_campaigns(rows: pd.DataFrame) -> set[str]:
    """Campaigns with keyword (EXACT, PHRASE or BROAD) targeting: the only ones a keyword ad group
    can be added to (auto campaigns cannot hold keywords)."""
    if rows.empty or "match_type" not in rows.columns:
        return set()
    kw = rows["match_type"].astype(str).str.upper().isin(["EXACT", "PHRASE", "BROAD"])
    return {str(c) for c in rows.loc[kw, "campaign"].dropna().unique()}


def _places(rows: pd.DataFrame) -> pd.DataFrame:
    cols = ["campaign", "campaign_id", "ad_group", "ad_group_id", "spend"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    frame = pd.DataFrame(
        {
            "campaign": rows["campaign"].astype(str),
            "ad_group": rows["ad_group"].astype(str),
            "campaign_id": rows["campaign_id"] if "campaign_id" in rows.columns else np.nan,
            "ad_group_id": rows["ad_group_id"] if "ad_group_id" in rows.columns else np.nan,
            "spend": pd.to_numeric(rows["spend"], errors="coerce").fillna(0.0),
        }
    )
    out = frame.groupby(["campaign", "ad_group"], sort=True).agg(
        campaign_id=("campaign_id", "first"), ad_group_id=("ad_group_id", "first"), spend=("spend", "sum")
    )
    out = out.reset_index()
    for col in ("campaign_id", "ad_group_id"):
        out[col] = [("" if v is None or v != v else str(v)) for v in out[col].astype(object)]
    out = out.sort_values(["spend", "campaign", "ad_group"], ascending=[False, True, True], kind="stable")
    return out[cols].reset_index(drop=True)


def term_products(
    sources: Iterable[tuple[str, str, float]], groups: dict[tuple[str, str], dict[str, tuple[str, float]]]
) -> dict[str, float]:
    """ASIN → weight for one term from its converting (campaign, ad group, orders) places (see the
    module's model); ad groups missing from ``groups`` add nothing."""
    weight: dict[str, float] = {}
    for campaign, group, orders in sources:
        products = groups.get((campaign, group))
        if not products or orders <= 0:
            continue
        total = sum(s for _, s in products.values())
        for asin, (_, sales) in products.items():
            share = sales / total if total > 0 else 1.0 / len(products)
            weight[asin] = weight.get(asin, 0.0) + orders * share
    return weight


def route_terms(
    sources: dict[str, list[tuple[str, str, float]]],
    *,
    rows: pd.DataFrame,
    products: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per term of ``sources`` (term → its converting (campaign, ad group, orders) places),
    indexed by term, with :data:`ROUTE_COLUMNS`: the destination (existing or proposed ad group),
    ``route`` (:data:`ROUTES`) and the main product (``asin``, ``sku``; '' when unknown).

    ``rows`` are the search-term rows (exact ad groups, keyword campaigns, IDs and spend come from
    them); ``products`` the advertised-product rows."""
    groups = ad_group_products(products)
    exact = exact_ad_groups(rows)
    keyword = keyword_campaigns(rows)
    campaign_ids = _campaign_ids(rows)
    exact_records = exact.to_dict("records")
    out: dict[str, dict[str, Any]] = {}
    for term, places in sources.items():
        out[term] = _route_one(places, groups, exact_records, keyword, campaign_ids)
    frame = pd.DataFrame.from_dict(out, orient="index", columns=ROUTE_COLUMNS)
    return frame.fillna("")


def _campaign_ids(rows: pd.DataFrame) -> dict[str, str]:
    if rows.empty or "campaign_id" not in rows.columns:
        return {}
    ids = rows[["campaign", "campaign_id"]].dropna().drop_duplicates("campaign")
    return {str(c): str(i) for c, i in zip(ids["campaign"], ids["campaign_id"], strict=True)}


def _route_one(
    places: list[tuple[str, str, float]],
    groups: dict[tuple[str, str], dict[str, tuple[str, float]]],
    exact: list[dict[str, Any]],
    keyword: set[str],
    campaign_ids: dict[str, str],
) -> dict[str, Any]:
    weight = term_products(places, groups)
    main_source = max(places, key=lambda p: (p[2], p[0], p[1]))[0] if places else ""
    line = product_line(main_source)
    if not weight:  # no product report for the source ad groups: names are the fallback
        for group in exact:  # most spend first
            if line and product_line(group["campaign"]) == line:
                return {**_pick(group), "route": "name", "asin": "", "sku": ""}
        return {"campaign": "", "campaign_id": "", "ad_group": "", "ad_group_id": "", "route": "",
                "asin": "", "sku": ""}  # fmt: skip
    asin = max(weight, key=lambda a: (weight[a], a))
    sku = next((p[asin][0] for p in groups.values() if asin in p and p[asin][0]), "")
    same_line = [g for g in exact if line and product_line(g["campaign"]) == line]
    chosen = _best_overlap(same_line, weight, groups)
    campaign = "" if chosen else _line_campaign(main_source, line, exact, keyword)
    if not chosen and not campaign:
        chosen = _best_overlap(exact, weight, groups)
    if chosen is not None:
        return {**_pick(chosen), "route": "product", "asin": asin, "sku": sku}
    if not campaign:
        advertising = sorted({c for (c, _), p in groups.items() if asin in p and c in keyword})
        campaign = advertising[0] if advertising else ""
    if not campaign:
        return {"campaign": "", "campaign_id": "", "ad_group": "", "ad_group_id": "", "route": "",
                "asin": asin, "sku": sku}  # fmt: skip
    return {
        "campaign": campaign,
        "campaign_id": campaign_ids.get(campaign, ""),
        "ad_group": new_ad_group_name(sku or asin),
        "ad_group_id": "",
        "route": "new ad group",
        "asin": asin,
        "sku": sku,
    }


def _best_overlap(
    candidates: list[dict[str, Any]],
    weight: dict[str, float],
    groups: dict[tuple[str, str], dict[str, tuple[str, float]]],
) -> dict[str, Any] | None:
    """The ad group of ``candidates`` (most spend first) advertising the largest weight of the
    term's products; None when none advertises any of them."""
    best: tuple[float, float] | None = None
    chosen: dict[str, Any] | None = None
    for group in candidates:
        advertised = groups.get((group["campaign"], group["ad_group"]), {})
        overlap = sum(w for asin, w in weight.items() if asin in advertised)
        if overlap <= 0:
            continue  # another product's ad group: never
        score = (overlap, float(group["spend"]))
        if best is None or score > best:  # strictly better: the first (most spend, name) wins ties
            best, chosen = score, group
    return chosen


def new_ad_group_name(product: str) -> str:
    """The name of a proposed exact ad group for one product (SKU, else ASIN)."""
    return f"{product} - Exact"


def _pick(group: dict[str, Any]) -> dict[str, Any]:
    return {k: group[k] for k in ("campaign", "campaign_id", "ad_group", "ad_group_id")}


def _line_campaign(source: str, line: frozenset[str], exact: list[dict[str, Any]], keyword: set[str]) -> str:
    """The keyword campaign of the source's product line a new exact ad group goes into: the one
    whose exact ad groups spent most, else the source itself when it is a keyword campaign; ''."""
    if line:
        for group in exact:  # most spend first
            if group["campaign"] in keyword and product_line(group["campaign"]) == line:
                return str(group["campaign"])
    return source if source in keyword else ""
