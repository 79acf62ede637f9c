"""The fast paths of issue 15 give what the straightforward ones give: clustering works on distinct
normalised terms without touching its input; the parse cache restores every dtype; combining
de-duplicates periods as the day rules say."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as hs

from helpers.loaders import _combine, load_client, read_report
from helpers.measures import search_terms as st
from tests import loader_fixtures as fx

# -- clusters ------------------------------------------------------------------------------------------


def _rows(terms: list[str], spend: list[float]) -> pd.DataFrame:
    n = len(terms)
    return pd.DataFrame(
        {
            "search_term": terms, "impressions": [100.0] * n, "clicks": [2.0] * n, "spend": spend,
            "sales": [0.0] * n, "orders": [0.0] * n, "units": [0.0] * n,
        }
    )  # fmt: skip


def test_spellings_of_one_term_share_a_cluster_and_count_once():
    """"Water-Bottle", "water  bottle" and "WATER BOTTLE" normalise to one term: one cluster, one
    distinct term in the summary, their spend summed; blank terms get cluster -1; the input is
    left as it was (no column added, no value changed)."""
    terms = ["Water-Bottle", "water  bottle", "WATER BOTTLE", "hiking socks", "wool socks", "merino socks",
             "headlamp", "led headlamp", "camping hammock", "hammock", "", "*"]  # fmt: skip
    frame = _rows(terms, [1.0, 2.0, 4.0, 3.0, 3.0, 3.0, 5.0, 5.0, 6.0, 6.0, 7.0, 0.5])
    before = frame.copy()
    out = st.cluster_terms(frame, max_clusters=4)
    pd.testing.assert_frame_equal(frame, before)
    assert out["cluster"].iloc[0] == out["cluster"].iloc[1] == out["cluster"].iloc[2]
    assert out["cluster"].iloc[10] == -1 and out["cluster_name"].iloc[10] == ""
    assert out["cluster"].iloc[11] >= 0  # Amazon's placeholder "*" is a term of its own
    summary = st.cluster_summary(out).set_index("cluster")
    # 8 distinct normalised words + "*" + the blank (cluster -1): 10; the bottle spellings count once
    assert summary["terms"].sum() == 10
    assert summary.loc[-1, "spend"] == 7.0
    bottle = summary.loc[out["cluster"].iloc[0]]
    members = out.loc[out["cluster"] == out["cluster"].iloc[0], "search_term"].map(st.normalize_term)
    assert bottle["terms"] == members.nunique()
    assert summary["spend"].sum() == pytest.approx(sum(frame["spend"]))


def test_cluster_summary_without_a_base_column_leaves_it_blank():
    out = st.cluster_terms(_rows(["a b", "a c", "d e"], [1.0, 2.0, 3.0]).drop(columns="units"))
    summary = st.cluster_summary(out)
    assert summary["units"].isna().all() and summary["spend"].sum() == 6.0
    assert list(summary.columns) == st.CLUSTER_SUMMARY_COLUMNS


# -- parse cache and combine -------------------------------------------------------------------------


def test_warm_load_of_a_client_equals_a_fresh_parse(tiny_root):
    """Every frame of a client read back from the parse cache (twice: filling it, then reading it)
    equals a parse without the cache, dtypes included."""
    fresh = load_client("tiny", tiny_root, cache=False)
    for _ in range(2):
        warm = load_client("tiny", tiny_root)
        for name in ("search_terms", "targeting", "advertised_products", "business_asin", "business_date"):
            pd.testing.assert_frame_equal(getattr(warm, name), getattr(fresh, name), check_exact=True)
        assert warm.frames.keys() == fresh.frames.keys()
        for kind, frame in fresh.frames.items():
            pd.testing.assert_frame_equal(warm.frames[kind], frame, check_exact=True)
        for got, want in zip(warm.reports, fresh.reports, strict=True):
            pd.testing.assert_frame_equal(got.frame, want.frame, check_exact=True)
        assert warm.notes == fresh.notes


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(n) for n in range((last - first).days + 1)]


def test_combine_drops_only_the_periods_another_file_already_covers(tmp_path):
    """a.csv (June 1-20) ends earlier than b.csv (June 10-30): b keeps its 21 days, a keeps June 1-9
    and its 11 days from June 10 are dropped, counted in the note."""
    a = fx.daily_str_csv(tmp_path / "a.csv", _days(dt.date(2026, 6, 1), dt.date(2026, 6, 20)), spend=1.0)
    b = fx.daily_str_csv(tmp_path / "b.csv", _days(dt.date(2026, 6, 10), dt.date(2026, 6, 30)), spend=5.0)
    combined, notes = _combine([read_report(a), read_report(b)])
    assert combined["spend"].sum() == pytest.approx(9 * 1.0 + 21 * 5.0)
    assert combined["start_date"].min() == pd.Timestamp("2026-06-01")
    assert notes == ["a.csv: dropped 11 period(s) already covered by b.csv (which ends later)"]


_stamps = hs.sampled_from([pd.Timestamp("2026-06-01"), pd.Timestamp("2026-06-02"), pd.Timestamp("2026-06-03"), pd.NaT])


@given(hs.lists(hs.lists(hs.tuples(_stamps, _stamps, hs.booleans(), hs.sampled_from(["x", "y", None])),
                         min_size=1, max_size=6), min_size=1, max_size=4))  # fmt: skip
@settings(max_examples=80, deadline=None)
def test_stacking_kept_rows_in_order_is_concat_then_a_stable_sort(files):
    """The column-at-a-time stack equals filtering each file, concatenating and pandas' stable
    sort (missing dates last), dtypes included: whatever the kept rows, ties and missing dates, and
    whether it builds the columns from slices (a few runs) or by a take (many)."""
    from unittest import mock

    import helpers.loaders as loaders

    kept = []
    for i, rows in enumerate(files):
        frame = pd.DataFrame({
            "start_date": pd.Series([r[0] for r in rows], dtype="datetime64[ns]"),
            "end_date": pd.Series([r[1] for r in rows], dtype="datetime64[ns]"),
            "text": pd.Series([r[3] for r in rows], dtype="str"),
            "spend": np.arange(len(rows), dtype=float) + 10 * i,
            "source": pd.Series([f"file{(i * 7) % 3}.csv"] * len(rows), dtype="str"),
        })  # fmt: skip
        keep = np.array([r[2] for r in rows])
        kept.append((frame, None if keep.all() else np.flatnonzero(keep)))
    by = ["start_date", "end_date", "source"]
    want = pd.concat([f if rows is None else f.iloc[rows] for f, rows in kept], ignore_index=True)
    want = want.sort_values(by, kind="stable", na_position="last").reset_index(drop=True)
    for limit in (0, 2, 10**6):  # 0: always a take; 10**6: always slices
        with mock.patch.object(loaders, "MAX_SLICED_RUNS", limit):
            pd.testing.assert_frame_equal(loaders._stack_sorted(kept, by), want, check_exact=True)


@pytest.mark.parametrize(
    ("positions", "limit", "runs"),
    [
        ([5, 6, 7, 0, 1], 10, [(5, 8), (0, 2)]),
        ([0, 1, 2], 10, [(0, 3)]),
        ([], 10, [(0, 0)]),
        ([3, 1, 2, 0], 10, [(3, 4), (1, 3), (0, 1)]),
        ([3, 1, 2, 0], 2, None),  # three runs: more than the limit
        ([3, 1, 2, 0], 3, [(3, 4), (1, 3), (0, 1)]),
    ],
)
def test_runs_of_neighbouring_positions(positions, limit, runs):
    from helpers.loaders import _runs

    assert _runs(np.array(positions, dtype=np.int64), limit) == runs


def test_a_combined_file_keeps_none_of_its_rows_memory(tiny_root):
    """After load_client, a file whose rows went into a combined frame keeps its columns and dtypes
    but no buffer of its rows (an empty slice would keep them all alive)."""
    data = load_client("tiny", tiny_root)
    released = [r for r in data.reports if r.released]
    assert released and all(len(r.frame) == 0 for r in released)
    for report in released:
        assert list(report.frame.columns) == list(data.frames[report.report].columns)
        assert report.frame.dtypes.equals(data.frames[report.report].dtypes)
        for name in report.frame.columns:
            array = report.frame[name].array
            if isinstance(array, pd.arrays.ArrowStringArray):
                assert array.__arrow_array__().get_total_buffer_size() < 64, (report.path.name, name)
            else:
                assert np.asarray(array).base is None or np.asarray(array).base.size == 0, (report.path.name, name)
