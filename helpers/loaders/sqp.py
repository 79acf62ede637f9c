"""Brand Analytics — Search Query Performance (amazon-reports.md §6.3), Brand View and ASIN View.

Row 1 is a metadata row (``Brand=["…"]``, ``Reporting Range=["Weekly"]``, ``Select week=[…]``);
the header is found below it by the shared header scan. Every value is a quoted string; percent
columns are plain numbers without ``%`` (``"34.21"`` = 34.21 %) and become fractions here;
missing medians are empty (NaN). ``Reporting Date`` is the last day of the week (Saturday) or
month: it becomes ``end_date``, and ``start_date`` is 6 days earlier for weekly files, the first
of the month for monthly ones, the first day of the quarter for quarterly ones (from the
``Reporting Range`` in the metadata row; weekly when absent, with a note). UK "Basket Adds" and
"Add to Cart" headers feed the ``cart_adds_*`` columns; ASIN View "ASIN Count/Share" feed the
``*_brand_*`` columns (the share that is ours either way).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers import columns as C
from helpers.loaders._registry import Column, ReportSpec, register

SQP = "sqp"
SEARCH_QUERY = "search_query"
REPORTING_RANGE = "reporting_range"

_FUNNEL = {
    "impressions": ("impressions",),
    "clicks": ("clicks",),
    "cart_adds": ("cartadds", "basketadds", "addtocart"),
    "purchases": ("purchases",),
}


def _funnel_columns() -> tuple[Column, ...]:
    out = []
    for stage, prefixes in _FUNNEL.items():
        label = stage.replace("_", " ").title()
        out.append(
            Column(
                f"{stage}_total", "number", f"{label}: Total Count", tuple(f"{p}totalcount" for p in prefixes)
            )
        )
        out.append(
            Column(
                f"{stage}_brand",
                "number",
                f"{label}: Brand Count",
                tuple(f"{p}{who}count" for p in prefixes for who in ("brand", "asin")),
            )
        )
        out.append(
            Column(
                f"{stage}_brand_share",
                "number",
                f"{label}: Brand Share %",
                tuple(f"{p}{who}share" for p in prefixes for who in ("brand", "asin")),
            )
        )
        if stage != "impressions":
            rate = {"clicks": "clickrate", "cart_adds": None, "purchases": "purchaserate"}[stage]
            keys = (
                ("cartaddscartaddrate", "basketaddsbasketaddrate", "addtocartaddtocartrate")
                if rate is None
                else (f"{stage.replace('_', '')}{rate}",)
            )
            out.append(Column(f"{stage}_rate", "number", f"{label}: Rate %", keys))
            out.append(
                Column(
                    f"{stage}_price_median",
                    "money",
                    f"{label}: Price (Median)",
                    tuple(f"{p}pricemedian" for p in prefixes),
                )
            )
    return tuple(out)


SQP_COLUMNS = (
    Column(SEARCH_QUERY, "text", "Search Query", ("searchquery", "suchabfrage@de")),
    Column("search_query_score", "number", "Search Query Score", ("searchqueryscore",)),
    Column(
        "search_query_volume",
        "number",
        "Search Query Volume",
        ("searchqueryvolume", "volumendersuchabfrage@de"),
    ),
    *_funnel_columns(),
    Column(C.END_DATE, "date", "Reporting Date", ("reportingdate",)),
)
_SHARES = [c.name for c in SQP_COLUMNS if c.name.endswith(("_share", "_rate"))]
_RANGE_RE = re.compile(r"reporting\s*range\s*=\s*\[\s*\"?([a-z]+)", re.IGNORECASE)


def postprocess_sqp(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    frame = frame.copy()
    for name in _SHARES:
        if name in frame.columns:
            frame[name] = frame[name] / 100.0
    found = _RANGE_RE.search(ctx.table.metadata_row)
    span = found.group(1).lower() if found else "weekly"
    if not found:
        ctx.notes.append("no 'Reporting Range' in the metadata row; assuming weekly")
    end = frame[C.END_DATE]
    if span.startswith("month"):
        start = end.dt.to_period("M").dt.start_time
    elif span.startswith("quarter"):
        start = end.dt.to_period("Q").dt.start_time
    else:
        start = end - pd.Timedelta(days=6)
    frame[C.START_DATE] = start.astype("datetime64[ns]")
    frame[REPORTING_RANGE] = span
    frame[C.CURRENCY] = frame.get(C.CURRENCY, np.nan)
    return frame


def sqp_totals(frame: pd.DataFrame) -> dict:
    return {
        "queries": int(frame[SEARCH_QUERY].nunique()),
        "purchases_brand": float(frame["purchases_brand"].sum()) if "purchases_brand" in frame else None,
    }


SQP_SPEC = register(
    ReportSpec(
        name=SQP,
        family="brand_analytics",
        columns=SQP_COLUMNS,
        fingerprint=(SEARCH_QUERY, "search_query_volume"),
        required=(SEARCH_QUERY, C.END_DATE),
        priority=25,
        output=(
            C.START_DATE,
            C.END_DATE,
            REPORTING_RANGE,
            *[c.name for c in SQP_COLUMNS if c.name != C.END_DATE],
        ),
        postprocess=postprocess_sqp,
        layout=lambda ctx: f"sqp-{ctx.table.kind}",
        totals=sqp_totals,
        description="Brand Analytics Search Query Performance",
    )
)
