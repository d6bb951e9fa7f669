"""Registers and trails: /decisions/, /actions/, one page per action, /topics/.

Filters work on a static host without JavaScript because each one is a page of its own, rendered here:
/decisions/verb/agreed/, /actions/status/overdue/, /actions/owner/<person>/ ... Their URLs are built from ids
and fixed words, like every other URL. The rows themselves come from the site view (`site.decisions`,
`site.actions_register`), which computes trails once per build; routing only needs to know which filter values
exist.
"""

from __future__ import annotations

from .link import Graph
from .models import ACTION_STATUSES
from .pages_search import plain
from .route import PageJob
from .siteview import topic_title
from .topics import decision_filter_values, decision_rows
from .trails import action_boards, owners, status_slug

DECISION_LABELS = {"board": "Board", "year": "Year", "verb": "Decision", "topic": "Topic"}
ACTION_LABELS = {"status": "Status", "owner": "Owner", "board": "Board"}


def pages(graph: Graph):
    yield from decision_pages(graph)
    yield from action_pages(graph)
    yield from topic_pages(graph)


def decision_pages(graph: Graph):
    values = decision_filter_values(graph, decision_rows(graph))
    nav = [(DECISION_LABELS[kind], kind, [(_label(graph, kind, v), f"decisions/{kind}/{v}/") for v in vs])
           for kind, vs in values.items() if vs]
    yield PageJob("decisions/index.html", "decisions.html",
                  {"title": "Decisions", "filter": ("", ""), "filters": nav, "current": "decisions/"})
    for kind, vs in values.items():
        for value in vs:
            title = {"board": f"Decisions of the {_label(graph, kind, value)}", "year": f"Decisions in {value}",
                     "verb": f"Decisions: {value}", "topic": f"Decisions on {_label(graph, kind, value)}"}[kind]
            yield PageJob(f"decisions/{kind}/{value}/index.html", "decisions.html",
                          {"title": title, "filter": (kind, value), "filters": nav,
                           "current": f"decisions/{kind}/{value}/"})


def action_pages(graph: Graph):
    # Every status has its page even when empty, so that a link to "overdue actions" never breaks.
    values = {"status": ["overdue", *ACTION_STATUSES], "owner": owners(graph), "board": action_boards(graph)}
    nav = [(ACTION_LABELS[kind], kind, [(_label(graph, kind, v), f"actions/{kind}/{_slug(kind, v)}/") for v in vs])
           for kind, vs in values.items() if vs]
    yield PageJob("actions/index.html", "actions.html",
                  {"title": "Actions", "filter": ("", ""), "filters": nav, "current": "actions/"})
    for kind, vs in values.items():
        for value in vs:
            title = {"status": f"Actions: {value}", "owner": f"Actions owned by {_label(graph, kind, value)}",
                     "board": f"Actions of the {_label(graph, kind, value)}"}[kind]
            path = f"actions/{kind}/{_slug(kind, value)}/"
            yield PageJob(f"{path}index.html", "actions.html",
                          {"title": title, "filter": (kind, value), "filters": nav, "current": path})
    for action in graph.actions.values():
        item = graph.items[action.item_id]
        yield PageJob(f"actions/{action.id}/index.html", "action.html",
                      {"title": f"Action: {_short(plain(action.text))}", "action": action}, item.source)


def topic_pages(graph: Graph):
    if not graph.topics:
        return
    yield PageJob("topics/index.html", "topics.html", {"title": "Topics"})
    for topic in graph.topics:
        yield PageJob(f"topics/{topic}/index.html", "topic.html", {"title": topic_title(topic), "topic": topic})


def _label(graph: Graph, kind: str, value: str) -> str:
    if kind == "board":
        return graph.boards[value].name
    if kind == "owner":
        return graph.people[value].display_name
    if kind == "topic":
        return topic_title(value)
    return value[:1].upper() + value[1:]


def _slug(kind: str, value: str) -> str:
    return status_slug(value) if kind == "status" else value


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
