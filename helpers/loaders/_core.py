"""The pipeline shared by every report type: read, recognise, decide per-file conventions, convert.

Per file, once: the report type (from headers), the currency, whether numbers use a decimal comma
and whether numeric dates are day-first. Then every canonical column is converted by its kind
(text, id, number, money, percent, date, daterange) and the spec's post-processing runs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.columns import CURRENCY, DATE, END_DATE, SOURCE, START_DATE
from helpers.errors import InputFileError, UnknownReportError
from helpers.loaders._read import (
    VENDOR_BANNER,
    RawTable,
    ReadLimits,
    UnrecognisedFileError,
    read_table,
    unsupported_vendor_report,
)
from helpers.loaders._registry import REGISTRY, HeaderMatch, ReportSpec, detect, match_headers, row_score
from helpers.loaders._values import (
    DECIMAL_COMMA_MARKETPLACES,
    MARKETPLACE_CURRENCY,
    MONTH_FIRST_CURRENCIES,
    TEXT,
    canonical_header,
    constant_text,
    header_currency,
    looks_decimal_comma,
    money_symbols,
    parse_date,
    parse_id,
    parse_number,
    parse_text,
    quote,
    symbol_currency,
)

LANGUAGE_NAMES = {"de": "German", "ja": "Japanese", "fr": "French", "it": "Italian", "es": "Spanish"}


@dataclass
class FileContext:
    """What is known about one file while it is being normalised."""

    path: Path
    table: RawTable
    match: HeaderMatch
    marketplace: str | None
    language: str = "en"
    currency: str | None = None
    decimal_comma: bool = False
    dayfirst: bool = False
    window: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def spec(self) -> ReportSpec:
        return self.match.spec

    def header(self, canonical: str) -> str:
        """The file's own header for a canonical column (for messages, so cut to 80 characters)."""
        header = self.table.headers[self.match.positions[canonical]]
        return header if len(header) <= 80 else header[:77] + "…"

    def has(self, canonical: str) -> bool:
        return canonical in self.match.positions

    def raw(self, canonical: str) -> pd.Series:
        position = self.match.positions[canonical]
        if position in self.table.data.columns:
            return self.table.data[position]
        return pd.Series(np.nan, index=self.table.data.index, dtype=object)

    def parse_date(self, values: pd.Series, canonical: str) -> pd.Series:
        return parse_date(
            values,
            column=self.header(canonical),
            dayfirst=self.dayfirst,
            path=self.path,
            first_data_row=self.table.first_data_row,
            notes=self.notes,
        )


#: Canonical counts and amounts that are never negative in an Amazon export: a negative value is a
#: damaged or hand-edited file, refused rather than summed.
NON_NEGATIVE = frozenset({
    "impressions", "clicks", "spend", "sales", "orders", "units", "adv_sku_sales", "other_sku_sales",
    "adv_sku_units", "other_sku_units", "sessions", "page_views", "order_items", "shipped_sales",
    "units_shipped", "orders_shipped", "viewable_impressions", "sales_click", "orders_click", "units_click",
})  # fmt: skip


_KIND_DTYPES = {
    "text": TEXT, "id": TEXT, "daterange": TEXT, "date": "datetime64[ns]", "number": "float64",
    "money": "float64", "percent": "float64",
}  # fmt: skip


def kind_dtype(spec: ReportSpec, name: str) -> object:
    """The dtype a canonical column of ``spec`` has in a loaded frame (text, dates, float64)."""
    if name in (CURRENCY, SOURCE):
        return TEXT
    if name in (START_DATE, END_DATE):
        return "datetime64[ns]"
    kind = next((c.kind for c in spec.columns if c.name == name), "number")
    return _KIND_DTYPES[kind]


def _refuse_duplicates(path: Path, headers: list[str], match: HeaderMatch) -> None:
    """A header that feeds a canonical column must appear once: with two ``Spend`` columns
    nobody can say which one Amazon meant."""
    seen: dict[str, int] = {}
    for header in headers:
        key = canonical_header(header)
        if key:
            seen[key] = seen.get(key, 0) + 1
    for canonical, key in match.keys.items():
        if seen.get(key, 0) > 1:
            header = headers[match.positions[canonical]]
            raise UnknownReportError(
                f"column {quote(header)} must appear once; got it {seen[key]} times", path=path
            )


def _refuse_negative(values: pd.Series, header: str, ctx: FileContext) -> None:
    """Counts and amounts must be finite and not negative (``-7`` clicks, ``1e400`` spend)."""
    negative = ((values < 0) | np.isinf(values)).to_numpy()
    if negative.any():
        position = int(np.flatnonzero(negative)[0])
        raise InputFileError(
            f"column {quote(header)} must be a finite number, zero or more; got {values.iloc[position]:g}",
            path=ctx.path,
            row=int(values.index[position]) + ctx.table.first_data_row,
        )


def _drop_blank_rows(data: pd.DataFrame) -> pd.DataFrame:
    if data.empty:
        return data
    # only rows blank in the first column can be blank everywhere: check the rest on those alone
    maybe = parse_text(data.iloc[:, 0]).isna().to_numpy()  # blank: missing or only spaces
    if not maybe.any():
        return data
    blank = data[maybe].apply(parse_text).isna()
    drop = np.zeros(len(data), dtype=bool)
    drop[np.flatnonzero(maybe)[blank.all(axis=1).to_numpy()]] = True
    return data[~drop]


def _decide_currency(ctx: FileContext) -> None:
    spec, notes = ctx.spec, ctx.notes
    candidates: list[tuple[str, str]] = []
    if ctx.has(CURRENCY):
        distinct = pd.Series(parse_text(ctx.raw(CURRENCY)).unique(), dtype="str").dropna()
        values = distinct.str.upper().unique()
        if len(values) == 1:
            candidates.append((str(values[0]), "Currency column"))
        elif len(values) > 1:
            shown = ", ".join(quote(v, 12) for v in sorted(map(str, values))[:5])
            notes.append(f"several currencies in one file: {shown}{' …' if len(values) > 5 else ''}")
            ctx.currency = None
            return
    found = header_currency(ctx.table.headers, ctx.marketplace)
    if found:
        candidates.append((found, "headers"))
    symbols: set[str] = set()
    for column in spec.columns:
        if column.kind == "money" and ctx.has(column.name):
            symbols |= money_symbols(ctx.raw(column.name))
    codes = {c for c in (symbol_currency(s, ctx.marketplace) for s in symbols) if c}
    if len(codes) == 1:
        candidates.append((codes.pop(), "value prefix"))
    elif len(codes) > 1:
        notes.append(f"money values carry several currency symbols: {', '.join(sorted(symbols))}")
    if ctx.marketplace:
        candidates.append((MARKETPLACE_CURRENCY[ctx.marketplace], "marketplace"))
    if candidates:
        ctx.currency = candidates[0][0]
        disagree = {c for c, _ in candidates} - {ctx.currency}
        if disagree:
            notes.append(
                f"currency {ctx.currency} (from {candidates[0][1]}) differs from "
                + ", ".join(f"{c} ({why})" for c, why in candidates[1:] if c != ctx.currency)
            )


def _decide_decimal_comma(ctx: FileContext) -> None:
    """Once per file: delimiter, header language, value style, then marketplace."""
    if ctx.table.kind != "csv":
        ctx.decimal_comma = False
        return
    money = [c.name for c in ctx.spec.columns if c.kind in ("money", "number", "percent") and ctx.has(c.name)]
    suffix_style = any(looks_decimal_comma(ctx.raw(name).head(500)) for name in money)
    if ctx.table.delimiter == ";" or ctx.language in ("de", "fr", "it", "es") or suffix_style:
        ctx.decimal_comma = True
    elif ctx.match.languages or ctx.table.delimiter in (",", "\t"):
        ctx.decimal_comma = bool(ctx.marketplace in DECIMAL_COMMA_MARKETPLACES and ctx.table.delimiter != ",")
    else:
        ctx.decimal_comma = ctx.marketplace in DECIMAL_COMMA_MARKETPLACES
    if ctx.decimal_comma:
        ctx.notes.append("numbers read with a decimal comma (1.234,56)")


def _decide_dayfirst(ctx: FileContext) -> None:
    """Once per file: numeric dates are month-first only for US/CA marketplaces or currencies."""
    currency = MARKETPLACE_CURRENCY[ctx.marketplace] if ctx.marketplace else ctx.currency
    if currency:
        ctx.dayfirst = currency not in MONTH_FIRST_CURRENCIES
    else:
        ctx.dayfirst = ctx.language != "en"


def convert_columns(ctx: FileContext) -> pd.DataFrame:
    """Every matched canonical column converted according to its kind."""
    data = ctx.table.data
    out: dict[str, pd.Series] = {}
    common = {"path": ctx.path, "first_data_row": ctx.table.first_data_row}
    daily = ctx.has(DATE) and ctx.spec.family == "ads"
    for column in ctx.spec.columns:
        if not ctx.has(column.name):
            continue
        if daily and column.name in (START_DATE, END_DATE):
            continue  # a campaign report's Start/End Date are the campaign's, the row's day is Date
        raw = ctx.raw(column.name)
        header = ctx.header(column.name)
        if column.kind == "text":
            out[column.name] = parse_text(raw)
        elif column.kind == "id":
            out[column.name] = parse_id(raw)
        elif column.kind in ("number", "money"):
            out[column.name] = parse_number(raw, column=header, decimal_comma=ctx.decimal_comma, **common)
            if column.name in NON_NEGATIVE:
                _refuse_negative(out[column.name], header, ctx)
        elif column.kind == "percent":
            out[column.name] = parse_number(
                raw, column=header, decimal_comma=ctx.decimal_comma, percent=True, **common
            )
        elif column.kind == "date":
            out[column.name] = ctx.parse_date(raw, column.name)
        elif column.kind == "daterange":
            out[column.name] = parse_text(raw)
    # one frame from all columns at once (inserting a million-row column at a time copies)
    return pd.DataFrame(out, index=data.index, copy=False)


def normalise_file(
    path: Path, *, marketplace: str | None = None, limits: ReadLimits | None = None
) -> tuple[pd.DataFrame, FileContext, str]:
    """Read one file and return its canonical frame, its context and its layout name."""
    table = read_table(path, row_score, limits)
    if table.report is not None:  # the format named the report type (a pulled API file)
        match = match_headers(REGISTRY[table.report], [canonical_header(h) for h in table.headers])
    else:
        match = detect(table.headers)
    if match is None:
        banner = table.metadata_row
        if VENDOR_BANNER.match(banner):  # a Vendor Central report Shelfbook does not read (Traffic, Inventory…)
            raise unsupported_vendor_report(path, banner)
        raise UnrecognisedFileError(
            "unknown report layout; headers start "
            + ", ".join(quote(h, 40) for h in [h for h in table.headers if h][:6]),
            path=path,
        )
    _refuse_duplicates(path, table.headers, match)
    missing = match.missing()
    if missing:
        raise UnknownReportError(f"missing column {missing[0]!r} for {match.spec.name}", path=path)
    table.data = _drop_blank_rows(table.data)
    languages = match.languages - {"en"}
    ctx = FileContext(path=path, table=table, match=match, marketplace=marketplace)
    ctx.language = sorted(languages)[0] if languages else "en"
    if ctx.language != "en":
        ctx.notes.append(f"headers in {LANGUAGE_NAMES.get(ctx.language, ctx.language)}")
    _decide_currency(ctx)
    _decide_decimal_comma(ctx)
    _decide_dayfirst(ctx)
    frame = convert_columns(ctx)
    spec = match.spec
    if spec.postprocess is not None:
        frame = spec.postprocess(frame, ctx)
    if table.period is not None:
        frame[START_DATE], frame[END_DATE] = (pd.Timestamp(day) for day in table.period)
    if CURRENCY in frame.columns:
        frame[CURRENCY] = frame[CURRENCY].astype("str")
    else:
        frame[CURRENCY] = constant_text(ctx.currency or None, frame.index)
    for name in (START_DATE, END_DATE):
        if name not in frame.columns:
            frame[name] = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    frame[SOURCE] = constant_text(path.name, frame.index)
    for name in spec.output:
        if name not in frame.columns:
            dtype = kind_dtype(spec, name)
            frame[name] = (
                constant_text(None, frame.index)
                if dtype is TEXT
                else pd.Series(np.nan, index=frame.index, dtype=dtype)
            )
    if frame.empty:  # a header-only ("no data") download: the dtypes of a full frame
        declared = {c.name for c in spec.columns} | {CURRENCY, SOURCE, START_DATE, END_DATE}
        frame = frame.astype({name: kind_dtype(spec, name) for name in frame.columns if name in declared})
    columns = list(spec.output) + ([SOURCE] if SOURCE not in spec.output else [])
    frame = frame[columns].reset_index(drop=True)
    layout = spec.layout(ctx) if spec.layout else table.kind
    return frame, ctx, layout
