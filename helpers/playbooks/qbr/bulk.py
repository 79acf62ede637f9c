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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from helpers.measures import search_terms as st

SHEET = "Sponsored Products Campaigns"
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
NUMERIC = frozenset({"Bid"})


@dataclass
class BulkResult:
    """What :func:`build` produced: the rows, the candidate tables and notes for the report."""

    rows: pd.DataFrame
    negatives: pd.DataFrame
    harvest: pd.DataFrame
    id_source: str  # "bulk file", "search term report" or "names only"
    notes: list[str] = field(default_factory=list)
    path: Path | None = None

    @property
    def summary(self) -> dict[str, Any]:
        """Headline numbers: counts and the money at stake (spend on proposed negatives, sales of
        harvested terms) over the analysed period."""
        neg = self.negatives
        return {
            "negatives_count": int(len(neg)),
            "negatives_spend": float(neg["spend"].sum()) if len(neg) else 0.0,
            "negative_rows": int((self.rows["Entity"] != "Keyword").sum()) if len(self.rows) else 0,
            "harvest_count": int(len(self.harvest)),
            "harvest_sales": float(self.harvest["sales"].sum()) if len(self.harvest) else 0.0,
            "keyword_rows": int((self.rows["Entity"] == "Keyword").sum()) if len(self.rows) else 0,
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


def bulk_rows(
    negatives: pd.DataFrame, harvest: pd.DataFrame, *, ids: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The bulk sheet's rows (columns :data:`BULK_COLUMNS`, text everywhere but ``Bid``).

    IDs come from ``ids`` (:func:`bulk_ids`) by campaign/ad group name, else from the candidates'
    own IDs (search term reports of the new console carry them), else stay empty. Rows whose
    keyword text would start a formula are left out. Duplicates (same entity, place, text,
    match type) are written once."""
    camp_ids, group_ids = _lookup(ids)
    records: list[dict[str, Any]] = []

    def place(
        campaign: Any, campaign_id: Any, ad_group: Any = None, ad_group_id: Any = None
    ) -> dict[str, str]:
        name, group = _text(campaign), _text(ad_group)
        cid = camp_ids.get(name) or _text(campaign_id)
        gid = (group_ids.get((name, group)) or _text(ad_group_id)) if group else ""
        return {"Campaign ID": cid, "Ad Group ID": gid, "Campaign Name": name, "Ad Group Name": group}

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
    for row in harvest.itertuples(index=False):
        if row.flag or not _text(row.campaign) or not _text(row.ad_group):
            continue
        records.append(
            {
                "Entity": "Keyword",
                **place(row.campaign, row.campaign_id, row.ad_group, row.ad_group_id),
                "Keyword Text": row.keyword_text,
                "Match Type": "exact",
                "Bid": float(row.suggested_bid),
            }
        )
    frame = pd.DataFrame(records, columns=[c for c in BULK_COLUMNS])
    frame["Product"], frame["Operation"], frame["State"] = PRODUCT, "Create", "enabled"
    key = ["Entity", "Campaign Name", "Ad Group Name", "Keyword Text", "Match Type"]
    frame = frame.drop_duplicates(key).reset_index(drop=True)
    text_cols = [c for c in BULK_COLUMNS if c not in NUMERIC]
    frame[text_cols] = frame[text_cols].astype(object).where(frame[text_cols].notna(), "")
    return frame


# -- writing ------------------------------------------------------------------------------------------
def write_bulk(rows: pd.DataFrame, path: str | Path) -> Path:
    """Write ``rows`` as an xlsx bulk sheet, atomically (temp file in the same folder + os.replace).

    Every text cell is an explicit string cell (``data_type "s"``): a value such as ``=cmd`` is
    shown as text, never evaluated. ``Bid`` is a number cell; blanks are empty cells."""
    from openpyxl import Workbook

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    for col, name in enumerate(BULK_COLUMNS, start=1):
        _string_cell(sheet, 1, col, name)
    for r, record in enumerate(rows[list(BULK_COLUMNS)].itertuples(index=False, name=None), start=2):
        for col, (name, value) in enumerate(zip(BULK_COLUMNS, record, strict=True), start=1):
            if name in NUMERIC:
                if value is not None and value == value and value != "":
                    sheet.cell(row=r, column=col, value=float(value))
            elif value != "":
                _string_cell(sheet, r, col, str(value))
    handle, temp = tempfile.mkstemp(prefix=".negatives-", suffix=".xlsx", dir=path.parent)
    os.close(handle)
    os.chmod(temp, 0o644)  # mkstemp makes it owner-only; the sheet is a report like the PDF beside it
    try:
        book.save(temp)
        os.replace(temp, path)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    return path


def _string_cell(sheet: Any, row: int, column: int, text: str) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.value = text
    cell.data_type = "s"  # after the value: openpyxl would otherwise make "=..." a formula


# -- the whole job --------------------------------------------------------------------------------------
def build(
    rows: pd.DataFrame, *, rules: st.Rules, last_day: Any = None, reports: list[Any] = ()
) -> BulkResult:
    """Negatives and harvest from search term ``rows`` and the bulk rows for them."""
    negatives = st.negative_candidates(rows, rules=rules, last_day=last_day)
    harvest = st.harvest_candidates(rows, rules=rules, last_day=last_day)
    ids = bulk_ids(list(reports))
    has_report_ids = "campaign_id" in rows.columns and rows["campaign_id"].notna().any()
    id_source = "bulk file" if ids is not None else ("search term report" if has_report_ids else "names only")
    out = bulk_rows(negatives, harvest, ids=ids)
    notes = []
    if id_source == "names only":
        notes.append(
            "no bulk file in the data folder and no IDs in the search term report: rows name campaigns and "
            "ad groups only; download a bulk file (Campaign Manager → Bulk operations) into the data folder "
            "and run again to fill in the IDs Amazon needs"
        )
    elif (out["Campaign ID"] == "").any():
        missing = sorted(set(out.loc[out["Campaign ID"] == "", "Campaign Name"]))
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
        notes.append(
            f"{len(homeless)} harvested term(s) have no exact-match ad group in their portfolio to go to"
        )
    return BulkResult(out, negatives, harvest, id_source, notes)


def output_path(client: str, period: str, root: str | Path | None = None) -> Path:
    """``reports/<client>/<period>/negatives-<period>.xlsx``."""
    from helpers.paths import reports_dir

    return reports_dir(client, root or None) / period / f"negatives-{period}.xlsx"


def for_qbr(
    ctx: Any, *, write: bool = True, root: str | Path | None = None, output_dir: str | Path | None = None
) -> BulkResult:
    """:func:`build` for a QBR context's quarter (search term rows of the quarter; attribution lag
    counted back from the last day in the data) and, with ``write``, the file written beside the
    quarter's reports — or into ``output_dir`` (the runner's staging folder, so the bulk sheet is
    published together with the report, never ahead of a run that fails later)."""
    from helpers.playbooks.qbr import quarter_ads

    rows = quarter_ads(ctx, source="search_terms")
    result = build(
        rows, rules=st.rules_from_params(ctx.params), last_day=ctx.last_day, reports=ctx.data.reports
    )
    if write:
        client = getattr(ctx, "client", None) or Path(str(ctx.params.source)).stem
        target = output_path(client, ctx.quarter.label, root)
        if output_dir:
            target = Path(output_dir) / target.name
        result.path = write_bulk(result.rows, target)
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
    "clicks": "count", "orders": "count", "spend": "money", "sales": "money", "acos": "pct", "cvr": "pct",
    "cpc": "money2", "suggested_bid": "money2", "p_value": "prob", "terms": "count", "wasted": "money",
    "dead_terms": "count",
}  # fmt: skip
CHAPTER_LABELS = {
    "keyword_text": "Keyword", "match_type": "Match type", "p_value": "Chance if average", "suggested_bid": "Bid",
    "ngram": "Words", "terms": "Terms", "cluster_name": "Cluster", "cvr": "CVR", "acos": "ACoS", "cpc": "CPC",
    "term_class": "Class", "wasted": "Spent, no sale", "dead_terms": "Terms, no sale", "spend": "All spend",
}  # fmt: skip


def waste_ngrams(rows: pd.DataFrame, *, rules: st.Rules, top: int = 12) -> pd.DataFrame:
    """Words and phrases (1-3 words, counted once per search term) by the money spent on search
    terms containing them that sold nothing (``wasted``), beside all spend on such terms, orders
    and ACoS: where the money leaks. Zero-order spend only — a word in a bestseller is not waste."""
    table = st.ngram_table(
        rows,
        brand_terms=rules.brand_terms,
        competitor_terms=rules.competitor_terms,
        stop_words=st.NEGATIVE_STOP_WORDS,
    )
    terms = st.aggregate_terms(rows)
    dead = st.ngram_table(terms[terms["orders"].fillna(0) == 0], stop_words=st.NEGATIVE_STOP_WORDS)
    wasted = dead[dead["kind"] == "words"][["ngram", "n", "spend", "terms"]].rename(
        columns={"spend": "wasted", "terms": "dead_terms"}
    )
    out = wasted.merge(table, on=["ngram", "n"], how="left").sort_values(
        ["wasted", "ngram"], ascending=[False, True]
    )
    cols = ["ngram", "term_class", "dead_terms", "terms", "wasted", "spend", "orders", "acos"]
    return out.head(top)[cols].reset_index(drop=True)


def chapter_text(result: BulkResult, currency: str) -> list[str]:
    """The chapter's sentences: what to negate, what to harvest, where the file is."""
    from helpers.present.formatting import money

    s = result.summary
    lines = [
        f"{s['negatives_count']} negative{'s' if s['negatives_count'] != 1 else ''} proposed: the search terms and "
        f"phrases behind them took {money(s['negatives_spend'], currency)} this quarter and converted at under "
        "half the account's rate — far too rarely to be bad luck.",
        f"{s['harvest_count']} converting search term{'s' if s['harvest_count'] != 1 else ''} from auto, broad and "
        f"phrase targeting should become exact keywords ({money(s['harvest_sales'], currency)} of ad sales this "
        "quarter), each with a bid that would have met the target ACoS.",
    ]
    if result.path is not None:
        lines.append(f"Upload file: {result.path.name} ({len(result.rows)} rows, Amazon's bulk layout).")
    return lines + result.notes


def method_note(rules: st.Rules) -> str:
    return (
        f"How negatives are chosen: the last {rules.attribution_lag_days} days are left out (orders still arriving). "
        "A term is proposed only when, at the account's own conversion rate, so few orders from that many clicks "
        f"would happen less than {rules.negative_alpha:.0%} of the time (binomial test), it converted at most "
        f"{rules.negative_max_cvr_share:.0%} of the account rate and spent at least {rules.negative_min_spend:g}. "
        "Brand and protected terms and existing exact/phrase keywords are never negated. Harvest bid = CPC × target "
        "ACoS ÷ actual ACoS (= average order value × conversion rate × target ACoS), at most twice the CPC."
    )
