"""The build, one stage a line (see the package docstring); `build()` is what the CLI and the server call.

Every build runs every stage over the whole site; the build cache (`incremental`) only lets a stage skip work
whose inputs are unchanged. Stage modules are imported inside `build`, after the no-change check, so that a
build with nothing to do never pays for importing Jinja, markdown-it and PyYAML.
"""

from __future__ import annotations

import gc
import time

from boardpapers.cache import incremental
from boardpapers.options import BuildResult, Options
from boardpapers.write.staging import SiteFiles


def build(opts: Options, cache=None, live=None) -> BuildResult:
    """`cache`: a BuildCache kept by the caller between builds (serve), else the one saved in .cache/ is used
    (unless opts.cache is False); a markdown.MarkdownCache is accepted too (markdown only, kept in memory).
    `live`: a livebuild.Live kept by the caller with such a cache: the last build's graph, for body edits."""
    # Loading the cache and building the graph make millions of small objects that live to the end of the
    # build: Python's cyclic collector would scan them over and over (unpickling the cache took five times as
    # long with it on). It is off until rendering starts (build_stages), where the long-lived objects are frozen
    # out of its sight, which also keeps the pages the render workers share after fork() unwritten.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build(opts, cache, live)
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def _build(opts: Options, cache, live=None) -> BuildResult:
    started = [time.perf_counter()]
    signatures = incremental.input_signatures(opts) if opts.write else {}
    code = incremental.code_signature() if opts.write else ()
    if isinstance(cache, incremental.BuildCache):
        meta = {name: getattr(cache, name) for name in incremental.META_FIELDS}
    else:
        meta = incremental.load_meta(opts) if cache is None and opts.cache and opts.write else None
    # serve's first build goes through the stages even with nothing to do, to hold a graph for later edits.
    fresh_live = live is not None and live.graph is None
    if (opts.write and meta and not fresh_live and _up_to_date(opts, meta, signatures, code)
            and not _journal_left(opts) and not _overlay_to_fold(opts, meta)):
        from boardpapers.write.staging import WriteResult

        return BuildResult(outputs=SiteFiles(opts.out_dir, meta["outputs"]),
                           written=WriteResult((), (), len(meta["outputs"])))
    state = _open_cache(opts, cache, meta)
    if not opts.write or state.code != code or state.options != incremental.options_key(opts):
        if opts.write and state.code != code and (state.pages or state.sources):
            incremental.dropped(state.path or incremental.cache_path(opts), incremental.code_change(state.code, code))
        state.reset(opts, keep_sources=False)  # the engine changed: nothing it made before can be trusted
    elif state.site_stamp != incremental.site_stamp(opts.out_dir):
        state.reset(opts, keep_sources=True)  # site/ is not what we wrote: render every page again
    from boardpapers.stages import run_stages

    return run_stages(opts, state, signatures, code, started, live)


def _journal_left(opts: Options) -> bool:
    """A commit killed halfway (sitewriter): the next build must complete it, even with nothing else to do."""
    from boardpapers.write.sitewriter import journal_path

    return journal_path(opts.out_dir).exists()


def _overlay_to_fold(opts: Options, meta: dict) -> bool:
    """serve left small edits indexed on top of the year parts (searchrecent) that a publishing build may not
    keep (searchstale: an old copy shows removed text): it folds them in, even with nothing else to do."""
    from boardpapers.search.parts import bundle_dir
    from boardpapers.search.recent import RECENT, RECORD

    if not opts.search or opts.search_overlay or not (opts.out_dir / bundle_dir(RECENT)).is_dir():
        return False
    record = (meta.get("parts") or {}).get(RECORD)
    return not (isinstance(record, dict) and record.get("public") is True)


def _open_cache(opts: Options, cache, meta: dict | None = None):
    if isinstance(cache, incremental.BuildCache):
        return cache
    if cache is not None:  # a MarkdownCache: keep its entries, nothing on disk
        state = incremental.BuildCache(options=incremental.options_key(opts), markdown=cache)
        state.keep_markdown = True
        return state
    if opts.cache and opts.write:
        return incremental.load(opts, meta)  # the head read above is not read again
    return incremental.BuildCache(options=incremental.options_key(opts))


def _up_to_date(opts: Options, meta: dict, signatures: dict, code: tuple) -> bool:
    """Nothing to do: same options, engine, input files (by stat) and site/, and a clock that reads the same."""
    if not meta.get("outputs") or meta["code"] != code or meta["options"] != incremental.options_key(opts):
        return False
    if opts.now is not None:
        now = opts.now
    elif meta.get("timezone"):
        from boardpapers.content.publish import now_in

        now = now_in(meta["timezone"])
    else:
        return False
    clock = incremental.BuildCache(now=meta["now"], reads_now=meta["reads_now"], reads_today=meta["reads_today"],
                                   next_embargo=meta["next_embargo"])
    return (meta["inputs"] == signatures and bool(meta["site_stamp"])
            and meta["site_stamp"] == incremental.site_stamp(opts.out_dir) and not incremental.now_matters(clock, now))
