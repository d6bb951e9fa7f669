"""The build cache: what the last successful build read, made and wrote, so the next one redoes only what changed.

It is a cache on a correct full build, never a second way of building: every stage still runs over the whole
site, but reading and validating a file, rendering markdown and rendering a page are skipped when their inputs
are the same as last time, and a page is only written when its bytes changed. It lives in `.cache/` beside
content/ (per output folder, a small head file and a folder of shards: see cachestore), so a second
`python build.py` process profits as much as `serve`.

Three levels, cheapest first:
1. `unchanged()`: every input file (content, layouts, assets, the engine's own code) has the stat signature it
   had, the clock reads the same for every page, and site/ is the folder we wrote: nothing to do at all, and
   none of the heavy modules is even imported.
2. `load_sources()`: a file whose signature or content hash is known gives back its model and diagnostics.
3. `pagecache.plan_pages()`: a page whose view, layouts and recorded reads fingerprint the same is not rendered.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sys
import time
from array import array
from dataclasses import dataclass, field
from pathlib import Path

from boardpapers.cache import store as cachestore
from boardpapers.cache.store import FP_SIZE, UNKNOWN_FP  # noqa: F401 (re-exported for pagecache)
from boardpapers.content.publish import instant, later
from boardpapers.core import testpoints
from boardpapers.core.diagnostics import BuildFailed, Diagnostics, SourcePos

# 14: translations (SiteConfig.languages, Content.translations, Graph.translations, SourceFile.lang);
# 13: a page's search part key is its type and date (search.parts.page_key); 12: pages' new fields; 11: files
# end in a keyed hash (store.TAG_SIZE), stat signatures hold the change time; 10: votes, recordings,
# corrections, withheld declarations (models gained fields); 9: draft people and membership years, decision verbs
# checked against site.yaml (models gained fields); 8: modules moved into subpackages (pickled class paths
# changed); 6: key fingerprints as one bytes string (FP_SIZE each); 7: markdown HTML packed (zlib)
CACHE_VERSION = 14
CACHE_DIR = ".cache"
ENGINE_PACKAGES = ("jinja2", "markdown_it", "mdit_py_plugins", "yaml", "pagefind_bin")


@dataclass(slots=True)  # no __dict__ per entry (100k+ of them; the models have slots too)
class SourceEntry:
    sig: tuple  # stat_sig: (mtime_ns, size, inode, ctime_ns)
    digest: str
    model: object  # the validated model, a SiteConfig for site.yaml, or None when the file had errors
    diagnostics: tuple
    front: str = ""  # RawDocument.front_digest: the file without its body text (deps.model_tokens)
    refs: tuple = ()  # the [[references]] in its markdown, (target, label): a body edit that keeps them is local


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
    markdown: object = None  # markdown.MarkdownCache
    pages: dict = field(default_factory=dict)  # output path -> PageEntry
    key_table: list = field(default_factory=list)
    key_fps: bytes = b""  # fingerprint of key_table[i] when last built: key_fps[i * FP_SIZE:(i + 1) * FP_SIZE]
    facts: dict = field(default_factory=dict)  # fact name -> pickled compute function (b"" when not picklable)
    layouts: dict = field(default_factory=dict)  # layout name -> source hash
    outputs: dict = field(default_factory=dict)  # every file written: path -> content hash
    parts: dict = field(default_factory=dict)  # search part -> fingerprint of the pages indexed
    inputs: dict = field(default_factory=dict)  # every input file's stat signature, for `unchanged`
    now: object = None
    reads_now: bool = True  # some page or fact read the clock to the second (see deps.RecordedNow)
    reads_today: bool = True  # some page or fact read the date
    next_embargo: object = None  # earliest publish_from still in the future: the clock matters from then on
    site_stamp: tuple = ()
    path: Path | None = None  # where it is saved; None: kept in memory only (serve keeps it between builds)

    keep_markdown: bool = False  # a markdown cache handed in by the caller: never dropped
    stored: dict = field(default_factory=dict, repr=False)  # shards as loaded (cachestore.write keeps their files)

    def reset(self, opts, keep_sources: bool) -> None:
        """Forget in place (a caller such as serve holds this object); `keep_sources`: keep the parsed files and
        rendered markdown, which depend only on the files' contents, not on site/."""
        kept = (self.sources, self.markdown) if keep_sources else ({}, self.markdown if self.keep_markdown else None)
        path, keep_markdown = self.path, self.keep_markdown
        self.__init__(options=options_key(opts))
        self.sources, self.markdown, self.path, self.keep_markdown = *kept, path, keep_markdown


class KeyIndex:
    """Numbers for recorded keys, appending new ones to `table` (a BuildCache's key_table): a page's reads are
    kept as an array of these numbers from the moment they are rendered, not as a set of tuples (at 100k
    items, 376k pages read about 60 keys each: tuples and their strings were gigabytes)."""

    def __init__(self, table: list):
        self.table = table
        self.index = {key: n for n, key in enumerate(table)}

    def numbers(self, keys) -> array:
        keys = tuple(keys)
        found = list(map(self.index.get, keys))  # every key known already, nearly always: a loop in C
        if None not in found:
            return array("I", found)
        index, out = self.index, array("I")
        for key in keys:
            n = index.get(key)
            if n is None:
                n = index[key] = len(self.table)
                self.table.append(key)
            out.append(n)
        return out

    def rollback(self, size: int) -> None:
        """Forget the keys numbered from `size` on (a render worker's own, already sent to the parent)."""
        for key in self.table[size:]:
            del self.index[key]
        del self.table[size:]


def options_key(opts) -> tuple:
    return (CACHE_VERSION, str(opts.content_dir.resolve()), str(opts.out_dir.absolute()), str(opts.layouts_dir),
            str(opts.assets_dir), opts.drafts, opts.search, getattr(opts, "search_parts", None),
            getattr(opts, "search_part_pages", None))


def code_signature() -> tuple:
    """The engine's own files (every module, in every subpackage) and the top folders of the libraries that
    shape output (a release changes their __init__ or version files): any change discards the cache."""
    engine = Path(__file__).resolve().parent.parent
    sig: list = [sys.version]
    for folder, dirs, files in os.walk(engine):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(".py"):
                st = os.stat(os.path.join(folder, name))
                sig.append((os.path.join(folder, name), st.st_mtime_ns, st.st_size))
    for name in ENGINE_PACKAGES:
        spec = importlib.util.find_spec(name)
        if not (spec and spec.origin):
            continue
        for entry in sorted(os.scandir(Path(spec.origin).parent), key=lambda e: e.name):
            if entry.name.endswith((".py", ".so")) or entry.name == "pagefind":
                st = entry.stat()
                sig.append((entry.path, st.st_mtime_ns, st.st_size))
    return tuple(sig)


def cache_path(opts) -> Path:
    project = opts.content_dir.resolve().parent
    name = hashlib.sha256(str(opts.out_dir.absolute()).encode()).hexdigest()[:16]
    return project / CACHE_DIR / f"build-{name}.pickle"


def load(opts, head: dict | None = None) -> BuildCache:
    """The saved cache for this output folder, or an empty one (a broken or foreign file is just ignored).
    `head`: what `load_meta` gave, when it was read already."""
    path = cache_path(opts)
    cache = BuildCache(options=options_key(opts))
    try:
        head = head if head is not None else _read_head(path)
        if head is None or head.get("options") != cache.options:
            raise ValueError("stale")
        shards = cachestore.read(head, cachestore.shard_folder(path))
        for name in HEAD_FIELDS:
            setattr(cache, name, head[name])
        cachestore.join(cache, head, shards)
    except cachestore.ERRORS:
        cache = BuildCache(options=options_key(opts))
    cache.path = path
    return cache


META_FIELDS = ("options", "code", "outputs", "inputs", "now", "reads_now", "reads_today", "next_embargo",
               "site_stamp")
HEAD_FIELDS = (*META_FIELDS, "facts", "layouts", "parts")  # the rest is in shards (cachestore)


def save(cache: BuildCache) -> None:
    """A small head file, which `pipeline` reads alone to see that nothing changed, and the big tables in
    shards, only those that changed rewritten (cachestore). A crash midway can only make the next build do
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
    it stands, `pipeline` renders every page again and compares site/ file by file. Without a cache to keep
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


def meta_path(path: Path) -> Path:
    return path  # the head is the meta file (older versions kept a separate `.meta`)


def _read_head(path: Path) -> dict | None:
    try:
        head = cachestore.load_file(path)  # authenticated before it is unpickled (cachestore)
    except cachestore.ERRORS:
        return None
    return head if isinstance(head, dict) and isinstance(head.get("shards"), dict) else None


def load_meta(opts) -> dict | None:
    """The head of the saved cache (every field but the big tables), or None."""
    head = _read_head(cache_path(opts))
    return head if head is not None and head.get("options") == options_key(opts) else None


def stat_sig(st: os.stat_result) -> tuple:
    """What tells that a file may have changed without reading it. The change time too: an edit in place that
    keeps the size and puts the modification time back (`touch -d`, some sync tools) still moves st_ctime, which
    no program can set."""
    return (st.st_mtime_ns, st.st_size, st.st_ino, st.st_ctime_ns)


def input_signatures(opts) -> dict:
    """Stat signatures of every file a build reads: content/, layouts/, assets/ (scandir: no file is opened)."""
    return signatures_under((opts.content_dir.resolve(), opts.layouts_dir, opts.assets_dir))


def signatures_under(roots) -> dict:
    """{path: stat signature, or None when it cannot be read} of every file below `roots`, on scandir's entries
    (one stat per file); `serve` polls with it too."""
    found: dict = {}
    stack = [str(root) for root in roots]
    while stack:
        try:
            entries = list(os.scandir(stack.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                else:
                    found[entry.path] = stat_sig(entry.stat())
            except OSError:
                found[entry.path] = None
    return found


def site_stamp(out_dir: Path) -> tuple:
    try:
        st = out_dir.stat()
    except OSError:
        return ()
    return (st.st_ino, st.st_dev)


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


def next_embargo(content, now):
    """The earliest publish_from after `now` among all documents (published or not)."""
    zone = content.config.timezone
    times = [doc.publishing.publish_from for group in (content.meetings, content.items, content.papers)
             for doc in group if doc.publishing.publish_from and later(doc.publishing.publish_from, now, zone)]
    try:
        return min(times, key=lambda found: instant(found, zone), default=None)
    except (ValueError, KeyError, OSError):
        return min(times, default=None)


def timed(label: str, started: list) -> None:
    """BOARDPAPERS_TIMING=1 prints how long each stage took (for profiling; silent otherwise)."""
    if os.environ.get("BOARDPAPERS_TIMING"):
        now = time.perf_counter()
        try:  # resident memory now, to see which stage holds it (Linux only)
            rss = f", rss {int(Path('/proc/self/statm').read_text().split()[1]) * os.sysconf('SC_PAGESIZE') >> 20} MB"
        except (OSError, ValueError, IndexError):
            rss = ""
        print(f"  {label:<12} {now - started[0]:6.2f} s{rss}", file=sys.stderr)
        started[0] = now
