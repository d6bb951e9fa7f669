"""Meetings over time: which meeting comes next, which were held, and what stage each one's papers are at.

Two halves. `next_meetings` runs in the link stage and does not read the clock: a meeting's `next_meeting` (an id,
or a date when that meeting has no papers yet) becomes the id of the meeting it names, and a date that matches no
published meeting becomes an `Announced` meeting, under the id its papers will have (`<date>-<board>`), so that a
calendar event, a page and every link keep their address when the papers arrive.

The other half reads the build's clock (`graph.now`, its date only): it is computed once as global facts of the
graph (graph.facts: `meeting_states`, `upcoming`, `recent`, listed in facts.DATED), so that the pages showing it
are recorded as depending on the date.
A meeting's status follows its papers and the clock rather than only the word in its file: a meeting not yet
held has no minutes whatever the file says; one held without minutes on the site says so ("held"); minutes
confirmed at a later meeting's item count as confirmed once that meeting has been held.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from boardpapers.content.models import Meeting


@dataclass(frozen=True, slots=True)
class Announced:
    """A meeting the papers name by its date only (a `next_meeting` date) whose own papers are not published."""

    id: str  # "<date>-<board>": the id its papers will have
    board: str
    date: dt.date
    announced_by: str  # the latest meeting whose papers name it
    has_page: bool = True  # False when that id belongs to a withheld document: no page is made at its URL

    @property
    def boards(self) -> tuple[str, ...]:
        return (self.board,)

    # What layouts and calendars ask of any meeting: an announced one has a day, and nothing more is known.
    date_precision = "day"
    title = venue = start = end = ""


def next_meetings(meetings: list[Meeting], taken: dict) -> tuple[dict[str, str], dict[str, Announced]]:
    """-> ({meeting id: the id of the next meeting it names}, {id: Announced}). `meetings` are the published
    ones in date order; `taken`: ids used by withheld documents (no placeholder page may take their URL).
    A date names the published meeting of the same board held that day, if there is one."""
    on_day = {}
    for m in meetings:
        if m.date_precision == "day":
            for board in m.boards:
                on_day.setdefault((board, m.date), m.id)
    next_of: dict[str, str] = {}
    announced: dict[str, Announced] = {}
    for m in meetings:
        if m.next_meeting:
            next_of[m.id] = m.next_meeting
            continue
        day = m.next_meeting_date
        if day is None:
            continue
        found = on_day.get((m.board, day))
        if found is None:
            found = f"{day.isoformat()}-{m.board}"
            announced[found] = Announced(found, m.board, day, m.id, found not in taken)
        next_of[m.id] = found
    return next_of, dict(sorted(announced.items(), key=lambda kv: (kv[1].date, kv[0])))


# -- the clock's half: global facts of the graph (graph.facts)

STATUS_LABELS = {
    "scheduled": "Scheduled",
    "agenda published": "Agenda published",
    "held": "Held",
    "minutes draft": "Minutes draft",
    "minutes confirmed": "Minutes confirmed",
    "cancelled": "Cancelled",
    "announced": "Agenda not yet published",
}


@dataclass(frozen=True, slots=True)
class MeetingState:
    status: str  # a key of STATUS_LABELS
    held: bool  # the meeting has taken place (by the build's clock)
    upcoming: bool  # today or later, with a date, not cancelled
    label: str  # the status in words, for its tag
    confirmed_at: str = ""  # the item that confirmed the minutes, when known and already held


def meeting_states(graph) -> dict[str, MeetingState]:
    """The state of every published and announced meeting on the build's day."""
    today = graph.now.date()
    meetings = graph.meetings
    has_agenda = {meeting_id for meeting_id, items in graph.items_by_meeting.items() if items}
    minuted = {i.meeting_id for i in graph.items.values() if i.minutes or i.decisions or i.actions}
    states: dict[str, MeetingState] = {}
    for m in meetings.values():
        held = _held(m, today, m.id in minuted)
        upcoming = m.date_precision == "day" and m.date >= today and m.status != "cancelled"
        confirmed_at = ""
        if m.status == "cancelled":
            status = "cancelled"
        elif not held:
            status = "agenda published" if m.id in has_agenda else "scheduled"
        else:
            status = m.status
            if m.minutes_confirmed_at:
                confirmer = meetings.get(m.minutes_confirmed_at.rsplit("/", 1)[0])
                if confirmer is not None and _held(confirmer, today, True):
                    status, confirmed_at = "minutes confirmed", m.minutes_confirmed_at
                else:
                    status = "minutes draft"
            elif status in ("scheduled", "agenda published"):
                status = "minutes draft" if m.id in minuted else "held"
        states[m.id] = MeetingState(status, held, upcoming, STATUS_LABELS[status], confirmed_at)
    for a in graph.announced.values():
        held = a.date < today
        states[a.id] = MeetingState("announced", held, not held, "No papers published" if held else
                                    STATUS_LABELS["announced"])
    return states


def _held(m, today: dt.date, minuted: bool) -> bool:
    if m.date_precision == "year":  # no day: held if its year is over, or its minutes are out
        return m.date.year < today.year or minuted
    return m.date < today


def upcoming_by_board(graph) -> dict[str, tuple[str, ...]]:
    """{board id, and "" for all boards: the ids of the meetings to come (published or announced), soonest
    first}. A meeting held today is still to come until the day is over."""
    today = graph.now.date()
    found = [(m.date, m.id, m.boards) for m in graph.meetings.values()
             if m.date_precision == "day" and m.date >= today and m.status != "cancelled"]
    found += [(a.date, a.id, a.boards) for a in graph.announced.values() if a.date >= today]
    out: dict[str, list[str]] = {"": []}
    for _, ident, boards in sorted(found):
        out[""].append(ident)
        for board in boards:
            out.setdefault(board, []).append(ident)
    return {board: tuple(ids) for board, ids in out.items()}


def recent_by_board(graph) -> dict[str, tuple[str, ...]]:
    """{board id, and "": the published meetings already held, newest first}: never one still to come."""
    today = graph.now.date()
    minuted = {i.meeting_id for i in graph.items.values() if i.minutes or i.decisions or i.actions}
    out: dict[str, list[str]] = {"": []}
    for m in reversed(list(graph.meetings.values())):
        if _held(m, today, m.id in minuted) and not (m.date_precision == "day" and m.date >= today):
            out[""].append(m.id)
            for board in m.boards:
                out.setdefault(board, []).append(m.id)
    return {board: tuple(ids) for board, ids in out.items()}
