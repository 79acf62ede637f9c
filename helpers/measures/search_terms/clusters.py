"""Clusters of similar search terms (TF-IDF on words and characters, k-means), named by their
highest-spend term, with summed metrics."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.measures.search_terms._codes import _factorized, _normal_names
from helpers.measures.search_terms.terms import BASES, add_ratios
from helpers.present.formatting import cluster_label  # noqa: F401  (re-exported: part of this step's API)

SILHOUETTE_SAMPLE = 3000  # terms scored per candidate cluster count (sampled for big inputs)
SVD_COMPONENTS = 60
#: Distinct terms the themes are learnt from: an account with more learns them from this many of its
#: highest-weight terms, and every other term joins the theme nearest to it. A 100,000-term tail
#: of one-click searches adds no theme, only minutes.
FIT_TERMS = 20_000
CLUSTER_SUMMARY_COLUMNS = [
    "cluster", "cluster_name", "terms", *BASES, "acos", "cvr", "cpc",
]  # fmt: skip


def _as_text(values: pd.Series) -> pd.Series:
    """A text column as it is (its codes may already be known), anything else as ``str``."""
    return values if isinstance(values.array, pd.arrays.ArrowStringArray) else values.astype("str")


def _k_grid(lo: int, hi: int, size: int = 8) -> list[int]:
    if hi <= lo:
        return [lo]
    return sorted({int(round(v)) for v in np.geomspace(lo, hi, num=min(size, hi - lo + 1))})


def _normal_codes(raw: pd.Series, *, placeholder: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Per row of ``raw``, the code of its normalised term, and the normalised terms by code (a
    missing term normalises to ``""``). Read through the column's shared codes and normalised
    names (:mod:`._codes`): a column the n-gram, negative or harvest tables already read is not
    factorised or normalised again. With ``placeholder``, Amazon's ``*`` stays ``*`` (normalising
    would blank it)."""
    codes, _ = _factorized(raw)
    normal = _normal_names(raw, placeholder=placeholder)
    normal_codes, normal_values = pd.factorize(np.append(np.asarray(normal, dtype=object), ""))
    return normal_codes[codes], np.asarray(normal_values, dtype=object)  # code -1 (missing): the ""


def cluster_terms(
    terms: pd.DataFrame,
    *,
    text: str = "search_term",
    weight: str = "spend",
    min_clusters: int = 2,
    max_clusters: int = 30,
    random_state: int = 0,
) -> pd.DataFrame:
    """The input rows plus ``cluster`` (int, 0 = the cluster with most ``weight``) and
    ``cluster_name`` (the cluster's highest-``weight`` term).

    Distinct normalised terms are embedded with TF-IDF on words (1-2) plus character 3-5-grams
    (so "bottle"/"bottles"/"botle" land close), reduced with truncated SVD and grouped by k-means
    whose centroids are weighted by ``1 + log(1 + weight)`` (money pulls, without one big term
    swallowing a cluster). The number of clusters is chosen between ``min_clusters`` and
    ``max_clusters`` (never more than distinct terms − 1) by the best silhouette score on a grid,
    scored on a fixed sample of at most ``SILHOUETTE_SAMPLE`` terms. With more than
    :data:`FIT_TERMS` distinct terms, the clusters are learnt from that many highest-``weight``
    terms and every other term joins its nearest cluster. Same input, same ``random_state`` → same
    clusters. Rows whose term is blank get cluster -1.
    """
    if min_clusters < 1 or max_clusters < min_clusters:
        raise ValueError(
            f"min_clusters/max_clusters must satisfy 1 <= min <= max; got {min_clusters}/{max_clusters}"
        )
    # distinct terms only: each raw term is normalised once, rows carry integer codes (no copy of
    # the rows; a shallow frame takes the two new columns)
    out = terms.copy(deep=False)
    row_normal, normal_values = _normal_codes(_as_text(out[text]), placeholder=True)
    w = (
        pd.to_numeric(out[weight], errors="coerce").fillna(0.0)
        if weight in out.columns
        else pd.Series(1.0, index=out.index)
    )
    per_code = w.groupby(row_normal).sum()
    per_term = pd.Series(per_code.to_numpy(), index=pd.Index(normal_values[per_code.index.to_numpy()], dtype=object))
    per_term = per_term[per_term.index != ""].sort_index()
    names = per_term.index.to_numpy(dtype=object)
    count = len(names)
    if count == 0:
        return out.assign(cluster=-1, cluster_name="")
    if count <= max(2, min_clusters):
        labels = np.zeros(count, dtype=np.int64)
    else:
        weights = per_term.to_numpy(dtype=float)
        labels = _fit_labels(names, weights, min_clusters=min_clusters, max_clusters=max_clusters,
                             random_state=random_state)  # fmt: skip
    frame = pd.DataFrame({"term": names, "w": per_term.to_numpy(dtype=float), "label": labels})
    totals = frame.groupby("label")["w"].sum().sort_values(ascending=False, kind="stable")
    renumber = {old: new for new, old in enumerate(totals.index)}
    frame["cluster"] = frame["label"].map(renumber).astype("int64")
    top = frame.sort_values(["w", "term"], ascending=[False, True], kind="stable").drop_duplicates("cluster")
    name_of = dict(zip(top["cluster"], top["term"], strict=True))
    cluster_of = pd.Series(frame["cluster"].to_numpy(), index=frame["term"].to_numpy())
    cluster_by_code = cluster_of.reindex(normal_values).fillna(-1).to_numpy(dtype="int64")
    clusters = cluster_by_code[row_normal]
    out["cluster"] = pd.Series(clusters, index=out.index, dtype="int64")
    # each row's name by position (the last: "" for the rows without a cluster): a mapping of a
    # million rows through a dict took 0.30 s, this take 0.02 s
    names = pd.array([name_of[k] for k in range(len(name_of))] + [""], dtype="str")
    out["cluster_name"] = pd.Series(names.take(np.where(clusters >= 0, clusters, len(names) - 1)), index=out.index)
    return out


@lru_cache(maxsize=1 << 16)
def _word_char_grams(word: str) -> tuple[str, ...]:
    """scikit-learn's ``char_wb`` 3-5-grams of one word (padded with a space each side; a word
    shorter than an n counted once), remembered per word: 100,000 search terms share a few
    thousand words."""
    padded = f" {word} "
    out: list[str] = []
    for n in range(3, 6):
        offset = 0
        out.append(padded[offset : offset + n])
        while offset + n < len(padded):
            offset += 1
            out.append(padded[offset : offset + n])
        if offset == 0:
            break
    return tuple(out)


def _char_words(text: str) -> list[str]:
    """The words ``char_wb`` pads one by one (scikit-learn lower-cases, then splits on whitespace)."""
    return text.lower().split()


def _char_wb_3_5(text: str) -> list[str]:
    """``TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5))``'s analysis of ``text`` (the same
    n-grams in the same order, so the same matrix), from :func:`_word_char_grams`: 2.5 s -> 1.4 s
    for 100,000 terms."""
    return [gram for word in _char_words(text) for gram in _word_char_grams(word)]


def _count_matrix(rows: np.ndarray, columns: np.ndarray, shape: tuple[int, int]):
    """A float32 count matrix in canonical CSR (sorted, summed): one count per (row, column) pair,
    pairs whose column is -1 (not in the vocabulary) left out: what ``CountVectorizer`` builds."""
    from scipy.sparse import coo_matrix

    kept = columns >= 0
    counts = coo_matrix(
        (np.ones(int(kept.sum()), dtype=np.float32), (rows[kept], columns[kept])), shape=shape
    ).tocsr()  # duplicates summed
    counts.sort_indices()
    return counts


def _tokens(texts: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(term, code, words)``: for every token of every text in order (lower-cased, split on
    whitespace: ``text.lower().split()``), the text's position and the token's code among the
    distinct tokens ``words`` (in order of first appearance).

    Split by Arrow on spaces (normalised terms have no other whitespace: 0.23 s -> 0.08 s for
    150,000 terms); if a token still holds whitespace (a tab, a no-break space), Python splits
    every text instead: the same tokens either way."""
    import pyarrow as pa
    import pyarrow.compute as pc

    lowered = [text.lower() for text in texts]
    split = pc.split_pattern(pa.array(lowered, type=pa.large_string()), " ")
    flat = pc.list_flatten(split)
    present = pc.greater(pc.binary_length(flat), 0)  # runs of spaces leave empty pieces
    encoded = flat.filter(present).dictionary_encode()
    words = np.empty(len(encoded.dictionary), dtype=object)
    words[:] = encoded.dictionary.to_pylist()
    if any(word.split() != [word] for word in words):
        return _split_tokens(lowered)
    term = np.asarray(pc.list_parent_indices(split)).astype(np.int64)[np.asarray(present, dtype=bool)]
    return term, np.asarray(encoded.indices).astype(np.int64), words


def _split_tokens(lowered: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_tokens` of already lower-cased texts, by Python's ``str.split``."""
    codes: dict[str, int] = {}
    lengths = np.empty(len(lowered), dtype=np.int64)
    flat: list[int] = []
    for i, text in enumerate(lowered):
        tokens = text.split()
        lengths[i] = len(tokens)
        flat.extend(codes.setdefault(token, len(codes)) for token in tokens)
    words = np.empty(len(codes), dtype=object)
    words[:] = list(codes)
    return np.repeat(np.arange(len(lowered)), lengths), np.asarray(flat, dtype=np.int64), words


def _char_counts(texts: np.ndarray, vocabulary: dict[str, int]):
    """The counts ``CountVectorizer(analyzer=_char_wb_3_5, vocabulary=vocabulary)`` gives ``texts``,
    summed from their distinct words': a ``char_wb`` n-gram never spans two words, so a term's
    counts are the sum of its words'. 100,000 terms share a few thousand words: 3.5 s of
    per-term analysis becomes one sparse product."""
    term, code, words = _tokens(texts)
    per_term = _count_matrix(term, code, (len(texts), len(words)))
    grams = [[vocabulary.get(g, -1) for g in _word_char_grams(word)] for word in words]
    sizes = np.fromiter((len(g) for g in grams), dtype=np.int64, count=len(grams))
    columns = np.fromiter((j for g in grams for j in g), dtype=np.int64, count=int(sizes.sum()))
    per_word = _count_matrix(np.repeat(np.arange(len(words)), sizes), columns, (len(words), len(vocabulary)))
    counts = (per_term @ per_word).tocsr()
    counts.sort_indices()
    return counts


def _word_counts(texts: np.ndarray, vocabulary: dict[str, int]):
    """The counts ``CountVectorizer(ngram_range=(1, 2), token_pattern=r"\\S+", vocabulary=vocabulary)``
    gives ``texts``: each distinct word and each distinct pair of neighbouring words is looked up
    in the vocabulary once, not once per term."""
    term, code, words = _tokens(texts)
    unigram = np.fromiter((vocabulary.get(w, -1) for w in words), dtype=np.int64, count=len(words))
    joined = term[:-1] == term[1:]  # neighbours in the same text
    pair_codes, pairs = pd.factorize(code[:-1][joined] * len(words) + code[1:][joined])
    bigram = np.fromiter(
        (vocabulary.get(f"{words[p // len(words)]} {words[p % len(words)]}", -1) for p in pairs),
        dtype=np.int64, count=len(pairs),
    )
    rows = np.concatenate([term, term[:-1][joined]])
    columns = np.concatenate([unigram[code], bigram[pair_codes]])
    return _count_matrix(rows, columns, (len(texts), len(vocabulary)))


def _fit_labels(
    names: np.ndarray, weights: np.ndarray, *, min_clusters: int, max_clusters: int, random_state: int
) -> np.ndarray:
    """The k-means label of each of ``names`` (see :func:`cluster_terms`): fitted on all of them, or
    on the :data:`FIT_TERMS` highest-``weights`` ones (ties by text) with the rest assigned to their
    nearest centroid in the same embedding."""
    from scipy.sparse import hstack
    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
    from sklearn.metrics import pairwise_distances, silhouette_score
    from sklearn.preprocessing import normalize

    total = len(names)
    # highest weight first, then text (names come sorted: a stable sort keeps that order)
    fit = np.sort(np.argsort(-weights, kind="stable")[:FIT_TERMS]) if total > FIT_TERMS else np.arange(total)
    count = len(fit)
    # TfidfVectorizer(sublinear_tf=True) on words (1-2) and on char_wb 3-5-grams, each in its two
    # steps (counts, then weights), so the tail's counts can be built from its distinct words
    word_counter = CountVectorizer(analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", dtype=np.float32)
    char_counter = CountVectorizer(analyzer=_char_wb_3_5, lowercase=False, dtype=np.float32)
    word_idf, char_idf = TfidfTransformer(sublinear_tf=True), TfidfTransformer(sublinear_tf=True)
    matrix = hstack([
        word_idf.fit_transform(word_counter.fit_transform(names[fit])),
        char_idf.fit_transform(char_counter.fit_transform(names[fit])),
    ]).tocsr()  # fmt: skip
    components = min(SVD_COMPONENTS, matrix.shape[1] - 1, count - 1)
    svd = TruncatedSVD(n_components=components, random_state=random_state) if components >= 2 else None
    dense = svd.fit_transform(matrix) if svd is not None else matrix.toarray()
    dense = normalize(dense).astype(np.float64)
    sample_weight = 1.0 + np.log1p(np.clip(weights[fit], 0, None))
    rng = np.random.default_rng(random_state)
    sample = np.sort(rng.choice(count, size=min(count, SILHOUETTE_SAMPLE), replace=False))
    # the sample's distances are the same for every k: worked out once, not once per k
    distances = pairwise_distances(dense[sample])
    best: tuple[float, int, np.ndarray, object] | None = None
    for k in _k_grid(max(2, min_clusters), min(max_clusters, count - 1)):
        model = KMeans(n_clusters=k, random_state=random_state, n_init=4)
        labels_k = model.fit_predict(dense, sample_weight=sample_weight)
        if len(np.unique(labels_k[sample])) < 2:
            continue
        score = float(silhouette_score(distances, labels_k[sample], metric="precomputed"))
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels_k, model)
    if best is None:
        return np.zeros(total, dtype=np.int64)
    if count == total:
        return best[2]
    labels = np.empty(total, dtype=np.int64)
    labels[fit] = best[2]
    rest = np.flatnonzero(~np.isin(np.arange(total), fit, kind="table"))  # the terms not fitted, in order
    tail = hstack([
        word_idf.transform(_word_counts(names[rest], word_counter.vocabulary_)),
        char_idf.transform(_char_counts(names[rest], char_counter.vocabulary_)),
    ]).tocsr()  # fmt: skip
    tail_dense = normalize(svd.transform(tail) if svd is not None else tail.toarray()).astype(np.float64)
    labels[rest] = best[3].predict(tail_dense)
    return labels


def cluster_summary(clustered: pd.DataFrame, *, text: str = "search_term") -> pd.DataFrame:
    """One row per cluster of :func:`cluster_terms` output: cluster, cluster_name, terms (distinct
    normalised terms), impressions, clicks, spend, sales, orders, units, acos, cvr, cpc; by spend."""
    if clustered.empty:
        return pd.DataFrame(columns=CLUSTER_SUMMARY_COLUMNS)
    keys = [clustered["cluster"], clustered["cluster_name"]]
    present = [base for base in BASES if base in clustered.columns]
    sums = clustered.groupby(["cluster", "cluster_name"])[present].sum(min_count=1).reindex(columns=list(BASES))
    row_normal, _ = _normal_codes(_as_text(clustered[text]))
    sums["terms"] = pd.Series(row_normal, index=clustered.index).groupby(keys).nunique()
    table = add_ratios(sums.reset_index())
    return (
        table[CLUSTER_SUMMARY_COLUMNS]
        .sort_values(["spend", "cluster"], ascending=[False, True])
        .reset_index(drop=True)
    )
