"""What to do before the event, ranked by the sales at stake: a view of the findings, never a second
computation.

One row per action (:data:`ACTION_COLUMNS`): ``finding`` (the finding id it comes from), ``subject``
(the ASIN, or ``""`` for the whole account), ``products`` (how many ASINs the row stands for: the
stock to watch and the stock to count are one row each, however many ASINs), ``due`` (the day it must
be done by, never before the day the plan is judged on: a passed deadline is due now), ``money`` (the
event sales at stake, see below) and the numbers its sentence states (``units``; ``day`` — for a group,
its earliest —; ``value``; ``reference``). Only a plan has actions: a started event is left to
its review, and a review's lessons are its own section.

**Sales at stake.** For stock, the event sales the ASIN's missing units carry: the finding's units to
send × expected event price, but never more than the ASIN's expected event sales (units to send can
cover months of ordinary sales before a distant event); a group sums its ASINs; NaN for a count that
is unknown. For the budget ramp, the expected event sales above the usual days (the uplift it buys).
Bids and deals carry no amount of their own.

Order: most sales at stake first (NaN last), then the earliest due day, then the findings' order.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

from helpers.playbooks.seasonal.context import SeasonalContext
from helpers.playbooks.seasonal.findings import record_findings
from helpers.playbooks.seasonal.stock import ShipDates
from helpers.present.formatting import count, money, pct

ACTION_COLUMNS = ["finding", "subject", "products", "due", "money", "units", "day", "value", "reference"]
#: Findings that become one action for all their ASINs.
GROUPED = ("watch_stock", "stock_unknown")


def next_actions(ctx: SeasonalContext | Any, found: pd.DataFrame, dates: ShipDates, asins: pd.DataFrame) -> pd.DataFrame:
    """The plan's actions from its findings (``found``: :func:`~.findings.seasonal_findings`), the
    event's ship dates and the per-ASIN plan (``asins``: :func:`~.asins.asin_plan`, for each ASIN's
    expected event sales), in the module's order; empty outside plan mode."""
    if ctx.mode != "plan" or found.empty:
        return pd.DataFrame(columns=ACTION_COLUMNS)
    judged = ctx.judged_on
    lead_in = ctx.event.start - dt.timedelta(days=ctx.settings.lead_in_days)
    event_sales = (asins.set_index("child_asin")["sales_expected"].astype(float)
                   if {"child_asin", "sales_expected"} <= set(asins.columns) else pd.Series(dtype=float))  # fmt: skip

    def due(day: dt.date | None) -> dt.date:
        return judged if day is None or day < judged else day

    def at_stake(asin: str, units_money: float) -> float:
        cap = float(event_sales.get(asin, math.nan))
        return float(np.fmin(units_money, cap)) if np.isfinite(units_money) else math.nan

    rows: list[dict[str, Any]] = []
    for row in found.itertuples(index=False):
        base = {"finding": row.id, "subject": row.subject, "products": 1, "money": math.nan, "units": math.nan,
                "day": None, "value": math.nan, "reference": math.nan}  # fmt: skip
        if row.id in ("ship_by_passed", "order_now"):
            order_by = row.reference if row.id == "order_now" else None
            rows.append(base | {"units": float(row.value), "money": at_stake(row.subject, float(row.money)),
                                "due": due(order_by), "day": row.reference})
        elif row.id in ("restock_now", "watch_stock"):
            when = judged if row.id == "restock_now" else dates.order_by
            rows.append(base | {"day": row.value, "money": at_stake(row.subject, float(row.money)), "due": due(when)})
        elif row.id == "stock_unknown":
            rows.append(base | {"due": due(dates.ship_by)})
        elif row.id == "ad_budget":
            expected = found.loc[found["id"] == "sales_expected", "money"]
            rows.append(base | {"subject": "", "money": float(expected.iloc[0]) if len(expected) else math.nan,
                                "value": float(row.value), "due": due(lead_in)})
        elif row.id == "planned_acos" and row.severity != "low":
            rows.append(base | {"subject": "", "value": float(row.value), "reference": float(row.reference),
                                "due": due(lead_in)})
    if ctx.event.deal_deadline and ctx.event.deal_deadline >= judged:
        rows.append({"finding": "deal_deadline", "subject": "", "products": 0, "money": math.nan, "units": math.nan,
                     "day": ctx.event.deal_deadline, "value": math.nan, "reference": math.nan,
                     "due": ctx.event.deal_deadline})  # fmt: skip
    out = _grouped(pd.DataFrame(rows, columns=ACTION_COLUMNS))
    if out.empty:
        return out
    key = pd.DataFrame({"m": -out["money"].astype(float).fillna(-np.inf), "d": pd.to_datetime(out["due"]),
                        "i": range(len(out))})  # fmt: skip
    return out.loc[key.sort_values(["m", "d", "i"], kind="stable").index].reset_index(drop=True)


def _grouped(actions: pd.DataFrame) -> pd.DataFrame:
    """The :data:`GROUPED` findings as one row each: the first ASIN (the findings' most urgent) as the
    subject, how many ASINs, the earliest day, the summed sales at stake (NaN when none is known)."""
    keep = [actions[~actions["finding"].isin(GROUPED)]]
    for finding in GROUPED:
        group = actions[actions["finding"] == finding]
        if len(group) <= 1:
            keep.append(group)
            continue
        first = group.iloc[0].copy()
        first["products"] = len(group)
        first["money"] = group["money"].astype(float).sum(min_count=1)
        days = [d for d in group["day"] if d is not None and not pd.isna(d)]
        first["day"] = min(days) if days else None
        keep.append(first.to_frame().T)
    out = pd.concat([k for k in keep if len(k)], ignore_index=True) if any(len(k) for k in keep) else actions
    return out.astype({"money": float}).reset_index(drop=True)


def action_text(action: pd.Series | Any, currency: str) -> str:
    """The client sentence of one action: what to do, with the number it rests on."""
    fid, day = action["finding"], action["day"]
    when = f"{day:%b %-d, %Y}" if isinstance(day, dt.date) else ""
    if fid == "ship_by_passed":
        return (f"Make the stock last: {_more_units(action['units'])} "
                f"needed but the ship-by date ({when}) has passed; pace sales with bids and price")
    if fid == "order_now":
        return f"Order {_units(action['units'])} to arrive before the inbound cutoff"
    if fid == "restock_now":
        return f"Restock now: runs out on {when} at today's pace"
    many = int(action.get("products", 1) or 1)
    if fid == "watch_stock" and many > 1:
        return (f"Plan the event order for {count(many)} ASINs whose stock runs out before the event's recovery days "
                f"end (first {action['subject']}, on {when})")
    if fid == "watch_stock":
        return f"Plan the event order: stock runs out on {when}, before the event's recovery days end"
    if fid == "stock_unknown":
        what = f"{count(many)} ASINs have" if many > 1 else "it has"
        return f"Count the stock: {what} no inventory count before the plan date"
    if fid == "ad_budget":
        return f"Set the budget ramp: {money(action['value'], currency)} of ad spend on event days"
    if fid == "planned_acos":
        return (f"Set event bids for the target ACoS: the plan runs at {pct(action['value'])} "
                f"against {pct(action['reference'])}")
    if fid == "deal_deadline":
        return "Submit the deals (see Deals)"
    return str(fid)


def _more_units(units: float) -> str:
    """``"1 more unit is"`` / ``"100 more units are"``."""
    return f"{count(units)} more unit is" if units == 1 else f"{count(units)} more units are"


def _units(units: float) -> str:
    return f"{count(units)} unit" if units == 1 else f"{count(units)} units"


def actions_display(actions: pd.DataFrame, *, currency: str, judged_on: dt.date) -> pd.DataFrame:
    """The actions as the report's table: Action, Product, Due (``now`` when due on the judging day),
    Sales at stake."""
    return pd.DataFrame(
        {
            "Action": [action_text(a, currency) for _, a in actions.iterrows()],
            "Product": [("All" if not s else s if n <= 1 else f"{n} ASINs")
                        for s, n in zip(actions["subject"], actions["products"], strict=True)],
            # no-break spaces: a date never wraps inside its narrow column
            "Due": ["now" if d <= judged_on else f"{d:%b %-d, %Y}".replace(" ", "\u00a0") for d in actions["due"]],
            "money": actions["money"].astype(float),
        }
    )


def record_actions(actions: pd.DataFrame) -> list[dict[str, Any]]:
    """The actions as JSON-able rows for ``hn.record``, as the findings are recorded."""
    return record_findings(actions)
