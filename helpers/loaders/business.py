"""Business Reports: "Detail Page Sales and Traffic By Child Item" and "Sales and Traffic by Date".

Three English header generations (2019 ``Sessions``/``Buy Box Percentage``; ``Sessions - Total``
with ``- B2B`` twins; 2024+ sentence case with en-dashes ``Sessions – Total``), German and Japanese
headers (amazon-reports.md §3). B2B twins are dropped. ``buy_box_pct`` and ``unit_session_pct`` are
kept as fractions; the session/page-view *shares* are dropped.

Sessions and page views belong to an ASIN's page and repeat on every SKU row of that (parent,
child) pair: use :func:`business_asin_totals` before adding them up. The by-child report carries no
dates; :func:`assign_ranges` recovers each file's period from the by-date report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers import columns as C
from helpers.loaders._registry import Column, ReportSpec, register

BR_COLUMNS = (
    Column(C.DATE, "date", "Date", ("date", "datum@de", "日付@ja")),
    Column(C.PARENT_ASIN, "text", "(Parent) ASIN", ("parentasin", "übergeordneteasin@de", "親asin@ja")),
    Column(C.CHILD_ASIN, "text", "(Child) ASIN", ("childasin", "untergeordneteasin@de", "子asin@ja")),
    Column(C.TITLE, "text", "Title", ("title", "titel@de", "タイトル@ja")),
    Column(C.SKU, "text", "SKU", ("sku",)),
    Column(
        C.SESSIONS,
        "number",
        "Sessions - Total",
        (
            "sessionstotal",
            "sessions",
            "sitzungensumme@de",
            "sitzungen@de",
            "セッション数合計@ja",
            "セッション数@ja",
        ),
    ),
    Column(
        C.PAGE_VIEWS,
        "number",
        "Page Views - Total",
        (
            "pageviewstotal",
            "pageviews",
            "seitenaufrufesumme@de",
            "seitenaufrufe@de",
            "ページビュー数合計@ja",
            "ページビュー数@ja",
        ),
    ),
    Column(
        C.BUY_BOX_PCT,
        "percent",
        "Featured Offer (Buy Box) Percentage",
        # German: no verified spelling in amazon-reports.md; the demo's bergwerk client writes this one
        (
            "featuredofferbuyboxpercentage",
            "buyboxpercentage",
            "featuredofferpercentage",
            "empfohlenesangebotbuyboxprozentsatz@de",
        ),
    ),
    Column(
        C.UNITS,
        "number",
        "Units Ordered",
        ("unitsordered", "bestellteeinheiten@de", "注文された商品点数@ja"),
    ),
    Column(
        C.UNIT_SESSION_PCT,
        "percent",
        "Unit Session Percentage",
        # German: unverified spelling (as written by the demo's bergwerk client)
        ("unitsessionpercentage", "prozentsatzeinheitenprositzung@de", "ユニットセッション率@ja"),
    ),
    Column(
        C.SALES,
        "money",
        "Ordered Product Sales",
        (
            "orderedproductsales",
            "grossproductsales",
            "durchbestellteprodukteerzielterumsatz@de",
            "注文商品の売上額@ja",
        ),
    ),
    Column(
        C.ORDER_ITEMS,
        "number",
        "Total Order Items",
        ("totalorderitems", "ordersplaced", "zahlderbestellposten@de", "注文品目総数@ja"),
    ),
    Column(C.SHIPPED_SALES, "money", "Shipped Product Sales", ("shippedproductsales",)),
    Column(C.UNITS_SHIPPED, "number", "Units Shipped", ("unitsshipped",)),
    Column(C.ORDERS_SHIPPED, "number", "Orders Shipped", ("ordersshipped",)),
)

ASIN_OUTPUT = (
    C.START_DATE, C.END_DATE, C.CURRENCY, C.PARENT_ASIN, C.CHILD_ASIN, C.SKU, C.TITLE, C.SESSIONS,
    C.PAGE_VIEWS, C.BUY_BOX_PCT, C.UNITS, C.UNIT_SESSION_PCT, C.SALES, C.ORDER_ITEMS, C.SOURCE,
)  # fmt: skip
DATE_OUTPUT = (
    C.START_DATE, C.END_DATE, C.CURRENCY, C.SESSIONS, C.PAGE_VIEWS, C.BUY_BOX_PCT, C.UNITS,
    C.UNIT_SESSION_PCT, C.SALES, C.ORDER_ITEMS, C.SHIPPED_SALES, C.UNITS_SHIPPED, C.ORDERS_SHIPPED, C.SOURCE,
)  # fmt: skip
RANGE_TOLERANCE = 0.005


def br_layout(ctx) -> str:
    raw = [h for h in ctx.table.headers if h]
    if any("–" in h for h in raw):
        return "br-2024"
    keys = set(ctx.match.keys.values())
    if any(h.casefold().rstrip().endswith("b2b") for h in raw) or "sessionstotal" in keys:
        return "br-b2b"
    return "br-2019"


def postprocess_asin(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    if ctx.table.period is None:  # a pulled Sales and Traffic report knows its period
        ctx.notes.append("by-child report has no dates: the range comes from assign_ranges()")
    return frame


def _granularity(days: pd.Series) -> str:
    unique = pd.Series(days.dropna().unique()).sort_values()
    if len(unique) < 2:
        return "day"
    steps = unique.diff().dropna()
    if (unique.dt.day == 1).all():
        months = unique.dt.year * 12 + unique.dt.month
        if (months.diff().dropna() == 1).all():
            return "month"
    if (steps == pd.Timedelta(days=7)).all():
        return "week"
    return "day"


def postprocess_date(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    frame = frame.copy()
    start = frame[C.DATE]
    grain = _granularity(start)
    frame[C.START_DATE] = start
    if grain == "month":
        frame[C.END_DATE] = start + pd.offsets.MonthEnd(0)
    elif grain == "week":
        frame[C.END_DATE] = start + pd.Timedelta(days=6)
    else:
        frame[C.END_DATE] = start
    if grain != "day":
        ctx.notes.append(f"one row per {grain}: each row covers the whole {grain}")
    return frame


def total_of(values: pd.Series | None) -> float | int | None:
    """A report total as the cache's JSON and ``inspect`` keep it: None without any value, rounded
    to 6 decimals, an int when whole."""
    if values is None:
        return None
    values = pd.to_numeric(values, errors="coerce")
    if values.notna().sum() == 0:
        return None
    total = round(float(values.sum()), 6)
    return int(total) if total.is_integer() else total


def business_asin_totals(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (parent ASIN, child ASIN, start_date, end_date, currency).

    Sessions and page views are the ASIN page's and repeat on each SKU row: they are taken once
    (the maximum of the repeats); units, sales and order items are summed over the SKU rows;
    ``buy_box_pct`` is the page's (first value) and ``unit_session_pct`` = units / sessions
    (NaN when sessions is 0 or blank). The input is not modified.

    >>> f = pd.DataFrame({"parent_asin": ["P", "P"], "child_asin": ["C", "C"], "sessions": [10.0, 10.0],
    ...                   "page_views": [12.0, 12.0], "units": [2.0, 1.0], "sales": [20.0, 10.0],
    ...                   "order_items": [2.0, 1.0]})
    >>> business_asin_totals(f)[["sessions", "units", "sales"]].values.tolist()
    [[10.0, 3.0, 30.0]]
    """
    work = frame.copy()
    for name in (C.START_DATE, C.END_DATE, C.CURRENCY, C.BUY_BOX_PCT, C.TITLE):
        if name not in work.columns:
            work[name] = np.nan
    keys = [C.PARENT_ASIN, C.CHILD_ASIN, C.START_DATE, C.END_DATE, C.CURRENCY]
    present = {c: c in work.columns for c in (C.SESSIONS, C.PAGE_VIEWS, C.UNITS, C.SALES, C.ORDER_ITEMS)}
    agg: dict[str, tuple[str, str]] = {C.TITLE: (C.TITLE, "first"), C.BUY_BOX_PCT: (C.BUY_BOX_PCT, "first")}
    for name in (C.SESSIONS, C.PAGE_VIEWS):
        if present[name]:
            agg[name] = (name, "max")
    summed = [name for name in (C.UNITS, C.SALES, C.ORDER_ITEMS) if present[name]]
    for name in summed:
        agg[name] = (name, "sum")
        agg[f"{name} (values)"] = (name, "count")  # grouped once with the sums
    grouped = work.groupby(keys, dropna=False, sort=True).agg(**agg).reset_index()
    # sums of all-blank groups stay blank
    for name in summed:
        grouped[name] = grouped[name].where(grouped.pop(f"{name} (values)").to_numpy() > 0)
    if present[C.SESSIONS] and present[C.UNITS]:
        sessions = grouped[C.SESSIONS].where(grouped[C.SESSIONS] > 0)
        grouped[C.UNIT_SESSION_PCT] = grouped[C.UNITS] / sessions
    return grouped


def business_asin_report_totals(frame: pd.DataFrame) -> dict:
    if frame.empty:
        return dict.fromkeys(C.BR_BASES)
    collapsed = business_asin_totals(frame)
    return {name: total_of(collapsed.get(name)) for name in C.BR_BASES}


def business_date_totals(frame: pd.DataFrame) -> dict:
    return {name: total_of(frame.get(name)) for name in C.BR_BASES}


# -- ranges of by-child files ---------------------------------------------------------------------


def _candidate_periods(by_date: pd.DataFrame) -> list[tuple[str, pd.Timestamp, pd.Timestamp]]:
    """Calendar months and quarters fully covered by the by-date rows, and the month to date."""
    rows = by_date.dropna(subset=[C.START_DATE, C.END_DATE])
    if rows.empty:
        return []
    covered: set[pd.Timestamp] = set()
    for start, end in zip(rows[C.START_DATE], rows[C.END_DATE], strict=True):
        covered.update(pd.date_range(start, end, freq="D"))
    first, last = min(covered), max(covered)
    periods = []
    for freq, label in (("MS", "month"), ("QS", "quarter")):
        for begin in pd.date_range(first - pd.offsets.QuarterBegin(startingMonth=1), last, freq=freq):
            end = begin + (pd.offsets.MonthEnd(0) if freq == "MS" else pd.offsets.QuarterEnd(0))
            days = pd.date_range(begin, end, freq="D")
            if all(d in covered for d in days):
                periods.append((label, begin, end))
    # a month-to-date download (the current month, up to the last day of the by-date report)
    month_begin = last - pd.offsets.MonthBegin(1) if last.day != 1 else last
    if last != month_begin + pd.offsets.MonthEnd(0) and all(d in covered for d in pd.date_range(month_begin, last)):
        periods.append(("month to date", month_begin, last))
    return periods


def _close(a: float, b: float) -> bool:
    if np.isnan(a) or np.isnan(b):
        return False
    return abs(a - b) <= RANGE_TOLERANCE * max(abs(a), abs(b)) or abs(a - b) < 0.01


def assign_ranges(asin_reports: Iterable, by_date_frame: pd.DataFrame) -> list:
    """Give each by-child Business Report the calendar period whose by-date totals it matches.

    For each report, units and sales are summed and compared with the by-date frame summed over
    every calendar month and quarter it fully covers; both must agree within 0.5 %. A report that
    matches exactly one period gets that range (frame ``start_date``/``end_date`` and ``start``/
    ``end``); none or several matches leave NaT and add a note. Reports are returned as new objects.
    """
    periods = _candidate_periods(by_date_frame) if not by_date_frame.empty else []
    sums = []
    for _, begin, end in periods:
        inside = by_date_frame[(by_date_frame[C.START_DATE] >= begin) & (by_date_frame[C.END_DATE] <= end)]
        sums.append((float(inside[C.UNITS].sum()), float(inside[C.SALES].sum())))
    out = []
    for report in asin_reports:
        units = float(pd.to_numeric(report.frame[C.UNITS], errors="coerce").sum())
        sales = float(pd.to_numeric(report.frame[C.SALES], errors="coerce").sum())
        hits = [
            period
            for period, (u, s) in zip(periods, sums, strict=True)
            if _close(units, u) and _close(sales, s)
        ]
        if len(hits) == 1:
            label, begin, end = hits[0]
            frame = report.frame.copy()
            frame[C.START_DATE] = begin
            frame[C.END_DATE] = end
            frame[C.START_DATE] = frame[C.START_DATE].astype("datetime64[ns]")
            frame[C.END_DATE] = frame[C.END_DATE].astype("datetime64[ns]")
            note = f"date range {begin.date()} to {end.date()} ({label}) matched from the by-date report"
            out.append(
                dataclasses.replace(
                    report, frame=frame, start=begin.date(), end=end.date(), notes=(*report.notes, note)
                )
            )
        else:
            why = (
                "no calendar month or quarter of the by-date report matches its units and sales"
                if not hits
                else "several periods match: " + ", ".join(f"{b.date()}..{e.date()}" for _, b, e in hits)
            )
            out.append(dataclasses.replace(report, notes=(*report.notes, f"date range unknown: {why}")))
    return out


BUSINESS_REPORT_ASIN = register(
    ReportSpec(
        name=C.BUSINESS_REPORT_ASIN,
        family="business",
        columns=BR_COLUMNS,
        fingerprint=(C.CHILD_ASIN, C.UNITS),
        required=(C.CHILD_ASIN, C.SESSIONS, C.UNITS, C.SALES),
        priority=50,
        output=ASIN_OUTPUT,
        postprocess=postprocess_asin,
        layout=br_layout,
        totals=business_asin_report_totals,
        description="Business Report, Detail Page Sales and Traffic by Child Item",
    )
)
BUSINESS_REPORT_DATE = register(
    ReportSpec(
        name=C.BUSINESS_REPORT_DATE,
        family="business",
        columns=BR_COLUMNS,
        fingerprint=(C.DATE, C.UNITS, C.SALES),
        excludes=(C.CHILD_ASIN,),
        required=(C.DATE, C.UNITS, C.SALES),
        priority=40,
        output=DATE_OUTPUT,
        postprocess=postprocess_date,
        layout=br_layout,
        totals=business_date_totals,
        description="Business Report, Sales and Traffic by Date",
    )
)
