"""FBA inventory loaders against crafted files in the real layouts (amazon-reports.md §4.1–§4.3)."""

from __future__ import annotations

import os
from datetime import datetime

import pandas as pd
import pytest

from helpers.loaders import ClientData, empty_frame, read_report
from helpers.loaders import inventory as inv
from helpers.loaders.snapshots import snapshot_frames

MYI_HEADER = (
    "sku\tfnsku\tasin\tproduct-name\tcondition\tyour-price\tmfn-listing-exists\tmfn-fulfillable-quantity\t"
    "afn-listing-exists\tafn-warehouse-quantity\tafn-fulfillable-quantity\tafn-unsellable-quantity\t"
    "afn-reserved-quantity\tafn-total-quantity\tper-unit-volume\tafn-inbound-working-quantity\t"
    "afn-inbound-shipped-quantity\tafn-inbound-receiving-quantity\tafn-researching-quantity\t"
    "afn-reserved-future-supply\tafn-future-supply-buyable\tstore"
)
PLANNING_HEADER = (
    '"snapshot-date","sku","fnsku","asin","product-name","condition","available","fc-transfer",'
    '"inv-age-0-to-90-days","inv-age-91-to-180-days","inv-age-181-to-270-days","inv-age-271-to-365-days",'
    '"inv-age-366-to-455-days","inv-age-456-plus-days","currency","units-shipped-t30","your-price",'
    '"lowest-price-new-plus-shipping","DEPRECATED healthy-inventory-level","sell-through","weeks-of-cover-t30",'
    '"inbound-quantity","inbound-working","inbound-shipped","inbound-received","Total Reserved Quantity",'
    '"unfulfillable-quantity","fba-inventory-level-health-status","Exempted from Low-Inventory-Level fee?",'
    '"Short term historical days of supply","Long term historical days of supply"'
)
RESTOCK_HEADER = (
    "Country,Product Name,FNSKU,Merchant SKU,ASIN,Condition,Supplier,Supplier part no.,Currency code,Price,"
    "Sales last 30 days,Units Sold Last 30 Days,Total Units,Inbound,Available,FC transfer,FC Processing,"
    "Customer Order,Unfulfillable,Working,Shipped,Receiving,Fulfilled by,Alert,Recommended replenishment qty,"
    "Recommended ship date,Recommended action"
)


def _write(path, text, *, encoding="utf-8-sig", saved=None):
    path.write_bytes(text.encode(encoding))
    if saved is not None:
        stamp = saved.timestamp()
        os.utime(path, (stamp, stamp))
    return path


def test_manage_fba_inventory(tmp_path):
    rows = [
        "AT-1\tX001\tB0AAAAAAA1\tBottle – 32 oz\tNew\t29.99\tNo\t\tYes\t20\t12\t1\t2\t26\t0.09\t3\t2\t1\t0\t0\t0\t",
        "AT-2\tX002\tB0AAAAAAA2\tSocks\tNew\t22.99\tYes\t5\tNo\t7\t7\t0\t0\t7\t0.02\t0\t0\t0\t0\t0\t0\t",
    ]
    path = _write(tmp_path / "myi.txt", "\r\n".join([MYI_HEADER, *rows]) + "\r\n", saved=datetime(2026, 11, 16, 9))
    report = read_report(path)
    frame = report.frame
    assert report.report == inv.FBA_INVENTORY and report.layout == "myi-tsv"
    first = frame.iloc[0]
    assert (first["available"], first["reserved"], first["unsellable"]) == (12, 2, 1)
    assert first["inbound"] == 3 + 2 + 1  # working + shipped + receiving
    assert bool(first["afn_listing_exists"]) and not bool(frame.iloc[1]["afn_listing_exists"])
    assert pd.isna(first["mfn_fulfillable"]) and first["title"] == "Bottle – 32 oz"
    assert (frame["snapshot_date"] == pd.Timestamp("2026-11-16")).all()
    assert any("day the file was saved" in note for note in report.notes)
    assert report.totals()["available"] == 19


def test_planning_report_quoted_mixed_headers(tmp_path):
    row = (
        '"2026-07-31","AT-1","X001","B0AAAAAAA1","Bottle","","40","0","30","0","10","0","0","0","USD","24","29.99",'
        '"0.0","0","1.5","7.1","9","4","3","2","5","1","Healthy","No","20","26"'
    )
    path = _write(tmp_path / "planning.txt", PLANNING_HEADER.replace(",", "\t") + "\n" + row.replace(",", "\t") + "\n",
                  encoding="utf-8")
    report = read_report(path)
    one = report.frame.iloc[0]
    assert report.report == inv.FBA_INVENTORY_PLANNING
    assert one["snapshot_date"] == pd.Timestamp("2026-07-31") == one["start_date"] == one["end_date"]
    assert (one["available"], one["reserved"], one["unsellable"]) == (40, 5, 1)
    assert one["inbound"] == 4 + 3 + 2 and one["inv_age_181_plus"] == 10
    assert (one["historical_dos_short"], one["historical_dos_long"]) == (20, 26)
    assert not bool(one["low_inventory_fee_exempt"]) and one["weeks_of_cover_t30"] == 7.1
    assert not report.notes or not any("saved" in n for n in report.notes)


def test_restock_report(tmp_path):
    row = "US,Bottle,X001,AT-1,B0AAAAAAA1,New,unassigned,,USD,29.99,719.76,24,60,9,40,0,0,5,1,4,3,2,Amazon,reorder_now,30,04/07/2026,Replenish"
    path = _write(tmp_path / "restock.csv", RESTOCK_HEADER + "\n" + row + "\n", saved=datetime(2026, 7, 2, 9))
    report = read_report(path, marketplace="UK")
    one = report.frame.iloc[0]
    assert report.report == inv.RESTOCK
    assert (one["sku"], one["available"], one["inbound"], one["reserved"]) == ("AT-1", 40, 9, 5)
    assert one["recommended_date"] == pd.Timestamp("2026-07-04")  # dd/mm in the UK
    assert one["units_sold_t30"] == 24 and one["alert"] == "reorder_now"


def test_client_frame_contract_and_precedence(tmp_path):
    empty = ClientData(*(empty_frame("sp_search_terms"),) * 5).fba_inventory
    assert {"snapshot_date", "sku", "asin", "available", "inbound", "reserved", "unsellable"} <= set(empty.columns)
    assert empty.empty
    myi = read_report(_write(tmp_path / "myi.txt", MYI_HEADER + "\nAT-1\tX\tB0AAAAAAA1\tB\tNew\t1\tNo\t\tYes\t1\t1\t0\t0\t1\t0\t0\t0\t0\t0\t0\t0\t\n",
                             saved=datetime(2026, 7, 31, 12)))
    row = '"2026-07-31","AT-1","X","B0AAAAAAA1","B","","40","0","40","0","0","0","0","0","USD","4","1","0","0","1","1","0","0","0","0","0","0","Healthy","No","1","1"'
    planning = read_report(_write(tmp_path / "p.txt", PLANNING_HEADER + "\n" + row + "\n", encoding="utf-8"))
    frames = snapshot_frames({inv.FBA_INVENTORY: [myi], inv.FBA_INVENTORY_PLANNING: [planning]})
    stock = frames["fba_inventory"]
    assert len(stock) == 1 and stock.iloc[0]["available"] == 40  # the planning report wins its day
    assert list(stock.columns) == list(inv.OUTPUT)


@pytest.mark.parametrize("header", [MYI_HEADER, PLANNING_HEADER, RESTOCK_HEADER])
def test_header_alone_is_recognised(tmp_path, header):
    path = _write(tmp_path / "h.txt", header + "\n")
    assert read_report(path).frame.empty


def test_a_snapshot_dated_by_its_saved_day_is_parsed_again_when_that_day_changes(tmp_path):
    """The parse cache keys files by content; a snapshot without a date of its own is dated by the day
    it was saved, so a copy saved on another day (``cp`` without ``-p``) is that day's snapshot."""
    row = "AT-1\tX001\tB0AAAAAAA1\tBottle\tNew\t29.99\tNo\t\tYes\t20\t12\t1\t2\t26\t0.09\t3\t2\t1\t0\t0\t0\t"
    path = _write(tmp_path / "myi.txt", f"{MYI_HEADER}\r\n{row}\r\n", saved=datetime(2026, 11, 16, 9))
    cache = tmp_path / "cache"
    assert read_report(path, cache_dir=cache).frame["snapshot_date"].iloc[0] == pd.Timestamp("2026-11-16")
    assert read_report(path, cache_dir=cache).frame["snapshot_date"].iloc[0] == pd.Timestamp("2026-11-16")
    stamp = datetime(2026, 11, 20, 9).timestamp()
    os.utime(path, (stamp, stamp))  # same bytes, saved four days later
    again = read_report(path, cache_dir=cache)
    assert again.frame["snapshot_date"].iloc[0] == pd.Timestamp("2026-11-20")
    assert any("2026-11-20" in note for note in again.notes)
