"""Account ad totals per day and ad type, from whatever ad reports a client folder holds.

Several reports carry the same spend: an SP campaign report and an SP search term report of the same
days sum to the same money. For each ad type and each day, exactly one report type is used: the
first in :data:`SOURCES` that has rows for that day. A period (a day, or a summary export's date
range) is taken from a source only when none of its days is already taken by a preferred source;
the ``sources`` frame says which report feeds which days, and ``notes`` what was left out.

Sponsored Products performance over time reports (spend and clicks only, no sales) are never a
source: a total with spend and no sales would make ACoS and TACoS wrong.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers import columns as C
from helpers.loaders.ad_reports import (
    AD_CAMPAIGNS,
    AD_PLACEMENTS,
    AD_TYPE,
    SB_KEYWORDS,
    SD_ADVERTISED_PRODUCTS,
    SD_TARGETING,
)
from helpers.loaders.sb import SB_SEARCH_TERMS

#: Report types per ad type, most complete first: the campaign report holds every campaign's
#: spend; targeting/advertised product reports every click; search term reports leave out
#: nothing either in the console, but the API and the SB report omit some traffic.
SOURCES: dict[str, tuple[str, ...]] = {
    "SP": (AD_CAMPAIGNS, C.SP_TARGETING, C.SP_ADVERTISED_PRODUCTS, AD_PLACEMENTS, C.SP_SEARCH_TERMS),
    "SB": (AD_CAMPAIGNS, AD_PLACEMENTS, SB_KEYWORDS, SB_SEARCH_TERMS),
    "SD": (AD_CAMPAIGNS, SD_ADVERTISED_PRODUCTS, SD_TARGETING),
}
_FIXED_TYPE = {
    C.SP_TARGETING: "SP", C.SP_ADVERTISED_PRODUCTS: "SP", C.SP_SEARCH_TERMS: "SP", SB_KEYWORDS: "SB",
    SB_SEARCH_TERMS: "SB", SD_ADVERTISED_PRODUCTS: "SD", SD_TARGETING: "SD",
}  # fmt: skip
BASES = (C.IMPRESSIONS, C.CLICKS, C.SPEND, C.SALES, C.ORDERS, C.UNITS)
COLUMNS = (C.START_DATE, C.END_DATE, AD_TYPE, "report", *BASES)


@dataclass(frozen=True)
class AdDays:
    """Ad totals per period and ad type, each period from one report type.

    ``daily``: one row per (start_date, end_date, ad_type) — a daily export gives
    ``start_date == end_date``, a summary export its date range — with ``report`` (the report type
    used) and the summed bases impressions, clicks, spend, sales, orders, units (NaN where the
    report has no such column). ``sources``: per ad type and report, the first and last day used
    and the number of days. ``ad_types``: the ad types counted (SP, SB, SD), in that order.
    """

    daily: pd.DataFrame
    sources: pd.DataFrame
    ad_types: tuple[str, ...]
    notes: tuple[str, ...] = field(default=())


def _rows_of(kind: str, frame: pd.DataFrame, ad_type: str) -> pd.DataFrame:
    if frame is None or frame.empty:
        return frame.iloc[0:0] if frame is not None else pd.DataFrame()
    if kind in _FIXED_TYPE:
        return frame if _FIXED_TYPE[kind] == ad_type else frame.iloc[0:0]
    return frame[frame[AD_TYPE].eq(ad_type).fillna(False).to_numpy()] if AD_TYPE in frame else frame.iloc[0:0]


def _periods(frame: pd.DataFrame) -> pd.DataFrame:
    dated = frame[frame[C.START_DATE].notna() & frame[C.END_DATE].notna()]
    present = [b for b in BASES if b in dated.columns]
    grouped = dated.groupby([C.START_DATE, C.END_DATE])[present].sum(min_count=1).reset_index()
    for base in BASES:
        if base not in grouped:
            grouped[base] = np.nan
    return grouped


def _days(start: pd.Timestamp, end: pd.Timestamp) -> range:
    return range(start.toordinal(), end.toordinal() + 1)


def ad_days(frames: Mapping[str, pd.DataFrame]) -> AdDays:
    """Ad spend, sales, orders, clicks (and impressions, units) per day and ad type, one report
    type per ad type and day (see the module docstring), from ``frames`` = report type → combined
    frame (:attr:`helpers.loaders.ClientData.frames`)."""
    pieces: list[pd.DataFrame] = []
    used: list[dict] = []
    notes: list[str] = []
    for ad_type, kinds in SOURCES.items():
        claimed: set[int] = set()
        passed_over: dict[str, set[int]] = {}
        for kind in kinds:
            rows = _rows_of(kind, frames.get(kind), ad_type)
            if rows is None or rows.empty:
                continue
            periods = _periods(rows)
            keep = []
            taken: set[int] = set()
            for start, end in zip(periods[C.START_DATE], periods[C.END_DATE], strict=True):
                days = _days(start, end)
                if any(d in claimed for d in days):
                    passed_over.setdefault(kind, set()).update(days)
                    keep.append(False)
                    continue
                keep.append(True)
                taken.update(days)
            claimed |= taken
            chosen = periods[np.array(keep, dtype=bool)]
            if chosen.empty:
                continue
            chosen = chosen.assign(**{AD_TYPE: ad_type, "report": kind})
            pieces.append(chosen)
            used.append(
                {
                    AD_TYPE: ad_type,
                    "report": kind,
                    "first": dt.date.fromordinal(min(taken)),
                    "last": dt.date.fromordinal(max(taken)),
                    "days": len(taken),
                }
            )
        for kind, days in passed_over.items():
            lost = days - claimed
            if lost:
                notes.append(
                    f"{ad_type}: {len(lost)} day(s) of the {kind} rows not counted: their date ranges "
                    "overlap days already taken from a more complete report"
                )
    for kind in (AD_CAMPAIGNS, AD_PLACEMENTS):
        frame = frames.get(kind)
        if frame is not None and not frame.empty and AD_TYPE in frame and frame[AD_TYPE].isna().any():
            files = sorted(set(frame.loc[frame[AD_TYPE].isna(), C.SOURCE].dropna()))
            notes.append(
                f"{', '.join(files)}: ad type (Sponsored Products, Brands or Display) not recognisable; "
                "its spend is not counted"
            )
    if pieces:
        daily = pd.concat(pieces, ignore_index=True)[list(COLUMNS)]
        daily = daily.sort_values([AD_TYPE, C.START_DATE, C.END_DATE], kind="stable").reset_index(drop=True)
    else:
        daily = pd.DataFrame({name: pd.Series(dtype=_dtype(name)) for name in COLUMNS})
    daily[AD_TYPE] = daily[AD_TYPE].astype("str")
    daily["report"] = daily["report"].astype("str")
    sources = pd.DataFrame(used, columns=[AD_TYPE, "report", "first", "last", "days"])
    ad_types = tuple(t for t in SOURCES if t in set(daily[AD_TYPE]))
    return AdDays(daily=daily, sources=sources, ad_types=ad_types, notes=tuple(notes))


def _dtype(name: str) -> str:
    if name in (C.START_DATE, C.END_DATE):
        return "datetime64[ns]"
    if name in (AD_TYPE, "report"):
        return "str"
    return "float64"
