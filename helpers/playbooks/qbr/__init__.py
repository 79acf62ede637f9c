"""The quarterly business review, section by section.

Each function takes the :class:`QbrContext` (params, loaded exports and the quarters being compared)
and returns a DataFrame or a list of sentences; the notebook shows them. Nothing here prints, draws
or reads files except :func:`prepare`.

Where the numbers come from:

* **Total sales, units, sessions, Buy Box** — Business Report *by date* (daily rows summed over the
  quarter; Buy Box % weighted by page views). By-ASIN tables use the by-child-item report, whose
  sessions repeat on every SKU row of an ASIN and are counted once.
* **Advertising** — the Sponsored Products targeting report when present (it includes zero-click
  rows and every targeting type), else the advertised product report, else the search term report.
  Search-term sections always use the search term report.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.errors import MissingDataError
from helpers.measures.search_terms import AUTO_TARGETS, classify_terms
from helpers.periods import Quarter, latest_full_quarter, quarter_coverage
from helpers.present.formatting import money, pct, pts

#: Below this share of a quarter's days, the quarter counts as missing (e.g. no data last year).
MIN_COVERAGE = 0.9


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

    @property
    def quarters(self) -> dict[str, Quarter]:
        return {"current": self.quarter, "previous": self.previous, "year_ago": self.year_ago}


# -- loading --------------------------------------------------------------------------------------
def prepare(client: str, period: str = "", root: str | Path | None = None) -> QbrContext:
    """Load params and exports, pick the quarter (``period``, else params, else the latest full one)."""
    from helpers.loaders import load_client
    from helpers.params import load_params

    params = load_params(client, root or None)
    data = load_client(client, root or None, marketplace=params.marketplace)
    days = data.days()
    if days.empty:
        raise MissingDataError(
            f"data/{client}/ must contain a Business Report by date or a Sponsored Products report; "
            "found none (run `python -m helpers inspect data/<client>` to see what was recognised)"
        )
    last_day = days.max().date()
    chosen = period or (params.period or "")
    quarter = Quarter.parse(chosen) if chosen else latest_full_quarter(last_day)
    if quarter.end > last_day:
        raise MissingDataError(
            f"period {quarter.label} must end on or before the last day in the exports ({last_day}); "
            f"the latest full quarter is {latest_full_quarter(last_day).label}"
        )
    ctx = QbrContext(params, data, quarter, quarter.previous(), quarter.year_ago(), last_day, params.currency)
    ctx.notes.extend(getattr(data, "notes", []))
    return ctx


# -- daily building blocks ---------------------------------------------------------------------------
def ad_source(ctx: QbrContext) -> tuple[str, pd.DataFrame]:
    """The ad report used for account totals, and its rows (see module docstring for the order)."""
    for name in ("targeting", "advertised_products", "search_terms"):
        frame = getattr(ctx.data, name)
        if frame is not None and not frame.empty:
            return name, frame
    return "none", pd.DataFrame(columns=[c.START_DATE, c.END_DATE, *c.AD_BASES])


def ad_daily(ctx: QbrContext) -> pd.DataFrame:
    """Ad bases per day: date, impressions, clicks, spend, sales, orders, units."""
    _, frame = ad_source(ctx)
    daily = frame[frame[c.START_DATE] == frame[c.END_DATE]]
    return (
        daily.groupby(c.START_DATE)[list(c.AD_BASES)].sum(min_count=1).rename_axis(c.DATE).reset_index()
    )


def business_daily(ctx: QbrContext) -> pd.DataFrame:
    """Business Report by date per day: total_sales, units, sessions, page_views, order_items and
    ``buy_box_views`` (page views × Buy Box %, so a period's Buy Box % is a weighted sum)."""
    frame = ctx.data.business_date
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[c.DATE, m.TOTAL_SALES, c.UNITS, c.SESSIONS, c.PAGE_VIEWS, c.ORDER_ITEMS])
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
    return out.groupby(c.DATE).sum(min_count=1).reset_index()


def _in(frame: pd.DataFrame, quarter: Quarter, column: str = c.DATE) -> pd.DataFrame:
    days = frame[column]
    return frame[(days >= pd.Timestamp(quarter.start)) & (days <= pd.Timestamp(quarter.end))]


# -- totals and scorecard ----------------------------------------------------------------------------
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
    ("acos", "ACoS", "pct", "lower"),
    ("tacos", "TACoS", "pct", "lower"),
    ("roas", "ROAS", "ratio", "higher"),
    ("ctr", "CTR", "pct2", "higher"),
    ("cpc", "CPC", "money2", "lower"),
    ("cvr", "Ad conversion rate", "pct", "higher"),
]
SCORECARD_TABLE = pd.DataFrame(SCORECARD, columns=["metric", "label", "format", "direction"]).set_index("metric")


def period_totals(ctx: QbrContext, quarter: Quarter) -> pd.Series:
    """Summed bases and the ratios computed from them for one quarter (NaN where undefined)."""
    biz = _in(business_daily(ctx), quarter)
    ads = _in(ad_daily(ctx), quarter)
    b = biz.drop(columns=[c.DATE]).sum(min_count=1) if not biz.empty else pd.Series(dtype=float)
    a = ads.drop(columns=[c.DATE]).sum(min_count=1) if not ads.empty else pd.Series(dtype=float)
    get_b = lambda k: float(b.get(k, np.nan))  # noqa: E731
    get_a = lambda k: float(a.get(k, np.nan))  # noqa: E731
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


def coverage(ctx: QbrContext, quarter: Quarter) -> float:
    """Share of the quarter's days present in the Business Report by date (else the ad report)."""
    biz = business_daily(ctx)
    days = biz[c.DATE] if not biz.empty else ad_daily(ctx)[c.DATE]
    return float(quarter_coverage(days, quarter))


def scorecard(ctx: QbrContext) -> pd.DataFrame:
    """KPI scorecard: this quarter vs last quarter vs the same quarter last year.

    Columns: label, format, direction, current, previous, qoq, year_ago, yoy and ``change_kind``
    (relative change for amounts and money ratios; percentage points for percentages). A quarter
    with less than 90 % of its days in the data is treated as missing (its columns are NaN).
    """
    totals = {}
    for name, quarter in ctx.quarters.items():
        t = period_totals(ctx, quarter)
        if name != "current" and coverage(ctx, quarter) < MIN_COVERAGE:
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


def scorecard_display(card: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The scorecard as text cells (formatted per metric), ready for :func:`helpers.present.tables.show`."""
    from helpers.present.formatting import formatter

    rows = []
    for row in card.itertuples(index=False):
        value = formatter(row.format, currency)
        change = formatter(("pts2" if row.format == "pct2" else "pts") if row.change_kind == "pts" else "pct_signed")
        rows.append(
            {
                "KPI": row.label,
                "This quarter": value(row.current),
                "Last quarter": value(row.previous),
                "QoQ": change(row.qoq),
                "Last year": value(row.year_ago),
                "YoY": change(row.yoy),
            }
        )
    return pd.DataFrame(rows)


SCORECARD_NUMERIC = ["This quarter", "Last quarter", "QoQ", "Last year", "YoY"]


def scorecard_classes(card: pd.DataFrame) -> dict[str, list[str | None]]:
    """good/bad css class per row for the QoQ and YoY cells, by each metric's direction."""

    def classify(change: float, direction: str) -> str | None:
        if direction == "neutral" or not _num(change) or change == 0:
            return None
        return "good" if (change > 0) == (direction == "higher") else "bad"

    return {
        label: [classify(ch, d) for ch, d in zip(card[col], card["direction"], strict=True)]
        for label, col in (("QoQ", "qoq"), ("YoY", "yoy"))
    }


def year_ago_missing(card: pd.DataFrame) -> bool:
    return bool(card.loc[card["metric"] == m.TOTAL_SALES, "year_ago"].isna().all())


# -- narrative ---------------------------------------------------------------------------------------
def _card_value(card: pd.DataFrame, metric: str, column: str) -> float:
    found = card.loc[card["metric"] == metric, column]
    return float(found.iloc[0]) if len(found) else np.nan


def headlines(ctx: QbrContext, card: pd.DataFrame, asins: pd.DataFrame | None = None) -> list[str]:
    """3–5 generated headline sentences, each carrying its number."""
    cur = ctx.currency
    v = lambda metric, col="current": _card_value(card, metric, col)  # noqa: E731
    lines = []
    sales, qoq = v(m.TOTAL_SALES), v(m.TOTAL_SALES, "qoq")
    tacos_change = v("tacos", "qoq")
    if not np.isnan(qoq):
        verb = "rose" if qoq >= 0 else "fell"
        tail = ""
        if not np.isnan(tacos_change):
            tail = f" while TACoS {'fell' if tacos_change < 0 else 'rose'} {abs(tacos_change) * 100:.1f} pts to {pct(v('tacos'))}"
        lines.append(f"Sales {verb} {abs(qoq) * 100:.0f}% QoQ to {money(sales, cur, compact=True)}{tail}.")
    else:
        lines.append(f"Sales were {money(sales, cur, compact=True)} this quarter (no previous quarter to compare).")
    yoy = v(m.TOTAL_SALES, "yoy")
    if np.isnan(yoy):
        lines.append("Last year's quarter is not in the data, so year-over-year changes are not shown.")
    else:
        lines.append(
            f"Year over year, sales are {'up' if yoy >= 0 else 'down'} {abs(yoy) * 100:.0f}% "
            f"(from {money(v(m.TOTAL_SALES, 'year_ago'), cur, compact=True)})."
        )
    acos, target = v("acos"), ctx.params.target_acos()
    if not np.isnan(acos):
        if target is not None and not np.isnan(target):
            side = "under" if acos <= target else "above"
            lines.append(
                f"Advertising returned {money(v('ad_sales'), cur, compact=True)} on {money(v('ad_spend'), cur, compact=True)} "
                f"of spend: ACoS {pct(acos)}, {side} the {pct(target)} target."
            )
        else:
            lines.append(f"Advertising returned {money(v('ad_sales'), cur, compact=True)} at {pct(acos)} ACoS.")
    usp, usp_change = v("unit_session_pct"), v("unit_session_pct", "qoq")
    if not np.isnan(usp) and not np.isnan(usp_change):
        lines.append(f"Conversion (unit session %) {'improved' if usp_change >= 0 else 'slipped'} {pts(usp_change)} to {pct(usp)}.")
    if asins is not None and not asins.empty and asins["sales_change"].notna().any():
        best = asins.loc[asins["sales_change"].idxmax()]
        if best["sales_change"] > 0:
            lines.append(
                f"Biggest gain: {best[c.CHILD_ASIN]} ({_short(best.get(c.TITLE))}), "
                f"+{money(best['sales_change'], cur, compact=True)} in sales QoQ."
            )
    return lines[:5]


def _short(text: object, limit: int = 40) -> str:
    s = "" if not isinstance(text, str) else text.strip()
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


# -- trends ---------------------------------------------------------------------------------------------
def weekly(ctx: QbrContext, *, quarters: int = 5) -> pd.DataFrame:
    """Weekly (Monday) totals over the last ``quarters`` quarters: total_sales, ad spend, ad sales,
    sessions, units and TACoS from the summed week."""
    start = pd.Timestamp(ctx.quarter.start) - pd.DateOffset(months=3 * (quarters - 1))
    end = pd.Timestamp(ctx.quarter.end)
    biz = business_daily(ctx)
    ads = ad_daily(ctx).rename(columns={c.SPEND: "ad_spend", c.SALES: "ad_sales"})
    merged = biz.merge(ads[[c.DATE, "ad_spend", "ad_sales"]], on=c.DATE, how="outer")
    merged = merged[(merged[c.DATE] >= start) & (merged[c.DATE] <= end)]
    merged["week"] = merged[c.DATE] - pd.to_timedelta(merged[c.DATE].dt.weekday, unit="D")
    counts = merged.groupby("week")[c.DATE].nunique()
    weeks = merged.groupby("week")[[m.TOTAL_SALES, "ad_spend", "ad_sales", c.SESSIONS, c.UNITS]].sum(min_count=1)
    weeks = weeks[counts.reindex(weeks.index) == 7]  # partial weeks would look like drops
    weeks["tacos"] = m.tacos(weeks["ad_spend"], weeks[m.TOTAL_SALES])
    weeks["acos"] = m.acos(weeks["ad_spend"], weeks["ad_sales"])
    return weeks.reset_index()


# -- ASINs -----------------------------------------------------------------------------------------------
def asin_quarter(ctx: QbrContext, quarter: Quarter) -> pd.DataFrame:
    """Per child ASIN for a quarter from the by-child Business Reports whose range lies inside it:
    sales, units, order_items, sessions (once per ASIN page and range), page views, Buy Box %."""
    from helpers.loaders import business_asin_totals

    frame = ctx.data.business_asin
    cols = [c.CHILD_ASIN, c.TITLE, c.SALES, c.UNITS, c.SESSIONS, c.PAGE_VIEWS, c.BUY_BOX_PCT, "unit_session_pct"]
    if frame is None or frame.empty:
        return pd.DataFrame(columns=cols)
    inside = frame[(frame[c.START_DATE] >= pd.Timestamp(quarter.start)) & (frame[c.END_DATE] <= pd.Timestamp(quarter.end))]
    if inside.empty:
        return pd.DataFrame(columns=cols)
    per_page = business_asin_totals(inside)
    per_page = per_page.assign(buy_box_views=per_page[c.BUY_BOX_PCT] * per_page[c.PAGE_VIEWS])
    sums = per_page.groupby(c.CHILD_ASIN).agg(
        **{
            c.TITLE: (c.TITLE, "first"),
            c.SALES: (c.SALES, lambda s: s.sum(min_count=1)),
            c.UNITS: (c.UNITS, lambda s: s.sum(min_count=1)),
            c.SESSIONS: (c.SESSIONS, lambda s: s.sum(min_count=1)),
            c.PAGE_VIEWS: (c.PAGE_VIEWS, lambda s: s.sum(min_count=1)),
            "buy_box_views": ("buy_box_views", lambda s: s.sum(min_count=1)),
        }
    )
    sums[c.BUY_BOX_PCT] = m.safe_div(sums["buy_box_views"], sums[c.PAGE_VIEWS])
    sums["unit_session_pct"] = m.unit_session_pct(sums[c.UNITS], sums[c.SESSIONS])
    return sums.drop(columns=["buy_box_views"]).reset_index()[cols]


def asin_table(ctx: QbrContext) -> pd.DataFrame:
    """This quarter per child ASIN with last quarter's sales and the change, best sellers first."""
    cur = asin_quarter(ctx, ctx.quarter)
    prev = asin_quarter(ctx, ctx.previous)[[c.CHILD_ASIN, c.SALES, c.UNITS]].rename(
        columns={c.SALES: "sales_previous", c.UNITS: "units_previous"}
    )
    table = cur.merge(prev, on=c.CHILD_ASIN, how="outer")
    table["sales_change"] = table[c.SALES].fillna(0) - table["sales_previous"].fillna(0)
    table["sales_change_pct"] = m.relative_change(table[c.SALES], table["sales_previous"])
    table["share_of_sales"] = m.safe_div(table[c.SALES], table[c.SALES].sum(min_count=1))
    return table.sort_values(c.SALES, ascending=False, na_position="last").reset_index(drop=True)


def top_movers(asins: pd.DataFrame, *, n: int = 5) -> pd.DataFrame:
    """The ``n`` biggest sales gains and ``n`` biggest drops QoQ (money, not percent, so a tiny ASIN
    doubling does not outrank a best seller losing a fifth)."""
    if asins.empty:
        return asins.assign(direction=pd.Series(dtype=object))
    ups = asins[asins["sales_change"] > 0].nlargest(n, "sales_change").assign(direction="up")
    downs = asins[asins["sales_change"] < 0].nsmallest(n, "sales_change").assign(direction="down")
    return pd.concat([ups, downs], ignore_index=True)


# -- advertising ---------------------------------------------------------------------------------------
def targeting_type(frame: pd.DataFrame) -> pd.Series:
    """EXACT / PHRASE / BROAD for keywords, else Auto or Product targeting from the targeting text."""
    match = frame.get(c.MATCH_TYPE, pd.Series(np.nan, index=frame.index)).astype(object)
    targeting = frame.get(c.TARGETING, pd.Series("", index=frame.index)).astype(str).str.strip().str.lower()
    out = match.where(match.notna() & match.astype(str).str.strip().ne(""), None).astype(object)
    out = out.map(lambda v: v.title() if isinstance(v, str) else v)
    is_product = targeting.str.startswith(("asin", "category"))
    is_auto = targeting.isin(AUTO_TARGETS)
    out = out.mask(out.isna() & is_product, "Product targeting")
    out = out.mask(out.isna() & is_auto, "Auto")
    return out.fillna("Other").rename("targeting_type")


def quarter_ads(ctx: QbrContext, quarter: Quarter | None = None, *, source: str | None = None) -> pd.DataFrame:
    """Rows of an ad report inside the quarter (daily rows only)."""
    quarter = quarter or ctx.quarter
    frame = getattr(ctx.data, source) if source else ad_source(ctx)[1]
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[c.START_DATE, c.END_DATE, *c.AD_BASES])
    return frame[(frame[c.START_DATE] >= pd.Timestamp(quarter.start)) & (frame[c.END_DATE] <= pd.Timestamp(quarter.end))]


def campaigns(ctx: QbrContext) -> pd.DataFrame:
    """Per campaign this quarter: spend, sales, orders, ACoS, ROAS, CVR, CPC, share of spend."""
    rows = quarter_ads(ctx)
    if rows.empty:
        return pd.DataFrame(columns=[c.CAMPAIGN, *c.AD_BASES])
    table = m.summarize(rows, by=c.CAMPAIGN, bases=list(c.AD_BASES))
    table["share_of_spend"] = m.safe_div(table[c.SPEND], table[c.SPEND].sum(min_count=1))
    return table.sort_values(c.SPEND, ascending=False).reset_index(drop=True)


def match_types(ctx: QbrContext) -> pd.DataFrame:
    """Spend and sales by targeting type (Exact, Phrase, Broad, Auto, Product targeting)."""
    rows = quarter_ads(ctx)
    if rows.empty:
        return pd.DataFrame(columns=["targeting_type", *c.AD_BASES])
    rows = rows.assign(targeting_type=targeting_type(rows))
    table = m.summarize(rows, by="targeting_type", bases=list(c.AD_BASES))
    table["share_of_spend"] = m.safe_div(table[c.SPEND], table[c.SPEND].sum(min_count=1))
    return table.sort_values(c.SPEND, ascending=False).reset_index(drop=True)


# -- search terms ---------------------------------------------------------------------------------------
def quarter_terms(ctx: QbrContext) -> pd.DataFrame:
    """Search terms this quarter summed per term, with their class (branded/competitor/generic/asin)."""
    rows = quarter_ads(ctx, source="search_terms")
    if rows.empty or c.SEARCH_TERM not in rows:
        return pd.DataFrame(columns=[c.SEARCH_TERM, "term_class", *c.AD_BASES])
    terms = m.summarize(rows, by=c.SEARCH_TERM, bases=list(c.AD_BASES))
    terms["term_class"] = classify_terms(
        terms[c.SEARCH_TERM], brand_terms=ctx.params.brand_terms, competitor_terms=ctx.params.competitor_terms
    )
    return terms


def term_classes(terms: pd.DataFrame) -> pd.DataFrame:
    """Branded vs competitor vs generic vs ASIN: spend, sales, ACoS, share of spend and of sales."""
    if terms.empty:
        return pd.DataFrame(columns=["term_class", *c.AD_BASES])
    table = m.summarize(terms, by="term_class", bases=list(c.AD_BASES))
    table["share_of_spend"] = m.safe_div(table[c.SPEND], table[c.SPEND].sum(min_count=1))
    table["share_of_sales"] = m.safe_div(table[c.SALES], table[c.SALES].sum(min_count=1))
    order = {name: i for i, name in enumerate(("branded", "competitor", "generic", "asin"))}
    return table.sort_values("term_class", key=lambda s: s.map(order)).reset_index(drop=True)


def top_terms(terms: pd.DataFrame, *, n: int = 15) -> pd.DataFrame:
    """The ``n`` search terms with the most ad sales this quarter."""
    return terms.nlargest(n, c.SALES).reset_index(drop=True) if not terms.empty else terms


def wasted_terms(terms: pd.DataFrame, *, min_clicks: int) -> pd.DataFrame:
    """Terms with at least ``min_clicks`` clicks and no orders this quarter, by spend (the money that
    bought nothing). The search-term chapter's statistical negatives go further; this is the plain list."""
    if terms.empty:
        return terms
    wasted = terms[(terms[c.CLICKS] >= min_clicks) & (terms[c.ORDERS].fillna(0) == 0)]
    return wasted.sort_values(c.SPEND, ascending=False).reset_index(drop=True)


# -- Buy Box and stock -----------------------------------------------------------------------------------
def stock_signals(ctx: QbrContext, *, min_days: int = 5) -> pd.DataFrame:
    """Likely stock-outs this quarter: advertised ASINs whose ads stopped serving (no impressions) for
    ``min_days``+ consecutive days while serving before and after — Amazon stops ads on
    out-of-stock offers. Columns: advertised_asin, first_day, last_day, days."""
    frame = ctx.data.advertised_products
    cols = [c.ADVERTISED_ASIN, "first_day", "last_day", "days"]
    if frame is None or frame.empty or c.ADVERTISED_ASIN not in frame:
        return pd.DataFrame(columns=cols)
    daily = frame[frame[c.START_DATE] == frame[c.END_DATE]]
    served = daily[daily[c.IMPRESSIONS].fillna(0) > 0].groupby([c.ADVERTISED_ASIN, c.START_DATE]).size()
    q_days = pd.date_range(ctx.quarter.start, ctx.quarter.end, freq="D")
    rows = []
    for asin, days in served.groupby(level=0):
        on = set(days.index.get_level_values(1))
        if not on:
            continue
        first_seen, last_seen = min(on), max(on)
        run: list[pd.Timestamp] = []
        for day in q_days:
            if first_seen < day < last_seen and day not in on:
                run.append(day)
                continue
            if len(run) >= min_days:
                rows.append((asin, run[0], run[-1], len(run)))
            run = []
        if len(run) >= min_days:
            rows.append((asin, run[0], run[-1], len(run)))
    return pd.DataFrame(rows, columns=cols)


def buy_box_watch(asins: pd.DataFrame, *, below: float = 0.9) -> pd.DataFrame:
    """ASINs whose Buy Box % this quarter was under ``below`` (sales at risk to other offers)."""
    if asins.empty:
        return asins
    return asins[asins[c.BUY_BOX_PCT] < below].sort_values(c.SALES, ascending=False).reset_index(drop=True)


# -- wins, risks, recommendations --------------------------------------------------------------------------
@dataclass(frozen=True)
class Rule:
    """A recommendation that applies when ``when(facts)`` is true; ``say(facts)`` is its sentence."""

    name: str
    impact: int  # 1 (small) .. 3 (large): order of the list
    when: Callable[[dict[str, Any]], bool]
    say: Callable[[dict[str, Any]], str]


def _num(x: Any) -> bool:
    return x is not None and not (isinstance(x, float) and np.isnan(x))


RULES: list[Rule] = [
    Rule(
        "cut-waste", 3,
        lambda f: _num(f["wasted_spend"]) and f["wasted_spend"] > 0.03 * f["ad_spend"],
        lambda f: f"Negate the {f['wasted_terms']} search terms that took {money(f['wasted_spend'], f['cur'])} "
        f"({pct(f['wasted_spend'] / f['ad_spend'])} of ad spend) without an order.",
    ),
    Rule(
        "acos-over-target", 3,
        lambda f: _num(f["acos"]) and _num(f["target_acos"]) and f["acos"] > f["target_acos"] * 1.1,
        lambda f: f"Bring ACoS from {pct(f['acos'])} toward the {pct(f['target_acos'])} target: lower bids on "
        f"the {f['campaigns_over']} campaigns above break-even first.",
    ),
    Rule(
        "scale-under-target", 2,
        lambda f: _num(f["acos"]) and _num(f["target_acos"]) and f["acos"] < f["target_acos"] * 0.8,
        lambda f: f"ACoS {pct(f['acos'])} is well under the {pct(f['target_acos'])} target: raise budgets on "
        "converting exact-match terms to buy more volume.",
    ),
    Rule(
        "stock-out", 3,
        lambda f: f["stockout_days"] > 0,
        lambda f: f"Protect stock on {f['stockout_asin']}: its ads stopped for {f['stockout_days']} days this "
        "quarter, likely out of stock; set a reorder point before next quarter's peak.",
    ),
    Rule(
        "buy-box", 2,
        lambda f: f["buy_box_asins"] > 0,
        lambda f: f"Win back the Buy Box on {f['buy_box_asins']} ASIN(s) under 90 % (lowest "
        f"{pct(f['buy_box_min'])}): check pricing and unauthorised sellers.",
    ),
    Rule(
        "conversion-drop", 2,
        lambda f: _num(f["usp_change"]) and f["usp_change"] < -0.005,
        lambda f: f"Unit session % fell {pts(f['usp_change'])}: review main images, price and reviews on the "
        "top sellers.",
    ),
    Rule(
        "branded-defence", 1,
        lambda f: _num(f["branded_share"]) and f["branded_share"] < 0.1,
        lambda f: f"Branded terms are only {pct(f['branded_share'])} of ad spend: keep a branded exact "
        "campaign so competitors cannot take the brand's own searches cheaply.",
    ),
    Rule(
        "tacos-over", 2,
        lambda f: _num(f["tacos"]) and _num(f["target_tacos"]) and f["tacos"] > f["target_tacos"],
        lambda f: f"TACoS {pct(f['tacos'])} is above the {pct(f['target_tacos'])} target: shift budget "
        "from discovery to proven terms.",
    ),
]


def facts(ctx: QbrContext, card: pd.DataFrame, *, asins: pd.DataFrame, terms: pd.DataFrame,
          wasted: pd.DataFrame, stock: pd.DataFrame, camps: pd.DataFrame) -> dict[str, Any]:
    """The numbers the rules look at, computed once."""
    v = lambda metric, col="current": _card_value(card, metric, col)  # noqa: E731
    classes = term_classes(terms)
    branded = classes.loc[classes["term_class"] == "branded", "share_of_spend"]
    watch = buy_box_watch(asins)
    target = ctx.params.target_acos()
    longest = stock.sort_values("days", ascending=False).head(1)
    return {
        "cur": ctx.currency,
        "ad_spend": v("ad_spend"),
        "acos": v("acos"),
        "tacos": v("tacos"),
        "target_acos": np.nan if target is None else target,
        "target_tacos": np.nan if ctx.params.targets.tacos is None else ctx.params.targets.tacos,
        "usp_change": v("unit_session_pct", "qoq"),
        "wasted_spend": float(wasted[c.SPEND].sum()) if not wasted.empty else 0.0,
        "wasted_terms": len(wasted),
        "campaigns_over": int((camps["acos"] > (target or np.inf)).sum()) if not camps.empty and target else 0,
        "stockout_days": int(longest["days"].iloc[0]) if not longest.empty else 0,
        "stockout_asin": str(longest[c.ADVERTISED_ASIN].iloc[0]) if not longest.empty else "",
        "buy_box_asins": len(watch),
        "buy_box_min": float(watch[c.BUY_BOX_PCT].min()) if not watch.empty else np.nan,
        "branded_share": float(branded.iloc[0]) if len(branded) else np.nan,
    }


def recommendations(fact: dict[str, Any], *, limit: int = 6) -> list[str]:
    """Rule-based recommendations for next quarter, biggest impact first, each with its number."""
    applicable = [r for r in RULES if r.when(fact)]
    applicable.sort(key=lambda r: -r.impact)
    return [r.say(fact) for r in applicable[:limit]]


def wins_and_risks(card: pd.DataFrame, currency: str) -> tuple[list[str], list[str]]:
    """Scorecard lines that moved the good way (wins) and the bad way (risks) by more than 5 % / 0.5 pts."""
    wins, risks = [], []
    for row in card.itertuples(index=False):
        if row.direction == "neutral" or not _num(row.qoq):
            continue
        threshold = 0.005 if row.change_kind == "pts" else 0.05
        if abs(row.qoq) < threshold:
            continue
        good = (row.qoq > 0) == (row.direction == "higher")
        change = pts(row.qoq) if row.change_kind == "pts" else f"{row.qoq * 100:+.0f}%"
        from helpers.present.formatting import formatter

        text = f"{row.label} {change} QoQ to {formatter(row.format, currency)(row.current)}"
        (wins if good else risks).append(text)
    return wins, risks


# -- appendix ------------------------------------------------------------------------------------------------
DEFINITIONS = [
    ("Total sales", "Ordered product sales from the Business Report (organic + advertised)."),
    ("Unit session %", "Units ordered ÷ sessions. Higher is better."),
    ("Buy Box %", "Share of page views where our offer held the Featured Offer, weighted by page views."),
    ("Average order value", "Total sales ÷ order items."),
    ("Ad spend / Ad sales", "Sponsored Products cost and the sales Amazon attributes to ad clicks "
     "(7-day window for sellers, 14-day for vendors)."),
    ("ACoS", "Ad spend ÷ ad sales. Lower is better; compare with the break-even ACoS."),
    ("TACoS", "Ad spend ÷ total sales: how much of all sales the ads cost. Lower is better."),
    ("ROAS", "Ad sales ÷ ad spend (1 ÷ ACoS). Higher is better."),
    ("CTR", "Clicks ÷ impressions."),
    ("CPC", "Ad spend ÷ clicks."),
    ("Ad conversion rate", "Orders ÷ clicks (not units ÷ clicks)."),
    ("Break-even ACoS", "(Price − COGS − Amazon fees) ÷ price: above it, an ad sale loses money."),
    ("QoQ / YoY", "Change vs the previous quarter / the same quarter last year: percent for amounts, "
     "percentage points (pts) for rates."),
    ("—", "Not defined (e.g. a ratio whose denominator is zero) or not in the data."),
]


def definitions() -> pd.DataFrame:
    return pd.DataFrame(DEFINITIONS, columns=["Term", "Definition"])


# -- display helpers used by the notebook (formats, labels, small texts) ------------------------------------
AD_FORMATS = {
    "impressions": "count", "clicks": "count", "spend": "money", "sales": "money", "orders": "count",
    "units": "count", "acos": "pct", "roas": "ratio", "ctr": "pct", "cpc": "money2", "cvr": "pct",
    "cpm": "money2", "cpa": "money2", "aov": "money2", "share_of_spend": "pct", "share_of_sales": "pct",
}
AD_LABELS = {
    "campaign": "Campaign", "targeting_type": "Targeting", "term_class": "Term class", "search_term": "Search term",
    "spend": "Spend", "sales": "Ad sales", "orders": "Orders", "acos": "ACoS", "roas": "ROAS", "ctr": "CTR",
    "cpc": "CPC", "cvr": "CVR", "cpm": "CPM", "cpa": "Cost/order", "aov": "AOV", "share_of_spend": "% of spend",
    "share_of_sales": "% of ad sales", "impressions": "Impr.", "clicks": "Clicks", "units": "Units",
}
AD_FORMATS["ctr"] = "pct2"
CAMPAIGN_COLUMNS = ["campaign", "spend", "sales", "orders", "acos", "roas", "cvr", "cpc", "share_of_spend"]
TYPE_COLUMNS = ["targeting_type", "spend", "sales", "orders", "acos", "roas", "ctr", "cvr", "cpc", "share_of_spend"]
CLASS_COLUMNS = ["term_class", "clicks", "spend", "sales", "orders", "acos", "cvr", "share_of_spend", "share_of_sales"]
TERM_COLUMNS = ["search_term", "term_class", "clicks", "spend", "sales", "orders", "acos", "cvr"]
TERM_FORMATS = {k: AD_FORMATS[k] for k in ("clicks", "spend", "sales", "orders", "acos", "cvr")}
ASIN_FORMATS = {
    "sales": "money", "sales_previous": "money", "sales_change": "money", "sales_change_pct": "pct_signed",
    "units": "count", "sessions": "count", "unit_session_pct": "pct", "buy_box_pct": "pct", "share_of_sales": "pct",
}


def quarter_text(quarter: Quarter) -> str:
    """'July – September 2026 (2026-Q3)'."""
    return f"{quarter.start:%B} – {quarter.end:%B %Y} ({quarter.label})"


def quarter_span(ctx: QbrContext) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(ctx.quarter.start), pd.Timestamp(ctx.quarter.end)


def scorecard_note(ctx: QbrContext, card: pd.DataFrame) -> str:
    parts = ["QoQ and YoY are percent changes for amounts and percentage-point (pts) changes for rates."]
    if year_ago_missing(card):
        share = coverage(ctx, ctx.year_ago)
        parts.append(
            f"Last year's quarter ({ctx.year_ago.label}) is missing from the exports "
            f"({share:.0%} of its days present), so YoY is not shown."
        )
    source, _ = ad_source(ctx)
    parts.append(f"Advertising totals come from the Sponsored Products {source.replace('_', ' ')} report.")
    return " ".join(parts)


def record_kpis(card: pd.DataFrame) -> dict[str, Any]:
    """{metric: {current, previous, year_ago, qoq, yoy}} for the runner's JSON and the tests."""
    cols = ["current", "previous", "year_ago", "qoq", "yoy"]
    return {row["metric"]: {k: row[k] for k in cols} for _, row in card.iterrows()}


def record_table(frame: pd.DataFrame, key: str, values: list[str]) -> dict[str, Any]:
    if frame.empty:
        return {}
    return {str(r[key]): {v: r[v] for v in values} for _, r in frame.iterrows()}


ASIN_LABELS = {
    "child_asin": "ASIN", "product": "Product", "sales": "Sales", "sales_change": "vs last Q",
    "sales_change_pct": "Change", "units": "Units", "sessions": "Sessions", "unit_session_pct": "Conv. %",
    "buy_box_pct": "Buy Box",
}


def short_titles(titles: pd.Series, limit: int = 34) -> pd.Series:
    """Titles without the words every title starts with (the brand), cut to ``limit`` characters."""
    words = [str(t).split() for t in titles.dropna()]
    common = 0
    if len(words) > 1:
        while all(len(w) > common + 1 and w[common] == words[0][common] for w in words):
            common += 1
    return titles.map(lambda t: _short(" ".join(str(t).split()[common:]), limit) if isinstance(t, str) else t)


def asin_display(asins: pd.DataFrame) -> pd.DataFrame:
    """The ASIN table's columns for the report (short product names)."""
    cols = [c.CHILD_ASIN, "product", c.SALES, "sales_change", "sales_change_pct", c.UNITS, c.SESSIONS,
            "unit_session_pct", c.BUY_BOX_PCT]
    out = asins.assign(product=short_titles(asins[c.TITLE]) if c.TITLE in asins else "")
    return out[[col for col in cols if col in out]]


def first_asin(movers: pd.DataFrame, direction: str) -> str | None:
    rows = movers[movers["direction"] == direction] if not movers.empty else movers
    return None if rows.empty else str(rows.iloc[0][c.CHILD_ASIN])


def mover_labels(movers: pd.DataFrame) -> pd.DataFrame:
    if movers.empty:
        return pd.DataFrame({"label": [], "sales_change": []})
    label = movers[c.CHILD_ASIN].astype(str) + "  " + short_titles(movers[c.TITLE], 28)
    return pd.DataFrame({"label": label, "sales_change": movers["sales_change"]})


def wasted_text(wasted: pd.DataFrame, ctx: QbrContext) -> str:
    if wasted.empty:
        return "No search term reached {n} clicks without an order this quarter.".replace(
            "{n}", str(ctx.params.settings.wasted_spend_min_clicks))
    total = wasted[c.SPEND].sum()
    return (
        f"{len(wasted)} search terms took at least {ctx.params.settings.wasted_spend_min_clicks} clicks each "
        f"and no order: {money(total, ctx.currency)} of spend this quarter."
    )


def stock_notes(stock: pd.DataFrame, asins: pd.DataFrame) -> list[str]:
    notes = []
    for row in stock.itertuples(index=False):
        notes.append(
            f"{row.advertised_asin}: ads stopped serving for {row.days} days "
            f"({row.first_day:%b %-d} – {row.last_day:%b %-d}), the usual sign of a stock-out."
        )
    for row in buy_box_watch(asins).itertuples(index=False):
        notes.append(f"{row.child_asin}: Buy Box held on {pct(row.buy_box_pct)} of page views (under 90 %).")
    return notes or ["No stock-out signals and every ASIN held the Buy Box on 90 %+ of page views."]




def sources(ctx: QbrContext) -> pd.DataFrame:
    """One row per report type read: how many files and rows, and the days they cover."""
    rows = []
    for rep in getattr(ctx.data, "reports", []):
        rows.append({"report": rep.report, "rows": len(rep.frame), "start": rep.start, "end": rep.end})
    if not rows:
        return pd.DataFrame(columns=["Report", "Files", "Rows", "From", "To"])
    frame = pd.DataFrame(rows)
    table = frame.groupby("report", sort=True).agg(
        Files=("rows", "size"), Rows=("rows", "sum"), From=("start", "min"), To=("end", "max")
    )
    from helpers.loaders import REGISTRY

    table.index = [REGISTRY[r].description if r in REGISTRY else r for r in table.index]
    out = table.rename_axis("Report").reset_index()
    out["Rows"] = out["Rows"].map("{:,}".format)
    out["Files"] = out["Files"].map(str)
    return out
