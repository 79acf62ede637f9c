"""Sentences of the launch report, made from the numbers the sections return."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from helpers.metrics import METRICS
from helpers.playbooks.launch.assumptions import assumption, rule
from helpers.playbooks.launch.context import LaunchContext
from helpers.playbooks.launch.findings import RATE_FORMATS
from helpers.playbooks.launch.rates import BaseRates
from helpers.present.formatting import count, money, pct


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
        if today is not None and when < today:
            notes.append(f"Overdue: the next purchase order was due on {when:%b %-d, %Y} "
                         f"({(today - when).days} days before {today:%b %-d, %Y}), when "
                         f"{count(stock['reorder_point'])} units were left: order now.")
        else:
            notes.append(f"Place the next purchase order by {when:%b %-d, %Y} "
                         f"({count(stock['reorder_point'])} units left).")
    if stock["shortfall"] > 0:
        notes.append(f"Stock on hand and inbound fall {count(stock['shortfall'])} units short of the ramp plus lead time "
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


def period_label(ctx: LaunchContext) -> str:
    """The page header's label: the product as the client knows it (its SKU, else ASIN), never the folder key."""
    return f"{ctx.sku or ctx.asin or ctx.key} launch"


def report_key(ctx: LaunchContext) -> str:
    return f"launch-{ctx.key.lower()}"


#: The summary sentence of each finding id; placeholders are the finding's formatted numbers.
SUMMARY = {
    "acos_above_break_even": "Actual ACoS since launch is {value} against a {reference} break-even: the ads cost "
                             "{money} more than the margin their sales left.",
    "spend_above_plan": "Ad spend of {value} is {gap} over the plan's {reference} for the same weeks.",
    "spend_below_plan": "Ad spend of {value} is {gap} under the plan's {reference} for the same weeks.",
    "acos_above_plan": "ACoS runs {gap} above plan ({value} against {reference}).",
    "cpc_above_plan": "Clicks cost {value}, {gap} more than the plan's {reference}.",
    "cvr_below_plan": "Ad conversion is {value}, {gap} under the plan's {reference}.",
    "ad_orders_below_plan": "{value} ad orders, {gap} under the plan's {reference}.",
    "organic_share_below_plan": "Organic share of sales is {value}, {gap} under the plan's {reference}.",
    "reviews_below_plan": "{value} reviews, {gap} behind the plan's {reference}.",
    "out_of_stock_now": "Likely out of stock now: {value} units sold since the {reference} counted at launch.",
    "reorder_overdue": "Overdue: stock should have been reordered by {reference}, {gap} days ago; order now.",
    "stockout_in_ramp": "Stock runs out on {value}, before the ramp ends on {reference}: fix supply first.",
    "stock_shortfall": "Stock falls {value} units short of the ramp plus lead time and safety stock.",
}
#: How each metric of a finding is printed.
METRIC_FORMATS = {"acos": str(METRICS.at["acos", "format"]), "cvr": "pct", "organic_share": "pct", "spend": "money", "cpc": "money2",
                  "ad_orders": "count", "reviews": "count", "units": "count"}


def finding_sentence(row: Any, currency: str) -> str:
    """The :data:`SUMMARY` sentence of one finding row, its numbers formatted for the client."""
    from helpers.present.formatting import formatter

    fmt = METRIC_FORMATS.get(row.metric, "")

    def show(v: Any) -> str:
        if isinstance(v, date):
            return f"{v:%b %-d, %Y}"
        return formatter(fmt, currency)(v) if fmt else str(v)

    if row.kind == "stock" and row.metric == "reorder_date":
        gap = f"{row.gap:.0f}"
    elif fmt in RATE_FORMATS:
        gap = f"{abs(row.gap) * 100:.1f} pts"
    else:
        gap = f"{abs(row.gap):.0%}"
    return SUMMARY[row.id].format(value=show(row.value), reference=show(row.reference), gap=gap,
                                  money=money(row.money, currency))


def headlines(ctx: LaunchContext, econ: pd.Series, frame: pd.DataFrame, totals: dict[str, float],
              stock: dict[str, Any], found: pd.DataFrame, *, top: int = 5) -> list[str]:
    """The summary: status, unit economics, the ramp, then every high-severity finding (at most ``top``;
    without one, the first two) — a view of ``found``, so each number is the one the findings table and
    the ``.json`` hold."""
    cur = ctx.currency
    status = (f"Live since {ctx.launch_date:%b %-d, %Y}; data through {ctx.last_day:%b %-d, %Y}." if ctx.launched
              else f"Launches on {ctx.launch_date:%b %-d, %Y}.")
    lines = [
        status,
        f"Each unit leaves {money(econ['unit_margin'], cur, decimals=2)} before ads: break-even ACoS "
        f"{pct(econ['break_even_acos'])}, target ACoS {pct(econ['target_acos'])} after the launch.",
        f"The {len(frame)}-week ramp plans {money(totals['budget'], cur)} for about {count(totals['ad_orders'])} ad orders "
        f"at {pct(totals['acos'])} ACoS, gliding from {pct(econ['launch_acos'])} to {pct(econ['target_acos'])}.",
    ]
    high = found[found["severity"] == "high"]
    shown = high.head(top) if len(high) else found.head(2)
    lines += [finding_sentence(row, cur) for row in shown.itertuples(index=False) if row.id in SUMMARY]
    if not (found["kind"] == "stock").any() and stock["reorder_date"] is not None:
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
            "reviews come from the counts recorded on the listing.")


def operator_notes(ctx: LaunchContext, velocity_source: str) -> list[str]:
    """What the operator must know, never printed in the client copy: the loaders' notes, where the
    launch's assumptions live and the sources of Amazon's rules."""
    from helpers.playbooks.launch.assumptions import RULES

    notes = list(ctx.notes)
    if velocity_source == "the goal set for this launch":
        notes.append(f"Velocity goal: launches.{ctx.key}.organic_units_per_day in {ctx.params.source}.")
    if ctx.data is None:
        notes.append("No exports were found for this client: the plan uses the launch's params only.")
    sources = "; ".join(f"{r.program}.{r.rule}: {r.source}" for r in RULES.itertuples(index=False))
    notes.append(f"Launch rules and their sources (check before each launch): {sources}.")
    return notes


#: How each ACoS factor is named in the sentence and how its values print.
DRIVER_WORDS = {"cpc": ("clicks cost", "money2"), "cvr": ("ad conversion was", "pct"),
                "order_value": ("order value was", "money2")}


def acos_drivers_text(drivers: pd.DataFrame, table: pd.DataFrame, currency: str) -> list[str]:
    """One sentence on why actual ACoS differs from plan, largest factor first, each with its change
    and the ACoS points it explains (:func:`helpers.playbooks.launch.actuals.acos_drivers`)."""
    if drivers.empty or drivers["pts"].isna().all():
        return []
    t = table.set_index("metric")
    gap = float(t.loc["acos", "actual"]) - float(t.loc["acos", "plan"])
    from helpers.present.formatting import formatter

    parts = []
    for row in drivers.reindex(drivers["pts"].abs().sort_values(ascending=False).index).itertuples(index=False):
        words, fmt = DRIVER_WORDS[row.factor]
        show = formatter(fmt, currency)
        parts.append(f"{words} {show(row.actual)} against {show(row.plan)} planned ({row.pts * 100:+.1f} pts)")
    side = "above" if gap > 0 else "below"
    return [f"ACoS ran {abs(gap) * 100:.1f} pts {side} plan ({pct(t.loc['acos', 'actual'])} against "
            f"{pct(t.loc['acos', 'plan'])}): " + "; ".join(parts) + "."]


def candidates_text(candidates: Any, clusters: pd.DataFrame) -> str:
    """What the keyword section starts from: how many candidates in how many clusters, and the terms
    set aside for naming another size (:class:`~helpers.playbooks.launch.keywords.Candidates`), with
    the one that sold most. Plain text: it quotes a search term, so pass it as a value, never as a
    template."""
    n = len(candidates.terms)
    text = (f"{count(n)} candidate keyword{'s' if n != 1 else ''} from the related product's search terms, the "
            f"account's history and the seed list, grouped into {count(len(clusters))} "
            f"cluster{'s' if len(clusters) != 1 else ''} by meaning.")
    aside = candidates.other_size
    if len(aside):
        top = aside.iloc[0]
        many = len(aside) != 1
        text += (f" {count(len(aside))} search term{'s' if many else ''} naming another size than this product's "
                 f"{'are' if many else 'is'} left out (such as “{top['search_term']}”, {count(top['clicks'])} "
                 "clicks before launch): a shopper who types a size wants that size.")
    return text
