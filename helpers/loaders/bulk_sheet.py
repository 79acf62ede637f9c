"""Amazon Ads bulk operations file, Sponsored Products sheet (v2 layout; amazon-reports.md §2).

Read to learn campaign and ad group IDs (and existing keywords) by name, so that bulk uploads we
write can address them. Only the ``Sponsored Products Campaigns`` sheet is recognised (its
``Product``/``Entity``/``Operation`` columns and many others score above any report sheet).

IDs must be exact: a file re-saved through Excel can show ``1.44383E+14`` (the ID rounded to six
digits). Such a file is refused, naming the cell — an upload built on it would address the
wrong campaigns.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from helpers import columns as C
from helpers.errors import InputFileError
from helpers.loaders._registry import Column, ReportSpec, register
from helpers.loaders._values import quote

SP_BULK = "sp_bulk"
PRODUCT = "product"
ENTITY = "entity"
OPERATION = "operation"
PORTFOLIO_ID = "portfolio_id"
KEYWORD_ID = "keyword_id"
KEYWORD_TEXT = "keyword_text"
STATE = "state"
BID = "bid"

BULK_COLUMNS = (
    Column(PRODUCT, "text", "Product", ("product",)),
    Column(ENTITY, "text", "Entity", ("entity",)),
    Column(OPERATION, "text", "Operation", ("operation",)),
    Column(C.CAMPAIGN_ID, "text", "Campaign ID", ("campaignid",)),
    Column(C.AD_GROUP_ID, "text", "Ad Group ID", ("adgroupid",)),
    Column(PORTFOLIO_ID, "text", "Portfolio ID", ("portfolioid",)),
    Column(KEYWORD_ID, "text", "Keyword ID", ("keywordid",)),
    Column(C.CAMPAIGN, "text", "Campaign Name", ("campaignname",)),
    Column(C.AD_GROUP, "text", "Ad Group Name", ("adgroupname",)),
    Column("campaign_info", "text", "Campaign Name (Informational only)", ("campaignnameinformationalonly",)),
    Column("ad_group_info", "text", "Ad Group Name (Informational only)", ("adgroupnameinformationalonly",)),
    Column(C.PORTFOLIO, "text", "Portfolio Name (Informational only)", ("portfolionameinformationalonly",)),
    Column("targeting_type", "text", "Targeting Type", ("targetingtype",)),
    Column(STATE, "text", "State", ("state",)),
    Column(KEYWORD_TEXT, "text", "Keyword Text", ("keywordtext",)),
    Column(C.MATCH_TYPE, "text", "Match Type", ("matchtype",)),
    Column(BID, "number", "Bid", ("bid",)),
)
_IDS = (C.CAMPAIGN_ID, C.AD_GROUP_ID, PORTFOLIO_ID, KEYWORD_ID)
_SCIENTIFIC = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*[eE]\s*\+?\d+\s*$")


def postprocess_bulk(frame: pd.DataFrame, ctx) -> pd.DataFrame:
    frame = frame.copy()
    for name in _IDS:
        if not ctx.has(name):
            continue
        raw = ctx.raw(name)
        for position, value in enumerate(raw.tolist()):
            rounded = isinstance(value, str) and _SCIENTIFIC.match(value)
            if (
                isinstance(value, (int, float, np.integer, np.floating))
                and not isinstance(value, bool)
                and value == value
            ):
                rounded = value >= 1e11 and value % 100_000 == 0  # 1.44383E+14 kept as a number
                if not rounded:
                    frame.loc[frame.index[position], name] = str(int(value))
            if rounded:
                header = ctx.header(name)
                raise InputFileError(
                    f"{header} must be the full ID as Amazon wrote it; got {quote(value)}, an ID Excel rounded "
                    "to scientific notation — download the bulk file again and do not re-save it in Excel",
                    path=ctx.path,
                    column=header,
                    row=position + ctx.table.first_data_row,
                )
        frame[name] = frame[name].str.replace(r"\.0$", "", regex=True)
    # names: editable columns on the rows of their own entity, "(Informational only)" on child rows
    for name, info in ((C.CAMPAIGN, "campaign_info"), (C.AD_GROUP, "ad_group_info")):
        if info in frame.columns:
            frame[name] = frame[name].fillna(frame[info]) if name in frame.columns else frame[info]
    return frame


def bulk_totals(frame: pd.DataFrame) -> dict:
    entity = frame[ENTITY].fillna("") if ENTITY in frame else pd.Series(dtype=str)
    return {
        "rows": int(len(frame)),
        "campaigns": int((entity == "Campaign").sum()),
        "ad_groups": int((entity == "Ad Group").sum()),
        "keywords": int((entity == "Keyword").sum()),
    }


SP_BULK_SPEC = register(
    ReportSpec(
        name=SP_BULK,
        family="bulk",
        columns=BULK_COLUMNS,
        fingerprint=(PRODUCT, ENTITY, OPERATION, C.CAMPAIGN_ID),
        required=(ENTITY, C.CAMPAIGN_ID),
        priority=40,  # a bulk sheet also carries keyword/metric columns of the ad reports
        output=(
            C.START_DATE,
            C.END_DATE,
            PRODUCT,
            ENTITY,
            OPERATION,
            *_IDS,
            C.CAMPAIGN,
            C.AD_GROUP,
            C.PORTFOLIO,
            "targeting_type",
            STATE,
            KEYWORD_TEXT,
            C.MATCH_TYPE,
            BID,
            C.SOURCE,
        ),  # fmt: skip
        postprocess=postprocess_bulk,
        layout=lambda ctx: f"bulk-v2-{ctx.table.kind}",
        totals=bulk_totals,
        description="Amazon Ads bulk file, Sponsored Products sheet",
    )
)
