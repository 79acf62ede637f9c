"""Sponsored Brands search term report (legacy console; amazon-reports.md §1.5).

Same header family as the Sponsored Products reports plus ``Cost Type`` (CPC / vCPM; ``Cost type``
in newer files), ``Viewable Impressions`` and click-only twins of the sales columns suffixed
``- (Click)``. SB attribution is 14 days. The un-suffixed ``14 Day Total Sales/Orders/Units`` (which
include view-through conversions of vCPM campaigns) feed ``sales``/``orders``/``units``, as the
console shows them; the ``(Click)`` columns feed ``sales_click``/``orders_click``/``units_click``,
comparable with Sponsored Products (click-only). Precomputed ratios (CTR, CPC, VCPM, ACOS, ROAS,
conversion rate) are dropped, as everywhere.
"""

from __future__ import annotations

from helpers import columns as C
from helpers.loaders._registry import Column, ReportSpec, register
from helpers.loaders.ads import AD_COLUMNS, AD_HEAD, W, ad_totals, ads_layout, postprocess_ads

SB_SEARCH_TERMS = "sb_search_terms"
COST_TYPE = "cost_type"
VIEWABLE_IMPRESSIONS = "viewable_impressions"
SALES_CLICK = "sales_click"
ORDERS_CLICK = "orders_click"
UNITS_CLICK = "units_click"

#: The click-attributed and viewability columns Sponsored Brands and Sponsored Display reports add.
CLICK_COLUMNS = (
    Column(VIEWABLE_IMPRESSIONS, "number", "Viewable Impressions", ("viewableimpressions",)),
    Column(
        SALES_CLICK, "money", "14 Day Total Sales - (Click)", ("salesclicks",), (rf"{W}daytotalsalesclick",)
    ),
    Column(
        ORDERS_CLICK,
        "number",
        "14 Day Total Orders (#) - (Click)",
        ("purchasesclicks",),
        (rf"{W}daytotalordersclick",),
    ),
    Column(
        UNITS_CLICK,
        "number",
        "14 Day Total Units (#) - (Click)",
        ("unitssoldclicks",),
        (rf"{W}daytotalunitsclick",),
    ),
)

SB_COLUMNS = (
    *AD_COLUMNS,
    Column(COST_TYPE, "text", "Cost Type", ("costtype",)),
    *CLICK_COLUMNS,
)

SB_SEARCH_TERMS_SPEC = register(
    ReportSpec(
        name=SB_SEARCH_TERMS,
        family="ads",
        columns=SB_COLUMNS,
        fingerprint=(C.SEARCH_TERM, C.CAMPAIGN, COST_TYPE),
        required=(C.IMPRESSIONS, C.CLICKS, C.SPEND, C.SALES, C.ORDERS, (C.DATE, C.START_DATE, "date_range")),
        priority=35,  # above sp_search_terms (30), whose fingerprint an SB report also carries
        output=(
            *AD_HEAD,
            C.TARGETING,
            C.MATCH_TYPE,
            C.SEARCH_TERM,
            COST_TYPE,
            C.IMPRESSIONS,
            VIEWABLE_IMPRESSIONS,
            C.CLICKS,
            C.SPEND,
            C.SALES,
            C.ORDERS,
            C.UNITS,
            SALES_CLICK,
            ORDERS_CLICK,
            UNITS_CLICK,
            C.WINDOW_DAYS,
            C.SOURCE,
        ),  # fmt: skip
        postprocess=postprocess_ads,
        layout=ads_layout,
        totals=ad_totals,
        description="Sponsored Brands search term report",
    )
)
