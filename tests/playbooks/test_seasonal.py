"""Seasonal maths on crafted frames: event multiples, cutoff arithmetic, deal margins, scenarios."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from helpers.params import parse_params
from helpers.params.events import ScheduledEvent, load_calendar
from helpers.playbooks import seasonal

START, END = dt.date(2025, 7, 8), dt.date(2025, 7, 11)


def _daily(k: float, *, cpc_k: float = 1.0) -> pd.DataFrame:
    """60 flat days, event days exactly ``k`` × the prior 30 on every amount; CPC × ``cpc_k``."""
    days = pd.date_range(START - dt.timedelta(days=30), END + dt.timedelta(days=20), freq="D")
    on = (days >= pd.Timestamp(START)) & (days <= pd.Timestamp(END))
    mult = np.where(on, k, 1.0)
    spend = 100.0 * mult
    return pd.DataFrame({
        "date": days, "total_sales": 1000.0 * mult, "units": 40.0 * mult, "sessions": 400.0 * mult,
        "ad_spend": spend, "ad_sales": 300.0 * mult, "clicks": spend / (0.5 * np.where(on, cpc_k, 1.0)),
    })


@pytest.mark.parametrize("k", [1.0, 2.5, 4.0])
def test_event_multiples_recover_a_known_k(k):
    mult = seasonal.event_multiples(_daily(k, cpc_k=1.6), START, END)
    for name in ("sales", "units", "sessions", "ad_spend", "ad_sales"):
        assert mult[name] == pytest.approx(k)
    assert mult["cvr"] == pytest.approx(1.0)  # units and sessions moved together
    assert mult["cpc"] == pytest.approx(1.6)
    assert mult["lead_in"] == pytest.approx(1.0) and mult["tail"] == pytest.approx(1.0)


def test_event_multiples_ignore_days_outside_the_windows():
    frame = _daily(3.0)
    frame.loc[frame["date"] < pd.Timestamp(START - dt.timedelta(days=30)), "total_sales"] = 1e9
    early = frame.iloc[:1].assign(date=pd.Timestamp("2024-01-01"), total_sales=1e9)
    assert seasonal.event_multiples(pd.concat([early, frame]), START, END)["sales"] == pytest.approx(3.0)


def test_event_multiples_nan_without_prior_data():
    frame = _daily(2.0)
    frame = frame[frame["date"] >= pd.Timestamp(START)]
    assert np.isnan(seasonal.event_multiples(frame, START, END)["sales"])


def _ctx(as_of: dt.date, **seasonal_params) -> seasonal.SeasonalContext:
    params = parse_params({"client_name": "T", "marketplace": "US", "currency": "USD",
                           "seasonal": {"transit_days": 10, "production_days": 20, **seasonal_params}})
    event = ScheduledEvent("prime-day-2026", "Prime Day 2026", "prime-day", "US", dt.date(2026, 7, 7),
                           dt.date(2026, 7, 10), None, {"fba": dt.date(2026, 6, 5)}, False, "")
    return seasonal.SeasonalContext(params, None, load_calendar(), event, as_of, dt.date(2025, 1, 1), as_of,
                                    "plan", "USD")


def _asins() -> pd.DataFrame:
    return pd.DataFrame({
        "child_asin": ["B0SHORT001", "B0STOCKED1", "B0NOSALES1"], "title": ["a", "b", "c"],
        "units_now": [10.0, 10.0, 0.0], "units_base": [10.0, 10.0, 0.0],
        "units_conservative": [60.0, 60.0, 0.0], "units_expected": [80.0, 80.0, 0.0], "units_stretch": [100.0, 100.0, 0.0],
    })


SCEN = pd.DataFrame({"conservative": [1.0], "expected": [1.0], "stretch": [1.0]}, index=["tail"])


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (dt.date(2026, 5, 27), "ship-by passed"),  # ship-by = Jun 5 - 10 days = May 26, the day before
        (dt.date(2026, 5, 1), "order now"),  # order-by = May 26 - 20 days = May 6, within 14 days
        (dt.date(2026, 4, 1), "runs out"),  # order-by is 35 days away, but stock does not last
    ],
)
def test_cutoff_arithmetic_flags_the_short_asin(as_of, status):
    stock = pd.DataFrame({"child_asin": ["B0STOCKED1", "B0SHORT001"], "available": [100_000, 0], "inbound": [0, 0]})
    ctx = _ctx(as_of)
    dates = seasonal.ship_dates(ctx)
    plan = seasonal.inventory_plan(ctx, _asins(), SCEN, stock, dates).set_index("child_asin")
    assert dates.ship_by == dt.date(2026, 5, 26)
    assert dates.order_by == dt.date(2026, 5, 6)
    assert plan.loc["B0SHORT001", "status"] == status
    assert plan.loc["B0STOCKED1", "status"] == "covered"
    assert plan.loc["B0STOCKED1", "to_send"] == 0
    # needed = units/day now x days before the event + event units + base x tail x recovery days
    before = (dt.date(2026, 7, 6) - as_of).days
    assert plan.loc["B0SHORT001", "needed_expected"] == pytest.approx(10 * before + 80 + 10 * 1.0 * 14)
    assert plan.loc["B0SHORT001", "to_send"] == pytest.approx(plan.loc["B0SHORT001", "needed_expected"])
    warnings = seasonal.stock_warnings(plan.reset_index())
    assert warnings["child_asin"].tolist() == ["B0SHORT001"]


def test_run_out_date_is_stock_over_daily_units():
    stock = pd.DataFrame({"child_asin": ["B0SHORT001"], "available": [150], "inbound": [50]})
    ctx = _ctx(dt.date(2026, 4, 1))
    plan = seasonal.inventory_plan(ctx, _asins(), SCEN, stock, seasonal.ship_dates(ctx)).set_index("child_asin")
    assert plan.loc["B0SHORT001", "runs_out"] == pd.Timestamp("2026-04-21")  # 200 units / 10 a day


def test_deal_margin_maths():
    assert seasonal.deal_margin(30.0, 8.0, 10.0, 0.0) == pytest.approx(12.0)
    assert seasonal.deal_margin(30.0, 8.0, 10.0, 0.20) == pytest.approx(6.0)
    # a coupon's fee per unit is a share of the deal price
    assert seasonal.deal_margin(30.0, 8.0, 10.0, 0.05, 0.025) == pytest.approx(30 * 0.95 * 0.975 - 18)
    # fee 500 + 100 base units losing 6 each = 1100, paid back at 6 per extra unit
    assert seasonal.break_even_extra_units(500.0, 100.0, 12.0, 6.0) == pytest.approx(1100 / 6)
    assert np.isnan(seasonal.break_even_extra_units(500.0, 100.0, 12.0, -1.0))
    assert np.isnan(seasonal.break_even_extra_units(500.0, 100.0, 12.0, 0.0))


def test_deal_plan_uses_params_economics_and_event_fees():
    ctx = _ctx(dt.date(2026, 5, 1))
    ctx.params = parse_params({"client_name": "T", "marketplace": "US", "currency": "USD",
                               "economics": {"price": 30.0, "cogs": 8.0, "fees": 10.0}})
    ctx.event = load_calendar().event("bfcm-2026", "US")
    asins = _asins().assign(price=30.0)
    deals = seasonal.deal_plan(ctx, asins, top=1)
    row = deals.set_index("key").loc["lightning-deal"]
    assert row["margin_after"] == pytest.approx(6.0)
    assert row["fee"] == 500
    assert row["break_even_extra"] == pytest.approx((500 + 80 * 6.0) / 6.0)
    assert deals.set_index("key").loc["prime-exclusive-discount", "fee"] == 245  # BFCM's own fee
    assert set(deals["verdict"]) <= {"worth it", "marginal", "skip", "loses money per unit"}


def test_no_deal_for_an_asin_with_no_stock_for_the_event():
    """B0SHORT001 runs out before Prime Day and its ship-by date has passed: a deal on it would be
    paid for and sell nothing. It is left out (the next ASIN takes its place) and the text says why."""
    ctx = _ctx(dt.date(2026, 6, 20))
    ctx.params = parse_params({"client_name": "T", "marketplace": "US", "currency": "USD",
                               "economics": {"price": 30.0, "cogs": 8.0, "fees": 10.0}})
    stock = pd.DataFrame({"child_asin": ["B0SHORT001", "B0STOCKED1"], "available": [5, 5000], "inbound": [0, 0]})
    plan = seasonal.inventory_plan(ctx, _asins(), SCEN, stock, seasonal.ship_dates(ctx))
    assert seasonal.without_event_stock(ctx, plan) == ["B0SHORT001"]
    deals = seasonal.deal_plan(ctx, _asins().assign(price=30.0), top=1, stock=plan)
    assert set(deals["asin"]) == {"B0STOCKED1"}
    assert seasonal.deal_text(ctx, deals, stock=plan)[0].startswith("No deal for B0SHORT001: its stock runs out")
    assert set(seasonal.deal_plan(ctx, _asins().assign(price=30.0), top=1)["asin"]) == {"B0SHORT001"}


def test_scenarios_from_one_past_event_and_from_priors():
    ctx = _ctx(dt.date(2026, 5, 1))
    hist = pd.DataFrame([{"name": "Prime Day 2025", "same_kind": True, "start": START,
                          **{k: 3.0 for k in seasonal.SCENARIO_METRICS}}])
    scen = seasonal.scenarios(ctx, hist)
    assert scen.loc["sales"].tolist()[:3] == pytest.approx([2.5, 3.0, 3.5])  # 1 + 2 x (1 -/+ 25 %)
    priors = seasonal.scenarios(ctx, hist.iloc[0:0])
    assert tuple(priors.loc["ad_spend", ["conservative", "expected", "stretch"]]) == ctx.calendar.priors["prime-day"].ad_spend
    assert priors.loc["sales", "basis"].startswith("benchmark prior")


def test_units_to_send_are_whole_units_rounded_up():
    ctx = _ctx(dt.date(2026, 4, 1))
    dates = seasonal.ship_dates(ctx)
    needed = 10 * (dt.date(2026, 7, 6) - dt.date(2026, 4, 1)).days + 80 + 10 * 1.0 * 14
    # 0.3 of a unit short is one unit to send; exactly covered is none
    stock = pd.DataFrame({"child_asin": ["B0STOCKED1", "B0SHORT001"], "available": [needed, needed - 0.3],
                          "inbound": [0, 0]})
    plan = seasonal.inventory_plan(ctx, _asins(), SCEN, stock, dates).set_index("child_asin")
    assert plan.loc["B0SHORT001", "to_send"] == 1 and plan.loc["B0STOCKED1", "to_send"] == 0


def test_an_asin_launched_since_last_years_event_is_planned_at_its_current_share():
    """Last year's event month knew A and B (3:1); C launched since and sells a quarter of the latest
    month's units. C is planned at that share and price, A and B share the rest 3:1, and the account's
    event units stay what the baseline says."""
    from types import SimpleNamespace

    def month(start, end, units, sales):
        return pd.DataFrame({"start_date": pd.Timestamp(start), "end_date": pd.Timestamp(end),
                             "parent_asin": "P", "child_asin": list(units), "sku": list(units), "title": list(units),
                             "units": list(units.values()), "sales": [sales[a] for a in units],
                             "sessions": 100.0, "page_views": 100.0, "order_items": list(units.values()),
                             "buy_box_pct": 1.0})

    frame = pd.concat([month("2025-07-01", "2025-07-31", {"A": 300.0, "B": 100.0}, {"A": 3000.0, "B": 2000.0}),
                       month("2026-06-01", "2026-06-30", {"A": 150.0, "B": 150.0, "C": 100.0},
                             {"A": 1500.0, "B": 3000.0, "C": 4000.0})])
    ctx = _ctx(dt.date(2026, 6, 30))
    ctx = seasonal.SeasonalContext(ctx.params, SimpleNamespace(business_asin=frame), ctx.calendar, ctx.event, ctx.as_of,
                                   ctx.first_day, ctx.last_day, ctx.mode, ctx.currency)
    hist = pd.DataFrame({"same_kind": [True], "start": [dt.date(2025, 7, 8)]})
    scen = pd.DataFrame({s: [2.0, 2.0] for s in ("conservative", "expected", "stretch")}, index=["units", "sales"])
    base = pd.DataFrame({"now": [40.0], "event": [40.0]}, index=["units"])
    table, label = seasonal.asin_plan(ctx, scen, base, hist)
    table = table.set_index("child_asin")
    assert label == "Jul 1 – Jul 31, 2025"
    assert table.loc["C", "share"] == pytest.approx(0.25) and table.loc["C", "share_from"] == "latest"
    assert table.loc["A", "share"] == pytest.approx(0.75 * 0.75) and table.loc["B", "share"] == pytest.approx(0.75 * 0.25)
    assert table["units_expected"].sum() == pytest.approx(40.0 * 2.0 * ctx.event.days)
    assert table.loc["C", "sales_expected"] == pytest.approx(table.loc["C", "units_expected"] * 40.0)  # latest price
    note = seasonal.asin_note(ctx, label, table.reset_index())
    assert "C did not sell in that month: its share and price are the latest month's" in note
