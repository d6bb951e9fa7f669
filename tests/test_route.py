"""pages/route.py: the linked graph -> one page job per output file, from every page family, in path order; two
jobs claiming one URL and an attachment named like a page are errors at the file and line that make them."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import write_project

from boardpapers.core.diagnostics import BuildFailed, Diagnostics
from boardpapers.pages import route as routing
from boardpapers.pages.job import PageJob
from boardpapers.pipeline import Options, build

NOW = dt.datetime(2014, 2, 1, 9, 0)


def graph_of(tmp_path, files=None):
    content = write_project(tmp_path, files or {})
    return build(Options(content_dir=content, now=NOW, search=False, write=False)).graph


def test_every_family_routes_its_pages_in_path_order(tmp_path):
    graph = graph_of(tmp_path)
    jobs = routing.route(graph, Diagnostics())
    paths = [job.path for job in jobs]
    assert paths == sorted(paths) and len(paths) == len(set(paths))
    for path in ("index.html", "404.html", "meetings/2014-01-21-b/index.html", "meetings/2014-01-21-b/1/index.html",
                 "people/ann/index.html", "boards/b/index.html", "actions/fix-roads/index.html",
                 "decisions/index.html", "topics/roads/index.html", "search/index.html", "feed.xml",
                 "calendar.ics", "data/items.json", "sitemap.xml"):
        assert path in paths, path
    item = next(job for job in jobs if job.path == "meetings/2014-01-21-b/1/index.html")
    assert item.layout == "item.html" and item.view["item"].title == "Roads report"
    assert item.source == "content/meetings/2014-01-21-b/01-report.md" and item.url_path == "meetings/2014-01-21-b/1/"
    sitemap = next(job for job in jobs if job.path == "sitemap.xml")
    assert sorted(sitemap.produce.keywords["output_paths"]) == [p for p in paths if p.endswith(".html")]


def test_two_jobs_claiming_one_url_are_an_error_naming_both(tmp_path, monkeypatch):
    graph = graph_of(tmp_path)

    class Clash:
        @staticmethod
        def pages(graph):
            yield PageJob("people/ann/index.html", "person.html", source="content/people/other.md")

    monkeypatch.setattr(routing, "PAGE_FAMILIES", (*routing.PAGE_FAMILIES, Clash))
    diags = Diagnostics()
    routing.route(graph, diags)
    (error,) = diags.errors
    assert error.code == "duplicate-url" and error.pos.path == "content/people/other.md"
    assert "content/people/ann.md" in error.hint


def test_an_attachment_named_like_a_page_folder_is_refused_at_its_line(tmp_path):
    """It has no document type: the allow-list refuses it (issue 13) before its URL could clash with the page's."""
    item = "---\nnumber: 1\ntitle: Roads report\nattachments:\n  - title: Annex\n    file: '1'\n---\n"
    content = write_project(tmp_path, {"meetings/2014-01-21-b/01-report.md": item})
    (content / "meetings/2014-01-21-b/1").write_text("x")
    with pytest.raises(BuildFailed) as failed:
        build(Options(content_dir=content, now=NOW, search=False, write=False))
    (error,) = failed.value.diagnostics.errors
    assert (error.code, error.pos.line) == ("unsafe-attachment", 6) and "'1'" in error.message
