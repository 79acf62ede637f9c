"""Sponsored Products activity of the demo brand, at the finest grain Amazon reports.

The simulation's atom is one day × campaign × ad group × targeting × match type × customer search
term × advertised SKU. The three SP reports are group-bys of this one frame, so their totals agree
by construction:

* search term report  = atoms summed over the advertised SKU;
* targeting report    = atoms summed over search term and SKU;
* advertised products = atoms summed over targeting and search term.

Only atoms with at least one impression exist (zero-click rows included), as in the console report.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.demo import catalog as cat

# kind -> (CTR, conversion rate orders/clicks, base CPC in USD)
KIND_RATES: dict[str, tuple[float, float, float]] = {
    "branded": (0.0160, 0.190, 0.68),
    "exact": (0.0055, 0.125, 1.18),
    "generic": (0.0042, 0.100, 0.98),
    "auto": (0.0036, 0.090, 0.82),
    "competitor": (0.0027, 0.065, 1.58),
    "product": (0.0023, 0.070, 0.88),
    "wasteful": (0.0090, 0.0, 0.92),
}

#: Impressions multiplier of a profile (sets ad spend relative to organic demand: TACoS ~8-14 %).

AUTO_TARGETS = ("close-match", "loose-match", "substitutes", "complements")


@dataclass(frozen=True)
class Slot:
    """One (campaign, ad group, targeting, match type, search term, advertised SKU) line."""

    campaign: str
    portfolio: str
    ad_group: str
    targeting: str
    match_type: str  # EXACT / PHRASE / BROAD, or "-" for auto and product targeting
    search_term: str
    sku: str
    kind: str
    impressions: float  # mean daily impressions at demand index 1.0
    tiny: bool = False


def _asin_term(name: str) -> str:
    """A product-page click shows as the lower-cased ASIN of the page the shopper was on."""
    return cat.COMPETITOR_ASINS[name].lower()


def _pat(name: str) -> str:
    return f'asin="{cat.COMPETITOR_ASINS[name]}"'


def _spec() -> list[Slot]:
    """The whole account, as an account manager would have built it (the tiny profile keeps a few)."""
    s: list[Slot] = []

    def add(campaign, portfolio, ad_group, targeting, match, terms, sku, *, tiny=()):
        for term, kind, impressions in terms:
            s.append(
                Slot(campaign, portfolio, ad_group, targeting, match, term, sku, kind, impressions, term in tiny)
            )

    # -- bottles ---------------------------------------------------------------------------------
    auto = "SP | Bottles | Auto"
    add(auto, "Bottles", "Bottles - Auto", "close-match", "-", [
        ("insulated water bottle", "auto", 2600),
        ("stainless steel water bottle", "auto", 1300),
        ("water bottle 32 oz", "auto", 900),
        ("metal water bottle", "auto", 500),
        ("kids water bottle", "wasteful", 260),
    ], "AT-BTL-32-BLK", tiny=("insulated water bottle", "kids water bottle"))
    add(auto, "Bottles", "Bottles - Auto", "close-match", "-", [
        ("insulated water bottles", "auto", 420),
        ("water bottle with straw lid", "auto", 260),
    ], "AT-BTL-32-SGE")
    add(auto, "Bottles", "Bottles - Auto", "loose-match", "-", [
        ("water bottle", "auto", 2100),
        ("reusable water bottle", "auto", 480),
        ("gym water bottle", "auto", 380),
        ("water bottle for dogs", "wasteful", 210),
    ], "AT-BTL-20-BLK", tiny=("water bottle", "water bottle for dogs"))
    add(auto, "Bottles", "Bottles - Auto", "substitutes", "-", [
        (_asin_term("hydro flask 32 oz wide mouth"), "product", 850),
        (_asin_term("yeti rambler 36 oz"), "product", 600),
    ], "AT-BTL-40-BLK")
    add(auto, "Bottles", "Bottles - Auto", "complements", "-", [
        (cat.make_id("complement:lunchbox").lower(), "product", 260),
        (cat.make_id("complement:daypack").lower(), "product", 180),
    ], "AT-BTL-20-SGE", tiny=(cat.make_id("complement:lunchbox").lower(),))

    exact = "SP | Bottles | Manual - Exact"
    add(exact, "Bottles", "Bottles - 32 oz - Exact", "insulated water bottle 32 oz", "EXACT", [
        ("insulated water bottle 32 oz", "exact", 1500),
        ("insulated water bottle 32oz", "exact", 160),
    ], "AT-BTL-32-BLK", tiny=("insulated water bottle 32 oz",))
    add(exact, "Bottles", "Bottles - 32 oz - Exact", "32 oz water bottle", "EXACT", [
        ("32 oz water bottle", "exact", 900),
    ], "AT-BTL-32-SLT")
    add(exact, "Bottles", "Bottles - 20/40 oz - Exact", "insulated water bottle 40 oz", "EXACT", [
        ("insulated water bottle 40 oz", "exact", 700),
    ], "AT-BTL-40-SGE")
    add(exact, "Bottles", "Bottles - 20/40 oz - Exact", "20 oz insulated water bottle", "EXACT", [
        ("20 oz insulated water bottle", "exact", 520),
    ], "AT-BTL-20-BLK", tiny=("20 oz insulated water bottle",))

    broad = "SP | Bottles | Manual - Broad/Phrase Discovery"
    add(broad, "Bottles", "Bottles - Broad", "insulated water bottle", "BROAD", [
        ("insulated water bottle with straw", "generic", 520),
        ("insulated water bottle for hiking", "generic", 300),
        ("kids water bottle", "wasteful", 240),
        ("water bottle for dogs", "wasteful", 200),
        ("large insulated water bottle with handle", "generic", 140),
    ], "AT-BTL-32-SLT")
    add(broad, "Bottles", "Bottles - Phrase", "stainless steel water bottle", "PHRASE", [
        ("stainless steel water bottle 40 oz", "generic", 380),
        ("large stainless steel water bottle", "generic", 260),
    ], "AT-BTL-40-SLT")

    # -- socks -----------------------------------------------------------------------------------
    add("SP | Socks | Auto", "Socks", "Socks - Auto", "close-match", "-", [
        ("merino wool socks", "auto", 1400),
        ("hiking socks", "auto", 1500),
    ], "AT-SCK-M", tiny=("merino wool socks",))
    add("SP | Socks | Auto", "Socks", "Socks - Auto", "loose-match", "-", [
        ("wool socks", "auto", 1100),
        ("free socks", "wasteful", 230),
        ("compression socks", "auto", 300),
    ], "AT-SCK-L", tiny=("free socks",))
    add("SP | Socks | Auto", "Socks", "Socks - Auto", "substitutes", "-", [
        (_asin_term("smartwool hike crew"), "product", 500),
    ], "AT-SCK-M")
    add("SP | Socks | Manual - Exact", "Socks", "Socks - Exact", "merino wool hiking socks", "EXACT", [
        ("merino wool hiking socks", "exact", 1200),
    ], "AT-SCK-M", tiny=("merino wool hiking socks",))
    add("SP | Socks | Manual - Exact", "Socks", "Socks - Exact", "merino wool hiking socks women", "EXACT", [
        ("merino wool hiking socks women", "exact", 650),
    ], "AT-SCK-S")
    add("SP | Socks | Manual - Exact", "Socks", "Socks - Exact", "merino socks men", "EXACT", [
        ("merino socks men", "exact", 600),
    ], "AT-SCK-L")
    add("SP | Socks | Manual - Broad", "Socks", "Socks - Broad", "hiking socks", "BROAD", [
        ("hiking socks women", "generic", 520),
        ("hiking socks for men", "generic", 480),
        ("wool hiking socks cushioned", "generic", 220),
        ("free socks", "wasteful", 180),
    ], "AT-SCK-XL", tiny=("hiking socks women",))

    # -- trekking poles, hammock, headlamp ------------------------------------------------------------
    add("SP | Trekking Poles | Manual", "Not grouped", "Poles - Exact", "trekking poles", "EXACT", [
        ("trekking poles", "exact", 1300),
    ], "AT-POL-ALU")
    add("SP | Trekking Poles | Manual", "Not grouped", "Poles - Exact", "carbon fiber trekking poles", "EXACT", [
        ("carbon fiber trekking poles", "exact", 420),
    ], "AT-POL-CRB")
    add("SP | Trekking Poles | Manual", "Not grouped", "Poles - Phrase", "hiking poles", "PHRASE", [
        ("hiking poles collapsible", "generic", 380),
        ("hiking poles for women", "generic", 260),
    ], "AT-POL-ALU")
    add("SP | Hammock | Auto", "Not grouped", "Hammock - Auto", "close-match", "-", [
        ("camping hammock", "auto", 1100),
        ("hammock with mosquito net", "auto", 420),
    ], "AT-HMK-SGL")
    add("SP | Hammock | Auto", "Not grouped", "Hammock - Auto", "loose-match", "-", [
        ("hammock", "auto", 900),
        ("hammock stand", "wasteful", 260),
    ], "AT-HMK-DBL")
    add("SP | Hammock | Auto", "Not grouped", "Hammock - Auto", "substitutes", "-", [
        (_asin_term("eno doublenest hammock"), "product", 380),
    ], "AT-HMK-DBL")
    add("SP | Hammock | Manual - Exact", "Not grouped", "Hammock - Exact", "double hammock camping", "EXACT", [
        ("double hammock camping", "exact", 420),
    ], "AT-HMK-DBL")
    add("SP | Headlamp | Manual", "Not grouped", "Headlamp - Exact", "rechargeable headlamp", "EXACT", [
        ("rechargeable headlamp", "exact", 900),
    ], "AT-HLP-300")
    add("SP | Headlamp | Manual", "Not grouped", "Headlamp - Broad", "headlamp", "BROAD", [
        ("headlamp for running", "generic", 320),
        ("led headlamp rechargeable", "generic", 520),
        ("headlamp for kids", "generic", 160),
        ("headlamp 500 lumen", "generic", 200),
    ], "AT-HLP-500")

    # -- brand defence --------------------------------------------------------------------------------
    brand = "SP | Brand | Exact"
    add(brand, "Brand Defense", "Brand - Bottles", "acme trail water bottle", "EXACT", [
        ("acme trail water bottle", "branded", 420),
    ], "AT-BTL-32-BLK", tiny=("acme trail water bottle",))
    add(brand, "Brand Defense", "Brand - Bottles", "acme water bottle", "EXACT", [
        ("acme water bottle", "branded", 240),
    ], "AT-BTL-20-BLK")
    add(brand, "Brand Defense", "Brand - Socks", "acme socks", "EXACT", [
        ("acme socks", "branded", 260),
    ], "AT-SCK-M", tiny=("acme socks",))
    add(brand, "Brand Defense", "Brand - Catch-all", "acme trail", "PHRASE", [
        ("acme trail", "branded", 300),
        ("acme trail hammock", "branded", 90),
        ("acme trail headlamp", "branded", 80),
        ("acme trail trekking poles", "branded", 110),
    ], "AT-BTL-40-BLK")

    # -- competitor conquesting -----------------------------------------------------------------------
    comp = "SP | Competitor | Keywords"
    add(comp, "Conquesting", "Competitor - Bottles", "hydro flask 32 oz", "EXACT", [
        ("hydro flask 32 oz", "competitor", 1300),
    ], "AT-BTL-32-BLK", tiny=("hydro flask 32 oz",))
    add(comp, "Conquesting", "Competitor - Bottles", "yeti rambler", "PHRASE", [
        ("yeti rambler", "competitor", 1100),
        ("yeti rambler 36 oz bottle", "competitor", 420),
    ], "AT-BTL-40-BLK")
    add(comp, "Conquesting", "Competitor - Socks", "darn tough socks", "PHRASE", [
        ("darn tough socks", "competitor", 900),
        ("darn tough socks men hiking", "competitor", 300),
    ], "AT-SCK-L", tiny=("darn tough socks",))
    add(comp, "Conquesting", "Competitor - Poles", "black diamond trekking poles", "EXACT", [
        ("black diamond trekking poles", "competitor", 520),
    ], "AT-POL-CRB")
    pat = "SP | Competitor | Product Targeting"
    for name, sku, impressions in (
        ("hydro flask 32 oz wide mouth", "AT-BTL-32-SGE", 700),
        ("yeti rambler 36 oz", "AT-BTL-40-BLK", 500),
        ("darn tough hiker crew", "AT-SCK-M", 450),
        ("black diamond trail poles", "AT-POL-ALU", 260),
        ("black diamond spot headlamp", "AT-HLP-300", 300),
    ):
        group = f"PAT - {cat.catalog('acme').child(sku).category.title()}"
        add(pat, "Conquesting", group, _pat(name), "-", [(_asin_term(name), "product", impressions)], sku)
    return s


def _brand_spec(profile: str) -> list[Slot]:
    """The lines of a :mod:`helpers.demo.brands` profile (``@name`` terms are competitor ASIN pages)."""
    from helpers.demo.brands import BRANDS, competitor_asin_term

    b = BRANDS[profile]
    out = []
    for campaign, portfolio, ad_group, targeting, match, terms, key in b.lines:
        for term, kind, impressions in terms:
            term = competitor_asin_term(term[1:]) if term.startswith("@") else term
            out.append(Slot(campaign, portfolio, ad_group, targeting, match, term, f"{b.sku_prefix}-{key}", kind,
                            impressions))
    return out


def slots(profile: str = "acme") -> pd.DataFrame:
    """The account's lines for a profile, with per-line CTR / CVR / CPC and the halo sibling SKU."""
    from helpers.demo.brands import BRANDS, brand

    catalogue = cat.catalog(profile)
    skus = {c.sku for c in catalogue.children}
    b = brand(profile)
    stockout_sku = b.stockout[0] if b.stockout else None
    rows = []
    for slot in _brand_spec(profile) if profile in BRANDS else _spec():
        if profile == "tiny" and not slot.tiny:
            continue
        if slot.sku not in skus:
            continue
        child = catalogue.child(slot.sku)
        ctr, cvr, cpc = KIND_RATES[slot.kind]
        # fixed per-line jitter (a stable function of the line, not of the run)
        h = hashlib.sha256(f"{cat.SEED}:slot:{slot.campaign}|{slot.ad_group}|{slot.targeting}|{slot.search_term}".encode())
        u = np.frombuffer(h.digest()[:12], dtype=np.uint32) / 2**32
        siblings = [
            c.sku
            for c in catalogue.in_category(child.category)
            if c.sku not in (child.sku, stockout_sku)
        ]
        halo = siblings[int(u[0] * len(siblings))] if siblings else child.sku
        rows.append(
            {
                "campaign": slot.campaign,
                "portfolio": slot.portfolio,
                "ad_group": slot.ad_group,
                "targeting": slot.targeting,
                "match_type": slot.match_type,
                "search_term": slot.search_term,
                "advertised_sku": child.sku,
                "advertised_asin": child.asin,
                "category": child.category,
                "kind": slot.kind,
                "base_impressions": slot.impressions * (0.8 + 0.4 * u[1]) * b.ad_scale,
                "ctr": ctr * (0.85 + 0.3 * u[2]),
                "cvr": cvr * (0.85 + 0.3 * u[1]),
                "cpc": cpc * (0.85 + 0.3 * u[0]) * b.cpc_scale,
                "halo_sku": halo,
            }
        )
    frame = pd.DataFrame(rows)
    frame["campaign_id"] = frame["campaign"].map(lambda v: cat.make_numeric_id(f"campaign:{v}"))
    frame["ad_group_id"] = (frame["campaign"] + "|" + frame["ad_group"]).map(
        lambda v: cat.make_numeric_id(f"adgroup:{v}")
    )
    return frame


def simulate(profile: str = "acme") -> pd.DataFrame:
    """Daily SP activity: one row per day × line that had impressions (zero-click rows included).

    Columns: ``date`` plus the line keys (``portfolio``, ``campaign``, ``campaign_id``, ``ad_group``,
    ``ad_group_id``, ``targeting``, ``match_type``, ``search_term``, ``advertised_sku``,
    ``advertised_asin``, ``kind``, ``halo_sku``) and the bases ``impressions``, ``clicks``,
    ``spend``, ``orders``, ``units``, ``sales`` with their advertised/other-SKU split
    (``adv_sku_units``, ``other_sku_units``, ``adv_sku_sales``, ``other_sku_sales``,
    ``adv_sku_orders``, ``other_sku_orders``). Money is USD rounded to cents.
    """
    from helpers.demo.brands import brand

    lines = slots(profile)
    catalogue = cat.catalog(profile)
    b = brand(profile)
    days = cat.days()
    rng = np.random.default_rng([cat.SEED, 1, len(lines)])
    n_lines, n_days = len(lines), len(days)

    demand = {c: cat.demand_index(c, days, growth=b.growth) for c in lines["category"].unique()}
    mean = np.stack([demand[c] for c in lines["category"]]) * lines["base_impressions"].to_numpy()[:, None]
    mean *= rng.lognormal(0.0, 0.25, size=(n_lines, n_days))
    # ads of an out-of-stock product stop serving
    if b.stockout:
        sku, first, last = b.stockout
        oos = (lines["advertised_sku"] == sku).to_numpy()[:, None] & cat.stockout_mask(days, first, last)[None, :]
        mean[oos] = 0.0
    impressions = rng.poisson(mean)

    event = np.array([cat.event_of(d) is not None for d in days])
    ctr = lines["ctr"].to_numpy()[:, None] * np.where(event, 1.12, 1.0)[None, :]
    clicks = rng.binomial(impressions, np.clip(ctr, 0, 1))
    cvr = lines["cvr"].to_numpy()[:, None] * np.where(event, 1.15, 1.0)[None, :]
    orders = rng.binomial(clicks, np.clip(cvr, 0, 1))
    other_orders = rng.binomial(orders, 0.12)
    adv_orders = orders - other_orders
    adv_units = adv_orders + rng.binomial(adv_orders, 0.10)
    other_units = other_orders + rng.binomial(other_orders, 0.05)

    cpc = lines["cpc"].to_numpy()[:, None] * cat.cpc_index(days)[None, :] * rng.lognormal(0, 0.12, (n_lines, n_days))
    spend_cents = np.rint(clicks * cpc * 100).astype(np.int64)

    price_cents = {c.sku: int(round(c.price * 100)) for c in catalogue.children}
    pidx = cat.price_index(days)
    own = np.array([price_cents[s] for s in lines["advertised_sku"]])[:, None]
    halo = np.array([price_cents[s] for s in lines["halo_sku"]])[:, None]
    adv_cents = adv_units * np.rint(own * pidx[None, :]).astype(np.int64)
    other_cents = other_units * np.rint(halo * pidx[None, :]).astype(np.int64)

    li, di = np.nonzero(impressions)
    keys = ["portfolio", "campaign", "campaign_id", "ad_group", "ad_group_id", "targeting", "match_type",
            "search_term", "advertised_sku", "advertised_asin", "kind", "halo_sku"]
    frame = lines.iloc[li][keys].reset_index(drop=True)
    frame.insert(0, "date", days[di])
    frame["impressions"] = impressions[li, di]
    frame["clicks"] = clicks[li, di]
    frame["spend"] = spend_cents[li, di] / 100
    frame["orders"] = orders[li, di]
    frame["adv_sku_orders"] = adv_orders[li, di]
    frame["other_sku_orders"] = other_orders[li, di]
    frame["units"] = adv_units[li, di] + other_units[li, di]
    frame["adv_sku_units"] = adv_units[li, di]
    frame["other_sku_units"] = other_units[li, di]
    frame["adv_sku_sales"] = adv_cents[li, di] / 100
    frame["other_sku_sales"] = other_cents[li, di] / 100
    frame["sales"] = (adv_cents[li, di] + other_cents[li, di]) / 100
    return frame.sort_values(["date", "campaign", "ad_group", "targeting", "search_term"], kind="stable").reset_index(
        drop=True
    )
