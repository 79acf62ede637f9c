"""What to change next: advice rules (a table) evaluated on the plan-vs-actual gaps."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from helpers.playbooks.launch.context import LaunchContext
from helpers.playbooks.launch.story import inventory_notes
from helpers.present.formatting import pct

#: What to change after launch: (metric, when the gap is, threshold, advice). Gaps are actual − plan
#: (points for rates, relative for amounts).
ADVICE = pd.DataFrame(
    [
        ("acos", "above", 0.05, "ACoS runs {gap} over plan: cut bids on terms above the launch ACoS of {launch_acos} "
         "and move their budget to the hero exact terms."),
        ("cvr", "below", 0.02, "Conversion is {gap} under plan: check the main image, price and reviews before buying "
         "more clicks."),
        ("cpc", "above", 0.20, "CPC is {gap} over plan: bids run above the max bid of the glide path — bring them "
         "back to it week by week."),
        ("spend", "below", 0.20, "Spend is {gap} under plan: bids are too low to win impressions — raise the hero "
         "exact bids towards the max bid."),
        ("spend", "above", 0.20, "Spend is {gap} over plan: lower budgets on discovery campaigns and add negatives."),
        ("ad_orders", "below", 0.20, "Ad orders are {gap} under plan: velocity is behind — keep ads on until rank holds."),
        ("organic_share", "below", 0.10, "Organic share is {gap} under plan: the product is not ranking yet — keep "
         "spend on the hero terms rather than cutting it."),
        ("reviews", "below", 0.25, "Reviews are {gap} behind plan: confirm Vine units were shipped and Request a Review "
         "runs on every order."),
    ],
    columns=["metric", "when", "threshold", "advice"],
)


def recommendations(table: pd.DataFrame, econ: pd.Series) -> list[str]:
    """Advice from :data:`ADVICE` whose condition holds, in table order."""
    gaps = table.set_index("metric")
    out = []
    for rule_row in ADVICE.itertuples(index=False):
        if rule_row.metric not in gaps.index:
            continue
        row = gaps.loc[rule_row.metric]
        gap = row["gap"]
        if not (isinstance(gap, float) and math.isfinite(gap)):
            continue
        hit = gap > rule_row.threshold if rule_row.when == "above" else gap < -rule_row.threshold
        if hit:
            shown = f"{abs(gap) * 100:.1f} pts" if row["format"] == "pct" else f"{abs(gap):.0%}"
            out.append(rule_row.advice.format(gap=shown, launch_acos=pct(econ["launch_acos"])))
    return out or ["The launch is tracking the plan: keep the ramp as planned and review again at the next checkpoint."]


def next_steps(ctx: LaunchContext, table: pd.DataFrame, econ: pd.Series, stock: dict[str, Any],
               tasks: pd.DataFrame) -> list[str]:
    """Post-launch: :func:`recommendations`. Before launch: the next dated tasks and any stock warning."""
    if ctx.launched:
        steps = recommendations(table, econ)
        if stock["stockout_in_ramp"] or stock["shortfall"] > 0:
            steps.append(inventory_notes(stock, today=ctx.last_day)[0])
        return steps
    today = pd.Timestamp(ctx.last_day) if ctx.last_day else pd.Timestamp(ctx.launch_date) - pd.Timedelta(days=60)
    upcoming = tasks[tasks["end"] >= today].head(4)
    steps = [f"{row.task}: {row.start:%b %-d}" + ("" if row.milestone else f" – {row.end:%b %-d}") + "."
             for row in upcoming.itertuples(index=False)]
    if stock["stockout_in_ramp"] or stock["shortfall"] > 0:
        steps.append(inventory_notes(stock)[0])
    return steps
