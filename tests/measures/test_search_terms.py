"""Search-term intelligence: n-grams, negatives (statistical guard, protection), harvest, clusters."""

from __future__ import annotations

from fractions import Fraction
from math import comb

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs
from scipy.stats import binom

from helpers.measures import search_terms as st
from helpers.measures.search_terms.ngrams import _ngrams


def rows(data: list[tuple], **extra) -> pd.DataFrame:
    cols = ["search_term", "clicks", "spend", "sales", "orders"]
    frame = pd.DataFrame(data, columns=cols)
    frame["impressions"] = frame["clicks"] * 20
    frame["units"] = frame["orders"]
    for key, value in extra.items():
        frame[key] = value
    return frame


def test_ngram_counts_once_per_term():
    frame = rows([("mat bath mat", 4, 2.0, 0.0, 0), ("bath mat", 6, 3.0, 10.0, 1)])
    table = ngram_idx(st.ngram_table(frame, n=(1, 2)))
    assert table.loc["mat", "terms"] == 2
    assert table.loc["mat", "clicks"] == 10 and table.loc["mat", "spend"] == 5.0  # not 14 / 7
    assert table.loc["bath mat", "terms"] == 2 and table.loc["bath mat", "clicks"] == 10
    assert table.loc["mat bath", "terms"] == 1


def ngram_idx(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("ngram")


def test_ngrams_follow_word_order_and_never_span_removed_words():
    frame = rows([("Water-Bottle for DOGS", 5, 5.0, 0.0, 0)])
    grams = set(st.ngram_table(frame, n=(2, 3), stop_words=["for"])["ngram"])
    assert grams == {"water bottle"}  # no "bottle dogs", nothing reversed
    grams = set(st.ngram_table(frame, n=2)["ngram"])
    assert grams == {"water bottle", "bottle for", "for dogs"}


def test_normalisation_and_plural_key():
    frame = rows([("Ｓｏｃｋｓ", 2, 1.0, 0.0, 0), ("sock", 3, 2.0, 5.0, 1)])
    table = st.ngram_table(frame, n=1)
    assert set(table["ngram"]) == {"socks", "sock"}  # NFKC + case
    assert set(table["key"]) == {"sock"}
    folded = st.ngram_table(frame, n=1, fold_plurals=True)
    assert len(folded) == 1 and folded.loc[0, "clicks"] == 5 and folded.loc[0, "terms"] == 2
    assert folded.loc[0, "ngram"] == "sock"  # highest-spend surface form


def test_asin_and_star_terms_are_kept_whole():
    frame = rows([("b07jjc4ntt", 3, 3.0, 0.0, 0), ("*", 2, 1.0, 0.0, 0), ("b0 bottle", 1, 1.0, 0.0, 0)])
    table = st.ngram_table(frame, n=(1, 2, 3))
    asin = table[table["kind"] == "asin"]
    assert asin["ngram"].tolist() == ["b07jjc4ntt"] and asin["term_class"].tolist() == ["asin"]
    assert table[table["kind"] == "placeholder"]["ngram"].tolist() == ["*"]
    assert "b0" in set(table["ngram"])  # an ordinary word term is split as usual


def reference_ngrams(frame: pd.DataFrame, sizes, stop) -> dict[tuple[str, int], tuple[int, float, float]]:
    """The straightforward way: per distinct normalised term, its n-grams as a set; sum per n-gram."""
    out: dict[tuple[str, int], list] = {}
    terms = frame.assign(t=frame["search_term"].map(st.normalize_term)).groupby("t")[["clicks", "spend"]].sum()
    for term, (clicks, spend) in terms.iterrows():
        if not term:
            continue
        for n in sizes:
            for gram in _ngrams(term.split(), n, frozenset(stop)):
                entry = out.setdefault((gram, n), [0, 0.0, 0.0])
                entry[0] += 1
                entry[1] += clicks
                entry[2] += spend
    return {k: tuple(v) for k, v in out.items()}


WORDS_POOL = ["mat", "bath", "Mat", "yoga", "for", "the", "non-slip", "Ｍａｔ", "kids", "b0x"]


@settings(max_examples=60, deadline=None)
@given(
    hs.lists(
        hs.tuples(
            hs.lists(hs.sampled_from(WORDS_POOL), min_size=1, max_size=6).map(" ".join),
            hs.integers(0, 50),
            hs.integers(0, 4000).map(lambda c: c / 100),
        ),
        min_size=1,
        max_size=25,
    ),
    hs.sampled_from([(1,), (2,), (1, 2, 3), (2, 3)]),
    hs.sampled_from([(), ("for", "the")]),
)
def test_ngram_table_matches_the_straightforward_count(data, sizes, stop):
    frame = pd.DataFrame(data, columns=["search_term", "clicks", "spend"]).assign(sales=0.0, orders=0)
    table = st.ngram_table(frame, n=sizes, stop_words=stop)
    got = {
        (g, int(n)): (int(t), float(c), float(sp))
        for g, n, t, c, sp in table[["ngram", "n", "terms", "clicks", "spend"]].itertuples(index=False)
    }
    want = reference_ngrams(frame, sizes, stop)
    assert got.keys() == want.keys()
    for key, (terms, clicks, spend) in want.items():
        assert got[key][0] == terms and got[key][1] == clicks and got[key][2] == pytest.approx(spend)


def test_equal_money_sorts_by_text_whatever_the_row_order():
    # 0.1 + 0.2 + 0.3 is 0.6000000000000001 in floating point, 0.3 + 0.2 + 0.1 is 0.6: the same
    # money must still tie, and ties go by text
    frame = rows([("zebra", 1, 0.1, 0, 0), ("zebra", 1, 0.2, 0, 0), ("zebra", 1, 0.3, 0, 0),
                  ("apple", 1, 0.3, 0, 0), ("apple", 1, 0.2, 0, 0), ("apple", 1, 0.1, 0, 0)])  # fmt: skip
    assert st.ngram_table(frame, n=1)["ngram"].tolist() == ["apple", "zebra"]
    assert st.ngram_table(frame.iloc[::-1], n=1)["ngram"].tolist() == ["apple", "zebra"]


def test_tables_follow_a_changed_column():
    """Codes are remembered per column: an edited column must never be served from that memory."""
    frame = rows([("red mat", 5, 5.0, 0.0, 0), ("blue mat", 5, 5.0, 0.0, 0)])
    frame["search_term"] = frame["search_term"].astype("str")
    assert set(st.ngram_table(frame, n=1)["ngram"]) == {"red", "blue", "mat"}
    frame.loc[0, "search_term"] = "green rug"
    assert set(st.ngram_table(frame, n=1)["ngram"]) == {"green", "rug", "blue", "mat"}
    assert st.aggregate_terms(frame)["search_term"].tolist() == ["blue mat", "green rug"]


def test_term_classes_on_ngrams():
    frame = rows([("acme trail bottle", 3, 3.0, 0.0, 0), ("yeti cup", 2, 1.0, 0.0, 0)])
    table = ngram_idx(st.ngram_table(frame, n=(1, 2), brand_terms=["acme"], competitor_terms=["yeti"]))
    assert table.loc["acme trail", "term_class"] == "branded"
    assert table.loc["yeti", "term_class"] == "competitor"
    assert table.loc["bottle", "term_class"] == "generic"


def test_ratios_from_sums():
    frame = rows([("a b", 10, 5.0, 20.0, 2), ("a c", 10, 15.0, 0.0, 0)])
    a = ngram_idx(st.ngram_table(frame, n=1)).loc["a"]
    assert a["acos"] == pytest.approx(20 / 20) and a["cvr"] == pytest.approx(2 / 20) and a["cpc"] == 1.0


# -- negatives -------------------------------------------------------------------------------------
def account(extra: list[tuple]) -> pd.DataFrame:
    """An account converting at 10 % on 'good' terms, plus the given terms."""
    base = [("good term one", 500, 500.0, 2500.0, 50), ("good term two", 500, 500.0, 2500.0, 50)]
    frame = rows(base + extra)
    frame["campaign"], frame["ad_group"] = "SP | Auto", "Auto"
    frame["targeting"], frame["match_type"] = "close-match", np.nan
    frame["end_date"] = pd.Timestamp("2026-06-01")
    return frame


RULES = st.Rules(target_acos=0.3, negative_min_spend=5.0, attribution_lag_days=0)


def test_statistical_guard_few_clicks_not_proposed_many_clicks_proposed():
    frame = account([("rare junk", 10, 10.0, 0.0, 0), ("common junk", 60, 60.0, 0.0, 0)])
    neg = st.negative_candidates(frame, rules=RULES, levels=["term"])
    assert neg["keyword_text"].tolist() == ["common junk"]
    p = (100) / (1070)
    assert binom.cdf(0, 10, p) >= 0.05 > binom.cdf(0, 60, p)  # the guard the result relies on
    row = neg.iloc[0]
    assert row["p_value"] == pytest.approx(binom.cdf(0, 60, p))
    assert "60 clicks" in row["reason"] and "0 orders" in row["reason"]
    assert row["campaigns"] == (("SP | Auto", "", "Auto", ""),)


@settings(max_examples=150, deadline=None)
@given(hs.integers(0, 60), hs.integers(0, 250), hs.floats(0.001, 0.999))
def test_binomial_cdf_is_exact(k, n, p):
    exact = sum(comb(n, i) * Fraction(p) ** i * (1 - Fraction(p)) ** (n - i) for i in range(min(k, n) + 1))
    assert st.binomial_cdf([k], [n], p)[0] == pytest.approx(float(exact), rel=1e-10, abs=1e-300)


@settings(max_examples=100, deadline=None)
@given(hs.integers(0, 400), hs.integers(0, 5000), hs.floats(0.001, 0.999))
def test_binomial_cdf_agrees_with_scipy(k, n, p):
    # compared where a p-value matters: below ~1e-250 scipy itself drifts from the exact value
    # (e.g. k=37, n=861, p=0.585: scipy 9.4e-259, exact 5.914e-259, ours 5.914e-259)
    expected = binom.cdf(k, n, p)
    assert st.binomial_cdf([k], [n], p)[0] == pytest.approx(expected, rel=1e-9, abs=1e-100)


def test_binomial_cdf_edges():
    assert st.binomial_cdf([0, 3, 5], [0, 2, 5], 0.1).tolist() == [1.0, 1.0, 1.0]  # k >= n
    assert st.binomial_cdf([0, 2], [10, 10], 0.0).tolist() == [1.0, 1.0]
    assert st.binomial_cdf([0, 10], [10, 10], 1.0).tolist() == [0.0, 1.0]
    assert np.isnan(st.binomial_cdf([0], [10], float("nan"))).all()
    assert st.binomial_cdf([0], [100_000], 0.1)[0] == 0.0  # underflows to 0, never NaN


def test_guard_moves_with_account_cvr():
    # the same 25 clicks with no order: a negative in a 20 % account, not in a 2 % one
    hot = account([("junk", 25, 25.0, 0.0, 0)])
    hot.loc[hot["search_term"].str.startswith("good"), "orders"] = 100
    cold = account([("junk", 25, 25.0, 0.0, 0)])
    cold.loc[cold["search_term"].str.startswith("good"), "orders"] = 10
    assert "junk" in set(st.negative_candidates(hot, rules=RULES, levels=["term"])["keyword_text"])
    assert "junk" not in set(st.negative_candidates(cold, rules=RULES, levels=["term"])["keyword_text"])


def test_min_spend_floor():
    frame = account([("cheap junk", 60, 3.0, 0.0, 0)])
    assert st.negative_candidates(frame, rules=RULES, levels=["term"]).empty


def test_protected_terms_never_negated():
    junk = [
        ("acme bottle", 200, 200.0, 0.0, 0),
        ("hydro flask", 200, 200.0, 0.0, 0),
        ("trail", 200, 200.0, 0.0, 0),
    ]
    frame = account(junk)
    rules = st.Rules(
        brand_terms=("acme trail", "acme"),
        competitor_terms=("hydro flask",),
        protected_terms=(),
        target_acos=0.3,
        attribution_lag_days=0,
    )
    texts = set(st.negative_candidates(frame, rules=rules)["keyword_text"])
    assert texts and not any("acme" in t for t in texts)
    assert "bottle" not in texts  # a phrase negative "bottle" would block "acme bottle" searches
    assert "trail" not in texts  # a piece of a brand phrase would block the brand
    assert texts & {"hydro flask", "hydro", "flask"}  # competitors are not protected by default ...
    protect = st.Rules(**{**rules.__dict__, "protected_terms": ("hydro flask",)})
    assert not any(
        "hydro" in t or "flask" in t for t in st.negative_candidates(frame, rules=protect)["keyword_text"]
    )


def test_existing_positive_keywords_never_negated():
    frame = account([("red cup", 200, 200.0, 0.0, 0), ("blue mug big", 200, 200.0, 0.0, 0)])
    kw = frame.iloc[[0, 0]].copy()
    kw["search_term"], kw["targeting"], kw["match_type"] = (
        ["x1", "x2"],
        ["red cup", "blue mug"],
        ["EXACT", "PHRASE"],
    )
    kw[["clicks", "spend", "orders", "sales"]] = 0
    texts = set(st.negative_candidates(pd.concat([frame, kw]), rules=RULES)["keyword_text"])
    assert "red cup" not in texts and "blue mug big" not in texts
    assert not any(t in {"red", "cup", "blue", "mug", "blue mug"} for t in texts)


def test_attribution_lag_days_left_out():
    frame = account([("late junk", 200, 200.0, 0.0, 0)])
    frame.loc[frame["search_term"] == "late junk", "end_date"] = pd.Timestamp("2026-06-10")
    frame.loc[frame["search_term"] != "late junk", "end_date"] = pd.Timestamp("2026-06-05")
    lagged = st.Rules(target_acos=0.3, attribution_lag_days=3)
    assert "late junk" not in set(
        st.negative_candidates(frame, rules=lagged, levels=["term"])["keyword_text"]
    )
    assert "late junk" in set(st.negative_candidates(frame, rules=RULES, levels=["term"])["keyword_text"])


def test_formula_terms_are_flagged():
    frame = account([("=cmd junk", 200, 200.0, 0.0, 0)])
    frame["search_term"] = frame["search_term"].str.replace("=cmd junk", "@sum junk")
    neg = st.negative_candidates(frame, rules=RULES, levels=["term"])
    # normalisation drops the leading punctuation, so nothing here can start a formula
    assert (
        neg["keyword_text"].tolist() == ["sum junk"]
        and st.formula_risk("=1+1")
        and not st.formula_risk("a=1")
    )


# -- harvest -------------------------------------------------------------------------------------------
def test_harvest_converting_terms_not_yet_exact():
    frame = account(
        [("great find", 40, 20.0, 200.0, 5), ("one sale", 10, 5.0, 50.0, 1), ("pricey", 40, 80.0, 100.0, 3)]
    )
    exact = frame.iloc[[0]].copy()
    exact["targeting"], exact["match_type"], exact["search_term"] = "good term one", "EXACT", "good term one"
    exact["campaign"], exact["ad_group"] = "SP | Exact", "Exact"
    frame = pd.concat([frame, exact], ignore_index=True)
    harvest = st.harvest_candidates(frame, rules=RULES).set_index("keyword_text")
    assert "great find" in harvest.index
    assert "one sale" not in harvest.index  # too few orders
    assert "pricey" not in harvest.index  # ACoS 80 % over target
    assert "good term one" not in harvest.index  # already exact
    row = harvest.loc["great find"]
    # bid = CPC x target / ACoS = 0.5 x 0.3 / 0.1 = 1.5, capped at 2 x CPC = 1.0
    assert row["suggested_bid"] == pytest.approx(1.0)
    assert row["suggested_bid"] == pytest.approx(min(200 / 40 * 0.3, 2 * 0.5))  # AOV x CVR x target
    assert row["campaign"] == "SP | Exact" or row["campaign"] == ""


def test_harvest_bid_on_a_whole_cent_is_that_cent():
    # the 2 x CPC cap is exactly 1.11 (5.55 over 10 clicks), which floating point computes as
    # 1.1099999999999999: a plain floor to the cent would make it 1.10
    frame = account([("cheap find", 10, 5.55, 111.0, 4)])
    row = st.harvest_candidates(frame, rules=RULES).set_index("keyword_text").loc["cheap find"]
    assert 2 * row["cpc"] < 1.11
    assert row["suggested_bid"] == pytest.approx(1.11)


# -- clusters ------------------------------------------------------------------------------------------
WORDS = ["water bottle", "insulated water bottle", "water bottles", "hiking socks", "wool socks", "merino socks",
         "headlamp", "rechargeable headlamp", "led headlamp", "camping hammock", "hammock", "double hammock"]  # fmt: skip


def test_clusters_deterministic_and_named_by_top_spend():
    frame = rows([(w, 10 + i, float(10 + 3 * i), 0.0, 0) for i, w in enumerate(WORDS)])
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)  # a repeated term keeps its rows
    a = st.cluster_terms(frame, max_clusters=6)
    b = st.cluster_terms(frame.sample(frac=1, random_state=3).sort_index(), max_clusters=6)
    assert list(a.columns) == [*frame.columns, "cluster", "cluster_name"] and len(a) == len(frame)
    assert a["cluster"].tolist() == b["cluster"].tolist()
    assert 2 <= a["cluster"].nunique() <= 6
    for _, group in a.groupby("cluster"):
        spend = group.groupby("search_term")["spend"].sum()
        assert group["cluster_name"].iloc[0] == spend.idxmax()
    by = a.drop_duplicates("search_term").set_index("search_term")["cluster"]
    assert by["water bottle"] == by["water bottles"] == by["insulated water bottle"]
    assert by["hammock"] == by["double hammock"] != by["water bottle"]
    summary = st.cluster_summary(a)
    assert summary["spend"].sum() == pytest.approx(frame["spend"].sum())
    assert summary["terms"].sum() == len(WORDS)
    assert list(summary.columns) == st.CLUSTER_SUMMARY_COLUMNS


def test_clusters_beyond_the_fit_size_are_learnt_from_the_money_and_the_tail_joins_them(monkeypatch):
    """Past FIT_TERMS distinct terms, the themes come from the highest-spend terms; a cheap term
    joins the theme it resembles; the spend-leading terms keep the clusters they get alone."""
    from helpers.measures.search_terms import clusters

    tail = ["stainless water bottle", "kids water bottle", "thick wool socks", "long merino socks",
            "bright led headlamp", "headlamp for running", "portable camping hammock", "hammock straps"]  # fmt: skip
    frame = rows([(w, 10 + i, float(10 + 3 * i), 0.0, 0) for i, w in enumerate(WORDS)]
                 + [(w, 1, 0.01, 0.0, 0) for w in tail])  # fmt: skip
    alone = st.cluster_terms(frame.iloc[: len(WORDS)], max_clusters=6)
    monkeypatch.setattr(clusters, "FIT_TERMS", len(WORDS))
    both = st.cluster_terms(frame, max_clusters=6)
    assert both["cluster"].iloc[: len(WORDS)].tolist() == alone["cluster"].tolist()
    by = both.drop_duplicates("search_term").set_index("search_term")["cluster"]
    assert (by >= 0).all()
    assert by["kids water bottle"] == by["stainless water bottle"] == by["water bottle"]
    assert by["long merino socks"] == by["wool socks"] and by["hammock straps"] == by["hammock"]

def test_a_cluster_led_by_a_product_page_is_shown_as_one():
    """An ASIN term (a click on a product page) naming a cluster is shown as that product page, its
    ASIN as Amazon writes it; two such clusters keep two labels; word names are shown as they are."""
    assert st.cluster_label("b0e8450g62") == "product page B0E8450G62"
    assert st.cluster_label("b0e8450g62") != st.cluster_label("b0aaaa1111")
    assert st.cluster_label("b0 water bottle") == "b0 water bottle"


def test_clusters_tiny_input():
    frame = rows([("one", 1, 1.0, 0.0, 0)])
    out = st.cluster_terms(frame)
    assert out["cluster"].tolist() == [0] and out["cluster_name"].tolist() == ["one"]


_phrase_text = hs.text(alphabet=hs.sampled_from(list("ab +.*(?\\$^é語ß-")), max_size=8)


@given(hs.lists(_phrase_text, min_size=1, max_size=4), hs.lists(_phrase_text, max_size=6))
def test_whole_word_matching_on_arrow_text_agrees_with_python_re(phrases, texts):
    """Arrow text is matched by RE2 directly; on normalised text it must find exactly what
    Python's re finds, whatever the phrases and texts normalise to (non-ASCII letters included)."""
    import re

    from helpers.measures.search_terms.text import _matches, _whole_words

    wanted = {st.normalize_term(p) for p in phrases} - {""}
    if not wanted:
        return
    pattern = _whole_words(wanted)
    normal = [st.normalize_term(t) for t in texts]
    expected = [re.search(pattern, t) is not None for t in normal]
    assert _matches(pd.Series(normal, dtype="str"), pattern).tolist() == expected
    assert _matches(pd.Series(normal, dtype=object), pattern).tolist() == expected


def test_whole_word_matching_of_thousands_of_phrases_works_in_passes():
    """A big account proposes thousands of phrases: RE2 refuses one pattern that large ("pattern too
    large"), so they are matched in passes; the hits are those of a plain Python check."""
    import pandas as pd

    from helpers.measures.search_terms.text import _contains_any

    phrases = [f"word{i} thing{i}" for i in range(60_000)]  # one pattern of these: "pattern too large"
    terms = pd.Series(["a word7 thing7 b", "word7 thing", "x word59999 thing59999", "nothing here", "word1 thing1"],
                      dtype="str")
    wanted = [any(f" {p} " in f" {t} " for p in phrases) for t in terms]
    assert _contains_any(terms, phrases).tolist() == wanted == [True, False, True, False, True]


@given(hs.text(alphabet=hs.sampled_from(list("ab cÉß\t語-x")), max_size=20))
def test_cached_char_ngrams_are_scikit_learns(text):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from helpers.measures.search_terms.clusters import _char_wb_3_5

    theirs = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5)).build_analyzer()
    assert _char_wb_3_5(text) == theirs(text)


_term_text = hs.text(alphabet=hs.sampled_from(list("ab cÉß\t語-xy\u00a0")), max_size=16)  # tab, no-break space: Python splits


@given(hs.lists(_term_text, min_size=1, max_size=12), hs.lists(_term_text, min_size=1, max_size=12))
@settings(max_examples=60, deadline=None)
def test_tail_counts_summed_from_words_are_scikit_learns(fitted, tail):
    """The tail's word (1-2) and char_wb (3-5) counts, built from distinct words and word pairs,
    are the very matrices scikit-learn's ``transform`` gives for the vocabulary fitted on other
    terms: same entries, same dtype, canonical CSR (words repeated, unknown, blank, non-ASCII)."""
    from sklearn.feature_extraction.text import CountVectorizer

    from helpers.measures.search_terms.clusters import _char_counts, _char_wb_3_5, _word_counts

    fitted = [*fitted, "ab ab xy", "ab xy"]  # a known pair, so bigram lookups can hit
    tail = np.asarray(tail + ["ab xy ab xy", ""], dtype=object)
    for counter, ours in (
        (CountVectorizer(ngram_range=(1, 2), token_pattern=r"\S+", dtype=np.float32), _word_counts),
        (CountVectorizer(analyzer=_char_wb_3_5, lowercase=False, dtype=np.float32), _char_counts),
    ):
        counter.fit(fitted)
        theirs, got = counter.transform(tail), ours(tail, counter.vocabulary_)
        assert got.dtype == theirs.dtype == np.float32 and got.shape == theirs.shape
        assert got.has_canonical_format
        assert (got != theirs).nnz == 0 and np.array_equal(got.indices, theirs.indices)


def test_clusters_of_rows_with_a_missing_term_leave_them_out():
    """A row with no search term (a blank cell Amazon left) gets cluster -1 like a blank term,
    and is counted once in the summary's blank row."""
    frame = rows([(w, 10 + i, float(10 + i), 0.0, 0) for i, w in enumerate(WORDS)])
    frame.loc[0, "search_term"] = None
    out = st.cluster_terms(frame, max_clusters=4)
    assert out["cluster"].iloc[0] == -1 and out["cluster_name"].iloc[0] == ""
    assert (out["cluster"].iloc[1:] >= 0).all()
    summary = st.cluster_summary(out).set_index("cluster")
    assert summary.loc[-1, "terms"] == 1 and summary.loc[-1, "spend"] == frame["spend"].iloc[0]


_word = hs.sampled_from(["red", "bottle", "water", "kids", "é", "語", "b0"])
_normal_text = hs.lists(_word, min_size=1, max_size=4).map(" ".join)


@given(hs.lists(_normal_text, min_size=1, max_size=8), hs.lists(_normal_text, max_size=10))
@settings(max_examples=80, deadline=None)
def test_blocked_phrases_are_the_same_read_by_regex_or_by_each_terms_runs_of_words(phrases, terms):
    """Past one regex pass of phrases, the phrases a term would block are found from the terms'
    own runs of words instead: the same phrases either way, and those of a plain check."""
    from helpers.measures.search_terms import negatives

    want = {p for p in phrases if any(f" {p} " in f" {t} " for t in terms)}
    assert negatives._blocked_phrases(phrases, terms) == want
    original = negatives.PHRASES_PER_PATTERN
    try:
        negatives.PHRASES_PER_PATTERN = 1  # as if there were more phrases than a pass takes
        assert negatives._blocked_phrases(phrases, terms) == want
    finally:
        negatives.PHRASES_PER_PATTERN = original


def test_sizes_a_shopper_types_and_the_ones_that_are_not_the_products():
    """Sizes by unit family in one base unit (a decimal comma or point kept, '2-pack' read as 2
    pack); another size of a family the product has is named as the term writes it; a size of
    another family, the product's own size written another way, or a number alone is not."""
    assert st.sizes("Trinkflasche 1,5 l") == {"ml": {1500.0}}
    assert st.sizes("Socks 2-Pack, 12 inch") == {"pack": {2.0}, "mm": {12 * 25.4}}
    assert st.sizes("water bottle 2024") == {} and st.sizes(None) == {}
    bottle = st.sizes("Insulated Water Bottle 64 oz")
    assert st.other_size("32 oz water bottle", bottle) == "32 oz"
    assert st.other_size("water bottle 32oz", bottle) == "32oz"
    assert st.other_size("half gallon water bottle", bottle) == ""  # no number: no size to compare
    assert st.other_size("64 ounce water bottle", bottle) == ""  # the product's own, another word
    assert st.other_size("2 l water bottle", bottle) == ""  # litres and ounces are not compared
    litre = st.sizes("Flasche 1 l")
    assert st.other_size("flasche 1000 ml", litre) == "" and st.other_size("flasche 1.5 l", litre) == "1.5 l"
    assert st.other_size("water bottle 32 oz", {}) == ""  # a product without a size: nothing is another
