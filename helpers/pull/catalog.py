"""The reports a pull fetches: for each, the API, the request, the range rules and the stored format.

Facts from ``amazon-apis.md`` (§2 Ads API v3 report types and limits, §4 SP-API report types).
Ads reports are daily rows (``timeUnit: DAILY``), at most 31 days a request and no older than the
report type's retention. Sales and Traffic by child ASIN sums its whole range, so it is asked one
calendar month at a time (the month so far for the current one), like the monthly downloads it
stands beside. Brand Analytics Search Query Performance takes whole calendar months. Snapshot
reports (inventory, listings, account health) are pulled at most once a day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

#: Attribution columns asked of every Sponsored Products report (7-day, the sellers' console default).
_SP_METRICS = (
    "impressions", "clicks", "cost", "purchases7d", "sales7d", "unitsSoldClicks7d", "attributedSalesSameSku7d",
    "salesOtherSku7d", "unitsSoldSameSku7d", "unitsSoldOtherSku7d", "campaignBudgetCurrencyCode",
)  # fmt: skip
#: Sponsored Brands / Display: ``sales`` etc. are 14 days after a click or view, ``*Clicks`` click only.
_SB_SD_METRICS = (
    "impressions", "clicks", "cost", "sales", "purchases", "unitsSold", "salesClicks", "purchasesClicks",
    "campaignBudgetCurrencyCode",
)  # fmt: skip
_CAMPAIGN = ("date", "campaignName", "campaignId")
_AD_GROUP = (*_CAMPAIGN, "adGroupName", "adGroupId")


@dataclass(frozen=True)
class ReportType:
    """One report a pull fetches and the folder ``data/<client>/api/<key>/`` it is kept in."""

    key: str
    api: Literal["ads", "sp"]
    ext: Literal["json", "tsv"]
    description: str
    #: Ads: (adProduct, reportTypeId, groupBy, columns); SP-API: reportType and reportOptions
    ad_product: str = ""
    report_type_id: str = ""
    group_by: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    sp_report_type: str = ""
    sp_options: dict[str, str] = field(default_factory=dict)
    #: range rules: longest request, oldest day Amazon serves, calendar-month requests, snapshot
    max_days: int = 31
    retention_days: int = 730
    align: Literal["month", "complete-month"] | None = None
    snapshot: bool = False
    #: a report not every account has (Brand Analytics): refusal is noted, not a failure
    optional: bool = False

    def ads_body(self, start: dt.date, end: dt.date) -> dict:
        """The Ads API v3 ``POST /reporting/reports`` body for [start, end]."""
        return {
            "name": f"shelfbook {self.key} {start}..{end}",
            "startDate": start.isoformat(),
            "endDate": end.isoformat(),
            "configuration": {
                "adProduct": self.ad_product,
                "reportTypeId": self.report_type_id,
                "groupBy": list(self.group_by),
                "columns": list(self.columns),
                "timeUnit": "DAILY",
                "format": "GZIP_JSON",
            },
        }

    def sp_body(self, start: dt.date, end: dt.date, marketplace_id: str) -> dict:
        """The SP-API ``createReport`` body (whole days in UTC; snapshots send no range)."""
        body: dict = {"reportType": self.sp_report_type, "marketplaceIds": [marketplace_id]}
        if not self.snapshot:
            body["dataStartTime"] = f"{start.isoformat()}T00:00:00Z"
            body["dataEndTime"] = f"{end.isoformat()}T23:59:59Z"
        if self.sp_options:
            body["reportOptions"] = dict(self.sp_options)
        return body


def _ads(key, product, type_id, group_by, columns, retention, description) -> ReportType:
    return ReportType(
        key=key, api="ads", ext="json", description=description, ad_product=product, report_type_id=type_id,
        group_by=group_by, columns=columns, max_days=31, retention_days=retention,
    )  # fmt: skip


def _sp(key, report_type, ext, description, **more) -> ReportType:
    return ReportType(key=key, api="sp", ext=ext, description=description, sp_report_type=report_type, **more)


SP, SB, SD = "SPONSORED_PRODUCTS", "SPONSORED_BRANDS", "SPONSORED_DISPLAY"
CATALOG: tuple[ReportType, ...] = (
    _ads("sp_search_term", SP, "spSearchTerm", ("searchTerm",),
         (*_AD_GROUP, "keyword", "matchType", "targeting", "searchTerm", *_SP_METRICS), 95,
         "Sponsored Products search terms"),
    _ads("sp_targeting", SP, "spTargeting", ("targeting",),
         (*_AD_GROUP, "targeting", "keyword", "matchType", "keywordType", *_SP_METRICS), 95,
         "Sponsored Products targeting"),
    _ads("sp_advertised_product", SP, "spAdvertisedProduct", ("advertiser",),
         (*_AD_GROUP, "advertisedAsin", "advertisedSku", *_SP_METRICS), 95,
         "Sponsored Products advertised products"),
    _ads("sp_campaign", SP, "spCampaigns", ("campaign",), (*_CAMPAIGN, "campaignStatus", *_SP_METRICS), 95,
         "Sponsored Products campaigns"),
    _ads("sb_search_term", SB, "sbSearchTerm", ("searchTerm",),
         (*_AD_GROUP, "keywordText", "matchType", "searchTerm", *_SB_SD_METRICS), 60,
         "Sponsored Brands search terms"),
    _ads("sb_campaign", SB, "sbCampaigns", ("campaign",), (*_CAMPAIGN, "costType", *_SB_SD_METRICS), 60,
         "Sponsored Brands campaigns"),
    _ads("sd_targeting", SD, "sdTargeting", ("targeting",),
         (*_AD_GROUP, "targetingExpression", "targetingId", "targetingText", *_SB_SD_METRICS), 65,
         "Sponsored Display targeting"),
    _ads("sd_advertised_product", SD, "sdAdvertisedProduct", ("advertiser",),
         (*_AD_GROUP, "promotedAsin", "promotedSku", *_SB_SD_METRICS), 65,
         "Sponsored Display advertised products"),
    _ads("sd_campaign", SD, "sdCampaigns", ("campaign",), (*_CAMPAIGN, *_SB_SD_METRICS), 65,
         "Sponsored Display campaigns"),
    _sp("sales_traffic_date", "GET_SALES_AND_TRAFFIC_REPORT", "json", "Sales and Traffic by date",
        sp_options={"dateGranularity": "DAY", "asinGranularity": "PARENT"}),
    _sp("sales_traffic_asin", "GET_SALES_AND_TRAFFIC_REPORT", "json", "Sales and Traffic by child ASIN",
        sp_options={"dateGranularity": "DAY", "asinGranularity": "CHILD"}, align="month"),
    _sp("fba_inventory", "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", "tsv", "Manage FBA Inventory", snapshot=True),
    _sp("inventory_planning", "GET_FBA_INVENTORY_PLANNING_DATA", "tsv", "FBA inventory planning", snapshot=True),
    _sp("restock", "GET_RESTOCK_INVENTORY_RECOMMENDATIONS_REPORT", "tsv", "Restock Inventory", snapshot=True),
    _sp("all_listings", "GET_MERCHANT_LISTINGS_ALL_DATA", "tsv", "All Listings", snapshot=True),
    _sp("search_query_performance", "GET_BRAND_ANALYTICS_SEARCH_QUERY_PERFORMANCE_REPORT", "json",
        "Brand Analytics Search Query Performance", sp_options={"reportPeriod": "MONTH"},
        align="complete-month", optional=True),
    _sp("seller_performance", "GET_V2_SELLER_PERFORMANCE_REPORT", "json", "seller performance (account health)",
        snapshot=True),
)  # fmt: skip
BY_KEY: dict[str, ReportType] = {r.key: r for r in CATALOG}


def catalog(apis: set[str], only: Callable[[ReportType], bool] | None = None) -> list[ReportType]:
    """The report types of the APIs an account is connected to (``{"ads", "sp"}``)."""
    return [r for r in CATALOG if r.api in apis and (only is None or only(r))]
