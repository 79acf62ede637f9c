"""Planning assumptions and Amazon's launch rules, as tables (Amazon moves the rules; replace the
assumptions with the client's own history when it exists)."""

from __future__ import annotations

from typing import Any

import pandas as pd

ASSUMPTIONS = pd.DataFrame(
    [
        ("organic_share_start", 0.10, "share of orders that are organic in week 1"),
        ("organic_share_end", 0.70, "share of orders that are organic in the last ramp week"),
        ("cvr_start_factor", 0.70, "CVR in week 1 as a share of the base CVR (no reviews yet)"),
        ("cpc_launch_premium", 1.20, "CPC in week 1 as a multiple of the base CPC (launch bids)"),
        ("cvr_full_week", 4, "week by which CVR and CPC reach their base values"),
        ("auto_bid_factor", 0.90, "auto campaign bid as a multiple of the base CPC"),
        ("hero_terms", 8, "exact-match hero terms at most"),
        ("min_clicks_observed", 100, "clicks needed before an observed CPC/CVR is trusted"),
        ("sensitivity", 0.20, "the +/- change tested on CPC and CVR"),
        ("vine_review_share", 0.70, "share of Vine units that turn into a review"),
        ("review_rate", 0.02, "reviews per order from Request a Review"),
        ("delivery_days", 3, "days from order to delivery (FBA Prime)"),
        ("velocity_fallback", 5.0, "units a day planned when no goal is set and there is no sales history"),
    ],
    columns=["name", "value", "meaning"],
).set_index("name")
"""Planning assumptions (replace them with the client's own history when it exists)."""


RULES = pd.DataFrame(
    [
        ("vine", "requires", "Brand Registry and FBA", "—", "amazonsellers.attorney"),
        ("vine", "max_reviews", 30, "reviews: enrol only while the parent has fewer", "amazonsellers.attorney"),
        ("vine", "max_units", 30, "units enrolled at most", "global.lianlianpay.com (Amazon text)"),
        ("vine", "fee", 200.0, "per parent ASIN, charged on the first review", "52by.com (secondary)"),
        ("request_review", "min_days", 5, "days after delivery, earliest", "sellercentral G201972160"),
        ("request_review", "max_days", 30, "days after delivery, latest", "sellercentral G201972160"),
    ],
    columns=["program", "rule", "value", "meaning", "source"],
)
"""Amazon's launch and review rules (domain.md §4.5); Amazon moves them, so they live here as data."""


def rule(program: str, name: str) -> Any:
    """One value of :data:`RULES`: ``rule("vine", "max_units")`` → 30."""
    found = RULES[(RULES["program"] == program) & (RULES["rule"] == name)]
    if found.empty:
        raise KeyError(f"{program}.{name}")
    return found["value"].iloc[0]


def assumption(name: str) -> float:
    return float(ASSUMPTIONS.loc[name, "value"])


#: Launch tasks relative to the launch date (days; ``end`` inclusive). ``lead`` rows start
#: ``lead_time_days`` before the stock must arrive; ``ramp`` rows last the ad ramp; ``review`` rows
#: use the Request a Review window of :data:`RULES`.
TASKS = pd.DataFrame(
    [
        ("Listing copy and backend keywords", "Listing", -42, -29, None),
        ("Main images and infographics", "Listing", -42, -22, None),
        ("A+ content (Brand Registry)", "Listing", -28, -15, None),
        ("Purchase order to FBA arrival", "Stock", None, -8, "lead"),
        ("Stock received and live at FBA", "Stock", -7, -7, None),
        ("Vine enrolment (up to 30 units)", "Reviews", -7, -7, None),
        ("Vine reviews arrive", "Reviews", 0, 27, None),
        ("Campaigns live: ad ramp", "Advertising", 0, None, "ramp"),
        ("Request a Review window (first orders)", "Reviews", None, None, "review"),
        ("Review checkpoint: week 2", "Reviews", 14, 14, None),
        ("Review checkpoint: week 4", "Reviews", 28, 28, None),
        ("30-day review", "Reviews of the plan", 30, 30, None),
        ("60-day review", "Reviews of the plan", 60, 60, None),
        ("90-day review", "Reviews of the plan", 90, 90, None),
    ],
    columns=["task", "phase", "start_day", "end_day", "rule"],
)


#: Share of the launch ad budget per campaign type.
BUDGET_SPLIT = pd.DataFrame(
    [("Exact (hero terms)", 0.40), ("Auto", 0.20), ("Phrase/Broad discovery", 0.25), ("Product targeting", 0.15)],
    columns=["campaign_type", "share"],
)
