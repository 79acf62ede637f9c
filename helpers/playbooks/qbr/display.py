"""Labels, formats and the small reshapes the notebook shows, and what it records."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers.metrics import METRICS
from helpers.periods import Quarter
from helpers.present.formatting import formatter

#: The ACoS label, from :data:`helpers.metrics.METRICS` (its one source).
ACOS = str(METRICS.at["acos", "label"])

DEFINITIONS = [
    ("Total sales", "Ordered product sales from the Business Report (organic + advertised)."),
    ("Unit session %", "Units ordered ÷ sessions. Higher is better."),
    ("Buy Box %", "Share of page views where our offer held the Featured Offer, weighted by page views."),
    ("Average order value", "Total sales ÷ order items."),
    ("Ad spend / Ad sales", "Sponsored Products cost and the sales Amazon attributes to ad clicks "
     "(7-day window for sellers, 14-day for vendors)."),
    (ACOS, "Ad spend ÷ ad sales. Lower is better; compare with the break-even ACoS."),
    ("TACoS", "Ad spend ÷ total sales: how much of all sales the ads cost. Lower is better."),
    ("ROAS", "Ad sales ÷ ad spend (1 ÷ ACoS). Higher is better."),
    ("CTR", "Clicks ÷ impressions."),
    ("CPC", "Ad spend ÷ clicks."),
    ("Ad conversion rate", "Orders ÷ clicks (not units ÷ clicks)."),
    (f"Break-even {ACOS}", "(Price − COGS − Amazon fees) ÷ price: above it, an ad sale loses money."),
    ("QoQ / YoY", "Change vs the previous quarter / the same quarter last year: percent for amounts, "
     "percentage points (pts) for rates."),
    ("—", "Not defined (e.g. a ratio whose denominator is zero) or not in the data."),
]


#: A vendor's total sales come from Vendor Central, not from Seller Central's Business Report.
VENDOR_TOTAL_SALES = "Ordered revenue from Vendor Central's Sales report (organic + advertised)."


def definitions(account_type: str = "seller") -> pd.DataFrame:
    """The definitions table; a vendor's total sales are Vendor Central's ordered revenue."""
    rows = [(term, VENDOR_TOTAL_SALES if term == "Total sales" and account_type == "vendor" else text)
            for term, text in DEFINITIONS]
    return pd.DataFrame(rows, columns=["Term", "Definition"])


AD_FORMATS = {
    "impressions": "count", "clicks": "count", "spend": "money", "sales": "money", "orders": "count",
    "units": "count", "roas": "ratio", "ctr": "pct2", "cpc": "money2", "cvr": "pct",
    "cpm": "money2", "cpa": "money2", "aov": "money2", "share_of_spend": "pct", "share_of_sales": "pct",
}
AD_LABELS = {
    "campaign": "Campaign", "targeting_type": "Targeting", "term_class": "Term class", "search_term": "Search term",
    "spend": "Spend", "sales": "Ad sales", "orders": "Orders", "roas": "ROAS", "ctr": "CTR",
    "cpc": "CPC", "cvr": "CVR", "cpm": "CPM", "cpa": "Cost/order", "aov": "AOV", "share_of_spend": "% of spend",
    "share_of_sales": "% of ad sales", "impressions": "Impr.", "clicks": "Clicks", "units": "Units",
}
CAMPAIGN_COLUMNS = ["campaign", "spend", "sales", "orders", "acos", "roas", "cvr", "cpc", "share_of_spend"]
TYPE_COLUMNS = ["targeting_type", "spend", "sales", "orders", "acos", "roas", "ctr", "cvr", "cpc", "share_of_spend"]
CLASS_COLUMNS = ["term_class", "clicks", "spend", "sales", "orders", "acos", "cvr", "share_of_spend", "share_of_sales"]
TERM_COLUMNS = ["search_term", "term_class", "clicks", "spend", "sales", "orders", "acos", "cvr"]
TERM_FORMATS = {k: AD_FORMATS[k] for k in ("clicks", "spend", "sales", "orders", "cvr")}
ASIN_FORMATS = {
    "sales": "money", "sales_previous": "money", "sales_change": "money", "sales_change_pct": "pct_signed",
    "units": "count", "sessions": "count", "unit_session_pct": "pct", "buy_box_pct": "pct", "share_of_sales": "pct",
}
ASIN_LABELS = {
    "child_asin": "ASIN", "product": "Product", "sales": "Sales", "sales_change": "vs last Q",
    "sales_change_pct": "Change", "units": "Units", "sessions": "Sessions", "unit_session_pct": "Conv. %",
    "buy_box_pct": "Buy Box",
}
SCORECARD_NUMERIC = ["This quarter", "Last quarter", "QoQ", "Last year", "YoY"]


def short(text: object, limit: int = 40) -> str:
    s = "" if not isinstance(text, str) else text.strip()
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def quarter_text(quarter: Quarter) -> str:
    """'July – September 2026 (2026-Q3)'."""
    return f"{quarter.start:%B} – {quarter.end:%B %Y} ({quarter.label})"


def quarter_span(quarter: Quarter) -> tuple[pd.Timestamp, pd.Timestamp]:
    return pd.Timestamp(quarter.start), pd.Timestamp(quarter.end)


def scorecard_display(card: pd.DataFrame, currency: str) -> pd.DataFrame:
    """The scorecard as text cells (formatted per metric), ready for :func:`helpers.present.tables.show`.
    A KPI blank in every quarter (its export was not provided) is left out."""
    rows = []
    for row in card.dropna(subset=["current", "previous", "year_ago"], how="all").itertuples(index=False):
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


def scorecard_classes(card: pd.DataFrame) -> dict[str, list[str | None]]:
    """good/bad css class per row for the QoQ and YoY cells, by each metric's direction."""

    def classify(change: float, direction: str) -> str | None:
        if direction == "neutral" or change is None or np.isnan(change) or change == 0:
            return None
        return "good" if (change > 0) == (direction == "higher") else "bad"

    card = card.dropna(subset=["current", "previous", "year_ago"], how="all")
    return {
        label: [classify(ch, d) for ch, d in zip(card[col], card["direction"], strict=True)]
        for label, col in (("QoQ", "qoq"), ("YoY", "yoy"))
    }


def record_kpis(card: pd.DataFrame) -> dict[str, Any]:
    """{metric: {current, previous, year_ago, qoq, yoy}} for the runner's JSON and the tests."""
    cols = ["current", "previous", "year_ago", "qoq", "yoy"]
    return {row["metric"]: {k: row[k] for k in cols} for _, row in card.iterrows()}


def record_table(frame: pd.DataFrame, key: str, values: list[str]) -> dict[str, Any]:
    if frame.empty:
        return {}
    return {str(r[key]): {v: r[v] for v in values} for _, r in frame.iterrows()}


def short_titles(titles: pd.Series, limit: int = 34) -> pd.Series:
    """Titles without the words every title starts with (the brand), cut to ``limit`` characters."""
    words = [str(t).split() for t in titles.dropna()]
    common = 0
    if len(words) > 1:
        while all(len(w) > common + 1 and w[common] == words[0][common] for w in words):
            common += 1
    return titles.map(lambda t: short(" ".join(str(t).split()[common:]), limit) if isinstance(t, str) else t)


def asin_display(asins: pd.DataFrame) -> pd.DataFrame:
    """The ASIN table's columns for the report (short product names). A column without a value in
    any row is left out: the change when last quarter was not downloaded, the traffic columns a
    Vendor Central Sales report does not have. A table of dashes tells the client nothing."""
    cols = [c.CHILD_ASIN, "product", c.SALES, "sales_change", "sales_change_pct", c.UNITS, c.SESSIONS,
            "unit_session_pct", c.BUY_BOX_PCT]
    out = asins.assign(product=short_titles(asins[c.TITLE]) if c.TITLE in asins else "")
    always = (c.CHILD_ASIN, "product", c.SALES)
    return out[[col for col in cols if col in out and (col in always or out[col].notna().any())]]


def first_asin(movers: pd.DataFrame, direction: str) -> str | None:
    rows = movers[movers["direction"] == direction] if not movers.empty else movers
    return None if rows.empty else str(rows.iloc[0][c.CHILD_ASIN])


def mover_labels(movers: pd.DataFrame) -> pd.DataFrame:
    if movers.empty:
        return pd.DataFrame({"label": [], "sales_change": []})
    label = movers[c.CHILD_ASIN].astype(str) + "  " + short_titles(movers[c.TITLE], 28)
    return pd.DataFrame({"label": label, "sales_change": movers["sales_change"]})


def sources(reports: list[Any]) -> pd.DataFrame:
    """One row per report type read: how many files and rows, and the days they cover."""
    rows = [{"report": rep.report, "rows": rep.rows, "start": rep.start, "end": rep.end} for rep in reports]
    if not rows:
        return pd.DataFrame(columns=["Report", "Files", "Rows", "From", "To"])
    frame = pd.DataFrame(rows)
    table = frame.groupby("report", sort=True).agg(
        Files=("rows", "size"), Rows=("rows", "sum"), From=("start", "min"), To=("end", "max")
    )
    from helpers.loaders import REGISTRY

    table.index = [REGISTRY[r].description if r in REGISTRY else r for r in table.index]
    out = table.rename_axis("Report").reset_index()
    out["Rows"] = out["Rows"].map(formatter("count"))
    out["Files"] = out["Files"].map(str)
    return out
