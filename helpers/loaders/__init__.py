"""Read the exports users drop into ``data/<client>/`` into canonical frames.

Files are never renamed or edited: each file's report type is recognised from its headers (never
its name or column positions) and normalised to the snake_case columns of :mod:`helpers.columns`.

>>> from helpers.loaders import read_report                                  # doctest: +SKIP
>>> report = read_report("data/acme/Sponsored Products Search term report.xlsx")  # doctest: +SKIP
>>> report.report, report.window_days, report.totals()["spend"]              # doctest: +SKIP
('sp_search_terms', 7, 1234.56)

Report types live in a registry (:mod:`helpers.loaders._registry`); this package registers
``sp_search_terms``, ``sp_targeting``, ``sp_advertised_products`` (:mod:`.ads`),
``business_report_asin``, ``business_report_date`` (:mod:`.business`) and ``all_listings``
(:mod:`.listings`). A new report type is a module that calls :func:`register` and is imported here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pandas as pd

from helpers import columns as C
from helpers.errors import MissingDataError
from helpers.loaders import (  # noqa: F401  (each module registers its report types)
    _cache,
    ads,
    api_files,
    bulk_sheet,
    business,
    category_listings,
    inventory,
    listings,
    sb,
    sqp,
)
from helpers.loaders._core import normalise_file
from helpers.loaders._read import UnrecognisedFileError
from helpers.loaders._registry import REGISTRY, Column, ReportSpec, detect, register
from helpers.loaders._values import canonical_header, marketplace_code, parse_number
from helpers.loaders.business import assign_ranges, business_asin_totals
from helpers.loaders.snapshots import snapshot_frames
from helpers.paths import data_dir, reports_dir

__all__ = [
    "REGISTRY",
    "ClientData",
    "Column",
    "Report",
    "ReportSpec",
    "UnrecognisedFileError",
    "assign_ranges",
    "business_asin_totals",
    "canonical_header",
    "combine",
    "detect",
    "empty_frame",
    "load_client",
    "load_reports",
    "parse_number",
    "read_report",
    "register",
]


@dataclass(frozen=True)
class Report:
    """One export file, recognised and normalised.

    ``frame`` has the canonical columns of ``report`` (see :func:`empty_frame`); ``layout`` names the
    header generation (``console-xlsx``, ``console-csv``, ``console-2025-csv``, ``api-v3``,
    ``br-2019``, ``br-b2b``, ``br-2024``, ``listings-tsv``); ``start``/``end`` are the first and
    last day covered (None when the file has no dates); ``notes`` say what was inferred.
    """

    path: Path
    report: str
    frame: pd.DataFrame = field(repr=False)
    layout: str
    currency: str | None
    window_days: int | None
    start: dt.date | None
    end: dt.date | None
    notes: tuple[str, ...] = ()

    @property
    def spec(self) -> ReportSpec:
        return REGISTRY[self.report]

    def totals(self) -> dict[str, Any]:
        """Summed bases: ads — impressions, clicks, spend, sales, orders, units; business reports —
        sessions, page_views, units, sales, order_items (sessions and page views once per ASIN page);
        listings — number of listings. A base absent or blank in the whole file is None."""
        totals = self.spec.totals
        return totals(self.frame) if totals else {"rows": len(self.frame)}


def _day(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def read_report(path: str | Path, *, marketplace: str | None = None, cache_dir: str | Path | None = None) -> Report:
    """Read one export file.

    ``marketplace`` (``US``, ``UK``, ``DE``, ``IN``...) settles what the file cannot say itself:
    the currency of a bare ``$``, day-first dates, decimal commas. Raises
    :class:`~helpers.errors.InputFileError` for a bad value (naming file, column and row) and
    :class:`~helpers.errors.UnknownReportError` for an unknown layout or a missing column.
    With ``cache_dir``, a file already parsed (same size, mtime, marketplace and loader code) is
    read back from the parse cache instead.
    """
    path = Path(path)
    code = marketplace_code(marketplace)
    return _cache.cached(
        path, code, Path(cache_dir) if cache_dir else None, lambda: _read_report(path, code), _from_cache
    )


def _from_cache(*, path: Path, frame: pd.DataFrame, start: str | None, end: str | None, notes: list[str], **meta: Any) -> Report:
    return Report(
        path=path,
        frame=frame,
        start=dt.date.fromisoformat(start) if start else None,
        end=dt.date.fromisoformat(end) if end else None,
        notes=tuple(notes),
        **meta,
    )


def _read_report(path: Path, code: str | None) -> Report:
    frame, ctx, layout = normalise_file(path, marketplace=code)
    currency = ctx.currency
    if currency is None and C.CURRENCY in frame.columns:
        found = frame[C.CURRENCY].dropna().unique()
        currency = str(found[0]) if len(found) == 1 else None
    return Report(
        path=path,
        report=ctx.spec.name,
        frame=frame,
        layout=layout,
        currency=currency,
        window_days=ctx.window,
        start=_day(frame[C.START_DATE].min()) if len(frame) else None,
        end=_day(frame[C.END_DATE].max()) if len(frame) else None,
        notes=tuple(ctx.notes),
    )


class LoadedReports(list):
    """A list of :class:`Report` with ``notes`` about the files that were skipped."""

    def __init__(self, reports=(), notes=()):
        super().__init__(reports)
        self.notes: list[str] = list(notes)


def _candidate_files(folder: Path) -> list[Path]:
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.name.startswith("~$"):
            continue
        if path.is_file():
            files.append(path)
    return files


def load_reports(
    folder: str | Path, *, marketplace: str | None = None, cache_dir: str | Path | None = None
) -> LoadedReports:
    """Every recognised report in ``folder`` (and its sub-folders), sorted by path.

    Files that are not reports (README, images, archives, unknown layouts) are skipped and listed
    in the result's ``notes``; a file of a known report type that cannot be read raises.
    """
    folder = Path(folder)
    reports = LoadedReports()
    kept: dict[str, int] = {}  # pulled reports no playbook reads yet (api_files.API_REPORTS)
    for path in _candidate_files(folder):
        pulled = api_files.api_report(path)
        if pulled is not None and api_files.API_REPORTS[pulled] is None:
            kept[pulled] = kept.get(pulled, 0) + 1
            continue
        try:
            reports.append(read_report(path, marketplace=marketplace, cache_dir=cache_dir))
        except UnrecognisedFileError as error:
            reports.notes.append(f"skipped {path.name}: {error.detail}")
    reports.notes += [f"api/{name}: {count} pulled file(s) kept; no playbook reads them yet" for name, count in sorted(kept.items())]
    return reports


def empty_frame(report: str) -> pd.DataFrame:
    """A frame with the canonical columns of ``report`` and no rows."""
    spec = REGISTRY[report]
    frame = pd.DataFrame({name: pd.Series(dtype="float64") for name in spec.output})
    for name in (C.START_DATE, C.END_DATE):
        frame[name] = frame[name].astype("datetime64[ns]")
    if C.SOURCE not in frame.columns:
        frame[C.SOURCE] = pd.Series(dtype="str")
    return frame


def _preference(report: Report) -> tuple:
    """Sort key: the file whose data ends latest first; then the longer one; then by name."""
    end = report.end.toordinal() if report.end else -1
    start = report.start.toordinal() if report.start else 10**9
    return (-end, start, str(report.path))


def _combine(reports: list[Report]) -> tuple[pd.DataFrame, list[str]]:
    if not reports:
        return pd.DataFrame(), []
    kinds = {r.report for r in reports}
    if len(kinds) > 1:
        raise ValueError(f"combine() takes reports of one type; got {', '.join(sorted(kinds))}")
    notes: list[str] = []
    claimed: dict[int, str] = {}
    kept: list[pd.DataFrame] = []
    for report in sorted(reports, key=_preference):
        frame = report.frame
        if frame.empty:
            continue
        starts, ends = frame[C.START_DATE], frame[C.END_DATE]
        dated = starts.notna() & ends.notna()
        keep = ~dated.to_numpy().copy()
        if keep.all() and len(reports) > 1:
            notes.append(
                f"{report.path.name} has no dates: its rows cannot be de-duplicated against other files"
            )
        periods = pd.DataFrame({"s": starts[dated], "e": ends[dated]}).drop_duplicates()
        new_days: dict[int, str] = {}
        dropped: dict[str, int] = {}
        ok_periods = set()
        for s, e in zip(periods["s"], periods["e"], strict=True):
            days = range(s.toordinal(), e.toordinal() + 1)
            owners = {claimed[d] for d in days if d in claimed}
            if owners:
                for owner in owners:
                    dropped[owner] = dropped.get(owner, 0) + 1
                continue
            ok_periods.add((s, e))
            for d in days:
                new_days[d] = report.path.name
        if ok_periods:
            index = pd.MultiIndex.from_arrays([starts, ends])
            keep |= index.isin(list(ok_periods))
        claimed.update(new_days)
        for owner, count in sorted(dropped.items()):
            notes.append(
                f"{report.path.name}: dropped {count} period(s) already covered by {owner} (which ends later)"
            )
        kept.append(frame[keep])
    if not kept:
        return reports[0].frame.iloc[0:0].copy(), notes
    combined = pd.concat(kept, ignore_index=True)
    sort_by = [c for c in (C.START_DATE, C.END_DATE, C.SOURCE) if c in combined.columns]
    combined = combined.sort_values(sort_by, kind="stable", na_position="last").reset_index(drop=True)
    return combined, notes


def combine(reports: list[Report]) -> pd.DataFrame:
    """Stack the frames of several downloads of one report type, overlapping days de-duplicated.

    For each day, rows come from one file only: the file whose data ends latest wins (then the
    one starting earlier, then the path in alphabetical order). A file's own rows are never
    dropped against each other; rows without dates are always kept.
    """
    frame, _ = _combine(list(reports))
    return frame


@dataclass
class ClientData:
    """Everything in a client's data folder, combined per report type."""

    search_terms: pd.DataFrame
    targeting: pd.DataFrame
    advertised_products: pd.DataFrame
    business_asin: pd.DataFrame
    business_date: pd.DataFrame
    reports: list[Report] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # snapshots (helpers.loaders.snapshots): inventory per day (snapshot_date, sku, asin, available,
    # inbound, reserved, unsellable ...), the latest All Listings and Category Listings downloads
    fba_inventory: pd.DataFrame = field(default_factory=inventory.empty_inventory)
    listings: pd.DataFrame = field(default_factory=lambda: empty_frame(listings.ALL_LISTINGS))
    category_listings: pd.DataFrame = field(default_factory=lambda: empty_frame(category_listings.CATEGORY_LISTINGS))

    #: The frames whose rows say which days the exports cover: the Business Report by date and the
    #: Sponsored Products reports.
    DATED_FRAMES: ClassVar[tuple[str, ...]] = ("business_date", "targeting", "advertised_products", "search_terms")

    def days(self, *also: str) -> pd.Series:
        """The last day of every dated row of :data:`DATED_FRAMES` (and of the frames named in
        ``also``, e.g. ``"fba_inventory"``), NaT dropped; empty when nothing is dated."""
        frames = [getattr(self, name) for name in (*self.DATED_FRAMES, *also)]
        ends = [f[C.END_DATE].dropna() for f in frames if f is not None and not f.empty and C.END_DATE in f]
        return pd.concat(ends, ignore_index=True) if ends else pd.Series(dtype="datetime64[ns]")

    def last_day(self, *also: str) -> dt.date | None:
        """The last day the exports cover (see :meth:`days`), or None when nothing is dated."""
        days = self.days(*also)
        return None if days.empty else days.max().date()


_CLIENT_FRAMES = {
    "search_terms": C.SP_SEARCH_TERMS,
    "targeting": C.SP_TARGETING,
    "advertised_products": C.SP_ADVERTISED_PRODUCTS,
    "business_asin": C.BUSINESS_REPORT_ASIN,
    "business_date": C.BUSINESS_REPORT_DATE,
}


def load_client(
    client: str, root: str | Path | None = None, *, marketplace: str | None = None, cache: bool = True
) -> ClientData:
    """Load ``data/<client>/``: read every report, date the by-child Business Reports from the
    by-date one (:func:`assign_ranges`) and combine each report type (:func:`combine`).

    Parsed files are cached in ``reports/<client>/.cache/`` (``cache=False`` re-parses everything)."""
    folder = data_dir(client, root)
    if not folder.is_dir():
        raise MissingDataError(
            f"no data folder for client {client!r}: create {folder} and put the Seller Central / "
            "Amazon Ads downloads there, as downloaded"
        )
    cache_dir = reports_dir(client, root) / ".cache" if cache else None
    loaded = load_reports(folder, marketplace=marketplace, cache_dir=cache_dir)
    notes = list(loaded.notes)
    reports = list(loaded)
    by_type: dict[str, list[Report]] = {}
    for report in reports:
        by_type.setdefault(report.report, []).append(report)
    frames: dict[str, pd.DataFrame] = {}
    by_date, date_notes = _combine(by_type.get(C.BUSINESS_REPORT_DATE, []))
    notes += date_notes
    asin_reports = by_type.get(C.BUSINESS_REPORT_ASIN, [])
    if asin_reports:
        if by_date.empty:
            notes.append(
                "by-child Business Reports have no dates and there is no by-date report to date them"
            )
        else:
            # pulled by-ASIN reports carry their period already; only downloads are matched
            dated = [r for r in asin_reports if r.start is not None] + assign_ranges(
                [r for r in asin_reports if r.start is None], by_date
            )
            by_type[C.BUSINESS_REPORT_ASIN] = dated
            reports = [r for r in reports if r.report != C.BUSINESS_REPORT_ASIN] + dated
            notes += [f"{r.path.name}: {n}" for r in dated for n in r.notes if n.startswith("date range")]
    for attribute, report_type in _CLIENT_FRAMES.items():
        if report_type == C.BUSINESS_REPORT_DATE:
            frame = by_date
        else:
            frame, more = _combine(by_type.get(report_type, []))
            notes += more
        frames[attribute] = frame if len(frame.columns) else empty_frame(report_type)
    frames.update(snapshot_frames(by_type))
    return ClientData(**frames, reports=sorted(reports, key=lambda r: str(r.path)), notes=notes)
