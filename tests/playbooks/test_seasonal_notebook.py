"""The seasonal notebook against the tiny fixture client: a plan for an upcoming event and the review of
a past one, checked against the demo generator's ground truth (never literals)."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.demo import catalog, ground_truth

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def plan(tiny_seasonal_plan):
    return tiny_seasonal_plan


@pytest.fixture(scope="module")
def review(tiny_seasonal_review):
    return tiny_seasonal_review


def _truth_multiple(first: dt.date, last: dt.date, column: str) -> float:
    days = ground_truth("tiny").set_index("date")[column]
    event = days[str(first):str(last)].mean()
    prior = days[str(first - dt.timedelta(days=30)):str(first - dt.timedelta(days=1))].mean()
    return event / prior


def test_plan_outputs_and_keys(plan):
    assert plan.status == "built"
    assert sorted(p.name for p in plan.outputs if p.name != "notes.md") == ["seasonal.html", "seasonal.ipynb", "seasonal.json", "seasonal.pdf"]
    assert all(p.parent.name == "bfcm-2026" for p in plan.outputs)
    records = plan.records
    assert records["report_key"] == "bfcm-2026"
    assert records["mode"] == "plan"
    assert records["as_of"] == catalog.END.isoformat()  # the last day in the data, not the clock
    assert "Nov 27" in records["cover_subtitle"] and "plan" in records["cover_subtitle"]
    assert plan.pages and plan.pages >= 5


def test_plan_scenarios_come_from_last_years_bfcm(plan):
    first, last = catalog.EVENTS["bfcm_2025"]
    multiples = plan.records["plan"]["multiples"]
    assert multiples["sales"]["expected"] == pytest.approx(_truth_multiple(first, last, "sales"), rel=1e-6)
    assert multiples["ad_spend"]["expected"] == pytest.approx(_truth_multiple(first, last, "spend"), rel=1e-6)
    assert multiples["sales"]["conservative"] < multiples["sales"]["expected"] < multiples["sales"]["stretch"]


def test_plan_flags_stock_against_passed_cutoffs(plan):
    stock = plan.records["stock_status"]
    assert stock["ship_by"] < catalog.END.isoformat()  # the BFCM 2026 cutoffs are in October
    # an ASIN without a stock count on the plan date is "unknown" (blank stock), never short with alarms;
    # one with a count is judged against the cutoff
    for asin, status in stock["status"].items():
        assert (status == "unknown") == (stock["available"][asin] is None), (asin, status)
    assert set(stock["status"].values()) <= {"ship-by passed", "covered", "unknown"}


def test_review_compares_actuals_with_ground_truth(review):
    assert review.status == "built"
    records = review.records
    assert records["report_key"] == "prime-day-2026"
    assert records["mode"] == "review"
    first, last = catalog.EVENTS["prime_day_2026"]
    days = ground_truth("tiny")
    inside = days[(days["date"] >= str(first)) & (days["date"] <= str(last))].drop(columns=["date"]).sum()
    actual = records["review"]["actual"]
    assert actual["total_sales"] == pytest.approx(inside["sales"], rel=1e-6)
    assert actual["units"] == pytest.approx(inside["units"])
    assert actual["ad_spend"] == pytest.approx(inside["spend"], rel=1e-6)
    assert actual["acos"] == pytest.approx(inside["spend"] / inside["ad_sales"], rel=1e-6)
    year = days[(days["date"] >= "2026-01-01") & (days["date"] <= str(catalog.END))]["sales"].sum()
    assert records["review"]["year_share"] == pytest.approx(inside["sales"] / year, rel=1e-6)
    # the plan was made before the event, from Prime Day 2025 only
    assert records["as_of"] < first.isoformat()
    pd25 = catalog.EVENTS["prime_day_2025"]
    assert records["plan"]["multiples"]["sales"]["expected"] == pytest.approx(_truth_multiple(*pd25, "sales"), rel=1e-6)
    expected_sales = records["review"]["expected"]["total_sales"]
    assert 0.7 < actual["total_sales"] / expected_sales < 1.3


def test_client_copy_holds_no_operator_text(plan, review):
    from tests.client_copy import operator_text

    for result in (plan, review):
        html = next(p for p in result.outputs if p.suffix == ".html").read_text()
        assert operator_text(html) == []
        assert isinstance(result.records["operator_notes"], list)


def test_a_plan_from_exports_without_recent_sales_says_so(tiny_root, tmp_path):
    """The real sample exports (ads to Aug 2022, Business Reports to Nov 2019) give a plan with no
    sales to scale: the summary says the event cannot be forecast, and no note describes the per-ASIN
    split of an empty table ("the by-child Business Report of none")."""
    import shutil
    import subprocess

    from helpers.run.runner import run_playbook
    from tests.conftest import SAMPLES

    root = tmp_path / "project"
    shutil.copytree(tiny_root, root, ignore=shutil.ignore_patterns("reports", "data"))
    (root / "data" / "tiny").mkdir(parents=True)
    for sample in SAMPLES.iterdir():
        if sample.suffix != ".md" and "-in-" not in sample.name:  # the Indian vendor's rupees are not the params' USD
            shutil.copy(sample, root / "data" / "tiny" / sample.name)
    result = run_playbook("seasonal", "tiny", extra={"event": "prime-day-2026"}, root=root, log=lambda _msg: None)
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert "Event sales cannot be forecast: no sales are on record for the 30 days to Aug 15, 2022." in text
    assert "share of units" not in text and " of none " not in text


def test_a_review_of_an_event_no_export_covers_says_so_in_the_pdf(tiny_root, tmp_path):
    """The real samples (a Business Report by month, search terms of 2020 and 2022) and a review of
    BFCM 2019: the PDF says once in the summary and once in the review that the event cannot be
    measured, and once under the budget that the usual day had no ad spend; no dashes for sales."""
    import shutil
    import subprocess

    from helpers.run.runner import run_playbook
    from tests.conftest import SAMPLES

    root = tmp_path / "project"
    shutil.copytree(tiny_root, root, ignore=shutil.ignore_patterns("reports"))
    for path in (root / "data" / "tiny").iterdir():
        path.unlink()
    for sample in SAMPLES.iterdir():
        if sample.suffix != ".md" and "-in-" not in sample.name:
            shutil.copy(sample, root / "data" / "tiny" / sample.name)
    (root / "params" / "tiny.events.yaml").write_text(
        "events:\n  bfcm-2019:\n    name: \"Black Friday / Cyber Monday 2019\"\n    kind: bfcm\n"
        "    marketplaces:\n      US: {start: 2019-11-29, end: 2019-12-02}\n", encoding="utf-8")
    result = run_playbook("seasonal", "tiny", root=root, extra={"event": "bfcm-2019"}, force=True,
                          log=lambda _msg: None)
    assert result.status == "built" and result.records["mode"] == "review"
    pdf = next(p for p in result.outputs if p.suffix == ".pdf")
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split())
    assert text.count("cannot be measured against the plan") == 2
    assert text.count("No ad spend is on record for the 30 days to") == 1
    assert "sold —" not in text and "planned range" not in text and "Daily ad budget" not in text
