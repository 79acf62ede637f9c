"""The parse cache returns exactly what a fresh parse returns, and never hides a changed file."""

import os

import pandas as pd
import pytest

from helpers.loaders import read_report


@pytest.fixture()
def search_term_csv(tmp_path):
    path = tmp_path / "str.csv"
    path.write_text(
        "\ufeffDate,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Impressions,Clicks,"
        "Spend,7 Day Total Sales ,7 Day Total Orders (#),7 Day Total Units (#),Currency\n"
        '"Nov 10, 2025",Camp,AG,bottle,EXACT,water bottle,100,3,$2.50,$30.00,1,1,USD\n'
        '"Nov 11, 2025",Camp,AG,bottle,EXACT,<b>term</b>,50,0,$0.00,,0,0,USD\n',
        encoding="utf-8",
    )
    return path


def test_cached_read_equals_fresh_read(search_term_csv, tmp_path):
    cache = tmp_path / "cache"
    fresh = read_report(search_term_csv)
    first = read_report(search_term_csv, cache_dir=cache)
    assert any(cache.glob("*.parquet")), "the first read fills the cache"
    second = read_report(search_term_csv, cache_dir=cache)
    for got in (first, second):
        pd.testing.assert_frame_equal(got.frame, fresh.frame)
        assert (got.report, got.layout, got.currency, got.window_days, got.start, got.end, got.notes) == (
            fresh.report, fresh.layout, fresh.currency, fresh.window_days, fresh.start, fresh.end, fresh.notes
        )
        assert got.totals() == fresh.totals()


def test_changed_file_is_parsed_again(search_term_csv, tmp_path):
    cache = tmp_path / "cache"
    read_report(search_term_csv, cache_dir=cache)
    text = search_term_csv.read_text(encoding="utf-8").replace("$2.50", "$7.50")
    search_term_csv.write_text(text, encoding="utf-8")
    stat = search_term_csv.stat()
    os.utime(search_term_csv, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert read_report(search_term_csv, cache_dir=cache).totals()["spend"] == pytest.approx(7.5)


def test_damaged_cache_entry_is_ignored(search_term_csv, tmp_path):
    cache = tmp_path / "cache"
    read_report(search_term_csv, cache_dir=cache)
    for entry in cache.glob("*.parquet"):
        entry.write_bytes(b"not parquet")
    assert read_report(search_term_csv, cache_dir=cache).totals()["clicks"] == 3


def test_same_size_and_mtime_but_new_content_is_parsed_again(search_term_csv, tmp_path):
    cache = tmp_path / "cache"
    stat = search_term_csv.stat()
    read_report(search_term_csv, cache_dir=cache)
    text = search_term_csv.read_text(encoding="utf-8").replace("$2.50", "$3.50")  # same length
    search_term_csv.write_text(text, encoding="utf-8")
    os.utime(search_term_csv, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a regenerated demo file
    assert search_term_csv.stat().st_size == stat.st_size
    assert read_report(search_term_csv, cache_dir=cache).totals()["spend"] == pytest.approx(3.5)
