"""Sentences: the QBR's words, made last from numbers computed elsewhere."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.periods import Quarter
from helpers.playbooks.qbr.display import short
from helpers.playbooks.qbr.findings import _num
from helpers.playbooks.qbr.products import buy_box_watch
from helpers.playbooks.qbr.scorecard import card_value, year_ago_missing
from helpers.present.formatting import formatter, money, pct, pts


def headlines(card: pd.DataFrame, *, currency: str, target_acos: float | None,
              asins: pd.DataFrame | None = None) -> list[str]:
    """3–5 generated headline sentences, each carrying its number."""
    cur = currency

    def v(metric: str, col: str = "current") -> float:
        return card_value(card, metric, col)

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
    acos, target = v("acos"), target_acos
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
                f"Biggest gain: {best[c.CHILD_ASIN]} ({short(best.get(c.TITLE))}), "
                f"+{money(best['sales_change'], cur, compact=True)} in sales QoQ."
            )
    return lines[:5]


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
        text = f"{row.label} {change} QoQ to {formatter(row.format, currency)(row.current)}"
        (wins if good else risks).append(text)
    return wins, risks


def scorecard_note(card: pd.DataFrame, *, year_ago: Quarter, year_ago_coverage: float, ad_source: str) -> str:
    parts = ["QoQ and YoY are percent changes for amounts and percentage-point (pts) changes for rates."]
    if year_ago_missing(card):
        parts.append(
            f"Last year's quarter ({year_ago.label}) is missing from the exports "
            f"({year_ago_coverage:.0%} of its days present), so YoY is not shown."
        )
    parts.append(f"Advertising totals come from the Sponsored Products {ad_source.replace('_', ' ')} report.")
    return " ".join(parts)


def wasted_text(wasted: pd.DataFrame, *, min_clicks: int, currency: str) -> str:
    if wasted.empty:
        return "No search term reached {n} clicks without an order this quarter.".replace("{n}", str(min_clicks))
    total = wasted[c.SPEND].sum()
    return (
        f"{len(wasted)} search terms took at least {min_clicks} clicks each "
        f"and no order: {money(total, currency)} of spend this quarter."
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
