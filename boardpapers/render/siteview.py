"""The read-only view of the graph that layouts receive as `site`.

Every lookup goes through here, which gives two things: templates never compute global facts (they ask), and
each page's dependencies can be recorded (`begin_page`/`end_page`) so that `serve` re-renders exactly the pages
that read a changed document.
"""

from __future__ import annotations

import html as html_lib
import re

from boardpapers.content.models import ACTION_STATUSES
from boardpapers.content.pdftext import text_key
from boardpapers.core.urls import Urls, path_for
from boardpapers.graph import attendance as att
from boardpapers.graph import schedule as sch
from boardpapers.graph import topics as tp
from boardpapers.graph import trails as tr
from boardpapers.graph.link import Graph
from boardpapers.graph.names import format_meeting_date, topic_title
from boardpapers.graph.preview import without_drafts
from boardpapers.markdown.wikilinks import resolve_placeholders
from boardpapers.outputs import follow
from boardpapers.pages.attachments import text_path
from boardpapers.render import abbreviations as ab
from boardpapers.render.rowmemo import RowMemo
from boardpapers.render.siteview_lang import LanguageView
from boardpapers.render.siteview_records import RecordsView

_PUBLISHED: list = [None, None]  # the last preview graph and its view without drafts (SiteView.published_view)


class SiteView(LanguageView, RecordsView, RowMemo):
    def __init__(self, graph: Graph):
        self.graph = graph
        self.config = graph.config
        self.urls = Urls(graph.config.base_url, graph.config.base_path)
        self._deps: set[str] | None = None
        self.assets: dict[str, str] = {}  # logical asset name -> fingerprinted path, set by the pipeline
        self._facts: dict[str, object] = {}  # trails, attendance, topics: computed on first use, once per build
        self._row_memo = {}  # register rows, rendered once per build process (rowmemo)
        # One search index per year (True), one for the site (False) or none (None): set by the build before
        # rendering, so that the search page asks for pagefind/parts.json only when there is one.
        self.search_split: bool | None = None

    # -- dependency recording
    def begin_page(self) -> None:
        self._deps = set()

    def end_page(self) -> frozenset:
        deps, self._deps = frozenset(self._deps or ()), None
        return deps

    def used(self, ident: str) -> None:
        if self._deps is not None:
            self._deps.add(ident)

    # -- URLs
    def url(self, kind: str, ident: str = "") -> str:
        """Root-relative URL of a document, e.g. site.url('person', 'peter-fleming')."""
        if self.page_lang and (found := self.lang_url(kind, ident)):  # a page in another language (siteview_lang)
            return found
        if kind == "page":
            return self.urls.rel(ident)
        return self.urls.rel(path_for(kind, ident, self.graph.item_of))

    def page_url(self, kind: str, ident: str) -> str:
        """The page of a decision (`url('decision', ...)` is its place in the minutes) or of any meeting:
        an announced meeting without a page of its own is named on the page of the meeting that announced it."""
        if kind == "decision":
            return self.urls.rel(f"decisions/{ident}/")
        announced = self.announced(ident)
        if announced is not None and not announced.has_page:
            return self.url("meeting", announced.announced_by) + "#next-meeting"
        return self.url("meeting", ident)

    def calendar_url(self, meeting) -> str:
        """The meeting's own calendar file ("Add to calendar"), or "" when it has none (no day to put it on)."""
        if meeting.date_precision != "day" or not getattr(meeting, "has_page", True):
            return ""
        drafts = self.graph.drafts  # a preview makes calendars of published papers only (pages/outputs.py)
        if drafts and (meeting.id in drafts or getattr(meeting, "announced_by", "") in drafts):
            return ""
        return self.urls.rel(f"meetings/{meeting.id}/meeting.ics")

    def abs_url(self, path: str) -> str:
        return self.urls.abs(path)

    @property
    def preview(self) -> bool:
        """A --drafts build that shows drafts: every page says so (graph/preview.py)."""
        return bool(self.graph.drafts)

    def published_view(self) -> SiteView:
        """This view without what only --drafts shows (graph/preview.py), for files other programs read. What is
        read through it is not recorded: a page that uses it reads the whole graph (made again every build)."""
        graph = self.graph
        raw = graph.whole() if hasattr(graph, "whole") else graph
        if not raw.drafts:
            return self
        if _PUBLISHED[0] is not raw:  # one view per build, shared by its files
            view = SiteView(without_drafts(raw))
            view.assets = self.assets
            _PUBLISHED[:] = [raw, view]
        return _PUBLISHED[1]

    def asset(self, name: str) -> str:
        return self.urls.rel("assets/" + self.assets.get(name, name))

    def ref_url(self, ident: str) -> str:
        kind = self.graph.kind_of(ident)
        if ident.startswith("topic:"):
            return self.url("topic", ident[6:])
        return self.url(kind, ident) if kind else "#"

    # -- lookups (recorded)
    def person(self, ident: str):
        self.used(ident)
        found = self.graph.people.get(ident)
        return self.in_page_language("person", found) if self.page_lang and found is not None else found

    def board(self, ident: str):
        self.used(ident)
        found = self.graph.boards.get(ident)
        return self.in_page_language("board", found) if self.page_lang and found is not None else found

    def meeting(self, ident: str):
        self.used(ident)
        found = self.graph.meetings.get(ident)
        return self.in_page_language("meeting", found) if self.page_lang and found is not None else found

    def item(self, ident: str):
        self.used(ident)
        found = self.graph.items.get(ident)
        return self.in_page_language("item", found) if self.page_lang and found is not None else found

    def action(self, ident: str):
        self.used(ident)
        return self.graph.actions.get(ident)

    def decision(self, ident: str):
        self.used(ident)
        return self.graph.decisions.get(ident)

    def announced(self, ident: str):
        """A next meeting the papers name by date only (schedule.Announced), or None."""
        return self.graph.announced.get(ident)

    def any_meeting(self, ident: str):
        """A published meeting, or an announced one (a date without papers)."""
        return self.meeting(ident) or self.announced(ident)

    def items_of(self, meeting_id: str) -> list:
        return [self.item(i) for i in self.graph.items_by_meeting.get(meeting_id, ())]

    def name(self, person_id: str) -> str:
        person = self.person(person_id)
        return person.display_name if person else person_id

    def title_of(self, ident: str) -> str:
        """A short human label for any linkable id (used for [[id]] links without a label)."""
        if ident.startswith("topic:"):
            return topic_title(ident[6:])
        self.used(ident)
        kind, g = self.graph.kind_of(ident), self.graph
        if kind == "person":
            return g.people[ident].display_name
        if kind == "board":
            return g.boards[ident].name
        if kind == "paper":
            return g.papers[ident].title
        if kind == "meeting":
            return self.meeting_label(ident)
        if kind == "item":
            item = g.items[ident]
            return f"{self.meeting_label(item.meeting_id)}, item {item.number}: {item.title}"
        if kind == "decision":
            decision = g.decisions[ident]
            return f"decision: {decision.verb} {decision.text}"[:120]
        if kind == "action":
            return f"action: {g.actions[ident].text}"[:120]
        return ident

    def meeting_label(self, meeting_id: str) -> str:
        meeting = self.any_meeting(meeting_id)
        if meeting is None:
            return meeting_id
        board = self.graph.boards.get(meeting.board)
        return f"{board.short_name or board.name if board else meeting.board} {format_meeting_date(meeting)}"

    def feed_url(self, kind: str, ident: str) -> str:
        """The URL of the feed to follow a board, topic or person (outputs.follow), or '' when it has none."""
        subject = f"{kind}/{ident}"
        if subject not in self._once("followed", follow.followed):
            return ""
        return self.urls.rel(follow.feed_path(subject))

    def attachment_text_url(self, item_id: str, file: str) -> str:
        """The URL of an attachment's text page (pages.attachments), or '' when the file has no text."""
        if text_key(item_id, file) not in self.graph.attachment_texts:
            return ""
        return self.urls.rel(text_path(item_id, file))

    def md(self, key: str) -> str:
        """Rendered markdown for "<kind>:<id>:<field>", with [[references]] filled in."""
        html = resolve_placeholders(
            (self.page_lang and self.lang_md(key)) or self.graph.md(key), lambda t: html_lib.escape(self.ref_url(t)),
            lambda t: html_lib.escape(self.title_of(t)))
        return scrolling_tables(html) if "<table" in html else html

    # -- trails, attendance, topics (boardpapers.trails/attendance/topics): computed once, recorded per page
    def _once(self, name: str, compute):
        if name not in self._facts:
            self._facts[name] = compute(self.graph)
        return self._facts[name]

    def _trails(self) -> dict:
        return self._once("trails", tr.build_trails)

    def _use_trail(self, trail) -> None:
        self.used(trail.id)
        for step in trail.steps:
            self.used(step.item_id)
            self.used(step.meeting_id)

    def trail(self, action_id: str):
        trail = self._trails()[action_id]
        self._use_trail(trail)
        return trail

    def actions_register(self, kind: str = "", value: str = "", year: int = 0) -> tuple[list, list]:
        """(open, closed) trails of one register page; `kind`/`value` as in `trails.select`; `year`: only the
        actions raised that year."""
        index = self._once("trail_selections", tr.selections)  # one pass for all register pages
        chosen = index.get((kind, value), []) if kind in tr.FILTERS else index[("", "")]
        if year:
            chosen = [trail for trail in chosen if trail.year == year]
        for trail in chosen:
            self._use_trail(trail)
        return tr.register_order(chosen)

    def actions_owned(self, person_id: str) -> tuple[list, list]:
        return self.actions_register("owner", person_id)

    def action_counts(self) -> tuple[int, int]:
        """(open, overdue) over every published action."""
        every = self._trails().values()
        for trail in every:
            self.used(trail.id)
        return sum(1 for t in every if t.is_open), sum(1 for t in every if t.overdue)

    def decisions(self, kind: str = "", value: str = "", limit: int = 0, year: int = 0) -> list:
        """Decision rows of one register page, newest first (`topics.decision_selections`); `year`: that year's."""
        index = self._once("decision_selections", tp.decision_selections)  # one pass for all register pages
        rows = index.get((kind, value), []) if kind in tp.DECISION_FILTERS else index[("", "")]
        if year:
            rows = [row for row in rows if row.date.year == year]
        rows = rows[:limit] if limit else rows
        for row in rows:
            self.used(row.decision.item_id)
        return rows

    def decisions_by_year(self, kind: str = "", value: str = "", year: int = 0) -> list:
        return tp.by_year(self.decisions(kind, value, year=year))

    def recent_decisions(self, minimum: int, kind: str = "", value: str = "") -> tuple[list, list]:
        """(shown, left out) years of /decisions/ or a filter page: `decisions_by_year` split by
        `topics.recent_years` (routing gives the years left out pages of their own: `topics.years_apart`)."""
        return tp.recent_years(self.decisions_by_year(kind, value), minimum)

    def recent_actions(self, minimum: int, kind: str = "", value: str = "") -> tuple[list, list, list, list]:
        """(years, open, closed, left out) of /actions/ or a filter page: the years it shows (the latest whole
        years, as `topics.recent_years` picks them), their actions in register order, and [(year, open, overdue,
        all)] for the years left out."""
        open_, closed = self.actions_register(kind, value)
        years: dict[int, list] = {}
        for trail in sorted(open_ + closed, key=lambda t: -t.year):
            years.setdefault(trail.year, []).append(trail)
        shown, rest = tp.recent_years(list(years.items()), minimum)
        keep = {year for year, _ in shown}
        left_out = [(year, sum(t.is_open for t in trails), sum(t.overdue for t in trails), len(trails))
                    for year, trails in rest]
        return ([year for year, _ in shown], [t for t in open_ if t.year in keep],
                [t for t in closed if t.year in keep], left_out)

    def filter_counts(self, register: str, kind: str) -> dict:
        """{value: counts} for one filter of a register's index page, from the selections of every register page:
        (decisions,) or (open, overdue, all) actions. Counts summarise all of them, so the page reads them all."""
        if register == "decisions":
            found = self._once("decision_selections", tp.decision_selections).items()
            return {value: (len(rows),) for (k, value), rows in found if k == kind}
        found = self._once("trail_selections", tr.selections).items()
        counts = {value: (sum(t.is_open for t in trails), sum(t.overdue for t in trails), len(trails))
                  for (k, value), trails in found if k == kind}
        if kind == "status":  # every status has its page, even when empty
            counts = {status: counts.get(status, (0, 0, 0)) for status in ("overdue", *ACTION_STATUSES)}
        return counts

    def attendance_of(self, person_id: str):
        record = self._once("attendance", att.all_attendance).get(person_id, att.Record(()))
        for mark in record.marks:
            self.used(mark.meeting_id)
        return record

    def board_years(self, board_id: str):
        years = self._once("board_years", all_board_years)[board_id]
        for year in years:
            for meeting_id in year.meetings:
                self.used(meeting_id)
        return years

    def roles_of(self, person_id: str):
        roles = self._once("roles", att.roles_by_person).get(person_id, ())
        for role in roles:
            self.used(role.board_id)
        return roles

    def interests_of(self, person_id: str):
        interests = self._once("interests", att.interests_by_person).get(person_id, ())
        for meeting_id, _ in interests:
            self.used(meeting_id)
        return interests

    def items_of_person(self, person_id: str) -> tuple[list, list]:
        """(items presented, items as contact officer)."""
        ids = self._once("items_by_person", tp.items_by_person).get(person_id, ((), ()))
        return tuple([self.item(i) for i in group] for group in ids)

    def topic(self, topic: str):
        found = self._once("topics", tp.build_topics)[topic]
        for entry in found.entries:
            self.used(entry.ident)
        return found

    def topics(self) -> list:
        return [self.topic(t) for t in self.graph.topics]

    def abbreviations(self) -> tuple:
        """(short form, meaning) of every abbreviation a page spells out on first use (abbreviations.py)."""
        return self._once("abbreviations", ab.site_abbreviations)

    # -- meetings over time (schedule): read the build's clock, so they are facts recorded per page
    def meeting_state(self, meeting_id: str):
        return self._once("meeting_states", sch.meeting_states)[meeting_id]

    def next_meeting_of(self, meeting_id: str):
        """The meeting (published or announced) this meeting's papers name as the next one, or None."""
        ident = self.graph.next_of.get(meeting_id)
        return self.any_meeting(ident) if ident else None

    def upcoming(self, board_id: str = "", limit: int = 0) -> list:
        """Meetings to come, soonest first: published ones and those announced by date only."""
        ids = self._once("upcoming", sch.upcoming_by_board).get(board_id, ())
        return [self.any_meeting(i) for i in (ids[:limit] if limit else ids)]

    def recent(self, board_id: str = "", limit: int = 0) -> list:
        """Published meetings already held, newest first."""
        ids = self._once("recent", sch.recent_by_board).get(board_id, ())
        return [self.meeting(i) for i in (ids[:limit] if limit else ids)]

    def latest_decisions(self, limit: int) -> list:
        """The newest decisions of meetings already held (a meeting's decisions are not news before it)."""
        states = self._once("meeting_states", sch.meeting_states)
        rows = self._once("decision_selections", tp.decision_selections)[("", "")]
        found = []
        for row in rows:
            if states[row.decision.meeting_id].held:
                found.append(row)
                self.used(row.decision.item_id)
                if len(found) == limit:
                    break
        return found

    def recent_topic(self, topic: str, minimum: int) -> tuple:
        """(entries shown, [(year, count)] left out) of a topic page (`topics.recent_entries`)."""
        return tp.recent_entries(self.topic(topic), minimum)

    def matter(self, item_id: str) -> list:
        """Every item of this item's matter, in meeting order ([] when it has no history)."""
        return [self.item(i) for i in self._once("matters", tp.build_matters).get(item_id, ())]


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


def all_board_years(graph: Graph) -> dict:
    # A module-level function, not a lambda: the build cache can then recompute this fact in a later process.
    return {b: att.board_years(graph, b) for b in graph.boards}
