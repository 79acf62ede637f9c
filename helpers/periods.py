"""Calendar periods: quarters for QBRs, their comparison periods, data coverage and weeks.

A quarter is always a calendar quarter (Q1 = January–March). Dates are ``datetime.date`` on the
:class:`Quarter` object; pandas inputs (Series, DatetimeIndex of ``datetime64``) are compared on the
calendar day, whatever time of day they carry.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from helpers import columns as c
from helpers.errors import MissingDataError, ParamsError
from helpers.paths import QUARTER_RE, check_quarter

__all__ = [
    "QUARTER_RE",
    "Quarter",
    "covered_days",
    "days_of",
    "latest_covered_quarter",
    "latest_full_quarter",
    "quarter_coverage",
    "week_start",
]



def _as_day(value: Any, what: str) -> dt.date:
    """A ``datetime.date`` from a date, datetime or pandas Timestamp (time of day dropped)."""
    if value is None or value is pd.NaT or (isinstance(value, np.datetime64) and np.isnat(value)):
        raise MissingDataError(
            f"{what} must be a date; got {'NaT' if value is not None else 'None'} (no dated rows?)"
        )
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    if isinstance(value, dt.datetime):  # includes pandas Timestamp
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(f"{what} must be a date, datetime or pandas Timestamp; got {type(value).__name__}")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, e.g. ``Quarter(2026, 3)`` = 1 July – 30 September 2026.

    >>> q = Quarter.parse("2026-Q3")
    >>> q.start, q.end, q.previous().label, q.year_ago().label
    (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30), '2026-Q2', '2025-Q3')
    """

    year: int
    q: int

    def __post_init__(self) -> None:
        if isinstance(self.year, bool) or not isinstance(self.year, int) or not 1 <= self.year <= 9998:
            raise ValueError(f"quarter year must be a whole number from 1 to 9998; got {self.year!r}")
        if isinstance(self.q, bool) or not isinstance(self.q, int) or not 1 <= self.q <= 4:
            raise ValueError(f"quarter q must be 1, 2, 3 or 4; got {self.q!r}")

    # -- construction ------------------------------------------------------------------------------
    @classmethod
    def parse(cls, text: str, *, key: str = "period", source: str | None = None) -> Quarter:
        """The quarter written ``YYYY-Qn`` (e.g. ``"2026-Q3"``); ParamsError on anything else.

        >>> Quarter.parse("2025-Q4")
        Quarter(year=2025, q=4)
        """
        return cls(*check_quarter(text, key=key, source=source))

    @classmethod
    def of(cls, day: Any) -> Quarter:
        """The quarter a date (or datetime / Timestamp) falls in.

        >>> Quarter.of(dt.date(2024, 2, 29)).label
        '2024-Q1'
        """
        day = _as_day(day, "day")
        return cls(day.year, (day.month - 1) // 3 + 1)

    # -- properties --------------------------------------------------------------------------------
    @property
    def start(self) -> dt.date:
        """First day of the quarter."""
        return dt.date(self.year, 3 * self.q - 2, 1)

    @property
    def end(self) -> dt.date:
        """Last day of the quarter (inclusive)."""
        return self.next().start - dt.timedelta(days=1) if self.q < 4 else dt.date(self.year, 12, 31)

    @property
    def label(self) -> str:
        """``"YYYY-Qn"``, the form params files and report titles use."""
        return f"{self.year}-Q{self.q}"

    @property
    def days(self) -> int:
        """Number of calendar days (90 or 91 in Q1, 91 in Q2, 92 in Q3 and Q4)."""
        return (self.end - self.start).days + 1

    def __str__(self) -> str:
        return self.label

    # -- navigation --------------------------------------------------------------------------------
    def previous(self) -> Quarter:
        """The quarter before (period over period): 2026-Q1 → 2025-Q4."""
        return Quarter(self.year - 1, 4) if self.q == 1 else Quarter(self.year, self.q - 1)

    def next(self) -> Quarter:
        """The quarter after: 2025-Q4 → 2026-Q1."""
        return Quarter(self.year + 1, 1) if self.q == 4 else Quarter(self.year, self.q + 1)

    def year_ago(self) -> Quarter:
        """The same quarter one year earlier (year over year): 2026-Q3 → 2025-Q3."""
        return Quarter(self.year - 1, self.q)

    def date_range(self) -> pd.DatetimeIndex:
        """Every day of the quarter as a daily DatetimeIndex (midnight)."""
        return pd.date_range(self.start, self.end, freq="D")

    def contains(self, dates: Any) -> Any:
        """Whether each date falls in the quarter (any time of that day counts; NaT is False).

        A scalar date gives a bool, a Series a boolean Series on the same index, a DatetimeIndex or
        array a boolean numpy array.

        >>> Quarter(2026, 1).contains(dt.date(2026, 3, 31)), Quarter(2026, 1).contains(dt.date(2026, 4, 1))
        (True, False)
        """
        if isinstance(dates, pd.Series):
            values = pd.to_datetime(dates)
            tz = values.dt.tz
        elif isinstance(dates, pd.DatetimeIndex | np.ndarray | list | tuple):
            values = pd.DatetimeIndex(dates)
            tz = values.tz
        else:
            try:
                day = _as_day(dates, "date")
            except MissingDataError:
                return False
            return self.start <= day <= self.end
        low = pd.Timestamp(self.start)
        high = pd.Timestamp(self.end + dt.timedelta(days=1))
        if tz is not None:
            low, high = low.tz_localize(tz), high.tz_localize(tz)
        inside = (values >= low) & (values < high)
        return inside if isinstance(inside, pd.Series) else np.asarray(inside, dtype=bool)


def latest_full_quarter(last_data_day: Any) -> Quarter:
    """The latest quarter whose last day is on or before ``last_data_day``.

    Data through 31 December gives that year's Q4; data through 1 January gives the Q4 before.

    >>> latest_full_quarter(dt.date(2026, 9, 30)).label, latest_full_quarter(dt.date(2026, 9, 29)).label
    ('2026-Q3', '2026-Q2')
    """
    day = _as_day(last_data_day, "last data day")
    quarter = Quarter.of(day)
    return quarter if quarter.end <= day else quarter.previous()


def _days_of(days: Any) -> pd.DatetimeIndex:
    """Distinct calendar days (midnight, tz dropped) from a Series, DatetimeIndex or row ranges."""
    if isinstance(days, pd.DataFrame):
        for column in (c.START_DATE, c.END_DATE):
            if column not in days.columns:
                raise ValueError(
                    f"days frame must have {c.START_DATE!r} and {c.END_DATE!r} columns; got "
                    f"{', '.join(map(str, days.columns))}"
                )
        ranges = days[[c.START_DATE, c.END_DATE]].dropna().drop_duplicates()
        pieces = [
            pd.date_range(pd.Timestamp(start).normalize(), pd.Timestamp(end).normalize(), freq="D")
            for start, end in ranges.itertuples(index=False)
        ]
        index = pieces[0].append(pieces[1:]) if pieces else pd.DatetimeIndex([])
    else:
        index = pd.DatetimeIndex(pd.to_datetime(days))
    if index.tz is not None:
        index = index.tz_localize(None)
    return index.dropna().normalize().unique()


def days_of(days: Any) -> pd.DatetimeIndex:
    """Distinct calendar days (midnight, sorted) of a Series/DatetimeIndex of dates or of a frame's
    ``start_date``–``end_date`` ranges (see :func:`quarter_coverage`)."""
    return _days_of(days).sort_values()


#: A quarter counts as covered when at least this share of its days has data (settings can pass
#: another threshold).
COVERAGE_THRESHOLD = 0.9


def latest_covered_quarter(days_by_kind: dict[str, Any], *, threshold: float = COVERAGE_THRESHOLD) -> Quarter:
    """The latest quarter whose days are at least ``threshold`` covered by every kind of report
    in ``days_by_kind`` (kind → dates or a frame of ranges, as :func:`days_of` takes) that has
    any day in it.

    Coverage decides, not the calendar: data from 18 May covers 44 of Q2's 91 days (48 %), so Q2
    is never chosen; data through 29 September (Amazon's reports lag a day or two) covers 91 of
    Q3's 92 days and Q3 is chosen. Raises :class:`~helpers.errors.MissingDataError` when no
    quarter is covered enough.

    >>> latest_covered_quarter({"business_date": pd.Series(pd.date_range("2023-05-18", "2023-12-31"))}).label
    '2023-Q4'
    >>> latest_covered_quarter({"business_date": pd.Series(pd.date_range("2023-05-18", "2023-09-29"))}).label
    '2023-Q3'
    >>> latest_covered_quarter({"ads": pd.Series(pd.date_range("2023-05-18", "2023-09-10"))}).label
    Traceback (most recent call last):
    helpers.errors.MissingDataError: data must cover at least 90% of one quarter's days; got ads 2023-05-18 to 2023-09-10 (2023-Q2 48%, 2023-Q3 78%)
    """
    sets = {kind: days_of(days) for kind, days in days_by_kind.items()}
    sets = {kind: index for kind, index in sets.items() if len(index)}
    if not sets:
        raise MissingDataError("data must contain dated rows to choose a quarter; got none")
    last = max(index.max() for index in sets.values())
    first = min(index.min() for index in sets.values())
    quarter = Quarter.of(last)
    while quarter.end >= first.date():
        shares = [quarter_coverage(index, quarter) for index in sets.values()]
        # a kind with no day at all in the quarter (ads paused for good) does not hold it back;
        # a kind with some days is partial data, which would distort the quarter
        if any(s >= threshold for s in shares) and all(s >= threshold or s == 0 for s in shares):
            return quarter
        quarter = quarter.previous()
    spans = "; ".join(f"{k} {v.min().date()} to {v.max().date()}" for k, v in sets.items())
    tried, quarter = [], Quarter.of(first)
    while quarter <= Quarter.of(last) and len(tried) < 4:
        share = max(quarter_coverage(v, quarter) for v in sets.values())
        tried.append(f"{quarter.label} {share:.0%}")
        quarter = quarter.next()
    raise MissingDataError(
        f"data must cover at least {threshold:.0%} of one quarter's days; got {spans} ({', '.join(tried)})"
    )


def fullest_quarter(days_by_kind: dict[str, Any]) -> tuple[Quarter, float]:
    """The quarter the most days of data fall in, and its coverage (the best kind's share of its days),
    for when no quarter is covered enough (:func:`latest_covered_quarter`); the later of equals.
    Raises :class:`~helpers.errors.MissingDataError` when nothing is dated.

    >>> q, share = fullest_quarter({"ads": pd.Series(pd.date_range("2020-03-01", "2020-03-08"))})
    >>> q.label, round(share, 2)
    ('2020-Q1', 0.09)
    """
    sets = [index for index in (days_of(days) for days in days_by_kind.values()) if len(index)]
    if not sets:
        raise MissingDataError("data must contain dated rows to choose a quarter; got none")
    quarter, last = Quarter.of(min(i.min() for i in sets)), Quarter.of(max(i.max() for i in sets))
    best: tuple[float, Quarter] | None = None
    while quarter <= last:
        share = max(quarter_coverage(index, quarter) for index in sets)
        if best is None or share >= best[0]:
            best = (share, quarter)
        quarter = quarter.next()
    return best[1], best[0]


def covered_days(days_by_kind: dict[str, Any], start: Any, end: Any) -> pd.DataFrame:
    """Per kind of report, which days from ``start`` to ``end`` (inclusive) it covers.

    Columns: ``kind``, ``covered`` (days with data), ``days`` (days in the period), ``share``
    (covered / days), ``first`` and ``last`` (first and last covered day in the period, None when
    none), in the order of ``days_by_kind``.

    >>> q = Quarter(2023, 2)
    >>> row = covered_days({"SP": pd.Series(pd.date_range("2023-05-18", "2023-07-10"))}, q.start, q.end).iloc[0]
    >>> int(row.covered), int(row.days), row["first"], row["last"]
    (44, 91, datetime.date(2023, 5, 18), datetime.date(2023, 6, 30))
    """
    low, high = _as_day(start, "start"), _as_day(end, "end")
    if high < low:
        raise ParamsError(f"period end must be on or after its start; got {low} to {high}")
    total = (high - low).days + 1
    rows = []
    for kind, days in days_by_kind.items():
        index = days_of(days)
        inside = index[(index >= pd.Timestamp(low)) & (index <= pd.Timestamp(high))]
        rows.append(
            {
                "kind": kind,
                "covered": len(inside),
                "days": total,
                "share": len(inside) / total,
                "first": inside.min().date() if len(inside) else None,
                "last": inside.max().date() if len(inside) else None,
            }
        )
    return pd.DataFrame(rows, columns=["kind", "covered", "days", "share", "first", "last"])


def quarter_coverage(days: Any, quarter: Quarter) -> float:
    """Share of the quarter's calendar days present in ``days`` (0.0 to 1.0).

    ``days`` is a Series or DatetimeIndex of dates (repeats and times of day are fine), or a frame
    with ``start_date``/``end_date`` columns whose inclusive ranges are expanded (summary exports).
    0.0 means the quarter is missing (e.g. no data from last year), 1.0 complete; in between the
    comparison is partial and should say so.

    >>> q = Quarter(2026, 1)
    >>> quarter_coverage(pd.Series(pd.date_range("2026-01-01", "2026-02-14")), q)
    0.5
    """
    if not isinstance(quarter, Quarter):
        raise TypeError(f"quarter must be a Quarter; got {type(quarter).__name__}")
    present = _days_of(days)
    inside = (present >= pd.Timestamp(quarter.start)) & (present <= pd.Timestamp(quarter.end))
    return float(inside.sum()) / quarter.days


def week_start(dates: Any) -> Any:
    """The Monday (midnight) starting the week of each date, for weekly trends.

    Series in, Series out (same index); DatetimeIndex in, DatetimeIndex out; a scalar gives a
    Timestamp. NaT stays NaT.

    >>> week_start(pd.Timestamp("2026-01-04 15:30"))  # a Sunday
    Timestamp('2025-12-29 00:00:00')
    """
    if isinstance(dates, pd.Series):
        values = pd.to_datetime(dates)
        return values.dt.normalize() - pd.to_timedelta(values.dt.day_of_week, unit="D")
    if isinstance(dates, pd.DatetimeIndex | np.ndarray | list | tuple):
        values = pd.DatetimeIndex(dates)
        return values.normalize() - pd.to_timedelta(values.day_of_week, unit="D")
    stamp = pd.Timestamp(dates)
    if stamp is pd.NaT:
        return pd.NaT
    return stamp.normalize() - pd.Timedelta(days=stamp.day_of_week)
