"""What moved and why: pure functions on canonical frames, shared by the QBR, the seasonal review
and the launch's post-launch part.

Each function returns numbers (a DataFrame or a frozen dataclass), never sentences.

**Sales bridge.** An ASIN's sales are ``S = sessions × conversion × price`` with conversion the
unit session % (units ÷ sessions) and price the average selling price (sales ÷ units). The change
between two periods is split in a fixed order (traffic, then conversion, then price)::

    traffic    = (sessions₁ − sessions₀) × conversion₀ × price₀
    conversion = sessions₁ × (conversion₁ − conversion₀) × price₀
    price      = sessions₁ × conversion₁ × (price₁ − price₀)

so the three add up to ``S₁ − S₀`` exactly. Where a factor is undefined in one period (an ASIN
new or gone, a period without sessions) the whole change counts as traffic.

**Stock-outs.** A day is out of stock for an ASIN when an inventory snapshot of that day shows no
available units, or — without snapshots — when its ads stopped serving (no impressions) for a run of
days between days it served (Amazon stops ads on out-of-stock offers). Sales lost are an estimate::

    lost = normal daily sales × days out,  normal daily sales = sales ÷ days in stock

(domain.md §4.2 "OOS missed sales": rate of sale × days out of stock).

**Events.** Uplift of an event = its average daily sales ÷ the period's average on normal days
(days in no event); extra sales = (event day average − normal day average) × event days.

**ACoS.** ``ACoS = CPC ÷ (CVR × order value)`` (spend/clicks ÷ (orders/clicks × sales/orders)), so
``ln ACoS₁/ACoS₀ = ln CPC₁/CPC₀ − ln CVR₁/CVR₀ − ln AOV₁/AOV₀`` and the change in points is split
between the three in proportion to their log changes (exact; log-mean split).

**Account health.** Each snapshot metric is read against its limit (:data:`HEALTH_LIMITS`, from
domain.md §4.3 and the IPI setting): ``used`` = value ÷ limit for "below" limits, limit ÷ value for
"at least" limits; ≥ 1 is a breach, ≥ ``watch_share`` and worsening is "approaching".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m

# -- sales bridge ------------------------------------------------------------------------------------
BRIDGE_COLUMNS = [
    c.CHILD_ASIN, c.TITLE, "sales_before", "sales_now", "change", "traffic", "conversion", "price",
    "sessions_before", "sessions_now", "conversion_before", "conversion_now", "price_before", "price_now",
]


def _factors(frame: pd.DataFrame) -> pd.DataFrame:
    sales = frame[c.SALES].astype(float)
    units = frame[c.UNITS].astype(float)
    sessions = frame[c.SESSIONS].astype(float) if c.SESSIONS in frame else pd.Series(np.nan, index=frame.index)
    return pd.DataFrame(
        {
            "sales": sales,
            "sessions": sessions,
            "conversion": m.safe_div(units, sessions),
            "price": m.safe_div(sales, units),
        },
        index=frame.index,
    )


def sales_bridge(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """Sales change per child ASIN between two periods, split into traffic, conversion and price.

    ``now`` and ``before`` hold one row per ``child_asin`` with ``sales``, ``units``, ``sessions``
    (and optionally ``title``). Rows: every ASIN in either period, largest absolute change first.
    ``traffic + conversion + price == change`` on every row.

    >>> a = pd.DataFrame({"child_asin": ["A"], "sales": [100.0], "units": [10.0], "sessions": [100.0]})
    >>> b = pd.DataFrame({"child_asin": ["A"], "sales": [240.0], "units": [20.0], "sessions": [200.0]})
    >>> sales_bridge(b, a)[["change", "traffic", "conversion", "price"]].iloc[0].tolist()
    [140.0, 100.0, 0.0, 40.0]
    """
    if now.empty and before.empty:
        return pd.DataFrame({col: pd.Series(dtype=object if col in (c.CHILD_ASIN, c.TITLE) else float) for col in BRIDGE_COLUMNS})
    f1 = _factors(now.set_index(c.CHILD_ASIN)) if not now.empty else pd.DataFrame(columns=["sales", "sessions", "conversion", "price"])
    f0 = _factors(before.set_index(c.CHILD_ASIN)) if not before.empty else pd.DataFrame(columns=["sales", "sessions", "conversion", "price"])
    both = f1.add_suffix("_now").join(f0.add_suffix("_before"), how="outer").astype(float)
    s1, s0 = both["sales_now"].fillna(0.0), both["sales_before"].fillna(0.0)
    change = s1 - s0
    n1, n0 = both["sessions_now"], both["sessions_before"]
    c1, c0 = both["conversion_now"], both["conversion_before"]
    p1, p0 = both["price_now"], both["price_before"]
    traffic = (n1 - n0) * c0 * p0
    conversion = n1 * (c1 - c0) * p0
    price = n1 * c1 * (p1 - p0)
    defined = traffic.notna() & conversion.notna() & price.notna()
    # a period without sales has no price: its change is all traffic (the ASIN appeared or vanished)
    out = pd.DataFrame(
        {
            "sales_before": s0,
            "sales_now": s1,
            "change": change,
            "traffic": traffic.where(defined, change),
            "conversion": conversion.where(defined, 0.0),
            "price": price.where(defined, 0.0),
            "sessions_before": n0,
            "sessions_now": n1,
            "conversion_before": c0,
            "conversion_now": c1,
            "price_before": p0,
            "price_now": p1,
        }
    )
    named = [frame.set_index(c.CHILD_ASIN)[c.TITLE] for frame in (now, before) if c.TITLE in frame and not frame.empty]
    titles = pd.concat(named) if named else pd.Series(dtype=object)
    out[c.TITLE] = titles[~titles.index.duplicated()].reindex(out.index) if len(titles) else np.nan
    out = out.rename_axis(c.CHILD_ASIN).reset_index()
    order = out["change"].abs().sort_values(ascending=False, kind="stable").index
    return out.loc[order, BRIDGE_COLUMNS].reset_index(drop=True)


def bridge_totals(bridge: pd.DataFrame) -> dict[str, float]:
    """Account totals of a :func:`sales_bridge`: before, now, change and the three effects."""
    keys = ["sales_before", "sales_now", "change", "traffic", "conversion", "price"]
    return {k: float(bridge[k].sum()) if len(bridge) else np.nan for k in keys}


# -- stock-outs --------------------------------------------------------------------------------------
STOCKOUT_COLUMNS = [c.CHILD_ASIN, "first_day", "last_day", "days", "source"]


def out_of_stock_days(
    *,
    start: date,
    end: date,
    inventory: pd.DataFrame | None = None,
    ad_days: pd.DataFrame | None = None,
    min_days: int = 5,
) -> pd.DataFrame:
    """Runs of out-of-stock days per ASIN between ``start`` and ``end`` (inclusive).

    ``inventory``: snapshots with ``snapshot_date``, ``asin``, ``available`` (summed over SKUs per
    ASIN and day); a day whose snapshot shows 0 available counts as out, for ASINs that had stock
    on some snapshot. ``ad_days``: advertised-product rows with ``start_date``, ``advertised_asin``,
    ``impressions`` (daily rows); used for ASINs and days the snapshots do not cover: days
    without impressions between served days. Runs shorter than ``min_days`` are dropped.
    Columns: child_asin, first_day, last_day, days, source ("inventory" or "ads").
    """
    window = pd.date_range(start, end, freq="D")
    out_days: dict[str, tuple[set[pd.Timestamp], str]] = {}
    covered: dict[str, set[pd.Timestamp]] = {}
    if inventory is not None and not inventory.empty and {"snapshot_date", "asin", "available"} <= set(inventory):
        inv = inventory.assign(day=pd.to_datetime(inventory["snapshot_date"]).dt.normalize())
        per = inv.groupby(["asin", "day"])["available"].sum(min_count=1).dropna().reset_index()
        per = per[per["day"].isin(window)]
        stocked = set(per.loc[per["available"] > 0, "asin"])
        for asin, rows in per.groupby("asin"):
            if asin not in stocked:
                continue
            covered[asin] = set(rows["day"])
            zero = set(rows.loc[rows["available"] <= 0, "day"])
            if zero:
                out_days[asin] = (zero, "inventory")
    if ad_days is not None and not ad_days.empty and c.ADVERTISED_ASIN in ad_days:
        daily = ad_days[ad_days[c.START_DATE] == ad_days[c.END_DATE]] if c.END_DATE in ad_days else ad_days
        served = daily[daily[c.IMPRESSIONS].fillna(0) > 0]
        for asin, rows in served.groupby(c.ADVERTISED_ASIN):
            if asin in covered and len(covered[asin]) >= len(window) * 0.9:
                continue  # daily snapshots decide for this ASIN
            on = set(pd.to_datetime(rows[c.START_DATE]))
            first_seen, last_seen = min(on), max(on)
            gap = {d for d in window if first_seen < d < last_seen and d not in on}
            if gap:
                days, source = out_days.get(asin, (set(), "ads"))
                out_days[asin] = (days | gap, source)
    rows_out = []
    for asin, (days, source) in out_days.items():
        for first, last, n in _runs(sorted(days)):
            if n >= min_days:
                rows_out.append((asin, first, last, n, source))
    frame = pd.DataFrame(rows_out, columns=STOCKOUT_COLUMNS)
    return frame.sort_values(["days", c.CHILD_ASIN], ascending=[False, True]).reset_index(drop=True)


def _runs(days: Sequence[pd.Timestamp]) -> Iterable[tuple[pd.Timestamp, pd.Timestamp, int]]:
    """Consecutive-day runs of a sorted list of days: (first, last, length)."""
    run: list[pd.Timestamp] = []
    for day in days:
        if run and day - run[-1] != pd.Timedelta(days=1):
            yield run[0], run[-1], len(run)
            run = []
        run.append(day)
    if run:
        yield run[0], run[-1], len(run)


def stockout_losses(stockouts: pd.DataFrame, asin_sales: pd.DataFrame, *, period_days: int,
                    fallback_sales: pd.DataFrame | None = None, fallback_days: int | None = None) -> pd.DataFrame:
    """Sales lost to each ASIN's stock-outs in a period (an estimate).

    ``asin_sales``: one row per child_asin with ``sales`` in the period (``period_days`` long).
    Normal daily sales = sales ÷ (period days − days out); an ASIN out the whole period uses
    ``fallback_sales`` over ``fallback_days`` (e.g. the previous period). Columns: child_asin,
    days (out, summed over runs), first_day, last_day, daily_sales, lost_sales.
    """
    cols = [c.CHILD_ASIN, "days", "first_day", "last_day", "daily_sales", "lost_sales"]
    if stockouts.empty:
        return pd.DataFrame({col: pd.Series(dtype=object if col == c.CHILD_ASIN else float) for col in cols})
    per = stockouts.groupby(c.CHILD_ASIN).agg(days=("days", "sum"), first_day=("first_day", "min"), last_day=("last_day", "max"))
    sales = asin_sales.set_index(c.CHILD_ASIN)[c.SALES].astype(float) if not asin_sales.empty else pd.Series(dtype=float)
    in_stock = (period_days - per["days"]).clip(lower=0)
    daily = m.safe_div(sales.reindex(per.index), in_stock.where(in_stock > 0))
    if fallback_sales is not None and not fallback_sales.empty and fallback_days:
        fb = fallback_sales.set_index(c.CHILD_ASIN)[c.SALES].astype(float).reindex(per.index) / fallback_days
        daily = daily.fillna(fb)
    per["daily_sales"] = daily
    per["lost_sales"] = per["daily_sales"] * per["days"]
    per["days"] = per["days"].astype(float)
    return per.reset_index()[cols].sort_values("lost_sales", ascending=False, na_position="last").reset_index(drop=True)


# -- events ------------------------------------------------------------------------------------------
EVENT_COLUMNS = ["period", "slug", "name", "kind", "start", "end", "days", "daily_sales", "normal_daily_sales",
                 "uplift", "extra_sales"]


def event_uplift(daily: pd.DataFrame, events: Sequence[Any], periods: dict[str, tuple[date, date]],
                 *, value: str = m.TOTAL_SALES) -> pd.DataFrame:
    """Each calendar event falling in each period, with its uplift against the period's normal days.

    ``daily``: one row per day with ``date`` and ``value``; ``events``: objects with ``slug``,
    ``name``, ``kind``, ``start``, ``end`` (:class:`helpers.params.events.ScheduledEvent`);
    ``periods``: name -> (first day, last day). The event days counted are those inside the period
    and in the data; normal days are the period's days in no event.
    """
    rows = []
    days = pd.to_datetime(daily[c.DATE]) if not daily.empty else pd.Series(dtype="datetime64[ns]")
    values = daily[value].astype(float) if not daily.empty else pd.Series(dtype=float)
    for period, (first, last) in periods.items():
        inside = (days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))
        in_event = pd.Series(False, index=days.index)
        hits = []
        for ev in events:
            s, e = max(ev.start, first), min(ev.end, last)
            if s > e:
                continue
            mask = inside & (days >= pd.Timestamp(s)) & (days <= pd.Timestamp(e))
            in_event |= mask
            hits.append((ev, s, e, mask))
        normal = values[inside & ~in_event & values.notna()]
        normal_avg = float(normal.mean()) if len(normal) else np.nan
        for ev, s, e, mask in hits:
            ev_vals = values[mask].dropna()
            avg = float(ev_vals.mean()) if len(ev_vals) else np.nan
            rows.append({
                "period": period, "slug": ev.slug, "name": ev.name, "kind": ev.kind,
                "start": pd.Timestamp(s), "end": pd.Timestamp(e), "days": float(len(ev_vals)),
                "daily_sales": avg, "normal_daily_sales": normal_avg,
                "uplift": m.safe_div(avg, normal_avg) if len(ev_vals) else np.nan,
                "extra_sales": (avg - normal_avg) * len(ev_vals) if len(ev_vals) else np.nan,
            })
    if not rows:
        return pd.DataFrame({col: pd.Series(dtype=float) for col in EVENT_COLUMNS})
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def event_differences(uplift: pd.DataFrame, now: str, other: str) -> pd.DataFrame:
    """Event kinds that fall in one of two periods and not the other (rows of ``uplift`` with
    ``in_period`` = the period holding it): the events a comparison of the two must name."""
    if uplift.empty:
        return uplift.assign(in_period=pd.Series(dtype=object))
    kinds = {p: set(uplift.loc[uplift["period"] == p, "kind"]) for p in (now, other)}
    only = uplift[((uplift["period"] == now) & ~uplift["kind"].isin(kinds[other]))
                  | ((uplift["period"] == other) & ~uplift["kind"].isin(kinds[now]))]
    return only.assign(in_period=only["period"]).reset_index(drop=True)


# -- ACoS --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AcosDrivers:
    """ACoS change between two periods and its split (points) into CPC, conversion and order value.

    ``cpc_change``, ``cvr_change``, ``order_value_change`` are relative changes (0.075 = +7.5 %);
    ``*_pts`` add up to ``change_pts``. A higher CPC raises ACoS; a higher CVR or order value
    lowers it."""

    acos_before: float
    acos_now: float
    change_pts: float
    cpc_before: float
    cpc_now: float
    cpc_change: float
    cvr_change: float
    order_value_change: float
    cpc_pts: float
    cvr_pts: float
    order_value_pts: float


def acos_drivers(now: dict[str, float], before: dict[str, float]) -> AcosDrivers:
    """Split an ACoS change. ``now``/``before`` hold summed ``spend``, ``sales``, ``clicks``, ``orders``.

    >>> d = acos_drivers({"spend": 110, "sales": 400, "clicks": 100, "orders": 10},
    ...                  {"spend": 100, "sales": 400, "clicks": 100, "orders": 10})
    >>> [round(float(x), 4) + 0.0 for x in (d.change_pts, d.cpc_pts, d.cvr_pts)]
    [0.025, 0.025, 0.0]
    """
    def parts(t: dict[str, float]) -> tuple[float, float, float, float]:
        spend, sales, clicks, orders = (float(t.get(k, np.nan)) for k in ("spend", "sales", "clicks", "orders"))
        return m.acos(spend, sales), m.cpc(spend, clicks), m.cvr(orders, clicks), m.safe_div(sales, orders)

    a1, cpc1, cvr1, aov1 = parts(now)
    a0, cpc0, cvr0, aov0 = parts(before)
    change = a1 - a0
    pts = acos_shares(change, [m.safe_div(cpc1, cpc0), m.safe_div(cvr1, cvr0), m.safe_div(aov1, aov0)])
    rel = lambda x1, x0: float(m.relative_change(x1, x0))  # noqa: E731
    return AcosDrivers(float(a0), float(a1), float(change), float(cpc0), float(cpc1), rel(cpc1, cpc0),
                       rel(cvr1, cvr0), rel(aov1, aov0), *(float(x) for x in pts))


#: How each factor of ``ACoS = CPC ÷ (CVR × order value)`` moves ACoS: up with CPC, down with the others.
ACOS_SIGNS = (1.0, -1.0, -1.0)


def acos_shares(gap: float, ratios: Sequence[float], signs: Sequence[float] = ACOS_SIGNS) -> list[float]:
    """The ACoS ``gap`` (points) shared among CPC, CVR and order value in proportion to each one's
    log ratio (new ÷ old, ``signs`` the way it moves ACoS), so that the three add up to the gap.
    NaN each when a ratio is not a positive number; 0 each when nothing moved and neither did ACoS
    (NaN when ACoS moved anyway: the factors cannot explain it).

    >>> [round(x, 4) for x in acos_shares(0.1, [1.1, 1.0, 1.0])]
    [0.1, 0.0, 0.0]
    >>> acos_shares(0.0, [1.0, 1.0, 1.0]), acos_shares(0.05, [1.0, 1.0, 1.0])[0]
    ([0.0, 0.0, 0.0], nan)
    """
    ratios = [float(r) for r in ratios]
    if not all(np.isfinite(r) and r > 0 for r in ratios) or not np.isfinite(gap):
        return [np.nan] * len(ratios)
    logs = [sign * float(np.log(r)) for sign, r in zip(signs, ratios, strict=True)]
    total = sum(logs)
    if abs(total) > 1e-12:
        return [gap * x / total + 0.0 for x in logs]  # + 0.0: never a printed "-0.0"
    return [0.0] * len(ratios) if abs(gap) <= 1e-12 else [np.nan] * len(ratios)


# -- account health ----------------------------------------------------------------------------------
#: metric, label, limit, kind ("below": must stay under; "at_least": must stay at or above), format.
#: Amazon's limits (domain.md §4.3); IPI's comes from ``settings.ipi_threshold``.
HEALTH_LIMITS = pd.DataFrame(
    [
        ("odr", "Order Defect Rate", 0.01, "below", "pct2"),
        ("late_shipment_rate", "Late shipment rate", 0.04, "below", "pct"),
        ("pre_fulfillment_cancel_rate", "Pre-fulfilment cancel rate", 0.025, "below", "pct"),
        ("valid_tracking_rate", "Valid tracking rate", 0.95, "at_least", "pct"),
        ("ahr", "Account Health Rating", 200.0, "at_least", "count"),
        ("ipi", "Inventory Performance Index", 400.0, "at_least", "count"),
    ],
    columns=["metric", "label", "limit", "kind", "format"],
)
HEALTH_COLUMNS = ["metric", "label", "format", "limit", "kind", "first_date", "first", "latest_date", "latest",
                  "change", "used_before", "used", "status"]


def health_trend(snapshots: pd.DataFrame, *, limits: pd.DataFrame = HEALTH_LIMITS, watch_share: float = 0.75,
                 ipi_threshold: float | None = None) -> pd.DataFrame:
    """Each Account Health metric's first and latest reading, its change and how much of its limit
    it uses. ``snapshots``: one row per dated reading (``date`` and one column per metric).
    ``status``: "breach" (used ≥ 1), "approaching" (used ≥ ``watch_share`` and worsening), "ok".

    >>> s = pd.DataFrame({"date": ["2026-08-15", "2026-10-15"], "odr": [0.0031, 0.0084]})
    >>> health_trend(s).loc[0, ["metric", "status"]].tolist()
    ['odr', 'approaching']
    """
    if snapshots.empty:
        return pd.DataFrame({col: pd.Series(dtype=float) for col in HEALTH_COLUMNS})
    limits = limits.copy()
    if ipi_threshold is not None:
        limits.loc[limits["metric"] == "ipi", "limit"] = float(ipi_threshold)
    snaps = snapshots.assign(date=pd.to_datetime(snapshots["date"])).sort_values("date")
    rows = []
    for lim in limits.itertuples(index=False):
        if lim.metric not in snaps:
            continue
        series = snaps[["date", lim.metric]].dropna()
        if series.empty:
            continue
        first, latest = float(series[lim.metric].iloc[0]), float(series[lim.metric].iloc[-1])
        def share(x: float, lim: Any = lim) -> float:
            return float(m.safe_div(x, lim.limit) if lim.kind == "below" else m.safe_div(lim.limit, x))

        used = share(latest)
        worsening = (latest > first) if lim.kind == "below" else (latest < first)
        status = "breach" if used >= 1 else "approaching" if used >= watch_share and worsening else "ok"
        rows.append({
            "metric": lim.metric, "label": lim.label, "format": lim.format, "limit": float(lim.limit),
            "kind": lim.kind, "first_date": series["date"].iloc[0], "first": first,
            "latest_date": series["date"].iloc[-1], "latest": latest, "change": latest - first,
            "used_before": share(first), "used": used, "status": status,
        })
    return pd.DataFrame(rows, columns=HEALTH_COLUMNS)
