"""render/jinja.py: page jobs -> bytes through the layouts. Each page hands its bytes and every key it read
(layouts included) to the sink; a layout that does not parse is reported once for all its pages, a missing
layout and a failing one at the layout's line with the content file; work shared between pages (`fragment`,
`once`, the pure filters) is computed once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import write_project

from boardpapers.core.diagnostics import Diagnostics
from boardpapers.pages.job import PageJob
from boardpapers.pipeline import Options, build
from boardpapers.render.jinja import layouts_of, make_env, render_pages
from boardpapers.render.siteview import SiteView

NOW = dt.datetime(2014, 2, 1, 9, 0)


def setup(tmp_path: Path, layouts: dict[str, str]):
    graph = build(Options(content_dir=write_project(tmp_path, {}), now=NOW, search=False, write=False)).graph
    folder = tmp_path / "layouts"
    folder.mkdir()
    for name, text in layouts.items():
        (folder / name).write_text(text)
    site = SiteView(graph)
    return site, make_env(folder, tmp_path, site.reads)


def render(site, env, jobs):
    pages, diags = {}, Diagnostics()
    render_pages(jobs, site, env, diags, lambda job, data, keys: pages.__setitem__(job.path, (data, keys)))
    return pages, diags


def test_a_page_gets_its_view_and_records_its_layouts_and_reads(tmp_path):
    site, env = setup(tmp_path, {"base.html": "<title>{{ page.title }}</title>{% block c %}{% endblock %}",
                                 "person.html": "{% extends 'base.html' %}{% block c %}{{ site.name(page.who) }} "
                                                "{{ url_path }} {{ build_date }}{% endblock %}"})
    pages, diags = render(site, env, [PageJob("people/ann/index.html", "person.html", {"title": "A", "who": "ann"})])
    data, keys = pages["people/ann/index.html"]
    assert not diags.items and data == b"<title>A</title>Ann Able people/ann/ 2014-02-01"
    assert layouts_of(keys) == {"person.html", "base.html"}
    assert {("id", "ann"), ("g", "people", "ann")} <= keys


def test_a_produced_file_is_the_functions_bytes(tmp_path):
    site, env = setup(tmp_path, {})
    job = PageJob("x.txt", produce=lambda view: view.graph.config.title.encode())
    pages, _ = render(site, env, [job])
    assert pages["x.txt"][0] == b"Tiny papers" and ("g", "config") in pages["x.txt"][1]


def test_a_broken_layout_is_reported_once_at_its_line(tmp_path):
    site, env = setup(tmp_path, {"bad.html": "line one\n{% if %}\n"})
    jobs = [PageJob(f"{n}/index.html", "bad.html", source=f"content/{n}.md") for n in range(3)]
    pages, diags = render(site, env, jobs)
    (error,) = diags.items
    assert not pages and error.code == "layout-syntax" and (error.pos.path, error.pos.line) == ("layouts/bad.html", 2)


def test_missing_and_failing_layouts_name_the_layout_and_the_content_file(tmp_path):
    site, env = setup(tmp_path, {"fails.html": "ok\n{{ page.missing.deeper }}\n"})
    jobs = [PageJob("a/index.html", "nowhere.html"), PageJob("b/index.html", "fails.html", source="content/b.md")]
    pages, diags = render(site, env, jobs)
    failing, missing = sorted(diags.items, key=lambda d: d.code)
    assert missing.code == "layout-missing" and "nowhere.html" in missing.message
    assert failing.code == "layout-error" and failing.pos.line == 2 and "content/b.md" in failing.message
    assert not pages


def test_fragments_once_and_filters_are_computed_once_and_recorded_on_every_page(tmp_path):
    calls = []

    def label(ident):
        calls.append(ident)
        return site.name(ident)

    site, env = setup(tmp_path, {"p.html": "{% call fragment() %}[{{ site.meeting_label('2014-01-21-b') }}]"
                                           "{% endcall %}{{ once(label, 'ann') }} {{ page.day | longdate }}"})
    env.globals["label"] = label
    jobs = [PageJob(f"{n}/index.html", "p.html", {"day": dt.date(2014, 1, 21)}) for n in range(3)]
    pages, diags = render(site, env, jobs)
    assert not diags.items and calls == ["ann"]
    assert {data for data, _ in pages.values()} == {b"[BB 21 January 2014]Ann Able Tuesday 21 January 2014"}
    for _, keys in pages.values():
        assert {("g", "meetings", "2014-01-21-b"), ("g", "people", "ann"), ("layout", "p.html")} <= keys
