"""Which ranges a pull asks for (helpers.pull.plan), on hand-worked calendars."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers.pull.catalog import BY_KEY
from helpers.pull.plan import plan
from helpers.pull.store import Store, Stored, atomic_write

D = dt.date
ST = BY_KEY["sp_search_term"]


def _stored(start, end, pulled, report=ST):
    return Stored(report.key, start, end, pulled, None)


def test_first_pull_splits_into_31_day_requests_within_retention():
    windows = plan(ST, [], since=None, today=D(2026, 10, 1), repull_days=14)
    # retention 95 days: 2026-06-29 .. 2026-09-30 (yesterday) = 94 days -> 31 + 31 + 31 + 1
    assert windows == [
        (D(2026, 6, 29), D(2026, 7, 29)), (D(2026, 7, 30), D(2026, 8, 29)),
        (D(2026, 8, 30), D(2026, 9, 29)), (D(2026, 9, 30), D(2026, 9, 30)),
    ]  # fmt: skip
    assert all((e - s).days < 31 for s, e in windows)


def test_since_older_than_retention_is_clipped():
    assert plan(ST, [], since=D(2020, 1, 1), today=D(2026, 10, 1), repull_days=0)[0][0] == D(2026, 6, 29)


def test_only_unsettled_days_are_asked_again():
    stored = [_stored(D(2026, 9, 1), D(2026, 9, 30), pulled=D(2026, 10, 1))]
    # pulled on Oct 1: days up to Sep 24 are 7+ days old -> settled with repull_days=7
    assert plan(ST, stored, since=D(2026, 9, 1), today=D(2026, 10, 5), repull_days=7) == [(D(2026, 9, 25), D(2026, 10, 4))]
    assert plan(ST, stored, since=D(2026, 9, 1), today=D(2026, 10, 1), repull_days=0) == []


def test_gaps_are_separate_requests():
    stored = [_stored(D(2026, 9, 10), D(2026, 9, 20), pulled=D(2026, 11, 1))]
    assert plan(ST, stored, since=D(2026, 9, 1), today=D(2026, 10, 1), repull_days=14) == [
        (D(2026, 9, 1), D(2026, 9, 9)), (D(2026, 9, 21), D(2026, 9, 30)),
    ]  # fmt: skip


def test_by_asin_sales_and_traffic_asks_calendar_months():
    report = BY_KEY["sales_traffic_asin"]
    stored = [_stored(D(2026, 8, 1), D(2026, 8, 31), pulled=D(2026, 10, 1), report=report)]
    windows = plan(report, stored, since=D(2026, 8, 1), today=D(2026, 10, 16), repull_days=14)
    assert windows == [(D(2026, 9, 1), D(2026, 9, 30)), (D(2026, 10, 1), D(2026, 10, 15))]


def test_brand_analytics_asks_only_whole_months():
    report = BY_KEY["search_query_performance"]
    assert plan(report, [], since=D(2026, 8, 15), today=D(2026, 10, 16), repull_days=0) == [
        (D(2026, 8, 1), D(2026, 8, 31)), (D(2026, 9, 1), D(2026, 9, 30)),
    ]  # fmt: skip


def test_snapshots_once_a_day():
    report = BY_KEY["fba_inventory"]
    assert plan(report, [], since=None, today=D(2026, 10, 1), repull_days=14) == [(D(2026, 10, 1), D(2026, 10, 1))]
    done = [_stored(D(2026, 10, 1), D(2026, 10, 1), D(2026, 10, 1), report=report)]
    assert plan(report, done, since=None, today=D(2026, 10, 1), repull_days=14) == []


def test_a_file_missing_from_the_manifest_still_counts(tmp_path: Path):
    # killed after the document was renamed into place but before the manifest was saved
    store = Store(tmp_path / "api")
    atomic_write(tmp_path / "api" / "sp_search_term" / "2026-09-01_2026-09-30.json.gz", b"\x1f\x8b")
    (item,) = store.stored(ST)
    assert (item.start, item.end, item.path.name) == (D(2026, 9, 1), D(2026, 9, 30), "2026-09-01_2026-09-30.json.gz")
    assert not list((tmp_path / "api" / "sp_search_term").glob(".*"))
