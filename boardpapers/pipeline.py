"""The build, one stage a line: what `python build.py` (and `check`, `serve` and the tests) runs.

Each stage takes the result of the ones before it, a frozen dataclass named for what it holds, and adds its
diagnostics to `run.diags`; a stage that found errors raises BuildFailed, with every error found so far, before
anything is written. `run` also carries the build cache: a stage skips the work whose inputs are unchanged since
the last build (a file read, validated and rendered as markdown; a page rendered; a search part indexed), which
is how it runs, never a second way of building: with the cache off (`--no-cache`) the same stages give the same
bytes.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager

from boardpapers.cache.guard import open_build
from boardpapers.core import testpoints
from boardpapers.core.memory import give_back
from boardpapers.options import BuildResult, Options
from boardpapers.write.outdir import checked_out_dir, locked


def build(opts: Options, cache=None, live=None) -> BuildResult:
    """`cache`, `live`: a build cache and cache.live.Live that `serve` keeps between builds (cache.guard)."""
    if not opts.write:
        return _build(opts, cache, live)
    real = checked_out_dir(opts)  # refuses a folder a build may not replace, before anything is touched
    if os.path.islink(opts.out_dir):  # work beside the real folder, on its file system (see write.outdir)
        opts = dataclasses.replace(opts, out_dir=real)
    with locked(real):  # one build at a time in an output folder: a second one waits here
        return _build(opts, cache, live)


def _build(opts: Options, cache, live) -> BuildResult:
    with collector_paused():
        run = open_build(opts, cache, live)  # the cache guard: the last build's cache, or that nothing changed
        if run.unchanged:
            return run.unchanged_result()
        # Imported here, after the guard: a build with nothing to do never pays for importing Jinja, markdown-it,
        # PyYAML and the stages (about a third of its time).
        from boardpapers.cache.finish import finish
        from boardpapers.cache.live import link, route
        from boardpapers.cache.load import markdown, read, validate
        from boardpapers.cache.render import open_site, render
        from boardpapers.content.discover import discover
        from boardpapers.content.publish import publish
        from boardpapers.search.index import index

        sources = discover(opts.content_dir, run.diags)  # content/ -> source files, kind from folder
        texts = read(sources, run)  # Read: the changed files' text; the others' cache entries
        content = validate(texts, run)  # Content: frozen models, every problem at its line
        del texts  # every file's text, not needed once validated: held to the end, it was ~0.8 GB at 100k items
        give_back()  # ... and that memory returned to the system before the graph and the render workers need it
        published = publish(content, opts.now, opts.drafts)  # Published: drafts, embargoes, exempt parts out
        html = markdown(published, run)  # MarkdownOut: HTML and the [[references]] of every text
        linked = link(published, html, run)  # Linked: the graph, checked, with its global facts
        routed = route(linked, run)  # Routed: page jobs (output path, layout, view)
        with open_site(run) as site:  # a staging folder beside site/ (memory for `check`)
            rendered = render(routed, run, site)  # Rendered: the pages whose reads changed, into staging
            indexed = index(rendered, run, site)  # Indexed: Pagefind bundles of the parts that changed
            run.mark_dirty()  # until the cache is saved, the saved one does not describe site/ (incremental)
            written = site.commit(indexed.stale)  # WriteResult: staging swapped or moved into site/
            testpoints.reached("committed")
        return finish(written, indexed, run)  # BuildResult; the cache brought up to date and saved


@contextmanager
def collector_paused() -> Iterator[None]:
    """Loading the cache and building the graph make millions of small objects that live to the end of the
    build: Python's cyclic garbage collector would scan them over and over (unpickling the cache took five times
    as long with it on). It is off until rendering starts (cache.render), where the long-lived objects are
    frozen out of its sight, which also keeps the pages the render workers share after fork() unwritten."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()
