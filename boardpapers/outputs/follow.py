"""Feeds to follow: an Atom feed per board, topic and person (`/boards/<id>/feed.xml`, `/topics/<topic>/feed.xml`,
`/people/<id>/feed.xml`), of the new papers, decisions, actions and progress concerning them, newest first.

What concerns whom:
- a board: its meetings' agendas and minutes, and everything on those agendas; its standalone papers;
- a topic: the items filed under it (their papers, decisions, actions, progress reported there), its papers, and
  progress on an action raised under it;
- a person: the items they present, are contact officer for or are named in ([[person-id]] in the item's text),
  with those items' decisions and actions; the actions they own and the progress on them; papers they wrote.

Routing picks each feed's entries (`selections`: which documents, and when, from the graph alone) and gives
them to the feed's job, so a feed is rendered again only when its selection, or what it reads of those documents,
changed; its text is read at render time through the site view like any page's. Feeds hold the newest `LIMIT`
entries (a board's meeting alone brings dozens), and a subject with nothing to announce has no feed at all: at
10,000 items about 3,000 people would otherwise each add a file. Timestamps come from the content, as in the
site's feed (`feed`), and withheld documents are not in the graph, so no feed can name them.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from boardpapers.core.urls import path_for
from boardpapers.graph.names import long_date, topic_title
from boardpapers.outputs import feed

LIMIT = 50
SUMMARY = 600  # characters of an entry's text: a feed reader shows a teaser and links the page
PLURAL = {"board": "boards", "topic": "topics", "person": "people"}


def feed_path(subject: str) -> str:
    """'person/ann-chair' -> 'people/ann-chair/feed.xml'."""
    kind, ident = subject.split("/", 1)
    return f"{PLURAL[kind]}/{ident}/feed.xml"


def selections(graph) -> dict[str, tuple[tuple[dt.datetime, str, str], ...]]:
    """{subject ('board/iib', 'topic/housing', 'person/ann-chair'): the newest LIMIT (when, kind, id), newest
    first}, only for subjects with something to announce. Kinds: agenda, minutes (a meeting id), item, decision,
    action, progress (an update id), paper (a standalone paper)."""
    zone = ZoneInfo(graph.config.timezone)
    found: dict[str, dict[tuple[str, str], dt.datetime]] = {}

    def add(subjects, when: dt.datetime, kind: str, ident: str) -> None:
        for subject in dict.fromkeys(subjects):
            found.setdefault(subject, {}).setdefault((kind, ident), when)

    named = _named_in_items(graph)
    for meeting in graph.meetings.values():
        when = feed.meeting_time(meeting, zone)
        boards = [f"board/{b}" for b in meeting.boards]
        add(boards, when, "agenda", meeting.id)
        if meeting.status in ("minutes draft", "minutes confirmed"):
            add(boards, when, "minutes", meeting.id)
        for item_id in graph.items_by_meeting.get(meeting.id, ()):
            item = graph.items[item_id]
            item_when = feed.item_time(item, when, zone)
            if item.exempt:  # its number, title and reason, on its board's feed only
                add(boards, item_when, "item", item.id)
                continue
            topics = [f"topic/{t}" for t in item.topics]
            people = [f"person/{p}" for p in (*item.presenters, *(c.person for c in item.contacts),
                                              *named.get(item.id, ()))]
            if feed.has_report(item):
                add([*boards, *topics, *people], item_when, "item", item.id)
            for decision in item.decisions:
                add([*boards, *topics, *people], item_when, "decision", decision.id)
            for action in item.actions:
                add([*boards, *topics, *people, *(f"person/{o}" for o in action.owners)], item_when, "action",
                    action.id)
            for update in item.updates:
                action = graph.actions.get(update.action_id)
                raised = graph.items.get(action.item_id) if action else None
                owners = [f"person/{o}" for o in action.owners] if action else []
                earlier = [f"topic/{t}" for t in raised.topics] if raised else []
                add([*boards, *topics, *earlier, *owners], item_when, "progress", update.id)
    for paper in graph.papers.values():
        when = feed.paper_time(paper, zone)
        if when is not None:
            add([f"board/{paper.board}", *(f"topic/{t}" for t in paper.topics),
                 *([f"person/{paper.author}"] if paper.author else [])], when, "paper", paper.id)
    out = {}
    for subject in sorted(found):
        chosen = sorted(found[subject].items(), key=lambda kv: kv[1], reverse=True)[:LIMIT]  # stable: same instant,
        out[subject] = tuple((when, kind, ident) for (kind, ident), when in chosen)  # the order found
    return out


def followed(graph) -> dict[str, bool]:
    """{subject: True} for every subject that has a feed (what a page asks to link it)."""
    return dict.fromkeys(selections(graph), True)


def _named_in_items(graph) -> dict[str, list[str]]:
    """item id -> the people its text links to ([[person-id]], from the graph's backlinks)."""
    named: dict[str, list[str]] = {}
    for person_id in graph.people:
        for source in graph.backlinks.get(person_id, ()):
            if source in graph.items:
                named.setdefault(source, []).append(person_id)
    return named


def feed_bytes(site, subject: str, refs: tuple) -> bytes:
    """The Atom feed of `subject`, its entries `refs` from `selections`, each read through the site view."""
    kind, ident = subject.split("/", 1)
    name = {"board": lambda: site.board(ident).name, "topic": lambda: topic_title(ident),
            "person": lambda: site.person(ident).display_name}[kind]()
    what = {"board": f"the {name}", "topic": f"the topic {name}", "person": name}[kind]
    chosen = [_entry(site, when, entry_kind, ref) for when, entry_kind, ref in refs]
    page = path_for(kind, ident)
    urls = site.config.base_url.startswith(("http://", "https://"))
    feed_id = site.abs_url(feed_path(subject)) if urls else f"urn:boardpapers:feed:{kind}:{ident}"
    return feed.atom_bytes(site, chosen, feed_id, f"{name}: {site.config.title}",
                           f"New papers, decisions, actions and progress concerning {what}", feed_path(subject), page)


def _entry(site, when: dt.datetime, kind: str, ident: str) -> feed.Entry:
    graph = site.graph
    if kind in ("agenda", "minutes"):
        entries = feed.meeting_entries(site, site.meeting(ident), when)
        return _teaser(entries[0] if kind == "agenda" else entries[-1])
    if kind == "paper":
        return _teaser(feed.paper_entry(site, graph.papers[ident], when))
    if kind == "item":
        item = site.item(ident)
        return _teaser(feed.item_entry(site, item, when, site.meeting_label(item.meeting_id)))
    if kind == "decision":
        decision = site.decision(ident)
        item = site.item(decision.item_id)
        return _teaser(feed.decision_entry(site, item, decision, when, site.meeting_label(item.meeting_id)))
    if kind == "action":
        action = site.action(ident)
        item = site.item(action.item_id)
        label = site.meeting_label(item.meeting_id)
        text = feed.plain(action.text, site)
        details = [f"Owner: {', '.join(site.name(o) for o in action.owners)}." if action.owners else "",
                   f"Due {long_date(action.due)}." if action.due else ""]
        return _teaser(feed.Entry(when, "action", ident, f"Action ({label}, item {item.number}): {feed.short(text)}",
                                  f"actions/{ident}/", " ".join([text, *filter(None, details)])))
    update = graph.updates[ident]
    action = site.action(update.action_id)
    site.used(update.item_id)
    label = site.meeting_label(update.meeting_id)
    text = feed.plain(update.progress, site)
    about = feed.short(feed.plain(action.text, site), 70) if action else update.action_id
    return _teaser(feed.Entry(when, "progress", ident, f"Progress ({label}): {about}",
                              path_for("update", ident, graph.item_of), f"{text} Status: {update.status}."))


def _teaser(entry: feed.Entry) -> feed.Entry:
    if len(entry.text) <= SUMMARY:
        return entry
    return feed.Entry(entry.when, entry.kind, entry.ident, entry.title, entry.path, feed.short(entry.text, SUMMARY))
