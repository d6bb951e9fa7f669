"""Stage 6, link: resolve every reference and compute the cross-links once, for every page to read.

The `Graph` is the only place global facts live (what links here, what follows an item, which meetings a board
held); templates never compute them. Richer views (action trails, attendance, topics) are built on the graph by
`trails`, `attendance` and `topics`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field

from boardpapers.content.models import Board, Content, Item, Meeting, Paper, Person, Ref, SiteConfig
from boardpapers.content.publish import Published
from boardpapers.core.diagnostics import Diagnostics, SourcePos, did_you_mean
from boardpapers.graph.schedule import Announced, next_meetings
from boardpapers.markdown.convert import MarkdownOut


def number_key(number: str) -> tuple[int, str]:
    match = re.match(r"(\d+)(.*)", number)
    return (int(match.group(1)), match.group(2)) if match else (0, number)


@dataclass(frozen=True)
class Graph:
    config: SiteConfig
    now: dt.datetime
    boards: dict[str, Board]
    people: dict[str, Person]
    meetings: dict[str, Meeting]  # in date order
    items: dict[str, Item]  # in meeting date order, then item number
    papers: dict[str, Paper]
    decisions: dict  # id -> Decision
    actions: dict  # id -> Action
    updates: dict  # id -> ActionUpdate
    kinds: dict[str, str]  # every linkable id -> its kind
    item_of: dict[str, str]  # decision/update id -> item id
    items_by_meeting: dict[str, tuple[str, ...]]
    meetings_by_board: dict[str, tuple[str, ...]]
    backlinks: dict[str, tuple[str, ...]]  # target id -> ids of documents whose text links to it
    followed_by: dict[str, tuple[str, ...]]
    html: Mapping  # markdown output by "<kind>:<id>:<field>" (markdown.HtmlMap: kept compressed)
    withheld: dict = field(default_factory=dict)
    drafts: frozenset = frozenset()
    topics: tuple[str, ...] = ()
    # The searchable text of PDF attachments, by "<item-id>/<file>" (cache.attachmenttext), set after linking:
    # only attachments of published, non-exempt items, and only those with text.
    attachment_texts: Mapping = field(default_factory=dict)
    next_of: dict[str, str] = field(default_factory=dict)  # meeting id -> the meeting it names as next (schedule)
    announced: dict[str, Announced] = field(default_factory=dict)  # next meetings named by date, without papers
    # Published translations by "<lang>|<kind>|<id>" (graph.translations), their text in `html` as "<lang>|<key>"
    translations: dict = field(default_factory=dict)

    def kind_of(self, ident: str) -> str:
        return self.kinds.get(ident, "")

    def md(self, key: str) -> str:
        return self.html.get(key, "")


def link(published: Published, markdown: MarkdownOut, now: dt.datetime, diags: Diagnostics) -> Graph:
    content: Content = published.content
    ids = _Ids(diags)
    # Boards, people, papers and meetings take their ids from their file names: their line is the file's first.
    for kind, docs in (("board", content.boards), ("person", content.people), ("paper", content.papers)):
        for doc in docs:
            ids.add(doc.id, kind, doc.source)
    meetings = sorted(content.meetings, key=lambda m: (m.date, m.id))
    for m in meetings:
        ids.add(m.id, "meeting", m.source)
    items = _items_in_meetings(content.items, meetings, published.withheld, diags)
    item_of = {}
    decisions, actions, updates = {}, {}, {}
    for i in items:
        ids.add(i.id, "item", i.source, i.line)
        for d in i.decisions:
            ids.add(d.id, "decision", i.source, d.line)
            decisions[d.id], item_of[d.id] = d, i.id
        for a in i.actions:
            ids.add(a.id, "action", i.source, a.line)
            actions[a.id] = a
        for u in i.updates:
            updates[u.id], item_of[u.id] = u, i.id
    kinds = ids.kinds
    topics = sorted({t for i in items for t in i.topics} | {t for p in content.papers for t in p.topics})
    all_refs: list[Ref] = [r for doc in (*content.boards, *content.people, *content.papers, *meetings, *items)
                           for r in doc.refs]
    all_refs += markdown.refs
    backlinks = _backlinks(all_refs, kinds, topics, published.withheld, diags)
    order = {ident: n for n, ident in enumerate([m.id for m in meetings] + [i.id for i in items])}
    _check_anchors(items, markdown.html, diags)
    next_of, announced = next_meetings(meetings, {**published.withheld, **kinds})

    return Graph(
        config=content.config, now=now,
        boards=dict(sorted(((b.id, b) for b in content.boards), key=lambda kv: kv[1].name)),
        people=dict(sorted(((p.id, p) for p in content.people), key=lambda kv: (surname(kv[1].name), kv[0]))),
        meetings={m.id: m for m in meetings}, items={i.id: i for i in items},
        papers=dict(sorted(((p.id, p) for p in content.papers), key=lambda kv: (kv[1].date or dt.date.min, kv[0]))),
        decisions=decisions, actions=actions, updates=updates, kinds=kinds, item_of=item_of,
        items_by_meeting=_grouped((i.meeting_id, i.id) for i in items),
        meetings_by_board=_grouped((b, m.id) for m in meetings for b in m.boards),
        backlinks={k: tuple(sorted(v, key=lambda o: (order.get(o, 1 << 30), o))) for k, v in backlinks.items()},
        followed_by=_grouped((earlier, i.id) for i in items for earlier in i.follows if kinds.get(earlier) == "item"),
        html=markdown.html, withheld=published.withheld, drafts=published.drafts, topics=tuple(topics),
        next_of=next_of, announced=announced,
    )


class _Ids:
    """Every id in the site with its kind. An id used twice is an error at the second use, naming the first."""

    def __init__(self, diags: Diagnostics):
        self.kinds: dict[str, str] = {}
        self.where: dict[str, str] = {}  # id -> "path:line" of its first use
        self.diags = diags

    def add(self, ident: str, kind: str, source: str, line: int = 1) -> None:
        here = SourcePos(source, line or 1)
        other = self.kinds.get(ident)
        if other is None:
            self.kinds[ident], self.where[ident] = kind, str(here)
            return
        message = f"{kind} id '{ident}' is already used by {_article(other)} {other} at {self.where[ident]}"
        code = "duplicate-url" if kind == other and kind in ("item", "meeting") else "duplicate-id"
        self.diags.error(here, code, message, "give one of them another id (or item number)")


def _items_in_meetings(items, meetings: list, withheld: dict, diags: Diagnostics) -> list:
    """The items whose meeting exists (an item of a withheld meeting is withheld quietly), in meeting order."""
    meeting_date = {m.id: m.date for m in meetings}
    found = []
    for i in items:
        if i.meeting_id not in meeting_date and i.meeting_id not in withheld:
            diags.error(SourcePos(i.source, 1), "orphan-item",
                        f"item has no meeting: {i.meeting_id}/index.md is missing", "create the meeting's index.md")
            continue
        found.append(i)
    found.sort(key=lambda i: (meeting_date.get(i.meeting_id, dt.date.min), i.meeting_id, number_key(i.number)))
    return found


def _backlinks(refs: list[Ref], kinds: dict, topics: list, withheld: dict, diags: Diagnostics) -> dict:
    """Resolve every reference (reporting the broken ones) -> {target id: the ids of the documents citing it}."""
    backlinks: dict[str, set[str]] = defaultdict(set)
    for ref in refs:
        target = _resolve(ref, kinds, topics, withheld, diags)
        if target and ref.kind == "any" and target != ref.owner:
            backlinks[target].add(ref.owner)
    return backlinks


def _grouped(pairs) -> dict[str, tuple]:
    """{key: (values in the order met)} from (key, value) pairs."""
    groups: dict[str, list] = defaultdict(list)
    for key, value in pairs:
        groups[key].append(value)
    return {key: tuple(values) for key, values in groups.items()}


def _resolve(ref: Ref, kinds: dict, topics: list, withheld: dict, diags: Diagnostics) -> str:
    target = ref.target
    if ref.kind == "any" and target.startswith("topic:"):
        if target[6:] in topics:
            return ""
        diags.error(ref.pos, "unknown-ref", f"no topic '{target[6:]}'", did_you_mean(target[6:], topics))
        return ""
    found = kinds.get(target)
    if found and (ref.kind in ("any", found)):
        return target
    if target in withheld:
        diags.error(ref.pos, "unpublished-ref", f"links to '{target}', which is {withheld[target]}",
                    "remove the link, or publish the target first")
        return ""
    if found:
        diags.error(ref.pos, "wrong-ref-kind", f"'{target}' is a {found}, not a {ref.kind}")
        return ""
    label = "document" if ref.kind == "any" else ref.kind
    candidates = [k for k, v in kinds.items() if ref.kind in ("any", v)]
    diags.error(ref.pos, "unknown-ref", f"no {label} '{target}'", did_you_mean(target, candidates))
    return ""


def _article(word: str) -> str:
    return "an" if word[:1] in "aeiou" else "a"


def _check_anchors(items, html: dict, diags: Diagnostics) -> None:
    """An attachment given as `anchor:` is a link to a heading of the report: that heading must exist."""
    for item in items:
        anchored = [a for a in item.attachments if a.anchor]
        if not anchored:
            continue
        ids = set(re.findall(r'<h[1-6] id="([^"]+)"', html.get(f"item:{item.id}:body", "")))
        for attachment in anchored:
            anchor = attachment.anchor
            if anchor not in ids:
                diags.error(SourcePos(item.source, attachment.line or 1), "unknown-anchor",
                            f"attachment anchor '{anchor}' is not a heading of the report",
                            did_you_mean(anchor, ids) or "headings get ids from their text: '## Appendix A' is "
                            "appendix-a")


def surname(name: str) -> str:
    words = name.replace("Sir ", "").replace("Professor ", "").replace("Dr ", "").split()
    return (words[-1] if words else name).lower()
