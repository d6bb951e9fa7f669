"""iCalendar (RFC 5545) files: every meeting at /calendar.ics, each board's at /boards/<id>/calendar.ics.

Times are converted from the site's zone to UTC (`DTSTART:20120917T100000Z`) rather than written with a TZID and
a VTIMEZONE: UTC is unambiguous in every client, and the VTIMEZONE blocks that libraries generate from the tz
database have been seen to put the spring onset an hour late. Calendar apps show the times in the reader's zone.

Nothing here reads the wall clock: DTSTAMP is the meeting's own start (an iCalendar file must have one), so two
builds of the same content are byte-identical and a subscribed client never sees a spurious change.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from boardpapers.content.models import Meeting, SiteConfig
from boardpapers.graph.names import meeting_title

if TYPE_CHECKING:
    import icalendar

PRODID = "-//boardpapers//Board papers calendar//EN"


def uid_host(config: SiteConfig) -> str:
    """The host part of event UIDs: the site's host when base_url is absolute, so UIDs are globally unique."""
    return urlsplit(config.base_url).hostname or "boardpapers"


def meeting_span(meeting: Meeting, timezone: str) -> tuple[dt.date | dt.datetime, dt.date | dt.datetime | None] | None:
    """(start, end) of a meeting: aware datetimes in the site zone when it has a start time, else dates for an
    all-day event (end exclusive, as RFC 5545 wants). None when only the year is known: such a meeting cannot be
    put in a calendar without inventing a date."""
    if meeting.date_precision == "year":
        return None
    if not meeting.start:
        return meeting.date, meeting.date + dt.timedelta(days=1)
    zone = ZoneInfo(timezone)
    start = _at(meeting.date, meeting.start, zone)
    end = _at(meeting.date, meeting.end, zone) if meeting.end else None
    # An end before the start is a typo in the papers; a zero-length event is better than a negative one.
    return start, end if end and end > start else None


def _at(day: dt.date, hhmm: str, zone: ZoneInfo) -> dt.datetime:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def meeting_iso(meeting: Meeting, which: str = "start", timezone: str = "Europe/London") -> str:
    """ISO 8601 start or end for schema.org and open data: '2012-09-17T11:00:00+01:00', '2012-09-17' for an
    all-day meeting (its end is the same day), '2013' when only the year is known, '' when there is none."""
    if meeting.date_precision == "year":
        return str(meeting.date.year) if which == "start" else ""
    span = meeting_span(meeting, timezone)
    assert span is not None
    value = span[0] if which == "start" else span[1]
    if value is None:
        return ""
    if not isinstance(value, dt.datetime):
        return meeting.date.isoformat()
    return value.isoformat()


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def meeting_event(meeting, site) -> icalendar.Event | None:
    """A published meeting's event, or an announced one's (schedule.Announced: a date the papers give for a next
    meeting whose own papers are not published): an all-day event that says so, at the address its page has."""
    announced = not isinstance(meeting, Meeting)
    span = (meeting.date, meeting.date + dt.timedelta(days=1)) if announced else meeting_span(meeting,
                                                                                                 site.config.timezone)
    if span is None:
        return None
    start, end = span
    graph = site.graph
    import icalendar  # here, not at the top: most builds render no calendar (~0.1 s of start-up)

    event = icalendar.Event()
    event.add("uid", f"{meeting.id}@{uid_host(site.config)}")
    stamp = start if isinstance(start, dt.datetime) else dt.datetime.combine(start, dt.time(), dt.UTC)
    event.add("dtstamp", _utc(stamp))
    if isinstance(start, dt.datetime):
        event.add("dtstart", _utc(start))
        if end is not None:
            event.add("dtend", _utc(end))
    else:
        event.add("dtstart", start)
        event.add("dtend", end)
    cancelled = not announced and meeting.status == "cancelled"
    event.add("summary", ("Cancelled: " if cancelled else "") + summary(meeting, graph))
    if not announced and meeting.venue:
        event.add("location", meeting.venue)
    # URL must be absolute (RFC 5545 URI): without an absolute base_url there is no address to give.
    page = meeting.id if not announced or meeting.has_page else meeting.announced_by
    url = site.abs_url(f"meetings/{page}/")
    absolute = url.startswith(("http://", "https://"))
    if absolute:
        event.add("url", url)
    text = description(meeting, graph, url if absolute else "")
    if text:
        event.add("description", text)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    # A cancellation is a revision of the event: clients that compare SEQUENCE then replace their copy.
    event.add("sequence", 1 if cancelled else 0)
    return event


def summary(meeting, graph) -> str:
    names = " and ".join(graph.boards[b].name for b in meeting.boards if b in graph.boards)
    return f"{names}: {meeting.title}" if getattr(meeting, "title", "") else names


def description(meeting, graph, url: str) -> str:
    """The agenda as plain text. Exempt items are named with their number and title only, as on the agenda."""
    lines = []
    if not isinstance(meeting, Meeting):
        by = graph.meetings[meeting.announced_by]
        lines += [f"Date given in the papers of the meeting of {by.date.day} {by.date:%B %Y}. No papers of this "
                  "meeting are published yet.", ""]
    items = [graph.items[i] for i in graph.items_by_meeting.get(meeting.id, ())]
    if items:
        lines.append("Agenda:")
        lines += [f"{i.number}. {i.title}" + (" (exempt)" if i.exempt else "") for i in items]
        lines.append("")
    if url:
        lines.append(f"Papers: {url}")
    return "\n".join(lines).strip()


def calendar_bytes(site, board_id: str = "") -> bytes:
    """The calendar of every meeting, or of one board's meetings (joint meetings appear in each board's), with
    the meetings announced by date only."""
    graph, config = site.graph, site.config
    if board_id:
        meeting_ids = graph.meetings_by_board.get(board_id, ())
        announced = [a for a in graph.announced.values() if a.board == board_id]
        name = graph.boards[board_id].name
    else:
        meeting_ids = tuple(graph.meetings)
        announced = list(graph.announced.values())
        name = config.title
    when = {m: graph.meetings[m].date for m in meeting_ids}
    when.update((a.id, a.date) for a in announced)
    return _calendar(site, name, sorted(when, key=lambda m: (when[m], m)))


def meeting_calendar_bytes(site, meeting_id: str) -> bytes:
    """/meetings/<id>/meeting.ics: one meeting's event, for an "Add to calendar" link."""
    meeting = site.graph.meetings.get(meeting_id) or site.graph.announced[meeting_id]
    return _calendar(site, meeting_title(site.graph, meeting), [meeting_id])


def _calendar(site, name: str, ordered: list) -> bytes:
    config = site.config
    import icalendar  # see meeting_event

    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)  # the name most clients (Apple, Google, Outlook) actually display
    cal.add("x-wr-timezone", config.timezone)
    # Each meeting's event is the same text in every calendar it appears in (the site's and each of its boards'):
    # made once per build and put in before the calendar's last line, as `add_component` would put it.
    head = cal.to_ical()
    assert head.endswith(END)
    return head[: -len(END)] + b"".join([event_bytes(site, meeting_id) for meeting_id in ordered]) + END


END = b"END:VCALENDAR\r\n"


def event_bytes(site, meeting_id: str) -> bytes:
    """A meeting's VEVENT as it appears in a calendar file (b"" for a meeting without a day)."""
    def make() -> bytes:
        graph = site.graph
        event = meeting_event(graph.meetings.get(meeting_id) or graph.announced[meeting_id], site)
        return event.to_ical() if event is not None else b""

    return site.capture(("ical-event", meeting_id), make)
