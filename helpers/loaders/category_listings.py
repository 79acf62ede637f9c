"""Category Listings Report: the inventory flat-file template filled with the live listings (§5.2).

Downloaded as ``.xlsm``/``.xlsx`` (sheet ``Template``) or tab-delimited ``.txt``. Row 1 holds
``TemplateType=fptcustom``, ``Version=…`` metadata, row 2 localised labels (``Seller SKU``,
``Verkäufer-SKU``…), row 3 the attribute names this loader keys on (``item_sku``, ``item_name``,
``bullet_point1..5``, ``generic_keywords`` or ``generic_keywords1..5``, ``product_description``,
``main_image_url``, ``other_image_url1..8``…); data from row 4. The header row is found by its
names, so rows 1–2 are skipped whatever they say.

``generic_keywords1..5`` (older templates) are joined with single spaces into ``generic_keywords``,
the text Amazon counts against the 249-byte limit. Texts are kept exactly as written (no
trimming of inner spaces) because byte counts depend on them.
"""

from __future__ import annotations

import pandas as pd

from helpers import columns as C
from helpers.loaders._registry import Column, ReportSpec, register
from helpers.loaders.listings import listings_totals

CATEGORY_LISTINGS = "category_listings"
PRODUCT_TYPE = "product_type"
BRAND = "brand"
PARENT_SKU = "parent_sku"
PARENT_CHILD = "parent_child"
EXTERNAL_ID = "external_product_id"
PRICE = "price"
QUANTITY = "quantity"
DESCRIPTION = "description"
SEARCH_TERMS = "generic_keywords"
MAIN_IMAGE = "main_image_url"
BULLETS = tuple(f"bullet_point{i}" for i in range(1, 6))
OTHER_IMAGES = tuple(f"other_image_url{i}" for i in range(1, 9))
_KEYWORD_PARTS = tuple(f"generic_keywords{i}" for i in range(1, 6))

COLUMNS = (
    Column(C.SKU, "text", "item_sku", ("item_sku", "sku", "contribution_sku")),
    Column(PRODUCT_TYPE, "text", "feed_product_type", ("feed_product_type", "product_type")),
    Column(BRAND, "text", "brand_name", ("brand_name", "brand")),
    Column(C.TITLE, "text", "item_name", ("item_name",)),
    Column(EXTERNAL_ID, "text", "external_product_id", ("external_product_id",)),
    Column(PARENT_CHILD, "text", "parent_child", ("parent_child",)),
    Column(PARENT_SKU, "text", "parent_sku", ("parent_sku",)),
    Column(PRICE, "money", "standard_price", ("standard_price",)),
    Column(QUANTITY, "number", "quantity", ("quantity",)),
    Column(DESCRIPTION, "text", "product_description", ("product_description",)),
    Column(SEARCH_TERMS, "text", "generic_keywords", ("generic_keywords",)),
    *(Column(k, "text", k, (k,)) for k in _KEYWORD_PARTS),
    *(Column(b, "text", b, (b,)) for b in BULLETS),
    Column(MAIN_IMAGE, "text", "main_image_url", ("main_image_url",)),
    *(Column(o, "text", o, (o,)) for o in OTHER_IMAGES),
)

OUTPUT = (
    C.START_DATE, C.END_DATE, C.CURRENCY, C.SKU, PRODUCT_TYPE, BRAND, C.TITLE, EXTERNAL_ID, PARENT_CHILD,
    PARENT_SKU, PRICE, QUANTITY, *BULLETS, SEARCH_TERMS, DESCRIPTION, MAIN_IMAGE, *OTHER_IMAGES, C.SOURCE,
)  # fmt: skip


def _kept_text(value: object) -> object:
    """A cell's text exactly as written; None for an empty or missing cell."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = str(value)
    return text if text.strip() else None


def _raw_text(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    """Texts exactly as written (parse_text trims); keyword parts joined into ``generic_keywords``."""
    out = frame.copy()
    for column in (C.TITLE, SEARCH_TERMS, *_KEYWORD_PARTS, *BULLETS, DESCRIPTION):
        if ctx.has(column):
            out[column] = ctx.raw(column).map(_kept_text).astype(object)
    parts = [p for p in _KEYWORD_PARTS if p in out.columns]
    if parts and (SEARCH_TERMS not in out.columns or out[SEARCH_TERMS].isna().all()):
        out[SEARCH_TERMS] = out[parts].apply(
            lambda row: " ".join(v for v in row if isinstance(v, str)) or None, axis=1
        )
    # parent rows of a variation family carry no offer: keep them, marked by parent_child
    return out.drop(columns=parts)


def _layout(ctx) -> str:
    return "flat-file-txt" if ctx.table.kind == "csv" else f"flat-file-{ctx.path.suffix.lstrip('.').lower()}"


CATEGORY_LISTINGS_SPEC = register(
    ReportSpec(
        name=CATEGORY_LISTINGS,
        family="listings",
        columns=COLUMNS,
        fingerprint=(C.SKU, C.TITLE, BULLETS[0]),
        required=(C.SKU,),
        priority=9,
        output=OUTPUT,
        postprocess=_raw_text,
        layout=_layout,
        totals=listings_totals,
        description="Category Listings Report (flat file)",
    )
)
