"""A Business Report downloaded by month (or week) instead of by day: each row covers its whole span,
so a quarter of monthly rows is covered and compared, while analyses of days never read a month's
sales as one day's."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from helpers.periods import Quarter
from helpers.playbooks import qbr

QUARTERS = {"current": Quarter(2019, 3), "previous": Quarter(2019, 2), "year_ago": Quarter(2018, 3)}


def _by_month(first: str, sales: list[float]) -> pd.DataFrame:
    starts = pd.date_range(first, periods=len(sales), freq="MS")
    return pd.DataFrame({"start_date": starts, "end_date": starts + pd.offsets.MonthEnd(0),
                         "sales": sales, "units": 10.0, "order_items": 10.0, "sessions": np.nan, "page_views": np.nan,
                         "buy_box_pct": np.nan})


def _biz(frame: pd.DataFrame) -> pd.DataFrame:
    return qbr.business_daily(SimpleNamespace(data=SimpleNamespace(business_date=frame)))


NO_ADS = pd.DataFrame({"date": pd.Series(dtype="datetime64[ns]"), "spend": pd.Series(dtype=float)})


def test_monthly_rows_cover_their_months_and_the_quarters_are_compared():
    biz = _biz(_by_month("2018-07-01", [0.0] * 3 + [100.0] * 9 + [400.0] * 3))
    assert biz["span_days"].tolist()[:3] == [31, 31, 30]
    assert qbr.coverage(qbr.coverage_days(biz, NO_ADS), Quarter(2019, 2)) == 1.0
    card = qbr.scorecard(biz, NO_ADS, QUARTERS).set_index("metric")
    sales = card.loc["total_sales"]
    assert (sales["current"], sales["previous"], sales["year_ago"]) == (1200.0, 300.0, 0.0)
    assert sales["qoq"] == pytest.approx(3.0) and np.isnan(sales["yoy"])  # no percent of nothing


def test_a_quarter_with_one_month_missing_is_not_compared():
    biz = _biz(_by_month("2019-05-01", [100.0, 100.0, 100.0, 100.0, 100.0]))  # April 2019 missing
    assert qbr.coverage(qbr.coverage_days(biz, NO_ADS), Quarter(2019, 2)) == pytest.approx(61 / 91)
    card = qbr.scorecard(biz, NO_ADS, QUARTERS)
    assert card["previous"].isna().all()


def test_daily_rows_keep_one_day_each_and_only_they_reach_analyses_of_days():
    days = pd.date_range("2019-07-01", "2019-09-30")
    daily = pd.DataFrame({"start_date": days, "end_date": days, "sales": 10.0, "units": 1.0, "order_items": 1.0,
                          "sessions": np.nan, "page_views": np.nan, "buy_box_pct": np.nan})
    biz = _biz(pd.concat([daily, _by_month("2019-04-01", [50.0, 50.0, 50.0])], ignore_index=True))
    assert qbr.coverage(qbr.coverage_days(biz, NO_ADS), Quarter(2019, 3)) == 1.0
    assert qbr.coverage(qbr.coverage_days(biz, NO_ADS), Quarter(2019, 2)) == 1.0
    assert qbr.day_rows(biz)["date"].min() == pd.Timestamp("2019-07-01")
    assert len(qbr.day_rows(biz)) == len(days)


def _ads(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """ad_daily of an ad export whose rows are (first day, last day, spend)."""
    frame = pd.DataFrame({"start_date": pd.to_datetime([r[0] for r in rows]),
                          "end_date": pd.to_datetime([r[1] for r in rows]), "spend": [r[2] for r in rows],
                          "sales": [2 * r[2] for r in rows], "impressions": 100.0, "clicks": 10.0, "orders": 1.0,
                          "units": 1.0})
    return qbr.ad_daily(SimpleNamespace(ads=SimpleNamespace(daily=frame)))


def test_a_summary_exports_ranges_count_in_the_quarter_they_fall_in_whole():
    """A summary search term export dates each row by the first and last day the term ran: the
    scorecard sums every row inside the quarter, as the campaign table does, not only the rows of
    one day; a row running into the next quarter counts in neither."""
    days = [(f"2022-07-{d:02d}", f"2022-07-{d:02d}", 1.0) for d in range(17, 24)]
    ads = _ads([*days, ("2022-07-17", "2022-08-15", 100.0), ("2022-07-20", "2022-07-21", 10.0),
                ("2022-09-25", "2022-10-05", 1000.0)])
    card = qbr.scorecard(_biz(pd.DataFrame()), ads, {**QUARTERS, "current": Quarter(2022, 3)}).set_index("metric")
    assert card.loc["ad_spend", "current"] == 117.0
    assert card.loc["acos", "current"] == pytest.approx(0.5)
    assert qbr.day_rows(ads)["spend"].sum() == 7.0


def test_weeks_that_a_row_of_several_days_touches_are_not_charted():
    every_day = [(str(d.date()), str(d.date()), 1.0) for d in pd.date_range("2022-07-04", "2022-07-31")]
    ads = _ads([*every_day, ("2022-07-13", "2022-07-19", 50.0)])  # Wednesday to Tuesday: two weeks
    weeks = qbr.weekly(_biz(pd.DataFrame()), ads, Quarter(2022, 3), quarters=1)
    assert weeks["week"].dt.strftime("%m-%d").tolist() == ["07-04", "07-25"]
    assert weeks["ad_spend"].tolist() == [7.0, 7.0]
