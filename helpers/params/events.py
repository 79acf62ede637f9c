"""The retail event calendar (``params/events.yaml``): dates, deal deadlines, inbound cutoffs, priors.

Amazon moves its deadlines earlier almost every year, so every date here is data the user updates,
never a constant in code. The project-wide calendar is ``params/events.yaml``; a client may add or
replace events (same slug = replaced), priors or deal types in ``params/<client>.events.yaml``, with
the same schema. Both files are read with the strict params YAML loader (dates stay strings and are
parsed as ``YYYY-MM-DD``; unknown keys and wrong types are refused, naming the key and the file).

Schema (see ``docs/events-schema.md``)::

    events:
      prime-day-2026:                      # slug: <kind>-<year>
        name: "Prime Day 2026"
        kind: prime-day                    # links to priors: and to own-history events of the kind
        assumption: true                   # dates/cutoffs are a planning assumption, not Amazon's
        note: "..."                        # where the dates come from
        marketplaces:
          US:
            start: 2026-07-07              # first event day (inclusive)
            end: 2026-07-10                # last event day (inclusive)
            deal_deadline: 2026-05-26      # optional
            inbound_cutoffs:               # optional; name -> last arrival day at Amazon
              fba_minimal_split: 2026-05-27
    priors:                                # benchmark multiples vs the prior 30 days, per kind
      prime-day:
        source: "..."
        sales: [1.6, 2.0, 2.6]             # conservative, expected, stretch
        ...
    deals:                                 # deal types: minimum discount and fee
      lightning: {label: Lightning Deal, min_discount: 20%, fee: 500}

>>> cal = load_calendar()                                                     # doctest: +SKIP
>>> cal.event("prime-day-2026", "US").start                                   # doctest: +SKIP
datetime.date(2026, 7, 7)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, model_validator

from helpers.errors import ParamsError
from helpers.params import MARKETPLACES, Fraction, IsoDate, Section, Text, _params_error, _refuse, load_yaml
from helpers.paths import PROJECT_DIR, check_slug, project_root

__all__ = [
    "SCENARIOS",
    "Calendar",
    "DealType",
    "EventDates",
    "EventSpec",
    "Prior",
    "ScheduledEvent",
    "events_file",
    "load_calendar",
    "parse_calendar",
]

#: The three planning scenarios, in the order every table shows them.
SCENARIOS = ("conservative", "expected", "stretch")
EVENTS_FILE = "events.yaml"


def _slug(value: Any) -> Any:
    if not isinstance(value, str):
        _refuse("a slug of lower-case letters, digits and dashes (e.g. 'prime-day')", value)
    try:
        return check_slug(value, what="event slug")
    except ParamsError:
        _refuse("a slug of lower-case letters, digits and dashes (e.g. 'prime-day')", value)


def _multiples(value: Any) -> Any:
    if not isinstance(value, list | tuple) or len(value) != 3:
        _refuse("a list of 3 multiples [conservative, expected, stretch] (e.g. [1.6, 2.0, 2.6])", value)
    out = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int | float) or not (0 < float(item) < 100):
            _refuse("a list of 3 multiples > 0 [conservative, expected, stretch]", value)
        out.append(float(item))
    if not out[0] <= out[1] <= out[2]:
        _refuse("ordered conservative <= expected <= stretch", value)
    return tuple(out)


def _marketplace_keys(value: Any) -> Any:
    if not isinstance(value, Mapping) or not value:
        _refuse("a mapping of marketplace code to dates (e.g. US: {start: ..., end: ...})", value)
    for key in value:
        if key not in MARKETPLACES:
            _refuse(f"keyed by marketplace codes ({', '.join(MARKETPLACES)})", raw=f"the key {key!r}")
    return dict(value)


def _slug_keys(value: Any) -> Any:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        _refuse("a mapping keyed by slugs (e.g. prime-day-2026: {...})", value)
    for key in value:
        if not isinstance(key, str):
            _refuse("keyed by slugs of lower-case letters, digits and dashes", raw=f"the key {key!r}")
        try:
            check_slug(key, what="slug")
        except ParamsError:
            _refuse("keyed by slugs of lower-case letters, digits and dashes", raw=f"the key {key!r}")
    return dict(value)


Multiples = Annotated[tuple[float, float, float], BeforeValidator(_multiples)]
Slug = Annotated[str, BeforeValidator(_slug)]
Money = Annotated[float, Field(ge=0)]


class EventDates(Section):
    """One event in one marketplace: inclusive days, the deal deadline and inbound cutoffs."""

    start: IsoDate
    end: IsoDate
    deal_deadline: IsoDate | None = None
    inbound_cutoffs: Mapping[str, IsoDate] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _order(self) -> EventDates:
        if self.end < self.start:
            _refuse("an end on or after the start", raw=f"end {self.end} before start {self.start}")
        for name, day in self.inbound_cutoffs.items():
            if day > self.start:
                _refuse("inbound cutoffs on or before the event start", raw=f"{name} {day} after {self.start}")
        return self


class EventSpec(Section):
    """An event across marketplaces."""

    name: Text
    kind: Slug
    assumption: bool = False
    note: str = ""
    marketplaces: Annotated[Mapping[str, EventDates], BeforeValidator(_marketplace_keys)]


class Prior(Section):
    """Benchmark multiples of an event kind vs the prior 30 days (used without own history).

    Each metric is [conservative, expected, stretch]; ``lead_in`` and ``tail`` are the expected
    multiples of the days just before and just after the event.
    """

    source: Text
    sales: Multiples
    units: Multiples
    sessions: Multiples
    ad_spend: Multiples
    ad_sales: Multiples
    cpc: Multiples
    lead_in: Annotated[float, Field(gt=0)] = 1.0
    tail: Annotated[float, Field(gt=0)] = 1.0


class DealType(Section):
    """A deal Amazon sells: minimum discount, flat fee per deal (by event kind if it differs), and a
    fee per unit as a share of the deal price (coupons)."""

    label: Text
    min_discount: Fraction
    fee: Money = 0.0
    fee_by_kind: Mapping[str, Money] = Field(default_factory=dict)
    fee_share_of_sales: Fraction = 0.0
    assumption: bool = False
    note: str = ""

    def fee_for(self, kind: str) -> float:
        """The flat fee for an event of ``kind`` (its own fee if listed, else ``fee``)."""
        return float(self.fee_by_kind.get(kind, self.fee))


class CalendarFile(Section):
    events: Annotated[Mapping[str, EventSpec], BeforeValidator(_slug_keys)] = Field(default_factory=dict)
    priors: Annotated[Mapping[str, Prior], BeforeValidator(_slug_keys)] = Field(default_factory=dict)
    deals: Annotated[Mapping[str, DealType], BeforeValidator(_slug_keys)] = Field(default_factory=dict)


@dataclass(frozen=True)
class ScheduledEvent:
    """One event in one marketplace, ready to plan against."""

    slug: str
    name: str
    kind: str
    marketplace: str
    start: dt.date
    end: dt.date
    deal_deadline: dt.date | None
    inbound_cutoffs: Mapping[str, dt.date]
    assumption: bool
    note: str

    @property
    def days(self) -> int:
        """Number of event days (inclusive)."""
        return (self.end - self.start).days + 1

    @property
    def dates_text(self) -> str:
        """e.g. 'Jul 7 – Jul 10, 2026'."""
        if self.start == self.end:
            return self.start.strftime("%b %-d, %Y")
        return f"{self.start.strftime('%b %-d')} – {self.end.strftime('%b %-d, %Y')}"

    def cutoff(self, name: str | None = None) -> tuple[str, dt.date] | None:
        """The inbound cutoff to plan against: ``name`` if given, else the earliest FBA one (a name
        starting ``fba``), else the earliest of any kind; None when the event lists no cutoff."""
        if not self.inbound_cutoffs:
            return None
        if name is None:
            fba = {k: v for k, v in self.inbound_cutoffs.items() if k.startswith("fba")}
            return min((fba or self.inbound_cutoffs).items(), key=lambda kv: (kv[1], kv[0]))
        if name not in self.inbound_cutoffs:
            raise ParamsError(
                f"params key 'seasonal.cutoff' must be one of the cutoffs of {self.slug} "
                f"({', '.join(sorted(self.inbound_cutoffs))}); got {name!r}"
            )
        return name, self.inbound_cutoffs[name]


@dataclass(frozen=True)
class Calendar:
    """The merged calendar (project file, then the client's overrides)."""

    events: Mapping[str, EventSpec]
    priors: Mapping[str, Prior]
    deals: Mapping[str, DealType]
    sources: tuple[str, ...]

    def known(self, marketplace: str | None = None) -> list[str]:
        """Slugs of the events (in ``marketplace`` when given), in date order."""
        items = [
            (min(d.start for d in spec.marketplaces.values()), slug)
            for slug, spec in self.events.items()
            if marketplace is None or marketplace in spec.marketplaces
        ]
        return [slug for _, slug in sorted(items)]

    def event(self, slug: str, marketplace: str) -> ScheduledEvent:
        """The event ``slug`` in ``marketplace``; ParamsError listing the known events otherwise."""
        where = " and ".join(self.sources)
        spec = self.events.get(slug)
        if spec is None:
            known = self.known(marketplace) or self.known()
            raise ParamsError(
                f"event {slug!r} must be one of the events in the calendar ({', '.join(known)}); "
                f"got an unknown event (add it to {where})"
            )
        dates = spec.marketplaces.get(marketplace)
        if dates is None:
            raise ParamsError(
                f"event {slug!r} must have dates for marketplace {marketplace} (it has "
                f"{', '.join(spec.marketplaces)}); got none (in {where})"
            )
        return ScheduledEvent(
            slug, spec.name, spec.kind, marketplace, dates.start, dates.end, dates.deal_deadline,
            dict(dates.inbound_cutoffs), spec.assumption, spec.note,
        )

    def scheduled(self, marketplace: str) -> list[ScheduledEvent]:
        """Every event with dates in ``marketplace``, in date order."""
        return [self.event(slug, marketplace) for slug in self.known(marketplace)]


def events_file(root: str | Path | None = None, client: str | None = None) -> list[Path]:
    """The calendar files to read, in merge order.

    The project-wide ``params/events.yaml`` of ``root`` (falling back to this checkout's when the
    root has none), then ``params/<client>.events.yaml`` when it exists.
    """
    base = project_root(root) / "params"
    files = [base / EVENTS_FILE if (base / EVENTS_FILE).is_file() else PROJECT_DIR / "params" / EVENTS_FILE]
    if client:
        own = base / f"{check_slug(client)}.events.yaml"
        if own.is_file():
            files.append(own)
    return files


def parse_calendar(data: Any, source: str = "<string>") -> CalendarFile:
    """Validate one calendar mapping (or YAML text); ParamsError names the key and ``source``."""
    if isinstance(data, str):
        data = load_yaml(data, source=source)
    if not isinstance(data, Mapping):
        raise ParamsError(f"events file must be a mapping with events:, priors:, deals:; got {data!r} (in {source})")
    try:
        return CalendarFile.model_validate(dict(data))
    except ValidationError as error:
        problem = _params_error(error, source)
        raise ParamsError(str(problem).replace("params key", "events key").replace("params file", "events file")) from None


def load_calendar(root: str | Path | None = None, client: str | None = None) -> Calendar:
    """Read and merge the calendar files (:func:`events_file`); later files replace by slug."""
    events: dict[str, EventSpec] = {}
    priors: dict[str, Prior] = {}
    deals: dict[str, DealType] = {}
    sources = []
    for path in events_file(root, client):
        if not path.is_file():
            raise ParamsError(f"events file must exist; got no file at {path}")
        try:
            shown = path.resolve().relative_to(project_root(root)).as_posix()
        except ValueError:
            shown = str(path)
        parsed = parse_calendar(load_yaml(path.read_text(encoding="utf-8"), source=shown), shown)
        events.update(parsed.events)
        priors.update(parsed.priors)
        deals.update(parsed.deals)
        sources.append(shown)
    return Calendar(events, priors, deals, tuple(sources))
