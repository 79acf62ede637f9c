"""The QBR of the tiny demo client names every planted story (helpers.demo.stories) with its number,
and a figure stated in two places is one number."""

from __future__ import annotations

import pytest

from helpers.demo import catalog
from helpers.demo.stories import stories

pytestmark = pytest.mark.notebook


@pytest.fixture(scope="module")
def planted():
    return {s.story: s for s in stories("tiny", catalog.LATEST_FULL_QUARTER)}


@pytest.fixture(scope="module")
def found(tiny_qbr):
    return {f["id"]: f for f in tiny_qbr.records["findings"]}


def test_every_story_is_planted(planted):
    assert set(planted) == {"stockout", "cpc_jump", "event_one_period", "health_to_limit", "auto_long_tail",
                            "shared_words"}


def test_stockout_named_with_its_days_and_loss(planted, found):
    story = planted["stockout"]
    finding = found[story.finding_id]
    assert finding["value"] == story.numbers["days"]
    assert finding["evidence"]["first_day"].startswith(story.numbers["first_day"].isoformat())
    assert finding["evidence"]["last_day"].startswith(story.numbers["last_day"].isoformat())
    # lost sales = normal daily sales × days out, the money impact of the finding
    assert -finding["impact"] == pytest.approx(finding["evidence"]["daily_sales"] * story.numbers["days"])
    assert finding["impact"] < 0


def test_cpc_jump_split_matches_the_simulation(planted, found):
    story = planted["cpc_jump"]
    finding = found[story.finding_id]
    ev = finding["evidence"]
    assert ev["cpc_change"] == pytest.approx(story.numbers["cpc_change"], abs=1e-3)
    assert ev["cvr_change"] == pytest.approx(story.numbers["cvr_change"], abs=1e-3)
    assert finding["change"] == pytest.approx(story.numbers["acos_change"], abs=1e-3)
    assert ev["cpc_pts"] + ev["cvr_pts"] + ev["order_value_pts"] == pytest.approx(finding["change"])


def test_event_in_one_period_only_is_named(planted, found):
    story = planted["event_one_period"]
    finding = found[story.finding_id]
    assert finding["evidence"]["in_period"] == "current"
    assert finding["value"] > 0  # extra sales over normal days
    event = found[f"event:{story.numbers['slug']}"]
    assert event["evidence"]["days"] == story.numbers["days"]
    assert event["value"] > 1  # uplift against normal days


def test_account_health_trend_to_its_limit(planted, found):
    story = planted["health_to_limit"]
    finding = found[story.finding_id]
    assert finding["value"] == pytest.approx(story.numbers["latest"])
    assert finding["before"] == pytest.approx(story.numbers["first"])
    assert finding["evidence"]["limit"] == pytest.approx(story.numbers["limit"])
    assert finding["evidence"]["status"] == "approaching"


def test_auto_long_tail_term_is_harvested(planted, found):
    story = planted["auto_long_tail"]
    assert story.numbers["term"] in found[story.finding_id]["evidence"]["terms"]


def test_term_sharing_words_with_dead_terms_is_not_negated(planted, found):
    story = planted["shared_words"]
    negatives = found.get(story.finding_id, {"evidence": {"terms": [], "match_types": []}})["evidence"]
    term = story.numbers["term"]
    for text, match in zip(negatives["terms"], negatives["match_types"], strict=True):
        blocks = text == term if match.lower().endswith("exact") else f" {text} " in f" {term} "
        assert not blocks, f"negative {text!r} ({match}) blocks the converting term {term!r}"


def test_a_figure_stated_twice_is_one_number(tiny_qbr, found):
    records = tiny_qbr.records
    recs = {r["id"]: r for r in records["recommendations"]}
    # negatives and harvest: the bulk result's numbers, in the findings and the recommendations
    if records["negatives_count"]:
        assert found["negatives:search terms"]["value"] == records["negatives_count"]
        assert -found["negatives:search terms"]["impact"] == pytest.approx(records["negatives_spend"])
        assert recs["negatives:search terms"]["gain"] == pytest.approx(records["negatives_spend"])
    if records["harvest_count"]:
        assert found["harvest:search terms"]["evidence"]["sales"] == pytest.approx(records["harvest_sales"])
    # the stock-out's loss: finding, recommendation and the stock section's record
    stockout = found[f"stockout:{catalog.STOCKOUT_ASIN}"]
    assert recs[f"restock:{catalog.STOCKOUT_ASIN}"]["gain"] == pytest.approx(-stockout["impact"])
    assert records["stockouts"][catalog.STOCKOUT_ASIN]["lost_sales"] == pytest.approx(-stockout["impact"])
    # the sales change: finding and scorecard
    kpis = records["kpis"]["total_sales"]
    assert found["sales_change:qoq"]["change"] == pytest.approx(kpis["current"] - kpis["previous"])
    # every recommendation names findings that exist (events of next quarter come from the calendar)
    for rec in records["recommendations"]:
        assert all(fid in found for fid in rec["findings"])
        assert rec["findings"] or rec["kind"] == "event"
    # ranked by money
    gains = [r["gain"] for r in records["recommendations"] if r["gain"] is not None]
    assert gains == sorted(gains, reverse=True)


def test_counts_in_sentences_separate_thousands_and_say_one_term():
    """Counts in client sentences read like the tables beside them: '4,496 search terms', and
    '1 search term' for one; a cut table says 'Showing 15 of 1,500 rows.'."""
    import pandas as pd

    from helpers.playbooks.qbr.story import wasted_text
    from helpers.present import tables

    many = pd.DataFrame({"spend": [1.0] * 4496})
    assert wasted_text(many, min_clicks=10, currency="USD").startswith("4,496 search terms took at least 10 clicks")
    one = pd.DataFrame({"spend": [12.5]})
    assert wasted_text(one, min_clicks=10, currency="USD").startswith("1 search term took at least 10 clicks each")
    cut = tables.show(pd.DataFrame({"term": [f"t{i}" for i in range(1500)]}), max_rows=15)
    assert "Showing 15 of 1,500 rows." in cut.html


def test_finding_and_recommendation_sentences_separate_thousands():
    """A big account's findings and recommendations say '10,992 converting search terms' and
    'Add the 1,204 negatives', like the tables and the bulk chapter."""
    from types import SimpleNamespace

    from helpers.playbooks.qbr import story

    def finding(kind, value, **evidence):
        return SimpleNamespace(kind=kind, value=value, subject="", evidence=evidence)

    assert story.finding_sentence(finding("harvest", 10_992.0, sales=1_053_835.0), currency="USD").startswith(
        "10,992 converting search terms")
    assert story.finding_sentence(finding("negatives", 1_204.0, spend=27_055.0), currency="USD").startswith(
        "1,204 search terms and words took $27,055")
    assert story.finding_sentence(finding("acos_over_target", 1_310.0, target=0.3, excess=5_000.0),
                                  currency="USD").startswith("1,310 campaigns ran above the 30.0% target")

    def recommendation(kind, **evidence):
        return SimpleNamespace(kind=kind, subject="", gain=12_000.0, evidence=evidence)

    assert story.recommendation_sentence(recommendation("negatives", count=1_204.0), currency="USD").startswith(
        "Add the 1,204 negatives proposed in this report")
    assert story.recommendation_sentence(recommendation("harvest", count=10_992.0), currency="USD").startswith(
        "Add the 10,992 converting search terms")
    assert story.recommendation_sentence(recommendation("bids", count=1_310.0, target=0.3),
                                         currency="USD").startswith("Lower bids on the 1,310 campaigns")
