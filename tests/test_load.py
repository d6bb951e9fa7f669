"""cache/load.py: read, validate and markdown per content file through the build cache. The pool gives what
validating every file in turn gives; validating makes no reference cycles (the stage turns the garbage collector
off on that promise); an unchanged file is not read again, a touched one not validated again, and markdown is
rendered only for files without it."""

from __future__ import annotations

import datetime as dt
import gc
import os

from conftest import ROOT, write_project

from boardpapers.cache import load
from boardpapers.cache.guard import Run
from boardpapers.cache.incremental import BuildCache
from boardpapers.content.discover import discover
from boardpapers.content.publish import publish
from boardpapers.content.read import read_all, read_text
from boardpapers.content.validate import validate
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.pipeline import Options

CONTENT = ROOT / "content"
NOW = dt.datetime(2026, 1, 1, 9, 0)


def run_for(content, cache=None) -> Run:
    return Run(Options(content_dir=content, now=NOW), cache=cache or BuildCache())


def test_validating_makes_no_reference_cycles():
    texts = [read_text(s, Diagnostics()) for s in discover(CONTENT, Diagnostics()) if s.kind != "attachment"]
    load.validate_one(texts[0])  # first use: caches (regexes, parsers) are filled, and kept
    gc.collect()
    collecting = gc.isenabled()
    gc.disable()
    try:
        kept = [load.validate_one(text) for text in texts]
        assert gc.collect() == 0
    finally:
        if collecting:
            gc.enable()
    assert kept


def test_the_pool_gives_what_validating_in_turn_gives(monkeypatch):
    monkeypatch.setattr(load, "PARALLEL_FILES", 1)  # the pool even for the sample site (~100 files: 5 batches)
    run = run_for(CONTENT)
    sources = discover(CONTENT, run.diags)
    pooled = load.validate(load.read(sources, run), run, workers=2)
    diags = Diagnostics()
    direct = validate(read_all(sources, diags), tuple(s for s in sources if s.kind == "attachment"), diags)
    assert pooled == direct and run.diags.items == diags.items
    assert gc.isenabled()


def test_unchanged_files_are_not_read_and_touched_ones_not_validated(tmp_path):
    content = write_project(tmp_path, {})
    run = run_for(content)
    sources = discover(content, run.diags)
    first = load.read(sources, run)
    assert len(first.texts) == 5 and not first.kept
    load.validate(first, run)
    again = run_for(content, run.cache)
    item = content / "meetings/2014-01-21-b/01-report.md"
    os.utime(item, ns=(1, 1))  # touched: another stat signature, the same bytes
    second = load.read(discover(content, again.diags), again)
    assert not second.texts and set(second.kept) == set(run.cache.sources)
    assert second.kept["content/people/ann.md"] is run.cache.sources["content/people/ann.md"]
    assert second.kept["content/meetings/2014-01-21-b/01-report.md"].sig[0] == 1


def test_markdown_is_rendered_once_per_file_and_kept_in_its_entry(tmp_path, monkeypatch):
    content = write_project(tmp_path, {})
    run = run_for(content)
    models = load.validate(load.read(discover(content, run.diags), run), run)
    out = load.markdown(publish(models, NOW), run)
    item = run.cache.sources["content/meetings/2014-01-21-b/01-report.md"]
    assert set(item.markdown.html) == {"item:2014-01-21-b/1:body", "decision:d-2014-01-21-b-1-1:text",
                                       "action:fix-roads:text"}
    assert [(r.target, r.owner, r.pos.line) for r in item.markdown.refs] == [("ann", "2014-01-21-b/1", 16)]
    assert item.body_refs() == {("ann", "")}
    rendered = []
    monkeypatch.setattr(load, "render_markdown", lambda content, diags, known: rendered.append(known) or out)
    load.markdown(publish(models, NOW), run)
    assert set(rendered[0]) == set(out.rendered)  # every file's markdown known: nothing to render
