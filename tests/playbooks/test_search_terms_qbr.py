"""The QBR's search-term chapter on the tiny client: recorded counts vs an independent run of the
helpers on the same data, and the bulk file written beside the PDF."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from helpers.measures import search_terms as st
from helpers.playbooks import qbr
from helpers.playbooks.qbr import bulk

pytestmark = pytest.mark.notebook


def test_chapter_numbers_and_bulk_file(tiny_qbr, tiny_root):
    ctx = qbr.prepare("tiny", "", tiny_root)
    rows = qbr.quarter_ads(ctx, source="search_terms")
    rules = st.rules_from_params(ctx.params)
    neg = st.negative_candidates(rows, rules=rules, last_day=ctx.last_day)
    harvest = st.harvest_candidates(rows, rules=rules, last_day=ctx.last_day)
    blocked = bulk.negative_reach(rows, neg)
    records = tiny_qbr.records
    assert records["negatives_count"] == len(neg)
    # the spend printed is that of the rows the negatives block, each once
    assert records["negatives_spend"] == pytest.approx(float(blocked["spend"].sum()))
    assert records["harvest_count"] == len(harvest)
    assert records["clusters"] >= 1
    path = tiny_root / "reports" / "tiny" / records["report_key"] / f"negatives-{records['report_key']}.xlsx"
    sheet = load_workbook(path)[bulk.SHEET]
    assert [c.value for c in sheet[1]] == list(bulk.BULK_COLUMNS)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row if c.value is not None)
