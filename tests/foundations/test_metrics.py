"""helpers.metrics: worked examples from domain.md §4.1 and property tests of the invariants."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import metrics as m

BASES = ["impressions", "clicks", "spend", "sales", "orders", "units", "sessions", "total_sales"]

# non-negative amounts, with the two awkward values (0 and NaN = blank in the export) drawn often
counts = st.one_of(st.just(0.0), st.just(math.nan), st.integers(0, 10**6).map(float))
money = st.one_of(st.just(0.0), st.just(math.nan), st.integers(0, 10**8).map(lambda cents: cents / 100))
positive = st.floats(min_value=1e-6, max_value=1e9, allow_nan=False, allow_infinity=False)


@st.composite
def ad_frames(draw: st.DrawFn, min_rows: int = 0) -> pd.DataFrame:
    n = draw(st.integers(min_rows, 12))
    return pd.DataFrame(
        {
            "campaign": draw(st.lists(st.sampled_from(["a", "b", "c", None]), min_size=n, max_size=n)),
            "impressions": draw(st.lists(counts, min_size=n, max_size=n)),
            "clicks": draw(st.lists(counts, min_size=n, max_size=n)),
            "spend": draw(st.lists(money, min_size=n, max_size=n)),
            "sales": draw(st.lists(money, min_size=n, max_size=n)),
            "orders": draw(st.lists(counts, min_size=n, max_size=n)),
            "units": draw(st.lists(counts, min_size=n, max_size=n)),
            "sessions": draw(st.lists(counts, min_size=n, max_size=n)),
            "total_sales": draw(st.lists(money, min_size=n, max_size=n)),
        }
    )


# -- worked examples (domain.md §4.1) --------------------------------------------------------------------


def test_break_even_acos_worked_example():
    # $29.99 price with $18.00 of costs -> 40 % (to 2 dp)
    assert round(m.break_even_acos(29.99, 12.00, 6.00), 2) == 0.40
    assert m.break_even_acos(29.99, 18.00, 0.0) == pytest.approx(0.39980, abs=1e-5)


def test_target_acos_worked_example():
    # break-even 20 % - post-ad margin 5 % = 15 %
    assert m.target_acos(0.20, 0.05) == pytest.approx(0.15)
    assert math.isnan(m.target_acos(math.nan, 0.05))


def test_simple_ratios():
    assert m.acos(25, 100) == 0.25
    assert m.roas(100, 25) == 4.0
    assert m.tacos(100, 1000) == 0.1
    assert m.ctr(5, 1000) == 0.005
    assert m.cpc(12.5, 10) == 1.25
    assert m.cpm(5.0, 2000) == 2.5
    assert m.aov(250, 10) == 25.0
    assert m.cpa(50, 4) == 12.5
    assert m.ad_share(300, 1000) == 0.3
    assert m.unit_session_pct(12, 100) == 0.12


def test_cvr_is_orders_per_click_not_units():
    frame = pd.DataFrame({"clicks": [10.0], "orders": [2.0], "units": [5.0]})
    assert m.add_ratios(frame)["cvr"].iloc[0] == 0.2
    assert m.cvr(2, 10) == 0.2


def test_unit_session_pct_is_units_per_session():
    frame = pd.DataFrame({"units": [30.0], "sessions": [200.0], "orders": [20.0]})
    assert m.add_ratios(frame)["unit_session_pct"].iloc[0] == 0.15


# -- safe division -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("den", [0, 0.0, -0.0, None, math.nan, np.float64(0), pd.NA])
def test_safe_div_scalar_zero_or_missing_gives_nan(den):
    result = m.safe_div(5, den)
    assert isinstance(result, float) and math.isnan(result)


def test_safe_div_series_never_inf_or_zero_on_zero_denominator():
    num = pd.Series([1.0, 0.0, 3.0, math.nan], index=list("wxyz"))
    den = pd.Series([0.0, 0.0, 2.0, 4.0], index=list("wxyz"))
    result = m.safe_div(num, den)
    assert result.index.tolist() == list("wxyz")
    assert result.dtype == "float64"
    assert result.isna().tolist() == [True, True, False, True]
    assert result["y"] == 1.5


def test_safe_div_accepts_nullable_and_integer_series():
    num = pd.Series([1, 2, None], dtype="Int64")
    den = pd.Series([0, 4, 1], dtype="Int64")
    result = m.safe_div(num, den)
    assert result.dtype == "float64"
    assert result.isna().tolist() == [True, False, True]


def test_safe_div_arrays():
    result = m.safe_div(np.array([1.0, 2.0]), np.array([0.0, 4.0]))
    assert np.isnan(result[0]) and result[1] == 0.5


def test_safe_div_refuses_booleans_and_text():
    with pytest.raises(TypeError, match="boolean"):
        m.safe_div(True, 2)
    with pytest.raises(TypeError, match="str"):
        m.safe_div("3", 2)


# -- properties --------------------------------------------------------------------------------------------


@given(spend=st.one_of(st.just(0.0), positive), sales=st.one_of(st.just(0.0), positive))
def test_acos_times_roas_is_one_when_both_defined(spend, sales):
    a, r = m.acos(spend, sales), m.roas(sales, spend)
    if not (math.isnan(a) or math.isnan(r)):
        assert a * r == pytest.approx(1.0, rel=1e-12)
    else:
        assert spend == 0 or sales == 0


@given(frame=ad_frames())
def test_acos_times_roas_is_one_on_frames(frame):
    out = m.add_ratios(frame)
    both = out["acos"].notna() & out["roas"].notna()
    np.testing.assert_allclose((out["acos"] * out["roas"])[both], 1.0, rtol=1e-12)


@given(frame=ad_frames())
@settings(max_examples=25, deadline=None)
def test_every_metrics_ratio_is_nan_on_zero_denominator(frame):
    for name, row in m.METRICS[m.METRICS["kind"] == "ratio"].iterrows():
        zeroed = frame.assign(**{row["denominator"]: 0.0})
        out = m.add_ratios(zeroed)
        assert out[name].isna().all(), name
        assert not np.isinf(out[name]).any(), name


@given(frame=ad_frames())
def test_ratios_are_never_infinite(frame):
    out = m.add_ratios(frame)
    ratios = m.METRICS.index[m.METRICS["kind"] == "ratio"]
    assert not np.isinf(out[list(ratios)].to_numpy()).any()


@given(frame=ad_frames(min_rows=1), cut=st.integers(0, 12), by=st.sampled_from([None, "campaign"]))
@settings(max_examples=60, deadline=None)
def test_sums_are_additive_across_splits(frame, cut, by):
    cut = min(cut, len(frame))
    first, second = frame.iloc[:cut], frame.iloc[cut:]
    parts = pd.concat([m.summarize(first, by), m.summarize(second, by)], ignore_index=True)
    combined = m.summarize(parts, by)
    whole = m.summarize(frame, by)
    pd.testing.assert_frame_equal(combined, whole, check_exact=False, rtol=1e-9, check_dtype=False)


@given(frame=ad_frames())
@settings(max_examples=40, deadline=None)
def test_add_ratios_and_summarize_do_not_mutate_their_input(frame):
    before = frame.copy(deep=True)
    m.add_ratios(frame)
    m.summarize(frame, "campaign")
    m.summarize(frame)
    pd.testing.assert_frame_equal(frame, before)


@given(
    current=st.one_of(st.just(0.0), positive), previous=st.one_of(st.just(0.0), st.just(math.nan), positive)
)
def test_relative_change_nan_on_zero_or_missing_base(current, previous):
    result = m.relative_change(current, previous)
    if previous == 0 or math.isnan(previous):
        assert math.isnan(result)
    else:
        assert result == pytest.approx((current - previous) / previous)


# -- frames ------------------------------------------------------------------------------------------------


def test_add_ratios_only_adds_ratios_whose_bases_exist():
    frame = pd.DataFrame({"clicks": [10.0], "spend": [5.0]})
    out = m.add_ratios(frame)
    assert list(out.columns) == ["clicks", "spend", "cpc"]
    assert list(frame.columns) == ["clicks", "spend"]


def test_add_ratios_all_ad_ratios():
    frame = pd.DataFrame(
        {"impressions": [1000.0], "clicks": [10.0], "spend": [5.0], "sales": [20.0], "orders": [2.0]}
    )
    out = m.add_ratios(frame).iloc[0]
    assert {"acos", "roas", "ctr", "cpc", "cpm", "cvr", "cpa", "aov"} <= set(out.index)
    assert (out["acos"], out["roas"], out["ctr"], out["cpc"]) == (0.25, 4.0, 0.01, 0.5)
    assert (out["cpm"], out["cvr"], out["cpa"], out["aov"]) == (5.0, 0.2, 2.5, 10.0)


def test_add_ratios_explicit_list_checks_names_and_bases():
    frame = pd.DataFrame({"clicks": [10.0], "spend": [5.0]})
    assert list(m.add_ratios(frame, ratios=["cpc"]).columns) == ["clicks", "spend", "cpc"]
    with pytest.raises(ValueError, match="ratios must be among"):
        m.add_ratios(frame, ratios=["acoss"])
    with pytest.raises(ValueError, match="'sales' column"):
        m.add_ratios(frame, ratios=["acos"])


def test_summarize_sums_first_then_divides():
    # mean of row ACoS would be (0.5 + 0.1) / 2 = 0.3; the right answer is 6 / 40 = 0.15
    frame = pd.DataFrame({"spend": [5.0, 1.0], "sales": [10.0, 30.0]})
    assert m.summarize(frame)["acos"].iloc[0] == 0.15


def test_summarize_keeps_all_nan_groups_nan_and_nan_keys():
    frame = pd.DataFrame(
        {
            "match_type": ["EXACT", "EXACT", None, "BROAD"],
            "spend": [1.0, math.nan, 2.0, math.nan],
            "sales": [4.0, 4.0, 0.0, math.nan],
        }
    )
    out = m.summarize(frame, "match_type")
    assert out["match_type"].tolist()[:2] == ["BROAD", "EXACT"]
    assert out["match_type"].isna().tolist() == [False, False, True]
    broad = out.iloc[0]
    assert math.isnan(broad["spend"]) and math.isnan(broad["sales"]) and math.isnan(broad["acos"])
    exact = out.iloc[1]
    assert (exact["spend"], exact["sales"], exact["acos"]) == (1.0, 8.0, 0.125)
    assert math.isnan(out.iloc[2]["acos"])  # 2.0 spend, 0 sales


def test_summarize_without_by_is_one_row_and_empty_stays_nan():
    out = m.summarize(
        pd.DataFrame({"spend": pd.Series([], dtype=float), "sales": pd.Series([], dtype=float)})
    )
    assert len(out) == 1 and out[["spend", "sales", "acos", "roas"]].isna().all(axis=None)


def test_summarize_errors_name_the_column():
    frame = pd.DataFrame({"spend": [1.0]})
    with pytest.raises(ValueError, match="by column 'campaign'"):
        m.summarize(frame, "campaign")
    with pytest.raises(ValueError, match="'sales'"):
        m.summarize(frame, bases=["spend", "sales"])
    with pytest.raises(TypeError, match="DataFrame"):
        m.add_ratios({"spend": [1.0]})


# -- METRICS and the scorecard ---------------------------------------------------------------------------


def test_metrics_table_is_consistent():
    table = m.METRICS
    assert list(table.columns) == [
        "label",
        "kind",
        "direction",
        "format",
        "numerator",
        "denominator",
        "scale",
    ]
    assert set(table["kind"]) == {"amount", "ratio"}
    assert set(table["direction"]) <= {"higher", "lower", "neutral"}
    assert set(table["format"]) <= {"money", "percent", "count", "ratio"}
    amounts = set(table.index[table["kind"] == "amount"])
    ratios = table[table["kind"] == "ratio"]
    assert set(ratios["numerator"]) <= amounts and set(ratios["denominator"]) <= amounts
    for name in ["acos", "tacos", "cpc", "cpm", "cpa"]:
        assert table.at[name, "direction"] == "lower"
    for name in ["roas", "ctr", "cvr", "aov", "sales", "unit_session_pct"]:
        assert table.at[name, "direction"] == "higher"
    # each ratio has a function of the same name computing the same thing
    for name, row in ratios.iterrows():
        assert getattr(m, name)(6.0, 3.0) == pytest.approx(2.0 * row["scale"])


def test_deltas_scorecard():
    current = {"sales": 120.0, "spend": 30.0, "acos": 0.25, "cpc": 1.0, "orders": 5.0, "campaign": "x"}
    previous = pd.Series({"sales": 100.0, "spend": 30.0, "acos": 0.20, "cpc": 1.2, "orders": 0.0})
    card = m.deltas(current, previous)
    assert list(card.index) == ["spend", "sales", "orders", "cpc", "acos"]
    assert list(card.columns) == [
        "label", "kind", "direction", "format", "current", "previous",
        "abs_change", "rel_change", "change", "outcome",
    ]  # fmt: skip
    assert card.at["sales", "change"] == pytest.approx(0.2)
    assert card.at["sales", "outcome"] == "better"
    assert card.at["acos", "change"] == pytest.approx(0.05)  # points, not 25 % relative
    assert card.at["acos", "rel_change"] == pytest.approx(0.25)
    assert card.at["acos", "outcome"] == "worse"
    assert card.at["cpc", "outcome"] == "better"
    assert pd.isna(card.at["spend", "outcome"])  # neutral
    assert math.isnan(card.at["orders", "change"])  # growth from zero is undefined
    assert card.at["orders", "abs_change"] == 5.0


def test_deltas_missing_previous_and_one_row_frames():
    now = m.summarize(pd.DataFrame({"spend": [10.0], "sales": [40.0]}))
    card = m.deltas(now, {})
    assert card["previous"].isna().all() and card["change"].isna().all() and card["outcome"].isna().all()
    with pytest.raises(ValueError, match="metrics must be names in METRICS"):
        m.deltas(now, now, metrics=["acoss"])
    with pytest.raises(ValueError, match="one-row DataFrame"):
        m.deltas(pd.concat([now, now]), now)


def test_change_kinds_and_point_change():
    assert m.change(150, 100) == 0.5
    assert m.change(0.2, 0.25, kind="ratio") == pytest.approx(-0.05)
    assert m.relative_change(-50, -100) == 0.5  # loss halved: the amount went up
    with pytest.raises(ValueError, match="kind must be one of amount, ratio; got 'x'"):
        m.change(1, 2, kind="x")


def test_every_metrics_format_has_a_formatter():
    from helpers.present.formatting import formatter

    for name, fmt in m.METRICS["format"].items():
        assert formatter(fmt, "USD")(math.nan) == "—", name
        assert formatter(fmt, "USD")(1.5) != "—", name


def test_docstring_examples():
    result = doctest.testmod(m, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 15 and result.failed == 0
