"""Seasonal: event planning settings (the calendar itself is ``params/events.yaml``)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from helpers.params._fields import (
    Count,
    Fraction,
    FrozenDict,
    FrozenMap,
    Section,
    Text,
    _asin_keys,
    _refuse,
    _show,
)
from helpers.paths import SLUG_RE


def _event_slugs(value: Any) -> Any:
    """A list of event slugs of the calendar (``[prime-day-2027, bfcm-2026]``); repeats dropped."""
    if value is None:
        return ()
    if not isinstance(value, list | tuple):
        _refuse("a list of event slugs (e.g. [prime-day-2027])", value)
    for position, item in enumerate(value, start=1):
        if not isinstance(item, str) or not SLUG_RE.fullmatch(item):
            _refuse(
                "a list of event slugs of lower-case letters, digits and dashes",
                raw=f"{_show(item)} as item {position}",
            )
    return tuple(dict.fromkeys(value))


class StockLine(Section):
    """Units of one ASIN at FBA (used by the seasonal plan when no FBA inventory report is loaded)."""

    available: Count = 0
    inbound: Count = 0


class Seasonal(Section):
    """(seasonal) Event planning settings; the event calendar itself is params/events.yaml."""

    events: Annotated[tuple[str, ...], BeforeValidator(_event_slugs)] = Field(
        (), description="events of the calendar to plan or review for this client (`make all` builds each)"
    )
    transit_days: Count = Field(
        10, description="days from shipping to arrival at Amazon: ship-by = cutoff - this"
    )
    production_days: Count = Field(
        30, description="days from purchase order to ready to ship: order-by = ship-by - this"
    )
    warning_days: Count = Field(14, description="flag ASINs whose order must be placed within this many days")
    lead_in_days: Count = Field(7, description="days of budget ramp before the event")
    recovery_days: Count = Field(14, description="days after the event covered by stock and the budget tail")
    spread: Fraction = Field(
        0.25, description="conservative/stretch = expected uplift -/+ this share when history has one event"
    )
    cutoff: Text | None = Field(
        None, description="inbound cutoff to plan against; default the earliest FBA one"
    )
    stock: FrozenMap(StockLine, _asin_keys) = Field(
        default_factory=FrozenDict, description="units per ASIN when no FBA inventory report is loaded"
    )
