"""The stages of a build that has work to do, one a line; `pipeline.build` decides whether there is any.

discover -> read+validate (cached per file) -> publish -> markdown (cached per text) -> link -> check -> route
-> render (only pages whose recorded inputs changed) -> write (only changed bytes) -> index (changed parts)
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import os
import pickle
from pathlib import Path

from boardpapers.cache import incremental
from boardpapers.cache.attachmenttext import attachment_texts, attachments_changed
from boardpapers.cache.deps import Fingerprinter, model_tokens
from boardpapers.cache.livebuild import Live
from boardpapers.cache.load import load_sources
from boardpapers.cache.pagecache import NOW_NAMES, Planner, body_edits, remember
from boardpapers.cache.renderpool import render_jobs
from boardpapers.content import translations
from boardpapers.content.discover import check_links, discover
from boardpapers.content.publish import apply_publishing, now_in
from boardpapers.content.verbs import check_decision_verbs
from boardpapers.core import testpoints
from boardpapers.core.diagnostics import Diagnostics, SourcePos, abort_if_errors
from boardpapers.graph.allerrors import report_the_rest
from boardpapers.graph.checks import check_graph
from boardpapers.graph.link import link
from boardpapers.graph.translations import join as join_translations
from boardpapers.markdown.convert import render_markdown
from boardpapers.options import BuildResult
from boardpapers.outputs.assets import collect_assets, collect_attachments
from boardpapers.pages.route import route
from boardpapers.render import i18n
from boardpapers.render.jinja import make_env, render_pages
from boardpapers.render.recording import Recorder, RecordingGraph, recording_site
from boardpapers.search import recent as searchrecent
from boardpapers.search.parts import (
    MANIFEST,
    SPLIT_AT,
    bundle_present,
    index_parts,
    manifest,
    plan_parts,
)
from boardpapers.write.outdir import MARKER, MARKER_TEXT
from boardpapers.write.sitewriter import SiteWriter, roll_forward
from boardpapers.write.staging import SiteFiles, clean_leftovers

# Read by every page through `config`, `site.asset` and `site.search_split` (the search page's parts.json).
IMPLICIT = (("g", "config"), ("global", "assets"), ("global", "search"))


def run_stages(opts, state: incremental.BuildCache, signatures: dict, code: tuple, clock: list,
               live: Live | None = None) -> BuildResult:
    """`live`: what `serve` keeps of its last good build (livebuild); it is forgotten unless this one succeeds."""
    held = live.take() if live is not None else None
    diags = Diagnostics()
    sources = discover(opts.content_dir, diags)
    for folder in (opts.layouts_dir, opts.assets_dir):  # links out of them are refused like content/'s
        check_links(folder, opts.content_dir.resolve().parent, diags)
    before = dict(state.sources)
    content = load_sources(sources, state, diags)
    check_decision_verbs(content, diags)
    content = dataclasses.replace(content, translations=translations.load_translations(sources, content, diags))
    i18n.check_words(opts.layouts_dir, content.config, opts.content_dir.resolve().parent, diags)
    incremental.timed("read", clock)
    try:
        now = now_in(content.config.timezone, opts.now)
    except (ValueError, KeyError):  # an unknown time zone, reported by validate: only errors are left to find
        now = now_in("UTC", opts.now)
    if diags.has_errors:  # link what did validate too: its reference errors are reported in this run (allerrors)
        report_the_rest(content, sources, state.sources, now, opts.drafts, state.markdown, diags)
        abort_if_errors(diags)
    bodies = None
    if opts.write and state.pages and not incremental.now_matters(state, now, content.config.timezone):
        bodies = body_edits(before, state.sources)
        if bodies is not None and attachments_changed(content.attachments, signatures, state.inputs):
            bodies = None  # a PDF's text may have changed: not an edit of report text alone
        if bodies is not None and translations.changed(signatures, state.inputs):
            bodies = None  # a translation is read outside the per-file cache (content.translations)
    graph, jobs, route_reads, tokens, warnings = _graph_and_jobs(opts, state, content, before, bodies, now, held,
                                                                 diags, clock)
    site = recording_site(graph, Recorder())
    site.assets, assets = collect_assets(opts.assets_dir)
    assets[MARKER] = MARKER_TEXT  # says that this folder is ours to replace (outdir)
    assets.update(collect_attachments(graph, content.attachments, diags))
    env = make_env(opts.layouts_dir)
    record: dict = {}
    if not opts.write:  # `check`, and tests: everything rendered, in memory, nothing cached
        gc.freeze()
        gc.enable()
        project = opts.content_dir.resolve().parent
        assets.update(render_pages(jobs, site, env, opts.layouts_dir, project, diags, record))
        abort_if_errors(diags)
        return BuildResult(graph, assets, None, diags, record)

    writer, written, parts = _write(opts, state, site, env, jobs, assets, record, Fingerprinter(tokens),
                                    bodies, route_reads, before, diags, clock)
    state.reads_now = state.reads_now or ("g", "now") in route_reads.keys
    state.reads_today = state.reads_today or ("g", "today") in route_reads.keys
    state.outputs, state.parts, state.inputs, state.code = writer.hashes, parts, signatures, code
    state.now, state.next_embargo = now, incremental.next_embargo(content, now)
    state.site_stamp = incremental.site_stamp(opts.out_dir)
    testpoints.reached("remembered")
    if opts.cache:
        try:
            incremental.save(state)
        except OSError as exc:  # site/ is complete; the mark left by mark_dirty makes the next build a full one
            diags.warning(SourcePos(".cache"), "cache-not-saved", f"the build cache could not be saved "
                          f"({exc.strerror or exc}): site/ is complete, and the next build renders every page again",
                          "free some disk space, or make .cache writable")
    incremental.timed("save", clock)
    if live is not None:
        live.keep(graph, jobs, route_reads.keys, tokens, state.sources, warnings)
    return BuildResult(graph, SiteFiles(opts.out_dir, writer.hashes), written, diags, record)


def _graph_and_jobs(opts, state, content, before: dict, bodies, now, held, diags: Diagnostics, clock: list):
    """Stages 3 to 7 (publishing, markdown, link, checks, route) -> (graph, jobs, the reads routing made, the
    models' fingerprint tokens, the warnings they gave). Under `serve`, a body edit reuses the last good build's
    graph and jobs with the new bodies' HTML (`held`: livebuild.Live's)."""
    reused = held.reuse(before, state.sources, bodies, now, state.markdown) if held is not None else None
    route_reads = Recorder()
    if reused is not None:
        graph, jobs, route_reads.keys, tokens = reused
        diags.items.extend(held.warnings)
        incremental.timed("markdown+link (kept)", clock)
        return graph, jobs, route_reads, tokens, held.warnings
    first = len(diags.items)
    published = apply_publishing(content, now, opts.drafts)
    markdown = render_markdown(published.content, diags, state.markdown)
    incremental.timed("markdown", clock)
    graph = link(published, markdown, now, diags)
    shown = translations.published_translations(content.translations, published.content, opts.drafts)
    graph = join_translations(graph, shown, diags)
    check_graph(graph, diags)
    abort_if_errors(diags)
    texts = attachment_texts(graph, content.attachments, _text_cache(opts), diags, write=opts.write)
    graph = dataclasses.replace(graph, attachment_texts=texts)
    incremental.timed(f"pdf text {len(texts)}", clock)
    jobs = _route(graph, route_reads, diags)
    abort_if_errors(diags)
    digests = {entry_rel: entry.front or entry.digest for entry_rel, entry in state.sources.items()}
    tokens = model_tokens(published.content, digests) if opts.write else {}
    incremental.timed("link+route", clock)
    return graph, jobs, route_reads, tokens, diags.items[first:]


def _write(opts, state, site, env, jobs, assets: dict, record: dict, fp: Fingerprinter, bodies,
           route_reads: Recorder, before: dict, diags: Diagnostics, clock: list):
    """Stages 8 to 10 through the cache: plan, render what changed, index, commit site/ (or nothing, and raise,
    on an error), then bring the cache's records up to date (`remember`) -> (the writer, written, search parts).
    The planner, render results and key index end with this call: they are not held while the cache is saved."""
    inputs = _inputs(opts.layouts_dir, site, state, facts=bodies is None)
    site.search_split = inputs[("global", "search")] = _search_split(opts, jobs)
    planner = Planner(state, site.raw_graph, inputs, fp, bodies)
    todo, views = planner.plan(jobs, views_fixed=not any(key[:2] == ("g", "html") for key in route_reads.keys))
    incremental.timed(f"plan {len(todo)}", clock)
    gc.freeze()  # the cache, models and graph: long-lived, never garbage (see pipeline.build)
    gc.enable()
    roll_forward(opts.out_dir)  # a commit killed halfway is completed before its staging folder is cleaned away
    clean_leftovers(opts.out_dir)
    writer = SiteWriter(opts.out_dir, dict(state.outputs) if state.outputs else None, in_place=opts.in_place)
    try:
        for path, data in assets.items():
            writer.add(path, data)
        rendering = {job.path for job in todo}
        for job in jobs:
            if job.path not in rendering:  # unchanged inputs: the bytes in site/ stand
                writer.note(job.path, state.pages[job.path].hash, False)
        keys = incremental.KeyIndex(state.key_table)
        project = opts.content_dir.resolve().parent
        info = render_jobs(todo, site, env, (opts.layouts_dir, project), diags, record, writer, keys,
                           planner=planner)
        abort_if_errors(diags)
        incremental.timed("render", clock)
        parts = _index(opts, state, jobs, info, writer, fp, diags, before, site.search_split) if opts.search else {}
        abort_if_errors(diags)
        incremental.mark_dirty(opts)  # from here until the cache is saved, the saved one does not describe site/
        written = writer.commit(_stale_bundles(state, parts))
        testpoints.reached("committed")
        incremental.timed("index+write", clock)
    except BaseException:
        writer.abort()
        raise
    for name, value in site.fact_values.items():
        inputs[("fact", name)] = value
    planner.memo = {key: found for key, found in planner.memo.items() if key[0] != "f"}
    remember(state, planner, jobs, views, info, site, IMPLICIT, keys)
    return writer, written, parts


def _text_cache(opts):
    """The folder that holds the PDF text cache (.cache/ beside content/), unless the build is a clean one."""
    return opts.content_dir.resolve().parent / incremental.CACHE_DIR if opts.cache else None


def _route(graph, reads: Recorder, diags: Diagnostics):
    """Route through a recording graph, to learn whether the pages depend on the clock (e.g. 'next meetings')."""
    reads.keys = set()
    try:
        return route(RecordingGraph(graph, reads), diags)
    except (TypeError, AttributeError):  # a page family that needs the real Graph type: assume it reads all
        reads.keys.update({("g", "now"), ("g", "html")})
        return route(graph, diags)


def _inputs(layouts_dir: Path, site, state: incremental.BuildCache, facts: bool = True) -> dict:
    """What pages read besides the graph: layout sources, global facts, the asset names. `facts` False: the
    global facts are not recomputed (a body edit cannot change them: pagecache.body_edits)."""
    inputs: dict = {("global", "assets"): site.assets}
    for path in sorted(Path(layouts_dir).rglob("*")):
        if path.is_file():
            name = path.relative_to(layouts_dir).as_posix()
            source = path.read_bytes()
            inputs[("layout", name)] = hashlib.blake2b(source, digest_size=16).hexdigest()
            inputs[("now-layout", name)] = any(word.encode() in source for word in NOW_NAMES)
    for name, blob in state.facts.items() if facts else ():
        try:
            compute = pickle.loads(blob) if blob else None
        except (pickle.UnpicklingError, AttributeError, ImportError, EOFError):
            compute = None
        if compute is not None:
            site.fact_values[name] = site.compute_fact(name, compute)
            inputs[("fact", name)] = site.fact_values[name]
        else:  # not recomputable here (a lambda): every page that read it is rendered again
            inputs[("fact", name)] = "\0unknown " + os.urandom(8).hex()
    return inputs


def _search_split(opts, jobs) -> bool | None:
    """One search index, or one per year (searchparts): decided before rendering, because the search page says
    which (it asks for pagefind/parts.json only when there is one). None: no search index. By default the count
    of pages whose layout marks a data-pagefind-body stands for the count of indexed pages."""
    if not opts.search:
        return None
    if opts.search_parts is not None:
        return opts.search_parts
    marked = {}
    for job in jobs:
        if job.layout and job.layout not in marked:
            path = Path(opts.layouts_dir) / job.layout
            marked[job.layout] = path.is_file() and b"data-pagefind-body" in path.read_bytes()
    return sum(1 for job in jobs if marked.get(job.layout)) > SPLIT_AT


def _index(opts, state, jobs, info: dict, writer: SiteWriter, fp, diags, before: dict, split: bool) -> dict:
    """Re-index the search parts whose pages changed, or only the changed pages on top of them (searchrecent);
    -> {part: fingerprint of its pages} (and the overlay's record)."""
    pages = {}
    for job in jobs:
        done = info.get(job.path)
        if done is not None:
            pages[job.path] = (done[0], done[1])
        elif job.path in state.pages:
            entry = state.pages[job.path]
            pages[job.path] = (entry.hash, entry.part)
    if state.parts and ("" in state.parts) == split:
        # One index became parts or the other way round: the bundles nest in each other (pagefind/ and
        # pagefind/<year>/), so everything is indexed again and the new tree swapped in whole.
        state.parts, writer.in_place = {}, False
    record = searchrecent.plan(state, pages, opts.out_dir, before) if split and state.parts else None
    # few pages changed: index them alone, on top of the year parts (searchrecent), unless the build publishes
    # and a stale copy in a year bundle would show text its page no longer has (pipeline.Options.search_overlay)
    done = record and searchrecent.index(record, searchrecent.year_parts(state.parts), pages, writer, fp, diags,
                                         publishing=not opts.search_overlay)
    if done:
        parts, doc = done
        writer.add(MANIFEST, doc)
        return parts
    planned = plan_parts(pages, split, opts.search_part_pages)
    members = {name: part.paths for name, part in planned.items()}
    if split:
        writer.add(MANIFEST, manifest(planned, opts.search_part_pages))
    parts = {part: fp(tuple((path, pages[path][0]) for path in paths)) for part, paths in members.items()}
    dirty = [part for part, found in parts.items()
             if state.parts.get(part) != found or not bundle_present(opts.out_dir, part)]
    index_parts(members, dirty, writer, diags)
    return parts


def _stale_bundles(state, parts: dict) -> tuple[str, ...]:
    from boardpapers.search.parts import bundle_dir

    return tuple(bundle_dir(part) for part in state.parts if part not in parts and part != searchrecent.RECORD)
