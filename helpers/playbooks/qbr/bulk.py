"""Amazon Ads bulk operations file: negatives and harvested keywords, ready to upload.

``python -m helpers negatives --client acme [--period 2026-Q3]`` (``make negatives CLIENT=acme``)
writes ``reports/<client>/<period>/negatives-<period>.xlsx``: one sheet, ``Sponsored Products
Campaigns``, with Amazon's v2 bulk column set (amazon-reports.md §2), holding

* ``Negative Keyword`` rows (ad-group level, ``negativeExact``) for search terms and
  ``Campaign Negative Keyword`` rows (campaign level, ``negativePhrase``) for n-grams, from
  :func:`helpers.measures.search_terms.negative_candidates`;
* ``Keyword`` rows (``exact``, with a ``Bid``) for harvested terms, from
  :func:`helpers.measures.search_terms.harvest_candidates`.

IDs: from a bulk file the user downloaded into ``data/<client>/`` (report type ``sp_bulk``) when
there is one, else from the search term report when it carries IDs (new console), else the rows
carry names only and the summary says so (Amazon then needs the IDs added before upload).

Safety: search terms are typed by strangers. Every text cell is written as an explicit string
cell (never a formula, whatever it starts with), and terms that would start a formula in a
spreadsheet (``= + - @``, tab, CR) are left out of the file and listed in the summary.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from helpers.measures import search_terms as st
from helpers.measures.search_terms.waste import (
    campaign_words,
    negative_reach,
    waste_ngrams,
)

SHEET = "Sponsored Products Campaigns"
INSTRUCTIONS = "Instructions"
PRODUCT = "Sponsored Products"
#: Amazon's v2 bulk sheet columns for Sponsored Products, in order.
BULK_COLUMNS = (
    "Product", "Entity", "Operation", "Campaign ID", "Ad Group ID", "Portfolio ID", "Ad ID", "Keyword ID",
    "Product Targeting ID", "Campaign Name", "Ad Group Name", "Campaign Name (Informational only)",
    "Ad Group Name (Informational only)", "Portfolio Name (Informational only)", "Start Date", "End Date",
    "Targeting Type", "State", "Campaign State (Informational only)", "Ad Group State (Informational only)",
    "Daily Budget", "SKU", "ASIN (Informational only)", "Eligibility Status (Informational only)",
    "Reason for Ineligibility (Informational only)", "Ad Group Default Bid", "Ad Group Default Bid (Informational only)",
    "Bid", "Keyword Text", "Native Language Keyword", "Native Language Locale", "Match Type", "Bidding Strategy",
    "Placement", "Percentage", "Product Targeting Expression",
    "Resolved Product Targeting Expression (Informational only)", "Audience ID", "Shopper Cohort Percentage",
    "Shopper Cohort Type", "Segment Name", "Impressions", "Clicks", "Click-through Rate", "Spend", "Sales",
    "Orders", "Units", "Conversion Rate", "ACOS", "CPC", "ROAS",
)  # fmt: skip
NUMERIC = frozenset({"Bid", "Ad Group Default Bid"})


@dataclass(frozen=True)
class BulkResult:
    """What :func:`build` produced: the bulk rows, the candidate tables, and the totals every page
    prints, computed once here (a figure shown in two places is one of these fields).

    Fields:

    * ``rows`` — the bulk sheet (:data:`BULK_COLUMNS`), what the xlsx holds;
    * ``negatives`` — :func:`~helpers.measures.search_terms.negative_candidates` (one row per
      negative; its ``spend`` is that term's or n-gram's own, so rows overlap: never sum it);
    * ``harvest`` — :func:`~helpers.measures.search_terms.harvest_candidates`, routed;
    * ``waste`` — :func:`waste_ngrams`, the "words that cost money without selling" table;
    * ``id_source`` — ``"bulk file"``, ``"search term report"`` or ``"names only"``;
    * ``notes`` — operator notes (terminal, notes.md; never client copy);
    * ``instructions`` — what to fill in before upload, as written to the workbook's Instructions
      sheet (empty when the file is ready as is);
    * ``negative_terms`` — distinct search terms the negatives block (exact: the term in its ad
      groups; phrase: every term containing it in its campaigns), each counted once;
    * ``negative_spend`` / ``negative_orders`` / ``negative_sales`` — those terms' spend, orders
      and ad sales over the analysed rows, in the places the negatives go; each row once;
    * ``expected_saving`` — next quarter's saving if the quarter repeats: ``negative_spend −
      negative_sales × break-even ACoS`` (the pre-ad margin of the few sales lost); with break-even
      unknown, ``negative_spend − negative_sales``;
    * ``harvest_count`` / ``harvest_sales`` — harvested keywords and their ad sales;
    * ``harvest_routed`` — of them, written to an existing exact ad group (by product or name);
    * ``new_ad_groups`` — exact ad groups proposed for products that have none (flagged rows);
    * ``path`` — the xlsx written, or None.
    """

    rows: pd.DataFrame
    negatives: pd.DataFrame
    harvest: pd.DataFrame
    id_source: str
    notes: tuple[str, ...] = ()
    path: Path | None = None
    waste: pd.DataFrame = field(default_factory=pd.DataFrame)
    instructions: tuple[str, ...] = ()
    negative_terms: int = 0
    negative_spend: float = 0.0
    negative_orders: float = 0.0
    negative_sales: float = 0.0
    expected_saving: float = 0.0
    harvest_count: int = 0
    harvest_sales: float = 0.0
    harvest_routed: int = 0
    new_ad_groups: int = 0

    @property
    def summary(self) -> dict[str, Any]:
        """The headline numbers as a dict (the fields above; ``negatives_count`` = negatives
        proposed, ``negatives_spend`` = ``negative_spend``)."""
        entity = self.rows["Entity"] if len(self.rows) else pd.Series(dtype=object)
        return {
            "negatives_count": int(len(self.negatives)),
            "negatives_spend": self.negative_spend,
            "negative_terms": self.negative_terms,
            "negative_sales": self.negative_sales,
            "expected_saving": self.expected_saving,
            "negative_rows": int(entity.isin(["Negative Keyword", "Campaign Negative Keyword"]).sum()),
            "harvest_count": self.harvest_count,
            "harvest_sales": self.harvest_sales,
            "harvest_routed": self.harvest_routed,
            "new_ad_groups": self.new_ad_groups,
            "keyword_rows": int((entity == "Keyword").sum()),
            "id_source": self.id_source,
        }


# -- IDs ----------------------------------------------------------------------------------------------
def bulk_ids(reports: list[Any]) -> pd.DataFrame | None:
    """(campaign, ad_group) → campaign_id, ad_group_id from ``sp_bulk`` reports; None when none.

    ``ad_group`` is NaN on campaign rows (campaign-level IDs)."""
    frames = [r.frame for r in reports if getattr(r, "report", None) == "sp_bulk"]
    if not frames:
        return None
    bulk = pd.concat(frames, ignore_index=True)
    entity = bulk["entity"].fillna("")
    camps = bulk.loc[entity == "Campaign", ["campaign", "campaign_id"]].dropna().drop_duplicates("campaign")
    groups = bulk.loc[entity == "Ad Group", ["campaign_id", "ad_group", "ad_group_id"]].dropna()
    groups = groups.merge(camps, on="campaign_id", how="left").drop_duplicates(["campaign", "ad_group"])
    return pd.concat(
        [
            camps.assign(ad_group=pd.NA, ad_group_id=pd.NA),
            groups[["campaign", "campaign_id", "ad_group", "ad_group_id"]],
        ],
        ignore_index=True,
    )


def _lookup(ids: pd.DataFrame | None) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    if ids is None:
        return {}, {}
    camp = {str(r.campaign): str(r.campaign_id) for r in ids.itertuples() if pd.isna(r.ad_group)}
    group = {
        (str(r.campaign), str(r.ad_group)): str(r.ad_group_id)
        for r in ids.itertuples()
        if not pd.isna(r.ad_group)
    }
    return camp, group


# -- rows ---------------------------------------------------------------------------------------------
def _text(value: Any) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else str(value)


CAMPAIGN_INFO = "Campaign Name (Informational only)"
AD_GROUP_INFO = "Ad Group Name (Informational only)"

#: What Amazon's bulk template needs on a ``Create`` row of each entity (Sponsored Products,
#: bulksheets v2), besides Product, Entity and Operation. Ad Group ID on a new ad group (and on the
#: rows under it) is a temporary ID of our choosing, its name: Amazon links the rows by it.
REQUIRED = {
    "Campaign Negative Keyword": ("Campaign ID", "State", "Keyword Text", "Match Type"),
    "Negative Keyword": ("Campaign ID", "Ad Group ID", "State", "Keyword Text", "Match Type"),
    "Keyword": ("Campaign ID", "Ad Group ID", "State", "Bid", "Keyword Text", "Match Type"),
    "Ad Group": ("Campaign ID", "Ad Group ID", "Ad Group Name", "State", "Ad Group Default Bid"),
    "Product Ad": ("Campaign ID", "Ad Group ID", "SKU", "State"),
}


def bulk_rows(
    negatives: pd.DataFrame, harvest: pd.DataFrame, *, ids: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The bulk sheet's rows (columns :data:`BULK_COLUMNS`, text everywhere but the bids), each
    ``Create`` row with what :data:`REQUIRED` asks for its entity wherever it is known.

    IDs come from ``ids`` (:func:`bulk_ids`) by campaign/ad group name, else from the candidates'
    own IDs (search term reports of the new console carry them), else stay empty (see
    :func:`missing_fields`). Names go to the informational columns, except on an ``Ad Group`` row
    that creates one. A harvested term routed to a new ad group (``route == "new ad group"``)
    brings an ``Ad Group`` row (default bid = its highest keyword bid) and a ``Product Ad`` row for
    its product before its ``Keyword`` row. Rows whose keyword text would start a formula are left
    out. Duplicates (same entity, place, text, match type, SKU) are written once."""
    camp_ids, group_ids = _lookup(ids)
    records: list[dict[str, Any]] = []

    def place(
        campaign: Any, campaign_id: Any, ad_group: Any = None, ad_group_id: Any = None
    ) -> dict[str, str]:
        name, group = _text(campaign), _text(ad_group)
        cid = camp_ids.get(name) or _text(campaign_id)
        gid = (group_ids.get((name, group)) or _text(ad_group_id)) if group else ""
        return {"Campaign ID": cid, "Ad Group ID": gid, CAMPAIGN_INFO: name, AD_GROUP_INFO: group}

    for row in negatives.itertuples(index=False):
        if row.flag:
            continue
        if row.level == "term":
            for campaign, campaign_id, ad_group, ad_group_id in row.campaigns:
                records.append(
                    {
                        "Entity": "Negative Keyword",
                        **place(campaign, campaign_id, ad_group, ad_group_id),
                        "Keyword Text": row.keyword_text,
                        "Match Type": "negativeExact",
                    }
                )
        else:
            for campaign, campaign_id, *_ in row.campaigns:
                records.append(
                    {
                        "Entity": "Campaign Negative Keyword",
                        **place(campaign, campaign_id),
                        "Keyword Text": row.keyword_text,
                        "Match Type": "negativePhrase",
                    }
                )
    harvest = harvest[[not f for f in harvest["flag"]]] if len(harvest) else harvest
    routes = harvest["route"] if "route" in harvest.columns else pd.Series("", index=harvest.index)
    new = harvest[routes == "new ad group"]
    for (campaign, group), keywords in new.groupby(["campaign", "ad_group"], sort=True):
        where = place(campaign, keywords["campaign_id"].iloc[0], group, "")
        where["Ad Group ID"] = where["Ad Group ID"] or _text(group)  # temporary ID: the new name
        records.append(
            {
                "Entity": "Ad Group",
                **where,
                "Ad Group Name": _text(group),
                "Ad Group Default Bid": float(keywords["suggested_bid"].max()),
            }
        )
        sku, asin = _text(keywords["sku"].iloc[0]), _text(keywords["asin"].iloc[0])
        records.append({"Entity": "Product Ad", **where, "SKU": sku, "ASIN (Informational only)": asin})
        for row in keywords.itertuples(index=False):
            records.append(
                {
                    "Entity": "Keyword",
                    **where,
                    "Keyword Text": row.keyword_text,
                    "Match Type": "exact",
                    "Bid": float(row.suggested_bid),
                }
            )
    kept = harvest.loc[routes != "new ad group"].reindex(
        columns=["campaign", "campaign_id", "ad_group", "ad_group_id", "keyword_text", "suggested_bid"]
    )
    # columns as lists: an Arrow column iterates one boxed value at a time (11k keywords x 21 columns)
    for campaign, campaign_id, ad_group, ad_group_id, keyword_text, bid in zip(
        *(kept[name].tolist() for name in kept.columns), strict=True
    ):
        if not _text(campaign) or not _text(ad_group):
            continue
        records.append(
            {
                "Entity": "Keyword",
                **place(campaign, campaign_id, ad_group, ad_group_id),
                "Keyword Text": keyword_text,
                "Match Type": "exact",
                "Bid": float(bid),
            }
        )
    frame = pd.DataFrame(records, columns=[c for c in BULK_COLUMNS])
    frame["Product"], frame["Operation"], frame["State"] = PRODUCT, "Create", "enabled"
    key = ["Entity", CAMPAIGN_INFO, AD_GROUP_INFO, "Keyword Text", "Match Type", "SKU"]
    frame = frame.drop_duplicates(key).reset_index(drop=True)
    text_cols = [c for c in BULK_COLUMNS if c not in NUMERIC]
    frame[text_cols] = frame[text_cols].astype(object).where(frame[text_cols].notna(), "")
    return frame


def missing_fields(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (sheet row, column) that :data:`REQUIRED` asks for and ``rows`` leaves empty:
    ``row`` (the spreadsheet row number, header = 1), ``entity``, ``column``."""
    parts = []
    for entity, columns in REQUIRED.items():
        of_entity = (rows["Entity"] == entity).to_numpy(dtype=bool) if len(rows) else np.zeros(0, dtype=bool)
        for order, column in enumerate(columns):
            values = rows[column] if column in rows.columns else pd.Series(None, index=rows.index, dtype=object)
            empty = values.isna().to_numpy(dtype=bool) | (values.astype(object) == "").to_numpy(dtype=bool)
            where = np.flatnonzero(of_entity & empty)
            parts.append(pd.DataFrame({"row": where + 2, "entity": entity, "column": column, "order": order}))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["row", "entity", "column", "order"])
    out = out.sort_values(["row", "order"], kind="stable")[["row", "entity", "column"]].reset_index(drop=True)
    return out.astype({"row": "int64", "entity": object, "column": object})


def instructions(rows: pd.DataFrame) -> tuple[str, ...]:
    """What the operator fills in before upload, one line per (columns missing) group of rows, for
    the workbook's Instructions sheet; empty when every row has what Amazon needs."""
    lines: list[str] = []
    missing = missing_fields(rows)
    if not missing.empty:
        per_row = missing.groupby("row", sort=True)["column"].agg(lambda c: ", ".join(sorted(c)))
        for columns, group in per_row.groupby(per_row, sort=True):
            lines.append(
                f"Rows {_ranges(group.index.tolist())}: fill in {columns}. Find each row's campaign and ad group "
                f"(named in '{CAMPAIGN_INFO}' and '{AD_GROUP_INFO}') in a bulk file downloaded from Campaign "
                "Manager (Sponsored Products → Bulk operations → Create spreadsheet for download) and copy its ID."
            )
    created = rows.index[rows["Entity"] == "Ad Group"] + 2 if len(rows) else []
    if len(created):
        lines.append(
            f"Rows {_ranges(list(created))} create new exact-match ad groups, each with its product ad and "
            "keywords below it; their Ad Group ID is a temporary name that links those rows, Amazon assigns the "
            "real ID on upload. Check the default bid before uploading."
        )
    if lines:
        lines.append(
            f"Upload only the '{SHEET}' sheet's rows (Campaign Manager → Bulk operations → Upload); this "
            "Instructions sheet is for you."
        )
    return tuple(lines)


def _ranges(numbers: list[int]) -> str:
    """``[2, 3, 4, 7]`` → ``"2–4, 7"``."""
    out: list[str] = []
    start = prev = None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}–{prev}")
            start = prev = n
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
    return ", ".join(out)


# -- writing ------------------------------------------------------------------------------------------
def write_bulk(rows: pd.DataFrame, path: str | Path, *, notes: Sequence[str] = ()) -> Path:
    """Write ``rows`` as an xlsx bulk sheet, atomically (temp file in the same folder + os.replace),
    and, when ``notes`` (:func:`instructions`) are given, a second sheet ``Instructions`` with them.

    Every text cell is written as a string (``write_string``, with XlsxWriter's conversions of
    strings to formulas, numbers and links off): a value such as ``=cmd`` is shown as text, never
    evaluated. Bids are number cells; blanks are empty cells. XlsxWriter streams the rows
    (``constant_memory``): a big account's 14,603-row sheet takes 1.1 s, half openpyxl's 2.2 s."""
    import xlsxwriter

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".negatives-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    os.chmod(temp, 0o644)  # mkstemp makes it owner-only; the sheet is a report like the PDF beside it
    try:
        book = xlsxwriter.Workbook(
            temp,
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
             "strings_to_urls": False},
        )  # fmt: skip
        sheet = book.add_worksheet(SHEET)
        for col, name in enumerate(BULK_COLUMNS):
            sheet.write_string(0, col, name)
        numeric = [name in NUMERIC for name in BULK_COLUMNS]
        for r, record in enumerate(rows[list(BULK_COLUMNS)].itertuples(index=False, name=None), start=1):
            for col, value in enumerate(record):
                if numeric[col]:
                    if value is not None and value == value and value != "":
                        sheet.write_number(r, col, float(value))
                elif value != "" and value is not None:
                    sheet.write_string(r, col, _line_ends(str(value)))
        if notes:
            guide = book.add_worksheet(INSTRUCTIONS)
            guide.set_column(0, 0, 140)
            for r, line in enumerate(notes):
                guide.write_string(r, 0, _line_ends(line))
        book.close()
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def _line_ends(text: str) -> str:
    """A carriage return as the line feed any xlsx reader gets back (XML reads CR LF and CR as LF;
    XlsxWriter would otherwise keep a CR as the escape ``_x000D_``)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# -- the whole job --------------------------------------------------------------------------------------
def build(
    rows: pd.DataFrame,
    *,
    rules: st.Rules,
    last_day: Any = None,
    reports: Iterable[Any] = (),
    products: pd.DataFrame | None = None,
    own_words: Mapping[str, Iterable[str]] | None = None,
) -> BulkResult:
    """Negatives, harvest (routed by the advertised-product rows ``products``), the bulk rows and
    every total the report prints, from search term ``rows`` (see :class:`BulkResult`).
    ``own_words``: campaign → words of its products' titles and categories (:func:`campaign_words`),
    never negated as phrases there."""
    negatives = st.negative_candidates(rows, rules=rules, last_day=last_day, own_words=own_words)
    harvest = st.harvest_candidates(rows, rules=rules, last_day=last_day, products=products)
    ids = bulk_ids(list(reports))
    has_report_ids = "campaign_id" in rows.columns and rows["campaign_id"].notna().any()
    id_source = "bulk file" if ids is not None else ("search term report" if has_report_ids else "names only")
    out = bulk_rows(negatives, harvest, ids=ids)
    notes = []
    if id_source == "names only":
        notes.append(
            "no bulk file and no IDs in the search term report: rows name campaigns and ad groups only; the "
            "workbook's Instructions sheet lists the IDs to fill in (or download a bulk file from Campaign "
            "Manager → Bulk operations into the client's data folder and run again)"
        )
    elif (out["Campaign ID"] == "").any():
        missing = sorted(set(out.loc[out["Campaign ID"] == "", CAMPAIGN_INFO]))
        notes.append(f"no campaign ID found for {len(missing)} campaign(s): {', '.join(missing[:5])}")
    flagged = pd.concat(
        [
            negatives.loc[negatives["flag"] != "", "keyword_text"],
            harvest.loc[harvest["flag"] != "", "keyword_text"],
        ]
    )
    if len(flagged):
        notes.append(f"{len(flagged)} term(s) start like a spreadsheet formula and were left out of the file")
    homeless = harvest[(harvest["campaign"] == "") & (harvest["flag"] == "")]
    if len(homeless):
        products_needing = sorted({str(x) for x in homeless["sku"].where(homeless["sku"] != "", homeless["asin"])})
        notes.append(
            f"{len(homeless)} harvested term(s) have no keyword campaign for their product to go to "
            f"({', '.join(p for p in products_needing if p) or 'product unknown'}): create a manual campaign first"
        )
    blocked = negative_reach(rows, negatives)
    spend, sales = float(blocked["spend"].sum()), float(blocked["sales"].sum())
    margin = rules.break_even_acos if rules.break_even_acos == rules.break_even_acos else 1.0
    routed = harvest["route"].isin(["product", "name"]) if len(harvest) else pd.Series(dtype=bool)
    return BulkResult(
        rows=out,
        negatives=negatives,
        harvest=harvest,
        id_source=id_source,
        notes=tuple(notes),
        waste=waste_ngrams(rows, rules=rules),
        instructions=instructions(out),
        negative_terms=int(blocked["search_term"].nunique()),
        negative_spend=spend,
        negative_orders=float(blocked["orders"].sum()),
        negative_sales=sales,
        expected_saving=spend - sales * margin,
        harvest_count=int(len(harvest)),
        harvest_sales=float(harvest["sales"].sum()) if len(harvest) else 0.0,
        harvest_routed=int(routed.sum()),
        new_ad_groups=int((out["Entity"] == "Ad Group").sum()) if len(out) else 0,
    )


def output_path(client: str, period: str, root: str | Path | None = None) -> Path:
    """``reports/<client>/<period>/negatives-<period>.xlsx``."""
    from helpers.paths import reports_dir

    return reports_dir(client, root or None) / period / f"negatives-{period}.xlsx"


def for_qbr(
    ctx: Any,
    *,
    write: bool = True,
    root: str | Path | None = None,
    output_dir: str | Path | None = None,
    rows: pd.DataFrame | None = None,
) -> BulkResult:
    """:func:`build` for a QBR context's quarter (search term rows of the quarter; attribution lag
    counted back from the last day in the data) and, with ``write``, the file written beside the
    quarter's reports — or into ``output_dir`` (the runner's staging folder, so the bulk sheet is
    published together with the report, never ahead of a run that fails later). ``rows``: the
    quarter's search term rows when the caller has them already (a big account's million rows are
    then held once)."""
    from helpers.playbooks.qbr import quarter_ads

    if rows is None:
        rows = quarter_ads(ctx, source="search_terms")
    products = quarter_ads(ctx, source="advertised_products")
    data = ctx.data
    catalog = [getattr(data, name, None) for name in ("listings", "category_listings", "business_asin")]
    result = build(
        rows,
        rules=st.rules_from_params(ctx.params),
        last_day=ctx.last_day,
        reports=data.reports,
        products=products,
        own_words=campaign_words(products, [f for f in catalog if f is not None]),
    )
    if write:
        client = getattr(ctx, "client", None) or Path(str(ctx.params.source)).stem
        target = output_path(client, ctx.quarter.label, root)
        if output_dir:
            target = Path(output_dir) / target.name
        result = replace(result, path=write_bulk(result.rows, target, notes=result.instructions))
    return result


# -- command line ---------------------------------------------------------------------------------------
def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--client", required=True, help="client slug: params/<client>.yaml and data/<client>/"
    )
    parser.add_argument(
        "--period", default="", help="quarter such as 2026-Q3; default: params, else latest full"
    )
    parser.add_argument("--root", default="", help="project root (default: this checkout)")


def run(args: argparse.Namespace) -> int:
    from helpers.playbooks.qbr import prepare

    ctx = prepare(args.client, args.period, args.root or None)
    ctx.client = args.client  # type: ignore[attr-defined]
    result = for_qbr(ctx, root=args.root or None)
    s = result.summary
    print(
        f"{result.path}: {s['negatives_count']} negatives ({s['negative_rows']} rows, "
        f"{s['negatives_spend']:,.2f} {ctx.currency} spent on them in {ctx.quarter.label}), "
        f"{s['harvest_count']} harvested keywords ({s['keyword_rows']} rows); IDs from {s['id_source']}"
    )
    for note in result.notes:
        print(f"note: {note}")
    return 0


# -- the QBR chapter -------------------------------------------------------------------------------------
NEGATIVE_DISPLAY = ["keyword_text", "match_type", "clicks", "orders", "spend", "cvr", "p_value"]
HARVEST_DISPLAY = ["keyword_text", "clicks", "orders", "sales", "acos", "cpc", "suggested_bid"]
CHAPTER_FORMATS = {
    "clicks": "count", "orders": "count", "spend": "money", "sales": "money", "cvr": "pct",
    "cpc": "money2", "suggested_bid": "money2", "p_value": "prob", "terms": "count", "wasted": "money",
    "dead_terms": "count",
}  # fmt: skip
CHAPTER_LABELS = {
    "keyword_text": "Keyword", "match_type": "Match type", "p_value": "Chance if average", "suggested_bid": "Bid",
    "ngram": "Words", "terms": "Terms", "cluster_name": "Cluster", "cvr": "CVR", "cpc": "CPC",
    "term_class": "Class", "wasted": "Spent, no sale", "dead_terms": "Terms, no sale", "spend": "All spend",
}  # fmt: skip


def chapter_text(result: BulkResult, currency: str) -> list[str]:
    """The chapter's sentences for the client: what to negate, what to harvest (the file itself and
    what to do with it are the operator's: :func:`operator_lines`)."""
    from helpers.present.formatting import count, money

    s = result.summary
    negatives = (
        f"{count(s['negatives_count'])} negative{'s' if s['negatives_count'] != 1 else ''} proposed: the "
        f"{count(s['negative_terms'])} search term{'s' if s['negative_terms'] != 1 else ''} they block took "
        f"{money(s['negatives_spend'], currency)} this quarter and converted at under half the account's rate — "
        "far too rarely to be bad luck."
        if s["negatives_count"]
        else "No negatives proposed: no search term converted so far under the account's rate, on enough "
        "clicks, that bad luck is ruled out."
    )
    harvest = (
        f"{count(s['harvest_count'])} converting search term{'s' if s['harvest_count'] != 1 else ''} from auto, "
        f"broad and phrase targeting should become exact keywords ({money(s['harvest_sales'], currency)} of ad "
        "sales this quarter), each with a bid that would have met the target ACoS."
        if s["harvest_count"]
        else "No converting search term from auto, broad and phrase targeting is ready to become an exact keyword."
    )
    return [negatives, harvest]


def operator_lines(result: BulkResult | None) -> list[str]:
    """For the operator (terminal and notes.md, never the client's report): the bulk sheet written,
    what it needs before upload, and how it was built (:attr:`BulkResult.notes`)."""
    if result is None:
        return []
    lines = []
    if result.path is not None and len(result.rows):
        lines.append(f"Bulk sheet for Campaign Manager: {result.path.name} ({len(result.rows):,} rows, Amazon's "
                     "bulk layout), beside the report.")
    elif result.path is not None:
        lines.append(f"Bulk sheet {result.path.name}: no rows, nothing to upload this quarter.")
    if result.instructions and result.id_source != "names only":  # (then its build note says so, with the fix)
        lines.append("Before upload, the bulk sheet needs the account's campaign and ad group IDs added; its "
                     "Instructions sheet lists which.")
    return lines + [f"Bulk sheet: {note}" for note in result.notes]


def method_note(rules: st.Rules, *, currency: str) -> str:
    """How the negatives and bids were chosen, with the thresholds in the marketplace's format."""
    from helpers.present.formatting import money, pct

    return (
        f"How negatives are chosen: the last {rules.attribution_lag_days} days are left out (orders still arriving). "
        "A term is proposed only when, at the account's own conversion rate, so few orders from that many clicks "
        f"would happen less than {pct(rules.negative_alpha, 0)} of the time (binomial test), it converted at most "
        f"{pct(rules.negative_max_cvr_share, 0)} of the account rate and spent at least "
        f"{money(rules.negative_min_spend, currency, decimals=2)}. "
        "Brand and protected terms and existing exact/phrase keywords are never negated. Harvest bid = CPC × target "
        "ACoS ÷ actual ACoS (= average order value × conversion rate × target ACoS), at most twice the CPC."
    )
