"""Stage 8, render, through the build cache: into the writer `open_site` gives, the pages whose recorded reads
changed since the last build (pagecache.Planner; every page when no cache is kept), rendered over all cores
when there are many (renderpool), then the assets and the items' attachments.

Every build renders through here, `check` and tests included: a build that writes nothing gets a writer that
keeps the files in memory (write.memory), one that writes a staging folder beside site/ (write.sitewriter).
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import shutil
import sys
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import jinja2

from boardpapers.cache.deps import Fingerprinter
from boardpapers.cache.incremental import KeyIndex
from boardpapers.cache.live import Routed
from boardpapers.cache.pagecache import NOW_NAMES, Planner
from boardpapers.cache.renderpool import render_jobs
from boardpapers.cache.tags import TAG_SIZE, mac
from boardpapers.core.diagnostics import abort_if_errors
from boardpapers.core.fastpaths import plain
from boardpapers.outputs.assets import collect_assets, collect_attachments
from boardpapers.render.jinja import make_env
from boardpapers.render.reads import Reads
from boardpapers.render.siteview import SiteView
from boardpapers.search.parts import SPLIT_AT
from boardpapers.write.memory import MemoryWriter
from boardpapers.write.outdir import MARKER, MARKER_TEXT
from boardpapers.write.sitewriter import SiteWriter, roll_forward
from boardpapers.write.staging import clean_leftovers

FEW_PAGES = 50  # pages to render, at most, for which the key index starts with what they read (KeyIndex)

# Read by every page through `config` and `site.search_split` (the search page's parts.json). Assets are read one
# by one (`site.asset` records ("asset", name)).
IMPLICIT = (("g", "config"), ("global", "search"))


@dataclass(frozen=True)
class Rendered:
    routed: Routed
    pages: dict  # path -> (hash, search part, layouts, numbers in `keys` of what it read), of the pages rendered
    fp: Fingerprinter  # hashes values as the cache does (search parts are fingerprinted with it too)
    keys: KeyIndex | None  # numbers of the keys pages read (None: no cache is kept, nothing is numbered)
    search_split: bool | None  # the search index in parts (True), one (False) or none (None): `search_split`
    planner: Planner | None  # None: no cache is kept, every page was rendered
    views: dict  # path -> (view fingerprint, declared ids' fingerprint) of each page rendered (the planner's)


@contextmanager
def open_site(run) -> Iterator:
    """Where this build's files go: a staging folder beside site/, whose files move in only when the writer
    commits (and which is removed if anything fails before), or memory for a build that writes nothing."""
    opts = run.opts
    if not opts.write:
        run.writer = MemoryWriter()
        yield run.writer
        return
    roll_forward(opts.out_dir)  # a commit killed halfway is completed before its staging folder is cleaned away
    clean_leftovers(opts.out_dir)
    run.writer = SiteWriter(opts.out_dir, dict(run.cache.outputs) if run.cache.outputs else None,
                            in_place=opts.in_place)
    try:
        yield run.writer
    except BaseException:
        run.writer.abort()
        raise


def render(routed: Routed, run, writer) -> Rendered:
    """Raises BuildFailed when a layout fails (every page that failed is reported)."""
    opts, cache, linked = run.opts, run.cache, routed.linked
    reads = Reads()
    site = SiteView(linked.graph, reads)
    site.assets, assets = collect_assets(opts.assets_dir)
    assets[MARKER] = MARKER_TEXT  # says that this folder is ours to replace (write.outdir)
    assets.update(collect_attachments(linked.graph, linked.published.content.attachments, run.diags))
    site.search_split = search_split(opts, routed.layouts)
    env = make_env(opts.layouts_dir, opts.content_dir.resolve().parent, reads, layout_code(run))
    fp = Fingerprinter(linked.tokens)
    for path, data in assets.items():
        writer.add(path, data)
    todo, planner, views, keys = routed.jobs, None, {}, None
    if run.keeps_cache:
        inputs = _inputs(opts.layouts_dir, site)
        inputs[("global", "search")] = site.search_split
        planner = Planner(cache, linked.graph, inputs, fp, linked.bodies)
        todo, views = planner.plan(routed.jobs, views_fixed=not any(key[:2] == ("g", "html") for key in routed.reads),
                                   paths=routed.paths)
        run.timed(f"plan {len(todo)}")
        rendering = {job.path for job in todo}
        for path in routed.paths:
            if path not in rendering:  # unchanged inputs: the bytes in site/ stand
                writer.note(path, cache.pages[path].hash, False)
        hint = None
        if len(todo) <= FEW_PAGES:
            hint = set()
            for job in todo:
                if job.path in cache.pages:
                    hint.update(array("I", cache.pages[job.path].keys))
        keys = KeyIndex(cache.key_table, hint)
    gc.freeze()  # the cache, models and graph: long-lived, never garbage (see pipeline.build)
    gc.enable()
    pages = render_jobs(todo, site, env, run.diags, writer, keys, planner=planner)
    abort_if_errors(run.diags)
    run.timed("render")
    return Rendered(routed, pages, fp, keys, site.search_split, planner, views)


class LayoutCode(jinja2.BytecodeCache):
    """Compiled layouts kept between builds in .cache/layouts-<engine>/ (compiling them was a fifth of a one-item
    edit's CPU time). Jinja keys a file by the layout's path and checks its source's hash; the folder is named by
    the engine's code signature, Jinja's version and the environment's class, so that code compiled by another
    engine is never used (folders of other engines are removed). Each file ends in the cache's keyed hash
    (cache.tags.TAG_SIZE): marshalled code is run when loaded, so a file not made here is a miss, like a pickle."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, bucket) -> Path:
        return self.folder / f"{bucket.key}.code"

    def load_bytecode(self, bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        body, tag = data[:-TAG_SIZE], data[-TAG_SIZE:]
        if len(data) > TAG_SIZE and hmac.compare_digest(_tag(body), tag):
            bucket.bytecode_from_string(body)  # a stale source hash or another Python: Jinja resets the bucket

    def dump_bytecode(self, bucket) -> None:
        body = bucket.bytecode_to_string()
        path = self._path(bucket)
        tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(body + _tag(body))
            os.replace(tmp, path)
        except OSError:  # not kept: compiled again next time (a cache that cannot be written is finish's error)
            with contextlib.suppress(OSError):  # .cache a file: NotADirectoryError, which missing_ok does not cover
                tmp.unlink(missing_ok=True)


def _tag(body: bytes) -> bytes:
    return mac(body, b"bp-layouts").digest()


def layout_code(run) -> LayoutCode | None:
    """The compiled layouts' cache of a build that keeps its cache on disk; None for any other."""
    opts = run.opts
    if not (opts.write and opts.cache and run.keeps_cache and run.cache.path is not None and run.code):
        return None
    engine = repr((run.code, jinja2.__version__, plain("jinja"), sys.version)).encode()
    name = f"layouts-{hashlib.blake2b(engine, digest_size=8).hexdigest()}"
    parent = run.cache.path.parent
    try:
        for old in parent.glob("layouts-*"):
            if old.name != name:
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass
    return LayoutCode(parent / name)


def search_split(opts, layouts) -> bool | None:
    """One search index, or one in parts (search.parts): decided before rendering, because the search page says
    which (it asks for pagefind/parts.json only when there is one). None: no search index (nor for `check`). By
    default the count of pages whose layout marks a data-pagefind-body stands for the count of indexed pages."""
    if not (opts.search and opts.write):
        return None
    if opts.search_parts is not None:
        return opts.search_parts
    marked = {}
    for layout in layouts:
        if layout and layout not in marked:
            path = Path(opts.layouts_dir) / layout
            marked[layout] = path.is_file() and b"data-pagefind-body" in path.read_bytes()
    return sum(1 for layout in layouts if marked.get(layout)) > SPLIT_AT


def _inputs(layouts_dir: Path, site: SiteView) -> dict:
    """What pages read besides the graph: layout sources and the asset names."""
    inputs: dict = {("asset", name): path for name, path in site.assets.items()}
    for path in sorted(Path(layouts_dir).rglob("*")):
        if path.is_file():
            name = path.relative_to(layouts_dir).as_posix()
            source = path.read_bytes()
            inputs[("layout", name)] = hashlib.blake2b(source, digest_size=16).hexdigest()
            inputs[("now-layout", name)] = any(word.encode() in source for word in NOW_NAMES)
    return inputs
