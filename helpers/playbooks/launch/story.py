"""Sentences of the launch report, made from the numbers the sections return."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from helpers.playbooks.launch.assumptions import assumption, rule
from helpers.playbooks.launch.context import LaunchContext
from helpers.playbooks.launch.ramp import budget_summary
from helpers.playbooks.launch.rates import BaseRates
from helpers.present.formatting import money, pct


def inventory_notes(stock: dict[str, Any], *, today: date | None = None) -> list[str]:
    notes = []
    if stock["stockout_in_ramp"]:
        notes.append(
            f"Warning: planned stock runs out on {stock['stockout_date']:%b %-d, %Y}, before the ramp ends on "
            f"{stock['ramp_end']:%b %-d}. A stock-out in a launch loses the rank the ads bought: ship more or "
            f"slow the ramp."
        )
    elif stock["stockout_date"] is not None:
        notes.append(f"Stock lasts through the ramp but runs out on {stock['stockout_date']:%b %-d, %Y} "
                     "unless the reorder below is placed.")
    if stock["reorder_date"] is not None:
        when = stock["reorder_date"]
        late = today is not None and when < today
        notes.append(f"Place the next purchase order by {when:%b %-d, %Y} ({stock['reorder_point']:,.0f} units left)"
                     + (" — that date has passed: order now." if late else "."))
    if stock["shortfall"] > 0:
        notes.append(f"Stock on hand and inbound fall {stock['shortfall']:,.0f} units short of the ramp plus lead time "
                     "and safety stock.")
    return notes or ["Planned stock covers the ramp, the reorder lead time and the safety stock."]


def review_notes(ctx: LaunchContext, reviews: dict[str, Any]) -> list[str]:
    cur = ctx.currency
    goal_week = reviews["goal_week"]
    return [
        f"Enrol {reviews['vine_units']} units in Vine (needs {rule('vine', 'requires')}, and fewer than "
        f"{rule('vine', 'max_reviews')} reviews on the parent); the fee is {money(reviews['vine_fee'], cur, decimals=0)} "
        "per parent ASIN, charged on the first review.",
        f"Send Request a Review on every order {rule('request_review', 'min_days')}–{rule('request_review', 'max_days')} "
        "days after delivery (one request per order).",
        (f"The plan reaches the goal of {ctx.launch.review_goal} reviews in week {goal_week}." if goal_week else
         f"The plan expects about {reviews['weekly']['reviews'].iloc[-1]:.0f} reviews by the end of the ramp, short of "
         f"the goal of {ctx.launch.review_goal}: check the count at the week-4 checkpoint and keep Request a Review "
         "on every order."),
    ]


def cover_subtitle(ctx: LaunchContext) -> str:
    return f"{ctx.launch.title} — launch {ctx.launch_date:%B %-d, %Y}"


def report_key(ctx: LaunchContext) -> str:
    return f"launch-{ctx.key.lower()}"


def headlines(ctx: LaunchContext, econ: pd.Series, frame: pd.DataFrame, stock: dict[str, Any]) -> list[str]:
    cur = ctx.currency
    total = budget_summary(frame, econ)
    status = (f"Live since {ctx.launch_date:%b %-d, %Y}; data through {ctx.last_day:%b %-d, %Y}." if ctx.launched
              else f"Launches on {ctx.launch_date:%b %-d, %Y}.")
    lines = [
        status,
        f"Each unit leaves {money(econ['unit_margin'], cur, decimals=2)} before ads: break-even ACoS "
        f"{pct(econ['break_even_acos'])}, target ACoS {pct(econ['target_acos'])} after the launch.",
        f"The {len(frame)}-week ramp spends {money(total['budget'], cur)} for about {total['ad_orders']:,.0f} ad orders "
        f"at {pct(total['acos'])} ACoS, gliding from {pct(econ['launch_acos'])} to {pct(econ['target_acos'])}.",
    ]
    if stock["stockout_in_ramp"]:
        lines.append(f"Stock runs out on {stock['stockout_date']:%b %-d}, before the ramp ends: fix supply first.")
    elif stock["reorder_date"] is not None:
        lines.append(f"Reorder by {stock['reorder_date']:%b %-d, %Y} to stay in stock after the ramp.")
    return lines


def rates_note(ctx: LaunchContext, rates: BaseRates, velocity: float, velocity_source: str) -> str:
    return (f"Base CPC {money(rates.cpc, ctx.currency, decimals=2)} and CVR {pct(rates.cvr)} come from "
            f"{rates.source}; the velocity goal of {velocity:.1f} units a day comes from {velocity_source}. Week 1 bids run "
            f"{assumption('cpc_launch_premium') - 1:.0%} above the base CPC and CVR starts at "
            f"{assumption('cvr_start_factor'):.0%} of it (no reviews yet).")


def after_launch_text(ctx: LaunchContext, actual: pd.DataFrame) -> str:
    if not ctx.launched:
        return (f"The product has not launched yet (the exports end on {ctx.last_day:%b %-d, %Y})." if ctx.last_day
                else "The product has not launched yet.") + (
            " This chapter compares actual with plan once the exports reach past the launch date; the plan column "
            "shows what each checkpoint will be measured against over the first 4 weeks.")
    return (f"{len(actual)} full weeks since launch (data through {ctx.last_day:%b %-d, %Y}) against the same weeks "
            "of the plan. Organic share uses the Business Report by child item for the months since launch; "
            "reviews come from the counts noted in the params.")
