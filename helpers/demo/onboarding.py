"""Demo exports for the onboarding audit: FBA inventory, Restock, All Listings, Category Listings.

Written in Amazon's layouts (amazon-reports.md §4.1–§4.3, §5.1–§5.2) from the same simulation as the
ad and Business Reports (units shipped come from the simulated sales), with problems planted for
the audit to find — in both profiles, so tests on ``tiny`` see them too:

* :data:`LONG_TITLE_SKU` — a title over 200 characters;
* :data:`KEYWORDS_SKU` — backend search terms under 249 *characters* but over 249 *bytes*
  (German and Japanese synonyms);
* :data:`STRANDED_SKU` — FBA stock whose listing is Inactive in All Listings (stranded);
* :data:`AGED_SKU` — units aged 181+ days;
* the params' account-health snapshots show ODR creeping up (:data:`ODR_SNAPSHOTS`).

Files carry the fixed download time as their modification time, which is how Manage FBA Inventory
and Restock (no date inside) are dated by the loaders.
"""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date, datetime, timedelta
from pathlib import Path

import pandas as pd

from helpers.demo import catalog as cat
from helpers.demo.brands import BRANDS, brand
from helpers.demo.locales import locale_of

LONG_TITLE_SKU = "AT-SCK-L"
KEYWORDS_SKU = "AT-BTL-20-BLK"
STRANDED_SKU = "AT-BTL-20-SGE"
AGED_SKU = "AT-SCK-L"
AGED_UNITS = 64
#: (date, ODR) readings of the Account Health page: under 1 % but rising.
ODR_SNAPSHOTS = (("2026-08-15", "0.31%"), ("2026-09-15", "0.52%"), ("2026-10-15", "0.84%"))
PLANNING_SNAPSHOTS = (date(2026, 9, 30), date(2026, 10, 31), cat.END)

LONG_TITLE_SUFFIX = (
    " - Cushioned Merino Wool Blend Crew Socks for Men and Women, Moisture Wicking, Breathable, "
    "Blister Resistant, Ideal for Hiking, Trekking, Backpacking and Everyday Wear"
)
STUFFED_KEYWORDS = (
    "trinkflasche edelstahl isolierflasche thermosflasche für kälte und wärme größe ähnlich "
    "wasserflasche sport gourde isotherme bouteille acier réutilisable 水筒 ステンレス 保冷 保温 "
    "ボトル 直飲み 大容量 アウトドア キャンプ 登山 gym bottle bpa free"
)
NORMAL_KEYWORDS = "hiking camping outdoor trail gear gift travel backpacking lightweight durable"

MYI_HEADER = (
    "sku", "fnsku", "asin", "product-name", "condition", "your-price", "mfn-listing-exists",
    "mfn-fulfillable-quantity", "afn-listing-exists", "afn-warehouse-quantity", "afn-fulfillable-quantity",
    "afn-unsellable-quantity", "afn-reserved-quantity", "afn-total-quantity", "per-unit-volume",
    "afn-inbound-working-quantity", "afn-inbound-shipped-quantity", "afn-inbound-receiving-quantity",
    "afn-researching-quantity", "afn-reserved-future-supply", "afn-future-supply-buyable", "store",
)  # fmt: skip
PLANNING_HEADER = (
    "snapshot-date", "sku", "fnsku", "asin", "product-name", "condition", "available", "fc-transfer",
    "pending-removal-quantity", "inv-age-0-to-90-days", "inv-age-91-to-180-days", "inv-age-181-to-270-days",
    "inv-age-271-to-365-days", "inv-age-366-to-455-days", "inv-age-456-plus-days", "currency",
    "units-shipped-t7", "units-shipped-t30", "units-shipped-t60", "units-shipped-t90", "alert", "your-price",
    "sales-price", "lowest-price-new-plus-shipping", "lowest-price-used", "recommended-action",
    "DEPRECATED healthy-inventory-level", "recommended-sales-price", "recommended-sale-duration-days",
    "recommended-removal-quantity", "estimated-cost-savings-of-recommended-actions", "sell-through",
    "item-volume", "volume-unit-measurement", "storage-type", "storage-volume", "marketplace", "product-group",
    "sales-rank", "days-of-supply", "estimated-excess-quantity", "weeks-of-cover-t30", "weeks-of-cover-t90",
    "featuredoffer-price", "inbound-quantity", "inbound-working", "inbound-shipped", "inbound-received",
    "no-sale-last-6-months", "Total Reserved Quantity", "unfulfillable-quantity", "historical-days-of-supply",
    "fba-minimum-inventory-level", "fba-inventory-level-health-status", "Recommended ship-in quantity",
    "Recommended ship-in date", "Exempted from Low-Inventory-Level fee?",
    "Low-Inventory-Level fee applied in current week?", "Short term historical days of supply",
    "Long term historical days of supply", "Inventory age snapshot date", "is-seasonal-in-next-3-months",
)  # fmt: skip
RESTOCK_HEADER = (
    "Country", "Product Name", "FNSKU", "Merchant SKU", "ASIN", "Condition", "Supplier", "Supplier part no.",
    "Currency code", "Price", "Sales last 30 days", "Units Sold Last 30 Days", "Total Units", "Inbound",
    "Available", "FC transfer", "FC Processing", "Customer Order", "Unfulfillable", "Working", "Shipped",
    "Receiving", "Fulfilled by", "Total Days of Supply (including units from open shipments)",
    "Days of Supply at Amazon Fulfillment Network", "Alert", "Recommended replenishment qty",
    "Recommended ship date", "Recommended action", "Unit storage size",
)  # fmt: skip
ALL_LISTINGS_HEADER = (
    "item-name", "item-description", "listing-id", "seller-sku", "price", "quantity", "open-date", "image-url",
    "item-is-marketplace", "product-id-type", "zshop-shipping-fee", "item-note", "item-condition",
    "zshop-category1", "zshop-browse-path", "zshop-storefront-feature", "asin1", "asin2", "asin3",
    "will-ship-internationally", "expedited-shipping", "zshop-boldface", "product-id",
    "bid-for-featured-placement", "add-delete", "pending-quantity", "fulfillment-channel",
    "merchant-shipping-group", "status",
)  # fmt: skip
FLAT_HEADER = (
    "feed_product_type", "item_sku", "brand_name", "item_name", "external_product_id",
    "external_product_id_type", "standard_price", "quantity", "main_image_url",
    *(f"other_image_url{i}" for i in range(1, 9)), "parent_child", "parent_sku", "relationship_type",
    "variation_theme", "update_delete", "product_description", *(f"bullet_point{i}" for i in range(1, 6)),
    "generic_keywords",
)  # fmt: skip
FLAT_LABELS = (
    "Product Type", "Seller SKU", "Brand Name", "Product Name", "Product ID", "Product ID Type",
    "Your Price", "Quantity", "Main Image URL", *(f"Other Image URL{i}" for i in range(1, 9)),
    "Parentage", "Parent SKU", "Relationship Type", "Variation Theme", "Update Delete", "Product Description",
    *(f"Key Product Features{i}" for i in range(1, 6)), "Search Terms",
)  # fmt: skip

FILES = {
    "planning": "FBA Inventory report {day}.txt",
    "myi": "Manage FBA Inventory.txt",
    "restock": "Restock Inventory report.csv",
    "listings": "All Listings Report.txt",
    "category": "Category Listings Report.txt",
}
REPORTS = {
    "planning": ("fba_inventory_planning", "FBA Inventory report, every field quoted, tab-separated"),
    "myi": ("fba_inventory", "Manage FBA Inventory, tab-separated"),
    "restock": ("restock", "Restock Inventory report csv"),
    "listings": ("all_listings", "All Listings report, 29 columns (status)"),
    "category": ("category_listings", "Category Listings flat file, header on row 3"),
}


def _frac(key: str) -> float:
    """A deterministic number in [0, 1) for ``key``."""
    return int.from_bytes(hashlib.sha256(f"{cat.SEED}:onb:{key}".encode()).digest()[:4], "big") / 2**32


def title_of(child: cat.Child) -> str:
    return child.title + LONG_TITLE_SUFFIX if child.sku == LONG_TITLE_SKU else child.title


def plan() -> pd.DataFrame:
    """The onboarding files, in download order (same columns as :func:`helpers.demo.writers.plan`)."""
    rows = []
    for day in PLANNING_SNAPSHOTS:
        rows.append(("planning", FILES["planning"].format(day=day.isoformat()), day))
    for kind in ("myi", "restock", "listings", "category"):
        rows.append((kind, FILES[kind], cat.END))
    return pd.DataFrame([
        {"file": name, "report": REPORTS[kind][0], "layout": REPORTS[kind][1], "start_date": pd.Timestamp(day),
         "end_date": pd.Timestamp(day), "downloaded": pd.Timestamp(day), "kind": kind, "period": None}
        for kind, name, day in rows
    ])  # fmt: skip


#: Restock report ``Country`` values of the non-US demo marketplaces (amazon-reports.md §4.3).
_COUNTRY = {"UK": "United Kingdom", "DE": "Germany"}


def _fba_children(catalogue: cat.Catalog) -> list[cat.Child]:
    return list(catalogue.children)


def stock_frame(sim, day: date) -> pd.DataFrame:
    """Per FBA SKU on ``day``: units shipped t7/t30/t60/t90 (from the simulation) and the planted stock."""
    catalogue = cat.catalog(sim.profile)
    skus = sim.skus
    end = pd.Timestamp(day)
    rows = []
    for child in _fba_children(catalogue):
        mine = skus[skus["sku"] == child.sku] if "sku" in skus.columns else skus.iloc[0:0]
        shipped = {
            n: int(mine.loc[(mine["date"] > end - pd.Timedelta(days=n)) & (mine["date"] <= end), "units"].sum())
            for n in (7, 30, 60, 90)
        }
        weeks = 5 + 6 * _frac(child.sku)
        daily = shipped[30] / 30
        available = round(daily * 7 * weeks)
        inbound = (round(daily * 14 * _frac(child.sku + "in")), round(daily * 10 * _frac(child.sku + "sh")), 0)
        aged = AGED_UNITS if child.sku == AGED_SKU else 0
        rows.append({
            "child": child, "available": available + aged, "reserved": round(available * 0.06),
            "unsellable": 1 if _frac(child.sku + "u") > 0.7 else 0, "working": inbound[0], "shipped": inbound[1],
            "receiving": inbound[2], "aged": aged, "t7": shipped[7], "t30": shipped[30], "t60": shipped[60],
            "t90": shipped[90], "weeks": (available + aged) / (daily * 7) if daily > 0 else None,
            "dos": round(weeks * 7 + 3),
        })  # fmt: skip
    return pd.DataFrame(rows)


def _q(cells) -> str:
    return "\t".join(f'"{cell}"' for cell in cells)


def _num(value) -> str:
    return "" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))


def planning_text(sim, day: date) -> str:
    lines = [_q(PLANNING_HEADER)]
    for r in stock_frame(sim, day).itertuples(index=False):
        child = r.child
        young = r.available - r.aged
        inbound = r.working + r.shipped + r.receiving
        avg_on_hand = max(r.available + r.reserved, 1)
        values = {
            "snapshot-date": day.isoformat(), "sku": child.sku, "fnsku": cat.make_id(f"fnsku:{child.sku}", prefix="X0"),
            "asin": child.asin, "product-name": title_of(child)[:200], "condition": "New",
            "available": r.available, "fc-transfer": 0, "pending-removal-quantity": 0,
            "inv-age-0-to-90-days": young, "inv-age-91-to-180-days": 0, "inv-age-181-to-270-days": r.aged,
            "inv-age-271-to-365-days": 0, "inv-age-366-to-455-days": 0, "inv-age-456-plus-days": 0,
            "currency": brand(sim.profile).currency, "units-shipped-t7": r.t7, "units-shipped-t30": r.t30,
            "units-shipped-t60": r.t60, "units-shipped-t90": r.t90, "alert": "",
            "your-price": f"{child.price:.2f}", "sales-price": f"{child.price:.2f}",
            "lowest-price-new-plus-shipping": f"{child.price * (0.92 + 0.1 * _frac(child.sku + 'p')):.2f}",
            "lowest-price-used": "0.0", "recommended-action": "NoRestockExcessActionRequired",
            "DEPRECATED healthy-inventory-level": "0", "recommended-sales-price": "0.0",
            "recommended-sale-duration-days": "0", "recommended-removal-quantity": "0",
            "estimated-cost-savings-of-recommended-actions": "0.0",
            "sell-through": f"{r.t90 / avg_on_hand:.2f}", "item-volume": "0.0912",
            "volume-unit-measurement": "cubic feet", "storage-type": "Standard", "storage-volume": "3.12",
            "marketplace": brand(sim.profile).marketplace, "product-group": "gl_sports", "sales-rank": 1000 + int(9000 * _frac(child.sku)),
            "days-of-supply": r.dos, "estimated-excess-quantity": 0,
            "weeks-of-cover-t30": _num(round(r.weeks, 2) if r.weeks is not None else None),
            "weeks-of-cover-t90": _num(round(r.available / (r.t90 / 90 * 7), 2) if r.t90 else None),
            "featuredoffer-price": f"{child.price:.2f}", "inbound-quantity": inbound, "inbound-working": r.working,
            "inbound-shipped": r.shipped, "inbound-received": r.receiving, "no-sale-last-6-months": 0,
            "Total Reserved Quantity": r.reserved, "unfulfillable-quantity": r.unsellable,
            "historical-days-of-supply": r.dos, "fba-minimum-inventory-level": round(r.t30 / 30 * 21),
            "fba-inventory-level-health-status": "Healthy", "Recommended ship-in quantity": 0,
            "Recommended ship-in date": "", "Exempted from Low-Inventory-Level fee?": "No",
            "Low-Inventory-Level fee applied in current week?": "No",
            "Short term historical days of supply": r.dos, "Long term historical days of supply": r.dos + 4,
            "Inventory age snapshot date": day.isoformat(), "is-seasonal-in-next-3-months": "N",
        }  # fmt: skip
        lines.append(_q(str(values[h]) for h in PLANNING_HEADER))
    return "\r\n".join(lines) + "\r\n"


def myi_text(sim, day: date) -> str:
    lines = ["\t".join(MYI_HEADER)]
    for r in stock_frame(sim, day).itertuples(index=False):
        child = r.child
        listed = "No" if child.sku == STRANDED_SKU else "Yes"
        warehouse = r.available + r.reserved + r.unsellable
        cells = [child.sku, cat.make_id(f"fnsku:{child.sku}", prefix="X0"), child.asin, title_of(child), "New",
                 f"{child.price:.2f}", "Yes" if child.mfn_sku else "No", "", listed, warehouse, r.available,
                 r.unsellable, r.reserved, warehouse + r.working + r.shipped + r.receiving, "0.09", r.working,
                 r.shipped, r.receiving, 0, 0, 0, ""]  # fmt: skip
        lines.append("\t".join(str(c) for c in cells))
    return "\r\n".join(lines) + "\r\n"


def restock_text(sim, day: date) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(RESTOCK_HEADER)
    for r in stock_frame(sim, day).itertuples(index=False):
        child = r.child
        inbound = r.working + r.shipped + r.receiving
        writer.writerow([
            _COUNTRY.get(brand(sim.profile).marketplace, "US"), title_of(child), cat.make_id(f"fnsku:{child.sku}", prefix="X0"), child.sku, child.asin, "New",
            "unassigned", "", brand(sim.profile).currency, f"{child.price:.2f}", f"{r.t30 * child.price:.2f}", r.t30,
            r.available + r.reserved + inbound, inbound, r.available, 0, 0, r.reserved, r.unsellable, r.working,
            r.shipped, r.receiving, "Amazon", r.dos, r.dos, "", 0, "", "No action required", "Standard",
        ])  # fmt: skip
    return out.getvalue()


def _open_date(child: cat.Child) -> str:
    day = cat.START - timedelta(days=30 + int(200 * _frac(child.sku + "open")))
    return f"{day:%Y-%m-%d} 08:21:45 PST"


def listings_text(sim) -> str:
    catalogue = cat.catalog(sim.profile)
    channel = "AMAZON_EU" if brand(sim.profile).marketplace in ("UK", "DE") else "AMAZON_NA"
    lines = ["\t".join(ALL_LISTINGS_HEADER)]
    for child in catalogue.children:
        for sku in child.skus:
            fba = sku == child.sku
            status = "Inactive" if sku == STRANDED_SKU else "Active"
            cells = [
                title_of(child), f"<p>{title_of(child)[:60]}</p>", cat.make_id(f"listing:{sku}", prefix="11", length=8),
                sku, f"{child.price:.2f}", "" if fba else "25", _open_date(child), "", "y", "1", "", "", "11", "", "",
                "", child.asin, "", "", "1", "N", "", child.asin, "", "", "0",
                channel if fba else "DEFAULT", "Migrated Template", status,
            ]  # fmt: skip
            lines.append("\t".join(cells))
    return "\r\n".join(lines) + "\r\n"


def _profile_of(child: cat.Child) -> str:
    return next((p for p, b in BRANDS.items() if child.sku.startswith(f"{b.sku_prefix}-")), "acme")


def _bullets(child: cat.Child) -> list[str]:
    topic = {"bottle": "bottle", "socks": "socks", "poles": "poles", "hammock": "hammock", "headlamp": "headlamp"}
    what = topic.get(child.category, child.category)
    short = brand(_profile_of(child)).short
    return [
        f"BUILT FOR THE TRAIL: the {short} {what} is tested on 1,000 miles of trail before it ships",
        "LIGHT AND DURABLE: premium materials that shrug off drops, rain and dust",
        "EASY CARE: rinse, dry and go; no special tools or cleaners needed",
        "THOUGHTFUL DETAILS: designed by hikers for hikers, every part has a job",
        f"{short.upper()} PROMISE: lifetime warranty and a real person on the phone",
    ]


def category_text(sim) -> str:
    b = brand(sim.profile)
    catalogue = cat.catalog(sim.profile)
    meta = ["TemplateType=fptcustom", "Version=2023.1116", "TemplateSignature=T1VURE9PUg==",
            "The top 3 rows are for Amazon.com use only. Do not modify or delete the top 3 rows."]  # fmt: skip
    lines = ["\t".join(meta + [""] * (len(FLAT_HEADER) - len(meta))), "\t".join(FLAT_LABELS), "\t".join(FLAT_HEADER)]
    for parent in catalogue.parents:
        kids = [c for c in catalogue.children if c.parent_asin == parent.asin]
        parent_sku = f"AT-{kids[0].sku.split('-')[1]}-PARENT"
        row = {h: "" for h in FLAT_HEADER}
        row.update({"feed_product_type": "outdoorrecreationproduct", "item_sku": parent_sku, "brand_name": b.name,
                    "item_name": f"{b.short} {parent.name}", "parent_child": "parent", "variation_theme": "SizeColor",
                    "update_delete": "Update"})  # fmt: skip
        lines.append("\t".join(row[h] for h in FLAT_HEADER))
        for child in kids:
            row = {h: "" for h in FLAT_HEADER}
            images = {f"other_image_url{i}": f"https://m.media-amazon.com/images/I/{child.asin}-{i}.jpg"
                      for i in range(1, 7)}  # fmt: skip
            row.update({
                "feed_product_type": "outdoorrecreationproduct", "item_sku": child.sku, "brand_name": b.name,
                "item_name": title_of(child), "external_product_id": str(800000000000 + int(1e11 * _frac(child.sku))),
                "external_product_id_type": "UPC", "standard_price": f"{child.price:.2f}", "quantity": "",
                "main_image_url": f"https://m.media-amazon.com/images/I/{child.asin}.jpg", **images,
                "parent_child": "child", "parent_sku": parent_sku, "relationship_type": "Variation",
                "variation_theme": "SizeColor", "update_delete": "Update",
                "product_description": f"{child.title}. Made for long days outside.",
                **{f"bullet_point{i}": b for i, b in enumerate(_bullets(child), 1)},
                "generic_keywords": STUFFED_KEYWORDS if child.sku == KEYWORDS_SKU else NORMAL_KEYWORDS,
            })  # fmt: skip
            lines.append("\t".join(row[h] for h in FLAT_HEADER))
    return "\r\n".join(lines) + "\r\n"


_TSV_DECIMAL = re.compile(r'(?m)(?<![^\t\n])("?)(-?\d+)\.(\d+)\1(?=[\t\r\n]|$)')


def _tab_decimals(text: str, profile: str) -> str:
    """Tab-separated files of a decimal-comma marketplace (amazon.de) write ``9,07``, as the loaders
    expect for a DE flat file; US and UK files keep ``9.07``."""
    if not locale_of(profile).decimal_comma:
        return text
    return _TSV_DECIMAL.sub(lambda m: f"{m[1]}{m[2]},{m[3]}{m[1]}", text)


def write_all(sim, folder: Path) -> list[Path]:
    """Write the onboarding exports of a simulation into ``folder``; paths in download order."""
    written = []
    for job in plan().itertuples(index=False):
        day = job.end_date.date()
        path = folder / job.file
        if job.kind == "planning":
            path.write_bytes(_tab_decimals(planning_text(sim, day), sim.profile).encode("utf-8"))
        elif job.kind == "myi":
            path.write_bytes(_tab_decimals(myi_text(sim, day), sim.profile).encode("utf-8-sig"))
        elif job.kind == "restock":
            path.write_bytes(restock_text(sim, day).encode("utf-8-sig"))
        elif job.kind == "listings":
            path.write_bytes(_tab_decimals(listings_text(sim), sim.profile).encode("utf-8-sig"))
        else:
            path.write_bytes(_tab_decimals(category_text(sim), sim.profile).encode("utf-8"))
        stamp = datetime(day.year, day.month, day.day, *cat.DOWNLOAD_TIME).timestamp()
        os.utime(path, (stamp, stamp))
        written.append(path)
    return written


def params_lines(profile: str) -> list[str]:
    """The ``account_health:`` section of the demo params (ODR creeping up; A+ on the bottles only)."""
    catalogue = cat.catalog(profile)
    a_plus = [c.asin for c in catalogue.children if c.category == "bottle"]
    lines = [
        "account_health:                      # read from Performance > Account Health (no export exists)",
        "  snapshots:",
    ]
    for (day, odr), (lsr, ahr) in zip(ODR_SNAPSHOTS, (("1.1%", 252), ("1.3%", 244), ("1.2%", 236)), strict=True):
        lines += [
            f"    - {{date: {day}, odr: {odr}, late_shipment_rate: {lsr}, pre_fulfillment_cancel_rate: 0.4%,",
            f"       valid_tracking_rate: 98.6%, on_time_delivery_rate: 96.2%, ahr: {ahr}, ipi: 540, policy_warnings: 0}}",
        ]
    lines += [f"  a_plus_asins: [{', '.join(a_plus)}]   # ASINs with A+ content (the bottles)", ""]
    return lines
