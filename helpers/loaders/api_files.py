"""Reports pulled from Amazon's APIs (``make pull``), read like any other export.

``helpers.pull`` stores each report as Amazon returned it, gzip'd, under
``data/<client>/api/<report>/<start>_<end>.<ext>.gz``. The folder names the report, so the file is
never guessed from its headers: an Ads API v3 report (a JSON array of flat objects whose keys are
the v3 column names the ad loaders already know), a Selling Partner API Sales and Traffic report
(nested JSON, flattened here into the Business Report's columns) or an SP-API flat file (TSV with
the same headers as the file Seller Central offers for download).

Sales and Traffic percentages arrive as 0–100 numbers and money as ``{amount, currencyCode}``;
they are written back as ``95.24%`` and ``USD 12.34`` so the shared value parsers read them as
they read a console download. A by-ASIN Sales and Traffic report sums its whole request range: its
period is the ``reportSpecification`` range, not a per-row date.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import zlib
from pathlib import Path
from typing import Any

import pandas as pd

from helpers import columns as C
from helpers.loaders import _read, inventory, listings, sb
from helpers.loaders._read import FORMAT_READERS, RawTable, UnrecognisedFileError, _too_large
from helpers.loaders._values import TEXT

#: The folder ``api/`` inside a client's data folder.
API_FOLDER = "api"
#: A pulled report folder -> the report type its files are read as; None = kept, not read yet.
API_REPORTS: dict[str, str | None] = {
    "sp_search_term": C.SP_SEARCH_TERMS,
    "sp_targeting": C.SP_TARGETING,
    "sp_advertised_product": C.SP_ADVERTISED_PRODUCTS,
    "sp_campaign": None,
    "sb_search_term": sb.SB_SEARCH_TERMS,
    "sb_campaign": None,
    "sd_targeting": None,
    "sd_advertised_product": None,
    "sd_campaign": None,
    "sales_traffic_date": C.BUSINESS_REPORT_DATE,
    "sales_traffic_asin": C.BUSINESS_REPORT_ASIN,
    "fba_inventory": inventory.FBA_INVENTORY,
    "inventory_planning": inventory.FBA_INVENTORY_PLANNING,
    "restock": inventory.RESTOCK,
    "all_listings": listings.ALL_LISTINGS,
    "search_query_performance": None,
    "seller_performance": None,
}
GZIP_MAGIC = b"\x1f\x8b"


def api_report(path: Path) -> str | None:
    """The pulled report folder ``path`` sits in (``sp_search_term``...), or None."""
    parent = path.parent
    if parent.parent.name == API_FOLDER and parent.name in API_REPORTS:
        return parent.name
    return None


def read_document(path: Path, limits: _read.ReadLimits | None = None) -> bytes:
    """The uncompressed bytes of a stored report, refused (:class:`~._read.TooLargeError`) once they
    pass ``limits.max_document_bytes`` (default :data:`~._read.LIMITS`): a small file that inflates
    to gigabytes never fills the memory."""
    cap = (limits or _read.LIMITS).max_document_bytes
    try:
        with gzip.open(path, "rb") as stream:
            data = stream.read(cap + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise UnrecognisedFileError(f"pulled report is not a complete gzip file ({error})", path=path) from None
    if len(data) > cap:
        raise _too_large("decompressed report size (bytes)", cap, len(data), path, at_least=True)
    return data


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = repr(value)
        return f"{value:.10f}".rstrip("0").rstrip(".") if "e" in text else text
    return str(value)


def _table(path: Path, rows: list[dict[str, Any]], report: str, period=None) -> RawTable:
    headers = list(dict.fromkeys(key for row in rows for key in row))
    data = pd.DataFrame(
        {position: pd.Series([_cell(row.get(key)) for row in rows], dtype=TEXT) for position, key in enumerate(headers)},
        index=pd.RangeIndex(len(rows)),
    )
    return RawTable(path, "json", headers, data, first_data_row=1, report=report, period=period)


def _money(value: Any) -> str | None:
    if not isinstance(value, dict) or value.get("amount") is None:
        return None
    code = value.get("currencyCode")
    return f"{code} {value['amount']}" if code else str(value["amount"])


def _percent(value: Any) -> str | None:
    return None if value is None else f"{value}%"


def _sales_traffic(sales: dict[str, Any], traffic: dict[str, Any]) -> dict[str, Any]:
    """Business Report columns from one ``salesBy*`` / ``trafficBy*`` pair."""
    return {
        "Sessions": traffic.get("sessions"),
        "Page Views": traffic.get("pageViews"),
        "Buy Box Percentage": _percent(traffic.get("buyBoxPercentage")),
        "Units Ordered": sales.get("unitsOrdered"),
        "Unit Session Percentage": _percent(traffic.get("unitSessionPercentage")),
        "Ordered Product Sales": _money(sales.get("orderedProductSales")),
        "Total Order Items": sales.get("totalOrderItems"),
        "Shipped Product Sales": _money(sales.get("shippedProductSales")),
        "Units Shipped": sales.get("unitsShipped"),
        "Orders Shipped": sales.get("ordersShipped"),
    }


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(str(text)[:10])


def _sales_traffic_table(path: Path, document: dict[str, Any], report: str) -> RawTable:
    if report == C.BUSINESS_REPORT_DATE:
        rows = [
            {"Date": entry.get("date"), **_sales_traffic(entry.get("salesByDate") or {}, entry.get("trafficByDate") or {})}
            for entry in document.get("salesAndTrafficByDate") or []
        ]
        if not rows:
            raise UnrecognisedFileError("pulled Sales and Traffic report holds no days", path=path)
        return _table(path, rows, report)
    spec = document.get("reportSpecification") or {}
    try:
        period = (_day(spec["dataStartTime"]), _day(spec["dataEndTime"]))
    except (KeyError, ValueError):
        raise UnrecognisedFileError(
            "pulled Sales and Traffic report has no reportSpecification dataStartTime/dataEndTime", path=path
        ) from None
    rows = []
    for entry in document.get("salesAndTrafficByAsin") or []:
        row = {"(Parent) ASIN": entry.get("parentAsin"), "(Child) ASIN": entry.get("childAsin"), "SKU": entry.get("sku")}
        row.update(_sales_traffic(entry.get("salesByAsin") or {}, entry.get("trafficByAsin") or {}))
        for shipped in ("Shipped Product Sales", "Units Shipped", "Orders Shipped"):
            row.pop(shipped)
        rows.append(row)
    if not rows:
        raise UnrecognisedFileError("pulled Sales and Traffic report holds no ASINs", path=path)
    return _table(path, rows, report, period)


def _tsv_table(path: Path, text: str, report: str) -> RawTable:
    # flat files: quotes are part of the values (18" x 30"), unless the header itself is quoted
    quoting = csv.QUOTE_MINIMAL if text.lstrip("\ufeff").startswith('"') else csv.QUOTE_NONE
    records = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=quoting, strict=False))
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise UnrecognisedFileError("pulled report holds no rows", path=path)
    headers = [h.strip().lstrip("\ufeff") for h in records[0]]
    width = len(headers)
    body = [(r + [""] * width)[:width] for r in records[1:]]
    data = pd.DataFrame(
        {i: pd.Series([row[i] or None for row in body], dtype=TEXT) for i in range(width)},
        index=pd.RangeIndex(len(body)),
    )
    return RawTable(path, "csv", headers, data, first_data_row=2, delimiter="\t", encoding="utf-8", report=report)


def _text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")  # SP-API documents without a declared charset (amazon-apis.md §4)


def read_api_file(path: Path, head: bytes) -> RawTable | None:
    """The table of a pulled report, or None when ``path`` is not one (a :data:`FORMAT_READERS` entry)."""
    folder = api_report(path)
    if folder is None or not head.startswith(GZIP_MAGIC):
        return None
    report = API_REPORTS[folder]
    if report is None:
        raise UnrecognisedFileError(f"pulled {folder} reports are kept; no playbook reads them yet", path=path)
    raw = read_document(path)
    if folder.startswith(("sp_", "sb_", "sd_")):
        rows = _json(path, raw)
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise UnrecognisedFileError("pulled Ads report is not a JSON array of objects", path=path)
        if not rows:
            raise UnrecognisedFileError("pulled Ads report holds no rows", path=path)
        return _table(path, rows, report)
    if folder.startswith("sales_traffic"):
        document = _json(path, raw)
        if not isinstance(document, dict):
            raise UnrecognisedFileError("pulled Sales and Traffic report is not a JSON object", path=path)
        return _sales_traffic_table(path, document, report)
    return _tsv_table(path, _text(raw), report)


def _json(path: Path, raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError as error:
        raise UnrecognisedFileError(f"pulled report is not valid JSON ({error})", path=path) from None


FORMAT_READERS.append(read_api_file)
