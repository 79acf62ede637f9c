"""Sponsored Brands search term and Brand Analytics SQP loaders, on crafted files in the real layouts."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.errors import InputFileError
from helpers.loaders import read_report

SB_HEADER = (
    "Date,Portfolio name,Currency,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Cost Type,"
    "Impressions,Viewable Impressions,Clicks,Click-Thru Rate (CTR),Spend,Cost Per Click (CPC),"
    '"Cost per 1,000 viewable impressions (VCPM)",Total Advertising Cost of Sales (ACOS) ,'
    "Total Return on Advertising Spend (ROAS),14 Day Total Sales ,14 Day Total Orders (#),14 Day Total Units (#),"
    "14 Day Conversion Rate,Total Advertising Cost of Sales (ACOS) - (Click),"
    "Total Return on Advertising Spend (ROAS) - (Click),14 Day Total Sales - (Click),"
    "14 Day Total Orders (#) - (Click),14 Day Total Units (#) - (Click)"
)
SB_ROWS = [
    '"Aug 01, 2026",Not grouped,USD,SB | Brand,Brand - Store,acme,BROAD,acme water bottle,CPC,'
    "1200,,30,2.5000%,$24.00,$0.80,,20.00%,5.00,$120.00,4,5,13.3333%,25.00%,4.00,$96.00,3,4",
    '"Aug 02, 2026",Not grouped,USD,SB | Video,Video - Bottles,water bottle,PHRASE,insulated bottle,vCPM,'
    "5000,3000,10,0.2000%,$15.00,$1.50,$5.00,50.00%,2.00,$30.00,1,1,10.0000%,,0.00,$0.00,0,0",
]


def test_sb_search_terms_csv(tmp_path):
    path = tmp_path / "Sponsored Brands Search term report.csv"
    path.write_text("\ufeff" + SB_HEADER + "\n" + "\n".join(SB_ROWS) + "\n", encoding="utf-8")
    report = read_report(path, marketplace="US")
    assert report.report == "sb_search_terms"
    assert report.window_days == 14
    frame = report.frame
    assert frame["cost_type"].tolist() == ["CPC", "vCPM"]
    assert frame["sales"].tolist() == [120.0, 30.0]  # all conversions, as the console shows
    assert frame["sales_click"].tolist() == [96.0, 0.0]  # click-only twins
    assert frame["orders_click"].tolist() == [3.0, 0.0]
    assert frame["units_click"].tolist() == [4.0, 0.0]
    assert frame["viewable_impressions"].isna().tolist() == [True, False]
    assert frame["search_term"].tolist() == ["acme water bottle", "insulated bottle"]
    assert frame["start_date"].tolist() == [pd.Timestamp("2026-08-01"), pd.Timestamp("2026-08-02")]
    assert "acos" not in frame.columns and "cpc" not in frame.columns
    assert report.totals()["spend"] == 39.0


def test_sb_is_not_mistaken_for_sp_and_sp_still_sp(tmp_path):
    sp = tmp_path / "sp.csv"
    header = SB_HEADER.replace("Cost Type,", "").replace("14 Day", "7 Day")
    row = SB_ROWS[0].replace("CPC,", "", 1)
    sp.write_text(header + "\n" + row + "\n", encoding="utf-8")
    assert read_report(sp, marketplace="US").report == "sp_search_terms"


def test_sb_search_terms_xlsx_with_lowercase_cost_type(tmp_path):
    header = [h.strip() for h in pd.read_csv(pd.io.common.StringIO(SB_HEADER)).columns]
    header = ["Cost type" if h == "Cost Type" else h for h in header]
    values = [
        pd.Timestamp("2026-08-01"), "Not grouped", "USD", "SB | Brand", "Brand - Store", "acme", "BROAD",
        "acme bottle", "CPC", 100, None, 5, 0.05, 4.0, 0.8, None, 0.2, 5.0, 20.0, 1, 1, 0.2, 0.2, 5.0, 20.0, 1, 1,
    ]  # fmt: skip
    path = tmp_path / "Sponsored Brands Search term report.xlsx"
    pd.DataFrame([values], columns=header).to_excel(
        path, index=False, sheet_name="Sponsored Brands Search Term R"
    )
    report = read_report(path, marketplace="US")
    assert report.report == "sb_search_terms"
    assert report.frame.loc[0, "cost_type"] == "CPC" and report.frame.loc[0, "orders_click"] == 1.0


SQP_HEADER = (
    '"Search Query","Search Query Score","Search Query Volume","Impressions: Total Count",'
    '"Impressions: Brand Count","Impressions: Brand Share %","Clicks: Total Count","Clicks: Click Rate %",'
    '"Clicks: Brand Count","Clicks: Brand Share %","Clicks: Price (Median)","Clicks: Brand Price (Median)",'
    '"Clicks: Same Day Shipping Speed","Clicks: 1D Shipping Speed","Clicks: 2D Shipping Speed",'
    '"Cart Adds: Total Count","Cart Adds: Cart Add Rate %","Cart Adds: Brand Count","Cart Adds: Brand Share %",'
    '"Cart Adds: Price (Median)","Cart Adds: Brand Price (Median)","Cart Adds: Same Day Shipping Speed",'
    '"Cart Adds: 1D Shipping Speed","Cart Adds: 2D Shipping Speed","Purchases: Total Count",'
    '"Purchases: Purchase Rate %","Purchases: Brand Count","Purchases: Brand Share %","Purchases: Price (Median)",'
    '"Purchases: Brand Price (Median)","Purchases: Same Day Shipping Speed","Purchases: 1D Shipping Speed",'
    '"Purchases: 2D Shipping Speed","Reporting Date"'
)
SQP_ROWS = [
    '"water bottle","898","14874","381915","7","0.0","4324","29.07","0","0.0","47.09",,"147","1126","966",'
    '"900","6.05","12","1.33","40.00",,"10","100","90","300","2.02","9","3.0","35.00","29.99","1","50","40",'
    '"2026-08-29"',
    '"acme bottle","12","1,234","20000","15000","75.0","800","4.0","600","75.0","30.00","29.99","0","10","5",'
    '"200","1.0","150","75.0","30.00","29.99","0","1","1","100","8.1","90","90.0","30.00","29.99","0","5","5",'
    '"2026-08-29"',
]


def _sqp(tmp_path, meta: str):
    path = tmp_path / "US_Search_Query_Performance_Brand_View_Simple_Week_2026_08_29.csv"
    path.write_text("\ufeff" + meta + "\n" + SQP_HEADER + "\n" + "\n".join(SQP_ROWS) + "\n", encoding="utf-8")
    return read_report(path, marketplace="US")


def test_sqp_weekly_brand_view(tmp_path):
    report = _sqp(
        tmp_path, '"Brand=[""Acme Trail""]","Reporting Range=[""Weekly""]","Select week=[""Week 35 | 2026""]"'
    )
    assert report.report == "sqp"
    f = report.frame
    assert f["search_query"].tolist() == ["water bottle", "acme bottle"]
    assert f["search_query_volume"].tolist() == [14874.0, 1234.0]  # thousands comma
    assert f["impressions_brand_share"].tolist() == pytest.approx([0.0, 0.75])  # "75.0" = 75 %
    assert f["purchases_brand"].tolist() == [9.0, 90.0]
    assert f["purchases_rate"].tolist() == pytest.approx([0.0202, 0.081])
    assert f["clicks_price_median"].tolist() == [47.09, 30.0]
    assert f["end_date"].iloc[0] == pd.Timestamp("2026-08-29")
    assert f["start_date"].iloc[0] == pd.Timestamp("2026-08-23")  # Sunday..Saturday
    assert (f["reporting_range"] == "weekly").all()


def test_sqp_monthly(tmp_path):
    report = _sqp(tmp_path, '"Brand=[""Acme""]","Reporting Range=[""Monthly""]","Select year=[""2026""]"')
    f = report.frame
    assert f["start_date"].iloc[0] == pd.Timestamp("2026-08-01")
    assert f["reporting_range"].iloc[0] == "monthly"


def test_sqp_uk_basket_adds_asin_view(tmp_path):
    header = (
        SQP_HEADER.replace("Cart Adds: Cart Add Rate", "Basket Adds: Basket Add Rate")
        .replace("Cart Adds", "Basket Adds")
        .replace("Brand Count", "ASIN Count")
        .replace("Brand Share", "ASIN Share")
    )
    path = tmp_path / "sqp_asin.csv"
    meta = '"ASIN=[""B0ACME0001""]","Reporting Range=[""Weekly""]","Select week=[""Week 35 | 2026""]"'
    path.write_text(meta + "\n" + header + "\n" + "\n".join(SQP_ROWS) + "\n", encoding="utf-8")
    f = read_report(path, marketplace="UK").frame
    assert f["cart_adds_brand"].tolist() == [12.0, 150.0]
    assert f["cart_adds_rate"].tolist() == pytest.approx([0.0605, 0.01])


def test_sqp_bad_number_names_the_row(tmp_path):
    rows = [SQP_ROWS[0], SQP_ROWS[1].replace('"1,234"', '"lots"')]
    path = tmp_path / "sqp_bad.csv"
    path.write_text(
        '"Reporting Range=[""Weekly""]"\n' + SQP_HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8"
    )
    with pytest.raises(InputFileError, match="row 4"):
        read_report(path, marketplace="US")
