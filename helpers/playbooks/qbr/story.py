"""Sentences: the QBR's words, made last from the findings and recommendations (numbers computed
elsewhere). One template per finding or recommendation kind; the fields are formatted here."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from helpers import metrics as m
from helpers.measures.drivers import HEALTH_LIMITS
from helpers.periods import Quarter
from helpers.playbooks.qbr.context import download_notes, gap_sentence
from helpers.playbooks.qbr.display import asin_display
from helpers.playbooks.qbr.findings import THRESHOLDS
from helpers.playbooks.qbr.products import buy_box_watch
from helpers.playbooks.qbr.scorecard import card_value, year_ago_missing
from helpers.present.formatting import count, formatter, is_missing, money, number, pct

COMPARISON = {"qoq": "last quarter", "yoy": "the same quarter last year"}
FACTOR = {"traffic": "traffic (sessions)", "conversion": "conversion", "price": "average price"}


def _d(value: Any) -> str:
    return "—" if is_missing(value) or value is None else pd.Timestamp(value).strftime("%b %-d")


def _signed_money(value: float, cur: str) -> str:
    if is_missing(value):
        return "—"
    # a word joiner keeps the sign on the same line as the amount
    return ("+" if value >= 0 else "−") + "\u2060" + money(abs(value), cur, compact=True)


def _rel(value: float) -> str:
    return "—" if is_missing(value) else pct(abs(value))


def finding_sentence(f: Any, *, currency: str, context: dict[str, Any] | None = None) -> str:
    """The sentence for one finding row (a namedtuple or Series of the findings table)."""
    cur, ev, ctx = currency, f.evidence, context or {}
    if f.kind == "sales_change":
        verb = "rose" if f.change >= 0 else "fell"
        effects = [(k, ev.get(k, np.nan)) for k in ("traffic", "conversion", "price")]
        effects = [(k, v) for k, v in effects if not is_missing(v)]
        split = ""
        if effects:
            split = ": " + ", ".join(f"{FACTOR[k]} {_signed_money(v, cur)}" for k, v in effects)
        by = "" if is_missing(ev["pct"]) else f" {_rel(ev['pct'])}"  # no percent of nothing (sales were 0)
        return (f"Sales {verb}{by} against {COMPARISON[f.subject]} to {money(f.value, cur, compact=True)} "
                f"({_signed_money(f.change, cur)}){split}.")
    if f.kind == "sales_level":
        covered, days = ev["covered_days"], ev["quarter_days"]
        when = "this quarter"
        if not (is_missing(covered) or is_missing(days)) and covered < days:
            when = f"in the {count(covered)} of the quarter's {count(days)} days the exports cover"
        tacos = "" if is_missing(ev["tacos"]) else f", with ad spend at {pct(ev['tacos'])} of them (TACoS)"
        return (f"Sales were {money(f.value, cur, compact=True)} {when}{tacos}; the exports hold no earlier "
                "quarter to compare them with.")
    if f.kind == "asin_driver":
        name = f"{f.subject}" + (f" ({_short(ev['title'])})" if ev.get("title") else "")
        factor = ev["main_factor"]
        detail = {
            "traffic": f"traffic (sessions {'+' if ev['sessions_change'] >= 0 else '−'}{_rel(ev['sessions_change'])})"
            if not is_missing(ev["sessions_change"]) else "traffic (new or no longer selling)",
            "conversion": f"conversion ({pct(ev['conversion_before'])} → {pct(ev['conversion_now'])})",
            "price": f"average price ({money(ev['price_before'], cur, decimals=2)} → {money(ev['price_now'], cur, decimals=2)})",
        }[factor]
        if factor == "conversion":
            detail += _price_behind(ev, cur)
        elif factor == "traffic":
            detail += _ads_behind(ev)
        return f"{name}: {_signed_money(f.change, cur)} against {COMPARISON[ev['comparison']]}, mostly {detail}."
    if f.kind == "stockout":
        tail = ""
        decline = ctx.get("decline", np.nan)
        if not is_missing(decline) and decline < 0 and -f.impact > -decline:
            tail = f", more than the whole decline against last quarter ({money(-decline, cur, compact=True)})"
        return (f"{f.subject} was out of stock {f.value:.0f} days ({_d(ev['first_day'])} – {_d(ev['last_day'])}): "
                f"an estimated {money(-f.impact, cur, compact=True)} of sales lost at its normal "
                f"{money(ev['daily_sales'], cur, decimals=0)} a day{tail}.")
    if f.kind == "event":
        return (f"{ev['name']} ({_d(ev['start'])} – {_d(ev['end'])}) sold {m_x(f.value)} a normal day: "
                f"{money(f.impact, cur, compact=True)} more than normal days over its {ev['days']:.0f} days.")
    if f.kind == "event_gap":
        where = "this quarter" if ev["in_period"] == "current" else COMPARISON[ev["comparison"]]
        other = COMPARISON[ev["comparison"]] if ev["in_period"] == "current" else "this quarter"
        return (f"{ev['name']} fell in {where} and not in {other}: it added about "
                f"{money(f.value, cur, compact=True)} over normal days ({m_x(ev['uplift'])} a normal day), "
                "so part of the change is the calendar.")
    if f.kind == "acos_change":
        verb = "rose" if f.change >= 0 else "fell"
        moved, held = [], []
        names = {"cpc_change": ("clicks cost {x} more", "clicks cost {x} less", "CPC"),
                 "cvr_change": ("conversion rose {x}", "conversion fell {x}", "conversion"),
                 "order_value_change": ("order value rose {x}", "order value fell {x}", "order value")}
        # the factor that moved ACoS most comes first
        order = sorted(names, key=lambda k: -abs(ev[k.replace("_change", "_pts")]) if not is_missing(
            ev[k.replace("_change", "_pts")]) else 0)
        for key in order:
            x = ev[key]
            if is_missing(x):
                continue
            up, down, name = names[key]
            if abs(x) < THRESHOLDS.held:
                held.append(name)
            else:
                moved.append((up if x > 0 else down).format(x=_rel(x)))
        why = ""
        if moved:
            why = " because " + (", ".join(moved[:-1]) + " and " + moved[-1] if len(moved) > 1 else moved[0])
            if held:
                why += f" while {' and '.join(held)} held"
        return f"ACoS {verb} {number(abs(f.change) * 100, 1)} pts to {pct(f.value)}{why}."
    if f.kind == "health":
        fmt = formatter(ev["format"])
        side = "under" if ev["limit_kind"] == "below" else "at least"
        state = "is past" if ev["status"] == "breach" else "is heading toward"
        return (f"{ev['label']} moved from {fmt(f.before)} ({_d(ev['first_date'])}) to {fmt(f.value)} "
                f"({_d(ev['latest_date'])}) and {state} Amazon's limit ({side} {fmt(ev['limit'])}).")
    if f.kind == "acos_over_target":
        return (f"{count(f.value)} campaigns ran above the {pct(ev['target'])} target ACoS: "
                f"{money(ev['excess'], cur, compact=True)} of spend above what the target allows.")
    if f.kind == "buy_box":
        return (f"{f.subject} held the Buy Box on {pct(f.value)} of page views: about "
                f"{money(-f.impact, cur, compact=True)} of sales went to other offers.")
    if f.kind == "negatives":
        return (f"{count(f.value)} search terms and words took {money(ev['spend'], cur)} without selling "
                "(proposed as negatives).")
    if f.kind == "harvest":
        return (f"{count(f.value)} converting search terms ({money(ev['sales'], cur, compact=True)} of ad sales) "
                "are not yet exact keywords.")
    return f"{f.kind}: {f.subject}"


def _price_behind(ev: dict[str, Any], cur: str) -> str:
    """`` after its average price rose from $25.00 to $30.00`` when the price moved (by at least
    the "held" threshold) against the conversion change: buyers answering a price change is the
    reason a conversion moved, and the account manager's first question. Empty otherwise."""
    before, now = ev.get("price_before", np.nan), ev.get("price_now", np.nan)
    c0, c1 = ev.get("conversion_before", np.nan), ev.get("conversion_now", np.nan)
    if any(is_missing(v) for v in (before, now, c0, c1)) or before <= 0 or c0 == c1:
        return ""
    moved = now / before - 1
    if abs(moved) < THRESHOLDS.held or (moved > 0) == (c1 > c0):
        return ""
    return (f" after its average price {'rose' if moved > 0 else 'fell'} from {money(before, cur, decimals=2)} "
            f"to {money(now, cur, decimals=2)}")


def _ads_behind(ev: dict[str, Any]) -> str:
    """`` as its ad clicks fell from 1,200 to 300`` when the ASIN's Sponsored Products clicks moved
    the same way as its sessions and the rest of its traffic moved by at most half as much: the
    ads explain the traffic (paused campaigns, a cut budget, or the reverse). Ad clicks that merely
    kept their share while all traffic grew (demand, season) explain nothing. Empty then, or
    without ad clicks for both quarters."""
    s0, s1 = ev.get("sessions_before", np.nan), ev.get("sessions_now", np.nan)
    a0, a1 = ev.get("ad_clicks_before", np.nan), ev.get("ad_clicks_now", np.nan)
    if any(is_missing(v) for v in (s0, s1, a0, a1)) or s1 == s0 or a1 == a0:
        return ""
    sessions, clicks = s1 - s0, a1 - a0
    if (clicks > 0) != (sessions > 0) or abs(sessions - clicks) > 0.5 * abs(clicks):
        return ""
    return f" as its ad clicks {'rose' if clicks > 0 else 'fell'} from {count(a0)} to {count(a1)}"


def m_x(value: float) -> str:
    return "—" if is_missing(value) else f"{value:.1f}×"


def _short(text: object, limit: int = 40) -> str:
    s = "" if not isinstance(text, str) else text.strip()
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


#: Kinds that explain a change (executive summary, wins and risks) vs actions only.
DRIVER_KINDS = ("stockout", "event_gap", "asin_driver", "acos_change", "health", "buy_box", "acos_over_target")


def _context(findings: pd.DataFrame) -> dict[str, Any]:
    qoq = findings[findings["id"] == "sales_change:qoq"]
    return {"decline": float(qoq["change"].iloc[0]) if len(qoq) else np.nan}


def headlines(findings: pd.DataFrame, *, currency: str, drivers: int = 3, gaps: list[str] | None = None) -> list[str]:
    """The executive summary: the sales changes with their split (or, with nothing earlier to
    compare, the quarter's sales), then the ``drivers`` largest
    drivers by money, each with its number, then the account-health metric that moved furthest
    toward its limit. ``gaps``: sentences for data not provided, said first."""
    ctx = _context(findings)
    level = findings["kind"].isin(["sales_change", "sales_level"])
    lines = list(gaps or []) + [finding_sentence(f, currency=currency)
                                for f in findings[level].sort_values("subject").itertuples(index=False)]
    money_kinds = [k for k in DRIVER_KINDS if k not in ("health", "acos_change")]
    rest = findings[findings["kind"].isin(money_kinds)]
    rest = rest.loc[rest["impact"].abs().fillna(0).sort_values(ascending=False, kind="stable").index]
    picked: list[Any] = []
    for f in rest.itertuples(index=False):
        if len(picked) >= drivers:
            break
        if f.kind == "asin_driver" and any(p.subject == f.subject for p in picked):
            continue  # one line per ASIN: its stock-out or its largest change
        picked.append(f)
    acos = findings[(findings["kind"] == "acos_change") & (findings["change"].abs() >= 0.01)]
    picked.extend(acos.itertuples(index=False))
    health = findings[findings["kind"] == "health"]
    if len(health):
        # the metric that moved furthest toward its limit (a breach first)
        moved = health["evidence"].map(lambda e: (e["used"] >= 1, e["used"] - e["used_before"]))
        picked.append(next(health.loc[[moved.idxmax()]].itertuples(index=False)))
    return lines + [finding_sentence(f, currency=currency, context=ctx) for f in picked]


def wins_and_risks(findings: pd.DataFrame, *, currency: str) -> tuple[list[str], list[str]]:
    """Wins: findings that gained money or improved ACoS; risks: the ones that cost money or put
    the account at risk — each explained with its number, largest first, one line per subject."""
    ctx = _context(findings)
    wins, risks = [], []
    rows = findings[findings["kind"].isin((*DRIVER_KINDS, "event"))]
    rows = rows.loc[rows["impact"].abs().fillna(0).sort_values(ascending=False, kind="stable").index]
    seen: set[str] = set()
    for f in rows.itertuples(index=False):
        if f.subject in seen:
            continue  # an event named as a calendar difference, an ASIN already explained
        if f.kind == "acos_change":
            good = f.change < 0
        elif f.kind == "health":
            good = False
        else:
            if is_missing(f.impact) or f.impact == 0:
                continue
            good = f.impact > 0
        seen.add(f.subject)
        (wins if good else risks).append(finding_sentence(f, currency=currency, context=ctx))
    return wins, risks


def recommendation_sentence(r: Any, *, currency: str) -> str:
    cur, ev = currency, r.evidence
    gain = money(r.gain, cur, compact=True)
    if r.kind == "restock":
        return (f"Keep {r.subject} in stock through next quarter: set a reorder point that covers the supplier "
                f"lead time. Its {ev['days']:.0f} days out cost about {gain} this quarter.")
    if r.kind == "negatives":
        # the bulk sheet is the operator's tool (and a term with no campaign to go to is not in it):
        # the client reads what is proposed in the report
        return (f"Add the {count(ev['count'])} negatives proposed in this report: they stop {gain} a quarter of spend "
                "that bought no sale.")
    if r.kind == "bids":
        return (f"Lower bids on the {count(ev['count'])} campaigns above the {pct(ev['target'])} target ACoS, "
                f"worst first: saves about {gain} a quarter at the same sales.")
    if r.kind == "harvest":
        return (f"Add the {count(ev['count'])} converting search terms as exact keywords with the bids proposed in this "
                f"report (about {gain} more sales).")
    if r.kind == "buy_box":
        return (f"Win back the Buy Box on {r.subject} (held on {pct(ev['buy_box'])} of page views): check price and "
                f"other sellers; worth about {gain}.")
    if r.kind == "listing":
        return (f"Review the listing of {r.subject} (images, price, reviews): conversion fell from "
                f"{pct(ev['conversion_before'])} to {pct(ev['conversion_now'])}, about {gain} of sales.")
    if r.kind == "health":
        fmt = formatter(ev["format"])
        verb, where = ("Bring down", "under") if ev.get("limit_kind", "below") == "below" else ("Raise", "above")
        return (f"{verb} the {ev['label']} ({fmt(ev['latest'])} now) well {where} Amazon's {fmt(ev['limit'])} "
                f"limit: {HEALTH_ACTIONS.get(r.subject, HEALTH_ACTIONS['default'])}.")
    if r.kind == "event":
        key = ev.get("key_date")
        when = (f"{ev['key_date_name']} {pd.Timestamp(key):%b %-d}" if key is not None and not is_missing(key)
                else "its deal and inbound deadlines have passed, so plan with the stock already at Amazon")
        base = f"Prepare {ev['name']} ({_d(ev['start'])} – {_d(ev['end'])}): {when}."
        if not is_missing(r.gain):
            base += f" Last year's event brought {gain} more than normal days."
        return base
    return f"{r.kind}: {r.subject}"


#: What to do about an Account Health metric near its limit (default for metrics not listed).
HEALTH_ACTIONS = {
    "odr": "read the last 60 days of negative feedback, A-to-z claims and chargebacks and fix their cause",
    "late_shipment_rate": "check the seller-fulfilled orders' handling time and carrier pick-ups",
    "pre_fulfillment_cancel_rate": "keep seller-fulfilled stock counts in sync so orders are not cancelled",
    "valid_tracking_rate": "upload a valid tracking number with every seller-fulfilled shipment",
    "ipi": "clear excess and stranded stock and keep best sellers in stock",
    "default": "open the Account Health page, find what drives it and fix that first",
}

OWNER = {"agency": "Agency", "client": "Client"}


def recommendation_table(recs: pd.DataFrame, *, currency: str) -> pd.DataFrame:
    """The recommendations as the client reads them: action, expected gain, owner, due date."""
    rows = [
        {"Action": recommendation_sentence(r, currency=currency),
         "Expected": money(r.gain, currency, compact=True) if not is_missing(r.gain) else "not sized",
         "Owner": OWNER.get(r.owner, r.owner), "Due": pd.Timestamp(r.due).strftime("%b %-d")}
        for r in recs.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=["Action", "Expected", "Owner", "Due"])


BASIS_ACTION = {
    "restock": "Restock", "negatives": "Negatives", "bids": "Bids", "harvest": "Harvest", "buy_box": "Buy Box",
    "listing": "Listing", "health": "Account health", "event": "Event",
}
PER_SUBJECT = frozenset({"restock", "buy_box", "listing", "event"})
BASIS = {
    "restock": "sales lost while out of stock this quarter", "negatives": "spend on the proposed negatives",
    "bids": "spend above target ACoS on campaigns over it", "harvest": "ad sales of the harvested terms",
    "buy_box": "sales lost to other offers (to a 90% Buy Box)", "listing": "sales lost to the conversion change",
    "health": "not sized (a breach can stop every listing)", "event": "extra sales of the same event last year",
}


#: Said instead of the weekly charts when the quarter's data has no full week of days (a Business
#: Report by month, say): an empty chart reads as a quarter without sales.
WEEKLY_GAP = "Weekly trends are not shown: the data for this period is not daily."
#: Said instead of the appendix's arithmetic when no recommendation is sized.
NO_ARITHMETIC = "No recommendation this quarter has an expected gain to compute."


def arithmetic_table(recs: pd.DataFrame, *, currency: str) -> pd.DataFrame:
    """How each expected gain is computed: basis × rate = gain, and the findings behind it."""
    rows = [
        {"Action": f"{BASIS_ACTION.get(r.kind, r.kind)} {r.subject if r.kind in PER_SUBJECT else ''}".strip(),
         "Basis": BASIS.get(r.kind, r.kind), "Amount": money(r.basis, currency), "×": number(r.rate, 3, optional=True),
         "Expected": money(r.gain, currency)}
        for r in recs.itertuples(index=False)
        if not is_missing(r.gain)
    ]
    return pd.DataFrame(rows, columns=["Action", "Basis", "Amount", "×", "Expected"])


#: How last quarter's finding reads in the follow-up: a template for its number (a count, with the
#: marketplace's separators), per action kind.
FOLLOW_VALUE = {
    "restock": "{n} days out of stock", "negatives": "{n} negatives proposed",
    "harvest": "{n} terms to harvest", "bids": "{n} campaigns over target",
}


def _follow_value(kind: str, subject: str, value: float, currency: str) -> str:
    if is_missing(value):
        return "—"
    if kind in FOLLOW_VALUE:
        return FOLLOW_VALUE[kind].format(n=count(value))
    if kind == "health":
        fmt = HEALTH_LIMITS.set_index("metric")["format"].get(subject, "count")
        return formatter(fmt)(value)
    if kind == "buy_box":
        return f"Buy Box {pct(value)}"
    return money(value, currency, compact=True)


def follow_up_table(follow: pd.DataFrame, *, currency: str) -> pd.DataFrame:
    """Last quarter's recommendations: what was expected, whether it is still open, and the number
    of the finding behind it then and now."""
    status = {"open": "Still open", "done": "Done or no longer needed"}
    labels = dict(zip(HEALTH_LIMITS["metric"], HEALTH_LIMITS["label"], strict=True))
    rows = [
        {"Recommended last quarter": labels.get(r.subject, r.subject) if r.kind == "health"
         else f"{BASIS_ACTION.get(r.kind, r.kind)}" + (f" {r.subject}" if r.kind in PER_SUBJECT else ""),
         "Expected then": money(r.gain_then, currency, compact=True),
         "Status": status.get(r.status, r.status),
         "Then": _follow_value(r.kind, r.subject, r.then, currency),
         "Now": _follow_value(r.kind, r.subject, r.now, currency) if r.status == "open" else "—"}
        for r in follow.itertuples(index=False)
    ]
    return pd.DataFrame(rows, columns=["Recommended last quarter", "Expected then", "Status", "Then", "Now"])


# -- section texts ----------------------------------------------------------------------------------------
AD_TYPE_NAMES = {"SP": "Sponsored Products", "SB": "Sponsored Brands", "SD": "Sponsored Display"}
COVERAGE_NAMES = {"business_date": "Sales", "SP": "Sponsored Products", "SB": "Sponsored Brands",
                  "SD": "Sponsored Display", "search_terms": "Search-term"}


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def coverage_sentence(coverage: pd.DataFrame | None) -> str:
    """One sentence naming the kinds of data that cover only part of the quarter, with their days
    (empty when every kind covers every day)."""
    if coverage is None or coverage.empty:
        return ""
    partial = coverage[(coverage["covered"] < coverage["days"]) & coverage["kind"].isin(list(COVERAGE_NAMES))]
    if partial.empty:
        return ""
    parts = []
    for row in partial.itertuples(index=False):
        if row.covered == 0:
            parts.append(f"{COVERAGE_NAMES[row.kind]} data covers none of its {row.days} days")
            continue
        first, last = pd.Timestamp(row.first), pd.Timestamp(row.last)
        parts.append(f"{COVERAGE_NAMES[row.kind]} data covers {row.covered} of its {row.days} days "
                     f"({first:%b %-d} – {last:%b %-d})")
    return "This quarter is only partly covered: " + "; ".join(parts) + "."


def scorecard_note(card: pd.DataFrame, *, year_ago: Quarter, year_ago_coverage: float, ad_types: tuple[str, ...],
                   coverage: pd.DataFrame | None = None) -> str:
    parts = ["QoQ and YoY are percent changes for amounts and percentage-point (pts) changes for rates."]
    if year_ago_missing(card) and not np.isnan(card_value(card, m.TOTAL_SALES)):
        parts.append(
            f"Last year's quarter ({year_ago.label}) is missing from the exports "
            f"({year_ago_coverage:.0%} of its days present), so YoY is not shown."
        )
    if ad_types:
        parts.append(f"Advertising totals count {_and([AD_TYPE_NAMES[t] for t in ad_types])}.")
    covered = coverage_sentence(coverage)
    if covered:
        parts.append(covered)
    return " ".join(parts)


def asin_intro(asins: pd.DataFrame) -> str:
    """The sentence over the ASIN table: it promises the change only when the table shows it."""
    change = "sales_change" in asin_display(asins).columns
    return ("Sales by child ASIN this quarter, best sellers first"
            + (", with the change against last quarter." if change else "."))


def wasted_text(wasted: pd.DataFrame, *, min_clicks: int, currency: str) -> str:
    if wasted.empty:
        return "No search term reached {n} clicks without an order this quarter.".replace("{n}", str(min_clicks))
    total = wasted["spend"].sum()
    return (
        f"{count(len(wasted))} search term{'s' if len(wasted) != 1 else ''} took at least {count(min_clicks)} clicks "
        f"each and no order: {money(total, currency)} of spend this quarter."
    )


def stock_notes(stock: pd.DataFrame, asins: pd.DataFrame, *, currency: str) -> list[str]:
    """One line per stock-out (days, dates, estimated sales lost) and per ASIN under the Buy Box bar."""
    notes = []
    for row in stock.itertuples(index=False):
        notes.append(
            f"{row.child_asin}: out of stock {row.days:.0f} days ({_d(row.first_day)} – {_d(row.last_day)}); "
            f"estimated {money(row.lost_sales, currency)} of sales lost."
        )
    out = set(stock["child_asin"]) if len(stock) else set()
    for row in buy_box_watch(asins).itertuples(index=False):
        why = " while it was out of stock" if row.child_asin in out else ""
        notes.append(f"{row.child_asin}: Buy Box held on {pct(row.buy_box_pct)} of page views (under 90 %){why}.")
    return notes or ["No stock-out signals and every ASIN held the Buy Box on 90 %+ of page views."]


def gaps(has: dict[str, bool]) -> list[str]:
    """The neutral client sentences for the sections whose data was not provided (``has``: section
    -> whether its exports are there), for the executive summary."""
    return [gap_sentence(section) for section in ("sales", "advertising") if not has.get(section, True)]


def operator_notes(ctx: Any, card: pd.DataFrame, bulk: Any = None) -> list[str]:
    """What the operator should download or fill to complete the report, the bulk sheet (``bulk``:
    the :class:`~helpers.playbooks.qbr.bulk.BulkResult`) and what it needs, then how the exports were
    read (files skipped, layouts noted): never client copy."""
    from helpers.playbooks.qbr.bulk import operator_lines

    covered = {
        f"Last quarter ({ctx.previous.label})": not card[["previous"]].isna().all().all(),
        f"The same quarter last year ({ctx.year_ago.label})": not card[["year_ago"]].isna().all().all(),
    }
    return download_notes(ctx, comparisons=covered) + operator_lines(bulk) + list(dict.fromkeys(ctx.notes))
