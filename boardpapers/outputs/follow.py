"""Feeds to follow: an Atom feed per board, topic and person (`/boards/<id>/feed.xml`, `/topics/<topic>/feed.xml`,
`/people/<id>/feed.xml`), of the new papers, decisions, actions and progress concerning them, newest first.

What concerns whom, and when, is a global fact of the graph (graph.follow: which documents, from the graph alone,
as the graph's `feeds`); routing gives each feed's entries to its job, so a feed is rendered again only when its
selection, or what it reads of those documents, changed; its text is read at render time through the site view
like any page's. Feeds hold the newest `graph.follow.LIMIT` entries (a board's meeting alone brings dozens), and
a subject with nothing to announce has no feed at all: at 10,000 items about 3,000 people would otherwise each
add a file. Timestamps come from the content, as in the site's feed (`feed`), and withheld documents are not in
the graph, so no feed can name them.
"""

from __future__ import annotations

import datetime as dt

from boardpapers.core.urls import path_for
from boardpapers.graph.names import long_date, topic_title
from boardpapers.outputs import feed

SUMMARY = 600  # characters of an entry's text: a feed reader shows a teaser and links the page
PLURAL = {"board": "boards", "topic": "topics", "person": "people"}


def feed_path(subject: str) -> str:
    """'person/ann-chair' -> 'people/ann-chair/feed.xml'."""
    kind, ident = subject.split("/", 1)
    return f"{PLURAL[kind]}/{ident}/feed.xml"


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
