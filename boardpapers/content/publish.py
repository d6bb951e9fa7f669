"""Stage 5, publish: apply the publishing rules before anything is linked, routed or rendered.

Dropping unpublished documents here, once, means no later stage (pages, search, feeds, data, sitemap,
backlinks) can leak them by forgetting a check. What was withheld is remembered only by id, so that the link
stage can refuse a published page that links to it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from boardpapers.content.models import Board, Content, Declaration, Item, Meeting, Paper


@dataclass(frozen=True)
class Published:
    content: Content
    withheld: dict  # id -> why ("draft", "embargoed until ...", "exempt"): ids no published page may link to
    drafts: frozenset  # ids shown only because of --drafts (marked as drafts on their pages)


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
    exempt = {item.id for item in items if item.exempt}
    meetings = [_declarations_published(m, withheld, exempt) for m in meetings]
    # A draft person (a stub an import made) has no page and may not be linked from a published one.
    people = [p for p in content.people if keep(p, p.id)]
    boards = [_board_years(b, include_drafts) for b in content.boards]
    published = replace(content, meetings=tuple(meetings), items=tuple(items), papers=tuple(papers),
                        people=tuple(people), boards=tuple(boards))
    return Published(published, withheld, frozenset(drafts))


def _board_years(board: Board, include_drafts: bool) -> Board:
    """An imported membership year (`draft_membership`) is left out, with its references, until published."""
    if not any(y.draft for y in board.years):
        return board
    if include_drafts:
        return replace(board, refs=board.refs + tuple(r for y in board.years for r in y.refs))
    return replace(board, years=tuple(y for y in board.years if not y.draft))


def _withhold_item(item: Item, withheld: dict, why: str, keep_item: bool = False) -> None:
    if not keep_item:
        withheld[item.id] = why
    for part in (*item.decisions, *item.actions, *item.updates):
        withheld[part.id] = why


def _declarations_published(meeting: Meeting, withheld: dict, exempt: set) -> Meeting:
    """A declaration of interest in an item that is not published (a draft, embargoed) is withheld with it: it would
    give away the item and what it is about. One in an exempt item keeps who declared and the item's number, as
    the public minutes record them, but not the interest, which may name the confidential business (a bidder, a
    property); like a "sensitive interest" on a register (Localism Act 2011, s.32), it is shown as withheld."""
    if not meeting.declarations:
        return meeting
    kept = []
    for declaration in meeting.declarations:
        item_id = f"{meeting.id}/{declaration.item}"
        if declaration.item and item_id in exempt:
            kept.append(Declaration(declaration.person, declaration.item, "", True, declaration.line))
        elif not (declaration.item and item_id in withheld):
            kept.append(declaration)
    return meeting if tuple(kept) == meeting.declarations else replace(meeting, declarations=tuple(kept))


def now_in(timezone: str, override: dt.datetime | None = None) -> dt.datetime:
    """The build's clock as naive local time in the site's zone (publish_from is written in local time)."""
    if override is not None:
        return override
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).replace(tzinfo=None, microsecond=0)
