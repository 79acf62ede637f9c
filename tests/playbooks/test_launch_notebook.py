"""The launch notebook against the tiny fixture client: a planned launch (plan mode) and the launched
tumbler (plan vs actual), checked against the demo generator's ground truth."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import pytest

from helpers import demo
from helpers.demo import launch as demo_launch

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def planned(tiny_launch_planned):
    return tiny_launch_planned


@pytest.fixture(scope="module")
def launched(tiny_launch_launched):
    return tiny_launch_launched


def test_planned_launch_writes_a_plan(planned):
    assert planned.status == "built" and planned.pages >= 6
    assert sorted(p.name for p in planned.outputs) == ["launch.html", "launch.ipynb", "launch.json", "launch.pdf", "notes.md"]
    rec = planned.records
    assert rec["report_key"] == f"launch-{demo_launch.PLANNED_SKU.lower()}" and rec["mode"] == "plan"
    assert demo_launch.PLANNED_TITLE in rec["cover_subtitle"]
    econ = rec["economics"]
    fees = 4.75 + 0.15 * 39.99  # large_standard tier + referral fee (settings defaults)
    assert econ["break_even_acos"] == pytest.approx((39.99 - 11.50 - fees) / 39.99)
    assert econ["launch_acos"] == pytest.approx(0.45)
    assert rec["plan"]["weeks"] == 10 and rec["comparison"] == {}
    ramp = rec["timeline"]["Campaigns live: ad ramp"]
    assert ramp["start"] == demo_launch.PLANNED_DATE.isoformat()
    assert ramp["end"] == (demo_launch.PLANNED_DATE + timedelta(days=69)).isoformat()
    assert rec["seed_terms"] > 0 and rec["clusters"] >= 1
    # a 64 oz bottle bids on no term that names another size: those are set aside, and said
    from helpers.measures.search_terms import other_size, sizes

    own = sizes(demo_launch.PLANNED_TITLE)
    assert rec["other_size_terms"] and all(other_size(t, own) for t in rec["other_size_terms"])
    assert rec["targets"] and not any(other_size(t, own) for t in rec["targets"])
    text = (planned.outputs[0].parent / "launch.html").read_text(encoding="utf-8")
    assert f"{len(rec['other_size_terms'])} search terms naming another size than this product" in text


def test_launched_product_compares_actual_with_ground_truth(launched):
    rec = launched.records
    assert rec["mode"] == "post-launch"
    assert rec["report_key"] == f"launch-{demo_launch.LAUNCHED_SKU.lower()}"  # the params key, whatever was typed
    ads = demo.ground_truth_ads("tiny")
    mine = ads[ads["advertised_asin"] == demo_launch.LAUNCHED_ASIN]
    weeks = (demo.catalog.END - demo_launch.LAUNCHED_DATE).days + 1
    last = pd.Timestamp(demo_launch.LAUNCHED_DATE) + pd.Timedelta(days=7 * (weeks // 7) - 1)
    full = mine[mine["date"] <= last]
    cmp = rec["comparison"]
    assert cmp["spend"]["actual"] == pytest.approx(full["spend"].sum(), rel=1e-6)
    assert cmp["ad_orders"]["actual"] == pytest.approx(full["orders"].sum())
    assert cmp["acos"]["actual"] == pytest.approx(full["spend"].sum() / full["sales"].sum(), rel=1e-6)
    # organic share over the months since launch, from the Business Report totals of the child
    children = demo.ground_truth_children("tiny")
    child = children[children["child_asin"] == demo_launch.LAUNCHED_ASIN]
    assert cmp["organic_share"]["actual"] == pytest.approx(1 - mine["sales"].sum() / child["sales"].sum(), rel=1e-6)
    latest = max(demo_launch.LAUNCHED_REVIEWS)
    assert cmp["reviews"]["actual"] == demo_launch.LAUNCHED_REVIEWS[latest]
    assert rec["recommendations"] and all(isinstance(r, str) for r in rec["recommendations"])


def test_unknown_product_is_refused_naming_the_launches(tiny_root):
    from helpers.errors import ParamsError
    from helpers.params import load_params
    from helpers.playbooks.launch import find_launch

    with pytest.raises(ParamsError, match=demo_launch.PLANNED_SKU):
        find_launch(load_params("tiny", tiny_root), "AT-NOPE")


def test_html_has_no_code_and_no_undefined_numbers(planned, launched):
    for result in (planned, launched):
        html = next(p for p in result.outputs if p.suffix == ".html").read_text()
        assert "launch.prepare(" not in html and "import helpers" not in html
        text = html.lower()
        for bad in (">nan<", ">inf<", "traceback", "none%", "nan%"):
            assert bad not in text


def test_client_copy_holds_no_operator_text(planned, launched):
    from tests.client_copy import operator_text

    for result in (planned, launched):
        html = next(p for p in result.outputs if p.suffix == ".html").read_text()
        assert operator_text(html) == []
        assert isinstance(result.records["operator_notes"], list)


def test_launched_summary_is_a_view_of_the_findings(launched):
    rec = launched.records
    found = {f["id"]: f for f in rec["findings"]}
    cmp = rec["comparison"]
    # every plan-gap finding carries the very numbers of the plan-vs-actual table
    for f in (f for f in rec["findings"] if f["kind"] == "plan_gap"):
        metric = cmp[f["metric"]]
        assert (f["value"], f["reference"], f["gap"]) == pytest.approx((metric["actual"], metric["plan"], metric["gap"]))
    if cmp["acos"]["actual"] > rec["economics"]["break_even_acos"]:
        assert found["acos_above_break_even"]["value"] == pytest.approx(cmp["acos"]["actual"])
    # a reorder date before the report's as-of date is overdue, never a plan
    reorder = rec["stock"]["reorder_date"]
    assert ("reorder_overdue" in found) == (reorder is not None and reorder < rec["as_of"])
