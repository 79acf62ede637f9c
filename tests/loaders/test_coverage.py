"""Coverage decides the default quarter (issue 14 §2): the latest quarter whose days are at least 90 %
covered by the reports it uses, and the covered days of any period per report kind.

Before: data starting 2023-05-18 gave 2023-Q2 (44 of its 91 days) with no warning.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers.errors import MissingDataError
from helpers.loaders import load_client
from helpers.periods import Quarter, covered_days, latest_covered_quarter
from tests import loader_fixtures as fx


def days(start: str, end: str) -> list[dt.date]:
    return [d.date() for d in pd.date_range(start, end)]


def client(root: Path, *, business: tuple[str, str] | None, ads: tuple[str, str] | None) -> str:
    folder = root / "data" / "c"
    folder.mkdir(parents=True)
    if business:
        rows = [[d.strftime("%m/%d/%Y"), "$100.00", "2", "2", "40", "50"] for d in days(*business)]
        fx.br_by_date_csv(folder / "BusinessReport.csv", rows)
    if ads:
        fx.daily_str_csv(folder / "Sponsored Products Search term report.csv", days(*ads), spend=3.0)
    return "c"


def test_partial_first_quarter_is_not_the_default(tmp_path):
    data = load_client(
        client(tmp_path, business=("2023-05-18", "2023-09-30"), ads=("2023-05-18", "2023-09-30")),
        tmp_path,
        cache=False,
    )
    assert data.default_quarter() == Quarter(2023, 3)
    q2 = Quarter(2023, 2)
    covered = data.covered_days(q2.start, q2.end).set_index("kind")
    assert covered.loc["business_date", ["covered", "days"]].tolist() == [44, 91]
    assert covered.loc["SP", ["covered", "days"]].tolist() == [44, 91]
    assert covered.loc["SP", "first"] == dt.date(2023, 5, 18) and covered.loc["SP", "last"] == dt.date(
        2023, 6, 30
    )


def test_no_quarter_covered_enough_is_one_line(tmp_path):
    data = load_client(
        client(tmp_path, business=("2023-05-18", "2023-08-31"), ads=None), tmp_path, cache=False
    )
    with pytest.raises(MissingDataError) as caught:
        data.default_quarter()
    text = str(caught.value)
    assert "\n" not in text and "2023-Q2 48%" in text and "2023-Q3 67%" in text
    assert caught.value.exit_code == 2


def test_reports_lagging_a_day_still_give_the_quarter():
    """Business Reports lag a day or two: data through 29 September covers 91 of Q3's 92 days."""
    assert latest_covered_quarter(
        {"business_date": pd.Series(pd.date_range("2023-01-01", "2023-09-29"))}
    ) == Quarter(2023, 3)
    assert latest_covered_quarter({"b": pd.Series(pd.date_range("2023-01-01", "2023-09-20"))}) == Quarter(
        2023, 2
    )


def test_every_kind_with_days_in_the_quarter_must_cover_it(tmp_path):
    # ads stop on 15 November: Q4 is half covered by ads, so Q3 is the default
    data = load_client(
        client(tmp_path, business=("2023-01-01", "2023-12-31"), ads=("2023-01-01", "2023-11-15")),
        tmp_path,
        cache=False,
    )
    assert data.default_quarter() == Quarter(2023, 3)
    assert data.default_quarter(("business_date",)) == Quarter(2023, 4)


def test_ads_paused_for_good_do_not_hold_the_quarter_back(tmp_path):
    data = load_client(
        client(tmp_path, business=("2023-01-01", "2023-12-31"), ads=("2023-01-01", "2023-06-30")),
        tmp_path,
        cache=False,
    )
    assert data.default_quarter() == Quarter(2023, 4)


def test_covered_days_counts_ranges_of_summary_exports():
    frame = pd.DataFrame(
        {
            "start_date": pd.to_datetime(["2026-07-01", "2026-07-08"]),
            "end_date": pd.to_datetime(["2026-07-07", "2026-07-14"]),
        }
    )
    out = covered_days({"search_terms": frame}, dt.date(2026, 7, 1), dt.date(2026, 7, 31)).iloc[0]
    assert (out.covered, out.days, out["first"], out["last"]) == (
        14,
        31,
        dt.date(2026, 7, 1),
        dt.date(2026, 7, 14),
    )
    assert out.share == pytest.approx(14 / 31)


@pytest.mark.skipif(not fx.SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_real_monthly_business_report(tmp_path):
    """The real by-month Business Report (Dec 2017 – Nov 2019): Q4 2019 has October and November,
    61 of 92 days, so the default is 2019-Q3."""
    folder = tmp_path / "data" / "real"
    folder.mkdir(parents=True)
    shutil.copy(fx.SAMPLES / "business-report-by-month-us-2019.csv", folder)
    data = load_client("real", tmp_path, cache=False)
    assert data.default_quarter() == Quarter(2019, 3)
    q4 = Quarter(2019, 4)
    row = data.covered_days(q4.start, q4.end).set_index("kind").loc["business_date"]
    assert (row.covered, row.days, row["last"]) == (61, 92, dt.date(2019, 11, 30))
