"""helpers.periods: quarters, their comparison periods, coverage and weeks."""

from __future__ import annotations

import datetime as dt
import doctest

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import periods
from helpers.errors import MissingDataError, ParamsError
from helpers.periods import Quarter, latest_full_quarter, quarter_coverage, week_start

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))


# -- Quarter ----------------------------------------------------------------------------------------------


def test_parse_and_label():
    q = Quarter.parse("2026-Q3")
    assert q == Quarter(2026, 3)
    assert (q.start, q.end, q.label, str(q)) == (
        dt.date(2026, 7, 1),
        dt.date(2026, 9, 30),
        "2026-Q3",
        "2026-Q3",
    )


@pytest.mark.parametrize(
    "text", ["2026-Q5", "2026-Q0", "2026Q3", "26-Q1", " 2026-Q3", "2026-q3", "", "0000-Q1", None, 2026]
)
def test_parse_refuses_anything_else_naming_the_format(text):
    with pytest.raises(ParamsError, match=r"period must be a quarter written YYYY-Qn .*'2026-Q3'.*; got"):
        Quarter.parse(text)


def test_parse_names_the_source():
    with pytest.raises(ParamsError, match=r"got '2026-07' \(in params/acme.yaml\)$"):
        Quarter.parse("2026-07", source="params/acme.yaml")


def test_constructor_validates():
    with pytest.raises(ValueError, match="q must be 1, 2, 3 or 4; got 5"):
        Quarter(2026, 5)
    with pytest.raises(ValueError, match="year"):
        Quarter("2026", 1)  # type: ignore[arg-type]


def test_previous_next_and_year_ago_cross_years():
    assert Quarter(2026, 1).previous() == Quarter(2025, 4)
    assert Quarter(2025, 4).next() == Quarter(2026, 1)
    assert Quarter(2026, 3).previous() == Quarter(2026, 2)
    assert Quarter(2026, 1).year_ago() == Quarter(2025, 1)


def test_ends_and_lengths_including_leap_years():
    assert Quarter(2024, 1).end == dt.date(2024, 3, 31)
    assert Quarter(2024, 1).days == 91  # 29 February
    assert Quarter(2023, 1).days == 90
    assert Quarter(2100, 1).days == 90  # not a leap year
    assert Quarter(2000, 1).days == 91  # is one
    assert [Quarter(2026, q).days for q in (2, 3, 4)] == [91, 92, 92]
    assert Quarter(2026, 4).end == dt.date(2026, 12, 31)
    assert len(Quarter(2024, 1).date_range()) == 91


def test_of_accepts_dates_datetimes_and_timestamps():
    assert Quarter.of(dt.date(2024, 2, 29)) == Quarter(2024, 1)
    assert Quarter.of(dt.datetime(2026, 12, 31, 23, 59)) == Quarter(2026, 4)
    assert Quarter.of(pd.Timestamp("2026-04-01")) == Quarter(2026, 2)
    assert Quarter.of(np.datetime64("2026-07-01")) == Quarter(2026, 3)
    with pytest.raises(MissingDataError):
        Quarter.of(pd.NaT)


def test_quarters_sort():
    assert sorted([Quarter(2026, 1), Quarter(2025, 4), Quarter(2025, 2)]) == [
        Quarter(2025, 2), Quarter(2025, 4), Quarter(2026, 1)
    ]  # fmt: skip


def test_contains_scalars_series_and_index():
    q = Quarter(2026, 1)
    assert q.contains(dt.date(2026, 1, 1)) and q.contains(dt.date(2026, 3, 31))
    assert not q.contains(dt.date(2025, 12, 31)) and not q.contains(dt.date(2026, 4, 1))
    assert q.contains(pd.Timestamp("2026-03-31 23:59:59"))
    assert not q.contains(pd.NaT)
    series = pd.Series(
        pd.to_datetime(["2025-12-31 00:00", "2026-03-31 18:00", None, "2026-04-01 00:00"]), index=[5, 6, 7, 8]
    )
    inside = q.contains(series)
    assert isinstance(inside, pd.Series) and inside.index.tolist() == [5, 6, 7, 8]
    assert inside.tolist() == [False, True, False, False]
    index = pd.DatetimeIndex(["2026-02-01", "2026-05-01"])
    assert q.contains(index).tolist() == [True, False]
    aware = pd.Series(pd.to_datetime(["2026-01-01 00:30"]).tz_localize("America/Los_Angeles"))
    assert q.contains(aware).tolist() == [True]


# -- latest full quarter -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_day", "expected"),
    [
        (dt.date(2026, 12, 31), "2026-Q4"),  # the last day completes Q4
        (dt.date(2027, 1, 1), "2026-Q4"),
        (dt.date(2026, 12, 30), "2026-Q3"),
        (dt.date(2026, 1, 1), "2025-Q4"),
        (dt.date(2026, 3, 31), "2026-Q1"),
        (dt.date(2026, 3, 30), "2025-Q4"),
        (dt.date(2024, 2, 29), "2023-Q4"),  # leap day
        (pd.Timestamp("2026-09-30 23:00"), "2026-Q3"),
        (dt.datetime(2026, 6, 30, 0, 0), "2026-Q2"),
    ],
)
def test_latest_full_quarter(last_day, expected):
    assert latest_full_quarter(last_day).label == expected


def test_latest_full_quarter_needs_a_date():
    with pytest.raises(MissingDataError, match="last data day must be a date"):
        latest_full_quarter(pd.NaT)
    with pytest.raises(TypeError):
        latest_full_quarter("2026-09-30")


@given(day=days)
def test_latest_full_quarter_is_the_latest_complete_one(day):
    q = latest_full_quarter(day)
    assert q.end <= day < q.next().end


@given(day=days)
def test_quarter_navigation_properties(day):
    q = Quarter.of(day)
    assert q.contains(day) and q.start <= day <= q.end
    assert q.previous().next() == q and q.next().previous() == q
    assert q.year_ago() == Quarter(q.year - 1, q.q)
    assert q.previous().end + dt.timedelta(days=1) == q.start
    assert Quarter.parse(q.label) == q


# -- coverage ------------------------------------------------------------------------------------------------


def test_quarter_coverage():
    q = Quarter(2024, 1)
    full = pd.Series(pd.date_range("2023-12-15", "2024-04-15", freq="D"))
    assert quarter_coverage(full, q) == 1.0
    assert quarter_coverage(pd.Series(pd.date_range("2023-01-01", "2023-03-31")), q) == 0.0  # last year only
    assert quarter_coverage(pd.DatetimeIndex([]), q) == 0.0
    # duplicates, times of day and NaT count once or not at all
    repeated = pd.Series(pd.to_datetime(["2024-01-01 00:00", "2024-01-01 13:00", None, "2024-02-29 00:00"]))
    assert quarter_coverage(repeated, q) == pytest.approx(2 / 91)
    assert quarter_coverage(pd.date_range("2024-01-01", "2024-02-14"), q) == pytest.approx(45 / 91)


def test_quarter_coverage_expands_row_ranges():
    q = Quarter(2026, 3)
    summary = pd.DataFrame(
        {
            "start_date": pd.to_datetime(["2026-07-01", "2026-07-01"]),
            "end_date": pd.to_datetime(["2026-08-15", "2026-08-15"]),
        }
    )
    assert quarter_coverage(summary, q) == pytest.approx(46 / 92)
    with pytest.raises(ValueError, match="start_date"):
        quarter_coverage(pd.DataFrame({"date": []}), q)
    with pytest.raises(TypeError, match="quarter must be a Quarter"):
        quarter_coverage(summary, "2026-Q3")


# -- weeks ---------------------------------------------------------------------------------------------------


def test_week_start_is_monday_midnight():
    assert week_start(pd.Timestamp("2026-01-04 15:30")) == pd.Timestamp("2025-12-29")  # Sunday
    assert week_start(pd.Timestamp("2026-01-05")) == pd.Timestamp("2026-01-05")  # Monday
    assert week_start(dt.date(2024, 3, 1)) == pd.Timestamp("2024-02-26")
    assert week_start(pd.NaT) is pd.NaT


def test_week_start_series_and_index():
    series = pd.Series(pd.to_datetime(["2026-01-07 09:00", None, "2026-01-11 00:00"]), index=["a", "b", "c"])
    out = week_start(series)
    assert out.index.tolist() == ["a", "b", "c"]
    assert (
        out.iloc[0] == pd.Timestamp("2026-01-05")
        and pd.isna(out.iloc[1])
        and out.iloc[2] == pd.Timestamp("2026-01-05")
    )
    index = week_start(pd.DatetimeIndex(["2026-01-07", "2026-01-12"]))
    assert isinstance(index, pd.DatetimeIndex)
    assert index.tolist() == [pd.Timestamp("2026-01-05"), pd.Timestamp("2026-01-12")]


@given(day=days)
def test_week_start_property(day):
    start = week_start(pd.Timestamp(day))
    assert start.day_of_week == 0
    assert dt.timedelta(0) <= pd.Timestamp(day) - start < dt.timedelta(days=7)


def test_docstring_examples():
    result = doctest.testmod(periods)
    assert result.attempted >= 6 and result.failed == 0
