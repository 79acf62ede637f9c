"""The QBR's findings table and the recommendations made from it, on hand-made section results."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pytest

from helpers.measures import drivers
from helpers.playbooks import qbr


@dataclass
class _Bulk:
    summary: dict
    negatives: pd.DataFrame
    harvest: pd.DataFrame


def _inputs(**over):
    bridge = drivers.sales_bridge(
        pd.DataFrame({"child_asin": ["A", "B"], "sales": [500.0, 300.0], "units": [50, 20], "sessions": [500, 400]}),
        pd.DataFrame({"child_asin": ["A", "B"], "sales": [1000.0, 300.0], "units": [100, 20], "sessions": [1000, 400]}),
    )
    stock = pd.DataFrame({"child_asin": ["A"], "days": [10.0], "first_day": [pd.Timestamp("2026-08-01")],
                          "last_day": [pd.Timestamp("2026-08-10")], "daily_sales": [40.0], "lost_sales": [400.0]})
    camps = pd.DataFrame({"campaign": ["c1", "c2", "c3"], "spend": [100.0, 50.0, 10.0], "sales": [200.0, 500.0, 20.0],
                          "acos": [0.5, 0.1, 0.5]})
    bulk = _Bulk({"negatives_count": 3, "negatives_spend": 123.45, "harvest_count": 2, "harvest_sales": 1000.0},
                 pd.DataFrame({"keyword_text": ["x", "y", "z"], "match_type": ["Negative exact"] * 3}),
                 pd.DataFrame({"keyword_text": ["h1", "h2"]}))
    args = dict(
        sales=800.0, bridges={"qoq": bridge}, sales_change={"qoq": (800.0, 1300.0), "yoy": (800.0, np.nan)},
        stock=stock, events=drivers.event_uplift(pd.DataFrame({"date": [], "total_sales": []}), [], {}),
        event_gaps={}, acos=drivers.acos_drivers({"spend": 110, "sales": 400, "clicks": 100, "orders": 10},
                                                  {"spend": 100, "sales": 400, "clicks": 100, "orders": 10}),
        health=drivers.health_trend(pd.DataFrame({"date": ["2026-08-01", "2026-10-01"], "odr": [0.002, 0.009]})),
        campaigns=camps, asins=pd.DataFrame(), bulk=bulk, target_acos=0.3,
    )
    args.update(over)
    return args


def test_findings_ids_and_numbers():
    f = qbr.findings_table(**_inputs()).set_index("id")
    assert f.loc["sales_change:qoq", "change"] == -500.0
    assert "sales_change:yoy" not in f.index  # last year's quarter not covered
    assert f.loc["asin_driver:qoq:A", "change"] == -500.0
    assert f.loc["asin_driver:qoq:A", "evidence"]["main_factor"] == "traffic"
    assert f.loc["stockout:A", "impact"] == -400.0
    # campaigns over the 30 % target: c1 (100 - 0.3×200 = 40) and c3 (10 - 0.3×20 = 4)
    assert f.loc["acos_over_target:campaigns", "value"] == 2
    assert f.loc["acos_over_target:campaigns", "impact"] == pytest.approx(-44.0)
    assert f.loc["negatives:search terms", "impact"] == -123.45
    assert f.loc["negatives:search terms", "evidence"]["terms"] == ["x", "y", "z"]
    assert f.loc["health:odr", "severity"] == "high"
    assert f.loc["acos_change:account", "evidence"]["cpc_change"] == pytest.approx(0.1)


def test_recommendations_ranked_by_money_with_owner_and_due():
    as_of = date(2026, 11, 15)
    f = qbr.findings_table(**_inputs())
    nxt = pd.DataFrame([{"slug": "bfcm-2026", "name": "BFCM", "kind": "bfcm", "start": date(2026, 11, 27),
                         "end": date(2026, 11, 30), "key_date": date(2026, 11, 20), "key_date_name": "deal deadline",
                         "last_year_extra": 250.0}])
    recs = qbr.recommendations(f, as_of=as_of, next_events=nxt).set_index("id")
    assert recs.loc["restock:A", "gain"] == 400.0 and recs.loc["restock:A", "owner"] == "client"
    assert recs.loc["restock:A", "due"] == date(2026, 11, 29)
    assert recs.loc["negatives:search terms", "gain"] == 123.45  # the bulk result's number, not recomputed
    assert recs.loc["harvest:search terms", "gain"] == pytest.approx(100.0)  # 1,000 × 10 %
    assert recs.loc["bids:campaigns", "gain"] == pytest.approx(44.0)
    assert recs.loc["bids:campaigns", "due"] == date(2026, 11, 22)
    assert recs.loc["event:bfcm-2026", "due"] == date(2026, 11, 20)  # the key date still ahead
    assert recs.loc["health:odr", "findings"] == ["health:odr"]
    gains = recs["gain"].tolist()
    sized = [g for g in gains if np.isfinite(g)]
    assert sized == sorted(sized, reverse=True)
    assert all(not np.isfinite(g) for g in gains[len(sized):])  # unsized last


def test_follow_up_of_last_quarters_recommendations():
    f = qbr.findings_table(**_inputs())
    recs = qbr.recommendations(f, as_of=date(2026, 11, 15))
    previous = [
        {"id": "restock:A", "kind": "restock", "subject": "A", "gain": 900.0, "findings": ["stockout:A"],
         "finding_values": {"stockout:A": 25.0}},
        {"id": "negatives:search terms", "kind": "negatives", "subject": "search terms", "gain": 50.0,
         "findings": ["negatives:search terms"], "finding_values": {"negatives:search terms": 7}},
        {"id": "buy_box:Q", "kind": "buy_box", "subject": "Q", "gain": 10.0, "findings": ["buy_box:Q"],
         "finding_values": {"buy_box:Q": 0.8}},
    ]
    follow = qbr.follow_up(previous, f, recs).set_index("id")
    assert follow.loc["restock:A", "status"] == "open"
    assert follow.loc["restock:A", ["then", "now"]].tolist() == [25.0, 10.0]  # days out then and now
    assert follow.loc["buy_box:Q", "status"] == "done" and np.isnan(follow.loc["buy_box:Q", "now"])
    assert qbr.follow_up(None, f, recs).empty


def test_summary_leads_with_sales_then_largest_drivers():
    f = qbr.findings_table(**_inputs())
    lines = qbr.headlines(f, currency="USD", gaps=["Sales data was not provided for this quarter."])
    assert lines[0] == "Sales data was not provided for this quarter."
    assert lines[1].startswith("Sales fell")
    # the stock-out explains more than the whole decline? No: $400 of a $500 decline — named, no claim
    assert any(line.startswith("A was out of stock 10 days") for line in lines)
    assert "more than the whole decline" not in " ".join(lines)


def test_sales_from_nothing_rise_without_a_percent():
    f = qbr.findings_table(**_inputs(bridges={}, sales_change={"yoy": (800.0, 0.0)}))
    line = next(line for line in qbr.headlines(f, currency="USD") if line.startswith("Sales"))
    assert line.startswith("Sales rose against the same quarter last year to $800 (+") and "—" not in line


def test_summary_opens_with_the_quarters_sales_when_nothing_earlier_compares():
    nothing = {"qoq": (410_149.0, np.nan), "yoy": (410_149.0, np.nan)}
    f = qbr.findings_table(**_inputs(sales=410_149.0, bridges={}, sales_change=nothing, tacos=0.115,
                                     sales_days=(29, 91)))
    assert list(f.loc[f["kind"] == "sales_level", "value"]) == [410_149.0]
    lines = qbr.headlines(f, currency="USD")
    assert lines[0] == ("Sales were $410k in the 29 of the quarter's 91 days the exports cover, with ad spend at "
                        "11.5% of them (TACoS); the exports hold no earlier quarter to compare them with.")
    whole = qbr.findings_table(**_inputs(sales=410_149.0, bridges={}, sales_change=nothing, sales_days=(91, 91)))
    assert qbr.headlines(whole, currency="USD")[0] == (
        "Sales were $410k this quarter; the exports hold no earlier quarter to compare them with.")
    # a comparison states the sales itself; no sales data, no sentence
    assert "sales_level" not in set(qbr.findings_table(**_inputs())["kind"])
    assert "sales_level" not in set(qbr.findings_table(**_inputs(sales=np.nan, sales_change={}))["kind"])


def test_buy_box_loss_of_an_asin_out_of_stock_is_explained_by_the_stockout():
    asins = pd.DataFrame({"child_asin": ["A", "B", "C"], "sales": [900.0, 800.0, 500.0],
                          "buy_box_pct": [0.8, 0.8, 0.95]})
    f = qbr.findings_table(**_inputs(asins=asins)).set_index("id")
    assert "buy_box:A" not in f.index and "buy_box:C" not in f.index
    # sales lost to other offers up to a 90 % Buy Box: 800 × (0.9 / 0.8 − 1) = 100
    assert f.loc["buy_box:B", "impact"] == pytest.approx(-100.0)


def test_last_quarters_report_is_read_when_present(tmp_path):
    import json

    from helpers.periods import Quarter
    from helpers.playbooks.qbr.context import _previous_report

    q3 = Quarter.parse("2026-Q3")
    assert _previous_report("tiny", q3, tmp_path) is None
    folder = tmp_path / "reports" / "tiny" / "2026-Q2"
    folder.mkdir(parents=True)
    (folder / "qbr.json").write_text(json.dumps({"recommendations": [{"id": "restock:A"}]}))
    assert _previous_report("tiny", q3, tmp_path)["recommendations"] == [{"id": "restock:A"}]
    (folder / "qbr.json").write_text("{not json")
    assert _previous_report("tiny", q3, tmp_path) is None


def test_an_asin_is_not_up_by_all_its_sales_when_last_quarter_was_not_downloaded():
    from helpers.periods import Quarter

    def rows(start, end, sales):
        return pd.DataFrame({"start_date": pd.to_datetime([start] * 2), "end_date": pd.to_datetime([end] * 2),
                             "parent_asin": ["P", "P"], "child_asin": ["A", "B"], "sku": ["a", "b"], "title": ["a", "b"],
                             "sales": sales, "units": [1.0, 1.0], "order_items": [1.0, 1.0],
                             "sessions": [10.0, 10.0], "page_views": [10.0, 10.0], "buy_box_pct": [1.0, 1.0]})

    q3, q2 = Quarter(2026, 3), Quarter(2026, 2)
    only_q3 = qbr.asin_table(rows("2026-07-01", "2026-07-31", [100.0, 50.0]), q3, q2)
    assert only_q3["sales_change"].isna().all() and qbr.top_movers(only_q3).empty
    both = pd.concat([rows("2026-07-01", "2026-07-31", [100.0, 50.0]), rows("2026-04-01", "2026-04-30", [40.0, 80.0])])
    table = qbr.asin_table(both, q3, q2).set_index("child_asin")
    assert table["sales_change"].to_dict() == {"A": 60.0, "B": -30.0}
    # the table and its sentence show the change only when there is one, and no column of dashes
    assert "sales_change" not in qbr.asin_display(only_q3) and qbr.asin_intro(only_q3).endswith("best sellers first.")
    assert {"sales_change", "sales_change_pct"} <= set(qbr.asin_display(qbr.asin_table(both, q3, q2)).columns)
    assert qbr.asin_intro(qbr.asin_table(both, q3, q2)).endswith("with the change against last quarter.")
    vendor = only_q3.assign(sessions=np.nan, unit_session_pct=np.nan, buy_box_pct=np.nan)
    assert list(qbr.asin_display(vendor).columns) == ["child_asin", "product", "sales", "units"]


def test_a_conversion_drop_after_a_price_rise_names_the_price():
    """An ASIN whose price rose 20 % and whose conversion fell (sessions flat): the change is mostly
    conversion, and the sentence says the price rise came with it; a conversion drop at a held
    price says nothing of price."""
    def period(price, cvr, asin="A"):
        sessions = 1000.0
        units = sessions * cvr
        return pd.DataFrame({"child_asin": [asin], "sales": [units * price], "units": [units], "sessions": [sessions],
                             "title": ["Trail Bottle 1 l"]})

    bridge = drivers.sales_bridge(period(30.0, 0.08), period(25.0, 0.12))
    f = qbr.findings_table(**_inputs(bridges={"qoq": bridge}, sales_change={"qoq": (2400.0, 3000.0)}))
    line = next(x for x in qbr.headlines(f, currency="USD") if x.startswith("A ("))
    assert line == ("A (Trail Bottle 1 l): −\u2060$600 against last quarter, mostly conversion (12.0% → 8.0%) "
                    "after its average price rose from $25.00 to $30.00.")
    held = drivers.sales_bridge(period(25.5, 0.08), period(25.0, 0.12))
    f = qbr.findings_table(**_inputs(bridges={"qoq": held}, sales_change={"qoq": (2040.0, 3000.0)}))
    line = next(x for x in qbr.headlines(f, currency="USD") if x.startswith("A ("))
    assert line.endswith("mostly conversion (12.0% → 8.0%).")


def test_a_traffic_fall_that_its_ads_explain_says_so():
    """Sessions 2,000 → 1,000 while the ASIN's ad clicks went 1,200 → 300: the ads explain the fall
    (900 of the 1,000 sessions; the rest of the traffic fell 100). Ad clicks that barely moved, or
    rose, or fell only in step with all traffic (1,000 → 500: half the sessions either way) explain
    nothing; nor do ad clicks of a quarter the advertised product report does not cover."""
    def period(sessions):
        return pd.DataFrame({"child_asin": ["A"], "sales": [sessions * 0.1 * 20.0], "units": [sessions * 0.1],
                             "sessions": [sessions], "title": ["Trail Bottle 1 l"]})

    def line(before, now):
        bridge = drivers.sales_bridge(period(1000.0), period(2000.0)).assign(ad_clicks_before=before,
                                                                          ad_clicks_now=now)
        f = qbr.findings_table(**_inputs(bridges={"qoq": bridge}, sales_change={"qoq": (2000.0, 4000.0)}))
        return next(x for x in qbr.headlines(f, currency="USD") if x.startswith("A ("))

    assert line(1200.0, 300.0).endswith("mostly traffic (sessions −50.0%) as its ad clicks fell from 1,200 to 300.")
    assert line(1200.0, 1100.0).endswith("mostly traffic (sessions −50.0%).")
    assert line(300.0, 1200.0).endswith("mostly traffic (sessions −50.0%).")
    assert line(np.nan, 300.0).endswith("mostly traffic (sessions −50.0%).")
    assert line(1000.0, 500.0).endswith("mostly traffic (sessions −50.0%).")


def test_what_moved_gives_each_bridge_the_asins_ad_clicks_of_both_quarters():
    from helpers.periods import Quarter

    def biz(start, end, sessions):
        return pd.DataFrame({"start_date": pd.to_datetime([start]), "end_date": pd.to_datetime([end]),
                             "parent_asin": ["P"], "child_asin": ["A"], "sku": ["a"], "title": ["a"], "sales": [100.0],
                             "units": [5.0], "order_items": [5.0], "sessions": [sessions], "page_views": [sessions],
                             "buy_box_pct": [1.0]})

    asin = pd.concat([biz("2026-07-01", "2026-09-30", 500.0), biz("2026-04-01", "2026-06-30", 900.0)])
    days = pd.date_range("2026-04-01", "2026-09-30")
    ads = pd.DataFrame({"start_date": days, "end_date": days, "advertised_asin": "A",
                        "clicks": np.where(days >= "2026-07-01", 1.0, 5.0), "impressions": 100.0, "spend": 1.0})
    q = Quarter(2026, 3)
    quarters = {"current": q, "previous": q.previous(), "year_ago": Quarter(2025, 3)}
    card = pd.DataFrame({"metric": ["total_sales", "ad_spend"], "current": [100.0, 1.0], "previous": [100.0, 1.0],
                         "year_ago": [np.nan, np.nan]})
    moved = qbr.what_moved(card, pd.DataFrame(), pd.DataFrame(), quarters=quarters, business_asin=asin,
                           advertised_products=ads, inventory=None, events=(), health_snapshots=pd.DataFrame())
    row = moved.bridges["qoq"].iloc[0]
    assert (row["ad_clicks_before"], row["ad_clicks_now"]) == (5.0 * 91, 92.0)
