"""Stages 2-3 (read, validate) through the build cache, and in parallel where it pays.

Each file is read and validated on its own (`validate` has no cross-document state), so a file whose stat
signature or content hash is unchanged gives back its cached model and diagnostics, and the others are spread
over a process pool. The workers also render the file's markdown, so that its text crosses a process boundary
only once; the results land in the markdown cache, which the markdown stage then finds full.
"""

from __future__ import annotations

import gc
import hashlib
import os
from itertools import repeat

from boardpapers.cache.incremental import BuildCache, SourceEntry, stat_sig
from boardpapers.content.models import Content, SiteConfig
from boardpapers.content.read import read_one
from boardpapers.content.validate import validate
from boardpapers.core.diagnostics import Diagnostics
from boardpapers.markdown.convert import MarkdownCache, collect_jobs, render_packed

PARALLEL_FILES = 300  # below this the pool costs more to start than it saves
BATCH_FILES = 150  # files per task: a few ms of pickling each, and the last task leaves a worker idle ~0.2 s
KINDS = ("boards", "people", "meetings", "items", "papers")


def load_sources(sources, cache: BuildCache, diags: Diagnostics, workers: int = 0) -> Content:
    """-> Content, exactly as `validate(read_all(sources))` would give it, with the cache brought up to date."""
    if cache.markdown is None:
        cache.markdown = MarkdownCache()
    entries: dict[str, SourceEntry] = {}
    todo = []
    for source in sources:
        if source.kind in ("attachment", "translation"):  # translations: content.translations
            continue
        old = cache.sources.get(source.rel)
        if old is None:  # nothing to compare with: the worker takes the signature (a clean build: every file)
            todo.append(source)
            continue
        try:
            sig = stat_sig(source.path.stat())
        except OSError:
            sig = None
        if sig is not None and old.sig == sig:
            entries[source.rel] = old
            continue
        if sig is not None and _digest(source.path) == old.digest:
            entries[source.rel] = SourceEntry(sig, old.digest, old.model, old.diagnostics, old.front, old.refs)
            continue
        todo.append(source)
    # No garbage collection while files are read: reading, validating and rendering make no reference cycles
    # (tests/test_load.py), and the models are all kept, so collections would only walk them again and again
    # (~10% of the parent's time, ~4% of the workers', who inherit the setting through fork).
    collecting = gc.isenabled()
    gc.disable()
    try:
        for rel, entry, rendered in _run(todo, workers):
            cache.markdown.entries.update(rendered)
            if entry.sig is not None and entry.digest:
                entries[rel] = entry
            else:
                diags.items.extend(entry.diagnostics)  # unreadable: reported, never cached
    finally:
        if collecting:
            gc.enable()
    cache.sources = entries
    return assemble(sources, entries, diags)


def assemble(sources, entries: dict[str, SourceEntry], diags: Diagnostics) -> Content:
    config = SiteConfig(title="Board papers")
    groups: dict[str, list] = {kind: [] for kind in KINDS}
    for source in sources:
        entry = entries.get(source.rel)
        if entry is None:
            continue
        diags.items.extend(entry.diagnostics)
        if isinstance(entry.model, SiteConfig):
            config = entry.model
        elif entry.model:
            groups[_group(entry.model)].append(entry.model)
    attachments = tuple(s for s in sources if s.kind == "attachment")
    return Content(config, *(tuple(groups[kind]) for kind in KINDS), attachments)


def _group(model) -> str:
    return {"Board": "boards", "Person": "people", "Meeting": "meetings", "Item": "items",
            "Paper": "papers"}[type(model).__name__]


def _digest(path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _run(todo, workers: int):
    global _POOL_TODO
    workers = workers or (os.cpu_count() or 1)
    if len(todo) < PARALLEL_FILES or workers < 2:
        yield from _load_batch(todo)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(20, min(BATCH_FILES, len(todo) // (workers * 8)))  # small batches: workers stay busy to the end
    _POOL_TODO = todo  # before the pool forks its workers, who then need only be told where their batch starts
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            for done in pool.map(_load_range, range(0, len(todo), size), repeat(size)):
                yield from done
    finally:
        _POOL_TODO = []


_POOL_TODO: list = []  # the files a pool reads, inherited by its workers: sending SourceFiles would pickle paths


def _load_range(start: int, size: int) -> list:
    return list(_load_batch(_POOL_TODO[start:start + size]))


def _load_batch(batch):
    for source in batch:
        yield (source.rel, *load_one(source))


def load_one(source) -> tuple[SourceEntry, dict]:
    """Read and validate one file; -> (cache entry, {markdown digest: rendered}) for its markdown fields."""
    diags = Diagnostics()
    try:
        sig = stat_sig(source.path.stat())
    except OSError:
        sig = None
    doc = read_one(source, diags)
    if doc is None:
        return SourceEntry(sig, "", None, tuple(diags.items)), {}
    content = validate((doc,), (), diags)
    model = content.config if source.kind == "config" else next(
        (group[0] for group in (getattr(content, kind) for kind in KINDS) if group), None)
    rendered = {}
    if model is not None and not isinstance(model, SiteConfig):
        one = Content(content.config, **{kind: (model,) if _group(model) == kind else () for kind in KINDS})
        for job in collect_jobs(one):
            rendered[MarkdownCache.digest(job)] = render_packed(job.text, job.anchors)
    refs = tuple(sorted({(target, label) for _, links in rendered.values() for target, label, _ in links}, key=repr))
    return SourceEntry(sig, doc.digest, model, tuple(diags.items), doc.front_digest, refs), rendered
