"""The launch's findings, computed once: one row per thing the account manager must act on or know.

A finding is a row of :data:`FINDING_COLUMNS`: ``id`` (stable, what tests and the ``.json`` key on),
``kind`` (``economics``, ``plan_gap``, ``stock``), ``subject`` (the product's ASIN or SKU), ``metric``,
``value`` (what was measured), ``reference`` (what it is judged against: plan, break-even, a date),
``gap`` (value − reference: points for rates, a share for amounts, days for dates), ``money`` (the
money behind it, in the report's currency; NaN when none applies) and ``severity`` (``high``,
``medium``, ``low``). The summary, "what to change next" and the ``.json`` are views of this frame
(:func:`recommendations` here, the sentences in :mod:`.story`).

Rules are tables: :data:`ADVICE` (plan-vs-actual gaps) and the checks in :func:`economics_findings`
and :func:`stock_findings`.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd

from helpers.metrics import METRICS
from helpers.playbooks.launch.context import LaunchContext
from helpers.present.formatting import pct

FINDING_COLUMNS = ["id", "kind", "subject", "metric", "value", "reference", "gap", "money", "severity"]
#: Formats of rates, whose gaps print in points.
RATE_FORMATS = frozenset({"pct", "percent"})
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
#: Within a severity: whether the ads make money at all comes first, then stock, then gaps to the plan.
KIND_ORDER = {"economics": 0, "stock": 1, "plan_gap": 2}

#: What to change after launch: (id, metric, when the gap is, threshold, severity, advice). Gaps are
#: actual − plan (points for rates, relative for amounts).
ADVICE = pd.DataFrame(
    [
        ("acos_above_plan", "acos", "above", 0.05, "medium",
         "ACoS runs {gap} over plan: cut bids on terms above the launch ACoS of {launch_acos} and move their budget "
         "to the hero exact terms."),
        ("cvr_below_plan", "cvr", "below", 0.02, "medium",
         "Conversion is {gap} under plan: check the main image, price and reviews before buying more clicks."),
        ("cpc_above_plan", "cpc", "above", 0.20, "medium",
         "CPC is {gap} over plan: bids run above the max bid of the glide path — bring them back to it week by week."),
        ("spend_below_plan", "spend", "below", 0.20, "medium",
         "Spend is {gap} under plan: bids are too low to win impressions — raise the hero exact bids towards the "
         "max bid."),
        ("spend_above_plan", "spend", "above", 0.20, "high",
         "Spend is {gap} over plan: lower budgets on discovery campaigns and add negatives."),
        ("ad_orders_below_plan", "ad_orders", "below", 0.20, "medium",
         "Ad orders are {gap} under plan: velocity is behind — keep ads on until rank holds."),
        ("organic_share_below_plan", "organic_share", "below", 0.10, "medium",
         "Organic share is {gap} under plan: the product is not ranking yet — keep spend on the hero terms rather "
         "than cutting it."),
        ("reviews_below_plan", "reviews", "below", 0.25, "medium",
         "Reviews are {gap} behind plan: confirm Vine units were shipped and Request a Review runs on every order."),
    ],
    columns=["id", "metric", "when", "threshold", "severity", "advice"],
)

#: Advice for the findings that do not come from :data:`ADVICE`.
OTHER_ADVICE = {
    "acos_above_break_even": "Ads lose money on every sale at {value} ACoS against a {reference} break-even: bring "
                             "bids down to the glide path's max bid before scaling spend.",
    "reorder_overdue": "Order stock now: the reorder date passed on {reference}.",
    "stockout_in_ramp": "Ship more stock or slow the ramp: planned stock runs out on {reference}, before the ramp "
                        "ends.",
    "out_of_stock_now": "Restock now: the {reference} units counted at launch are likely sold out ({value} sold "
                        "since), and a stock-out loses the rank the ads bought.",
    "stock_shortfall": "Stock on hand and inbound fall {value} units short of the ramp plus lead time and safety "
                       "stock: add them to the next purchase order.",
}
ON_TRACK = "The launch is tracking the plan: keep the ramp as planned and review again at the next checkpoint."


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    for col in ("value", "reference", "gap", "money"):
        if out[col].map(lambda v: isinstance(v, float | int) or v is None).all():
            out[col] = out[col].astype(float)
    return out


def _finite(x: Any) -> bool:
    return isinstance(x, float | int) and math.isfinite(float(x))


def plan_gap_findings(table: pd.DataFrame, *, subject: str = "") -> pd.DataFrame:
    """One finding per :data:`ADVICE` rule whose condition holds on the plan-vs-actual ``table``
    (columns metric, format, plan, actual, gap), in rule order. ``money``: for spend, actual − plan;
    for ACoS, the extra spend at the actual ad sales (gap in points × ad sales); else NaN."""
    gaps = table.set_index("metric")
    rows = []
    for rule in ADVICE.itertuples(index=False):
        if rule.metric not in gaps.index:
            continue
        row = gaps.loc[rule.metric]
        gap = row["gap"]
        if not _finite(gap):
            continue
        if not (gap > rule.threshold if rule.when == "above" else gap < -rule.threshold):
            continue
        money = math.nan
        if rule.metric == "spend":
            money = float(row.get("actual", math.nan)) - float(row.get("plan", math.nan))
        elif rule.metric == "acos" and "spend" in gaps.index and _finite(row.get("actual")) and row["actual"] > 0:
            money = float(gap) * float(gaps.loc["spend", "actual"]) / float(row["actual"])
        rows.append({"id": rule.id, "kind": "plan_gap", "subject": subject, "metric": rule.metric,
                     "value": row.get("actual", math.nan), "reference": row.get("plan", math.nan), "gap": float(gap),
                     "money": money, "severity": rule.severity})
    return _frame(rows)


def economics_findings(table: pd.DataFrame, econ: pd.Series, *, subject: str = "") -> pd.DataFrame:
    """``acos_above_break_even`` when the actual ACoS since launch is above the break-even ACoS: every
    ad sale then costs more than the unit margin. ``money`` = spend − break-even ACoS × ad sales (what
    the ads cost beyond the margin their sales left)."""
    if table.empty or "acos" not in set(table["metric"]):
        return _frame([])
    t = table.set_index("metric")
    acos, be = t.loc["acos", "actual"], float(econ["break_even_acos"])
    if not (_finite(acos) and math.isfinite(be)) or acos <= be:
        return _frame([])
    spend = float(t.loc["spend", "actual"]) if "spend" in t.index else math.nan
    ad_sales = spend / acos if acos > 0 else math.nan
    return _frame([{"id": "acos_above_break_even", "kind": "economics", "subject": subject, "metric": "acos",
                    "value": float(acos), "reference": be, "gap": float(acos) - be, "money": spend - be * ad_sales,
                    "severity": "high"}])


def stock_findings(stock: dict[str, Any], *, today: date | None, subject: str = "",
                   position: dict[str, Any] | None = None) -> pd.DataFrame:
    """Stock findings of :func:`helpers.playbooks.launch.stock.inventory_plan`: ``reorder_overdue``
    (the reorder date is before ``today``; gap = days overdue), ``stockout_in_ramp`` and
    ``stock_shortfall`` (units short of ramp + lead time + safety stock); with the product's ``position``
    (:func:`helpers.playbooks.launch.stock.stock_position`), ``out_of_stock_now`` when it has no units
    available or inbound on ``today`` (value: units sold since the count; reference: the count)."""
    rows = []
    if position is not None and position.get("known") and (position["available"] + position["inbound"]) <= 0:
        rows.append({"id": "out_of_stock_now", "kind": "stock", "subject": subject, "metric": "units",
                     "value": float(position["sold_since"]), "reference": float(position["counted"]),
                     "gap": float(position["available"]), "money": math.nan, "severity": "high"})
    reorder = stock.get("reorder_date")
    if reorder is not None and today is not None and reorder < today:
        rows.append({"id": "reorder_overdue", "kind": "stock", "subject": subject, "metric": "reorder_date",
                     "value": today, "reference": reorder, "gap": float((today - reorder).days), "money": math.nan,
                     "severity": "high"})
    if stock.get("stockout_in_ramp"):
        rows.append({"id": "stockout_in_ramp", "kind": "stock", "subject": subject, "metric": "stockout_date",
                     "value": stock["stockout_date"], "reference": stock["ramp_end"], "gap": math.nan,
                     "money": math.nan, "severity": "high"})
    if stock.get("shortfall", 0) > 0:
        rows.append({"id": "stock_shortfall", "kind": "stock", "subject": subject, "metric": "units",
                     "value": float(stock["shortfall"]), "reference": float(stock["units_needed"]),
                     "gap": float(stock["shortfall"]), "money": math.nan, "severity": "medium"})
    return _frame(rows)


def findings(*parts: pd.DataFrame) -> pd.DataFrame:
    """The findings tables in one frame: most severe first, then by :data:`KIND_ORDER`, then most money."""
    kept = [p for p in parts if not p.empty]
    if not kept:
        return _frame([])
    out = pd.concat(kept, ignore_index=True)
    money = out["money"].astype(float).abs().fillna(-1.0)
    order = out.assign(_s=out["severity"].map(SEVERITY_ORDER), _k=out["kind"].map(KIND_ORDER), _m=-money)
    order = order.sort_values(["_s", "_k", "_m"], kind="stable")
    return order.drop(columns=["_s", "_k", "_m"]).reset_index(drop=True)


def _gap_text(row: Any, fmt: str) -> str:
    return f"{abs(row.gap) * 100:.1f} pts" if fmt in RATE_FORMATS else f"{abs(row.gap):.0%}"


def recommendations(found: pd.DataFrame, econ: pd.Series, *, formats: dict[str, str] | None = None) -> list[str]:
    """The advice of each finding, in the order of ``found``; :data:`ON_TRACK` when there is none."""
    from helpers.present.formatting import count

    fmt = {"acos": str(METRICS.at["acos", "format"]), "cvr": "pct", "organic_share": "pct"} | (formats or {})
    advice = ADVICE.set_index("id")["advice"]
    out = []
    for row in found.itertuples(index=False):
        if row.id in advice.index:
            out.append(advice[row.id].format(gap=_gap_text(row, fmt.get(row.metric, "")),
                                             launch_acos=pct(econ["launch_acos"])))
        elif row.id in OTHER_ADVICE:
            value = pct(row.value) if row.metric == "acos" else (
                count(row.value) if isinstance(row.value, float) else f"{row.value:%b %-d, %Y}")
            ref = pct(row.reference) if row.metric == "acos" else (
                count(row.reference) if isinstance(row.reference, float) else f"{row.reference:%b %-d, %Y}")
            out.append(OTHER_ADVICE[row.id].format(value=value, reference=ref))
    return out or [ON_TRACK]


def record_findings(found: pd.DataFrame) -> list[dict[str, Any]]:
    """Findings as JSON-able rows (dates as ISO text, NaN as None) for ``hn.record``."""
    def clean(v: Any) -> Any:
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, float) and not math.isfinite(v):
            return None
        return v

    return [{k: clean(v) for k, v in row.items()} for row in found.to_dict(orient="records")]


def next_steps(ctx: LaunchContext, found: pd.DataFrame, econ: pd.Series, tasks: pd.DataFrame) -> list[str]:
    """Post-launch: :func:`recommendations` of all findings. Before launch: the next dated tasks from the
    report's as-of date on, then the advice of the stock findings."""
    if ctx.launched:
        return recommendations(found, econ)
    upcoming = tasks[tasks["end"] >= pd.Timestamp(ctx.today)].head(4)
    steps = [f"{row.task}: {row.start:%b %-d}" + ("" if row.milestone else f" – {row.end:%b %-d}") + "."
             for row in upcoming.itertuples(index=False)]
    stock = found[found["kind"] == "stock"]
    return steps + (recommendations(stock, econ) if not stock.empty else [])


def launch_findings(ctx: LaunchContext, comparison: pd.DataFrame, econ: pd.Series,
                    stock: dict[str, Any], position: dict[str, Any] | None = None) -> pd.DataFrame:
    """All findings of the launch, computed once: economics and plan gaps once the product is live
    (``comparison`` = :func:`helpers.playbooks.launch.actuals.plan_vs_actual`), stock always, judged on
    the report's as-of date."""
    subject = ctx.asin or ctx.sku or ctx.key
    parts = [stock_findings(stock, today=ctx.today, subject=subject, position=position if ctx.launched else None)]
    if ctx.launched:
        parts = [economics_findings(comparison, econ, subject=subject),
                 plan_gap_findings(comparison, subject=subject), *parts]
    return findings(*parts)
