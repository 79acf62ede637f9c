"""Number formatting for clients: one place, so every table, chart and sentence agrees.

Undefined values (NaN, None, ±inf) always print as an em dash "—", never "nan", "inf" or 0.
Separators, decimal marks and where the currency symbol goes follow the client's marketplace
(:func:`use_marketplace`, babel's CLDR data): '$1,234.56' in the US, '£1,234.56' in the UK,
'1.234,56 €' in Germany.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable

from helpers.columns import ASIN_TERM_RE

DASH = "—"

#: Currency symbols for chart axes (tables and sentences use :func:`money`, which follows the marketplace).
CURRENCY_SYMBOLS = {
    "USD": "$", "CAD": "C$", "MXN": "MX$", "BRL": "R$", "GBP": "£", "EUR": "€", "JPY": "¥",
    "INR": "₹", "AUD": "A$", "SEK": "kr ", "PLN": "zł ", "AED": "AED ", "SAR": "SAR ", "SGD": "S$",
    "TRY": "₺", "EGP": "E£",
}
NO_DECIMALS = {"JPY"}


def is_missing(value: object) -> bool:
    """None, NaN, ±inf, pandas NA/NaT: anything that is not a defined number or text."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return not math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False


def money(value: object, currency: str = "USD", *, compact: bool = False, decimals: int | None = None) -> str:
    """``money(412318.4)`` → '$412,318'; ``compact=True`` → '$412k'; NaN → '—'. The symbol's place and
    the separators follow the marketplace (:func:`use_marketplace`): '412.318 €' in Germany.

    >>> money(1234.5, "USD", decimals=2), money(2_500_000, "EUR", compact=True)
    ('$1,234.50', '€2.5M')
    """
    if is_missing(value):
        return DASH
    x = float(value)  # type: ignore[arg-type]
    if compact:
        for limit, suffix in _COMPACT:
            if abs(x) >= limit:
                scaled = x / limit
                number = _number_token(1 if abs(scaled) < 100 else 0, optional=True) + f"'{suffix}'"
                return _apply("currency", number, scaled, currency)
        decimals = 0 if decimals is None else decimals
    if decimals is None:
        decimals = 0 if (currency in NO_DECIMALS or abs(x) >= 1000) else 2
    return _apply("currency", _number_token(decimals), x, currency)


def count(value: object, *, compact: bool = False) -> str:
    """Whole numbers with the marketplace's thousands separators: ``count(12131)`` → '12,131'
    ('12.131' in Germany)."""
    if is_missing(value):
        return DASH
    x = float(value)  # type: ignore[arg-type]
    if compact and abs(x) >= 1e4:
        for limit, suffix in _COMPACT:
            if abs(x) >= limit:
                return number(x / limit, 1, optional=True) + suffix
    return number(x, 0)


def number(value: object, digits: int = 0, *, optional: bool = False) -> str:
    """A plain number with the marketplace's separators and ``digits`` decimals (``optional``: no
    trailing zeros): ``number(1234.56, 1)`` → '1,234.6'."""
    if is_missing(value):
        return DASH
    return _apply("decimal", _number_token(digits, optional=optional), float(value))  # type: ignore[arg-type]


def pct(value: object, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage: ``pct(0.1834)`` → '18.3%' ('18,3 %' in Germany); ``signed=True``
    → '+18.3%'."""
    if is_missing(value):
        return DASH
    x = float(value)  # type: ignore[arg-type]
    text = _apply("percent", _number_token(digits), abs(x) if signed else x)
    return (_sign(x * 100, digits) + text) if signed else text


def pts(value: object, digits: int = 1) -> str:
    """A change between two fractions in percentage points: ``pts(-0.021)`` → '-2.1 pts'."""
    if is_missing(value):
        return DASH
    x = float(value) * 100  # type: ignore[arg-type]
    return f"{_sign(x, digits)}{number(abs(x), digits)} pts"


def _sign(x: float, digits: int) -> str:
    """'+' or '-' for a change shown with ``digits`` decimals; a change that rounds to zero is '+'
    (never '-0.0')."""
    return "-" if round(x, digits) < 0 else "+"


def probability(value: object) -> str:
    """A probability as a percentage, never rounded down to a misleading 0: ``probability(0.00002)``
    → '<0.1%'."""
    if is_missing(value):
        return DASH
    x = float(value)  # type: ignore[arg-type]
    return "<" + pct(0.001) if 0 < x < 0.001 else pct(x)


def ratio(value: object, digits: int = 2) -> str:
    """A multiple such as ROAS: ``ratio(3.456)`` → '3.46×'."""
    if is_missing(value):
        return DASH
    return f"{number(value, digits)}×"


# -- the marketplace's conventions (babel: CLDR's patterns and symbols for every locale) -------------
#: The locale whose number conventions each Amazon marketplace follows (the site's own language).
MARKETPLACE_LOCALES = {
    "US": "en_US", "CA": "en_CA", "MX": "es_MX", "BR": "pt_BR", "UK": "en_GB", "DE": "de_DE", "FR": "fr_FR",
    "IT": "it_IT", "ES": "es_ES", "NL": "nl_NL", "SE": "sv_SE", "PL": "pl_PL", "BE": "fr_BE", "JP": "ja_JP",
    "IN": "en_IN", "AU": "en_AU", "AE": "en_AE", "SA": "en_AE", "SG": "en_SG", "TR": "tr_TR", "EG": "en_AE",
}  # fmt: skip
#: Environment variable naming the marketplace when no notebook code chose one (the runner sets it
#: for the kernel, so every playbook's numbers follow its client without any call).
MARKETPLACE_ENV = "SHELFBOOK_MARKETPLACE"
_COMPACT = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
_chosen: str | None = None


def use_marketplace(marketplace: str | None) -> str:
    """Format every later number as ``marketplace`` does (``"DE"`` → '1.234,56 €'); None goes back to
    the default (:data:`MARKETPLACE_ENV`, else US). Returns the locale name.

    >>> use_marketplace("DE"), money(1234.56, "EUR", decimals=2), pct(0.183), count(12131)
    ('de_DE', '1.234,56\xa0€', '18,3\xa0%', '12.131')
    >>> use_marketplace(None)
    'en_US'
    """
    global _chosen
    if marketplace is not None and str(marketplace).upper() not in MARKETPLACE_LOCALES:
        raise ValueError(f"marketplace must be one of {', '.join(MARKETPLACE_LOCALES)}; got {marketplace!r}")
    _chosen = None if marketplace is None else MARKETPLACE_LOCALES[str(marketplace).upper()]
    return locale_name()


def locale_name() -> str:
    """The locale numbers are formatted in now (see :func:`use_marketplace`)."""
    if _chosen:
        return _chosen
    import os

    return MARKETPLACE_LOCALES.get(os.environ.get(MARKETPLACE_ENV, "US").strip().upper(), "en_US")


def _apply(kind: str, token: str, value: float, currency: str | None = None) -> str:
    """``value`` in the current locale's ``kind`` pattern (currency, percent, decimal) with ``token``
    as its number part. Parsed patterns are cached: babel's format_* functions parse theirs on every
    call (~100 µs a number; a cached pattern takes a fifth of that)."""
    locale = locale_name()
    pattern, loc = _compiled(locale, kind, token)
    if currency is None:
        return pattern.apply(value, loc)
    return pattern.apply(value, loc, currency=currency, currency_digits=False)


@functools.lru_cache(maxsize=512)
def _compiled(locale: str, kind: str, token: str) -> tuple[object, object]:
    # babel is imported on first use: the notebook's first cell stays quick
    from babel import Locale
    from babel.numbers import parse_pattern

    text = token if kind == "decimal" else _pattern(kind, token, locale)
    return parse_pattern(text), Locale.parse(locale)


def _number_token(digits: int, *, optional: bool = False) -> str:
    """A CLDR number pattern with ``digits`` decimals (``optional``: '#' digits, no trailing zeros)."""
    return "#,##0" + ("." + ("#" if optional else "0") * digits if digits > 0 else "")


@functools.lru_cache(maxsize=256)
def _locale_pattern(locale: str, kind: str) -> str:
    from babel import Locale

    loc = Locale.parse(locale)
    formats = loc.currency_formats if kind == "currency" else loc.percent_formats
    return formats["standard" if kind == "currency" else None].pattern


def _pattern(kind: str, token: str, locale: str) -> str:
    """The locale's currency/percent pattern with its number part replaced by ``token`` (the symbol's
    place, spacing and sign style stay the locale's). Indian grouping (#,##,##0) is kept."""
    base = _locale_pattern(locale, kind)

    def swap(match: re.Match[str]) -> str:
        head = match.group(1)
        grouping = head if head.count(",") > 1 else "#,##0"
        return token.replace("#,##0", grouping, 1)

    return re.sub(r"(#[#,]*0)(?:\.0+)?", swap, base)


def formatter(kind: str, currency: str = "USD", **kwargs: object) -> Callable[[object], str]:
    """The formatting function for a value kind: money, money2, count, pct, pts, ratio, decimal (one
    decimal, e.g. weeks of cover), text."""
    kinds: dict[str, Callable[[object], str]] = {
        "money": lambda v: money(v, currency, **kwargs),  # type: ignore[arg-type]
        "money2": lambda v: money(v, currency, decimals=2),
        "count": lambda v: count(v),
        "pct": lambda v: pct(v),
        "pct2": lambda v: pct(v, 2),
        "prob": probability,
        "pts2": lambda v: pts(v, 2),
        "percent": lambda v: pct(v),
        "pct_signed": lambda v: pct(v, signed=True),
        "pts": lambda v: pts(v),
        "ratio": lambda v: ratio(v),
        "decimal": lambda v: number(v, 1),
        "text": lambda v: DASH if is_missing(v) else str(v),
    }
    if kind not in kinds:
        raise ValueError(f"kind must be one of {', '.join(kinds)}; got {kind!r}")
    return kinds[kind]


def cluster_label(name: str) -> str:
    """How a reader sees a cluster's name: a cluster headed by a product-page click (an ASIN term)
    reads ``product page B0…`` with the ASIN as Amazon writes it, since an ASIN alone, in lower
    case, reads as a typo; any other name as it is. The ASIN stays in the label: several themes
    can be led by product pages, and one label for all of them reads as the same theme plotted
    twice. For charts, never for targeting.

    >>> cluster_label("b0e8450g62"), cluster_label("b0 water bottle")
    ('product page B0E8450G62', 'b0 water bottle')
    """
    name = str(name)
    return f"product page {name.upper()}" if ASIN_TERM_RE.fullmatch(name) else name
