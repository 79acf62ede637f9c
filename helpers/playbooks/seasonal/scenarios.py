"""Past events in the data, the conservative / expected / stretch scenarios and the usual-day baseline."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.errors import ParamsError
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext
from helpers.playbooks.seasonal.daily import (
    MULTIPLE_LABELS,
    PRIOR_DAYS,
    _covered,
    _per_day,
    event_multiples,
    window,
)
from helpers.present.formatting import pct


def history(ctx: SeasonalContext, daily: pd.DataFrame) -> pd.DataFrame:
    """Past events in the data before ``as_of`` (all kinds), with their multiples.

    Columns: slug, name, kind, start, end, same_kind and one column per multiple. An event counts
    when the data covers its prior 30 days, its days and its recovery days, all before ``as_of``.
    ``daily`` is :func:`account_daily` up to ``as_of``.
    """
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


BASE_COLUMNS = [m.TOTAL_SALES, c.UNITS, c.SESSIONS, "ad_spend", "ad_sales", c.CLICKS]


def same_kind_reference(ctx: SeasonalContext, hist: pd.DataFrame) -> pd.Series | None:
    same = hist[hist["same_kind"]] if not hist.empty else hist
    return None if same.empty else same.sort_values("start").iloc[-1]


def baseline(ctx: SeasonalContext, daily: pd.DataFrame, hist: pd.DataFrame) -> pd.DataFrame:
    """The usual day before the event, per metric: ``now`` (average of the 30 days to ``as_of``),
    ``factor`` (seasonality + growth from the latest same-kind event, 1 without one) and ``event``
    (now × factor: the day the multiples apply to).

    factor = (average day of the 30 days before the earlier event) ÷ (average day of the 30 days
    ending ``as_of`` − (event start − earlier event start)); 1 when that window is not in the data.
    """
    now = window(daily, ctx.as_of - dt.timedelta(days=PRIOR_DAYS - 1), ctx.as_of)
    ref = same_kind_reference(ctx, hist)
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
