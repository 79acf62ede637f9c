"""Sentences of the seasonal report, made from the numbers the sections return."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext
from helpers.playbooks.seasonal.daily import PRIOR_DAYS
from helpers.playbooks.seasonal.scenarios import same_kind_reference
from helpers.playbooks.seasonal.stock import ShipDates, cutoff_label
from helpers.present.formatting import count, is_missing, money, pct, ratio


def basis_text(ctx: SeasonalContext, scen: pd.DataFrame) -> str:
    """One sentence saying where the scenario multiples come from."""
    basis = scen.loc["sales", "basis"]
    if basis.startswith("benchmark"):
        basis = (f"published industry benchmarks for {ctx.event.kind.replace('-', ' ')} events (no past event of this "
                 "kind in the data)")
    return f"Assumption behind the scenarios: {basis}."


def baseline_text(ctx: SeasonalContext, base: pd.DataFrame, hist: pd.DataFrame) -> str:
    ref = same_kind_reference(ctx, hist)
    cur = ctx.currency
    now, event = base.loc[m.TOTAL_SALES, "now"], base.loc[m.TOTAL_SALES, "event"]
    if is_missing(now):
        return (f"Baseline: no sales are on record for the {PRIOR_DAYS} days to {ctx.as_of:%b %-d, %Y}, so the "
                "scenarios have no sales to scale.")
    if ref is None:
        return (f"Baseline: {money(now, cur)} of sales a day over the {PRIOR_DAYS} days to {ctx.as_of:%b %-d, %Y}; "
                "no earlier event of this kind to scale it by season, so it is used as is.")
    return (f"Baseline: {money(now, cur)} of sales a day over the {PRIOR_DAYS} days to {ctx.as_of:%b %-d, %Y}, scaled "
            f"×{base.loc[m.TOTAL_SALES, 'factor']:.2f} for season and growth (as the days before {ref['name']} "
            f"compared with the same point a cycle earlier) to {money(event, cur)} a day before the event.")


def deal_text(ctx: SeasonalContext, deals: pd.DataFrame, stock: pd.DataFrame | None = None) -> list[str]:
    """Sentences on the best deal per ASIN and the assumptions behind the fees; with the inventory
    plan ``stock``, the ASINs left out of the deals for having no stock for the event."""
    from helpers.playbooks.seasonal.deals import without_event_stock

    lines = []
    gone = without_event_stock(ctx, stock)
    if gone:
        named = ", ".join(gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
        lines.append(f"No deal for {named}: {'its' if len(gone) == 1 else 'their'} stock runs out before the event "
                     "and the ship-by date has passed, so a deal would be paid for and sell nothing.")
    if deals.empty:
        return lines + ["None of the top ASINs has unit economics on record (price and costs, or a margin), so the "
                        "deals cannot be costed."]
    worth = deals[deals["verdict"] == "worth it"].sort_values("break_even_share")
    if worth.empty:
        lines.append("No deal pays for itself at the expected event volume: rely on ads and a coupon test instead.")
    else:
        best = worth.groupby("asin").head(1).head(3)
        for row in best.itertuples(index=False):
            lines.append(f"{row.asin}: a {row.deal} needs {count(row.break_even_extra)} extra units "
                         f"({pct(row.break_even_share, 0)} of the expected event units) to pay back.")
    assumed = sorted({ctx.calendar.deals[k].label for k in deals.loc[deals["assumption"], "key"]})
    if assumed:
        lines.append(f"Fees for {', '.join(assumed)} are assumptions until Amazon confirms this year's fee table: "
                     "confirm them before committing to a deal.")
    return lines


def measured(table: pd.DataFrame, metric: str) -> bool:
    """Whether the review table (:func:`helpers.playbooks.seasonal.review`) has an actual ``metric``:
    the daily exports cover the event's days."""
    if table.empty or metric not in set(table["metric"]):
        return False
    return bool(np.isfinite(float(table.loc[table["metric"].eq(metric), "actual"].iloc[0])))


def not_measured(ctx: SeasonalContext) -> str:
    """The review's one sentence when no daily export covers the event's days."""
    return (f"No daily sales or advertising data covers the event's days ({ctx.event.dates_text}), so "
            f"{ctx.event.name} cannot be measured against the plan.")


def lessons(ctx: SeasonalContext, table: pd.DataFrame, outs: pd.DataFrame, scen: pd.DataFrame,
            inv: pd.DataFrame) -> list[str]:
    """Lessons for next time, each with its number (review mode only); none from data the exports do
    not hold (no sales lesson without the event's sales, no stock-out verdict without its ads)."""
    if table.empty:
        return []
    t = table.set_index("metric")
    cur = ctx.currency
    out = []
    sales = t.loc["total_sales"]
    if measured(table, "total_sales"):
        if sales["actual"] > sales["stretch"]:
            out.append(f"Sales beat even the stretch scenario ({money(sales['actual'], cur)} vs "
                       f"{money(sales['stretch'], cur)}): plan next {ctx.event.kind.replace('-', ' ')} from this "
                       "event's multiples and send more stock.")
        elif sales["actual"] < sales["conservative"]:
            out.append(f"Sales fell short of the conservative scenario ({money(sales['actual'], cur)} vs "
                       f"{money(sales['conservative'], cur)}): check deals, stock and Buy Box on event days before "
                       "planning the next.")
        else:
            out.append(f"Sales landed inside the planned range ({money(sales['actual'], cur)}; expected "
                       f"{money(sales['expected'], cur)}): keep the scenario method.")
    acos = t.loc["acos"]
    target = ctx.params.target_acos()
    if np.isfinite(acos["actual"]) and np.isfinite(target) and acos["actual"] > target:
        out.append(f"Event ACoS was {pct(acos['actual'])}, above the {pct(target)} target: cap bids on event days "
                   "or shift budget to the lead-in next time.")
    elif np.isfinite(acos["actual"]):
        out.append(f"Event ACoS was {pct(acos['actual'])} (plan {pct(acos['expected'])}).")
    spend = t.loc["ad_spend"]
    if np.isfinite(spend["vs_expected"]) and spend["vs_expected"] < -0.2:
        out.append(f"Ad spend came in {pct(-spend['vs_expected'], 0)} under plan: budgets likely capped out; "
                   "raise daily caps before the event starts.")
    if len(outs):
        worst = outs.sort_values("days_dark", ascending=False).iloc[0]
        out.append(f"{count(len(outs))} advertised ASIN(s) went dark during or after the event (longest: "
                   f"{worst[c.ADVERTISED_ASIN]}, {int(worst['days_dark'])} days): likely out of stock; send stock earlier.")
    elif measured(table, "ad_spend"):
        out.append("No advertised ASIN went dark during the event or its recovery days.")
    return out


def cover_subtitle(ctx: SeasonalContext) -> str:
    mark = " (planning assumption)" if ctx.event.assumption else ""
    if ctx.mode == "review":
        return f"{ctx.event.name}, {ctx.event.dates_text}{mark}: review"
    if ctx.mode == "started":
        return f"{ctx.event.name}, {ctx.event.dates_text}{mark}: under way, review to follow"
    return f"{ctx.event.name}, {ctx.event.dates_text}{mark}: plan as of {ctx.as_of:%b %-d, %Y}"


def round_range(low: float, mid: float, high: float) -> tuple[float, float, float]:
    """The three values rounded to what the spread between ``low`` and ``high`` supports: two significant
    figures of the spread (taken as at least 2 % of ``mid``), never finer than three significant figures
    of ``mid``. NaN stays NaN.

    >>> round_range(100_030.0, 101_234.0, 102_000.0)
    (100000.0, 101000.0, 102000.0)
    """
    values = np.array([low, mid, high], dtype=float)
    if not np.isfinite(values).all() or values[1] == 0:
        return tuple(float(v) for v in values)
    spread = max(abs(values[2] - values[0]), abs(values[1]) * 0.02)
    step = 10.0 ** max(math.floor(math.log10(spread)) - 1, math.floor(math.log10(abs(values[1]))) - 2)
    return tuple(float(round(v / step) * step) for v in values)


def _one(found: pd.DataFrame, fid: str) -> pd.Series | None:
    rows = found[found["id"] == fid]
    return rows.iloc[0] if len(rows) else None


def headlines(ctx: SeasonalContext, found: pd.DataFrame, scen: pd.DataFrame) -> list[str]:
    """3–5 summary sentences, a view of ``found`` (:func:`helpers.playbooks.seasonal.findings.seasonal_findings`):
    every number is the one the findings table and the ``.json`` hold. A review leads with the sales
    against the plan and what moved; a plan with the uplift range, the budget and the stock to act on."""
    cur = ctx.currency
    lines = []
    sales = _one(found, "sales_vs_plan")
    if ctx.mode == "review" and sales is not None:
        spend, acos, tacos = (_one(found, k) for k in ("ad_spend_vs_plan", "acos_vs_plan", "tacos_vs_plan"))
        if is_missing(sales["value"]) and is_missing(spend["value"]):
            lines.append(not_measured(ctx))
        elif is_missing(sales["value"]):
            lines.append(f"No daily sales data covers the event's days ({ctx.event.dates_text}): its sales cannot "
                         "be measured against the plan.")
        else:
            lines.append(f"{ctx.event.name} sold {money(sales['value'], cur)} over {ctx.event.days} days, "
                         f"{pct(sales['gap'], 0, signed=True)} vs the expected plan made as of "
                         f"{ctx.as_of:%b %-d, %Y} ({money(sales['reference'], cur)}).")
        if not is_missing(spend["value"]):
            lines.append(f"Ad spend {money(spend['value'], cur)} at {pct(acos['value'])} ACoS{_and_tacos(tacos)} "
                         f"(plan {pct(acos['reference'])} / {pct(tacos['reference'])}).")
        moved = found[found["kind"] == "moved"].set_index("metric")["value"]
        if {"sales", "sessions", "cvr"} <= set(moved.index) and not is_missing(moved["sales"]):
            lines.append(f"On event days sales ran {ratio(moved['sales'])} a normal day (the {PRIOR_DAYS} days "
                         f"before): sessions {ratio(moved['sessions'])} and unit session percentage "
                         f"{ratio(moved['cvr'])}.")
        dark = found[found["id"] == "stockout"]
        if len(dark):
            worst = dark.iloc[0]
            total = dark["money"].astype(float).sum(min_count=1)
            estimate = (f"; at their normal daily sales that is an estimated {money(total, cur)} of sales lost"
                        if np.isfinite(total) else "")
            lines.append(f"{count(len(dark))} advertised ASIN(s) were out of stock or unserved for "
                         f"{count(dark['value'].sum())} ASIN-days during the event and its recovery days (longest: "
                         f"{worst['subject']}, {int(worst['value'])} days){estimate}.")
    else:
        if ctx.mode == "started":
            lines.append(f"{ctx.event.name} is under way (it started on {ctx.event.start:%b %-d}): what follows is the "
                         f"plan made as of {ctx.as_of:%b %-d, %Y} that the review will measure, not a plan to act on.")
        rows = [_one(found, f"sales_{s}") for s in SCENARIOS]
        lo, mid, hi = round_range(*(r["value"] for r in rows))
        expected = rows[SCENARIOS.index("expected")]
        budget, cpc, acos, tacos = (_one(found, k) for k in ("ad_budget", "planned_cpc", "planned_acos", "planned_tacos"))
        if is_missing(mid):  # no sales in the baseline window: nothing to scale, no range of dashes
            lines.append(f"Event sales cannot be forecast: no sales are on record for the {PRIOR_DAYS} days to "
                         f"{ctx.as_of:%b %-d, %Y}.")
        else:
            lines.append(f"Expected event sales about {money(mid, cur)} over {ctx.event.days} days "
                         f"(range {money(lo, cur)} – {money(hi, cur)}), {ratio(expected['gap'] + 1)} a usual day.")
        if is_missing(budget["value"]) or budget["value"] <= 0:
            lines.append(no_ad_baseline(ctx))
        else:
            lines.append(f"Plan {money(budget['value'], cur)} of ad spend on event days "
                         f"(CPC {ratio(cpc['value'])}), for {pct(acos['value'])} ACoS{_and_tacos(tacos)}.")
    if ctx.mode == "plan":
        lines += _stock_lines(ctx, found)
    scen_basis = scen.loc["sales", "basis"]
    lines.append("Scenarios come from the client's own past events." if not scen_basis.startswith("benchmark")
                 else "No past event of this kind in the data: scenarios use benchmark priors.")
    return lines[:5]


def _and_tacos(tacos: pd.Series) -> str:
    """`` and 12.3% TACoS`` for a finding with a TACoS, nothing without one (no sales to divide by)."""
    return "" if is_missing(tacos["value"]) else f" and {pct(tacos['value'])} TACoS"


def _stock_lines(ctx: SeasonalContext, found: pd.DataFrame) -> list[str]:
    """The stock sentences of a plan, from the stock findings (first row of each id = the most urgent)."""
    stock = found[found["kind"] == "stock"]
    by_id = {k: stock[stock["id"] == k] for k in ("ship_by_passed", "order_now", "restock_now", "watch_stock",
                                                    "stock_unknown")}
    lines = []
    dated = stock.set_index("id")["value"]
    if len(by_id["ship_by_passed"]):
        ship_by = dated["ship_by"]
        lines.append(f"{count(len(by_id['ship_by_passed']))} ASIN(s) need more units but the ship-by date ({ship_by:%b %-d}) "
                     "has passed: protect their stock with prices and budgets instead.")
    order_by = dated.get("order_by")
    if len(by_id["order_now"]):
        lines.append(f"{count(len(by_id['order_now']))} ASIN(s) must be ordered by {order_by:%b %-d, %Y} to arrive before "
                     "the cutoff.")
    if len(by_id["restock_now"]):
        first = by_id["restock_now"].iloc[0]
        lines.append(f"{count(len(by_id['restock_now']))} ASIN(s) run out within {ctx.settings.warning_days} days at today's "
                     f"pace (first {first['subject']}, on {first['value']:%b %-d, %Y}): restock them now, whatever "
                     "the event.")
    if len(by_id["watch_stock"]):
        first = by_id["watch_stock"].iloc[0]
        due = f"; orders for the event are due by {order_by:%b %-d, %Y}" if order_by else ""
        lines.append(f"Watch {count(len(by_id['watch_stock']))} ASIN(s) whose stock runs out before the event's recovery days "
                     f"end at today's pace (first {first['subject']}, on {first['value']:%b %-d, %Y}){due}.")
    if len(by_id["stock_unknown"]):
        lines.append(f"Stock is unknown for {count(len(by_id['stock_unknown']))} ASIN(s): there is no inventory count on or "
                     f"before {ctx.as_of:%b %-d, %Y}; check it before sending units.")
    if not lines:
        lines.append("Stock on hand and inbound cover the expected scenario for every ASIN.")
    return lines


def calendar_note(ctx: SeasonalContext) -> str:
    """Whether the event's dates are confirmed, in client words (the calendar's own note and file go to
    :func:`operator_notes`)."""
    if ctx.event.assumption:
        return ("These dates and cutoffs are a planning assumption, not yet confirmed by Amazon; the plan moves "
                "with them once Amazon announces the event.")
    return "Dates and cutoffs as announced by Amazon."


def operator_notes(ctx: SeasonalContext, deals: pd.DataFrame | None = None) -> list[str]:
    """What the operator must know or do, never printed in the client copy: the loaders' notes, the
    calendar's source and note, what to add so ``deals`` (:func:`deal_plan`) can be costed, and how
    to get the review."""
    ev = ctx.event
    notes = [*ctx.notes, f"Event calendar: {' and '.join(ctx.calendar.sources)}; {ev.note}".strip()]
    if deals is not None and deals.empty:
        notes.append("Deals not costed: none of the top ASINs has unit economics. Add price, cogs and fees (or "
                     "margin) under economics: in the client's params file, per ASIN under economics.asins if "
                     "they differ.")
    prior = ctx.calendar.priors.get(ev.kind)
    if prior is not None:
        notes.append(f"Benchmark priors for {ev.kind} (used when the client has no past event of this kind): "
                     f"{prior.source}")
    notes += [f"Deal fee ({deal.label}): {deal.note}" for deal in ctx.calendar.deals.values() if deal.note]
    if ctx.mode == "plan":
        notes.append(f"For the review, download exports through {ev.end + dt.timedelta(days=ctx.settings.recovery_days)}"
                     " (the event and its recovery days) and run the playbook again.")
    return notes


def review_pending(ctx: SeasonalContext) -> list[str]:
    """What the review will hold once the data covers the event (plan and started mode)."""
    if ctx.mode == "started":
        return [f"{ctx.event.name} started on {ctx.event.start:%b %-d, %Y}; Amazon's reports in hand end "
                f"{ctx.last_day:%b %-d, %Y}. The review compares actual sales, units, ACoS, TACoS and stock-outs "
                "with the plan below once the reports cover the event and its "
                f"{ctx.settings.recovery_days} recovery days."]
    return [f"This is the plan: Amazon's reports in hand end {ctx.last_day:%b %-d, %Y}, before {ctx.event.name}. "
            f"After the event and its {ctx.settings.recovery_days} recovery days, the review compares actual "
            "sales, units, ACoS, TACoS and stock-outs with this plan."]


def asin_note(ctx: SeasonalContext, month: str, asins: pd.DataFrame | None = None) -> str:
    """How the per-ASIN split was made; ``asins`` (:func:`~.asins.asin_plan`) names the ASINs that
    take the latest month's share because they did not sell in ``month``."""
    text = (f"Each ASIN's share of units is taken from the by-child Business Report of {month} (the month of the "
            "last event of this kind when the data has it, else the latest month); each ASIN is assumed to lift "
            "like the account. Sales use the ASIN's average selling price in that month.")
    newer = [] if asins is None or "share_from" not in asins else list(asins.loc[asins["share_from"] == "latest",
                                                                                  c.CHILD_ASIN])
    if newer:
        named = ", ".join(newer[:3]) + (f" and {len(newer) - 3} more" if len(newer) > 3 else "")
        text += (f" {named} did not sell in that month: {'its' if len(newer) == 1 else 'their'} share and "
                 "price are the latest month's, and the other ASINs share the rest as they did then.")
    return text


def stock_text(ctx: SeasonalContext, inv: pd.DataFrame, dates: ShipDates, source: str) -> str:
    s = ctx.settings
    cutoff = dates.cutoff
    if cutoff is None:
        plan = "The calendar lists no inbound cutoff for this event, so there are no ship-by dates."
    else:
        plan = (f"Units must arrive by the {cutoff_label(cutoff[0])} cutoff ({cutoff[1]:%b %-d, %Y}): ship by "
                f"{dates.ship_by:%b %-d} ({s.transit_days} days transit) and order by "
                f"{dates.order_by:%b %-d} ({s.production_days} days production).")
    total = inv["to_send"].sum()
    counted = int(inv["known"].sum()) if "known" in inv else len(inv)
    needed = f"Units needed run from {ctx.as_of:%b %-d} through {s.recovery_days} recovery days after the event"
    if counted == 0:
        return f"{needed}. {plan} Stock: {source}."
    scope = "in all" if counted == len(inv) else f"for the {count(counted)} ASIN(s) with a stock count"
    return f"{needed} (expected scenario): {count(total)} units to send {scope}. {plan} Stock: {source}."


def has_ad_baseline(base: pd.DataFrame) -> bool:
    """Whether the usual day (:func:`helpers.playbooks.seasonal.baseline`) has ad spend to ramp from."""
    spend = float(base.loc["ad_spend", "event"]) if "ad_spend" in base.index else float("nan")
    return bool(np.isfinite(spend) and spend > 0)


def no_ad_baseline(ctx: SeasonalContext) -> str:
    """The budget section's one sentence when the usual day had no ad spend."""
    return (f"No ad spend is on record for the {PRIOR_DAYS} days to {ctx.as_of:%b %-d, %Y}, so there is no usual "
            "day's budget to ramp from.")


def ramp_note(ctx: SeasonalContext, scen: pd.DataFrame) -> str:
    s = ctx.settings
    return (f"Budgets start from the usual day's ad spend: the {s.lead_in_days} lead-in days ramp to "
            f"{ratio(scen.loc['ad_spend_lead_in', 'expected'])}, event days run at {ratio(scen.loc['ad_spend', 'expected'])} "
            f"with CPC at {ratio(scen.loc['cpc', 'expected'])}, and the {s.recovery_days} recovery days fall back from "
            f"{ratio(scen.loc['ad_spend_tail', 'expected'])} to 1×. ACoS = budget ÷ expected ad sales; TACoS = budget ÷ expected total sales.")


def what_moved(ctx: SeasonalContext, moved: pd.Series, lost: pd.DataFrame) -> list[str]:
    """What moved on the event's days and why, with the numbers (review mode; empty otherwise): uplift
    against a normal day split into traffic and conversion, the price of clicks, and the sales lost to
    stock-outs (an estimate: normal daily sales × days dark)."""
    if moved.empty:
        return []
    cur = ctx.currency
    lines = []
    if not is_missing(moved["sales"]):
        lines.append(f"On event days sales ran {ratio(moved['sales'])} a normal day (the {PRIOR_DAYS} days before): "
                     f"sessions {ratio(moved['sessions'])} and unit session percentage {ratio(moved['cvr'])}.")
    if not is_missing(moved["ad_spend"]):
        lines.append(f"Clicks cost {ratio(moved['cpc'])} a normal day's CPC; ad spend ran {ratio(moved['ad_spend'])} "
                     f"for {ratio(moved['ad_sales'])} the ad sales.")
    if len(lost):
        worst = lost.sort_values("days_dark", ascending=False).iloc[0]
        total = lost["lost_sales"].sum(min_count=1)
        estimate = (f"; at their normal daily sales that is an estimated {money(total, cur)} of sales lost"
                    if np.isfinite(total) else "")
        lines.append(f"{count(len(lost))} advertised ASIN(s) were out of stock or unserved for {count(lost['days_dark'].sum())} "
                     f"ASIN-days during the event and its recovery days (longest: {worst[c.ADVERTISED_ASIN]}, "
                     f"{int(worst['days_dark'])} days){estimate}.")
    return lines
