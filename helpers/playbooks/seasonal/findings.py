"""The seasonal report's findings, computed once: one row per number the summary states.

A finding is a row of :data:`FINDING_COLUMNS` (the launch's columns): ``id`` (stable, what tests and
the ``.json`` key on), ``kind`` (``uplift``, ``budget``, ``stock``, ``review``, ``moved``), ``subject``
(the event's slug, or the ASIN), ``metric``, ``value`` (what is planned or measured), ``reference``
(what it is judged against: the usual days, the plan, a date), ``gap`` (value ÷ reference − 1 for
amounts and multiples, points for rates, days for dates), ``money`` (the money behind it, in the
report's currency; NaN when none applies) and ``severity`` (``high``, ``medium``, ``low``).

The summary (:func:`helpers.playbooks.seasonal.story.headlines`) and the ``.json``'s ``findings`` are
views of this frame, so a figure printed in the summary is the one recorded.

* ``sales_conservative`` / ``sales_expected`` / ``sales_stretch`` — planned event sales per scenario
  against the same days at the usual (pre-event) rate; gap = the uplift.
* ``ad_budget`` (event-day ad spend vs the usual days), ``planned_cpc`` (the CPC multiple vs 1),
  ``planned_acos`` (vs the target ACoS), ``planned_tacos``.
* Plan mode only, judged on the report's as-of date (:attr:`SeasonalContext.judged_on`): the event's
  ``ship_by`` and ``order_by`` dates (value the date, gap days left, negative once passed); per ASIN
  ``ship_by_passed`` (units to send, reference the ship-by date, gap days late), ``order_now``
  (reference the order-by date, gap days left), ``restock_now`` (runs out within the warning window:
  value the run-out date, reference the judging date, gap days left), ``watch_stock`` (runs out later,
  before the recovery days end), ``stock_unknown``. ``money`` of a shortfall = units to send × the
  ASIN's expected event price (the sales those units carry).
* Review mode: ``sales_vs_plan``, ``units_vs_plan``, ``ad_spend_vs_plan`` (gap: actual ÷ expected − 1,
  money actual − expected), ``acos_vs_plan``, ``tacos_vs_plan`` (gap in points); ``moved_<multiple>``
  for each of :func:`helpers.playbooks.seasonal.actuals.event_drivers` (value the multiple, reference
  1); ``stockout`` per dark ASIN (value days dark, money the estimated lost sales).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext
from helpers.playbooks.seasonal.stock import ShipDates

FINDING_COLUMNS = ["id", "kind", "subject", "metric", "value", "reference", "gap", "money", "severity"]
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
KIND_ORDER = {"review": 0, "moved": 1, "stock": 2, "uplift": 3, "budget": 4}
#: Review rows: (id, metric of :func:`helpers.playbooks.seasonal.actuals.review`).
REVIEW_FINDINGS = [("sales_vs_plan", "total_sales"), ("units_vs_plan", "units"), ("ad_spend_vs_plan", "ad_spend"),
                   ("acos_vs_plan", "acos"), ("tacos_vs_plan", "tacos")]
RATE_METRICS = {"acos", "tacos"}


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def _share(value: float, reference: float) -> float:
    return float(m.safe_div(value, reference)) - 1.0


def _day(value: Any) -> dt.date:
    return pd.Timestamp(value).date()


def plan_findings(ctx: SeasonalContext, planned: pd.DataFrame, scen: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """Uplift range and budget of the plan (``planned``: :func:`planned_event`; ``base``: :func:`baseline`)."""
    days, slug = ctx.event.days, ctx.event.slug
    usual_sales = float(base.loc[m.TOTAL_SALES, "event"]) * days
    usual_spend = float(base.loc["ad_spend", "event"]) * days
    rows = []
    for s in SCENARIOS:
        value = float(planned.loc["total_sales", s])
        rows.append({"id": f"sales_{s}", "kind": "uplift", "subject": slug, "metric": "total_sales", "value": value,
                     "reference": usual_sales, "gap": _share(value, usual_sales), "money": value - usual_sales,
                     "severity": "low"})
    spend = float(planned.loc["ad_spend", "expected"])
    target = float(ctx.params.target_acos())
    acos = float(planned.loc["acos", "expected"])
    rows += [
        {"id": "ad_budget", "kind": "budget", "subject": slug, "metric": "ad_spend", "value": spend,
         "reference": usual_spend, "gap": _share(spend, usual_spend), "money": spend, "severity": "medium"},
        {"id": "planned_cpc", "kind": "budget", "subject": slug, "metric": "cpc_multiple",
         "value": float(scen.loc["cpc", "expected"]), "reference": 1.0,
         "gap": float(scen.loc["cpc", "expected"]) - 1.0, "money": math.nan, "severity": "low"},
        {"id": "planned_acos", "kind": "budget", "subject": slug, "metric": "acos", "value": acos, "reference": target,
         "gap": acos - target, "money": math.nan,
         "severity": "medium" if np.isfinite(target) and acos > target else "low"},
        {"id": "planned_tacos", "kind": "budget", "subject": slug, "metric": "tacos",
         "value": float(planned.loc["tacos", "expected"]), "reference": math.nan, "gap": math.nan, "money": math.nan,
         "severity": "low"},
    ]
    return _frame(rows)


def stock_findings(ctx: SeasonalContext, inv: pd.DataFrame, dates: ShipDates, asins: pd.DataFrame) -> pd.DataFrame:
    """One finding per ASIN whose stock needs action or is unknown (plan mode only: before a review the
    plan's stock is history, not advice). ``inv``: :func:`inventory_plan`; ``asins``: :func:`asin_plan`."""
    if ctx.mode != "plan" or inv.empty:
        return _frame([])
    judged = ctx.judged_on
    soon = pd.Timestamp(judged + dt.timedelta(days=ctx.settings.warning_days))
    price = asins.set_index(c.CHILD_ASIN)
    price = m.safe_div(price["sales_expected"], price["units_expected"]) if "units_expected" in price else \
        price.get("price", pd.Series(dtype=float))
    rows = []
    for fid, day in (("ship_by", dates.ship_by), ("order_by", dates.order_by)):
        if day is not None:
            left = float((day - judged).days)
            rows.append({"id": fid, "kind": "stock", "subject": ctx.event.slug, "metric": fid, "value": day,
                         "reference": judged, "gap": left, "money": math.nan,
                         "severity": "medium" if left < 0 else "low"})
    for row in inv.itertuples(index=False):
        asin, status = getattr(row, c.CHILD_ASIN), row.status
        money = float(row.to_send) * float(price.get(asin, math.nan)) if pd.notna(row.to_send) else math.nan
        base = {"kind": "stock", "subject": asin}
        if status == "ship-by passed":
            rows.append(base | {"id": "ship_by_passed", "metric": "to_send", "value": float(row.to_send),
                                "reference": dates.ship_by, "gap": float((judged - dates.ship_by).days),
                                "money": money, "severity": "high"})
        elif status == "order now":
            rows.append(base | {"id": "order_now", "metric": "to_send", "value": float(row.to_send),
                                "reference": dates.order_by, "gap": float((dates.order_by - judged).days),
                                "money": money, "severity": "high"})
        elif status == "runs out":
            out = _day(row.runs_out)
            rows.append(base | {"id": "restock_now" if row.runs_out <= soon else "watch_stock", "metric": "runs_out",
                                "value": out, "reference": judged, "gap": float((out - judged).days),
                                "money": money, "severity": "high" if row.runs_out <= soon else "medium"})
        elif status == "unknown":
            rows.append(base | {"id": "stock_unknown", "metric": "available", "value": math.nan,
                                "reference": ctx.as_of, "gap": math.nan, "money": math.nan, "severity": "medium"})
    out = _frame(rows)
    if out.empty:
        return out
    # the event's dates first; within an id: soonest run-out first, most units to send first
    sends = pd.to_numeric(out["value"].where(out["metric"] == "to_send"), errors="coerce")
    key = out["gap"].where(out["metric"] == "runs_out", -sends.fillna(0.0))
    key = key.where(~out["id"].isin(["ship_by", "order_by"]), -math.inf)
    return out.assign(_k=key.astype(float)).sort_values(["_k"], kind="stable").drop(columns="_k")


def review_findings(ctx: SeasonalContext, table: pd.DataFrame, moved: pd.Series, lost: pd.DataFrame) -> pd.DataFrame:
    """Actual vs the plan (``table``: :func:`review`), what moved (``moved``: :func:`event_drivers`) and
    the stock-outs with their estimated lost sales (``lost``: :func:`lost_sales`). Empty outside review."""
    if ctx.mode != "review" or table.empty:
        return _frame([])
    slug, t = ctx.event.slug, table.set_index("metric")
    rows = []
    for fid, metric in REVIEW_FINDINGS:
        actual, expected = float(t.loc[metric, "actual"]), float(t.loc[metric, "expected"])
        rate = metric in RATE_METRICS
        below = actual < float(t.loc[metric, "conservative"])
        rows.append({"id": fid, "kind": "review", "subject": slug, "metric": metric, "value": actual,
                     "reference": expected, "gap": actual - expected if rate else _share(actual, expected),
                     "money": math.nan if rate or metric == "units" else actual - expected,
                     "severity": "high" if metric == "total_sales" and below else "medium"})
    for metric, value in moved.items():
        rows.append({"id": f"moved_{metric}", "kind": "moved", "subject": slug, "metric": metric, "value": float(value),
                     "reference": 1.0, "gap": float(value) - 1.0, "money": math.nan, "severity": "low"})
    for row in lost.sort_values("days_dark", ascending=False, kind="stable").itertuples(index=False):
        rows.append({"id": "stockout", "kind": "stock", "subject": getattr(row, c.ADVERTISED_ASIN),
                     "metric": "days_dark", "value": float(row.days_dark), "reference": math.nan, "gap": math.nan,
                     "money": float(row.lost_sales), "severity": "high"})
    return _frame(rows)


def seasonal_findings(ctx: SeasonalContext, *, planned: pd.DataFrame, scen: pd.DataFrame, base: pd.DataFrame,
                      inv: pd.DataFrame, dates: ShipDates, asins: pd.DataFrame, table: pd.DataFrame,
                      moved: pd.Series, lost: pd.DataFrame) -> pd.DataFrame:
    """All findings of the seasonal report, computed once, in a stable order: review, what moved,
    stock, uplift, budget (rows keep their order within a kind)."""
    parts = [review_findings(ctx, table, moved, lost), stock_findings(ctx, inv, dates, asins),
             plan_findings(ctx, planned, scen, base)]
    kept = [p for p in parts if not p.empty]
    if not kept:
        return _frame([])
    out = pd.concat(kept, ignore_index=True)
    return out.assign(_k=out["kind"].map(KIND_ORDER)).sort_values("_k", kind="stable").drop(columns="_k") \
        .reset_index(drop=True)


def record_findings(found: pd.DataFrame) -> list[dict[str, Any]]:
    """Findings (or any frame of them, such as the actions) as JSON-able rows (dates as ISO text,
    NaN as None, numpy numbers as Python numbers) for ``hn.record``."""
    def clean(v: Any) -> Any:
        if isinstance(v, dt.datetime):
            return v.date().isoformat()
        if isinstance(v, dt.date):
            return v.isoformat()
        if isinstance(v, float | np.floating) and not math.isfinite(float(v)):
            return None
        if isinstance(v, np.floating):
            return float(v)
        if isinstance(v, np.integer):
            return int(v)
        return v

    return [{k: clean(v) for k, v in row.items()} for row in found.to_dict(orient="records")]
