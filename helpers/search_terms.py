"""Search-term analysis: term classes (branded, competitor, generic, ASIN) and what follows from them.

Search terms are text typed by strangers: nothing here ever turns them into markup or formulas;
display code escapes them (:mod:`helpers.tables`).
"""

from __future__ import annotations

import math
import re
import unicodedata
import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from . import metrics as m

TERM_CLASSES = ("branded", "competitor", "generic", "asin")
ASIN_RE = re.compile(r"^b0[0-9a-z]{8}$")
_WORD_RE = re.compile(r"[^\w]+", re.UNICODE)


def normalize_term(text: object) -> str:
    """Lower-case, NFKC, punctuation to spaces, single spaces: ``'Hydro-Flask  32oz'`` → ``'hydro flask 32oz'``."""
    if not isinstance(text, str):
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD_RE.sub(" ", folded).split())


def _normalize_series(values: pd.Series) -> pd.Series:
    """:func:`normalize_term` of every value (same index): ASCII strings with vectorised string
    operations (for ASCII, NFKC changes nothing, casefold is lower() and ``\\w`` is [a-z0-9_]),
    the rest one by one."""
    text = values.astype("str")
    # already normal (lower-case ASCII words, single spaces): the ASCII path returns them unchanged
    done = text.str.fullmatch(r"[a-z0-9_]+(?: [a-z0-9_]+)*").fillna(False).to_numpy(dtype=bool)
    if done.all():
        return text.rename(None)
    if done.any():
        out = text.rename(None)
        out[~done] = _normalize_series(values[~done])
        return out
    ascii_ = text.str.isascii().fillna(False).to_numpy(dtype=bool)
    out = pd.Series("", index=values.index, dtype="str")
    if ascii_.any():
        fast = text[ascii_].str.lower().str.replace(r"[^a-z0-9_]+", " ", regex=True).str.strip(" ")
        out[ascii_] = fast
    if not ascii_.all():
        out[~ascii_] = values[~ascii_].map(normalize_term).astype("str")
    return out


def _phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str] | None:
    cleaned = sorted({normalize_term(p) for p in phrases if normalize_term(p)}, key=len, reverse=True)
    if not cleaned:
        return None
    return re.compile(r"(?:^| )(?:" + "|".join(re.escape(p) for p in cleaned) + r")(?: |$)")


def classify_terms(
    terms: pd.Series,
    *,
    brand_terms: Iterable[str] = (),
    competitor_terms: Iterable[str] = (),
) -> pd.Series:
    """Class of each search term: ``asin`` (a product-page click, ``b0…``), ``branded``, ``competitor``
    or ``generic``. Brand and competitor phrases match whole words after :func:`normalize_term`;
    a term naming both our brand and a competitor counts as branded.

    >>> classify_terms(pd.Series(["acme bottle", "yeti cup", "b07jjc4ntt", "bottle"]),
    ...                brand_terms=["acme"], competitor_terms=["yeti"]).tolist()
    ['branded', 'competitor', 'asin', 'generic']
    """
    normalized = _normalize_series(terms)
    out = np.full(len(terms), "generic", dtype=object)
    for phrases, label in ((competitor_terms, "competitor"), (brand_terms, "branded")):  # brand wins
        pattern = _phrase_pattern(phrases)
        if pattern is not None:
            out[_matches(normalized, pattern.pattern)] = label
    out[_matches(normalized, ASIN_RE.pattern, full=True)] = "asin"
    return pd.Series(out, index=terms.index, name="term_class")


def _matches(text: pd.Series, pattern: str, *, full: bool = False) -> np.ndarray:
    """Where ``pattern`` matches (searched, or the whole string with ``full``); False when missing."""
    found = text.str.fullmatch(pattern) if full else text.str.contains(pattern, regex=True)
    return np.array(found.fillna(False).to_numpy(dtype=bool), dtype=bool)  # writable: callers combine in place


# == aggregation, n-grams ==========================================================================
# Search term reports repeat a term on every (day, campaign, ad group, targeting) row. Everything
# below aggregates by DISTINCT term first and works on those few distinct strings, never per row.

BASES = ("impressions", "clicks", "spend", "sales", "orders", "units")
PLACEHOLDER = "*"  # Amazon's search term when a placement had no keyword
AUTO_TARGETS = frozenset({"close-match", "loose-match", "substitutes", "complements", "*"})
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLURAL_RULES = (  # (suffix, replacement, minimum word length): first matching rule wins
    ("ies", "y", 5),
    ("sses", "ss", 5),
    ("ches", "ch", 5),
    ("shes", "sh", 5),
    ("xes", "x", 4),
    ("zes", "z", 5),
    ("ss", "ss", 0),
    ("us", "us", 0),
    ("is", "is", 0),
    ("s", "", 4),
)


def fold_plural(word: str) -> str:
    """Singular key of one lower-case word by suffix rules (no dictionary): ``socks`` → ``sock``,
    ``batteries`` → ``battery``, ``boxes`` → ``box``; ``glass``, ``cactus``, ``gps`` unchanged.

    >>> [fold_plural(w) for w in ["socks", "batteries", "boxes", "glass", "gps", "oz"]]
    ['sock', 'battery', 'box', 'glass', 'gps', 'oz']
    """
    for suffix, replacement, minimum in _PLURAL_RULES:
        if word.endswith(suffix) and len(word) >= minimum:
            return word[: len(word) - len(suffix)] + replacement if suffix != replacement else word
    return word


def fold_key(text: str) -> str:
    """Singular/plural-folded key of a normalised phrase: each word through :func:`fold_plural`."""
    return " ".join(fold_plural(w) for w in text.split())


def term_kind(normalized: pd.Series, raw: pd.Series | None = None) -> pd.Series:
    """``asin`` (product-page click ``b0…``), ``placeholder`` (``*``) or ``words`` for each term."""
    kind = np.full(len(normalized), "words", dtype=object)
    kind[_matches(normalized, ASIN_RE.pattern, full=True)] = "asin"
    if raw is not None:
        kind[(raw.astype(str).str.strip() == PLACEHOLDER).to_numpy(dtype=bool)] = "placeholder"
    return pd.Series(kind, index=normalized.index)


# -- codes: every row's value as its position among the distinct values ---------------------------------
# A search term report repeats each term on many rows, so everything is decided once per distinct
# value and spread back by code. Factorising a million-row text column is the dearest step, and the
# negatives, harvest and n-gram tables all need the same column's codes: they are remembered per
# column. That is safe because an Arrow-backed column is immutable (pandas replaces its array on
# assignment, never edits it), so the same array object always holds the same values.
_CODES: dict[int, tuple[weakref.ref, np.ndarray, np.ndarray]] = {}
_CODES_KEPT = 8


def _factorized(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, uniques)``: each row's position in ``uniques`` (−1 when missing), the distinct
    values as an object array in order of first appearance. Read-only arrays (they may be shared)."""
    array = values.array
    arrow = array.__arrow_array__() if isinstance(array, pd.arrays.ArrowStringArray) else None
    if arrow is not None:
        hit = _CODES.get(id(arrow))
        if hit is not None and hit[0]() is arrow:
            return hit[1], hit[2]
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    codes = np.asarray(codes, dtype=np.int64)
    uniques = np.asarray(uniques, dtype=object)
    codes.flags.writeable = uniques.flags.writeable = False
    if arrow is not None:
        key = id(arrow)
        while len(_CODES) >= _CODES_KEPT:
            _CODES.pop(next(iter(_CODES)))
        _CODES[key] = (weakref.ref(arrow, lambda _, key=key: _CODES.pop(key, None)), codes, uniques)
    return codes, uniques


_NORMAL: dict[int, tuple[weakref.ref, np.ndarray]] = {}


def _normal_names(values: pd.Series) -> np.ndarray:
    """:func:`normalize_term` of each of the column's distinct values (aligned with the ``uniques``
    of :func:`_factorized`; remembered with them)."""
    _, uniques = _factorized(values)
    hit = _NORMAL.get(id(uniques))
    if hit is not None and hit[0]() is uniques:
        return hit[1]
    normal = _normalize_series(pd.Series(uniques, dtype="str")).to_numpy(dtype=object)
    normal.flags.writeable = False
    key = id(uniques)
    while len(_NORMAL) >= _CODES_KEPT:
        _NORMAL.pop(next(iter(_NORMAL)))
    _NORMAL[key] = (weakref.ref(uniques, lambda _, key=key: _NORMAL.pop(key, None)), normal)
    return normal


def _group_sums(ids: np.ndarray, values: np.ndarray, size: int, rows_per_group: np.ndarray | None = None) -> np.ndarray:
    """Per group ``0..size-1``: the sum of ``values`` (float) over the rows with that ``ids``;
    NaN when the group has no non-missing value (``sum(min_count=1)``). ``rows_per_group``
    (``np.bincount(ids)``) saves a pass when the caller has it."""
    present = ~np.isnan(values)
    if present.all():
        sums = np.bincount(ids, weights=values, minlength=size)
        counts = rows_per_group if rows_per_group is not None else np.bincount(ids, minlength=size)
    else:
        sums = np.bincount(ids, weights=np.where(present, values, 0.0), minlength=size)
        counts = np.bincount(ids, weights=present, minlength=size)
    return np.where(counts > 0, sums, np.nan)


def _row_mask(rows: pd.DataFrame, mask: np.ndarray | None) -> np.ndarray:
    return np.ones(len(rows), dtype=bool) if mask is None else np.asarray(mask, dtype=bool)


def _text_sort_order(values: np.ndarray) -> np.ndarray:
    """Positions that sort distinct strings in code-point order (Arrow's sort: no Python compares)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    return np.asarray(pc.array_sort_indices(pa.array(values, type=pa.large_string())))


def add_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with ``acos`` = spend/sales, ``cvr`` = orders/clicks, ``cpc`` = spend/clicks
    (fractions / currency per click; NaN when the denominator is 0 — see :mod:`helpers.metrics`)."""
    out = frame.copy()
    out["acos"] = m.acos(out["spend"], out["sales"])
    out["cvr"] = m.cvr(out["orders"], out["clicks"])
    out["cpc"] = m.cpc(out["spend"], out["clicks"])
    return out


def aggregate_terms(
    rows: pd.DataFrame,
    *,
    text: str = "search_term",
    brand_terms: Iterable[str] = (),
    competitor_terms: Iterable[str] = (),
) -> pd.DataFrame:
    """One row per distinct normalised search term: ``search_term`` (normalised; ``*`` kept as is),
    ``kind`` (words/asin/placeholder), ``term_class``, the summed bases and acos/cvr/cpc; sorted by
    the term. Never mutates ``rows``.

    Each distinct raw string is normalised once and the rows summed by code, never one Python step
    per row.
    """
    return _aggregate(rows, None, text=text, brand_terms=brand_terms, competitor_terms=competitor_terms)[0]


def _aggregate(
    rows: pd.DataFrame,
    mask: np.ndarray | None,
    *,
    text: str = "search_term",
    brand_terms: Iterable[str] = (),
    competitor_terms: Iterable[str] = (),
    every_term: bool = False,
) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`aggregate_terms` of ``rows[mask]`` without copying the rows, and which of its terms
    have rows in ``mask``: all of them, unless ``every_term`` also lists the column's other terms
    (with blank sums) so that tables built from it match those of other masks."""
    columns = [text, "kind", "term_class", *BASES, "acos", "cvr", "cpc"]
    codes, _ = _factorized(rows[text])
    names = _term_names(rows[text])
    keep = _row_mask(rows, mask) & (codes >= 0)
    everything = bool(keep.all())
    ids = names.term_of[codes] if everything else names.term_of[codes[keep]]
    per_term = np.bincount(ids, minlength=len(names.text))
    counted = per_term > 0
    order = np.flatnonzero((names.listed if every_term else counted) & names.nonblank)  # sorted names
    if not len(order):
        return pd.DataFrame(columns=columns), np.array([], dtype=bool)
    table = {
        text: _str_column(names.arrow.take(order)),
        "kind": names.kind[order],
        "term_class": names.classes(tuple(brand_terms), tuple(competitor_terms))[order],
    }
    for base in [b for b in BASES if b in rows.columns]:
        values = _values(rows, base)
        table[base] = _group_sums(ids, values if everything else values[keep], len(names.text), per_term)[order]
    return _ratios(pd.DataFrame(table, copy=False)), counted[order]


def _ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`add_ratios` in place, for a frame this module just built."""
    frame["acos"] = m.acos(frame["spend"], frame["sales"])
    frame["cvr"] = m.cvr(frame["orders"], frame["clicks"])
    frame["cpc"] = m.cpc(frame["spend"], frame["clicks"])
    return frame


def _str_column(values: Any) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as a pandas ``str`` column, without a copy."""
    import pyarrow as pa

    if not isinstance(values, pa.ChunkedArray):
        values = pa.chunked_array([values])
    if values.type != pa.large_string():
        values = values.cast(pa.large_string())
    return pd.arrays.ArrowStringArray(values, dtype=pd.StringDtype("pyarrow", na_value=np.nan))


@dataclass(frozen=True, eq=False)
class _Names:
    """The distinct normalised terms of a column, in code-point order (``*`` kept as is; ``""`` for
    a value that normalises to nothing), with what every table of them needs once."""

    term_of: np.ndarray  # distinct raw value -> position in text
    text: np.ndarray
    arrow: Any
    kind: np.ndarray
    listed: np.ndarray  # has at least one row
    nonblank: np.ndarray
    _cache: dict

    def classes(self, brand_terms: tuple[str, ...], competitor_terms: tuple[str, ...]) -> np.ndarray:
        key = ("classes", brand_terms, competitor_terms)
        if key not in self._cache:
            self._cache[key] = classify_terms(
                pd.Series(_str_column(self.arrow)), brand_terms=brand_terms, competitor_terms=competitor_terms
            ).to_numpy(dtype=object)
        return self._cache[key]

    def positions(self, texts: Any) -> np.ndarray:
        """Position of each normalised text in ``text`` (−1 when absent)."""
        import pyarrow.compute as pc

        found = pc.index_in(_arrow_text(np.asarray(texts, dtype=object)), value_set=self.arrow)
        return np.asarray(found.fill_null(-1), dtype=np.int64)

    def containing(self, phrases: Iterable[str]) -> np.ndarray:
        """Which terms contain one of ``phrases`` as whole words (one regex pass)."""
        return _matches(pd.Series(_str_column(self.arrow)), _whole_words(phrases))


_TERMS: dict[int, tuple[weakref.ref, _Names]] = {}


def _term_names(values: pd.Series) -> _Names:
    """:class:`_Names` of a search term column, remembered with the column's codes."""
    import pyarrow as pa

    codes, uniques = _factorized(values)
    hit = _TERMS.get(id(uniques))
    if hit is not None and hit[0]() is uniques:
        return hit[1]
    placeholder = pd.Series(uniques, dtype="str").str.strip().eq(PLACEHOLDER).to_numpy(dtype=bool)
    normal = np.where(placeholder, PLACEHOLDER, _normal_names(values))
    term_of, text = pd.factorize(normal)
    text = np.asarray(text, dtype=object)
    order = _text_sort_order(text)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    term_of, text = rank[np.asarray(term_of, dtype=np.int64)], text[order]
    arrow = pa.array(text, type=pa.large_string())
    column = pd.Series(_str_column(arrow))
    names = _Names(
        term_of=term_of,
        text=text,
        arrow=arrow,
        kind=term_kind(column, column).to_numpy(dtype=object),
        listed=np.bincount(term_of[codes[codes >= 0]], minlength=len(text)) > 0,
        nonblank=text != "",
        _cache={},
    )
    key = id(uniques)
    while len(_TERMS) >= _CODES_KEPT:
        _TERMS.pop(next(iter(_TERMS)))
    _TERMS[key] = (weakref.ref(uniques, lambda _, key=key: _TERMS.pop(key, None)), names)
    return names


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
    counted: np.ndarray | None = None,
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
    highest-spend surface form. ``terms`` may be raw report rows or :func:`aggregate_terms` output;
    with the latter, ``counted`` (a boolean per row of it) limits the table to those terms.

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
    grams = _ngram_columns(agg, sizes, text=text, stop_words=stop_words, counted=counted)
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
        values = agg[base].to_numpy(dtype=float, na_value=np.nan)[term_index]
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


def _arrow_text(values: Any) -> Any:
    """Text as an Arrow large_string array (from a Series, a numpy array or Arrow)."""
    import pyarrow as pa

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if values.type == pa.large_string() else values.cast(pa.large_string())
    if isinstance(values, pd.Series):
        if isinstance(values.array, pd.arrays.ArrowStringArray):
            return _arrow_text(values.array.__arrow_array__())
        values = values.to_numpy(dtype=object)
    return pa.array(values, type=pa.large_string(), from_pandas=True)


def _money_order(money: Any, text: Any) -> np.ndarray:
    """Positions that sort by ``money`` (highest first, NaN last), then ``text``, ties kept in order,
    by Arrow's stable sort (no Python string comparisons; text in code-point order).

    Money is compared to the millionth: the same amounts summed in another order can differ in the
    last bit, and that must not reorder a table."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = pa.table(
        {
            "money": pa.array(np.round(np.asarray(money, dtype=float), 6), from_pandas=True),  # NaN → null
            "text": _arrow_text(text),
        }
    )
    order = [("money", "descending", "at_end"), ("text", "ascending", "at_end")]
    return np.asarray(pc.sort_indices(keys, sort_keys=order))


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


def _gram_structure(terms: np.ndarray, kinds: np.ndarray, sizes: tuple[int, ...]) -> _Grams:
    """:class:`_Grams` of ``terms`` (distinct normalised texts), remembered for the same input."""
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
    texts: np.ndarray, words_mask: np.ndarray, sizes: list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
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
        # a first appearance is where the id exceeds every id before it
        first = np.flatnonzero(code > np.concatenate([[-1], np.maximum.accumulate(code)[:-1]]))
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


# == rules from params ================================================================================
@dataclass(frozen=True)
class Rules:
    """What the search-term decisions need from a client's params (see :func:`rules_from_params`).

    ``protected`` = brand terms + ``protected_terms`` (competitor terms only if listed there);
    ``target_acos`` NaN means unknown (harvest then proposes nothing); money in the params' currency.
    """

    brand_terms: tuple[str, ...] = ()
    competitor_terms: tuple[str, ...] = ()
    protected_terms: tuple[str, ...] = ()
    attribution_lag_days: int = 3
    negative_alpha: float = 0.05
    negative_min_spend: float = 5.0
    negative_max_cvr_share: float = 0.5
    harvest_min_orders: int = 2
    harvest_max_bid: float | None = None
    target_acos: float = math.nan

    @property
    def protected(self) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(normalize_term(t) for t in (*self.brand_terms, *self.protected_terms) if t)
        )


def rules_from_params(params: Any) -> Rules:
    """:class:`Rules` from validated :class:`~helpers.params.Params` (settings fall back to defaults)."""
    settings = params.settings
    default = Rules()
    return Rules(
        brand_terms=tuple(params.brand_terms),
        competitor_terms=tuple(params.competitor_terms),
        protected_terms=tuple(params.protected_terms),
        attribution_lag_days=int(settings.attribution_lag_days),
        negative_alpha=float(getattr(settings, "negative_alpha", default.negative_alpha)),
        negative_min_spend=float(getattr(settings, "negative_min_spend", default.negative_min_spend)),
        negative_max_cvr_share=float(
            getattr(settings, "negative_max_cvr_share", default.negative_max_cvr_share)
        ),
        harvest_min_orders=int(getattr(settings, "harvest_min_orders", default.harvest_min_orders)),
        harvest_max_bid=getattr(settings, "harvest_max_bid", default.harvest_max_bid),
        target_acos=float(params.target_acos()),
    )


def mature_rows(rows: pd.DataFrame, *, lag_days: int, last_day: Any = None) -> pd.DataFrame:
    """``rows`` without the last ``lag_days`` days of data (orders for recent clicks are still
    arriving: Amazon attributes up to 7/14 days after the click and reports lag 1-3 days).

    ``last_day`` defaults to the latest ``end_date`` in ``rows``; a row is kept when its
    ``end_date`` is on or before ``last_day - lag_days``. Rows without dates are kept.
    """
    keep = _mature_mask(rows, lag_days=lag_days, last_day=last_day)
    return rows if keep.all() else rows[keep]


def _mature_mask(rows: pd.DataFrame, *, lag_days: int, last_day: Any = None) -> np.ndarray:
    """Which rows :func:`mature_rows` keeps, as a boolean array (no copy of the rows)."""
    keep = np.ones(len(rows), dtype=bool)
    if rows.empty or "end_date" not in rows.columns or lag_days <= 0:
        return keep
    end = rows["end_date"]
    last = pd.Timestamp(last_day) if last_day is not None else end.max()
    if pd.isna(last):
        return keep
    cutoff = last - pd.Timedelta(days=lag_days)
    return (end.isna() | (end <= cutoff)).to_numpy(dtype=bool)


def _values(rows: pd.DataFrame, column: str) -> np.ndarray:
    """A numeric column as float64 (missing = NaN)."""
    return rows[column].to_numpy(dtype=float, na_value=np.nan)


def _is_value(rows: pd.DataFrame, column: str, wanted: Iterable[str]) -> np.ndarray:
    """Rows whose ``column`` is one of ``wanted`` (decided once per distinct value)."""
    codes, uniques = _factorized(rows[column])
    hit = np.isin(uniques, list(wanted))
    return (codes >= 0) & hit[np.maximum(codes, 0)] if len(uniques) else np.zeros(len(rows), dtype=bool)


def _contains_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def protected_hit(text: str, protected: Iterable[str]) -> str | None:
    """The protected phrase that ``text`` contains, or that contains ``text`` (negating a piece of a
    brand phrase would block the brand), as whole words; None when there is none."""
    for phrase in protected:
        if phrase and (_contains_phrase(text, phrase) or _contains_phrase(phrase, text)):
            return phrase
    return None


def positive_keywords(rows: pd.DataFrame, mask: np.ndarray | None = None) -> dict[str, str]:
    """Normalised keyword text of every EXACT and PHRASE keyword in the ``targeting`` column → its
    match type (``exact`` wins over ``phrase``); only the rows in ``mask`` when given."""
    if rows.empty or "match_type" not in rows.columns:
        return {}
    match_codes, matches = _factorized(rows["match_type"])
    target_codes, targets = _factorized(rows["targeting"])
    keep = _row_mask(rows, mask) & _is_value(rows, "match_type", ["EXACT", "PHRASE"]) & (target_codes >= 0)
    # distinct (keyword, match type) pairs, in order of first appearance
    pair = target_codes[keep] * max(len(matches), 1) + match_codes[keep]
    _, first = np.unique(pair, return_index=True)
    first = np.sort(first)
    out: dict[str, str] = {}
    for t, mt in zip(target_codes[keep][first], match_codes[keep][first], strict=True):
        keyword = normalize_term(targets[t])
        if keyword and out.get(keyword) != "exact":
            out[keyword] = str(matches[mt]).lower()
    return out


def _keyword_hit(text: str, keywords: dict[str, str], *, ngram: bool) -> str | None:
    """An existing positive keyword the negative would block: the same text, a phrase keyword the
    term contains, or (for an n-gram, negated as a phrase) any keyword containing the n-gram."""
    for keyword, match in keywords.items():
        if keyword == text or (match == "phrase" and _contains_phrase(text, keyword)):
            return f"{match} keyword '{keyword}'"
        if ngram and _contains_phrase(keyword, text):
            return f"{match} keyword '{keyword}'"
    return None


def formula_risk(text: object) -> bool:
    """Whether a text would start a spreadsheet formula (``= + - @``, tab, CR at the start)."""
    return isinstance(text, str) and text.startswith(FORMULA_START)


# == negatives ===========================================================================================
NEGATIVE_COLUMNS = [
    "level", "keyword_text", "match_type", "n", "term_class", "terms", "clicks", "orders", "spend", "sales",
    "acos", "cvr", "expected_orders", "p_value", "campaigns", "reason", "flag",
]  # fmt: skip
#: n-grams proposed as phrase negatives never span these words (a phrase negative "for" would
#: block half the catalogue); the words themselves are never proposed.
NEGATIVE_STOP_WORDS = ("a", "an", "and", "the", "for", "with", "of", "in", "on", "to", "by", "or", "&")


def account_cvr(rows: pd.DataFrame, mask: np.ndarray | None = None) -> float:
    """Account conversion rate: summed orders / summed clicks over ``rows`` (or ``rows[mask]``);
    NaN with no clicks."""
    if rows.empty:
        return math.nan
    keep = _row_mask(rows, mask)
    return float(m.cvr(np.nansum(_values(rows, "orders")[keep]), np.nansum(_values(rows, "clicks")[keep])))


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


def _unlikely(table: Any, p: float, rules: Rules) -> np.ndarray:
    """Rows (of a frame or a columns dict with clicks/orders/spend/sales) that pass the negative
    test of :func:`negative_candidates`: cheap conditions first, the binomial test on the rest."""
    clicks = np.nan_to_num(np.asarray(table["clicks"], dtype=float))
    orders = np.nan_to_num(np.asarray(table["orders"], dtype=float))
    spend = np.nan_to_num(np.asarray(table["spend"], dtype=float))
    acos = np.asarray(m.acos(np.asarray(table["spend"], dtype=float), np.asarray(table["sales"], dtype=float)))
    target = rules.target_acos
    unprofitable = (orders == 0) | ~(acos <= target if target == target else np.zeros(len(acos), dtype=bool))
    keep = (orders <= rules.negative_max_cvr_share * clicks * p) & (spend >= rules.negative_min_spend) & unprofitable
    if p != p:
        return np.zeros(len(keep), dtype=bool)
    keep[keep] = binomial_cdf(orders[keep], clicks[keep], p) < rules.negative_alpha
    return keep


def negative_candidates(
    rows: pd.DataFrame,
    *,
    rules: Rules = Rules(),
    levels: Iterable[str] = ("term", "ngram"),
    n: Iterable[int] = (1, 2, 3),
    last_day: Any = None,
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
    3. it spent at least ``rules.negative_min_spend``, and (when it sold at all) its ACoS is above
       target.

    With ``p`` = 10 %, 0 orders is proposed from 29 clicks (0.9^29 = 4.7 %), not at 20 (12 %): the
    bar moves with the account, instead of a fixed click count. N-grams never span or consist of
    :data:`NEGATIVE_STOP_WORDS`; an n-gram contained in a term that converts at target (orders ≥
    ``harvest_min_orders``, ACoS ≤ target) is not proposed (it would block a winner); a term or
    longer n-gram already covered by a proposed shorter phrase negative is dropped.

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
        winners = agg.loc[
            (agg["orders"].fillna(0) >= rules.harvest_min_orders) & (agg["acos"] <= rules.target_acos),
            "search_term",
        ].tolist()
        # a phrase negative must not block a winner, nor a protected search term seen in the data
        # (checked below on the few n-grams that pass the test, not on every n-gram)
        guarded = winners + _protected_terms(agg.loc[counted, "search_term"], rules.protected)
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
    cand = _drop_covered(cand[np.asarray(ok, dtype=bool)])
    where = _where_spent(rows, cand, mature)
    cand["campaigns"] = [
        where.get((lvl, t), ()) for lvl, t in zip(cand["level"], cand["keyword_text"], strict=True)
    ]
    cand["flag"] = np.where(cand["keyword_text"].map(formula_risk), "starts like a formula: not written", "")
    cand["reason"] = [
        _reason(r, p, rules)
        for r in cand[["clicks", "orders", "spend", "p_value", "acos"]].itertuples(index=False)
    ]
    cand = cand[NEGATIVE_COLUMNS]
    return cand.iloc[_money_order(cand["spend"], cand["keyword_text"])].reset_index(drop=True)


def _subphrases(terms: Iterable[str], longest: int) -> set[str]:
    """Every contiguous phrase of up to ``longest`` words of each term (what a phrase negative of
    that text would block)."""
    out: set[str] = set()
    for term in terms:
        words = term.split()
        for size in range(1, longest + 1):
            out.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return out


def _blocked_phrases(phrases: Iterable[str], terms: list[str]) -> set[str]:
    """Those ``phrases`` that occur as whole words in one of the normalised ``terms`` (that a
    phrase negative of them would block): ``set(phrases) & _subphrases(terms, ...)``, with the
    terms first narrowed by one regex pass."""
    wanted = set(phrases)
    if not wanted or not terms:
        return set()
    text = pd.Series(terms, dtype="str")
    hits = text[text.str.contains(_whole_words(wanted), regex=True).fillna(False).to_numpy(dtype=bool)]
    return _subphrases(hits.tolist(), max(p.count(" ") + 1 for p in wanted)) & wanted


def _protected_terms(terms: pd.Series, protected: Iterable[str]) -> list[str]:
    """The normalised ``terms`` for which :func:`protected_hit` finds a phrase (a protected phrase
    inside the term, or the term inside one), in order: vectorised over all distinct terms."""
    phrases = [p for p in protected if p]
    if not phrases:
        return []
    text = terms.astype("str")
    hit = text.str.contains(_whole_words(phrases), regex=True).fillna(False).to_numpy(dtype=bool)
    inside = _subphrases(phrases, max(p.count(" ") + 1 for p in phrases))
    hit = hit | text.isin(inside).to_numpy(dtype=bool)
    return text[hit].tolist()


def _whole_words(phrases: Iterable[str]) -> str:
    """Regex matching a text that contains one of ``phrases`` (normalised: single spaces) as whole
    words, like ``phrase in _subphrases([text], ...)``."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return rf"(?:^| )(?:{alternatives})(?: |$)"


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
    covered = _matches(texts, _whole_words(kept)) if kept else np.zeros(len(cand), dtype=bool)
    covered &= ~((cand["level"] == "ngram").to_numpy() & texts.isin(kept).to_numpy(dtype=bool))
    return cand[~np.asarray(covered, dtype=bool)].copy()


def _reason(row: Any, p: float, rules: Rules) -> str:
    clicks, orders, spend, p_value, acos = row
    sold = f"{int(orders)} order{'s' if orders != 1 else ''}"
    tail = "" if orders == 0 else f", ACoS {acos:.0%} above the {rules.target_acos:.0%} target"
    return (
        f"{int(clicks)} clicks, {sold}, {spend:,.2f} spent{tail}; at the account's {p:.1%} conversion rate "
        f"{clicks * p:.1f} orders were expected and {int(orders)} or fewer has a {p_value:.1%} chance "
        f"(< {rules.negative_alpha:.0%})"
    )


PLACE_COLUMNS = ("campaign", "campaign_id", "ad_group", "ad_group_id")


def _values_at(values: pd.Series, positions: np.ndarray) -> np.ndarray:
    """``values`` at a few ``positions``, read through the column's codes (NaN where missing)."""
    codes, uniques = _factorized(values)
    picked = codes[positions]
    out = np.asarray(uniques, dtype=object)[np.maximum(picked, 0)] if len(uniques) else np.full(len(picked), np.nan, dtype=object)
    out[picked < 0] = np.nan
    return out


def _term_places(rows: pd.DataFrame, mask: np.ndarray, row_term: np.ndarray) -> dict[int, set[tuple]]:
    """Term position (in :class:`_Names`) → its places (campaign, campaign_id, ad_group,
    ad_group_id) over ``rows[mask]``; IDs filled from any such row that has them (older downloads
    lack IDs; '' when none has). Found by codes: only the distinct (term, ad group) pairs are touched."""
    picked = np.flatnonzero(mask)
    if not len(picked):
        return {}
    present = [c for c in PLACE_COLUMNS if c in rows.columns]
    named = [c for c in ("campaign", "ad_group") if c in present]
    place = np.zeros(len(picked), dtype=np.int64)
    for column in named:  # re-coded after each column: the combined code stays small
        codes, uniques = _factorized(rows[column])
        place, _ = pd.factorize(place * (len(uniques) + 1) + codes[picked] + 1)
    count = int(place.max()) + 1
    first = np.flatnonzero(place > np.concatenate([[-1], np.maximum.accumulate(place)[:-1]]))
    labels = pd.DataFrame({c: _values_at(rows[c], picked[first]) for c in named}, index=range(len(first)))
    ids = _compact(rows, mask, present, None)
    for frame in (labels, ids):
        for col in PLACE_COLUMNS:
            if col not in frame.columns:
                frame[col] = np.nan
    ids[["campaign_id", "ad_group_id"]] = ids[["campaign_id", "ad_group_id"]].astype(object)
    ids = ids.groupby(["campaign", "ad_group"], dropna=False)[["campaign_id", "ad_group_id"]].first().reset_index()
    labels = labels[["campaign", "ad_group"]].merge(ids, on=["campaign", "ad_group"], how="left")
    labels = labels.fillna({"campaign_id": "", "ad_group_id": ""})
    tuples = list(zip(*(labels[c].to_numpy(dtype=object) for c in PLACE_COLUMNS), strict=True))
    pairs = pd.unique(row_term[picked] * count + place)  # each (term, place) once
    out: dict[int, set[tuple]] = {}
    for term, where in zip((pairs // count).tolist(), (pairs % count).tolist(), strict=True):
        out.setdefault(term, set()).add(tuples[where])
    return out


def _where_spent(
    rows: pd.DataFrame, cand: pd.DataFrame, mask: np.ndarray | None = None
) -> dict[tuple[str, str], tuple]:
    """(level, text) → sorted (campaign, ad group) pairs whose search terms contain it and spent
    (only the rows in ``mask`` when given)."""
    if cand.empty:
        return {}
    codes, _ = _factorized(rows["search_term"])
    names = _term_names(rows["search_term"])
    levels = cand["level"].to_numpy(dtype=object)
    texts = cand["keyword_text"].astype(str).to_numpy(dtype=object)
    wanted = set(texts[levels != "term"])
    # decide per distinct term, then touch only the spending rows of the terms that matter
    hit = np.zeros(len(names.text), dtype=bool)
    found = names.positions(texts[levels == "term"])
    hit[found[found >= 0]] = True
    if wanted:
        hit |= names.containing(wanted)
    row_term = names.term_of[np.maximum(codes, 0)]
    spent = np.nan_to_num(_values(rows, "spend")) > 0
    by_position = _term_places(rows, _row_mask(rows, mask) & spent & (codes >= 0) & hit[row_term], row_term)
    by_term = {names.text[k]: v for k, v in by_position.items()}
    by_gram: dict[str, set] = {}
    if wanted:
        longest = max(t.count(" ") + 1 for t in wanted)
        for term, places in by_term.items():  # each term's phrases once, not every term per candidate
            for phrase in _subphrases([term], longest) & wanted:
                by_gram.setdefault(phrase, set()).update(places)
    keys: dict[tuple, tuple[str, ...]] = {}  # few distinct places: each one's sort key once

    def text_key(place: tuple) -> tuple[str, ...]:
        key = keys.get(place)
        if key is None:
            key = keys[place] = tuple(str(v) for v in place)
        return key

    out: dict[tuple[str, str], tuple] = {}
    for lvl, text in zip(levels, texts, strict=True):
        places = by_term.get(text, set()) if lvl == "term" else by_gram.get(text, set())
        out[(lvl, text)] = tuple(sorted(places, key=text_key))
    return out


# == harvest ===========================================================================================
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
    for col in ("campaign", "campaign_id", "ad_group", "ad_group_id"):
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
    cols = [c for c in ("campaign", "campaign_id", "ad_group", "ad_group_id") if c in rows.columns]
    key = "portfolio" if "portfolio" in rows.columns else None
    exact = _compact(rows, is_exact, [*([key] if key else []), *cols], "spend")  # one row per ad group
    ranked = exact.groupby([*([key] if key else []), *cols], dropna=False)["spend"].sum().reset_index()
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


def _compact(rows: pd.DataFrame, mask: np.ndarray, keys: list[str], total: str | None) -> pd.DataFrame:
    """One row per distinct combination of ``keys`` among ``rows[mask]`` (missing values count as a
    value), in order of first appearance, with ``total`` summed: the few rows a grouping over a
    million needs, found by codes instead of copying the rows."""
    picked = np.flatnonzero(mask)
    if not len(picked):
        return rows[keys].iloc[:0].assign(**({total: 0.0} if total else {})).reset_index(drop=True)
    combined = np.zeros(len(picked), dtype=np.int64)
    for column in keys:  # re-coded after each column: the combined code stays small
        codes, uniques = _factorized(rows[column])
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + codes[picked] + 1)
    # codes count up in order of first appearance: a first appearance is a new running maximum
    first = np.flatnonzero(combined > np.concatenate([[-1], np.maximum.accumulate(combined)[:-1]]))
    out = rows[keys].iloc[picked[first]].reset_index(drop=True)
    if total is not None:
        out[total] = np.bincount(combined, weights=np.nan_to_num(_values(rows, total)[picked]), minlength=len(first))
    return out


# == clusters ==========================================================================================
SILHOUETTE_SAMPLE = 3000  # terms scored per candidate cluster count (sampled for big inputs)
SVD_COMPONENTS = 60
CLUSTER_SUMMARY_COLUMNS = [
    "cluster", "cluster_name", "terms", *BASES, "acos", "cvr", "cpc",
]  # fmt: skip


def _k_grid(lo: int, hi: int, size: int = 8) -> list[int]:
    if hi <= lo:
        return [lo]
    return sorted({int(round(v)) for v in np.geomspace(lo, hi, num=min(size, hi - lo + 1))})


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
    scored on a fixed sample of at most ``SILHOUETTE_SAMPLE`` terms. Same input, same
    ``random_state`` → same clusters. Rows whose term is blank get cluster -1.
    """
    from scipy.sparse import hstack
    from sklearn.cluster import KMeans, MiniBatchKMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import silhouette_score
    from sklearn.preprocessing import normalize

    if min_clusters < 1 or max_clusters < min_clusters:
        raise ValueError(
            f"min_clusters/max_clusters must satisfy 1 <= min <= max; got {min_clusters}/{max_clusters}"
        )
    out = terms.copy()
    raw = out[text].astype(str)
    distinct_raw = pd.unique(raw)
    normal_map = {r: (PLACEHOLDER if r.strip() == PLACEHOLDER else normalize_term(r)) for r in distinct_raw}
    normal = raw.map(normal_map)
    w = (
        pd.to_numeric(out[weight], errors="coerce").fillna(0.0)
        if weight in out.columns
        else pd.Series(1.0, index=out.index)
    )
    per_term = w.groupby(normal.to_numpy()).sum()
    per_term = per_term[per_term.index != ""].sort_index()
    names = per_term.index.to_numpy(dtype=object)
    count = len(names)
    if count == 0:
        return out.assign(cluster=-1, cluster_name="")
    if count <= max(2, min_clusters):
        labels = np.zeros(count, dtype=np.int64)
    else:
        words = TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), token_pattern=r"\S+", sublinear_tf=True, dtype=np.float32
        )
        chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=1, dtype=np.float32
        )
        matrix = hstack([words.fit_transform(names), chars.fit_transform(names)]).tocsr()
        components = min(SVD_COMPONENTS, matrix.shape[1] - 1, count - 1)
        if components >= 2:
            dense = TruncatedSVD(n_components=components, random_state=random_state).fit_transform(matrix)
        else:
            dense = matrix.toarray()
        dense = normalize(dense).astype(np.float64)
        sample_weight = 1.0 + np.log1p(np.clip(per_term.to_numpy(dtype=float), 0, None))
        rng = np.random.default_rng(random_state)
        sample = np.sort(rng.choice(count, size=min(count, SILHOUETTE_SAMPLE), replace=False))
        best: tuple[float, int, np.ndarray] | None = None
        for k in _k_grid(max(2, min_clusters), min(max_clusters, count - 1)):
            if count > 20_000:
                model = MiniBatchKMeans(n_clusters=k, random_state=random_state, n_init=3, batch_size=4096)
            else:
                model = KMeans(n_clusters=k, random_state=random_state, n_init=4)
            labels_k = model.fit_predict(dense, sample_weight=sample_weight)
            if len(np.unique(labels_k[sample])) < 2:
                continue
            score = float(silhouette_score(dense[sample], labels_k[sample]))
            if best is None or score > best[0] + 1e-9:
                best = (score, k, labels_k)
        labels = best[2] if best is not None else np.zeros(count, dtype=np.int64)
    frame = pd.DataFrame({"term": names, "w": per_term.to_numpy(dtype=float), "label": labels})
    totals = frame.groupby("label")["w"].sum().sort_values(ascending=False, kind="stable")
    renumber = {old: new for new, old in enumerate(totals.index)}
    frame["cluster"] = frame["label"].map(renumber).astype("int64")
    top = frame.sort_values(["w", "term"], ascending=[False, True], kind="stable").drop_duplicates("cluster")
    name_of = dict(zip(top["cluster"], top["term"], strict=True))
    cluster_of = dict(zip(frame["term"], frame["cluster"], strict=True))
    out["cluster"] = normal.map(cluster_of).fillna(-1).astype("int64")
    out["cluster_name"] = out["cluster"].map(name_of).fillna("")
    return out


def cluster_summary(clustered: pd.DataFrame, *, text: str = "search_term") -> pd.DataFrame:
    """One row per cluster of :func:`cluster_terms` output: cluster, cluster_name, terms (distinct
    normalised terms), impressions, clicks, spend, sales, orders, units, acos, cvr, cpc; by spend."""
    if clustered.empty:
        return pd.DataFrame(columns=CLUSTER_SUMMARY_COLUMNS)
    frame = clustered.copy()
    for base in BASES:
        if base not in frame.columns:
            frame[base] = np.nan
    frame["_term"] = frame[text].astype(str).map(normalize_term)
    sums = frame.groupby(["cluster", "cluster_name"])[list(BASES)].sum(min_count=1)
    sums["terms"] = frame.groupby(["cluster", "cluster_name"])["_term"].nunique()
    table = add_ratios(sums.reset_index())
    return (
        table[CLUSTER_SUMMARY_COLUMNS]
        .sort_values(["spend", "cluster"], ascending=[False, True])
        .reset_index(drop=True)
    )
