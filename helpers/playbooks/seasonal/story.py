"""Sentences of the seasonal report, made from the numbers the sections return."""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.playbooks.seasonal.context import SeasonalContext
from helpers.playbooks.seasonal.scenarios import same_kind_reference
from helpers.playbooks.seasonal.stock import ShipDates
from helpers.present.formatting import money, pct, ratio


def basis_text(ctx: SeasonalContext, scen: pd.DataFrame) -> str:
    """One sentence saying where the scenario multiples come from."""
    return f"Assumption behind the scenarios: {scen.loc['sales', 'basis']}."


def baseline_text(ctx: SeasonalContext, base: pd.DataFrame, hist: pd.DataFrame) -> str:
    ref = same_kind_reference(ctx, hist)
    cur = ctx.currency
    now, event = base.loc[m.TOTAL_SALES, "now"], base.loc[m.TOTAL_SALES, "event"]
    if ref is None:
        return (f"Baseline: {money(now, cur)} of sales a day over the 30 days to {ctx.as_of:%b %-d, %Y}; "
                "no earlier event of this kind to scale it by season, so it is used as is.")
    return (f"Baseline: {money(now, cur)} of sales a day over the 30 days to {ctx.as_of:%b %-d, %Y}, scaled "
            f"×{base.loc[m.TOTAL_SALES, 'factor']:.2f} for season and growth (as the days before {ref['name']} "
            f"compared with the same point a cycle earlier) to {money(event, cur)} a day before the event.")


def deal_text(ctx: SeasonalContext, deals: pd.DataFrame) -> list[str]:
    """Sentences on the best deal per ASIN and the assumptions behind the fees."""
    lines = []
    if deals.empty:
        return ["No ASIN has unit economics in the params (economics:), so deals cannot be costed."]
    worth = deals[deals["verdict"] == "worth it"].sort_values("break_even_share")
    if worth.empty:
        lines.append("No deal pays for itself at the expected event volume: rely on ads and a coupon test instead.")
    else:
        best = worth.groupby("asin").head(1).head(3)
        for row in best.itertuples(index=False):
            lines.append(f"{row.asin}: a {row.deal} needs {row.break_even_extra:,.0f} extra units "
                         f"({pct(row.break_even_share, 0)} of the expected event units) to pay back.")
    notes = sorted({ctx.calendar.deals[k].note for k in deals.loc[deals["assumption"], "key"] if ctx.calendar.deals[k].note})
    lines.extend(f"Fee assumption: {n}" for n in notes)
    return lines


def lessons(ctx: SeasonalContext, table: pd.DataFrame, outs: pd.DataFrame, scen: pd.DataFrame,
            inv: pd.DataFrame) -> list[str]:
    """Lessons for next time, each with its number (review mode only)."""
    if table.empty:
        return []
    t = table.set_index("metric")
    cur = ctx.currency
    out = []
    sales = t.loc["total_sales"]
    if sales["actual"] > sales["stretch"]:
        out.append(f"Sales beat even the stretch scenario ({money(sales['actual'], cur)} vs {money(sales['stretch'], cur)}): "
                   f"plan next {ctx.event.kind.replace('-', ' ')} from this event's multiples and send more stock.")
    elif sales["actual"] < sales["conservative"]:
        out.append(f"Sales fell short of the conservative scenario ({money(sales['actual'], cur)} vs "
                   f"{money(sales['conservative'], cur)}): check deals, stock and Buy Box on event days before planning the next.")
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
        out.append(f"{len(outs)} advertised ASIN(s) went dark during or after the event (longest: "
                   f"{worst[c.ADVERTISED_ASIN]}, {int(worst['days_dark'])} days): likely out of stock; send stock earlier.")
    else:
        out.append("No advertised ASIN went dark during the event or its recovery days.")
    return out


def cover_subtitle(ctx: SeasonalContext) -> str:
    mark = " (planning assumption)" if ctx.event.assumption else ""
    if ctx.mode == "review":
        return f"{ctx.event.name}, {ctx.event.dates_text}{mark}: review"
    return f"{ctx.event.name}, {ctx.event.dates_text}{mark}: plan as of {ctx.as_of:%b %-d, %Y}"


def headlines(ctx: SeasonalContext, planned: pd.DataFrame, scen: pd.DataFrame, inv: pd.DataFrame,
              table: pd.DataFrame, dates: ShipDates) -> list[str]:
    """3–5 summary sentences with their numbers."""
    cur = ctx.currency
    lines = []
    if ctx.mode == "review" and not table.empty:
        t = table.set_index("metric")
        lines.append(f"{ctx.event.name} sold {money(t.loc['total_sales', 'actual'], cur)} over {ctx.event.days} days, "
                     f"{pct(t.loc['total_sales', 'vs_expected'], 0, signed=True)} vs the expected plan made as of "
                     f"{ctx.as_of:%b %-d, %Y} ({money(t.loc['total_sales', 'expected'], cur)}).")
        lines.append(f"Ad spend {money(t.loc['ad_spend', 'actual'], cur)} at {pct(t.loc['acos', 'actual'])} ACoS and "
                     f"{pct(t.loc['tacos', 'actual'])} TACoS (plan {pct(t.loc['acos', 'expected'])} / {pct(t.loc['tacos', 'expected'])}).")
    else:
        lines.append(f"Expected event sales {money(planned.loc['total_sales', 'expected'], cur)} over {ctx.event.days} days "
                     f"(range {money(planned.loc['total_sales', 'conservative'], cur)} – "
                     f"{money(planned.loc['total_sales', 'stretch'], cur)}), {ratio(scen.loc['sales', 'expected'])} a usual day.")
        lines.append(f"Plan {money(planned.loc['ad_spend', 'expected'], cur)} of ad spend on event days "
                     f"(CPC {ratio(scen.loc['cpc', 'expected'])}), for {pct(planned.loc['acos', 'expected'])} ACoS "
                     f"and {pct(planned.loc['tacos', 'expected'])} TACoS.")
    counts = inv["status"].value_counts()
    passed, order, runs = (int(counts.get(k, 0)) for k in ("ship-by passed", "order now", "runs out"))
    if ctx.mode == "plan":
        if passed:
            lines.append(f"{passed} ASIN(s) need more units but the ship-by date ({dates.ship_by:%b %-d}) has passed: "
                         "protect their stock with prices and budgets instead.")
        if order:
            lines.append(f"{order} ASIN(s) must be ordered by {dates.order_by:%b %-d, %Y} to arrive before the cutoff.")
        if runs:
            lines.append(f"{runs} ASIN(s) run out before the recovery days end at the expected pace.")
        if not (passed or order or runs):
            lines.append("Stock on hand and inbound cover the expected scenario for every ASIN.")
        if (inv["available"] + inv["inbound"]).sum() == 0:
            lines.append("No stock data (FBA inventory report or seasonal.stock): stock is assumed zero, so every "
                         "ASIN shows as short.")
    scen_basis = scen.loc["sales", "basis"]
    lines.append("Scenarios come from the client's own past events." if not scen_basis.startswith("benchmark")
                 else "No past event of this kind in the data: scenarios use benchmark priors.")
    return lines[:5]


def calendar_note(ctx: SeasonalContext) -> str:
    """Where the event's dates come from, and whether they are a planning assumption."""
    ev = ctx.event
    head = "These dates are a planning assumption, not confirmed by Amazon. " if ev.assumption else ""
    return f"{head}{ev.note} Calendar: {' and '.join(ctx.calendar.sources)} (update it when Amazon announces dates)."


def review_pending(ctx: SeasonalContext) -> list[str]:
    """What the review will hold once the exports cover the event (plan mode)."""
    return [f"This is the plan: the exports end {ctx.last_day:%b %-d, %Y}, before {ctx.event.name} ends "
            f"({ctx.event.end:%b %-d, %Y}). Run the playbook again once they cover the event and its "
            f"{ctx.settings.recovery_days} recovery days to compare actual sales, units, ACoS, TACoS and "
            "stock-outs with this plan."]


def asin_note(ctx: SeasonalContext, month: str) -> str:
    return (f"Each ASIN's share of units is taken from the by-child Business Report of {month} (the month of the "
            "last event of this kind when the data has it, else the latest month); each ASIN is assumed to lift like "
            "the account. Sales use the ASIN's average selling price in that month.")


def stock_text(ctx: SeasonalContext, inv: pd.DataFrame, dates: ShipDates, source: str) -> str:
    s = ctx.settings
    cutoff = dates.cutoff
    if cutoff is None:
        plan = "The calendar lists no inbound cutoff for this event, so there are no ship-by dates."
    else:
        plan = (f"Units must arrive by the {cutoff[0].replace('_', ' ')} cutoff ({cutoff[1]:%b %-d, %Y}): ship by "
                f"{dates.ship_by:%b %-d} ({s.transit_days} days transit) and order by "
                f"{dates.order_by:%b %-d} ({s.production_days} days production).")
    total = inv["to_send"].sum()
    return (f"Units needed run from {ctx.as_of:%b %-d} through {s.recovery_days} recovery days after the event "
            f"(expected scenario): {total:,.0f} units to send in all. {plan} Stock source: {source}.")


def ramp_note(ctx: SeasonalContext, scen: pd.DataFrame) -> str:
    s = ctx.settings
    return (f"Budgets start from the usual day's ad spend: the {s.lead_in_days} lead-in days ramp to "
            f"{ratio(scen.loc['ad_spend_lead_in', 'expected'])}, event days run at {ratio(scen.loc['ad_spend', 'expected'])} "
            f"with CPC at {ratio(scen.loc['cpc', 'expected'])}, and the {s.recovery_days} recovery days fall back from "
            f"{ratio(scen.loc['ad_spend_tail', 'expected'])} to 1×. ACoS = budget ÷ expected ad sales; TACoS = budget ÷ expected total sales.")
