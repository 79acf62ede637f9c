"""FBA inventory reports: Manage FBA Inventory, the FBA Inventory (planning) report and Restock.

Three report types (amazon-reports.md §4), all normalised to one set of canonical inventory columns
so that :attr:`helpers.loaders.ClientData.fba_inventory` is one frame whatever was downloaded:

* ``fba_inventory`` — Manage FBA Inventory (``GET_FBA_MYI_…_INVENTORY_DATA``, §4.1): ``afn-…``
  quantity columns, ``Yes``/``No`` listing flags, no date in the file.
* ``fba_inventory_planning`` — FBA Inventory report (``GET_FBA_INVENTORY_PLANNING_DATA``, §4.2):
  every field quoted, kebab-case and Title Case headers mixed in one row (``Total Reserved
  Quantity``, ``Exempted from Low-Inventory-Level fee?``), a literal ``DEPRECATED
  healthy-inventory-level`` column (ignored), ISO ``snapshot-date``, inventory-age buckets, sell-through,
  weeks of cover and historical days of supply.
* ``restock`` — Restock Inventory report (§4.3): Title Case CSV/TSV, ``Merchant SKU``, alerts and
  recommended replenishment; no date in the file.

Canonical quantities (units, float64, blank = NaN): ``available`` (fulfillable), ``reserved``,
``unsellable``, ``inbound_working``, ``inbound_shipped``, ``inbound_receiving`` and ``inbound`` =
working + shipped + receiving (the planning report's ``inbound-quantity`` when the parts are absent).
A snapshot has no period: ``start_date`` = ``end_date`` = ``snapshot_date``. Files without a date
(Manage FBA Inventory, Restock) take the day the file was saved (its modification time), and a note
says so.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from helpers import columns as C
from helpers.loaders._cache import SAVED_DAY_NOTE
from helpers.loaders._registry import Column, ReportSpec, register

FBA_INVENTORY = "fba_inventory"
FBA_INVENTORY_PLANNING = "fba_inventory_planning"
RESTOCK = "restock"

SNAPSHOT_DATE = "snapshot_date"
FNSKU = "fnsku"
ASIN = "asin"
CONDITION = "condition"
PRICE = "price"
AVAILABLE = "available"
RESERVED = "reserved"
UNSELLABLE = "unsellable"
INBOUND = "inbound"
INBOUND_WORKING = "inbound_working"
INBOUND_SHIPPED = "inbound_shipped"
INBOUND_RECEIVING = "inbound_receiving"
TOTAL_QUANTITY = "total_quantity"
AFN_LISTING_EXISTS = "afn_listing_exists"
MFN_LISTING_EXISTS = "mfn_listing_exists"
MFN_FULFILLABLE = "mfn_fulfillable"
RESEARCHING = "researching"
AGE_0_90 = "inv_age_0_90"
AGE_91_180 = "inv_age_91_180"
AGE_181_270 = "inv_age_181_270"
AGE_271_365 = "inv_age_271_365"
AGE_366_455 = "inv_age_366_455"
AGE_456_PLUS = "inv_age_456_plus"
AGE_181_PLUS = "inv_age_181_plus"
UNITS_T7 = "units_shipped_t7"
UNITS_T30 = "units_shipped_t30"
UNITS_T60 = "units_shipped_t60"
UNITS_T90 = "units_shipped_t90"
SELL_THROUGH = "sell_through"
DAYS_OF_SUPPLY = "days_of_supply"
WEEKS_OF_COVER_T30 = "weeks_of_cover_t30"
WEEKS_OF_COVER_T90 = "weeks_of_cover_t90"
HISTORICAL_DOS_SHORT = "historical_dos_short"
HISTORICAL_DOS_LONG = "historical_dos_long"
HEALTH_STATUS = "health_status"
ALERT = "alert"
RECOMMENDED_ACTION = "recommended_action"
RECOMMENDED_QTY = "recommended_qty"
RECOMMENDED_DATE = "recommended_date"
ESTIMATED_EXCESS = "estimated_excess"
STORAGE_TYPE = "storage_type"
LOW_INV_FEE_APPLIED = "low_inventory_fee_applied"
LOW_INV_FEE_EXEMPT = "low_inventory_fee_exempt"
UNITS_SOLD_T30 = "units_sold_t30"
LOWEST_PRICE_NEW = "lowest_price_new"
FEATURED_OFFER_PRICE = "featured_offer_price"

AGE_BUCKETS = (AGE_0_90, AGE_91_180, AGE_181_270, AGE_271_365, AGE_366_455, AGE_456_PLUS)
INBOUND_PARTS = (INBOUND_WORKING, INBOUND_SHIPPED, INBOUND_RECEIVING)

#: Canonical columns of every inventory frame, in order (``ClientData.fba_inventory``).
OUTPUT = (
    C.START_DATE, C.END_DATE, SNAPSHOT_DATE, C.CURRENCY, C.SKU, FNSKU, ASIN, C.TITLE, CONDITION, PRICE,
    AVAILABLE, RESERVED, UNSELLABLE, INBOUND, INBOUND_WORKING, INBOUND_SHIPPED, INBOUND_RECEIVING,
    TOTAL_QUANTITY, RESEARCHING, AFN_LISTING_EXISTS, MFN_LISTING_EXISTS, MFN_FULFILLABLE,
    *AGE_BUCKETS, AGE_181_PLUS, UNITS_T7, UNITS_T30, UNITS_T60, UNITS_T90, UNITS_SOLD_T30, SELL_THROUGH,
    DAYS_OF_SUPPLY, WEEKS_OF_COVER_T30, WEEKS_OF_COVER_T90, HISTORICAL_DOS_SHORT, HISTORICAL_DOS_LONG,
    HEALTH_STATUS, ALERT, RECOMMENDED_ACTION, RECOMMENDED_QTY, RECOMMENDED_DATE, ESTIMATED_EXCESS,
    STORAGE_TYPE, LOW_INV_FEE_APPLIED, LOW_INV_FEE_EXEMPT, LOWEST_PRICE_NEW, FEATURED_OFFER_PRICE, C.SOURCE,
)  # fmt: skip


def _snapshot(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    """Snapshot date (the file's own, else the day it was saved), inbound total, aged 181+ units."""
    out = frame.copy()
    if SNAPSHOT_DATE not in out.columns or out[SNAPSHOT_DATE].isna().all():
        saved = dt.datetime.fromtimestamp(ctx.path.stat().st_mtime).date()
        out[SNAPSHOT_DATE] = pd.Timestamp(saved)
        ctx.notes.append(f"{SAVED_DAY_NOTE} {saved} (the day the file was saved)")
    out[SNAPSHOT_DATE] = out[SNAPSHOT_DATE].astype("datetime64[ns]")
    out[C.START_DATE] = out[SNAPSHOT_DATE]
    out[C.END_DATE] = out[SNAPSHOT_DATE]
    parts = [p for p in INBOUND_PARTS if p in out.columns]
    if parts:
        summed = out[parts].sum(axis=1, min_count=1)
        out[INBOUND] = summed if INBOUND not in out.columns else summed.fillna(out[INBOUND])
    old = [b for b in (AGE_181_270, AGE_271_365, AGE_366_455, AGE_456_PLUS) if b in out.columns]
    if old:
        out[AGE_181_PLUS] = out[old].sum(axis=1, min_count=1)
    for flag in (AFN_LISTING_EXISTS, MFN_LISTING_EXISTS, LOW_INV_FEE_APPLIED, LOW_INV_FEE_EXEMPT):
        if flag in out.columns:
            out[flag] = out[flag].map(_yes_no)
    return out


def _yes_no(value: object) -> object:
    """``Yes``/``Y``/``true`` -> True, ``No``/``N``/``false`` -> False, anything else NaN."""
    if not isinstance(value, str):
        return np.nan
    text = value.strip().lower()
    return True if text in ("yes", "y", "true") else False if text in ("no", "n", "false") else np.nan


def inventory_totals(frame: pd.DataFrame) -> dict:
    """Rows, SKUs and summed units (available, inbound, reserved, unsellable) of the latest snapshot."""
    if frame.empty:
        return {"rows": 0, "skus": 0}
    latest = frame[frame[SNAPSHOT_DATE] == frame[SNAPSHOT_DATE].max()]
    out: dict = {"rows": int(len(frame)), "skus": int(latest[C.SKU].nunique())}
    for name in (AVAILABLE, INBOUND, RESERVED, UNSELLABLE):
        values = latest[name]
        out[name] = None if values.isna().all() else float(values.sum())
    return out


def _n(name: str, display: str, *keys: str, kind: str = "number") -> Column:
    return Column(name, kind, display, keys)


MYI_COLUMNS = (
    _n(C.SKU, "sku", "sku", "sellersku", kind="text"),
    _n(FNSKU, "fnsku", "fnsku", kind="text"),
    _n(ASIN, "asin", "asin", kind="text"),
    _n(C.TITLE, "product-name", "productname", kind="text"),
    _n(CONDITION, "condition", "condition", kind="text"),
    _n(PRICE, "your-price", "yourprice", kind="money"),
    _n(MFN_LISTING_EXISTS, "mfn-listing-exists", "mfnlistingexists", kind="text"),
    _n(MFN_FULFILLABLE, "mfn-fulfillable-quantity", "mfnfulfillablequantity"),
    _n(AFN_LISTING_EXISTS, "afn-listing-exists", "afnlistingexists", kind="text"),
    _n(AVAILABLE, "afn-fulfillable-quantity", "afnfulfillablequantity"),
    _n(UNSELLABLE, "afn-unsellable-quantity", "afnunsellablequantity"),
    _n(RESERVED, "afn-reserved-quantity", "afnreservedquantity"),
    _n(TOTAL_QUANTITY, "afn-total-quantity", "afntotalquantity"),
    _n(INBOUND_WORKING, "afn-inbound-working-quantity", "afninboundworkingquantity"),
    _n(INBOUND_SHIPPED, "afn-inbound-shipped-quantity", "afninboundshippedquantity"),
    _n(INBOUND_RECEIVING, "afn-inbound-receiving-quantity", "afninboundreceivingquantity"),
    _n(RESEARCHING, "afn-researching-quantity", "afnresearchingquantity"),
)

PLANNING_COLUMNS = (
    _n(SNAPSHOT_DATE, "snapshot-date", "snapshotdate", kind="date"),
    _n(C.SKU, "sku", "sku", kind="text"),
    _n(FNSKU, "fnsku", "fnsku", kind="text"),
    _n(ASIN, "asin", "asin", kind="text"),
    _n(C.TITLE, "product-name", "productname", kind="text"),
    _n(CONDITION, "condition", "condition", kind="text"),
    _n(C.CURRENCY, "currency", "currency", kind="text"),
    _n(PRICE, "your-price", "yourprice", kind="money"),
    _n(LOWEST_PRICE_NEW, "lowest-price-new-plus-shipping", "lowestpricenewplusshipping", "lowestpricenew",
       kind="money"),
    _n(FEATURED_OFFER_PRICE, "featuredoffer-price", "featuredofferprice", kind="money"),
    _n(AVAILABLE, "available", "available"),
    _n(AGE_0_90, "inv-age-0-to-90-days", "invage0to90days", "inventoryage0to90days"),
    _n(AGE_91_180, "inv-age-91-to-180-days", "invage91to180days", "inventoryage91to180days"),
    _n(AGE_181_270, "inv-age-181-to-270-days", "invage181to270days", "inventoryage181to270days"),
    _n(AGE_271_365, "inv-age-271-to-365-days", "invage271to365days", "inventoryage271to365days"),
    _n(AGE_366_455, "inv-age-366-to-455-days", "invage366to455days", "inventoryage366to455days"),
    _n(AGE_456_PLUS, "inv-age-456-plus-days", "invage456plusdays", "inventoryage456plusdays"),
    _n(UNITS_T7, "units-shipped-t7", "unitsshippedt7"),
    _n(UNITS_T30, "units-shipped-t30", "unitsshippedt30"),
    _n(UNITS_T60, "units-shipped-t60", "unitsshippedt60"),
    _n(UNITS_T90, "units-shipped-t90", "unitsshippedt90"),
    _n(ALERT, "alert", "alert", kind="text"),
    _n(RECOMMENDED_ACTION, "recommended-action", "recommendedaction", kind="text"),
    _n(SELL_THROUGH, "sell-through", "sellthrough"),
    _n(STORAGE_TYPE, "storage-type", "storagetype", kind="text"),
    _n(DAYS_OF_SUPPLY, "days-of-supply", "daysofsupply"),
    _n(ESTIMATED_EXCESS, "estimated-excess-quantity", "estimatedexcessquantity"),
    _n(WEEKS_OF_COVER_T30, "weeks-of-cover-t30", "weeksofcovert30"),
    _n(WEEKS_OF_COVER_T90, "weeks-of-cover-t90", "weeksofcovert90"),
    _n(INBOUND, "inbound-quantity", "inboundquantity"),
    _n(INBOUND_WORKING, "inbound-working", "inboundworking"),
    _n(INBOUND_SHIPPED, "inbound-shipped", "inboundshipped"),
    _n(INBOUND_RECEIVING, "inbound-received", "inboundreceived"),
    _n(RESERVED, "Total Reserved Quantity", "totalreservedquantity"),
    _n(UNSELLABLE, "unfulfillable-quantity", "unfulfillablequantity"),
    _n(HEALTH_STATUS, "fba-inventory-level-health-status", "fbainventorylevelhealthstatus", kind="text"),
    _n(RECOMMENDED_QTY, "Recommended ship-in quantity", "recommendedshipinquantity", "recommendedorderquantity"),
    _n(RECOMMENDED_DATE, "Recommended ship-in date", "recommendedshipindate", kind="date"),
    _n(LOW_INV_FEE_EXEMPT, "Exempted from Low-Inventory-Level fee?", "exemptedfromlowinventorylevelfee", kind="text"),
    _n(LOW_INV_FEE_APPLIED, "Low-Inventory-Level fee applied in current week?",
       "lowinventorylevelfeeappliedincurrentweek", kind="text"),
    _n(HISTORICAL_DOS_SHORT, "Short term historical days of supply", "shorttermhistoricaldaysofsupply"),
    _n(HISTORICAL_DOS_LONG, "Long term historical days of supply", "longtermhistoricaldaysofsupply"),
)

RESTOCK_COLUMNS = (
    _n(C.SKU, "Merchant SKU", "merchantsku", kind="text"),
    _n(FNSKU, "FNSKU", "fnsku", kind="text"),
    _n(ASIN, "ASIN", "asin", kind="text"),
    _n(C.TITLE, "Product Name", "productname", kind="text"),
    _n(CONDITION, "Condition", "condition", kind="text"),
    _n(C.CURRENCY, "Currency code", "currencycode", kind="text"),
    _n(PRICE, "Price", "price", kind="money"),
    _n(UNITS_SOLD_T30, "Units Sold Last 30 Days", "unitssoldlast30days"),
    _n(TOTAL_QUANTITY, "Total Units", "totalunits"),
    _n(INBOUND, "Inbound", "inbound"),
    _n(AVAILABLE, "Available", "available"),
    _n(RESERVED, "Customer Order", "customerorder"),
    _n(UNSELLABLE, "Unfulfillable", "unfulfillable"),
    _n(INBOUND_WORKING, "Working", "working"),
    _n(INBOUND_SHIPPED, "Shipped", "shipped"),
    _n(INBOUND_RECEIVING, "Receiving", "receiving"),
    _n(DAYS_OF_SUPPLY, "Total Days of Supply (including units from open shipments)",
       "totaldaysofsupplyincludingunitsfromopenshipments", "daysofsupplyatamazonfulfillmentnetwork"),
    _n(ALERT, "Alert", "alert", kind="text"),
    _n(RECOMMENDED_QTY, "Recommended replenishment qty", "recommendedreplenishmentqty"),
    _n(RECOMMENDED_DATE, "Recommended ship date", "recommendedshipdate", kind="date"),
    _n(RECOMMENDED_ACTION, "Recommended action", "recommendedaction", kind="text"),
    _n(STORAGE_TYPE, "Unit storage size", "unitstoragesize", kind="text"),
)


def _layout(name: str):
    def layout(ctx) -> str:
        return f"{name}-tsv" if ctx.table.delimiter == "\t" else f"{name}-{ctx.table.kind}"

    return layout


FBA_INVENTORY_SPEC = register(
    ReportSpec(
        name=FBA_INVENTORY,
        family="inventory",
        columns=MYI_COLUMNS,
        fingerprint=(C.SKU, ASIN, AVAILABLE, AFN_LISTING_EXISTS),
        required=(C.SKU, AVAILABLE),
        priority=6,
        output=OUTPUT,
        postprocess=_snapshot,
        layout=_layout("myi"),
        totals=inventory_totals,
        description="Manage FBA Inventory",
    )
)

FBA_INVENTORY_PLANNING_SPEC = register(
    ReportSpec(
        name=FBA_INVENTORY_PLANNING,
        family="inventory",
        columns=PLANNING_COLUMNS,
        fingerprint=(SNAPSHOT_DATE, C.SKU, AVAILABLE, AGE_0_90),
        required=(SNAPSHOT_DATE, C.SKU, AVAILABLE),
        priority=7,
        output=OUTPUT,
        postprocess=_snapshot,
        layout=_layout("planning"),
        totals=inventory_totals,
        description="FBA Inventory (planning) report",
    )
)

RESTOCK_SPEC = register(
    ReportSpec(
        name=RESTOCK,
        family="inventory",
        columns=RESTOCK_COLUMNS,
        fingerprint=(C.SKU, AVAILABLE, RECOMMENDED_QTY),
        required=(C.SKU, AVAILABLE),
        priority=8,
        output=OUTPUT,
        postprocess=_snapshot,
        layout=_layout("restock"),
        totals=inventory_totals,
        description="Restock Inventory report",
    )
)


def latest_inventory(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One inventory frame from the three report types (``ClientData.fba_inventory``).

    Every snapshot of the planning report is kept; a Manage FBA Inventory or Restock snapshot is
    added only for days the planning report does not cover (planning > Manage FBA Inventory >
    Restock, per day). Returns the canonical columns (:data:`OUTPUT`), sorted by snapshot and SKU.
    """
    kept: list[pd.DataFrame] = []
    days: set = set()
    for name in (FBA_INVENTORY_PLANNING, FBA_INVENTORY, RESTOCK):
        frame = frames.get(name)
        if frame is None or frame.empty or SNAPSHOT_DATE not in frame.columns:
            continue
        fresh = frame[~frame[SNAPSHOT_DATE].isin(days)]
        days |= set(fresh[SNAPSHOT_DATE].dropna().unique())
        kept.append(fresh.reindex(columns=list(OUTPUT)))
    if not kept:
        return empty_inventory()
    out = pd.concat(kept, ignore_index=True)
    return out.sort_values([SNAPSHOT_DATE, C.SKU], kind="stable").reset_index(drop=True)


def empty_inventory() -> pd.DataFrame:
    """The canonical inventory frame with no rows (the contract when no inventory file is present)."""
    frame = pd.DataFrame({name: pd.Series(dtype="float64") for name in OUTPUT})
    for name in (C.START_DATE, C.END_DATE, SNAPSHOT_DATE, RECOMMENDED_DATE):
        frame[name] = frame[name].astype("datetime64[ns]")
    for name in (C.CURRENCY, C.SKU, FNSKU, ASIN, C.TITLE, C.SOURCE):
        frame[name] = frame[name].astype("object")
    return frame
