"""Canonical column names, defined once.

Every loader returns frames with these snake_case names, whatever header generation, language or
file format the export came in. Notebooks and helpers refer to columns through these constants or
the literal names below — never through Amazon's headers.

Conventions shared by every canonical frame:

* ``start_date`` / ``end_date`` (datetime64, midnight): the days a row covers, inclusive. A daily
  row has ``start_date == end_date``. A row whose range is unknown has NaT in both.
* money columns (``spend``, ``sales``, ...) are float64 in the file's currency; ``currency`` holds
  the ISO code (``USD``, ``INR``, ``EUR`` ...).
* count columns (``impressions``, ``clicks``, ``orders``, ``units``, ``sessions`` ...) are float64 so
  that a blank in the export stays NaN (blank means undefined, never zero).
* percentages are fractions (0.0319 for 3.19 %), whatever the export showed.
* ratio columns that Amazon pre-computes (CTR, CPC, ACoS, ROAS, conversion rate) are **dropped** by
  the loaders: ratios are always recomputed from summed bases (:mod:`helpers.metrics`).
* ``window_days`` (int): attribution window of the ad metrics (7 sellers SP, 14 vendors/SB).
* ``source`` (str): file name the row came from.
"""

from __future__ import annotations

import re

#: A product-page search term: an ASIN as the console writes it in search-term reports (lower case).
ASIN_TERM_RE = re.compile(r"^b0[0-9a-z]{8}$")

# -- shared ---------------------------------------------------------------------------------------
START_DATE = "start_date"
END_DATE = "end_date"
CURRENCY = "currency"
SOURCE = "source"
WINDOW_DAYS = "window_days"

# -- advertising (sp_search_terms, sp_targeting, sp_advertised_products) -------------------------
PORTFOLIO = "portfolio"
CAMPAIGN = "campaign"
CAMPAIGN_ID = "campaign_id"
AD_GROUP = "ad_group"
AD_GROUP_ID = "ad_group_id"
TARGETING = "targeting"
MATCH_TYPE = "match_type"  # EXACT / PHRASE / BROAD; NaN for auto and product targeting
SEARCH_TERM = "search_term"
ADVERTISED_SKU = "advertised_sku"
ADVERTISED_ASIN = "advertised_asin"

IMPRESSIONS = "impressions"
CLICKS = "clicks"
SPEND = "spend"
SALES = "sales"
ORDERS = "orders"
UNITS = "units"
ADV_SKU_SALES = "adv_sku_sales"
OTHER_SKU_SALES = "other_sku_sales"
ADV_SKU_UNITS = "adv_sku_units"
OTHER_SKU_UNITS = "other_sku_units"

AD_BASES = (IMPRESSIONS, CLICKS, SPEND, SALES, ORDERS, UNITS)

# -- business reports ------------------------------------------------------------------------------
PARENT_ASIN = "parent_asin"
CHILD_ASIN = "child_asin"
TITLE = "title"
SKU = "sku"
SESSIONS = "sessions"
PAGE_VIEWS = "page_views"
BUY_BOX_PCT = "buy_box_pct"  # fraction of page views where the Featured Offer was ours
UNIT_SESSION_PCT = "unit_session_pct"  # as exported; recompute from units / sessions for totals
ORDER_ITEMS = "order_items"
SHIPPED_SALES = "shipped_sales"
UNITS_SHIPPED = "units_shipped"
ORDERS_SHIPPED = "orders_shipped"
DATE = "date"

BR_BASES = (SESSIONS, PAGE_VIEWS, UNITS, SALES, ORDER_ITEMS)

# -- report type names (as used by `python -m helpers inspect`) ------------------------------------
SP_SEARCH_TERMS = "sp_search_terms"
SP_TARGETING = "sp_targeting"
SP_ADVERTISED_PRODUCTS = "sp_advertised_products"
BUSINESS_REPORT_ASIN = "business_report_asin"
BUSINESS_REPORT_DATE = "business_report_date"

AD_REPORTS = (SP_SEARCH_TERMS, SP_TARGETING, SP_ADVERTISED_PRODUCTS)
BUSINESS_REPORTS = (BUSINESS_REPORT_ASIN, BUSINESS_REPORT_DATE)
