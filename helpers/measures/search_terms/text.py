"""Search-term text: normalisation, singular/plural keys, term classes (branded, competitor, generic,
ASIN), whole-word phrase matching, and the formula check for anything written to a spreadsheet.

Search terms are text typed by strangers: nothing here ever turns them into markup or formulas;
display code escapes them (:mod:`helpers.present.tables`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers.columns import ASIN_TERM_RE

TERM_CLASSES = ("branded", "competitor", "generic", "asin")
ASIN_RE = ASIN_TERM_RE
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
    """Where ``pattern`` matches (searched, or the whole string with ``full``); False when missing.

    The patterns here are literal phrases between ``^``, ``$`` and spaces, matched against
    normalised text (no newlines), which Arrow's RE2 reads exactly as Python's ``re`` does: Arrow
    text goes straight to it, without pandas' audit of the pattern (a parse in Python of a pattern
    that may list thousands of phrases)."""
    array = text.array
    if isinstance(array, pd.arrays.ArrowStringArray):
        import pyarrow.compute as pc

        found = pc.match_substring_regex(array.__arrow_array__(), f"^(?:{pattern})$" if full else pattern)
        return np.array(found.fill_null(False).to_numpy(), dtype=bool)
    found = text.str.fullmatch(pattern) if full else text.str.contains(pattern, regex=True)
    return np.array(found.fillna(False).to_numpy(dtype=bool), dtype=bool)  # writable: callers combine in place


PLACEHOLDER = "*"  # Amazon's search term when a placement had no keyword
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


def _contains_phrase(text: str, phrase: str) -> bool:
    return f" {phrase} " in f" {text} "


def protected_hit(text: str, protected: Iterable[str]) -> str | None:
    """The protected phrase that ``text`` contains, or that contains ``text`` (negating a piece of a
    brand phrase would block the brand), as whole words; None when there is none."""
    for phrase in protected:
        if phrase and (_contains_phrase(text, phrase) or _contains_phrase(phrase, text)):
            return phrase
    return None


def formula_risk(text: object) -> bool:
    """Whether a text would start a spreadsheet formula (``= + - @``, tab, CR at the start)."""
    return isinstance(text, str) and text.startswith(FORMULA_START)


def _subphrases(terms: Iterable[str], longest: int) -> set[str]:
    """Every contiguous phrase of up to ``longest`` words of each term (what a phrase negative of
    that text would block)."""
    out: set[str] = set()
    for term in terms:
        words = term.split()
        for size in range(1, longest + 1):
            out.update(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))
    return out


#: Phrases per regex in :func:`_contains_any`: RE2 refuses a pattern whose compiled program outgrows
#: its memory budget ("pattern too large"), which a big account's few thousand phrases reach.
PHRASES_PER_PATTERN = 500


def _contains_any(text: pd.Series, phrases: Iterable[str]) -> np.ndarray:
    """Where ``text`` contains one of ``phrases`` as whole words (``_matches(text,
    _whole_words(phrases))``), in passes of at most :data:`PHRASES_PER_PATTERN` phrases."""
    phrases = sorted(set(phrases), key=lambda p: (-len(p), p))
    found = np.zeros(len(text), dtype=bool)
    for start in range(0, len(phrases), PHRASES_PER_PATTERN):
        found |= _matches(text, _whole_words(phrases[start : start + PHRASES_PER_PATTERN]))
    return found


def _whole_words(phrases: Iterable[str]) -> str:
    """Regex matching a text that contains one of ``phrases`` (normalised: single spaces) as whole
    words, like ``phrase in _subphrases([text], ...)``."""
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return rf"(?:^| )(?:{alternatives})(?: |$)"


# -- sizes ------------------------------------------------------------------------------------------
#: Units a shopper types after a number, by family, with the factor to the family's base unit. Only
#: sizes of one family compare ("16 oz" and "1 lb" do not: an ounce can be volume or weight).
SIZE_UNITS: dict[str, tuple[str, float]] = {
    **{u: ("oz", 1.0) for u in ("oz", "ounce", "ounces", "fl oz", "floz")},
    **{u: ("oz", 128.0) for u in ("gallon", "gallons", "gal")},
    **{u: ("ml", 1.0) for u in ("ml", "milliliter", "milliliters", "millilitre", "millilitres")},
    "cl": ("ml", 10.0),
    **{u: ("ml", 1000.0) for u in ("l", "liter", "liters", "litre", "litres", "ltr")},
    **{u: ("g", 1.0) for u in ("g", "gram", "grams", "gr")},
    **{u: ("g", 1000.0) for u in ("kg", "kilo", "kilos", "kilogram", "kilograms")},
    **{u: ("g", 453.592) for u in ("lb", "lbs", "pound", "pounds")},
    **{u: ("mm", 1.0) for u in ("mm",)},
    "cm": ("mm", 10.0),
    **{u: ("mm", 1000.0) for u in ("m", "meter", "meters", "metre", "metres")},
    **{u: ("mm", 25.4) for u in ("inch", "inches")},
    **{u: ("mm", 304.8) for u in ("ft", "foot", "feet")},
    **{u: ("pack", 1.0) for u in ("pack", "packs", "pk", "count", "ct", "pcs", "pieces", "piece", "pc")},
}
_SIZE_RE = re.compile(
    r"(?<![\w.,])(\d+(?:[.,]\d{1,2})?)\s?(" + "|".join(sorted(map(re.escape, SIZE_UNITS), key=len, reverse=True))
    + r")(?!\w)"
)
#: Two sizes of one family closer than this (relative) are the same size ("1.9 l" ~ "64 oz" aside).
SIZE_TOLERANCE = 0.03


def sizes(text: object) -> dict[str, set[float]]:
    """The sizes ``text`` names, by unit family, in the family's base unit: ``'Bottle 1,5 l, 2-pack'``
    → ``{'ml': {1500.0}, 'pack': {2.0}}``. Read from the text as typed (a decimal point or comma
    kept), a number followed by one of :data:`SIZE_UNITS`; a number alone names no size.

    >>> sizes("Insulated Water Bottle 64 oz, Stainless Steel")
    {'oz': {64.0}}
    >>> sizes("Trinkflasche 1,5 l (2er) 500ml") == {"ml": {1500.0, 500.0}}
    True
    """
    if not isinstance(text, str):
        return {}
    out: dict[str, set[float]] = {}
    folded = unicodedata.normalize("NFKC", text).casefold().replace("-", " ")
    for number, unit in _SIZE_RE.findall(folded):
        family, factor = SIZE_UNITS[unit]
        out.setdefault(family, set()).add(float(number.replace(",", ".")) * factor)
    return out


def other_size(term: object, product: dict[str, set[float]]) -> str:
    """The size ``term`` names that is not the product's (its ``sizes`` in ``product``), as the term
    writes it (``'32 oz'``); ``''`` when the term names no size of a family the product has, or only
    the product's own. A shopper who types "32 oz water bottle" wants 32 oz: a 64 oz bottle's ad
    on it buys clicks that rarely sell.

    >>> other_size("32 oz water bottle", sizes("Water Bottle 64 oz")), other_size("64oz bottle", sizes("Bottle 64 oz"))
    ('32 oz', '')
    >>> other_size("2 liter water bottle", sizes("Bottle 64 oz"))  # another family: not comparable
    ''
    """
    if not isinstance(term, str) or not product:
        return ""
    folded = unicodedata.normalize("NFKC", term).casefold().replace("-", " ")
    for match in _SIZE_RE.finditer(folded):
        family, factor = SIZE_UNITS[match.group(2)]
        if family not in product:
            continue
        value = float(match.group(1).replace(",", ".")) * factor
        if not any(abs(value - own) <= SIZE_TOLERANCE * own for own in product[family]):
            return match.group(0)
    return ""
