"""The Atom feed at /feed.xml: newly published agendas, papers, minutes, decisions and corrections, newest 50.

Every timestamp comes from the content, never the wall clock (feedgen stamps "now" unless told otherwise), so
two builds of the same content are byte-identical and readers do not see old entries as new: a document's time is
its `publish_from` when it has one, else its meeting's date at the start time in the site's zone.

Exempt items appear with their title and the reason only; their other fields are already gone from the graph
(publish.strip_exempt), and this module reads nothing but those two.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from feedgen.feed import FeedGenerator

from boardpapers.content.models import Meeting
from boardpapers.graph.corrections import rows as correction_rows

LIMIT = 50
WIKILINK_RE = re.compile(r"\[\[([^\]|\n]+)(?:\|([^\]\n]+))?\]\]")


@dataclass(frozen=True)
class Entry:
    when: dt.datetime
    kind: str
    ident: str  # unique within the feed
    title: str
    path: str  # site-relative URL path, with a #fragment for decisions
    text: str


def plain(text: str, site) -> str:
    """Markdown source with [[references]] replaced by their labels: readable in any feed reader or spreadsheet."""
    if not text or "[[" not in text:  # most text has no reference: skip the regular expression's scan
        return text.strip() if text else ""

    def label(match: re.Match) -> str:
        return (match.group(2) or site.title_of(match.group(1).strip())).strip()

    return WIKILINK_RE.sub(label, text).strip()


def _local(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def meeting_time(meeting: Meeting, zone: ZoneInfo) -> dt.datetime:
    if meeting.publishing.publish_from:
        return _local(meeting.publishing.publish_from, zone)
    hour, minute = (int(p) for p in meeting.start.split(":")) if meeting.start else (0, 0)
    day = meeting.date if meeting.date_precision == "day" else dt.date(meeting.date.year, 1, 1)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def entries(site) -> list[Entry]:
    graph = site.graph
    zone = ZoneInfo(site.config.timezone)
    out: list[Entry] = []
    for meeting in graph.meetings.values():
        when = meeting_time(meeting, zone)
        label = site.meeting_label(meeting.id)
        out += meeting_entries(site, meeting, when)
        for item_id in graph.items_by_meeting.get(meeting.id, ()):
            item = graph.items[item_id]
            out += item_entries(site, item, item_time(item, when, zone), label)
    out += correction_entries(site, zone)
    for paper in graph.papers.values():
        when = paper_time(paper, zone)
        if when is not None:  # a paper without even a year has no honest place in a dated feed
            out.append(paper_entry(site, paper, when))
    return out


def item_time(item, meeting_when: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """An item is new with its meeting's agenda, or later when it was published later."""
    publish_from = item.publishing.publish_from
    return max(meeting_when, _local(publish_from, zone)) if publish_from else meeting_when


def paper_time(paper, zone: ZoneInfo) -> dt.datetime | None:
    if paper.publishing.publish_from:
        return _local(paper.publishing.publish_from, zone)
    if paper.date is None:
        return None
    day = paper.date if paper.date_precision == "day" else dt.date(paper.date.year, 1, 1)
    return dt.datetime(day.year, day.month, day.day, tzinfo=zone)


def meeting_entries(site, meeting: Meeting, when: dt.datetime) -> list[Entry]:
    """The meeting's agenda (or its cancellation) and, once there are minutes, the minutes."""
    graph = site.graph
    label = site.meeting_label(meeting.id)
    items = [graph.items[i] for i in graph.items_by_meeting.get(meeting.id, ())]
    agenda = "\n".join(f"{i.number}. {i.title}" + (f" (exempt: {i.exempt})" if i.exempt else "") for i in items)
    heading = {"cancelled": "Meeting cancelled", "scheduled": "Meeting scheduled"}.get(meeting.status, "Agenda")
    out = [Entry(when, "agenda", meeting.id, f"{heading}: {label}", f"meetings/{meeting.id}/",
                 agenda or plain(meeting.title, site))]
    if meeting.status in ("minutes draft", "minutes confirmed"):
        draft = "Draft minutes" if meeting.status == "minutes draft" else "Minutes"
        out.append(Entry(when, "minutes", meeting.id + "#minutes", f"{draft}: {label}", f"meetings/{meeting.id}/",
                         f"The note of decisions taken and actions required at {label}."))
    return out


def paper_entry(site, paper, when: dt.datetime) -> Entry:
    return Entry(when, "paper", paper.id, paper.title, f"papers/{paper.id}/", plain(paper.summary, site))


def has_report(item) -> bool:
    return bool(item.body or item.summary or item.purpose or item.recommendations or item.attachments)


def item_entries(site, item, when: dt.datetime, label: str) -> list[Entry]:
    out = [item_entry(site, item, when, label)] if item.exempt or has_report(item) else []
    return out + [decision_entry(site, item, decision, when, label) for decision in item.decisions]


def item_entry(site, item, when: dt.datetime, label: str) -> Entry:
    """An item's paper; an exempt item with its title and the reason only."""
    path = f"meetings/{item.meeting_id}/{item.number}/"
    title = f"{label}, item {item.number}: {item.title}"
    if item.exempt:
        return Entry(when, "paper", item.id, title, path, f"Exempt: {item.exempt}")
    return Entry(when, "paper", item.id, title, path, plain(item.summary or item.purpose, site))


def decision_entry(site, item, decision, when: dt.datetime, label: str) -> Entry:
    text = plain(f"{decision.verb.capitalize()} {decision.text}", site)
    return Entry(when, "decision", decision.id, f"Decision ({label}, item {item.number}): {short(text)}",
                 f"meetings/{item.meeting_id}/{item.number}/#{decision.id}", text)


def short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def correction_entries(site, zone: ZoneInfo) -> list[Entry]:
    """One entry per correction, at the start of its day: "Correction: <the page corrected>"."""
    out = []
    for row in correction_rows(site.graph):
        c = row.correction
        label = site.meeting_label(row.ident) if row.kind == "meeting" else site.title_of(row.ident)
        when = dt.datetime(c.date.year, c.date.month, c.date.day, tzinfo=zone)
        out.append(Entry(when, "correction", c.id, f"Correction: {label}", row.path,
                         f"{plain(c.what, site)} Why: {plain(c.why, site)}"))
    return out


def newest(all_entries: list[Entry]) -> list[Entry]:
    """Newest first. The sort is stable (also in reverse), so entries of one instant keep the order `entries`
    made them in: a meeting's agenda, its minutes, then each item's paper and decisions in agenda order."""
    return sorted(all_entries, key=lambda e: e.when, reverse=True)[:LIMIT]


def entry_id(site, entry: Entry) -> str:
    """Permanent ids: the entry's absolute URL when the site has one (fragments tell a meeting's agenda and
    minutes apart), otherwise a URN built from the same permanent ids."""
    if site.config.base_url.startswith(("http://", "https://")):
        url = site.abs_url(entry.path)  # a decision's path already ends in its #anchor
        return url + "#minutes" if entry.kind == "minutes" else url
    return f"urn:boardpapers:{entry.kind}:{entry.ident.replace('#', ':')}"


def feed_bytes(site) -> bytes:
    feed_id = site.abs_url("") if site.config.base_url.startswith(("http://", "https://")) else "urn:boardpapers:feed"
    return atom_bytes(site, newest(entries(site)), feed_id, site.config.title,
                      "New agendas, papers, minutes, decisions and corrections", "feed.xml", "")


def atom_bytes(site, chosen: list[Entry], feed_id: str, title: str, subtitle: str, self_path: str,
               page_path: str) -> bytes:
    """An Atom document of `chosen` (newest first), for the feed at `self_path` about the page at `page_path`."""
    config = site.config
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.link(href=site.abs_url(self_path), rel="self", type="application/atom+xml")
    fg.link(href=site.abs_url(page_path), rel="alternate", type="text/html")
    fg.language(config.language)
    fg.author({"name": config.organisation or config.title})
    if config.licence:
        fg.rights(config.licence + (f" ({config.licence_url})" if config.licence_url else ""))
    fg.generator("boardpapers")  # without a version, so an upgrade alone does not change the bytes
    # The feed is as new as its newest entry; an empty feed gets a fixed epoch rather than the build's clock.
    fg.updated(chosen[0].when if chosen else dt.datetime(1970, 1, 1, tzinfo=dt.UTC))
    for entry in reversed(chosen):  # feedgen prepends: add oldest first so the file reads newest first
        fe = fg.add_entry()
        fe.id(entry_id(site, entry))
        fe.title(entry.title)
        fe.link(href=site.abs_url(entry.path), rel="alternate", type="text/html")
        fe.updated(entry.when)
        fe.published(entry.when)
        fe.category(term=entry.kind)
        if entry.text:
            fe.summary(entry.text)
    return fg.atom_str(pretty=True)
