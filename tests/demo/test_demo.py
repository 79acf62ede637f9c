"""The demo generator: deterministic, in Amazon's real layouts, and internally consistent.

Reads the files back with openpyxl / csv only (never helpers.loaders) and compares them with the
generator's own ground truth, not with literals. Expected header spellings are written out here on
purpose, from shared/reference/amazon-reports.md, so a typo in the writer cannot pass by itself.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import warnings
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
import yaml

from helpers import demo
from helpers.demo import catalog as cat
from helpers.errors import ParamsError
from helpers.run.cli import main

pytestmark = pytest.mark.slow  # generates the acme demo client (minutes): `make check` leaves it to `make test`

# -- reference spellings (trailing spaces are part of the header) ---------------------------------------
STR_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
    "Customer Search Term", "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend",
    "7 Day Total Sales ", "Total Advertising Cost of Sales (ACOS) ", "Total Return on Advertising Spend (ROAS)",
    "7 Day Total Orders (#)", "7 Day Total Units (#)", "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)",
    "7 Day Other SKU Units (#)", "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
]
TARGETING_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
    "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend",
    "Total Advertising Cost of Sales (ACOS) ", "Total Return on Advertising Spend (ROAS)", "7 Day Total Sales ",
    "7 Day Total Orders (#)", "7 Day Total Units (#)", "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)",
    "7 Day Other SKU Units (#)", "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
]
ADVERTISED_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Advertised SKU", "Advertised ASIN",
    "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ",
    "Total Advertising Cost of Sales (ACOS) ", "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)",
    "7 Day Total Units (#)", "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)",
    "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
]
NEW_CONSOLE_HEADER = (
    "Budget currency,Date range,Campaign ID,Campaign name,Ad group ID,Ad group name,Search term,"
    "Impressions,Clicks,CTR,Total cost,Purchases,Sales,Units sold"
)
BR_CHILD_B2B = (
    "(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions - Total,Sessions - Total - B2B,Session Percentage - Total,"
    "Session Percentage - Total - B2B,Page Views - Total,Page Views - Total - B2B,Page Views Percentage - Total,"
    "Page Views Percentage - Total - B2B,Featured Offer (Buy Box) Percentage,Featured Offer (Buy Box) Percentage - B2B,"
    "Units Ordered,Units Ordered - B2B,Unit Session Percentage,Unit Session Percentage - B2B,Ordered Product Sales,"
    "Ordered Product Sales - B2B,Total Order Items,Total Order Items - B2B"
)
BR_CHILD_ENDASH = (
    "(Parent) ASIN,(Child) ASIN,Title,SKU,Sessions \u2013 Total,Session percentage \u2013 Total,"
    "Page views \u2013 Total,Page views percentage \u2013 Total,Featured Offer (Buy Box) percentage,Units ordered,"
    "Unit session percentage,Ordered Product Sales,Total order items"
)
BR_DATE_START = (
    "Date,Ordered Product Sales,Ordered Product Sales - B2B,Units Ordered,Units Ordered - B2B,Total Order Items,"
    "Total Order Items - B2B,"
)
SHEETS = {
    "Search term": "Sponsored Product Search Term R",
    "Targeting": "Sponsored Product Keyword Repor",
    "Advertised product": "Sponsored Product Advertised Pr",
}


# -- readers (deliberately naive: this is not the loader) ------------------------------------------------
@functools.cache
def read_xlsx(path: Path, max_row: int | None = None) -> tuple[str, pd.DataFrame, list]:
    """(sheet name, frame with the raw headers, number formats of the first data row). Cached:
    callers must not mutate the frame."""
    import openpyxl

    with warnings.catch_warnings():
        # Amazon's (Apache POI) styles.xml has no cellStyles; openpyxl says so for the real files too
        warnings.filterwarnings("ignore", message="Workbook contains no default style")
        wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb.worksheets[0]
    ws.reset_dimensions()  # POI writes <dimension ref="A1"/> whatever the size, as Amazon's files do
    rows = list(ws.iter_rows(max_row=max_row))
    header = [c.value for c in rows[0]]
    formats = [c.number_format for c in rows[1]] if len(rows) > 1 else []
    data = [[c.value for c in r] for r in rows[1:]]
    name = ws.title
    wb.close()
    return name, pd.DataFrame(data, columns=header), formats


def read_csv(path: Path) -> tuple[bytes, list[str], list[list[str]]]:
    raw = path.read_bytes()
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    return raw, rows[0], rows[1:]


def num(text: str) -> float:
    return float(re.sub(r"[$,%]", "", text))


def kind_of(path: Path) -> str:
    if path.name.startswith("BusinessReport-"):
        return "br_date" if read_csv(path)[1][0] == "Date" else "br_child"
    for k in ("Search term", "Targeting", "Advertised product"):
        if path.name.startswith(f"Sponsored Products {k} report"):
            return f"{k}{path.suffix}"
    for stem, kind in (("FBA Inventory report", "fba_planning"), ("Manage FBA Inventory", "fba_myi"),
                       ("Restock Inventory report", "restock"), ("All Listings Report", "all_listings"),
                       ("Category Listings Report", "category_listings")):  # onboarding audit snapshots
        if path.name.startswith(stem):
            return kind
    raise AssertionError(path)


def xlsx_days(frame: pd.DataFrame) -> tuple[date, date]:
    return frame["Date"].min().date(), frame["Date"].max().date()


# -- fixtures ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def tiny_root(tmp_path_factory) -> Path:
    return demo.write_tiny_project(tmp_path_factory.mktemp("tiny-project"))


@pytest.fixture(scope="session")
def tiny_files(tiny_root) -> list[Path]:
    return sorted((tiny_root / "data" / "tiny").iterdir())


@pytest.fixture(scope="session")
def acme_files(tmp_path_factory) -> list[Path]:
    return demo.generate("acme", tmp_path_factory.mktemp("acme"))


def download_order(path: Path) -> tuple:
    """Sort key: the order a browser saved the files in (download date in the name, then `(n)`)."""
    n = re.search(r" \((\d+)\)\.", path.name)
    when = re.search(r"BusinessReport-(\d+)-(\d+)-(\d+)", path.name)
    day = date(2000 + int(when[3]), int(when[1]), int(when[2])) if when else date.min
    return day, int(n[1]) if n else 0


def by_kind(files: list[Path]) -> dict[str, list[Path]]:
    """Files per report kind, in download order (= chronological for the monthly reports)."""
    out: dict[str, list[Path]] = {}
    for f in sorted(files, key=download_order):
        out.setdefault(kind_of(f), []).append(f)
    return out


# -- determinism --------------------------------------------------------------------------------------------
def test_same_inputs_give_byte_identical_files(tiny_files, tmp_path):
    again = demo.generate("tiny", tmp_path, profile="tiny")
    assert [p.name for p in sorted(again)] == [p.name for p in tiny_files]
    for a, b in zip(sorted(again), tiny_files, strict=True):
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest(), a.name


def test_xlsx_timestamps_are_the_fixed_download_time_not_today(tiny_files):
    for path in [f for f in tiny_files if f.suffix == ".xlsx"]:
        with zipfile.ZipFile(path) as zf:
            stamps = {info.date_time for info in zf.infolist()}
            core = zf.read("docProps/core.xml").decode()
        assert len(stamps) == 1
        stamp = datetime(*stamps.pop())
        assert stamp.date() <= date(2026, 11, 16) and stamp.time() == datetime(2000, 1, 1, *cat.DOWNLOAD_TIME).time()
        assert stamp.strftime("%Y-%m-%dT%H:%M:%SZ") in core


# -- the file set ---------------------------------------------------------------------------------------------
def test_acme_file_set_and_size(acme_files):
    files = acme_files
    kinds = {k: len(v) for k, v in by_kind(files).items()}
    # 21 monthly legacy search term xlsx (Jan 2025 - Sep 2026) + the overlapping "last 30 days" one;
    # Oct + Nov 2026 as new-console CSV; 23 months of the other monthly reports; 8 quarters by date
    assert kinds == {
        "Search term.xlsx": 22, "Search term.csv": 2, "Targeting.xlsx": 23, "Advertised product.xlsx": 23,
        "br_child": 23, "br_date": 8,
        # onboarding audit: three inventory planning snapshots and one of each other snapshot report
        "fba_planning": 3, "fba_myi": 1, "restock": 1, "all_listings": 1, "category_listings": 1,
    }
    names = {f.name for f in files}
    assert "Sponsored Products Search term report.xlsx" in names
    assert "Sponsored Products Search term report (21).xlsx" in names
    assert "BusinessReport-2-2-25.csv" in names  # Jan 2025 by child item, downloaded Feb 2
    assert all(re.fullmatch(r"BusinessReport-\d{1,2}-\d{1,2}-\d\d( \(\d+\))?\.csv", n)
               for n in names if n.startswith("Business"))
    assert sum(f.stat().st_size for f in files) < 16e6


def test_acme_catalogue_is_believable():
    catalogue = cat.catalog("acme")
    assert 16 <= len(catalogue.children) <= 30 and 4 <= len(catalogue.parents) <= 5
    assert all(re.fullmatch(r"B0[A-Z0-9]{8}", c.asin) for c in catalogue.children)
    assert len({c.asin for c in catalogue.children}) == len(catalogue.children)
    assert sum(c.mfn_sku is not None for c in catalogue.children) >= 2
    assert all(re.fullmatch(r"AT-[A-Z]{3}-[A-Z0-9-]+", sku) for c in catalogue.children for sku in c.skus)
    assert catalogue.child(cat.STOCKOUT_SKU).asin == cat.STOCKOUT_ASIN


# -- layouts ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "header"),
    [("Search term.xlsx", STR_HEADER), ("Targeting.xlsx", TARGETING_HEADER),
     ("Advertised product.xlsx", ADVERTISED_HEADER)],
)
def test_legacy_xlsx_layout(tiny_files, kind, header):
    files = by_kind(tiny_files)[kind]
    for path in files:
        sheet, frame, _ = read_xlsx(path, max_row=2)
        assert sheet == SHEETS[kind.split(".")[0]]
        assert list(frame.columns) == header
    for path in (files[0], files[7], files[-1]):
        sheet, frame, formats = read_xlsx(path)
        assert formats[0] == "MMM dd, yyyy" and isinstance(frame["Date"].iloc[0], datetime)
        fmt = dict(zip(header, formats, strict=True))
        assert fmt["Click-Thru Rate (CTR)"] == "0.0000%" and fmt["Spend"] == "$ #,##0.00"
        assert frame["Impressions"].gt(0).all()  # only lines with impressions; zero-click rows included
        assert frame["Clicks"].eq(0).any()
        # blanks, not zeros, where a ratio is undefined
        no_sales = frame["7 Day Total Sales "] == 0
        assert frame.loc[no_sales, "Total Advertising Cost of Sales (ACOS) "].isna().all()
        assert frame.loc[~no_sales, "Total Advertising Cost of Sales (ACOS) "].notna().all()
        no_clicks = frame["Clicks"] == 0
        assert frame.loc[no_clicks, ["Cost Per Click (CPC)", "7 Day Conversion Rate"]].isna().all().all()
        # fractions, not percents
        assert frame["Click-Thru Rate (CTR)"].between(0, 1).all()


def test_legacy_search_term_values(acme_files):
    files = by_kind(acme_files)["Search term.xlsx"]
    _, frame, _ = read_xlsx(files[6])
    assert set(frame["Match Type"]) == {"EXACT", "PHRASE", "BROAD", "-"}
    targets = set(frame["Targeting"])
    assert {"close-match", "loose-match", "substitutes", "complements"} <= targets
    assert any(t.startswith('asin="B0') for t in targets)
    terms = set(frame["Customer Search Term"])
    assert any(re.fullmatch(r"b0[a-z0-9]{8}", t) for t in terms)  # product-page clicks
    assert {"acme trail water bottle", "acme socks", "hydro flask 32 oz", "darn tough socks"} <= terms
    assert set(cat.WASTEFUL_TERMS) <= terms
    assert frame["Portfolio name"].isin(["Not grouped", "Bottles", "Socks", "Brand Defense", "Conquesting"]).all()
    first, last = xlsx_days(frame)
    assert first.day == 1 and (last.month != first.month or last.day >= 28)


def test_new_console_search_term_csv(tiny_files):
    files = by_kind(tiny_files)["Search term.csv"]
    months = []
    for path in files:
        raw, header, rows = read_csv(path)
        assert raw.startswith(b"\xef\xbb\xbf") and ",".join(header) == NEW_CONSOLE_HEADER
        assert b'"=""' in raw  # ids wrapped as Excel formulas
        first = rows[0]
        assert re.fullmatch(r'="\d{15}"', first[2]) and re.fullmatch(r'="\d{15}"', first[4])
        start, end = first[1].split(" - ")
        assert start == end and re.fullmatch(r"[A-Z][a-z]{2} \d\d, 2026", start)
        assert re.fullmatch(r"\d+\.\d{4}%", first[9]) and re.fullmatch(r"\d+\.\d\d", first[10])
        months.append(datetime.strptime(start, "%b %d, %Y").month)
    assert months == [10, 11]


def test_business_report_by_child_layouts(tiny_files):
    files = by_kind(tiny_files)["br_child"]
    headers = [read_csv(f)[1] for f in files]
    # 2025 H1: "- B2B" twins; from July 2025 the en-dash sentence-case header
    assert [",".join(h) for h in headers] == [BR_CHILD_B2B] * 6 + [BR_CHILD_ENDASH] * 17
    for path in files:
        raw, header, rows = read_csv(path)
        assert raw.startswith(b"\xef\xbb\xbf") and "Date" not in header
        sales = header.index("Ordered Product Sales")
        assert all(re.fullmatch(r"\$[\d,]+\.\d\d", r[sales]) for r in rows)
        assert all(r[6].endswith("%") or r[5].endswith("%") for r in rows)
        # multi-SKU children repeat the child's sessions on every SKU row
        by_child: dict[str, set[str]] = {}
        for r in rows:
            by_child.setdefault(r[1], set()).add(r[4])
        assert all(len(v) == 1 for v in by_child.values())
        assert len(rows) > len(by_child)
    assert b'"$' in files[7].read_bytes() or b'","' in files[7].read_bytes()  # quoted thousands appear


def test_business_report_by_date_layout(tiny_files):
    files = by_kind(tiny_files)["br_date"]
    assert len(files) == 8
    for path in files:
        raw, header, rows = read_csv(path)
        assert raw.startswith(b"\xef\xbb\xbf") and ",".join(header).startswith(BR_DATE_START)
        assert {"Sessions - Total", "Page Views - Total", "Featured Offer (Buy Box) Percentage",
                "Unit Session Percentage"} <= set(header)
        assert all(re.fullmatch(r"([1-9]|1[0-2])/([1-9]|[12]\d|3[01])/2[56]", r[0]) for r in rows)
    _, _, rows = read_csv(files[0])
    assert rows[0][0] == "1/1/25" and len(rows) == 90


# -- consistency ----------------------------------------------------------------------------------------------
SUMS = {"Impressions": "impressions", "Clicks": "clicks", "Spend": "spend", "7 Day Total Sales ": "sales",
        "7 Day Total Orders (#)": "orders", "7 Day Total Units (#)": "units"}


def test_ad_reports_roll_up_the_same_activity(tiny_files):
    kinds = by_kind(tiny_files)
    truth = demo.ground_truth("tiny").set_index("date")
    for i in (0, 7, 19):  # Jan 2025, Aug 2026 (stock-out), Aug 2026
        totals = []
        for kind in ("Search term.xlsx", "Targeting.xlsx", "Advertised product.xlsx"):
            _, frame, _ = read_xlsx(kinds[kind][i])
            totals.append(frame[list(SUMS)].sum().rename(SUMS))
            first, last = xlsx_days(frame)
        month = truth.loc[str(first):str(last)]
        expected = month[["impressions", "clicks", "spend", "ad_sales", "ad_orders", "ad_units"]].sum()
        for t in totals:
            assert t.to_numpy() == pytest.approx(expected.to_numpy(), abs=0.02)


def test_new_console_csv_agrees_with_targeting(tiny_files):
    kinds = by_kind(tiny_files)
    _, _, rows = read_csv(kinds["Search term.csv"][0])
    _, frame, _ = read_xlsx(kinds["Targeting.xlsx"][21])  # Oct 2026
    assert xlsx_days(frame) == (date(2026, 10, 1), date(2026, 10, 31))
    csv_clicks = sum(int(r[8]) for r in rows)
    csv_spend = sum(float(r[10]) for r in rows)
    csv_sales = sum(float(r[12]) for r in rows)
    assert csv_clicks == frame["Clicks"].sum()
    assert csv_spend == pytest.approx(frame["Spend"].sum(), abs=0.01)
    assert csv_sales == pytest.approx(frame["7 Day Total Sales "].sum(), abs=0.01)


def test_overlapping_download_repeats_the_same_days(tiny_files):
    files = by_kind(tiny_files)["Search term.xlsx"]
    september, overlap = read_xlsx(files[20])[1], read_xlsx(files[21])[1]
    assert files[21].name == "Sponsored Products Search term report (21).xlsx"
    assert xlsx_days(overlap) == (date(2026, 9, 16), date(2026, 10, 15))
    assert xlsx_days(september) == (date(2026, 9, 1), date(2026, 9, 30))
    tail = september[september["Date"] >= datetime(2026, 9, 16)].reset_index(drop=True)
    head = overlap[overlap["Date"] <= datetime(2026, 9, 30)].reset_index(drop=True)
    pd.testing.assert_frame_equal(tail, head)


def test_by_date_month_equals_by_child_file(tiny_files):
    kinds = by_kind(tiny_files)
    daily = []
    for path in kinds["br_date"]:
        _, header, rows = read_csv(path)
        frame = pd.DataFrame(rows, columns=header)
        frame["Date"] = pd.to_datetime(frame["Date"], format="%m/%d/%y")
        daily.append(frame)
    by_date = pd.concat(daily)
    cols = ["Units Ordered", "Ordered Product Sales", "Total Order Items", "Sessions - Total"]
    by_date[cols] = by_date[cols].map(num)
    monthly = by_date.groupby(by_date["Date"].dt.to_period("M"))[cols].sum()
    months = []
    for path in kinds["br_child"]:
        _, header, rows = read_csv(path)
        units_col = 14 if len(header) > 13 else 9
        units = sum(num(r[units_col]) for r in rows)
        sales = sum(num(r[header.index("Ordered Product Sales")]) for r in rows)
        items = sum(num(r[-2 if len(header) > 13 else -1]) for r in rows)
        sessions = sum(num(v) for v in {r[1]: r[4] for r in rows}.values())  # once per child
        match = monthly[(monthly["Units Ordered"] == units) & (monthly["Total Order Items"] == items)]
        assert len(match) == 1, path.name
        row = match.iloc[0]
        assert row["Ordered Product Sales"] == pytest.approx(sales, abs=0.005)
        assert row["Sessions - Total"] == sessions
        months.append(match.index[0])
    assert months == list(pd.period_range("2025-01", "2026-11", freq="M"))


# -- the story the data tells ---------------------------------------------------------------------------------
def test_stockout_is_in_the_ground_truth():
    children = demo.ground_truth_children("acme").set_index("date")
    oos = children[children["child_asin"] == cat.STOCKOUT_ASIN]
    window = oos.loc[str(cat.STOCKOUT_START):str(cat.STOCKOUT_END)]
    before = oos.loc["2026-07-13":str(cat.STOCKOUT_START - pd.Timedelta(days=1))]
    assert len(window) == 21 and window["units"].eq(0).all() and window["ad_clicks"].eq(0).all()
    assert window["sessions"].gt(0).all() and window["sessions"].mean() < 0.6 * before["sessions"].mean()
    assert window["buy_box_pct"].max() < 0.5 and before["buy_box_pct"].min() > 0.9
    # it was the best seller before running out
    july = children.loc["2026-07"].groupby("child_asin")["units"].sum()
    assert july.idxmax() == cat.STOCKOUT_ASIN


def test_acme_metrics_are_in_believable_ranges():
    g = demo.ground_truth("acme").set_index("date")
    q = g.groupby(g.index.to_period("Q")).sum()
    assert (g["ad_sales"] <= g["sales"]).all()
    assert (q["clicks"] / q["impressions"]).between(0.003, 0.006).all()
    assert (q["ad_orders"] / q["clicks"]).between(0.08, 0.15).all()
    assert (q["spend"] / q["clicks"]).between(0.6, 1.8).all()
    assert (q["spend"] / q["sales"]).between(0.08, 0.14).all()
    assert (q["units"] / q["sessions"]).between(0.08, 0.15).all()
    yoy = q.loc["2026Q3", "sales"] / q.loc["2025Q3", "sales"] - 1
    assert 0.10 <= yoy <= 0.30
    children = demo.ground_truth_children("acme")
    assert (children["buy_box_pct"] >= 0.95).mean() > 0.9


def test_events_spike_sales_and_cpc():
    g = demo.ground_truth("acme").set_index("date")
    for name, (first, last) in cat.EVENTS.items():
        event = g.loc[str(first):str(last)]
        before = g.loc[str(first - pd.Timedelta(days=28)):str(first - pd.Timedelta(days=8))]
        lift = event["sales"].mean() / before["sales"].mean()
        cpc_lift = (event["spend"].sum() / event["clicks"].sum()) / (before["spend"].sum() / before["clicks"].sum())
        assert lift > (1.8 if name.startswith("prime_day") else 1.4), name
        assert cpc_lift > 1.15, name


def test_wasteful_terms_have_clicks_and_no_orders():
    ads = demo.ground_truth_ads("acme")
    per_term = ads.groupby("search_term")[["clicks", "orders"]].sum()
    wasteful = per_term.loc[list(cat.WASTEFUL_TERMS)]
    assert wasteful["orders"].eq(0).all() and wasteful["clicks"].ge(300).all()
    assert per_term.drop(index=list(cat.WASTEFUL_TERMS))["orders"].gt(0).all()


# -- tiny profile, params, CLI -------------------------------------------------------------------------------
def test_tiny_profile_is_small(tiny_files):
    catalogue = cat.catalog("tiny")
    assert 4 <= len(catalogue.children) <= 6 and len(catalogue.parents) == 2
    assert 10 <= demo.ground_truth_ads("tiny")["search_term"].nunique() <= 20
    assert sum(f.stat().st_size for f in tiny_files) < 5e6
    for path in by_kind(tiny_files)["Search term.xlsx"][::5]:
        assert 100 < len(read_xlsx(path)[1]) < 1000


def test_write_tiny_project(tiny_root):
    params = yaml.safe_load((tiny_root / "params" / "tiny.yaml").read_text())
    assert params["client_name"] == cat.BRAND and params["currency"] == "USD"
    assert set(params["economics"]["asins"]) <= {c.asin for c in cat.catalog("tiny").children}
    assert len(list((tiny_root / "data" / "tiny").iterdir())) == 101 + 7  # + the onboarding audit snapshots (helpers.demo.onboarding)


def test_committed_acme_params_match_the_generator():
    committed = Path(__file__).resolve().parents[2] / "params" / "acme.yaml"
    assert committed.read_text(encoding="utf-8") == demo.params_yaml("acme", "acme")
    params = yaml.safe_load(committed.read_text(encoding="utf-8"))
    assert params["agency"]["name"] == "Northwind Commerce" and params["period"] is None
    assert 2 <= len(params["economics"]["asins"]) <= 3
    assert set(params["economics"]["asins"]) <= {c.asin for c in cat.catalog("acme").children}
    assert set(params) <= {"client_name", "marketplace", "currency", "account_type", "period", "brand_terms",
                           "competitor_terms", "protected_terms", "economics", "targets", "agency", "report",
                           "settings", "launches", "account_health", "seasonal"}
    assert params["seasonal"]["events"] == ["prime-day-2026", "bfcm-2026", "prime-day-2027"]


def test_cli_writes_the_tiny_demo(tmp_path, capsys):
    assert main(["demo", "tiny", "--out", str(tmp_path)]) == 0
    assert "108 files" in capsys.readouterr().out
    assert main(["demo", "Bad Name", "--out", str(tmp_path)]) == 2


def test_unknown_profile_is_refused(tmp_path):
    with pytest.raises(ParamsError, match="demo profile must be one of acme, tiny, harbour, bergwerk; got 'huge'"):
        demo.generate("acme", tmp_path, profile="huge")


def test_manifest_names_the_files_and_the_days_they_cover(tiny_files, acme_files):
    plan = demo.manifest()
    assert list(plan["file"]) == [p.name for p in acme_files]
    assert sorted(plan["file"]) == sorted(p.name for p in tiny_files)
    folder = tiny_files[0].parent
    for job in plan[plan["file"].str.endswith(".xlsx")].iloc[::9].itertuples():
        first, last = xlsx_days(read_xlsx(folder / job.file)[1])
        assert (pd.Timestamp(first), pd.Timestamp(last)) == (job.start_date, job.end_date), job.file
