"""Vendor Central Retail Analytics: the Sales report (amazon-reports.md §7).

Row 1 is the metadata banner (``Programme=[Retail]`` UK/IN, ``Program=[Retail]`` US, then
``Locale=[en_IN]``, ``Currency=[INR]``, ``Viewing Range=[01/07/26 - 31/07/26]``…); the header is
found below it by the shared header scan. Each row is one ASIN's totals over the Viewing Range,
whose dates follow the locale (``dd/mm/yy`` in the UK, India and the Emirates, ``m/d/yy`` in the
US; a 4-digit year also occurs): they become every row's ``start_date``/``end_date``. Ordered
revenue and units are what a vendor's customers bought (the ``sales`` and ``units`` a seller's
Business Report gives), shipped revenue, COGS and units what Amazon received and sold on; the
``- Prior Period (%)`` and ``- Same Period Last Year (%)`` columns are Amazon's own deltas and are
not read (Shelfbook compares periods itself). ``—`` or blank means "not reported", never 0.

A vendor's sales reach the playbooks through :func:`as_business_asin` (the products table) and
:func:`as_business_date` (one row per Viewing Range: the quarter's sales, at the span of a month or
a week; analyses of days leave such rows out).
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from helpers import columns as C
from helpers.loaders._registry import Column, ReportSpec, register
from helpers.loaders.business import total_of

VENDOR_SALES = "vendor_sales"
SHIPPED_COGS = "shipped_cogs"
CUSTOMER_RETURNS = "customer_returns"

VENDOR_SALES_COLUMNS = (
    Column(C.CHILD_ASIN, "text", "ASIN", ("asin",)),
    Column(C.TITLE, "text", "Product Title", ("producttitle",)),
    Column("brand", "text", "Brand", ("brand",)),
    Column(C.SALES, "money", "Ordered Revenue", ("orderedrevenue",)),
    Column(C.UNITS, "number", "Ordered Units", ("orderedunits",)),
    Column(C.SHIPPED_SALES, "money", "Shipped Revenue", ("shippedrevenue",)),
    Column(SHIPPED_COGS, "money", "Shipped COGS", ("shippedcogs",)),
    Column(C.UNITS_SHIPPED, "number", "Shipped Units", ("shippedunits",)),
    Column(CUSTOMER_RETURNS, "number", "Customer Returns", ("customerreturns",)),
)
VENDOR_OUTPUT = (
    C.START_DATE, C.END_DATE, C.CURRENCY, C.CHILD_ASIN, C.TITLE, "brand", C.SALES, C.UNITS, C.SHIPPED_SALES,
    SHIPPED_COGS, C.UNITS_SHIPPED, CUSTOMER_RETURNS,
)  # fmt: skip

_FIELD = r"{}\s*=\s*\[\s*([^\]]*?)\s*\]"
_DAY = r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})"
_RANGE = re.compile(rf"{_DAY}\s*-\s*{_DAY}")


def banner_field(banner: str, name: str) -> str | None:
    """One ``Name=[value]`` of the banner (``None`` when absent).

    >>> banner_field("Programme=[Retail],Locale=[en_IN],Viewing Range=[01/02/20 - 29/02/20]", "Viewing Range")
    '01/02/20 - 29/02/20'
    """
    found = re.search(_FIELD.format(re.escape(name).replace(r"\ ", r"\s*")), banner, re.IGNORECASE)
    return found.group(1) if found else None


def _day(day: str, month: str, year: str) -> dt.date:
    return dt.date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))


def viewing_range(text: str, *, dayfirst: bool) -> tuple[dt.date, dt.date] | None:
    """The Viewing Range's first and last day, read in the locale's order (``None`` when it is not
    two dates, or not two valid ones).

    >>> viewing_range("01/02/20 - 29/02/20", dayfirst=True)
    (datetime.date(2020, 2, 1), datetime.date(2020, 2, 29))
    >>> viewing_range("3/2/26 - 3/8/26", dayfirst=False)
    (datetime.date(2026, 3, 2), datetime.date(2026, 3, 8))
    """
    found = _RANGE.search(text)
    if not found:
        return None
    a, b, y1, c, d, y2 = found.groups()
    try:
        first, last = (_day(a, b, y1), _day(c, d, y2)) if dayfirst else (_day(b, a, y1), _day(d, c, y2))
    except ValueError:
        return None
    return (first, last) if first <= last else None


def postprocess_vendor_sales(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    banner = ctx.table.metadata_row
    locale = banner_field(banner, "Locale") or ""
    # the locale says the day order; without one, the marketplace's (ctx.dayfirst) decides
    dayfirst = not locale.lower().endswith(("_us", "_ca")) if locale else ctx.dayfirst
    text = banner_field(banner, "Viewing Range")
    days = viewing_range(text, dayfirst=dayfirst) if text else None
    if days is None:
        ctx.notes.append(
            "no Viewing Range in the banner row that reads as two dates"
            + (f" ({text!r})" if text else "")
            + ": its rows cannot be put in a quarter"
        )
        start = end = pd.NaT
    else:
        start, end = (pd.Timestamp(day) for day in days)
    frame = frame.copy()
    frame[C.START_DATE] = pd.Series(start, index=frame.index, dtype="datetime64[ns]")
    frame[C.END_DATE] = pd.Series(end, index=frame.index, dtype="datetime64[ns]")
    return frame


def vendor_sales_totals(frame: pd.DataFrame) -> dict:
    return {name: total_of(frame.get(name)) for name in (C.UNITS, C.SALES)}


VENDOR_SALES_SPEC = register(
    ReportSpec(
        name=VENDOR_SALES,
        family="business",
        columns=VENDOR_SALES_COLUMNS,
        fingerprint=(C.CHILD_ASIN, C.SALES, C.UNITS),
        required=(C.CHILD_ASIN, C.SALES, C.UNITS),
        priority=45,
        output=VENDOR_OUTPUT,
        postprocess=postprocess_vendor_sales,
        layout=lambda ctx: f"vc-sales-{ctx.table.kind}",
        totals=vendor_sales_totals,
        description="Vendor Central Retail Analytics, Sales report",
    )
)


def as_business_asin(vendor: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """The vendor's rows in the by-child Business Report's columns (``like``: an empty or full frame
    of them); what Vendor Central does not report (sessions, page views, Buy Box) stays blank."""
    return vendor.reindex(columns=like.columns).astype(like.dtypes.to_dict())


def as_business_date(vendor: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    """One row per Viewing Range of the vendor's rows (their ordered revenue and units summed), in
    the by-date Business Report's columns: a month's or week's sales at its span."""
    dated = vendor.dropna(subset=[C.START_DATE, C.END_DATE])
    sums = [name for name in (C.SALES, C.UNITS, C.SHIPPED_SALES, C.UNITS_SHIPPED) if name in like.columns]
    keys = [C.START_DATE, C.END_DATE, C.CURRENCY, C.SOURCE]
    grouped = dated.groupby(keys, dropna=False, sort=True)[sums].sum(min_count=1).reset_index()
    return grouped.reindex(columns=like.columns).astype(like.dtypes.to_dict())
