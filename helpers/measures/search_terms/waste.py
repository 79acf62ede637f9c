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

from helpers.measures.search_terms._codes import _factorized, _normal_names
from helpers.measures.search_terms.negatives import NEGATIVE_STOP_WORDS, kept_phrases
from helpers.measures.search_terms.ngrams import ngram_table
from helpers.measures.search_terms.terms import Rules, account_cvr, aggregate_terms
from helpers.measures.search_terms.text import normalize_term


def negative_reach(rows: pd.DataFrame, negatives: pd.DataFrame) -> pd.DataFrame:
    """The search-term ``rows`` the ``negatives`` would block, each row once (a row blocked by an
    exact negative and by two phrases is one row): exact negatives (``level == "term"``) block
    their term in their ad groups, phrase negatives every term containing the phrase, as whole
    words, in their campaigns. Flagged negatives (never written) block nothing. Columns:
    ``search_term`` (normalised), campaign, ad_group, spend, sales, orders.

    Decided on codes, never on the rows' text: which distinct terms each negative matches (phrases
    through an index of the terms' words), then the (term, campaign) and (term, ad group) pairs it
    blocks, then the rows holding one of those pairs."""
    cols = ["search_term", "campaign", "ad_group", "spend", "sales", "orders"]
    if rows.empty or negatives.empty:
        return pd.DataFrame(columns=cols)
    codes, _ = _factorized(rows["search_term"])
    normal = np.append(np.asarray(_normal_names(rows["search_term"]), dtype=object), "")
    term = np.where(codes >= 0, codes, len(normal) - 1)  # a missing term is "" (blocked by nothing)
    campaign, campaigns = _factorized(rows["campaign"])
    place, places = _place_codes(rows)
    camp_at = {str(c): i for i, c in enumerate(campaigns)}
    place_at = {p: i for i, p in enumerate(places)}
    words = _WordIndex(normal)
    blocked_term_camp: list[np.ndarray] = []  # term × len(campaigns) + campaign
    blocked_term_place: list[np.ndarray] = []  # term × len(places) + place
    for neg in negatives[negatives["flag"] == ""].itertuples(index=False):
        if neg.level == "term":
            where = [place_at[k] for c, _, g, _ in neg.campaigns if (k := (str(c), str(g))) in place_at]
            hits, keys, size = words.equal(neg.keyword_text), np.array(where, dtype=np.int64), len(places)
            target = blocked_term_place
        else:
            where = [camp_at[str(c)] for c, *_ in neg.campaigns if str(c) in camp_at]
            hits, keys, size = words.containing(neg.keyword_text), np.array(where, dtype=np.int64), len(campaigns)
            target = blocked_term_camp
        if len(hits) and len(keys):
            target.append((hits[:, None] * size + keys[None, :]).ravel())
    hit = np.zeros(len(rows), dtype=bool)
    for blocked, column, size in ((blocked_term_camp, campaign, len(campaigns)), (blocked_term_place, place, len(places))):
        if blocked:
            ok = column >= 0
            hit[ok] |= np.isin(term[ok] * size + column[ok], np.concatenate(blocked))
    picked = rows[hit]
    return pd.DataFrame(
        {
            "search_term": pd.Series(normal[term[hit]], dtype=object),
            "campaign": picked["campaign"].reset_index(drop=True),
            "ad_group": picked["ad_group"].reset_index(drop=True),
            **{
                b: pd.to_numeric(picked[b], errors="coerce").fillna(0.0).reset_index(drop=True)
                for b in ("spend", "sales", "orders")
            },
        }
    )[cols]


def _place_codes(rows: pd.DataFrame) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """Each row's (campaign, ad group) as a code (−1 when either is missing) and the distinct pairs."""
    campaign, campaigns = _factorized(rows["campaign"])
    group, groups = _factorized(rows["ad_group"])
    known = (campaign >= 0) & (group >= 0)
    pair = np.where(known, campaign * (len(groups) + 1) + group, -1)
    codes, uniques = pd.factorize(pair[known])
    out = np.full(len(rows), -1, dtype=np.int64)
    out[known] = codes
    pairs = [(str(campaigns[u // (len(groups) + 1)]), str(groups[u % (len(groups) + 1)])) for u in uniques]
    return out, pairs


class _WordIndex:
    """Distinct normalised texts by word: which of them equal a text, and which contain a phrase as
    whole words (``" phrase " in " text "``), checking only the texts that hold its rarest word."""

    def __init__(self, texts: np.ndarray) -> None:
        self.texts = texts
        positions: dict[str, list[int]] = {}
        postings: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            positions.setdefault(text, []).append(i)
            for word in set(text.split()):
                postings.setdefault(word, []).append(i)
        self.positions = {t: np.array(p, dtype=np.int64) for t, p in positions.items()}
        self.postings = {w: np.array(p, dtype=np.int64) for w, p in postings.items()}

    def equal(self, text: str) -> np.ndarray:
        return self.positions.get(str(text), np.empty(0, dtype=np.int64))

    def containing(self, phrase: str) -> np.ndarray:
        phrase = str(phrase)
        words = phrase.split()
        if not words:
            return np.empty(0, dtype=np.int64)
        needle = f" {phrase} "
        if phrase != " ".join(words):  # not a normalised phrase: checked against every text
            return np.array([i for i, t in enumerate(self.texts) if needle in f" {t} "], dtype=np.int64)
        lists = [self.postings.get(w) for w in words]
        if any(p is None for p in lists):
            return np.empty(0, dtype=np.int64)
        candidates = min(lists, key=len)
        if len(words) == 1:
            return candidates
        return np.array([i for i in candidates if needle in f" {self.texts[i]} "], dtype=np.int64)


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
    terms = aggregate_terms(rows, brand_terms=rules.brand_terms, competitor_terms=rules.competitor_terms)
    # the n-grams of every term, from the terms aggregated once (ngram_table takes aggregate_terms output)
    table = ngram_table(
        terms,
        brand_terms=rules.brand_terms,
        competitor_terms=rules.competitor_terms,
        stop_words=NEGATIVE_STOP_WORDS,
    )
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
    return _shortest(out, limit=top)[cols].reset_index(drop=True)


def _shortest(table: pd.DataFrame, limit: int | None = None) -> pd.DataFrame:
    """``table`` without the n-grams that contain a shorter listed n-gram with the same numbers
    (the same search terms): "picnic basket" says nothing "basket" does not. With ``limit``, only
    the first ``limit`` such rows (the rest are never looked at).

    An n-gram's words are single-spaced, so another n-gram lies inside it exactly when it is one
    of its shorter runs of words: each row checks its few runs, never the other rows. The numbers
    are one array and each phrase one dict lookup, compared only when a longer row asks: the big
    bench client's 138,586 waste rows stop at the first dozen kept."""
    keys = ["terms", "dead_terms", "wasted", "spend", "orders"]
    numbers = table[keys].fillna(-1).to_numpy(dtype=float)
    grams = table["ngram"].astype(str).tolist()
    at = dict(zip(grams, range(len(grams)), strict=True))  # each phrase's row (the last one of a phrase listed twice)
    twice: dict[str, list[int]] = {}  # a phrase listed twice (as words and as an ASIN): all its rows
    if len(at) < len(grams):
        for i, gram in enumerate(grams):
            twice.setdefault(gram, []).append(i)

    def same_numbers(run: str, i: int) -> bool:
        rows = twice.get(run) or ([at[run]] if run in at else [])
        return any((numbers[j] == numbers[i]).all() for j in rows)

    keep = np.zeros(len(table), dtype=bool)
    kept = 0
    for i, gram in enumerate(grams):
        if limit is not None and kept >= limit:
            break
        words = gram.split()
        inside = (
            " ".join(words[k : k + size]) for size in range(1, len(words)) for k in range(len(words) - size + 1)
        )
        keep[i] = not any(same_numbers(run, i) for run in inside)
        kept += keep[i]
    return table[keep]
