"""Number formatting for clients: one place, so every table, chart and sentence agrees.

Undefined values (NaN, None, ±inf) always print as an em dash "—", never "nan", "inf" or 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from helpers.columns import ASIN_TERM_RE

DASH = "—"

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
    """``money(412318.4)`` → '$412,318'; ``compact=True`` → '$412k'; NaN → '—'.

    >>> money(1234.5, "USD", decimals=2), money(2_500_000, "EUR", compact=True)
    ('$1,234.50', '€2.5M')
    """
    if is_missing(value):
        return DASH
    x = float(value)  # type: ignore[arg-type]
    symbol = CURRENCY_SYMBOLS.get(currency, f"{currency} ")
    sign = "-" if x < 0 else ""
    x = abs(x)
    if compact:
        for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if x >= limit:
                scaled = x / limit
                text = f"{scaled:.1f}".rstrip("0").rstrip(".") if scaled < 100 else f"{scaled:.0f}"
                return f"{sign}{symbol}{text}{suffix}"
        decimals = 0 if decimals is None else decimals
    if decimals is None:
        decimals = 0 if (currency in NO_DECIMALS or x >= 1000) else 2
    return f"{sign}{symbol}{x:,.{decimals}f}"


def count(value: object, *, compact: bool = False) -> str:
    """Whole numbers with thousands separators: ``count(12131)`` → '12,131'."""
    if is_missing(value):
        return DASH
    x = float(value)  # type: ignore[arg-type]
    if compact and abs(x) >= 1e4:
        for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
            if abs(x) >= limit:
                return f"{x / limit:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{x:,.0f}"


def pct(value: object, digits: int = 1, *, signed: bool = False) -> str:
    """A fraction as a percentage: ``pct(0.1834)`` → '18.3%'; ``signed=True`` → '+18.3%'."""
    if is_missing(value):
        return DASH
    x = float(value) * 100  # type: ignore[arg-type]
    return f"{x:+.{digits}f}%" if signed else f"{x:.{digits}f}%"


def pts(value: object, digits: int = 1) -> str:
    """A change between two fractions in percentage points: ``pts(-0.021)`` → '-2.1 pts'."""
    if is_missing(value):
        return DASH
    return f"{float(value) * 100:+.{digits}f} pts"  # type: ignore[arg-type]


def probability(value: object) -> str:
    """A probability as a percentage, never rounded down to a misleading 0: ``probability(0.00002)``
    → '<0.1%'."""
    if is_missing(value):
        return DASH
    x = float(value)  # type: ignore[arg-type]
    return "<0.1%" if 0 < x < 0.001 else pct(x)


def ratio(value: object, digits: int = 2) -> str:
    """A multiple such as ROAS: ``ratio(3.456)`` → '3.46×'."""
    if is_missing(value):
        return DASH
    return f"{float(value):.{digits}f}×"  # type: ignore[arg-type]


def formatter(kind: str, currency: str = "USD", **kwargs: object) -> Callable[[object], str]:
    """The formatting function for a value kind: money, money2, count, pct, pts, ratio, text."""
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
        "text": lambda v: DASH if is_missing(v) else str(v),
    }
    if kind not in kinds:
        raise ValueError(f"kind must be one of {', '.join(kinds)}; got {kind!r}")
    return kinds[kind]

def cluster_label(name: str) -> str:
    """How a reader sees a cluster's name: a cluster headed by a product-page click (an ASIN term)
    reads ``product pages (ASINs)``, since an ASIN alone, in lower case, reads as a typo; any other
    name as it is. For charts, never for targeting."""
    name = str(name)
    return "product pages (ASINs)" if ASIN_TERM_RE.fullmatch(name) else name
