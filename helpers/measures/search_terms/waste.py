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
            # pandas' hash table: numpy's isin sorts both sides (0.16 s against 0.02 s per million rows)
            hit[ok] |= pd.Series(term[ok] * size + column[ok]).isin(np.concatenate(blocked)).to_numpy()
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
    whole words (``" phrase " in " text "``), checking only the texts that hold its rarest word.

    Built by Arrow over all texts at once (a Python loop over a big client's 150,000 texts took
    0.4-0.8 s): every (word, text) pair once, sorted by word, then by text; a word's texts are one
    slice of that order. Words are ``text.split()``'s: if a piece Arrow split on spaces still holds
    whitespace (a tab, a no-break space), Python splits every text instead."""

    def __init__(self, texts: np.ndarray) -> None:
        self.texts = texts
        codes, uniques = pd.factorize(pd.Series(texts, dtype=object))
        self._text_at = {text: i for i, text in enumerate(uniques)}
        self._equal = _Slices(codes, len(uniques))
        word, text, vocabulary = _word_pairs(texts)
        self._word_at = {w: i for i, w in enumerate(vocabulary)}
        self._postings = _Slices(word, len(vocabulary), text)

    def equal(self, text: str) -> np.ndarray:
        at = self._text_at.get(str(text))
        return self._equal[at] if at is not None else np.empty(0, dtype=np.int64)

    def postings(self, word: str) -> np.ndarray | None:
        at = self._word_at.get(word)
        return self._postings[at] if at is not None else None

    def containing(self, phrase: str) -> np.ndarray:
        phrase = str(phrase)
        words = phrase.split()
        if not words:
            return np.empty(0, dtype=np.int64)
        needle = f" {phrase} "
        if phrase != " ".join(words):  # not a normalised phrase: checked against every text
            return np.array([i for i, t in enumerate(self.texts) if needle in f" {t} "], dtype=np.int64)
        lists = [self.postings(w) for w in words]
        if any(p is None for p in lists):
            return np.empty(0, dtype=np.int64)
        candidates = min(lists, key=len)
        if len(words) == 1:
            return candidates
        return np.array([i for i in candidates if needle in f" {self.texts[i]} "], dtype=np.int64)


class _Slices:
    """Positions grouped by key: ``self[k]`` is, in ascending order, every position whose key is
    ``k`` (``values`` instead of the positions themselves when given, already ordered by key)."""

    def __init__(self, keys: np.ndarray, size: int, values: np.ndarray | None = None) -> None:
        keys = np.asarray(keys, dtype=np.int64)
        if values is None:
            values = np.argsort(keys, kind="stable")
            keys = keys[values]
        self._values = np.asarray(values, dtype=np.int64)
        self._starts = np.searchsorted(keys, np.arange(size + 1))

    def __getitem__(self, key: int) -> np.ndarray:
        return self._values[self._starts[key] : self._starts[key + 1]]


def _word_pairs(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """``(word, text, vocabulary)``: every (word code, text position) pair once, by word then by
    text, and the words by code; the words of a text are ``text.split()``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    split = pc.split_pattern(pa.array(list(texts), type=pa.large_string()), " ")
    flat = pc.list_flatten(split)
    present = pc.greater(pc.binary_length(flat), 0)  # runs of spaces leave empty pieces
    encoded = flat.filter(present).dictionary_encode()
    vocabulary = encoded.dictionary.to_pylist()
    if any(word.split() != [word] for word in vocabulary):
        return _split_word_pairs(texts)
    parent = np.asarray(pc.list_parent_indices(split)).astype(np.int64)[np.asarray(present, dtype=bool)]
    pairs = np.sort(np.asarray(encoded.indices).astype(np.int64) * len(texts) + parent)
    pairs = pairs[np.append(True, pairs[1:] != pairs[:-1])] if len(pairs) else pairs  # each pair once
    return pairs // len(texts), pairs % len(texts), vocabulary


def _split_word_pairs(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """:func:`_word_pairs` by Python's ``str.split``."""
    code: dict[str, int] = {}
    pairs = [(code.setdefault(word, len(code)), i) for i, text in enumerate(texts) for word in set(text.split())]
    if not pairs:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64), list(code)
    pairs.sort()
    word, text = (np.array(column, dtype=np.int64) for column in zip(*pairs, strict=True))
    return word, text, list(code)


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
