"""The stories planted in a demo client, with their ground truth: what a QBR of the quarter must find.

Each story is a general mechanism of the generator, not a literal: its numbers are read back from
the generator's own facts (:mod:`helpers.demo.catalog`, :mod:`helpers.demo.brands`, the account
spec of :mod:`helpers.demo.ads`, the Account Health readings of :mod:`helpers.demo.onboarding`) and
its simulation (:func:`helpers.demo.ground_truth_ads`), so tests compare a report with them.

=====================  ==========================================================================
story                  mechanism
=====================  ==========================================================================
``stockout``           the best seller (``STOCKOUT_SKU``) sells nothing and its ads stop between
                       ``STOCKOUT_START`` and ``STOCKOUT_END``: a decline explained by stock.
``cpc_jump``           CPC rises on event days (``EVENT_CPC``) and ~6 % a year (``cpc_index``)
                       while each line's conversion rate is fixed: ACoS rises at flat conversion.
``event_one_period``   an event of ``EVENTS`` falls in the quarter and not in the one before.
``health_to_limit``    the Order Defect Rate climbs snapshot by snapshot toward Amazon's 1 % limit.
``auto_long_tail``     a converting search term served only by one product's auto campaign (no
                       manual keyword): a harvest candidate for that product's exact ad group.
``shared_words``       a converting search term that shares its words with terms that never sell:
                       negatives built from the dead terms must not block it.
=====================  ==========================================================================
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from helpers.demo import catalog as cat


@dataclass(frozen=True)
class Story:
    """One planted story: its id, the QBR finding that must name it and the numbers behind it."""

    story: str
    finding_id: str
    numbers: dict[str, Any] = field(default_factory=dict)


def _quarter(label: str) -> tuple[date, date]:
    from helpers.periods import Quarter

    q = Quarter.parse(label)
    return q.start, q.end


def _ad_totals(ads: pd.DataFrame, start: date, end: date) -> dict[str, float]:
    inside = ads[(ads["date"] >= pd.Timestamp(start)) & (ads["date"] <= pd.Timestamp(end))]
    return {k: float(inside[k].sum()) for k in ("spend", "clicks", "orders", "sales")}


def stories(profile: str = "tiny", quarter: str = cat.LATEST_FULL_QUARTER) -> list[Story]:
    """The stories a QBR of ``quarter`` for a client generated with ``profile`` must find."""
    from helpers.demo import ads as ads_module
    from helpers.demo import ground_truth_ads
    from helpers.demo.onboarding import ODR_SNAPSHOTS
    from helpers.periods import Quarter

    start, end = _quarter(quarter)
    previous = Quarter.parse(quarter).previous()
    out: list[Story] = []

    first, last = max(cat.STOCKOUT_START, start), min(cat.STOCKOUT_END, end)
    if first <= last:
        out.append(Story("stockout", f"stockout:{cat.STOCKOUT_ASIN}",
                         {"asin": cat.STOCKOUT_ASIN, "days": (last - first).days + 1, "first_day": first,
                          "last_day": last}))

    ads = ground_truth_ads(profile)
    now, before = _ad_totals(ads, start, end), _ad_totals(ads, previous.start, previous.end)
    out.append(Story("cpc_jump", "acos_change:account", {
        "cpc_change": (now["spend"] / now["clicks"]) / (before["spend"] / before["clicks"]) - 1,
        "cvr_change": (now["orders"] / now["clicks"]) / (before["orders"] / before["clicks"]) - 1,
        "acos_change": now["spend"] / now["sales"] - before["spend"] / before["sales"],
    }))

    for name, (ev_start, ev_end) in cat.EVENTS.items():
        in_now = start <= ev_start <= end
        kind = name.rsplit("_", 1)[0]
        in_before = any(previous.start <= s <= previous.end for n, (s, _) in cat.EVENTS.items()
                        if n.rsplit("_", 1)[0] == kind)
        if in_now and not in_before:
            slug = name.replace("_", "-")
            out.append(Story("event_one_period", f"event_gap:qoq:{slug}",
                             {"slug": slug, "start": ev_start, "end": ev_end, "days": (ev_end - ev_start).days + 1}))

    odr = [(d, float(v.rstrip("%")) / 100) for d, v in ODR_SNAPSHOTS]
    out.append(Story("health_to_limit", "health:odr", {"first": odr[0][1], "latest": odr[-1][1], "limit": 0.01}))

    spec = [s for s in ads_module._spec() if s.tiny or profile != "tiny"]
    manual = {s.search_term for s in spec if s.match_type != "-"}
    auto_only = [s for s in spec if s.kind == "auto" and s.search_term not in manual]
    converting = _converting_terms(ads, start, end)
    long_tail = [s for s in auto_only if s.search_term in converting]
    if long_tail:
        best = max(long_tail, key=lambda s: converting[s.search_term])
        out.append(Story("auto_long_tail", "harvest:search terms",
                         {"term": best.search_term, "campaign": best.campaign, "sku": best.sku,
                          "orders": converting[best.search_term]}))
    dead = {s.search_term for s in spec if s.kind == "wasteful"}
    generic = {s.search_term for s in spec if s.kind in ("auto", "generic", "exact")}
    for term in sorted((t for t in converting if t in generic), key=lambda t: -converting[t]):
        words = set(term.split())
        sharing = sorted(d for d in dead if words & set(d.split()))
        if sharing:
            out.append(Story("shared_words", "negatives:search terms",
                             {"term": term, "orders": converting[term], "dead_terms": sharing}))
            break
    return out


def _converting_terms(ads: pd.DataFrame, start: date, end: date) -> dict[str, float]:
    """Search term -> orders in the quarter, for terms with orders."""
    inside = ads[(ads["date"] >= pd.Timestamp(start)) & (ads["date"] <= pd.Timestamp(end))]
    orders = inside.groupby("search_term")["orders"].sum()
    return {str(k): float(v) for k, v in orders[orders > 0].items()}
