"""The parse cache returns exactly what a fresh parse returns (its rows in date order), and never
hides a changed file."""

import dataclasses
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


@pytest.mark.parametrize("threaded_from", [None, 0], ids=["small-file read", "big-file read"])
def test_cached_read_equals_fresh_read(search_term_csv, tmp_path, monkeypatch, threaded_from):
    from helpers.loaders import _cache

    if threaded_from is not None:  # every file counts as big: read with pyarrow's threads
        monkeypatch.setattr(_cache, "THREADED_READ_BYTES", threaded_from)
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


def test_cache_keeps_each_files_totals_as_a_fresh_parse_sums_them(tiny_root, tmp_path):
    """Every kind of demo export (ads, business by date and by child, inventory, listings): the totals
    read back from the cache equal, value and type, the totals of a fresh parse."""
    cache = tmp_path / "cache"
    files = sorted(p for p in (tiny_root / "data" / "tiny").rglob("*") if p.is_file())
    kinds = set()
    for path in files:
        fresh = read_report(path)
        read_report(path, cache_dir=cache)
        warm = read_report(path, cache_dir=cache)
        assert warm.cached_totals is not None, f"{path.name}: the cache kept no totals"
        expected = fresh.totals()
        got = warm.totals()
        assert got == expected, path.name
        assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in expected.items()}, path.name
        kinds.add(fresh.report)
    assert len(kinds) >= 5, kinds


def test_warm_cache_entry_sums_nothing(search_term_csv, tmp_path, monkeypatch):
    from helpers.loaders import REGISTRY

    cache = tmp_path / "cache"
    report = read_report(search_term_csv, cache_dir=cache).report
    spec = REGISTRY[report]

    def no_sum(frame):
        raise AssertionError("summed the frame again although the cache holds its totals")

    monkeypatch.setitem(REGISTRY, report, dataclasses.replace(spec, totals=no_sum))
    assert read_report(search_term_csv, cache_dir=cache).totals()["spend"] == pytest.approx(2.5)


def test_cache_entry_keeps_the_rows_in_date_order_and_combining_is_unchanged(tmp_path):
    """A console export comes shuffled: the cache keeps its rows in date order (a stable sort, so rows
    of one day keep the file's order), cold and warm alike, and combining the cached files gives
    exactly the frame combining fresh parses gives."""
    from helpers.loaders import combine

    header = ("Date,Campaign Name,Ad Group Name,Targeting,Match Type,Customer Search Term,Impressions,"
              "Clicks,Spend,7 Day Total Sales ,7 Day Total Orders (#),7 Day Total Units (#),Currency\n")
    days = ["Nov 12, 2025", "Nov 10, 2025", "Nov 12, 2025", "Nov 11, 2025", "Nov 10, 2025"]
    later = ["Nov 13, 2025", "Nov 12, 2025", "Nov 13, 2025"]
    files = []
    for name, dates in (("a.csv", days), ("b.csv", later)):
        path = tmp_path / name
        path.write_text(header + "".join(
            f'"{day}",Camp,AG,bottle,EXACT,term {name} {i},10,1,${i}.00,,0,0,USD\n' for i, day in enumerate(dates)
        ), encoding="utf-8")  # fmt: skip
        files.append(path)
    cache = tmp_path / "cache"
    fresh = [read_report(path) for path in files]
    cold = [read_report(path, cache_dir=cache) for path in files]
    warm = [read_report(path, cache_dir=cache) for path in files]
    assert fresh[0].frame["search_term"].tolist() == [f"term a.csv {i}" for i in range(5)]
    want = fresh[0].frame.sort_values("start_date", kind="stable").reset_index(drop=True)
    for got in (cold[0], warm[0]):
        pd.testing.assert_frame_equal(got.frame, want)
        assert got.frame["search_term"].tolist() == ["term a.csv 1", "term a.csv 4", "term a.csv 3",
                                                      "term a.csv 0", "term a.csv 2"]
    pd.testing.assert_frame_equal(combine(warm), combine(fresh))
    pd.testing.assert_frame_equal(combine(cold), combine(fresh))


@pytest.mark.parametrize(("report", "sorted_"), [("sp_search_terms", True), ("business_report_date", True),
                                                  ("sp_bulk", False), ("all_listings", False)])
def test_only_reports_combined_by_day_are_kept_in_date_order(report, sorted_):
    """A bulk sheet or a snapshot keeps the file's order (its first row of a duplicated campaign name
    is the one that counts); the ad and Business Reports, combined day by day, are date-ordered."""
    from pathlib import Path

    from helpers.loaders import Report, _in_date_order

    days = pd.to_datetime(["2026-07-03", "2026-07-01", "2026-07-02"])
    frame = pd.DataFrame({"start_date": days, "end_date": days, "campaign": ["c", "a", "b"]})
    got = _in_date_order(Report(Path("x.csv"), report, frame, "test", "USD", None, None, None)).frame
    assert got["campaign"].tolist() == (["a", "b", "c"] if sorted_ else ["c", "a", "b"])


def _entries(cache):
    return sorted(p.name for p in cache.iterdir())


def test_a_new_version_of_a_file_replaces_its_old_entry_and_leaves_other_files_alone(
    search_term_csv, tmp_path, monkeypatch
):
    """The cache holds one entry per export: a changed file or changed loader code writes a new entry
    and removes the file's old one; another file's entry stays."""
    from helpers.loaders import _cache

    cache = tmp_path / "cache"
    other = tmp_path / "other.csv"
    other.write_text(search_term_csv.read_text(encoding="utf-8"), encoding="utf-8")
    read_report(other, cache_dir=cache)
    read_report(search_term_csv, cache_dir=cache)
    first = _entries(cache)
    assert len(first) == 4  # a parquet and a json per file
    changed = search_term_csv.read_text(encoding="utf-8").replace("$2.50", "$7.50")
    search_term_csv.write_text(changed, encoding="utf-8")
    read_report(search_term_csv, cache_dir=cache)
    monkeypatch.setattr(_cache, "loader_version", lambda: "an upgrade")
    read_report(search_term_csv, cache_dir=cache)
    read_report(other, cache_dir=cache)
    now = _entries(cache)
    assert len(now) == 4 and not set(now) & set(first)
    assert read_report(search_term_csv, cache_dir=cache).totals()["spend"] == pytest.approx(7.5)


def test_entries_named_before_names_began_with_the_path_are_removed(search_term_csv, tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    old = ["0123456789abcdef0123456789abcdef.parquet", "0123456789abcdef0123456789abcdef.json"]
    for name in old:
        (cache / name).write_bytes(b"from an older Shelfbook")
    (cache / "README").write_text("not an entry")
    read_report(search_term_csv, cache_dir=cache)
    assert not set(old) & set(_entries(cache)) and "README" in _entries(cache)
