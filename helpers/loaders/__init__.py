"""Read the exports users drop into ``data/<client>/`` into canonical frames.

Files are never renamed or edited: each file's report type is recognised from its headers (never
its name or column positions) and normalised to the snake_case columns of :mod:`helpers.columns`.

>>> from helpers.loaders import read_report                                  # doctest: +SKIP
>>> report = read_report("data/acme/Sponsored Products Search term report.xlsx")  # doctest: +SKIP
>>> report.report, report.window_days, report.totals()["spend"]              # doctest: +SKIP
('sp_search_terms', 7, 1234.56)

Report types live in a registry (:mod:`helpers.loaders._registry`); this package registers
``sp_search_terms``, ``sp_targeting``, ``sp_advertised_products`` (:mod:`.ads`), ``sb_search_terms``
(:mod:`.sb`), ``ad_campaigns``, ``ad_placements``, ``sp_performance_over_time``, ``sb_keywords``,
``sd_targeting``, ``sd_advertised_products`` (:mod:`.ad_reports`, with an ``ad_type`` column SP/SB/SD),
``business_report_asin``, ``business_report_date`` (:mod:`.business`), the inventory and listings
snapshots and the bulk sheet. A new report type is a module that calls :func:`register` and is
imported here.

Nothing is dropped in silence: a file that cannot be read, a value that cannot be parsed, a negative
count, a duplicated column, money in another currency than the client's, or a file larger than
:class:`ReadLimits` raises one :class:`~helpers.errors.InputFileError` line naming the file (and the
column and row); ``load_client(..., skip_bad=True)`` skips such files into ``ClientData.skipped``.
Account ad totals per day and ad type come from :func:`ad_days`; the days each kind of report
covers from :meth:`ClientData.covered_days`, the default quarter from
:meth:`ClientData.default_quarter`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from helpers import columns as C
from helpers import periods
from helpers.errors import InputFileError, MissingDataError
from helpers.loaders import (  # noqa: F401  (each module registers its report types)
    _cache,
    ad_reports,
    ads,
    api_files,
    bulk_sheet,
    business,
    category_listings,
    inventory,
    listings,
    sb,
    sqp,
    vendor,
)
from helpers.loaders._core import kind_dtype, normalise_file
from helpers.loaders._read import ReadLimits, TooLargeError, UnrecognisedFileError, UnsupportedReportError
from helpers.loaders._registry import REGISTRY, Column, ReportSpec, detect, register
from helpers.loaders._values import canonical_header, marketplace_code, parse_number, quote
from helpers.loaders.ad_days import AdDays, ad_days
from helpers.loaders.business import assign_ranges, business_asin_totals
from helpers.loaders.snapshots import snapshot_frames
from helpers.loaders.vendor import VENDOR_SALES, as_business_asin, as_business_date
from helpers.memory import return_freed_memory
from helpers.paths import data_dir, reports_dir

__all__ = [
    "REGISTRY",
    "AdDays",
    "ad_days",
    "ClientData",
    "CurrencyError",
    "ReadLimits",
    "TooLargeError",
    "SkippedFile",
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
    ``rows`` is the file's number of rows: in :attr:`ClientData.reports`, a report whose type is
    combined into :attr:`ClientData.frames` keeps its count but not its rows (``frame`` has its
    columns only), so that a big account's rows are held once.
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
    rows: int = -1
    #: the totals the parse cache kept beside the frame (inspect reads them instead of summing again)
    cached_totals: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.rows < 0:
            object.__setattr__(self, "rows", len(self.frame))

    @property
    def released(self) -> bool:
        """Whether the rows were let go after being combined (see ``rows``)."""
        return self.rows != len(self.frame)

    @property
    def spec(self) -> ReportSpec:
        return REGISTRY[self.report]

    def totals(self) -> dict[str, Any]:
        """Summed bases: ads — impressions, clicks, spend, sales, orders, units; business reports —
        sessions, page_views, units, sales, order_items (sessions and page views once per ASIN page);
        listings — number of listings. A base absent or blank in the whole file is None."""
        if self.released:
            raise ValueError(f"{self.path.name}: its rows were combined into the client's frames; read it again")
        if self.cached_totals is not None:
            return dict(self.cached_totals)
        totals = self.spec.totals
        return totals(self.frame) if totals else {"rows": len(self.frame)}


def _day(value: object) -> dt.date | None:
    if value is None or pd.isna(value):
        return None
    return pd.Timestamp(value).date()


def read_report(
    path: str | Path,
    *,
    marketplace: str | None = None,
    cache_dir: str | Path | None = None,
    currency: str | None = None,
    limits: ReadLimits | None = None,
) -> Report:
    """Read one export file.

    ``marketplace`` (``US``, ``UK``, ``DE``, ``IN``...) settles what the file cannot say itself:
    the currency of a bare ``$``, day-first dates, decimal commas. Raises
    :class:`~helpers.errors.InputFileError` for a bad value (naming file, column and row) and
    :class:`~helpers.errors.UnknownReportError` for an unknown layout or a missing column.
    ``currency`` (the params' currency): a file whose money is in another currency is refused
    (:class:`CurrencyError`), never summed as if it were the same money. ``limits`` (default
    :data:`helpers.loaders._read.LIMITS`): the largest shape read; a larger file is refused unparsed.
    With ``cache_dir``, a file already parsed (same content, marketplace and loader code) is
    read back from the parse cache instead.
    """
    path = Path(path)
    code = marketplace_code(marketplace)
    if cache_dir:  # an entry keeps the rows in date order: see _in_date_order
        report = _cache.cached(
            path, code, Path(cache_dir), lambda: _in_date_order(_read_report(path, code, limits)), _from_cache
        )
    else:
        report = _read_report(path, code, limits)
    if currency:
        _check_currency(report, currency)
    return report


class CurrencyError(InputFileError):
    """An export whose money is in another currency than the client's params say."""


def _check_currency(report: Report, expected: str) -> None:
    expected = expected.strip().upper()
    frame = report.frame
    if C.CURRENCY in frame.columns and len(frame):
        codes = frame[C.CURRENCY].astype("str").str.upper()
        other = (codes.notna() & codes.ne(expected)).to_numpy()
        if other.any():
            position = int(other.nonzero()[0][0])
            raise CurrencyError(
                f"currency must be {expected} (the client's currency); got {quote(codes.iloc[position])}",
                path=report.path,
            )
    elif report.currency and report.currency.upper() != expected:
        raise CurrencyError(
            f"currency must be {expected} (the client's currency); got {quote(report.currency)}",
            path=report.path,
        )


def _from_cache(
    *,
    path: Path,
    frame: pd.DataFrame,
    start: str | None,
    end: str | None,
    notes: list[str],
    totals: dict[str, Any] | None = None,
    **meta: Any,
) -> Report:
    return Report(
        path=path,
        frame=frame,
        start=dt.date.fromisoformat(start) if start else None,
        end=dt.date.fromisoformat(end) if end else None,
        notes=tuple(notes),
        cached_totals=totals,
        **meta,
    )


def _read_report(path: Path, code: str | None, limits: ReadLimits | None = None) -> Report:
    frame, ctx, layout = normalise_file(path, marketplace=code, limits=limits)
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


#: Report families whose files are combined day by day (:func:`_combine`): the ones whose cache
#: entries keep their rows in date order. A bulk sheet, a listings or inventory snapshot keeps the
#: file's own order (its first row of a duplicated name is the one that counts).
DATE_ORDERED_FAMILIES = frozenset({"ads", "business"})


def _in_date_order(report: Report) -> Report:
    """``report`` with its rows in date order (stable, undated rows last), as the parse cache keeps
    them for :data:`DATE_ORDERED_FAMILIES`. Combining a client's files then stacks each file's rows as
    one run (:func:`_stack_sorted` slices, it does not gather a million rows into order); the combined
    frame is the same either way. These exports come in no order of their own (the console's are
    shuffled), so nothing is lost."""
    if report.spec.family not in DATE_ORDERED_FAMILIES:
        return report
    by = [name for name in (C.START_DATE, C.END_DATE) if name in report.frame.columns]
    order = _sort_order(report.frame, by) if by else None
    if order is None:
        return report
    return replace(report, frame=report.frame.take(order).reset_index(drop=True))


class LoadedReports(list):
    """A list of :class:`Report` with ``notes`` about the files that were skipped and, with
    ``skip_bad``, the ``skipped`` files that could not be read (path and the one-line reason)."""

    def __init__(self, reports=(), notes=(), skipped=()):
        super().__init__(reports)
        self.notes: list[str] = list(notes)
        self.skipped: list[SkippedFile] = list(skipped)


@dataclass(frozen=True)
class SkippedFile:
    """A report file that could not be read and was skipped on request (``skip_bad``): the data
    page and the operator notes name it."""

    path: Path
    reason: str  # the one-line error, without the file (it is ``path``)


def _candidate_files(folder: Path) -> list[Path]:
    files = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or path.name.startswith("~$"):
            continue
        if path.is_file():
            files.append(path)
    return files


#: Suffixes of files that may be Amazon downloads. A file with one of them that cannot be read stops
#: the run (or is skipped with ``skip_bad``); other files (notes, logos) that are not reports are
#: skipped with a note.
EXPORT_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".tab", ".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})


def load_reports(
    folder: str | Path,
    *,
    marketplace: str | None = None,
    cache_dir: str | Path | None = None,
    currency: str | None = None,
    skip_bad: bool = False,
    limits: ReadLimits | None = None,
) -> LoadedReports:
    """Every recognised report in ``folder`` (and its sub-folders), sorted by path.

    Nothing is dropped in silence: a file that cannot be read (damaged, a bad value, another
    currency than ``currency``, too large) raises its one-line :class:`~helpers.errors.InputFileError`;
    with ``skip_bad=True`` it is skipped instead and listed in the result's ``skipped`` (and
    ``notes``). Files that are not reports at all — another suffix than a spreadsheet or text
    export (README.md, a logo), or a text/spreadsheet of no known layout — are skipped with a note.
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
            reports.append(
                read_report(
                    path, marketplace=marketplace, cache_dir=cache_dir, currency=currency, limits=limits
                )
            )
        except UnrecognisedFileError as error:
            if is_unreadable(error) and path.suffix.lower() in EXPORT_SUFFIXES:
                if not skip_bad:
                    raise
                reports.skipped.append(SkippedFile(path, error.detail))
                reports.notes.append(f"skipped unreadable {path.name}: {error.detail}")
            else:
                reports.notes.append(f"skipped {path.name}: {error.detail}")
        except InputFileError as error:
            if not skip_bad:
                raise
            reports.skipped.append(SkippedFile(path, error.detail))
            reports.notes.append(f"skipped unreadable {path.name}: {error.detail}")
    reports.notes += [f"api/{name}: {count} pulled file(s) kept; no playbook reads them yet" for name, count in sorted(kept.items())]
    return reports


def is_unreadable(error: UnrecognisedFileError) -> bool:
    """A spreadsheet or text file that cannot be read at all (corrupt workbook, binary bytes, empty),
    as opposed to a readable file of a kind Shelfbook does not know or read (skipped with a note)."""
    return not (isinstance(error, UnsupportedReportError) or error.detail.startswith("unknown report layout"))


def empty_frame(report: str) -> pd.DataFrame:
    """A frame with the canonical columns of ``report`` and no rows, each of the dtype a full
    frame has (text columns text, dates datetime64, numbers float64)."""
    spec = REGISTRY[report]
    names = list(spec.output) + ([C.SOURCE] if C.SOURCE not in spec.output else [])
    return pd.DataFrame(
        {
            name: pd.Series(dtype="int64" if name == C.WINDOW_DAYS else kind_dtype(spec, name))
            for name in names
        }
    )


def _preference(report: Report) -> tuple:
    """Sort key: the file whose data ends latest first; then the longer one; then by name."""
    end = report.end.toordinal() if report.end else -1
    start = report.start.toordinal() if report.start else 10**9
    return (-end, start, str(report.path))


_ORDINAL_1970 = dt.date(1970, 1, 1).toordinal()


def _combine(reports: list[Report]) -> tuple[pd.DataFrame, list[str]]:
    if not reports:
        return pd.DataFrame(), []
    kinds = {r.report for r in reports}
    if len(kinds) > 1:
        raise ValueError(f"combine() takes reports of one type; got {', '.join(sorted(kinds))}")
    notes: list[str] = []
    claimed: dict[int, str] = {}
    kept: list[tuple[pd.DataFrame, np.ndarray | None]] = []  # (a file's frame, the rows it keeps; None: all)
    for report in sorted(reports, key=_preference):
        frame = report.frame
        if frame.empty:
            continue
        # periods as integers (one np.unique instead of a MultiIndex per file): the exact start/end
        # stamps identify a period, their days (ordinals, as date.toordinal) are what it claims
        starts = frame[C.START_DATE].to_numpy("datetime64[ns]")
        ends = frame[C.END_DATE].to_numpy("datetime64[ns]")
        dated = ~(np.isnat(starts) | np.isnat(ends))
        keep = ~dated
        if keep.all() and len(reports) > 1:
            notes.append(
                f"{report.path.name} has no dates: its rows cannot be de-duplicated against other files"
            )
        start_codes, start_values = pd.factorize(starts[dated].view("i8"))
        end_codes, end_values = pd.factorize(ends[dated].view("i8"))
        inverse, pair_codes = pd.factorize(start_codes * len(end_values) + end_codes)
        pairs = np.stack(
            [start_values[pair_codes // max(len(end_values), 1)], end_values[pair_codes % max(len(end_values), 1)]],
            axis=1,
        )
        first_days = pairs.view("datetime64[ns]").astype("datetime64[D]").astype("i8") + _ORDINAL_1970
        new_days: dict[int, str] = {}
        dropped: dict[str, int] = {}
        ok = np.zeros(len(pairs), dtype=bool)
        for i, (s, e) in enumerate(first_days.tolist()):
            days = range(s, e + 1)
            owners = {claimed[d] for d in days if d in claimed}
            if owners:
                for owner in owners:
                    dropped[owner] = dropped.get(owner, 0) + 1
                continue
            ok[i] = True
            for d in days:
                new_days[d] = report.path.name
        keep[dated] = ok[inverse]
        claimed.update(new_days)
        for owner, count in sorted(dropped.items()):
            notes.append(
                f"{report.path.name}: dropped {count} period(s) already covered by {owner} (which ends later)"
            )
        kept.append((frame, None if keep.all() else np.flatnonzero(keep)))
    if not kept:
        return reports[0].frame.iloc[0:0].copy(), notes
    sort_by = [c for c in (C.START_DATE, C.END_DATE, C.SOURCE) if c in kept[0][0].columns]
    return _stack_sorted(kept, sort_by), notes


def _stack_sorted(kept: list[tuple[pd.DataFrame, np.ndarray | None]], by: list[str]) -> pd.DataFrame:
    """The kept rows of each frame (``(frame, positions)``, ``None``: all), stacked and sorted as
    ``sort_values(by, kind="stable", na_position="last")`` with a fresh index. Built one column at
    a time from the files' own columns, by slices when the order is a few runs of neighbours (files
    already in date order), else by a single take: a million rows are never held a third time (the
    files, a filtered or stacked copy, the sorted copy) while they are put in order."""
    frames = [frame for frame, _ in kept]
    first = frames[0]
    if any(list(f.columns) != list(first.columns) or not f.dtypes.equals(first.dtypes) for f in frames[1:]):
        stacked = pd.concat([f if rows is None else f.iloc[rows] for f, rows in kept], ignore_index=True)
        return stacked.sort_values(by, kind="stable", na_position="last").reset_index(drop=True)
    starts = np.cumsum([0] + [len(f) for f in frames])
    picked = np.concatenate([
        start + (np.arange(len(f)) if rows is None else rows) for start, (f, rows) in zip(starts[:-1], kept, strict=True)
    ])  # fmt: skip
    keys = pd.concat([f[by] for f in frames], ignore_index=True).take(picked)
    order = _sort_order(keys, by)
    if order is not None:
        picked = picked[order]
    runs = _runs(picked, MAX_SLICED_RUNS)
    columns = {}
    for name in first.columns:
        array = pd.concat([f[name] for f in frames], ignore_index=True).array
        if runs == [(0, len(array))]:
            columns[name] = array
        elif runs is not None:  # a few runs: slices (Arrow text: not copied), not a gather
            columns[name] = type(array)._concat_same_type([array[a:b] for a, b in runs])
        else:
            columns[name] = array.take(picked)
    return pd.DataFrame(columns, index=pd.RangeIndex(len(picked)), copy=False)


#: Rows whose stacked order is at most this many runs of neighbours are built from slices. The parse
#: cache keeps each file's rows in date order, so a client's files stack in about one run per file; a
#: gather of a million text rows into date order cost 1.8-2.9 s on the big bench client (issue 15).
MAX_SLICED_RUNS = 256


def _runs(positions: np.ndarray, limit: int) -> list[tuple[int, int]] | None:
    """``positions`` as runs of consecutive values, each ``(first, stop)``, or None when there are
    more than ``limit``: [5, 6, 7, 0, 1] -> [(5, 8), (0, 2)]; no positions -> [(0, 0)]."""
    if not len(positions):
        return [(0, 0)]
    breaks = np.flatnonzero(np.diff(positions) != 1) + 1
    if len(breaks) >= limit:
        return None
    firsts = positions[np.concatenate([[0], breaks])]
    lengths = np.diff(np.concatenate([[0], breaks, [len(positions)]]))
    return [(int(a), int(a + n)) for a, n in zip(firsts, lengths, strict=True)]


def _sort_order(frame: pd.DataFrame, by: list[str]) -> np.ndarray | None:
    """The positions ``frame.sort_values(by, kind="stable", na_position="last")`` puts the rows in,
    from integer keys (dates as int64, text by its sorted codes; missing last); ``None`` when the
    rows are in that order already."""
    keys = []
    for name in reversed(by):  # np.lexsort: the last key is the primary one
        values = frame[name]
        if pd.api.types.is_datetime64_dtype(values.dtype):
            stamps = values.to_numpy("datetime64[ns]")
            key = np.where(np.isnat(stamps), np.iinfo(np.int64).max, stamps.view("i8"))
        else:
            key, uniques = pd.factorize(values, sort=True, use_na_sentinel=True)
            key = np.where(key < 0, len(uniques), key)
        keys.append(key)
    if not keys or len(frame) < 2:
        return None
    order = np.lexsort(keys)  # stable
    return None if (order == np.arange(len(order))).all() else order


def _no_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame``'s columns and dtypes without its rows, holding none of its memory: an empty slice
    (``iloc[0:0]``) is a view that keeps every buffer of the million rows alive."""
    return pd.DataFrame({name: pd.array([], dtype=dtype) for name, dtype in frame.dtypes.items()},
                        index=pd.RangeIndex(0))


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
    #: files skipped on request (``skip_bad``) because they could not be read: the data page and
    #: the operator notes name them
    skipped: list[SkippedFile] = field(default_factory=list)
    #: every report type present, combined (:func:`combine`), by report name — also the types no
    #: attribute above holds (campaign, placement, Sponsored Brands and Display reports...)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    # snapshots (helpers.loaders.snapshots): inventory per day (snapshot_date, sku, asin, available,
    # inbound, reserved, unsellable ...), the latest All Listings and Category Listings downloads
    fba_inventory: pd.DataFrame = field(default_factory=inventory.empty_inventory)
    listings: pd.DataFrame = field(default_factory=lambda: empty_frame(listings.ALL_LISTINGS))
    category_listings: pd.DataFrame = field(
        default_factory=lambda: empty_frame(category_listings.CATEGORY_LISTINGS)
    )

    #: The frames whose rows say which days the exports cover: the Business Report by date and the
    #: Sponsored Products reports.
    DATED_FRAMES: ClassVar[tuple[str, ...]] = (
        "business_date",
        "targeting",
        "advertised_products",
        "search_terms",
    )

    def days(self, *also: str) -> pd.Series:
        """The last day of every dated row of :data:`DATED_FRAMES` (and of the frames named in
        ``also``, e.g. ``"fba_inventory"``), NaT dropped; empty when nothing is dated."""
        frames = [getattr(self, name) for name in (*self.DATED_FRAMES, *also)]
        ends = [f[C.END_DATE].dropna() for f in frames if f is not None and not f.empty and C.END_DATE in f]
        return pd.concat(ends, ignore_index=True) if ends else pd.Series(dtype="datetime64[ns]")

    def ad_days(self) -> AdDays:
        """Ad totals per day and ad type (SP, SB, SD), one report per ad type and day
        (:func:`helpers.loaders.ad_days.ad_days`). The Sponsored Products attributes count too when
        ``frames`` does not hold them (a ClientData built by hand)."""
        sp = {
            C.SP_SEARCH_TERMS: self.search_terms,
            C.SP_TARGETING: self.targeting,
            C.SP_ADVERTISED_PRODUCTS: self.advertised_products,
        }
        return ad_days({**{k: v for k, v in sp.items() if v is not None and not v.empty}, **self.frames})

    def covered_days(self, start: dt.date, end: dt.date) -> pd.DataFrame:
        """Which days from ``start`` to ``end`` (inclusive) each kind of report covers.

        One row per kind — ``business_date`` (Business Report by date), ``SP``, ``SB``, ``SD`` (the
        ad report chosen per day by :meth:`ad_days`), ``search_terms`` (Sponsored Products search
        term report), ``fba_inventory`` — with ``covered`` (days with data), ``days`` (days in the
        period), ``share``, ``first`` and ``last`` (first and last covered day, None when none).
        Kinds without any data anywhere are left out. A playbook states these when an explicit
        period is only partly covered.
        """
        return periods.covered_days(self.day_sets(), start, end)

    def day_sets(self) -> dict[str, pd.DatetimeIndex]:
        """The distinct days each kind of report covers (see :meth:`covered_days`)."""
        out: dict[str, pd.DatetimeIndex] = {}
        if not self.business_date.empty:
            out["business_date"] = periods.days_of(self.business_date)
        daily = self.ad_days().daily
        for ad_type in ("SP", "SB", "SD"):
            rows = daily[daily["ad_type"].eq(ad_type).fillna(False).to_numpy()]
            if not rows.empty:
                out[ad_type] = periods.days_of(rows)
        if not self.search_terms.empty:
            out["search_terms"] = periods.days_of(self.search_terms)
        if not self.fba_inventory.empty and "snapshot_date" in self.fba_inventory:
            out["fba_inventory"] = periods.days_of(self.fba_inventory["snapshot_date"])
        return out

    def _day_sets_of(self, kinds: tuple[str, ...]) -> dict[str, pd.DatetimeIndex]:
        """:meth:`day_sets` of ``kinds`` that have data, with ``ads`` = the days of any ad type."""
        sets = self.day_sets()
        ad_sets = [sets[t] for t in ("SP", "SB", "SD") if t in sets]
        if ad_sets:
            sets["ads"] = ad_sets[0].append(ad_sets[1:]).unique() if len(ad_sets) > 1 else ad_sets[0]
        return {k: sets[k] for k in kinds if k in sets}

    def default_quarter(self, kinds: tuple[str, ...] = ("business_date", "ads"), *, threshold: float = 0.9):
        """The latest quarter whose days are at least ``threshold`` covered by each of ``kinds``
        that has data (``ads`` = the days of any ad type). See
        :func:`helpers.periods.latest_covered_quarter`."""
        return periods.latest_covered_quarter(self._day_sets_of(kinds), threshold=threshold)

    def fullest_quarter(self, kinds: tuple[str, ...] = ("business_date", "ads")):
        """The quarter with the most days of ``kinds``' data and its coverage, for a folder where no
        quarter is covered enough for :meth:`default_quarter` (see
        :func:`helpers.periods.fullest_quarter`)."""
        return periods.fullest_quarter(self._day_sets_of(kinds))

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
    client: str,
    root: str | Path | None = None,
    *,
    marketplace: str | None = None,
    cache: bool = True,
    currency: str | None = None,
    skip_bad: bool = False,
    limits: ReadLimits | None = None,
) -> ClientData:
    """Load ``data/<client>/``: read every report, date the by-child Business Reports from the
    by-date one (:func:`assign_ranges`) and combine each report type (:func:`combine`).

    ``currency`` (the params' currency) refuses an export in another currency; a file that cannot
    be read raises, unless ``skip_bad`` (the CLI's ``--skip-bad``) skips it into ``skipped`` (see
    :func:`load_reports`). Parsed files are cached in ``reports/<client>/.cache/`` (``cache=False``
    re-parses everything)."""
    folder = data_dir(client, root)
    if not folder.is_dir():
        raise MissingDataError(
            f"no data folder for client {client!r}: create {folder} and put the Seller Central / "
            "Amazon Ads downloads there, as downloaded"
        )
    cache_dir = reports_dir(client, root) / ".cache" if cache else None
    loaded = load_reports(
        folder,
        marketplace=marketplace,
        cache_dir=cache_dir,
        currency=currency,
        skip_bad=skip_bad,
        limits=limits,
    )
    data = _client_data(loaded)
    del loaded  # the files' own frames: their rows now live in the combined ones
    return_freed_memory()
    return data


def _client_data(loaded: LoadedReports) -> ClientData:
    """Combine ``loaded`` per report type (see :func:`load_client`)."""
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
    combined = {C.BUSINESS_REPORT_DATE: by_date} if len(by_date.columns) else {}
    for attribute, report_type in _CLIENT_FRAMES.items():
        if report_type in by_type:
            combined[report_type] = frames[attribute]
    if VENDOR_SALES in by_type:  # a vendor's sales: the products table's and the quarters' rows
        vendor_rows, more = _combine(by_type[VENDOR_SALES])
        notes += more
        combined[VENDOR_SALES] = vendor_rows
        for attribute, convert in (("business_asin", as_business_asin), ("business_date", as_business_date)):
            rows = convert(vendor_rows, frames[attribute])
            frames[attribute] = rows if frames[attribute].empty else pd.concat([frames[attribute], rows], ignore_index=True)
    for report_type, group in by_type.items():
        if report_type not in combined and REGISTRY[report_type].family == "ads":
            frame, more = _combine(group)
            notes += more
            combined[report_type] = frame
    frames.update(snapshot_frames(by_type))
    for report_type in sorted(by_type):
        if REGISTRY[report_type].unused:
            notes.append(f"{REGISTRY[report_type].description} recognised; no playbook uses it")
    # the rows of a combined type now live in its combined frame: each file keeps its count only
    reports = [
        replace(r, frame=_no_rows(r.frame)) if r.report in combined and len(r.frame) else r for r in reports
    ]
    return ClientData(
        **frames,
        reports=sorted(reports, key=lambda r: str(r.path)),
        notes=notes,
        skipped=list(loaded.skipped),
        frames=combined,
    )
