"""Negative keyword candidates: search terms and n-grams that very probably do not sell, by a
binomial test against the account's own conversion rate."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from helpers import metrics as m
from helpers.measures.search_terms._codes import _money_order
from helpers.measures.search_terms.ngrams import _ngram_columns, _ngram_frame, _sizes, _take
from helpers.measures.search_terms.routing import product_line
from helpers.measures.search_terms.terms import (
    Rules,
    _aggregate,
    _keyword_hit,
    _mature_mask,
    _where_spent,
    account_cvr,
    positive_keywords,
)
from helpers.measures.search_terms.text import (
    PHRASES_PER_PATTERN,
    _contains_any,
    _contains_phrase,
    _subphrases,
    fold_plural,
    formula_risk,
    normalize_term,
    protected_hit,
)

NEGATIVE_COLUMNS = [
    "level", "keyword_text", "match_type", "n", "term_class", "terms", "clicks", "orders", "spend", "sales",
    "acos", "cvr", "expected_orders", "p_value", "campaigns", "reason", "flag",
]  # fmt: skip


#: n-grams proposed as phrase negatives never span these words (a phrase negative "for" would
#: block half the catalogue); the words themselves are never proposed.
NEGATIVE_STOP_WORDS = ("a", "an", "and", "the", "for", "with", "of", "in", "on", "to", "by", "or", "&")


def binomial_cdf(k: Any, n: Any, p: float) -> np.ndarray:
    """``P(X ≤ k)`` for ``X ~ Binomial(n, p)``, elementwise; ``k ≥ n`` gives 1, NaN ``p`` gives NaN.

    Summed in log space from ``P(X = 0) = (1 − p)^n`` by ``P(X = i + 1) = P(X = i) · (n − i) / (i + 1)
    · p / (1 − p)``: one numpy step per order, and negative candidates have few orders. The same
    numbers as ``scipy.stats.binom.cdf`` (a property test checks it), without its half-second import.

    >>> binomial_cdf([0, 0], [20, 29], 0.1).round(4).tolist()
    [0.1216, 0.0471]
    """
    k, n = np.broadcast_arrays(np.floor(np.asarray(k, dtype=float)), np.asarray(n, dtype=float))
    out = np.ones(k.shape)
    if p != p:
        return np.full(k.shape, np.nan)
    todo = k < n
    if p <= 0 or not todo.any():
        return out
    if p >= 1:
        return np.where(todo, 0.0, 1.0)
    kk, nn = k[todo], n[todo]
    log_q, log_odds = math.log1p(-p), math.log(p) - math.log1p(-p)
    term = nn * log_q  # log P(X = 0)
    total = term.copy()
    for i in range(1, int(kk.max()) + 1):
        live = kk >= i
        term = term + np.log(np.maximum(nn - i + 1, 1.0)) - math.log(i) + log_odds
        total = np.where(live, np.logaddexp(total, term), total)
    out[todo] = np.minimum(np.exp(total), 1.0)
    return out


def acos_limit(rules: Rules) -> float:
    """The ACoS up to which a term that sells is never negated: break-even ACoS when known (a term
    under it still earns money), else the target; the larger of the two when both are known; NaN
    when neither is."""
    known = [a for a in (rules.target_acos, rules.break_even_acos) if a == a]
    return max(known) if known else math.nan


def keepers(agg: pd.DataFrame, p: float, rules: Rules, counted: np.ndarray | None = None) -> np.ndarray:
    """Which aggregated terms have orders worth keeping (a phrase negative must never block them):
    branded, protected, or at least ``rules.harvest_min_orders`` orders at a conversion rate of at
    least ``rules.negative_max_cvr_share`` × the account's ``p``."""
    orders = agg["orders"].fillna(0).to_numpy(dtype=float)
    clicks = agg["clicks"].fillna(0).to_numpy(dtype=float)
    selling = (orders >= rules.harvest_min_orders) & (orders >= rules.negative_max_cvr_share * p * clicks)
    keep = selling | (agg["term_class"] == "branded").to_numpy(dtype=bool)
    protected = set(_protected_terms(agg["search_term"], rules.protected))
    keep |= agg["search_term"].isin(protected).to_numpy(dtype=bool)
    return keep & (np.ones(len(agg), dtype=bool) if counted is None else np.asarray(counted, dtype=bool))


def kept_phrases(phrases: Iterable[str], agg: pd.DataFrame, p: float, rules: Rules) -> set[str]:
    """Those ``phrases`` that occur, as whole words, in a term with orders worth keeping
    (:func:`keepers` over the :func:`~.terms.aggregate_terms` table ``agg``): never negated, never
    called waste."""
    return _blocked_phrases(phrases, agg.loc[keepers(agg, p, rules), "search_term"].astype(str).tolist())


def _unlikely(table: Any, p: float, rules: Rules) -> np.ndarray:
    """Rows (of a frame or a columns dict with clicks/orders/spend/sales) that pass the negative
    test of :func:`negative_candidates`: cheap conditions first, the binomial test on the rest."""
    if p != p:
        return np.zeros(len(table["clicks"]), dtype=bool)
    clicks = np.nan_to_num(np.asarray(table["clicks"], dtype=float))
    orders = np.nan_to_num(np.asarray(table["orders"], dtype=float))
    spend = np.nan_to_num(np.asarray(table["spend"], dtype=float))
    acos = np.asarray(m.acos(np.asarray(table["spend"], dtype=float), np.asarray(table["sales"], dtype=float)))
    limit = acos_limit(rules)
    profitable = acos <= limit if limit == limit else np.zeros(len(acos), dtype=bool)
    unprofitable = (orders == 0) | ~profitable
    keep = (orders <= rules.negative_max_cvr_share * clicks * p) & (orders < clicks * p)
    keep &= (spend >= rules.negative_min_spend) & unprofitable
    keep[keep] = binomial_cdf(orders[keep], clicks[keep], p) < rules.negative_alpha
    return keep


def negative_candidates(
    rows: pd.DataFrame,
    *,
    rules: Rules = Rules(),
    levels: Iterable[str] = ("term", "ngram"),
    n: Iterable[int] = (1, 2, 3),
    last_day: Any = None,
    own_words: Mapping[str, Iterable[str]] | None = None,
) -> pd.DataFrame:
    """Search terms (→ negative exact) and n-grams (→ negative phrase) that very probably do not sell.

    **Method.** Rows from the last ``rules.attribution_lag_days`` days are left out
    (:func:`mature_rows`). ``p`` = the account's own conversion rate (orders / clicks over the
    remaining rows). A term with ``k`` clicks and ``o`` orders is proposed when all hold:

    1. a term converting like the account would rarely do that badly: ``P(X ≤ o) < alpha`` for
       ``X ~ Binomial(k, p)`` (one-sided binomial test; ``rules.negative_alpha``, default 5 %);
    2. it converted at most ``rules.negative_max_cvr_share`` (default half) of the account rate —
       with thousands of clicks a term 10 % below average is "significant" but is a bid problem,
       not a negative;
    3. it converted below the account rate (``o < k·p``), spent at least
       ``rules.negative_min_spend``, and (when it sold at all) its ACoS is above :func:`acos_limit`
       (break-even ACoS when known, else the target): a term within break-even still earns money.

    With ``p`` = 10 %, 0 orders is proposed from 29 clicks (0.9^29 = 4.7 %), not at 20 (12 %): the
    bar moves with the account, instead of a fixed click count. N-grams never span or consist of
    :data:`NEGATIVE_STOP_WORDS`. A phrase negative (n-gram) is further dropped when

    * any search term containing it has orders worth keeping (:func:`keepers`: branded, protected,
      or ≥ ``harvest_min_orders`` orders at ≥ ``negative_max_cvr_share`` of the account rate) —
      checked over the whole account, a superset of the campaigns it would go into;
    * it occurs in a single search term (that is evidence against the term: its exact negative),
      or it is one word found in fewer than ``rules.negative_min_dead_terms`` distinct search
      terms without an order (evidence against a word needs several dead terms);
    * its words are all words of the products' own titles/categories or product line in every
      campaign it would go into: ``own_words`` (campaign → words) plus the campaign name's product
      line (:func:`~.routing.product_line`); such campaigns are taken off its list first.

    A term or longer n-gram already covered by a proposed shorter phrase negative is dropped.

    **Never proposed:** anything containing (or contained in) a protected phrase — brand terms and
    ``protected_terms`` (competitor terms only when listed there) — or matching an existing EXACT
    or PHRASE keyword; ASIN and ``*`` terms (product targets are negated differently).
    ``flag`` marks texts that would start a spreadsheet formula: they are listed, never written to
    a bulk file.

    Columns: see :data:`NEGATIVE_COLUMNS`; ``campaigns`` lists the (campaign, ad group) pairs where
    the term spent; ``reason`` states the numbers. Sorted by spend, highest first.
    """
    mature = _mature_mask(rows, lag_days=rules.attribution_lag_days, last_day=last_day)
    if not mature.any():
        return pd.DataFrame(columns=NEGATIVE_COLUMNS)
    p = account_cvr(rows, mature)
    # every term of the report (blank where it has no mature rows): the n-gram structure is then the
    # one ngram_table(rows) already built, reused instead of rebuilt
    agg, counted = _aggregate(
        rows, mature, brand_terms=rules.brand_terms, competitor_terms=rules.competitor_terms, every_term=True
    )
    tables = []
    guarded: list[str] = []
    levels = tuple(levels)
    if "term" in levels:
        words = counted & (agg["kind"] == "words").to_numpy()
        t = agg[words & _unlikely(agg, p, rules)].rename(columns={"search_term": "keyword_text"})
        t["level"], t["match_type"], t["terms"] = "term", "negativeExact", 1
        t["n"] = t["keyword_text"].str.count(" ") + 1
        tables.append(t)
    if "ngram" in levels:
        grams = _ngram_columns(agg, _sizes(n), stop_words=NEGATIVE_STOP_WORDS, counted=counted)
        words = grams["kind"] == "words"
        g = _ngram_frame(
            _take(grams, np.flatnonzero(words & _unlikely(grams, p, rules))),
            brand_terms=rules.brand_terms,
            competitor_terms=rules.competitor_terms,
        ).rename(columns={"ngram": "keyword_text"})
        # a phrase negative must not block a term worth keeping (checked below on the few n-grams
        # that pass the test, not on every n-gram)
        guarded = agg.loc[keepers(agg, p, rules, counted), "search_term"].tolist()
        # a phrase found in one search term is evidence against that term (its exact negative)
        g = g[(g["terms"] >= 2).to_numpy(dtype=bool)]
        g = g[_enough_dead_terms(g["keyword_text"], agg, counted, rules.negative_min_dead_terms)]
        g["level"], g["match_type"] = "ngram", "negativePhrase"
        tables.append(g)
    if not tables:
        return pd.DataFrame(columns=NEGATIVE_COLUMNS)
    cand = pd.concat(tables, ignore_index=True)
    clicks = cand["clicks"].fillna(0).to_numpy()
    cand["p_value"] = binomial_cdf(cand["orders"].fillna(0).to_numpy(), clicks, p)
    cand["expected_orders"] = clicks * p
    if guarded:
        is_gram = (cand["level"] == "ngram").to_numpy()
        blocked = _blocked_phrases(cand.loc[is_gram, "keyword_text"], guarded)
        cand = cand[~(is_gram & cand["keyword_text"].isin(blocked).to_numpy(dtype=bool))]
    keywords = positive_keywords(rows)
    protected = rules.protected
    ok = [
        protected_hit(t, protected) is None and _keyword_hit(t, keywords, ngram=lvl == "ngram") is None
        for t, lvl in zip(cand["keyword_text"], cand["level"], strict=True)
    ]
    cand = cand[np.asarray(ok, dtype=bool)]
    where = _where_spent(rows, cand, mature)
    own = _OwnWords(own_words or {})
    places = [
        _outside_own_words(t, where.get((lvl, t), ()), own) if lvl == "ngram" else where.get((lvl, t), ())
        for lvl, t in zip(cand["level"], cand["keyword_text"], strict=True)
    ]
    cand = cand.assign(campaigns=places)
    cand = _drop_covered(cand[np.array([bool(c) for c in places], dtype=bool)])
    cand["flag"] = np.where(cand["keyword_text"].map(formula_risk), "starts like a formula: not written", "")
    cand["reason"] = [
        _reason(r, p, rules)
        for r in cand[["clicks", "orders", "spend", "p_value", "acos"]].itertuples(index=False)
    ]
    cand = cand[NEGATIVE_COLUMNS]
    return cand.iloc[_money_order(cand["spend"], cand["keyword_text"])].reset_index(drop=True)


def _enough_dead_terms(phrases: pd.Series, agg: pd.DataFrame, counted: np.ndarray, least: int) -> np.ndarray:
    """Which ``phrases`` are longer than one word or occur in at least ``least`` distinct counted
    search terms without an order."""
    dead = agg.loc[counted & (agg["orders"].fillna(0) == 0).to_numpy(), "search_term"].astype(str)
    seen: dict[str, int] = {}
    for term in dead.tolist():  # a list: an Arrow column iterates one boxed value at a time
        for word in set(term.split()):
            seen[word] = seen.get(word, 0) + 1
    return np.array([" " in str(t) or seen.get(str(t), 0) >= least for t in phrases.tolist()], dtype=bool)


class _OwnWords:
    """Per campaign, the folded words it sells (:func:`_outside_own_words`), worked out once per
    campaign rather than once per phrase and campaign."""

    def __init__(self, own_words: Mapping[str, Iterable[str]]) -> None:
        self._texts = own_words
        self._words: dict[str, frozenset[str]] = {}

    def __call__(self, campaign: str) -> frozenset[str]:
        if campaign not in self._words:
            self._words[campaign] = frozenset(product_line(campaign)) | {
                fold_plural(w) for t in self._texts.get(campaign, ()) for w in normalize_term(t).split()
            }
        return self._words[campaign]


def _outside_own_words(phrase: str, places: tuple, own: _OwnWords) -> tuple:
    """``places`` without the campaigns whose own words (``own``: their products' titles/categories
    and the product line of the campaign's name) hold every word of ``phrase``: a phrase negative
    must never block what the campaign sells."""
    words = {fold_plural(w) for w in phrase.split()}
    return tuple(place for place in places if not words <= own(str(place[0])))


def _blocked_phrases(phrases: Iterable[str], terms: list[str]) -> set[str]:
    """Those ``phrases`` that occur as whole words in one of the normalised ``terms`` (that a
    phrase negative of them would block): ``set(phrases) & _subphrases(terms, ...)``, with the
    terms first narrowed by one regex pass."""
    wanted = set(phrases.tolist() if isinstance(phrases, pd.Series) else phrases)  # (an Arrow column iterates slowly)
    if not wanted or not terms:
        return set()
    longest = max(p.count(" ") + 1 for p in wanted)
    if len(wanted) > PHRASES_PER_PATTERN:
        # more phrases than one regex pass takes: every pass reads all the terms again (139k waste
        # n-grams took 279 passes, 2.1 s), where the terms' own runs of words are read once
        return _subphrases(terms, longest) & wanted
    text = pd.Series(terms, dtype="str")
    hits = text[_contains_any(text, wanted)]
    return _subphrases(hits.tolist(), longest) & wanted


def _protected_terms(terms: pd.Series, protected: Iterable[str]) -> list[str]:
    """The normalised ``terms`` for which :func:`protected_hit` finds a phrase (a protected phrase
    inside the term, or the term inside one), in order: vectorised over all distinct terms."""
    phrases = [p for p in protected if p]
    if not phrases:
        return []
    text = terms.astype("str")
    hit = _contains_any(text, phrases)
    inside = _subphrases(phrases, max(p.count(" ") + 1 for p in phrases))
    hit = hit | text.isin(inside).to_numpy(dtype=bool)
    return text[hit].tolist()


def _drop_covered(cand: pd.DataFrame) -> pd.DataFrame:
    """Drop terms and longer n-grams that contain a proposed shorter phrase negative."""
    phrases = sorted(cand.loc[cand["level"] == "ngram", "keyword_text"], key=lambda t: (t.count(" "), t))
    kept: list[str] = []
    for phrase in phrases:
        if not any(_contains_phrase(phrase, k) for k in kept):
            kept.append(phrase)
    # a kept phrase contains no other kept phrase (shorter ones were checked first), so a row is
    # covered when it contains a kept phrase and is not that phrase's own n-gram row
    texts = cand["keyword_text"].astype("str")
    covered = _contains_any(texts, kept) if kept else np.zeros(len(cand), dtype=bool)
    covered &= ~((cand["level"] == "ngram").to_numpy() & texts.isin(kept).to_numpy(dtype=bool))
    return cand[~np.asarray(covered, dtype=bool)].copy()


def _reason(row: Any, p: float, rules: Rules) -> str:
    clicks, orders, spend, p_value, acos = row
    sold = f"{int(orders)} order{'s' if orders != 1 else ''}"
    tail = "" if orders == 0 else f", ACoS {acos:.0%} above the {acos_limit(rules):.0%} limit"
    return (
        f"{int(clicks)} clicks, {sold}, {spend:,.2f} spent{tail}; at the account's {p:.1%} conversion rate "
        f"{clicks * p:.1f} orders were expected and {int(orders)} or fewer has a {p_value:.1%} chance "
        f"(< {rules.negative_alpha:.0%})"
    )
