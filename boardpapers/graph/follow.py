"""What concerns whom, and when: the entries of every feed to follow (outputs.follow), a global fact of the graph.

What concerns whom:
- a board: its meetings' agendas and minutes, and everything on those agendas; its standalone papers;
- a topic: the items filed under it (their papers, decisions, actions, progress reported there), its papers, and
  progress on an action raised under it;
- a person: the items they present, are contact officer for or are named in ([[person-id]] in the item's text),
  with those items' decisions and actions; the actions they own and the progress on them; papers they wrote.

When: a document is new at its `publish_from` when it has one, else at its meeting's date and start time in the
site's zone (the feeds' stamps come from the content, never the clock). Feeds hold the newest LIMIT entries, and a
subject with nothing to announce has no feed at all.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from boardpapers.content.models import Meeting

LIMIT = 50


def _local(value: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    return value.replace(tzinfo=zone) if value.tzinfo is None else value


def meeting_time(meeting: Meeting, zone: ZoneInfo) -> dt.datetime:
    if meeting.publishing.publish_from:
        return _local(meeting.publishing.publish_from, zone)
    hour, minute = (int(p) for p in meeting.start.split(":")) if meeting.start else (0, 0)
    day = meeting.date if meeting.date_precision == "day" else dt.date(meeting.date.year, 1, 1)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


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


def has_report(item) -> bool:
    return bool(item.body or item.summary or item.purpose or item.recommendations or item.attachments)


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
        when = meeting_time(meeting, zone)
        boards = [f"board/{b}" for b in meeting.boards]
        add(boards, when, "agenda", meeting.id)
        if meeting.status in ("minutes draft", "minutes confirmed"):
            add(boards, when, "minutes", meeting.id)
        for item_id in graph.items_by_meeting.get(meeting.id, ()):
            item = graph.items[item_id]
            item_when = item_time(item, when, zone)
            if item.exempt:  # its number, title and reason, on its board's feed only
                add(boards, item_when, "item", item.id)
                continue
            topics = [f"topic/{t}" for t in item.topics]
            people = [f"person/{p}" for p in (*item.presenters, *(c.person for c in item.contacts),
                                              *named.get(item.id, ()))]
            if has_report(item):
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
        when = paper_time(paper, zone)
        if when is not None:
            add([f"board/{paper.board}", *(f"topic/{t}" for t in paper.topics),
                 *([f"person/{paper.author}"] if paper.author else [])], when, "paper", paper.id)
    out = {}
    for subject in sorted(found):
        chosen = sorted(found[subject].items(), key=lambda kv: kv[1], reverse=True)[:LIMIT]  # stable: same instant,
        out[subject] = tuple((when, kind, ident) for (kind, ident), when in chosen)  # the order found
    return out


def _named_in_items(graph) -> dict[str, list[str]]:
    """item id -> the people its text links to ([[person-id]], from the graph's backlinks)."""
    named: dict[str, list[str]] = {}
    for person_id in graph.people:
        for source in graph.backlinks.get(person_id, ()):
            if source in graph.items:
                named.setdefault(source, []).append(person_id)
    return named
