"""Inventory health per SKU from the latest FBA inventory snapshot.

Pure functions over ``ClientData.fba_inventory`` (see :mod:`helpers.loaders.inventory`). The limits
(weeks of cover, aged units, low-inventory-level fee days) are judged by the audit rule table.
"""

from __future__ import annotations

import math

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


# -- stock positions -------------------------------------------------------------------------------------
#: Columns of :func:`stock_positions`. ``available``/``inbound`` are NaN when ``known`` is False.
POSITION_COLUMNS = ("asin", "available", "inbound", "counted_on", "source", "known", "counted", "sold_since")
#: Where a position comes from (the ``source`` column): an FBA inventory snapshot, units declared in the
#: params (a launch's stock on its launch date, or the seasonal stock lines), or nothing ("unknown").
SNAPSHOT, DECLARED, UNKNOWN = "snapshot", "declared", "unknown"


def declared_stock(rows: list[tuple[str, float, float, object]] | tuple = ()) -> pd.DataFrame:
    """Stock the params declare, as ``(asin, available, inbound, counted_on)`` rows, in the frame
    :func:`stock_positions` takes (``counted_on`` a date; the count holds from that day on)."""
    frame = pd.DataFrame(list(rows), columns=["asin", "available", "inbound", "counted_on"])
    frame["asin"] = frame["asin"].astype(str).str.upper()
    frame[["available", "inbound"]] = frame[["available", "inbound"]].astype(float)
    frame["counted_on"] = pd.to_datetime(frame["counted_on"])
    return frame


def units_sold_between(sold: pd.DataFrame | None, asin: str, first: pd.Timestamp, last: pd.Timestamp) -> float:
    """Units of ``asin`` sold from the day after ``first`` through ``last``, from report periods
    (columns asin, start_date, end_date, units): each period counts in proportion to the days it shares
    with that span (a monthly report is spread evenly over its days). NaN when no period covers any of it.

    >>> s = pd.DataFrame({"asin": ["B01"], "start_date": pd.to_datetime(["2026-10-01"]),
    ...                   "end_date": pd.to_datetime(["2026-10-31"]), "units": [310.0]})
    >>> units_sold_between(s, "B01", pd.Timestamp("2026-10-05"), pd.Timestamp("2026-11-15"))
    260.0
    """
    if sold is None or sold.empty or last <= first:
        return 0.0 if last <= first else math.nan
    rows = sold[sold["asin"].astype(str).str.upper() == asin]
    if rows.empty:
        return math.nan
    lo = rows["start_date"].clip(lower=first + pd.Timedelta(days=1))
    hi = rows["end_date"].clip(upper=last)
    share = ((hi - lo).dt.days + 1).clip(lower=0) / ((rows["end_date"] - rows["start_date"]).dt.days + 1)
    if not (share > 0).any():
        return math.nan
    return float((rows["units"].astype(float) * share).sum())


def sold_from_business(business_asin: pd.DataFrame | None) -> pd.DataFrame:
    """Units per child ASIN and report period from the Business Report by child item, in the frame
    :func:`units_sold_between` reads."""
    cols = ["asin", "start_date", "end_date", "units"]
    if business_asin is None or business_asin.empty:
        return pd.DataFrame(columns=cols)
    out = business_asin.rename(columns={c.CHILD_ASIN: "asin", c.START_DATE: "start_date", c.END_DATE: "end_date",
                                        c.UNITS: "units"})
    out = out.groupby(["asin", "start_date", "end_date"], as_index=False)["units"].sum()
    return out[cols]


def stock_positions(
    inventory: pd.DataFrame | None, *, as_of: object, asins: list[str] | tuple | pd.Series = (),
    declared: pd.DataFrame | None = None, sold: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Units at FBA per ASIN on ``as_of``: the one answer launch, seasonal (and audit/QBR) share.

    For each ASIN (those of ``asins``, plus every ASIN counted on or before ``as_of``) the latest count
    on or before ``as_of`` wins: the FBA inventory snapshot (available and inbound summed over the ASIN's
    SKUs) or a ``declared`` count from the params (:func:`declared_stock`); on the same day the snapshot
    wins. An ASIN with no count on or before ``as_of`` is *unknown*: ``available`` and ``inbound`` NaN,
    ``known`` False, never 0 — a missing report is not an empty warehouse.

    A declared count made before ``as_of`` is carried forward: ``available`` = the count − the units
    sold since (``sold``: :func:`sold_from_business`, through :func:`units_sold_between`; floor 0), with
    ``sold_since`` the units sold since the count (0 for a snapshot, or a count without sales data) and
    ``counted`` the units the count itself found.

    Columns: :data:`POSITION_COLUMNS` (``counted_on`` a Timestamp, NaT when unknown), one row per ASIN,
    sorted by ASIN.

    >>> snap = pd.DataFrame({"snapshot_date": pd.to_datetime(["2026-11-15"] * 2), "asin": ["B01", "B01"],
    ...                      "available": [5.0, 7.0], "inbound": [0.0, 3.0]})
    >>> p = stock_positions(snap, as_of="2026-11-20", asins=["B01", "B02"]).set_index("asin")
    >>> float(p.loc["B01", "available"]), bool(p.loc["B02", "known"])
    (12.0, False)
    """
    day = pd.Timestamp(as_of)
    counts = []
    if inventory is not None and not inventory.empty and inv.SNAPSHOT_DATE in inventory:
        snaps = inventory[pd.to_datetime(inventory[inv.SNAPSHOT_DATE]) <= day]
        if not snaps.empty:
            snaps = snaps.assign(asin=snaps[inv.ASIN].astype(str).str.upper(),
                                 counted_on=pd.to_datetime(snaps[inv.SNAPSHOT_DATE]))
            per = snaps.groupby(["asin", "counted_on"], as_index=False)[[inv.AVAILABLE, inv.INBOUND]].sum(min_count=1)
            per = per.rename(columns={inv.AVAILABLE: "available", inv.INBOUND: "inbound"})
            counts.append(per.fillna({"available": 0.0, "inbound": 0.0}).assign(source=SNAPSHOT, rank=1))
    if declared is not None and not declared.empty:
        mine = declared[pd.to_datetime(declared["counted_on"]) <= day]
        counts.append(mine.assign(source=DECLARED, rank=0))
    wanted = pd.Series([str(a).upper() for a in asins], dtype=object)
    if counts:
        allc = pd.concat(counts, ignore_index=True).sort_values(["asin", "counted_on", "rank"], kind="stable")
        latest = allc.groupby("asin", as_index=False).tail(1)
    else:
        latest = pd.DataFrame(columns=["asin", "available", "inbound", "counted_on", "source"])
    every = pd.DataFrame({"asin": pd.unique(pd.concat([wanted, latest["asin"]], ignore_index=True))})
    out = every.merge(latest[["asin", "available", "inbound", "counted_on", "source"]], on="asin", how="left")
    out["available"] = out["available"].astype(float)
    out["inbound"] = out["inbound"].astype(float)
    out["counted_on"] = pd.to_datetime(out["counted_on"])
    out["known"] = out["source"].notna()
    out["source"] = out["source"].fillna(UNKNOWN).astype(object)
    out["sold_since"] = 0.0
    carried = (out["source"] == DECLARED) & (out["counted_on"] < day)
    for i in out.index[carried]:
        since = units_sold_between(sold, out.at[i, "asin"], out.at[i, "counted_on"], day)
        if math.isfinite(since):
            out.at[i, "sold_since"] = since
    known = out["known"]
    out["counted"] = out["available"]
    out.loc[known, "available"] = (out.loc[known, "available"] - out.loc[known, "sold_since"]).clip(lower=0.0)
    return out.sort_values("asin", kind="stable").reset_index(drop=True)[list(POSITION_COLUMNS)]


def declared_from_params(params: object, *, as_of: object) -> pd.DataFrame:
    """:func:`declared_stock` of the params: each launch with an ASIN declares ``stock_on_hand``
    (and its inbound shipments) on its launch date; ``seasonal.stock`` lines are counts made for the
    plan, dated ``as_of``."""
    rows = []
    for launch in getattr(params, "launches", {}).values():
        if launch.asin:
            inbound = float(sum(s.units for s in launch.inbound))
            rows.append((launch.asin, float(launch.stock_on_hand), inbound, launch.launch_date))
    seasonal = getattr(params, "seasonal", None)
    for asin, line in (getattr(seasonal, "stock", None) or {}).items():
        rows.append((asin, float(line.available), float(line.inbound), pd.Timestamp(as_of)))
    return declared_stock(rows)
