"""The typed content model: frozen dataclasses handed from stage to stage.

Markdown-valued fields hold markdown source here; the markdown stage turns them into HTML (`Html` values keyed
by `(owner id, field)`) so that models stay plain data and rendering can run in parallel.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from boardpapers.core.diagnostics import SourcePos
from boardpapers.core.slotstate import speed_up_pickling

MEETING_STATUSES = ("scheduled", "agenda published", "minutes draft", "minutes confirmed", "cancelled")
ACTION_STATUSES = ("open", "in progress", "done", "dropped", "superseded")
CLOSED_STATUSES = ("done", "dropped", "superseded")
# The verbs real UK minutes use for what a board did; a site adds its own in site.yaml (`decision_verbs`).
# boardpapers/content/verbs.py groups them by meaning, so a hint never offers a word of the opposite sense.
DECISION_VERBS = ("noted", "agreed", "endorsed", "approved", "resolved", "received", "deferred", "rejected",
                  "recommended", "delegated", "accepted", "requested", "declined", "asked", "advised", "welcomed",
                  "commented", "supported", "considered", "discussed", "thanked", "provided guidance", "confirmed",
                  "adopted", "ratified", "authorised", "instructed", "nominated", "appointed", "elected", "reviewed",
                  "amended", "withdrawn", "refused", "expressed concern", "acknowledged", "highlighted")
ROLES = ("Chair", "Vice-Chair", "Deputy Chair", "Member", "Substitute", "Observer")
PERSON_KINDS = ("councillor", "officer", "observer", "guest")
ATTENDANCE_KINDS = ("present", "substitutes", "apologies", "observers", "officers", "guests")
PAPER_TYPES = ("consultation", "report", "strategy", "guidance")
VOTE_OPTIONS = ("for", "against", "abstain")  # Popolo's options for these: yes, no, abstain (see outputs/votes)
VOTE_RESULTS = ("carried", "lost", "tied")


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to another document, resolved by the link stage. kind: person, board, meeting, item,
    action, paper, or any (a [[wiki link]]); `owner` is the id of the document (or part) that holds it."""

    kind: str
    target: str
    pos: SourcePos
    owner: str
    label: str = ""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    title: str
    organisation: str = ""
    base_url: str = "/"
    language: str = "en-GB"
    # site.yaml `languages: [en-GB, cy]`: every language the site publishes in, `language` first; () for one.
    languages: tuple[str, ...] = ()
    timezone: str = "Europe/London"
    licence: str = ""
    licence_url: str = ""
    contact_email: str = ""
    description: str = ""
    contact_url: str = ""  # a contact page, instead of or beside contact_email
    accessibility_reviewed: dt.date | None = None  # when the accessibility statement was last reviewed
    abbreviations: tuple[tuple[str, str], ...] = ()  # (short form, expansion): the boards' own are added in link
    decision_verbs: tuple[str, ...] = ()  # the site's own verbs, beyond DECISION_VERBS

    @property
    def base_path(self) -> str:
        """The path part of base_url ('/papers/'), which every emitted URL starts with."""
        from urllib.parse import urlsplit

        path = urlsplit(self.base_url).path or "/"
        return path if path.endswith("/") else path + "/"


@dataclass(frozen=True, slots=True)
class Member:
    person: str
    role: str
    group: str = ""
    council: str = ""
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class MunicipalYear:
    label: str  # "2012/13"
    start: dt.date
    end: dt.date
    members: tuple[Member, ...]
    draft: bool = False  # listed in the board's `draft_membership`: imported, not yet published
    refs: tuple[Ref, ...] = ()  # a draft year's person references (a published year's are the board's)


@dataclass(frozen=True, slots=True)
class Board:
    id: str
    name: str
    short_name: str
    years: tuple[MunicipalYear, ...]
    body: str
    source: str
    refs: tuple[Ref, ...] = ()
    body_line: int = 0


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    honours: tuple[str, ...]
    kind: str
    council: str
    organisation: str
    position: str
    body: str
    source: str
    refs: tuple[Ref, ...] = ()
    body_line: int = 0
    publishing: Publishing = field(default_factory=lambda: Publishing())  # `draft: true`: an imported stub

    @property
    def display_name(self) -> str:
        return " ".join([self.name, *self.honours])

    @property
    def affiliation(self) -> str:
        return self.council or self.organisation


@dataclass(frozen=True, slots=True)
class Attendee:
    person: str
    role: str = ""
    for_person: str = ""  # substitutes: the member substituted
    note: str = ""
    council: str = ""  # as printed at this meeting (a councillor who moved council); else the person's own


@dataclass(frozen=True, slots=True)
class Declaration:
    person: str
    item: str
    interest: str  # "" when withheld: the declaration is on an exempt item (publish.py)
    withheld: bool = False
    line: int = 0  # of its `item:` (else its entry) in the meeting file


@dataclass(frozen=True, slots=True)
class Recording:
    """A webcast or audio recording of a meeting (content/records.py)."""

    url: str
    id: str = ""  # optional: items name a recording other than the first by it
    provider: str = ""
    duration: int | None = None  # seconds
    title: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Correction:
    """A correction to a published meeting or item: when, what changed and why (content/records.py)."""

    id: str  # "c-<meeting-id>-<n>" or "c-<meeting-id>-<item-number>-<n>": its anchor and data id
    date: dt.date
    what: str
    why: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Publishing:
    draft: bool = False
    publish_from: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Meeting:
    id: str
    boards: tuple[str, ...]
    title: str
    date: dt.date
    date_precision: str  # "day" or "year" (the papers give only the year)
    start: str
    end: str
    venue: str
    status: str
    minutes_confirmed_at: str
    attendance: tuple[tuple[str, tuple[Attendee, ...]], ...]  # (kind, attendees) in ATTENDANCE_KINDS order
    attendance_recorded: bool
    declarations: tuple[Declaration, ...]
    next_meeting: str  # a meeting id, or "" (see next_meeting_date)
    next_meeting_date: dt.date | None
    body: str
    publishing: Publishing
    source: str
    refs: tuple[Ref, ...] = ()
    body_line: int = 0
    recordings: tuple[Recording, ...] = ()
    corrections: tuple[Correction, ...] = ()

    @property
    def board(self) -> str:
        return self.boards[0]

    def attendees(self, kind: str) -> tuple[Attendee, ...]:
        return dict(self.attendance).get(kind, ())


@dataclass(frozen=True, slots=True)
class Contact:
    person: str
    position: str = ""
    phone: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    title: str
    anchor: str = ""
    file: str = ""
    line: int = 0  # of its entry in the item file: where a missing file or anchor is reported


@dataclass(frozen=True, slots=True)
class Ballot:
    """One named voter's vote."""

    person: str
    option: str  # one of VOTE_OPTIONS
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Vote:
    """The vote on a decision: named voters and/or counts, and the result (content/records.py)."""

    result: str  # one of VOTE_RESULTS
    named: bool  # a recorded (named) vote: `ballots` lists every voter; else a show of hands
    ballots: tuple[Ballot, ...] = ()
    counts: tuple[tuple[str, int], ...] = ()  # (option, number) for the options the minutes count
    casting_vote: str = ""  # the person (the chair) whose casting vote settled a tie
    note: str = ""  # markdown: what the minutes add ("Cllr X asked that her vote be recorded")
    pos: SourcePos | None = None  # of the `vote:` key
    casting_pos: SourcePos | None = None

    def names(self, option: str) -> tuple[str, ...]:
        return tuple(b.person for b in self.ballots if b.option == option)

    def count(self, option: str) -> int | None:
        """The number of votes for an option: counted, else (named vote) the names; None when not recorded."""
        counted = dict(self.counts)
        if option in counted:
            return counted[option]
        if self.named:
            return len(self.names(option))
        return None


@dataclass(frozen=True, slots=True)
class Decision:
    id: str
    item_id: str
    meeting_id: str
    verb: str
    text: str
    line: int = 0  # of its entry (or its `id:`) in the item file: where a duplicate id is reported
    verb_at: tuple[int, int] = (0, 0)  # line and column of its `verb:`, where an unknown verb is reported
    vote: Vote | None = None


@dataclass(frozen=True, slots=True)
class Action:
    id: str
    item_id: str
    meeting_id: str
    text: str
    owners: tuple[str, ...]
    due: dt.date | None
    status: str
    line: int = 0  # of its entry (or its `id:`) in the item file: where a duplicate id is reported


@dataclass(frozen=True, slots=True)
class ActionUpdate:
    id: str  # "u-<meeting-id>-<item-number>-<n>": the anchor on the reporting item's page
    action_id: str
    item_id: str
    meeting_id: str
    progress: str
    status: str
    reopen: bool
    pos: SourcePos


@dataclass(frozen=True, slots=True)
class Item:
    id: str  # "<meeting-id>/<number>"
    meeting_id: str
    number: str
    slug: str
    title: str
    timing: str = ""
    presenters: tuple[str, ...] = ()
    exempt: str = ""
    purpose: str = ""
    summary: str = ""
    recommendations: tuple[str, ...] = ()
    report_action: str = ""
    contacts: tuple[Contact, ...] = ()
    topics: tuple[str, ...] = ()
    follows: tuple[str, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    financial_implications: str = ""
    wales_implications: str = ""
    minutes: str = ""
    decisions: tuple[Decision, ...] = ()
    actions: tuple[Action, ...] = ()
    updates: tuple[ActionUpdate, ...] = ()
    body: str = ""
    publishing: Publishing = field(default_factory=Publishing)
    source: str = ""
    refs: tuple[Ref, ...] = ()
    body_line: int = 0
    line: int = 0  # of its `number:`, which makes its id and URL: where a duplicate is reported
    recording_start: int | None = None  # seconds into the meeting's recording where this item starts
    recording: str = ""  # the id of the meeting's recording it is in, when not the first
    recording_lines: tuple[int, int] = (0, 0)  # of `recording_start` and `recording`: where problems are reported
    corrections: tuple[Correction, ...] = ()


@dataclass(frozen=True, slots=True)
class Paper:
    id: str
    title: str
    board: str
    paper_type: str
    date: dt.date | None
    date_precision: str
    author: str
    summary: str
    topics: tuple[str, ...]
    body: str
    publishing: Publishing
    source: str
    refs: tuple[Ref, ...] = ()
    body_line: int = 0


@dataclass(frozen=True, slots=True)
class Content:
    """Everything the validate stage produced, before publishing rules and linking."""

    config: SiteConfig
    boards: tuple[Board, ...]
    people: tuple[Person, ...]
    meetings: tuple[Meeting, ...]
    items: tuple[Item, ...]
    papers: tuple[Paper, ...]
    attachments: tuple = ()  # discover.SourceFile of files beside items
    translations: tuple = ()  # content.translations.Translation: other-language texts of these documents


speed_up_pickling(globals())  # the build cache pickles every model: see slotstate
