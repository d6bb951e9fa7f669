"""Register rows are rendered once per build process and reused (boardpapers.render.rowmemo). A reused row must leave
its page depending on what the row read, or an incremental build would keep a stale register page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import FIXTURES, ROOT
from test_incremental import differing, edit, full_build, opts, project, snapshot  # noqa: F401 (a fixture)

from boardpapers.core.diagnostics import Diagnostics
from boardpapers.pages.route import route
from boardpapers.pipeline import Options, build
from boardpapers.render.jinja import make_env, render_one
from boardpapers.render.recording import Recorder, recording_site

REGISTER_LAYOUTS = {"decisions.html", "actions.html", "filter_index.html", "topic.html", "person.html"}


def render_all(graph, jobs, site=None) -> dict[str, tuple[bytes, frozenset]]:
    """{path: (bytes, every key the page recorded)}, the jobs rendered in order through one site view (by
    default one that renders every row on every page, as before rows were memoised)."""
    if site is None:
        site = recording_site(graph, Recorder())
        site.part = lambda macro, key, *args: macro(site, *args)
    env = make_env(ROOT / "layouts")
    out = {}
    for job in jobs:
        env.loaded = set()
        site.begin_page()
        data = render_one(job, site, env)
        site.end_page()
        out[job.path] = (data, site.last_keys)
    return out


def test_a_reused_row_records_what_rendering_it_reads():
    result = build(Options(content_dir=FIXTURES / "trails" / "content", now=dt.datetime(2014, 3, 1, 9, 0),
                           search=False, write=False))
    jobs = [job for job in route(result.graph, Diagnostics()) if job.layout in REGISTER_LAYOUTS]
    site = recording_site(result.graph, Recorder())
    shared = render_all(result.graph, jobs, site)
    listed = sum(len(site.decisions(*job.view["filter"])) for job in jobs if job.layout == "decisions.html")
    rendered = sum(1 for key in site._row_memo if key[0] == "decision_row")
    assert 0 < rendered < listed  # rows were reused
    unmemoised = render_all(result.graph, jobs)
    for job in jobs:
        assert shared[job.path] == unmemoised[job.path], job.path


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
