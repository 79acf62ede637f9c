"""Snapshot reports (inventory, listings) in :class:`~helpers.loaders.ClientData`.

Unlike the dated ad and Business Reports, these files describe a moment, not a period, so they are
not combined day by day: inventory keeps one snapshot per day (the last-saved file wins a day that
two downloads share), listings keep the most recently saved download only.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from helpers import columns as C
from helpers.loaders import category_listings, inventory, listings

#: ClientData attribute -> report types it is built from.
SNAPSHOT_FRAMES = {
    "fba_inventory": (inventory.FBA_INVENTORY_PLANNING, inventory.FBA_INVENTORY, inventory.RESTOCK),
    "listings": (listings.ALL_LISTINGS,),
    "category_listings": (category_listings.CATEGORY_LISTINGS,),
}


def _saved(report: Any) -> tuple:
    try:
        return (report.path.stat().st_mtime, str(report.path))
    except OSError:
        return (0.0, str(report.path))


def _per_day(reports: list[Any]) -> pd.DataFrame:
    frames = [r.frame for r in sorted(reports, key=_saved) if not r.frame.empty]
    if not frames:
        return pd.DataFrame()
    stacked = pd.concat(frames, ignore_index=True)
    newest = stacked.groupby(inventory.SNAPSHOT_DATE)[C.SOURCE].transform("last")
    return stacked[stacked[C.SOURCE] == newest].reset_index(drop=True)


def _latest(reports: list[Any], report_type: str) -> pd.DataFrame:
    from helpers.loaders import empty_frame

    if not reports:
        return empty_frame(report_type)
    return max(reports, key=_saved).frame.reset_index(drop=True)


def snapshot_frames(by_type: dict[str, list[Any]]) -> dict[str, pd.DataFrame]:
    """``fba_inventory`` (see :func:`helpers.loaders.inventory.latest_inventory`), ``listings`` (All
    Listings) and ``category_listings`` (flat file) from the reports of a client, by report type."""
    stock = {name: _per_day(by_type.get(name, [])) for name in SNAPSHOT_FRAMES["fba_inventory"]}
    return {
        "fba_inventory": inventory.latest_inventory(stock),
        "listings": _latest(by_type.get(listings.ALL_LISTINGS, []), listings.ALL_LISTINGS),
        "category_listings": _latest(
            by_type.get(category_listings.CATEGORY_LISTINGS, []), category_listings.CATEGORY_LISTINGS
        ),
    }
