"""What moved and why, for the QBR's quarters: the shared drivers of
:mod:`helpers.measures.drivers` applied to this quarter, last quarter and last year's quarter.
Comparisons with a quarter the exports do not cover (the scorecard's value is blank) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.measures import drivers
from helpers.periods import Quarter
from helpers.playbooks.qbr.context import day_rows
from helpers.playbooks.qbr.display import short_titles
from helpers.playbooks.qbr.products import asin_quarter
from helpers.playbooks.qbr.scorecard import MIN_COVERAGE, card_value, coverage, period_totals

COMPARISONS = {"qoq": "previous", "yoy": "year_ago"}


@dataclass(frozen=True)
class Changes:
    """The drivers of the quarter (each may be empty)."""

    sales_change: dict[str, tuple[float, float]]  # "qoq"/"yoy" -> (sales now, sales then)
    bridges: dict[str, pd.DataFrame]  # "qoq"/"yoy" -> sales bridge by ASIN
    stock: pd.DataFrame  # stockout_losses this quarter
    events: pd.DataFrame  # event_uplift in each covered quarter
    event_gaps: dict[str, pd.DataFrame]  # "qoq"/"yoy" -> events in one of the two quarters only
    acos: drivers.AcosDrivers | None  # ACoS change QoQ
    health: pd.DataFrame  # health_trend


def _ad_totals(totals: pd.Series) -> dict[str, float]:
    return {"spend": totals["ad_spend"], "sales": totals["ad_sales"], "clicks": totals["clicks"],
            "orders": totals["ad_orders"]}


def what_moved(
    card: pd.DataFrame,
    biz: pd.DataFrame,
    ads: pd.DataFrame,
    *,
    quarters: dict[str, Quarter],
    business_asin: pd.DataFrame | None,
    advertised_products: pd.DataFrame | None,
    inventory: pd.DataFrame | None,
    events: tuple[Any, ...],
    health_snapshots: pd.DataFrame,
    ipi_threshold: float | None = None,
) -> Changes:
    """All drivers of the quarter ``quarters["current"]`` against the covered comparison quarters."""
    quarter = quarters["current"]
    covered = {comp: np.isfinite(card_value(card, "ad_spend", col)) or np.isfinite(card_value(card, m.TOTAL_SALES, col))
               for comp, col in COMPARISONS.items()}
    sales_change = {comp: (card_value(card, m.TOTAL_SALES), card_value(card, m.TOTAL_SALES, col))
                    for comp, col in COMPARISONS.items()}
    per_asin = {name: asin_quarter(business_asin, q) for name, q in quarters.items()}
    bridges = {comp: drivers.sales_bridge(per_asin["current"], per_asin[col])
               for comp, col in COMPARISONS.items() if covered[comp] and not per_asin[col].empty}
    # product names without the words every title starts with (the brand), as the ASIN table shows them
    bridges = {comp: b.assign(**{c.TITLE: short_titles(b[c.TITLE], 40)}) for comp, b in bridges.items()}
    clicks = {name: ad_clicks_by_asin(advertised_products, q) for name, q in quarters.items()}
    bridges = {comp: b.assign(ad_clicks_before=b[c.CHILD_ASIN].map(clicks[COMPARISONS[comp]]).astype(float),
                              ad_clicks_now=b[c.CHILD_ASIN].map(clicks["current"]).astype(float))
               for comp, b in bridges.items()}

    out = drivers.out_of_stock_days(start=quarter.start, end=quarter.end, inventory=inventory,
                                    ad_days=advertised_products)
    stock = drivers.stockout_losses(out, per_asin["current"], period_days=quarter.days,
                                    fallback_sales=per_asin["previous"], fallback_days=quarters["previous"].days)

    days = day_rows(biz)  # event days are days: a by-month row is a month's sales
    daily, value = (days, m.TOTAL_SALES) if not days.empty else (day_rows(ads).rename(columns={c.SALES: "ad_sales"}), "ad_sales")
    periods = {"current": (quarter.start, quarter.end)}
    for comp, col in COMPARISONS.items():
        if covered[comp]:
            periods[col] = (quarters[col].start, quarters[col].end)
    uplift = drivers.event_uplift(daily, events, periods, value=value)
    gaps = {comp: drivers.event_differences(uplift, "current", col) for comp, col in COMPARISONS.items() if covered[comp]}

    acos = None
    if covered["qoq"] and not ads.empty:
        now = period_totals(biz, ads, quarter)
        before = period_totals(biz, ads, quarters["previous"])
        acos = drivers.acos_drivers(_ad_totals(now), _ad_totals(before))
    health = drivers.health_trend(health_snapshots, ipi_threshold=ipi_threshold)
    return Changes(sales_change, bridges, stock, uplift, gaps, acos, health)


def ad_clicks_by_asin(advertised_products: pd.DataFrame | None, quarter: Quarter) -> pd.Series:
    """Sponsored Products clicks per advertised ASIN in ``quarter`` (0 for an ASIN not advertised
    then), from the advertised product report's rows wholly inside it; empty when the report does
    not cover at least :data:`~.scorecard.MIN_COVERAGE` of the quarter's days (a partial quarter's
    clicks would read as a fall). An ASIN missing from the result has no number (NaN when mapped).

    >>> rows = pd.DataFrame({"start_date": pd.date_range("2026-07-01", "2026-09-30"), "clicks": 1.0,
    ...                      "advertised_asin": "B0A"})
    >>> rows["end_date"] = rows["start_date"]
    >>> ad_clicks_by_asin(rows, Quarter(2026, 3)).to_dict(), len(ad_clicks_by_asin(rows.iloc[:40], Quarter(2026, 3)))
    ({'B0A': 92.0}, 0)
    """
    empty = pd.Series(dtype=float)
    if advertised_products is None or advertised_products.empty or c.ADVERTISED_ASIN not in advertised_products:
        return empty
    frame = advertised_products
    inside = ((frame[c.START_DATE] >= pd.Timestamp(quarter.start))
              & (frame[c.END_DATE] <= pd.Timestamp(quarter.end))).to_numpy(dtype=bool)
    rows = frame[inside]
    if rows.empty or coverage(rows[[c.START_DATE, c.END_DATE]], quarter) < MIN_COVERAGE:
        return empty
    return rows.groupby(c.ADVERTISED_ASIN, sort=False)[c.CLICKS].sum(min_count=1).fillna(0.0).astype(float)


NEXT_EVENT_COLUMNS = ["slug", "name", "kind", "start", "end", "key_date", "key_date_name", "last_year_extra"]


def next_events(events: tuple[Any, ...], biz: pd.DataFrame, *, quarter: Quarter, as_of: date) -> pd.DataFrame:
    """Calendar events of the quarter after ``quarter`` that have not begun by ``as_of`` (one under
    way is reviewed in its seasonal report, not prepared for), each with
    its next key date (deal deadline or inbound cutoff still ahead of ``as_of``, else blank) and
    the extra sales the same kind of event brought last year (NaN when not in the data)."""
    nxt = quarter.next()
    days = day_rows(biz)  # last year's event is measured on days, never on a by-month row
    rows = []
    for ev in events:
        if ev.start <= as_of or not (nxt.start <= ev.start <= nxt.end or nxt.start <= ev.end <= nxt.end):
            continue
        keys = {"deal deadline": ev.deal_deadline} if ev.deal_deadline else {}
        keys.update({f"inbound cutoff ({name.replace('_', ' ')})": day for name, day in ev.inbound_cutoffs.items()})
        ahead = sorted((day, name) for name, day in keys.items() if day and day >= as_of)
        key_day, key_name = ahead[0] if ahead else (None, "")
        last = [e for e in events if e.kind == ev.kind and ev.start - timedelta(days=400) < e.start < ev.start - timedelta(days=300)]
        extra = np.nan
        if last and not days.empty:
            ly = last[0]
            lq = Quarter.of(ly.start)
            up = drivers.event_uplift(days, [ly], {"ly": (lq.start, lq.end)})
            if len(up) and up["days"].iloc[0] > 0:
                extra = float(up["extra_sales"].iloc[0])
        rows.append({"slug": ev.slug, "name": ev.name, "kind": ev.kind, "start": ev.start, "end": ev.end,
                     "key_date": key_day, "key_date_name": key_name, "last_year_extra": extra})
    return pd.DataFrame(rows, columns=NEXT_EVENT_COLUMNS)
