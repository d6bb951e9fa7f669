"""The read-only view of the graph that layouts receive as `site`.

Every lookup goes through here, which gives two things: templates never compute global facts (they ask for the
ones the graph stage computed), and each page's reads are recorded (`begin_page`/`end_page`, through a recording
graph into one `Reads`) so that an incremental build re-renders exactly the pages that read a changed document.
Register rows, rendered once and shown on many pages, go through the same `Reads.capture` as everything else
computed once (`rows`, `row`, `part`).
"""

from __future__ import annotations

import html as html_lib

from markupsafe import Markup

from boardpapers.content.models import ACTION_STATUSES
from boardpapers.content.pdftext import text_key
from boardpapers.core.urls import Urls, path_for
from boardpapers.graph import topics as tp
from boardpapers.graph import trails as tr
from boardpapers.graph.facts import published_graph
from boardpapers.graph.link import Graph
from boardpapers.graph.names import format_meeting_date, topic_title
from boardpapers.markdown.wikilinks import resolve_placeholders
from boardpapers.outputs import follow
from boardpapers.pages.attachments import text_path
from boardpapers.render.reads import Reads
from boardpapers.render.recording import RecordingGraph
from boardpapers.render.siteview_lang import LanguageView
from boardpapers.render.siteview_records import RecordsView, scrolling_tables


class SiteView(LanguageView, RecordsView):
    def __init__(self, graph: Graph, reads: Reads | None = None, assets: dict | None = None):
        self.reads = reads if reads is not None else Reads()
        self.raw_graph = graph
        self.graph = RecordingGraph(graph, self.reads)
        self.config = graph.config
        self.urls = Urls(graph.config.base_url, graph.config.base_path)
        self.assets: dict[str, str] = assets or {}  # logical asset name -> fingerprinted path
        self.last_keys: frozenset = frozenset()  # what the last page rendered read
        self.row_names: set | None = None  # when a set: the names of the row macros used (renderpool)
        # One search index (False), one in parts (True) or none (None): set by the build before rendering, so
        # that the search page asks for pagefind/parts.json only when there is one (cache.render).
        self.search_split: bool | None = None
        self._published: SiteView | None = None  # this view without --drafts' drafts (`published_view`)

    # -- recording
    def begin_page(self) -> None:
        self.reads.begin_page()

    def end_page(self) -> frozenset:
        self.last_keys = self.reads.end_page()
        return self.last_keys

    def used(self, ident: str) -> None:  # the page shows `ident`: it depends on all the graph knows of it
        self.reads.add(("id", ident))

    def capture(self, key, compute):
        """compute(), once per build for `key`, its reads recorded on every page that takes it (Reads.capture)."""
        if self.page_lang:  # a page in another language: its words differ (pages.translated)
            key = ("\0lang", self.page_lang, key)
        return self.reads.capture(key, compute)

    # -- register rows: rendered once, shown on every page that lists them
    def rows(self, macros, objects, *args) -> Markup:
        """`macro(site, obj, *args)` for each object, joined; the objects have an `id` unique within the macro.
        With a list of macros, each row is made of their parts in order, each captured on its own: a variant of
        a row without a column is a shorter list, and costs no rendering of its own."""
        if not isinstance(macros, list | tuple):
            macros = (macros,)
        html = self._html
        return Markup("".join([html(macro, (obj.id, *args), obj, *args) for obj in objects for macro in macros]))

    def row(self, macro, obj, *args) -> Markup:
        return Markup(self._html(macro, (obj.id, *args), obj, *args))

    def part(self, macro, key, *args) -> Markup:
        """`macro(site, *args)`, rendered once per `key`: the key must tell apart everything the arguments can
        make differ (rows and filter lists of one build are keyed by their id, variant and current page)."""
        return Markup(self._html(macro, key, *args))

    def _html(self, macro, key, *args) -> str:
        # Row macros (layouts/register_parts.html) cannot read their page: a row is the same wherever it is
        # listed. A plain str is kept, not Markup: tens of thousands stay to the end of the build.
        if self.row_names is not None:
            self.row_names.add(macro.name)
        # a page in another language has its own rows (its words and links differ)
        memo_key = (macro.name, key, self.page_lang) if self.page_lang else (macro.name, key)
        return self.reads.capture(memo_key, lambda: str(macro(self, *args)))

    # -- URLs
    def url(self, kind: str, ident: str = "") -> str:
        """Root-relative URL of a document, e.g. site.url('person', 'peter-fleming')."""
        if self.page_lang and (found := self.lang_url(kind, ident)):  # a page in another language (siteview_lang)
            return found
        if kind == "page":
            return self.urls.rel(ident)
        return self.urls.rel(path_for(kind, ident, self.graph.item_of))

    def abs_url(self, path: str) -> str:
        return self.urls.abs(path)

    @property
    def preview(self) -> bool:
        """A --drafts build that shows drafts: every page says so (graph/preview.py)."""
        return bool(self.graph.drafts)

    def published_view(self) -> SiteView:
        """This view without what only --drafts shows (graph/preview.py), for files other programs read. What is
        read through it is not recorded: a page that uses it reads the whole graph (made again every build)."""
        raw = self.graph.whole()
        if not raw.drafts:
            return self
        if self._published is None:  # one view per build (per render worker), shared by its files
            self._published = SiteView(published_graph(raw), Reads(), self.assets)
        return self._published

    def asset(self, name: str) -> str:
        self.reads.add(("asset", name))  # an unknown name too: the page changes when that asset appears
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

    def name(self, person_id: str) -> str:
        person = self.person(person_id)
        return person.display_name if person else person_id

    def title_of(self, ident: str) -> str:
        """A short human label for any linkable id (used for [[id]] links without a label)."""
        if ident.startswith("topic:"):
            return topic_title(ident[6:])
        self.used(ident)
        kind, g = self.graph.kind_of(ident), self.graph
        if self.page_lang and kind in ("person", "board", "paper", "item"):  # its name in the page's language
            return self.lang_title_of(kind, ident)
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
        if self.page_lang:  # the board's name and the date's words in the page's language (siteview_lang)
            return self.lang_meeting_label(meeting)
        board = self.graph.boards.get(meeting.board)
        return f"{board.short_name or board.name if board else meeting.board} {format_meeting_date(meeting)}"

    def feed_url(self, kind: str, ident: str) -> str:
        """The URL of the feed to follow a board, topic or person (outputs.follow), or '' when it has none."""
        subject = f"{kind}/{ident}"
        if subject not in self.graph.followed:
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

    # -- trails, attendance, topics: the graph's global facts (graph.facts), each entry recorded as it is read
    def _use_trail(self, trail) -> None:
        self.used(trail.id)
        for step in trail.steps:
            self.used(step.item_id)
            self.used(step.meeting_id)

    def trail(self, action_id: str):
        trail = self.graph.trails[action_id]
        self._use_trail(trail)
        return trail

    def actions_register(self, kind: str = "", value: str = "", year: int = 0) -> tuple[list, list]:
        """(open, closed) trails of one register page; `kind`/`value` as in `trails.select`; `year`: only the
        actions raised that year."""
        index = self.graph.action_selections
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
        every = self.graph.trails.values()
        for trail in every:
            self.used(trail.id)
        return sum(1 for t in every if t.is_open), sum(1 for t in every if t.overdue)

    def decisions(self, kind: str = "", value: str = "", limit: int = 0, year: int = 0) -> list:
        """Decision rows of one register page, newest first (`topics.decision_selections`); `year`: that year's."""
        index = self.graph.decision_selections
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
            found = self.graph.decision_selections.items()
            return {value: (len(rows),) for (k, value), rows in found if k == kind}
        found = self.graph.action_selections.items()
        counts = {value: (sum(t.is_open for t in trails), sum(t.overdue for t in trails), len(trails))
                  for (k, value), trails in found if k == kind}
        if kind == "status":  # every status has its page, even when empty
            counts = {status: counts.get(status, (0, 0, 0)) for status in ("overdue", *ACTION_STATUSES)}
        return counts

    def topic(self, topic: str):
        found = self.graph.topic_index[topic]
        for entry in found.entries:
            self.used(entry.ident)
        return found

    def topics(self) -> list:
        return [self.topic(t) for t in self.graph.topics]

    def matter(self, item_id: str) -> list:
        """Every item of this item's matter, in meeting order ([] when it has no history)."""
        return [self.item(i) for i in self.graph.matters.get(item_id, ())]
