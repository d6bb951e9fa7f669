"""render/reads.py: one set of keys per page, and `capture` (work done once for many pages, its reads recorded
on every page that takes it). Shared work must leave every page's bytes and recorded keys exactly as if each
page had done it alone."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import ROOT

from boardpapers.core.diagnostics import Diagnostics
from boardpapers.pages.route import route
from boardpapers.pipeline import Options, build
from boardpapers.render.jinja import make_env, render_pages
from boardpapers.render.reads import Reads
from boardpapers.render.siteview import SiteView


def test_a_page_records_its_keys_and_nothing_is_recorded_between_pages():
    reads = Reads()
    reads.add(("g", "config"))  # between pages: dropped
    reads.begin_page()
    reads.add(("id", "a"))
    reads.add(("id", "a"))
    assert reads.end_page() == {("id", "a")}
    assert reads.keys is None


def test_a_capture_is_computed_once_and_its_reads_go_to_every_page_that_takes_it():
    reads, calls = Reads(), []

    def compute():
        calls.append(1)
        reads.add(("g", "people", "ann"))
        return "Ann"

    reads.begin_page()
    reads.add(("id", "first"))
    assert reads.capture(("name", "ann"), compute) == "Ann"
    first = reads.end_page()
    reads.begin_page()
    assert reads.capture(("name", "ann"), compute) == "Ann"
    second = reads.end_page()
    assert calls == [1]
    assert first == {("id", "first"), ("g", "people", "ann")} and second == {("g", "people", "ann")}


def test_captures_nest_and_an_inner_capture_reaches_the_outer_one_each_time():
    reads = Reads()
    inner = lambda: reads.add(("layout", "row.html")) or "row"  # noqa: E731
    outer = lambda: reads.capture("inner", inner) + "!"  # noqa: E731
    reads.begin_page()
    reads.capture("inner", inner)  # computed first on its own
    reads.end_page()
    reads.begin_page()
    assert reads.capture("outer", outer) == "row!"
    assert reads.end_page() == {("layout", "row.html")}
    reads.begin_page()
    assert reads.capture("outer", outer) == "row!"
    assert reads.end_page() == {("layout", "row.html")}


def test_an_unhashable_key_computes_every_time_and_records_on_the_page():
    reads, calls = Reads(), []
    reads.begin_page()
    for _ in range(2):
        reads.capture(("x", ["unhashable"]), lambda: calls.append(reads.add(("id", "z"))))
    assert len(calls) == 2 and reads.end_page() == {("id", "z")}


def test_a_failed_capture_leaves_the_page_recording_and_is_not_kept():
    reads = Reads()
    reads.begin_page()
    reads.add(("id", "before"))

    def fail():
        reads.add(("id", "half"))
        raise ValueError("no")

    with pytest.raises(ValueError):
        reads.capture("k", fail)
    reads.add(("id", "after"))
    assert reads.end_page() == {("id", "before"), ("id", "after")} and "k" not in reads.captured


def render_all(order) -> dict:
    """{path: (bytes, recorded keys)} for every page of the sample, rendered in `order(jobs)` through one site
    view: whichever page computes a shared part (fragment, macros, once, rows) first."""
    opts = Options(content_dir=ROOT / "content", now=dt.datetime(2026, 1, 1, 9, 0), search=False, write=False)
    graph = build(opts).graph
    diags = Diagnostics()
    jobs = order(list(route(graph, diags)))
    reads = Reads()
    site = SiteView(graph, reads)
    env = make_env(opts.layouts_dir, ROOT, reads)
    pages: dict = {}
    render_pages(jobs, site, env, diags, lambda job, data, keys: pages.__setitem__(job.path, (data, keys)))
    assert not diags.items
    return pages


def test_pages_record_the_same_whichever_page_computed_a_shared_part_first():
    forward = render_all(lambda jobs: jobs)
    backward = render_all(lambda jobs: jobs[::-1])
    assert forward.keys() == backward.keys()
    for path in forward:
        assert forward[path] == backward[path], path


def test_macros_made_once_still_note_the_layouts_they_import(tmp_path):
    (tmp_path / "page.html").write_text("{% set m = macros('m.html') %}{{ m.x() }}")
    (tmp_path / "m.html").write_text("{% import 'n.html' as n %}{% macro x() %}{{ n.y() }}{% endmacro %}")
    (tmp_path / "n.html").write_text("{% macro y() %}Y{% endmacro %}")
    reads = Reads()
    env = make_env(tmp_path, tmp_path, reads)

    class Site:  # what `macros` needs of a site view
        capture = reads.capture

    for _ in range(3):
        reads.begin_page()
        assert env.get_template("page.html").render(site=Site(), config=None) == "Y"
        assert reads.end_page() == {("layout", "page.html"), ("layout", "m.html"), ("layout", "n.html")}
