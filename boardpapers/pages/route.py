"""Stage 7, route: graph -> page jobs (output path, layout, view).

Each family of pages lives in its own module of `boardpapers.pages` exposing `pages(graph) -> iterable of PageJob`; this
module only collects them and refuses two jobs that claim one output path.
"""

from __future__ import annotations

from boardpapers.content.pdftext import text_key
from boardpapers.core.diagnostics import Diagnostics, SourcePos
from boardpapers.graph.link import Graph
from boardpapers.pages import attachments, documents, outputs, people, registers, search, site, translated
from boardpapers.pages.job import PageJob

# Each family yields the page jobs of one kind of page (see its module).
PAGE_FAMILIES = (documents, people, attachments, registers, site, search, outputs)


def route(graph: Graph, diags: Diagnostics) -> tuple[PageJob, ...]:
    jobs: dict[str, PageJob] = {}
    for family in PAGE_FAMILIES:
        for job in family.pages(graph):
            if job.path in jobs:
                diags.error(SourcePos(job.source or jobs[job.path].source, 1), "duplicate-url",
                            f"two documents claim the URL /{job.url_path}",
                            f"the other is {jobs[job.path].source or 'a built-in page'}")
                continue
            jobs[job.path] = job
    jobs = translated.with_translations(graph, jobs)
    versions = {job.url_path: job.view["alternates"] for job in jobs.values() if job.view.get("alternates")}
    sitemap = outputs.sitemap_job(graph, [path for path in jobs if path.endswith(".html")], versions)
    jobs[sitemap.path] = sitemap
    _check_attachment_urls(graph, jobs, diags)
    return tuple(jobs[path] for path in sorted(jobs))


def _check_attachment_urls(graph: Graph, jobs: dict, diags: Diagnostics) -> None:
    """An attachment is copied to meetings/<meeting-id>/<file>: it may not take a page's URL (`index.html`) or the
    folder of an item's pages (a file named `2`)."""
    folders = {parent for path in jobs for parent in _parents(path)}
    by_case: dict[str, str] = {}  # lower-case path -> the path as named: case-insensitive hosts make them one
    clashed: set = set()  # (item, file) reported as a case clash: not reported again for their text page
    for item in graph.items.values():
        for attachment in item.attachments:
            path = f"meetings/{item.meeting_id}/{attachment.file}"
            if not attachment.file:
                continue
            if path in jobs or path in folders:
                diags.error(SourcePos(item.source, attachment.line or 1), "duplicate-url",
                            f"attachment '{attachment.file}' would take the URL /{path}, which belongs to a page",
                            "rename the file (e.g. appendix-a.pdf)")
            other = by_case.setdefault(path.lower(), path)
            if other != path:
                clashed.add((item.id, attachment.file))
                diags.error(SourcePos(item.source, attachment.line or 1), "duplicate-url",
                            f"attachment '{attachment.file}' and '{other.rsplit('/', 1)[1]}' differ only in case: "
                            "on a host that ignores case (Windows, macOS, many web servers) they are one file",
                            "rename one of them")
    for item in graph.items.values():  # two PDFs of one item whose names make one text page (a.pdf, A.pdf)
        slugs: dict[str, str] = {}
        for attachment in item.attachments:
            if not (attachment.file and text_key(item.id, attachment.file) in graph.attachment_texts):
                continue
            if (item.id, attachment.file) in clashed:
                continue
            other = slugs.setdefault(attachments.file_slug(attachment.file), attachment.file)
            if other != attachment.file:
                diags.error(SourcePos(item.source, attachment.line or 1), "duplicate-url",
                            f"attachments '{other}' and '{attachment.file}' would share the text page "
                            f"/{attachments.text_path(item.id, attachment.file)}", "rename one of the files")


def _parents(path: str):
    while "/" in path:
        path = path.rsplit("/", 1)[0]
        yield path
