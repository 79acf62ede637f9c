"""Sponsored Products reports: search terms, targeting, advertised products.

One alias table serves the three reports and every header generation: legacy console xlsx/csv
(``7 Day Total Sales ``, ``14 Day Total Sales (₹)``, ``(ACoS)``/``(ACOS)``), the 2025+ console CSV
(``Budget currency``, ``Date range``, ``Total cost``, ``Purchases``, ``Units sold``), Ads API v3 column
names (``cost``, ``sales7d``, ``purchases7d``, ``unitsSoldClicks7d``...), German and Japanese console
headers. Amazon's precomputed ratios (CTR, CPC, ACoS, ROAS, conversion rate) are not mapped, so
they are dropped. See amazon-reports.md §1, §2 and §11.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers import columns as C
from helpers.errors import InputFileError
from helpers.loaders._registry import Column, ReportSpec, register
from helpers.loaders._values import quote

W = r"(?P<window>\d+)"

# match-type values in other console languages -> the English enum; NaN for auto/product targeting
MATCH_TYPES = {
    "EXACT": "EXACT", "PHRASE": "PHRASE", "BROAD": "BROAD",
    "完全一致": "EXACT", "フレーズ一致": "PHRASE", "部分一致": "BROAD",
    "GENAU": "EXACT", "WORTGRUPPE": "PHRASE", "WEITGEHEND": "BROAD",
    "-": np.nan, "TARGETING_EXPRESSION": np.nan, "TARGETING_EXPRESSION_PREDEFINED": np.nan,
}  # fmt: skip

AD_COLUMNS = (
    Column(C.DATE, "date", "Date", ("date", "datum@de", "日付@ja")),
    Column(C.START_DATE, "date", "Start Date", ("startdate", "startdatum@de", "開始日@ja")),
    Column(C.END_DATE, "date", "End Date", ("enddate", "enddatum@de", "終了日@ja")),
    Column("date_range", "daterange", "Date range", ("daterange",)),
    Column(
        C.CURRENCY,
        "text",
        "Currency",
        ("currency", "budgetcurrency", "campaignbudgetcurrencycode", "währung@de", "通貨@ja"),
    ),
    Column(C.PORTFOLIO, "text", "Portfolio name", ("portfolioname", "portfolio", "ポートフォリオ名@ja")),
    Column(
        C.CAMPAIGN,
        "text",
        "Campaign Name",
        ("campaignname", "campaign", "kampagnenname@de", "kampagne@de", "キャンペーン名@ja"),
    ),
    Column(C.CAMPAIGN_ID, "id", "Campaign ID", ("campaignid", "kampagnenid@de", "キャンペーンid@ja")),
    Column(
        C.AD_GROUP,
        "text",
        "Ad Group Name",
        ("adgroupname", "adgroup", "anzeigengruppenname@de", "anzeigengruppe@de", "広告グループ名@ja"),
    ),
    Column(C.AD_GROUP_ID, "id", "Ad Group ID", ("adgroupid", "anzeigengruppenid@de", "広告グループid@ja")),
    Column(
        C.TARGETING,
        "text",
        "Targeting",
        (
            "targeting",
            "keyword",
            "keywordtext",
            "target",
            "targetvalue",
            "matchedtarget",
            "ターゲティング@ja",
        ),
    ),
    Column(
        C.MATCH_TYPE,
        "text",
        "Match Type",
        ("matchtype", "targetmatchtype", "keywordtype", "übereinstimmungstyp@de", "マッチタイプ@ja"),
    ),
    Column(
        C.SEARCH_TERM,
        "text",
        "Customer Search Term",
        (
            "customersearchterm",
            "searchterm",
            "suchbegriffdeskunden@de",
            "kundensuchbegriff@de",
            "カスタマーの検索キーワード@ja",
        ),
    ),
    Column(
        C.ADVERTISED_SKU,
        "text",
        "Advertised SKU",
        ("advertisedsku", "advertisedproductsku", "beworbenesku@de"),
    ),
    Column(
        C.ADVERTISED_ASIN,
        "text",
        "Advertised ASIN",
        ("advertisedasin", "advertisedproductid", "beworbeneasin@de", "広告asin@ja"),
    ),
    Column(C.IMPRESSIONS, "number", "Impressions", ("impressions", "impressionen@de", "インプレッション@ja")),
    Column(C.CLICKS, "number", "Clicks", ("clicks", "klicks@de", "クリック@ja", "クリック数@ja")),
    Column(
        C.SPEND,
        "money",
        "Spend",
        ("spend", "totalcost", "cost", "spendusd", "ausgaben@de", "kosten@de", "費用@ja", "広告費@ja"),
    ),
    Column(
        C.SALES,
        "money",
        "7 Day Total Sales",
        ("sales", "salesusd"),
        (
            rf"{W}daytotalsales",
            rf"{W}tageumsatzgesamt@de",
            rf"{W}tagegesamtumsatz@de",
            rf"\D*{W}日間の総売上高@ja",
            rf"sales{W}d",
        ),
    ),
    Column(
        C.ORDERS,
        "number",
        "7 Day Total Orders (#)",
        ("purchases", "orders"),
        (
            rf"{W}daytotalorders",
            rf"{W}tagebestellungengesamt@de",
            rf"\D*{W}日間の合計注文数@ja",
            rf"purchases{W}d",
        ),
    ),
    Column(
        C.UNITS,
        "number",
        "7 Day Total Units (#)",
        ("unitssold", "units"),
        (
            rf"{W}daytotalunits",
            rf"{W}tageeinheitengesamt@de",
            rf"\D*{W}日間の合計販売数@ja",
            rf"unitssoldclicks{W}d",
        ),
    ),
    Column(
        C.ADV_SKU_SALES,
        "money",
        "7 Day Advertised SKU Sales",
        ("salespromoted",),
        (rf"{W}dayadvertised(?:sku|asin)sales", rf"attributedsalessamesku{W}d"),
    ),
    Column(
        C.OTHER_SKU_SALES,
        "money",
        "7 Day Other SKU Sales",
        ("saleshalo",),
        (rf"{W}day(?:othersku|brandhaloasin)sales", rf"salesothersku{W}d"),
    ),
    Column(
        C.ADV_SKU_UNITS,
        "number",
        "7 Day Advertised SKU Units (#)",
        ("unitssoldpromoted",),
        (rf"{W}dayadvertised(?:sku|asin)units", rf"unitssoldsamesku{W}d"),
    ),
    Column(
        C.OTHER_SKU_UNITS,
        "number",
        "7 Day Other SKU Units (#)",
        ("unitssoldhalo",),
        (rf"{W}day(?:othersku|brandhaloasin)units", rf"unitssoldothersku{W}d"),
    ),
)

_DATES = (C.DATE, C.START_DATE, "date_range")
_METRICS = (C.IMPRESSIONS, C.CLICKS, C.SPEND, C.SALES, C.ORDERS)
_TAIL = (
    C.IMPRESSIONS, C.CLICKS, C.SPEND, C.SALES, C.ORDERS, C.UNITS,
    C.ADV_SKU_SALES, C.OTHER_SKU_SALES, C.ADV_SKU_UNITS, C.OTHER_SKU_UNITS, C.WINDOW_DAYS, C.SOURCE,
)  # fmt: skip
#: The identifying columns every ad report's canonical frame starts with (SB reuses them).
AD_HEAD = (
    C.START_DATE,
    C.END_DATE,
    C.CURRENCY,
    C.PORTFOLIO,
    C.CAMPAIGN,
    C.CAMPAIGN_ID,
    C.AD_GROUP,
    C.AD_GROUP_ID,
)

_CONSOLE_2025_KEYS = {"daterange", "budgetcurrency", "totalcost", "unitssold"}
_API_V3_KEYS = {"cost", "campaignbudgetcurrencycode", "adgroupname", "campaignname"}


def ads_layout(ctx) -> str:
    keys = set(ctx.match.keys.values())
    raw = [h for h in ctx.table.headers if h]
    if keys & _CONSOLE_2025_KEYS:
        return f"console-2025-{ctx.table.kind}"
    camel = sum(1 for h in raw if " " not in h and any(c.isupper() for c in h[1:]) and h[:1].islower())
    if any(re.fullmatch(r"(?:sales|purchases|unitssoldclicks)\d+d", k) for k in keys):
        return "api-v3"
    if camel >= 2 and keys & _API_V3_KEYS:
        return "api-v3"
    return f"console-{ctx.table.kind}"


def _split_range(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    ranges = frame["date_range"]
    parts = ranges.str.split(r"\s+[-–—]\s+|\s*[–—]\s*", n=1, regex=True, expand=True)
    if parts.shape[1] < 2:
        parts[1] = parts[0]
    bad = ranges.notna() & parts[1].isna()
    if bad.any():
        label = ranges.index[bad.to_numpy().nonzero()[0][0]]
        header = ctx.header("date_range")
        raise InputFileError(
            f"value {quote(ranges[label])} in column {quote(header)} is not a date range like "
            "'Aug 18, 2026 - Aug 24, 2026'",
            path=ctx.path,
            column=header,
            row=int(label) + ctx.table.first_data_row,
        )
    frame[C.START_DATE] = ctx.parse_date(parts[0], "date_range")
    frame[C.END_DATE] = ctx.parse_date(parts[1], "date_range")
    return frame


def normalise_match_type(values: pd.Series) -> pd.Series:
    """EXACT/PHRASE/BROAD in English; German/Japanese values translated; ``-`` and targeting
    expressions (auto and product targeting) become NaN. Unknown values are kept, upper-cased."""
    codes, uniques = pd.factorize(values.astype("str"), use_na_sentinel=True)
    upper = pd.Series(uniques, dtype="str").str.strip().str.upper()
    mapped = upper.map(lambda v: MATCH_TYPES.get(v, v) if isinstance(v, str) else np.nan).astype("str")
    # spread the few distinct values back by code (missing: code -1 -> the appended NaN)
    spread = pd.concat([mapped, pd.Series([np.nan], dtype="str")], ignore_index=True)
    return pd.Series(spread.array.take(np.where(codes < 0, len(mapped), codes)), index=values.index)


def postprocess_ads(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    """Dates, currency, match types and the attribution window of a freshly converted ad report
    (``frame`` is the loader's own, changed in place)."""
    if C.DATE in frame.columns:
        frame[C.START_DATE] = frame[C.DATE]
        frame[C.END_DATE] = frame[C.DATE]
    elif "date_range" in frame.columns:
        frame = _split_range(frame, ctx)
    elif C.START_DATE in frame.columns and C.END_DATE not in frame.columns:
        frame[C.END_DATE] = frame[C.START_DATE]
    if C.CURRENCY in frame.columns:
        currency = frame[C.CURRENCY]
        distinct = pd.Series(currency.unique(), dtype="str").dropna()
        if not distinct.eq(distinct.str.upper()).all():  # decided on the few distinct codes
            currency = currency.str.upper()
        if ctx.currency and currency.isna().any():
            currency = currency.fillna(ctx.currency)
        frame[C.CURRENCY] = currency
    if C.MATCH_TYPE in frame.columns:
        frame[C.MATCH_TYPE] = normalise_match_type(frame[C.MATCH_TYPE])
    window = ctx.match.window
    if window is None and set(ctx.match.keys.values()) & _CONSOLE_2025_KEYS:
        window = 7
        ctx.notes.append("attribution window not in headers; the 2025 console reports 7 days")
    if len(ctx.match.windows_seen) > 1:
        ctx.notes.append(
            f"several attribution windows in headers ({', '.join(map(str, sorted(ctx.match.windows_seen)))} "
            f"days); using {window}"
        )
    frame[C.WINDOW_DAYS] = window if window is not None else np.nan
    if window is not None:
        frame[C.WINDOW_DAYS] = frame[C.WINDOW_DAYS].astype("int64")
    ctx.window = window
    return frame


def ad_totals(frame: pd.DataFrame) -> dict:
    return {name: _sum(frame, name) for name in C.AD_BASES}


def _sum(frame: pd.DataFrame, name: str) -> float | int | None:
    if name not in frame.columns:
        return None
    values = pd.to_numeric(frame[name], errors="coerce")
    if values.notna().sum() == 0:
        return None
    total = round(float(values.sum()), 6)
    return int(total) if total.is_integer() and name not in ("spend", "sales") else total


def _spec(name: str, *, fingerprint, excludes=(), priority, middle, description) -> ReportSpec:
    return ReportSpec(
        name=name,
        family="ads",
        columns=AD_COLUMNS,
        fingerprint=fingerprint,
        excludes=excludes,
        required=(*_METRICS, _DATES),
        priority=priority,
        output=(*AD_HEAD, *middle, *_TAIL),
        postprocess=postprocess_ads,
        layout=ads_layout,
        totals=ad_totals,
        description=description,
    )


SP_SEARCH_TERMS = register(
    _spec(
        C.SP_SEARCH_TERMS,
        fingerprint=(C.SEARCH_TERM, C.CAMPAIGN),
        priority=30,
        middle=(C.TARGETING, C.MATCH_TYPE, C.SEARCH_TERM),
        description="Sponsored Products search term report",
    )
)
SP_ADVERTISED_PRODUCTS = register(
    _spec(
        C.SP_ADVERTISED_PRODUCTS,
        fingerprint=(C.ADVERTISED_ASIN, C.CAMPAIGN),
        excludes=(C.SEARCH_TERM,),
        priority=20,
        middle=(C.ADVERTISED_SKU, C.ADVERTISED_ASIN),
        description="Sponsored Products advertised product report",
    )
)
SP_TARGETING = register(
    _spec(
        C.SP_TARGETING,
        fingerprint=(C.TARGETING, C.MATCH_TYPE, C.CAMPAIGN),
        excludes=(C.SEARCH_TERM, C.ADVERTISED_ASIN),
        priority=10,
        middle=(C.TARGETING, C.MATCH_TYPE),
        description="Sponsored Products targeting report",
    )
)
