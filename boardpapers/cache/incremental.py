"""The build cache: what the last successful build read, made and wrote, so the next one redoes only what changed.

It is a cache on a correct full build, never a second way of building: every stage still runs over the whole
site, but reading, validating and rendering the markdown of a file, and rendering a page, are skipped when their
inputs are the same as last time, and a page is only written when its bytes changed. It lives in `.cache/`
beside content/ (per output folder, a small head file and a folder of shards: see `store`), so a second
`python build.py` process profits as much as `serve`.

Three levels, cheapest first:
1. `guard.open_build`: every input file (content, layouts, assets, the engine's own code) has the stat signature
   it had, the clock reads the same for every page, and site/ is the folder we wrote: nothing to do at all, and
   none of the heavy modules is even imported.
2. `load`: a file whose signature or content hash is known gives back its model, diagnostics and markdown.
3. `pagecache.Planner`: a page whose view, layouts and recorded reads fingerprint the same is not rendered.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from boardpapers.cache import store as cachestore
from boardpapers.cache.store import FP_SIZE, UNKNOWN_FP  # noqa: F401 (re-exported for pagecache)
from boardpapers.content.publish import later
from boardpapers.core import testpoints
from boardpapers.core.diagnostics import BuildFailed, Diagnostics, SourcePos

# 21: HMAC-SHA256 tags (cache.tags), short YAML strings shared (content.yamlread); 20: the live shard's parts name
# objects by reduce, not persistent ids (cache.heldrefs); 19: its graph tables
# pickled one by one (cache.heldgraph); 18: its page jobs in chunks
# (cache.heldjobs); 17: the live shard (the linked graph and page jobs, read by a body edit: cache.live.load_held);
# 16: decisions and
# actions indexed through their item's page (search);
# 15: translations (SiteConfig.languages, Content.translations, Graph.translations, SourceFile.lang);
# 14: the engine reshaped (arch: markdown kept per file, global facts as graph keys) with search parts by span,
# pages' new fields, withheld declarations; 13: a page's search part key is its type and date; 11: files end in
# a keyed hash (tags.TAG_SIZE), stat signatures hold the change time; 10: votes, recordings, corrections; 9: draft
# people and membership years, decision verbs checked against site.yaml (models gained fields); 8: modules moved
# into subpackages (pickled class paths changed); 7: markdown HTML packed (zlib); 6: key fingerprints as one
# bytes string
CACHE_VERSION = 21
CACHE_DIR = ".cache"


@dataclass(slots=True)  # no __dict__ per entry (100k+ of them; the models have slots too)
class SourceEntry:
    sig: tuple  # (mtime_ns, size, inode)
    digest: str
    model: object  # the validated model, a SiteConfig for site.yaml, or None when the file had errors
    diagnostics: tuple
    front: str = ""  # FileText.front_digest: the file without its body text (deps.model_tokens)
    markdown: object = None  # markdown.FileMarkdown of its published document; None: not rendered yet

    def body_refs(self) -> frozenset | None:
        """(target, label) of the [[references]] in its bodies, or None when its markdown is not rendered: a
        body edit that keeps them cannot change the graph (pagecache.body_edits)."""
        return None if self.markdown is None else frozenset((r.target, r.label) for r in self.markdown.refs)


@dataclass(slots=True)
class PageEntry:
    view: str  # fingerprint of path, layout, view and produce function
    declared: str  # fingerprint of the ids the job declares (PageJob.deps)
    keys: bytes  # indexes into BuildCache.key_table of what the page read (array 'I')
    layouts: tuple
    hash: str  # of the bytes written
    part: str | None  # the search index part it belongs to; None: not indexed


@dataclass
class BuildCache:
    options: tuple = ()
    code: tuple = ()
    sources: dict = field(default_factory=dict)  # rel -> SourceEntry
    pages: dict = field(default_factory=dict)  # output path -> PageEntry
    key_table: list = field(default_factory=list)
    key_fps: bytes = b""  # fingerprint of key_table[i] when last built: key_fps[i * FP_SIZE:(i + 1) * FP_SIZE]
    outputs: dict = field(default_factory=dict)  # every file written: path -> content hash
    parts: dict = field(default_factory=dict)  # search part -> fingerprint of the pages indexed
    inputs: dict = field(default_factory=dict)  # every input file's stat signature, for `unchanged`
    now: object = None
    reads_now: bool = True  # some page (or routing) read the clock to the second (see recording.RecordedNow)
    reads_today: bool = True  # some page read the date (or a fact that follows it: graph.facts.DATED)
    next_embargo: object = None  # earliest publish_from still in the future: the clock matters from then on
    site_stamp: tuple = ()
    path: Path | None = None  # where it is saved; None: kept in memory only (serve keeps it between builds)

    stored: dict = field(default_factory=dict, repr=False)  # shards as loaded (store.write keeps their files)
    live_file: str | None = None  # the live shard the head names (store.LIVE), not read until a build uses it
    live_ahead: object = field(default=None, repr=False)  # a Future of its checked bytes (store.read), or None
    live_state: object = None  # what to save as the live shard: a tuple, store.KEEP (the loaded one), None (none)

    def reset(self, opts, keep_sources: bool) -> None:
        """Forget in place (a caller such as serve holds this object); `keep_sources`: keep the parsed files and
        their rendered markdown, which depend only on the files' contents, not on site/."""
        sources, path = self.sources if keep_sources else {}, self.path
        self.__init__(options=options_key(opts))
        self.sources, self.path = sources, path


FEW_MISSING = 8  # keys a hinted KeyIndex looks up in its table one by one, before it indexes the whole table


class KeyIndex:
    """Numbers for recorded keys, appending new ones to `table` (a BuildCache's key_table): a page's reads are
    kept as an array of these numbers from the moment they are rendered, not as a set of tuples (at 100k
    items, 376k pages read about 60 keys each: tuples and their strings were gigabytes)."""

    def __init__(self, table: list, hint=None):
        """`hint`: numbers of the keys the pages to render are likely to read (what they read last time), when
        they are few: the index starts with those alone, and is completed only if a page reads another key (at
        10,000 items the whole index is 234,000 keys, a twentieth of a one-item edit)."""
        self.table = table
        self.complete = hint is None
        self.index = {key: n for n, key in enumerate(table)} if hint is None else {table[n]: n for n in hint}

    def numbers(self, keys) -> array:
        keys = tuple(keys)
        found = list(map(self.index.get, keys))  # every key known already, nearly always: a loop in C
        if None not in found:
            return array("I", found)
        if not self.complete:
            missing = [key for key, n in zip(keys, found, strict=True) if n is None]
            if len(missing) > FEW_MISSING:
                self.complete = True
                self.index = {key: n for n, key in enumerate(self.table)}
            else:  # a few keys the hint did not have: looked up in the table (in C), else numbered below
                for key in missing:
                    with contextlib.suppress(ValueError):
                        self.index[key] = self.table.index(key)
            found = list(map(self.index.get, keys))
            if None not in found:
                return array("I", found)
        index, out = self.index, array("I")
        for key in keys:
            n = index.get(key)
            if n is None:
                # Its strings interned: the keys a render worker sends come unpickled, each with its own copies
                # of "g", "items" and the id, and the table keeps millions of them (~100 bytes a key saved).
                key = tuple(sys.intern(part) if type(part) is str else part for part in key)
                n = index[key] = len(self.table)
                self.table.append(key)
            out.append(n)
        return out

    def rollback(self, size: int) -> None:
        """Forget the keys numbered from `size` on (a render worker's own, already sent to the parent)."""
        for key in self.table[size:]:
            self.index.pop(key, None)
        del self.table[size:]


def options_key(opts) -> tuple:
    return (CACHE_VERSION, str(opts.content_dir.resolve()), str(opts.out_dir.absolute()), str(opts.layouts_dir),
            str(opts.assets_dir), opts.drafts, opts.search, getattr(opts, "search_parts", None),
            getattr(opts, "search_part_pages", None))


def cache_path(opts) -> Path:
    project = opts.content_dir.resolve().parent
    name = hashlib.sha256(str(opts.out_dir.absolute()).encode()).hexdigest()[:16]
    return project / CACHE_DIR / f"build-{name}.pickle"


def load(opts, head: dict | None = None) -> BuildCache:
    """The saved cache for this output folder, or an empty one: none saved yet, or one that cannot be used, which
    is dropped with a line saying why (`dropped`). `head`: what `load_meta` gave, when it was read already."""
    path = cache_path(opts)
    cache = BuildCache(options=options_key(opts), path=path)
    try:
        head = head if head is not None else _read_head(path)
        if head is None:
            return cache
        if head.get("options") != cache.options:
            dropped(path, "it was made with other options or by another version")
            return cache
        shards = cachestore.read(head, cachestore.shard_folder(path))
        for name in HEAD_FIELDS:
            setattr(cache, name, head[name])
        cachestore.join(cache, head, shards)
    except (OSError, cachestore.Unreadable) as exc:
        dropped(path, str(exc))
        cache = BuildCache(options=options_key(opts), path=path)
    return cache


def dropped(path: Path, why: str) -> None:
    """One line on stderr when a build cannot use the cache it found: the build that follows does everything
    again, which is never wrong but may be slow, and a cache dropped at every build is a bug to look for."""
    print(f"build cache {path.name} dropped: {why}; building everything", file=sys.stderr)


META_FIELDS = ("options", "code", "outputs", "inputs", "now", "reads_now", "reads_today", "next_embargo",
               "site_stamp")
HEAD_FIELDS = (*META_FIELDS, "parts")  # the rest is in shards (store)


def save(cache: BuildCache) -> None:
    """A small head file, which `pipeline` reads alone to see that nothing changed, and the big tables in
    shards, only those that changed rewritten (cache.store). A crash midway can only make the next build do
    more: the head is replaced last, and names only shard files that were complete before it."""
    if cache.path is None:
        return
    cache.path.parent.mkdir(parents=True, exist_ok=True)
    ignore = cache.path.parent / ".gitignore"
    if not ignore.exists():
        ignore.write_text("*\n")  # the folder is private to this machine, even outside our own repository
    cache.path.with_suffix(".out").write_text(cache.options[2] if len(cache.options) > 2 else "")
    prune(cache.path.parent)
    cache.path.with_suffix(".meta").unlink(missing_ok=True)  # the separate meta file of CACHE_VERSION 4
    head = {name: getattr(cache, name) for name in HEAD_FIELDS}
    head["timezone"] = next((e.model.timezone for e in cache.sources.values()
                             if type(e.model).__name__ == "SiteConfig"), None)
    cachestore.write(cache, cache.path, head)
    testpoints.reached("cache-saved")
    cache.path.with_suffix(".dirty").unlink(missing_ok=True)  # the cache describes site/ again


def dirty_path(opts) -> Path:
    return cache_path(opts).with_suffix(".dirty")


def mark_dirty(opts) -> None:
    """Before the first change to site/: the cache on disk describes the site as it was, and a build killed
    between its first move into site/ and `save` must not leave the next one trusting it (it would keep pages
    that this one wrote, even after the text they show was withdrawn). The mark goes when `save` completes; while
    it stands, the cache guard renders every page again and compares site/ file by file. Without a cache to keep
    (--no-cache), it is only needed when there is a saved one, which would describe an older site/.
    Raises BuildFailed (nothing in site/ has changed yet) when it cannot be written."""
    path = dirty_path(opts)
    if not opts.cache and not os.path.exists(cache_path(opts)):
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w") as handle:
            handle.write(str(opts.out_dir.absolute()))
    except OSError as exc:
        diags = Diagnostics()
        diags.error(SourcePos(_shown(path.parent)), "cache-unwritable", f"cannot write the build cache: "
                    f"{exc.strerror or exc}", "make the project folder writable, remove .cache if it is a file, or "
                    "build with --no-cache into a new folder")
        raise BuildFailed(diags) from None


def is_dirty(opts) -> bool:
    return os.path.exists(dirty_path(opts))


def _shown(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


def prune(folder: Path) -> None:
    """Forget caches of output folders that no longer exist (tests build into many temporary folders)."""
    for sidecar in folder.glob("build-*.out"):
        try:
            gone = not Path(sidecar.read_text()).exists()
        except OSError:
            continue
        if gone:
            discard(sidecar.with_suffix(".pickle"))


def discard(path: Path) -> None:
    """Delete the saved cache at `path`, shards and all. The head goes first: a crash midway leaves shards no
    head names (the next save deletes them), never a head naming missing shards."""
    for suffix in (".pickle", ".meta", ".out", ".dirty"):
        path.with_suffix(suffix).unlink(missing_ok=True)
    shutil.rmtree(cachestore.shard_folder(path), ignore_errors=True)


def _read_head(path: Path) -> dict | None:
    """The head file's fields; None when there is none; raises OSError or cachestore.Unreadable when it is
    damaged or foreign."""
    try:
        head = cachestore.load_file(path)
    except FileNotFoundError:
        return None
    if not (isinstance(head, dict) and isinstance(head.get("shards"), dict)):
        raise cachestore.Unreadable(f"{path.name} is not a cache head")
    return head


def load_meta(opts) -> dict | None:
    """The head of the saved cache (every field but the big tables), or None (`load` then says why)."""
    try:
        head = _read_head(cache_path(opts))
    except (OSError, cachestore.Unreadable):
        return None
    return head if head is not None and head.get("options") == options_key(opts) else None


def now_matters(cache: BuildCache, now, timezone: str = "") -> bool:
    """Whether a build at `now` could differ from the cached one only because of the clock. Both are local times
    of the site's `timezone`, compared as moments (publish.instant: the autumn's repeated hour)."""
    if now == cache.now and getattr(now, "fold", 0) == getattr(cache.now, "fold", 0):
        return False
    if cache.reads_now or cache.now is None or now is None or not later(now, cache.now, timezone or "UTC"):
        return True  # a clock set back (after a `--now` preview of the future) can put embargoes back
    if cache.reads_today and now.date() != cache.now.date():
        return True
    return cache.next_embargo is not None and not later(cache.next_embargo, now, timezone or "UTC")
