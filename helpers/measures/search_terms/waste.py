"""What the search-term actions are worth: the rows the negatives block (each once), the words that
cost money without selling, and the words each campaign sells (never negated there).

These are the numbers the QBR prints about the actions (through
:class:`helpers.playbooks.qbr.bulk.BulkResult`): one computation, so a figure shown twice is one
number.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers.measures.search_terms.negatives import NEGATIVE_STOP_WORDS, kept_phrases
from helpers.measures.search_terms.ngrams import ngram_table
from helpers.measures.search_terms.terms import Rules, account_cvr, aggregate_terms
from helpers.measures.search_terms.text import normalize_term


def negative_reach(rows: pd.DataFrame, negatives: pd.DataFrame) -> pd.DataFrame:
    """The search-term ``rows`` the ``negatives`` would block, each row once (a row blocked by an
    exact negative and by two phrases is one row): exact negatives (``level == "term"``) block
    their term in their ad groups, phrase negatives every term containing the phrase, as whole
    words, in their campaigns. Flagged negatives (never written) block nothing. Columns:
    ``search_term`` (normalised), campaign, ad_group, spend, sales, orders."""
    cols = ["search_term", "campaign", "ad_group", "spend", "sales", "orders"]
    if rows.empty or negatives.empty:
        return pd.DataFrame(columns=cols)
    codes, uniques = pd.factorize(rows["search_term"])
    normal = np.array([normalize_term(u) for u in uniques] + [""], dtype=object)
    terms = pd.Series(normal[codes], index=rows.index, dtype=object)  # code -1 (missing) → ""
    campaign = rows["campaign"].astype(str)
    place = campaign + "\x1f" + rows["ad_group"].astype(str)
    hit = pd.Series(False, index=rows.index)
    for neg in negatives[negatives["flag"] == ""].itertuples(index=False):
        if neg.level == "term":
            places = {f"{c}\x1f{g}" for c, _, g, _ in neg.campaigns}
            hit |= (terms == neg.keyword_text) & place.isin(places)
        else:
            camps = {str(c) for c, *_ in neg.campaigns}
            has = (" " + terms + " ").str.contains(f" {neg.keyword_text} ", regex=False)
            hit |= has & campaign.isin(camps)
    picked = rows[hit.to_numpy(dtype=bool)]
    return pd.DataFrame(
        {
            "search_term": terms[hit],
            "campaign": picked["campaign"],
            "ad_group": picked["ad_group"],
            **{b: pd.to_numeric(picked[b], errors="coerce").fillna(0.0) for b in ("spend", "sales", "orders")},
        }
    )[cols].reset_index(drop=True)


def campaign_words(products: pd.DataFrame | None, catalog: Iterable[pd.DataFrame] = ()) -> dict[str, set[str]]:
    """Campaign → the words of the titles and categories (``product_type``) of the products its ad
    groups advertise: ``products`` are advertised-product rows, ``catalog`` frames with ``sku``
    and/or ``asin`` beside ``title``/``product_type`` (listings, category listings, business
    report)."""
    if products is None or products.empty or "advertised_asin" not in products.columns:
        return {}
    words_of: dict[str, set[str]] = {}
    for frame in catalog:
        if frame is None or frame.empty:
            continue
        texts = [frame[c].fillna("").astype(str) for c in ("title", "product_type") if c in frame.columns]
        if not texts:
            continue
        joined = texts[0] if len(texts) == 1 else texts[0] + " " + texts[1]
        for key in ("sku", "asin", "child_asin"):
            if key in frame.columns:
                for k, text in zip(frame[key].astype(str), joined, strict=True):
                    words_of.setdefault(k, set()).update(normalize_term(text.replace("_", " ")).split())
    out: dict[str, set[str]] = {}
    pairs = products[["campaign", "advertised_asin"]].assign(
        sku=products["advertised_sku"] if "advertised_sku" in products.columns else ""
    )
    for campaign, asin, sku in pairs.drop_duplicates().itertuples(index=False):
        words = words_of.get(str(asin), set()) | words_of.get(str(sku), set())
        out.setdefault(str(campaign), set()).update(words)
    return out


def waste_ngrams(rows: pd.DataFrame, *, rules: Rules, top: int = 12) -> pd.DataFrame:
    """Words and phrases (1-3 words, counted once per search term) that cost money without selling:
    only those whose search terms, together, converted at most ``rules.negative_max_cvr_share`` of
    the account's rate (orders / clicks over ``rows``) — none at all included — and that no term
    with orders worth keeping contains (:func:`.keepers`, the guard
    of the phrase negatives); a word that sells ("bottle" in "water bottle") is never listed,
    however much its dead terms spent.

    Columns: ``ngram``, ``term_class``, ``dead_terms`` (its search terms without an order),
    ``terms`` (all its search terms), ``wasted`` (spend of the dead terms, each term once),
    ``spend``, ``orders``, ``acos`` (over all its terms). A phrase is left out when a shorter one
    inside it has the same numbers (same terms). By ``wasted``, highest first, then text;
    at most ``top`` rows. Rows overlap (a term holds several n-grams): never sum ``wasted``; the
    totals to print are :class:`helpers.playbooks.qbr.bulk.BulkResult`'s."""
    cols = ["ngram", "term_class", "dead_terms", "terms", "wasted", "spend", "orders", "acos"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    table = ngram_table(
        rows,
        brand_terms=rules.brand_terms,
        competitor_terms=rules.competitor_terms,
        stop_words=NEGATIVE_STOP_WORDS,
    )
    terms = aggregate_terms(rows, brand_terms=rules.brand_terms, competitor_terms=rules.competitor_terms)
    dead = ngram_table(terms[terms["orders"].fillna(0) == 0], stop_words=NEGATIVE_STOP_WORDS)
    if dead.empty:
        return pd.DataFrame(columns=cols)
    wasted = dead[dead["kind"] == "words"][["ngram", "n", "spend", "terms"]].rename(
        columns={"spend": "wasted", "terms": "dead_terms"}
    )
    out = wasted.merge(table, on=["ngram", "n"], how="left")
    p = account_cvr(rows)
    orders = out["orders"].fillna(0)
    poor = (orders == 0) | (orders <= rules.negative_max_cvr_share * p * out["clicks"].fillna(0))
    out = out[poor.to_numpy(dtype=bool) & (out["wasted"] > 0).to_numpy(dtype=bool)]
    out = out[~out["ngram"].isin(kept_phrases(out["ngram"], terms, p, rules))]
    out = out.sort_values(["wasted", "ngram"], ascending=[False, True])
    return _shortest(out).head(top)[cols].reset_index(drop=True)


def _shortest(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` without the n-grams that contain a shorter listed n-gram with the same numbers
    (the same search terms): "picnic basket" says nothing "basket" does not."""
    keys = ["terms", "dead_terms", "wasted", "spend", "orders"]
    signature = [tuple(r) for r in table[keys].fillna(-1).itertuples(index=False)]
    by_signature: dict[tuple, list[str]] = {}
    for gram, sig in zip(table["ngram"].astype(str), signature, strict=True):
        by_signature.setdefault(sig, []).append(gram)
    keep = [
        not any(other != gram and f" {other} " in f" {gram} " for other in by_signature[sig])
        for gram, sig in zip(table["ngram"].astype(str), signature, strict=True)
    ]
    return table[np.array(keep, dtype=bool)]
