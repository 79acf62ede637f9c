"""The QBR builds for clients with fewer exports: the tiny fixture client with files deleted
(issue 14 §1). Each section that lost its exports says one neutral sentence or is left out, the
operator notes name the download that would fill it, and the rest is built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytestmark = pytest.mark.notebook

#: client shape -> (glob patterns of files deleted from data/tiny, period, sections expected missing)
MATRIX = {
    "search_terms_only": (
        ("BusinessReport-*", "Sponsored Products Advertised*", "Sponsored Products Targeting*", "*Inventory*",
         "Restock*"),
        None, {"sales", "products", "stock"},
    ),
    "business_only": (("Sponsored Products*",), None, {"advertising", "search_terms"}),
    "no_inventory": (("*Inventory*", "Restock*"), None, set()),
    "no_previous_quarter": ((), "2025-Q1", set()),
    "no_year_ago_quarter": ((), "2025-Q3", set()),
}


def _client(tiny_root: Path, tmp_path: Path, patterns: tuple[str, ...]) -> Path:
    root = tmp_path / "project"
    shutil.copytree(tiny_root, root, ignore=shutil.ignore_patterns("reports"))
    for pattern in patterns:
        for path in (root / "data" / "tiny").glob(pattern):
            path.unlink()
    return root


@pytest.mark.parametrize("shape", sorted(MATRIX))
def test_partial_client_builds(shape, tiny_root, tmp_path):
    from helpers.run.runner import run_playbook

    patterns, period, missing = MATRIX[shape]
    root = _client(tiny_root, tmp_path, patterns)
    result = run_playbook("qbr", "tiny", root=root, period=period, log=lambda _msg: None)
    assert result.status == "built"
    records = result.records
    sections = records["sections"]
    assert {name for name, present in sections.items() if not present} == missing
    notes = records["operator_notes"]
    assert all(isinstance(n, str) for n in notes)
    for section in missing:  # each missing section's download is named for the operator
        assert any(n.startswith(f"{section}:") for n in notes)
    kpis = records["kpis"]
    findings = {f["id"]: f for f in records["findings"]}
    if "sales" in missing:
        assert kpis["total_sales"]["current"] is None
        assert not any(fid.startswith("sales_change:") for fid in findings)
    else:
        assert kpis["total_sales"]["current"] > 0
    if "advertising" in missing:
        assert kpis["ad_spend"]["current"] is None
        assert records["negatives_count"] == 0
    if shape == "no_previous_quarter":
        assert kpis["total_sales"]["previous"] is None
        assert "sales_change:qoq" not in findings and "acos_change:account" not in findings
        assert any(n.startswith("Last quarter") for n in notes)
    if shape == "no_year_ago_quarter":
        assert kpis["total_sales"]["year_ago"] is None and kpis["total_sales"]["previous"] is not None
        assert "sales_change:qoq" in findings and "sales_change:yoy" not in findings
        assert any(n.startswith("The same quarter last year") for n in notes)
    pdf_text = _pdf_text(next(p for p in result.outputs if p.suffix == ".pdf"))
    assert "None" not in pdf_text and "nan" not in pdf_text.split()


def _pdf_text(path: Path) -> str:
    import subprocess

    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_real_exports_from_other_periods_give_a_report_that_says_so(tiny_root, tmp_path):
    """The real sample exports (a Business Report by month for 2018-2019, a child report whose
    month cannot be told, ads of 2020 and 2022) in one client folder: the QBR of the latest covered
    quarter builds, says once that weekly trends need daily data, leaves no section as an empty
    table or chart, and tells the operator which sections have rows only on other days."""
    from helpers.run.runner import run_playbook
    from tests.conftest import SAMPLES

    root = _client(tiny_root, tmp_path, ("*",))
    for sample in SAMPLES.iterdir():
        if sample.suffix != ".md" and "-in-" not in sample.name:  # the Indian vendor's rupees are not the params' USD
            shutil.copy(sample, root / "data" / "tiny" / sample.name)
    result = run_playbook("qbr", "tiny", root=root, log=lambda _msg: None)
    assert result.status == "built"
    sections = result.records["sections"]
    assert {name for name, present in sections.items() if not present} == {"products", "advertising", "search_terms",
                                                                           "stock"}
    notes = result.records["operator_notes"]
    for section in ("products", "advertising", "search_terms"):  # rows, but none dated in the quarter
        assert any(n.startswith(f"{section}: no rows dated in {result.records['report_key']}") for n in notes), section
    text = " ".join(_pdf_text(next(p for p in result.outputs if p.suffix == ".pdf")).split())
    assert text.count("Weekly trends are not shown: the data for this period is not daily.") == 1
    assert "Weekly sales and TACoS" not in text and "Campaigns by spend" not in text
    assert "No recommendation this quarter has an expected gain to compute." in text


def test_a_section_has_data_when_a_row_is_dated_in_the_quarter():
    """Rows whose days meet the quarter count (a month-long row that overlaps it too); rows of other
    days and rows whose dates are unknown do not; a frame without dates counts by its rows."""
    import pandas as pd

    from helpers.periods import Quarter
    from helpers.playbooks.qbr.context import _has_rows

    q3 = Quarter.parse("2026-Q3")

    def dated(start, end):
        return pd.DataFrame({"start_date": pd.to_datetime([start]), "end_date": pd.to_datetime([end])})

    assert _has_rows(dated("2026-07-01", "2026-07-01"), q3)
    assert _has_rows(dated("2026-06-15", "2026-07-14"), q3)  # a report month across the quarter's start
    assert not _has_rows(dated("2025-07-01", "2025-09-30"), q3)
    assert not _has_rows(dated(None, None), q3)  # a child report whose month could not be told
    assert _has_rows(dated("2025-07-01", "2025-07-01"), None)  # no quarter asked: any row
    assert _has_rows(pd.DataFrame({"sku": ["A"]}), q3) and not _has_rows(pd.DataFrame({"sku": []}), q3)
    assert _has_rows(pd.DataFrame({"date": pd.to_datetime(["2026-09-30"])}), q3)


@pytest.mark.parametrize("account_type", ["seller", "vendor"])
def test_a_vendor_is_told_once_why_sales_are_missing_not_to_download_seller_reports(account_type):
    """A vendor account has no Business Reports to download and no Account Health page: its notes
    say once why the sales and products sections are empty; a seller's name the two downloads and
    ask for the readings."""
    from types import SimpleNamespace

    import pandas as pd

    from helpers.periods import Quarter
    from helpers.playbooks.qbr.context import VENDOR_SALES_NOTE, download_notes

    day = pd.to_datetime(["2026-08-01"])
    ads = pd.DataFrame({"start_date": day, "end_date": day, "spend": [1.0]})
    ctx = SimpleNamespace(
        quarter=Quarter.parse("2026-Q3"),
        params=SimpleNamespace(account_type=account_type, account_health=SimpleNamespace(snapshots=[])),
        data=SimpleNamespace(search_terms=ads, sp_targeting=ads, advertised_products=ads),
    )
    notes = download_notes(ctx, comparisons={})
    business = [n for n in notes if "Business Report" in n]
    health = [n for n in notes if n.startswith("account health")]
    if account_type == "vendor":
        assert notes.count(VENDOR_SALES_NOTE) == 1 and business == [VENDOR_SALES_NOTE]
        assert health == []  # Seller Central's Account Health page: no vendor has one
    else:
        assert VENDOR_SALES_NOTE not in notes
        assert [n.split(":")[0] for n in business] == ["sales", "products"]
        assert len(health) == 1


def test_a_vendor_with_sales_on_other_days_is_sent_to_vendor_central_not_seller_central():
    from types import SimpleNamespace

    import pandas as pd

    from helpers.periods import Quarter
    from helpers.playbooks.qbr.context import VENDOR_SALES_DOWNLOAD, download_notes

    month = pd.DataFrame({"start_date": pd.to_datetime(["2026-04-01"]), "end_date": pd.to_datetime(["2026-04-30"]),
                          "sales": [1.0]})
    ctx = SimpleNamespace(
        quarter=Quarter.parse("2026-Q3"),
        params=SimpleNamespace(account_type="vendor", account_health=SimpleNamespace(snapshots=[])),
        data=SimpleNamespace(business_date=month, business_asin=month),
    )
    notes = [n for n in download_notes(ctx, comparisons={}) if n.startswith(("sales", "products"))]
    assert notes == [f"{section}: no rows dated in 2026-Q3 (the exports cover other days); download the "
                     f"{VENDOR_SALES_DOWNLOAD}." for section in ("sales", "products")]


def test_a_folder_covering_no_quarter_enough_gives_the_fullest_quarter_and_says_so(tiny_root, tmp_path):
    """Eight days of a real daily search term export cover 9 % of 2020-Q1: the QBR covers that
    quarter, says in its scorecard note how little of it the data covers, and tells the operator why
    this quarter and what to download; it does not stop with an error."""
    from helpers.run.runner import run_playbook
    from tests.conftest import SAMPLES

    root = _client(tiny_root, tmp_path, ("*",))
    shutil.copy(SAMPLES / "sp-search-term-us-2020-daily.xlsx", root / "data" / "tiny")
    result = run_playbook("qbr", "tiny", root=root, log=lambda _msg: None)
    assert result.status == "built" and result.records["report_key"] == "2020-Q1"
    notes = [n for n in result.records["operator_notes"] if n.startswith("No quarter is at least 90 % covered")]
    assert len(notes) == 1 and "covers 2020-Q1, the one with the most days of data (9% of its days)" in notes[0]
    text = " ".join(_pdf_text(next(p for p in result.outputs if p.suffix == ".pdf")).split())
    assert "Sponsored Products data covers 8 of its 91 days (Mar 1 – Mar 8)" in text


def test_a_vendors_qbr_reads_its_sales_from_vendor_central(tiny_root, tmp_path):
    """A vendor with Vendor Central Sales reports (one per month) and no Business Reports: the
    scorecard's total sales are the quarter's ordered revenue, compared with last quarter, and the
    products table lists the ASINs; the definitions say where vendor sales come from."""
    import pandas as pd

    from helpers.playbooks.qbr.display import VENDOR_TOTAL_SALES
    from helpers.run.runner import run_playbook

    root = _client(tiny_root, tmp_path, ("BusinessReport-*",))
    params = root / "params" / "tiny.yaml"
    params.write_text(params.read_text().replace("account_type: seller", "account_type: vendor"))
    header = "ASIN,Product Title,Brand,Ordered Revenue,Ordered Units,Shipped Revenue,Shipped COGS,Shipped Units"
    revenue = {}
    for i, month in enumerate(pd.period_range("2025-01", "2026-10", freq="M")):
        first, last = month.start_time, month.end_time
        revenue[month] = (1000.0 + 10 * i, 500.0 + 5 * i)
        banner = f"Program=[Retail],Locale=[en_US],Viewing Range=[{first:%-m/%-d/%y} - {last:%-m/%-d/%y}]"
        rows = [f'B0VEND000{k},Product {k},Brand,"${v:,.2f}",{10 + k},,,' for k, v in enumerate(revenue[month])]
        (root / "data" / "tiny" / f"Sales_ASIN_Retail_US_{month}.csv").write_text(
            "\n".join([banner, header, *rows]) + "\n", encoding="utf-8")
    result = run_playbook("qbr", "tiny", root=root, log=lambda _msg: None)
    assert result.status == "built"
    quarter = pd.Period(result.records["report_key"].replace("-", ""), freq="Q")
    def quarter_sales(q):
        return sum(sum(v) for m, v in revenue.items() if m.asfreq("Q") == q)
    sales = result.records["kpis"]["total_sales"]
    assert sales["current"] == pytest.approx(quarter_sales(quarter))
    assert sales["previous"] == pytest.approx(quarter_sales(quarter - 1))
    text = " ".join(_pdf_text(next(p for p in result.outputs if p.suffix == ".pdf")).split())
    assert "B0VEND0000" in text and VENDOR_TOTAL_SALES in text
    assert not any(n.startswith("sales and products:") for n in result.records["operator_notes"])
