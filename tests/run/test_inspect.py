"""`python -m helpers inspect`: JSON lines on the real samples, exit 2 and no traceback on bad files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import loader_fixtures as fx

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    "path",
    "report",
    "description",
    "ad_types",
    "used",
    "rows",
    "start",
    "end",
    "currency",
    "window_days",
    "totals",
}


def inspect(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "helpers", "inspect", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.skipif(not fx.SAMPLES.is_dir(), reason="../shared/samples is not present")
def test_json_lines_on_the_samples():
    result = inspect("--json", fx.SAMPLES)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 6
    assert all(set(o) == KEYS for o in objects)
    by_name = {Path(o["path"]).name: o for o in objects}
    vendor = by_name["sp-search-term-in-vendor-2020-daily.xlsx"]
    assert (vendor["report"], vendor["currency"], vendor["window_days"]) == ("sp_search_terms", "INR", 14)
    assert (vendor["start"], vendor["end"], vendor["rows"]) == ("2020-02-01", "2020-02-29", 923)
    assert by_name["business-report-child-us-2019.csv"]["start"] is None
    assert by_name["active-listings-us-2020.txt"]["totals"] == {"listings": 76}
    assert "Traceback" not in result.stderr


def test_human_table(tmp_path):
    path = fx.legacy_str_csv(tmp_path / "str.csv")
    result = inspect(path)
    assert result.returncode == 0, result.stderr
    assert "sp_search_terms" in result.stdout and "USD" in result.stdout and "7d" in result.stdout


def test_bad_file_exits_2_without_traceback_and_good_files_still_reported(tmp_path):
    good = fx.br_2019_csv(tmp_path / "good.csv")
    bad = fx.legacy_str_csv(tmp_path / "bad.csv")
    bad.write_text(bad.read_text(encoding="utf-8-sig").replace("$5.04", "abc"), encoding="utf-8-sig")
    binary = tmp_path / "image.csv"
    binary.write_bytes(bytes(range(256)) * 100)
    result = inspect("--json", bad, good, binary)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("shelfbook: error:")]
    assert len(errors) == 2
    assert "bad.csv" in errors[0] and "'Spend'" in errors[0] and "row 2" in errors[0]
    assert "image.csv" in errors[1] and "binary" in errors[1]
    assert [json.loads(line)["report"] for line in result.stdout.splitlines()] == ["business_report_asin"]


def test_missing_path_and_bad_marketplace(tmp_path):
    result = inspect(tmp_path / "nope.csv")
    assert result.returncode == 2 and "file not found" in result.stderr
    result = inspect("--marketplace", "XX", tmp_path)
    assert result.returncode == 2 and "marketplace must be one of" in result.stderr
    assert "Traceback" not in result.stderr


def test_header_only_download_is_an_empty_report(tmp_path):
    """Amazon's "no data" download (header row only) gave `KeyError: 0`."""
    csv_path = fx.write_csv(tmp_path / "nodata.csv", [fx.LEGACY_STR_HEADER])
    xlsx_path = fx.write_xlsx(tmp_path / "nodata.xlsx", [fx.LEGACY_STR_HEADER])
    result = inspect("--json", csv_path, xlsx_path)
    assert result.returncode == 0, result.stderr
    assert [(o["report"], o["rows"]) for o in map(json.loads, result.stdout.splitlines())] == [
        ("sp_search_terms", 0),
        ("sp_search_terms", 0),
    ]


def test_damaged_workbook_in_a_folder_is_an_error(tmp_path):
    good = fx.targeting_xlsx(tmp_path / "good.xlsx").read_bytes()
    (tmp_path / "cut.xlsx").write_bytes(good[: len(good) // 2])
    (tmp_path / "notes.md").write_text("hello")
    result = inspect(tmp_path)
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if line.startswith("shelfbook: error:")]
    assert len(errors) == 1 and "cut.xlsx" in errors[0]
    assert "Traceback" not in result.stderr


def run_inspect(*paths: Path) -> int:
    import argparse

    from helpers.run import inspection

    parser = argparse.ArgumentParser()
    inspection.add_arguments(parser)
    return inspection.run(parser.parse_args(["--json", *map(str, paths)]))


def test_each_workbook_is_parsed_once(tmp_path, monkeypatch, capsys):
    import pandas as pd
    import python_calamine

    real = python_calamine.CalamineWorkbook
    parsed: list[str] = []

    class Counting:
        @staticmethod
        def from_path(path):
            book = real.from_path(path)

            class Book:
                sheet_names = book.sheet_names

                def get_sheet_by_name(self, name):
                    parsed.append(name)
                    return book.get_sheet_by_name(name)

            return Book()

    def no_read_excel(*args, **kwargs):
        raise AssertionError("read_excel parses the workbook a second time")

    monkeypatch.setattr(python_calamine, "CalamineWorkbook", Counting)
    monkeypatch.setattr(pd, "read_excel", no_read_excel)
    path = fx.targeting_xlsx(tmp_path / "t.xlsx")
    assert run_inspect(path) == 0
    assert parsed == ["Sponsored Product Keyword Repor"]
    assert json.loads(capsys.readouterr().out)["rows"] > 0


def test_inspect_reads_a_warm_parse_cache(tmp_path, monkeypatch, capsys):
    from helpers.loaders import _read, load_client

    monkeypatch.setenv("SHELFBOOK_ROOT", str(tmp_path))
    path = fx.legacy_str_csv(tmp_path / "data" / "acme" / "st.csv")
    load_client("acme", tmp_path)  # a run fills reports/acme/.cache
    assert (tmp_path / "reports" / "acme" / ".cache").is_dir()

    def no_parse(*args, **kwargs):
        raise AssertionError("parsed although the cache is warm")

    monkeypatch.setattr(_read, "read_table", no_parse)
    import helpers.loaders._core as core

    monkeypatch.setattr(core, "read_table", no_parse)
    assert run_inspect(path) == 0
    assert json.loads(capsys.readouterr().out)["totals"]["spend"] == 5.04
