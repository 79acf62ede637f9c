"""Account totals per quarter, the KPI scorecard and the weekly trend.

Sections take the daily frames of :mod:`helpers.playbooks.qbr.context` (``business_daily`` and
``ad_daily``), never the context.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.periods import Quarter, days_of, quarter_coverage
from helpers.playbooks.qbr.context import SPAN_DAYS, day_rows, within

#: Below this share of a quarter's days, the quarter counts as missing (e.g. no data last year).
MIN_COVERAGE = 0.9

SCORECARD = [
    # (metric, label, format, direction)
    (m.TOTAL_SALES, "Total sales", "money", "higher"),
    (c.UNITS, "Units ordered", "count", "higher"),
    (c.SESSIONS, "Sessions", "count", "higher"),
    ("unit_session_pct", "Unit session %", "pct", "higher"),
    (c.BUY_BOX_PCT, "Buy Box %", "pct", "higher"),
    ("aov", "Average order value", "money2", "higher"),
    ("ad_spend", "Ad spend", "money", "neutral"),
    ("ad_sales", "Ad sales", "money", "higher"),
    ("acos", str(m.METRICS.at["acos", "label"]), "pct", "lower"),
    ("tacos", "TACoS", "pct", "lower"),
    ("roas", "ROAS", "ratio", "higher"),
    ("ctr", "CTR", "pct2", "higher"),
    ("cpc", "CPC", "money2", "lower"),
    ("cvr", "Ad conversion rate", "pct", "higher"),
]
SCORECARD_TABLE = pd.DataFrame(SCORECARD, columns=["metric", "label", "format", "direction"]).set_index("metric")
#: Scorecard rows that come from the Business Report; the rest come from the ad reports.
BUSINESS_METRICS = frozenset({m.TOTAL_SALES, c.UNITS, c.SESSIONS, "unit_session_pct", c.BUY_BOX_PCT, "aov", "tacos"})


def period_totals(biz: pd.DataFrame, ads: pd.DataFrame, quarter: Quarter) -> pd.Series:
    """Summed bases and the ratios computed from them for one quarter (NaN where undefined)."""
    biz = within(biz, quarter)
    ads = within(ads, quarter)
    b = biz.drop(columns=[c.DATE]).sum(min_count=1) if not biz.empty else pd.Series(dtype=float)
    a = ads.drop(columns=[c.DATE]).sum(min_count=1) if not ads.empty else pd.Series(dtype=float)

    def get_b(k: str) -> float:
        return float(b.get(k, np.nan))

    def get_a(k: str) -> float:
        return float(a.get(k, np.nan))

    total_sales = get_b(m.TOTAL_SALES)
    out = {
        m.TOTAL_SALES: total_sales,
        c.UNITS: get_b(c.UNITS),
        c.SESSIONS: get_b(c.SESSIONS),
        c.PAGE_VIEWS: get_b(c.PAGE_VIEWS),
        c.ORDER_ITEMS: get_b(c.ORDER_ITEMS),
        "unit_session_pct": m.unit_session_pct(get_b(c.UNITS), get_b(c.SESSIONS)),
        c.BUY_BOX_PCT: m.safe_div(get_b("buy_box_views"), get_b(c.PAGE_VIEWS)),
        "aov": m.aov(total_sales, get_b(c.ORDER_ITEMS)),
        "ad_spend": get_a(c.SPEND),
        "ad_sales": get_a(c.SALES),
        "impressions": get_a(c.IMPRESSIONS),
        "clicks": get_a(c.CLICKS),
        "ad_orders": get_a(c.ORDERS),
        "acos": m.acos(get_a(c.SPEND), get_a(c.SALES)),
        "tacos": m.tacos(get_a(c.SPEND), total_sales),
        "roas": m.roas(get_a(c.SALES), get_a(c.SPEND)),
        "ctr": m.ctr(get_a(c.CLICKS), get_a(c.IMPRESSIONS)),
        "cpc": m.cpc(get_a(c.SPEND), get_a(c.CLICKS)),
        "cvr": m.cvr(get_a(c.ORDERS), get_a(c.CLICKS)),
        "ad_share": m.ad_share(get_a(c.SALES), total_sales),
    }
    return pd.Series(out, name=quarter.label, dtype=float)


def coverage(days: pd.Series | pd.DataFrame, quarter: Quarter) -> float:
    """Share of the quarter's days present in ``days`` (dates, or a frame of day ranges)."""
    return float(quarter_coverage(days, quarter))


def _ranges(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows``' days as ranges: each row from its date over its :data:`SPAN_DAYS` (one day without)."""
    span = rows[SPAN_DAYS] if SPAN_DAYS in rows.columns else 1
    return pd.DataFrame({c.START_DATE: rows[c.DATE], c.END_DATE: rows[c.DATE] + pd.to_timedelta(span - 1, unit="D")})


def coverage_days(biz: pd.DataFrame, ads: pd.DataFrame) -> pd.DataFrame:
    """The days that count for coverage, as ranges (a by-month row covers its month): the Business
    Report's, else the ad reports'."""
    return _ranges(biz if not biz.empty else ads)


def scorecard(biz: pd.DataFrame, ads: pd.DataFrame, quarters: dict[str, Quarter]) -> pd.DataFrame:
    """KPI scorecard: this quarter vs last quarter vs the same quarter last year.

    Columns: label, format, direction, current, previous, qoq, year_ago, yoy and ``change_kind``
    (relative change for amounts and money ratios; percentage points for percentages). A quarter
    with less than 90 % of its days in the data is treated as missing (its columns are NaN).
    """
    days = coverage_days(biz, ads)
    totals = {}
    for name, quarter in quarters.items():
        t = period_totals(biz, ads, quarter)
        if name != "current" and coverage(days, quarter) < MIN_COVERAGE:
            t = t * np.nan
        totals[name] = t
    card = SCORECARD_TABLE.copy()
    card["current"] = totals["current"].reindex(card.index)
    card["previous"] = totals["previous"].reindex(card.index)
    card["year_ago"] = totals["year_ago"].reindex(card.index)
    is_points = card["format"].isin(["pct", "pct2"])
    card["change_kind"] = np.where(is_points, "pts", "pct")
    rel_qoq = m.relative_change(card["current"], card["previous"])
    rel_yoy = m.relative_change(card["current"], card["year_ago"])
    card["qoq"] = np.where(is_points, m.point_change(card["current"], card["previous"]), rel_qoq)
    card["yoy"] = np.where(is_points, m.point_change(card["current"], card["year_ago"]), rel_yoy)
    return card.reset_index()


def year_ago_missing(card: pd.DataFrame) -> bool:
    return bool(card.loc[card["metric"] == m.TOTAL_SALES, "year_ago"].isna().all())


def card_value(card: pd.DataFrame, metric: str, column: str = "current") -> float:
    """One cell of the scorecard (NaN when the metric is not there)."""
    found = card.loc[card["metric"] == metric, column]
    return float(found.iloc[0]) if len(found) else np.nan


def sales_days(coverage: pd.DataFrame | None) -> tuple[int, int] | None:
    """(days the sales data covers, days in the quarter) from a quarter's
    :meth:`~helpers.loaders.ClientData.covered_days` table; None without sales data.

    >>> sales_days(pd.DataFrame({"kind": ["SP", "business_date"], "covered": [91, 29], "days": [91, 91]}))
    (29, 91)
    """
    if coverage is None or coverage.empty:
        return None
    row = coverage[coverage["kind"] == "business_date"]
    return (int(row["covered"].iloc[0]), int(row["days"].iloc[0])) if len(row) else None


def weekly(biz: pd.DataFrame, ads: pd.DataFrame, quarter: Quarter, *, quarters: int = 5) -> pd.DataFrame:
    """Weekly (Monday) totals over the last ``quarters`` quarters: total_sales, ad spend, ad sales,
    sessions, units and TACoS from the summed week. Only full weeks (7 days in the data) that no
    row of several days (a by-month or summary export's) touches: its money cannot be put on
    days, and a week without it would look like a drop."""
    start = pd.Timestamp(quarter.start) - pd.DateOffset(months=3 * (quarters - 1))
    end = pd.Timestamp(quarter.end)
    ranges = [_ranges(rows[rows[SPAN_DAYS].gt(1)]) for rows in (biz, ads) if SPAN_DAYS in rows]
    spread = days_of(pd.concat(ranges)) if ranges else pd.DatetimeIndex([])
    biz, ads = day_rows(biz), day_rows(ads).rename(columns={c.SPEND: "ad_spend", c.SALES: "ad_sales"})
    merged = biz.merge(ads[[c.DATE, "ad_spend", "ad_sales"]], on=c.DATE, how="outer")
    merged = merged[(merged[c.DATE] >= start) & (merged[c.DATE] <= end)]
    merged["week"] = merged[c.DATE] - pd.to_timedelta(merged[c.DATE].dt.day_of_week, unit="D")
    counts = merged.groupby("week")[c.DATE].nunique()
    value_cols = [m.TOTAL_SALES, "ad_spend", "ad_sales", c.SESSIONS, c.UNITS]
    merged[value_cols] = merged[value_cols].astype(float)
    weeks = merged.groupby("week")[value_cols].sum(min_count=1)
    weeks = weeks[counts.reindex(weeks.index) == 7]  # partial weeks would look like drops
    weeks = weeks[~weeks.index.isin(spread - pd.to_timedelta(spread.day_of_week, unit="D"))]
    weeks["tacos"] = m.tacos(weeks["ad_spend"], weeks[m.TOTAL_SALES])
    weeks["acos"] = m.acos(weeks["ad_spend"], weeks["ad_sales"])
    return weeks.reset_index()
