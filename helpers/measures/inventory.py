"""Inventory health per SKU from the latest FBA inventory snapshot.

Pure functions over ``ClientData.fba_inventory`` (see :mod:`helpers.loaders.inventory`). The limits
(weeks of cover, aged units, low-inventory-level fee days) are judged by the audit rule table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers.loaders import inventory as inv

HEALTH_COLUMNS = ("sku", "asin", "available", "inbound", "reserved", "unsellable", "units_shipped_t30",
                  "weeks_of_cover", "sell_through", "aged_181_plus_units", "historical_dos_short",
                  "historical_dos_long", "historical_dos_max", "stranded_units", "snapshot_date")  # fmt: skip


def latest_snapshot(inventory: pd.DataFrame) -> pd.DataFrame:
    """Rows of the most recent ``snapshot_date`` (empty in, empty out)."""
    if inventory.empty:
        return inventory
    return inventory[inventory[inv.SNAPSHOT_DATE] == inventory[inv.SNAPSHOT_DATE].max()]


def health(inventory: pd.DataFrame, listings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per SKU of the latest snapshot:

    * ``weeks_of_cover`` — Amazon's ``weeks-of-cover-t30`` when given, else available ÷ (units shipped
      in 30 days ÷ 30 × 7); NaN with no sales (higher = more stock; under 2 risks a stock-out).
    * ``aged_181_plus_units`` — units aged 181 days or more (aged-inventory surcharge).
    * ``historical_dos_max`` — the larger of the short- and long-term historical days of supply: the
      low-inventory-level fee applies when BOTH are under the limit, i.e. when this max is.
    * ``stranded_units`` — available + reserved units of a SKU whose offer is not active (Manage
      FBA Inventory ``afn-listing-exists`` = No, or All Listings status not Active); 0 otherwise.
    """
    snap = latest_snapshot(inventory)
    if snap.empty:
        return pd.DataFrame(columns=list(HEALTH_COLUMNS))
    out = snap.groupby(c.SKU, sort=True).agg(
        asin=(inv.ASIN, "first"),
        available=(inv.AVAILABLE, "sum"),
        inbound=(inv.INBOUND, "sum"),
        reserved=(inv.RESERVED, "sum"),
        unsellable=(inv.UNSELLABLE, "sum"),
        units_shipped_t30=(inv.UNITS_T30, lambda s: s.sum(min_count=1)),
        weeks_amazon=(inv.WEEKS_OF_COVER_T30, "max"),
        sell_through=(inv.SELL_THROUGH, "max"),
        aged_181_plus_units=(inv.AGE_181_PLUS, lambda s: s.sum(min_count=1)),
        historical_dos_short=(inv.HISTORICAL_DOS_SHORT, "max"),
        historical_dos_long=(inv.HISTORICAL_DOS_LONG, "max"),
        afn_listing=(inv.AFN_LISTING_EXISTS, lambda s: s.dropna().iloc[-1] if s.notna().any() else np.nan),
        snapshot_date=(inv.SNAPSHOT_DATE, "max"),
    ).rename_axis("sku").reset_index()
    daily = out["units_shipped_t30"] / 30
    computed = out["available"] / (daily * 7).where(daily > 0)
    out["weeks_of_cover"] = out["weeks_amazon"].where(out["weeks_amazon"].notna(), computed)
    out["weeks_of_cover"] = out["weeks_of_cover"].where(out["units_shipped_t30"].fillna(1) > 0)
    out["historical_dos_max"] = out[["historical_dos_short", "historical_dos_long"]].max(axis=1, skipna=False)
    inactive = out["afn_listing"].map(lambda v: v is False or v == 0.0 if not pd.isna(v) else False).astype(bool)
    if listings is not None and not listings.empty and "status" in listings.columns:
        status = listings.drop_duplicates(c.SKU, keep="last").set_index(c.SKU)["status"]
        known = out["sku"].map(status)
        inactive |= known.notna() & ~known.astype(str).str.lower().eq("active")
    units = out[["available", "reserved"]].sum(axis=1)
    out["stranded_units"] = units.where(inactive, 0.0)
    return out[list(HEALTH_COLUMNS)]


HEALTH_FORMATS = {"available": "count", "inbound": "count", "reserved": "count", "unsellable": "count",
                  "units_shipped_t30": "count", "weeks_of_cover": "decimal", "sell_through": "ratio",
                  "aged_181_plus_units": "count", "historical_dos_short": "count", "historical_dos_long": "count",
                  "historical_dos_max": "count", "stranded_units": "count"}  # fmt: skip
HEALTH_LABELS = {"sku": "SKU", "available": "Avail.", "inbound": "Inbound", "units_shipped_t30": "30-d units",
                 "weeks_of_cover": "Cover (wk)", "sell_through": "Sell-thr.", "aged_181_plus_units": "Aged 181+",
                 "historical_dos_short": "Hist. DoS 30 d", "historical_dos_long": "Hist. DoS 90 d",
                 "historical_dos_max": "Hist. DoS", "stranded_units": "Stranded"}  # fmt: skip
HEALTH_SHOWN = ["sku", "available", "inbound", "units_shipped_t30", "weeks_of_cover", "sell_through",
                "aged_181_plus_units", "historical_dos_max", "stranded_units"]
