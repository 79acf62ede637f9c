"""All Listings / Active Listings report (``GET_MERCHANT_LISTINGS_ALL_DATA``), tab-separated.

27-47 column variants (amazon-reports.md §5.1) are read by name: 27 columns (no
``merchant-shipping-group``), 28, 29 (``status``), 31 (``Minimum order quantity``, ``Sell remainder``)
and 47 (B2B ``Business Price``, ``Quantity Price Type``, ``Quantity Lower Bound 1..5`` / ``Quantity Price
1..5`` and ``Progressive …`` tiers; only the business price is kept). A listing is a snapshot, not a
period: ``start_date``/``end_date`` are NaT and ``open_date`` keeps the day the offer was created
(time and zone abbreviation dropped).
"""

from __future__ import annotations

import pandas as pd

from helpers import columns as C
from helpers.loaders._registry import Column, ReportSpec, register

ALL_LISTINGS = "all_listings"
LISTING_ID = "listing_id"
ASIN = "asin"
PRICE = "price"
QUANTITY = "quantity"
PENDING_QUANTITY = "pending_quantity"
OPEN_DATE = "open_date"
PRODUCT_ID = "product_id"
PRODUCT_ID_TYPE = "product_id_type"
ITEM_CONDITION = "item_condition"
FULFILLMENT_CHANNEL = "fulfillment_channel"
STATUS = "status"
DESCRIPTION = "description"
IMAGE_URL = "image_url"
SHIPPING_GROUP = "merchant_shipping_group"
MIN_ORDER_QUANTITY = "minimum_order_quantity"
BUSINESS_PRICE = "business_price"

LISTING_COLUMNS = (
    Column(C.SKU, "text", "seller-sku", ("sellersku", "sku")),
    Column(ASIN, "text", "asin1", ("asin1", "asin")),
    Column(LISTING_ID, "text", "listing-id", ("listingid",)),
    Column(C.TITLE, "text", "item-name", ("itemname",)),
    Column(DESCRIPTION, "text", "item-description", ("itemdescription",)),
    Column(PRICE, "money", "price", ("price",)),
    Column(QUANTITY, "number", "quantity", ("quantity",)),
    Column(PENDING_QUANTITY, "number", "pending-quantity", ("pendingquantity",)),
    Column(OPEN_DATE, "date", "open-date", ("opendate",)),
    Column(PRODUCT_ID, "text", "product-id", ("productid",)),
    Column(PRODUCT_ID_TYPE, "text", "product-id-type", ("productidtype",)),
    Column(ITEM_CONDITION, "text", "item-condition", ("itemcondition",)),
    Column(FULFILLMENT_CHANNEL, "text", "fulfillment-channel", ("fulfillmentchannel",)),
    Column(STATUS, "text", "status", ("status",)),
    Column(IMAGE_URL, "text", "image-url", ("imageurl",)),
    Column(SHIPPING_GROUP, "text", "merchant-shipping-group", ("merchantshippinggroup",)),
    Column(MIN_ORDER_QUANTITY, "number", "Minimum order quantity", ("minimumorderquantity",)),
    Column(BUSINESS_PRICE, "money", "Business Price", ("businessprice",)),
)

OUTPUT = (
    C.START_DATE, C.END_DATE, C.CURRENCY, C.SKU, ASIN, LISTING_ID, C.TITLE, PRICE, QUANTITY,
    PENDING_QUANTITY, OPEN_DATE, PRODUCT_ID, PRODUCT_ID_TYPE, ITEM_CONDITION, FULFILLMENT_CHANNEL,
    STATUS, DESCRIPTION, IMAGE_URL, SHIPPING_GROUP, MIN_ORDER_QUANTITY, BUSINESS_PRICE, C.SOURCE,
)  # fmt: skip


def listings_totals(frame: pd.DataFrame) -> dict:
    return {"listings": int(len(frame))}


def listings_layout(ctx) -> str:
    return "listings-tsv" if ctx.table.delimiter == "\t" else f"listings-{ctx.table.kind}"


ALL_LISTINGS_SPEC = register(
    ReportSpec(
        name=ALL_LISTINGS,
        family="listings",
        columns=LISTING_COLUMNS,
        fingerprint=(C.SKU, ASIN, LISTING_ID),
        required=(C.SKU, ASIN),
        priority=5,
        output=OUTPUT,
        layout=listings_layout,
        totals=listings_totals,
        description="All Listings / Active Listings report",
    )
)
