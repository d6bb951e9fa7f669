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

from markupsafe import Markup

from boardpapers.content.models import Meeting
from boardpapers.graph.corrections import rows as correction_rows
from boardpapers.graph.follow import has_report, item_time, meeting_time, paper_time

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


def meeting_entries(site, meeting: Meeting, when: dt.datetime) -> list[Entry]:
    """The meeting's agenda (or its cancellation) and, once there are minutes, the minutes."""
    graph = site.graph
    label = site.meeting_label(meeting.id)
    items = [_doc(site, "item", graph.items[i]) for i in graph.items_by_meeting.get(meeting.id, ())]
    exempt = _t(site, "exempt")
    agenda = "\n".join(f"{i.number}. {i.title}" + (f" ({exempt}: {i.exempt})" if i.exempt else "") for i in items)
    heading = {"cancelled": "Meeting cancelled", "scheduled": "Meeting scheduled"}.get(meeting.status, "Agenda")
    path = _path(site, "meeting", meeting.id, f"meetings/{meeting.id}/")
    out = [Entry(when, "agenda", meeting.id, f"{_t(site, heading)}: {label}", path,
                 agenda or plain(_doc(site, "meeting", meeting).title, site))]
    if meeting.status in ("minutes draft", "minutes confirmed"):
        draft = "Draft minutes" if meeting.status == "minutes draft" else "Minutes"
        note = (_t(site, "The note of decisions taken and actions required at {label}.").replace("{label}", label)
                if site.page_lang else f"The note of decisions taken and actions required at {label}.")
        out.append(Entry(when, "minutes", meeting.id + "#minutes", f"{_t(site, draft)}: {label}", path, note))
    return out


def paper_entry(site, paper, when: dt.datetime) -> Entry:
    paper = _doc(site, "paper", paper)
    return Entry(when, "paper", paper.id, paper.title, _path(site, "paper", paper.id, f"papers/{paper.id}/"),
                 plain(paper.summary, site))


def item_entries(site, item, when: dt.datetime, label: str) -> list[Entry]:
    out = [item_entry(site, item, when, label)] if item.exempt or has_report(item) else []
    return out + [decision_entry(site, item, decision, when, label) for decision in item.decisions]


def item_entry(site, item, when: dt.datetime, label: str) -> Entry:
    """An item's paper; an exempt item with its title and the reason only."""
    item = _doc(site, "item", item)
    path = _path(site, "item", item.id, f"meetings/{item.meeting_id}/{item.number}/")
    title = f"{label}, {_t(site, 'item')} {item.number}: {item.title}"
    if item.exempt:
        return Entry(when, "paper", item.id, title, path, f"{_t(site, 'Exempt')}: {item.exempt}")
    return Entry(when, "paper", item.id, title, path, plain(item.summary or item.purpose, site))


def decision_entry(site, item, decision, when: dt.datetime, label: str) -> Entry:
    if site.page_lang:  # the verb from the translation file, the text from the item's translation
        verb = _t(site, decision.verb)
        words = Markup(site.md(f"decision:{decision.id}:text")).striptags()
        text = f"{verb[:1].upper()}{verb[1:]} {words}"
        path = _path(site, "item", item.id, f"meetings/{item.meeting_id}/{item.number}/") + f"#{decision.id}"
        return Entry(when, "decision", decision.id,
                     f"{_t(site, 'Decision')} ({label}, {_t(site, 'item')} {item.number}): {short(text)}", path, text)
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
        out.append(Entry(when, "correction", c.id, f"{_t(site, 'Correction')}: {label}", row.path,
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


def language_feed_bytes(site) -> bytes:
    """The feed of a page language's site (`/cy/feed.xml`, made with `site.page_lang` set): the same entries, in
    that language where a translation or the translation file gives it, linking the pages in that language."""
    folder = site.page_lang.split("-", 1)[0].lower() + "/"
    absolute = site.config.base_url.startswith(("http://", "https://"))
    feed_id = site.abs_url(folder) if absolute else f"urn:boardpapers:feed:{folder[:-1]}"
    subtitle = _t(site, "New agendas, papers, minutes, decisions and corrections")
    return atom_bytes(site, newest(entries(site)), feed_id, site.config.title, subtitle, folder + "feed.xml", folder,
                      site.page_lang)


def _t(site, text: str) -> str:
    """An interface text in the feed's language (the translation file's), as written in the main language's feed."""
    return site.ui_text(text) if site.page_lang else text


def _doc(site, kind: str, model):
    return site.in_page_language(kind, model) if site.page_lang else model


def _path(site, kind: str, ident: str, path: str) -> str:
    """A document's page in the feed's language where it has one."""
    if site.page_lang and site.lang_url(kind, ident):
        return site.page_lang.split("-", 1)[0].lower() + "/" + path
    return path


def atom_bytes(site, chosen: list[Entry], feed_id: str, title: str, subtitle: str, self_path: str,
               page_path: str, language: str = "") -> bytes:
    """An Atom document of `chosen` (newest first), for the feed at `self_path` about the page at `page_path`."""
    # feedgen (and lxml) imported when a feed is written: 13 ms of the start-up of every build, most of which
    # (an edit) write none
    from feedgen.feed import FeedGenerator

    config = site.config
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.subtitle(subtitle)
    fg.link(href=site.abs_url(self_path), rel="self", type="application/atom+xml")
    fg.link(href=site.abs_url(page_path), rel="alternate", type="text/html")
    fg.language(language or config.language)
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
