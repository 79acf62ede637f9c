"""Plans live on the report's as-of date: one stock position shared by launch and seasonal, a missing
count is unknown (never 0), past dates are overdue, a started event is not planned, ranges are rounded
to what the data supports. Oracles are hand-worked numbers."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from helpers.measures.inventory import declared_from_params, declared_stock, stock_positions
from helpers.params import parse_params
from helpers.params.events import ScheduledEvent, load_calendar
from helpers.playbooks import launch, seasonal

D = dt.date


def _snapshots() -> pd.DataFrame:
    # B01 counted twice (two SKUs on Nov 15: 5 + 7 available, 0 + 3 inbound); B02 only on Sep 30
    return pd.DataFrame({
        "snapshot_date": pd.to_datetime(["2026-09-30", "2026-11-15", "2026-11-15", "2026-09-30", "2026-12-01"]),
        "asin": ["B01", "B01", "b01", "B02", "B03"],
        "available": [40.0, 5.0, 7.0, 9.0, 99.0], "inbound": [0.0, 0.0, 3.0, 1.0, 0.0],
    })


def test_latest_count_on_or_before_as_of_wins_and_a_missing_count_is_unknown():
    declared = declared_stock([("B02", 400, 0, D(2026, 10, 5)), ("B01", 1, 1, D(2026, 10, 1))])
    p = stock_positions(_snapshots(), as_of=D(2026, 11, 20), asins=["B01", "B02", "B03", "B04"],
                        declared=declared).set_index("asin")
    # B01: the Nov 15 snapshot (later than the Oct 1 declared count), summed over its SKUs
    assert (p.loc["B01", "available"], p.loc["B01", "inbound"], p.loc["B01", "source"]) == (12.0, 3.0, "snapshot")
    # B02: the declared Oct 5 count is later than its Sep 30 snapshot
    assert (p.loc["B02", "available"], p.loc["B02", "source"]) == (400.0, "declared")
    assert p.loc["B02", "counted_on"] == pd.Timestamp("2026-10-05")
    # B03 is only counted after the as-of date, B04 never: unknown, NaN — not 0
    for asin in ("B03", "B04"):
        assert not p.loc[asin, "known"] and p.loc[asin, "source"] == "unknown"
        assert math.isnan(p.loc[asin, "available"]) and pd.isna(p.loc[asin, "counted_on"])


def test_same_day_snapshot_beats_declared_count():
    declared = declared_stock([("B01", 1, 0, D(2026, 11, 15))])
    p = stock_positions(_snapshots(), as_of=D(2026, 11, 15), declared=declared).set_index("asin")
    assert p.loc["B01", "available"] == 12.0


def test_no_snapshot_before_the_plan_date_gives_unknown_for_every_asin():
    p = stock_positions(_snapshots(), as_of=D(2026, 6, 1), asins=["B01", "B02"])
    assert not p["known"].any() and p["available"].isna().all()


# -- one stock number across launch and seasonal -----------------------------------------------------
PARAMS = {
    "client_name": "T", "marketplace": "US", "currency": "USD",
    "launches": {"TMB": {"title": "Tumbler", "asin": "B0TUMBLER1", "launch_date": "2026-10-05", "price": 25,
                         "cogs": 6, "fees": 8, "stock_on_hand": 400, "cpc": 1.0, "cvr": 0.1}},
}


class _Data:
    def __init__(self, inventory: pd.DataFrame, business_asin: pd.DataFrame | None = None) -> None:
        self.fba_inventory = inventory
        self.business_asin = business_asin


#: The tumbler sells 2 a day in October (62 units) and 30 units in Nov 1-15.
SALES = pd.DataFrame({"start_date": pd.to_datetime(["2026-10-01", "2026-11-01"]),
                      "end_date": pd.to_datetime(["2026-10-31", "2026-11-15"]),
                      "child_asin": ["B0TUMBLER1", "B0TUMBLER1"], "units": [62.0, 30.0]})


def test_launch_and_seasonal_report_the_same_stock_for_the_same_day():
    params = parse_params(PARAMS)
    inventory = _snapshots()  # the tumbler is not in the FBA report: its count is the launch's 400
    key, spec = launch.find_launch(params, "TMB")
    lctx = launch.LaunchContext(params, _Data(inventory, SALES), key, spec, "USD", D(2026, 11, 15))
    position = launch.stock_position(lctx)
    event = ScheduledEvent("prime-day-2027", "Prime Day 2027", "prime-day", "US", D(2027, 7, 6), D(2027, 7, 9),
                           None, {"fba": D(2027, 6, 4)}, False, "")
    sctx = seasonal.SeasonalContext(params, _Data(inventory, SALES), load_calendar(), event, D(2026, 11, 15),
                                    D(2025, 1, 1), D(2026, 11, 15), "plan", "USD")
    units, _ = seasonal.stock(sctx, ["B0TUMBLER1", "B01"])
    units = units.set_index("child_asin")
    # 400 counted on Oct 5, less Oct 6-31 (26 days x 2) and Nov 1-15 (30) sold since: 318 in both plans
    assert position["available"] == units.loc["B0TUMBLER1", "available"] == pytest.approx(400 - 52 - 30)
    assert position["counted_on"] == D(2026, 10, 5) and position["sold_since"] == pytest.approx(82)
    assert units.loc["B01", "available"] == 12.0


def test_declared_from_params_dates_launch_stock_on_the_launch_day():
    d = declared_from_params(parse_params(PARAMS), as_of=D(2026, 11, 15)).set_index("asin")
    assert d.loc["B0TUMBLER1", "available"] == 400.0
    assert d.loc["B0TUMBLER1", "counted_on"] == pd.Timestamp("2026-10-05")


# -- seasonal: unknown stock raises no alarm ----------------------------------------------------------
def _sctx(as_of: dt.date) -> seasonal.SeasonalContext:
    params = parse_params({"client_name": "T", "marketplace": "US", "currency": "USD",
                           "seasonal": {"transit_days": 10, "production_days": 20}})
    event = ScheduledEvent("prime-day-2026", "Prime Day 2026", "prime-day", "US", D(2026, 7, 7),
                           D(2026, 7, 10), None, {"fba": D(2026, 6, 5)}, False, "")
    return seasonal.SeasonalContext(params, None, load_calendar(), event, as_of, D(2025, 1, 1), as_of, "plan", "USD")


ASINS = pd.DataFrame({
    "child_asin": ["B0COUNTED1", "B0UNKNOWN1"], "title": ["a", "b"], "units_now": [10.0, 10.0],
    "units_base": [10.0, 10.0], "units_conservative": [60.0, 60.0], "units_expected": [80.0, 80.0],
    "units_stretch": [100.0, 100.0],
})
SCEN = pd.DataFrame({"conservative": [1.0], "expected": [1.0], "stretch": [1.0]}, index=["tail"])


def test_missing_snapshot_is_unknown_not_zero_with_alarms():
    ctx = _sctx(D(2026, 5, 27))  # after the ship-by date (May 26): a zero would read "ship-by passed"
    positions = stock_positions(None, as_of=ctx.as_of, asins=ASINS["child_asin"],
                                declared=declared_stock([("B0COUNTED1", 0, 0, D(2026, 5, 20))]))
    plan = seasonal.inventory_plan(ctx, ASINS, SCEN, positions.rename(columns={"asin": "child_asin"}),
                                   seasonal.ship_dates(ctx)).set_index("child_asin")
    assert plan.loc["B0COUNTED1", "status"] == "ship-by passed"
    assert plan.loc["B0UNKNOWN1", "status"] == "unknown"
    assert math.isnan(plan.loc["B0UNKNOWN1", "to_send"]) and pd.isna(plan.loc["B0UNKNOWN1", "runs_out"])
    assert seasonal.stock_warnings(plan.reset_index())["child_asin"].tolist() == ["B0COUNTED1"]


# -- seasonal: a started event is reviewed, not planned ------------------------------------------------
@pytest.mark.parametrize(
    ("last_day", "report_date", "mode"),
    [
        (D(2026, 11, 15), D(2026, 11, 20), "plan"),  # before the event
        (D(2026, 11, 15), D(2026, 11, 27), "started"),  # first day, data not in yet
        (D(2026, 11, 15), D(2026, 11, 30), "started"),  # last day (the bfcm-2026 case)
        (D(2026, 11, 30), D(2026, 12, 5), "review"),  # the data covers the last day
    ],
)
def test_mode_follows_the_report_date(last_day, report_date, mode):
    ev = load_calendar().event("bfcm-2026", "US")
    assert seasonal.choose_mode(ev.start, ev.end, last_day=last_day, report_date=report_date) == mode


def test_deadlines_are_judged_on_the_report_date_in_a_started_event():
    ctx = _sctx(D(2026, 5, 1))  # as of May 1 the ship-by (May 26) is ahead ...
    ctx.mode, ctx.report_date = "started", D(2026, 7, 8)  # ... but the report speaks on Jul 8
    assert ctx.judged_on == D(2026, 7, 8)
    positions = stock_positions(None, as_of=ctx.as_of, asins=["B0COUNTED1"],
                                declared=declared_stock([("B0COUNTED1", 0, 0, D(2026, 4, 1))]))
    plan = seasonal.inventory_plan(ctx, ASINS.head(1), SCEN, positions.rename(columns={"asin": "child_asin"}),
                                   seasonal.ship_dates(ctx))
    assert plan["status"].tolist() == ["ship-by passed"]
    ctx.mode = "review"  # a review judges the plan as it was made
    assert ctx.judged_on == D(2026, 5, 1)


# -- ranges rounded to what the data supports ------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ((100_030.0, 101_234.0, 102_000.0), (100_000.0, 101_000.0, 102_000.0)),  # 3 figures of the mid
        ((80_000.0, 101_234.0, 130_400.0), (80_000.0, 101_000.0, 130_000.0)),  # spread ~50k: thousands
        ((1_234.0, 1_250.0, 1_266.0), (1_230.0, 1_250.0, 1_270.0)),  # never finer than 3 significant figures
    ],
)
def test_round_range(values, expected):
    assert seasonal.round_range(*values) == pytest.approx(expected)


# -- launch: a past date is overdue, and the summary shows the economics finding ------------------------
def test_reorder_date_before_the_as_of_date_is_overdue():
    stock = {"reorder_date": D(2026, 10, 23), "stockout_in_ramp": False, "shortfall": 0.0}
    found = launch.stock_findings(stock, today=D(2026, 11, 15))
    assert found["id"].tolist() == ["reorder_overdue"] and found["gap"].tolist() == [23.0]
    assert launch.stock_findings(stock, today=D(2026, 10, 1)).empty  # still ahead: a plan, no finding
    sold_out = {"known": True, "available": 0.0, "inbound": 0.0, "counted": 400.0, "sold_since": 420.0}
    found = launch.stock_findings(stock, today=D(2026, 11, 15), position=sold_out).set_index("id")
    assert list(found.index) == ["out_of_stock_now", "reorder_overdue"]
    assert (found.loc["out_of_stock_now", "value"], found.loc["out_of_stock_now", "reference"]) == (420.0, 400.0)
    in_stock = sold_out | {"available": 5.0}
    assert "out_of_stock_now" not in set(launch.stock_findings(stock, today=D(2026, 11, 15), position=in_stock)["id"])


def test_actual_acos_above_break_even_is_a_high_finding_with_its_money():
    table = pd.DataFrame({"metric": ["spend", "acos"], "format": ["money", "pct"], "plan": [1000.0, 0.38],
                          "actual": [3000.0, 0.5], "gap": [2.0, 0.12]})
    econ = pd.Series({"break_even_acos": 0.4, "launch_acos": 0.4})
    found = launch.findings(launch.economics_findings(table, econ), launch.plan_gap_findings(table))
    assert found["id"].tolist() == ["acos_above_break_even", "spend_above_plan", "acos_above_plan"]
    # ad sales = 3000 / 0.5 = 6000; margin left by them at break-even = 0.4 x 6000 = 2400; ads cost 600 more
    assert found.set_index("id").loc["acos_above_break_even", "money"] == pytest.approx(600.0)
    assert found.set_index("id").loc["spend_above_plan", "money"] == pytest.approx(2000.0)
    # ACoS 12 pts over plan on 6000 of ad sales = 720 of extra spend
    assert found.set_index("id").loc["acos_above_plan", "money"] == pytest.approx(720.0)


def test_acos_drivers_split_the_gap_by_cpc_conversion_and_order_value():
    # plan: CPC 1.00, CVR 10 %, price 40 -> ACoS 25 %; actual: CPC 1.20, CVR 8 %, order value 40 -> 37.5 %
    table = pd.DataFrame({"metric": ["acos", "cpc", "cvr"], "plan": [0.25, 1.0, 0.10], "actual": [0.375, 1.2, 0.08]})
    actual = pd.DataFrame({"orders": [50.0], "sales": [2000.0]})
    d = launch.acos_drivers(table, actual, price=40.0).set_index("factor")
    assert d["ratio"].tolist() == pytest.approx([1.2, 0.8, 1.0])
    # the 12.5 pts gap shared by log ratio: ln 1.2 : -ln 0.8 : 0 of ln 1.5
    assert d.loc["cpc", "pts"] == pytest.approx(0.125 * math.log(1.2) / math.log(1.5))
    assert d.loc["cvr", "pts"] == pytest.approx(0.125 * -math.log(0.8) / math.log(1.5))
    assert d["pts"].sum() == pytest.approx(0.125)
    assert launch.acos_drivers(table, actual.iloc[0:0], price=40.0).empty  # before launch: nothing to explain


def test_lost_sales_are_normal_daily_sales_times_days_dark():
    ctx = _sctx(D(2026, 6, 29))
    ctx.data = type("D", (), {"business_asin": pd.DataFrame({
        "start_date": pd.to_datetime(["2026-05-01", "2026-06-01", "2026-06-01"]),
        "end_date": pd.to_datetime(["2026-05-31", "2026-06-30", "2026-06-30"]),
        "child_asin": ["B0A", "B0A", "B0B"], "sales": [9999.0, 3000.0, 300.0]})})()
    outs = pd.DataFrame({"advertised_asin": ["B0A", "B0B", "B0C"], "days_dark": [3, 10, 2],
                         "first_dark": pd.to_datetime(["2026-07-07"] * 3)})
    lost = seasonal.lost_sales(ctx, outs).set_index("advertised_asin")
    # 60 days before Jul 7 is May 8: May's report is left out; June (30 days): B0A 100 a day, B0B 10 a day;
    # B0C has no sales report
    assert lost.loc["B0A", "lost_sales"] == pytest.approx(300.0)
    assert lost.loc["B0B", "lost_sales"] == pytest.approx(100.0)
    assert math.isnan(lost.loc["B0C", "lost_sales"])


def test_a_declared_count_is_carried_forward_never_below_zero():
    declared = declared_stock([("B0TUMBLER1", 50, 0, D(2026, 10, 5))])
    sold = SALES.rename(columns={"child_asin": "asin"})
    p = stock_positions(None, as_of=D(2026, 11, 15), declared=declared, sold=sold).set_index("asin")
    # 52 sold in October after the count + 30 in November: more than the 50 counted, so none left
    assert p.loc["B0TUMBLER1", "available"] == 0.0 and p.loc["B0TUMBLER1", "sold_since"] == pytest.approx(82.0)
    # on the day of the count nothing has been sold since
    p = stock_positions(None, as_of=D(2026, 10, 5), declared=declared, sold=sold).set_index("asin")
    assert p.loc["B0TUMBLER1", "available"] == 50.0


def test_summary_shows_every_high_finding_with_the_findings_numbers():
    params = parse_params(PARAMS)
    key, spec = launch.find_launch(params, "TMB")
    ctx = launch.LaunchContext(params, None, key, spec, "USD", D(2026, 11, 15))
    table = pd.DataFrame({"metric": ["spend", "acos"], "format": ["money", "pct"], "plan": [1000.0, 0.38],
                          "actual": [3000.0, 0.5], "gap": [2.0, 0.12]})
    econ = pd.Series({"break_even_acos": 0.4, "launch_acos": 0.4, "target_acos": 0.3, "unit_margin": 10.0})
    stock = {"reorder_date": D(2026, 10, 23), "stockout_in_ramp": False, "shortfall": 0.0}
    found = launch.findings(launch.economics_findings(table, econ), launch.plan_gap_findings(table),
                            launch.stock_findings(stock, today=ctx.today))
    high = found[found["severity"] == "high"]
    assert high["id"].tolist() == ["acos_above_break_even", "reorder_overdue", "spend_above_plan"]
    lines = launch.headlines(ctx, econ, pd.DataFrame({"week": range(8)}),
                             {"budget": 1.0, "ad_orders": 1.0, "acos": 0.3}, stock, found)
    # status, economics, ramp, then one line per high finding (the medium ACoS-vs-plan gap stays below)
    assert len(lines) == 3 + len(high)
    assert lines[3:] == [launch.finding_sentence(r, "USD") for r in high.itertuples(index=False)]
