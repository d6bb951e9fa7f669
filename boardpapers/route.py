"""Stage 7, route: graph -> page jobs (output path, layout, view).

Each family of pages lives in its own `pages_*` module exposing `pages(graph) -> iterable of PageJob`; this
module only collects them and refuses two jobs that claim one output path.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .diagnostics import Diagnostics, SourcePos
from .link import Graph


@dataclass(frozen=True)
class PageJob:
    path: str  # output path inside site/, e.g. "meetings/2014-01-21-iib/index.html"
    layout: str = ""  # a Jinja layout, or (with `produce`) ""
    view: dict = field(default_factory=dict)
    source: str = ""  # the content file it mainly shows (for error messages)
    produce: Callable | None = None  # a function (site view) -> bytes, for feeds, calendars and data files
    deps: frozenset = frozenset()  # ids this page shows, beyond what its layout looks up

    @property
    def url_path(self) -> str:
        return self.path[: -len("index.html")] if self.path.endswith("index.html") else self.path


def page_families() -> list:
    # Imported here so that a page family can use route.PageJob without an import cycle.
    from . import pages_core, pages_outputs, pages_people, pages_registers, pages_search, pages_site

    return [pages_core, pages_people, pages_registers, pages_site, pages_search, pages_outputs]


def route(graph: Graph, diags: Diagnostics) -> tuple[PageJob, ...]:
    jobs: dict[str, PageJob] = {}
    for family in page_families():
        for job in family.pages(graph):
            if job.path in jobs:
                diags.error(SourcePos(job.source or jobs[job.path].source, 1), "duplicate-url",
                            f"two documents claim the URL /{job.url_path}",
                            f"the other is {jobs[job.path].source or 'a built-in page'}")
                continue
            jobs[job.path] = job
    from .pages_outputs import sitemap_job

    sitemap = sitemap_job(graph, [path for path in jobs if path.endswith(".html")])
    jobs[sitemap.path] = sitemap
    _check_attachment_urls(graph, jobs, diags)
    return tuple(jobs[path] for path in sorted(jobs))


def _check_attachment_urls(graph: Graph, jobs: dict, diags: Diagnostics) -> None:
    """An attachment is copied to meetings/<meeting-id>/<file>: it may not take a page's URL (`index.html`) or the
    folder of an item's pages (a file named `2`)."""
    folders = {parent for path in jobs for parent in _parents(path)}
    for item in graph.items.values():
        for attachment in item.attachments:
            path = f"meetings/{item.meeting_id}/{attachment.file}"
            if attachment.file and (path in jobs or path in folders):
                diags.error(SourcePos(item.source, attachment.line or 1), "duplicate-url",
                            f"attachment '{attachment.file}' would take the URL /{path}, which belongs to a page",
                            "rename the file (e.g. appendix-a.pdf)")


def _parents(path: str):
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path
