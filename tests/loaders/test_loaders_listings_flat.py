"""All Listings generations (27/29/31/47 columns) and the Category Listings flat file (txt and xlsx)."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.loaders import read_report

BASE = ["item-name", "item-description", "listing-id", "seller-sku", "price", "quantity", "open-date", "image-url", "item-is-marketplace", "product-id-type", "zshop-shipping-fee", "item-note", "item-condition", "zshop-category1", "zshop-browse-path", "zshop-storefront-feature", "asin1", "asin2", "asin3", "will-ship-internationally", "expedited-shipping", "zshop-boldface", "product-id", "bid-for-featured-placement", "add-delete", "pending-quantity", "fulfillment-channel"]
B2B = ["Business Price", "Quantity Price Type", *[f"Quantity Lower Bound {i}" for i in range(1, 6)],
       *[f"Quantity Price {i}" for i in range(1, 6)]]  # fmt: skip
PROGRESSIVE = ["Progressive Price Type", *[f"Progressive Lower Bound {i}" for i in range(1, 4)],
               *[f"Progressive Price {i}" for i in range(1, 4)]]  # fmt: skip
GENERATIONS = {
    27: BASE,
    28: [*BASE, "merchant-shipping-group"],
    29: [*BASE, "merchant-shipping-group", "status"],
    31: [*BASE, "merchant-shipping-group", "status", "Minimum order quantity", "Sell remainder"],
    47: [*BASE, *B2B, "merchant-shipping-group", *PROGRESSIVE],
}


def _row(header: list[str]) -> list[str]:
    values = {"item-name": "Bottle – 32 oz, “Sage”", "listing-id": "1104X1", "seller-sku": "AT-1", "price": "29.99",
              "open-date": "29/09/2025 16:19:39 BST", "asin1": "B0AAAAAAA1", "fulfillment-channel": "AMAZON_EU",
              "status": "Inactive", "Business Price": "27.50", "Minimum order quantity": "2",
              "merchant-shipping-group": "Migrated Template"}  # fmt: skip
    return [values.get(h, "") for h in header]


@pytest.mark.parametrize("columns", sorted(GENERATIONS))
def test_all_listings_generations(tmp_path, columns):
    header = GENERATIONS[columns]
    assert len(header) == columns
    path = tmp_path / "All Listings.txt"
    path.write_bytes(("\t".join(header) + "\r\n" + "\t".join(_row(header)) + "\r\n").encode("utf-8-sig"))
    report = read_report(path, marketplace="UK")
    one = report.frame.iloc[0]
    assert report.report == "all_listings" and report.layout == "listings-tsv"
    assert (one["sku"], one["asin"], one["price"]) == ("AT-1", "B0AAAAAAA1", 29.99)
    assert one["open_date"] == pd.Timestamp("2025-09-29")
    assert (one["status"] == "Inactive") if columns >= 29 and columns != 47 else pd.isna(one["status"])
    assert (one["business_price"] == 27.5) if columns == 47 else pd.isna(one["business_price"])
    assert (one["minimum_order_quantity"] == 2) if columns == 31 else pd.isna(one["minimum_order_quantity"])


FLAT_ATTRS = ["feed_product_type", "item_sku", "brand_name", "item_name", "standard_price", "main_image_url",
              *[f"other_image_url{i}" for i in range(1, 9)], "parent_child", "parent_sku", "product_description",
              *[f"bullet_point{i}" for i in range(1, 6)], "generic_keywords"]  # fmt: skip
FLAT_LABELS = ["Produkttyp", "Verkäufer-SKU", "Markenname", "Produktname", "Preis", "Bild", *["Bild"] * 8,
               "Elternteil", "Eltern-SKU", "Beschreibung", *[f"Aufzählungspunkt{i}" for i in range(1, 6)],
               "Suchbegriffe"]  # fmt: skip
KEYWORDS = "trinkflasche größe  kälte 水筒"  # two spaces kept: bytes depend on them


def _flat_rows() -> list[list[str]]:
    meta = ["TemplateType=fptcustom", "Version=2023.1116", "TemplateSignature=QUJD",
            "The top 3 rows are for Amazon.com use only. Do not modify or delete the top 3 rows."]  # fmt: skip
    child = {"feed_product_type": "outdoor", "item_sku": "AT-1", "brand_name": "Acme", "item_name": "Flasche Größe L",
             "standard_price": "29.99", "main_image_url": "https://x/1.jpg", "other_image_url1": "https://x/2.jpg",
             "parent_child": "child", "parent_sku": "AT-P", "bullet_point1": "Eins", "bullet_point2": "Zwei",
             "generic_keywords": KEYWORDS}  # fmt: skip
    parent = {"item_sku": "AT-P", "item_name": "Flasche", "parent_child": "parent"}
    return [meta + [""] * (len(FLAT_ATTRS) - 4), FLAT_LABELS, FLAT_ATTRS,
            [parent.get(a, "") for a in FLAT_ATTRS], [child.get(a, "") for a in FLAT_ATTRS]]


def _check_flat(report):
    assert report.report == "category_listings"
    frame = report.frame.set_index("sku")
    assert list(frame.index) == ["AT-P", "AT-1"]
    child = frame.loc["AT-1"]
    assert child["title"] == "Flasche Größe L" and child["price"] == 29.99
    assert child["generic_keywords"] == KEYWORDS
    assert child["bullet_point2"] == "Zwei" and pd.isna(child["bullet_point3"])
    assert child["other_image_url1"] == "https://x/2.jpg" and pd.isna(child["other_image_url2"])


def test_category_listings_txt_header_on_row_3(tmp_path):
    path = tmp_path / "Category Listings Report.txt"
    path.write_bytes("\r\n".join("\t".join(r) for r in _flat_rows()).encode("utf-8") + b"\r\n")
    report = read_report(path)
    _check_flat(report)
    assert report.layout == "flat-file-txt"


def test_category_listings_xlsx(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Template"
    for row in _flat_rows():
        sheet.append([cell or None for cell in row])
    book.create_sheet("Data Definitions").append(["Group Name", "Field Name", "Local Label Name"])
    path = tmp_path / "Category Listings Report.xlsx"
    book.save(path)
    report = read_report(path)
    _check_flat(report)
    assert report.layout == "flat-file-xlsx"


def test_generic_keywords_parts_are_joined(tmp_path):
    header = ["item_sku", "item_name", "bullet_point1", "generic_keywords1", "generic_keywords2"]
    rows = [["TemplateType=fptcustom"], ["SKU", "Name", "Bullet", "Search 1", "Search 2"], header,
            ["AT-1", "Bottle", "One", "steel bottle", "wärme"]]  # fmt: skip
    path = tmp_path / "flat.txt"
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    frame = read_report(path).frame
    assert frame.iloc[0]["generic_keywords"] == "steel bottle wärme"
