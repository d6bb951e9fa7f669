"""Pages for finding things: one permanent page per decision, the search page and the accessibility statement.

Decisions live as anchors on their item's page; a page of their own (`/decisions/<decision-id>/`) lets search
narrow to type "decision" and point straight at one. The register at /decisions/ and the action trails under
/actions/ belong to `pages.registers`.
"""

from __future__ import annotations

import datetime as dt
import re

from boardpapers.content.models import ACTION_STATUSES, DECISION_VERBS, MEETING_STATUSES
from boardpapers.graph.link import Graph
from boardpapers.pages.job import PageJob

# The values of the `type` search filter, in the order the search page offers them.
SEARCH_TYPES = ("meeting", "item", "attachment", "decision", "action", "person", "board", "paper", "topic")
WIKILINK = re.compile(r"\[\[([^\]|]+)(?:\|([^\]]*))?\]\]")


def pages(graph: Graph):
    yield from decision_pages(graph)
    yield PageJob("search/index.html", "search.html", {"title": "Search", "is_search": True,
                                                       "filters": search_filters(graph)})
    yield PageJob("accessibility/index.html", "accessibility.html",
                  {"title": "Accessibility statement", "prepared": content_date(graph),
                   "has_files": any(a.file for i in graph.items.values() for a in i.attachments)})


def decision_pages(graph: Graph):
    for decision_id, decision in graph.decisions.items():
        item = graph.items[decision.item_id]
        meeting = graph.meetings[decision.meeting_id]
        others = [d for d in item.decisions if d.id != decision_id]
        view = {"title": decision_title(decision), "decision": decision, "item": item, "meeting": meeting,
                "number": item.decisions.index(decision) + 1, "others": others}
        yield PageJob(f"decisions/{decision_id}/index.html", "decision.html", view, item.source)


def plain(markdown: str) -> str:
    """A one-line plain-text version of short markdown (for <title>): [[id|label]] -> label, no emphasis marks."""
    text = WIKILINK.sub(lambda m: m.group(2) or m.group(1), markdown)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def decision_title(decision) -> str:
    title = f"{decision.verb.capitalize()} {plain(decision.text)}"
    return title if len(title) <= 100 else title[:99].rstrip() + "…"


def search_filters(graph: Graph) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The search page's filters as (name, label, [(value, label)]), from the published content, so the page
    works (and is testable) before the index loads; search.js adds any value the index holds beyond these."""
    types = {"meeting", "person", "board"} | ({"item"} if graph.items else set())
    types |= {"decision"} if graph.decisions else set()
    types |= {"action"} if graph.actions else set()
    types |= {"paper"} if graph.papers else set()
    types |= {"topic"} if graph.topics else set()
    types |= {"attachment"} if graph.attachment_texts else set()
    years = {m.date.year for m in graph.meetings.values()} | {p.date.year for p in graph.papers.values() if p.date}
    statuses = [s for s in MEETING_STATUSES if any(m.status == s for m in graph.meetings.values())]
    statuses += [s for s in ACTION_STATUSES if any(a.status == s for a in graph.actions.values())
                 or any(u.status == s for u in graph.updates.values())]
    verbs = [v for v in DECISION_VERBS if any(d.verb == v for d in graph.decisions.values())]
    return [
        ("type", "Type", [(t, t.capitalize()) for t in SEARCH_TYPES if t in types]),
        ("board", "Board", [(b.name, b.name) for b in graph.boards.values()]),
        ("year", "Year", [(str(y), str(y)) for y in sorted(years, reverse=True)]),
        ("status", "Status", [(s, s.capitalize()) for s in dict.fromkeys(statuses)]),
        ("verb", "Decision", [(v, v.capitalize()) for v in verbs]),
        ("topic", "Topic", [(t, t.replace("-", " ").capitalize()) for t in graph.topics]),
    ]


def content_date(graph: Graph) -> dt.date:
    """The date of the newest published paper or meeting not after the build's clock: the statement's date
    follows the content, so rebuilding the same content on another day gives the same bytes."""
    today = graph.now.date()
    dates = [m.date for m in graph.meetings.values() if m.date <= today and m.date_precision == "day"]
    dates += [p.date for p in graph.papers.values() if p.date and p.date <= today and p.date_precision == "day"]
    return max(dates, default=today)
