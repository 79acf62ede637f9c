"""The seasonal event playbook: plan before an event (uplift, stock, budget, deals), review after it.

Each function takes the :class:`SeasonalContext` (params, exports, the event, ``as_of``) or plain
frames and returns a DataFrame or sentences; the notebook shows them. Nothing here prints or draws.

Reproducibility: "now" is ``as_of`` — by default the last day in the exports, never the clock. A plan
only reads data up to ``as_of``. Once the exports cover the event (review mode), the plan is
recomputed as of the day before the event's budget lead-in, exactly as it would have been run then,
and compared with what happened.

Where the numbers come from:

* **Uplift multiples** — event days vs the 30 days before the event, per day on average, from the
  Business Report by date (sales, units, sessions, unit session %) and the Sponsored Products
  report (ad spend, ad sales, clicks, CPC). Ratio multiples (CPC, CVR) are ratios of summed bases.
* **Scenarios** — own history of events of the same kind before ``as_of`` (two or more: lowest,
  mean, highest; one: that multiple ∓ ``seasonal.spread`` of its uplift), else the benchmark priors
  of the event calendar.
* **Baseline** — the 30 days before ``as_of``, scaled by how the same-kind event's prior 30 days
  compared with the same 30 days one offset earlier (seasonality and growth); per ASIN by its share
  of units in the by-child Business Report month of that earlier event (else the latest month).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.errors import MissingDataError, ParamsError
from helpers.params.events import SCENARIOS, Calendar, ScheduledEvent, load_calendar
from helpers.present.formatting import money, pct, ratio

PRIOR_DAYS = 30
#: Multiples computed per event: (name, label, numerator base, denominator base or None, format).
MULTIPLES = [
    ("sales", "Sales", m.TOTAL_SALES, None),
    ("units", "Units", c.UNITS, None),
    ("sessions", "Sessions", c.SESSIONS, None),
    ("cvr", "Unit session %", c.UNITS, c.SESSIONS),
    ("ad_spend", "Ad spend", "ad_spend", None),
    ("ad_sales", "Ad sales", "ad_sales", None),
    ("cpc", "CPC", "ad_spend", "clicks"),
]
MULTIPLE_LABELS = {name: label for name, label, _, _ in MULTIPLES} | {
    "lead_in": "Lead-in days (sales)",
    "tail": "Recovery days (sales)",
}
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
#: Deal verdict by break-even extra units as a share of the expected event units (upper bounds).
DEAL_BANDS = pd.DataFrame(
    {"upper": [0.25, 0.75, np.inf], "verdict": ["worth it", "marginal", "skip"]}
)


@dataclass
class SeasonalContext:
    """Everything the seasonal sections need, loaded once."""

    params: Any
    data: Any  # helpers.loaders.ClientData
    calendar: Calendar
    event: ScheduledEvent
    as_of: dt.date
    first_day: dt.date
    last_day: dt.date
    mode: str  # "plan" or "review"
    currency: str
    notes: list[str] = field(default_factory=list)

    @property
    def settings(self) -> Any:
        return self.params.seasonal


# -- loading --------------------------------------------------------------------------------------
def prepare(client: str, event: str, as_of: str = "", root: str | Path | None = None) -> SeasonalContext:
    """Load params, the calendar and the exports; choose plan or review mode and ``as_of``.

    Review mode when the exports cover the event's last day; its plan is then made as of the day
    before the budget lead-in. ``as_of`` (YYYY-MM-DD) overrides the plan date; it must lie inside
    the data and before the event starts.
    """
    from helpers.loaders import load_client
    from helpers.params import load_params, parse_date

    params = load_params(client, root or None)
    calendar = load_calendar(root or None, client)
    scheduled = calendar.event(str(event).strip(), params.marketplace)
    data = load_client(client, root or None, marketplace=params.marketplace)
    days = data.days()
    if days.empty:
        raise MissingDataError(
            f"data/{client}/ must contain a Business Report by date or a Sponsored Products report; found none"
        )
    first_day, last_day = days.min().date(), days.max().date()
    mode = "review" if scheduled.end <= last_day else "plan"
    lead_in_start = scheduled.start - dt.timedelta(days=params.seasonal.lead_in_days)
    if as_of:
        chosen = parse_date(as_of, key="as_of", source="the notebook parameters")
        if chosen > last_day:
            raise ParamsError(
                f"parameter 'as_of' must be on or before the last day in the exports ({last_day}); got {chosen}"
            )
        if chosen >= scheduled.start:
            raise ParamsError(
                f"parameter 'as_of' must be before {scheduled.slug} starts ({scheduled.start}); got {chosen}"
            )
    else:
        chosen = min(last_day, lead_in_start - dt.timedelta(days=1))
    ctx = SeasonalContext(params, data, calendar, scheduled, chosen, first_day, last_day, mode, params.currency)
    ctx.notes.extend(getattr(data, "notes", []))
    if scheduled.start <= last_day < scheduled.end:
        ctx.notes.append(
            f"{scheduled.name} is under way in the data (last day {last_day}); run again once the "
            "exports cover its last day for the review."
        )
    return ctx


# -- daily account frame ---------------------------------------------------------------------------
def account_daily(ctx: SeasonalContext, *, until: dt.date | None = None) -> pd.DataFrame:
    """Per day: total_sales, units, sessions (Business Report by date) and ad_spend, ad_sales,
    clicks, impressions, ad_orders (the SP report, as in the QBR). Days up to ``until`` (default
    ``ctx.as_of``; pass ``ctx.last_day`` for actuals)."""
    from helpers.playbooks.qbr import ad_daily, business_daily

    until = ctx.as_of if until is None else until
    biz = business_daily(ctx)[[c.DATE, m.TOTAL_SALES, c.UNITS, c.SESSIONS]]
    ads = ad_daily(ctx).rename(
        columns={c.SPEND: "ad_spend", c.SALES: "ad_sales", c.ORDERS: "ad_orders", c.UNITS: "ad_units"}
    )
    keep = [c.DATE, "ad_spend", "ad_sales", c.CLICKS, c.IMPRESSIONS, "ad_orders"]
    ads = ads[[col for col in keep if col in ads]]
    daily = biz.merge(ads, on=c.DATE, how="outer").sort_values(c.DATE)
    return daily[daily[c.DATE] <= pd.Timestamp(until)].reset_index(drop=True)


def window(daily: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Rows of ``daily`` from ``start`` to ``end`` inclusive."""
    days = daily[c.DATE]
    return daily[(days >= pd.Timestamp(start)) & (days <= pd.Timestamp(end))]


def _per_day(frame: pd.DataFrame, num: str, den: str | None) -> float:
    """Average per day of ``num`` (or the ratio of summed ``num`` / ``den``); NaN when undefined."""
    if frame.empty or num not in frame:
        return math.nan
    total = frame[num].sum(min_count=1)
    if den is not None:
        return float(m.safe_div(total, frame[den].sum(min_count=1))) if den in frame else math.nan
    return float(m.safe_div(total, frame[num].notna().sum()))


def event_multiples(
    daily: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    *,
    prior_days: int = PRIOR_DAYS,
    lead_in_days: int = 7,
    tail_days: int = 14,
) -> pd.Series:
    """Event days vs the ``prior_days`` before ``start``, per day on average (ratios: of summed bases).

    ``sales = (event sales / event days) / (prior sales / prior days)``; ``cpc`` and ``cvr`` compare
    spend/clicks and units/sessions over each window. ``lead_in`` and ``tail`` are the sales multiples
    of the ``lead_in_days`` before ``start`` and the ``tail_days`` after ``end``. A multiple of 2.0 =
    twice the usual day; higher is more uplift. NaN when a window has no data or a zero base.

    >>> d = pd.DataFrame({"date": pd.date_range("2025-01-01", periods=32), "total_sales": [10.0] * 30 + [30.0] * 2})
    >>> float(event_multiples(d, dt.date(2025, 1, 31), dt.date(2025, 2, 1))["sales"])
    3.0
    """
    prior = window(daily, start - dt.timedelta(days=prior_days), start - dt.timedelta(days=1))
    during = window(daily, start, end)
    out = {}
    for name, _, num, den in MULTIPLES:
        out[name] = m.safe_div(_per_day(during, num, den), _per_day(prior, num, den))
    lead = window(daily, start - dt.timedelta(days=lead_in_days), start - dt.timedelta(days=1))
    tail = window(daily, end + dt.timedelta(days=1), end + dt.timedelta(days=tail_days))
    base = _per_day(prior, m.TOTAL_SALES, None)
    out["lead_in"] = m.safe_div(_per_day(lead, m.TOTAL_SALES, None), base)
    out["tail"] = m.safe_div(_per_day(tail, m.TOTAL_SALES, None), base)
    out["ad_spend_lead_in"] = m.safe_div(_per_day(lead, "ad_spend", None), _per_day(prior, "ad_spend", None))
    out["ad_spend_tail"] = m.safe_div(_per_day(tail, "ad_spend", None), _per_day(prior, "ad_spend", None))
    return pd.Series({k: float(v) for k, v in out.items()}, dtype=float)


def _covered(daily: pd.DataFrame, start: dt.date, end: dt.date) -> bool:
    """Whether every day from ``start`` to ``end`` has Business Report sales."""
    inside = window(daily, start, end)
    return len(inside[m.TOTAL_SALES].dropna()) >= (end - start).days + 1


# -- history and scenarios ---------------------------------------------------------------------------
def history(ctx: SeasonalContext) -> pd.DataFrame:
    """Past events in the data before ``as_of`` (all kinds), with their multiples.

    Columns: slug, name, kind, start, end, same_kind and one column per multiple. An event counts
    when the data covers its prior 30 days, its days and its recovery days, all before ``as_of``.
    """
    daily = account_daily(ctx)
    s = ctx.settings
    rows = []
    for ev in ctx.calendar.scheduled(ctx.event.marketplace):
        tail_end = ev.end + dt.timedelta(days=s.recovery_days)
        if ev.slug == ctx.event.slug or tail_end > ctx.as_of:
            continue
        if not _covered(daily, ev.start - dt.timedelta(days=PRIOR_DAYS), tail_end):
            continue
        mult = event_multiples(daily, ev.start, ev.end, lead_in_days=s.lead_in_days, tail_days=s.recovery_days)
        rows.append({"slug": ev.slug, "name": ev.name, "kind": ev.kind, "start": ev.start, "end": ev.end,
                     "same_kind": ev.kind == ctx.event.kind, **mult.to_dict()})
    cols = ["slug", "name", "kind", "start", "end", "same_kind", *MULTIPLE_LABELS, "ad_spend_lead_in", "ad_spend_tail"]
    return pd.DataFrame(rows, columns=cols)


SCENARIO_METRICS = ["sales", "units", "sessions", "ad_spend", "ad_sales", "cpc", "lead_in", "tail",
                    "ad_spend_lead_in", "ad_spend_tail"]


def scenarios(ctx: SeasonalContext, hist: pd.DataFrame) -> pd.DataFrame:
    """Multiples per metric (rows) for the conservative, expected and stretch scenarios, plus ``basis``.

    Own history of the same kind first: two or more events → lowest, mean, highest; one event → its
    multiple, and 1 + uplift × (1 ∓ ``seasonal.spread``). Without own history: the calendar's priors
    (lead-in and tail spend follow the sales ones). Scenarios move together: the stretch scenario is
    more demand *and* more competition (higher CPC and spend).
    """
    same = hist[hist["same_kind"]] if not hist.empty else hist
    spread = ctx.settings.spread
    rows = []
    if len(same):
        names = ", ".join(same["name"])
        for metric in SCENARIO_METRICS:
            values = same[metric].dropna()
            if values.empty:
                rows.append((metric, np.nan, np.nan, np.nan, f"no data in {names}"))
            elif len(values) >= 2:
                rows.append((metric, values.min(), values.mean(), values.max(), f"lowest, mean, highest of {names}"))
            else:
                v = float(values.iloc[0])
                lo, hi = 1 + (v - 1) * (1 - spread), 1 + (v - 1) * (1 + spread)
                rows.append((metric, min(lo, hi), v, max(lo, hi), f"{names}, ∓{pct(spread, 0)} of the uplift"))
    else:
        prior = ctx.calendar.priors.get(ctx.event.kind)
        if prior is None:
            raise ParamsError(
                f"events key 'priors.{ctx.event.kind}' must be set: the client has no history of a "
                f"{ctx.event.kind} event; got none (in {' and '.join(ctx.calendar.sources)})"
            )
        basis = f"benchmark prior: {prior.source}"
        for metric in SCENARIO_METRICS:
            if metric in ("lead_in", "tail"):
                v = getattr(prior, metric)
                rows.append((metric, v, v, v, basis))
            elif metric in ("ad_spend_lead_in", "ad_spend_tail"):
                v = getattr(prior, metric.removeprefix("ad_spend_"))
                rows.append((metric, v, v, v, basis))
            else:
                lo, mid, hi = getattr(prior, metric)
                rows.append((metric, lo, mid, hi, basis))
    table = pd.DataFrame(rows, columns=["metric", *SCENARIOS, "basis"]).set_index("metric")
    return table


def scenario_display(scen: pd.DataFrame) -> pd.DataFrame:
    """The main multiples as text for the report (the spend lead-in/tail rows stay internal)."""
    shown = scen.loc[[k for k in MULTIPLE_LABELS if k in scen.index and k != "cvr"]]
    out = pd.DataFrame({"Metric": [MULTIPLE_LABELS[k] for k in shown.index]})
    for name in SCENARIOS:
        out[name.capitalize()] = [ratio(v) for v in shown[name]]
    return out


def history_display(hist: pd.DataFrame) -> pd.DataFrame:
    """Past events and their multiples as text (× the prior 30 days)."""
    out = pd.DataFrame({"Event": hist["name"], "Days": [f"{a:%b %-d} – {b:%b %-d, %Y}" for a, b in zip(hist["start"], hist["end"], strict=True)]})
    for name in ("sales", "units", "sessions", "cvr", "cpc", "ad_spend", "ad_sales"):
        out[MULTIPLE_LABELS[name]] = [ratio(v) for v in hist[name]]
    return out


def basis_text(ctx: SeasonalContext, scen: pd.DataFrame) -> str:
    """One sentence saying where the scenario multiples come from."""
    return f"Assumption behind the scenarios: {scen.loc['sales', 'basis']}."


# -- baseline -----------------------------------------------------------------------------------------
BASE_COLUMNS = [m.TOTAL_SALES, c.UNITS, c.SESSIONS, "ad_spend", "ad_sales", c.CLICKS]


def _same_kind_reference(ctx: SeasonalContext, hist: pd.DataFrame) -> pd.Series | None:
    same = hist[hist["same_kind"]] if not hist.empty else hist
    return None if same.empty else same.sort_values("start").iloc[-1]


def baseline(ctx: SeasonalContext, hist: pd.DataFrame) -> pd.DataFrame:
    """The usual day before the event, per metric: ``now`` (average of the 30 days to ``as_of``),
    ``factor`` (seasonality + growth from the latest same-kind event, 1 without one) and ``event``
    (now × factor: the day the multiples apply to).

    factor = (average day of the 30 days before the earlier event) ÷ (average day of the 30 days
    ending ``as_of`` − (event start − earlier event start)); 1 when that window is not in the data.
    """
    daily = account_daily(ctx)
    now = window(daily, ctx.as_of - dt.timedelta(days=PRIOR_DAYS - 1), ctx.as_of)
    ref = _same_kind_reference(ctx, hist)
    rows = []
    for col in BASE_COLUMNS:
        current = _per_day(now, col, None)
        factor = 1.0
        if ref is not None:
            offset = ctx.event.start - ref["start"]
            then_end = ctx.as_of - offset
            then = window(daily, then_end - dt.timedelta(days=PRIOR_DAYS - 1), then_end)
            before = window(daily, ref["start"] - dt.timedelta(days=PRIOR_DAYS), ref["start"] - dt.timedelta(days=1))
            if len(then) == PRIOR_DAYS:
                f = m.safe_div(_per_day(before, col, None), _per_day(then, col, None))
                factor = float(f) if np.isfinite(f) else 1.0
        rows.append((col, current, factor, current * factor))
    return pd.DataFrame(rows, columns=["metric", "now", "factor", "event"]).set_index("metric")


def baseline_text(ctx: SeasonalContext, base: pd.DataFrame, hist: pd.DataFrame) -> str:
    ref = _same_kind_reference(ctx, hist)
    cur = ctx.currency
    now, event = base.loc[m.TOTAL_SALES, "now"], base.loc[m.TOTAL_SALES, "event"]
    if ref is None:
        return (f"Baseline: {money(now, cur)} of sales a day over the 30 days to {ctx.as_of:%b %-d, %Y}; "
                "no earlier event of this kind to scale it by season, so it is used as is.")
    return (f"Baseline: {money(now, cur)} of sales a day over the 30 days to {ctx.as_of:%b %-d, %Y}, scaled "
            f"×{base.loc[m.TOTAL_SALES, 'factor']:.2f} for season and growth (as the days before {ref['name']} "
            f"compared with the same point a cycle earlier) to {money(event, cur)} a day before the event.")


# -- per ASIN ---------------------------------------------------------------------------------------
def _month_shares(ctx: SeasonalContext, around: dt.date | None) -> tuple[pd.DataFrame, str]:
    """Units share per child ASIN in the by-child month containing ``around`` (else the latest month
    ending by ``as_of``), with a label of the month used."""
    from helpers.loaders import business_asin_totals

    frame = ctx.data.business_asin
    empty = pd.DataFrame(columns=[c.CHILD_ASIN, c.TITLE, c.UNITS, c.SALES, "share"])
    if frame is None or frame.empty:
        return empty, "none"
    frame = frame[frame[c.END_DATE].notna() & (frame[c.END_DATE] <= pd.Timestamp(ctx.as_of))]
    ranges = frame[[c.START_DATE, c.END_DATE]].drop_duplicates()
    if ranges.empty:
        return empty, "none"
    chosen = None
    if around is not None:
        hit = ranges[(ranges[c.START_DATE] <= pd.Timestamp(around)) & (ranges[c.END_DATE] >= pd.Timestamp(around))]
        if len(hit):
            chosen = hit.iloc[0]
    if chosen is None:
        chosen = ranges.sort_values(c.END_DATE).iloc[-1]
    rows = frame[(frame[c.START_DATE] == chosen[c.START_DATE]) & (frame[c.END_DATE] == chosen[c.END_DATE])]
    per = business_asin_totals(rows).groupby(c.CHILD_ASIN).agg(
        **{c.TITLE: (c.TITLE, "first"), c.UNITS: (c.UNITS, "sum"), c.SALES: (c.SALES, "sum")}
    )
    per["share"] = m.safe_div(per[c.UNITS], per[c.UNITS].sum())
    label = f"{chosen[c.START_DATE]:%b %-d} – {chosen[c.END_DATE]:%b %-d, %Y}"
    return per.reset_index(), label


def asin_plan(ctx: SeasonalContext, scen: pd.DataFrame, base: pd.DataFrame, hist: pd.DataFrame) -> pd.DataFrame:
    """Per child ASIN: units share (event-season month and latest month), daily units now and before
    the event, and event units and sales per scenario (baseline units × share × units multiple ×
    event days; sales at the ASIN's average selling price in that month)."""
    ref = _same_kind_reference(ctx, hist)
    season, season_label = _month_shares(ctx, None if ref is None else ref["start"])
    latest, _ = _month_shares(ctx, None)
    cols = [c.CHILD_ASIN, c.TITLE, "share", "units_now", "units_base", "price",
            *[f"units_{s}" for s in SCENARIOS], *[f"sales_{s}" for s in SCENARIOS]]
    if season.empty:
        return pd.DataFrame(columns=cols)
    table = season.rename(columns={c.UNITS: "season_units", c.SALES: "season_sales"}).merge(
        latest[[c.CHILD_ASIN, "share"]].rename(columns={"share": "share_now"}), on=c.CHILD_ASIN, how="outer"
    )
    table["share"] = table["share"].fillna(0.0)
    table["share_now"] = table["share_now"].fillna(0.0)
    table["units_now"] = table["share_now"] * base.loc[c.UNITS, "now"]
    table["units_base"] = table["share"] * base.loc[c.UNITS, "event"]
    table["price"] = m.safe_div(table["season_sales"], table["season_units"])
    days = ctx.event.days
    for s in SCENARIOS:
        table[f"units_{s}"] = table["units_base"] * scen.loc["units", s] * days
        price_mult = m.safe_div(scen.loc["sales", s], scen.loc["units", s])
        table[f"sales_{s}"] = table[f"units_{s}"] * table["price"] * (price_mult if np.isfinite(price_mult) else 1.0)
    table = table.sort_values("units_expected", ascending=False).reset_index(drop=True)
    table.attrs["season_month"] = season_label
    return table[cols]


ASIN_FORMATS = {"share": "pct", "units_now": "count", "units_base": "count",
                **{f"units_{s}": "count" for s in SCENARIOS}, **{f"sales_{s}": "money" for s in SCENARIOS}}
ASIN_LABELS = {c.CHILD_ASIN: "ASIN", "share": "Share", "units_now": "Units/day now",
               "units_base": "Units/day before event", **{f"units_{s}": f"Units {s[:4]}." for s in SCENARIOS},
               "units_expected": "Units expected", **{f"sales_{s}": f"Sales {s}" for s in SCENARIOS}}


# -- stock and ship-by ---------------------------------------------------------------------------------
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


def inventory_plan(ctx: SeasonalContext, asins: pd.DataFrame, scen: pd.DataFrame,
                   stock_units: pd.DataFrame) -> pd.DataFrame:
    """Per ASIN: units needed from ``as_of`` through the recovery days, stock, units to send,
    ship-by and order-by dates, run-out date and status (:data:`STOCK_STATUS`).

    needed = units/day now × days until the event + event units (scenario) + units/day before the
    event × tail multiple × recovery days. to_send = max(needed − available − inbound, 0).
    ship_by = cutoff − ``transit_days``; order_by = ship_by − ``production_days``; runs_out =
    as_of + (available + inbound) ÷ units/day now (NaT when it lasts beyond the recovery days).
    """
    s = ctx.settings
    ev = ctx.event
    cutoff = ev.cutoff(s.cutoff)
    cutoff_day = cutoff[1] if cutoff else None
    before = days_between(ctx.as_of + dt.timedelta(days=1), ev.start - dt.timedelta(days=1))
    recovery_end = ev.end + dt.timedelta(days=s.recovery_days)
    table = asins[[c.CHILD_ASIN, c.TITLE, "units_now", "units_base", *[f"units_{x}" for x in SCENARIOS]]].merge(
        stock_units, on=c.CHILD_ASIN, how="left"
    )
    table[["available", "inbound"]] = table[["available", "inbound"]].astype(float).fillna(0.0)
    for x in SCENARIOS:
        table[f"needed_{x}"] = (table["units_now"] * before + table[f"units_{x}"]
                                + table["units_base"] * scen.loc["tail", x] * s.recovery_days)
    on_hand = table["available"] + table["inbound"]
    table["to_send"] = (table["needed_expected"] - on_hand).clip(lower=0)
    ship_by = cutoff_day - dt.timedelta(days=s.transit_days) if cutoff_day else None
    order_by = ship_by - dt.timedelta(days=s.production_days) if ship_by else None
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
    table.attrs.update(cutoff=cutoff, ship_by=ship_by, order_by=order_by, recovery_end=recovery_end)
    return table


def stock_warnings(plan: pd.DataFrame) -> pd.DataFrame:
    """ASINs whose status is not 'covered', worst status first, most units to send first."""
    order = {status: i for i, status in enumerate(STOCK_STATUS["status"])}
    warn = plan[plan["status"] != "covered"]
    return warn.sort_values(["status", "to_send"], key=lambda col: col.map(order) if col.name == "status" else -col) \
        .reset_index(drop=True)


STOCK_FORMATS = {"available": "count", "inbound": "count", "needed_expected": "count", "needed_stretch": "count",
                 "to_send": "count"}
STOCK_LABELS = {c.CHILD_ASIN: "ASIN", "needed_expected": "Needed (expected)", "needed_stretch": "Needed (stretch)",
                "to_send": "To send", "ship_by": "Ship by", "order_by": "Order by", "runs_out": "Runs out"}
STOCK_COLUMNS = [c.CHILD_ASIN, "available", "inbound", "needed_expected", "needed_stretch", "to_send", "runs_out", "status"]


def stock_display(plan: pd.DataFrame) -> pd.DataFrame:
    """Dates as text (``Mon d``) so the table prints them plainly."""
    out = plan.copy()
    for col in ("ship_by", "order_by", "runs_out"):
        out[col] = [d.strftime("%b %-d, %Y") if pd.notna(d) else None for d in out[col]]
    return out


def key_dates(ctx: SeasonalContext, plan: pd.DataFrame) -> pd.DataFrame:
    """The calendar of the event: deadlines, cutoffs, ship-by and order-by, lead-in and recovery days,
    each with the days left from ``as_of`` (negative = passed)."""
    ev, s = ctx.event, ctx.settings
    rows = []
    if ev.deal_deadline:
        rows.append(("Deal submission deadline", ev.deal_deadline))
    for name, day in sorted(ev.inbound_cutoffs.items(), key=lambda kv: kv[1]):
        rows.append((f"Inbound cutoff: {name.replace('_', ' ')}", day))
    if plan.attrs.get("order_by"):
        rows.append((f"Order by (ship-by − {s.production_days} days production)", plan.attrs["order_by"]))
        rows.append((f"Ship by ({plan.attrs['cutoff'][0].replace('_', ' ')} − {s.transit_days} days transit)",
                     plan.attrs["ship_by"]))
    rows.append((f"Budget lead-in starts ({s.lead_in_days} days)", ev.start - dt.timedelta(days=s.lead_in_days)))
    rows.append(("Event starts", ev.start))
    rows.append(("Event ends", ev.end))
    rows.append((f"Recovery days end ({s.recovery_days} days)", ev.end + dt.timedelta(days=s.recovery_days)))
    table = pd.DataFrame(rows, columns=["What", "date"]).sort_values("date", kind="stable")
    table["Date"] = [d.strftime("%a %b %-d, %Y") for d in table["date"]]
    table["Days from as-of"] = [(d - ctx.as_of).days for d in table["date"]]
    return table[["What", "Date", "Days from as-of"]].reset_index(drop=True)


# -- budget ramp ---------------------------------------------------------------------------------------
def budget_ramp(ctx: SeasonalContext, scen: pd.DataFrame, base: pd.DataFrame, scenario: str = "expected") -> pd.DataFrame:
    """Daily plan from the lead-in through the event to the end of the recovery days.

    budget = baseline ad spend/day × spend multiple (lead-in: linear from 1× to the lead-in
    multiple; event: the event multiple; recovery: linear from the tail multiple back to 1×). Ad sales
    and total sales use the matching sales multiples (ad sales on event days: the ad-sales multiple);
    cpc = baseline CPC × CPC multiple on event days. acos = budget ÷ ad_sales, tacos = budget ÷
    total_sales (lower is better; NaN on zero sales).
    """
    ev, s = ctx.event, ctx.settings
    sc = scen[scenario]
    spend0, adsales0, sales0 = (base.loc[k, "event"] for k in ("ad_spend", "ad_sales", m.TOTAL_SALES))
    cpc0 = m.safe_div(base.loc["ad_spend", "event"], base.loc[c.CLICKS, "event"])
    rows = []
    for i in range(s.lead_in_days):
        day = ev.start - dt.timedelta(days=s.lead_in_days - i)
        w = (i + 1) / s.lead_in_days
        spend_m = 1 + (sc["ad_spend_lead_in"] - 1) * w
        sales_m = 1 + (sc["lead_in"] - 1) * w
        rows.append((day, "lead-in", spend_m, sales_m, sales_m, 1.0))
    for i in range(ev.days):
        rows.append((ev.start + dt.timedelta(days=i), "event", sc["ad_spend"], sc["ad_sales"], sc["sales"], sc["cpc"]))
    for i in range(s.recovery_days):
        day = ev.end + dt.timedelta(days=i + 1)
        w = 1 - i / s.recovery_days
        spend_m = 1 + (sc["ad_spend_tail"] - 1) * w
        sales_m = 1 + (sc["tail"] - 1) * w
        rows.append((day, "recovery", spend_m, sales_m, sales_m, 1.0))
    ramp = pd.DataFrame(rows, columns=["date", "phase", "spend_multiple", "ad_sales_multiple", "sales_multiple", "cpc_multiple"])
    ramp["date"] = pd.to_datetime(ramp["date"])
    ramp["budget"] = spend0 * ramp["spend_multiple"]
    ramp["ad_sales"] = adsales0 * ramp["ad_sales_multiple"]
    ramp["total_sales"] = sales0 * ramp["sales_multiple"]
    ramp["cpc"] = cpc0 * ramp["cpc_multiple"]
    ramp["acos"] = m.acos(ramp["budget"], ramp["ad_sales"])
    ramp["tacos"] = m.tacos(ramp["budget"], ramp["total_sales"])
    return ramp


def ramp_phases(ctx: SeasonalContext, scen: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """Budget, ad sales, total sales, ACoS and TACoS per phase, for each scenario (summed bases)."""
    rows = []
    for s in SCENARIOS:
        ramp = budget_ramp(ctx, scen, base, s)
        for phase in ("lead-in", "event", "recovery"):
            part = ramp[ramp["phase"] == phase]
            if part.empty:
                continue
            budget, ad_sales, sales = part["budget"].sum(), part["ad_sales"].sum(), part["total_sales"].sum()
            rows.append({"scenario": s, "phase": phase, "days": len(part), "budget_per_day": budget / len(part),
                         "budget": budget, "cpc": part["cpc"].mean(), "ad_sales": ad_sales,
                         "total_sales": sales, "acos": m.acos(budget, ad_sales), "tacos": m.tacos(budget, sales)})
    return pd.DataFrame(rows)


RAMP_FORMATS = {"days": "count", "budget_per_day": "money", "budget": "money", "cpc": "money2",
                "ad_sales": "money", "total_sales": "money", "acos": "pct", "tacos": "pct"}
RAMP_LABELS = {"budget_per_day": "Budget/day", "cpc": "CPC", "acos": "ACoS", "tacos": "TACoS"}


# -- deals ------------------------------------------------------------------------------------------------
def deal_margin(price: Any, cogs: Any, fees: Any, discount: Any, fee_share: Any = 0.0) -> Any:
    """Margin per unit sold on the deal, in money: price × (1 − discount) × (1 − fee_share) − cogs − fees.

    ``fees`` are the per-unit referral + FBA + other costs from ``params.economics`` (held fixed;
    the referral fee falls a little with the price, so this slightly understates the margin).
    ``fee_share`` is a deal fee charged per unit as a share of the deal price (coupons). Higher is better;
    negative = every deal unit loses money.

    >>> round(deal_margin(30.0, 8.0, 10.0, 0.2), 2)
    6.0
    """
    return price * (1 - discount) * (1 - fee_share) - cogs - fees


def break_even_extra_units(flat_fee: Any, base_units: Any, margin_before: Any, margin_after: Any) -> Any:
    """Extra units a deal must sell to pay for itself: (flat fee + base units × (margin before −
    margin after)) ÷ margin after. Base units are the units the event would sell without the deal
    (they now sell at the lower margin). NaN when the deal margin is zero or negative (no number of
    extra units pays it back). Lower is better.

    >>> break_even_extra_units(500.0, 100.0, 12.0, 6.0)
    183.33333333333334
    """
    after = np.where(np.asarray(margin_after, dtype=float) > 0, margin_after, np.nan)
    value = (np.asarray(flat_fee, dtype=float) + np.asarray(base_units, dtype=float)
             * (np.asarray(margin_before, dtype=float) - np.asarray(margin_after, dtype=float))) / after
    return float(value) if np.ndim(value) == 0 else value


def deal_plan(ctx: SeasonalContext, asins: pd.DataFrame, *, top: int = 5) -> pd.DataFrame:
    """Each deal type for the ``top`` ASINs by expected event units (economics from the params).

    Columns: asin, deal, discount (the type's minimum), fee (flat, for this event kind), price, deal
    price, margin before and after (per unit), expected units (scenario 'expected', without a deal),
    break_even_extra (units), break_even_share (of the expected units) and verdict (:data:`DEAL_BANDS`).
    """
    rows = []
    for asin_row in asins.head(top).itertuples(index=False):
        asin = getattr(asin_row, c.CHILD_ASIN)
        econ = ctx.params.economics_for(asin)
        if econ.price is not None:
            price, cogs, fees = econ.price, econ.cogs, econ.fees
        elif econ.margin is not None and np.isfinite(asin_row.price):
            price, cogs, fees = asin_row.price, asin_row.price * (1 - econ.margin), 0.0
        else:
            continue
        before = deal_margin(price, cogs, fees, 0.0)
        for key, deal in ctx.calendar.deals.items():
            after = deal_margin(price, cogs, fees, deal.min_discount, deal.fee_share_of_sales)
            fee = deal.fee_for(ctx.event.kind)
            extra = break_even_extra_units(fee, asin_row.units_expected, before, after)
            rows.append({"asin": asin, "deal": deal.label, "discount": deal.min_discount, "fee": fee,
                         "price": price, "deal_price": price * (1 - deal.min_discount), "margin_before": before,
                         "margin_after": after, "units_expected": asin_row.units_expected,
                         "break_even_extra": extra, "assumption": deal.assumption, "key": key})
    table = pd.DataFrame(rows, columns=["asin", "deal", "discount", "fee", "price", "deal_price", "margin_before",
                                        "margin_after", "units_expected", "break_even_extra", "assumption", "key"])
    table["break_even_share"] = m.safe_div(table["break_even_extra"], table["units_expected"])
    bands = pd.cut(table["break_even_share"], bins=[-np.inf, *DEAL_BANDS["upper"]], labels=DEAL_BANDS["verdict"])
    table["verdict"] = bands.astype(object).where(table["margin_after"] > 0, "loses money per unit")
    table["verdict"] = table["verdict"].fillna("no expected units")
    return table


DEAL_FORMATS = {"discount": "pct", "fee": "money", "price": "money2", "deal_price": "money2", "margin_before": "money2",
                "margin_after": "money2", "units_expected": "count", "break_even_extra": "count",
                "break_even_share": "pct"}
DEAL_LABELS = {"asin": "ASIN", "discount": "Min. off", "margin_before": "Margin", "margin_after": "Deal margin",
               "units_expected": "Event units", "break_even_extra": "Break-even +units",
               "break_even_share": "Of event units"}
DEAL_COLUMNS = ["asin", "deal", "discount", "fee", "margin_after", "units_expected",
                "break_even_extra", "break_even_share", "verdict"]


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


# -- review -----------------------------------------------------------------------------------------------
def planned_event(ctx: SeasonalContext, scen: pd.DataFrame, base: pd.DataFrame) -> pd.DataFrame:
    """The plan's event-day totals per scenario: sales, units, ad spend, ad sales, ACoS, TACoS."""
    days = ctx.event.days
    out = {}
    for s in SCENARIOS:
        sales = base.loc[m.TOTAL_SALES, "event"] * scen.loc["sales", s] * days
        spend = base.loc["ad_spend", "event"] * scen.loc["ad_spend", s] * days
        ad_sales = base.loc["ad_sales", "event"] * scen.loc["ad_sales", s] * days
        out[s] = {"total_sales": sales, "units": base.loc[c.UNITS, "event"] * scen.loc["units", s] * days,
                  "ad_spend": spend, "ad_sales": ad_sales, "acos": m.acos(spend, ad_sales), "tacos": m.tacos(spend, sales)}
    return pd.DataFrame(out)


def actual_event(ctx: SeasonalContext) -> pd.Series:
    """What happened on the event days (all data, not only up to ``as_of``)."""
    part = window(account_daily(ctx, until=ctx.last_day), ctx.event.start, ctx.event.end)
    sales, spend, ad_sales = (float(part[k].sum(min_count=1)) for k in (m.TOTAL_SALES, "ad_spend", "ad_sales"))
    return pd.Series({"total_sales": sales, "units": float(part[c.UNITS].sum(min_count=1)), "ad_spend": spend,
                      "ad_sales": ad_sales, "acos": m.acos(spend, ad_sales), "tacos": m.tacos(spend, sales)})


REVIEW_ROWS = [("total_sales", "Sales", "money"), ("units", "Units", "count"), ("ad_spend", "Ad spend", "money"),
               ("ad_sales", "Ad sales", "money"), ("acos", "ACoS", "pct"), ("tacos", "TACoS", "pct")]


def review(ctx: SeasonalContext, planned: pd.DataFrame) -> pd.DataFrame:
    """Actual vs plan per metric: conservative, expected, stretch, actual, and actual vs expected
    (relative change for amounts, points for ACoS/TACoS). Empty in plan mode."""
    cols = ["metric", "label", "format", *SCENARIOS, "actual", "vs_expected"]
    if ctx.mode != "review":
        return pd.DataFrame(columns=cols)
    actual = actual_event(ctx)
    rows = []
    for key, label, fmt in REVIEW_ROWS:
        exp = planned.loc[key, "expected"]
        vs = m.point_change(actual[key], exp) if fmt == "pct" else m.relative_change(actual[key], exp)
        rows.append([key, label, fmt, *(planned.loc[key, s] for s in SCENARIOS), actual[key], vs])
    return pd.DataFrame(rows, columns=cols)


def review_display(table: pd.DataFrame, currency: str) -> pd.DataFrame:
    from helpers.present.formatting import formatter

    rows = []
    for r in table.itertuples(index=False):
        f = formatter(r.format, currency)
        change = formatter("pts" if r.format == "pct" else "pct_signed")
        rows.append({"Metric": r.label, "Conservative": f(r.conservative), "Expected": f(r.expected),
                     "Stretch": f(r.stretch), "Actual": f(r.actual), "Actual vs expected": change(r.vs_expected)})
    return pd.DataFrame(rows)


REVIEW_NUMERIC = ["Conservative", "Expected", "Stretch", "Actual", "Actual vs expected"]


def stockouts(ctx: SeasonalContext, *, min_days: int = 1) -> pd.DataFrame:
    """Advertised ASINs whose ads stopped serving (no impressions) on ``min_days``+ days from the
    event start to the end of the recovery days, while they served in the 30 days before — Amazon
    stops ads on out-of-stock offers. Columns: advertised_asin, days_dark, first_dark."""
    frame = ctx.data.advertised_products
    cols = [c.ADVERTISED_ASIN, "days_dark", "first_dark"]
    if ctx.mode != "review" or frame is None or frame.empty or c.ADVERTISED_ASIN not in frame:
        return pd.DataFrame(columns=cols)
    ev = ctx.event
    end = min(ev.end + dt.timedelta(days=ctx.settings.recovery_days), ctx.last_day)
    daily = frame[(frame[c.START_DATE] == frame[c.END_DATE]) & (frame[c.IMPRESSIONS].fillna(0) > 0)]
    prior = daily[(daily[c.START_DATE] >= pd.Timestamp(ev.start - dt.timedelta(days=PRIOR_DAYS)))
                  & (daily[c.START_DATE] < pd.Timestamp(ev.start))]
    during = daily[(daily[c.START_DATE] >= pd.Timestamp(ev.start)) & (daily[c.START_DATE] <= pd.Timestamp(end))]
    span = pd.date_range(ev.start, end, freq="D")
    rows = []
    for asin in sorted(prior[c.ADVERTISED_ASIN].dropna().unique()):
        on = set(during.loc[during[c.ADVERTISED_ASIN] == asin, c.START_DATE])
        dark = [d for d in span if d not in on]
        if len(dark) >= min_days:
            rows.append((asin, len(dark), dark[0]))
    return pd.DataFrame(rows, columns=cols)


def year_share(ctx: SeasonalContext) -> tuple[float, str]:
    """Event sales as a share of the sales of the event's calendar year in the data, and the range used."""
    daily = account_daily(ctx, until=ctx.last_day)
    year_start = max(dt.date(ctx.event.start.year, 1, 1), ctx.first_day)
    year_end = min(dt.date(ctx.event.start.year, 12, 31), ctx.last_day)
    year = window(daily, year_start, year_end)[m.TOTAL_SALES].sum(min_count=1)
    event = window(daily, ctx.event.start, ctx.event.end)[m.TOTAL_SALES].sum(min_count=1)
    return float(m.safe_div(event, year)), f"{year_start:%b %-d} – {year_end:%b %-d, %Y}"


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


# -- summary ---------------------------------------------------------------------------------------------
def cover_subtitle(ctx: SeasonalContext) -> str:
    mark = " (planning assumption)" if ctx.event.assumption else ""
    if ctx.mode == "review":
        return f"{ctx.event.name}, {ctx.event.dates_text}{mark}: review"
    return f"{ctx.event.name}, {ctx.event.dates_text}{mark}: plan as of {ctx.as_of:%b %-d, %Y}"


def headlines(ctx: SeasonalContext, planned: pd.DataFrame, scen: pd.DataFrame, inv: pd.DataFrame,
              table: pd.DataFrame) -> list[str]:
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
            lines.append(f"{passed} ASIN(s) need more units but the ship-by date ({inv.attrs['ship_by']:%b %-d}) has passed: "
                         "protect their stock with prices and budgets instead.")
        if order:
            lines.append(f"{order} ASIN(s) must be ordered by {inv.attrs['order_by']:%b %-d, %Y} to arrive before the cutoff.")
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


def record_plan(planned: pd.DataFrame, scen: pd.DataFrame) -> dict[str, Any]:
    """Headline numbers for the runner and tests."""
    return {"multiples": {k: scen.loc[k, list(SCENARIOS)].astype(float).to_dict() for k in ("sales", "units", "ad_spend", "cpc")},
            "event": {k: planned.loc[k].astype(float).to_dict() for k in planned.index}}


# -- notebook glue: notes, records, assumptions --------------------------------------------------------
ASIN_COLUMNS = [c.CHILD_ASIN, "share", "units_now", *[f"units_{s}" for s in SCENARIOS], "sales_expected"]
HISTORY_NUMERIC = [MULTIPLE_LABELS[k] for k in ("sales", "units", "sessions", "cvr", "cpc", "ad_spend", "ad_sales")]


def calendar_note(ctx: SeasonalContext) -> str:
    """Where the event's dates come from, and whether they are a planning assumption."""
    ev = ctx.event
    head = "These dates are a planning assumption, not confirmed by Amazon. " if ev.assumption else ""
    return f"{head}{ev.note} Calendar: {' and '.join(ctx.calendar.sources)} (update it when Amazon announces dates)."


def review_section(ctx: SeasonalContext, table: pd.DataFrame, currency: str) -> Any:
    """The actual-vs-plan table in review mode, else a note saying when the review becomes available."""
    from helpers.present import tables
    from helpers.present.notebook import note

    if ctx.mode != "review":
        return note(review_pending(ctx)[0])
    share, span = year_share(ctx)
    caption = (f"Event days {ctx.event.dates_text}; plan as of {ctx.as_of:%b %-d, %Y}. The event made "
               f"{pct(share)} of the sales of {span}.")
    return tables.show(review_display(table, currency), numeric=REVIEW_NUMERIC, caption=caption)


def review_pending(ctx: SeasonalContext) -> list[str]:
    """What the review will hold once the exports cover the event (plan mode)."""
    return [f"This is the plan: the exports end {ctx.last_day:%b %-d, %Y}, before {ctx.event.name} ends "
            f"({ctx.event.end:%b %-d, %Y}). Run the playbook again once they cover the event and its "
            f"{ctx.settings.recovery_days} recovery days to compare actual sales, units, ACoS, TACoS and "
            "stock-outs with this plan."]


def record_review(ctx: SeasonalContext, table: pd.DataFrame, outs: pd.DataFrame) -> dict[str, Any]:
    if ctx.mode != "review":
        return {}
    share, _ = year_share(ctx)
    t = table.set_index("metric")
    return {"actual": t["actual"].astype(float).to_dict(), "expected": t["expected"].astype(float).to_dict(),
            "year_share": share, "stockouts": outs[c.ADVERTISED_ASIN].tolist()}


def record_stock(inv: pd.DataFrame) -> dict[str, Any]:
    return {
        "status": {row[c.CHILD_ASIN]: row["status"] for _, row in inv.iterrows()},
        "to_send": float(inv["to_send"].sum()),
        "ship_by": inv.attrs.get("ship_by"),
        "order_by": inv.attrs.get("order_by"),
    }


def record_table(table: pd.DataFrame, columns: list[str] | None = None) -> list[dict[str, Any]]:
    """Rows of a table as JSON-able dicts (NaN → None) for hn.record."""
    frame = table if columns is None else table[columns]
    return [{k: (None if isinstance(v, float) and not np.isfinite(v) else v) for k, v in row.items()}
            for row in frame.to_dict(orient="records")]


def asin_note(ctx: SeasonalContext, asins: pd.DataFrame) -> str:
    month = asins.attrs.get("season_month", "none")
    return (f"Each ASIN's share of units is taken from the by-child Business Report of {month} (the month of the "
            "last event of this kind when the data has it, else the latest month); each ASIN is assumed to lift like "
            "the account. Sales use the ASIN's average selling price in that month.")


def stock_text(ctx: SeasonalContext, inv: pd.DataFrame, source: str) -> str:
    s = ctx.settings
    cutoff = inv.attrs.get("cutoff")
    if cutoff is None:
        plan = "The calendar lists no inbound cutoff for this event, so there are no ship-by dates."
    else:
        plan = (f"Units must arrive by the {cutoff[0].replace('_', ' ')} cutoff ({cutoff[1]:%b %-d, %Y}): ship by "
                f"{inv.attrs['ship_by']:%b %-d} ({s.transit_days} days transit) and order by "
                f"{inv.attrs['order_by']:%b %-d} ({s.production_days} days production).")
    total = inv["to_send"].sum()
    return (f"Units needed run from {ctx.as_of:%b %-d} through {s.recovery_days} recovery days after the event "
            f"(expected scenario): {total:,.0f} units to send in all. {plan} Stock source: {source}.")


def ramp_note(ctx: SeasonalContext, scen: pd.DataFrame) -> str:
    s = ctx.settings
    return (f"Budgets start from the usual day's ad spend: the {s.lead_in_days} lead-in days ramp to "
            f"{ratio(scen.loc['ad_spend_lead_in', 'expected'])}, event days run at {ratio(scen.loc['ad_spend', 'expected'])} "
            f"with CPC at {ratio(scen.loc['cpc', 'expected'])}, and the {s.recovery_days} recovery days fall back from "
            f"{ratio(scen.loc['ad_spend_tail', 'expected'])} to 1×. ACoS = budget ÷ expected ad sales; TACoS = budget ÷ expected total sales.")


def assumptions(ctx: SeasonalContext) -> pd.DataFrame:
    """The settings used, for the appendix."""
    s = ctx.settings
    cut = ctx.event.cutoff(s.cutoff)
    rows = [
        ("Event", f"{ctx.event.name} ({ctx.event.slug}), {ctx.event.dates_text}, {ctx.event.marketplace}"),
        ("Mode", "review of a past event" if ctx.mode == "review" else "plan"),
        ("As of", f"{ctx.as_of:%b %-d, %Y} (data {ctx.first_day:%b %-d, %Y} – {ctx.last_day:%b %-d, %Y})"),
        ("Inbound cutoff planned against", f"{cut[0]} {cut[1]:%b %-d, %Y}" if cut else "none listed"),
        ("Transit / production days", f"{s.transit_days} / {s.production_days}"),
        ("Lead-in / recovery days", f"{s.lead_in_days} / {s.recovery_days}"),
        ("Order warning window", f"{s.warning_days} days"),
        ("Scenario spread (one past event)", pct(s.spread, 0)),
        ("Prior window for multiples", f"{PRIOR_DAYS} days before the event"),
        ("Calendar", " and ".join(ctx.calendar.sources)),
        ("Params", ctx.params.source),
    ]
    return pd.DataFrame(rows, columns=["Setting", "Value"])


def lessons_section(ctx: SeasonalContext, table: pd.DataFrame, outs: pd.DataFrame, scen: pd.DataFrame,
                    inv: pd.DataFrame) -> Any:
    """The lessons callout in review mode; nothing to show in plan mode (the note above says when)."""
    from helpers.present.notebook import HTML, callout

    found = lessons(ctx, table, outs, scen, inv)
    return callout(found, title="Lessons for next time") if found else HTML("")
