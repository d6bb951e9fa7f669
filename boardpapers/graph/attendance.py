"""Membership and attendance: who sat on which board when, who came to each meeting, and attendance rates.

A rate is only fair over the meetings someone was expected at, so a meeting counts for a person only when they
held a seat on one of its boards that day (the municipal year, narrowed by the member's `from`/`until`), it was
not cancelled, and its attendance was recorded. Substitutes are not expected at every meeting: their
attendances are listed but never turned into a rate. Everything here is plain data for the layouts; the marks'
symbols and words are fixed here so that the board matrix and the person page say the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from boardpapers.content.models import Meeting, Member, MunicipalYear
from boardpapers.graph.link import Graph

# code -> (symbol in the board matrix, words). Words always accompany symbols: never meaning by symbol alone.
MARKS = {
    "present": ("✓", "present"),
    "substitute": ("✓", "present as a substitute"),
    "observer": ("✓", "present as an observer"),
    "officer": ("✓", "present as an officer"),
    "guest": ("✓", "present as a guest"),
    "substituted": ("S", "apologies, substituted"),
    "apologies": ("A", "apologies"),
    "absent": ("–", "absent"),
    "not-recorded": ("?", "attendance not recorded"),
    "upcoming": ("", "meeting not yet held"),
    "cancelled": ("×", "meeting cancelled"),
    "not-member": ("", "not a member at the time"),
}
ATTENDED = ("present", "substitute", "observer", "officer", "guest")
LIST_CODES = {"present": "present", "substitutes": "substitute", "observers": "observer", "officers": "officer",
              "guests": "guest", "apologies": "apologies"}
PRIORITY = ("present", "substitute", "observer", "officer", "guest", "substituted", "apologies")
SEATED_ROLES = ("Chair", "Vice-Chair", "Deputy Chair", "Member")


@dataclass(frozen=True)
class Mark:
    meeting_id: str
    code: str
    counted: bool  # counts towards the attendance rate
    role: str = ""  # the role recorded at the meeting
    other: str = ""  # substitute: the member stood in for; substituted: who stood in

    @property
    def attended(self) -> bool:
        return self.code in ATTENDED

    @property
    def symbol(self) -> str:
        return MARKS[self.code][0]

    @property
    def label(self) -> str:
        return MARKS[self.code][1]


@dataclass(frozen=True)
class Record:
    """A run of marks with its rate: a person's whole record, or one row of a board's matrix."""

    marks: tuple[Mark, ...]

    # Counted once per record, not on each of the several reads a page makes (a frozen dataclass still has a
    # __dict__ for cached_property to keep them in; equality, hashing and pickling see only `marks`).
    @cached_property
    def counted(self) -> int:
        return sum(1 for m in self.marks if m.counted)

    @cached_property
    def attended(self) -> int:
        return sum(1 for m in self.marks if m.counted and m.attended)

    @cached_property
    def rate(self) -> int | None:
        """Whole per cent, or None when no meeting counts (a substitute, or nothing recorded yet)."""
        return round(100 * self.attended / self.counted) if self.counted else None


@dataclass(frozen=True)
class Row:
    member: Member
    record: Record


@dataclass(frozen=True)
class Group:
    label: str  # a political group, "Members" (no group given), "Substitutes" or "Observers"
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class BoardYear:
    year: MunicipalYear
    meetings: tuple[str, ...]  # meetings of the board in that municipal year, in date order
    members: tuple[Member, ...]  # seated members: Chair, Vice-Chair, Deputy Chair, Member
    substitutes: tuple[Member, ...]
    observers: tuple[Member, ...]
    groups: tuple[Group, ...]  # the attendance matrix, grouped like the boards' own attendance sheets


@dataclass(frozen=True)
class Role:
    board_id: str
    year: str
    member: Member


def effective_date(meeting: Meeting) -> dt.date:
    """The day a meeting is placed on. One the papers date only by year is put mid-year (1 July), which lands it
    in the municipal year starting that April, where most of a calendar year's meetings fall."""
    return dt.date(meeting.date.year, 7, 1) if meeting.date_precision == "year" else meeting.date


def seated(member: Member, year: MunicipalYear, day: dt.date) -> bool:
    return (member.start or year.start) <= day <= (member.end or year.end)


def seats_on(graph: Graph, meeting: Meeting) -> dict[str, Member]:
    """person -> their seat on one of the meeting's boards that day (the host board's first, for a joint
    meeting)."""
    day = effective_date(meeting)
    seats: dict[str, Member] = {}
    for board_id in meeting.boards:
        board = graph.boards.get(board_id)
        for year in board.years if board else ():
            if year.start <= day <= year.end:
                for member in year.members:
                    if seated(member, year, day):
                        seats.setdefault(member.person, member)
    return seats


def who_came(meeting: Meeting) -> dict[str, tuple[str, str, str]]:
    """person -> (code, role, other) from a meeting's recorded attendance; the strongest code wins when a person
    is in two lists, and a member someone stood in for is 'substituted'."""
    found: dict[str, tuple[str, str, str]] = {}

    def put(person: str, code: str, role: str = "", other: str = "") -> None:
        if person not in found or PRIORITY.index(code) < PRIORITY.index(found[person][0]):
            found[person] = (code, role, other)

    for kind, attendees in meeting.attendance:
        for a in attendees:
            put(a.person, LIST_CODES[kind], a.role, a.for_person)
            if kind == "substitutes" and a.for_person:
                put(a.for_person, "substituted", "", a.person)
    return found


def mark_for(meeting: Meeting, came: dict, person_id: str, member: Member | None, today: dt.date) -> Mark | None:
    """A person's mark at a meeting; None when they neither held a seat nor came (nothing to say)."""
    counts = member is not None and member.role != "Substitute"
    if meeting.status == "cancelled":
        return Mark(meeting.id, "cancelled", False) if member else None
    if not meeting.attendance_recorded:
        code = "upcoming" if meeting.date > today else "not-recorded"
        return Mark(meeting.id, code, False) if member else None
    if person_id in came:
        code, role, other = came[person_id]
        return Mark(meeting.id, code, counts, role, other)
    return Mark(meeting.id, "absent", counts) if member else None


def all_attendance(graph: Graph) -> dict[str, Record]:
    """person -> every meeting they held a seat at or came to, in date order; one pass over the meetings."""
    marks: dict[str, list[Mark]] = {}
    for meeting in graph.meetings.values():
        came, seats = who_came(meeting), seats_on(graph, meeting)
        for person in dict.fromkeys([*seats, *came]):
            mark = mark_for(meeting, came, person, seats.get(person), graph.now.date())
            if mark:
                marks.setdefault(person, []).append(mark)
    return {person: Record(tuple(m)) for person, m in marks.items()}


def board_years(graph: Graph, board_id: str) -> tuple[BoardYear, ...]:
    """The board's municipal years, newest first, each with its membership and attendance matrix."""
    board = graph.boards[board_id]
    meetings = [graph.meetings[m] for m in graph.meetings_by_board.get(board_id, ())]
    came = {m.id: who_came(m) for m in meetings}
    out = []
    for year in reversed(board.years):
        held = [m for m in meetings if year.start <= effective_date(m) <= year.end]

        def row(member: Member, year=year, held=held) -> Row:
            marks = tuple(
                mark_for(m, came[m.id], member.person, member, graph.now.date())
                if seated(member, year, effective_date(m)) else Mark(m.id, "not-member", False)
                for m in held)
            return Row(member, Record(marks))

        members = tuple(m for m in year.members if m.role in SEATED_ROLES)
        substitutes = tuple(m for m in year.members if m.role == "Substitute")
        observers = tuple(m for m in year.members if m.role == "Observer")
        labels = list(dict.fromkeys(m.group or "Members" for m in members))
        groups = [Group(label, tuple(row(m) for m in members if (m.group or "Members") == label))
                  for label in labels]
        groups += [Group(label, tuple(row(m) for m in people))
                   for label, people in (("Substitutes", substitutes), ("Observers", observers)) if people]
        out.append(BoardYear(year, tuple(m.id for m in held), members, substitutes, observers, tuple(groups)))
    return tuple(out)


def roles_by_person(graph: Graph) -> dict[str, tuple[Role, ...]]:
    """person -> every seat they held, by municipal year (oldest first), then board: one pass over the memberships
    for every person page."""
    found: dict[str, list] = {}
    for board in graph.boards.values():
        for year in board.years:
            for member in year.members:
                found.setdefault(member.person, []).append((year.start, Role(board.id, year.label, member)))
    return {person: tuple(role for _, role in sorted(roles, key=lambda sr: sr[0])) for person, roles in found.items()}


def interests_by_person(graph: Graph) -> dict[str, tuple[tuple[str, object], ...]]:
    """person -> (meeting id, Declaration) of every interest they declared, in meeting order."""
    found: dict[str, list] = {}
    for meeting in graph.meetings.values():
        for declaration in meeting.declarations:
            found.setdefault(declaration.person, []).append((meeting.id, declaration))
    return {person: tuple(pairs) for person, pairs in found.items()}

