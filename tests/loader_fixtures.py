"""Crafted export files with the quirks of amazon-reports.md, written into a test's tmp_path.

Every builder returns the path it wrote. The data are made up; the headers and value formats
follow the reference header by header.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import openpyxl

SAMPLES = Path(__file__).resolve().parents[1] / ".." / "shared" / "samples"


def write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    bom: bool = True,
    encoding: str = "utf-8",
    quote_all: bool = False,
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open(
        "w", encoding=("utf-8-sig" if bom and encoding == "utf-8" else encoding), newline=""
    ) as fh:
        writer = csv.writer(
            fh,
            delimiter=delimiter,
            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
            lineterminator="\r\n",
        )
        writer.writerows(rows)
    return path


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    sheet: str = "Sponsored Product Search Term R",
    formats=None,
) -> Path:
    """xlsx like Amazon's: real numbers, percent cells as fractions with a % number format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for row in rows:
        ws.append(list(row))
    for column, number_format in (formats or {}).items():
        for cell in ws[column][1:]:
            cell.number_format = number_format
    book.save(path)
    return path


# -- Sponsored Products legacy console ---------------------------------------------------------------

LEGACY_STR_HEADER = [
    "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
    "Customer Search Term", "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend",
    "7 Day Total Sales ", "Total Advertising Cost of Sales (ACoS) ", "Total Return on Advertising Spend (RoAS)",
    "7 Day Total Orders (#)", "7 Day Total Units (#)", "7 Day Conversion Rate", "7 Day Advertised SKU Units (#)",
    "7 Day Other SKU Units (#)", "7 Day Advertised SKU Sales ", "7 Day Other SKU Sales ",
]  # fmt: skip


def legacy_str_csv(path: Path, *, title_row: bool = False, acos: str = "ACoS") -> Path:
    """US seller CSV: BOM, trailing spaces, `$` money, `%` strings, blank ACoS, optional title row."""
    header = [h.replace("ACoS", acos) for h in LEGACY_STR_HEADER]
    rows = [
        ["Nov 10, 2018", "Not grouped", "USD", 'Mats "Winter", 2018', "AG 1", "bath mat", "EXACT", "bath mat",
         "1,200", "12", "1.00%", "$0.42", "$5.04", "$1,234.56", "0.41%", "244.95", "3", "4", "25.00%", "3", "1",
         "$1,000.00", "$234.56"],
        ["Nov 11, 2018", "Not grouped", "USD", 'Mats "Winter", 2018', "AG 1", "close-match", "-", "b006n0gddo",
         "300", "0", "0.00%", "", "$0.00", "$0.00", "", "0", "0", "0", "", "0", "0", "$0.00", "$0.00"],
    ]  # fmt: skip
    lines: list[list[object]] = []
    if title_row:
        lines.append(["Sponsored Products Search Term Report", "", "", ""])
    return write_csv(path, [*lines, header, *rows])


def india_vendor_str_csv(path: Path) -> Path:
    """14-day vendor headers with (₹), `Rs.` float-repr values, lakh grouping, `Feb 1, 2020` dates."""
    header = [
        "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
        "Customer Search Term", "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend",
        "14 Day Total Sales (₹)", "Total Advertising Cost of Sales (ACoS)", "Total Return on Advertising Spend (RoAS)",
        "14 Day Total Orders (#)", "14 Day Total Units (#)", "14 Day Conversion Rate",
        "14 Day Advertised ASIN Units (#)", "14 Day Brand Halo ASIN Units (#)", "14 Day Advertised ASIN Sales (₹)",
        "14 Day Brand Halo ASIN Sales (₹)",
    ]  # fmt: skip
    rows = [
        ["Feb 1, 2020", "Not grouped", "INR", "Oil || SP", "AG", "knee pain oil", "EXACT", "knee pain oil",
         "14", "1", "7.14%", "Rs.14.217777799999999", "Rs.14.217777799999999", "Rs.1,08,218.36", "0.01%", "7611.7",
         "2", "2", "200.00%", "1", "1", "Rs.1,00,000.00", "Rs.8,218.36"],
        ["Feb 12, 2020", "Not grouped", "INR", "Oil || SP", "AG", "pain oil", "PHRASE", "oil for pain",
         "1,00,000", "3", "0.00%", "Rs.10.0", "Rs.30.0", "Rs.0.0", "", "0", "0", "0", "0.00%", "0", "0",
         "Rs.0.0", "Rs.0.0"],
    ]  # fmt: skip
    return write_csv(path, [header, *rows])


def german_str_csv(path: Path) -> Path:
    """German console headers, `;`-delimited, decimal comma, `5.255,61 €`, `01.09.2026`."""
    header = [
        "Datum", "Portfolioname", "Währung", "Kampagnen-Name", "Anzeigengruppenname", "Targeting",
        "Übereinstimmungstyp", "Suchbegriff des Kunden", "Impressionen", "Klicks", "Klickrate (CTR)",
        "Kosten pro Klick (CPC)", "Ausgaben", "7 Tage, Umsatz gesamt (€)",
        "Zugeschriebene Umsatzkosten (ACOS) gesamt ", "Gesamte Rentabilität der Anzeigenkosten (ROAS)",
        "7 Tage, Bestellungen gesamt (#)", "7 Tage, Einheiten gesamt (#)", "7-Tage-Konversionsrate",
    ]  # fmt: skip
    rows = [
        ["01.09.2026", "Nicht gruppiert", "EUR", "Kampagne A", "Gruppe 1", "fußmatte", "Genau", "fußmatte innen",
         "1.234", "10", "0,81%", "0,60", "6,00", "5.255,61 €", "0,11%", "875,94", "3", "4", "30,00%"],
        ["13.09.2026", "Nicht gruppiert", "EUR", "Kampagne A", "Gruppe 1", "fußmatte", "Wortgruppe", "matte",
         "100", "2", "2,00%", "0,97", "1,94", "0,00 €", "", "0", "0", "0", "0,00%"],
    ]  # fmt: skip
    return write_csv(path, [header, *rows], delimiter=";")


def japanese_str_xlsx(path: Path) -> Path:
    """Japanese console headers incl. full-width parentheses, JP match types, 7日間 window."""
    header = [
        "日付", "ポートフォリオ名", "通貨", "キャンペーン名", "広告グループ名", "ターゲティング", "マッチタイプ",
        "カスタマーの検索キーワード", "インプレッション", "クリック", "クリックスルー率 (CTR)", "平均クリック単価 (CPC)",
        "費用", "広告がクリックされてから7日間の総売上高", "広告費売上高比率（ACOS）合計", "広告費用対効果（ROAS）合計",
        "広告がクリックされてから7日間の合計注文数", "広告がクリックされてから7日間の合計販売数",
    ]  # fmt: skip
    rows = [
        [dt.datetime(2026, 9, 1), "なし", "JPY", "キャンペーン1", "グループ1", "バスマット", "完全一致", "バスマット 珪藻土",
         500, 5, 0.01, 40, 200, 3980, 0.0502, 19.9, 2, 2],
        [dt.datetime(2026, 9, 2), "なし", "JPY", "キャンペーン1", "グループ1", "バスマット", "フレーズ一致", "マット",
         100, 1, 0.01, 50, 50, 0, None, 0, 0, 0],
        [dt.datetime(2026, 9, 2), "なし", "JPY", "キャンペーン1", "グループ2", "バスマット", "部分一致", "速乾 マット",
         100, 1, 0.01, 50, 50, 0, None, 0, 0, 0],
    ]  # fmt: skip
    return write_xlsx(path, [header, *rows], formats={"K": "0.0000%"})


def targeting_xlsx(path: Path) -> Path:
    """Targeting report (ACoS before Sales; sheet still says Keyword)."""
    header = [
        "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
        "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend",
        "Total Advertising Cost of Sales (ACoS) ", "Total Return on Advertising Spend (RoAS)", "7 Day Total Sales ",
        "7 Day Total Orders (#)", "7 Day Total Units (#)", "7 Day Conversion Rate",
    ]  # fmt: skip
    rows = [
        [dt.datetime(2019, 12, 1), "Not grouped", "USD", "Auto", "AG", "close-match", "-", 100, 4, 0.04, 0.5, 2.0,
         0.1, 10, 20.0, 1, 1, 0.25],
        [dt.datetime(2019, 12, 1), "Not grouped", "USD", "Manual", "AG", 'asin="B0ABCDEFGH"',
         "TARGETING_EXPRESSION", 50, 1, 0.02, 0.7, 0.7, None, 0, 0.0, 0, 0, 0.0],
        [dt.datetime(2019, 12, 2), "Not grouped", "USD", "Manual", "AG", "bath mat", "broad", 10, 0, 0.0, None, 0.0,
         None, 0, 0.0, 0, 0, None],
    ]  # fmt: skip
    return write_xlsx(path, [header, *rows], sheet="Sponsored Product Keyword Repor")


def advertised_products_xlsx(path: Path, *, vendor: bool = False) -> Path:
    header = [
        "Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Advertised SKU", "Advertised ASIN",
        "Impressions", "Clicks", "Click-Thru Rate (CTR)", "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ",
        "Total Advertising Cost of Sales (ACoS) ", "Total Return on Advertising Spend (RoAS)",
        "7 Day Total Orders (#)", "7 Day Total Units (#)", "7 Day Conversion Rate",
        "7 Day Advertised SKU Units (#)", "7 Day Other SKU Units (#)", "7 Day Advertised SKU Sales ",
        "7 Day Other SKU Sales ",
    ]  # fmt: skip
    rows = [
        [dt.datetime(2019, 12, 1), "Not grouped", "USD", "C", "AG", "SKU-1", "B0AAAAAAAA", 1000, 10, 0.01, 0.5, 5.0,
         50.0, 0.1, 10, 2, 3, 0.2, 2, 1, 40.0, 10.0],
        [dt.datetime(2019, 12, 2), "Not grouped", "USD", "C", "AG", "SKU-2", "B0BBBBBBBB", 10, 0, 0, None, 0, 0,
         None, 0, 0, 0, None, 0, 0, 0, 0],
    ]  # fmt: skip
    if vendor:
        keep = [i for i, h in enumerate(header) if h != "Advertised SKU" and "SKU" not in h]
        header = [header[i] for i in keep]
        rows = [[r[i] for i in keep] for r in rows]
    return write_xlsx(path, [header, *rows], sheet="Sponsored Product Advertised Pr")


def user_edited_xlsx(path: Path) -> Path:
    """The summary STR a user edited: an empty column inserted at J (no header, no values)."""
    header = [
        "Start Date", "End Date", "Portfolio name", "Currency", "Campaign Name", "Ad Group Name", "Targeting",
        "Match Type", "Customer Search Term", None, "Impressions", "Clicks", "Click-Thru Rate (CTR)",
        "Cost Per Click (CPC)", "Spend", "7 Day Total Sales ", "Total Advertising Cost of Sales (ACOS) ",
        "Total Return on Advertising Spend (ROAS)", "7 Day Total Orders (#)", "7 Day Total Units (#)",
    ]  # fmt: skip
    rows = [
        [dt.datetime(2022, 7, 19), dt.datetime(2022, 7, 21), "P", "USD", "C", "AG", "tongs", "BROAD", "wooden tongs",
         None, 202, 2, 0.0099, 0.74, 1.48, 0, None, 0, 0, 0],
        [dt.datetime(2022, 7, 23), dt.datetime(2022, 7, 23), "P", "USD", "C", "AG", "tongs", "BROAD", "toast tongs",
         None, 216, 1, 0.0046, 0.73, 0.73, 12.99, 0.0562, 17.79, 1, 1],
    ]  # fmt: skip
    return write_xlsx(path, [header, *rows])


# -- 2025+ console and API v3 -------------------------------------------------------------------------


def console_2025_csv(path: Path) -> Path:
    """New console CSV: BOM, `="…"` IDs, `Date range`, Total cost / Purchases / Units sold, mixed currencies."""
    header = [
        "Budget currency", "Date range", "Advertiser account ID", "Advertiser account name", "Portfolio name",
        "Campaign ID", "Campaign name", "Ad group ID", "Ad group name", "Search term", "Impressions", "Clicks",
        "CTR", "Total cost", "Purchases", "Sales", "Units sold", "ROAS",
    ]  # fmt: skip
    rows = [
        ["USD", "Aug 18, 2026 - Aug 24, 2026", '="amzn1.ads-account.g.abc"', "Shop", "No Portfolio",
         '="254927681919372"', "SP - Mats", '="111222333444555"', "AG", "bath mat", "9582", "100", "1.0436%",
         "108.61", "11", "180.90", "11", "1.66559"],
        ["USD", "Aug 18, 2026 - Aug 24, 2026", '="amzn1.ads-account.g.abc"', "Shop", "No Portfolio",
         '="254927681919372"', "SP - Mats", '="111222333444555"', "AG", "b0abcdefgh", "400", "3", "0.75%",
         "2.40", "0", "0.00", "0", "0"],
    ]  # fmt: skip
    return write_csv(path, [header, *rows])


def api_v3_csv(path: Path) -> Path:
    """Ads API v3 spSearchTerm columns flattened to CSV (several windows; 7 days is used)."""
    header = [
        "date", "campaignName", "campaignId", "adGroupName", "adGroupId", "keyword", "matchType", "searchTerm",
        "impressions", "clicks", "cost", "costPerClick", "sales1d", "sales7d", "sales14d", "purchases7d",
        "purchases14d", "unitsSoldClicks7d", "unitsSoldClicks14d", "campaignBudgetCurrencyCode", "acosClicks7d",
    ]  # fmt: skip
    rows = [
        ["2026-08-01", "C", 254927681919372, "AG", 111, "bath mat", "EXACT", "bath mat", 100, 5, 2.5, 0.5, 10, 30,
         40, 2, 3, 2, 3, "USD", 0.083],
        ["2026-08-02", "C", 254927681919372, "AG", 111, "", "TARGETING_EXPRESSION_PREDEFINED", "mat", 50, 1, 0.5,
         0.5, 0, 0, 20, 0, 1, 0, 1, "USD", ""],
    ]  # fmt: skip
    return write_csv(path, [header, *rows], bom=False)


# -- Business Reports -----------------------------------------------------------------------------------


def br_2019_csv(path: Path) -> Path:
    """2019 by-child: every field quoted; one child ASIN on two SKU rows with repeated sessions."""
    header = ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions", "Session Percentage", "Page Views",
              "Page Views Percentage", "Buy Box Percentage", "Units Ordered", "Unit Session Percentage",
              "Ordered Product Sales", "Total Order Items"]  # fmt: skip
    rows = [
        ["B0PARENT01", "B0CHILD001", 'Mat 31" x 19"', "SKU-A", "3,395", "4.51%", "4,488", "4.61%", "99%", "119",
         "3.51%", "$5,216.29", "107"],
        ["B0PARENT01", "B0CHILD001", 'Mat 31" x 19"', "SKU-B", "3,395", "4.51%", "4,488", "4.61%", "99%", "15",
         "0.44%", "$692.94", "15"],
        ["B0PARENT02", "B0CHILD001", 'Mat 31" x 19"', "SKU-A", "710", "0.9%", "996", "1.0%", "100%", "24",
         "3.38%", "$1,435.03", "24"],
        ["B0PARENT02", "B0CHILD002", "Kitchen mat", "SKU-C", "1,000", "1%", "1,500", "1%", "100%", "10", "1%",
         "$500.00", "10"],
    ]  # fmt: skip
    return write_csv(path, [header, *rows], quote_all=True)


BR_B2B_HEADER = [
    "(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions - Total", "Sessions - Total - B2B",
    "Session Percentage - Total", "Session Percentage - Total - B2B", "Page Views - Total",
    "Page Views - Total - B2B", "Page Views Percentage - Total", "Page Views Percentage - Total - B2B",
    "Featured Offer (Buy Box) Percentage", "Featured Offer (Buy Box) Percentage - B2B", "Units Ordered",
    "Units Ordered - B2B", "Unit Session Percentage", "Unit Session Percentage - B2B", "Ordered Product Sales",
    "Ordered Product Sales - B2B", "Total Order Items", "Total Order Items - B2B",
]  # fmt: skip


def br_b2b_csv(path: Path, *, units: int = 683, sales: str = "$12,905.25") -> Path:
    row = ["B0CKPQNSHN", "B096MCMDPL", "BasicGear Cast Net, Zinc Iron", "5K-SC4U-PO06", "12,131", "261", "12.02%",
           "9.85%", "17,004", "336", "12.57%", "9.28%", "99.80%", "100.00%", str(units), "5", "5.63%", "1.92%",
           sales, "$94.50", "668", "5"]  # fmt: skip
    return write_csv(path, [BR_B2B_HEADER, row], bom=False)


def br_2024_csv(path: Path) -> Path:
    """Sentence case with en-dashes; B2B twins with en-dashes too; MX$ money."""
    header = ["(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions – Total", "Sessions – Total – B2B",
              "Session percentage – Total", "Page views – Total", "Page views percentage – Total",
              "Featured Offer (Buy Box) percentage", "Units ordered", "Unit session percentage",
              "Ordered Product Sales", "Total order items"]  # fmt: skip
    rows = [
        ["B0P", "B0C1", "Red", "S1", "1,514", "12", "10%", "2,000", "10%", "98.5%", "40", "2.64%", "MX$5,310.54", "38"],
        ["B0P", "B0C2", "Blue", "S2", "486", "0", "3%", "600", "3%", "100%", "10", "2.06%", "MX$1,000.00", "10"],
    ]  # fmt: skip
    return write_csv(path, [header, *rows])


def br_german_csv(path: Path) -> Path:
    header = ["(Übergeordnete) ASIN", "(Untergeordnete) ASIN", "Titel", "SKU", "Sitzungen – Summe",
              "Seitenaufrufe – Summe", "Bestellte Einheiten", "Bestellte Einheiten – B2B",
              "Durch bestellte Produkte erzielter Umsatz", "Bestellsumme – B2B", "Zahl der Bestellposten"]  # fmt: skip
    rows = [["B0P", "B0C", "Fußmatte", "S1", "1.234", "2.000", "12", "1", "5.255,61 €", "10,00 €", "11"]]
    return write_csv(path, [header, *rows])


def br_japanese_csv(path: Path) -> Path:
    header = ["（親）ASIN", "（子）ASIN", "タイトル", "SKU", "セッション数 - 合計", "ページビュー数 - 合計",
              "注文された商品点数", "注文点数 - B2B", "ユニットセッション率", "注文商品の売上額",
              "注文商品の売上額 - B2B", "注文品目総数"]  # fmt: skip
    rows = [["B0P", "B0C", "バスマット", "S1", "1,000", "1,500", "20", "1", "2.00%", "￥1,234", "￥0", "19"]]
    return write_csv(path, [header, *rows])


def br_by_date_csv(
    path: Path, rows: Sequence[Sequence[object]], *, header: Sequence[str] | None = None
) -> Path:
    header = header or ["Date", "Ordered Product Sales", "Units Ordered", "Total Order Items", "Sessions - Total",
                        "Page Views - Total"]  # fmt: skip
    return write_csv(path, [list(header), *rows], quote_all=True)


def monthly_by_date_csv(path: Path, months: Sequence[tuple[str, str, int]]) -> Path:
    """Monthly by-date BR (`MM/DD/YYYY` = first of month): rows of (date, sales, units)."""
    header = ["Date", "Ordered Product Sales", "Units Ordered", "Total Order Items"]
    return write_csv(path, [header, *[[d, s, str(u), str(u)] for d, s, u in months]], quote_all=True)


def daily_str_csv(path: Path, days: Sequence[dt.date], *, spend: float) -> Path:
    """A minimal daily search term CSV, one row per day with the given spend."""
    header = ["Date", "Currency", "Campaign Name", "Ad Group Name", "Targeting", "Match Type",
              "Customer Search Term", "Impressions", "Clicks", "Spend", "7 Day Total Sales ",
              "7 Day Total Orders (#)", "7 Day Total Units (#)"]  # fmt: skip
    rows = [
        [
            d.strftime("%b %d, %Y"),
            "USD",
            "C",
            "AG",
            "mat",
            "EXACT",
            "mat",
            "10",
            "1",
            f"${spend:.2f}",
            "$0.00",
            "0",
            "0",
        ]
        for d in days
    ]
    return write_csv(path, [header, *rows])
