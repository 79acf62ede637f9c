"""Keyword seeding and the launch's Sponsored Products campaign structure."""

from __future__ import annotations

import math
from dataclasses import dataclass

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


@dataclass(frozen=True)
class Candidates:
    """The launch's candidate keywords (:func:`keyword_candidates`) and the terms set aside because
    they name another size than the product's (``other_size``: search_term, size, clicks, sales)."""

    terms: pd.DataFrame
    other_size: pd.DataFrame


def seed_terms(ctx: LaunchContext) -> pd.DataFrame:
    """The candidate keywords of :func:`keyword_candidates` (its ``terms``)."""
    return keyword_candidates(ctx).terms


def keyword_candidates(ctx: LaunchContext) -> Candidates:
    """Candidate keywords with their history before launch: search terms from the related product's
    ad groups, the account's terms that share two words with a seed keyword (or the title), and the seed
    keywords themselves (zero history when new). Branded terms, product-page (ASIN) terms and terms
    with ``wasted_spend_min_clicks`` clicks and no order are left out; so are terms from the history
    that name another size than the product's title (a 64 oz bottle's launch does not bid on "32 oz
    water bottle", its related product's best term): those are ``other_size``. The account
    manager's own seed keywords are always kept.
    Columns of ``terms``: search_term, source, impressions, clicks, spend, sales, orders, units, cpc,
    cvr, acos."""
    from helpers.measures.search_terms import classify_terms, normalize_term, other_size, sizes

    launch = ctx.launch
    st = _before_launch(ctx.data.search_terms if ctx.data is not None else None, ctx)
    cols = [c.SEARCH_TERM, "source", *c.AD_BASES]
    frames = []
    named: dict[str, str] = {}  # normalised term -> the other size it names (read from the term as typed)
    if not st.empty and c.SEARCH_TERM in st:
        own = sizes(launch.title)
        if own:
            for raw in pd.unique(st[c.SEARCH_TERM].dropna()):
                size = other_size(raw, own)
                if size:
                    named.setdefault(normalize_term(raw), size)
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
    seed_list = {normalize_term(k) for k in launch.keywords}
    new = [k for k in (normalize_term(k) for k in launch.keywords) if k not in set(history[c.SEARCH_TERM])]
    seeds_frame = pd.DataFrame({c.SEARCH_TERM: new, "source": "seed list"})
    for base in c.AD_BASES:
        seeds_frame[base] = 0.0
    terms = pd.concat([history[cols], seeds_frame[cols]], ignore_index=True) if new else history[cols].copy()
    set_aside = pd.DataFrame(columns=[c.SEARCH_TERM, "size", c.CLICKS, c.SALES])
    if terms.empty:
        empty = terms.assign(cpc=pd.Series(dtype=float), cvr=pd.Series(dtype=float), acos=pd.Series(dtype=float))
        return Candidates(empty, set_aside)
    kind = classify_terms(terms[c.SEARCH_TERM], brand_terms=ctx.params.brand_terms,
                          competitor_terms=ctx.params.competitor_terms)
    wasted = (terms[c.CLICKS] >= ctx.params.settings.wasted_spend_min_clicks) & (terms[c.ORDERS].fillna(0) == 0)
    terms = terms[(kind != "branded") & (kind != "asin") & ~wasted].reset_index(drop=True)
    size = terms[c.SEARCH_TERM].map(lambda t: "" if t in seed_list else named.get(t, ""))
    set_aside = (terms.loc[size != "", [c.SEARCH_TERM, c.CLICKS, c.SALES]].assign(size=size[size != ""])
                 [[c.SEARCH_TERM, "size", c.CLICKS, c.SALES]]
                 .sort_values([c.SALES, c.CLICKS], ascending=False, kind="stable").reset_index(drop=True))
    terms = terms[(size == "").to_numpy()].reset_index(drop=True)
    terms["cpc"] = m.cpc(terms[c.SPEND], terms[c.CLICKS])
    terms["cvr"] = m.cvr(terms[c.ORDERS], terms[c.CLICKS])
    terms["acos"] = m.acos(terms[c.SPEND], terms[c.SALES])
    return Candidates(terms.sort_values([c.SALES, c.SPEND], ascending=False, kind="stable").reset_index(drop=True),
                      set_aside)


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


def _short_name(title: str, brand_terms: tuple[str, ...] | list[str] = ()) -> str:
    """The product as a campaign name says it: the title's first three words that are not the
    brand's (``'Acme Trail Insulated Water Bottle 64 oz'`` with brand "acme trail" → ``'Insulated
    Water Bottle'``)."""
    from helpers.measures.search_terms import normalize_term

    brand = {w for term in brand_terms for w in normalize_term(term).split()}
    words = [w for w in title.replace(",", " ").split() if normalize_term(w) not in brand]
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
    name = _short_name(ctx.launch.title, ctx.params.brand_terms)
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
