"""Two product launches of the demo brand: one already launched (with weeks of data), one planned.

* **Launched** — the Acme Trail Insulated Tumbler 20 oz (``AT-TMB-20-BLK``) went live on
  :data:`LAUNCHED_DATE` (2026-10-05), six weeks before the demo's data ends. From that day the
  generator adds its Sponsored Products lines (auto, exact, product targeting) and its Business
  Report rows: ad impressions ramp up over the first weeks while bids settle, organic sales grow as
  the product ranks. Nothing before the launch date changes, so every other product's numbers are
  exactly what they were.
* **Planned** — the 64 oz bottle (``AT-BTL-64-BLK``) launching on :data:`PLANNED_DATE`
  (2027-01-11), after the data ends: the report is a plan only.

Both launches are written into the demo params (``launches:``) by :func:`params_lines`. The rows
come from their own random stream, so the launch can be tuned without moving anything else.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from helpers.demo import catalog as cat

LAUNCHED_SKU = "AT-TMB-20-BLK"
LAUNCHED_ASIN = cat.make_id(f"child:{LAUNCHED_SKU}")
LAUNCHED_PARENT = cat.make_id("parent:tumbler")
LAUNCHED_TITLE = "Acme Trail Insulated Tumbler 20 oz with Lid and Straw, Stainless Steel, Black"
LAUNCHED_PRICE = 24.99
LAUNCHED_DATE = date(2026, 10, 5)
#: The existing product whose search terms seeded the tumbler's keywords (in both profiles).
LAUNCHED_RELATED_SKU = "AT-BTL-20-BLK"
#: Review counts the account manager noted after the launch (written into the params).
LAUNCHED_REVIEWS = {date(2026, 10, 19): 0, date(2026, 11, 2): 4, date(2026, 11, 15): 9}

PLANNED_SKU = "AT-BTL-64-BLK"
PLANNED_ASIN = cat.make_id(f"child:{PLANNED_SKU}")
PLANNED_TITLE = "Acme Trail Insulated Water Bottle 64 oz, Stainless Steel, Black"
PLANNED_DATE = date(2027, 1, 11)
PLANNED_RELATED_SKU = "AT-BTL-32-BLK"

TITLES = {LAUNCHED_ASIN: LAUNCHED_TITLE}

TUMBLER_COMPETITOR = cat.make_id("competitor:yetitumbler20")
JUG_COMPETITOR = cat.make_id("competitor:hydroflask64")

# (campaign, ad group, targeting, match type, search term, kind, mean daily impressions, in tiny)
_LINES = [
    ("SP | Tumbler Launch | Auto", "Tumbler - Auto", "close-match", "-", "insulated tumbler", "auto", 1300, True),
    ("SP | Tumbler Launch | Auto", "Tumbler - Auto", "close-match", "-", "tumbler with lid and straw", "auto", 800, False),
    ("SP | Tumbler Launch | Auto", "Tumbler - Auto", "loose-match", "-", "20 oz tumbler", "auto", 650, False),
    ("SP | Tumbler Launch | Exact", "Tumbler - Exact", "insulated tumbler with straw", "EXACT",
     "insulated tumbler with straw", "exact", 1100, True),
    ("SP | Tumbler Launch | Exact", "Tumbler - Exact", "stainless steel tumbler", "EXACT",
     "stainless steel tumbler", "exact", 700, False),
    ("SP | Tumbler Launch | Product Targeting", "Tumbler - PAT", f'asin="{TUMBLER_COMPETITOR}"', "-",
     TUMBLER_COMPETITOR.lower(), "product", 600, True),
]
#: Launch CVR is lower than a ranked product's (few reviews yet); it climbs towards the normal rate.
LAUNCH_CVR_START = 0.6
RAMP_DAYS = 28
#: Organic units a day once ranked, and the share of it reached on launch day.
ORGANIC_UNITS = {"acme": 5.0, "tiny": 1.6}
ORGANIC_START = 0.1


def _days() -> pd.DatetimeIndex:
    return pd.date_range(LAUNCHED_DATE, cat.END, freq="D")


def _ramp(days: pd.DatetimeIndex, start: float) -> np.ndarray:
    """``start`` on launch day rising linearly to 1.0 after :data:`RAMP_DAYS` days."""
    t = (days - pd.Timestamp(LAUNCHED_DATE)).days.to_numpy()
    return start + (1.0 - start) * np.clip(t / RAMP_DAYS, 0.0, 1.0)


def lines(profile: str = "acme") -> pd.DataFrame:
    """The launched product's ad lines, with the same columns as :func:`helpers.demo.ads.slots`."""
    from helpers.demo.ads import KIND_RATES
    from helpers.demo.brands import AD_SCALE

    rows = []
    for i, (campaign, group, targeting, match, term, kind, impressions, tiny) in enumerate(_LINES):
        if profile == "tiny" and not tiny:
            continue
        ctr, cvr, cpc = KIND_RATES[kind]
        wobble = 0.9 + 0.2 * ((i * 7) % 5) / 4
        rows.append({
            "campaign": campaign, "portfolio": "Launches", "ad_group": group, "targeting": targeting,
            "match_type": match, "search_term": term, "advertised_sku": LAUNCHED_SKU,
            "advertised_asin": LAUNCHED_ASIN, "kind": kind, "halo_sku": LAUNCHED_SKU,
            "base_impressions": impressions * AD_SCALE[profile], "ctr": ctr * wobble, "cvr": cvr,
            "cpc": cpc * 1.15 * wobble,  # launch bids run above the account's usual
        })
    frame = pd.DataFrame(rows)
    frame["campaign_id"] = frame["campaign"].map(lambda v: cat.make_numeric_id(f"campaign:{v}"))
    frame["ad_group_id"] = (frame["campaign"] + "|" + frame["ad_group"]).map(
        lambda v: cat.make_numeric_id(f"adgroup:{v}")
    )
    return frame


def simulate_ads(profile: str = "acme") -> pd.DataFrame:
    """Daily SP rows of the launched product from its launch day, in :func:`helpers.demo.ads.simulate`'s columns."""
    spec = lines(profile)
    days = _days()
    rng = np.random.default_rng([cat.SEED, 11, len(spec)])
    n_lines, n_days = len(spec), len(days)
    demand = cat.demand_index("bottle", days) * _ramp(days, 0.35)
    mean = demand[None, :] * spec["base_impressions"].to_numpy()[:, None] * rng.lognormal(0, 0.2, (n_lines, n_days))
    impressions = rng.poisson(mean)
    clicks = rng.binomial(impressions, np.clip(spec["ctr"].to_numpy()[:, None], 0, 1))
    cvr = spec["cvr"].to_numpy()[:, None] * _ramp(days, LAUNCH_CVR_START)[None, :]
    orders = rng.binomial(clicks, np.clip(cvr, 0, 1))
    units = orders + rng.binomial(orders, 0.08)
    cpc = spec["cpc"].to_numpy()[:, None] * cat.cpc_index(days)[None, :] * rng.lognormal(0, 0.12, (n_lines, n_days))
    spend_cents = np.rint(clicks * cpc * 100).astype(np.int64)
    price_cents = np.rint(round(LAUNCHED_PRICE * 100) * cat.price_index(days)).astype(np.int64)
    sales_cents = units * price_cents[None, :]

    li, di = np.nonzero(impressions)
    keys = ["portfolio", "campaign", "campaign_id", "ad_group", "ad_group_id", "targeting", "match_type",
            "search_term", "advertised_sku", "advertised_asin", "kind", "halo_sku"]
    frame = spec.iloc[li][keys].reset_index(drop=True)
    frame.insert(0, "date", days[di])
    zeros = np.zeros(len(li), dtype=np.int64)
    frame["impressions"] = impressions[li, di]
    frame["clicks"] = clicks[li, di]
    frame["spend"] = spend_cents[li, di] / 100
    frame["orders"] = orders[li, di]
    frame["adv_sku_orders"] = orders[li, di]
    frame["other_sku_orders"] = zeros
    frame["units"] = units[li, di]
    frame["adv_sku_units"] = units[li, di]
    frame["other_sku_units"] = zeros
    frame["adv_sku_sales"] = sales_cents[li, di] / 100
    frame["other_sku_sales"] = zeros / 100
    frame["sales"] = sales_cents[li, di] / 100
    return frame


def simulate_business(ads: pd.DataFrame, profile: str = "acme") -> dict[str, pd.DataFrame]:
    """The launched product's Business Report rows (``skus`` and ``children`` frames) from launch day."""
    days = _days()
    n_days = len(days)
    rng = np.random.default_rng([cat.SEED, 12, n_days])
    daily = ads.groupby("date")[["clicks", "adv_sku_orders", "adv_sku_units"]].sum().reindex(days, fill_value=0)
    organic_mean = ORGANIC_UNITS[profile] * cat.demand_index("bottle", days) * _ramp(days, ORGANIC_START)
    org_orders = rng.poisson(organic_mean / 1.05)
    org_units = org_orders + rng.binomial(org_orders, 0.05)
    orders = org_orders + daily["adv_sku_orders"].to_numpy()
    units = org_units + daily["adv_sku_units"].to_numpy()
    unit_cents = np.rint(round(LAUNCHED_PRICE * 100) * cat.price_index(days)).astype(np.int64)
    zeros = np.zeros(n_days, dtype=np.int64)
    skus = pd.DataFrame({
        "date": days, "parent_asin": LAUNCHED_PARENT, "child_asin": LAUNCHED_ASIN, "sku": LAUNCHED_SKU,
        "units": units, "order_items": orders, "sales_cents": units * unit_cents,
        "units_b2b": zeros, "order_items_b2b": zeros, "sales_b2b_cents": zeros,
    })
    sessions = rng.poisson(organic_mean / 0.11) + np.rint(daily["clicks"].to_numpy() * 0.95).astype(np.int64)
    page_views = sessions + rng.binomial(sessions, 0.4)
    children = pd.DataFrame({
        "date": days, "parent_asin": LAUNCHED_PARENT, "child_asin": LAUNCHED_ASIN,
        "sessions": sessions, "page_views": page_views,
        "buy_box_pct": np.round(1.0 - rng.beta(1.0, 80.0, n_days), 4),
        "sessions_b2b": rng.binomial(sessions, 0.015), "page_views_b2b": rng.binomial(page_views, 0.015),
        "sessions_mobile": rng.binomial(sessions, 0.63), "page_views_mobile": rng.binomial(page_views, 0.66),
        "units": units, "order_items": orders, "sales_cents": units * unit_cents,
        "units_b2b": zeros, "order_items_b2b": zeros, "sales_b2b_cents": zeros,
    })
    return {"skus": skus, "children": children}


def extend(ads: pd.DataFrame, skus: pd.DataFrame, children: pd.DataFrame, profile: str) -> tuple[
    pd.DataFrame, pd.DataFrame, pd.DataFrame
]:
    """The simulation's frames with the launched product's rows added (other rows unchanged).
    Profiles without a launch (the :mod:`helpers.demo.brands` ones) come back as they are."""
    if profile not in ORGANIC_UNITS:
        return ads, skus, children
    launch_ads = simulate_ads(profile)
    business = simulate_business(launch_ads, profile)
    launch_ads = launch_ads.astype({col: ads[col].dtype for col in launch_ads.columns if col in ads})
    all_ads = pd.concat([ads, launch_ads], ignore_index=True).sort_values(
        ["date", "campaign", "ad_group", "targeting", "search_term"], kind="stable"
    ).reset_index(drop=True)
    all_skus = pd.concat([skus, business["skus"].astype(skus.dtypes.to_dict())], ignore_index=True)
    all_children = pd.concat([children, business["children"].astype(children.dtypes.to_dict())], ignore_index=True)
    return all_ads, all_skus, all_children


def params_lines(profile: str = "acme") -> list[str]:
    """The ``launches:`` block of the demo params file (empty for profiles without a launch)."""
    if profile not in ORGANIC_UNITS:
        return []
    catalogue = cat.catalog(profile)
    related = catalogue.child(LAUNCHED_RELATED_SKU).asin
    planned_related = catalogue.child(PLANNED_RELATED_SKU).asin
    reviews = ", ".join(f"{day:%Y-%m-%d}: {n}" for day, n in LAUNCHED_REVIEWS.items())
    return [
        "launches:                            # product launches: `make launch CLIENT=<client> PRODUCT=<key>`",
        f"  {PLANNED_SKU}:                    # planned: launches after the data ends",
        f'    title: "{PLANNED_TITLE}"',
        f"    launch_date: {PLANNED_DATE:%Y-%m-%d}",
        f"    asin: {PLANNED_ASIN}",
        "    price: 39.99",
        "    cogs: 11.50",
        "    size_tier: large_standard        # FBA fee from settings.fba_fees + referral fee",
        "    post_ad_margin: 10%",
        "    launch_acos: 45%                 # ACoS allowed while the product ranks",
        "    weeks: 10",
        "    stock_on_hand: 0",
        "    inbound:",
        "      - {units: 450, arrives: 2026-12-28}",
        "      - {units: 300, arrives: 2027-02-22}",
        "    lead_time_days: 50",
        "    safety_days: 21",
        "    organic_units_per_day: 4",
        "    keywords: [64 oz water bottle, half gallon water bottle, large insulated water bottle]",
        f"    competitor_asins: [{JUG_COMPETITOR}]",
        "    review_goal: 30",
        f"    related_asin: {planned_related}       # {PLANNED_RELATED_SKU}: its search terms seed the keywords",
        f"  {LAUNCHED_SKU}:                    # launched: weeks of data after the launch date",
        f'    title: "{LAUNCHED_TITLE}"',
        f"    launch_date: {LAUNCHED_DATE:%Y-%m-%d}",
        f"    asin: {LAUNCHED_ASIN}",
        f"    price: {LAUNCHED_PRICE:.2f}",
        "    cogs: 6.20",
        "    fees: 8.10",
        "    post_ad_margin: 10%",
        "    launch_acos: 40%",
        "    weeks: 8",
        "    stock_on_hand: 400",
        "    lead_time_days: 40",
        "    organic_units_per_day: 5",
        "    keywords: [insulated tumbler, insulated tumbler with straw, stainless steel tumbler]",
        f"    competitor_asins: [{TUMBLER_COMPETITOR}]",
        "    review_goal: 25",
        f"    related_asin: {related}       # {LAUNCHED_RELATED_SKU}",
        f"    reviews: {{{reviews}}}",
        "",
    ]
