"""Stage 4, publish: apply the publishing rules before anything is linked, routed or rendered.

Dropping unpublished documents here, once, means no later stage (pages, search, feeds, data, sitemap,
backlinks) can leak them by forgetting a check. What was withheld is remembered only by id, so that the link
stage can refuse a published page that links to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from boardpapers.content.models import Content, Item, Meeting, Paper


@dataclass(frozen=True)
class Published:
    content: Content
    withheld: dict  # id -> why ("draft", "embargoed until ...", "exempt"): ids no published page may link to
    drafts: frozenset  # ids shown only because of --drafts (marked as drafts on their pages)
    now: dt.datetime | None = None  # the build's clock the rules were applied at (local time, naive)
    next_embargo: dt.datetime | None = None  # the earliest publish_from after `now`: the rules change then


def publish(content: Content, clock: dt.datetime | None, include_drafts: bool = False) -> Published:
    """Stage 4: the publishing rules at the build's clock (`clock`, else now in the site's time zone)."""
    return apply_publishing(content, now_in(content.config.timezone, clock), include_drafts)


def _state(publishing, now: dt.datetime, include_drafts: bool) -> str:
    """'' when public, else the reason it is withheld; 'preview' for a draft shown with --drafts."""
    if publishing.publish_from and publishing.publish_from > now:
        return f"embargoed until {publishing.publish_from.isoformat(timespec='minutes')}"
    if publishing.draft:
        return "preview" if include_drafts else "a draft"
    return ""


def strip_exempt(item: Item) -> Item:
    """An exempt item keeps its number, title and reason; nothing else of the file survives."""
    return Item(id=item.id, meeting_id=item.meeting_id, number=item.number, slug=item.slug, title=item.title,
                exempt=item.exempt, publishing=item.publishing, source=item.source, line=item.line)


def apply_publishing(content: Content, now: dt.datetime, include_drafts: bool = False) -> Published:
    withheld: dict[str, str] = {}
    drafts: set[str] = set()

    def keep(doc, doc_id: str) -> bool:
        state = _state(doc.publishing, now, include_drafts)
        if state == "preview":
            drafts.add(doc_id)
            return True
        if state:
            withheld[doc_id] = state
            return False
        return True

    meetings: list[Meeting] = [m for m in content.meetings if keep(m, m.id)]
    open_meetings = {m.id for m in meetings}
    items = []
    for item in content.items:
        if item.meeting_id not in open_meetings and item.meeting_id in withheld:
            _withhold_item(item, withheld, withheld[item.meeting_id])
            continue
        if not keep(item, item.id):
            _withhold_item(item, withheld, withheld[item.id])
            continue
        if item.meeting_id in drafts:
            drafts.add(item.id)
        if item.exempt:
            _withhold_item(item, withheld, "exempt", keep_item=True)
            item = strip_exempt(item)
        items.append(item)
    papers: list[Paper] = [p for p in content.papers if keep(p, p.id)]
    published = replace(content, meetings=tuple(meetings), items=tuple(items), papers=tuple(papers))
    return Published(published, withheld, frozenset(drafts), now, next_embargo(content, now))


def next_embargo(content: Content, now: dt.datetime) -> dt.datetime | None:
    """The earliest publish_from after `now` among all documents (published or not)."""
    times = [doc.publishing.publish_from for group in (content.meetings, content.items, content.papers)
             for doc in group if doc.publishing.publish_from and doc.publishing.publish_from > now]
    return min(times, default=None)


def _withhold_item(item: Item, withheld: dict, why: str, keep_item: bool = False) -> None:
    if not keep_item:
        withheld[item.id] = why
    for part in (*item.decisions, *item.actions, *item.updates):
        withheld[part.id] = why


def now_in(timezone: str, override: dt.datetime | None = None) -> dt.datetime:
    """The build's clock as naive local time in the site's zone (publish_from is written in local time)."""
    if override is not None:
        return override
    return dt.datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)
