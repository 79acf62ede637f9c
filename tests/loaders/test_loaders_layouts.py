"""Crafted files for each layout and quirk of amazon-reports.md, plus refusal of bad files."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from helpers.errors import InputFileError, ParamsError, UnknownReportError
from helpers.loaders import UnrecognisedFileError, canonical_header, load_reports, read_report
from tests import loader_fixtures as fx


def test_canonical_header_folds_the_quirks():
    assert canonical_header("\ufeff7 Day Total Sales ") == "7daytotalsales"
    assert canonical_header("Total Advertising Cost of Sales (ACoS) ") == canonical_header(
        "Total Advertising Cost of Sales (ACOS)"
    )
    assert canonical_header("Sessions – Total") == canonical_header("Sessions - Total") == "sessionstotal"
    assert canonical_header("（親）ASIN") == canonical_header("(親)ASIN") == "親asin"
    assert canonical_header("Übereinstimmungstyp") == "übereinstimmungstyp"


@pytest.mark.parametrize("title_row", [False, True])
@pytest.mark.parametrize("acos", ["ACoS", "ACOS"])
def test_legacy_csv_with_bom_title_row_and_trailing_spaces(tmp_path, title_row, acos):
    path = fx.legacy_str_csv(tmp_path / "str.csv", title_row=title_row, acos=acos)
    report = read_report(path)
    assert report.report == "sp_search_terms"
    assert report.layout == "console-csv"
    assert (report.currency, report.window_days) == ("USD", 7)
    frame = report.frame
    assert list(frame["impressions"]) == [1200, 300]
    assert list(frame["spend"]) == [5.04, 0.0]
    assert list(frame["sales"]) == [1234.56, 0.0]
    assert frame.loc[0, "campaign"] == 'Mats "Winter", 2018'
    assert frame.loc[0, "adv_sku_sales"] == 1000.0 and frame.loc[0, "other_sku_sales"] == 234.56
    assert frame.loc[0, "match_type"] == "EXACT" and pd.isna(frame.loc[1, "match_type"])
    assert (report.start, report.end) == (dt.date(2018, 11, 10), dt.date(2018, 11, 11))
    assert not {"acos", "ctr", "cpc", "roas"} & set(frame.columns)


def test_india_vendor_csv_rs_prefix_lakh_and_14_day_window(tmp_path):
    report = read_report(fx.india_vendor_str_csv(tmp_path / "in.csv"))
    assert (report.currency, report.window_days) == ("INR", 14)
    frame = report.frame
    assert frame.loc[0, "spend"] == pytest.approx(14.217777799999999)
    assert frame.loc[0, "sales"] == pytest.approx(108218.36)
    assert frame.loc[1, "impressions"] == 100000
    assert frame.loc[0, "adv_sku_sales"] == 100000.0  # "Advertised ASIN" maps like "Advertised SKU"
    assert frame.loc[0, "other_sku_sales"] == pytest.approx(8218.36)  # "Brand Halo ASIN"
    assert frame.loc[0, "start_date"] == pd.Timestamp("2020-02-01")  # "Feb 1, 2020"
    assert frame.loc[1, "match_type"] == "PHRASE"


def test_german_semicolon_csv_decimal_comma_and_dotted_dates(tmp_path):
    report = read_report(fx.german_str_csv(tmp_path / "de.csv"))
    assert report.report == "sp_search_terms"
    assert (report.currency, report.window_days) == ("EUR", 7)
    frame = report.frame
    assert list(frame["impressions"]) == [1234, 100]
    assert list(frame["spend"]) == [6.0, 1.94]
    assert frame.loc[0, "sales"] == pytest.approx(5255.61)
    assert list(frame["orders"]) == [3, 0]
    assert list(frame["match_type"]) == ["EXACT", "PHRASE"]
    assert list(frame["start_date"]) == [pd.Timestamp("2026-09-01"), pd.Timestamp("2026-09-13")]
    assert frame.loc[0, "search_term"] == "fußmatte innen"
    assert any("German" in n for n in report.notes)


def test_japanese_xlsx_full_width_headers_and_match_types(tmp_path):
    report = read_report(fx.japanese_str_xlsx(tmp_path / "jp.xlsx"))
    assert report.report == "sp_search_terms"
    assert (report.currency, report.window_days) == ("JPY", 7)
    assert list(report.frame["match_type"]) == ["EXACT", "PHRASE", "BROAD"]
    totals = report.totals()
    assert totals == {"impressions": 700, "clicks": 7, "spend": 300, "sales": 3980, "orders": 2, "units": 2}


def test_targeting_report_precedence_and_match_types(tmp_path):
    report = read_report(fx.targeting_xlsx(tmp_path / "t.xlsx"))
    assert report.report == "sp_targeting"
    frame = report.frame
    assert frame["match_type"].isna().tolist() == [True, True, False]
    assert frame.loc[2, "match_type"] == "BROAD"  # lower-case "broad" upper-cased
    assert frame["sales"].tolist() == [20.0, 0.0, 0.0]  # ACoS before Sales: mapped by name


@pytest.mark.parametrize("vendor", [False, True])
def test_advertised_products(tmp_path, vendor):
    report = read_report(fx.advertised_products_xlsx(tmp_path / "ap.xlsx", vendor=vendor))
    assert report.report == "sp_advertised_products"
    assert report.frame["advertised_asin"].tolist() == ["B0AAAAAAAA", "B0BBBBBBBB"]
    assert report.frame["advertised_sku"].isna().all() == vendor
    assert report.totals()["spend"] == 5.0


def test_user_edited_file_with_inserted_empty_column_still_loads(tmp_path):
    report = read_report(fx.user_edited_xlsx(tmp_path / "edited.xlsx"))
    assert report.report == "sp_search_terms"
    assert report.totals()["impressions"] == 418
    assert report.frame["sales"].tolist() == [0.0, 12.99]
    assert report.frame.loc[0, "end_date"] == pd.Timestamp("2022-07-21")


def test_console_2025_csv(tmp_path):
    report = read_report(fx.console_2025_csv(tmp_path / "new.csv"))
    assert report.report == "sp_search_terms"
    assert report.layout == "console-2025-csv"
    assert (report.currency, report.window_days) == ("USD", 7)
    frame = report.frame
    assert frame["campaign_id"].tolist() == ["254927681919372"] * 2
    assert frame["ad_group_id"].tolist() == ["111222333444555"] * 2
    assert (report.start, report.end) == (dt.date(2026, 8, 18), dt.date(2026, 8, 24))
    totals = report.totals()
    assert totals == {
        "impressions": 9982,
        "clicks": 103,
        "spend": 111.01,
        "sales": 180.9,
        "orders": 11,
        "units": 11,
    }


def test_api_v3_names_pick_the_seven_day_window(tmp_path):
    report = read_report(fx.api_v3_csv(tmp_path / "v3.csv"))
    assert report.report == "sp_search_terms"
    assert report.layout == "api-v3"
    assert report.window_days == 7
    frame = report.frame
    assert frame["sales"].tolist() == [30.0, 0.0]
    assert frame["orders"].tolist() == [2.0, 0.0]
    assert frame["campaign_id"].tolist() == ["254927681919372"] * 2
    assert frame["targeting"].tolist()[0] == "bath mat"
    assert pd.isna(frame.loc[1, "match_type"])
    assert report.currency == "USD"


def test_api_v3_with_marketplace_currency_code(tmp_path):
    path = fx.api_v3_csv(tmp_path / "v3.csv")
    path.write_text(path.read_text().replace("USD", "MXN"))
    assert read_report(path).currency == "MXN"


# -- Business Reports -----------------------------------------------------------------------------


def test_business_report_2019_dedupes_sessions_per_asin(tmp_path):
    report = read_report(fx.br_2019_csv(tmp_path / "br.csv"))
    assert (report.report, report.layout, report.currency) == ("business_report_asin", "br-2019", "USD")
    totals = report.totals()
    # (P1, C1) 3,395 once + (P2, C1) 710 + (P2, C2) 1,000
    assert totals["sessions"] == 3395 + 710 + 1000
    assert totals["page_views"] == 4488 + 996 + 1500
    assert totals["units"] == 119 + 15 + 24 + 10
    assert totals["sales"] == pytest.approx(5216.29 + 692.94 + 1435.03 + 500)
    assert report.frame["buy_box_pct"].tolist() == [0.99, 0.99, 1.0, 1.0]


def test_business_report_b2b_twins_are_dropped(tmp_path):
    report = read_report(fx.br_b2b_csv(tmp_path / "b2b.csv"))
    assert report.layout == "br-b2b"
    row = report.frame.iloc[0]
    assert (row["sessions"], row["page_views"], row["units"], row["sales"]) == (12131, 17004, 683, 12905.25)
    assert row["buy_box_pct"] == pytest.approx(0.998)
    assert row["unit_session_pct"] == pytest.approx(0.0563)
    assert not any("b2b" in c for c in report.frame.columns)


def test_business_report_2024_en_dash_sentence_case(tmp_path):
    report = read_report(fx.br_2024_csv(tmp_path / "br24.csv"))
    assert (report.layout, report.currency) == ("br-2024", "MXN")
    assert report.totals() == {
        "sessions": 2000,
        "page_views": 2600,
        "units": 50,
        "sales": 6310.54,
        "order_items": 48,
    }


def test_business_report_german_and_japanese(tmp_path):
    de = read_report(fx.br_german_csv(tmp_path / "de.csv"))
    assert de.report == "business_report_asin" and de.currency == "EUR"
    assert de.totals() == {
        "sessions": 1234,
        "page_views": 2000,
        "units": 12,
        "sales": 5255.61,
        "order_items": 11,
    }
    jp = read_report(fx.br_japanese_csv(tmp_path / "jp.csv"))
    assert jp.currency == "JPY"
    assert jp.totals() == {
        "sessions": 1000,
        "page_views": 1500,
        "units": 20,
        "sales": 1234,
        "order_items": 19,
    }
    assert jp.frame.loc[0, "unit_session_pct"] == pytest.approx(0.02)


def test_business_report_by_date_daily_respects_marketplace_day_order(tmp_path):
    rows = [
        ["01/04/26", "₹75,565.26", "10", "9", "1,514", "2,000"],
        ["02/04/26", "₹1,08,218.36", "5", "5", "10", "20"],
    ]
    path = fx.br_by_date_csv(tmp_path / "in.csv", rows)
    report = read_report(path)  # ₹ says India: day first
    assert report.report == "business_report_date"
    assert (report.start, report.end) == (dt.date(2026, 4, 1), dt.date(2026, 4, 2))
    assert report.totals()["sales"] == pytest.approx(75565.26 + 108218.36)
    us = fx.br_by_date_csv(
        tmp_path / "us.csv", [[d, "$1.00", "1", "1", "1", "1"] for d in ("5/1/26", "5/2/26")]
    )
    assert read_report(us).start == dt.date(2026, 5, 1)
    assert read_report(us).end == dt.date(2026, 5, 2)
    assert read_report(us, marketplace="UK").end == dt.date(2026, 2, 5)  # the marketplace decides


# -- refusals ---------------------------------------------------------------------------------------


def test_non_number_names_file_column_and_row(tmp_path):
    path = fx.legacy_str_csv(tmp_path / "x.csv", title_row=True)
    text = path.read_text(encoding="utf-8-sig").replace("$5.04", "abc")
    path.write_text(text, encoding="utf-8-sig")
    with pytest.raises(InputFileError) as caught:
        read_report(path)
    message = str(caught.value)
    assert "value 'abc' in column 'Spend' is not a number" in message
    assert "x.csv" in message and "row 3" in message  # title row 1, header row 2, data row 3
    assert (caught.value.column, caught.value.row) == ("Spend", 3)
    assert "\n" not in message


def test_missing_required_column(tmp_path):
    header = ["Date", "Campaign Name", "Customer Search Term", "Impressions", "Spend", "7 Day Total Sales",
              "7 Day Total Orders (#)"]  # fmt: skip
    path = fx.write_csv(
        tmp_path / "noclicks.csv", [header, ["Nov 10, 2018", "C", "mat", "1", "$1", "$0", "0"]]
    )
    with pytest.raises(UnknownReportError, match=r"missing column 'Clicks' for sp_search_terms"):
        read_report(path)
    assert load_reports_raises(tmp_path)


def load_reports_raises(folder) -> bool:
    try:
        load_reports(folder)
    except UnknownReportError:
        return True
    return False


def test_unknown_layout_quotes_headers(tmp_path):
    path = fx.write_csv(tmp_path / "other.csv", [["Order ID", "Buyer", "Amount"], ["1", "x", "2"]])
    with pytest.raises(UnrecognisedFileError, match=r"'Order ID', 'Buyer', 'Amount'"):
        read_report(path)


def test_unknown_layout_with_known_columns_names_them(tmp_path):
    path = fx.write_csv(
        tmp_path / "grid.csv", [["Keywords", "Impressions", "Clicks", "Spend(USD)"], ["a", "1", "1", "1"]]
    )
    with pytest.raises(UnrecognisedFileError, match=r"headers start 'Keywords', 'Impressions'"):
        read_report(path)


def test_empty_and_binary_files_are_refused_quickly(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(UnrecognisedFileError, match="empty"):
        read_report(empty)
    binary = tmp_path / "photo.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4000)
    with pytest.raises(UnrecognisedFileError, match="binary"):
        read_report(binary)
    archive = tmp_path / "report.zip"
    import zipfile

    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a.csv", "x,y\n")
    with pytest.raises(UnrecognisedFileError, match="zip archive"):
        read_report(archive)


def test_unknown_marketplace_is_a_params_error(tmp_path):
    with pytest.raises(ParamsError, match="marketplace must be one of"):
        read_report(fx.br_2019_csv(tmp_path / "br.csv"), marketplace="Atlantis")


def test_bad_date_names_the_row(tmp_path):
    path = fx.legacy_str_csv(tmp_path / "d.csv")
    path.write_text(
        path.read_text(encoding="utf-8-sig").replace("Nov 11, 2018", "someday"), encoding="utf-8-sig"
    )
    with pytest.raises(InputFileError, match=r"value 'someday' in column 'Date' is not a date.*row 3"):
        read_report(path)


def test_load_reports_skips_non_reports_and_notes_them(tmp_path):
    fx.legacy_str_csv(tmp_path / "str.csv")
    (tmp_path / "README.md").write_text("# notes\nthese are the files\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    reports = load_reports(tmp_path)
    assert [r.path.name for r in reports] == ["str.csv"]
    assert sorted(n.split(":")[0] for n in reports.notes) == ["skipped README.md", "skipped logo.png"]


def test_windows_1252_text_is_read(tmp_path):
    path = fx.br_german_csv(tmp_path / "de.csv")
    text = path.read_text(encoding="utf-8-sig")
    path.write_bytes(text.encode("cp1252"))
    report = read_report(path)
    assert report.frame.loc[0, "title"] == "Fußmatte"
    assert not math.isnan(report.totals()["sales"])
