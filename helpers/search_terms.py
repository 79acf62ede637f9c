"""Search-term analysis: term classes (branded, competitor, generic, ASIN) and what follows from them.

Search terms are text typed by strangers: nothing here ever turns them into markup or formulas;
display code escapes them (:mod:`helpers.tables`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import pandas as pd

TERM_CLASSES = ("branded", "competitor", "generic", "asin")
ASIN_RE = re.compile(r"^b0[0-9a-z]{8}$")
_WORD_RE = re.compile(r"[^\w]+", re.UNICODE)


def normalize_term(text: object) -> str:
    """Lower-case, NFKC, punctuation to spaces, single spaces: ``'Hydro-Flask  32oz'`` → ``'hydro flask 32oz'``."""
    if not isinstance(text, str):
        return ""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_WORD_RE.sub(" ", folded).split())


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
    normalized = terms.map(normalize_term)
    brand = _phrase_pattern(brand_terms)
    competitor = _phrase_pattern(competitor_terms)
    out = pd.Series("generic", index=terms.index, dtype=object)
    if competitor is not None:
        out[normalized.map(lambda t: bool(competitor.search(t)))] = "competitor"
    if brand is not None:
        out[normalized.map(lambda t: bool(brand.search(t)))] = "branded"
    out[normalized.map(lambda t: bool(ASIN_RE.match(t.replace(" ", ""))) and " " not in t)] = "asin"
    return out.rename("term_class")
