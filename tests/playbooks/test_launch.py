"""Launch plan units: economics against worked examples, ramp arithmetic, stock-out warning, Gantt dates."""

from __future__ import annotations

from datetime import date

import matplotlib
import pandas as pd
import pytest

from helpers.errors import ParamsError
from helpers.params import parse_params
from helpers.playbooks import launch
from helpers.present import charts

matplotlib.use("Agg")

BASE = {"client_name": "A", "marketplace": "US", "currency": "USD"}
ONE = {"title": "T", "launch_date": "2027-01-11", "price": 29.99, "cogs": 10.0, "fees": 8.0}


def test_break_even_worked_example_29_99_with_18_costs_is_40_percent():
    e = launch.unit_economics(29.99, 10.00, 8.00, post_ad_margin=0.05)
    assert e["unit_margin"] == pytest.approx(11.99)
    assert e["break_even_acos"] == pytest.approx(0.40, abs=5e-4)
    assert e["target_acos"] == pytest.approx(e["break_even_acos"] - 0.05)
    assert e["launch_acos"] == e["break_even_acos"]  # default allowance: break-even
    assert e["profit_per_ad_order_at_launch"] == pytest.approx(0.0, abs=1e-9)


def test_sellics_target_example_and_launch_allowance():
    e = launch.unit_economics(100.0, 50.0, 30.0, post_ad_margin=0.05, launch_acos=0.35)
    assert (e["break_even_acos"], e["target_acos"]) == (pytest.approx(0.20), pytest.approx(0.15))
    assert e["ad_cost_per_order_at_launch"] == pytest.approx(35.0)
    assert e["profit_per_ad_order_at_launch"] == pytest.approx(20.0 - 35.0)


def test_size_tier_fee_comes_from_settings_table():
    p = parse_params({**BASE, "settings": {"fba_fees": {"small_standard": 3.0}, "referral_fee": "15%"},
                      "launches": {"X": {**ONE, "fees": None, "size_tier": "small_standard"}}})
    assert launch.fees_per_unit(p.launches["X"], p.settings) == pytest.approx(3.0 + 0.15 * 29.99)
    bad = parse_params({**BASE, "launches": {"X": {**ONE, "fees": None, "size_tier": "huge"}}})
    with pytest.raises(ParamsError, match="size_tier' must be one of the tiers"):
        launch.fees_per_unit(bad.launches["X"], bad.settings, key="X")


def test_unknown_product_lists_the_launches():
    p = parse_params({**BASE, "launches": {"AT-A": ONE, "AT-B": {**ONE, "asin": "B0AAAAAAAA"}}})
    assert launch.find_launch(p, "b0aaaaaaaa")[0] == "AT-B"
    with pytest.raises(ParamsError, match=r"product 'nope' must be one of the launches .*AT-A, AT-B"):
        launch.find_launch(p, "nope")


def _ramp(**kw):
    args = dict(weeks=8, launch_date=date(2027, 1, 11), price=30.0, cpc=1.0, cvr=0.10, launch_acos=0.50,
                target_acos=0.30, velocity=10.0)
    return launch.ramp(**{**args, **kw})


def test_ramp_arithmetic():
    r = _ramp()
    a = launch.ASSUMPTIONS["value"]
    assert len(r) == 8 and r["start"].iloc[1] == pd.Timestamp("2027-01-18")
    # every week sells the velocity goal; the organic share climbs from start to end
    assert r["units"].tolist() == pytest.approx([70.0] * 8)
    assert r["organic_share"].iloc[0] == pytest.approx(a["organic_share_start"])
    assert r["organic_share"].iloc[-1] == pytest.approx(a["organic_share_end"])
    # week 1: premium CPC, discounted CVR; from cvr_full_week on: base values
    assert r["cpc"].iloc[0] == pytest.approx(a["cpc_launch_premium"])
    assert r["cvr"].iloc[0] == pytest.approx(0.10 * a["cvr_start_factor"])
    assert r["cvr"].iloc[int(a["cvr_full_week"]) - 1] == pytest.approx(0.10)
    # clicks = orders / CVR, spend = clicks x CPC, ACoS = CPC / (CVR x price)
    assert r["clicks"].to_numpy() == pytest.approx((r["ad_orders"] / r["cvr"]).to_numpy())
    assert r["spend"].to_numpy() == pytest.approx((r["clicks"] * r["cpc"]).to_numpy())
    assert r["acos"].to_numpy() == pytest.approx((r["cpc"] / (r["cvr"] * 30.0)).to_numpy())
    # glide path from the launch allowance to the target, linear
    assert r["target_acos"].iloc[0] == pytest.approx(0.50) and r["target_acos"].iloc[-1] == pytest.approx(0.30)
    assert r["target_acos"].diff().dropna().to_numpy() == pytest.approx([-0.2 / 7] * 7)
    assert r["max_cpc"].to_numpy() == pytest.approx((r["target_acos"] * r["cvr"] * 30).to_numpy())
    assert r["over_glide"].to_numpy().tolist() == (r["acos"] > r["target_acos"]).tolist()


def test_budget_caps_the_ramp_proportionally():
    free = _ramp()
    capped = _ramp(budget=free["spend"].sum() / 2)
    assert capped["spend"].sum() == pytest.approx(free["spend"].sum() / 2)
    assert capped["ad_orders"].to_numpy() == pytest.approx((free["ad_orders"] / 2).to_numpy())
    assert capped["acos"].to_numpy() == pytest.approx(free["acos"].to_numpy())  # ratios unchanged
    assert _ramp(budget=1e9)["spend"].sum() == pytest.approx(free["spend"].sum())  # a bigger budget is not forced


def test_sensitivity_moves_acos_the_right_way():
    s = launch.sensitivity(price=30.0, cpc=1.0, cvr=0.10, ad_orders=100, unit_margin=12.0).set_index("scenario")
    plan = s.loc["Plan"]
    assert plan["acos"] == pytest.approx(1.0 / 3.0) and plan["budget"] == pytest.approx(1000.0)
    assert s.loc["CVR -20%", "acos"] == pytest.approx(plan["acos"] / 0.8)
    assert s.loc["CPC +20%", "budget"] == pytest.approx(1200.0)
    assert s.loc["Worst: CVR down, CPC up", "profit_per_ad_order"] == pytest.approx(12.0 - 1.2 / 0.08)


def test_stockout_warning_when_stock_runs_out_inside_the_ramp():
    r = _ramp()  # 10 units a day for 8 weeks = 560 units
    short = launch.inventory_plan(r, launch_date=date(2027, 1, 11), stock_on_hand=300, lead_time_days=30,
                                  safety_days=14)
    assert short["stockout_in_ramp"] and short["stockout_date"] == date(2027, 1, 11) + pd.Timedelta(days=30)
    assert short["units_ramp"] == pytest.approx(560) and short["units_needed"] == pytest.approx(560 + 44 * 10)
    assert any(note.startswith("Warning: planned stock runs out") for note in launch.inventory_notes(short))
    # an inbound shipment arriving in time removes the warning; the reorder date is when stock + inbound
    # left falls to (lead time + safety) x daily rate
    fed = launch.inventory_plan(r, launch_date=date(2027, 1, 11), stock_on_hand=300,
                                inbound=[(date(2027, 1, 25), 800)], lead_time_days=30, safety_days=14)
    assert not fed["stockout_in_ramp"] and fed["shortfall"] == 0
    # (the evening of day d leaves 1100 - 10 (d + 1) units)
    assert fed["reorder_date"] == date(2027, 1, 11) + pd.Timedelta(days=(1100 - 440) // 10 - 1)


def test_gantt_dates_follow_the_rules_table():
    t = launch.timeline(date(2027, 1, 11), weeks=10, lead_time_days=45, delivery_days=3).set_index("task")
    ramp = t.loc["Campaigns live: ad ramp"]
    assert ramp["start"] == pd.Timestamp("2027-01-11") and ramp["end"] == pd.Timestamp("2027-03-21")
    po = t.loc["Purchase order to FBA arrival"]
    assert (po["end"] - po["start"]).days + 1 == 45 and po["end"] == pd.Timestamp("2027-01-03")
    rar = t.loc["Request a Review window (first orders)"]
    assert rar["start"] == pd.Timestamp("2027-01-11") + pd.Timedelta(days=3 + launch.rule("request_review", "min_days"))
    assert rar["end"] == pd.Timestamp("2027-01-11") + pd.Timedelta(days=3 + launch.rule("request_review", "max_days"))
    for days in (30, 60, 90):
        assert t.loc[f"{days}-day review", "start"] == pd.Timestamp("2027-01-11") + pd.Timedelta(days=days)
    assert launch.rule("vine", "max_units") == 30 and launch.rule("vine", "fee") == 200.0


def test_gantt_chart_draws_one_bar_or_diamond_per_task():
    t = launch.timeline(date(2027, 1, 11), weeks=10, lead_time_days=45)
    ax = charts.gantt(t, marker=date(2027, 1, 11))
    bars = len(ax.patches)
    diamonds = sum(1 for line in ax.lines if line.get_marker() == "D")
    assert bars == int((~t["milestone"]).sum()) and diamonds == int(t["milestone"].sum())
    assert [tick.get_text() for tick in ax.get_yticklabels()] == t["task"].tolist()


def test_launch_ramp_chart_draws_budget_and_glide_path():
    r = _ramp()
    ax = charts.launch_ramp(r, currency="USD")
    assert [p.get_height() for p in ax.patches] == pytest.approx(r["spend"].tolist())
    twin = [a for a in ax.figure.axes if a is not ax][0]
    assert twin.lines[0].get_ydata().tolist() == pytest.approx(r["target_acos"].tolist())


def test_recommendations_follow_the_advice_table():
    table = pd.DataFrame({"metric": ["acos", "spend", "reviews"], "format": ["pct", "money", "count"],
                          "gap": [0.10, -0.5, 0.0]})
    econ = pd.Series({"launch_acos": 0.4})
    found = launch.plan_gap_findings(table)
    assert found["id"].tolist() == ["acos_above_plan", "spend_below_plan"]  # reviews gap 0: no finding
    assert found["gap"].tolist() == pytest.approx([0.10, -0.5])
    assert len(launch.recommendations(found, econ)) == 2
    assert launch.recommendations(found.iloc[0:0], econ) == [launch.ON_TRACK]


def test_campaign_names_leave_out_the_clients_brand_whatever_it_is():
    from helpers.playbooks.launch.keywords import _short_name

    assert _short_name("Bergwerk Trinkflasche 1 l, Edelstahl", ["bergwerk"]) == "Trinkflasche 1 l"
    assert _short_name("Acme Trail Insulated Water Bottle 64 oz", ["acme trail"]) == "Insulated Water Bottle"
    assert _short_name("Acme Trail Insulated Water Bottle", []) == "Acme Trail Insulated"  # no brand given
