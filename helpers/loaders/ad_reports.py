"""Amazon's other ad reports: campaign, placement and performance over time (Sponsored Products,
Brands, Display), Sponsored Brands keyword, Sponsored Display targeting and advertised product.

Header generations, as for the Sponsored Products reports in :mod:`.ads`:

* legacy console (amazon-reports.md §2: SP campaign CSV ``Date,Start Date,End Date,Portfolio name,
  Campaign Type,…,7 Day Total Orders (#),…,7 Day Total Sales``, SP placement ``…,Bidding strategy,
  Placement,…``, SP performance over time ``Date | Clicks | Cost Per Click (CPC) | Spend``; §1.5 the SB
  keyword header ``…,Targeting,Match Type,Cost type,Impressions,…,Viewable Impressions,…``);
* the 2025+ console CSV (``Budget currency``, ``Date range``, ``Total cost``, ``Purchases``, ``Sales``;
  amazon-reports.md §1.3), whose column set is chosen by the user;
* Ads API v3 columns. Source for the SB and SD layouts, which amazon-reports.md does not list:
  Amazon Ads API documentation (mirror ``idealerror/amazon-ads-api-docs``),
  ``en-us/guides/reporting/v3/report-types/{campaign,targeting,advertised-product,placement}.md``
  — SB/SD metrics ``cost, sales, purchases, unitsSold, salesClicks, purchasesClicks,
  unitsSoldClicks, viewableImpressions, costType``; SD ``promotedAsin, promotedSku,
  targetingExpression, targetingText, bidOptimization``; SB ``keywordText, matchType``; placement
  ``placementClassification``; SP ``sales7d, purchases7d, unitsSoldClicks7d`` — and
  ``en-us/guides/reporting/v2/advertising-console.md`` (console column ↔ API metric map: SB and SD
  console reports use ``14 Day Total Sales/Orders/Units``, ``Spend``, ``Viewable Impressions``,
  ``14 Day Detail Page Views (DPV)``; SD has Campaign, Targeting, Advertised product reports; SB has
  Keyword, Campaign, Placement and Search term reports).

The ad type of a file (``SP``, ``SB``, ``SD``) goes into the ``ad_type`` column: from an ad product
column (``Campaign Type`` = ``Sponsored Products`` in the SP campaign report, ``Ad product`` in the
2025+ console) when there is one, else from headers only one ad type has (see :func:`ad_type_of`),
else from the workbook's sheet name (``Sponsored Display Campaign Rep``). When nothing tells, the
column is blank and :func:`helpers.loaders.ad_days` leaves the file out with a note.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers import columns as C
from helpers.loaders._registry import Column, ReportSpec, register
from helpers.loaders.ads import AD_COLUMNS, AD_HEAD, ad_totals, ads_layout, postprocess_ads
from helpers.loaders.sb import (
    CLICK_COLUMNS,
    COST_TYPE,
    ORDERS_CLICK,
    SALES_CLICK,
    UNITS_CLICK,
    VIEWABLE_IMPRESSIONS,
)

AD_TYPE = "ad_type"  # SP / SB / SD
AD_PRODUCT = "ad_product"  # the file's own ad product column, as written
PLACEMENT = "placement"
BIDDING_STRATEGY = "bidding_strategy"
BID_OPTIMIZATION = "bid_optimization"

AD_CAMPAIGNS = "ad_campaigns"
AD_PLACEMENTS = "ad_placements"
SP_PERFORMANCE_OVER_TIME = "sp_performance_over_time"
SB_KEYWORDS = "sb_keywords"
SD_TARGETING = "sd_targeting"
SD_ADVERTISED_PRODUCTS = "sd_advertised_products"

AD_TYPES = ("SP", "SB", "SD")

#: the same canonical columns as the SP reports, with the aliases SB/SD files use for them
_EXTENDED = {
    C.TARGETING: ("targetingtext", "targetingexpression"),
    C.ADVERTISED_ASIN: ("promotedasin",),
    C.ADVERTISED_SKU: ("promotedsku",),
    C.SALES: (),
}


def _extend(column: Column) -> Column:
    more = _EXTENDED.get(column.name)
    if not more:
        return column
    return Column(column.name, column.kind, column.display, (*column.keys, *more), column.patterns)


OTHER_AD_COLUMNS = (
    *(_extend(c) for c in AD_COLUMNS),
    Column(AD_PRODUCT, "text", "Campaign Type", ("campaigntype", "adproduct", "programtype", "adtype")),
    Column(PLACEMENT, "text", "Placement", ("placement", "placementclassification", "placementtype")),
    Column(BIDDING_STRATEGY, "text", "Bidding strategy", ("biddingstrategy", "campaignbiddingstrategy")),
    Column(BID_OPTIMIZATION, "text", "Bid Optimization", ("bidoptimization", "bidoptimisation")),
    Column(COST_TYPE, "text", "Cost type", ("costtype",)),
    *CLICK_COLUMNS,
)

#: headers only Sponsored Brands or Sponsored Display reports carry (never Sponsored Products)
SB_SD_MARKERS = (COST_TYPE, VIEWABLE_IMPRESSIONS, BID_OPTIMIZATION, SALES_CLICK, ORDERS_CLICK)
_DATES = (C.DATE, C.START_DATE, "date_range")

_PRODUCT_VALUES = {
    "sponsoredproducts": "SP", "sp": "SP", "sponsoredproduct": "SP",
    "sponsoredbrands": "SB", "sb": "SB", "sbv": "SB", "sponsoredbrandsvideo": "SB", "headlinesearch": "SB",
    "sponsoreddisplay": "SD", "sd": "SD",
}  # fmt: skip


def _product_code(value: object) -> object:
    if not isinstance(value, str):
        return np.nan
    return _PRODUCT_VALUES.get(re.sub(r"[^a-z]", "", value.casefold()), np.nan)


def ad_type_of(ctx, fixed: str | None = None) -> str | None:
    """The ad type a whole file belongs to, from its headers (None when they do not tell).

    Sponsored Products reports never carry the SB/SD markers (``Cost type``, ``Viewable
    Impressions``, ``Bid Optimization``, click-only ``- (Click)``/``salesClicks`` twins); SP-only
    are a 7-day window and ``Bidding strategy``. Sponsored Display alone has ``Bid Optimization``
    and advertised products; Sponsored Brands alone keywords, match types, placements and
    top-of-search share. A legacy SB or SD *campaign* CSV carries none of these: its ad type is
    then unknown (an xlsx still tells by its sheet name).
    """
    if fixed:
        return fixed
    present = set(ctx.match.positions)
    keys = {k for k in (re.sub(r"\W", "", str(h).casefold()) for h in ctx.table.headers)}
    marked = bool(present & set(SB_SD_MARKERS))
    if not marked:
        return "SP"
    if ctx.match.window == 7 or BIDDING_STRATEGY in present:
        return "SP"
    if BID_OPTIMIZATION in present or C.ADVERTISED_ASIN in present:
        return "SD"
    if (
        C.MATCH_TYPE in present
        or C.SEARCH_TERM in present
        or PLACEMENT in present  # Sponsored Display has no placement report (advertising-console.md)
        or any(k.startswith("topofsearch") for k in keys)
    ):
        return "SB"
    sheet = (ctx.table.sheet or "").casefold()
    for name, code in (("sponsored product", "SP"), ("sponsored brand", "SB"), ("sponsored display", "SD")):
        if sheet.startswith(name):
            return code
    return None


def _postprocess(fixed: str | None):
    def postprocess(frame: pd.DataFrame, ctx) -> pd.DataFrame:
        frame = postprocess_ads(frame, ctx)
        whole = ad_type_of(ctx, fixed)
        if AD_PRODUCT in frame.columns and not fixed:
            codes = pd.Series(frame[AD_PRODUCT].map(_product_code), index=frame.index, dtype="str")
            frame[AD_TYPE] = codes.fillna(whole) if whole else codes
        else:
            frame[AD_TYPE] = pd.Series(whole if whole else np.nan, index=frame.index, dtype="str")
        if frame[AD_TYPE].isna().any():
            ctx.notes.append(
                "ad type (Sponsored Products, Brands or Display) not recognisable from the headers; "
                "not counted in ad spend"
            )
        if ctx.match.window is None and whole in ("SB", "SD") and C.SALES in ctx.match.positions:
            frame[C.WINDOW_DAYS] = 14  # SB and SD attribution is 14 days (advertising-console.md)
            ctx.window = 14
        return frame

    return postprocess


def _layout(ctx) -> str:
    """As :func:`.ads.ads_layout`, except that camelCase headers (``campaignName``, ``unitsSold``)
    are always the API's: SB/SD v3 names (``sales``, ``unitsSold``) also look like the 2025 console's."""
    camel = [h for h in ctx.table.headers if h and " " not in h and h[:1].islower() and any(c.isupper() for c in h[1:])]
    if len(camel) >= 2 and any(h in ("campaignName", "cost", "campaignId") for h in ctx.table.headers):
        return "api-v3"
    return ads_layout(ctx)


_METRICS_OUT = (
    C.IMPRESSIONS, VIEWABLE_IMPRESSIONS, C.CLICKS, C.SPEND, C.SALES, C.ORDERS, C.UNITS,
    SALES_CLICK, ORDERS_CLICK, UNITS_CLICK, C.WINDOW_DAYS, C.SOURCE,
)  # fmt: skip


def _spec(
    name,
    *,
    fingerprint,
    any_of=(),
    excludes=(),
    priority,
    middle,
    required,
    description,
    fixed=None,
    unused=False,
):
    return register(
        ReportSpec(
            name=name,
            family="ads",
            columns=OTHER_AD_COLUMNS,
            fingerprint=fingerprint,
            any_of=any_of,
            excludes=excludes,
            required=(*required, _DATES),
            priority=priority,
            output=(*AD_HEAD, AD_TYPE, *middle, *_METRICS_OUT),
            postprocess=_postprocess(fixed),
            layout=_layout,
            totals=ad_totals,
            description=description,
            unused=unused,
        )
    )


_NOT_CAMPAIGN_LEVEL = (C.TARGETING, C.SEARCH_TERM, C.ADVERTISED_ASIN, C.MATCH_TYPE)

AD_CAMPAIGNS_SPEC = _spec(
    AD_CAMPAIGNS,
    fingerprint=(C.CAMPAIGN,),
    excludes=(*_NOT_CAMPAIGN_LEVEL, PLACEMENT),
    priority=3,
    middle=(AD_PRODUCT, COST_TYPE),
    required=(C.CLICKS, C.SPEND, C.SALES),
    description="Sponsored ads campaign report",
)
AD_PLACEMENTS_SPEC = _spec(
    AD_PLACEMENTS,
    fingerprint=(C.CAMPAIGN, PLACEMENT),
    excludes=_NOT_CAMPAIGN_LEVEL,
    priority=4,
    middle=(AD_PRODUCT, PLACEMENT, BIDDING_STRATEGY, COST_TYPE),
    required=(C.CLICKS, C.SPEND, C.SALES),
    description="Sponsored ads placement report",
)
SP_PERFORMANCE_OVER_TIME_SPEC = _spec(
    SP_PERFORMANCE_OVER_TIME,
    fingerprint=(C.CLICKS, C.SPEND),
    excludes=(C.CAMPAIGN, C.SALES, C.IMPRESSIONS, C.SEARCH_TERM, C.ADVERTISED_ASIN, C.TARGETING),
    priority=2,
    middle=(),
    required=(C.CLICKS, C.SPEND),
    description="Sponsored Products performance over time report",
    fixed="SP",
    unused=True,  # spend and clicks only, no sales: never an account total
)
SB_KEYWORDS_SPEC = _spec(
    SB_KEYWORDS,
    fingerprint=(C.TARGETING, C.MATCH_TYPE, C.CAMPAIGN),
    any_of=(SB_SD_MARKERS,),
    excludes=(C.SEARCH_TERM, C.ADVERTISED_ASIN),
    priority=15,  # above sp_targeting (10), whose fingerprint an SB keyword report also carries
    middle=(C.TARGETING, C.MATCH_TYPE, PLACEMENT, COST_TYPE),
    required=(C.CLICKS, C.SPEND, C.SALES),
    description="Sponsored Brands keyword report",
    fixed="SB",
)
SD_TARGETING_SPEC = _spec(
    SD_TARGETING,
    fingerprint=(C.TARGETING, C.CAMPAIGN),
    any_of=(SB_SD_MARKERS,),
    excludes=(C.SEARCH_TERM, C.ADVERTISED_ASIN, C.MATCH_TYPE),
    priority=12,
    middle=(C.TARGETING, BID_OPTIMIZATION, COST_TYPE),
    required=(C.CLICKS, C.SPEND, C.SALES),
    description="Sponsored Display targeting report",
    fixed="SD",
)
SD_ADVERTISED_PRODUCTS_SPEC = _spec(
    SD_ADVERTISED_PRODUCTS,
    fingerprint=(C.ADVERTISED_ASIN, C.CAMPAIGN),
    any_of=(SB_SD_MARKERS,),
    excludes=(C.SEARCH_TERM,),
    priority=22,  # above sp_advertised_products (20)
    middle=(C.ADVERTISED_SKU, C.ADVERTISED_ASIN, BID_OPTIMIZATION, COST_TYPE),
    required=(C.CLICKS, C.SPEND, C.SALES),
    description="Sponsored Display advertised product report",
    fixed="SD",
)
