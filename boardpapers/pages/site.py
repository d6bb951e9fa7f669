"""Site-wide pages: home, not-found and the list of corrections (the accessibility statement is in pages.search).

The home page's next and recent meetings depend on the build's day: the layout asks the site view for them
(`site.upcoming`, `site.recent`), which records that, rather than taking them in its view.
"""

from __future__ import annotations

from boardpapers.graph.link import Graph
from boardpapers.pages.job import PageJob


def pages(graph: Graph):
    yield PageJob("index.html", "home.html", {"title": graph.config.title, "is_home": True})
    yield PageJob("404.html", "404.html", {"title": "Page not found"})
    yield PageJob("corrections/index.html", "corrections.html", {"title": "Corrections"})
