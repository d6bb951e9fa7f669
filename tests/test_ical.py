"""The iCalendar files: parsed back with icalendar, checked against the content they came from."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from conftest import FIXTURES, ROOT

from boardpapers.content.models import Meeting, Publishing
from boardpapers.outputs.ical import meeting_iso, meeting_span
from boardpapers.pipeline import Options, build

UTC = dt.UTC
NOW = dt.datetime(2026, 1, 1, 9, 0)


def build_outputs(content: Path, tmp: Path):
    result = build(Options(content_dir=content, out_dir=tmp / "site", now=NOW, search=False, write=False))
    return result.graph, result.outputs


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    return build_outputs(FIXTURES / "outputs" / "content", tmp_path_factory.mktemp("ical"))


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def meeting(date: dt.date, start="", end="", precision="day", status="scheduled") -> Meeting:
    return Meeting(id="m", boards=("b",), title="", date=date, date_precision=precision, start=start, end=end,
                   venue="", status=status, minutes_confirmed_at="", attendance=(), attendance_recorded=False,
                   declarations=(), next_meeting="", next_meeting_date=None, body="", publishing=Publishing(),
                   source="")


@pytest.mark.parametrize(("day", "hhmm", "utc_hour"), [
    (dt.date(2014, 1, 21), "11:00", 11),   # GMT
    (dt.date(2014, 3, 29), "11:00", 11),   # the day before the clocks go forward
    (dt.date(2014, 3, 30), "11:00", 10),   # the day they do: BST from 01:00 GMT
    (dt.date(2014, 10, 25), "11:00", 10),  # the last day of BST
    (dt.date(2014, 10, 26), "11:00", 11),  # GMT again from 02:00 BST
])
def test_times_are_right_across_summer_time(day, hhmm, utc_hour):
    start, _ = meeting_span(meeting(day, hhmm), "Europe/London")
    assert start.astimezone(UTC) == dt.datetime(day.year, day.month, day.day, utc_hour, 0, tzinfo=UTC)


def test_spans_all_day_year_and_bad_end():
    assert meeting_span(meeting(dt.date(2014, 5, 1)), "Europe/London") == (dt.date(2014, 5, 1), dt.date(2014, 5, 2))
    assert meeting_span(meeting(dt.date(2013, 1, 1), precision="year"), "Europe/London") is None
    _, end = meeting_span(meeting(dt.date(2014, 5, 1), "11:00", "10:00"), "Europe/London")
    assert end is None  # an end before the start is dropped, never a negative event
    assert meeting_iso(meeting(dt.date(2014, 6, 17), "10:30"), "start") == "2014-06-17T10:30:00+01:00"
    assert meeting_iso(meeting(dt.date(2013, 1, 1), precision="year")) == "2013"


def test_site_calendar_has_one_event_per_dated_published_meeting(fixture_site):
    graph, outputs = fixture_site
    found = events(outputs["calendar.ics"])
    dated = [m for m in graph.meetings.values() if m.date_precision == "day"]
    assert sorted(found) == sorted(f"{m.id}@example.org" for m in dated)
    assert "2013-iib@example.org" not in found  # dated only by year: no invented date
    assert not any("2014-12-01" in uid for uid in found)  # a draft
    cal = icalendar.Calendar.from_ical(outputs["calendar.ics"])
    assert str(cal["VERSION"]) == "2.0" and str(cal["X-WR-CALNAME"]) == graph.config.title


def test_event_fields(fixture_site):
    _, outputs = fixture_site
    found = events(outputs["calendar.ics"])
    winter = found["2014-01-21-iib@example.org"]
    assert winter.decoded("DTSTART") == dt.datetime(2014, 1, 21, 11, 0, tzinfo=UTC)
    assert winter.decoded("DTEND") == dt.datetime(2014, 1, 21, 13, 0, tzinfo=UTC)
    assert str(winter["LOCATION"]) == 'Room 1, Town Hall <"quoted"> & more'  # escaped and read back intact
    assert str(winter["URL"]) == "https://example.org/papers/meetings/2014-01-21-iib/"
    assert str(winter["STATUS"]) == "CONFIRMED"
    assert "3. Contract award (exempt)" in str(winter["DESCRIPTION"])
    summer = found["2014-06-17-iib@example.org"]
    assert summer.decoded("DTSTART") == dt.datetime(2014, 6, 17, 9, 30, tzinfo=UTC)  # 10:30 BST
    assert summer.decoded("DTEND") == dt.datetime(2014, 6, 17, 11, 0, tzinfo=UTC)
    assert "Joint meeting" in str(summer["SUMMARY"])
    cancelled = found["2014-09-16-iib@example.org"]
    assert str(cancelled["STATUS"]) == "CANCELLED" and str(cancelled["SUMMARY"]).startswith("Cancelled")
    assert int(cancelled["SEQUENCE"]) == 1
    assert "DTEND" not in cancelled  # no end time given
    all_day = found["2014-03-18-iib@example.org"]
    assert all_day.decoded("DTSTART") == dt.date(2014, 3, 18) and all_day.decoded("DTEND") == dt.date(2014, 3, 19)
    for event in found.values():  # a content-derived stamp in UTC: never the build's clock
        assert event.decoded("DTSTAMP").year == 2014 and event.decoded("DTSTAMP").tzinfo is not None


def test_exempt_and_embargoed_never_reach_the_calendar(fixture_site):
    _, outputs = fixture_site
    text = b"".join(data for path, data in outputs.items() if path.endswith(".ics"))
    assert b"CANARY" not in text


def test_board_calendars(fixture_site):
    _, outputs = fixture_site
    assert set(events(outputs["boards/cwb/calendar.ics"])) == {"2014-06-17-iib@example.org"}  # the joint meeting
    iib = events(outputs["boards/iib/calendar.ics"])
    assert len(iib) == 4 and "2014-06-17-iib@example.org" in iib
    assert str(icalendar.Calendar.from_ical(outputs["boards/cwb/calendar.ics"])["X-WR-CALNAME"]) == \
        "Community Wellbeing Board"


def test_uid_host_without_base_url(tmp_path):
    _, outputs = build_outputs(FIXTURES / "mini" / "content", tmp_path)
    found = events(outputs["calendar.ics"])
    assert set(found) == {"2014-01-21-iib@boardpapers", "2014-03-18-iib@boardpapers"}
    assert all("URL" not in e for e in found.values())  # no absolute address to give


def test_sample_calendar_matches_the_sample_meetings(tmp_path):
    graph, outputs = build_outputs(ROOT / "content", tmp_path)
    found = events(outputs["calendar.ics"])
    dated = [m for m in graph.meetings.values() if m.date_precision == "day"]
    # and the next meetings the papers name by date only (15 January 2013, 18 March 2014): all-day events
    assert dated and len(found) == len(dated) + len(graph.announced) == len(dated) + 2
    for a in graph.announced.values():
        event = found[f"{a.id}@boardpapers"]
        assert event.decoded("DTSTART") == a.date
        assert "No papers of this meeting are published yet" in str(event["DESCRIPTION"])
    for m in dated:
        event = found[f"{m.id}@boardpapers"]
        start = event.decoded("DTSTART")
        if m.start:  # stored in UTC; back in London time it is the time the papers give
            assert start.tzinfo is not None
            assert start.astimezone(ZoneInfo("Europe/London")).strftime("%Y-%m-%d %H:%M") == f"{m.date} {m.start}"
        else:
            assert start == m.date
        assert str(event["STATUS"]) == ("CANCELLED" if m.status == "cancelled" else "CONFIRMED")
