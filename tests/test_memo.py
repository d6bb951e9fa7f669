"""Work shared between pages (base layout fragments, macros made once per build, `once()`, open data and calendar
parts) must leave the bytes and every page's recorded dependencies exactly as if each page had done it alone."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random

from conftest import ROOT

from boardpapers.cache import incremental
from boardpapers.cache.load import load_sources
from boardpapers.content.discover import discover
from boardpapers.content.publish import apply_publishing, now_in
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.graph.link import link
from boardpapers.markdown.convert import render_markdown
from boardpapers.outputs import prettyjson
from boardpapers.outputs.assets import collect_assets
from boardpapers.outputs.opendata import csv_text
from boardpapers.pages.route import route
from boardpapers.pipeline import Options
from boardpapers.render.jinja import make_env, render_pages
from boardpapers.render.recording import Recorder, recording_site


def render_all(order) -> dict:
    """{path: (bytes, layouts, ids, recorded keys)} for every page of the sample, rendered in `order(jobs)`."""
    opts = Options(content_dir=ROOT / "content", now=dt.datetime(2026, 1, 1, 9, 0), search=False, write=False)
    diags = Diagnostics()
    state = incremental.BuildCache(options=incremental.options_key(opts))
    content = load_sources(discover(opts.content_dir, diags), state, diags)
    now = now_in(content.config.timezone, opts.now)
    published = apply_publishing(content, now, False)
    graph = link(published, render_markdown(published.content, diags, state.markdown), now, diags)
    jobs = order(list(route(graph, diags)))
    site = recording_site(graph, Recorder())
    site.assets, _ = collect_assets(opts.assets_dir)
    env = make_env(opts.layouts_dir)
    record: dict = {}
    pages: dict = {}

    def sink(job, data, layouts):
        pages[job.path] = (data, layouts, site.last_keys)

    render_pages(jobs, site, env, opts.layouts_dir, ROOT, diags, record, sink)
    assert not diags.items
    return {path: (*pages[path], record[path]) for path in pages}


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
    env = make_env(tmp_path)

    class Site:  # what `memo` needs of a site view: the ids a page used
        _deps = None

    site = Site()
    for _ in range(3):
        env.loaded = set()
        assert env.get_template("page.html").render(site=site, config=None) == "Y"
        assert env.loaded == {"page.html", "m.html", "n.html"}


def test_prettyjson_writes_what_json_dumps_writes():
    values = [
        {}, [], "", {"a": []}, {"a": {}}, [[]], [{}], {"k": None, "t": True, "f": False, "n": 3, "s": "é\"\\\n<"},
        {"records": [{"id": "x", "list": ["a", "b"], "empty": [], "nested": [{"u": 1}, {"v": [1, [2, {}]]}]}]},
        ("tuple", ["in", ("a", "tuple")]), {"float": 1.5}, [float("nan")], {"\u2028": "\ud83d\ude00"},
    ]
    for value in values:
        assert prettyjson.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2), value
    records = [{"id": str(n), "xs": [str(n)] * (n % 3)} for n in range(5)]
    whole = json.dumps({"records": records}, ensure_ascii=False, indent=2)
    assert prettyjson.dumps({"records": prettyjson.encode_list(records, "\n  ")}) == whole


def test_csv_text_writes_what_the_csv_module_writes():
    pieces = ["a", " ", ",", '"', "\n", "\r", "é", "\t", "'", ";", "", '""', "\r\n", "\\", "x y"]
    rng = random.Random(7)
    rows = [[None, 1, 2.5, "", "true"], [""], [None], [], ["", ""], ["a"]]
    rows += [["".join(rng.choice(pieces) for _ in range(rng.randint(0, 5))) for _ in range(rng.randint(1, 6))]
             for _ in range(3000)]
    expected = io.StringIO(newline="")
    csv.writer(expected).writerows(rows)
    assert csv_text(rows) == expected.getvalue()
