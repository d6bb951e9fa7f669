"""Site-wide pages: home, not-found and the list of corrections (the accessibility statement is in pages.search)."""

from __future__ import annotations

from boardpapers.graph.link import Graph
from boardpapers.pages.job import PageJob


def pages(graph: Graph):
    upcoming = [m for m in graph.meetings.values() if m.date >= graph.now.date() and m.status != "cancelled"]
    recent = list(graph.meetings.values())[::-1][:5]
    yield PageJob("index.html", "home.html", {"title": graph.config.title, "upcoming": upcoming[:5],
                                              "recent": recent, "is_home": True})
    yield PageJob("404.html", "404.html", {"title": "Page not found"})
    yield PageJob("corrections/index.html", "corrections.html", {"title": "Corrections"})
