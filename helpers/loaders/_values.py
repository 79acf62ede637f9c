"""Value parsing shared by every loader: headers, numbers, money, percentages, dates, IDs.

Everything here is decided **once per file** (decimal comma, day-first dates) by the caller and
applied to whole columns; nothing guesses cell by cell. Errors name the column and the row as a
spreadsheet would number it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.errors import InputFileError

# -- headers ----------------------------------------------------------------------------------------


def canonical_header(header: object) -> str:
    """Normalise a header cell for alias lookup: NFKC, case-folded, letters and digits only.

    Removes BOM, spaces, dashes (incl. en-dash), NBSP and punctuation; folds full-width characters;
    keeps German and Japanese letters.

    >>> canonical_header("\\ufeff7 Day Total Sales (₹) ")
    '7daytotalsales'
    >>> canonical_header("Sessions – Total"), canonical_header("（親）ASIN")
    ('sessionstotal', '親asin')
    """
    if header is None or (isinstance(header, float) and np.isnan(header)):
        return ""
    text = unicodedata.normalize("NFKC", str(header)).casefold()
    return "".join(c for c in text if c.isalnum())


def quote(value: object, limit: int = 80) -> str:
    """``repr`` of a value for a one-line message, cut to about ``limit`` characters.

    >>> quote("x" * 200)[:6], len(quote("x" * 200)) <= 82
    ("'xxxxx", True)
    """
    text = str(value)
    if len(text) > limit:
        return repr(text[: limit - 3]) + "…"
    return repr(text)


# -- marketplaces and currencies ------------------------------------------------------------------

MARKETPLACE_CURRENCY = {
    "US": "USD", "CA": "CAD", "MX": "MXN", "BR": "BRL", "UK": "GBP", "GB": "GBP", "DE": "EUR",
    "FR": "EUR", "IT": "EUR", "ES": "EUR", "NL": "EUR", "BE": "EUR", "IE": "EUR", "SE": "SEK",
    "PL": "PLN", "TR": "TRY", "IN": "INR", "JP": "JPY", "AU": "AUD", "SG": "SGD", "AE": "AED",
    "SA": "SAR", "EG": "EGP",
}  # fmt: skip
# marketplaces whose Seller Central locale writes 1.234,56
DECIMAL_COMMA_MARKETPLACES = frozenset({"DE", "FR", "IT", "ES", "NL", "BE", "SE", "PL", "TR", "BR"})
# currencies whose marketplaces write numeric dates month first (5/1/26 = 1 May 2026)
MONTH_FIRST_CURRENCIES = frozenset({"USD", "CAD"})

# symbol (after NFKC: ￥ -> ¥) -> ISO code; "$" is resolved with the marketplace
SYMBOL_CURRENCY = {
    "$": "USD", "US$": "USD", "MX$": "MXN", "CA$": "CAD", "C$": "CAD", "A$": "AUD", "AU$": "AUD",
    "S$": "SGD", "R$": "BRL", "RS": "INR", "RS.": "INR", "₹": "INR", "£": "GBP", "€": "EUR", "¥": "JPY",
    "円": "JPY", "USD": "USD", "EUR": "EUR", "GBP": "GBP", "INR": "INR", "JPY": "JPY", "MXN": "MXN",
    "CAD": "CAD", "AUD": "AUD", "AED": "AED", "SEK": "SEK", "PLN": "PLN", "KR": "SEK", "ZŁ": "PLN",
}  # fmt: skip


def marketplace_code(marketplace: str | None) -> str | None:
    """``'us'`` -> ``'US'``; ``None`` stays ``None``. Raises for an unknown code."""
    if marketplace is None:
        return None
    code = str(marketplace).strip().upper()
    if code not in MARKETPLACE_CURRENCY:
        from helpers.errors import ParamsError

        raise ParamsError(
            f"marketplace must be one of {', '.join(sorted(MARKETPLACE_CURRENCY))}; got {marketplace!r}"
        )
    return code


def symbol_currency(symbol: str, marketplace: str | None = None) -> str | None:
    """ISO code of a currency symbol or prefix; ``$`` follows the marketplace (CA -> CAD...)."""
    key = unicodedata.normalize("NFKC", symbol).strip().upper()
    if key == "$" and marketplace and MARKETPLACE_CURRENCY.get(marketplace, "").endswith("D"):
        return MARKETPLACE_CURRENCY[marketplace]
    if key == "$" and marketplace == "MX":
        return "MXN"
    return SYMBOL_CURRENCY.get(key)


_HEADER_CURRENCY_RE = re.compile(r"\(\s*([₹£€$¥￥]|[A-Z]{3})\s*\)")


def header_currency(headers: Iterable[object], marketplace: str | None = None) -> str | None:
    """Currency named in headers such as ``14 Day Total Sales (₹)`` or ``Spend(USD)``."""
    for header in headers:
        match = _HEADER_CURRENCY_RE.search(str(header))
        if match:
            code = symbol_currency(match.group(1), marketplace)
            if code:
                return code
    return None


# -- numbers --------------------------------------------------------------------------------------

BLANKS = frozenset({"", "-", "—", "–", "--", "n/a", "na", "nan", "null", "none"})

_PREFIX = r"(?:[A-Z]{1,2}\$|R\$|RS\.?|[A-Z]{3}(?=[\s\d.,(-])|[$£€₹¥円]|KR|ZŁ)"
_MONEY_RE = re.compile(
    rf"^(?P<sign1>[-−]?)\s*(?P<pre>{_PREFIX})?\s*(?P<num>.*?)\s*(?P<post>{_PREFIX}|%)?$", re.IGNORECASE
)


def _as_text(values: pd.Series) -> pd.Series:
    """Strings, NFKC-normalised where needed (full-width digits, NBSP, ￥), stripped."""
    text = values.astype("str")
    if text.str.contains(r"[^\x00-\x7f]", regex=True, na=False).any():
        text = text.map(lambda v: unicodedata.normalize("NFKC", v) if isinstance(v, str) else v).astype("str")
    return text.str.strip()


_LONGEST_BLANK = max(len(b) for b in BLANKS)


def _is_blank(text: pd.Series) -> pd.Series:
    blank = text.isna()
    short = ~blank & (text.str.len() <= _LONGEST_BLANK)
    if short.any():  # casefold only the few short strings that can be one of BLANKS
        blank[short] = text[short].str.casefold().isin(BLANKS)
    return blank


def spreadsheet_row(index: object, first_data_row: int) -> int:
    return int(index) + first_data_row  # type: ignore[call-overload]


def money_symbols(values: pd.Series) -> set[str]:
    """Currency prefixes/suffixes seen in a text column (``$``, ``Rs.``, ``€``...), upper-cased."""
    if values.dtype.kind in "biufcM":
        return set()
    # the first 2000 distinct values: from the first rows when they hold that many, else from all
    for head in (values.iloc[:50_000], values) if len(values) > 50_000 else (values,):
        _, raw = _factorize(head)  # distinct values in order of first appearance
        text = _as_text(raw).dropna()
        text = text[~_is_blank(text)].drop_duplicates()
        if len(text) >= 2000:
            break
    if text.empty:
        return set()
    parts = text.head(2000).str.extract(_MONEY_RE)
    found = set(parts["pre"].dropna()) | set(parts["post"].dropna())
    return {s.upper() for s in found if s and s != "%"}


def looks_decimal_comma(values: pd.Series) -> bool:
    """True if money strings put the symbol after the number the continental way (``5.255,61 €``)."""
    if values.dtype.kind in "biufcM":
        return False
    text = _as_text(values).dropna()
    return bool(text.str.contains(r"\d,\d{1,2}\s*(?:€|EUR|kr|zł)$", regex=True, case=False).any())


def parse_number(
    values: pd.Series,
    *,
    column: str,
    decimal_comma: bool = False,
    percent: bool = False,
    path: Path | None = None,
    first_data_row: int = 2,
) -> pd.Series:
    """Numbers from an export column, as float64; blank (or ``-``/``—``) gives NaN, never 0.

    Strips currency prefixes/suffixes (``$``, ``MX$``, ``Rs.``, ``₹``, ``£``, ``€``, ``￥``, ISO codes),
    thousands separators (incl. lakh grouping ``1,08,218.36``), spaces/NBSP, ``<``/``>``; reads
    ``(1.50)`` as -1.5. ``decimal_comma`` (decided once per file) reads ``5.255,61`` as 5255.61.
    With ``percent=True`` a value written with ``%`` is divided by 100 (``3.64%`` -> 0.0364); a
    bare number — e.g. an xlsx percent cell, already a fraction — is kept as it is.

    >>> parse_number(pd.Series(["$1,234.56", "Rs.14.21", "", "₹1,08,218.36"]), column="Sales").tolist()
    [1234.56, 14.21, nan, 108218.36]
    >>> parse_number(pd.Series(["5.255,61 €"]), column="Umsatz", decimal_comma=True).tolist()
    [5255.61]
    """
    if values.dtype.kind in "biuf":
        return values.astype("float64")
    if values.dtype.kind == "b":
        return values.astype("float64")
    plain = None if decimal_comma else _plain_numbers(values)
    if plain is not None:
        return plain
    result = pd.Series(np.nan, index=values.index, dtype="float64")
    if values.dtype == object:  # xlsx columns can mix real numbers and text
        is_number = values.map(lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool))
        if is_number.any():
            result[is_number] = values[is_number].astype("float64")
        rest = values[~is_number]
    else:
        rest = values
    if rest.empty:
        return result
    # parse each distinct string once (exports repeat values a lot), then spread back by code
    codes, raw = _factorize(rest)
    if not len(raw):
        return result
    text = _as_text(raw)
    blank = _is_blank(text).to_numpy()
    parsed = np.full(len(raw), np.nan)
    plain = (
        ~blank & text.str.fullmatch(_PLAIN_INT if decimal_comma else _PLAIN_NUMBER).fillna(False).to_numpy()
    )
    if plain.any():  # most cells: a plain number, read the same either way
        parsed[plain] = text[plain].astype("float64").to_numpy()
    other = ~blank & ~plain
    if other.any():
        uniques = pd.Series(pd.unique(text[other].to_numpy()), dtype="str")
        found = _parse_unique_numbers(uniques, decimal_comma=decimal_comma, percent=percent)
        if found.isna().any():
            bad_text = set(uniques[found.isna()])
            bad = other & text.isin(bad_text).to_numpy()
            what = "a percentage" if percent else "a number"
            _fail_codes(rest, codes, bad, text, what, column=column, path=path, first_data_row=first_data_row)
        lookup = dict(zip(uniques, found, strict=True))
        parsed[other] = text[other].map(lookup).to_numpy(dtype="float64")
    spread = parsed[codes]
    spread[codes < 0] = np.nan
    positions = result.index.get_indexer(rest.index) if rest is not values else slice(None)
    out = result.to_numpy(copy=True)
    out[positions] = spread
    return pd.Series(out, index=values.index, dtype="float64")


def _plain_numbers(values: pd.Series) -> pd.Series | None:
    """A text column in which every value is a plain number (``12``, ``-3.5``, ``1e3``) or missing,
    as float64 in one Arrow cast (a CSV export's usual case, ~5x faster than value by value); None
    when any value is something else (``$1,234``, ``-``, ``nan``...), for the full parser to read."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not isinstance(values.array, pd.arrays.ArrowStringArray):
        return None
    try:
        numbers = pc.cast(values.array.__arrow_array__(), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    out = numbers.to_numpy(zero_copy_only=False)
    if np.isinf(out).any() or np.isnan(out).sum() != numbers.null_count:
        return None  # "inf" or "nan" written out (NaN beyond the blanks): not numbers we accept
    return pd.Series(out, index=values.index, dtype="float64")


_PLAIN_NUMBER = r"-?\d+(?:\.\d+)?"
_PLAIN_INT = r"-?\d+"


def _factorize(values: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes (-1 = missing) and the distinct values, in order of first appearance."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes), pd.Series(np.asarray(uniques, dtype=object), dtype=object)


def _fail_codes(
    values: pd.Series,
    codes: np.ndarray,
    bad_uniques: np.ndarray,
    text: pd.Series,
    what: str,
    *,
    column: str,
    path: Path | None,
    first_data_row: int,
):
    """Raise for the first row (in file order) whose distinct value is bad."""
    bad_codes = np.flatnonzero(bad_uniques)
    position = int(np.flatnonzero(np.isin(codes, bad_codes))[0])
    raw = text.iloc[codes[position]]
    raise InputFileError(
        f"value {quote(raw)} in column {quote(column)} is not {what}",
        path=path,
        column=column,
        row=spreadsheet_row(values.index[position], first_data_row),
    )


def _parse_unique_numbers(text: pd.Series, *, decimal_comma: bool, percent: bool) -> pd.Series:
    """Vectorised parse of non-blank strings; NaN where a string is not a number."""
    parts = text.str.extract(_MONEY_RE)
    num = parts["num"].fillna("").str.replace(r"[\s'’<>≤≥~]", "", regex=True)
    negative = num.str.startswith("(") & num.str.endswith(")")
    num = num.mask(negative, num.str.slice(1, -1))
    num = num.str.replace("−", "-", regex=False)
    has_pct = parts["post"].eq("%").fillna(False) | num.str.endswith("%")
    num = num.str.rstrip("%")
    if decimal_comma:
        num = num.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        num = num.str.replace(",", "", regex=False)
    valid = num.str.fullmatch(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?").fillna(False)
    parsed = pd.to_numeric(num.where(valid), errors="coerce").astype("float64")
    sign = np.where(negative | parts["sign1"].isin(["-", "−"]), -1.0, 1.0)
    parsed = parsed * sign
    if percent:
        parsed = parsed.where(~has_pct, parsed / 100.0)
    return parsed


def parse_text(values: pd.Series) -> pd.Series:
    """Text column: stripped strings (``str`` dtype); blank -> NaN."""
    if is_tidy_text(values):
        return values  # the usual export column: nothing to strip, no blanks (no million-row copy)
    text = values.astype("str").str.strip()
    return text.mask(text.eq(""))


TEXT = pd.StringDtype(
    "pyarrow", na_value=np.nan
)  # a text column as the readers give it (read_csv(dtype=str))


def constant_text(value: str | None, index: pd.Index) -> pd.Series:
    """A text column (:data:`TEXT`) holding ``value`` on every row of ``index`` (``None``: missing),
    built as one Arrow array. Given a scalar, pandas fills such a column by an Arrow take of one
    position per row: 0.1-0.3 s per million rows, for each of a report's source, currency and
    absent columns."""
    import pyarrow as pa

    size = len(index)
    array = (
        pa.nulls(size, pa.large_string())
        if value is None
        else pa.repeat(pa.scalar(str(value), pa.large_string()), size)
    )
    return pd.Series(pd.arrays.ArrowStringArray(array, dtype=TEXT), index=index, copy=False)


# bytes that may start or end a value str.strip() would change: ASCII whitespace, and any
# non-ASCII byte (it may belong to a Unicode space such as NBSP; the full strip then decides)
_EDGE_BYTES = np.zeros(256, dtype=bool)
_EDGE_BYTES[[0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x20]] = True
_EDGE_BYTES[0x80:] = True


def is_tidy_text(values: pd.Series) -> bool:
    """Whether a ``str`` column already is what :func:`parse_text` makes of it: no value that
    stripping would change and no empty string. Decided from each value's first and last byte
    through the Arrow offsets, without copying the text; False when unsure (the caller strips)."""
    import pyarrow as pa

    if values.dtype != TEXT:
        return False
    for chunk in values.array.__arrow_array__().chunks:
        if not (pa.types.is_string(chunk.type) or pa.types.is_large_string(chunk.type)):
            return False
        _, offsets, data = chunk.buffers()
        width = np.int64 if pa.types.is_large_string(chunk.type) else np.int32
        bounds = np.frombuffer(offsets, dtype=width)[chunk.offset : chunk.offset + len(chunk) + 1]
        filled = np.diff(bounds) > 0
        if chunk.null_count:
            valid = chunk.is_valid().to_numpy(zero_copy_only=False)
            if (valid & ~filled).any():
                return False  # an empty string
            filled &= valid
        elif not filled.all():
            return False
        if not filled.any():
            continue
        text = np.frombuffer(data, dtype=np.uint8)
        if _EDGE_BYTES[text[bounds[:-1][filled]]].any() or _EDGE_BYTES[text[bounds[1:][filled] - 1]].any():
            return False
    return True


def parse_id(values: pd.Series) -> pd.Series:
    """Identifiers as strings: ``="254927681919372"`` -> ``254927681919372``; xlsx 1234.0 -> ``1234``."""

    def one(value: object) -> object:
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return np.nan
        if isinstance(value, (float, np.floating)) and float(value).is_integer():
            return str(int(value))
        if isinstance(value, (int, np.integer)):
            return str(int(value))
        text = str(value).strip()
        match = re.fullmatch(r'="(.*)"', text)
        if match:
            text = match.group(1).strip()
        return text or np.nan

    return values.map(one).astype("str")


# -- dates ----------------------------------------------------------------------------------------

_EXCEL_EPOCH = pd.Timestamp("1899-12-30")
_TZ_SUFFIX_RE = r"\s+(?:[A-Z]{2,5}|[+-]\d{2}:?\d{2}|UTC)$"


def _naive_midnight(stamps: pd.Series) -> pd.Series:
    """datetime64[ns] at midnight, time zone dropped (local calendar day kept)."""
    stamps = pd.to_datetime(stamps)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_localize(None)
    return stamps.dt.normalize().astype("datetime64[ns]")


def _date_formats(sample: pd.Series, *, dayfirst: bool) -> list[str]:
    """Candidate formats, in the order the file's locale makes them likely."""
    slash_dmy = ["%d/%m/%Y", "%d/%m/%y"]
    slash_mdy = ["%m/%d/%Y", "%m/%d/%y"]
    formats = ["ISO8601", "%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d"]
    formats += slash_dmy + slash_mdy if dayfirst else slash_mdy + slash_dmy
    has_time = sample.str.contains(r"\d:\d\d", regex=True).any()
    if has_time:
        formats = ["ISO8601"] + [f + " %H:%M:%S" for f in formats[1:]] + [f + " %H:%M" for f in formats[1:]]
    return formats


def parse_date(
    values: pd.Series,
    *,
    column: str,
    dayfirst: bool,
    path: Path | None = None,
    first_data_row: int = 2,
    notes: list[str] | None = None,
) -> pd.Series:
    """Dates (datetime64, midnight) from xlsx datetimes/serials or text; one format per column.

    Text formats: ISO, ``Nov 10, 2018``/``Feb 1, 2020``, ``01.09.2026``, ``2026/09/01`` and numeric
    slashes (``5/1/26``, ``12/01/2017``) read day-first or month-first as decided for the whole
    file. If the decided order cannot read every value but the other order can, the other order is
    used and a note says so. Time-of-day and a trailing zone (``PDT``, ``BST``) are dropped.

    >>> parse_date(pd.Series(["Nov 10, 2018", "Feb 1, 2020"]), column="Date", dayfirst=False).dt.day.tolist()
    [10, 1]
    """
    if values.dtype.kind == "M":
        return _naive_midnight(values)
    result = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    present = values.notna()
    if isinstance(values.dtype, pd.StringDtype):  # text read from a CSV: no stamps, no serials
        stamp = serial = pd.Series(False, index=values.index)
    else:
        stamp = present & values.map(lambda v: isinstance(v, (pd.Timestamp, np.datetime64, dt.date)))
        serial = present & values.map(
            lambda v: isinstance(v, (int, float, np.number)) and not isinstance(v, bool)
        )
    if stamp.any():
        result[stamp] = _naive_midnight(
            pd.Series([pd.Timestamp(v) for v in values[stamp]], index=values.index[stamp])
        )
    if serial.any():
        days = values[serial].astype("float64").round()
        result[serial] = (_EXCEL_EPOCH + pd.to_timedelta(days, unit="D")).astype("datetime64[ns]")
    rest = values[~stamp & ~serial] if stamp.any() or serial.any() else values
    if rest.empty:
        return result
    # every step below works on the distinct strings (a few hundred dates in a million rows)
    codes, raw = _factorize(rest)
    text = _as_text(raw)
    blank = _is_blank(text).to_numpy()
    if blank.all():
        return result
    text = text.str.replace(_TZ_SUFFIX_RE, "", regex=True)
    uniques = pd.Series(text[~blank].unique()).astype(str)
    best: tuple[int, str, pd.Series] | None = None
    for fmt in _date_formats(uniques, dayfirst=dayfirst):
        parsed = pd.to_datetime(uniques, format=fmt, errors="coerce")
        ok = int(parsed.notna().sum())
        if best is None or ok > best[0]:
            best = (ok, fmt, parsed)
        if ok == len(uniques):
            break
    assert best is not None
    ok, fmt, parsed = best
    if ok < len(uniques):
        bad = ~blank & text.isin(set(uniques[parsed.isna()])).to_numpy()
        _fail_codes(rest, codes, bad, text, "a date", column=column, path=path, first_data_row=first_data_row)
    if notes is not None and "/" in fmt and not fmt.startswith("%Y"):
        expected_dayfirst = fmt.startswith("%d")
        if expected_dayfirst != dayfirst:
            notes.append(
                f"dates in column {quote(column)} read as {'day' if expected_dayfirst else 'month'} first: "
                f"they do not fit the marketplace's usual order"
            )
    lookup = dict(zip(uniques, _naive_midnight(parsed), strict=True))
    stamps = np.full(len(raw) + 1, np.datetime64("NaT"), dtype="datetime64[ns]")  # last = missing
    stamps[: len(raw)][~blank] = text[~blank].map(lookup).to_numpy(dtype="datetime64[ns]")
    out = result.to_numpy(copy=True)
    positions = result.index.get_indexer(rest.index) if rest is not values else slice(None)
    out[positions] = stamps[np.where(codes < 0, len(raw), codes)]
    return pd.Series(out, index=values.index, dtype="datetime64[ns]")


def month_end(stamps: pd.Series) -> pd.Series:
    """Last day of each stamp's month."""
    return stamps + pd.offsets.MonthEnd(0)


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]
