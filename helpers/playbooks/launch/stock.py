"""Stock through the ramp: units needed, safety stock, reorder and stock-out dates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from helpers.playbooks.launch.context import LaunchContext


def inventory_plan(
    frame: pd.DataFrame,
    *,
    launch_date: date,
    stock_on_hand: int,
    inbound: list[tuple[date, int]] | tuple = (),
    lead_time_days: int,
    safety_days: int,
) -> dict[str, Any]:
    """Stock through the ramp: units needed, safety stock, reorder date and the stock-out warning.

    Daily demand = the ramp week's ``units / 7``; after the ramp the last week's rate continues.
    ``safety_stock = safety_days x daily rate`` (end-of-ramp rate); ``reorder_point = (lead_time_days
    + safety_days) x daily rate``. Stock starts at ``stock_on_hand`` on the launch date; an inbound
    shipment adds its units on its arrival day (earlier arrivals count on launch day). The
    **reorder date** is the first day stock falls to the reorder point (a purchase order that day
    arrives as the safety stock starts to be used); the **stock-out date** the first day stock
    cannot cover the day's demand, within the ramp or the lead time after it.
    """
    rate_end = float(frame["units"].iloc[-1]) / 7.0
    ramp_days = 7 * len(frame)
    horizon = ramp_days + lead_time_days + safety_days
    daily = np.repeat(frame["units"].to_numpy(dtype=float) / 7.0, 7)
    daily = np.concatenate([daily, np.full(horizon - ramp_days, rate_end)])
    arrivals = np.zeros(horizon)
    for arrives, units in inbound:
        arrivals[max((arrives - launch_date).days, 0)] += units if (arrives - launch_date).days < horizon else 0
    stock = float(stock_on_hand)
    level = np.zeros(horizon)
    stockout = None
    reorder = None
    reorder_point = (lead_time_days + safety_days) * rate_end
    for day in range(horizon):
        stock += arrivals[day]
        if stockout is None and stock < daily[day] - 1e-9:
            stockout = launch_date + timedelta(days=day)
        stock = max(stock - daily[day], 0.0)
        level[day] = stock
        future = arrivals[day + 1:].sum()
        if reorder is None and stock + future <= reorder_point:
            reorder = launch_date + timedelta(days=day)
    needed = float(daily[:ramp_days].sum())
    supply = float(stock_on_hand) + float(sum(u for _, u in inbound))
    ramp_end = launch_date + timedelta(days=ramp_days - 1)
    return {
        "units_ramp": needed,
        "daily_rate_end": rate_end,
        "safety_stock": safety_days * rate_end,
        "lead_time_units": lead_time_days * rate_end,
        "units_needed": needed + (lead_time_days + safety_days) * rate_end,
        "supply": supply,
        "shortfall": max(needed + (lead_time_days + safety_days) * rate_end - supply, 0.0),
        "reorder_point": reorder_point,
        "reorder_date": reorder,
        "stockout_date": stockout,
        "ramp_end": ramp_end,
        "stockout_in_ramp": stockout is not None and stockout <= ramp_end,
        "levels": pd.DataFrame({"date": pd.date_range(launch_date, periods=horizon, freq="D"), "stock": level}),
    }


def inventory(ctx: LaunchContext, frame: pd.DataFrame) -> dict[str, Any]:
    launch = ctx.launch
    return inventory_plan(frame, launch_date=ctx.launch_date, stock_on_hand=launch.stock_on_hand,
                          inbound=[(s.arrives, s.units) for s in launch.inbound],
                          lead_time_days=launch.lead_time_days, safety_days=launch.safety_days)


def stock_position(ctx: LaunchContext) -> dict[str, Any]:
    """The product's units at FBA on the report's as-of date, from the same
    :func:`helpers.measures.inventory.stock_positions` the seasonal plan uses (latest FBA snapshot or
    params count on or before the date; unknown without one). Keys: asin, available, inbound,
    counted_on (date or None), source, known, counted (the count itself), sold_since (units sold since it)."""
    from helpers.measures.inventory import declared_from_params, sold_from_business, stock_positions

    asin = (ctx.asin or "").upper()
    positions = stock_positions(getattr(ctx.data, "fba_inventory", None), as_of=ctx.today, asins=[asin] if asin else [],
                                declared=declared_from_params(ctx.params, as_of=ctx.today),
                                sold=sold_from_business(getattr(ctx.data, "business_asin", None)))
    row = positions[positions["asin"] == asin]
    if row.empty:
        return {"asin": asin or None, "available": None, "inbound": None, "counted_on": None, "source": "unknown",
                "known": False, "counted": None, "sold_since": 0.0}
    r = row.iloc[0]
    return {"asin": asin, "available": float(r["available"]) if r["known"] else None,
            "inbound": float(r["inbound"]) if r["known"] else None,
            "counted_on": r["counted_on"].date() if r["known"] else None, "source": r["source"], "known": bool(r["known"]),
            "counted": float(r["counted"]) if r["known"] else None, "sold_since": float(r["sold_since"])}
