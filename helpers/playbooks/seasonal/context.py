"""The event's :class:`SeasonalContext` and :func:`prepare`, the only code that reads params and exports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from helpers.errors import MissingDataError, ParamsError
from helpers.params.events import Calendar, ScheduledEvent, load_calendar


@dataclass
class SeasonalContext:
    """Everything the seasonal sections need, loaded once."""

    params: Any
    data: Any  # helpers.loaders.ClientData
    calendar: Calendar
    event: ScheduledEvent
    as_of: dt.date
    first_day: dt.date
    last_day: dt.date
    mode: str  # "plan", "started" or "review" (:func:`choose_mode`)
    currency: str
    notes: list[str] = field(default_factory=list)
    report_date: dt.date | None = None  # the day the report speaks on (dates before it are past)

    @property
    def settings(self) -> Any:
        return self.params.seasonal

    @property
    def judged_on(self) -> dt.date:
        """The day deadlines are judged against: ``as_of`` in a review (the plan as it was made), else
        the later of ``as_of`` and the report date (a ship-by date before it has passed)."""
        if self.mode == "review" or self.report_date is None:
            return self.as_of
        return max(self.as_of, self.report_date)


def choose_mode(start: dt.date, end: dt.date, *, last_day: dt.date, report_date: dt.date) -> str:
    """"review" when the data covers the event's last day, "started" when the event has begun by the
    report date without the data covering it, else "plan".

    >>> d = dt.date
    >>> [choose_mode(d(2026, 11, 27), d(2026, 11, 30), last_day=d(2026, 11, 15), report_date=r)
    ...  for r in (d(2026, 11, 20), d(2026, 11, 30))]
    ['plan', 'started']
    """
    if end <= last_day:
        return "review"
    return "started" if start <= report_date else "plan"


def prepare(client: str, event: str, as_of: str = "", root: str | Path | None = None, *,
            today: str = "", skip_bad: bool = False) -> SeasonalContext:
    """Load params, the calendar and the exports; choose the mode and ``as_of``.

    Modes (:func:`choose_mode`): "review" when the exports cover the event's last day; "started" when
    the event has begun by the report date (``today``, YYYY-MM-DD; blank: the clock's date) but the
    exports do not cover it yet — the plan is then shown as what the review will measure, never as
    a plan to act on; else "plan". In review and started mode the plan is made as of the day before
    the budget lead-in. ``as_of`` (YYYY-MM-DD) overrides the plan date; it must lie inside the data and
    before the event starts.
    """
    from helpers.loaders import load_client
    from helpers.params import load_params, parse_date

    params = load_params(client, root or None)
    calendar = load_calendar(root or None, client)
    scheduled = calendar.event(str(event).strip(), params.marketplace)
    data = load_client(
            client, root or None, marketplace=params.marketplace, currency=params.currency, skip_bad=skip_bad
        )
    days = data.days()
    if days.empty:
        raise MissingDataError(
            f"data/{client}/ must contain a Business Report by date or a Sponsored Products report; found none"
        )
    first_day, last_day = days.min().date(), days.max().date()
    report_date = parse_date(today, key="today", source="the notebook parameters") if today else dt.date.today()
    report_date = max(report_date, last_day)
    mode = choose_mode(scheduled.start, scheduled.end, last_day=last_day, report_date=report_date)
    lead_in_start = scheduled.start - dt.timedelta(days=params.seasonal.lead_in_days)
    if as_of:
        chosen = parse_date(as_of, key="as_of", source="the notebook parameters")
        if chosen > last_day:
            raise ParamsError(
                f"parameter 'as_of' must be on or before the last day in the exports ({last_day}); got {chosen}"
            )
        if chosen >= scheduled.start:
            raise ParamsError(
                f"parameter 'as_of' must be before {scheduled.slug} starts ({scheduled.start}); got {chosen}"
            )
    else:
        chosen = min(last_day, lead_in_start - dt.timedelta(days=1))
    ctx = SeasonalContext(params, data, calendar, scheduled, chosen, first_day, last_day, mode, params.currency,
                          report_date=report_date)
    ctx.notes.extend(getattr(data, "notes", []))
    if mode == "started":
        ctx.notes.append(
            f"{scheduled.name} started on {scheduled.start} and the exports end {last_day}: the report shows the "
            f"plan the review will measure; download exports through {scheduled.end} (better: the end of the "
            "recovery days) and run the playbook again for the review."
        )
    return ctx
