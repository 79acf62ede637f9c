"""``python -m helpers inspect PATH... [--json] [--marketplace US]``: what is in these exports?

For each file: the report type recognised from its headers, rows, date range, currency,
attribution window and the summed bases. A human table by default; with ``--json`` one JSON object
per line::

    {"path": ..., "report": ..., "rows": ..., "start": "2020-03-01", "end": ..., "currency": "USD",
     "window_days": 7, "totals": {...}}

A directory stands for the files in it (files that are not reports are skipped with a note). A file
that cannot be read (also a damaged one inside a folder) gives one line on stderr and exit code 2;
the other files are still reported. A report Shelfbook recognises but no playbook reads is marked
``[no playbook uses it]`` (``"used": false``). Files of a client whose runs filled the parse cache
(``reports/<client>/.cache``) are read from it, each workbook otherwise parsed once.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from helpers.errors import InputFileError, ShelfbookError
from helpers.loaders import REGISTRY, Report, UnrecognisedFileError, is_unreadable, read_report
from helpers.loaders._values import marketplace_code
from helpers.paths import SLUG_RE, project_root, reports_dir

EXIT_UNREADABLE = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="export files or folders of them")
    parser.add_argument("--json", action="store_true", help="one JSON object per file and line")
    parser.add_argument(
        "--marketplace",
        default=None,
        metavar="CODE",
        help="marketplace the exports come from (US, UK, DE, IN...): settles '$', dates and decimal commas",
    )


# What Amazon's downloads are saved as. A named file with another suffix (README.md, a logo) that is
# not a report is skipped with a note, so `inspect data/acme/*` works on a folder with notes in it.
EXPORT_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".json", ".zip", ".gz", ""}


def _expand(paths: list[Path]) -> list[tuple[Path, bool]]:
    """(file, named explicitly) pairs; folders expand to their files, hidden ones left out."""
    out: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path)
                if any(p.startswith(".") for p in relative.parts) or child.name.startswith("~$"):
                    continue
                if child.is_file():
                    out.append((child, False))
        else:
            out.append((path, True))
    return out


def _clean(value: object) -> object:
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def _cache_dir(path: Path) -> Path | None:
    """The parse cache of the client whose ``data/<client>/`` holds ``path`` (``reports/<client>/.cache``)
    when it exists: inspect then reads files a run already parsed from the cache (read only: inspect
    never creates a cache)."""
    data = project_root() / "data"
    try:
        relative = path.resolve().relative_to(data.resolve())
    except (ValueError, OSError):
        return None
    client = relative.parts[0] if len(relative.parts) > 1 else ""
    if not SLUG_RE.fullmatch(client):
        return None
    cache = reports_dir(client) / ".cache"
    return cache if cache.is_dir() else None


def ad_types(report: Report) -> list[str]:
    """The ad types (SP, SB, SD) of an ad report's rows; [] for other reports."""
    if "ad_type" in report.frame.columns:
        return sorted(set(report.frame["ad_type"].dropna()))
    if report.spec.family == "ads":
        return ["SB"] if report.report.startswith("sb_") else ["SD"] if report.report.startswith("sd_") else ["SP"]
    return []


def summary(report: Report, path: Path | None = None) -> dict:
    """The JSON-able summary of one report (the ``--json`` line). ``used`` is False for a report
    Shelfbook recognises but no playbook reads (e.g. Sponsored Products performance over time)."""
    return {
        "path": str(path if path is not None else report.path),
        "report": report.report,
        "description": report.spec.description,
        "ad_types": ad_types(report),
        "used": not REGISTRY[report.report].unused,
        "rows": int(len(report.frame)),
        "start": report.start.isoformat() if report.start else None,
        "end": report.end.isoformat() if report.end else None,
        "currency": report.currency,
        "window_days": report.window_days,
        "totals": {k: _clean(v) for k, v in report.totals().items()},
    }


def _format_number(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}"
    return f"{int(value):,}"  # type: ignore[call-overload]


def _table(rows: list[tuple[dict, Report]]) -> str:
    header = ("file", "report", "layout", "rows", "start", "end", "currency", "window", "totals")
    lines = [header]
    for item, report in rows:
        totals = "  ".join(f"{k}={_format_number(v)}" for k, v in item["totals"].items())
        name = item["report"] + (f" ({'+'.join(item['ad_types'])})" if item["ad_types"] else "")
        if not item["used"]:
            name += " [no playbook uses it]"
        lines.append(
            (
                Path(item["path"]).name,
                name,
                report.layout,
                f"{item['rows']:,}",
                item["start"] or "-",
                item["end"] or "-",
                item["currency"] or "-",
                f"{item['window_days']}d" if item["window_days"] else "-",
                totals,
            )
        )
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(header) - 1)]
    out = []
    for line in lines:
        cells = [str(c).ljust(w) for c, w in zip(line[:-1], widths, strict=True)]
        out.append("  ".join([*cells, str(line[-1])]).rstrip())
    return "\n".join(out)


def run(args: argparse.Namespace) -> int:
    marketplace = marketplace_code(args.marketplace)
    status = 0
    good: list[tuple[dict, Report]] = []
    notes: list[str] = []
    for path, explicit in _expand(list(args.paths)):
        try:
            if not path.exists():
                raise InputFileError("file not found", path=path)
            if not path.is_file():
                raise InputFileError("not a regular file", path=path)
            report = read_report(path, marketplace=marketplace, cache_dir=_cache_dir(path))
        except UnrecognisedFileError as error:
            if (explicit or is_unreadable(error)) and path.suffix.lower() in EXPORT_SUFFIXES:
                print(f"shelfbook: error: {error}", file=sys.stderr)
                status = EXIT_UNREADABLE
            else:
                notes.append(f"skipped {path}: {error.detail}")
            continue
        except ShelfbookError as error:
            print(f"shelfbook: error: {error}", file=sys.stderr)
            status = EXIT_UNREADABLE
            continue
        except Exception as error:  # a bug, but one bad file must not hide the others
            print(
                f"shelfbook: error: cannot read {path}: {type(error).__name__}: {error} "
                "(this is a bug in Shelfbook; please report it with the file)",
                file=sys.stderr,
            )
            status = EXIT_UNREADABLE
            continue
        item = summary(report, path)
        if args.json:
            print(json.dumps(item, ensure_ascii=False), flush=True)
        good.append((item, report))
        notes += [f"{path.name}: {note}" for note in report.notes]
    if not args.json:
        if good:
            print(_table(good))
        for note in notes:
            print(f"  note: {note}")
    else:
        for note in notes:
            print(f"shelfbook: note: {note}", file=sys.stderr)
    return status
