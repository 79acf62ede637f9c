"""The QBR notebook, executed against the tiny fixture client: the numbers it records are checked
against the demo generator's own ground truth (never against literals)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers.demo import catalog, ground_truth

pytestmark = pytest.mark.notebook

QUARTER = ("2026-07-01", "2026-09-30")
PREVIOUS = ("2026-04-01", "2026-06-30")


def _truth(start: str, end: str) -> pd.Series:
    days = ground_truth("tiny")
    inside = days[(days["date"] >= start) & (days["date"] <= end)]
    return inside.drop(columns=["date"]).sum()


def test_outputs_are_written(tiny_qbr):
    assert tiny_qbr.status == "built"
    names = sorted(p.name for p in tiny_qbr.outputs)
    # the bulk sheet and the operator notes are written into the staging folder and published with the report
    assert names == ["negatives-2026-Q3.xlsx", "notes.md", "qbr.html", "qbr.ipynb", "qbr.json", "qbr.pdf"]
    assert all(p.parent.name == "2026-Q3" for p in tiny_qbr.outputs)
    assert tiny_qbr.pages and tiny_qbr.pages >= 5


def test_period_defaults_to_latest_full_quarter(tiny_qbr):
    assert tiny_qbr.records["report_key"] == catalog.LATEST_FULL_QUARTER


def test_kpis_match_ground_truth(tiny_qbr):
    kpis = tiny_qbr.records["kpis"]
    now, before = _truth(*QUARTER), _truth(*PREVIOUS)
    assert kpis["total_sales"]["current"] == pytest.approx(now["sales"], rel=1e-6)
    assert kpis["total_sales"]["previous"] == pytest.approx(before["sales"], rel=1e-6)
    assert kpis["units"]["current"] == pytest.approx(now["units"])
    assert kpis["sessions"]["current"] == pytest.approx(now["sessions"])
    assert kpis["ad_spend"]["current"] == pytest.approx(now["spend"], rel=1e-6)
    # ratios from summed bases, never an average of daily ratios
    assert kpis["acos"]["current"] == pytest.approx(now["spend"] / now["ad_sales"], rel=1e-6)
    assert kpis["tacos"]["current"] == pytest.approx(now["spend"] / now["sales"], rel=1e-6)
    assert kpis["unit_session_pct"]["current"] == pytest.approx(now["units"] / now["sessions"], rel=1e-6)
    assert kpis["total_sales"]["qoq"] == pytest.approx(now["sales"] / before["sales"] - 1, rel=1e-6)


def test_year_over_year_present_for_2026_q3(tiny_qbr):
    last_year = _truth("2025-07-01", "2025-09-30")
    assert tiny_qbr.records["kpis"]["total_sales"]["year_ago"] == pytest.approx(last_year["sales"], rel=1e-6)


def test_planted_stockout_and_waste_are_found(tiny_qbr):
    assert catalog.STOCKOUT_ASIN in tiny_qbr.records["stockouts"]
    assert tiny_qbr.records["wasted_spend"] > 0
    rec_ids = [rec["id"] for rec in tiny_qbr.records["recommendations"]]
    assert f"restock:{catalog.STOCKOUT_ASIN}" in rec_ids
    finding = next(f for f in tiny_qbr.records["findings"] if f["id"] == f"stockout:{catalog.STOCKOUT_ASIN}")
    assert finding["value"] == (catalog.STOCKOUT_END - catalog.STOCKOUT_START).days + 1


def test_json_beside_the_pdf_holds_the_records(tiny_qbr):
    saved = json.loads(next(p for p in tiny_qbr.outputs if p.suffix == ".json").read_text())
    assert saved["kpis"] == json.loads(json.dumps(tiny_qbr.records["kpis"]))
    assert saved["pdf_pages"] == tiny_qbr.pages


def test_html_has_no_code_and_no_undefined_numbers(tiny_qbr):
    html = next(p for p in tiny_qbr.outputs if p.suffix == ".html").read_text()
    assert "qbr.prepare(" not in html and "import helpers" not in html
    assert "<script" not in html
    text = html.lower()
    for bad in (">nan<", ">inf<", "traceback", "none%"):
        assert bad not in text
