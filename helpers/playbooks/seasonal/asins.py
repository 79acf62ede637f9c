"""Per ASIN: share of units and event units and sales per scenario."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.params.events import SCENARIOS
from helpers.playbooks.seasonal.context import SeasonalContext
from helpers.playbooks.seasonal.scenarios import same_kind_reference


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


def asin_plan(ctx: SeasonalContext, scen: pd.DataFrame, base: pd.DataFrame,
              hist: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Per child ASIN: units share (event-season month and latest month), daily units now and before
    the event, and event units and sales per scenario (baseline units × share × units multiple ×
    event days; sales at the ASIN's average selling price in that month), and the label of the month the
    shares come from ("none" without a by-child report). An ASIN without units in the season's month
    that sells in the latest one takes its latest share and price (``share_from`` "latest"; else
    "season"), the others' season shares scaled to the rest."""
    ref = same_kind_reference(ctx, hist)
    season, season_label = _month_shares(ctx, None if ref is None else ref["start"])
    latest, _ = _month_shares(ctx, None)
    cols = [c.CHILD_ASIN, c.TITLE, "share", "share_from", "units_now", "units_base", "price",
            *[f"units_{s}" for s in SCENARIOS], *[f"sales_{s}" for s in SCENARIOS]]
    if season.empty:
        return pd.DataFrame(columns=cols), season_label
    table = season.rename(columns={c.UNITS: "season_units", c.SALES: "season_sales"}).merge(
        latest[[c.CHILD_ASIN, "share"]].rename(columns={"share": "share_now"}), on=c.CHILD_ASIN, how="outer"
    )
    table["share"] = table["share"].fillna(0.0)
    table["share_now"] = table["share_now"].fillna(0.0)
    # an ASIN that sold nothing in the season's month but sells now (launched since) takes its share of
    # the latest month, the others share the rest as they did then: the account's units stay the
    # same, and a product selling 16 a day is not planned at 0 units and 0 stock for the event
    new = (table["season_units"].fillna(0) <= 0).to_numpy() & (table["share_now"] > 0).to_numpy()
    rest = 1.0 - float(table.loc[new, "share_now"].sum())
    table["share"] = np.where(new, table["share_now"], table["share"] * rest)
    table["share_from"] = np.where(new, "latest", "season")
    table["units_now"] = table["share_now"] * base.loc[c.UNITS, "now"]
    table["units_base"] = table["share"] * base.loc[c.UNITS, "event"]
    latest_price = table[c.CHILD_ASIN].map(
        dict(zip(latest[c.CHILD_ASIN], m.safe_div(latest[c.SALES], latest[c.UNITS]), strict=True)))
    table["price"] = m.safe_div(table["season_sales"], table["season_units"])
    table["price"] = table["price"].where(~new, latest_price)
    days = ctx.event.days
    for s in SCENARIOS:
        table[f"units_{s}"] = table["units_base"] * scen.loc["units", s] * days
        price_mult = m.safe_div(scen.loc["sales", s], scen.loc["units", s])
        table[f"sales_{s}"] = table[f"units_{s}"] * table["price"] * (price_mult if np.isfinite(price_mult) else 1.0)
    table = table.sort_values("units_expected", ascending=False).reset_index(drop=True)
    return table[cols], season_label
