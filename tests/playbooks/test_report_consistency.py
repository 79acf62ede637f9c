"""Each figure a launch or seasonal report states in more than one place is one number: the summary's
findings, the tables' records and the other ``.json`` records of the same report agree with each other.

The reports are the tiny fixture client's, rendered once per session (``tests/playbooks/conftest.py``);
the oracles here are the reports' own other records, so a figure computed twice in two ways fails."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
import yaml

from helpers.params.events import SCENARIOS
from helpers.present.formatting import money

pytestmark = pytest.mark.notebook


def _findings(result) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for f in result.records["findings"]:
        out.setdefault(f["id"], []).append(f)
    return out


def _one(result, fid: str) -> dict:
    rows = _findings(result)[fid]
    assert len(rows) == 1, fid
    return rows[0]


def _html(result) -> str:
    return next(p for p in result.outputs if p.suffix == ".html").read_text()


# -- launch -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["tiny_launch_planned", "tiny_launch_launched"])
def test_launch_budget_is_the_sum_of_its_weeks(which, request):
    rec = request.getfixturevalue(which).records
    weeks, budget = rec["plan"], rec["budget"]
    assert weeks["weeks"] == len(weeks["spend"])
    assert budget["budget"] == pytest.approx(sum(weeks["spend"]), rel=1e-9)
    assert budget["ad_orders"] == pytest.approx(sum(weeks["ad_orders"]), rel=1e-9)
    # the sensitivity table's plan row is the ramp's ACoS, not a recomputation that drifts
    assert rec["sensitivity"]["Plan"] == pytest.approx(budget["acos"], rel=1e-9)
    # the stock table's units through the ramp are the ramp's units
    assert rec["stock"]["units_ramp"] == pytest.approx(budget["units"], rel=1e-9)


@pytest.mark.parametrize("which", ["tiny_launch_planned", "tiny_launch_launched"])
def test_launch_stock_findings_carry_the_stock_tables_numbers(which, request):
    result = request.getfixturevalue(which)
    rec, found = result.records, _findings(result)
    stock, position = rec["stock"], rec["stock_position"]
    if "reorder_overdue" in found:
        f = _one(result, "reorder_overdue")
        assert f["reference"] == stock["reorder_date"] and f["value"] == rec["as_of"]
        assert f["gap"] == (dt.date.fromisoformat(rec["as_of"]) - dt.date.fromisoformat(stock["reorder_date"])).days
    if "stock_shortfall" in found:
        f = _one(result, "stock_shortfall")
        assert (f["value"], f["reference"]) == pytest.approx((stock["shortfall"], stock["units_needed"]))
    if "stockout_in_ramp" in found:
        assert _one(result, "stockout_in_ramp")["value"] == stock["stockout_date"]
    if "out_of_stock_now" in found:
        f = _one(result, "out_of_stock_now")
        assert (f["value"], f["reference"]) == pytest.approx((position["sold_since"], position["counted"]))
    assert ("stock_shortfall" in found) == (stock["shortfall"] > 0)


def test_launched_comparison_drivers_and_findings_agree(tiny_launch_launched):
    result = tiny_launch_launched
    rec = result.records
    cmp, plan = rec["comparison"], rec["plan"]
    # the plan column of plan-vs-actual is the first n weeks of the ramp, for spend and ad orders alike
    spent = np.cumsum(plan["spend"])
    n = int(np.argmin(np.abs(spent - cmp["spend"]["plan"]))) + 1
    assert cmp["spend"]["plan"] == pytest.approx(spent[n - 1], rel=1e-9)
    assert cmp["ad_orders"]["plan"] == pytest.approx(sum(plan["ad_orders"][:n]), rel=1e-9)
    # the ACoS drivers split the same CPC and CVR the comparison table shows
    for factor in ("cpc", "cvr"):
        d = rec["acos_drivers"][factor]
        assert (d["plan"], d["actual"]) == pytest.approx((cmp[factor]["plan"], cmp[factor]["actual"]), rel=1e-9)
    found = _findings(result)
    if "acos_above_break_even" in found:
        f = _one(result, "acos_above_break_even")
        assert f["reference"] == pytest.approx(rec["economics"]["break_even_acos"], rel=1e-12)
        assert f["value"] == pytest.approx(cmp["acos"]["actual"], rel=1e-12)
        spend = cmp["spend"]["actual"]
        assert f["money"] == pytest.approx(spend - f["reference"] * spend / f["value"], rel=1e-9)
    # "what to change next" holds one piece of advice per finding, no more, no fewer
    assert len(rec["recommendations"]) == max(len(rec["findings"]), 1)


# -- seasonal -----------------------------------------------------------------------------------------------

def _phase(rec: dict, phase: str, scenario: str) -> dict:
    rows = [r for r in rec["budget"] if r["phase"] == phase and r["scenario"] == scenario]
    assert len(rows) == 1
    return rows[0]


@pytest.mark.parametrize("which", ["tiny_seasonal_plan", "tiny_seasonal_review"])
def test_seasonal_plan_figures_agree_across_summary_ramp_and_plan(which, request):
    result = request.getfixturevalue(which)
    rec = result.records
    event = rec["plan"]["event"]
    for s in SCENARIOS:
        sales = _one(result, f"sales_{s}")["value"]
        assert sales == pytest.approx(event["total_sales"][s], rel=1e-12)
        phase = _phase(rec, "event", s)  # the budget table's event phase is the plan's event
        assert phase["total_sales"] == pytest.approx(sales, rel=1e-9)
        assert phase["budget"] == pytest.approx(event["ad_spend"][s], rel=1e-9)
        assert phase["acos"] == pytest.approx(event["acos"][s], rel=1e-9)
    assert _one(result, "ad_budget")["value"] == pytest.approx(event["ad_spend"]["expected"], rel=1e-12)
    assert _one(result, "planned_acos")["value"] == pytest.approx(event["acos"]["expected"], rel=1e-12)
    assert _one(result, "planned_tacos")["value"] == pytest.approx(event["tacos"]["expected"], rel=1e-12)
    assert _one(result, "planned_cpc")["value"] == pytest.approx(rec["plan"]["multiples"]["cpc"]["expected"], rel=1e-12)
    # the uplift in the summary ("× a usual day") is the plan's sales multiple
    f = _one(result, "sales_expected")
    assert f["gap"] + 1 == pytest.approx(rec["plan"]["multiples"]["sales"]["expected"], rel=1e-9)


def test_seasonal_plan_stock_findings_match_the_stock_table(tiny_seasonal_plan):
    result = tiny_seasonal_plan
    rec = result.records
    status = rec["stock_status"]["status"]
    kinds = {"ship-by passed": {"ship_by_passed"}, "order now": {"order_now"}, "runs out": {"restock_now", "watch_stock"},
             "unknown": {"stock_unknown"}, "covered": set()}
    dates = {f["id"]: f["value"] for f in rec["findings"] if f["id"] in ("ship_by", "order_by")}
    assert dates == {k: rec["stock_status"][k] for k in ("ship_by", "order_by") if rec["stock_status"][k]}
    stock = [f for f in rec["findings"] if f["kind"] == "stock" and f["id"] not in dates]
    assert len({f["subject"] for f in stock}) == len(stock)  # one stock finding per ASIN at most
    by_asin = {f["subject"]: f for f in stock}
    for asin, st in status.items():
        assert ({by_asin[asin]["id"]} if asin in by_asin else set()) <= kinds[st], (asin, st)
        assert (asin in by_asin) == bool(kinds[st]), (asin, st)
    for f in stock:
        if f["id"] == "ship_by_passed":
            assert f["reference"] == rec["stock_status"]["ship_by"]
        if f["id"] == "order_now":
            assert f["reference"] == rec["stock_status"]["order_by"]


def test_seasonal_review_findings_are_the_review_tables_numbers(tiny_seasonal_review):
    result = tiny_seasonal_review
    rec = result.records
    review, drivers = rec["review"], rec["drivers"]
    for fid, metric in (("sales_vs_plan", "total_sales"), ("units_vs_plan", "units"), ("ad_spend_vs_plan", "ad_spend"),
                        ("acos_vs_plan", "acos"), ("tacos_vs_plan", "tacos")):
        f = _one(result, fid)
        assert (f["value"], f["reference"]) == pytest.approx((review["actual"][metric], review["expected"][metric]),
                                                             rel=1e-12)
    # the plan a review measures against is the plan the same report records
    assert review["expected"]["total_sales"] == pytest.approx(_one(result, "sales_expected")["value"], rel=1e-12)
    for metric, value in drivers["multiples"].items():
        if value is not None:
            assert _one(result, f"moved_{metric}")["value"] == pytest.approx(value, rel=1e-12)
    dark = _findings(result).get("stockout", [])
    assert sorted(f["subject"] for f in dark) == sorted(review["stockouts"])
    lost = sum(f["money"] for f in dark if f["money"] is not None)
    assert lost == pytest.approx(drivers["lost_sales_total"])
    # no stock advice from a plan the event has already overtaken
    assert not {"ship_by_passed", "order_now", "restock_now", "watch_stock"} & set(_findings(result))


def test_seasonal_review_states_actual_sales_once_as_one_number(tiny_seasonal_review, tiny_root):
    result = tiny_seasonal_review
    text = _html(result)
    currency = yaml.safe_load((tiny_root / "params" / "tiny.yaml").read_text())["currency"]
    sales = money(_one(result, "sales_vs_plan")["value"], currency)
    # the summary and the actual-vs-plan table print the same figure
    assert text.count(sales) >= 2, sales
