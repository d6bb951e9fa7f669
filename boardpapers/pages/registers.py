"""Registers and trails: /decisions/, /actions/, one page per action, /topics/.

Filters work on a static host without JavaScript because each one is a page of its own, rendered here:
/decisions/verb/agreed/, /actions/status/overdue/, /actions/owner/<person>/ ... Their URLs are built from ids
and fixed words, like every other URL. The rows themselves come from the site view (`site.decisions`,
`site.actions_register`), which reads the graph's global facts (graph.facts); routing only needs to know which
filter values exist.

Each filter kind also has an index page (/actions/owner/) listing its values with counts. Register pages list
inline only the kinds with a handful of values (status, year, verb) and link to the index page of the others:
an owner per person and a topic per subject, written out on every register page, would make the site grow with
values x pages.

A filter page is kept to a readable size like the registers' main pages: past RECENT rows it shows the latest
whole years, and links the year pages (/decisions/year/2019/: the archive, every row of a year once) for the
earlier ones, with a search narrowed to the filter (type and the filter's value) where search has that filter.
A page per filter value and earlier year (/decisions/verb/agreed/2019/) would write every row of every year
once more per filter kind: a third of the site's bytes at 10,000 items, for what search and the year pages do.
"""

from __future__ import annotations

from urllib.parse import urlencode

from boardpapers.content.models import ACTION_STATUSES
from boardpapers.graph.link import Graph
from boardpapers.graph.names import topic_title
from boardpapers.graph.topics import decision_filter_values, years_apart
from boardpapers.graph.trails import action_boards, action_years, owners, status_slug
from boardpapers.pages.job import PageJob
from boardpapers.pages.search import plain

DECISION_LABELS = {"board": "Board", "year": "Year", "verb": "Decision", "topic": "Topic"}
ACTION_LABELS = {"status": "Status", "year": "Year", "owner": "Owner", "board": "Board"}
NOUNS = {"board": ("Board", "boards"), "year": ("Year", "years"), "verb": ("Kind of decision", "kinds of decision"),
         "topic": ("Topic", "topics"), "status": ("Status", "statuses"), "owner": ("Owner", "owners")}
INLINE = frozenset({"status", "year", "verb"})
RECENT = 100  # register and filter pages show their latest whole years, enough of them to hold this many rows
# The search filter (assets/search.js, pages.search.search_filters) that narrows to a register filter's value:
# the board's name for board, the value itself for the others. Owners have none.
TOPIC_RECENT = 100  # a topic page lists the entries (items, papers) of its latest whole years, at least this many
SEARCHED = {"decisions": ("decision", {"board", "verb", "topic"}), "actions": ("action", {"board", "status"})}


def pages(graph: Graph):
    yield from decision_pages(graph)
    yield from action_pages(graph)
    yield from topic_pages(graph)


def decision_pages(graph: Graph):
    def title(kind: str, value: str, label: str) -> str:
        return {"board": f"Decisions of the {label}", "year": f"Decisions in {value}", "verb": f"Decisions: {value}",
                "topic": f"Decisions on {label}"}[kind]

    selected = graph.decision_selections
    values = decision_filter_values(graph, selected[("", "")])
    yield from register_pages(graph, "decisions", DECISION_LABELS, values, title, ("Decisions",),
                              years_apart(selected, RECENT))


def action_pages(graph: Graph):
    def title(kind: str, value: str, label: str) -> str:
        return {"status": f"Actions: {value}", "year": f"Actions raised in {value}",
                "owner": f"Actions owned by {label}", "board": f"Actions of the {label}"}[kind]

    # Every status has its page even when empty, so that a link to "overdue actions" never breaks.
    values = {"status": ["overdue", *ACTION_STATUSES], "year": action_years(graph), "owner": owners(graph),
              "board": action_boards(graph)}
    apart = years_apart(graph.action_selections, RECENT, lambda trail: trail.year)
    yield from register_pages(graph, "actions", ACTION_LABELS, values, title, ("Open", "Overdue", "All"), apart)
    for action in graph.actions.values():
        item = graph.items[action.item_id]
        yield PageJob(f"actions/{action.id}/index.html", "action.html",
                      {"title": f"Action: {_short(plain(action.text))}", "action": action}, item.source)


def register_pages(graph: Graph, register: str, labels: dict, values: dict, title, columns: tuple, apart: dict):
    """The register's main page, one index page per filter kind and one page per filter value; a long filter
    page leaves out earlier years (`apart`: {(kind, value): [year, ...]}) and links the year pages for them."""
    options = {kind: [(_label(graph, kind, v), f"{register}/{kind}/{_slug(kind, v)}/", v) for v in vs]
               for kind, vs in values.items() if vs}
    nav = [(labels[kind], kind, [(text, path) for text, path, _ in opts] if kind in INLINE else [],
            _count(len(opts), *NOUNS[kind]), NOUNS[kind][0].lower()) for kind, opts in options.items()]
    common = {"register": register, "filters": nav, "year": 0}
    yield PageJob(f"{register}/index.html", f"{register}.html",
                  {**common, "title": register.capitalize(), "filter": ("", ""), "filter_label": "",
                   "current": f"{register}/", "recent": RECENT, "years_at": f"{register}/year/"})
    for kind, opts in options.items():
        yield PageJob(f"{register}/{kind}/index.html", "filter_index.html",
                      {**common, "title": f"{register.capitalize()} by {NOUNS[kind][0].lower()}", "kind": kind,
                       "label": NOUNS[kind][0], "count": _count(len(opts), *NOUNS[kind]), "options": opts,
                       "columns": columns, "current": f"{register}/{kind}/"})
        for text, path, value in opts:
            apart_years = apart.get((kind, value), ())
            view = {**common, "title": title(kind, value, text), "filter": (kind, value), "filter_label": text,
                    "current": path, "recent": RECENT, "years_at": f"{register}/year/",
                    "search": search_link(graph, register, kind, value) if apart_years else ""}
            yield PageJob(f"{path}index.html", f"{register}.html", view)


def topic_pages(graph: Graph):
    if not graph.topics:
        return
    yield PageJob("topics/index.html", "topics.html", {"title": "Topics"})
    for topic in graph.topics:
        yield PageJob(f"topics/{topic}/index.html", "topic.html",
                      {"title": topic_title(topic), "topic": topic, "recent": TOPIC_RECENT})


def _label(graph: Graph, kind: str, value: str) -> str:
    if kind == "board":
        return graph.boards[value].name
    if kind == "owner":
        return graph.people[value].display_name
    if kind == "topic":
        return topic_title(value)
    return value[:1].upper() + value[1:]


def search_link(graph: Graph, register: str, kind: str, value: str) -> str:
    """/search/ narrowed to a filter page's rows (every year of them), or "" when search has no such filter."""
    kind_of_page, kinds = SEARCHED[register]
    if kind not in kinds:
        return ""
    searched = graph.boards[value].name if kind == "board" else value
    return "search/?" + urlencode({"type": kind_of_page, kind: searched})


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular.lower() if n == 1 else plural}"


def _slug(kind: str, value: str) -> str:
    return status_slug(value) if kind == "status" else value


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
