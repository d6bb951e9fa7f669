"""The last line of every build: what it returns, and the build cache brought up to date and saved.

Only a build that succeeded gets here, so the cache always describes a site/ that was committed: what each page
read (pagecache.remember), what was written, the search parts, the input files' signatures and the clock.
"""

from __future__ import annotations

from boardpapers.cache.incremental import save
from boardpapers.cache.live import keep_on_disk
from boardpapers.cache.pagecache import remember
from boardpapers.cache.render import IMPLICIT
from boardpapers.cache.signatures import site_stamp
from boardpapers.core import testpoints
from boardpapers.core.diagnostics import SourcePos
from boardpapers.options import BuildResult
from boardpapers.search.index import Indexed
from boardpapers.write.memory import MemoryWriter
from boardpapers.write.staging import SiteFiles, WriteResult


def finish(written: WriteResult, indexed: Indexed, run) -> BuildResult:
    opts, cache, writer = run.opts, run.cache, run.writer
    rendered = indexed.rendered
    routed = rendered.routed
    linked = routed.linked
    record = {path: layouts for path, (_, _, layouts, _) in rendered.pages.items()}
    if isinstance(writer, MemoryWriter):  # `check`: nothing written, nothing kept
        return BuildResult(linked.graph, writer.files, None, run.diags, record)
    if run.keeps_cache:
        keep_on_disk(cache, routed, linked.held.warnings if linked.held is not None
                     else run.diags.items[run.warnings_from:], run.before)
        remember(cache, rendered.planner, routed.paths, rendered.views, rendered.pages, routed.reads, IMPLICIT,
                 rendered.keys)
    cache.outputs, cache.parts, cache.inputs, cache.code = writer.hashes, indexed.parts, run.signatures, run.code
    cache.now, cache.next_embargo = linked.published.now, linked.published.next_embargo
    cache.site_stamp = site_stamp(opts.out_dir)
    testpoints.reached("remembered")
    if opts.cache:
        try:
            save(cache)
        except OSError as exc:  # site/ is complete; the mark left by mark_dirty makes the next build a full one
            run.diags.warning(SourcePos(".cache"), "cache-not-saved", f"the build cache could not be saved "
                              f"({exc.strerror or exc}): site/ is complete, and the next build renders every page "
                              "again", "free some disk space, or make .cache writable")
    run.timed("save")
    if run.live is not None:
        warnings = linked.held.warnings if linked.held is not None else run.diags.items[run.warnings_from:]
        run.live.keep(routed, cache.sources, warnings)
    return BuildResult(linked.graph, SiteFiles(opts.out_dir, writer.hashes), written, run.diags, record)
