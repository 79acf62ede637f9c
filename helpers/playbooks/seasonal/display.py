"""Labels, formats, the ``record_*`` helpers and the notebook sections of the seasonal report."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext
from helpers.playbooks.seasonal.daily import MULTIPLE_LABELS, PRIOR_DAYS
from helpers.playbooks.seasonal.stock import ShipDates, cutoff_label
from helpers.playbooks.seasonal.story import lessons, measured, not_measured, review_pending
from helpers.present.formatting import pct, ratio


def scenario_display(scen: pd.DataFrame) -> pd.DataFrame:
    """The main multiples as text for the report (the spend lead-in/tail rows stay internal)."""
    shown = scen.loc[[k for k in MULTIPLE_LABELS if k in scen.index and k != "cvr"]]
    out = pd.DataFrame({"Metric": [MULTIPLE_LABELS[k] for k in shown.index]})
    for name in SCENARIOS:
        out[name.capitalize()] = [ratio(v) for v in shown[name]]
    return out


def history_display(hist: pd.DataFrame) -> pd.DataFrame:
    """Past events and their multiples as text (× the prior 30 days)."""
    out = pd.DataFrame({"Event": hist["name"], "Days": [f"{a:%b %-d} – {b:%b %-d, %Y}" for a, b in zip(hist["start"], hist["end"], strict=True)]})
    for name in ("sales", "units", "sessions", "cvr", "cpc", "ad_spend", "ad_sales"):
        out[MULTIPLE_LABELS[name]] = [ratio(v) for v in hist[name]]
    return out


ASIN_FORMATS = {"share": "pct", "units_now": "count", "units_base": "count",
                **{f"units_{s}": "count" for s in SCENARIOS}, **{f"sales_{s}": "money" for s in SCENARIOS}}


ASIN_LABELS = {c.CHILD_ASIN: "ASIN", "share": "Share", "units_now": "Units/day now",
               "units_base": "Units/day before event", **{f"units_{s}": f"Units {s[:4]}." for s in SCENARIOS},
               "units_expected": "Units expected", **{f"sales_{s}": f"Sales {s}" for s in SCENARIOS}}


STOCK_FORMATS = {"available": "count", "inbound": "count", "needed_expected": "count", "needed_stretch": "count",
                 "to_send": "count"}


STOCK_LABELS = {c.CHILD_ASIN: "ASIN", "needed_expected": "Needed (expected)", "needed_stretch": "Needed (stretch)",
                "to_send": "To send", "ship_by": "Ship by", "order_by": "Order by", "runs_out": "Runs out"}


STOCK_COLUMNS = [c.CHILD_ASIN, "available", "inbound", "needed_expected", "to_send", "runs_out", "status"]


def stock_display(plan: pd.DataFrame) -> pd.DataFrame:
    """Dates as text (``Mon d``) so the table prints them plainly."""
    out = plan.copy()
    for col in ("ship_by", "order_by", "runs_out"):
        out[col] = [d.strftime("%b %-d, %Y") if pd.notna(d) else None for d in out[col]]
    return out


RAMP_FORMATS = {"days": "count", "budget_per_day": "money", "budget": "money", "cpc": "money2",
                "ad_sales": "money", "total_sales": "money", "tacos": "pct"}


RAMP_LABELS = {"budget_per_day": "Budget/day", "cpc": "CPC", "tacos": "TACoS"}


DEAL_FORMATS = {"discount": "pct", "fee": "money", "price": "money2", "deal_price": "money2", "margin_before": "money2",
                "margin_after": "money2", "units_expected": "count", "break_even_extra": "count",
                "break_even_share": "pct"}


DEAL_LABELS = {"asin": "ASIN", "discount": "Min. off", "margin_before": "Margin", "margin_after": "Deal margin",
               "units_expected": "Event units", "break_even_extra": "Break-even +units",
               "break_even_share": "Of event units"}


#: The deals table's columns. The ASIN's expected event units are in the per-ASIN table (and the
#: caption), not repeated on every deal row, so the table stays inside the page margins.
DEAL_COLUMNS = ["asin", "deal", "discount", "fee", "margin_after", "break_even_extra", "break_even_share", "verdict"]


def review_display(table: pd.DataFrame, currency: str) -> pd.DataFrame:
    from helpers.present.formatting import formatter

    rows = []
    for r in table.itertuples(index=False):
        f = formatter(r.format, currency)
        change = formatter("pts" if r.format == "pct" else "pct_signed")
        rows.append({"Metric": r.label, "Conservative": f(r.conservative), "Expected": f(r.expected),
                     "Stretch": f(r.stretch), "Actual": f(r.actual), "Actual vs expected": change(r.vs_expected)})
    return pd.DataFrame(rows)


REVIEW_NUMERIC = ["Conservative", "Expected", "Stretch", "Actual", "Actual vs expected"]


def record_plan(planned: pd.DataFrame, scen: pd.DataFrame) -> dict[str, Any]:
    """Headline numbers for the runner and tests."""
    return {"multiples": {k: scen.loc[k, list(SCENARIOS)].astype(float).to_dict() for k in ("sales", "units", "ad_spend", "cpc")},
            "event": {k: planned.loc[k].astype(float).to_dict() for k in planned.index}}


ASIN_COLUMNS = [c.CHILD_ASIN, "share", "units_now", *[f"units_{s}" for s in SCENARIOS], "sales_expected"]


HISTORY_NUMERIC = [MULTIPLE_LABELS[k] for k in ("sales", "units", "sessions", "cvr", "cpc", "ad_spend", "ad_sales")]


def review_section(ctx: SeasonalContext, table: pd.DataFrame, year: tuple[float, str], currency: str) -> Any:
    """The actual-vs-plan table in review mode, else a note saying when the review becomes available."""
    from helpers.present import tables
    from helpers.present.notebook import note

    if ctx.mode != "review":
        return note(review_pending(ctx)[0])
    if not (measured(table, "total_sales") or measured(table, "ad_spend")):
        return note(not_measured(ctx))
    share, span = year
    made = "" if not np.isfinite(share) else f" The event made {pct(share)} of the sales of {span}."
    caption = f"Event days {ctx.event.dates_text}; plan as of {ctx.as_of:%b %-d, %Y}.{made}"
    return tables.show(review_display(table, currency), numeric=REVIEW_NUMERIC, caption=caption)


def record_review(ctx: SeasonalContext, table: pd.DataFrame, outs: pd.DataFrame,
                  year: tuple[float, str]) -> dict[str, Any]:
    if ctx.mode != "review":
        return {}
    share, _ = year
    t = table.set_index("metric")
    return {"actual": t["actual"].astype(float).to_dict(), "expected": t["expected"].astype(float).to_dict(),
            "year_share": share, "stockouts": outs[c.ADVERTISED_ASIN].tolist()}


def record_stock(inv: pd.DataFrame, dates: ShipDates) -> dict[str, Any]:
    return {
        "status": {row[c.CHILD_ASIN]: row["status"] for _, row in inv.iterrows()},
        "available": {row[c.CHILD_ASIN]: (None if pd.isna(row["available"]) else float(row["available"]))
                      for _, row in inv.iterrows()},
        "to_send": float(inv["to_send"].sum()),
        "ship_by": dates.ship_by,
        "order_by": dates.order_by,
    }


def record_table(table: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows of a table as JSON-able dicts (NaN → None) for hn.record."""
    frame = table if columns is None else table[columns]
    return [{k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]


#: What each mode means, for the appendix.
MODE_TEXT = {"plan": "plan", "started": "event under way: the plan the review will measure",
             "review": "review of a past event"}


def assumptions(ctx: SeasonalContext) -> pd.DataFrame:
    """The settings used, for the appendix."""
    s = ctx.settings
    cut = ctx.event.cutoff(s.cutoff)
    rows = [
        ("Event", f"{ctx.event.name}, {ctx.event.dates_text}, {ctx.event.marketplace}"),
        ("Mode", MODE_TEXT[ctx.mode]),
        ("As of", f"{ctx.as_of:%b %-d, %Y} (data {ctx.first_day:%b %-d, %Y} – {ctx.last_day:%b %-d, %Y})"),
        ("Inbound cutoff planned against", f"{cutoff_label(cut[0])} {cut[1]:%b %-d, %Y}" if cut else "none listed"),
        ("Transit / production days", f"{s.transit_days} / {s.production_days}"),
        ("Lead-in / recovery days", f"{s.lead_in_days} / {s.recovery_days}"),
        ("Order warning window", f"{s.warning_days} days"),
        ("Scenario spread (one past event)", pct(s.spread, 0)),
        ("Prior window for multiples", f"{PRIOR_DAYS} days before the event"),
    ]
    return pd.DataFrame(rows, columns=["Setting", "Value"])


def lessons_section(ctx: SeasonalContext, table: pd.DataFrame, outs: pd.DataFrame, scen: pd.DataFrame,
                    inv: pd.DataFrame) -> Any:
    """The lessons callout in review mode; nothing to show in plan mode (the note above says when)."""
    from helpers.present.notebook import HTML, callout

    found = lessons(ctx, table, outs, scen, inv)
    return callout(found, title="Lessons for next time") if found else HTML("")


def record_drivers(moved: pd.Series, lost: pd.DataFrame) -> dict[str, Any]:
    """The event's multiples against a normal day and the stock-out estimate, for ``hn.record``."""
    return {"multiples": {k: (float(v) if np.isfinite(v) else None) for k, v in moved.items()},
            "lost_sales": record_table(lost.assign(first_dark=lost["first_dark"].astype(str)))
            if len(lost) else [], "lost_sales_total": float(lost["lost_sales"].sum()) if len(lost) else 0.0}


def stock_warnings_section(warnings: pd.DataFrame, inv: pd.DataFrame) -> Any:
    """The stock warnings table, or one line when no ASIN needs action (or none has a stock count)."""
    from helpers.present import tables
    from helpers.present.notebook import note

    if "known" in inv and not inv["known"].any():
        return note("Without a stock count no ASIN can be judged against the cutoff.")
    if warnings.empty:
        return note("No ASIN with a stock count needs action: none misses the cutoff, must be ordered now or runs out.")
    return tables.show(stock_display(warnings), columns=STOCK_COLUMNS, formats=STOCK_FORMATS, labels=STOCK_LABELS,
                       max_rows=20, caption="Warnings: ASINs that miss the cutoff, must be ordered now or run out")
