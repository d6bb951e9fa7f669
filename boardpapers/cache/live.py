"""Stages 6 and 7 (link, route) through the build cache, and `serve`'s shortcut for the commonest edit.

link: every reference resolved (graph.link), the checks across documents (graph.checks), the text of the PDF
attachments (cache.attachmenttext), then the global facts (graph.facts); route: the page jobs, routed through a
recording graph to learn what routing read (whether the pages depend on the clock, or on markdown).

The shortcut: when only bodies changed (`pagecache.body_edits`: the same files, front matter and [[references]]),
linking and routing again would only arrive at the graph and jobs the last build had, but for `graph.html`
(models stand for their front matter, and ids, backlinks, routes and global facts derive from front matter and
references alone). `serve` keeps them in memory between builds (`Live`), so such a rebuild takes them with this
build's markdown and goes on to plan and render as usual. A CLI build has no earlier graph in memory: it reads
them from the cache's live shard (`load_held`; saved by `keep_on_disk`, its models references into the sources
shards), only when the edit is one of bodies alone; tests/test_incremental.py compares both with clean builds.

The shortcut is refused (full path) unless the last build in this process succeeded and left the cache's source
entries exactly as this build found them (same objects: a failed or interrupted build in between forgets it),
routing read no markdown and not the part of the clock that moved (the date, or the time), and the publishing
rules cannot have changed (`body_edits` is only asked when the clock does not matter).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from boardpapers.cache import deps, heldgraph, heldjobs
from boardpapers.cache import store as cachestore
from boardpapers.cache.attachmenttext import attachment_texts, attachments_changed
from boardpapers.cache.incremental import CACHE_DIR, now_matters
from boardpapers.cache.pagecache import body_edits
from boardpapers.content import translations
from boardpapers.content.publish import Published
from boardpapers.core.diagnostics import abort_if_errors
from boardpapers.graph.checks import check_graph
from boardpapers.graph.facts import with_facts
from boardpapers.graph.link import Graph
from boardpapers.graph.link import link as link_graph
from boardpapers.graph.translations import join as join_translations
from boardpapers.markdown.convert import MarkdownOut
from boardpapers.pages.job import PageJob
from boardpapers.pages.route import route as route_pages
from boardpapers.render.reads import Reads
from boardpapers.render.recording import RecordingGraph


@dataclass(frozen=True)
class Linked:
    graph: Graph  # with its global facts
    published: Published  # what it was linked from
    tokens: dict  # deps.model_tokens of the graph's models (what a model fingerprints as); {} without a cache
    bodies: frozenset | None  # markdown keys of the only texts changed since the last build; None: more changed
    held: Live | None = None  # the last build's graph and jobs, when this build reuses them


@dataclass(frozen=True)
class Routed:
    linked: Linked
    jobs: Sequence[PageJob]  # in output path order (a body edit's: cache.heldjobs, unpickled as they are used)
    reads: frozenset  # the keys routing read of the graph (cache.deps): the clock? markdown?

    @property
    def paths(self) -> tuple[str, ...]:
        """Every job's output path, in order, without unpickling held jobs."""
        held = getattr(self.jobs, "paths", None)
        return held if held is not None else tuple(job.path for job in self.jobs)

    @property
    def layouts(self) -> tuple[str, ...]:
        held = getattr(self.jobs, "layouts", None)
        return held if held is not None else tuple(job.layout for job in self.jobs)


@dataclasses.dataclass
class Live:
    """What `serve` keeps of its last good build."""

    graph: Graph | None = None
    jobs: tuple = ()  # its page jobs (route)
    route_keys: frozenset = frozenset()  # what routing read of the graph
    tokens: dict = dataclasses.field(default_factory=dict)  # deps.model_tokens of the graph's models
    sources: dict = dataclasses.field(default_factory=dict)  # the cache's source entries after that build
    warnings: tuple = ()  # the diagnostics link and route gave (shown again)

    def take(self) -> Live:
        """-> what is held, forgetting it here: only a build that succeeds holds a graph again."""
        held = dataclasses.replace(self)
        self.__init__()
        return held

    def keep(self, routed: Routed, sources: dict, warnings) -> None:
        linked = routed.linked
        self.graph, self.jobs, self.route_keys, self.tokens = linked.graph, routed.jobs, routed.reads, linked.tokens
        self.sources, self.warnings = sources, tuple(warnings)

    def reusable(self, before: dict, now_sources: dict, bodies: frozenset | None, now) -> bool:
        """Whether this build may take the held graph and jobs. `before`: the source entries as this build
        found them, `now_sources` as it left them after reading."""
        graph = self.graph
        if graph is None or not bodies or len(before) != len(self.sources):
            return False
        if any(before.get(rel) is not entry for rel, entry in self.sources.items()):
            return False
        if any(key[:2] == ("g", "html") for key in self.route_keys):
            return False
        clock_now, clock_today = deps.clock_reads(self.route_keys)
        if (clock_now and now != graph.now) or (clock_today and now.date() != graph.now.date()):
            return False  # routes that follow the clock (next meetings, overdue actions) may differ
        changed = [entry.model for rel, entry in now_sources.items()
                   if before[rel] is not entry and before[rel].digest != entry.digest and entry.model is not None]
        return all(f"{type(model).__name__.lower()}:{model.id}:body" in bodies for model in changed)


def link(published: Published, markdown: MarkdownOut, run) -> Linked:
    """Stage 6: the graph, checked, with its global facts; raises BuildFailed on errors."""
    cache, now, attachments = run.cache, published.now, published.content.attachments
    bodies = None
    if run.keeps_cache and cache.pages and not now_matters(cache, now, published.content.config.timezone):
        bodies = body_edits(run.before, cache.sources)
        if bodies is not None and attachments_changed(attachments, run.signatures, cache.inputs):
            bodies = None  # a PDF's text may have changed: not an edit of report text alone
        if bodies is not None and translations.changed(run.signatures, cache.inputs):
            bodies = None  # a translation is read outside the per-file cache (content.translations)
    held = run.held
    if held is None and bodies and cache.live_file:
        held = load_held(run)
    cache.live_ahead = None  # the live shard's bytes, if read ahead: unpickled, or not needed
    if held is not None and held.reusable(run.before, cache.sources, bodies, now):
        run.diags.items.extend(held.warnings)
        run.timed("link (kept)")
        graph = heldgraph.replaced(held.graph, html=markdown.html, now=now)
        return Linked(graph, published, held.tokens, bodies, held)
    run.mark_warnings()
    graph = link_graph(published, markdown, now, run.diags)
    shown = translations.published_translations(published.content.translations, published.content, run.opts.drafts)
    graph = join_translations(graph, shown, run.diags)
    check_graph(graph, run.diags)
    abort_if_errors(run.diags)
    folder = run.opts.content_dir.resolve().parent / CACHE_DIR if run.opts.cache else None  # the PDF text cache
    texts = attachment_texts(graph, attachments, folder, run.diags, write=run.opts.write)
    graph = with_facts(dataclasses.replace(graph, attachment_texts=texts))
    tokens = {}
    if run.keeps_cache:
        digests = {rel: entry.front or entry.digest for rel, entry in cache.sources.items()}
        tokens = deps.model_tokens(published.content, digests)
    run.timed("link")
    return Linked(graph, published, tokens, bodies)


def load_held(run) -> Live | None:
    """The graph, jobs and route keys the cache's live shard holds (see `keep_on_disk`), with its models those
    of the sources the same head named (`run.before`); None, with a line on stderr, when it cannot be read (this
    build then links and routes again, and saves a new one)."""
    cache = run.cache
    path = cachestore.shard_folder(cache.path) / cache.live_file
    try:
        packed, jobs, route_keys, tokens, warnings = cachestore.load_live(path, cache.live_file, run.before,
                                                                          cache.live_ahead)
        graph = packed.unpack(run.before)
    except (OSError, cachestore.Unreadable, ValueError, AttributeError) as exc:
        print(f"build cache {path.name} not used: {exc}; linking again", file=sys.stderr)
        cache.live_state = None
        return None
    cache.live_state = cachestore.KEEP
    return Live(graph, jobs.bind(graph, run.before), route_keys, tokens, run.before, warnings)


FIRST_BUILD_JOBS = 150_000  # page jobs (30k items: ~140,000): above, a first build saves no live shard


def keep_on_disk(cache, routed: Routed, warnings, before) -> None:
    """What the cache's live shard will hold (store.write): this build's graph without its HTML (kept per file in
    the sources shards), its page jobs, what routing read, the model tokens and link's and route's warnings. A
    build that took them from the shard (or from serve) keeps the shard as it is. `before`: the last build's
    sources entries (`run.before`), empty for a first build."""
    linked = routed.linked
    if linked.held is not None:
        cache.live_state = cachestore.KEEP
        return
    if not before and len(routed.jobs) > FIRST_BUILD_JOBS:
        # A large first build (nothing cached before) saves none: pickling the whole graph and every page job at
        # once is its peak of memory (the pickler remembers each object: ~0.4 GB at 100k items, on top of all the
        # build holds). The next build links and routes as it did before there was a shard, and saves one, which
        # every later body edit takes. A smaller site's first edit takes the shard (10k items: 46,000 jobs, the
        # shard ~150 MB of the build process's memory, 2.5 s of its time; the edit 2 s faster).
        cache.live_state = None
        return
    graph = dataclasses.replace(linked.graph, html={})
    jobs = heldjobs.pack(routed.jobs, graph, cache.sources)
    cache.live_state = (heldgraph.pack(graph, cache.sources), jobs, routed.reads, linked.tokens, tuple(warnings))


def route(linked: Linked, run) -> Routed:
    """Stage 7: the page jobs; raises BuildFailed on errors (two pages claiming one URL)."""
    if linked.held is not None:
        return Routed(linked, linked.held.jobs, linked.held.route_keys)
    reads = Reads()
    reads.begin_page()
    try:
        jobs = route_pages(RecordingGraph(linked.graph, reads), run.diags)
    except (TypeError, AttributeError):  # a page family that needs the real Graph type: assume it reads all
        reads.end_page()
        reads.begin_page()
        reads.add(("g", "now"))
        reads.add(("g", "html"))
        jobs = route_pages(linked.graph, run.diags)
    keys = reads.end_page()
    abort_if_errors(run.diags)
    run.timed("route")
    return Routed(linked, jobs, keys)
