"""Pulled API files read by helpers.loaders (helpers/loaders/api_files.py), on hand-written documents."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from helpers import columns as C
from helpers.loaders import read_report


def _write(folder: Path, report: str, name: str, payload: bytes) -> Path:
    path = folder / "api" / report / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(payload))
    return path


ADS_ROWS = [
    {"date": "2026-09-01", "campaignName": "SP | Auto", "campaignId": 158410630682987, "adGroupName": "Auto",
     "adGroupId": 72320882861500, "targeting": "close-match", "matchType": "TARGETING_EXPRESSION_PREDEFINED",
     "searchTerm": "steel bottle", "impressions": 2216, "clicks": 13, "cost": 14.5, "purchases7d": 2,
     "sales7d": 49.98, "unitsSoldClicks7d": 2, "campaignBudgetCurrencyCode": "USD"},
    {"cost": 9.45, "clicks": 10, "impressions": 3721, "searchTerm": "bottle 32oz", "date": "2026-09-02",
     "campaignName": "SP | Exact", "campaignId": 158410630682988, "adGroupName": "Exact", "adGroupId": 55720282058882,
     "targeting": "bottle 32oz", "matchType": "EXACT", "purchases7d": 1, "sales7d": 24.99, "unitsSoldClicks7d": 1,
     "campaignBudgetCurrencyCode": "USD"},
]  # fmt: skip


def test_ads_v3_json_is_read_as_the_report_its_folder_names(tmp_path):
    report = read_report(_write(tmp_path, "sp_search_term", "2026-09-01_2026-09-02.json.gz", json.dumps(ADS_ROWS).encode()))
    assert report.report == C.SP_SEARCH_TERMS and report.layout == "api-v3" and report.window_days == 7
    assert report.currency == "USD"
    totals = report.totals()
    assert (totals["spend"], totals["clicks"], totals["orders"], totals["sales"]) == (23.95, 23, 3, 74.97)
    frame = report.frame
    assert frame[C.CAMPAIGN_ID].tolist() == ["158410630682987", "158410630682988"]
    assert frame[C.MATCH_TYPE].isna().tolist() == [True, False]  # auto targeting has no match type
    assert frame[C.MATCH_TYPE].tolist()[1] == "EXACT"
    assert [d.isoformat() for d in (report.start, report.end)] == ["2026-09-01", "2026-09-02"]


SALES_TRAFFIC = {
    "reportSpecification": {"reportType": "GET_SALES_AND_TRAFFIC_REPORT", "dataStartTime": "2026-09-01",
                            "dataEndTime": "2026-09-30", "marketplaceIds": ["ATVPDKIKX0DER"]},
    "salesAndTrafficByDate": [
        {"date": "2026-09-01",
         "salesByDate": {"orderedProductSales": {"amount": 1234.5, "currencyCode": "USD"}, "unitsOrdered": 50,
                         "totalOrderItems": 45, "shippedProductSales": {"amount": 1000.0, "currencyCode": "USD"},
                         "unitsShipped": 40, "ordersShipped": 38},
         "trafficByDate": {"sessions": 400, "pageViews": 520, "buyBoxPercentage": 95.24, "unitSessionPercentage": 12.5}},
    ],
    "salesAndTrafficByAsin": [
        {"parentAsin": "B0PARENT01", "childAsin": "B0CHILD001", "sku": "SKU-1",
         "salesByAsin": {"unitsOrdered": 30, "orderedProductSales": {"amount": 749.7, "currencyCode": "USD"}, "totalOrderItems": 28},
         "trafficByAsin": {"sessions": 300, "pageViews": 390, "buyBoxPercentage": 99.1, "unitSessionPercentage": 10.0}},
        {"parentAsin": "B0PARENT01", "childAsin": "B0CHILD001", "sku": "SKU-1-MFN",
         "salesByAsin": {"unitsOrdered": 2, "orderedProductSales": {"amount": 49.98, "currencyCode": "USD"}, "totalOrderItems": 2},
         "trafficByAsin": {"sessions": 300, "pageViews": 390, "buyBoxPercentage": 99.1, "unitSessionPercentage": 0.67}},
    ],
}  # fmt: skip


def test_sales_and_traffic_by_date(tmp_path):
    report = read_report(_write(tmp_path, "sales_traffic_date", "2026-09-01_2026-09-01.json.gz", json.dumps(SALES_TRAFFIC).encode()))
    assert report.report == C.BUSINESS_REPORT_DATE and report.currency == "USD"
    row = report.frame.iloc[0]
    assert (row[C.SESSIONS], row[C.UNITS], row[C.SALES], row[C.ORDER_ITEMS]) == (400, 50, 1234.5, 45)
    assert row[C.BUY_BOX_PCT] == pytest.approx(0.9524)  # 0-100 in the API, a fraction in Shelfbook
    assert row[C.UNIT_SESSION_PCT] == pytest.approx(0.125)
    assert row[C.SHIPPED_SALES] == 1000.0


def test_sales_and_traffic_by_asin_carries_its_request_range(tmp_path):
    report = read_report(_write(tmp_path, "sales_traffic_asin", "2026-09-01_2026-09-30.json.gz", json.dumps(SALES_TRAFFIC).encode()))
    assert report.report == C.BUSINESS_REPORT_ASIN
    assert [d.isoformat() for d in (report.start, report.end)] == ["2026-09-01", "2026-09-30"]
    # sessions belong to the ASIN page and repeat on its SKU rows: counted once
    assert report.totals()["sessions"] == 300 and report.totals()["units"] == 32
    assert not [n for n in report.notes if "no dates" in n]


def test_flat_file_tsv(tmp_path):
    text = (
        "item-name\titem-description\tlisting-id\tseller-sku\tprice\tquantity\topen-date\tasin1\tfulfillment-channel\tstatus\n"
        'Bottle 18" strap\t\t0101ABC\tSKU-1\t24.99\t\t2024-03-01 10:00:00 PST\tB0CHILD001\tAMAZON_NA\tActive\n'
    )
    report = read_report(_write(tmp_path, "all_listings", "2026-10-01_2026-10-01.tsv.gz", text.encode("cp1252")))
    assert report.report == "all_listings" and report.frame["sku"].tolist() == ["SKU-1"]


def test_reports_no_playbook_reads_yet_are_skipped_with_a_note(tmp_path):
    from helpers.loaders import load_reports

    _write(tmp_path, "sd_campaign", "2026-09-01_2026-09-30.json.gz", json.dumps(ADS_ROWS).encode())
    _write(tmp_path, "sd_campaign", "2026-10-01_2026-10-31.json.gz", json.dumps(ADS_ROWS).encode())
    loaded = load_reports(tmp_path)
    assert list(loaded) == [] and len(loaded.notes) == 1 and loaded.notes[0].startswith("api/sd_campaign: 2 ")


def test_sales_and_traffic_without_rows_is_skipped_not_an_error(tmp_path):
    from helpers.loaders import load_reports

    empty = {**SALES_TRAFFIC, "salesAndTrafficByDate": [], "salesAndTrafficByAsin": []}
    _write(tmp_path, "sales_traffic_asin", "2024-11-01_2024-11-30.json.gz", json.dumps(empty).encode())
    _write(tmp_path, "sales_traffic_date", "2024-11-01_2024-11-30.json.gz", json.dumps(empty).encode())
    loaded = load_reports(tmp_path)
    assert list(loaded) == [] and len(loaded.notes) == 2


def test_truncated_download_is_refused_not_half_read(tmp_path):
    path = _write(tmp_path, "sp_search_term", "2026-09-01_2026-09-02.json.gz", json.dumps(ADS_ROWS).encode())
    path.write_bytes(path.read_bytes()[:40])
    from helpers.loaders import load_reports

    loaded = load_reports(tmp_path)
    assert list(loaded) == [] and "gzip" in loaded.notes[0]


def test_a_pulled_file_that_inflates_past_the_limit_is_refused_in_bounded_memory(tmp_path, monkeypatch):
    """A gzip bomb in the api folder: 64 MB of blanks gzip to ~64 KB; with a 1 MB limit the read stops
    at the limit (one line naming the size), where a plain decompress would hold all of it."""
    import resource

    from helpers.loaders import _read
    from helpers.loaders._read import ReadLimits, TooLargeError

    bomb = _write(tmp_path, "sp_search_term", "2026-09-01_2026-09-02.json.gz", b"[" + b" " * (64 << 20) + b"]")
    assert bomb.stat().st_size < 200_000
    monkeypatch.setattr(_read, "LIMITS", ReadLimits(max_document_bytes=1 << 20))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(TooLargeError, match=r"decompressed report size \(bytes\) must be at most 1,048,576"):
        read_report(bomb)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 32 * 1024  # KB: far below the 64 MB
    # within the limit the same kind of file is read as before
    monkeypatch.setattr(_read, "LIMITS", ReadLimits())
    ok = _write(tmp_path, "sp_search_term", "2026-09-03_2026-09-04.json.gz", json.dumps(ADS_ROWS).encode())
    assert len(read_report(ok).frame) == 2
