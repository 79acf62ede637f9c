"""Amazon's other ad reports (issue 14 §3): campaign, placement and performance-over-time exports of
Sponsored Products, Sponsored Brands keyword/campaign/placement and Sponsored Display targeting,
advertised product and campaign reports — legacy console, 2025+ console and Ads API v3 headers —
and ``ad_days``: spend per day and ad type, each day counted from one report only.

Headers follow amazon-reports.md §2 (SP campaign, placement, performance over time), §1.3 (2025+
console), §1.5 (SB keyword header of amzn/ads-advanced-tools-docs#368) and Amazon's Ads API docs
(v3 report types; console ↔ API map) for SB/SD. The numbers are made up; totals are hand-summed.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.loaders import ad_days, load_client, load_reports, read_report
from tests import loader_fixtures as fx

ROOT = Path(__file__).resolve().parents[2]

# -- builders --------------------------------------------------------------------------------------

SP_CAMPAIGN_LEGACY = ["Date", "Start Date", "End Date", "Portfolio name", "Campaign Type", "Campaign Name", "Status",
                      "Currency", "Budget", "Targeting Type", "Bidding strategy", "Impressions", "Clicks",
                      "Click-Thru Rate (CTR)", "Spend", "Cost Per Click (CPC)", "7 Day Total Orders (#)",
                      "Total Advertising Cost of Sales (ACoS) ", "7 Day Total Sales "]  # fmt: skip


def sp_campaign_csv(
    path: Path, days=("Jul 01, 2026", "Jul 02, 2026", "Jul 03, 2026"), spend="$10.00"
) -> Path:
    rows = [[d, "11/13/18", "", "No Portfolio", "Sponsored Products", "Mats", "CAMPAIGN_STATUS_ENABLED", "USD",
             "$20.00", "MANUAL", "Dynamic bids - down only", "1,000", "20", "2.00%", spend, "$0.50", "2",
             "25.00%", "$40.00"] for d in days]  # fmt: skip
    return fx.write_csv(path, [SP_CAMPAIGN_LEGACY, *rows])


def sp_campaign_vendor_csv(path: Path) -> Path:
    header = ["Date", "Start Date", "End Date", "Portfolio name", "Campaign Type", "Campaign Name", "Status",
              "Currency", "Budget", "Targeting Type", "Impressions", "Last Year Impressions", "Clicks",
              "Last Year Clicks", "Click-Thru Rate (CTR)", "Spend", "Last Year Spend", "Cost Per Click (CPC)",
              "Last Year Cost Per Click (CPC)", "14 Day Total Orders (#)", "Total Advertising Cost of Sales (ACoS)",
              "14 Day Total Sales (₹)"]  # fmt: skip
    rows = [["Feb 1, 2020", "Jan 5, 2020", "", "Not grouped", "Sponsored Products", "Oil", "ENABLED", "INR",
             "Rs.1000.0", "AUTO", "1,00,000", "0", "12", "0", "0.01%", "Rs.1,200.5", "Rs.0.0", "Rs.100.04",
             "Rs.0.0", "3", "10.00%", "Rs.12,005.0"]]  # fmt: skip
    return fx.write_csv(path, [header, *rows])


def sp_campaign_api_csv(path: Path) -> Path:
    header = ["date", "campaignName", "campaignId", "campaignStatus", "campaignBudgetAmount",
              "campaignBudgetCurrencyCode", "impressions", "clicks", "cost", "purchases7d", "sales7d",
              "unitsSoldClicks7d", "purchases14d", "sales14d"]  # fmt: skip
    rows = [["2026-07-01", "Mats", "123456789012345", "ENABLED", "20", "USD", "900", "18", "9.5", "2", "31.5", "3",
             "3", "40"]]  # fmt: skip
    return fx.write_csv(path, [header, *rows], bom=False)


def sp_campaign_2025_csv(path: Path) -> Path:
    header = ["Budget currency", "Date range", "Campaign ID", "Campaign name", "Impressions", "Clicks", "CTR",
              "Total cost", "Purchases", "Sales", "Units sold", "ROAS"]  # fmt: skip
    rows = [["USD", "Aug 18, 2026 - Aug 24, 2026", '="254927681919372"', "Mats", "9582", "100", "1.0436%",
             "108.61", "11", "180.90", "11", "1.66559"]]  # fmt: skip
    return fx.write_csv(path, [header, *rows])


def sp_placement_xlsx(path: Path) -> Path:
    header = ["Date", "Portfolio name", "Currency", "Campaign Name", "Bidding strategy", "Placement", "Impressions",
              "Clicks", "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ", "Total Advertising Cost of Sales (ACoS) ",
              "Total Return on Advertising Spend (RoAS)", "7 Day Total Orders (#)", "7 Day Total Units (#)"]  # fmt: skip
    day = dt.datetime(2026, 7, 1)
    rows = [[day, "Not grouped", "USD", "Mats", "Dynamic bids - down only", "Top of Search on-Amazon", 500, 10, 0.6,
             6.0, 30.0, 0.2, 5.0, 1, 1],
            [day, "Not grouped", "USD", "Mats", "Dynamic bids - down only", "Product pages on Amazon", 400, 5, 0.8,
             4.0, 0.0, None, 0.0, 0, 0]]  # fmt: skip
    return fx.write_xlsx(path, [header, *rows], sheet="Sponsored Product Placement Rep")


def sp_performance_over_time_xlsx(path: Path) -> Path:
    header = ["Date", "Clicks", "Cost Per Click (CPC)", "Spend"]
    rows = [[dt.datetime(2026, 7, 1), 20, 0.5, 10.0], [dt.datetime(2026, 7, 2), 10, 0.5, 5.0]]
    return fx.write_xlsx(path, [header, *rows], sheet="Sponsored Product Performance O")


SB_KEYWORD_LEGACY = ["Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting",
                     "Match Type", "Cost type", "Impressions", "Top-of-search Impression Share",
                     "Viewable Impressions", "Clicks", "Click-Thru Rate (CTR)", "Spend", "Cost Per Click (CPC)",
                     "Cost per 1,000 viewable impressions (VCPM)", "Total Advertising Cost of Sales (ACOS) ",
                     "Total Return on Advertising Spend (ROAS)", "14 Day Total Sales ", "14 Day Total Orders (#)",
                     "14 Day Total Units (#)", "14 Day Conversion Rate", "14 Day Total Sales - (Click)",
                     "14 Day Total Orders (#) - (Click)", "14 Day Total Units (#) - (Click)"]  # fmt: skip


def sb_keyword_csv(path: Path, days=("Jul 01, 2026", "Jul 02, 2026"), spend="$5.00") -> Path:
    rows = [[d, "Not grouped", "USD", "Brand", "AG", "bath mat", "EXACT", "CPC", "300", "12.5%", "", "6", "2.00%",
             spend, "$0.83", "", "10.00%", "10", "$50.00", "2", "2", "33.3%", "$40.00", "1", "1"] for d in days]  # fmt: skip
    return fx.write_csv(path, [SB_KEYWORD_LEGACY, *rows])


def sb_keyword_api_csv(path: Path) -> Path:
    header = ["date", "campaignName", "campaignId", "adGroupName", "keywordText", "matchType", "costType",
              "campaignBudgetCurrencyCode", "impressions", "clicks", "cost", "sales", "purchases", "unitsSold",
              "salesClicks", "purchasesClicks"]  # fmt: skip
    rows = [["2026-07-01", "Brand", "55", "AG", "bath mat", "BROAD", "CPC", "USD", "100", "4", "3.2", "25", "1", "1",
             "25", "1"]]  # fmt: skip
    return fx.write_csv(path, [header, *rows], bom=False)


def sb_search_terms_csv(path: Path, days=("Jul 01, 2026", "Jul 02, 2026"), spend="$5.00") -> Path:
    header = ["Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
              "Customer Search Term", "Cost Type", "Impressions", "Viewable Impressions", "Clicks", "Spend",
              "14 Day Total Sales", "14 Day Total Orders (#)", "14 Day Total Units (#)"]  # fmt: skip
    rows = [[d, "Not grouped", "USD", "Brand", "AG", "bath mat", "EXACT", "bath mat", "CPC", "300", "", "6", spend,
             "$50.00", "2", "2"] for d in days]  # fmt: skip
    return fx.write_csv(path, [header, *rows])


def sb_placement_csv(path: Path) -> Path:
    header = ["Date", "Portfolio name", "Currency", "Campaign Name", "Cost type", "Placement Type", "Impressions",
              "Viewable Impressions", "Clicks", "Spend", "14 Day Total Sales ", "14 Day Total Orders (#)",
              "14 Day Total Units (#)"]  # fmt: skip
    rows = [["Jul 01, 2026", "Not grouped", "USD", "Brand", "CPC", "Top of Search on-Amazon", "200", "", "3", "$2.40",
             "$20.00", "1", "1"]]  # fmt: skip
    return fx.write_csv(path, [header, *rows])


SD_TARGETING_LEGACY = ["Date", "Currency", "Campaign Name", "Portfolio name", "Cost type", "Ad Group Name",
                       "Targeting", "Bid Optimization", "Impressions", "Viewable Impressions", "Clicks",
                       "Click-Thru Rate (CTR)", "14 Day Detail Page Views (DPV)", "Spend", "Cost Per Click (CPC)",
                       "Cost per 1,000 viewable impressions (VCPM)", "Total Advertising Cost of Sales (ACOS) ",
                       "Total Return on Advertising Spend (ROAS)", "14 Day Total Orders (#)",
                       "14 Day Total Units (#)", "14 Day Total Sales "]  # fmt: skip


def sd_targeting_csv(path: Path, day="Jul 01, 2026", spend="$2.00") -> Path:
    row = [day, "USD", "Display", "Not grouped", "CPC", "AG", 'asin="B0ABCDEFGH"', "Optimize for page visits", "900",
           "600", "3", "0.33%", "4", spend, "$0.67", "$3.33", "20.00%", "5", "1", "1", "$10.00"]  # fmt: skip
    return fx.write_csv(path, [SD_TARGETING_LEGACY, row])


def sd_targeting_api_csv(path: Path) -> Path:
    header = ["date", "campaignName", "campaignId", "adGroupName", "targetingText", "targetingExpression",
              "campaignBudgetCurrencyCode", "impressions", "clicks", "cost", "sales", "purchases", "unitsSold",
              "salesClicks", "purchasesClicks"]  # fmt: skip
    rows = [["2026-07-01", "Display", "77", "AG", "views=(exact-product 30)", "views", "USD", "800", "2", "1.5",
             "12", "1", "1", "12", "1"]]  # fmt: skip
    return fx.write_csv(path, [header, *rows], bom=False)


def sd_advertised_product_csv(path: Path) -> Path:
    header = ["Date", "Currency", "Campaign Name", "Portfolio name", "Cost type", "Ad Group Name", "Advertised SKU",
              "Advertised ASIN", "Impressions", "Viewable Impressions", "Clicks", "Spend", "14 Day Total Orders (#)",
              "14 Day Total Units (#)", "14 Day Total Sales "]  # fmt: skip
    rows = [["Jul 01, 2026", "USD", "Display", "Not grouped", "vCPM", "AG", "MAT-1", "B0ABCDEFGH", "900", "700", "3",
             "$2.10", "1", "1", "$10.00"]]  # fmt: skip
    return fx.write_csv(path, [header, *rows])


def sd_advertised_product_api_csv(path: Path) -> Path:
    header = ["date", "campaignName", "adGroupName", "promotedAsin", "promotedSku", "campaignBudgetCurrencyCode",
              "impressions", "clicks", "cost", "sales", "purchases", "unitsSold", "salesClicks"]  # fmt: skip
    rows = [
        ["2026-07-01", "Display", "AG", "B0ABCDEFGH", "MAT-1", "USD", "500", "1", "0.9", "0", "0", "0", "0"]
    ]
    return fx.write_csv(path, [header, *rows], bom=False)


def sd_campaign_xlsx(path: Path) -> Path:
    header = ["Date", "Currency", "Campaign Name", "Portfolio name", "Status", "Cost type", "Impressions",
              "Viewable Impressions", "Clicks", "14 Day Detail Page Views (DPV)", "Spend", "14 Day Total Orders (#)",
              "14 Day Total Units (#)", "14 Day Total Sales ", "14 Day Total Sales - (Click)"]  # fmt: skip
    rows = [[dt.datetime(2026, 7, 1), "USD", "Display", "Not grouped", "ENABLED", "CPC", 900, 600, 3, 4, 2.0, 1, 1,
             10.0, 8.0]]  # fmt: skip
    return fx.write_xlsx(path, [header, *rows], sheet="Sponsored Display Campaign Rep")


def sb_sd_campaign_api_csv(path: Path) -> Path:
    """A v3 sbCampaigns / sdCampaigns export: nothing in the columns says which of the two it is."""
    header = ["date", "campaignName", "campaignId", "campaignBudgetCurrencyCode", "impressions", "clicks", "cost",
              "sales", "purchases", "unitsSold", "salesClicks"]  # fmt: skip
    rows = [["2026-07-01", "X", "9", "USD", "100", "2", "1.25", "5", "1", "1", "5"]]
    return fx.write_csv(path, [header, *rows], bom=False)


# -- recognition -------------------------------------------------------------------------------------

CASES = [
    # builder, report, ad type, layout, window, spend, sales, orders, clicks
    (sp_campaign_csv, "ad_campaigns", "SP", "console-csv", 7, 30.0, 120.0, 6, 60),
    (sp_campaign_vendor_csv, "ad_campaigns", "SP", "console-csv", 14, 1200.5, 12005.0, 3, 12),
    (sp_campaign_api_csv, "ad_campaigns", "SP", "api-v3", 7, 9.5, 31.5, 2, 18),
    (sp_campaign_2025_csv, "ad_campaigns", "SP", "console-2025-csv", 7, 108.61, 180.9, 11, 100),
    (sp_placement_xlsx, "ad_placements", "SP", "console-xlsx", 7, 10.0, 30.0, 1, 15),
    (
        sp_performance_over_time_xlsx,
        "sp_performance_over_time",
        "SP",
        "console-xlsx",
        None,
        15.0,
        None,
        None,
        30,
    ),
    (sb_keyword_csv, "sb_keywords", "SB", "console-csv", 14, 10.0, 100.0, 4, 12),
    (sb_keyword_api_csv, "sb_keywords", "SB", "api-v3", 14, 3.2, 25.0, 1, 4),
    (sb_placement_csv, "ad_placements", "SB", "console-csv", 14, 2.4, 20.0, 1, 3),
    (sd_targeting_csv, "sd_targeting", "SD", "console-csv", 14, 2.0, 10.0, 1, 3),
    (sd_targeting_api_csv, "sd_targeting", "SD", "api-v3", 14, 1.5, 12.0, 1, 2),
    (sd_advertised_product_csv, "sd_advertised_products", "SD", "console-csv", 14, 2.1, 10.0, 1, 3),
    (sd_advertised_product_api_csv, "sd_advertised_products", "SD", "api-v3", 14, 0.9, 0.0, 0, 1),
    (sd_campaign_xlsx, "ad_campaigns", "SD", "console-xlsx", 14, 2.0, 10.0, 1, 3),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0].__name__ for c in CASES])
def test_layout_recognised_with_totals(tmp_path, case):
    build, report_type, ad_type, layout, window, spend, sales, orders, clicks = case
    report = read_report(
        build(tmp_path / f"{build.__name__}.{'xlsx' if 'xlsx' in build.__name__ else 'csv'}")
    )
    assert (report.report, report.layout, report.window_days) == (report_type, layout, window)
    assert set(report.frame["ad_type"].dropna()) == {ad_type}
    totals = report.totals()
    assert totals["spend"] == pytest.approx(spend)
    assert totals["clicks"] == clicks
    assert (totals["sales"], totals["orders"]) == (
        (pytest.approx(sales), orders) if sales is not None else (None, None)
    )


def test_campaign_report_days_come_from_date_not_the_campaign_dates(tmp_path):
    frame = read_report(sp_campaign_csv(tmp_path / "c.csv")).frame
    assert frame["start_date"].dt.date.tolist() == [dt.date(2026, 7, d) for d in (1, 2, 3)]
    assert (frame["start_date"] == frame["end_date"]).all()


def test_sb_and_sd_reports_are_not_read_as_sponsored_products(tmp_path):
    """Before: an SB keyword report was an sp_targeting report and an SD advertised product report
    an sp_advertised_products one, so their spend counted as SP."""
    assert read_report(sb_keyword_csv(tmp_path / "k.csv")).report == "sb_keywords"
    assert read_report(sd_advertised_product_csv(tmp_path / "a.csv")).report == "sd_advertised_products"
    assert read_report(fx.targeting_xlsx(tmp_path / "t.xlsx")).report == "sp_targeting"
    assert read_report(fx.advertised_products_xlsx(tmp_path / "p.xlsx")).report == "sp_advertised_products"


def test_undecidable_ad_type_is_named_not_counted(tmp_path):
    path = sb_sd_campaign_api_csv(tmp_path / "campaigns.csv")
    report = read_report(path)
    assert report.report == "ad_campaigns" and report.frame["ad_type"].isna().all()
    assert any("ad type" in n for n in report.notes)
    days = ad_days({"ad_campaigns": report.frame})
    assert days.daily.empty and days.ad_types == ()
    assert any("campaigns.csv" in n and "not counted" in n for n in days.notes)


# -- ad_days: one source per ad type and day ---------------------------------------------------------


def client_with_every_ad_type(root: Path) -> Path:
    folder = root / "data" / "c"
    sp_campaign_csv(folder / "Sponsored Products Campaign report.csv")  # Jul 1-3, $10/day
    fx.daily_str_csv(
        folder / "Sponsored Products Search term report.csv",
        [dt.date(2026, 7, d) for d in (1, 2, 3, 4)],
        spend=9.0,  # Jul 1-3 also in the campaign report; Jul 4 only here
    )
    sb_keyword_csv(folder / "Sponsored Brands Keyword report.csv")  # Jul 1-2, $5/day
    sb_search_terms_csv(folder / "Sponsored Brands Search term report.csv")  # same days, same money
    sd_targeting_csv(folder / "Sponsored Display Targeting report.csv")  # Jul 1, $2
    sp_performance_over_time_xlsx(folder / "Sponsored Products Performance Over Time report.xlsx")
    return folder


def test_ad_days_counts_each_day_once_per_ad_type(tmp_path):
    client_with_every_ad_type(tmp_path)
    data = load_client("c", tmp_path, cache=False)
    days = data.ad_days()
    assert days.ad_types == ("SP", "SB", "SD")
    spend = days.daily.groupby("ad_type")["spend"].sum().to_dict()
    assert spend == {"SP": 30.0 + 9.0, "SB": 10.0, "SD": 2.0}  # not 30 + 36, not 20
    assert days.daily["spend"].sum() == 51.0
    sources = {(r.ad_type, r.report): (r.first, r.last, r.days) for r in days.sources.itertuples()}
    assert sources == {
        ("SP", "ad_campaigns"): (dt.date(2026, 7, 1), dt.date(2026, 7, 3), 3),
        ("SP", "sp_search_terms"): (dt.date(2026, 7, 4), dt.date(2026, 7, 4), 1),
        ("SB", "sb_keywords"): (dt.date(2026, 7, 1), dt.date(2026, 7, 2), 2),
        ("SD", "sd_targeting"): (dt.date(2026, 7, 1), dt.date(2026, 7, 1), 1),
    }
    july_1 = days.daily[days.daily["start_date"] == pd.Timestamp("2026-07-01")].set_index("ad_type")
    assert july_1.loc["SP", ["spend", "sales", "orders", "clicks"]].tolist() == [10.0, 40.0, 2.0, 20.0]
    assert any("performance over time report recognised; no playbook uses it" in n for n in data.notes)


def test_ad_days_covered_days_and_quarter_per_kind(tmp_path):
    client_with_every_ad_type(tmp_path)
    data = load_client("c", tmp_path, cache=False)
    covered = data.covered_days(dt.date(2026, 7, 1), dt.date(2026, 9, 30)).set_index("kind")
    assert covered.loc["SP", ["covered", "days"]].tolist() == [4, 92]
    assert covered.loc["SB", "covered"] == 2 and covered.loc["SD", "last"] == dt.date(2026, 7, 1)


@pytest.mark.skipif(not fx.SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_ad_days_on_real_search_term_exports():
    """The real US and IN exports: ad_days' SP spend equals each file's own total (one source)."""
    for name in ("sp-search-term-us-2020-daily.xlsx", "sp-search-term-in-vendor-2020-daily.xlsx"):
        report = read_report(fx.SAMPLES / name)
        days = ad_days({"sp_search_terms": report.frame})
        assert days.ad_types == ("SP",)
        assert days.daily["spend"].sum() == pytest.approx(report.totals()["spend"], abs=1e-6)
        assert set(days.sources["report"]) == {"sp_search_terms"}


def test_samples_folder_loads_with_every_report_recognised():
    if not fx.SAMPLES.is_dir():
        pytest.skip("../shared/samples is not present")
    loaded = load_reports(fx.SAMPLES)
    assert len(loaded) == 6 and not loaded.skipped


# -- inspect names what it recognises ----------------------------------------------------------------


def test_inspect_names_other_ad_reports_and_unused_ones(tmp_path):
    folder = client_with_every_ad_type(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "inspect", "--json", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    items = {Path(o["path"]).name: o for o in map(json.loads, result.stdout.splitlines())}
    pot = items["Sponsored Products Performance Over Time report.xlsx"]
    assert (pot["report"], pot["used"]) == ("sp_performance_over_time", False)
    campaign = items["Sponsored Products Campaign report.csv"]
    assert (campaign["report"], campaign["ad_types"], campaign["used"]) == ("ad_campaigns", ["SP"], True)
    assert items["Sponsored Display Targeting report.csv"]["ad_types"] == ["SD"]
    assert "unknown" not in result.stderr


def test_ad_days_empty_has_the_dtypes_of_a_full_one(tmp_path):
    full = ad_days({"sd_targeting": read_report(sd_targeting_csv(tmp_path / "t.csv")).frame}).daily
    empty = ad_days({}).daily
    assert empty.empty and list(empty.columns) == list(full.columns)
    assert empty.dtypes.to_dict() == full.dtypes.to_dict()


def test_client_data_built_by_hand_counts_its_sp_frames(tmp_path):
    from helpers.loaders import ClientData, empty_frame

    search_terms = read_report(fx.daily_str_csv(tmp_path / "st.csv", [dt.date(2026, 7, 1)], spend=4.0)).frame
    data = ClientData(
        search_terms=search_terms,
        targeting=empty_frame("sp_targeting"),
        advertised_products=empty_frame("sp_advertised_products"),
        business_asin=empty_frame("business_report_asin"),
        business_date=empty_frame("business_report_date"),
    )
    assert data.ad_days().daily["spend"].tolist() == [4.0]
