"""The site view's answers about meetings over time, people's records, votes, recordings and corrections (mixed
into SiteView), and the wrapper that lets a report's wide table scroll.

Like the rest of the site view, each answer records what it read: a member's voting record depends on the
decisions it lists, an item's recording link on the item and its meeting, the corrections list on every
corrected document. The global facts behind them (graph/schedule.py, votes.py, corrections.py, attendance.py)
are computed once per build by the graph stage (graph.facts) and read here entry by entry through the recording
graph; the meetings' states, what is upcoming and what was held follow the build's clock (`facts.DATED`).
"""

from __future__ import annotations

import html as html_lib
import re

from boardpapers.graph import attendance as att
from boardpapers.graph import corrections as corr
from boardpapers.graph import recordings as rec
from boardpapers.graph import topics as tp
from boardpapers.graph import votes


class RecordsView:
    """Needs `graph`, `urls`, `used`, `url`, `item` and `meeting` of SiteView."""

    # -- meetings over time (graph.schedule)
    def announced(self, ident: str):
        """A next meeting the papers name by date only (schedule.Announced), or None."""
        return self.graph.announced.get(ident)

    def any_meeting(self, ident: str):
        """A published meeting, or an announced one (a date without papers)."""
        return self.meeting(ident) or self.announced(ident)

    def items_of(self, meeting_id: str) -> list:
        return [self.item(i) for i in self.graph.items_by_meeting.get(meeting_id, ())]

    def page_url(self, kind: str, ident: str) -> str:
        """The page of a decision (`url('decision', ...)` is its place in the minutes) or of any meeting:
        an announced meeting without a page of its own is named on the page of the meeting that announced it."""
        if kind == "decision":
            if self.page_lang and (found := self.lang_url("decision page", ident)):  # in that language
                return found
            return self.urls.rel(f"decisions/{ident}/")
        announced = self.announced(ident)
        if announced is not None and not announced.has_page:
            return self.url("meeting", announced.announced_by) + "#next-meeting"
        return self.url("meeting", ident)

    def calendar_url(self, meeting) -> str:
        """The meeting's own calendar file ("Add to calendar"), or "" when it has none (no day to put it on, or a
        draft in a --drafts preview, or a date only a draft gives: calendars are made without drafts)."""
        drafts = self.graph.drafts
        if meeting.date_precision != "day" or not getattr(meeting, "has_page", True) or meeting.id in drafts \
                or getattr(meeting, "announced_by", "") in drafts:
            return ""
        return self.urls.rel(f"meetings/{meeting.id}/meeting.ics")

    def meeting_state(self, meeting_id: str):
        return self.graph.meeting_states[meeting_id]

    def next_meeting_of(self, meeting_id: str):
        """The meeting (published or announced) this meeting's papers name as the next one, or None."""
        ident = self.graph.next_of.get(meeting_id)
        return self.any_meeting(ident) if ident else None

    def upcoming(self, board_id: str = "", limit: int = 0) -> list:
        """Meetings to come, soonest first: published ones and those announced by date only."""
        ids = self.graph.upcoming.get(board_id, ())
        return [self.any_meeting(i) for i in (ids[:limit] if limit else ids)]

    def recent(self, board_id: str = "", limit: int = 0) -> list:
        """Published meetings already held, newest first."""
        ids = self.graph.recent.get(board_id, ())
        return [self.meeting(i) for i in (ids[:limit] if limit else ids)]

    def latest_decisions(self, limit: int) -> list:
        """The newest decisions of meetings already held (a meeting's decisions are not news before it)."""
        states = self.graph.meeting_states
        found = []
        for row in self.graph.decision_selections[("", "")]:
            if states[row.decision.meeting_id].held:
                found.append(row)
                self.used(row.decision.item_id)
                if len(found) == limit:
                    break
        return found

    # -- people's records (graph.attendance, graph.topics, graph.votes)
    def attendance_of(self, person_id: str):
        record = self.graph.attendance.get(person_id, att.Record(()))
        for mark in record.marks:
            self.used(mark.meeting_id)
        return record

    def board_years(self, board_id: str):
        years = self.graph.board_years[board_id]
        for year in years:
            for meeting_id in year.meetings:
                self.used(meeting_id)
        return years

    def roles_of(self, person_id: str):
        roles = self.graph.roles.get(person_id, ())
        for role in roles:
            self.used(role.board_id)
        return roles

    def interests_of(self, person_id: str):
        interests = self.graph.interests.get(person_id, ())
        for meeting_id, _ in interests:
            self.used(meeting_id)
        return interests

    def items_of_person(self, person_id: str) -> tuple[list, list]:
        """(items presented, items as contact officer)."""
        ids = self.graph.items_by_person.get(person_id, ((), ()))
        return tuple([self.item(i) for i in group] for group in ids)

    def recent_topic(self, topic: str, minimum: int) -> tuple:
        """(entries shown, [(year, count)] left out) of a topic page (`topics.recent_entries`)."""
        return tp.recent_entries(self.topic(topic), minimum)

    def votes_of(self, person_id: str) -> tuple:
        """How the person voted, decision by decision (graph.votes.CastVote), in meeting order."""
        cast = self.graph.votes_by_person.get(person_id, ())
        for entry in cast:
            self.used(entry.decision_id)
            self.used(entry.meeting_id)
        return cast

    @staticmethod
    def vote_tally(vote) -> str:
        return votes.tally(vote)

    @staticmethod
    def vote_unanimous(vote) -> bool:
        return votes.unanimous(vote)

    def abbreviations(self) -> tuple:
        """(short form, meaning) of every abbreviation a page spells out on first use (abbreviations.py)."""
        return self.graph.abbreviations

    # -- corrections and recordings
    def corrections(self) -> tuple:
        """Every correction, newest first (graph.corrections.CorrectionRow)."""
        found = self.graph.corrections
        for row in found:
            self.used(row.ident)
            self.used(row.meeting_id)
        return found

    @staticmethod
    def latest_correction(corrections: tuple):
        return corr.latest(corrections)

    def recording_link(self, item_id: str):
        """Where the item is in its meeting's recording (graph.recordings.RecordingLink), or None."""
        item = self.item(item_id)
        meeting = self.meeting(item.meeting_id) if item else None
        return rec.item_link(meeting, item) if meeting else None

    def recording_links(self, meeting_id: str) -> list:
        """(item, link) for each item of the meeting placed in one of its recordings, in agenda order."""
        meeting = self.meeting(meeting_id)
        out = []
        for item in self.items_of(meeting_id):
            link = rec.item_link(meeting, item)
            if link is not None:
                out.append((item, link))
        return out

    @staticmethod
    def recording_provider(recording) -> str:
        return rec.provider(recording)

    @staticmethod
    def clock(seconds: int) -> str:
        return rec.clock(seconds)

    @staticmethod
    def length(seconds: int) -> str:
        return rec.length(seconds)


TABLE_RE = re.compile(r"<table>(.*?)</table>", re.S)
CELL_RE = re.compile(r"<th[^>]*>(.*?)</th>", re.S)


def scrolling_tables(html: str) -> str:
    """A report's tables can be wider than a phone: each scrolls sideways inside a region the keyboard can reach
    (tabindex) and a screen reader can name (its column headings), so the page itself never does."""
    def wrap(match: re.Match) -> str:
        first_row = match.group(1).split("</tr>")[0]
        heads = [html_lib.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in CELL_RE.findall(first_row)]
        name = ", ".join(h for h in heads if h)[:100] or "a table from the report"
        return (f'<div class="table-wrap" role="region" tabindex="0" aria-label="Table: {html_lib.escape(name)}">'
                f"{match.group(0)}</div>")

    return TABLE_RE.sub(wrap, html)
