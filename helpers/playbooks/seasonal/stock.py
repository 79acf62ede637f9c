"""Stock per ASIN against the plan: units to send, ship-by and order-by dates, status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.measures.inventory import (
    DECLARED,
    SNAPSHOT,
    declared_from_params,
    sold_from_business,
    stock_positions,
)
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext

#: Stock status, worst first: (status, meaning). The first rule that applies wins.
STOCK_STATUS = pd.DataFrame(
    [
        ("ship-by passed", "needs more units but the ship-by date is before as-of: the cutoff is missed"),
        ("order now", "needs more units and the order must be placed within the warning window"),
        ("runs out", "stock on hand and inbound run out before the recovery days end"),
        ("unknown", "no stock count on or before the plan date: check stock before acting on it"),
        ("covered", "stock on hand and inbound cover the plan"),
    ],
    columns=["status", "meaning"],
)


#: Client words for the calendar's inbound cutoff keys.
CUTOFF_LABELS = {"fba": "FBA", "awd": "AWD (Amazon Warehousing and Distribution)",
                 "fba_minimal_split": "FBA, minimal shipment split", "fba_optimized_split": "FBA, Amazon-optimized split"}


def cutoff_label(name: str) -> str:
    """``fba_minimal_split`` → "FBA, minimal shipment split" (unknown keys: underscores as spaces)."""
    return CUTOFF_LABELS.get(name, name.replace("_", " "))


def stock(ctx: SeasonalContext, asins: pd.Series | list[str] = ()) -> tuple[pd.DataFrame, str]:
    """Units per ASIN at FBA on ``as_of`` from :func:`helpers.measures.inventory.stock_positions` (the
    position launch and seasonal share: latest FBA snapshot or params count on or before ``as_of``;
    unknown, never 0, without one), and a client-facing sentence on where they come from."""
    positions = stock_positions(getattr(ctx.data, "fba_inventory", None), as_of=ctx.as_of, asins=list(asins),
                                declared=declared_from_params(ctx.params, as_of=ctx.as_of),
                                sold=sold_from_business(getattr(ctx.data, "business_asin", None)))
    positions = positions.rename(columns={"asin": c.CHILD_ASIN})
    return positions, stock_source_text(positions, ctx.as_of)


def stock_source_text(positions: pd.DataFrame, as_of: dt.date) -> str:
    """Where the stock counts come from, in client words (dates of the counts used, unknowns counted)."""
    known = positions[positions["known"]]
    parts = []
    snaps = known.loc[known["source"] == SNAPSHOT, "counted_on"]
    if len(snaps):
        days = sorted({d.date() for d in snaps})
        parts.append("Amazon's FBA inventory report of " + ", ".join(f"{d:%b %-d, %Y}" for d in days))
    declared = known.loc[known["source"] == DECLARED, "counted_on"]
    if len(declared):
        parts.append(f"stock counts the client gave for {len(declared)} ASIN(s), less the units sold since")
    unknown = int((~positions["known"]).sum())
    if not parts:
        return (f"there is no inventory count on or before {as_of:%b %-d, %Y} for any of the {unknown} ASIN(s), so "
                "units to send are left blank rather than assumed zero")
    text = " and ".join(parts)
    if unknown:
        text += (f"; stock is unknown for {unknown} ASIN(s) (no count on or before {as_of:%b %-d, %Y}), so their "
                 "units to send are left blank rather than assumed zero")
    return text


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
    event × tail multiple × recovery days. to_send = max(needed − available − inbound, 0), in whole
    units rounded up.
    ship_by = cutoff − ``transit_days``; order_by = ship_by − ``production_days``; runs_out =
    as_of + (available + inbound) ÷ units/day now (NaT when it lasts beyond the recovery days).
    An ASIN without a stock count (``known`` False in ``stock_units``, or absent from it) has blank
    stock, units to send and run-out date and the status "unknown": a missing count is not zero stock.
    """
    s = ctx.settings
    ev = ctx.event
    before = days_between(ctx.as_of + dt.timedelta(days=1), ev.start - dt.timedelta(days=1))
    recovery_end = dates.recovery_end
    table = asins[[c.CHILD_ASIN, c.TITLE, "units_now", "units_base", *[f"units_{x}" for x in SCENARIOS]]].merge(
        stock_units, on=c.CHILD_ASIN, how="left"
    )
    known = table["known"].fillna(False).astype(bool) if "known" in table else table["available"].notna()
    table[["available", "inbound"]] = table[["available", "inbound"]].astype(float)
    table.loc[known, ["available", "inbound"]] = table.loc[known, ["available", "inbound"]].fillna(0.0)
    table["known"] = known
    for x in SCENARIOS:
        table[f"needed_{x}"] = (table["units_now"] * before + table[f"units_{x}"]
                                + table["units_base"] * scen.loc["tail", x] * s.recovery_days)
    on_hand = table["available"] + table["inbound"]
    # whole units, rounded up: 0.3 of a unit short is one unit to send (never a printed "0 to send")
    table["to_send"] = np.ceil((table["needed_expected"] - on_hand).clip(lower=0) - 1e-9).clip(lower=0).where(known)
    ship_by, order_by = dates.ship_by, dates.order_by
    table["ship_by"] = pd.Timestamp(ship_by) if ship_by else pd.NaT
    table["order_by"] = pd.Timestamp(order_by) if order_by else pd.NaT
    cover_days = m.safe_div(on_hand, table["units_now"])
    runs_out = pd.Timestamp(ctx.as_of) + pd.to_timedelta(np.floor(cover_days.fillna(np.inf).clip(upper=3650)), unit="D")
    table["runs_out"] = runs_out.where(known & (on_hand < table["needed_expected"])
                                       & (runs_out <= pd.Timestamp(recovery_end)))
    short = table["to_send"] > 0
    warn_until = pd.Timestamp(ctx.judged_on + dt.timedelta(days=s.warning_days))
    conditions = [
        short & (table["ship_by"] < pd.Timestamp(ctx.judged_on)),
        short & (table["order_by"] <= warn_until),
        table["runs_out"].notna(),
        ~known,
    ]
    labels = STOCK_STATUS["status"].tolist()
    table["status"] = np.select(conditions, labels[:4], default=labels[4])
    return table


def stock_warnings(plan: pd.DataFrame) -> pd.DataFrame:
    """ASINs that need action (status not 'covered' or 'unknown'), worst status first, most units to send first."""
    order = {status: i for i, status in enumerate(STOCK_STATUS["status"])}
    warn = plan[~plan["status"].isin(["covered", "unknown"])]
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
        rows.append((f"Inbound cutoff: {cutoff_label(name)}", day))
    if dates.order_by:
        rows.append((f"Order by (ship-by − {s.production_days} days production)", dates.order_by))
        rows.append((f"Ship by ({cutoff_label(dates.cutoff[0])} cutoff − {s.transit_days} days transit)",
                     dates.ship_by))
    rows.append((f"Budget lead-in starts ({s.lead_in_days} days)", ev.start - dt.timedelta(days=s.lead_in_days)))
    rows.append(("Event starts", ev.start))
    rows.append(("Event ends", ev.end))
    rows.append((f"Recovery days end ({s.recovery_days} days)", ev.end + dt.timedelta(days=s.recovery_days)))
    table = pd.DataFrame(rows, columns=["What", "date"]).sort_values("date", kind="stable")
    table["Date"] = [d.strftime("%a %b %-d, %Y") for d in table["date"]]
    table["Days from as-of"] = [(d - ctx.as_of).days for d in table["date"]]
    return table[["What", "Date", "Days from as-of"]].reset_index(drop=True)
