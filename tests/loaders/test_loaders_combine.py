"""Combining several downloads, Business Report session de-dup and by-child range assignment."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from helpers.errors import MissingDataError
from helpers.loaders import assign_ranges, business_asin_totals, combine, load_client, read_report
from tests import loader_fixtures as fx


def days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(n) for n in range((last - first).days + 1)]


def test_overlapping_daily_files_keep_one_file_per_day(tmp_path):
    june = fx.daily_str_csv(tmp_path / "june.csv", days(dt.date(2026, 6, 1), dt.date(2026, 6, 30)), spend=1.0)
    july = fx.daily_str_csv(tmp_path / "july.csv", days(dt.date(2026, 7, 1), dt.date(2026, 7, 31)), spend=2.0)
    last30 = fx.daily_str_csv(
        tmp_path / "last30.csv", days(dt.date(2026, 7, 2), dt.date(2026, 7, 31)), spend=3.0
    )
    reports = [read_report(p) for p in (june, july, last30)]
    combined = combine(reports)
    assert len(combined) == 61
    assert combined["start_date"].is_unique
    # ties on the end date go to the longer file (july starts earlier), deterministically
    assert set(combined.loc[combined["start_date"].dt.month == 7, "source"]) == {"july.csv"}
    assert combined["spend"].sum() == pytest.approx(30 * 1.0 + 31 * 2.0)
    assert combine(list(reversed(reports))).equals(combined)


def test_file_ending_later_wins_the_overlap(tmp_path):
    a = fx.daily_str_csv(tmp_path / "a.csv", days(dt.date(2026, 6, 1), dt.date(2026, 6, 20)), spend=1.0)
    b = fx.daily_str_csv(tmp_path / "b.csv", days(dt.date(2026, 6, 10), dt.date(2026, 6, 30)), spend=5.0)
    combined = combine([read_report(a), read_report(b)])
    assert len(combined) == 30
    assert combined.groupby("source").size().to_dict() == {"a.csv": 9, "b.csv": 21}


def test_overlapping_monthly_business_reports(tmp_path):
    first = fx.monthly_by_date_csv(
        tmp_path / "h1.csv",
        [("01/01/2026", "$100.00", 1), ("02/01/2026", "$200.00", 2), ("03/01/2026", "$300.00", 3)],
    )
    second = fx.monthly_by_date_csv(
        tmp_path / "q1q2.csv", [("03/01/2026", "$310.00", 3), ("04/01/2026", "$400.00", 4)]
    )
    combined = combine([read_report(first), read_report(second)])
    assert combined["start_date"].dt.month.tolist() == [1, 2, 3, 4]
    assert combined["sales"].tolist() == [100.0, 200.0, 310.0, 400.0]


def test_combine_refuses_mixed_report_types(tmp_path):
    reports = [
        read_report(fx.br_2019_csv(tmp_path / "a.csv")),
        read_report(fx.legacy_str_csv(tmp_path / "b.csv")),
    ]
    with pytest.raises(ValueError, match="one type"):
        combine(reports)


def test_business_asin_totals_counts_sessions_once_per_page(tmp_path):
    frame = read_report(fx.br_2019_csv(tmp_path / "br.csv")).frame
    before = frame.copy()
    collapsed = business_asin_totals(frame)
    assert len(collapsed) == 3
    one = collapsed[
        (collapsed["parent_asin"] == "B0PARENT01") & (collapsed["child_asin"] == "B0CHILD001")
    ].iloc[0]
    assert (one["sessions"], one["page_views"], one["units"]) == (3395, 4488, 134)
    assert one["sales"] == pytest.approx(5216.29 + 692.94)
    assert one["unit_session_pct"] == pytest.approx(134 / 3395)
    pd.testing.assert_frame_equal(frame, before)  # input untouched


def test_assign_ranges_matches_months_and_quarters(tmp_path):
    by_date = read_report(
        fx.monthly_by_date_csv(
            tmp_path / "months.csv",
            [("01/01/2026", "$1,000.00", 10), ("02/01/2026", "$2,000.00", 20), ("03/01/2026", "$3,000.00", 30),
             ("04/01/2026", "$4,000.00", 41)],
        )
    ).frame  # fmt: skip
    feb = read_report(fx.br_b2b_csv(tmp_path / "feb.csv", units=20, sales="$2,004.00"))  # within 0.5 %
    q1 = read_report(fx.br_b2b_csv(tmp_path / "q1.csv", units=60, sales="$6,000.00"))
    odd = read_report(fx.br_b2b_csv(tmp_path / "odd.csv", units=7, sales="$70.00"))
    dated = assign_ranges([feb, q1, odd], by_date)
    assert (dated[0].start, dated[0].end) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert (dated[0].frame["end_date"] == pd.Timestamp("2026-02-28")).all()
    assert (dated[1].start, dated[1].end) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert dated[2].start is None and dated[2].frame["start_date"].isna().all()
    assert any("date range unknown" in n for n in dated[2].notes)
    assert feb.start is None  # originals untouched


def test_assign_ranges_matches_a_month_to_date_download(tmp_path):
    # the by-date report ends mid-month (Mar 15): a by-child file downloaded then covers Mar 1-15
    daily = [(f"{d.month:02d}/{d.day:02d}/2026", "$100.00", 1) for d in days(dt.date(2026, 2, 1), dt.date(2026, 3, 15))]
    by_date = read_report(fx.monthly_by_date_csv(tmp_path / "days.csv", daily)).frame
    mtd = read_report(fx.br_b2b_csv(tmp_path / "mtd.csv", units=15, sales="$1,500.00"))
    dated = assign_ranges([mtd], by_date)[0]
    assert (dated.start, dated.end) == (dt.date(2026, 3, 1), dt.date(2026, 3, 15))
    assert any("month to date" in n for n in dated.notes)


def test_load_client(tmp_path):
    folder = tmp_path / "data" / "acme"
    fx.daily_str_csv(folder / "june.csv", days(dt.date(2026, 6, 1), dt.date(2026, 6, 30)), spend=1.0)
    fx.monthly_by_date_csv(
        folder / "months.csv", [("05/01/2026", "$1,000.00", 10), ("06/01/2026", "$2,000.00", 20)]
    )
    fx.br_b2b_csv(folder / "BusinessReport-06-2026.csv", units=20, sales="$2,000.00")
    (folder / "notes.txt").write_text("call client on monday\n")
    data = load_client("acme", root=tmp_path)
    assert len(data.search_terms) == 30
    assert data.targeting.empty and "start_date" in data.targeting.columns
    assert data.advertised_products.empty
    assert len(data.business_date) == 2
    assert data.business_asin["start_date"].tolist() == [pd.Timestamp("2026-06-01")]
    assert data.business_asin["end_date"].tolist() == [pd.Timestamp("2026-06-30")]
    assert len(data.reports) == 3
    assert any("notes.txt" in n for n in data.notes)


def test_load_client_missing_folder_says_where_to_put_files(tmp_path):
    with pytest.raises(MissingDataError, match=r"data/ghost"):
        load_client("ghost", root=tmp_path)
