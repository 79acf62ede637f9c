"""Write the demo simulation as the files a seller downloads, in Amazon's real layouts.

Layouts follow ``shared/reference/amazon-reports.md`` (section numbers below) and the real samples:

* SP Search term report, legacy console daily xlsx (§1.1 variant 1a/1c), one per month
  2025-01 .. 2026-09, plus one overlapping "last 30 days" download (2026-09-16 .. 10-15);
  Oct and Nov 2026 as the 2025+ new-console CSV (§1.3), one row per day.
* SP Targeting report (§2, ACOS/ROAS *before* ``7 Day Total Sales``) and SP Advertised product
  report (§2), legacy daily xlsx, one per month.
* Business Report by child item (§3.1), one CSV per month, no date column: ``- B2B`` twin columns
  for 2025 H1, then the en-dash sentence-case header.
* Business Report by date (§3.2), daily rows, one CSV per quarter.

The xlsx files are written the way Amazon's report server (Apache POI) writes them: inline strings,
``t="n"`` numbers, absent cells for undefined ratios, ``MMM dd, yyyy`` dates, ``0.0000%`` fractions,
``$ #,##0.00`` money, ``<dimension ref="A1"/>``. Every zip entry and the core properties carry the
fixed download timestamp, so the bytes depend on the data only.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd

from helpers.demo import catalog as cat
from helpers.demo import launch, onboarding
from helpers.demo.locales import US, Locale, locale_of

# -- headers (verbatim, trailing spaces included) ---------------------------------------------------
_SALES = "7 Day Total Sales "
_ACOS = "Total Advertising Cost of Sales (ACOS) "
_ROAS = "Total Return on Advertising Spend (ROAS)"
_TAIL = [
    ("7 Day Total Orders (#)", "orders", "int"),
    ("7 Day Total Units (#)", "units", "int"),
    ("7 Day Conversion Rate", "cvr", "pct"),
    ("7 Day Advertised SKU Units (#)", "adv_sku_units", "int"),
    ("7 Day Other SKU Units (#)", "other_sku_units", "int"),
    ("7 Day Advertised SKU Sales ", "adv_sku_sales", "money"),
    ("7 Day Other SKU Sales ", "other_sku_sales", "money"),
]
_HEAD = [
    ("Date", "date", "date"),
    ("Portfolio name", "portfolio", "text"),
    ("Currency", "currency", "text"),
    ("Campaign Name", "campaign", "text"),
    ("Ad Group Name", "ad_group", "text"),
]
_TRAFFIC = [
    ("Impressions", "impressions", "int"),
    ("Clicks", "clicks", "int"),
    ("Click-Thru Rate (CTR)", "ctr", "pct"),
    ("Cost Per Click (CPC)", "cpc", "money"),
    ("Spend", "spend", "money"),
]

#: (header, field, cell kind) per legacy report, in the column order Amazon uses.
SEARCH_TERM_COLUMNS = (
    _HEAD
    + [("Targeting", "targeting", "text"), ("Match Type", "match_type", "text"),
       ("Customer Search Term", "search_term", "text")]
    + _TRAFFIC
    + [(_SALES, "sales", "money"), (_ACOS, "acos", "pct"), (_ROAS, "roas", "ratio")]
    + _TAIL
)
TARGETING_COLUMNS = (
    _HEAD
    + [("Targeting", "targeting", "text"), ("Match Type", "match_type", "text")]
    + _TRAFFIC
    + [(_ACOS, "acos", "pct"), (_ROAS, "roas", "ratio"), (_SALES, "sales", "money")]
    + _TAIL
)
ADVERTISED_PRODUCT_COLUMNS = (
    _HEAD
    + [("Advertised SKU", "advertised_sku", "text"), ("Advertised ASIN", "advertised_asin", "text")]
    + _TRAFFIC
    + [(_SALES, "sales", "money"), (_ACOS, "acos", "pct"), (_ROAS, "roas", "ratio")]
    + _TAIL
)
SHEETS = {
    "search_term": "Sponsored Product Search Term R",
    "targeting": "Sponsored Product Keyword Repor",
    "advertised_product": "Sponsored Product Advertised Pr",
}
NEW_CONSOLE_SEARCH_TERM_HEADER = (
    "Budget currency", "Date range", "Campaign ID", "Campaign name", "Ad group ID", "Ad group name",
    "Search term", "Impressions", "Clicks", "CTR", "Total cost", "Purchases", "Sales", "Units sold",
)
BR_CHILD_HEADER_B2B = (
    "(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions - Total", "Sessions - Total - B2B",
    "Session Percentage - Total", "Session Percentage - Total - B2B", "Page Views - Total",
    "Page Views - Total - B2B", "Page Views Percentage - Total", "Page Views Percentage - Total - B2B",
    "Featured Offer (Buy Box) Percentage", "Featured Offer (Buy Box) Percentage - B2B", "Units Ordered",
    "Units Ordered - B2B", "Unit Session Percentage", "Unit Session Percentage - B2B",
    "Ordered Product Sales", "Ordered Product Sales - B2B", "Total Order Items", "Total Order Items - B2B",
)
BR_CHILD_HEADER_ENDASH = (
    "(Parent) ASIN", "(Child) ASIN", "Title", "SKU", "Sessions \u2013 Total", "Session percentage \u2013 Total",
    "Page views \u2013 Total", "Page views percentage \u2013 Total", "Featured Offer (Buy Box) percentage",
    "Units ordered", "Unit session percentage", "Ordered Product Sales", "Total order items",
)
BR_DATE_HEADER = (
    "Date", "Ordered Product Sales", "Ordered Product Sales - B2B", "Units Ordered", "Units Ordered - B2B",
    "Total Order Items", "Total Order Items - B2B", "Average Sales per Order Item",
    "Average Sales per Order Item - B2B", "Average Units per Order Item", "Average Units per Order Item - B2B",
    "Average Selling Price", "Average Selling Price - B2B", "Page Views - Mobile App",
    "Page Views - Mobile APP - B2B", "Page Views - Browser", "Page Views - Browser - B2B", "Page Views - Total",
    "Page Views - Total - B2B", "Sessions - Mobile App", "Sessions - Mobile APP - B2B", "Sessions - Browser",
    "Sessions - Browser - B2B", "Sessions - Total", "Sessions - Total - B2B",
    "Featured Offer (Buy Box) Percentage", "Featured Offer (Buy Box) Percentage - B2B",
    "Order Item Session Percentage", "Order Item Session Percentage - B2B", "Unit Session Percentage",
    "Unit Session Percentage - B2B", "Average Offer Count", "Average Parent Items", "Units Refunded",
    "Refund Rate", "Feedback Received", "Negative Feedback Received", "Received Negative Feedback Rate",
    "A-to-z Claims Granted", "Claims Amount", "Shipped Product Sales", "Units Shipped", "Orders Shipped",
)

#: Last month written as legacy xlsx search term reports; later months use the new console CSV.
LEGACY_STR_LAST_MONTH = pd.Period("2026-09", "M")
#: The extra "last 30 days" legacy download that overlaps the Sep xlsx and the Oct CSV.
OVERLAP = (date(2026, 9, 16), date(2026, 10, 15))
#: Business Report by child item: months before this one have the ``- B2B`` twin-column header.
ENDASH_FROM = pd.Period("2025-07", "M")


# -- the xlsx writer (Apache POI style) -------------------------------------------------------------
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="4"><numFmt numFmtId="165" formatCode="MMM dd, yyyy"/>'
    '<numFmt numFmtId="166" formatCode="MMMM yyyy"/><numFmt numFmtId="167" formatCode="0.0000%"/>'
    '<numFmt numFmtId="168" formatCode="$ #,##0.00"/></numFmts>'
    '<fonts count="1"><font><sz val="11.0"/><color indexed="8"/><name val="Calibri"/><family val="2"/>'
    '<scheme val="minor"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="darkGray"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="8"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="true"/>'
    '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="true"/>'
    '<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="true"/>'
    '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="true"/>'
    '<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="true"/>'
    '<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="true"/>'
    "</cellXfs></styleSheet>"
)
_STYLE_OF = {"text": 1, "date": 2, "int": 4, "ratio": 5, "pct": 6, "money": 7}
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument"


def _static_parts(sheet_name: str, created: datetime) -> dict[str, str]:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    return {
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">\n'
            f'   <Relationship Id="rId1" Target="xl/workbook.xml" Type="{_REL}/officeDocument"/>\n'
            f'   <Relationship Id="rId2" Target="docProps/app.xml" Type="{_REL}/extended-properties"/>\n'
            f'   <Relationship Id="rId3" Target="docProps/core.xml" Type="{_PKG_REL}/metadata/core-properties"/>\n'
            "</Relationships>\n"
        ),
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\n'
            '   <Default ContentType="application/vnd.openxmlformats-package.relationships+xml" Extension="rels"/>\n'
            '   <Default ContentType="application/xml" Extension="xml"/>\n'
            f'   <Override ContentType="{_CT}.extended-properties+xml" PartName="/docProps/app.xml"/>\n'
            '   <Override ContentType="application/vnd.openxmlformats-package.core-properties+xml" '
            'PartName="/docProps/core.xml"/>\n'
            f'   <Override ContentType="{_CT}.spreadsheetml.sharedStrings+xml" PartName="/xl/sharedStrings.xml"/>\n'
            f'   <Override ContentType="{_CT}.spreadsheetml.styles+xml" PartName="/xl/styles.xml"/>\n'
            f'   <Override ContentType="{_CT}.spreadsheetml.sheet.main+xml" PartName="/xl/workbook.xml"/>\n'
            f'   <Override ContentType="{_CT}.spreadsheetml.worksheet+xml" PartName="/xl/worksheets/sheet1.xml"/>\n'
            "</Types>\n"
        ),
        "docProps/app.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>Apache POI</Application></Properties>"
        ),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            f'   <dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>\n'
            "   <dc:creator>Apache POI</dc:creator>\n"
            "</cp:coreProperties>\n"
        ),
        "xl/sharedStrings.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sst count="0" uniqueCount="0" xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'
        ),
        "xl/styles.xml": _STYLES,
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'xmlns:r="{_REL}"><workbookPr date1904="false"/><bookViews><workbookView activeTab="0"/>'
            f'</bookViews><sheets><sheet name="{escape(sheet_name)}" r:id="rId3" sheetId="1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<Relationships xmlns="{_PKG_REL}">\n'
            f'   <Relationship Id="rId1" Target="sharedStrings.xml" Type="{_REL}/sharedStrings"/>\n'
            f'   <Relationship Id="rId2" Target="styles.xml" Type="{_REL}/styles"/>\n'
            f'   <Relationship Id="rId3" Target="worksheets/sheet1.xml" Type="{_REL}/worksheet"/>\n'
            "</Relationships>\n"
        ),
    }


def _col_letter(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _text_cell(ref: str, value: str, style: str = ' s="1"') -> str:
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'


_EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def _column_cells(letter: str, kind: str, values: pd.Series, rows: range) -> list[str]:
    if kind == "text":
        return [_text_cell(f"{letter}{r}", v) for r, v in zip(rows, values.astype(str).tolist(), strict=True)]
    if kind == "date":
        numbers = ((pd.to_datetime(values) - _EXCEL_EPOCH).dt.days.astype(float)).tolist()
    else:
        numbers = values.astype(float).tolist()
    style = _STYLE_OF[kind]
    return [
        f'<c r="{letter}{r}" s="{style}" t="n"><v>{v!r}</v></c>' if v == v else f'<c r="{letter}{r}"></c>'
        for r, v in zip(rows, numbers, strict=True)
    ]


def write_xlsx(
    path: Path,
    frame: pd.DataFrame,
    columns: Sequence[tuple[str, str, str]],
    *,
    sheet_name: str,
    created: datetime,
    loc: Locale = US,
) -> Path:
    """Write ``frame`` as a one-sheet POI-style workbook. ``columns`` = (header, field, kind);
    kinds: text, date, int, ratio (``0.00``), pct (``0.0000%``), money (the locale's format, US
    ``$ #,##0.00``), date (US ``MMM dd, yyyy``); NaN → blank."""
    rows = range(2, len(frame) + 2)
    cols = [_column_cells(_col_letter(i), kind, frame[field], rows) for i, (_, field, kind) in enumerate(columns)]
    header = "".join(_text_cell(f"{_col_letter(i)}1", h, style="") for i, (h, _, _) in enumerate(columns))
    widths = "".join(
        f'<col min="{i + 1}" max="{i + 1}" width="{max(8.0, len(h) * 0.95 + 2):.4f}" customWidth="true"/>'
        for i, (h, _, _) in enumerate(columns)
    )
    body = io.StringIO()
    body.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/>'
        '<sheetViews><sheetView workbookViewId="0" tabSelected="true"/></sheetViews>'
        f'<sheetFormatPr defaultRowHeight="15.0"/><cols>{widths}</cols><sheetData>\n'
        f'<row r="1">\n{header}</row>\n'
    )
    for r, cells in zip(rows, zip(*cols, strict=True), strict=True):
        body.write(f'<row r="{r}">\n')
        body.write("".join(cells))
        body.write("</row>\n")
    body.write(
        '</sheetData><pageMargins bottom="0.75" footer="0.3" header="0.3" left="0.7" right="0.7" top="0.75"/>'
        "</worksheet>"
    )
    parts = _static_parts(sheet_name, created)
    parts["xl/styles.xml"] = _STYLES.replace('"$ #,##0.00"', f'"{escape(loc.xlsx_money_format)}"').replace(
        '"MMM dd, yyyy"', f'"{loc.xlsx_date_format}"'
    )
    order = ["_rels/.rels", "[Content_Types].xml", "docProps/app.xml", "docProps/core.xml",
             "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
    stamp = created.timetuple()[:6]
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [(n, parts[n]) for n in order] + [("xl/worksheets/sheet1.xml", body.getvalue())]:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zf.writestr(info, data.encode("utf-8"), compresslevel=6)
    return path


def write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[str]], *, quote_all: bool = False, delimiter: str = ","
) -> Path:
    """UTF-8 with BOM, LF line ends; minimal quoting (fields with the delimiter or quotes) unless ``quote_all``."""
    buffer = io.StringIO()
    quoting = csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    writer = csv.writer(buffer, lineterminator="\n", quoting=quoting, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return path


# -- value formatting (Seller Central CSV style) ----------------------------------------------------
def fmt_int(n: float) -> str:
    return f"{int(n):,}"


def fmt_money(cents: int) -> str:
    return f"${int(cents) / 100:,.2f}"


def fmt_pct(fraction: float) -> str:
    return f"{(fraction if fraction == fraction else 0.0) * 100:.2f}%"


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _div(a, b):
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, a / np.where(b > 0, b, 1), np.nan)


# -- ad reports -------------------------------------------------------------------------------------
_AD_SUMS = ["impressions", "clicks", "spend", "sales", "orders", "units", "adv_sku_units", "other_sku_units",
            "adv_sku_sales", "other_sku_sales"]


def _rollup(ads: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    out = ads.groupby(keys, sort=True, dropna=False)[_AD_SUMS].sum().reset_index()
    for money in ("spend", "sales", "adv_sku_sales", "other_sku_sales"):
        out[money] = out[money].round(2)
    out["currency"] = cat.CURRENCY
    out["ctr"] = _div(out["clicks"], out["impressions"])
    out["cpc"] = _div(out["spend"], out["clicks"])
    out["acos"] = _div(out["spend"], out["sales"])
    out["roas"] = _div(out["sales"], out["spend"])
    out["cvr"] = _div(out["orders"], out["clicks"])
    return out


def search_term_rows(ads: pd.DataFrame) -> pd.DataFrame:
    """Search term report rows: one per day × campaign × ad group × targeting × match type × term."""
    keys = ["date", "portfolio", "campaign", "ad_group", "targeting", "match_type", "search_term"]
    return _rollup(ads, keys)


def targeting_rows(ads: pd.DataFrame) -> pd.DataFrame:
    return _rollup(ads, ["date", "portfolio", "campaign", "ad_group", "targeting", "match_type"])


def advertised_product_rows(ads: pd.DataFrame) -> pd.DataFrame:
    return _rollup(ads, ["date", "portfolio", "campaign", "ad_group", "advertised_sku", "advertised_asin"])


def new_console_rows(ads: pd.DataFrame, currency: str = cat.CURRENCY) -> list[list[str]]:
    """2025+ console search-term CSV rows (per day; no targeting column, so lines merge per term)."""
    keys = ["date", "campaign", "campaign_id", "ad_group", "ad_group_id", "search_term"]
    g = ads.groupby(keys, sort=True)[["impressions", "clicks", "spend", "orders", "sales", "units"]].sum().reset_index()
    ctr = _div(g["clicks"], g["impressions"])
    rows = []
    for rec, c in zip(g.itertuples(index=False), ctr, strict=True):
        day = rec.date.strftime("%b %d, %Y")
        rows.append([
            currency, f"{day} - {day}", f'="{rec.campaign_id}"', rec.campaign, f'="{rec.ad_group_id}"',
            rec.ad_group, rec.search_term, str(rec.impressions), str(rec.clicks), f"{c * 100:.4f}%",
            f"{rec.spend:.2f}", str(rec.orders), f"{rec.sales:.2f}", str(rec.units),
        ])
    return rows


# -- business reports -------------------------------------------------------------------------------
def br_child_rows(
    skus: pd.DataFrame, children: pd.DataFrame, catalogue: cat.Catalog, month: pd.Period, loc: Locale = US
) -> list[list[str]]:
    """Detail Page Sales and Traffic By Child Item for one month: a row per (child, SKU).
    A locale with its own header (German) always gets the en-dash row shape."""
    in_month = skus["date"].dt.to_period("M") == month
    s = skus[in_month].groupby(["parent_asin", "child_asin", "sku"], sort=False)[
        ["units", "order_items", "sales_cents", "units_b2b", "order_items_b2b", "sales_b2b_cents"]
    ].sum()
    ch = children[children["date"].dt.to_period("M") == month].copy()
    ch["bb_weighted"] = ch["buy_box_pct"] * ch["page_views"]
    c = ch.groupby("child_asin")[["sessions", "page_views", "sessions_b2b", "page_views_b2b", "bb_weighted"]].sum()
    total = c.sum()
    titles = {child.asin: child.title for child in catalogue.children} | launch.TITLES
    b2b = month < ENDASH_FROM and loc.br_child_header is None
    order = c.sort_values("sessions", ascending=False, kind="stable").index
    rows = []
    for child_asin in order:
        t = c.loc[child_asin]
        for (parent, _, sku), v in s.xs(child_asin, level="child_asin", drop_level=False).iterrows():
            sess, pv = t["sessions"], t["page_views"]
            buy_box = t["bb_weighted"] / pv if pv else 0.0
            if b2b:
                rows.append([
                    parent, child_asin, titles[child_asin], sku,
                    loc.integer(sess), loc.integer(t["sessions_b2b"]),
                    loc.pct(sess / total["sessions"]), loc.pct(_ratio(t["sessions_b2b"], total["sessions_b2b"])),
                    loc.integer(pv), loc.integer(t["page_views_b2b"]),
                    loc.pct(pv / total["page_views"]), loc.pct(_ratio(t["page_views_b2b"], total["page_views_b2b"])),
                    loc.pct(buy_box), loc.pct(1.0 if t["page_views_b2b"] and t["sessions"] else 0.0),
                    loc.integer(v["units"]), loc.integer(v["units_b2b"]),
                    loc.pct(v["units"] / sess if sess else 0.0),
                    loc.pct(v["units_b2b"] / t["sessions_b2b"] if t["sessions_b2b"] else 0.0),
                    loc.money(v["sales_cents"]), loc.money(v["sales_b2b_cents"]),
                    loc.integer(v["order_items"]), loc.integer(v["order_items_b2b"]),
                ])
            else:
                rows.append([
                    parent, child_asin, titles[child_asin], sku,
                    loc.integer(sess), loc.pct(sess / total["sessions"]),
                    loc.integer(pv), loc.pct(pv / total["page_views"]), loc.pct(buy_box),
                    loc.integer(v["units"]), loc.pct(v["units"] / sess if sess else 0.0),
                    loc.money(v["sales_cents"]), loc.integer(v["order_items"]),
                ])
    return rows


def br_date_frame(skus: pd.DataFrame, children: pd.DataFrame) -> pd.DataFrame:
    """Daily account totals for the by-date report (integers and cents), incl. the derived extras."""
    sales = skus.groupby("date")[["units", "order_items", "sales_cents", "units_b2b", "order_items_b2b",
                                  "sales_b2b_cents"]].sum()
    ch = children.assign(bb_weighted=children["buy_box_pct"] * children["page_views"])
    traffic = ch.groupby("date")[["sessions", "page_views", "sessions_b2b", "page_views_b2b", "sessions_mobile",
                                  "page_views_mobile", "bb_weighted"]].sum()
    offers = (skus.assign(live=skus["units"] > 0).groupby("date")["live"].sum())
    d = sales.join(traffic).join(offers.rename("offers"))
    rng = np.random.default_rng([cat.SEED, 3, len(d)])
    d["sessions_b2b_mobile"] = np.rint(d["sessions_b2b"] * 0.4).astype(int)
    d["page_views_b2b_mobile"] = np.rint(d["page_views_b2b"] * 0.4).astype(int)
    d["units_refunded"] = rng.binomial(d["units"].to_numpy(), 0.028)
    d["feedback"] = rng.binomial(d["order_items"].to_numpy(), 0.015)
    d["negative_feedback"] = rng.binomial(d["feedback"].to_numpy(), 0.04)
    # shipped = what was ordered the day before (FBA ships within a day)
    d["shipped_cents"] = d["sales_cents"].shift(1, fill_value=int(d["sales_cents"].iloc[0]))
    d["units_shipped"] = d["units"].shift(1, fill_value=int(d["units"].iloc[0]))
    d["orders_shipped"] = d["order_items"].shift(1, fill_value=int(d["order_items"].iloc[0]))
    return d.reset_index()


def br_date_rows(d: pd.DataFrame, n_parents: int, loc: Locale = US) -> list[list[str]]:
    rows = []
    for r in d.itertuples(index=False):
        items, units, sess, pv = r.order_items, r.units, r.sessions, r.page_views
        rows.append([
            loc.br_day(r.date),
            loc.money(r.sales_cents), loc.money(r.sales_b2b_cents),
            loc.integer(units), loc.integer(r.units_b2b), loc.integer(items), loc.integer(r.order_items_b2b),
            loc.money(round(r.sales_cents / items) if items else 0),
            loc.money(round(r.sales_b2b_cents / r.order_items_b2b) if r.order_items_b2b else 0),
            loc.decimal(units / items if items else 0),
            loc.decimal(r.units_b2b / r.order_items_b2b if r.order_items_b2b else 0),
            loc.money(round(r.sales_cents / units) if units else 0),
            loc.money(round(r.sales_b2b_cents / r.units_b2b) if r.units_b2b else 0),
            loc.integer(r.page_views_mobile), loc.integer(r.page_views_b2b_mobile),
            loc.integer(pv - r.page_views_mobile), loc.integer(r.page_views_b2b - r.page_views_b2b_mobile),
            loc.integer(pv), loc.integer(r.page_views_b2b),
            loc.integer(r.sessions_mobile), loc.integer(r.sessions_b2b_mobile),
            loc.integer(sess - r.sessions_mobile), loc.integer(r.sessions_b2b - r.sessions_b2b_mobile),
            loc.integer(sess), loc.integer(r.sessions_b2b),
            loc.pct(r.bb_weighted / pv if pv else 0.0), loc.pct(1.0 if r.page_views_b2b else 0.0),
            loc.pct(items / sess if sess else 0.0), loc.pct(r.order_items_b2b / r.sessions_b2b if r.sessions_b2b else 0.0),
            loc.pct(units / sess if sess else 0.0), loc.pct(r.units_b2b / r.sessions_b2b if r.sessions_b2b else 0.0),
            f"{r.offers:d}", f"{n_parents:d}", loc.integer(r.units_refunded),
            loc.pct(r.units_refunded / units if units else 0.0), loc.integer(r.feedback), loc.integer(r.negative_feedback),
            loc.pct(r.negative_feedback / r.feedback if r.feedback else 0.0), "0", loc.money(0),
            loc.money(r.shipped_cents), loc.integer(r.units_shipped), loc.integer(r.orders_shipped),
        ])
    return rows


# -- file names and download dates --------------------------------------------------------------------
class Downloads:
    """Names files the way a browser saves repeated downloads: ``name.ext``, ``name (1).ext``, ..."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def name(self, stem: str, ext: str) -> Path:
        n = 0
        candidate = f"{stem}{ext}"
        while candidate in self.used:
            n += 1
            candidate = f"{stem} ({n}){ext}"
        self.used.add(candidate)
        return self.folder / candidate


def download_day(period_end: date) -> date:
    """The day the account manager downloaded a report: 1–3 days after the period, never after 11-16."""
    offset = 1 + (period_end.toordinal() * 7) % 3
    return min(period_end + timedelta(days=offset), cat.END + timedelta(days=1))


def _months() -> list[pd.Period]:
    return list(pd.period_range(cat.START, cat.END, freq="M"))


def _clip(period: pd.Period) -> tuple[date, date]:
    first = max(period.start_time.date(), cat.START)
    last = min(period.end_time.date(), cat.END)
    return first, last


_STEMS = {
    "str_xlsx": ("Sponsored Products Search term report", ".xlsx"),
    "str_csv": ("Sponsored Products Search term report", ".csv"),
    "targeting": ("Sponsored Products Targeting report", ".xlsx"),
    "advertised": ("Sponsored Products Advertised product report", ".xlsx"),
}
_REPORT = {
    "str_xlsx": ("sp_search_terms", "legacy console xlsx, daily"),
    "str_csv": ("sp_search_terms", "new console csv, daily rows"),
    "targeting": ("sp_targeting", "legacy console xlsx, daily"),
    "advertised": ("sp_advertised_products", "legacy console xlsx, daily"),
    "br_child": ("business_report_asin", "by child item csv"),
    "br_date": ("business_report_date", "by date csv, daily rows"),
}


def plan() -> pd.DataFrame:
    """The files :func:`write_all` writes, in download order (the same for every profile).

    Columns: ``file`` (name as saved by the browser), ``report`` (canonical report type, see
    :mod:`helpers.columns`), ``layout``, ``start_date`` / ``end_date`` (days covered, inclusive),
    ``downloaded`` (download date), ``kind`` (writer job) and ``period`` (month for by-child files).
    """
    jobs: list[tuple[date, int, str, date, date, pd.Period | None]] = []
    for month in _months():
        first, last = _clip(month)
        day = download_day(last)
        jobs.append((day, 0, "str_xlsx" if month <= LEGACY_STR_LAST_MONTH else "str_csv", first, last, None))
        jobs.append((day, 1, "targeting", first, last, None))
        jobs.append((day, 2, "advertised", first, last, None))
        jobs.append((day, 3, "br_child", first, last, month))
    jobs.append((OVERLAP[1] + timedelta(days=1), 0, "str_xlsx", OVERLAP[0], OVERLAP[1], None))
    for quarter in pd.period_range(cat.START, cat.END, freq="Q"):
        first, last = _clip(quarter)
        jobs.append((download_day(last), 4, "br_date", first, last, None))
    jobs.sort(key=lambda j: (j[0], j[1]))

    names = Downloads(Path())
    rows = []
    for day, _, kind, first, last, month in jobs:
        stem, ext = _STEMS.get(kind, (f"BusinessReport-{day.month}-{day.day}-{day:%y}", ".csv"))
        report, layout = _REPORT[kind]
        if kind == "br_child":
            layout += ", '- B2B' header" if month < ENDASH_FROM else ", en-dash header"
        rows.append({
            "file": names.name(stem, ext).name, "report": report, "layout": layout,
            "start_date": pd.Timestamp(first), "end_date": pd.Timestamp(last), "downloaded": pd.Timestamp(day),
            "kind": kind, "period": month,
        })
    return pd.DataFrame(rows)


def _local_ads(frame: pd.DataFrame, loc: Locale, currency: str) -> pd.DataFrame:
    """Legacy ad-report rows with the seller's currency code and the locale's match-type words."""
    frame = frame.assign(currency=currency)
    if loc.match_types and "match_type" in frame.columns:
        frame["match_type"] = frame["match_type"].map(lambda v: loc.match_types.get(v, v))
    return frame


def write_all(sim, folder: Path) -> list[Path]:
    """Write every export of a simulation into ``folder``; returns the paths in download order.
    Headers, cell formats and dates follow the profile's marketplace (:mod:`helpers.demo.locales`)."""
    from helpers.demo.brands import brand

    catalogue = cat.catalog(sim.profile)
    loc = locale_of(sim.profile)
    currency = brand(sim.profile).currency
    ads = sim.ads
    br_days = br_date_frame(sim.skus, sim.children)
    written = []
    for job in plan().itertuples(index=False):
        path = folder / job.file
        created = cat.download_datetime(job.downloaded.date())
        in_range = (ads["date"] >= job.start_date) & (ads["date"] <= job.end_date)
        xlsx = {"created": created, "loc": loc}
        if job.kind == "str_xlsx":
            write_xlsx(path, _local_ads(search_term_rows(ads[in_range]), loc, currency),
                       loc.columns(SEARCH_TERM_COLUMNS), sheet_name=SHEETS["search_term"], **xlsx)
        elif job.kind == "str_csv":
            write_csv(path, NEW_CONSOLE_SEARCH_TERM_HEADER, new_console_rows(ads[in_range], currency))
        elif job.kind == "targeting":
            write_xlsx(path, _local_ads(targeting_rows(ads[in_range]), loc, currency),
                       loc.columns(TARGETING_COLUMNS), sheet_name=SHEETS["targeting"], **xlsx)
        elif job.kind == "advertised":
            write_xlsx(path, _local_ads(advertised_product_rows(ads[in_range]), loc, currency),
                       loc.columns(ADVERTISED_PRODUCT_COLUMNS), sheet_name=SHEETS["advertised_product"], **xlsx)
        elif job.kind == "br_child":
            header = loc.br_child_header or (BR_CHILD_HEADER_B2B if job.period < ENDASH_FROM else BR_CHILD_HEADER_ENDASH)
            write_csv(path, header, br_child_rows(sim.skus, sim.children, catalogue, job.period, loc))
        else:  # br_date
            days = br_days[(br_days["date"] >= job.start_date) & (br_days["date"] <= job.end_date)]
            rows = br_date_rows(days, len(catalogue.parents), loc)
            header = BR_DATE_HEADER
            if loc.br_date_columns is not None:
                header = [h for h, _ in loc.br_date_columns]
                rows = [[row[i] for _, i in loc.br_date_columns] for row in rows]
            write_csv(path, header, rows, delimiter=loc.br_date_delimiter)
        written.append(path)
    return written


# -- params --------------------------------------------------------------------------------------------
def params_text(client: str, profile: str) -> str:
    """The commented params YAML of a demo profile (see docs/params-schema.md)."""
    from helpers.demo.brands import BRANDS, brand

    b = brand(profile)
    own = profile in BRANDS  # a helpers.demo.brands profile: its own terms, economics, targets, A4
    catalogue = cat.catalog(profile)
    skus = {c.sku: c for c in catalogue.children}
    overrides = [
        ("AT-POL-CRB", 89.99, 27.40, 17.60, "carbon poles: pricier, higher COGS"),
        ("AT-HMK-DBL", 54.99, 15.80, 13.10, "double hammock: oversize FBA fee"),
        ("AT-SCK-M", 22.99, 5.10, 7.40, "socks 2-pack: light, cheap to ship"),
        ("HH-PCB-LRG", 34.99, 9.80, 10.90, "large blanket: bulky to ship"),
        ("BW-RCK-30", 79.99, 24.00, 15.50, "30 l backpack: oversize FBA fee"),
    ]
    lines = [
        f"# Shelfbook params for the demo client '{client}' (generated by `python -m helpers demo`).",
        "# Copy this file to params/<your-client>.yaml and edit it; every key is documented in",
        "# docs/params-schema.md. Unknown keys and wrong types are refused, naming the key.",
        "",
        f'client_name: "{b.name}"        # shown on the report cover',
        f"marketplace: {b.marketplace}                      # US CA MX BR UK DE FR IT ES NL SE PL BE JP IN AU AE SA SG TR EG",
        f"currency: {b.currency}                        # ISO code; must agree with the exports in data/{client}/",
        "account_type: seller                 # seller | vendor",
        "period: null                         # \"YYYY-Qn\" for a given quarter; null = latest full quarter in the data",
        "",
        "# Search terms containing these words are 'branded' (whole words, case-insensitive).",
        f"brand_terms: [{', '.join(b.brand_terms)}]" if own else "brand_terms: [acme, acme trail]",
        "# ... and these are competitors' brands (kept apart from generic terms in the search-term split).",
        f"competitor_terms: [{', '.join(b.competitor_terms)}]"
        if own
        else "competitor_terms: [hydro flask, yeti, darn tough, smartwool, black diamond, eno]",
        "protected_terms: []                  # never proposed as negatives (brand terms always are)",
        "",
        "# Per-unit economics for break-even / target ACoS. Default for every ASIN ...",
        "economics:",
        f"  price: {b.economics[0]:.2f}",
        f"  cogs: {b.economics[1]:.2f}",
        f"  fees: {b.economics[2]:.2f}                         # referral + FBA + other variable costs per unit",
        "  # margin: 0.38                     # ... or give a pre-ad margin fraction instead",
        "  asins:                             # ... and overrides for ASINs whose economics differ",
    ]
    for sku, price, cogs, fees, why in overrides:
        if sku in skus:
            lines.append(f"    {skus[sku].asin}: {{price: {price:.2f}, cogs: {cogs:.2f}, fees: {fees:.2f}}}  # {sku}: {why}")
    lines += [
        "",
        "targets:                             # fractions (0.25) or percent strings (\"25%\")",
        f"  acos: {b.targets[0]}",
        f"  tacos: {b.targets[1]}",
        "  post_ad_margin: 10%                # used when acos is absent: target = break-even ACoS - this",
        "",
        "agency:                              # white-label: who the report comes from",
        '  name: "Northwind Commerce"',
        "  logo: null                         # png/svg path relative to this folder; optional",
        '  accent: "#1f6f8b"                  # hex colour for the cover, headings and charts',
        '  contact: "am@northwind.example"',
        "",
        "report:",
        f"  paper: {'a4    ' if own else 'letter'}                      # letter | a4",
        "",
        "settings:                            # thresholds Amazon moves: settings, never constants",
        "  attribution_lag_days: 3            # most recent days left out of search-term decisions",
        "  ipi_threshold: 400",
        "  low_inventory_days: 28",
        "  wasted_spend_min_clicks: 10        # a term with no orders is 'wasted' only past this many clicks",
        "",
        *_seasonal_lines(profile),
        *launch.params_lines(profile),
        *onboarding.params_lines(profile),
    ]
    return "\n".join(lines)


#: Demo events per profile (the calendar has US dates): one to review, one that has just ended, one
#: to plan.
DEMO_EVENTS = {"acme": ("prime-day-2026", "bfcm-2026", "prime-day-2027")}


def _seasonal_lines(profile: str) -> list[str]:
    """The ``seasonal:`` block: the calendar's events `make all` plans or reviews for this client."""
    events = DEMO_EVENTS.get(profile)
    if not events:
        return []
    return [
        "seasonal:                            # events of params/events.yaml to plan or review",
        f"  events: [{', '.join(events)}]   # `make all` builds a seasonal report for each",
        "",
    ]
