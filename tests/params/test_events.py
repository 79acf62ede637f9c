"""The event calendar: the shipped file is valid, lookups name the known events, the schema is strict."""

from __future__ import annotations

import datetime as dt

import pytest

from helpers.demo import catalog
from helpers.errors import ParamsError
from helpers.params.events import load_calendar, parse_calendar

GOOD = """
events:
  test-event-2026:
    name: Test Event
    kind: prime-day
    marketplaces:
      US: {start: 2026-07-07, end: 2026-07-10, inbound_cutoffs: {fba: 2026-06-01, awd: 2026-05-20}}
"""


def test_project_calendar_loads_and_holds_the_demo_events():
    cal = load_calendar()
    for name, (first, last) in catalog.EVENTS.items():
        event = cal.event(name.replace("_", "-"), "US")
        assert (event.start, event.end) == (first, last)
    assert cal.event("bfcm-2026", "US").start == dt.date(2026, 11, 27)
    assert cal.event("prime-day-2027", "US").assumption
    assert {"prime-day", "bfcm"} <= set(cal.priors)


def test_unknown_event_lists_the_known_ones():
    cal = load_calendar()
    with pytest.raises(ParamsError) as error:
        cal.event("prime-day-1999", "US")
    message = str(error.value)
    assert "prime-day-1999" in message
    for slug in cal.known("US"):
        assert slug in message
    assert "params/events.yaml" in message


def test_event_without_the_marketplace_is_refused():
    with pytest.raises(ParamsError, match="marketplace DE"):
        load_calendar().event("bfcm-2026", "DE")



@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (GOOD.replace("kind: prime-day", "kind: prime-day\n    colour: red"), "events key 'events.test-event-2026.colour'"),
        (GOOD.replace("start: 2026-07-07", "start: 07/07/2026"), "YYYY-MM-DD"),
        (GOOD.replace("end: 2026-07-10", "end: 2026-07-01"), "end on or after the start"),
        (GOOD.replace("fba: 2026-06-01", "fba: 2026-07-09"), "on or before the event start"),
        (GOOD.replace("US:", "XX:"), "marketplace codes"),
        ("priors:\n  prime-day: {source: x, sales: [2, 1, 3], units: [1,2,3], sessions: [1,2,3], "
         "ad_spend: [1,2,3], ad_sales: [1,2,3], cpc: [1,2,3]}", "ordered conservative"),
    ],
)
def test_schema_is_strict(text, fragment):
    with pytest.raises(ParamsError, match=fragment.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        parse_calendar(text, "params/events.yaml")


def test_client_file_adds_and_replaces_events(tmp_path):
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "events.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "params" / "shop.events.yaml").write_text(
        GOOD.replace("2026-07-10", "2026-07-11").replace("name: Test Event", "name: Own Event"), encoding="utf-8"
    )
    cal = load_calendar(tmp_path, "shop")
    event = cal.event("test-event-2026", "US")
    assert (event.name, event.end) == ("Own Event", dt.date(2026, 7, 11))
    assert cal.sources == ("params/events.yaml", "params/shop.events.yaml")
    assert load_calendar(tmp_path, "other").event("test-event-2026", "US").name == "Test Event"


def test_default_cutoff_is_the_earliest_fba_one(tmp_path):
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "events.yaml").write_text(GOOD, encoding="utf-8")
    event = load_calendar(tmp_path).event("test-event-2026", "US")
    assert event.cutoff() == ("fba", dt.date(2026, 6, 1))  # not the earlier AWD one
    assert event.cutoff("awd") == ("awd", dt.date(2026, 5, 20))
    with pytest.raises(ParamsError, match="seasonal.cutoff"):
        event.cutoff("optimized")
