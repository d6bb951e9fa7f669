"""Cross-references that follow a subject rather than a meeting: topics, the history of a matter, the decisions
register and what a person brought to the board.

Decisions and actions have no topics of their own: they inherit their item's, so tagging a report once files
everything the board did with it. Exempt items were stripped of their topics by the publish stage, so nothing
here can surface them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from boardpapers.content.models import Decision
from boardpapers.graph.link import Graph


@dataclass(frozen=True)
class TopicEntry:
    kind: str  # "item" or "paper"
    ident: str
    date: dt.date | None
    decisions: tuple[str, ...] = ()  # the item's decisions and actions, all on the topic through the item
    actions: tuple[str, ...] = ()

    @property
    def id(self) -> str:  # what `site.rows` keys a rendered entry by
        return self.ident


@dataclass(frozen=True)
class Topic:
    id: str
    entries: tuple[TopicEntry, ...]  # in date order: a topic page reads as the subject's history

    @property
    def count_items(self) -> int:
        return sum(1 for e in self.entries if e.kind == "item")

    @property
    def count_papers(self) -> int:
        return sum(1 for e in self.entries if e.kind == "paper")

    @property
    def count_decisions(self) -> int:
        return sum(len(e.decisions) for e in self.entries)

    @property
    def count_actions(self) -> int:
        return sum(len(e.actions) for e in self.entries)


def build_topics(graph: Graph) -> dict[str, Topic]:
    """topic id -> Topic, for every topic an item or paper names (alphabetical, as `graph.topics`)."""
    entries: dict[str, list[tuple[tuple, TopicEntry]]] = defaultdict(list)
    for n, item in enumerate(graph.items.values()):
        day = graph.meetings[item.meeting_id].date
        entry = TopicEntry("item", item.id, day, tuple(d.id for d in item.decisions),
                           tuple(a.id for a in item.actions))
        for topic in item.topics:
            entries[topic].append(((day, 0, n), entry))
    for n, paper in enumerate(graph.papers.values()):
        for topic in paper.topics:
            # An undated paper goes last: it cannot be placed in the history, but must not be lost.
            entries[topic].append(((paper.date or dt.date.max, 1, n), TopicEntry("paper", paper.id, paper.date)))
    return {t: Topic(t, tuple(e for _, e in sorted(entries.get(t, ()), key=lambda ke: ke[0])))
            for t in graph.topics}


def recent_entries(topic: Topic, minimum: int) -> tuple[tuple[TopicEntry, ...], list[tuple[int, int]]]:
    """(entries shown, [(year, entries left out)] newest first) of a topic page: the entries of its latest whole
    years, as many years as it takes to show at least `minimum` (undated papers always; `recent_years`), in date
    order; the earlier years are counted, for links to a search of each."""
    dated = [e for e in topic.entries if e.date is not None]
    groups = by_year(reversed(dated), lambda e: e.date.year)
    shown, rest = recent_years(groups, minimum)
    keep = {year for year, _ in shown}
    entries = tuple(e for e in topic.entries if e.date is None or e.date.year in keep)
    return entries, [(year, len(found)) for year, found in rest]


def build_matters(graph: Graph) -> dict[str, tuple[str, ...]]:
    """item id -> every item of its matter, in meeting order: what it follows, transitively, and what follows
    it, transitively. Items with no history are left out. A `follows` loop (an authoring slip) cannot hang the
    build: each walk visits an item once."""
    position = {ident: n for n, ident in enumerate(graph.items)}
    back = {i.id: [f for f in i.follows if f in graph.items] for i in graph.items.values()}

    def walk(start: str, edges) -> set[str]:
        seen, todo = set(), [start]
        while todo:
            for nxt in edges(todo.pop()):
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    matters = {}
    for ident in graph.items:
        chain = walk(ident, lambda i: back[i]) | walk(ident, lambda i: graph.followed_by.get(i, ())) | {ident}
        if len(chain) > 1:
            matters[ident] = tuple(sorted(chain, key=position.__getitem__))
    return matters


@dataclass(frozen=True)
class DecisionRow:
    decision: Decision
    date: dt.date
    boards: tuple[str, ...]
    topics: tuple[str, ...]

    @property
    def id(self) -> str:  # what `site.rows` keys a rendered row by
        return self.decision.id


def decision_rows(graph: Graph) -> tuple[DecisionRow, ...]:
    """Every published decision, newest meeting first; within a meeting, in agenda and written order."""
    by_meeting: dict[str, list[DecisionRow]] = defaultdict(list)
    for item in graph.items.values():
        meeting = graph.meetings[item.meeting_id]
        for d in item.decisions:
            by_meeting[meeting.id].append(DecisionRow(d, meeting.date, meeting.boards, item.topics))
    return tuple(row for m in reversed(graph.meetings) for row in by_meeting.get(m, ()))


DECISION_FILTERS = ("board", "year", "verb", "topic")


def decision_selections(graph: Graph) -> dict[tuple[str, str], list[DecisionRow]]:
    """The rows of every register page at once, keyed by (kind, value), ("", "") for all, newest first: one pass
    over the decisions instead of one per filter page."""
    rows = decision_rows(graph)
    index: dict[tuple[str, str], list[DecisionRow]] = {("", ""): list(rows)}
    for row in rows:
        keys = [("year", str(row.date.year)), ("verb", row.decision.verb)]
        keys += [("board", board) for board in dict.fromkeys(row.boards)]
        keys += [("topic", topic) for topic in dict.fromkeys(row.topics)]
        for key in keys:
            index.setdefault(key, []).append(row)
    return index


def by_year(rows, year_of=lambda row: row.date.year) -> list[tuple[int, list]]:
    """Rows grouped by year, keeping their order (newest first stays newest first)."""
    years: dict[int, list] = {}
    for row in rows:
        years.setdefault(year_of(row), []).append(row)
    return list(years.items())


def recent_years(groups: list, minimum: int) -> tuple[list, list]:
    """(shown, left out) of [(year, rows)] newest first: the latest whole years, as many as it takes to show at
    least `minimum` rows (all of them when `minimum` is 0)."""
    count, shown = 0, 0
    for _, rows in groups:
        if minimum and shown and count >= minimum:
            break
        count, shown = count + len(rows), shown + 1
    return groups[:shown], groups[shown:]


def years_apart(selections: dict, minimum: int, year_of=lambda row: row.date.year) -> dict[tuple, list[int]]:
    """{(kind, value): [year, ...]} of every filter page of a register too long to show whole: the years its
    page leaves out (`recent_years`), each of which gets a page of its own. Year filters are one year already."""
    apart = {}
    for key, rows in selections.items():
        if key[0] and key[0] != "year" and len(rows) > minimum:
            groups = by_year(sorted(rows, key=lambda row: -year_of(row)), year_of)
            apart[key] = [year for year, _ in recent_years(groups, minimum)[1]]
    return apart


def decision_filter_values(graph: Graph, rows) -> dict[str, list[str]]:
    """The values each filter of the decisions register can take, as shown in its filter lists."""
    boards = {b for r in rows for b in r.boards}
    topics = {t for r in rows for t in r.topics}
    verbs = {r.decision.verb for r in rows}
    return {
        "board": [b for b in graph.boards if b in boards],
        "year": sorted({str(r.date.year) for r in rows}, reverse=True),
        "verb": sorted(verbs),
        "topic": sorted(topics),
    }


def items_of_person(graph: Graph, person_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(items the person presented, items they were a contact officer for), in meeting order."""
    presented = tuple(i.id for i in graph.items.values() if person_id in i.presenters)
    contact = tuple(i.id for i in graph.items.values() if any(c.person == person_id for c in i.contacts))
    return presented, contact


def items_by_person(graph: Graph) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """`items_of_person` for every person at once (one pass over the items, not one per person page)."""
    presented: dict[str, list[str]] = {}
    contact: dict[str, list[str]] = {}
    for item in graph.items.values():
        for person in dict.fromkeys(item.presenters):
            presented.setdefault(person, []).append(item.id)
        for person in dict.fromkeys(c.person for c in item.contacts):
            contact.setdefault(person, []).append(item.id)
    return {person: (tuple(presented.get(person, ())), tuple(contact.get(person, ())))
            for person in presented.keys() | contact.keys()}

