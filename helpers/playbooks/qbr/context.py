"""The QBR's context: params, loaded exports and the quarters compared — the only QBR code that
reads files (:func:`prepare`), plus the daily frames every section starts from.

Where the numbers come from:

* **Total sales, units, sessions, Buy Box** — Business Report *by date* (daily rows summed over the
  quarter; Buy Box % weighted by page views). By-ASIN tables use the by-child-item report, whose
  sessions repeat on every SKU row of an ASIN and are counted once.
* **Advertising** — every ad type present (Sponsored Products, Sponsored Brands, Sponsored
  Display), each day of each type from one report (:meth:`helpers.loaders.ClientData.ad_days`: for
  Sponsored Products the campaign report, else targeting — it includes zero-click rows and every
  targeting type —, else advertised product, else placement, else search term). Search-term
  sections always use the search term report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.errors import MissingDataError
from helpers.periods import Quarter

#: Ad reports in the order the account totals prefer them.
AD_SOURCES = ("targeting", "advertised_products", "search_terms")


@dataclass
class QbrContext:
    """Everything the QBR sections need, loaded once."""

    params: Any
    data: Any  # helpers.loaders.ClientData
    quarter: Quarter
    previous: Quarter
    year_ago: Quarter
    last_day: date
    currency: str
    notes: list[str] = field(default_factory=list)
    client: str = ""
    #: calendar events in the client's marketplace (helpers.params.events.ScheduledEvent), date order
    events: tuple[Any, ...] = ()
    #: the records of last quarter's QBR (its .json) when it was built, else None
    previous_report: dict[str, Any] | None = None
    #: ad totals per day and ad type (helpers.loaders.AdDays), computed once
    ads: Any = None
    #: which days of the quarter each kind of report covers (ClientData.covered_days)
    coverage: pd.DataFrame | None = None
    #: the day the report is written for: due dates and "next" events are judged on it
    report_date: date | None = None

    @property
    def quarters(self) -> dict[str, Quarter]:
        return {"current": self.quarter, "previous": self.previous, "year_ago": self.year_ago}


def prepare(client: str, period: str = "", root: str | Path | None = None, *, skip_bad: bool = False,
            today: str = "") -> QbrContext:
    """Load params and exports, pick the quarter (``period``, else params, else the latest one whose
    days the exports cover at least 90 %). Exports in another currency than the params' are
    refused; an unreadable export stops the run unless ``skip_bad`` (then it is named in the notes).
    Account health pulled from Amazon (``make pull``) replaces the readings written in the params.
    ``today`` (YYYY-MM-DD; blank: the clock's date) is the report date; due dates and the events
    still to prepare are judged on it, never on a day already past."""
    from helpers.loaders import load_client
    from helpers.params import load_params
    from helpers.pull import with_pulled_health

    params = with_pulled_health(load_params(client, root or None), client, root or None)
    data = load_client(
        client, root or None, marketplace=params.marketplace, currency=params.currency, skip_bad=skip_bad
    )
    days = data.days()
    if days.empty:
        raise MissingDataError(
            f"data/{client}/ must contain a Business Report by date or a Sponsored Products report; "
            "found none (run `make inspect CLIENT=<client>` to see what was recognised)"
        )
    last_day = days.max().date()
    chosen = period or (params.period or "")
    notes = []
    try:
        quarter = Quarter.parse(chosen) if chosen else data.default_quarter()
    except MissingDataError:  # no quarter 90 % covered: the report covers the fullest one, and says so
        quarter, share = data.fullest_quarter()
        notes.append(f"No quarter is at least 90 % covered by the exports: the report covers {quarter.label}, "
                     f"the one with the most days of data ({share:.0%} of its days). Download the same reports for "
                     "the rest of it for a full quarterly review.")
    if quarter.start > last_day:
        raise MissingDataError(
            f"period {quarter.label} must start on or before the last day in the exports ({last_day}); "
            f"the latest covered quarter is {data.default_quarter().label}"
        )
    ctx = QbrContext(
        params, data, quarter, quarter.previous(), quarter.year_ago(), last_day, params.currency, client=client,
        events=_events(params.marketplace, root, client), previous_report=_previous_report(client, quarter, root),
    )
    ctx.ads = data.ad_days()
    ctx.report_date = max(last_day, date.fromisoformat(today) if today else date.today())
    ctx.coverage = data.covered_days(quarter.start, quarter.end)
    ctx.notes.extend([*notes, *getattr(data, "notes", [])])
    return ctx


def _events(marketplace: str, root: str | Path | None, client: str) -> tuple[Any, ...]:
    from helpers.params.events import load_calendar

    return tuple(load_calendar(root or None, client).scheduled(marketplace))


def _previous_report(client: str, quarter: Quarter, root: str | Path | None) -> dict[str, Any] | None:
    """Last quarter's QBR records (``reports/<client>/<previous quarter>/qbr.json``), None when absent
    or unreadable (a follow-up is a bonus, never a reason to fail)."""
    import json

    from helpers.paths import reports_dir

    path = reports_dir(client, root or None) / quarter.previous().label / "qbr.json"
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return loaded if isinstance(loaded, dict) else None


def health_snapshots(params: Any) -> pd.DataFrame:
    """The Account Health readings of the params (``account_health.snapshots``), one row per date."""
    rows = [s.model_dump() for s in params.account_health.snapshots]
    return pd.DataFrame(rows) if rows else pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]")})


# -- which exports each section needs ----------------------------------------------------------------
#: section -> (frames of ClientData any one of which feeds it, the download that fills it, the neutral
#: client sentence when none is there).
SECTION_NEEDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "sales": (
        ("business_date",),
        "Business Report 'Sales and Traffic by Date' (Seller Central > Reports > Business Reports), daily, "
        "covering this quarter, last quarter and the same quarter last year",
        "Sales data was not provided for this quarter.",
    ),
    "products": (
        ("business_asin",),
        "Business Report 'Detail Page Sales and Traffic by Child Item', one download per month of the quarter "
        "and of last quarter",
        "Sales by product were not provided for this quarter.",
    ),
    "advertising": (
        AD_SOURCES,
        "Sponsored Products targeting or advertised product report (Amazon Ads > Reports), daily",
        "Advertising data was not provided for this quarter.",
    ),
    "search_terms": (
        ("search_terms",),
        "Sponsored Products search term report (Amazon Ads > Reports), daily",
        "Search-term data was not provided for this quarter.",
    ),
    "stock": (
        ("advertised_products", "fba_inventory"),
        "Sponsored Products advertised product report (daily) or FBA inventory snapshots",
        "Stock data was not provided for this quarter.",
    ),
}


#: Sections whose tables are the quarter's: their exports must have rows dated in it. (Stock reads
#: the latest inventory snapshot too, whatever its day.)
QUARTER_SECTIONS = frozenset({"sales", "products", "advertising", "search_terms"})


def has(ctx: Any, section: str) -> bool:
    """Whether any export the section needs has rows (for :data:`QUARTER_SECTIONS`, rows dated in
    the report's quarter ``ctx.quarter``): a client whose ad reports cover another year than its
    Business Reports has no advertising this quarter, and its report says so instead of showing
    empty tables."""
    frames, _, _ = SECTION_NEEDS[section]
    quarter = getattr(ctx, "quarter", None) if section in QUARTER_SECTIONS else None
    return any(_has_rows(getattr(ctx.data, name, None), quarter) for name in frames)


def _has_rows(frame: pd.DataFrame | None, quarter: Quarter | None) -> bool:
    """Whether ``frame`` has rows, and with a ``quarter`` one whose days (``start_date`` to
    ``end_date``, else ``date``) meet it; an undated row is in no quarter."""
    if frame is None or frame.empty:
        return False
    if quarter is None:
        return True
    start = frame[c.START_DATE] if c.START_DATE in frame.columns else frame.get(c.DATE)
    if start is None:  # a frame without dates: its rows are the quarter's as much as any
        return True
    end = frame[c.END_DATE] if c.END_DATE in frame.columns else start
    starts, ends = pd.to_datetime(start), pd.to_datetime(end)
    return bool(((starts <= pd.Timestamp(quarter.end)) & (ends >= pd.Timestamp(quarter.start))).any())


def available(ctx: Any) -> dict[str, bool]:
    """Section -> whether its exports are there."""
    return {section: has(ctx, section) for section in SECTION_NEEDS}


def gap_sentence(section: str) -> str:
    """The one neutral client sentence for a section whose data was not provided."""
    return SECTION_NEEDS[section][2]


#: Why a vendor's report has no sales or products sections (said once, instead of the Seller Central
#: downloads a vendor account cannot make).
VENDOR_SALES_DOWNLOAD = (
    "Vendor Central Retail Analytics Sales report (Reports > Retail Analytics > Sales, viewed by ASIN), one "
    "download per month of this quarter, last quarter and the same quarter last year"
)
VENDOR_SALES_NOTE = (
    f"sales and products: no data; a vendor account has no Seller Central Business Reports: download the "
    f"{VENDOR_SALES_DOWNLOAD}."
)


def download_notes(ctx: Any, *, comparisons: dict[str, bool]) -> list[str]:
    """What the operator should download to fill the report: one line per section without data
    and per comparison quarter missing (``comparisons``: label -> covered)."""
    notes = []
    vendor = ctx.params.account_type == "vendor"
    vendor_gap = vendor and not any(
        _has_rows(getattr(ctx.data, name, None), None) for name in (*SECTION_NEEDS["sales"][0], *SECTION_NEEDS["products"][0])
    )
    if vendor_gap:
        notes.append(VENDOR_SALES_NOTE)
    for section, (frames, download, _) in SECTION_NEEDS.items():
        if has(ctx, section) or (vendor_gap and section in ("sales", "products")):
            continue
        if vendor and section in ("sales", "products"):  # a vendor's sales come from Vendor Central
            download = VENDOR_SALES_DOWNLOAD
        elsewhere = [getattr(ctx.data, name, None) for name in frames]
        if any(_has_rows(frame, None) for frame in elsewhere):  # rows, but none in the quarter
            notes.append(f"{section}: no rows dated in {ctx.quarter.label} (the exports cover other days); "
                         f"download the {download}.")
        else:
            notes.append(f"{section}: no data; download the {download}.")
    for label, covered in comparisons.items():
        if not covered:
            notes.append(f"{label} is not covered by the exports (under 90 % of its days): download the same "
                         "reports for it to compare against it.")
    if not len(ctx.params.account_health.snapshots) and not vendor:  # Seller Central's page: no vendor has one
        notes.append("account health: no readings; add dated Account Health readings to the client's params "
                     "(account_health.snapshots) to see ODR and the other limits in the risks.")
    return notes


# -- daily building blocks ---------------------------------------------------------------------------
def ad_source(ctx: Any) -> tuple[str, pd.DataFrame]:
    """The ad report used for account totals, and its rows (see module docstring for the order):
    the first with rows in the report's quarter, else the first with rows."""
    present = [(name, getattr(ctx.data, name)) for name in AD_SOURCES if _has_rows(getattr(ctx.data, name), None)]
    for name, frame in present:
        if _has_rows(frame, getattr(ctx, "quarter", None)):
            return name, frame
    if present:
        return present[0]
    return "none", pd.DataFrame(columns=[c.START_DATE, c.END_DATE, *c.AD_BASES])


def _ads(ctx: Any) -> Any:
    """The context's ad totals per day and type (any playbook's context: computed when it has none)."""
    ads = getattr(ctx, "ads", None)
    return ads if ads is not None else ctx.data.ad_days()


def ad_types(ctx: Any) -> tuple[str, ...]:
    """The ad types the account totals count (``SP``, ``SB``, ``SD``), in that order."""
    return tuple(_ads(ctx).ad_types)


def ad_daily(ctx: Any) -> pd.DataFrame:
    """Ad bases per day, every ad type counted once: date, impressions, clicks, spend, sales, orders,
    units and :data:`SPAN_DAYS` (see the module docstring for which report feeds each day). A
    summary export's row covers a range of days: it is kept, dated by its first day, for the
    quarters to sum; analyses of days take :func:`day_rows` only."""
    frame = _ads(ctx).daily
    span = (frame[c.END_DATE] - frame[c.START_DATE]).dt.days + 1
    keys = [frame[c.START_DATE].rename(c.DATE), span.rename(SPAN_DAYS)]
    out = frame.groupby(keys)[list(c.AD_BASES)].sum(min_count=1).reset_index()
    out[c.DATE] = pd.to_datetime(out[c.DATE])
    return out[[c.DATE, *c.AD_BASES, SPAN_DAYS]]


#: How many calendar days a row of :func:`business_daily` covers: 1 for a by-day download, 7 for a
#: week, 28-31 for a month.
SPAN_DAYS = "span_days"
BUSINESS_DAILY = [c.DATE, m.TOTAL_SALES, c.UNITS, c.SESSIONS, c.PAGE_VIEWS, c.ORDER_ITEMS, "buy_box_views", SPAN_DAYS]


def business_daily(ctx: Any) -> pd.DataFrame:
    """Business Report by date per ``date`` (each row's first day): total_sales, units, sessions,
    page_views, order_items, ``buy_box_views`` (page views × Buy Box %, so a period's Buy Box % is a
    weighted sum) and :data:`SPAN_DAYS`. A by-month or by-week download gives one row per month or
    week: quarters sum them, and analyses of days take :func:`day_rows` only."""
    frame = ctx.data.business_date
    if frame is None or frame.empty:
        empty = pd.DataFrame({col: pd.Series(dtype=float) for col in BUSINESS_DAILY})
        empty[c.DATE] = pd.Series(dtype="datetime64[ns]")
        return empty
    out = pd.DataFrame(
        {
            c.DATE: frame[c.START_DATE],
            m.TOTAL_SALES: frame[c.SALES],
            c.UNITS: frame[c.UNITS],
            c.SESSIONS: frame.get(c.SESSIONS),
            c.PAGE_VIEWS: frame.get(c.PAGE_VIEWS),
            c.ORDER_ITEMS: frame.get(c.ORDER_ITEMS),
            "buy_box_views": frame.get(c.BUY_BOX_PCT) * frame.get(c.PAGE_VIEWS)
            if c.BUY_BOX_PCT in frame and c.PAGE_VIEWS in frame
            else np.nan,
        }
    )
    span = (frame[c.END_DATE] - frame[c.START_DATE]).dt.days + 1 if c.END_DATE in frame else 1
    out[SPAN_DAYS] = pd.Series(span, index=frame.index, dtype=float).fillna(1).astype("int64")
    return out.groupby([c.DATE, SPAN_DAYS]).sum(min_count=1).reset_index()[BUSINESS_DAILY]


def day_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`business_daily` or :func:`ad_daily` that cover one day each: what an
    analysis of days (weekly trends, event uplift, daily baselines) may read. A by-month row is a
    month's sales, not a day's."""
    return frame[frame[SPAN_DAYS].eq(1).to_numpy()].drop(columns=SPAN_DAYS) if SPAN_DAYS in frame.columns else frame


def within(frame: pd.DataFrame, quarter: Quarter, column: str = c.DATE) -> pd.DataFrame:
    """Rows of ``frame`` whose ``column`` lies inside the quarter; a row of :data:`SPAN_DAYS` days
    only when all of them do (as :func:`quarter_ads` keeps an export's rows)."""
    days = frame[column]
    last = days + pd.to_timedelta(frame[SPAN_DAYS] - 1, unit="D") if SPAN_DAYS in frame.columns else days
    return frame[(days >= pd.Timestamp(quarter.start)) & (last <= pd.Timestamp(quarter.end))]


def quarter_ads(ctx: Any, quarter: Quarter | None = None, *, source: str | None = None) -> pd.DataFrame:
    """Rows of an ad report inside the quarter (a summary export's row when its whole range is)."""
    quarter = quarter or ctx.quarter
    frame = getattr(ctx.data, source) if source else ad_source(ctx)[1]
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[c.START_DATE, c.END_DATE, *c.AD_BASES])
    inside = ((frame[c.START_DATE] >= pd.Timestamp(quarter.start)) & (frame[c.END_DATE] <= pd.Timestamp(quarter.end))).to_numpy(dtype=bool)
    return _rows_where(frame, inside)


def _rows_where(frame: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """``frame[keep]``; a slice that shares the rows (no copy) when the kept rows are one run, as a
    quarter of a combined frame (sorted by date) usually is: a big account's million rows held once."""
    where = np.flatnonzero(keep)
    if len(where) and where[-1] - where[0] + 1 == len(where):
        return frame.iloc[where[0] : where[-1] + 1]
    return frame[keep]
