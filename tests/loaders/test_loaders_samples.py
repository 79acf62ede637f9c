"""Loaders against every real export in ../shared/samples, checked against independent sums."""

from __future__ import annotations

import csv
import datetime as dt
import warnings

import openpyxl
import pytest

from helpers.loaders import load_reports, read_report
from tests.loader_fixtures import SAMPLES

pytestmark = pytest.mark.skipif(not SAMPLES.is_dir(), reason="../shared/samples is not present")


def xlsx_columns(path) -> dict[str, list]:
    """Raw header -> column values, straight from openpyxl (headers stripped, nothing else)."""
    with warnings.catch_warnings():
        # Amazon's xlsx carry no default style; openpyxl says so once per workbook
        warnings.filterwarnings("ignore", message="Workbook contains no default style", category=UserWarning)
        book = openpyxl.load_workbook(path, data_only=True)  # not read_only: some sheets misstate their size
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    header = [str(h).strip() for h in rows[0]]
    return {h: [r[i] for r in rows[1:]] for i, h in enumerate(header)}


def total(values) -> float:
    return sum(v for v in values if v is not None)


EXPECTED_XLSX = {
    # file: (window, currency, rows, sales header, orders header, units header, first day, last day)
    "sp-search-term-us-2022-summary.xlsx": (
        7, "USD", 638, "7 Day Total Sales", "7 Day Total Orders (#)", "7 Day Total Units (#)", None, None),
    "sp-search-term-us-2020-daily.xlsx": (
        7, "USD", 211, "7 Day Total Sales", "7 Day Total Orders (#)", "7 Day Total Units (#)",
        dt.date(2020, 3, 1), dt.date(2020, 3, 8)),
    "sp-search-term-in-vendor-2020-daily.xlsx": (
        14, "INR", 923, "14 Day Total Sales (₹)", "14 Day Total Orders (#)", "14 Day Total Units (#)",
        dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED_XLSX))
def test_search_term_samples_match_independent_sums(name):
    window, currency, rows, sales, orders, units, first, last = EXPECTED_XLSX[name]
    path = SAMPLES / name
    raw = xlsx_columns(path)
    report = read_report(path)
    assert report.report == "sp_search_terms"
    assert report.layout == "console-xlsx"
    assert report.window_days == window
    assert report.currency == currency
    assert len(report.frame) == rows == len(raw["Impressions"])
    totals = report.totals()
    assert totals["impressions"] == total(raw["Impressions"])
    assert totals["clicks"] == total(raw["Clicks"])
    assert totals["spend"] == pytest.approx(total(raw["Spend"]))
    assert totals["sales"] == pytest.approx(total(raw[sales]))
    assert totals["orders"] == total(raw[orders])
    assert totals["units"] == total(raw[units])
    assert (report.frame["window_days"] == window).all()
    assert set(report.frame["currency"]) == {currency}
    if first:
        assert (report.start, report.end) == (first, last)
        assert (report.frame["start_date"] == report.frame["end_date"]).all()
    else:
        starts = [d.date() for d in raw["Start Date"]]
        ends = [d.date() for d in raw["End Date"]]
        assert (report.start, report.end) == (min(starts), max(ends))
    # Amazon's precomputed ratios are dropped
    assert not {"ctr", "cpc", "acos", "roas"} & set(report.frame.columns)


def test_vendor_sample_keeps_advertised_and_halo_sales():
    path = SAMPLES / "sp-search-term-in-vendor-2020-daily.xlsx"
    raw = xlsx_columns(path)
    frame = read_report(path).frame
    assert frame["adv_sku_sales"].sum() == pytest.approx(total(raw["14 Day Advertised ASIN Sales (₹)"]))
    assert frame["other_sku_sales"].sum() == pytest.approx(total(raw["14 Day Brand Halo ASIN Sales (₹)"]))


def test_blank_acos_cells_do_not_become_zero_sales():
    frame = read_report(SAMPLES / "sp-search-term-us-2020-daily.xlsx").frame
    assert frame["sales"].notna().all()  # sales cells are 0, not blank
    assert frame["match_type"].isin(["EXACT", "PHRASE", "BROAD"]).any()


def csv_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def number(text: str) -> float:
    return float(text.replace("$", "").replace(",", "").replace("%", ""))


def test_business_report_by_child_sample():
    path = SAMPLES / "business-report-child-us-2019.csv"
    rows = csv_rows(path)
    report = read_report(path)
    assert report.report == "business_report_asin"
    assert report.layout == "br-2019"
    assert report.currency == "USD"
    assert len(report.frame) == len(rows) == 49
    sessions = {(r["(Parent) ASIN"], r["(Child) ASIN"]): number(r["Sessions"]) for r in rows}
    page_views = {(r["(Parent) ASIN"], r["(Child) ASIN"]): number(r["Page Views"]) for r in rows}
    totals = report.totals()
    assert totals["sessions"] == sum(sessions.values())
    assert totals["page_views"] == sum(page_views.values())
    assert totals["units"] == sum(number(r["Units Ordered"]) for r in rows)
    assert totals["sales"] == pytest.approx(sum(number(r["Ordered Product Sales"]) for r in rows))
    assert totals["order_items"] == sum(number(r["Total Order Items"]) for r in rows)
    first = report.frame.iloc[0]
    assert first["buy_box_pct"] == pytest.approx(0.99)
    assert first["unit_session_pct"] == pytest.approx(0.0351)
    assert report.start is None and report.frame["start_date"].isna().all()


def test_business_report_by_month_sample():
    path = SAMPLES / "business-report-by-month-us-2019.csv"
    rows = csv_rows(path)
    report = read_report(path)
    assert report.report == "business_report_date"
    assert report.currency == "USD"
    assert len(report.frame) == len(rows)
    assert report.start == dt.date(2017, 12, 1)
    assert report.end == dt.date(2019, 11, 30)  # last monthly row runs to its month end
    frame = report.frame
    assert frame.loc[0, "end_date"] == frame.loc[0, "start_date"] + dt.timedelta(days=30)
    totals = report.totals()
    assert totals["units"] == sum(number(r["Units Ordered"]) for r in rows)
    assert totals["sales"] == pytest.approx(sum(number(r["Ordered Product Sales"]) for r in rows))
    assert totals["sessions"] is None  # not in this download: unknown, not zero
    assert frame["shipped_sales"].sum() == pytest.approx(
        sum(number(r["Shipped Product Sales"]) for r in rows)
    )


def test_active_listings_sample():
    path = SAMPLES / "active-listings-us-2020.txt"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    report = read_report(path)
    assert report.report == "all_listings"
    assert report.layout == "listings-tsv"
    assert report.totals() == {"listings": len(rows) - 1}
    assert list(report.frame["sku"]) == [r[3] for r in rows[1:]]
    assert report.frame["price"].sum() == pytest.approx(sum(float(r[4]) for r in rows[1:] if r[4]))
    assert report.frame.loc[0, "open_date"] == dt.datetime(2018, 9, 3)
    assert report.frame["quantity"].isna().any()  # FBA listings have a blank quantity


def test_load_reports_skips_the_readme():
    reports = load_reports(SAMPLES)
    assert sorted(r.path.name for r in reports) == sorted(
        p.name for p in SAMPLES.iterdir() if p.suffix in (".xlsx", ".csv", ".txt")
    )
    assert any("README.md" in note for note in reports.notes)
