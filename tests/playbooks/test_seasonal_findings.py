"""The seasonal findings frame on hand-worked numbers: ids, values, gaps and money (never words)."""

from __future__ import annotations

import datetime as dt
import math
from types import SimpleNamespace

import pandas as pd
import pytest

from helpers.playbooks import seasonal
from helpers.playbooks.seasonal.stock import ShipDates

JUDGED = dt.date(2026, 6, 1)


def _ctx(mode: str = "plan", target: float = 0.30, deal_deadline: dt.date | None = None) -> SimpleNamespace:
    return SimpleNamespace(
        mode=mode, judged_on=JUDGED, as_of=JUDGED, settings=SimpleNamespace(warning_days=14, lead_in_days=7),
        event=SimpleNamespace(days=4, slug="ev", start=dt.date(2026, 7, 10), deal_deadline=deal_deadline),
        params=SimpleNamespace(target_acos=lambda: target))


def _planned() -> pd.DataFrame:
    # expected: 4 days × $1,000 usual × 2.5 = $10,000; spend 4 × $100 × 4 = $1,600 for $4,000 ad sales
    return pd.DataFrame({"conservative": [8000.0, 1200.0, 0.40, 0.15], "expected": [10000.0, 1600.0, 0.40, 0.16],
                         "stretch": [12000.0, 2000.0, 0.40, 0.1667]},
                        index=["total_sales", "ad_spend", "acos", "tacos"])


def _base() -> pd.DataFrame:
    return pd.DataFrame({"event": [1000.0, 100.0]}, index=["total_sales", "ad_spend"])


def _scen() -> pd.DataFrame:
    return pd.DataFrame({"expected": [1.5]}, index=["cpc"])


def test_plan_findings_uplift_and_budget():
    found = seasonal.plan_findings(_ctx(), _planned(), _scen(), _base()).set_index("id")
    assert list(found.index) == ["sales_conservative", "sales_expected", "sales_stretch", "ad_budget", "planned_cpc",
                                 "planned_acos", "planned_tacos"]
    # usual days: 4 × $1,000 = $4,000; expected $10,000 is 2.5× → gap 1.5, $6,000 above the usual days
    assert found.loc["sales_expected", ["value", "reference", "gap", "money"]].tolist() == pytest.approx(
        [10000.0, 4000.0, 1.5, 6000.0])
    assert found.loc["sales_conservative", "gap"] == pytest.approx(1.0)
    # budget $1,600 against 4 × $100 = $400 of usual spend: 4× → gap 3
    assert found.loc["ad_budget", ["value", "reference", "gap"]].tolist() == pytest.approx([1600.0, 400.0, 3.0])
    assert found.loc["planned_cpc", "value"] == pytest.approx(1.5)
    # 40 % planned ACoS against a 30 % target: 10 points over, flagged
    assert found.loc["planned_acos", "gap"] == pytest.approx(0.10)
    assert found.loc["planned_acos", "severity"] == "medium"
    below = seasonal.plan_findings(_ctx(target=0.5), _planned(), _scen(), _base()).set_index("id")
    assert below.loc["planned_acos", "severity"] == "low"


def _inv() -> pd.DataFrame:
    ts = pd.Timestamp
    return pd.DataFrame({
        "child_asin": ["A", "B", "C", "D", "E", "F"],
        "status": ["ship-by passed", "order now", "runs out", "runs out", "unknown", "covered"],
        "to_send": [100.0, 50.0, 10.0, 20.0, math.nan, 0.0],
        "runs_out": [pd.NaT, pd.NaT, ts(2026, 6, 11), ts(2026, 7, 1), pd.NaT, pd.NaT],
    })


def _asins() -> pd.DataFrame:
    return pd.DataFrame({"child_asin": list("ABCDEF"), "sales_expected": [1000.0, 500.0, 200.0, 300.0, 100.0, 10.0],
                         "units_expected": [50.0, 25.0, 10.0, 10.0, 5.0, 1.0]})


def test_stock_findings_judged_on_the_report_date():
    dates = ShipDates(("fba", dt.date(2026, 6, 10)), dt.date(2026, 5, 20), dt.date(2026, 6, 5), dt.date(2026, 7, 20))
    found = seasonal.stock_findings(_ctx(), _inv(), dates, _asins())
    event = found[found["subject"] == "ev"].set_index("id")
    # the event's dates, judged on Jun 1: ship-by May 20 passed 12 days ago, order-by Jun 5 is 4 days away
    assert event.loc["ship_by", ["value", "gap", "severity"]].tolist() == [dt.date(2026, 5, 20), -12.0, "medium"]
    assert event.loc["order_by", ["value", "gap", "severity"]].tolist() == [dt.date(2026, 6, 5), 4.0, "low"]
    assert list(found["id"][:2]) == ["ship_by", "order_by"]
    rows = found[found["subject"] != "ev"].set_index("subject")
    assert set(rows["id"]) == {"ship_by_passed", "order_now", "restock_now", "watch_stock", "stock_unknown"}
    assert "F" not in rows.index  # covered: nothing to say
    # A: 100 units at $20 = $2,000 of event sales at stake; the ship-by date passed 12 days before Jun 1
    assert rows.loc["A", ["id", "value", "gap", "money"]].tolist() == ["ship_by_passed", 100.0, 12.0, 2000.0]
    assert rows.loc["A", "reference"] == dt.date(2026, 5, 20)
    # B: order by Jun 5, 4 days left; 50 units × $20
    assert rows.loc["B", ["id", "gap", "money"]].tolist() == ["order_now", 4.0, 1000.0]
    # C runs out on Jun 11 (10 days, inside the 14-day window): restock now; D on Jul 1 (30 days): watch
    assert rows.loc["C", ["id", "gap", "severity"]].tolist() == ["restock_now", 10.0, "high"]
    assert rows.loc["C", "value"] == dt.date(2026, 6, 11)
    assert rows.loc["D", ["id", "gap", "severity"]].tolist() == ["watch_stock", 30.0, "medium"]
    assert rows.loc["D", "money"] == pytest.approx(20 * 30.0)
    # a plan made before a review is history: no stock advice outside plan mode
    assert seasonal.stock_findings(_ctx("review"), _inv(), dates, _asins()).empty
    assert seasonal.stock_findings(_ctx("started"), _inv(), dates, _asins()).empty


def test_review_findings_actual_vs_plan_and_stockouts():
    table = pd.DataFrame({
        "metric": ["total_sales", "units", "ad_spend", "ad_sales", "acos", "tacos"],
        "conservative": [8000.0, 80.0, 1200.0, 3000.0, 0.38, 0.15], "expected": [10000.0, 100.0, 1600.0, 4000.0, 0.40, 0.16],
        "stretch": [12000.0, 120.0, 2000.0, 5000.0, 0.42, 0.17], "actual": [7000.0, 70.0, 2000.0, 4000.0, 0.50, 0.2857],
    })
    moved = pd.Series({"sales": 2.0, "sessions": 1.6, "cvr": 1.25})
    lost = pd.DataFrame({"advertised_asin": ["X", "Y"], "days_dark": [3, 7], "lost_sales": [300.0, 1400.0]})
    found = seasonal.review_findings(_ctx("review"), table, moved, lost)
    rows = found.set_index("id")
    # $7,000 against $10,000 planned: −30 %, $3,000 short, below the conservative scenario → high
    assert rows.loc["sales_vs_plan", ["value", "reference", "gap", "money", "severity"]].tolist() == pytest.approx(
        [7000.0, 10000.0, -0.3, -3000.0, "high"])
    assert rows.loc["ad_spend_vs_plan", ["gap", "money"]].tolist() == pytest.approx([0.25, 400.0])
    assert rows.loc["acos_vs_plan", "gap"] == pytest.approx(0.10)  # points
    assert rows.loc["moved_sessions", "value"] == 1.6
    dark = found[found["id"] == "stockout"]
    assert dark["subject"].tolist() == ["Y", "X"]  # longest first
    assert dark["money"].sum() == pytest.approx(1700.0)
    assert seasonal.review_findings(_ctx("plan"), table, moved, lost).empty


def test_findings_record_as_json_rows():
    dates = ShipDates(("fba", dt.date(2026, 6, 10)), dt.date(2026, 5, 20), dt.date(2026, 6, 5), dt.date(2026, 7, 20))
    found = seasonal.seasonal_findings(_ctx(), planned=_planned(), scen=_scen(), base=_base(), inv=_inv(), dates=dates,
                                       asins=_asins(), table=pd.DataFrame(), moved=pd.Series(dtype=float),
                                       lost=pd.DataFrame())
    assert list(found["kind"].drop_duplicates()) == ["stock", "uplift", "budget"]
    rows = {(r["id"], r["subject"]): r for r in seasonal.record_findings(found)}
    assert rows[("ship_by_passed", "A")]["reference"] == "2026-05-20"
    assert rows[("stock_unknown", "E")]["value"] is None
    assert rows[("planned_tacos", "ev")]["reference"] is None


def test_next_actions_rank_the_findings_by_sales_at_stake_and_date_them():
    dates = ShipDates(("fba", dt.date(2026, 6, 10)), dt.date(2026, 5, 20), dt.date(2026, 6, 5), dt.date(2026, 7, 20))
    ctx = _ctx(deal_deadline=dt.date(2026, 6, 15))
    found = seasonal.seasonal_findings(ctx, planned=_planned(), scen=_scen(), base=_base(), inv=_inv(), dates=dates,
                                       asins=_asins(), table=pd.DataFrame(), moved=pd.Series(dtype=float),
                                       lost=pd.DataFrame())
    actions = seasonal.next_actions(ctx, found, dates, _asins())
    # the budget ramp carries the expected uplift ($6,000); a stock action the event sales its missing
    # units carry, at most the ASIN's expected event sales: A 100 units × $20 capped at $1,000, B 50 × $20
    # capped at $500, D 20 × $30 at $300, C 10 × $20 = $200; the 40 % ACoS plan (target 30 %), E's
    # unknown stock and the deals have no amount: by due day after them
    assert list(zip(actions["finding"], actions["subject"], strict=True)) == [
        ("ad_budget", ""), ("ship_by_passed", "A"), ("order_now", "B"), ("watch_stock", "D"), ("restock_now", "C"),
        ("stock_unknown", "E"), ("deal_deadline", ""), ("planned_acos", "")]
    assert actions["money"].tolist()[:5] == pytest.approx([6000.0, 1000.0, 500.0, 300.0, 200.0])
    due = dict(zip(actions["finding"], actions["due"], strict=True))
    # judged on Jun 1: the passed ship-by (May 20) and an unknown stock are due now; the order by Jun 5;
    # D is watched until the order-by date; the ramp and the bids by the lead-in (Jul 10 − 7 days)
    assert due["ship_by_passed"] == due["stock_unknown"] == due["restock_now"] == JUDGED
    assert due["order_now"] == due["watch_stock"] == dt.date(2026, 6, 5)
    assert due["ad_budget"] == due["planned_acos"] == dt.date(2026, 7, 3)
    assert due["deal_deadline"] == dt.date(2026, 6, 15)
    shown = seasonal.actions_display(actions, currency="USD", judged_on=JUDGED).set_index("Product")
    assert shown.loc["A", "Due"] == "now" and shown.loc["B", "Due"] == "Jun\u00a05,\u00a02026"
    assert "100 more units" in shown.loc["A", "Action"] and "May 20, 2026" in shown.loc["A", "Action"]
    assert "40.0%" in actions_text(actions, "planned_acos") and "30.0%" in actions_text(actions, "planned_acos")
    assert seasonal.record_actions(actions)[0]["due"] == "2026-07-03"
    # an ACoS plan within the target asks for nothing; a review or a started event has no actions
    assert "planned_acos" not in set(seasonal.next_actions(_ctx(target=0.5), found.assign(
        severity=found["severity"].where(found["id"] != "planned_acos", "low")), dates, _asins())["finding"])
    assert seasonal.next_actions(_ctx("review"), found, dates, _asins()).empty
    assert seasonal.next_actions(_ctx("started"), found, dates, _asins()).empty


def actions_text(actions: pd.DataFrame, finding: str) -> str:
    return seasonal.action_text(actions[actions["finding"] == finding].iloc[0], "USD")


def test_stock_to_watch_is_one_action_for_all_its_asins():
    dates = ShipDates(("fba", dt.date(2026, 6, 10)), dt.date(2026, 5, 20), dt.date(2026, 6, 5), dt.date(2026, 7, 20))
    inv = pd.DataFrame({"child_asin": ["C", "D", "F"], "status": ["runs out"] * 3, "to_send": [10.0, 20.0, 5.0],
                        "runs_out": [pd.Timestamp(2026, 7, 2), pd.Timestamp(2026, 7, 1), pd.Timestamp(2026, 7, 5)]})
    found = seasonal.stock_findings(_ctx(), inv, dates, _asins())
    actions = seasonal.next_actions(_ctx(), found, dates, _asins())
    watch = actions[actions["finding"] == "watch_stock"]
    # three ASINs run out after the 14-day window: one row, D first (Jul 1); C $200 + D $300 + F 5 × $10
    # capped at its $10 of expected event sales = $510
    assert len(watch) == 1 and watch.iloc[0]["products"] == 3 and watch.iloc[0]["subject"] == "D"
    assert watch.iloc[0]["money"] == pytest.approx(510.0) and watch.iloc[0]["day"] == dt.date(2026, 7, 1)
    shown = seasonal.actions_display(watch, currency="USD", judged_on=JUDGED)
    assert shown.iloc[0]["Product"] == "3 ASINs" and "3 ASINs" in shown.iloc[0]["Action"]
    assert "Jul 1, 2026" in shown.iloc[0]["Action"]
    assert seasonal.record_actions(watch)[0]["products"] == 3


def test_a_plan_without_baseline_sales_says_so_never_a_range_of_dashes():
    """No sales on record before the as-of date: the summary says the event cannot be forecast (no
    "about — (range — – —)") and plans the budget without a TACoS it cannot know; the baseline says
    the same."""
    from helpers.present.formatting import DASH

    planned = _planned()
    planned.loc[["total_sales", "tacos"]] = math.nan
    base = _base()
    base.loc["total_sales", "event"] = math.nan
    ctx = _ctx()
    ctx.event.name, ctx.currency = "Prime Day 2026", "USD"
    scen = pd.DataFrame({"expected": [1.5, 2.0], "basis": ["benchmark", "benchmark"]}, index=["cpc", "sales"])
    found = seasonal.plan_findings(ctx, planned, scen, base)
    lines = seasonal.headlines(ctx, found, scen)
    assert lines[0] == "Event sales cannot be forecast: no sales are on record for the 30 days to Jun 1, 2026."
    assert lines[1] == "Plan $1,600 of ad spend on event days (CPC 1.50×), for 40.0% ACoS."
    assert not any(DASH in line for line in lines)


NO_LOSS = pd.DataFrame(columns=["advertised_asin", "days_dark", "lost_sales"])


def _review_table(**actual: float) -> pd.DataFrame:
    metrics = ["total_sales", "units", "ad_spend", "ad_sales", "acos", "tacos"]
    return pd.DataFrame({"metric": metrics, "conservative": [8000.0, 80.0, 1200.0, 3000.0, 0.38, 0.15],
                         "expected": [10000.0, 100.0, 1600.0, 4000.0, 0.40, 0.16],
                         "stretch": [12000.0, 120.0, 2000.0, 5000.0, 0.42, 0.17],
                         "actual": [actual.get(k, math.nan) for k in metrics]}).assign(
        vs_expected=lambda t: t["actual"] / t["expected"] - 1)


def _review_ctx() -> SimpleNamespace:
    ctx = _ctx("review")
    ctx.event.name, ctx.event.kind, ctx.event.dates_text, ctx.currency = "BFCM 2019", "bfcm", "Nov 29 – Dec 2, 2019", "USD"
    return ctx


def test_a_review_without_the_events_data_claims_nothing_about_it():
    """No daily export covers the event: one sentence says it cannot be measured; no 'sold — over 4
    days', no 'Sales landed inside the planned range (—)', no 'No advertised ASIN went dark'."""
    from helpers.present.formatting import DASH

    ctx, table = _review_ctx(), _review_table()
    scen = pd.DataFrame({"expected": [1.5, 2.0], "basis": ["benchmark", "benchmark"]}, index=["cpc", "sales"])
    moved = pd.Series({k: math.nan for k in ("sales", "sessions", "cvr", "cpc", "ad_spend", "ad_sales")})
    found = seasonal.review_findings(ctx, table, moved, NO_LOSS)
    lines = seasonal.headlines(ctx, found, scen)
    assert lines[0] == ("No daily sales or advertising data covers the event's days (Nov 29 – Dec 2, 2019), so "
                        "BFCM 2019 cannot be measured against the plan.")
    assert not any(DASH in line for line in lines)
    assert seasonal.lessons(ctx, table, pd.DataFrame(), scen, pd.DataFrame()) == []
    assert seasonal.what_moved(ctx, moved, pd.DataFrame()) == []


def test_a_review_with_ads_but_no_sales_measures_the_ads_only():
    ctx, table = _review_ctx(), _review_table(ad_spend=2000.0, ad_sales=4000.0, acos=0.5)
    scen = pd.DataFrame({"expected": [1.5, 2.0], "basis": ["benchmark", "benchmark"]}, index=["cpc", "sales"])
    found = seasonal.review_findings(ctx, table, pd.Series(dtype=float), NO_LOSS)
    lines = seasonal.headlines(ctx, found, scen)
    assert lines[0].startswith("No daily sales data covers the event's days")
    assert lines[1] == "Ad spend $2,000 at 50.0% ACoS (plan 40.0% / 16.0%)."
    lessons = seasonal.lessons(ctx, table, pd.DataFrame(), scen, pd.DataFrame())
    assert not any("Sales" in line for line in lessons)
    assert lessons[-1] == "No advertised ASIN went dark during the event or its recovery days."


def test_no_budget_ramp_without_ad_spend_in_the_usual_day():
    assert seasonal.has_ad_baseline(_base())
    for spend in (0.0, math.nan):
        base = _base()
        base.loc["ad_spend", "event"] = spend
        assert not seasonal.has_ad_baseline(base)
