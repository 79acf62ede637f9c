"""The rules that drive what a client acts on — harvest bids, each negatives rule, routing, the waste
table, the totals the report prints, the bulk rows — each against hand-worked numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from helpers.measures import search_terms as st
from helpers.playbooks.qbr import bulk

DAY = pd.Timestamp("2026-06-01")


def rows(*terms: tuple, campaign: str = "SP | Gear | Auto", ad_group: str = "Auto") -> pd.DataFrame:
    """Search-term rows of an auto ad group: (term, clicks, orders, spend, sales[, campaign, ad group])."""
    records = []
    for t in terms:
        term, clicks, orders, spend, sales, *place = t
        camp, group = (place + [campaign, ad_group][len(place) :]) if place else (campaign, ad_group)
        records.append(
            {
                "search_term": term, "clicks": clicks, "orders": orders, "spend": spend, "sales": sales,
                "impressions": clicks * 10, "units": orders, "campaign": camp, "ad_group": group,
                "targeting": "close-match", "match_type": np.nan, "end_date": DAY,
            }
        )  # fmt: skip
    return pd.DataFrame(records)


BASE = ("steady seller", 100_000, 10_000, 50_000.0, 500_000.0)  # the account: 10 % CVR, ACoS 10 %


def negatives(frame: pd.DataFrame, **rules) -> pd.DataFrame:
    settings = {"target_acos": 0.3, "attribution_lag_days": 0, **rules}
    return st.negative_candidates(frame, rules=st.Rules(**settings))


def proposed(frame: pd.DataFrame, **rules) -> set[tuple[str, str]]:
    return {(r.level, r.keyword_text) for r in negatives(frame, **rules).itertuples()}


def negated(frame: pd.DataFrame, **rules) -> set[str]:
    """Texts proposed at any level (a whole search term may come as its own phrase)."""
    return set(negatives(frame, **rules)["keyword_text"])


# -- harvest bids -------------------------------------------------------------------------------------
def harvest_bid(spend: float, sales: float, *, clicks: int = 100, orders: int = 10, **rules) -> float:
    frame = rows(("trail gear", clicks, orders, spend, sales))
    settings = {"target_acos": 0.3, "attribution_lag_days": 0, **rules}
    out = st.harvest_candidates(frame, rules=st.Rules(**settings))
    assert out["keyword_text"].tolist() == ["trail gear"]
    return float(out["suggested_bid"].iloc[0])


def test_harvest_bid_is_cpc_times_target_over_acos_when_under_the_cap():
    # CPC 0.50, ACoS 50/250 = 20 %: 0.50 × 30 % / 20 % = 0.75 < 2 × 0.50
    assert harvest_bid(50.0, 250.0) == 0.75


def test_harvest_bid_is_capped_at_twice_the_cpc():
    # 0.50 × 30 % / 5 % = 3.00, capped at 2 × 0.50
    assert harvest_bid(50.0, 1000.0) == 1.00


def test_harvest_bid_respects_the_max_bid_setting():
    assert harvest_bid(50.0, 250.0, harvest_max_bid=0.6) == 0.60
    assert harvest_bid(50.0, 250.0, harvest_max_bid=0.9) == 0.75  # a ceiling above the bid changes nothing


def test_harvest_bid_rounds_down_to_the_cent():
    # 0.50 × 30 % × 233 / 50 = 0.699: down to 0.69, not up to 0.70
    assert harvest_bid(50.0, 233.0) == 0.69


def test_harvest_needs_orders_and_acos_within_target():
    frame = rows(("one order", 100, 1, 10.0, 100.0), ("too dear", 100, 5, 50.0, 100.0), ("good one", 100, 5, 10.0, 100.0))
    out = st.harvest_candidates(frame, rules=st.Rules(target_acos=0.3, attribution_lag_days=0))
    assert out["keyword_text"].tolist() == ["good one"]  # 1 order < 2; ACoS 50 % > 30 %


# -- negatives: the term rules ------------------------------------------------------------------------
def test_at_most_half_the_account_cvr():
    # 90 of 2,000 clicks = 4.5 % ≤ half of p = 10,090 / 102,000 = 9.89 % (4.95 %): proposed
    assert "weak term" in negated(rows(BASE, ("weak term", 2000, 90, 2000.0, 900.0)))
    # 140 of 2,000 = 7 % > half of 10,140 / 102,000 (4.97 %): a bid problem, not a negative,
    # although the binomial test alone would reject it (P(X ≤ 140 | n=2000, p≈9.9 %) ≪ 5 %)
    assert "weak term" not in negated(rows(BASE, ("weak term", 2000, 140, 2000.0, 1400.0)))


def test_acos_above_target_or_break_even():
    def weak(sales: float, **rules) -> bool:
        return "weak term" in negated(rows(BASE, ("weak term", 2000, 90, 1000.0, sales)), **rules)

    assert weak(2000.0)  # ACoS 50 % > 30 % target
    assert not weak(5000.0)  # ACoS 20 % ≤ target: it pays, however rarely it converts
    assert not weak(2000.0, break_even_acos=0.6)  # 50 % is within break-even: it still earns
    assert weak(1500.0, break_even_acos=0.6)  # 66.7 % > 60 % break-even


def test_acos_limit_is_break_even_when_known():
    assert st.acos_limit(st.Rules(target_acos=0.3, break_even_acos=0.45)) == 0.45
    assert st.acos_limit(st.Rules(target_acos=0.3)) == 0.3
    assert math.isnan(st.acos_limit(st.Rules()))


def test_never_a_term_converting_at_the_account_rate():
    # with the share rule switched off, a term at exactly the account's rate is still kept
    frame = rows(BASE, ("average term", 1000, 100, 900.0, 1000.0))
    assert "average term" not in negated(frame, negative_max_cvr_share=1.0, negative_alpha=0.99)


# -- negatives: the phrase rules ----------------------------------------------------------------------
DEAD = [(f"cheap {w}", 300, 0, 150.0, 0.0) for w in ("rug", "mat", "pad")]  # three dead terms with "cheap"


def test_one_word_phrase_needs_several_dead_terms():
    assert ("ngram", "cheap") in proposed(rows(BASE, *DEAD))  # 3 dead terms ≥ 3
    got = negated(rows(BASE, *DEAD[:2]))
    assert "cheap" not in got and {"cheap rug", "cheap mat"} <= got  # 2 < 3: the terms themselves instead
    assert ("ngram", "cheap") in proposed(rows(BASE, *DEAD[:2]), negative_min_dead_terms=2)


def test_a_phrase_from_one_search_term_is_that_terms_exact_negative():
    got = proposed(rows(BASE, ("kids water bottle", 400, 0, 300.0, 0.0)))
    assert got == {("term", "kids water bottle")}  # not "kids water", "water bottle", ...
    two = proposed(rows(BASE, ("kids water bottle", 400, 0, 300.0, 0.0), ("kids water jug", 400, 0, 300.0, 0.0)))
    assert ("ngram", "kids water") in two  # two dead terms share it: one phrase covers both


def test_a_phrase_never_blocks_a_term_worth_keeping():
    # "cheap winner": 2 orders from 30 clicks = 6.7 % ≥ half of ~9.8 %: worth keeping
    keeper = ("cheap winner", 30, 2, 20.0, 30.0)
    got = negated(rows(BASE, *DEAD, keeper))
    assert "cheap" not in got and "cheap winner" not in got
    assert {t[0] for t in DEAD} <= got  # the dead terms are still negated, each on its own
    # 2 orders from 300 clicks (0.67 %) is not worth keeping: "cheap" goes
    assert ("ngram", "cheap") in proposed(rows(BASE, *DEAD, ("cheap winner", 300, 2, 200.0, 30.0)))


def test_a_branded_or_protected_term_is_kept_whatever_it_sold():
    frame = rows(BASE, *DEAD, ("cheap acme", 5, 0, 1.0, 0.0))
    assert ("ngram", "cheap") not in proposed(frame, brand_terms=("acme",))
    assert ("ngram", "cheap") not in proposed(rows(BASE, *DEAD, ("cheap thing", 5, 0, 1.0, 0.0)),
                                              protected_terms=("cheap thing",))  # fmt: skip


def test_never_the_products_own_words_in_their_campaigns():
    frame = rows(BASE, *DEAD)
    rules = st.Rules(target_acos=0.3, attribution_lag_days=0)
    own = {"SP | Gear | Auto": ["Cheap Outdoor Rug, 2 m"]}
    got = st.negative_candidates(frame, rules=rules, own_words=own)
    assert "cheap" not in set(got["keyword_text"])
    # the product line in the campaign's name counts as its own words too
    named = rows(BASE, *DEAD, campaign="SP | Cheap Rugs | Auto")
    assert ("ngram", "cheap") not in proposed(named)
    # another campaign's title words do not protect this one
    assert "cheap" in set(st.negative_candidates(frame, rules=rules, own_words={"SP | Other": ["cheap"]})["keyword_text"])


def test_own_words_only_take_that_campaign_off_the_list():
    frame = pd.concat([rows(BASE, *DEAD), rows(*DEAD, campaign="SP | Cheap | Auto")], ignore_index=True)
    neg = negatives(frame)
    cheap = neg[neg["keyword_text"] == "cheap"]
    assert [c[0] for c in cheap["campaigns"].iloc[0]] == ["SP | Gear | Auto"]


# -- routing ------------------------------------------------------------------------------------------
def products(*groups: tuple[str, str, list[str]]) -> pd.DataFrame:
    """Advertised-product rows: (campaign, ad group, [ASINs]); SKU = 'S-' + ASIN, sales 100 each."""
    return pd.DataFrame(
        [
            {"campaign": c, "ad_group": g, "advertised_asin": a, "advertised_sku": f"S-{a}", "sales": 100.0}
            for c, g, asins in groups
            for a in asins
        ]
    )


def exact_rows(*groups: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"campaign": c, "ad_group": g, "match_type": "EXACT", "spend": s, "search_term": "x", "targeting": "x"}
            for c, g, s in groups
        ]
    )


SOURCE = {"hammock": [("SP | Hammock | Auto", "Auto", 10.0)]}


def test_routed_to_the_exact_ad_group_of_the_product_it_sold():
    ads = products(("SP | Hammock | Auto", "Auto", ["A1", "A2"]), ("SP | Hammock | Exact", "E1", ["A1"]),
                   ("SP | Poles | Manual", "Poles - Exact", ["P1"]))  # fmt: skip
    exact = exact_rows(("SP | Poles | Manual", "Poles - Exact", 900.0), ("SP | Hammock | Exact", "E1", 10.0))
    got = st.route_terms(SOURCE, rows=exact, products=ads).loc["hammock"]
    assert (got["campaign"], got["ad_group"], got["route"]) == ("SP | Hammock | Exact", "E1", "product")


def test_never_another_products_ad_group():
    # the only exact ad group advertises poles; the hammock has no keyword campaign: nowhere to go
    ads = products(("SP | Hammock | Auto", "Auto", ["A1"]), ("SP | Poles | Manual", "Poles - Exact", ["P1"]))
    exact = exact_rows(("SP | Poles | Manual", "Poles - Exact", 900.0))
    got = st.route_terms(SOURCE, rows=exact, products=ads).loc["hammock"]
    assert (got["campaign"], got["ad_group"], got["route"], got["asin"]) == ("", "", "", "A1")


def test_a_new_exact_ad_group_when_the_product_has_none():
    ads = products(("SP | Hammock | Auto", "Auto", ["A1"]), ("SP | Hammock | Exact", "E2", ["A2"]))
    exact = exact_rows(("SP | Hammock | Exact", "E2", 50.0))
    got = st.route_terms(SOURCE, rows=exact, products=ads).loc["hammock"]
    assert (got["campaign"], got["ad_group"], got["route"], got["sku"]) == (
        "SP | Hammock | Exact", "S-A1 - Exact", "new ad group", "S-A1",
    )  # fmt: skip


def test_the_product_line_comes_before_another_lines_ad_group():
    # a brand term found in the brand campaign: a new brand exact ad group, not the competitor one
    source = {"acme": [("SP | Brand | Exact", "Catch-all", 5.0)]}
    ads = products(("SP | Brand | Exact", "Catch-all", ["A1"]), ("SP | Brand | Exact", "Brand - Other", ["A9"]),
                   ("SP | Competitor | Keywords", "Rivals", ["A1"]))  # fmt: skip
    exact = exact_rows(("SP | Brand | Exact", "Brand - Other", 10.0), ("SP | Competitor | Keywords", "Rivals", 99.0))
    got = st.route_terms(source, rows=exact, products=ads).loc["acme"]
    assert (got["campaign"], got["route"]) == ("SP | Brand | Exact", "new ad group")


def test_names_are_the_fallback_without_a_product_report():
    exact = exact_rows(("SP | Poles | Manual", "Poles - Exact", 900.0), ("SP | Hammocks | Manual - Exact", "E1", 10.0))
    got = st.route_terms(SOURCE, rows=exact, products=None).loc["hammock"]
    assert (got["campaign"], got["ad_group"], got["route"]) == ("SP | Hammocks | Manual - Exact", "E1", "name")


def test_weights_follow_the_sales_share_of_each_product():
    ads = pd.DataFrame(
        {"campaign": "C", "ad_group": "G", "advertised_asin": ["A1", "A2"], "advertised_sku": ["s1", "s2"],
         "sales": [300.0, 100.0]}
    )  # fmt: skip
    weights = st.routing.term_products([("C", "G", 8.0)], st.ad_group_products(ads))
    assert weights == {"A1": 6.0, "A2": 2.0}  # 8 orders × 3/4 and × 1/4


def test_product_line_drops_targeting_words():
    assert st.product_line("SP | Trekking Poles | Manual") == {"trekking", "pole"}
    assert st.product_line("SP | Lanterns | Manual - Exact") == st.product_line("SP | Lanterns | Auto")


# -- the waste table and the totals ---------------------------------------------------------------------
def test_waste_table_lists_only_words_that_do_not_sell():
    frame = rows(
        ("steel bottle", 100, 10, 50.0, 500.0),
        ("bottle for dogs", 50, 0, 30.0, 0.0),
        ("dogs bowl", 40, 0, 20.0, 0.0),
    )
    got = bulk.waste_ngrams(frame, rules=st.Rules(target_acos=0.3))
    # "bottle" sells (10 orders in "steel bottle"): never waste, however much "bottle for dogs" spent
    assert got[["ngram", "dead_terms", "wasted"]].values.tolist() == [
        ["dogs", 2, 50.0],  # 30 + 20, each term once
        ["bowl", 1, 20.0],  # "dogs bowl" has the same terms and numbers: the shorter says it
    ]


def test_negative_reach_counts_each_blocked_row_once():
    frame = rows(
        ("junk a", 10, 0, 10.0, 0.0, "C", "G"),
        ("junk b", 10, 0, 5.0, 0.0, "C", "G2"),
        ("junk c", 10, 0, 7.0, 0.0, "D", "G"),  # not in the phrase's campaigns
        ("junk a", 10, 0, 3.0, 0.0, "D", "G"),  # the exact negative is not in D either
    )
    neg = pd.DataFrame(
        {
            "level": ["term", "ngram"],
            "keyword_text": ["junk a", "junk"],
            "flag": ["", ""],
            "campaigns": [(("C", "", "G", ""),), (("C", "", "", ""),)],
        }
    )
    reach = bulk.negative_reach(frame, neg)
    assert reach["spend"].sum() == 15.0 and reach["search_term"].nunique() == 2


def test_totals_printed_are_those_of_the_rows_blocked():
    frame = rows(BASE, *DEAD, ("cheap tent", 200, 1, 80.0, 40.0))
    result = bulk.build(frame, rules=st.Rules(target_acos=0.3, attribution_lag_days=0, break_even_acos=0.5))
    # "cheap" (4 terms with it; 3 dead + "cheap tent", 1 order at 0.5 %) blocks all four, once each
    assert result.negative_terms == 4
    assert result.negative_spend == pytest.approx(3 * 150.0 + 80.0)
    assert result.negative_sales == 40.0
    assert result.expected_saving == pytest.approx(530.0 - 40.0 * 0.5)
    assert result.summary["negatives_spend"] == result.negative_spend


# -- the bulk rows ------------------------------------------------------------------------------------
def harvest_frame(route: str, campaign_id: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "keyword_text": ["trail gear", "gear bag"], "flag": ["", ""], "campaign": "SP | Gear | Manual",
            "campaign_id": campaign_id, "ad_group": "S-A1 - Exact", "ad_group_id": "", "route": route,
            "asin": "A1", "sku": "S-A1", "suggested_bid": [0.75, 0.9],
        }
    )  # fmt: skip


NO_NEGATIVES = pd.DataFrame(columns=["level", "keyword_text", "flag", "campaigns"])


def test_a_new_ad_group_comes_with_its_product_ad_and_keywords():
    out = bulk.bulk_rows(NO_NEGATIVES, harvest_frame("new ad group", "123"))
    assert out["Entity"].tolist() == ["Ad Group", "Product Ad", "Keyword", "Keyword"]
    assert set(out["Ad Group ID"]) == {"S-A1 - Exact"}  # the temporary ID links the rows
    assert out.loc[0, "Ad Group Name"] == "S-A1 - Exact" and out.loc[0, "Ad Group Default Bid"] == 0.9
    assert out.loc[1, "SKU"] == "S-A1"
    assert bulk.missing_fields(out).empty and bulk.instructions(out)[0].startswith("Rows 2 create")


def test_every_required_field_or_an_instruction():
    out = bulk.bulk_rows(NO_NEGATIVES, harvest_frame("product"))
    missing = bulk.missing_fields(out)
    assert missing.values.tolist() == [[2, "Keyword", "Campaign ID"], [2, "Keyword", "Ad Group ID"],
                                       [3, "Keyword", "Campaign ID"], [3, "Keyword", "Ad Group ID"]]  # fmt: skip
    assert bulk.instructions(out)[0].startswith("Rows 2–3: fill in Ad Group ID, Campaign ID.")
    for entity, needed in bulk.REQUIRED.items():
        assert set(needed) <= set(bulk.BULK_COLUMNS), entity


def test_ranges():
    assert bulk._ranges([7, 2, 3, 4]) == "2–4, 7"


# -- harvest: which terms, from where, with what ----------------------------------------------------------
def harvest(frame: pd.DataFrame, **rules) -> pd.DataFrame:
    settings = {"target_acos": 0.3, "attribution_lag_days": 0, **rules}
    return st.harvest_candidates(frame, rules=st.Rules(**settings))


def test_harvest_sources_are_auto_broad_and_phrase_never_exact():
    frame = pd.concat(
        [
            rows(("from auto", 100, 5, 10.0, 100.0)),
            rows(("from phrase", 100, 5, 10.0, 100.0)).assign(match_type="PHRASE", targeting="from"),
            rows(("from broad", 100, 5, 10.0, 100.0)).assign(match_type="BROAD", targeting="from"),
            rows(("from exact", 100, 5, 10.0, 100.0)).assign(match_type="EXACT", targeting="other"),
            rows(("from asin target", 100, 5, 10.0, 100.0)).assign(targeting='asin="B000000001"'),
        ],
        ignore_index=True,
    )
    assert sorted(harvest(frame)["keyword_text"]) == ["from auto", "from broad", "from phrase"]


def test_harvest_boundaries_are_inclusive():
    # exactly harvest_min_orders orders and exactly the target ACoS (30 / 100) are harvested
    out = harvest(rows(("at the bar", 50, 2, 30.0, 100.0)))
    assert out["keyword_text"].tolist() == ["at the bar"]
    assert harvest(rows(("at the bar", 50, 2, 30.0, 100.0)), harvest_min_orders=3).empty


def test_harvest_skips_terms_already_exact_keywords():
    frame = pd.concat(
        [rows(("trail gear", 100, 5, 10.0, 100.0)),
         rows(("trail gear", 10, 1, 1.0, 10.0)).assign(match_type="EXACT", targeting="Trail Gear")],
        ignore_index=True,
    )  # fmt: skip
    assert harvest(frame).empty


def test_harvest_leaves_out_the_attribution_lag():
    frame = rows(("late seller", 100, 5, 10.0, 100.0), ("steady", 100, 5, 10.0, 100.0))
    frame.loc[0, "end_date"] = DAY + pd.Timedelta(days=2)  # within the 3 most recent days
    frame.loc[1, "end_date"] = DAY - pd.Timedelta(days=5)
    out = st.harvest_candidates(frame, rules=st.Rules(target_acos=0.3, attribution_lag_days=3))
    assert out["keyword_text"].tolist() == ["steady"]
    later = st.harvest_candidates(frame, rules=st.Rules(target_acos=0.3, attribution_lag_days=3),
                                  last_day=DAY + pd.Timedelta(days=10))  # fmt: skip
    assert sorted(later["keyword_text"]) == ["late seller", "steady"]


def test_harvest_row_numbers_and_route():
    frame = pd.concat(
        [
            rows(("trail gear", 100, 8, 40.0, 200.0), campaign="SP | Gear | Auto", ad_group="Auto"),
            rows(("gear exact", 10, 1, 5.0, 20.0)).assign(
                campaign="SP | Gear | Exact", ad_group="Gear - Exact", match_type="EXACT", targeting="gear exact"
            ),
        ],
        ignore_index=True,
    )
    ads = products(("SP | Gear | Auto", "Auto", ["A1"]), ("SP | Gear | Exact", "Gear - Exact", ["A1"]))
    out = st.harvest_candidates(frame, rules=st.Rules(target_acos=0.3, attribution_lag_days=0), products=ads)
    row = out.set_index("keyword_text").loc["trail gear"]
    assert row["aov"] == 25.0  # 200 / 8
    assert (row["campaign"], row["ad_group"], row["route"], row["asin"]) == ("SP | Gear | Exact", "Gear - Exact", "product", "A1")
    assert [p[:3:2] for p in row["source_campaigns"]] == [("SP | Gear | Auto", "Auto")]
    assert row["flag"] == ""
    # without the product report the names decide: same product line, exact ad group
    by_name = st.harvest_candidates(frame, rules=st.Rules(target_acos=0.3, attribution_lag_days=0))
    assert by_name.set_index("keyword_text").loc["trail gear", "route"] == "name"
    assert list(out.columns) == st.HARVEST_COLUMNS


def test_no_harvest_without_a_target():
    assert harvest(rows(("trail gear", 100, 8, 40.0, 200.0)), target_acos=math.nan).empty


# -- routing: every field of the answer -------------------------------------------------------------------
EMPTY = {"campaign": "", "campaign_id": "", "ad_group": "", "ad_group_id": "", "route": "", "asin": "", "sku": ""}


def route(sources, rows_, ads=None) -> dict:
    return st.route_terms(sources, rows=rows_, products=ads).loc[next(iter(sources))].to_dict()


def test_route_fields_in_full():
    exact = exact_rows(("SP | Hammocks | Manual - Exact", "E1", 10.0)).assign(campaign_id="111", ad_group_id="222")
    assert route(SOURCE, exact) == {**EMPTY, "campaign": "SP | Hammocks | Manual - Exact", "campaign_id": "111",
                                    "ad_group": "E1", "ad_group_id": "222", "route": "name"}  # fmt: skip
    assert route(SOURCE, exact_rows(("SP | Poles | Manual", "P", 1.0))) == EMPTY  # no product, no name match
    ads = products(("SP | Hammock | Auto", "Auto", ["A1"]), ("SP | Hammock | Exact", "E2", ["A2"]))
    exact = exact_rows(("SP | Hammock | Exact", "E2", 50.0)).assign(campaign_id="777", ad_group_id="888")
    assert route(SOURCE, exact, ads) == {"campaign": "SP | Hammock | Exact", "campaign_id": "777",
                                         "ad_group": "S-A1 - Exact", "ad_group_id": "", "route": "new ad group",
                                         "asin": "A1", "sku": "S-A1"}  # fmt: skip


def test_the_source_with_most_orders_sets_the_product_line():
    sources = {"t": [("SP | Poles | Auto", "Auto", 1.0), ("SP | Hammock | Auto", "Auto", 9.0)]}
    exact = exact_rows(("SP | Poles | Exact", "P", 99.0), ("SP | Hammock | Exact", "H", 1.0))
    assert route(sources, exact)["ad_group"] == "H"


def test_another_lines_ad_group_when_the_line_has_no_keyword_campaign():
    # the hammock's own line has only an auto campaign; a bundle exact ad group advertises it too
    ads = products(("SP | Hammock | Auto", "Auto", ["A1"]), ("SP | Bundles | Exact", "B", ["A1", "Z9"]))
    got = route(SOURCE, exact_rows(("SP | Bundles | Exact", "B", 5.0)), ads)
    assert (got["campaign"], got["ad_group"], got["route"]) == ("SP | Bundles | Exact", "B", "product")


def test_a_new_ad_group_in_a_keyword_campaign_advertising_the_product():
    ads = products(("SP | Hammock | Auto", "Auto", ["A1"]), ("SP | Mixed | Broad", "M", ["A1"]))
    rows_ = exact_rows(("SP | Poles | Exact", "P", 5.0))
    rows_ = pd.concat([rows_, exact_rows(("SP | Mixed | Broad", "M", 1.0)).assign(match_type="BROAD")])
    got = route(SOURCE, rows_, ads)
    assert (got["campaign"], got["ad_group"], got["route"]) == ("SP | Mixed | Broad", "S-A1 - Exact", "new ad group")


def test_weights_split_evenly_when_the_ad_group_sold_nothing():
    ads = products(("C", "G", ["A1", "A2"])).assign(sales=0.0)
    groups = st.ad_group_products(ads)
    assert st.routing.term_products([("C", "G", 4.0)], groups) == {"A1": 2.0, "A2": 2.0}
    assert st.routing.term_products([("C", "G", 0.0), ("X", "Y", 3.0)], groups) == {}


# -- negatives: the boundaries --------------------------------------------------------------------------
def test_min_spend_is_inclusive():
    dead = ("dead term", 300, 0, 5.0, 0.0)
    assert "dead term" in negated(rows(BASE, dead), negative_min_spend=5.0)
    assert "dead term" not in negated(rows(BASE, dead), negative_min_spend=5.01)


def test_a_keeper_at_exactly_half_the_account_rate_is_kept():
    # p = 10,000 / 100,000 = 10 % (the dead terms add clicks: p = 10,000 / 101,000); a term with
    # 2 orders in 40 clicks (5 %) is kept when half the rate ≤ 5 %
    frame = rows(BASE, *DEAD, ("cheap winner", 40, 2, 20.0, 30.0))
    p = 10_002 / (100_000 + 900 + 40)
    agg = st.aggregate_terms(frame)
    kept = set(agg.loc[st.keepers(agg, p, st.Rules(negative_max_cvr_share=0.05 / p)), "search_term"])
    assert "cheap winner" in kept
    kept = set(agg.loc[st.keepers(agg, p, st.Rules(negative_max_cvr_share=0.051 / p)), "search_term"])
    assert "cheap winner" not in kept and "steady seller" in kept


def _shortest_plainly(table: pd.DataFrame, limit: int | None) -> pd.DataFrame:
    """The rule as written: drop a row when one of its shorter runs of words is a listed row with
    the same numbers (blank numbers as -1); with ``limit``, stop after that many kept rows."""
    keys = ["terms", "dead_terms", "wasted", "spend", "orders"]
    signature = [tuple(r) for r in table[keys].fillna(-1).itertuples(index=False)]
    listed = set(zip(table["ngram"], signature, strict=True))
    keep = []
    for i, (gram, sig) in enumerate(zip(table["ngram"], signature, strict=True)):
        if limit is not None and sum(keep) >= limit:
            keep += [False] * (len(table) - i)
            break
        words = gram.split()
        runs = [" ".join(words[k : k + n]) for n in range(1, len(words)) for k in range(len(words) - n + 1)]
        keep.append(not any((run, sig) in listed for run in runs))
    return table[np.array(keep, dtype=bool)]


@given(
    hs.lists(
        hs.tuples(hs.lists(hs.sampled_from(["dog", "bowl", "red"]), min_size=1, max_size=3),
                  hs.sampled_from([1, 2]), hs.sampled_from([5.0, 7.0, None])),
        max_size=12,
    ),
    hs.sampled_from([None, 1, 3]),
)  # fmt: skip
@settings(max_examples=150, deadline=None)
def test_waste_rows_drop_longer_phrases_with_a_shorter_ones_numbers(rows_, limit):
    """Whatever the rows (repeated phrases, equal or blank numbers) and the limit, the shortest-phrase
    rule keeps exactly the rows the rule as written keeps, in order."""
    from helpers.measures.search_terms.waste import _shortest

    table = pd.DataFrame(
        {
            "ngram": [" ".join(words) for words, _, _ in rows_],
            "terms": [terms for _, terms, _ in rows_],
            "dead_terms": [terms for _, terms, _ in rows_],
            "wasted": [wasted for _, _, wasted in rows_],
            "spend": 10.0,
            "orders": 0.0,
        }
    )
    pd.testing.assert_frame_equal(_shortest(table, limit=limit), _shortest_plainly(table, limit))


_WORDS = hs.sampled_from(["dog", "bowl", "red", "b0abc12345", "é", "x", "y", "x\u00a0y", "a\tb", "b", ""])


@given(
    hs.lists(hs.lists(_WORDS, max_size=4).map(" ".join), min_size=1, max_size=15),
    hs.lists(hs.lists(_WORDS, max_size=3).map(" ".join), max_size=6),
)
@settings(max_examples=200, deadline=None)
def test_the_word_index_finds_what_a_scan_of_every_text_finds(texts, phrases):
    """Which texts equal a text and which contain a phrase as whole words, whatever the texts hold
    (repeats, blanks, runs of spaces, tabs and no-break spaces inside words): the index built
    by Arrow gives what checking every text gives, in text order."""
    from helpers.measures.search_terms.waste import _WordIndex

    array = np.array(texts, dtype=object)
    index = _WordIndex(array)
    for probe in [*texts, *phrases]:
        assert index.equal(probe).tolist() == [i for i, t in enumerate(texts) if t == probe]
        words = probe.split()
        if not words or probe != " ".join(words):
            continue  # (not a normalised phrase: every text is scanned anyway)
        if len(words) == 1:
            expected = [i for i, t in enumerate(texts) if probe in t.split()]
        else:
            expected = [i for i, t in enumerate(texts) if f" {probe} " in f" {t} "]
        assert index.containing(probe).tolist() == expected
