"""What moved and why (helpers.measures.drivers), on hand-worked frames."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pytest

from helpers.measures import drivers


def _asins(rows):
    return pd.DataFrame(rows, columns=["child_asin", "sales", "units", "sessions"])


def test_sales_bridge_splits_the_change_by_hand():
    # A: sessions 100 -> 120, conversion 10 % -> 10 %, price 10 -> 12
    # traffic = 20 × 0.1 × 10 = 20; conversion = 0; price = 120 × 0.1 × 2 = 24; change 144 - 100 = 44
    # B: sessions 200 -> 200, conversion 5 % -> 4 %, price 20 -> 20: conversion = 200 × -0.01 × 20 = -40
    before = _asins([("A", 100.0, 10, 100), ("B", 200.0, 10, 200)])
    now = _asins([("A", 144.0, 12, 120), ("B", 160.0, 8, 200), ("C", 30.0, 3, 50)])
    bridge = drivers.sales_bridge(now, before).set_index("child_asin")
    assert bridge.loc["A", ["change", "traffic", "conversion", "price"]].tolist() == pytest.approx([44, 20, 0, 24])
    assert bridge.loc["B", ["change", "traffic", "conversion", "price"]].tolist() == pytest.approx([-40, 0, -40, 0])
    # a new ASIN: its whole change is traffic
    assert bridge.loc["C", ["change", "traffic", "conversion", "price"]].tolist() == pytest.approx([30, 30, 0, 0])
    # largest contributors first
    assert list(bridge.index) == ["A", "B", "C"]
    totals = drivers.bridge_totals(bridge.reset_index())
    assert totals["change"] == pytest.approx(totals["traffic"] + totals["conversion"] + totals["price"])


def test_out_of_stock_days_from_ads_gap_and_lost_sales():
    days = pd.date_range("2026-07-01", "2026-09-30")
    served = [d for d in days if not (pd.Timestamp("2026-08-04") <= d <= pd.Timestamp("2026-08-24"))]
    ads = pd.DataFrame({"start_date": served, "end_date": served, "advertised_asin": "X", "impressions": 10.0})
    # a 3-day gap is below min_days and ignored
    short = [d for d in days if d not in pd.date_range("2026-07-10", "2026-07-12")]
    ads = pd.concat([ads, pd.DataFrame({"start_date": short, "end_date": short, "advertised_asin": "Y",
                                         "impressions": 5.0})])
    out = drivers.out_of_stock_days(start=date(2026, 7, 1), end=date(2026, 9, 30), ad_days=ads)
    assert out["child_asin"].tolist() == ["X"]
    assert out.loc[0, "days"] == 21
    assert out.loc[0, "first_day"] == pd.Timestamp("2026-08-04")
    assert out.loc[0, "last_day"] == pd.Timestamp("2026-08-24")
    # 92-day quarter, 21 out: 71 days in stock sold 7,100 -> 100 a day -> 2,100 lost
    lost = drivers.stockout_losses(out, pd.DataFrame({"child_asin": ["X"], "sales": [7100.0]}), period_days=92)
    assert lost.loc[0, "daily_sales"] == pytest.approx(100.0)
    assert lost.loc[0, "lost_sales"] == pytest.approx(2100.0)


def test_out_of_stock_days_from_daily_inventory_snapshots():
    days = pd.date_range("2026-07-01", "2026-07-31")
    available = [0.0 if 10 <= d.day <= 16 else 40.0 for d in days]
    inv = pd.DataFrame({"snapshot_date": days, "asin": "Z", "available": available})
    out = drivers.out_of_stock_days(start=date(2026, 7, 1), end=date(2026, 7, 31), inventory=inv)
    assert out[["child_asin", "days", "source"]].values.tolist() == [["Z", 7, "inventory"]]


@dataclass(frozen=True)
class _Event:
    slug: str
    name: str
    kind: str
    start: date
    end: date


def test_event_uplift_against_normal_days_and_one_period_only():
    days = pd.date_range("2026-04-01", "2026-09-30")
    sales = np.where((days >= "2026-07-07") & (days <= "2026-07-10"), 300.0, 100.0)
    daily = pd.DataFrame({"date": days, "total_sales": sales})
    ev = _Event("prime-day-2026", "Prime Day 2026", "prime-day", date(2026, 7, 7), date(2026, 7, 10))
    periods = {"current": (date(2026, 7, 1), date(2026, 9, 30)), "previous": (date(2026, 4, 1), date(2026, 6, 30))}
    up = drivers.event_uplift(daily, [ev], periods)
    assert len(up) == 1
    row = up.iloc[0]
    assert row["uplift"] == pytest.approx(3.0)
    assert row["extra_sales"] == pytest.approx(4 * 200.0)
    gaps = drivers.event_differences(up, "current", "previous")
    assert gaps["slug"].tolist() == ["prime-day-2026"] and gaps["in_period"].tolist() == ["current"]


def test_acos_split_cpc_up_at_flat_conversion():
    # same clicks, orders and sales; spend +7.5 % -> CPC +7.5 %, ACoS 25 % -> 26.875 %
    before = {"spend": 1000.0, "sales": 4000.0, "clicks": 1000.0, "orders": 100.0}
    now = {"spend": 1075.0, "sales": 4000.0, "clicks": 1000.0, "orders": 100.0}
    d = drivers.acos_drivers(now, before)
    assert d.change_pts == pytest.approx(0.01875)
    assert d.cpc_change == pytest.approx(0.075)
    assert d.cvr_change == pytest.approx(0.0)
    assert d.cpc_pts == pytest.approx(0.01875)
    assert d.cvr_pts == pytest.approx(0.0) and d.order_value_pts == pytest.approx(0.0)


def test_acos_split_adds_up_when_everything_moves():
    before = {"spend": 1000.0, "sales": 4000.0, "clicks": 1000.0, "orders": 100.0}
    now = {"spend": 1500.0, "sales": 4500.0, "clicks": 1200.0, "orders": 90.0}
    d = drivers.acos_drivers(now, before)
    assert d.cpc_pts + d.cvr_pts + d.order_value_pts == pytest.approx(d.change_pts)
    assert d.cvr_pts > 0  # conversion fell: ACoS up


def test_acos_split_blank_without_clicks():
    d = drivers.acos_drivers({"spend": 0.0, "sales": 0.0, "clicks": 0.0, "orders": 0.0},
                             {"spend": 10.0, "sales": 40.0, "clicks": 10.0, "orders": 1.0})
    assert np.isnan(d.cpc_pts) and np.isnan(d.acos_now)


def test_health_trend_against_limits():
    snaps = pd.DataFrame({"date": ["2026-08-15", "2026-09-15", "2026-10-15"], "odr": [0.0031, 0.0052, 0.0084],
                          "late_shipment_rate": [0.011, 0.013, 0.012], "valid_tracking_rate": [0.99, 0.96, 0.94],
                          "ipi": [540, 420, 380]})
    health = drivers.health_trend(snaps, ipi_threshold=400).set_index("metric")
    assert health.loc["odr", "status"] == "approaching"
    assert health.loc["odr", "used"] == pytest.approx(0.84)
    assert health.loc["odr", "used_before"] == pytest.approx(0.31)
    assert health.loc["late_shipment_rate", "status"] == "ok"
    assert health.loc["valid_tracking_rate", "status"] == "breach"  # 94 % under the 95 % minimum
    assert health.loc["ipi", "status"] == "breach"
    assert health.loc["ipi", "limit"] == 400


def test_health_trend_empty_without_snapshots():
    assert drivers.health_trend(pd.DataFrame({"date": []})).empty
