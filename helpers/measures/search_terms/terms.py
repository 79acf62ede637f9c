"""Search terms aggregated by distinct normalised term, the rules a client's params set, and the
facts the decisions share: mature rows (attribution lag), existing keywords, where a term spent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers import metrics as m
from helpers.measures.search_terms._codes import (
    _combinations,
    _compact,
    _factorized,
    _group_sums,
    _is_value,
    _row_mask,
    _str_column,
    _term_names,
    _values,
)
from helpers.measures.search_terms.text import _contains_phrase, _subphrases, normalize_term

BASES = ("impressions", "clicks", "spend", "sales", "orders", "units")
#: Targeting values of auto campaigns (and ``*``, a placement without a keyword): the one
#: definition, imported by the QBR, the onboarding audit and the harvest.
AUTO_TARGETS = frozenset({"close-match", "loose-match", "substitutes", "complements", "*"})


def add_ratios(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with ``acos`` = spend/sales, ``cvr`` = orders/clicks, ``cpc`` = spend/clicks
    (fractions / currency per click; NaN when the denominator is 0 — see :mod:`helpers.metrics`)."""
    return _ratios(frame.copy())


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


@dataclass(frozen=True)
class Rules:
    """What the search-term decisions need from a client's params (see :func:`rules_from_params`).

    ``protected`` = brand terms + ``protected_terms`` (competitor terms only if listed there);
    ``target_acos`` NaN means unknown (harvest then proposes nothing); ``break_even_acos`` NaN means
    unknown (negatives then use the target); ``negative_min_dead_terms``: distinct search terms
    without an order a one-word phrase negative needs; money in the params' currency.
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
    break_even_acos: float = math.nan
    negative_min_dead_terms: int = 3

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
        break_even_acos=_break_even(params),
        negative_min_dead_terms=int(
            getattr(settings, "negative_min_dead_terms", default.negative_min_dead_terms)
        ),
    )


def _break_even(params: Any) -> float:
    """The account's break-even ACoS from params' default economics; NaN when not set."""
    try:
        return float(params.break_even_acos())
    except (AttributeError, TypeError, ValueError, ZeroDivisionError):
        return math.nan


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


def positive_keywords(rows: pd.DataFrame, mask: np.ndarray | None = None) -> dict[str, str]:
    """Normalised keyword text of every EXACT and PHRASE keyword in the ``targeting`` column → its
    match type (``exact`` wins over ``phrase``); only the rows in ``mask`` when given."""
    if rows.empty or "match_type" not in rows.columns:
        return {}
    keep = _row_mask(rows, mask) & _is_value(rows, "match_type", ["EXACT", "PHRASE"])
    keep &= _factorized(rows["targeting"])[0] >= 0
    _, pairs = _combinations(rows, keep, ["targeting", "match_type"])  # in order of first appearance
    out: dict[str, str] = {}
    for target, match in zip(pairs["targeting"], pairs["match_type"], strict=True):
        keyword = normalize_term(target)
        if keyword and out.get(keyword) != "exact":
            out[keyword] = str(match).lower()
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


def account_cvr(rows: pd.DataFrame, mask: np.ndarray | None = None) -> float:
    """Account conversion rate: summed orders / summed clicks over ``rows`` (or ``rows[mask]``);
    NaN with no clicks."""
    if rows.empty:
        return math.nan
    keep = _row_mask(rows, mask)
    return float(m.cvr(np.nansum(_values(rows, "orders")[keep]), np.nansum(_values(rows, "clicks")[keep])))


PLACE_COLUMNS = ("campaign", "campaign_id", "ad_group", "ad_group_id")


def _term_places(rows: pd.DataFrame, mask: np.ndarray, row_term: np.ndarray) -> dict[int, set[tuple]]:
    """Term position (in :class:`_Names`) → its places (campaign, campaign_id, ad_group,
    ad_group_id) over ``rows[mask]``; IDs filled from any such row that has them (older downloads
    lack IDs; '' when none has). Found by codes: only the distinct (term, ad group) pairs are touched."""
    if not mask.any():
        return {}
    present = [c for c in PLACE_COLUMNS if c in rows.columns]
    place, labels = _combinations(rows, mask, [c for c in ("campaign", "ad_group") if c in present])
    count = len(labels)
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
    pairs = pd.unique(row_term[mask] * count + place)  # each (term, place) once
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
