"""Stock per ASIN against the plan: units to send, ship-by and order-by dates, status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext

#: Stock status, worst first: (status, meaning). The first rule that applies wins.
STOCK_STATUS = pd.DataFrame(
    [
        ("ship-by passed", "needs more units but the ship-by date is before as-of: the cutoff is missed"),
        ("order now", "needs more units and the order must be placed within the warning window"),
        ("runs out", "stock on hand and inbound run out before the recovery days end"),
        ("covered", "stock on hand and inbound cover the plan"),
    ],
    columns=["status", "meaning"],
)


def stock(ctx: SeasonalContext) -> tuple[pd.DataFrame, str]:
    """Units per ASIN at FBA on ``as_of`` (available, inbound) and where they came from.

    The FBA inventory report (latest snapshot on or before ``as_of``) when loaded and non-empty,
    else ``seasonal.stock`` in the params, else zero for every ASIN (said so in the source text).
    """
    inv = getattr(ctx.data, "fba_inventory", None)
    too_late = ""
    if inv is not None and not inv.empty and "snapshot_date" in inv:
        snap = inv[pd.to_datetime(inv["snapshot_date"]) <= pd.Timestamp(ctx.as_of)]
        if not snap.empty:
            last = pd.to_datetime(snap["snapshot_date"]).max()
            rows = snap[pd.to_datetime(snap["snapshot_date"]) == last]
            per = rows.groupby("asin")[["available", "inbound"]].sum(min_count=1).fillna(0.0).reset_index()
            return per.rename(columns={"asin": c.CHILD_ASIN}), f"FBA inventory report of {last:%b %-d, %Y}"
        first = pd.to_datetime(inv["snapshot_date"]).min()
        too_late = f" (the FBA inventory report in the data is from {first:%b %-d, %Y}, after the plan date)"
    if ctx.settings.stock:
        per = pd.DataFrame(
            [(asin, line.available, line.inbound) for asin, line in ctx.settings.stock.items()],
            columns=[c.CHILD_ASIN, "available", "inbound"],
        )
        return per, f"seasonal.stock in {ctx.params.source}"
    return (pd.DataFrame(columns=[c.CHILD_ASIN, "available", "inbound"]),
            f"none: no FBA inventory report from before the plan date{too_late} and no seasonal.stock in "
            "the params, so stock is assumed zero")


def days_between(first: dt.date, last: dt.date) -> int:
    """Days from ``first`` to ``last`` inclusive, 0 when ``last`` is before ``first``."""
    return max((last - first).days + 1, 0)


@dataclass(frozen=True)
class ShipDates:
    """The inbound cutoff planned against (name, day) and the dates it sets: ship by = cutoff −
    ``transit_days``, order by = ship by − ``production_days``; None when the calendar lists no cutoff."""

    cutoff: tuple[str, dt.date] | None
    ship_by: dt.date | None
    order_by: dt.date | None
    recovery_end: dt.date


def ship_dates(ctx: SeasonalContext) -> ShipDates:
    """:class:`ShipDates` of the event under the seasonal settings."""
    s, ev = ctx.settings, ctx.event
    cutoff = ev.cutoff(s.cutoff)
    ship_by = cutoff[1] - dt.timedelta(days=s.transit_days) if cutoff else None
    order_by = ship_by - dt.timedelta(days=s.production_days) if ship_by else None
    return ShipDates(cutoff, ship_by, order_by, ev.end + dt.timedelta(days=s.recovery_days))


def inventory_plan(ctx: SeasonalContext, asins: pd.DataFrame, scen: pd.DataFrame,
                   stock_units: pd.DataFrame, dates: ShipDates) -> pd.DataFrame:
    """Per ASIN: units needed from ``as_of`` through the recovery days, stock, units to send,
    ship-by and order-by dates, run-out date and status (:data:`STOCK_STATUS`).

    needed = units/day now × days until the event + event units (scenario) + units/day before the
    event × tail multiple × recovery days. to_send = max(needed − available − inbound, 0).
    ship_by = cutoff − ``transit_days``; order_by = ship_by − ``production_days``; runs_out =
    as_of + (available + inbound) ÷ units/day now (NaT when it lasts beyond the recovery days).
    """
    s = ctx.settings
    ev = ctx.event
    before = days_between(ctx.as_of + dt.timedelta(days=1), ev.start - dt.timedelta(days=1))
    recovery_end = dates.recovery_end
    table = asins[[c.CHILD_ASIN, c.TITLE, "units_now", "units_base", *[f"units_{x}" for x in SCENARIOS]]].merge(
        stock_units, on=c.CHILD_ASIN, how="left"
    )
    table[["available", "inbound"]] = table[["available", "inbound"]].astype(float).fillna(0.0)
    for x in SCENARIOS:
        table[f"needed_{x}"] = (table["units_now"] * before + table[f"units_{x}"]
                                + table["units_base"] * scen.loc["tail", x] * s.recovery_days)
    on_hand = table["available"] + table["inbound"]
    table["to_send"] = (table["needed_expected"] - on_hand).clip(lower=0)
    ship_by, order_by = dates.ship_by, dates.order_by
    table["ship_by"] = pd.Timestamp(ship_by) if ship_by else pd.NaT
    table["order_by"] = pd.Timestamp(order_by) if order_by else pd.NaT
    cover_days = m.safe_div(on_hand, table["units_now"])
    runs_out = pd.Timestamp(ctx.as_of) + pd.to_timedelta(np.floor(cover_days.fillna(np.inf).clip(upper=3650)), unit="D")
    table["runs_out"] = runs_out.where((on_hand < table["needed_expected"]) & (runs_out <= pd.Timestamp(recovery_end)))
    short = table["to_send"] > 0
    warn_until = pd.Timestamp(ctx.as_of + dt.timedelta(days=s.warning_days))
    conditions = [
        short & (table["ship_by"] < pd.Timestamp(ctx.as_of)),
        short & (table["order_by"] <= warn_until),
        table["runs_out"].notna(),
    ]
    labels = STOCK_STATUS["status"].tolist()
    table["status"] = np.select(conditions, labels[:3], default=labels[3])
    return table


def stock_warnings(plan: pd.DataFrame) -> pd.DataFrame:
    """ASINs whose status is not 'covered', worst status first, most units to send first."""
    order = {status: i for i, status in enumerate(STOCK_STATUS["status"])}
    warn = plan[plan["status"] != "covered"]
    return warn.sort_values(["status", "to_send"], key=lambda col: col.map(order) if col.name == "status" else -col) \
        .reset_index(drop=True)


def key_dates(ctx: SeasonalContext, dates: ShipDates) -> pd.DataFrame:
    """The calendar of the event: deadlines, cutoffs, ship-by and order-by, lead-in and recovery days,
    each with the days left from ``as_of`` (negative = passed)."""
    ev, s = ctx.event, ctx.settings
    rows = []
    if ev.deal_deadline:
        rows.append(("Deal submission deadline", ev.deal_deadline))
    for name, day in sorted(ev.inbound_cutoffs.items(), key=lambda kv: kv[1]):
        rows.append((f"Inbound cutoff: {name.replace('_', ' ')}", day))
    if dates.order_by:
        rows.append((f"Order by (ship-by − {s.production_days} days production)", dates.order_by))
        rows.append((f"Ship by ({dates.cutoff[0].replace('_', ' ')} − {s.transit_days} days transit)",
                     dates.ship_by))
    rows.append((f"Budget lead-in starts ({s.lead_in_days} days)", ev.start - dt.timedelta(days=s.lead_in_days)))
    rows.append(("Event starts", ev.start))
    rows.append(("Event ends", ev.end))
    rows.append((f"Recovery days end ({s.recovery_days} days)", ev.end + dt.timedelta(days=s.recovery_days)))
    table = pd.DataFrame(rows, columns=["What", "date"]).sort_values("date", kind="stable")
    table["Date"] = [d.strftime("%a %b %-d, %Y") for d in table["date"]]
    table["Days from as-of"] = [(d - ctx.as_of).days for d in table["date"]]
    return table[["What", "Date", "Days from as-of"]].reset_index(drop=True)
