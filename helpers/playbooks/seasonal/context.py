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
    mode: str  # "plan" or "review"
    currency: str
    notes: list[str] = field(default_factory=list)

    @property
    def settings(self) -> Any:
        return self.params.seasonal


def prepare(client: str, event: str, as_of: str = "", root: str | Path | None = None) -> SeasonalContext:
    """Load params, the calendar and the exports; choose plan or review mode and ``as_of``.

    Review mode when the exports cover the event's last day; its plan is then made as of the day
    before the budget lead-in. ``as_of`` (YYYY-MM-DD) overrides the plan date; it must lie inside
    the data and before the event starts.
    """
    from helpers.loaders import load_client
    from helpers.params import load_params, parse_date

    params = load_params(client, root or None)
    calendar = load_calendar(root or None, client)
    scheduled = calendar.event(str(event).strip(), params.marketplace)
    data = load_client(client, root or None, marketplace=params.marketplace)
    days = data.days()
    if days.empty:
        raise MissingDataError(
            f"data/{client}/ must contain a Business Report by date or a Sponsored Products report; found none"
        )
    first_day, last_day = days.min().date(), days.max().date()
    mode = "review" if scheduled.end <= last_day else "plan"
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
    ctx = SeasonalContext(params, data, calendar, scheduled, chosen, first_day, last_day, mode, params.currency)
    ctx.notes.extend(getattr(data, "notes", []))
    if scheduled.start <= last_day < scheduled.end:
        ctx.notes.append(
            f"{scheduled.name} is under way in the data (last day {last_day}); run again once the "
            "exports cover its last day for the review."
        )
    return ctx
