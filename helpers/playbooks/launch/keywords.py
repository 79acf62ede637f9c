"""Keyword seeding and the launch's Sponsored Products campaign structure."""

from __future__ import annotations

import math

import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.playbooks.launch.assumptions import BUDGET_SPLIT, assumption
from helpers.playbooks.launch.context import LaunchContext
from helpers.playbooks.launch.rates import _before_launch, _related_groups

_STOP = {"for", "with", "and", "the", "a", "of", "oz", "in", "to"}


def _words(text: str) -> set[str]:
    from helpers.measures.search_terms import normalize_term

    return {w for w in normalize_term(text).split() if w not in _STOP and not w.isdigit()}


def _relevant(words: set[str], seeds: list[set[str]]) -> bool:
    """Whether a term shares two words with a seed keyword (all of a one-word seed)."""
    return any(len(words & seed) >= min(2, len(seed)) for seed in seeds if seed)


def seed_terms(ctx: LaunchContext) -> pd.DataFrame:
    """Candidate keywords with their history before launch: search terms from the related product's
    ad groups, the account's terms that share two words with a seed keyword (or the title), and the seed
    keywords themselves (zero history when new). Branded terms, product-page (ASIN) terms and terms
    with ``wasted_spend_min_clicks`` clicks and no order are left out.
    Columns: search_term, source, impressions, clicks, spend, sales, orders, units, cpc, cvr, acos."""
    from helpers.measures.search_terms import classify_terms, normalize_term

    launch = ctx.launch
    st = _before_launch(ctx.data.search_terms if ctx.data is not None else None, ctx)
    cols = [c.SEARCH_TERM, "source", *c.AD_BASES]
    frames = []
    if not st.empty and c.SEARCH_TERM in st:
        st = st.assign(**{c.SEARCH_TERM: st[c.SEARCH_TERM].map(normalize_term)})
        groups = _related_groups(ctx, launch.related_asin)
        related = st.merge(groups, on=[c.CAMPAIGN, c.AD_GROUP]) if not groups.empty else st.iloc[0:0]
        seeds = [_words(k) for k in launch.keywords] or [_words(launch.title)]
        shares = st[c.SEARCH_TERM].map(lambda t: _relevant(_words(t), seeds))
        for name, rows in (("related product", related), ("account history", st[shares])):
            if not rows.empty:
                frames.append(rows.groupby(c.SEARCH_TERM)[list(c.AD_BASES)].sum().reset_index().assign(source=name))
    history = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    history = history.drop_duplicates(c.SEARCH_TERM, keep="first")
    new = [k for k in (normalize_term(k) for k in launch.keywords) if k not in set(history[c.SEARCH_TERM])]
    seeds_frame = pd.DataFrame({c.SEARCH_TERM: new, "source": "seed list"})
    for base in c.AD_BASES:
        seeds_frame[base] = 0.0
    terms = pd.concat([history[cols], seeds_frame[cols]], ignore_index=True) if new else history[cols].copy()
    if terms.empty:
        return terms.assign(cpc=pd.Series(dtype=float), cvr=pd.Series(dtype=float), acos=pd.Series(dtype=float))
    kind = classify_terms(terms[c.SEARCH_TERM], brand_terms=ctx.params.brand_terms,
                          competitor_terms=ctx.params.competitor_terms)
    wasted = (terms[c.CLICKS] >= ctx.params.settings.wasted_spend_min_clicks) & (terms[c.ORDERS].fillna(0) == 0)
    terms = terms[(kind != "branded") & (kind != "asin") & ~wasted].reset_index(drop=True)
    terms["cpc"] = m.cpc(terms[c.SPEND], terms[c.CLICKS])
    terms["cvr"] = m.cvr(terms[c.ORDERS], terms[c.CLICKS])
    terms["acos"] = m.acos(terms[c.SPEND], terms[c.SALES])
    return terms.sort_values([c.SALES, c.SPEND], ascending=False, kind="stable").reset_index(drop=True)


def keyword_clusters(terms: pd.DataFrame, *, max_clusters: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(terms with ``cluster``/``cluster_name``, one row per cluster) via :mod:`helpers.measures.search_terms`."""
    from helpers.measures.search_terms import cluster_summary, cluster_terms

    if terms.empty:
        return terms.assign(cluster=pd.Series(dtype="int64"), cluster_name=pd.Series(dtype=object)), pd.DataFrame(
            columns=["cluster", "cluster_name", "terms", *c.AD_BASES, "acos", "cvr", "cpc"])
    weighted = terms.assign(weight=terms[c.SPEND].fillna(0) + 0.01)  # seed keywords without history still count
    clustered = cluster_terms(weighted, text=c.SEARCH_TERM, weight="weight", min_clusters=2,
                              max_clusters=min(max_clusters, max(2, len(terms) // 3)), random_state=0)
    return clustered.drop(columns=["weight"]), cluster_summary(clustered, text=c.SEARCH_TERM)


def _short_name(title: str) -> str:
    words = [w for w in title.replace(",", " ").split() if w.lower() not in {"acme", "trail"}]
    return " ".join(words[:3]) or "Launch"


def hero_terms(clustered: pd.DataFrame, keywords: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """The exact-match hero terms: the seed keywords first (the account manager's choice), then the
    terms with the most ad sales and clicks, at most ``hero_terms``."""
    if clustered.empty:
        return clustered
    seeded = clustered[c.SEARCH_TERM].isin(list(keywords))
    order = clustered.assign(_seed=seeded).sort_values(["_seed", c.SALES, c.CLICKS], ascending=False, kind="stable")
    return order.drop(columns=["_seed"]).head(int(assumption("hero_terms")))


def campaign_structure(ctx: LaunchContext, clustered: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The launch's Sponsored Products structure with starting bids and daily budgets (week 1).

    * **Auto**: close-match/loose-match, bid ``auto_bid_factor`` x week-1 CPC;
    * **Exact (hero terms)**: :func:`hero_terms`, bid
      at the term's observed CPC x the launch premium (else the week-1 CPC), capped at week 1's
      max bid;
    * **Phrase/Broad discovery**: each cluster's name as a phrase keyword, the other seed keywords broad;
    * **Product targeting**: the competitor ASINs.
    Daily budgets split week 1's budget by :data:`BUDGET_SPLIT`.
    """
    name = _short_name(ctx.launch.title)
    week1 = frame.iloc[0]
    cap = float(week1["max_cpc"])
    base = float(week1["cpc"])
    premium = assumption("cpc_launch_premium")
    daily = float(week1["spend"]) / 7.0
    share = dict(zip(BUDGET_SPLIT["campaign_type"], BUDGET_SPLIT["share"], strict=True))
    rows = []

    def add(kind: str, group: str, target: str, match: str, bid: float) -> None:
        rows.append({"campaign_type": kind, "campaign": f"SP | {name} | Launch {kind.split(' ')[0]}",
                     "ad_group": group, "target": target, "match_type": match, "bid": round(min(bid, cap), 2)})

    add("Auto", "Auto", "close-match + loose-match", "auto", assumption("auto_bid_factor") * base)
    heroes = hero_terms(clustered, ctx.launch.keywords)
    for row in heroes.itertuples(index=False):
        observed = row.cpc
        bid = observed * premium if isinstance(observed, float) and math.isfinite(observed) else base
        add("Exact (hero terms)", "Hero terms", getattr(row, c.SEARCH_TERM), "exact", bid)
    hero_set = set(heroes[c.SEARCH_TERM]) if not heroes.empty else set()
    names = list(dict.fromkeys(clustered["cluster_name"])) if not clustered.empty else []
    for cluster in names:
        add("Phrase/Broad discovery", f"Cluster: {cluster}", cluster, "phrase", base)
    for keyword in ctx.launch.keywords:
        if keyword not in hero_set and keyword not in names:
            add("Phrase/Broad discovery", "Seed keywords", keyword, "broad", base * 0.9)
    for asin in ctx.launch.competitor_asins:
        add("Product targeting", "Competitor ASINs", f'asin="{asin}"', "product", base)
    table = pd.DataFrame(rows)
    counts = table.groupby("campaign_type")["campaign"].transform("size")
    table["daily_budget"] = table["campaign_type"].map(share).fillna(0) * daily / counts
    return table


def campaign_summary(structure: pd.DataFrame) -> pd.DataFrame:
    """One row per campaign: targets, bid range, daily budget."""
    g = structure.groupby(["campaign_type", "campaign"], sort=False)
    out = g.agg(targets=("target", "size"), min_bid=("bid", "min"), max_bid=("bid", "max"),
                daily_budget=("daily_budget", "sum")).reset_index()
    return out
