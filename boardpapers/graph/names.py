"""How things are named and dated for people, the same in pages, feeds, data and error messages."""

from __future__ import annotations

import datetime as dt


def topic_title(topic: str) -> str:
    return topic.replace("-", " ").capitalize()


def long_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return f"{value:%A} {value.day} {value:%B %Y}"


def format_meeting_date(meeting) -> str:
    if meeting.date_precision == "year":
        return f"{meeting.date.year} (date not given)"
    return f"{meeting.date.day} {meeting.date:%B %Y}"


def day_or_year(meeting) -> str:
    """A meeting's date for data: '2014-01-21', or '2013' when the papers give only the year."""
    return meeting.date.isoformat() if meeting.date_precision == "day" else str(meeting.date.year)


def meeting_title(graph, meeting) -> str:
    names = " and ".join(graph.boards[b].name for b in meeting.boards if b in graph.boards)
    return f"{names}, {format_meeting_date(meeting)}"
