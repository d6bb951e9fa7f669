"""The first line of every build: open the build cache and decide whether there is anything to do at all.

`open_build` gives the build's `Run`: the options, the diagnostics every stage adds to, and the cache the stages
consult to skip work whose inputs are unchanged. When every input file (content, layouts, assets, the engine's
code) has the stat signature it had, site/ is the folder the last build wrote and the clock reads the same for
every page, `run.unchanged` is set and the build returns at once. Only the cache's small head file is read for
that, and none of the stages' modules is imported (pipeline.build imports them after this).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from boardpapers.cache import incremental
from boardpapers.cache.signatures import code_change, code_signature, input_signatures, site_stamp
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.options import BuildResult, Options
from boardpapers.write.sitewriter import journal_path
from boardpapers.write.staging import SiteFiles, WriteResult

if TYPE_CHECKING:
    from boardpapers.cache.live import Live


@dataclass
class Run:
    """What one build carries besides its stages' results."""

    opts: Options
    diags: Diagnostics = field(default_factory=Diagnostics)
    cache: incremental.BuildCache | None = None  # None: nothing changed (`unchanged`)
    keeps_cache: bool = False  # the cache outlives this build (saved in .cache/, or held by `serve`)
    signatures: dict = field(default_factory=dict)  # every input file's stat signature
    code: tuple = ()  # the engine's code signature
    meta: dict | None = None  # the cache head, when nothing changed
    live: Live | None = None  # what `serve` keeps between builds (cache.live)
    held: Live | None = None  # what it held when this build started (taken: a failed build forgets it)
    before: dict = field(default_factory=dict)  # the cache's source entries as the last build left them
    writer: object = None  # where pages go (cache.render.open_site)
    warnings_from: int = 0  # the diagnostics from here on are link's and route's (kept by `live`)
    started: list = field(default_factory=lambda: [time.perf_counter()])

    @property
    def unchanged(self) -> bool:
        return self.cache is None

    def unchanged_result(self) -> BuildResult:
        outputs = self.meta["outputs"]
        return BuildResult(outputs=SiteFiles(self.opts.out_dir, outputs), written=WriteResult((), (), len(outputs)))

    def mark_dirty(self) -> None:
        """Before the first change to site/ (incremental.mark_dirty); `check` changes nothing."""
        if self.opts.write:
            incremental.mark_dirty(self.opts)

    def mark_warnings(self) -> None:
        self.warnings_from = len(self.diags.items)

    def timed(self, label: str) -> None:
        """BOARDPAPERS_TIMING=1 prints how long each stage took (for profiling; silent otherwise)."""
        if os.environ.get("BOARDPAPERS_TIMING"):
            now = time.perf_counter()
            try:  # resident memory now, to see which stage holds it (Linux only)
                pages = int(Path("/proc/self/statm").read_text().split()[1])
                rss = f", rss {pages * os.sysconf('SC_PAGESIZE') >> 20} MB"
            except (OSError, ValueError, IndexError):
                rss = ""
            print(f"  {label:<12} {now - self.started[0]:6.2f} s{rss}", file=sys.stderr)
            self.started[0] = now


def open_build(opts: Options, cache: incremental.BuildCache | None = None, live: Live | None = None) -> Run:
    """`cache`: a BuildCache kept by the caller between builds (serve), else the one saved in .cache/ is used
    (unless opts.cache is False). `live`: the caller's cache.live.Live: the last build's graph, for body edits."""
    run = Run(opts, live=live)
    if opts.write:
        run.signatures, run.code = input_signatures(opts), code_signature()
    # A build killed between its first move into site/ and its cache save left the mark: the cache on disk
    # describes an older site/, and nothing it says about pages or files may be trusted (incremental.mark_dirty).
    dirty = cache is None and opts.write and incremental.is_dirty(opts)
    if cache is not None:
        meta = {name: getattr(cache, name) for name in incremental.META_FIELDS}
    else:
        meta = incremental.load_meta(opts) if opts.cache and opts.write and not dirty else None
    # serve's first build goes through the stages even with nothing to do, to hold a graph for later edits.
    fresh_live = live is not None and live.graph is None
    if (opts.write and meta and not fresh_live and _up_to_date(opts, meta, run.signatures, run.code)
            and not journal_path(opts.out_dir).exists() and not _overlay_to_fold(opts, meta)):
        run.meta = meta
        return run
    if cache is not None:
        state = cache
    elif opts.cache and opts.write:
        state = incremental.load(opts, meta)  # the head read above is not read again
    else:
        state = incremental.BuildCache(options=incremental.options_key(opts))
    if not opts.write or state.code != run.code or state.options != incremental.options_key(opts):
        if opts.write and state.code != run.code and (state.pages or state.sources):
            incremental.dropped(state.path or incremental.cache_path(opts), code_change(state.code, run.code))
        state.reset(opts, keep_sources=False)  # the engine changed: nothing it made before can be trusted
    elif dirty or state.site_stamp != site_stamp(opts.out_dir):
        state.reset(opts, keep_sources=True)  # site/ is not what we wrote: render every page again
    run.cache, run.keeps_cache = state, opts.write and (opts.cache or cache is not None)
    run.held = live.take() if live is not None else None
    return run


def _overlay_to_fold(opts: Options, meta: dict) -> bool:
    """serve left small edits indexed on top of the year parts (search.recent) that a publishing build may not
    keep (search.stale: an old copy shows removed text): it folds them in, even with nothing else to do."""
    # Imported here: search.parts pulls in the Pagefind runner, which a build with nothing to do never needs.
    from boardpapers.search.parts import bundle_dir
    from boardpapers.search.recent import RECENT, RECORD

    if not opts.search or opts.search_overlay or not (opts.out_dir / bundle_dir(RECENT)).is_dir():
        return False
    record = (meta.get("parts") or {}).get(RECORD)
    return not (isinstance(record, dict) and record.get("public") is True)


def _up_to_date(opts: Options, meta: dict, signatures: dict, code: tuple) -> bool:
    """Nothing to do: same options, engine, input files (by stat) and site/, and a clock that reads the same."""
    if not meta.get("outputs") or meta["code"] != code or meta["options"] != incremental.options_key(opts):
        return False
    if not meta.get("timezone"):
        return False
    from boardpapers.content.publish import now_in  # zoneinfo, only when there is a cache head to compare

    now = now_in(meta["timezone"], opts.now)
    clock = incremental.BuildCache(now=meta["now"], reads_now=meta["reads_now"], reads_today=meta["reads_today"],
                                   next_embargo=meta["next_embargo"])
    return (meta["inputs"] == signatures and bool(meta["site_stamp"])
            and meta["site_stamp"] == site_stamp(opts.out_dir)
            and not incremental.now_matters(clock, now, meta["timezone"]))
