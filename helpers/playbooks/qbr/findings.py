"""What the QBR concludes, computed once: a findings table and the recommendations made from it.

A finding is one row: ``id`` (``kind:subject`` and, for comparisons, the period), ``kind``,
``subject`` (account, ASIN, campaign, event, metric), ``value`` (the finding's number), ``before``
and ``change`` where it compares, ``impact`` (money over the quarter: + gained, − lost, NaN when not
money), ``severity`` (high / medium / low), ``evidence`` (the numbers behind it, a dict).
Executive summary, wins, risks and recommendations are views of this table, so a figure printed
twice is one number. Recommendations are rows too (:func:`recommendations`), each with the
expected gain or saving for next quarter, its arithmetic, an owner, a due date and the findings it
comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.measures.drivers import AcosDrivers, bridge_totals

FINDING_COLUMNS = ["id", "kind", "subject", "value", "before", "change", "impact", "severity", "evidence"]
RECOMMENDATION_COLUMNS = ["id", "kind", "subject", "gain", "basis", "rate", "owner", "due", "findings", "evidence"]


@dataclass(frozen=True)
class Thresholds:
    """Settings the findings use (a client could argue with them, so they are data, not code).

    ``high_share``/``medium_share``: a finding whose money is at least this share of the quarter's
    sales is high / medium severity. ``held``: a relative change smaller than this reads as "held".
    ``buy_box``: Buy Box % under this is a finding. ``harvest_lift``: extra sales expected from
    moving harvested terms into exact match. ``drivers``: ASINs named per comparison.
    ``due_days``: days after the as-of date an action is due, per owner."""

    high_share: float = 0.05
    medium_share: float = 0.01
    held: float = 0.03
    buy_box: float = 0.9
    harvest_lift: float = 0.10
    drivers: int = 3
    due_days_agency: int = 7
    due_days_client: int = 14


THRESHOLDS = Thresholds()


def _severity(impact: float, sales: float, t: Thresholds) -> str:
    share = abs(impact) / sales if np.isfinite(impact) and np.isfinite(sales) and sales > 0 else 0.0
    return "high" if share >= t.high_share else "medium" if share >= t.medium_share else "low"


def _terms(frame: pd.DataFrame, column: str = "keyword_text") -> list[str]:
    return [str(t) for t in frame[column]] if frame is not None and column in frame else []


def _f(x: Any) -> float:
    try:
        return float(x)
    except (TypeError, ValueError):
        return np.nan


def findings_table(
    *,
    sales: float,
    bridges: dict[str, pd.DataFrame],
    sales_change: dict[str, tuple[float, float]],
    stock: pd.DataFrame,
    events: pd.DataFrame,
    event_gaps: dict[str, pd.DataFrame],
    acos: AcosDrivers | None,
    health: pd.DataFrame,
    campaigns: pd.DataFrame,
    asins: pd.DataFrame,
    bulk: Any | None,
    target_acos: float | None,
    tacos: float = np.nan,
    sales_days: tuple[int, int] | None = None,
    thresholds: Thresholds = THRESHOLDS,
) -> pd.DataFrame:
    """The findings table. Inputs are section results (each may be empty):

    ``sales``: this quarter's total sales (severity scale); ``sales_change``: comparison ("qoq",
    "yoy") -> (sales now, sales then) from the scorecard; when neither comparison has a number, a
    ``sales_level`` finding states the quarter's sales with its ``tacos`` and ``sales_days`` (days
    with sales data, days in the quarter: :func:`~helpers.playbooks.qbr.scorecard.sales_days`); ``bridges``: comparison -> a
    :func:`helpers.measures.drivers.sales_bridge`; ``stock``: :func:`~helpers.measures.drivers.stockout_losses`
    this quarter; ``events``: :func:`~helpers.measures.drivers.event_uplift`; ``event_gaps``:
    comparison -> :func:`~helpers.measures.drivers.event_differences`; ``acos``: ACoS drivers QoQ;
    ``health``: :func:`~helpers.measures.drivers.health_trend`; ``campaigns`` and ``asins`` this
    quarter; ``bulk``: the search-term actions (:class:`helpers.playbooks.qbr.bulk.BulkResult`): its
    ``summary`` numbers and the terms of its tables, never recomputed.
    """
    t = thresholds
    rows: list[dict[str, Any]] = []

    def add(kind: str, subject: str, *, value: float, before: float = np.nan, change: float = np.nan,
            impact: float = np.nan, severity: str | None = None, key: str | None = None, **evidence: Any) -> None:
        rows.append({
            "id": f"{kind}:{key or subject}", "kind": kind, "subject": subject, "value": _f(value),
            "before": _f(before), "change": _f(change), "impact": _f(impact),
            "severity": severity or _severity(_f(impact), sales, t), "evidence": evidence,
        })

    for comp, (now, then) in sales_change.items():
        if not (np.isfinite(now) and np.isfinite(then)):
            continue
        bridge = bridges.get(comp, pd.DataFrame())
        tot = bridge_totals(bridge) if len(bridge) else {}
        add("sales_change", comp, value=now, before=then, change=now - then, impact=now - then,
            pct=m.relative_change(now, then), traffic=tot.get("traffic", np.nan),
            conversion=tot.get("conversion", np.nan), price=tot.get("price", np.nan))
        for row in bridge.head(t.drivers).itertuples(index=False):
            if not np.isfinite(row.change) or row.change == 0:
                continue
            effects = {"traffic": row.traffic, "conversion": row.conversion, "price": row.price}
            add("asin_driver", row.child_asin, key=f"{comp}:{row.child_asin}", value=row.sales_now,
                before=row.sales_before, change=row.change, impact=row.change, comparison=comp,
                main_factor=max(effects, key=lambda k: abs(effects[k]) if np.isfinite(effects[k]) else -1),
                title=row.title if isinstance(row.title, str) else "", **effects,
                sessions_change=m.relative_change(row.sessions_now, row.sessions_before),
                conversion_before=row.conversion_before, conversion_now=row.conversion_now,
                price_before=row.price_before, price_now=row.price_now,
                sessions_before=row.sessions_before, sessions_now=row.sessions_now,
                ad_clicks_before=getattr(row, "ad_clicks_before", np.nan),
                ad_clicks_now=getattr(row, "ad_clicks_now", np.nan))
    if not any(r["kind"] == "sales_change" for r in rows) and np.isfinite(_f(sales)):
        # nothing earlier to compare with: the summary still opens with what the quarter sold
        covered, days = sales_days or (np.nan, np.nan)
        add("sales_level", "quarter", value=sales, severity="low", tacos=_f(tacos), covered_days=_f(covered),
            quarter_days=_f(days))

    for row in stock.itertuples(index=False):
        add("stockout", row.child_asin, value=row.days, impact=-_f(row.lost_sales),
            first_day=row.first_day, last_day=row.last_day, daily_sales=row.daily_sales, lost_sales=row.lost_sales)

    for row in events.itertuples(index=False):
        if row.period != "current":
            continue
        add("event", row.slug, value=row.uplift, impact=row.extra_sales, severity="low", name=row.name,
            event_kind=row.kind, start=row.start, end=row.end, days=row.days, daily_sales=row.daily_sales,
            normal_daily_sales=row.normal_daily_sales, extra_sales=row.extra_sales)
    for comp, gaps in event_gaps.items():
        for row in gaps.itertuples(index=False):
            sign = 1.0 if row.in_period == "current" else -1.0
            add("event_gap", row.slug, key=f"{comp}:{row.slug}", value=row.extra_sales,
                impact=sign * _f(row.extra_sales), comparison=comp, in_period=row.in_period, name=row.name,
                start=row.start, end=row.end, uplift=row.uplift)

    if acos is not None and np.isfinite(acos.change_pts):
        add("acos_change", "account", value=acos.acos_now, before=acos.acos_before, change=acos.change_pts,
            severity="medium" if abs(acos.change_pts) >= 0.01 else "low", cpc_change=acos.cpc_change,
            cvr_change=acos.cvr_change, order_value_change=acos.order_value_change, cpc_pts=acos.cpc_pts,
            cvr_pts=acos.cvr_pts, order_value_pts=acos.order_value_pts, cpc_before=acos.cpc_before,
            cpc_now=acos.cpc_now)

    for row in health.itertuples(index=False):
        if row.status == "ok":
            continue
        add("health", row.metric, value=row.latest, before=row.first, change=row.change, severity="high",
            label=row.label, limit=row.limit, limit_kind=row.kind, used=row.used, used_before=row.used_before, status=row.status,
            first_date=row.first_date, latest_date=row.latest_date, format=row.format)

    if target_acos and not campaigns.empty and "acos" in campaigns:
        over = campaigns[campaigns["acos"] > target_acos]
        if len(over):
            excess = float((over[c.SPEND] - target_acos * over[c.SALES]).clip(lower=0).sum())
            add("acos_over_target", "campaigns", value=len(over), impact=-excess, campaigns=list(over[c.CAMPAIGN]),
                spend=float(over[c.SPEND].sum()), sales=float(over[c.SALES].sum()), target=target_acos, excess=excess)

    if not asins.empty and c.BUY_BOX_PCT in asins:
        # an ASIN out of stock loses the Buy Box with it: the stock-out finding explains that loss
        out = set(stock[c.CHILD_ASIN]) if len(stock) else set()
        watch = asins[(asins[c.BUY_BOX_PCT] < t.buy_box) & ~asins[c.CHILD_ASIN].isin(out)].dropna(subset=[c.BUY_BOX_PCT])
        for row in watch.itertuples(index=False):
            bb = _f(getattr(row, c.BUY_BOX_PCT))
            lost = _f(row.sales) * (t.buy_box / bb - 1) if bb > 0 else np.nan
            add("buy_box", row.child_asin, value=bb, impact=-lost, sales=row.sales, target=t.buy_box)

    if bulk is not None:
        summary = bulk.summary
        if summary.get("negatives_count"):
            add("negatives", "search terms", value=summary["negatives_count"], impact=-summary["negatives_spend"],
                spend=summary["negatives_spend"], count=summary["negatives_count"],
                terms=_terms(bulk.negatives), match_types=_terms(bulk.negatives, "match_type"))
        if summary.get("harvest_count"):
            add("harvest", "search terms", value=summary["harvest_count"], impact=summary["harvest_sales"],
                severity="low", sales=summary["harvest_sales"], count=summary["harvest_count"],
                terms=_terms(bulk.harvest))

    frame = pd.DataFrame(rows, columns=FINDING_COLUMNS)
    order = {"high": 0, "medium": 1, "low": 2}
    key = frame["severity"].map(order) * 1e15 - frame["impact"].abs().fillna(0)
    return frame.loc[key.sort_values(kind="stable").index].reset_index(drop=True)


# -- recommendations -----------------------------------------------------------------------------------
def recommendations(findings: pd.DataFrame, *, as_of: date, next_events: pd.DataFrame | None = None,
                    thresholds: Thresholds = THRESHOLDS) -> pd.DataFrame:
    """Actions for next quarter, ranked by money (expected gain or saving, largest first; actions
    whose money the data cannot size come last). ``gain = basis × rate`` (see ``evidence``):

    * restock (a stock-out): the sales lost this quarter, assuming the same days would be lost again;
    * negatives: the spend on the proposed negatives over the analysed period (bulk result);
    * bids: spend above the target ACoS on campaigns over it (spend − target × sales);
    * harvest: the harvested terms' sales × ``harvest_lift``;
    * buy box: sales × (target Buy Box ÷ Buy Box − 1);
    * listing: an ASIN whose conversion fell: the sales its conversion change cost (QoQ);
    * health: unsized (a breach can stop every listing);
    * event: each event of next quarter, gain = extra sales of the same kind of event last year.

    ``next_events``: rows with slug, name, start, end, key_date, key_date_name, last_year_extra.
    """
    t = thresholds
    agency_due = as_of + timedelta(days=t.due_days_agency)
    client_due = as_of + timedelta(days=t.due_days_client)
    rows: list[dict[str, Any]] = []

    def add(kind: str, subject: str, *, basis: float, rate: float, owner: str, due: date, finding_ids: list[str],
            **evidence: Any) -> None:
        gain = _f(basis) * rate if np.isfinite(_f(basis)) else np.nan
        rows.append({"id": f"{kind}:{subject}", "kind": kind, "subject": subject, "gain": gain, "basis": _f(basis),
                     "rate": rate, "owner": owner, "due": due, "findings": finding_ids, "evidence": evidence})

    for f in findings.itertuples(index=False):
        ev = f.evidence
        if f.kind == "stockout":
            add("restock", f.subject, basis=ev["lost_sales"], rate=1.0, owner="client", due=client_due,
                finding_ids=[f.id], days=f.value, daily_sales=ev["daily_sales"])
        elif f.kind == "negatives":
            add("negatives", f.subject, basis=ev["spend"], rate=1.0, owner="agency", due=agency_due,
                finding_ids=[f.id], count=ev["count"])
        elif f.kind == "harvest":
            add("harvest", f.subject, basis=ev["sales"], rate=t.harvest_lift, owner="agency", due=agency_due,
                finding_ids=[f.id], count=ev["count"])
        elif f.kind == "acos_over_target":
            ids = [f.id] + list(findings.loc[findings["kind"] == "acos_change", "id"])
            add("bids", f.subject, basis=ev["excess"], rate=1.0, owner="agency", due=agency_due,
                finding_ids=ids, count=f.value, target=ev["target"])
        elif f.kind == "buy_box":
            add("buy_box", f.subject, basis=-f.impact, rate=1.0, owner="client", due=client_due,
                finding_ids=[f.id], buy_box=f.value)
        elif f.kind == "asin_driver" and ev.get("comparison") == "qoq" and _f(ev.get("conversion")) < 0 \
                and ev.get("main_factor") == "conversion":
            add("listing", f.subject, basis=-_f(ev["conversion"]), rate=1.0, owner="agency", due=agency_due,
                finding_ids=[f.id], conversion_before=ev["conversion_before"], conversion_now=ev["conversion_now"])
        elif f.kind == "health":
            add("health", f.subject, basis=np.nan, rate=1.0, owner="client", due=agency_due, finding_ids=[f.id],
                label=ev["label"], limit=ev["limit"], limit_kind=ev["limit_kind"], latest=f.value, format=ev["format"])
    if next_events is not None:
        for ev in next_events.itertuples(index=False):
            due = ev.key_date if isinstance(ev.key_date, date) and ev.key_date >= as_of else ev.start
            add("event", ev.slug, basis=ev.last_year_extra, rate=1.0, owner="client", due=due, finding_ids=[],
                name=ev.name, start=ev.start, end=ev.end, key_date=ev.key_date, key_date_name=ev.key_date_name)
    frame = pd.DataFrame(rows, columns=RECOMMENDATION_COLUMNS)
    if frame.empty:
        return frame
    frame = frame.drop_duplicates("id")
    rank = frame["gain"].fillna(-np.inf)
    return frame.loc[rank.sort_values(ascending=False, kind="stable").index].reset_index(drop=True)


def follow_up(previous: list[dict[str, Any]] | None, findings: pd.DataFrame, recs: pd.DataFrame) -> pd.DataFrame:
    """Last quarter's recommendations and what happened since: ``status`` "open" when the same
    action is recommended again (its finding persists), else "done"; ``then``/``now`` the number of
    the finding it came from, last quarter and now (NaN where it no longer shows)."""
    cols = ["id", "kind", "subject", "gain_then", "status", "then", "now"]
    if not previous:
        return pd.DataFrame(columns=cols)
    again = set(recs["id"]) if len(recs) else set()
    values = dict(zip(findings["id"], findings["value"], strict=True)) if len(findings) else {}
    rows = []
    for rec in previous:
        if not isinstance(rec, dict) or "id" not in rec:
            continue
        fids = rec.get("findings") or []
        then = rec.get("finding_values", {})
        first = fids[0] if fids else None
        rows.append({
            "id": rec["id"], "kind": rec.get("kind"), "subject": rec.get("subject"), "gain_then": _f(rec.get("gain")),
            "status": "open" if rec["id"] in again else "done",
            "then": _f(then.get(first)) if first else np.nan, "now": _f(values.get(first)) if first else np.nan,
        })
    return pd.DataFrame(rows, columns=cols)


def record_findings(findings: pd.DataFrame) -> list[dict[str, Any]]:
    """The findings as JSON-ready rows for the report's .json."""
    return [dict(row) for row in findings.to_dict("records")]


def record_recommendations(recs: pd.DataFrame, findings: pd.DataFrame) -> list[dict[str, Any]]:
    """Recommendations as JSON-ready rows, each with the values of its findings (for next quarter's
    follow-up)."""
    values = dict(zip(findings["id"], findings["value"], strict=True)) if len(findings) else {}
    out = []
    for row in recs.to_dict("records"):
        row["finding_values"] = {fid: values.get(fid) for fid in row["findings"]}
        out.append(row)
    return out
