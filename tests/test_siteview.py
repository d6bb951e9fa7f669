"""render/siteview.py: what layouts read as `site`. Every lookup is recorded as the key the build cache compares
(cache.deps); global facts are the graph's, read entry by entry; register rows are rendered once through
`Reads.capture`, and a reused row leaves each page depending on what it read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import FIXTURES, ROOT, write_project
from test_incremental import differing, edit, full_build, opts, project, snapshot  # noqa: F401 (a fixture)

from boardpapers.core.diagnostics import Diagnostics
from boardpapers.pages.route import route
from boardpapers.pipeline import Options, build
from boardpapers.render.jinja import make_env, render_one
from boardpapers.render.reads import Reads
from boardpapers.render.siteview import SiteView

NOW = dt.datetime(2014, 2, 1, 9, 0)
REGISTER_LAYOUTS = {"decisions.html", "actions.html", "filter_index.html", "topic.html", "person.html"}


def tiny_site(tmp_path: Path, now=NOW) -> SiteView:
    content = write_project(tmp_path, {})
    return SiteView(build(Options(content_dir=content, now=now, search=False, write=False)).graph)


def reading(site: SiteView, look):
    site.begin_page()
    value = look(site)
    return value, site.end_page()


def test_lookups_record_the_ids_and_graph_entries_they_read(tmp_path):
    site = tiny_site(tmp_path)
    person, keys = reading(site, lambda s: s.person("ann"))
    assert person.name == "Ann Able" and keys == {("id", "ann"), ("g", "people", "ann")}
    label, keys = reading(site, lambda s: s.meeting_label("2014-01-21-b"))
    assert label == "BB 21 January 2014"
    assert ("g", "meetings", "2014-01-21-b") in keys and ("g", "boards", "b") in keys
    assert site.url("person", "ann") == "/people/ann/" and site.ref_url("nobody") == "#"


def test_a_trail_is_the_graphs_fact_read_entry_by_entry(tmp_path):
    site = tiny_site(tmp_path)
    trail, keys = reading(site, lambda s: s.trail("fix-roads"))
    assert trail is site.raw_graph.trails["fix-roads"] and trail.status == "open" and not trail.overdue
    assert ("g", "trails", "fix-roads") in keys and ("g", "trails", "*") not in keys
    (open_, overdue), keys = reading(site, lambda s: s.action_counts())
    assert (open_, overdue) == (1, 0) and ("g", "trails", "*") in keys  # counting reads them all


def test_facts_that_follow_the_clock_follow_it(tmp_path):
    later = tiny_site(tmp_path, now=dt.datetime(2014, 6, 1, 9, 0))
    assert later.trail("fix-roads").overdue and later.action_counts() == (1, 1)


def test_markdown_is_read_by_key_with_its_references_resolved(tmp_path):
    site = tiny_site(tmp_path)
    html, keys = reading(site, lambda s: s.md("item:2014-01-21-b/1:body"))
    assert '<a class="ref" href="/people/ann/">Ann Able</a>' in html and '<h2 id="background">' in html
    assert ("g", "html", "item:2014-01-21-b/1:body") in keys and ("g", "html", "*") not in keys


def test_a_row_is_rendered_once_and_its_reads_replayed_on_every_page(tmp_path):
    site, calls = tiny_site(tmp_path), []

    class Macro:
        name = "row"

        def __call__(self, view, obj):
            calls.append(obj.id)
            return f"<tr>{view.name(obj.id)}</tr>"

    person = site.raw_graph.people["ann"]
    for _ in range(2):
        html, keys = reading(site, lambda s: s.rows(Macro(), [person]))
        assert html == "<tr>Ann Able</tr>" and ("g", "people", "ann") in keys
    assert calls == ["ann"]


class NothingShared(Reads):
    """Computes every capture again each time: as if no page shared anything with another."""

    def capture(self, key, compute):
        return compute()


def render_all(graph, jobs, site=None) -> dict[str, tuple[bytes, frozenset]]:
    """{path: (bytes, every key the page recorded)}, the jobs rendered in order through one site view (by
    default one that shares nothing: every row rendered on every page)."""
    site = site or SiteView(graph, NothingShared())
    env = make_env(ROOT / "layouts", ROOT, site.reads)
    out = {}
    for job in jobs:
        site.begin_page()
        data = render_one(job, site, env)
        out[job.path] = (data, site.end_page())
    return out


def test_a_reused_row_records_what_rendering_it_reads():
    result = build(Options(content_dir=FIXTURES / "trails" / "content", now=dt.datetime(2014, 3, 1, 9, 0),
                           search=False, write=False))
    jobs = [job for job in route(result.graph, Diagnostics()) if job.layout in REGISTER_LAYOUTS]
    site = SiteView(result.graph)
    shared = render_all(result.graph, jobs, site)
    listed = sum(len(site.decisions(*job.view["filter"])) for job in jobs if job.layout == "decisions.html")
    rendered = sum(1 for key in site.reads.captured if key[0] == "decision_row")
    assert 0 < rendered < listed  # rows were reused
    unshared = render_all(result.graph, jobs)
    for job in jobs:
        assert shared[job.path] == unshared[job.path], job.path


def test_editing_what_only_a_row_reads_rerenders_every_page_that_lists_it(project: Path):  # noqa: F811
    """A person named in a decision's text is read by the decision's row alone: renaming them must rewrite
    every register page that lists the decision, not only the first one that rendered the row."""
    item = project / "content" / "meetings/2014-01-21-iib/02-peer-challenge.md"
    edit(item, "text: the findings from the Cardiff evaluation report.",
         "text: the findings from the Cardiff evaluation report, with [[bob-member]].")
    build(opts(project))
    before_full = full_build(project, "before")
    before = snapshot(project / "site")
    edit(project / "content" / "people/bob-member.md", "name: Bob Member", "name: Robert Member")
    build(opts(project))
    after = snapshot(project / "site")
    rewritten = {path for path in after if before.get(path) != after[path]}
    after_full = full_build(project, "after")
    assert rewritten == differing(before_full, after_full)
    for page in ("decisions/index.html", "decisions/year/2014/index.html", "decisions/board/iib/index.html",
                 "decisions/verb/endorsed/index.html", "decisions/topic/peer-challenge/index.html",
                 "topics/peer-challenge/index.html"):
        assert page in rewritten, page
        assert "Robert Member" in (project / "site" / page).read_text(), page
