"""N-grams (1-, 2-, 3-word phrases) counted once per search term, in word order, vectorised over all
distinct terms at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers.measures.search_terms._codes import (
    _arrow_text,
    _first_appearances,
    _group_sums,
    _money_order,
    _str_column,
    _values,
)
from helpers.measures.search_terms.terms import BASES, _ratios, aggregate_terms
from helpers.measures.search_terms.text import classify_terms, fold_plural, normalize_term


def _ngrams(words: list[str], n: int, stop: frozenset[str]) -> set[str]:
    """Distinct n-grams of one term in word order; an n-gram never spans a stop word. The plain
    per-term definition: the tests hold the vectorised :func:`ngram_table` to it."""
    out: set[str] = set()
    run: list[str] = []
    for word in [*words, None]:
        if word is None or word in stop:
            out.update(" ".join(run[i : i + n]) for i in range(len(run) - n + 1))
            run = []
        else:
            run.append(word)
    return out


def ngram_table(
    terms: pd.DataFrame,
    n: int | Iterable[int] = (1, 2, 3),
    *,
    text: str = "search_term",
    brand_terms: Iterable[str] = (),
    competitor_terms: Iterable[str] = (),
    stop_words: Iterable[str] = (),
    fold_plurals: bool = False,
) -> pd.DataFrame:
    """Performance of every n-gram (1-, 2-, 3-word phrases) across the search terms containing it.

    Columns: ``ngram`` (surface form), ``key`` (singular/plural-folded), ``n``, ``kind``
    (words/asin/placeholder), ``term_class``, ``terms`` (number of distinct search terms containing
    it), impressions, clicks, spend, sales, orders, units, acos (spend/sales), cvr (orders/clicks),
    cpc (spend/clicks); NaN ratios on zero denominators. Sorted by spend, highest first.

    Rules: text is normalised (:func:`normalize_term`: NFKC, case, punctuation) and terms are
    aggregated first, so each n-gram counts **once per search term** ("mat bath mat" adds its
    numbers to "mat" once); n-grams follow the term's word order and never span a ``stop_words``
    word (such words are removed, not skipped over). ASIN terms (``b0…``) and ``*`` are one row each,
    never split. ``fold_plurals=True`` groups by ``key`` ("sock"/"socks" together) and shows the
    highest-spend surface form. ``terms`` may be raw report rows or :func:`aggregate_terms` output.

    >>> rows = pd.DataFrame({"search_term": ["mat bath mat", "bath mat"], "clicks": [4, 6],
    ...                      "spend": [2.0, 3.0], "sales": [0.0, 20.0], "orders": [0, 1]})
    >>> t = ngram_table(rows, n=1).set_index("ngram")
    >>> t.loc["mat", ["terms", "clicks", "spend"]].tolist()
    [2.0, 10.0, 5.0]
    """
    sizes = _sizes(n)
    agg = aggregate_terms(terms, text=text) if "kind" not in terms.columns else terms
    if agg.empty:
        return pd.DataFrame(columns=NGRAM_COLUMNS)
    grams = _ngram_columns(agg, sizes, text=text, stop_words=stop_words)
    if fold_plurals:
        grams = _fold_plurals(grams)
    return _ngram_frame(grams, brand_terms=brand_terms, competitor_terms=competitor_terms)


NGRAM_COLUMNS = ["ngram", "key", "n", "kind", "term_class", "terms", *BASES, "acos", "cvr", "cpc"]


def _sizes(n: int | Iterable[int]) -> tuple[int, ...]:
    sizes = sorted({n} if isinstance(n, int) else set(n))
    if not sizes or any(k < 1 for k in sizes):
        raise ValueError(f"n must be positive n-gram sizes such as (1, 2, 3); got {sizes}")
    return tuple(sizes)


def _ngram_columns(
    agg: pd.DataFrame,
    sizes: tuple[int, ...],
    *,
    text: str = "search_term",
    stop_words: Iterable[str] = (),
    counted: np.ndarray | None = None,
) -> dict[str, Any]:
    """The n-gram table as columns (``ngram``/``key`` Arrow text, the rest numpy), unordered and
    without classes or ratios: what :func:`ngram_table` and the negatives build on."""
    for base in BASES:
        if base not in agg.columns:
            agg = agg.assign(**{base: np.nan})
    stop = frozenset(normalize_term(w) for w in stop_words)
    grams = _gram_structure(_arrow_text(agg[text].astype("str")), agg["kind"].to_numpy(dtype=object), sizes)
    term_index, gram_index = grams.term_index, grams.gram_index
    pair_ok = np.ones(len(term_index), dtype=bool)
    if stop:  # an n-gram never spans (nor is) a stop word: drop the n-grams that contain one
        pair_ok &= ~grams.contains_any(stop)[gram_index]
    if counted is not None:  # only the terms that have rows
        pair_ok &= np.asarray(counted, dtype=bool)[term_index]
    term_index, gram_index = term_index[pair_ok], gram_index[pair_ok]
    used = np.bincount(gram_index, minlength=len(grams.text)) > 0
    gram_index = (np.cumsum(used) - 1)[gram_index]
    count = int(used.sum())
    kept = np.flatnonzero(used)
    # one row per (ngram, n, kind): a gram id already is one (the text decides n; ASIN/* apart)
    columns: dict[str, Any] = {
        "ngram": grams.text.take(kept),
        "key": grams.key.take(kept),
        "n": grams.n[kept],
        "kind": grams.kind[kept],
    }
    terms_per_gram = np.bincount(gram_index, minlength=count)
    for base in BASES:  # each (term, n-gram) pair once: an n-gram counts once per term
        values = _values(agg, base)[term_index]
        columns[base] = _group_sums(gram_index, values, count, terms_per_gram)
    columns["terms"] = terms_per_gram
    return columns


def _take(columns: dict[str, Any], positions: np.ndarray) -> dict[str, Any]:
    """The rows at ``positions`` of a columns dict (Arrow or numpy columns)."""
    return {
        name: values.take(positions) if name in ("ngram", "key") else np.asarray(values)[positions]
        for name, values in columns.items()
    }


def _ngram_frame(
    columns: dict[str, Any], *, brand_terms: Iterable[str] = (), competitor_terms: Iterable[str] = ()
) -> pd.DataFrame:
    """:func:`_ngram_columns` as the n-gram table: classes, ratios, by spend (highest first)."""
    ordered = _take(columns, _money_order(columns["spend"], columns["ngram"]))
    out = pd.DataFrame(
        {name: _str_column(v) if name in ("ngram", "key") else v for name, v in ordered.items()}, copy=False
    )
    out["terms"] = out["terms"].astype("int64")
    out["term_class"] = classify_terms(
        out["ngram"], brand_terms=brand_terms, competitor_terms=competitor_terms
    ).to_numpy()
    out.loc[out["kind"] == "asin", "term_class"] = "asin"
    return _ratios(out)[NGRAM_COLUMNS]


def _fold_plurals(table: dict[str, Any]) -> dict[str, Any]:
    """N-gram columns grouped by (plural-folded key, n, kind), named by their highest-spend surface form."""
    frame = pd.DataFrame({k: _str_column(v) if k in ("ngram", "key") else v for k, v in table.items()})
    group = ["key", "n", "kind"]
    folded = frame.groupby(group, sort=False)[[*BASES, "terms"]].sum(min_count=1).reset_index()
    surface = frame.iloc[_money_order(frame["spend"].fillna(0.0), frame["ngram"])].drop_duplicates(group)
    folded = folded.merge(surface[[*group, "ngram"]], on=group, how="left")
    return {
        name: _arrow_text(folded[name]) if name in ("ngram", "key") else folded[name].to_numpy()
        for name in table
    }


@dataclass(frozen=True, eq=False)
class _Grams:
    """Every distinct n-gram of a list of distinct terms, and which term holds which (each pair once).

    ``text``/``key``/``n``/``kind`` per n-gram (word n-grams first, then the whole ASIN and ``*``
    terms); ``term_index``/``gram_index`` the (term position, n-gram id) pairs; ``words`` each word
    n-gram's word ids in ``vocab`` (``len(vocab)`` pads the shorter ones)."""

    terms: Any  # Arrow large_string
    kinds: np.ndarray
    sizes: tuple[int, ...]
    text: Any  # Arrow large_string
    key: Any
    n: np.ndarray
    kind: np.ndarray
    term_index: np.ndarray
    gram_index: np.ndarray
    vocab: np.ndarray
    words: np.ndarray

    def contains_any(self, stop: frozenset[str]) -> np.ndarray:
        """Per n-gram: whether one of its words is in ``stop`` (whole terms never are)."""
        is_stop = np.append(np.isin(self.vocab, list(stop)), False)
        out = np.zeros(len(self.text), dtype=bool)
        out[: len(self.words)] = is_stop[self.words].any(axis=1)
        return out


_GRAMS: list[_Grams] = []  # the last few, newest first: the negatives reuse the n-gram table's


def _gram_structure(terms: Any, kinds: np.ndarray, sizes: tuple[int, ...]) -> _Grams:
    """:class:`_Grams` of ``terms`` (distinct normalised texts, Arrow), remembered for the same input."""
    import pyarrow as pa

    for done in _GRAMS:
        if (
            done.sizes == sizes
            and len(done.terms) == len(terms)
            and done.terms.equals(terms)
            and np.array_equal(done.kinds, kinds)
        ):
            return done
    words_mask = kinds == "words"
    text, key, n, term_index, gram_index, vocab, words = _gram_pairs(terms, words_mask, list(sizes))
    whole = np.flatnonzero(~words_mask)  # ASIN and * terms: one n-gram each, the whole term
    first_whole = len(text)
    done = _Grams(
        terms=terms,
        kinds=kinds,
        sizes=sizes,
        text=pa.concat_arrays([text, terms.take(whole)]),
        key=pa.concat_arrays([key, terms.take(whole)]),
        n=np.concatenate([n, np.ones(len(whole), dtype=np.int64)]),
        kind=np.concatenate([np.full(first_whole, "words", dtype=object), kinds[whole]]),
        term_index=np.concatenate([term_index, whole]),
        gram_index=np.concatenate([gram_index, first_whole + np.arange(len(whole))]),
        vocab=vocab,
        words=words,
    )
    _GRAMS.insert(0, done)
    del _GRAMS[2:]
    return done


def _gram_pairs(
    texts: Any, words_mask: np.ndarray, sizes: list[int]
) -> tuple[Any, Any, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every distinct n-gram of the ``words`` terms, vectorised over all terms at once.

    Returns (gram texts, their plural-folded keys, sizes, the (term position, gram id) pairs, each
    pair once: an n-gram counts once per term; the vocabulary and each gram's word ids, padded with
    ``len(vocab)``). An n-gram is a run of ``size`` consecutive words of one term."""
    import pyarrow as pa
    import pyarrow.compute as pc

    empty = pa.array([], type=pa.large_string())
    nothing = np.array([], dtype=np.int64)
    longest = max(sizes)
    positions = np.flatnonzero(words_mask)
    if not len(positions):
        return empty, empty, nothing, nothing, nothing, np.array([], dtype=object), np.zeros((0, longest), dtype=np.int64)
    split = pc.split_pattern(texts.take(positions), " ")
    parent = np.asarray(pc.list_parent_indices(split))
    encoded = pc.list_flatten(split).dictionary_encode()
    word = np.asarray(encoded.indices).astype(np.int64)
    vocab = encoded.dictionary
    folded = pa.array([fold_plural(w) for w in vocab.to_pylist()], type=pa.large_string())
    size_v = len(vocab)
    space = pa.scalar(" ", type=pa.large_string())
    texts_out, keys_out, n_out, terms_out, ids_out, words_out = [], [], [], [], [], []
    offset = 0
    tokens = len(word)
    for size in sizes:
        if tokens < size:
            continue
        starts = np.arange(tokens - size + 1)
        starts = starts[parent[starts] == parent[starts + size - 1]]
        if not len(starts):
            continue
        code = word[starts]
        for j in range(1, size):  # pairwise re-coding (by hash) keeps the code below len(vocab) ** 2
            code, _ = pd.factorize(code * size_v + word[starts + j])
        code, uniques = pd.factorize(code)  # gram ids in order of first appearance
        count = len(uniques)
        first = _first_appearances(code)
        pairs = pd.unique(parent[starts] * count + code)  # each (term, gram) once
        term_pos, gram_id = pairs // count, pairs % count
        heads = starts[first]
        ids = np.full((len(heads), longest), size_v, dtype=np.int64)
        for j in range(size):
            ids[:, j] = word[heads + j]
        parts = [vocab.take(pa.array(ids[:, j])) for j in range(size)]
        fparts = [folded.take(pa.array(ids[:, j])) for j in range(size)]
        texts_out.append(pc.binary_join_element_wise(*parts, space))
        keys_out.append(pc.binary_join_element_wise(*fparts, space))
        n_out.append(np.full(len(heads), size, dtype=np.int64))
        terms_out.append(positions[term_pos])
        ids_out.append(gram_id + offset)
        words_out.append(ids)
        offset += len(heads)
    vocab_out = np.asarray(vocab.to_pylist(), dtype=object)
    if not texts_out:
        return empty, empty, nothing, nothing, nothing, vocab_out, np.zeros((0, longest), dtype=np.int64)
    return (
        pa.concat_arrays(texts_out),
        pa.concat_arrays(keys_out),
        np.concatenate(n_out),
        np.concatenate(terms_out),
        np.concatenate(ids_out),
        vocab_out,
        np.concatenate(words_out),
    )
