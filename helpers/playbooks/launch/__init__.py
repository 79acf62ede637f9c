"""The product launch plan, section by section: economics, keyword seeding, ad ramp, stock, timeline,
and — once the product is live — actual against plan.

Every function is DataFrame in, DataFrame (or sentences) out; :func:`prepare` is the only one that
reads files. Planning assumptions and Amazon's launch rules are tables (:data:`ASSUMPTIONS`,
:data:`RULES`, :data:`TASKS`, :data:`BUDGET_SPLIT`, :data:`ADVICE`), not constants in the code.

The ramp model (one week per row, ``w = 1..weeks``):

* daily **velocity goal** ``g`` = the launch's ``organic_units_per_day`` (the sales a day it should
  hold once ranked; else the related product's recent daily units). Ads buy that velocity while
  the product has no rank: planned **organic share** climbs linearly from ``organic_share_start``
  to ``organic_share_end`` and ad orders fill the rest, ``ad_orders = 7 g (1 - organic share)``;
* **CVR** (orders / clicks) starts at ``cvr_start_factor`` x the base CVR (no reviews yet) and
  reaches it at ``cvr_full_week``; **CPC** starts at ``cpc_launch_premium`` x the base CPC
  (aggressive launch bids) and falls back to it at ``cvr_full_week``;
* ``clicks = ad_orders / CVR``, ``spend = clicks x CPC``, expected ``ACoS = CPC / (CVR x price)``
  (one unit per order); the **target ACoS glide path** runs linearly from the launch ACoS
  allowance in week 1 to the target ACoS in the last week, and ``max_cpc = glide x CVR x price``
  is the bid at which the week meets it;
* a launch ``budget`` smaller than the ramp's spend scales clicks and ad orders down in proportion.

Base CPC and CVR come from the related product's ads before the launch date (at least
``min_clicks_observed`` clicks), else the launch's ``cpc``/``cvr`` params, else the whole account.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers import metrics as m
from helpers.errors import MissingDataError, ParamsError
from helpers.present.formatting import money, pct

# -- tables: assumptions and Amazon's rules -----------------------------------------------------------
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
        ("velocity_fallback", 5.0, "units a day planned when neither params nor history give a goal"),
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

# -- params and data -----------------------------------------------------------------------------------


@dataclass
class LaunchContext:
    """What the launch sections need, loaded once by :func:`prepare`."""

    params: Any
    data: Any  # helpers.loaders.ClientData, or None when the client has no exports
    key: str
    launch: Any  # helpers.params.Launch
    currency: str
    last_day: date | None
    notes: list[str] = field(default_factory=list)

    @property
    def launch_date(self) -> date:
        return self.launch.launch_date

    @property
    def asin(self) -> str | None:
        return self.launch.asin or (self.key.upper() if _looks_like_asin(self.key) else None)

    @property
    def sku(self) -> str | None:
        return self.launch.sku or (None if _looks_like_asin(self.key) else self.key)

    @property
    def launched(self) -> bool:
        """Post-launch mode: the exports reach past the launch date."""
        return self.last_day is not None and self.last_day >= self.launch_date


def _looks_like_asin(text: str) -> bool:
    return len(text) == 10 and text.upper().startswith("B0") and text.isalnum()


def find_launch(params: Any, product: str) -> tuple[str, Any]:
    """The params key and launch for ``product`` (its key, ASIN or SKU; case-insensitive).

    >>> from helpers.params import parse_params
    >>> p = parse_params({"client_name": "A", "marketplace": "US", "currency": "USD",
    ...     "launches": {"AT-1": {"title": "T", "launch_date": "2027-01-11", "price": 20, "cogs": 5, "fees": 6}}})
    >>> find_launch(p, "at-1")[0]
    'AT-1'
    """
    wanted = (product or "").strip().upper()
    for key, launch in params.launches.items():
        names = {key.upper(), (launch.asin or "").upper(), (launch.sku or "").upper()}
        if wanted and wanted in names:
            return key, launch
    known = ", ".join(params.launches) or "none: add a launches: section (docs/params-schema.md)"
    raise ParamsError(
        f"product {product!r} must be one of the launches in the params ({known}); got {product!r} "
        f"(in {params.source})"
    )


def prepare(client: str, product: str, root: str | Path | None = None) -> LaunchContext:
    """Validate params and ``product``, then load the client's exports (the plan works without any)."""
    from helpers.loaders import load_client
    from helpers.params import load_params

    params = load_params(client, root or None)
    key, launch = find_launch(params, product)
    fees_per_unit(launch, params.settings, source=params.source, key=key)
    try:
        data = load_client(client, root or None, marketplace=params.marketplace)
    except MissingDataError:
        data = None
    ctx = LaunchContext(params, data, key, launch, params.currency, (data.last_day() if data is not None else None))
    if data is not None:
        ctx.notes.extend(getattr(data, "notes", []))
    return ctx


def fees_per_unit(launch: Any, settings: Any, *, source: str = "<params>", key: str = "?") -> float:
    """``fees`` if given, else ``settings.fba_fees[size_tier] + settings.referral_fee x price``."""
    if launch.fees is not None:
        return float(launch.fees)
    table = settings.fba_fees
    if launch.size_tier not in table:
        raise ParamsError(
            f"params key 'launches.{key}.size_tier' must be one of the tiers in settings.fba_fees "
            f"({', '.join(table)}); got {launch.size_tier!r} (in {source})"
        )
    return float(table[launch.size_tier]) + float(settings.referral_fee) * float(launch.price)


# -- economics -------------------------------------------------------------------------------------------
def unit_economics(
    price: float, cogs: float, fees: float, *, post_ad_margin: float, launch_acos: float | None = None
) -> pd.Series:
    """Per-unit margin and the ACoS ceilings it allows (fractions of price; money in price's currency).

    ``unit_margin = price - cogs - fees``; ``break_even_acos = unit_margin / price``
    (:func:`helpers.metrics.break_even_acos`); ``target_acos = break_even - post_ad_margin``;
    ``launch_acos`` (the ACoS allowed while ranking) defaults to the break-even ACoS.
    ``ad_cost_per_order_at_launch`` is what an ad order may cost at the launch ACoS and
    ``profit_per_ad_order_at_launch`` what is left of the unit margin after it (negative: the
    launch buys rank with margin). Zero price gives NaN ratios.

    >>> e = unit_economics(29.99, 10.00, 8.00, post_ad_margin=0.10)
    >>> float(round(e["break_even_acos"], 3)), float(round(e["target_acos"], 3))
    (0.4, 0.3)
    """
    break_even = float(m.break_even_acos(price, cogs, fees))
    target = float(m.target_acos(break_even, post_ad_margin))
    allowed = break_even if launch_acos is None else float(launch_acos)
    margin = float(price) - float(cogs) - float(fees)
    return pd.Series(
        {
            "price": float(price),
            "cogs": float(cogs),
            "fees": float(fees),
            "unit_margin": margin,
            "break_even_acos": break_even,
            "post_ad_margin": float(post_ad_margin),
            "target_acos": target,
            "launch_acos": allowed,
            "ad_cost_per_order_at_launch": allowed * float(price),
            "profit_per_ad_order_at_launch": margin - allowed * float(price),
        }
    )


def economics(ctx: LaunchContext) -> pd.Series:
    """:func:`unit_economics` of the launch (post-ad margin from the launch, else ``targets``, else 10 %)."""
    launch = ctx.launch
    post = launch.post_ad_margin
    if post is None:
        post = ctx.params.targets.post_ad_margin if ctx.params.targets.post_ad_margin is not None else 0.10
    fees = fees_per_unit(launch, ctx.params.settings, source=ctx.params.source, key=ctx.key)
    return unit_economics(launch.price, launch.cogs, fees, post_ad_margin=post, launch_acos=launch.launch_acos)


ECONOMICS_ROWS = [
    ("price", "Price", "money2"),
    ("cogs", "Cost of goods", "money2"),
    ("fees", "Amazon fees (referral + FBA)", "money2"),
    ("unit_margin", "Margin per unit before ads", "money2"),
    ("break_even_acos", "Break-even ACoS", "pct"),
    ("post_ad_margin", "Target margin after ads", "pct"),
    ("target_acos", "Target ACoS (after launch)", "pct"),
    ("launch_acos", "ACoS allowed while ranking", "pct"),
    ("ad_cost_per_order_at_launch", "Ad cost per order at that ACoS", "money2"),
    ("profit_per_ad_order_at_launch", "Profit per ad order at that ACoS", "money2"),
]


def economics_display(econ: pd.Series, currency: str) -> pd.DataFrame:
    from helpers.present.formatting import formatter

    return pd.DataFrame(
        [{"Item": label, "Value": formatter(kind, currency)(econ[name])} for name, label, kind in ECONOMICS_ROWS]
    )


# -- observed rates ------------------------------------------------------------------------------------
def _before_launch(frame: pd.DataFrame | None, ctx: LaunchContext) -> pd.DataFrame:
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[c.START_DATE, c.END_DATE, *c.AD_BASES])
    return frame[frame[c.END_DATE] < pd.Timestamp(ctx.launch_date)]


def _related_groups(ctx: LaunchContext, asin: str | None) -> pd.DataFrame:
    """(campaign, ad group) pairs that advertised ``asin``."""
    ads = ctx.data.advertised_products if ctx.data is not None else None
    if asin is None or ads is None or ads.empty or c.ADVERTISED_ASIN not in ads:
        return pd.DataFrame(columns=[c.CAMPAIGN, c.AD_GROUP])
    rows = ads[ads[c.ADVERTISED_ASIN].astype(str).str.upper() == asin.upper()]
    return rows[[c.CAMPAIGN, c.AD_GROUP]].drop_duplicates()


def base_rates(ctx: LaunchContext) -> dict[str, Any]:
    """Base CPC and CVR for the ramp, with where they came from (see the module docstring).

    Returns ``{"cpc", "cvr", "source", "clicks"}``; only ads before the launch date count.
    """
    need = assumption("min_clicks_observed")
    ads = _before_launch(ctx.data.advertised_products if ctx.data is not None else None, ctx)
    related = ctx.launch.related_asin
    if related and not ads.empty and c.ADVERTISED_ASIN in ads:
        rows = ads[ads[c.ADVERTISED_ASIN].astype(str).str.upper() == related]
        clicks = float(rows[c.CLICKS].sum())
        if clicks >= need:
            return {"cpc": float(m.cpc(rows[c.SPEND].sum(), clicks)), "cvr": float(m.cvr(rows[c.ORDERS].sum(), clicks)),
                    "source": f"the related product {related} (its ads before launch)", "clicks": clicks}
    if ctx.launch.cpc is not None and ctx.launch.cvr is not None:
        return {"cpc": float(ctx.launch.cpc), "cvr": float(ctx.launch.cvr), "source": "category defaults in params",
                "clicks": 0.0}
    clicks = float(ads[c.CLICKS].sum()) if not ads.empty else 0.0
    if clicks >= need:
        cpc = float(ctx.launch.cpc) if ctx.launch.cpc is not None else float(m.cpc(ads[c.SPEND].sum(), clicks))
        cvr = float(ctx.launch.cvr) if ctx.launch.cvr is not None else float(m.cvr(ads[c.ORDERS].sum(), clicks))
        return {"cpc": cpc, "cvr": cvr, "source": "the whole account's ads before launch", "clicks": clicks}
    raise ParamsError(
        f"params key 'launches.{ctx.key}' must give cpc and cvr (category defaults) when the exports hold "
        f"fewer than {need:.0f} ad clicks to learn them from; got {clicks:.0f} clicks (in {ctx.params.source})"
    )


def velocity_goal(ctx: LaunchContext) -> tuple[float, str]:
    """Units a day the launch aims at: params, else the related product's last 90 days, else the fallback."""
    if ctx.launch.organic_units_per_day > 0:
        return float(ctx.launch.organic_units_per_day), "params (organic_units_per_day)"
    biz = ctx.data.business_asin if ctx.data is not None else None
    related = ctx.launch.related_asin
    if related and biz is not None and not biz.empty:
        start = pd.Timestamp(ctx.launch_date) - pd.Timedelta(days=90)
        rows = biz[(biz[c.CHILD_ASIN] == related) & (biz[c.START_DATE] >= start)
                   & (biz[c.END_DATE] < pd.Timestamp(ctx.launch_date))]
        if not rows.empty:
            days = (rows[c.END_DATE].max() - rows[c.START_DATE].min()).days + 1
            return float(rows[c.UNITS].sum()) / days, f"the related product {related} (last 90 days)"
    return assumption("velocity_fallback"), "a default (no goal in params, no history)"


# -- the ramp --------------------------------------------------------------------------------------------
def ramp(
    *,
    weeks: int,
    launch_date: date,
    price: float,
    cpc: float,
    cvr: float,
    launch_acos: float,
    target_acos: float,
    velocity: float,
    budget: float | None = None,
) -> pd.DataFrame:
    """Week-by-week ad plan (see the module docstring for the model).

    Columns: week, start (Monday-agnostic: launch date + 7 (w-1)), end, organic_share, cpc, cvr,
    ad_orders, organic_units, units, clicks, spend, ad_sales, acos (expected), target_acos (the
    glide path), max_cpc (bid meeting the glide path), over_glide (expected ACoS above it),
    cumulative_spend. A ``budget`` below the total spend scales clicks, spend, ad orders and ad
    sales down by ``budget / spend``.

    >>> r = ramp(weeks=8, launch_date=date(2027, 1, 11), price=30.0, cpc=1.0, cvr=0.1,
    ...          launch_acos=0.5, target_acos=0.3, velocity=10)
    >>> float(round(r["target_acos"].iloc[0], 2)), float(round(r["target_acos"].iloc[-1], 2))
    (0.5, 0.3)
    """
    w = np.arange(1, weeks + 1, dtype=float)
    frac = (w - 1) / max(weeks - 1, 1)
    full = assumption("cvr_full_week")
    settle = np.clip((w - 1) / max(full - 1, 1), 0.0, 1.0)
    organic = assumption("organic_share_start") + (assumption("organic_share_end") - assumption("organic_share_start")) * frac
    week_cvr = cvr * (assumption("cvr_start_factor") + (1 - assumption("cvr_start_factor")) * settle)
    week_cpc = cpc * (assumption("cpc_launch_premium") + (1 - assumption("cpc_launch_premium")) * settle)
    units = 7.0 * velocity * np.ones_like(w)
    ad_orders = units * (1 - organic)
    clicks = m.safe_div(ad_orders, week_cvr)
    spend = clicks * week_cpc
    scale = 1.0
    if budget is not None and spend.sum() > budget > 0:
        scale = budget / spend.sum()
    clicks, spend, ad_orders = clicks * scale, spend * scale, ad_orders * scale
    glide = launch_acos + (target_acos - launch_acos) * frac
    start = [launch_date + timedelta(days=7 * (i - 1)) for i in range(1, weeks + 1)]
    frame = pd.DataFrame(
        {
            "week": w.astype(int),
            "start": pd.to_datetime(start),
            "end": pd.to_datetime([d + timedelta(days=6) for d in start]),
            "organic_share": organic,
            "cpc": week_cpc,
            "cvr": week_cvr,
            "ad_orders": ad_orders,
            "organic_units": units * organic,
            "units": ad_orders + units * organic,
            "clicks": clicks,
            "spend": spend,
            "ad_sales": ad_orders * price,
        }
    )
    frame["acos"] = m.acos(frame["spend"], frame["ad_sales"])
    frame["target_acos"] = glide
    frame["max_cpc"] = glide * week_cvr * price
    frame["over_glide"] = frame["acos"] > frame["target_acos"] + 1e-12
    frame["cumulative_spend"] = frame["spend"].cumsum()
    return frame


def plan(ctx: LaunchContext) -> pd.DataFrame:
    """The launch's :func:`ramp` from its params and :func:`base_rates`."""
    econ = economics(ctx)
    rates = base_rates(ctx)
    goal, _ = velocity_goal(ctx)
    return ramp(
        weeks=ctx.launch.weeks, launch_date=ctx.launch_date, price=ctx.launch.price, cpc=rates["cpc"],
        cvr=rates["cvr"], launch_acos=econ["launch_acos"], target_acos=econ["target_acos"], velocity=goal,
        budget=ctx.launch.budget,
    )


RAMP_COLUMNS = ["week", "start", "spend", "clicks", "ad_orders", "organic_units", "cpc", "cvr", "acos",
                "target_acos", "max_cpc"]
RAMP_FORMATS = {"spend": "money", "clicks": "count", "ad_orders": "count", "organic_units": "count", "cpc": "money2",
                "cvr": "pct", "acos": "pct", "target_acos": "pct", "max_cpc": "money2", "week": "count"}
RAMP_LABELS = {"week": "Week", "start": "Starts", "spend": "Budget", "clicks": "Clicks", "ad_orders": "Ad orders",
               "organic_units": "Organic", "cpc": "CPC", "cvr": "CVR", "acos": "Exp. ACoS",
               "target_acos": "Target ACoS", "max_cpc": "Max bid"}


def ramp_display(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[RAMP_COLUMNS].copy()
    out["start"] = out["start"].dt.strftime("%-m/%-d")
    return out


def budget_summary(frame: pd.DataFrame, econ: pd.Series) -> dict[str, float]:
    """Totals of the ramp: spend, ad orders, ad sales, ACoS, and the margin the ads consume."""
    spend = float(frame["spend"].sum())
    ad_sales = float(frame["ad_sales"].sum())
    units = float(frame["units"].sum())
    margin = units * float(econ["unit_margin"])
    return {
        "budget": spend,
        "ad_orders": float(frame["ad_orders"].sum()),
        "units": units,
        "ad_sales": ad_sales,
        "acos": float(m.acos(spend, ad_sales)),
        "margin_before_ads": margin,
        "margin_after_ads": margin - spend,
    }


def sensitivity(ctx_or_frame: Any = None, *, price: float, cpc: float, cvr: float, ad_orders: float,
                unit_margin: float, change: float | None = None) -> pd.DataFrame:
    """ACoS, budget and profit per ad order when CPC and CVR move by ±``change`` (default 20 %).

    For the same ``ad_orders``: ``clicks = orders / CVR``, ``budget = clicks x CPC``,
    ``ACoS = CPC / (CVR x price)``, ``profit per ad order = unit_margin - CPC / CVR``.
    Rows: base, CVR −/+, CPC −/+, worst (CVR − and CPC +), best (CVR + and CPC −).
    """
    d = assumption("sensitivity") if change is None else change
    cases = [
        ("Plan", 1.0, 1.0),
        (f"CVR -{d:.0%}", 1.0, 1 - d),
        (f"CVR +{d:.0%}", 1.0, 1 + d),
        (f"CPC -{d:.0%}", 1 - d, 1.0),
        (f"CPC +{d:.0%}", 1 + d, 1.0),
        ("Worst: CVR down, CPC up", 1 + d, 1 - d),
        ("Best: CVR up, CPC down", 1 - d, 1 + d),
    ]
    rows = []
    for name, k_cpc, k_cvr in cases:
        s_cpc, s_cvr = cpc * k_cpc, cvr * k_cvr
        cost_per_order = float(m.safe_div(s_cpc, s_cvr))
        rows.append({"scenario": name, "cpc": s_cpc, "cvr": s_cvr, "acos": float(m.safe_div(cost_per_order, price)),
                     "budget": ad_orders * cost_per_order, "profit_per_ad_order": unit_margin - cost_per_order})
    return pd.DataFrame(rows)


SENSITIVITY_FORMATS = {"cpc": "money2", "cvr": "pct", "acos": "pct", "budget": "money", "profit_per_ad_order": "money2"}
SENSITIVITY_LABELS = {"scenario": "Scenario", "cpc": "CPC", "cvr": "CVR", "acos": "ACoS", "budget": "Budget",
                      "profit_per_ad_order": "Profit per ad order"}


def plan_sensitivity(ctx: LaunchContext, frame: pd.DataFrame, econ: pd.Series) -> pd.DataFrame:
    """:func:`sensitivity` around the ramp's own CPC and CVR (from its summed spend, clicks, orders)."""
    clicks = frame["clicks"].sum()
    return sensitivity(price=ctx.launch.price, cpc=float(m.cpc(frame["spend"].sum(), clicks)),
                       cvr=float(m.cvr(frame["ad_orders"].sum(), clicks)),
                       ad_orders=float(frame["ad_orders"].sum()), unit_margin=float(econ["unit_margin"]))


# -- keyword seeding and campaign structure -------------------------------------------------------------
_STOP = {"for", "with", "and", "the", "a", "of", "oz", "in", "to"}


def _words(text: str) -> set[str]:
    from helpers.measures.search_terms import normalize_term

    return {w for w in normalize_term(text).split() if w not in _STOP and not w.isdigit()}


def _relevant(words: set[str], seeds: list[set[str]]) -> bool:
    """Whether a term shares two words with a seed keyword (all of a one-word seed)."""
    return any(len(words & seed) >= min(2, len(seed)) for seed in seeds if seed)


def seed_terms(ctx: LaunchContext) -> pd.DataFrame:
    """Candidate keywords with their history before launch: search terms from the related product's
    ad groups, the account's terms that share two words with a seed keyword (or the title), and the seed
    keywords themselves (zero history when new). Branded terms, product-page (ASIN) terms and terms
    with ``wasted_spend_min_clicks`` clicks and no order are left out.
    Columns: search_term, source, impressions, clicks, spend, sales, orders, units, cpc, cvr, acos."""
    from helpers.measures.search_terms import classify_terms, normalize_term

    launch = ctx.launch
    st = _before_launch(ctx.data.search_terms if ctx.data is not None else None, ctx)
    cols = [c.SEARCH_TERM, "source", *c.AD_BASES]
    frames = []
    if not st.empty and c.SEARCH_TERM in st:
        st = st.assign(**{c.SEARCH_TERM: st[c.SEARCH_TERM].map(normalize_term)})
        groups = _related_groups(ctx, launch.related_asin)
        related = st.merge(groups, on=[c.CAMPAIGN, c.AD_GROUP]) if not groups.empty else st.iloc[0:0]
        seeds = [_words(k) for k in launch.keywords] or [_words(launch.title)]
        shares = st[c.SEARCH_TERM].map(lambda t: _relevant(_words(t), seeds))
        for name, rows in (("related product", related), ("account history", st[shares])):
            if not rows.empty:
                frames.append(rows.groupby(c.SEARCH_TERM)[list(c.AD_BASES)].sum().reset_index().assign(source=name))
    history = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    history = history.drop_duplicates(c.SEARCH_TERM, keep="first")
    new = [k for k in (normalize_term(k) for k in launch.keywords) if k not in set(history[c.SEARCH_TERM])]
    seeds_frame = pd.DataFrame({c.SEARCH_TERM: new, "source": "seed list"})
    for base in c.AD_BASES:
        seeds_frame[base] = 0.0
    terms = pd.concat([history[cols], seeds_frame[cols]], ignore_index=True) if new else history[cols].copy()
    if terms.empty:
        return terms.assign(cpc=pd.Series(dtype=float), cvr=pd.Series(dtype=float), acos=pd.Series(dtype=float))
    kind = classify_terms(terms[c.SEARCH_TERM], brand_terms=ctx.params.brand_terms,
                          competitor_terms=ctx.params.competitor_terms)
    wasted = (terms[c.CLICKS] >= ctx.params.settings.wasted_spend_min_clicks) & (terms[c.ORDERS].fillna(0) == 0)
    terms = terms[(kind != "branded") & (kind != "asin") & ~wasted].reset_index(drop=True)
    terms["cpc"] = m.cpc(terms[c.SPEND], terms[c.CLICKS])
    terms["cvr"] = m.cvr(terms[c.ORDERS], terms[c.CLICKS])
    terms["acos"] = m.acos(terms[c.SPEND], terms[c.SALES])
    return terms.sort_values([c.SALES, c.SPEND], ascending=False, kind="stable").reset_index(drop=True)


def keyword_clusters(terms: pd.DataFrame, *, max_clusters: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(terms with ``cluster``/``cluster_name``, one row per cluster) via :mod:`helpers.measures.search_terms`."""
    from helpers.measures.search_terms import cluster_summary, cluster_terms

    if terms.empty:
        return terms.assign(cluster=pd.Series(dtype="int64"), cluster_name=pd.Series(dtype=object)), pd.DataFrame(
            columns=["cluster", "cluster_name", "terms", *c.AD_BASES, "acos", "cvr", "cpc"])
    weighted = terms.assign(weight=terms[c.SPEND].fillna(0) + 0.01)  # seed keywords without history still count
    clustered = cluster_terms(weighted, text=c.SEARCH_TERM, weight="weight", min_clusters=2,
                              max_clusters=min(max_clusters, max(2, len(terms) // 3)), random_state=0)
    return clustered.drop(columns=["weight"]), cluster_summary(clustered, text=c.SEARCH_TERM)


CLUSTER_FORMATS = {"terms": "count", "clicks": "count", "spend": "money", "sales": "money", "orders": "count",
                   "acos": "pct", "cvr": "pct", "cpc": "money2"}
CLUSTER_COLUMNS = ["cluster_name", "terms", "clicks", "spend", "sales", "orders", "acos", "cvr", "cpc"]
CLUSTER_LABELS = {"cluster_name": "Cluster (top term)", "terms": "Terms", "clicks": "Clicks", "spend": "Spend",
                  "sales": "Ad sales", "orders": "Orders", "acos": "ACoS", "cvr": "CVR", "cpc": "CPC"}


def _short_name(title: str) -> str:
    words = [w for w in title.replace(",", " ").split() if w.lower() not in {"acme", "trail"}]
    return " ".join(words[:3]) or "Launch"


def hero_terms(clustered: pd.DataFrame, keywords: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """The exact-match hero terms: the seed keywords first (the account manager's choice), then the
    terms with the most ad sales and clicks, at most ``hero_terms``."""
    if clustered.empty:
        return clustered
    seeded = clustered[c.SEARCH_TERM].isin(list(keywords))
    order = clustered.assign(_seed=seeded).sort_values(["_seed", c.SALES, c.CLICKS], ascending=False, kind="stable")
    return order.drop(columns=["_seed"]).head(int(assumption("hero_terms")))


def campaign_structure(ctx: LaunchContext, clustered: pd.DataFrame, frame: pd.DataFrame) -> pd.DataFrame:
    """The launch's Sponsored Products structure with starting bids and daily budgets (week 1).

    * **Auto**: close-match/loose-match, bid ``auto_bid_factor`` x week-1 CPC;
    * **Exact (hero terms)**: :func:`hero_terms`, bid
      at the term's observed CPC x the launch premium (else the week-1 CPC), capped at week 1's
      max bid;
    * **Phrase/Broad discovery**: each cluster's name as a phrase keyword, the other seed keywords broad;
    * **Product targeting**: the competitor ASINs.
    Daily budgets split week 1's budget by :data:`BUDGET_SPLIT`.
    """
    name = _short_name(ctx.launch.title)
    week1 = frame.iloc[0]
    cap = float(week1["max_cpc"])
    base = float(week1["cpc"])
    premium = assumption("cpc_launch_premium")
    daily = float(week1["spend"]) / 7.0
    share = dict(zip(BUDGET_SPLIT["campaign_type"], BUDGET_SPLIT["share"], strict=True))
    rows = []

    def add(kind: str, group: str, target: str, match: str, bid: float) -> None:
        rows.append({"campaign_type": kind, "campaign": f"SP | {name} | Launch {kind.split(' ')[0]}",
                     "ad_group": group, "target": target, "match_type": match, "bid": round(min(bid, cap), 2)})

    add("Auto", "Auto", "close-match + loose-match", "auto", assumption("auto_bid_factor") * base)
    heroes = hero_terms(clustered, ctx.launch.keywords)
    for row in heroes.itertuples(index=False):
        observed = row.cpc
        bid = observed * premium if isinstance(observed, float) and math.isfinite(observed) else base
        add("Exact (hero terms)", "Hero terms", getattr(row, c.SEARCH_TERM), "exact", bid)
    hero_set = set(heroes[c.SEARCH_TERM]) if not heroes.empty else set()
    names = list(dict.fromkeys(clustered["cluster_name"])) if not clustered.empty else []
    for cluster in names:
        add("Phrase/Broad discovery", f"Cluster: {cluster}", cluster, "phrase", base)
    for keyword in ctx.launch.keywords:
        if keyword not in hero_set and keyword not in names:
            add("Phrase/Broad discovery", "Seed keywords", keyword, "broad", base * 0.9)
    for asin in ctx.launch.competitor_asins:
        add("Product targeting", "Competitor ASINs", f'asin="{asin}"', "product", base)
    table = pd.DataFrame(rows)
    counts = table.groupby("campaign_type")["campaign"].transform("size")
    table["daily_budget"] = table["campaign_type"].map(share).fillna(0) * daily / counts
    return table


def campaign_summary(structure: pd.DataFrame) -> pd.DataFrame:
    """One row per campaign: targets, bid range, daily budget."""
    g = structure.groupby(["campaign_type", "campaign"], sort=False)
    out = g.agg(targets=("target", "size"), min_bid=("bid", "min"), max_bid=("bid", "max"),
                daily_budget=("daily_budget", "sum")).reset_index()
    return out


STRUCTURE_FORMATS = {"bid": "money2", "daily_budget": "money2", "min_bid": "money2", "max_bid": "money2",
                     "targets": "count"}
STRUCTURE_LABELS = {"campaign_type": "Type", "campaign": "Campaign", "ad_group": "Ad group", "target": "Target",
                    "match_type": "Match", "bid": "Start bid", "daily_budget": "Daily budget", "targets": "Targets",
                    "min_bid": "Lowest bid", "max_bid": "Highest bid"}


# -- inventory --------------------------------------------------------------------------------------------
def inventory_plan(
    frame: pd.DataFrame,
    *,
    launch_date: date,
    stock_on_hand: int,
    inbound: list[tuple[date, int]] | tuple = (),
    lead_time_days: int,
    safety_days: int,
) -> dict[str, Any]:
    """Stock through the ramp: units needed, safety stock, reorder date and the stock-out warning.

    Daily demand = the ramp week's ``units / 7``; after the ramp the last week's rate continues.
    ``safety_stock = safety_days x daily rate`` (end-of-ramp rate); ``reorder_point = (lead_time_days
    + safety_days) x daily rate``. Stock starts at ``stock_on_hand`` on the launch date; an inbound
    shipment adds its units on its arrival day (earlier arrivals count on launch day). The
    **reorder date** is the first day stock falls to the reorder point (a purchase order that day
    arrives as the safety stock starts to be used); the **stock-out date** the first day stock
    cannot cover the day's demand, within the ramp or the lead time after it.
    """
    rate_end = float(frame["units"].iloc[-1]) / 7.0
    ramp_days = 7 * len(frame)
    horizon = ramp_days + lead_time_days + safety_days
    daily = np.repeat(frame["units"].to_numpy(dtype=float) / 7.0, 7)
    daily = np.concatenate([daily, np.full(horizon - ramp_days, rate_end)])
    arrivals = np.zeros(horizon)
    for arrives, units in inbound:
        arrivals[max((arrives - launch_date).days, 0)] += units if (arrives - launch_date).days < horizon else 0
    stock = float(stock_on_hand)
    level = np.zeros(horizon)
    stockout = None
    reorder = None
    reorder_point = (lead_time_days + safety_days) * rate_end
    for day in range(horizon):
        stock += arrivals[day]
        if stockout is None and stock < daily[day] - 1e-9:
            stockout = launch_date + timedelta(days=day)
        stock = max(stock - daily[day], 0.0)
        level[day] = stock
        future = arrivals[day + 1:].sum()
        if reorder is None and stock + future <= reorder_point:
            reorder = launch_date + timedelta(days=day)
    needed = float(daily[:ramp_days].sum())
    supply = float(stock_on_hand) + float(sum(u for _, u in inbound))
    ramp_end = launch_date + timedelta(days=ramp_days - 1)
    return {
        "units_ramp": needed,
        "daily_rate_end": rate_end,
        "safety_stock": safety_days * rate_end,
        "lead_time_units": lead_time_days * rate_end,
        "units_needed": needed + (lead_time_days + safety_days) * rate_end,
        "supply": supply,
        "shortfall": max(needed + (lead_time_days + safety_days) * rate_end - supply, 0.0),
        "reorder_point": reorder_point,
        "reorder_date": reorder,
        "stockout_date": stockout,
        "ramp_end": ramp_end,
        "stockout_in_ramp": stockout is not None and stockout <= ramp_end,
        "levels": pd.DataFrame({"date": pd.date_range(launch_date, periods=horizon, freq="D"), "stock": level}),
    }


def inventory(ctx: LaunchContext, frame: pd.DataFrame) -> dict[str, Any]:
    launch = ctx.launch
    return inventory_plan(frame, launch_date=ctx.launch_date, stock_on_hand=launch.stock_on_hand,
                          inbound=[(s.arrives, s.units) for s in launch.inbound],
                          lead_time_days=launch.lead_time_days, safety_days=launch.safety_days)


def inventory_table(stock: dict[str, Any], currency: str) -> pd.DataFrame:
    from helpers.present.formatting import count

    def day(d: date | None) -> str:
        return "—" if d is None else f"{d:%b %-d, %Y}"

    rows = [
        ("Units sold through the ramp", count(stock["units_ramp"])),
        ("Safety stock", count(stock["safety_stock"])),
        ("Units sold during the reorder lead time", count(stock["lead_time_units"])),
        ("Units needed (ramp + lead time + safety)", count(stock["units_needed"])),
        ("Stock on hand + inbound", count(stock["supply"])),
        ("Shortfall", count(stock["shortfall"])),
        ("Reorder point (units)", count(stock["reorder_point"])),
        ("Reorder by", day(stock["reorder_date"])),
        ("Planned stock runs out", day(stock["stockout_date"]) if stock["stockout_date"] else "not within the plan"),
    ]
    return pd.DataFrame(rows, columns=["Item", "Value"])


def inventory_notes(stock: dict[str, Any], *, today: date | None = None) -> list[str]:
    notes = []
    if stock["stockout_in_ramp"]:
        notes.append(
            f"Warning: planned stock runs out on {stock['stockout_date']:%b %-d, %Y}, before the ramp ends on "
            f"{stock['ramp_end']:%b %-d}. A stock-out in a launch loses the rank the ads bought: ship more or "
            f"slow the ramp."
        )
    elif stock["stockout_date"] is not None:
        notes.append(f"Stock lasts through the ramp but runs out on {stock['stockout_date']:%b %-d, %Y} "
                     "unless the reorder below is placed.")
    if stock["reorder_date"] is not None:
        when = stock["reorder_date"]
        late = today is not None and when < today
        notes.append(f"Place the next purchase order by {when:%b %-d, %Y} ({stock['reorder_point']:,.0f} units left)"
                     + (" — that date has passed: order now." if late else "."))
    if stock["shortfall"] > 0:
        notes.append(f"Stock on hand and inbound fall {stock['shortfall']:,.0f} units short of the ramp plus lead time "
                     "and safety stock.")
    return notes or ["Planned stock covers the ramp, the reorder lead time and the safety stock."]


# -- timeline ---------------------------------------------------------------------------------------------
def timeline(launch_date: date, *, weeks: int, lead_time_days: int, delivery_days: int | None = None) -> pd.DataFrame:
    """Dated launch tasks from :data:`TASKS` and :data:`RULES` (start/end inclusive, ``milestone`` when one day).

    The purchase order starts ``lead_time_days`` before the stock must be at FBA; the ad ramp lasts
    ``weeks`` weeks; the Request a Review window opens ``min_days`` after the first deliveries
    (launch + ``delivery_days``) and closes ``max_days`` after them.
    """
    delivery = int(assumption("delivery_days")) if delivery_days is None else delivery_days
    rows = []
    for task in TASKS.itertuples(index=False):
        start, end = task.start_day, task.end_day
        if task.rule == "lead":
            start = end - lead_time_days + 1
        elif task.rule == "ramp":
            end = 7 * weeks - 1
        elif task.rule == "review":
            start = delivery + int(rule("request_review", "min_days"))
            end = delivery + int(rule("request_review", "max_days"))
        first = launch_date + timedelta(days=int(start))
        last = launch_date + timedelta(days=int(end))
        rows.append({"task": task.task, "phase": task.phase, "start": pd.Timestamp(first), "end": pd.Timestamp(last),
                     "milestone": first == last})
    return pd.DataFrame(rows)


def timeline_display(tasks: pd.DataFrame) -> pd.DataFrame:
    out = tasks[["task", "phase"]].copy()
    out["when"] = [f"{s:%b %-d, %Y}" if ms else f"{s:%b %-d} – {e:%b %-d, %Y}"
                   for s, e, ms in zip(tasks["start"], tasks["end"], tasks["milestone"], strict=True)]
    return out


def review_plan(ctx: LaunchContext, frame: pd.DataFrame) -> dict[str, Any]:
    """Vine units and fee, and planned cumulative reviews per ramp week.

    Vine: ``min(review_goal, vine max_units)`` units; reviews arrive over weeks 1–4
    (``vine_review_share`` of the units). Request a Review adds ``review_rate`` x orders delivered
    at least ``min_days`` before the week ends.
    """
    units = min(int(ctx.launch.review_goal), int(rule("vine", "max_units")))
    vine_reviews = units * assumption("vine_review_share")
    weeks = frame["week"].to_numpy()
    vine = vine_reviews * np.clip(weeks / 4.0, 0, 1)
    orders = (frame["ad_orders"] + frame["organic_units"]).to_numpy()
    lag_weeks = (assumption("delivery_days") + rule("request_review", "min_days")) / 7.0
    delivered = np.interp(weeks - lag_weeks, weeks, np.cumsum(orders), left=0.0)
    planned = np.minimum(vine + assumption("review_rate") * delivered, max(ctx.launch.review_goal, vine_reviews))
    goal_week = next((int(w) for w, r in zip(weeks, planned, strict=True) if r >= ctx.launch.review_goal), None)
    return {"vine_units": units, "vine_fee": float(rule("vine", "fee")), "vine_reviews": vine_reviews,
            "weekly": pd.DataFrame({"week": weeks, "end": frame["end"], "reviews": planned}), "goal_week": goal_week}


def review_notes(ctx: LaunchContext, reviews: dict[str, Any]) -> list[str]:
    cur = ctx.currency
    goal_week = reviews["goal_week"]
    return [
        f"Enrol {reviews['vine_units']} units in Vine (needs {rule('vine', 'requires')}, and fewer than "
        f"{rule('vine', 'max_reviews')} reviews on the parent); the fee is {money(reviews['vine_fee'], cur, decimals=0)} "
        "per parent ASIN, charged on the first review.",
        f"Send Request a Review on every order {rule('request_review', 'min_days')}–{rule('request_review', 'max_days')} "
        "days after delivery (one request per order).",
        (f"The plan reaches the goal of {ctx.launch.review_goal} reviews in week {goal_week}." if goal_week else
         f"The plan expects about {reviews['weekly']['reviews'].iloc[-1]:.0f} reviews by the end of the ramp, short of "
         f"the goal of {ctx.launch.review_goal}: check the count at the week-4 checkpoint and keep Request a Review "
         "on every order."),
    ]


# -- after launch: actual against plan ---------------------------------------------------------------------
def actual_weekly(ctx: LaunchContext) -> pd.DataFrame:
    """The product's ads per launch week (full weeks only): spend, clicks, orders, ad sales, ACoS, CVR, CPC."""
    cols = ["week", "start", c.SPEND, c.CLICKS, c.ORDERS, c.SALES, "acos", "cvr", "cpc"]
    ads = ctx.data.advertised_products if ctx.data is not None else None
    if ads is None or ads.empty or not ctx.launched:
        return pd.DataFrame(columns=cols)
    asin, sku = (ctx.asin or "").upper(), (ctx.sku or "").upper()
    mine = ads[(ads[c.ADVERTISED_ASIN].astype(str).str.upper() == asin)
               | (ads[c.ADVERTISED_SKU].astype(str).str.upper() == sku)]
    mine = mine[(mine[c.START_DATE] == mine[c.END_DATE]) & (mine[c.START_DATE] >= pd.Timestamp(ctx.launch_date))]
    if mine.empty:
        return pd.DataFrame(columns=cols)
    week = (mine[c.START_DATE] - pd.Timestamp(ctx.launch_date)).dt.days // 7 + 1
    table = m.summarize(mine.assign(week=week), by="week", bases=[c.SPEND, c.CLICKS, c.ORDERS, c.SALES])
    full_weeks = (ctx.last_day - ctx.launch_date).days + 1
    table = table[table["week"] <= full_weeks // 7]
    table["start"] = pd.to_datetime([ctx.launch_date + timedelta(days=7 * (int(w) - 1)) for w in table["week"]])
    return table[cols].reset_index(drop=True)


def actual_totals(ctx: LaunchContext, weeks: int) -> dict[str, float]:
    """Since launch through the last full week: total sales and units from the Business Report by child
    (months since launch), organic share = 1 − ad sales ÷ total sales (whole months in the data)."""
    biz = ctx.data.business_asin if ctx.data is not None else None
    ads = ctx.data.advertised_products if ctx.data is not None else None
    out = {"total_sales": math.nan, "total_units": math.nan, "organic_share": math.nan, "ad_sales_all": math.nan}
    if biz is None or biz.empty or ctx.asin is None:
        return out
    rows = biz[(biz[c.CHILD_ASIN] == ctx.asin) & (biz[c.END_DATE] >= pd.Timestamp(ctx.launch_date))]
    if rows.empty:
        return out
    first, last = rows[c.START_DATE].min(), rows[c.END_DATE].max()
    total = float(rows[c.SALES].sum())
    mine = ads[(ads[c.ADVERTISED_ASIN] == ctx.asin) & (ads[c.START_DATE] >= first) & (ads[c.END_DATE] <= last)]
    ad_sales = float(mine[c.SALES].sum())
    out.update(total_sales=total, total_units=float(rows[c.UNITS].sum()), ad_sales_all=ad_sales,
               organic_share=float(1 - m.safe_div(ad_sales, total)), through=last.date())
    return out


def latest_reviews(ctx: LaunchContext) -> tuple[date | None, int | None]:
    if not ctx.launch.reviews:
        return None, None
    day = max(ctx.launch.reviews)
    return day, int(ctx.launch.reviews[day])


def plan_vs_actual(ctx: LaunchContext, frame: pd.DataFrame, actual: pd.DataFrame,
                   reviews: dict[str, Any]) -> pd.DataFrame:
    """Plan against actual over the full weeks since launch: spend, ad orders, ACoS, CVR, CPC,
    organic share and reviews. Columns: metric, label, format, plan, actual, gap (actual − plan;
    percentage points for rates), direction."""
    n = len(actual)
    p = frame[frame["week"] <= n]
    a_sum = actual[[c.SPEND, c.CLICKS, c.ORDERS, c.SALES]].astype(float).sum(min_count=1) if n else pd.Series(dtype=float)
    totals = actual_totals(ctx, n)
    planned_share = float(m.safe_div((p["organic_units"]).sum(), p["units"].sum())) if n else math.nan
    day, count = latest_reviews(ctx)
    planned_reviews = math.nan
    if day is not None:
        weekly = reviews["weekly"]
        weeks_in = (day - ctx.launch_date).days / 7.0
        planned_reviews = float(np.interp(weeks_in, np.r_[0, weekly["week"]], np.r_[0, weekly["reviews"]]))
    rows = [
        ("spend", "Ad spend", "money", float(p["spend"].sum()), float(a_sum.get(c.SPEND, math.nan)), "neutral"),
        ("ad_orders", "Ad orders", "count", float(p["ad_orders"].sum()), float(a_sum.get(c.ORDERS, math.nan)), "higher"),
        ("acos", "ACoS", "pct", float(m.acos(p["spend"].sum(), p["ad_sales"].sum())),
         float(m.acos(a_sum.get(c.SPEND, math.nan), a_sum.get(c.SALES, math.nan))), "lower"),
        ("cvr", "Ad conversion rate", "pct", float(m.cvr(p["ad_orders"].sum(), p["clicks"].sum())),
         float(m.cvr(a_sum.get(c.ORDERS, math.nan), a_sum.get(c.CLICKS, math.nan))), "higher"),
        ("cpc", "CPC", "money2", float(m.cpc(p["spend"].sum(), p["clicks"].sum())),
         float(m.cpc(a_sum.get(c.SPEND, math.nan), a_sum.get(c.CLICKS, math.nan))), "lower"),
        ("organic_share", "Organic share of sales", "pct", planned_share, totals["organic_share"], "higher"),
        ("reviews", "Reviews" + (f" ({day:%b %-d})" if day else ""), "count", planned_reviews,
         float(count) if count is not None else math.nan, "higher"),
    ]
    table = pd.DataFrame(rows, columns=["metric", "label", "format", "plan", "actual", "direction"])
    is_rate = table["format"] == "pct"
    table["gap"] = np.where(is_rate, table["actual"] - table["plan"], m.relative_change(table["actual"], table["plan"]))
    return table


def comparison_display(table: pd.DataFrame, currency: str) -> pd.DataFrame:
    from helpers.present.formatting import formatter

    rows = []
    for r in table.itertuples(index=False):
        value = formatter(r.format, currency)
        gap = formatter("pts" if r.format == "pct" else "pct_signed")
        rows.append({"Metric": r.label, "Plan": value(r.plan), "Actual": value(r.actual), "Gap": gap(r.gap)})
    return pd.DataFrame(rows)


def comparison_classes(table: pd.DataFrame) -> dict[str, list[str | None]]:
    out = []
    for gap, direction in zip(table["gap"], table["direction"], strict=True):
        if direction == "neutral" or not (isinstance(gap, float) and math.isfinite(gap)) or abs(gap) < 1e-9:
            out.append(None)
        else:
            out.append("good" if (gap > 0) == (direction == "higher") else "bad")
    return {"Gap": out}


#: What to change after launch: (metric, when the gap is, threshold, advice). Gaps are actual − plan
#: (points for rates, relative for amounts).
ADVICE = pd.DataFrame(
    [
        ("acos", "above", 0.05, "ACoS runs {gap} over plan: cut bids on terms above the launch ACoS of {launch_acos} "
         "and move their budget to the hero exact terms."),
        ("cvr", "below", 0.02, "Conversion is {gap} under plan: check the main image, price and reviews before buying "
         "more clicks."),
        ("cpc", "above", 0.20, "CPC is {gap} over plan: bids run above the max bid of the glide path — bring them "
         "back to it week by week."),
        ("spend", "below", 0.20, "Spend is {gap} under plan: bids are too low to win impressions — raise the hero "
         "exact bids towards the max bid."),
        ("spend", "above", 0.20, "Spend is {gap} over plan: lower budgets on discovery campaigns and add negatives."),
        ("ad_orders", "below", 0.20, "Ad orders are {gap} under plan: velocity is behind — keep ads on until rank holds."),
        ("organic_share", "below", 0.10, "Organic share is {gap} under plan: the product is not ranking yet — keep "
         "spend on the hero terms rather than cutting it."),
        ("reviews", "below", 0.25, "Reviews are {gap} behind plan: confirm Vine units were shipped and Request a Review "
         "runs on every order."),
    ],
    columns=["metric", "when", "threshold", "advice"],
)


def recommendations(table: pd.DataFrame, econ: pd.Series) -> list[str]:
    """Advice from :data:`ADVICE` whose condition holds, in table order."""
    gaps = table.set_index("metric")
    out = []
    for rule_row in ADVICE.itertuples(index=False):
        if rule_row.metric not in gaps.index:
            continue
        row = gaps.loc[rule_row.metric]
        gap = row["gap"]
        if not (isinstance(gap, float) and math.isfinite(gap)):
            continue
        hit = gap > rule_row.threshold if rule_row.when == "above" else gap < -rule_row.threshold
        if hit:
            shown = f"{abs(gap) * 100:.1f} pts" if row["format"] == "pct" else f"{abs(gap):.0%}"
            out.append(rule_row.advice.format(gap=shown, launch_acos=pct(econ["launch_acos"])))
    return out or ["The launch is tracking the plan: keep the ramp as planned and review again at the next checkpoint."]


# -- narrative --------------------------------------------------------------------------------------------
def cover_subtitle(ctx: LaunchContext) -> str:
    return f"{ctx.launch.title} — launch {ctx.launch_date:%B %-d, %Y}"


def report_key(ctx: LaunchContext) -> str:
    return f"launch-{ctx.key.lower()}"


def headlines(ctx: LaunchContext, econ: pd.Series, frame: pd.DataFrame, stock: dict[str, Any]) -> list[str]:
    cur = ctx.currency
    total = budget_summary(frame, econ)
    status = (f"Live since {ctx.launch_date:%b %-d, %Y}; data through {ctx.last_day:%b %-d, %Y}." if ctx.launched
              else f"Launches on {ctx.launch_date:%b %-d, %Y}.")
    lines = [
        status,
        f"Each unit leaves {money(econ['unit_margin'], cur, decimals=2)} before ads: break-even ACoS "
        f"{pct(econ['break_even_acos'])}, target ACoS {pct(econ['target_acos'])} after the launch.",
        f"The {len(frame)}-week ramp spends {money(total['budget'], cur)} for about {total['ad_orders']:,.0f} ad orders "
        f"at {pct(total['acos'])} ACoS, gliding from {pct(econ['launch_acos'])} to {pct(econ['target_acos'])}.",
    ]
    if stock["stockout_in_ramp"]:
        lines.append(f"Stock runs out on {stock['stockout_date']:%b %-d}, before the ramp ends: fix supply first.")
    elif stock["reorder_date"] is not None:
        lines.append(f"Reorder by {stock['reorder_date']:%b %-d, %Y} to stay in stock after the ramp.")
    return lines


def rates_note(ctx: LaunchContext) -> str:
    rates = base_rates(ctx)
    goal, source = velocity_goal(ctx)
    return (f"Base CPC {money(rates['cpc'], ctx.currency, decimals=2)} and CVR {pct(rates['cvr'])} come from "
            f"{rates['source']}; the velocity goal of {goal:.1f} units a day comes from {source}. Week 1 bids run "
            f"{assumption('cpc_launch_premium') - 1:.0%} above the base CPC and CVR starts at "
            f"{assumption('cvr_start_factor'):.0%} of it (no reviews yet).")


def assumptions_table() -> pd.DataFrame:
    out = ASSUMPTIONS.reset_index()[["name", "value", "meaning"]]
    out["value"] = out["value"].map(lambda v: f"{v:g}")
    return out.rename(columns={"name": "Assumption", "value": "Value", "meaning": "Meaning"})


def rules_table() -> pd.DataFrame:
    out = RULES.copy()
    out["value"] = out["value"].map(lambda v: f"{v:g}" if isinstance(v, float | int) else str(v))
    return out.rename(columns={"program": "Program", "rule": "Rule", "value": "Value", "meaning": "Meaning",
                               "source": "Source"})


def record_plan(frame: pd.DataFrame) -> dict[str, Any]:
    return {"weeks": len(frame), "spend": frame["spend"].tolist(), "ad_orders": frame["ad_orders"].tolist(),
            "target_acos": frame["target_acos"].tolist(), "acos": frame["acos"].tolist()}


def record_stock(stock: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in stock.items() if k != "levels"}


def record_comparison(table: pd.DataFrame) -> dict[str, Any]:
    return {r.metric: {"plan": r.plan, "actual": r.actual, "gap": r.gap} for r in table.itertuples(index=False)}


def ramp_with_actual(frame: pd.DataFrame, actual: pd.DataFrame) -> pd.DataFrame:
    """The ramp with ``actual_spend`` and ``actual_acos`` per week (NaN for weeks not yet run)."""
    cols = actual[["week", c.SPEND, "acos"]].rename(columns={c.SPEND: "actual_spend", "acos": "actual_acos"})
    return frame.merge(cols.astype({"week": frame["week"].dtype}), on="week", how="left")


def after_launch_text(ctx: LaunchContext, actual: pd.DataFrame) -> str:
    if not ctx.launched:
        return (f"The product has not launched yet (the exports end on {ctx.last_day:%b %-d, %Y})." if ctx.last_day
                else "The product has not launched yet.") + (
            " This chapter compares actual with plan once the exports reach past the launch date; the plan column "
            "shows what each checkpoint will be measured against over the first 4 weeks.")
    return (f"{len(actual)} full weeks since launch (data through {ctx.last_day:%b %-d, %Y}) against the same weeks "
            "of the plan. Organic share uses the Business Report by child item for the months since launch; "
            "reviews come from the counts noted in the params.")


def plan_only(frame: pd.DataFrame, weeks: int = 4) -> pd.DataFrame:
    """The first ``weeks`` weeks of the plan in place of actuals (plan mode)."""
    cols = ["week", "start", c.SPEND, c.CLICKS, c.ORDERS, c.SALES, "acos", "cvr", "cpc"]
    out = frame[frame["week"] <= weeks].rename(columns={"ad_orders": c.ORDERS, "ad_sales": c.SALES})
    return out.assign(**{col: np.nan for col in (c.SPEND, c.CLICKS, c.ORDERS, c.SALES, "acos", "cvr", "cpc")})[cols]


def next_steps(ctx: LaunchContext, table: pd.DataFrame, econ: pd.Series, stock: dict[str, Any],
               tasks: pd.DataFrame) -> list[str]:
    """Post-launch: :func:`recommendations`. Before launch: the next dated tasks and any stock warning."""
    if ctx.launched:
        steps = recommendations(table, econ)
        if stock["stockout_in_ramp"] or stock["shortfall"] > 0:
            steps.append(inventory_notes(stock, today=ctx.last_day)[0])
        return steps
    today = pd.Timestamp(ctx.last_day) if ctx.last_day else pd.Timestamp(ctx.launch_date) - pd.Timedelta(days=60)
    upcoming = tasks[tasks["end"] >= today].head(4)
    steps = [f"{row.task}: {row.start:%b %-d}" + ("" if row.milestone else f" – {row.end:%b %-d}") + "."
             for row in upcoming.itertuples(index=False)]
    if stock["stockout_in_ramp"] or stock["shortfall"] > 0:
        steps.append(inventory_notes(stock)[0])
    return steps


def record_timeline(tasks: pd.DataFrame) -> dict[str, Any]:
    return {r.task: {"start": r.start.date().isoformat(), "end": r.end.date().isoformat()}
            for r in tasks.itertuples(index=False)}


ACTUAL_FORMATS = {"spend": "money", "clicks": "count", "orders": "count", "sales": "money", "acos": "pct", "cvr": "pct",
                  "cpc": "money2", "week": "count"}
ACTUAL_LABELS = {"week": "Week", "start": "Starts", "spend": "Spend", "clicks": "Clicks", "orders": "Ad orders",
                 "sales": "Ad sales", "acos": "ACoS", "cvr": "CVR", "cpc": "CPC"}


def actual_display(actual: pd.DataFrame) -> pd.DataFrame:
    out = actual.copy()
    out["start"] = pd.to_datetime(out["start"]).dt.strftime("%-m/%-d")
    return out
