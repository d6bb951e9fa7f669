"""cache/guard.py, the first line of every build: nothing to do when no input file, no engine file, not site/
and not the clock changed, decided from the cache's head alone; anything else opens the cache for the stages
(dropping it, with a line saying why, when the engine or the options changed)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

from conftest import ROOT, write_project

from boardpapers.cache import guard
from boardpapers.cache.live import Live
from boardpapers.pipeline import Options, build

NOW = dt.datetime(2014, 2, 1, 9, 0)


def opts(tmp_path, **kw) -> Options:
    return Options(content_dir=tmp_path / "content", out_dir=tmp_path / "site", now=kw.pop("now", NOW),
                   search=False, **kw)


def test_nothing_changed_is_known_from_the_head_alone(tmp_path, monkeypatch):
    write_project(tmp_path, {})
    build(opts(tmp_path))
    monkeypatch.setattr(guard.incremental, "load", lambda *a: (_ for _ in ()).throw(AssertionError("loaded")))
    run = guard.open_build(opts(tmp_path))
    assert run.unchanged and run.unchanged_result().written.unchanged > 50


def test_a_build_with_nothing_to_do_imports_no_stage(tmp_path):
    """pipeline.build imports the stages after the guard: a no-change build never pays for Jinja, markdown-it,
    PyYAML or our stages' modules."""
    write_project(tmp_path, {})
    build(opts(tmp_path))
    script = (f"import sys; from pathlib import Path; from boardpapers.pipeline import Options, build; "
              f"r = build(Options(content_dir=Path({str(tmp_path / 'content')!r}), "
              f"out_dir=Path({str(tmp_path / 'site')!r}), "
              f"now={NOW!r}, search=False)); "
              f"print(r.written.unchanged, sorted(m for m in sys.modules if m.split('.')[0] in "
              f"('jinja2', 'markdown_it', 'yaml') or m.startswith(('boardpapers.render', 'boardpapers.markdown'))))")
    done = subprocess.run([sys.executable, "-c", "import datetime; " + script], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    count, modules = done.stdout.split(" ", 1)
    assert int(count) > 50 and modules.strip() == "[]", done.stdout


def test_any_change_opens_the_cache_for_the_stages(tmp_path):
    content = write_project(tmp_path, {})
    build(opts(tmp_path))
    person = content / "people/ann.md"
    os.utime(person, ns=(1, 1))  # touched: the stages find it unchanged by its hash
    run = guard.open_build(opts(tmp_path))
    assert not run.unchanged and run.cache.pages and run.keeps_cache
    build(opts(tmp_path))
    assert guard.open_build(opts(tmp_path)).unchanged
    assert not guard.open_build(opts(tmp_path, now=NOW + dt.timedelta(days=400))).unchanged  # the clock moved
    assert not guard.open_build(opts(tmp_path, drafts=True)).unchanged  # other options


def test_a_check_and_a_build_without_cache_keep_nothing(tmp_path):
    write_project(tmp_path, {})
    build(opts(tmp_path))
    checking = guard.open_build(opts(tmp_path, write=False))
    assert not checking.unchanged and not checking.keeps_cache and not checking.cache.pages
    clean = guard.open_build(opts(tmp_path, cache=False))
    assert not clean.unchanged and not clean.keeps_cache


def test_serves_first_build_runs_the_stages_to_hold_a_graph(tmp_path):
    write_project(tmp_path, {})
    build(opts(tmp_path))
    live = Live()
    run = guard.open_build(opts(tmp_path), live=live)
    assert not run.unchanged and run.held is not None and run.held.graph is None
