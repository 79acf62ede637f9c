"""Which ranges a pull asks for: the days not yet stored, the provisional ones, split to the limits.

A day is *stored* when some pulled range covers it. It is *settled* when a range covering it was
pulled at least ``repull_days`` after the day: before that Amazon may still restate it (late
clicks and attributed orders), so it is asked again. Days older than the report type's retention
are never asked: Amazon no longer serves them, and whatever was pulled earlier is kept.

Wanted days are grouped into runs of consecutive days and each run is split into requests of at most
``max_days``; calendar-month reports ask for each month touched (the month so far for the current
one), whole-month reports (Brand Analytics) only for months already over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from helpers.pull.catalog import ReportType
from helpers.pull.store import Stored

Window = tuple[dt.date, dt.date]


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]


def settled_days(stored: Iterable[Stored], repull_days: int) -> tuple[set[dt.date], set[dt.date]]:
    """(days stored, days stored and settled)."""
    have: set[dt.date] = set()
    settled: set[dt.date] = set()
    for item in stored:
        for day in _days(item.start, item.end):
            have.add(day)
            if (item.pulled - day).days >= repull_days:
                settled.add(day)
    return have, settled


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following - dt.timedelta(days=1)


def plan(
    report: ReportType,
    stored: Iterable[Stored],
    *,
    since: dt.date | None,
    today: dt.date,
    repull_days: int,
) -> list[Window]:
    """The ranges to request for ``report`` (oldest first). ``since`` None = as far back as Amazon serves."""
    if report.snapshot:
        return [] if any(s.end == today for s in stored) else [(today, today)]
    until = today - dt.timedelta(days=1)
    earliest = today - dt.timedelta(days=report.retention_days - 1)
    first = max(since, earliest) if since else earliest
    if first > until:
        return []
    _, settled = settled_days(stored, repull_days)
    wanted = [d for d in _days(first, until) if d not in settled]
    if not wanted:
        return []
    if report.align is not None:
        months = sorted({d.replace(day=1) for d in wanted})
        windows = [(m, min(_month_end(m), until)) for m in months]
        if report.align == "complete-month":
            windows = [(s, e) for s, e in windows if e == _month_end(s)]
        return windows
    windows: list[Window] = []
    run_start = previous = wanted[0]
    for day in [*wanted[1:], None]:
        if day is not None and (day - previous).days == 1 and (day - run_start).days < report.max_days:
            previous = day
            continue
        windows.append((run_start, previous))
        if day is not None:
            run_start = previous = day
    return windows
