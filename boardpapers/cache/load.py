"""Stages 2, 3 and 5 (read, validate, markdown) through the build cache: per content file, and over all cores.

Each file is read, validated and its markdown rendered on its own (none of the three has cross-document state),
so a file whose stat signature or content hash is unchanged gives back its cached model, diagnostics and
rendered markdown (`SourceEntry`), and only the other files go through the stages:
- read: bytes, front matter split, hashes (in forked workers on a first build); an unchanged file is not opened;
- validate: strict YAML and typed models, in forked workers when there are many files (core.forkpool), which
  inherit the texts and send back only the entries;
- markdown: the published documents of files without rendered markdown (markdown.render_markdown), kept in the
  entries for the next build.
"""

from __future__ import annotations

import gc
from collections.abc import Mapping
from dataclasses import dataclass, replace

from boardpapers.cache.incremental import SourceEntry
from boardpapers.cache.signatures import stat_sig
from boardpapers.content import translations
from boardpapers.content.discover import SourceFile, check_links
from boardpapers.content.models import Content, SiteConfig
from boardpapers.content.publish import Published, build_clock
from boardpapers.content.read import FileText, parse, read_text
from boardpapers.content.validate import validate as validate_documents
from boardpapers.content.verbs import check_decision_verbs
from boardpapers.core.diagnostics import Diagnostics, abort_if_errors
from boardpapers.core.forkpool import cores, ranges, spread
from boardpapers.graph.allerrors import report_the_rest
from boardpapers.markdown.convert import MarkdownOut, render_markdown
from boardpapers.render import i18n

PARALLEL_FILES = 300  # below this the pool costs more to start than it saves
BATCH_FILES = 150  # files per task: a few ms of pickling each, and the last task leaves a worker idle ~0.2 s
KINDS = ("boards", "people", "meetings", "items", "papers")


@dataclass(frozen=True)
class Read:
    sources: tuple[SourceFile, ...]  # every file discovered, in discover's order
    kept: Mapping[str, SourceEntry]  # files unchanged since the last build: their cache entries
    texts: tuple[tuple[tuple | None, FileText], ...]  # every other readable file: (stat signature, text)


def read(sources, run, workers: int = 0) -> Read:
    """Stage 2: the files that changed since the last build (by stat signature, then by content hash), read.
    Links out of layouts/ and assets/ are refused here, like content/'s (discover)."""
    opts = run.opts
    for folder in (opts.layouts_dir, opts.assets_dir):
        check_links(folder, opts.content_dir.resolve().parent, run.diags)
    kept: dict[str, SourceEntry] = {}
    todo = []  # (source, stat signature, the last build's entry)
    # The guard took every input file's signature a moment ago (run.signatures): not a second stat per file. A
    # file changed since then is seen as changed by the next build (the older signature is the one kept).
    known = run.signatures
    for source in sources:
        if source.kind in ("attachment", "translation"):  # translations: content.translations
            continue
        old = run.cache.sources.get(source.rel)
        sig = known.get(str(source.path))
        if sig is None:
            try:
                sig = stat_sig(source.path.stat())
            except OSError:
                sig = None
        if old is not None and sig is not None and old.sig == sig:
            kept[source.rel] = old
        else:
            todo.append((source, sig, old))
    texts = []
    workers = cores(workers) if len(todo) >= PARALLEL_FILES else 1  # a first build: decoding, hashing in parallel
    size = max(20, min(BATCH_FILES, len(todo) // (workers * 8)))
    for batch in spread(_read_range, todo, ranges(len(todo), size), workers):
        for n, text, problems in batch:
            source, sig, old = todo[n]
            run.diags.items.extend(problems)
            if text is None:
                continue  # unreadable: reported, never cached
            if old is not None and text.digest == old.digest and sig is not None:
                kept[source.rel] = replace(old, sig=sig)  # touched, not changed
            else:
                texts.append((sig, text))
    run.timed("read")
    return Read(tuple(sources), kept, tuple(texts))


def _read_range(todo, bounds: tuple[int, int]) -> list:
    out = []
    for n in range(*bounds):
        diags = Diagnostics()
        out.append((n, read_text(todo[n][0], diags), diags.items))
    return out


def validate(read: Read, run, workers: int = 0) -> Content:
    """Stage 3: the texts read -> typed models, every problem at its line, and the decision verbs checked against
    site.yaml's; raises BuildFailed on errors, after linking what did validate, so that its reference errors
    come in the same run (graph.allerrors). The cache's entries are this build's from here on (`run.before`
    keeps the last build's)."""
    # No garbage collection while files are validated: validating makes no reference cycles (tests/test_load.py),
    # and the models are all kept, so collections would only walk them again and again (~10% of the parent's
    # time, ~4% of the workers', who inherit the setting through fork).
    collecting = gc.isenabled()
    gc.disable()
    try:
        workers = cores(workers) if len(read.texts) >= PARALLEL_FILES else 1
        size = max(20, min(BATCH_FILES, len(read.texts) // (workers * 8)))  # workers stay busy to the end
        entries = dict(read.kept)
        for batch in spread(_validate_range, read.texts, ranges(len(read.texts), size), workers):
            entries.update(batch)
    finally:
        if collecting:
            gc.enable()
    run.before, run.cache.sources = run.cache.sources, entries
    content = assemble(read.sources, entries, run.diags)
    check_decision_verbs(content, run.diags)
    # Translations (`index.cy.md`) are read here, not per file: each is checked against its original's model.
    content = replace(content, translations=translations.load_translations(read.sources, content, run.diags))
    i18n.check_words(run.opts.layouts_dir, content.config, run.opts.content_dir.resolve().parent, run.diags)
    run.timed("validate")
    if run.diags.has_errors:
        report_the_rest(content, read.sources, entries, build_clock(content, run.opts.now), run.opts.drafts,
                        run.diags)
        abort_if_errors(run.diags)
    return content


def markdown(published: Published, run) -> MarkdownOut:
    """Stage 5 through the cache: files whose markdown an earlier build rendered are not rendered again, and what
    this one renders is kept in their entries."""
    entries = run.cache.sources
    known = {rel: entry.markdown for rel, entry in entries.items() if entry.markdown is not None}
    out = render_markdown(published.content, run.diags, known)
    for rel, done in out.rendered.items():
        # A new entry, never one changed in place: the cache store compares shards with what it loaded.
        entries[rel] = replace(entries[rel], markdown=done)
    run.timed("markdown")
    return out


def assemble(sources, entries: Mapping[str, SourceEntry], diags: Diagnostics) -> Content:
    """Content in discover's order, with every file's diagnostics (cached ones included: they are shown again)."""
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


def _validate_range(texts, bounds: tuple[int, int]) -> list:
    return [(text.source.rel, validate_one(text, sig)) for sig, text in texts[bounds[0]:bounds[1]]]


def validate_one(text: FileText, sig: tuple | None = None) -> SourceEntry:
    """One file's cache entry: its model (None when it had errors) and diagnostics."""
    diags = Diagnostics()
    doc = parse(text, diags)
    model = None
    if doc is not None:
        content = validate_documents((doc,), (), diags)
        model = content.config if text.source.kind == "config" else next(
            (group[0] for group in (getattr(content, kind) for kind in KINDS) if group), None)
    return SourceEntry(sig, text.digest, model, tuple(diags.items), text.front_digest)
