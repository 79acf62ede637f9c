"""Labels, formats and the ``record_*`` helpers of the launch report's tables."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pandas as pd

from helpers.metrics import METRICS
from helpers.playbooks.launch.assumptions import ASSUMPTIONS, RULES

#: The ACoS label, from :data:`helpers.metrics.METRICS` (its one source).
ACOS = str(METRICS.at["acos", "label"])

ECONOMICS_ROWS = [
    ("price", "Price", "money2"),
    ("cogs", "Cost of goods", "money2"),
    ("fees", "Amazon fees (referral + FBA)", "money2"),
    ("unit_margin", "Margin per unit before ads", "money2"),
    ("break_even_acos", f"Break-even {ACOS}", "pct"),
    ("post_ad_margin", "Target margin after ads", "pct"),
    ("target_acos", f"Target {ACOS} (after launch)", "pct"),
    ("launch_acos", f"{ACOS} allowed while ranking", "pct"),
    ("ad_cost_per_order_at_launch", f"Ad cost per order at that {ACOS}", "money2"),
    ("profit_per_ad_order_at_launch", f"Profit per ad order at that {ACOS}", "money2"),
]


def economics_display(econ: pd.Series, currency: str) -> pd.DataFrame:
    from helpers.present.formatting import formatter

    return pd.DataFrame(
        [{"Item": label, "Value": formatter(kind, currency)(econ[name])} for name, label, kind in ECONOMICS_ROWS]
    )


#: The ramp table's columns: the week's start date names the week (a week-number column would push the
#: table past the page margin).
RAMP_COLUMNS = ["start", "spend", "clicks", "ad_orders", "organic_units", "cpc", "cvr", "acos",
                "target_acos", "max_cpc"]


RAMP_FORMATS = {"spend": "money", "clicks": "count", "ad_orders": "count", "organic_units": "count", "cpc": "money2",
                "cvr": "pct", "target_acos": "pct", "max_cpc": "money2", "week": "count"}


RAMP_LABELS = {"week": "Week", "start": "Week of", "spend": "Budget", "clicks": "Clicks", "ad_orders": "Ad orders",
               "organic_units": "Organic", "cpc": "CPC", "cvr": "CVR", "acos": f"Exp. {ACOS}",
               "target_acos": f"Target {ACOS}", "max_cpc": "Max bid"}


def ramp_display(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[RAMP_COLUMNS].copy()
    out["start"] = out["start"].dt.strftime("%-m/%-d")
    return out


SENSITIVITY_FORMATS = {"cpc": "money2", "cvr": "pct", "budget": "money", "profit_per_ad_order": "money2"}


SENSITIVITY_LABELS = {"scenario": "Scenario", "cpc": "CPC", "cvr": "CVR", "budget": "Budget",
                      "profit_per_ad_order": "Profit per ad order"}


CLUSTER_FORMATS = {"terms": "count", "clicks": "count", "spend": "money", "sales": "money", "orders": "count",
                   "cvr": "pct", "cpc": "money2"}


CLUSTER_COLUMNS = ["cluster_name", "terms", "clicks", "spend", "sales", "orders", "acos", "cvr", "cpc"]


CLUSTER_LABELS = {"cluster_name": "Cluster (top term)", "terms": "Terms", "clicks": "Clicks", "spend": "Spend",
                  "sales": "Ad sales", "orders": "Orders", "cvr": "CVR", "cpc": "CPC"}


STRUCTURE_FORMATS = {"bid": "money2", "daily_budget": "money2", "min_bid": "money2", "max_bid": "money2",
                     "targets": "count"}


STRUCTURE_LABELS = {"campaign_type": "Type", "campaign": "Campaign", "ad_group": "Ad group", "target": "Target",
                    "match_type": "Match", "bid": "Start bid", "daily_budget": "Daily budget", "targets": "Targets",
                    "min_bid": "Lowest bid", "max_bid": "Highest bid"}


def inventory_table(stock: dict[str, Any], currency: str, *, today: date | None = None,
                    position: dict[str, Any] | None = None) -> pd.DataFrame:
    """The stock plan as rows of text; a reorder date before ``today`` reads "overdue"; ``position``
    (:func:`helpers.playbooks.launch.stock.stock_position`) adds the units at FBA on ``today`` when a count
    exists."""
    from helpers.present.formatting import count

    def day(d: date | None) -> str:
        return "—" if d is None else f"{d:%b %-d, %Y}"

    reorder = day(stock["reorder_date"])
    if stock["reorder_date"] is not None and today is not None and stock["reorder_date"] < today:
        reorder += " (overdue)"

    rows = [
        ("Units sold through the ramp", count(stock["units_ramp"])),
        ("Safety stock", count(stock["safety_stock"])),
        ("Units sold during the reorder lead time", count(stock["lead_time_units"])),
        ("Units needed (ramp + lead time + safety)", count(stock["units_needed"])),
        ("Stock on hand + inbound", count(stock["supply"])),
        ("Shortfall", count(stock["shortfall"])),
        ("Reorder point (units)", count(stock["reorder_point"])),
        ("Reorder by", reorder),
        ("Planned stock runs out", day(stock["stockout_date"]) if stock["stockout_date"] else "not within the plan"),
    ]
    if position is not None and today is not None and position["known"]:
        if position["source"] == "snapshot":
            shown = (f"{count(position['available'])} available + {count(position['inbound'])} inbound "
                     f"(Amazon's FBA inventory report of {position['counted_on']:%b %-d, %Y})")
        else:
            shown = (f"about {count(position['available'])} available + {count(position['inbound'])} inbound "
                     f"({count(position['counted'])} counted on {position['counted_on']:%b %-d, %Y}, "
                     f"{count(position['sold_since'])} sold since)")
        rows.append((f"At FBA on {today:%b %-d, %Y}", shown))
    return pd.DataFrame(rows, columns=["Item", "Value"])


def timeline_display(tasks: pd.DataFrame) -> pd.DataFrame:
    out = tasks[["task", "phase"]].copy()
    out["when"] = [f"{s:%b %-d, %Y}" if ms else f"{s:%b %-d} – {e:%b %-d, %Y}"
                   for s, e, ms in zip(tasks["start"], tasks["end"], tasks["milestone"], strict=True)]
    return out


def comparison_display(table: pd.DataFrame, currency: str) -> pd.DataFrame:
    from helpers.present.formatting import formatter

    rows = []
    for r in table.itertuples(index=False):
        value = formatter(r.format, currency)
        gap = formatter("pts" if r.format == "pct" else "pct_signed")
        rows.append({"Metric": r.label, "Plan": value(r.plan), "Actual": value(r.actual), "Gap": gap(r.gap)})
    return pd.DataFrame(rows)


def comparison_classes(table: pd.DataFrame) -> dict[str, list[str | None]]:
    out = []
    for gap, direction in zip(table["gap"], table["direction"], strict=True):
        if direction == "neutral" or not (isinstance(gap, float) and math.isfinite(gap)) or abs(gap) < 1e-9:
            out.append(None)
        else:
            out.append("good" if (gap > 0) == (direction == "higher") else "bad")
    return {"Gap": out}


def assumptions_table() -> pd.DataFrame:
    """The planning assumptions in client words (the meaning, then the value; no internal names)."""
    out = ASSUMPTIONS.reset_index()[["meaning", "value"]]
    out["meaning"] = out["meaning"].map(lambda s: s[:1].upper() + s[1:])
    out["value"] = out["value"].map(lambda v: f"{v:g}")
    return out.rename(columns={"meaning": "Assumption", "value": "Value"})


PROGRAM_LABELS = {"vine": "Amazon Vine", "request_review": "Request a Review"}


def rules_table() -> pd.DataFrame:
    """Amazon's rules in client words; third-party sources go to the operator notes, not the client."""
    out = RULES[["program", "value", "meaning"]].copy()
    out["program"] = out["program"].map(lambda p: PROGRAM_LABELS.get(p, p))
    out["value"] = out["value"].map(lambda v: f"{v:g}" if isinstance(v, float | int) else str(v))
    return out.rename(columns={"program": "Program", "value": "Value", "meaning": "Meaning"})


def record_plan(frame: pd.DataFrame) -> dict[str, Any]:
    return {"weeks": len(frame), "spend": frame["spend"].tolist(), "ad_orders": frame["ad_orders"].tolist(),
            "target_acos": frame["target_acos"].tolist(), "acos": frame["acos"].tolist()}


def record_stock(stock: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stock.items() if k != "levels"}


def record_comparison(table: pd.DataFrame) -> dict[str, Any]:
    return {r.metric: {"plan": r.plan, "actual": r.actual, "gap": r.gap} for r in table.itertuples(index=False)}


def record_timeline(tasks: pd.DataFrame) -> dict[str, Any]:
    return {r.task: {"start": r.start.date().isoformat(), "end": r.end.date().isoformat()}
            for r in tasks.itertuples(index=False)}


ACTUAL_FORMATS = {"spend": "money", "clicks": "count", "orders": "count", "sales": "money", "cvr": "pct",
                  "cpc": "money2", "week": "count"}


ACTUAL_LABELS = {"week": "Week", "start": "Starts", "spend": "Spend", "clicks": "Clicks", "orders": "Ad orders",
                 "sales": "Ad sales", "cvr": "CVR", "cpc": "CPC"}


def actual_display(actual: pd.DataFrame) -> pd.DataFrame:
    out = actual.copy()
    out["start"] = pd.to_datetime(out["start"]).dt.strftime("%-m/%-d")
    return out


def record_drivers(drivers: pd.DataFrame) -> dict[str, Any]:
    """ACoS drivers by factor (plan, actual, ratio, points explained) for ``hn.record``."""
    return {r.factor: {"plan": r.plan, "actual": r.actual, "ratio": r.ratio, "pts": r.pts}
            for r in drivers.itertuples(index=False)}
