"""Stage 8 through the build cache: decide which pages to render (`Planner`), and after a successful write
remember what each page read for the next build (`remember`).

A page is rendered again when it is new, when its view or the ids its job declares fingerprint differently, or
when any key it read while rendering last time (`deps`) fingerprints differently now. Everything else keeps the
bytes already in site/.
"""

from __future__ import annotations

from array import array
from dataclasses import replace
from functools import partial

from boardpapers.cache.deps import Fingerprinter, clock_reads, key_fingerprint
from boardpapers.cache.incremental import FP_SIZE, UNKNOWN_FP, BuildCache, KeyIndex, PageEntry
from boardpapers.render.recording import ALL
from boardpapers.search.parts import page_key

NOW_NAMES = ("build_date", "today")  # template globals that carry the clock
FEW_RENDERED = 4  # a build that rendered under a quarter of the pages updates the records of those alone (remember)


def callable_token(fn):
    """A stable description of a `produce` function, where one exists (module-level functions and partials)."""
    if fn is None:
        return None
    if isinstance(fn, partial):
        return ("partial", callable_token(fn.func), fn.args, tuple(sorted(fn.keywords.items())))
    if getattr(fn, "__closure__", None) is None and hasattr(fn, "__qualname__") and "<" not in fn.__qualname__:
        return f"{fn.__module__}.{fn.__qualname__}"
    return repr(fn)  # a closure or a lambda: unknowable, the page is always rendered


def part_of(path: str, data: bytes) -> str | None:
    """What decides a page's search index part (search.parts.page_key: its type and date), None when it is
    not indexed; kept in the build cache, so that pages not rendered again need not be read."""
    return page_key(data)


def body_edits(old: dict, new: dict) -> frozenset | None:
    """The markdown keys of the bodies that changed, when nothing else did: the same files, each with the same
    front matter and the same [[references]] as last build. -> None for any other change. Empty when no file's
    bytes changed (a file saved again as it was): only layouts, assets and global keys are checked then, which
    took 5 s of fingerprinting every key at 10,000 items before.

    Then the graph is the one of the last build but for `graph.html` of those bodies: models stand for their
    front matter (deps.model_tokens), and the ids, backlinks and global facts derive from front matter and
    references only. A report's text being what clerks edit most, this skips fingerprinting every key."""
    if not old or old.keys() != new.keys():
        return None
    keys = set()
    for rel, entry in new.items():
        before = old[rel]
        if before.digest == entry.digest:
            continue
        if not before.front or before.front != entry.front or entry.model is None:
            return None
        refs = entry.body_refs()
        if refs is None or refs != before.body_refs():
            return None
        keys.add(f"{type(entry.model).__name__.lower()}:{entry.model.id}:body")
    return frozenset(keys)


class Planner:
    def __init__(self, cache: BuildCache, graph, inputs: dict, fp: Fingerprinter, bodies: frozenset | None = None):
        """`bodies`: see `body_edits`; only keys that may read them (and the keys that do not come from the
        graph: layouts, assets, the clock) are fingerprinted, every other key is known to be unchanged."""
        self.cache, self.graph, self.inputs, self.fp = cache, graph, inputs, fp
        self.memo: dict = {}
        self.changed: dict[int, bool] = {}
        self.declared: dict[int, str] = {}
        self.suspects: set | None = None
        # The fingerprints the render workers made (`worker_fingerprints`), by key number, FP_SIZE bytes each
        # (UNKNOWN_FP where none): bytes rather than a dict of 2.3 million hex strings at 100k items.
        self.from_workers = bytearray()
        if bodies is not None:
            # The keys a body edit may change: all but ids (front matter and references, which did not change:
            # global facts too) and graph reads other than a whole table's in GLOBAL_READS or an edited body's
            # HTML; layouts and assets are not from the graph. One expression, not a call per key: 234,000 keys
            # at 10k items.
            self.suspects = {n for n, key in enumerate(cache.key_table) if key[0] != "id" and (
                key[0] != "g" or (key[1] in GLOBAL_READS if len(key) == 2
                                  else key[1] == "html" and (key[2] in bodies or key[2] == ALL)))}

    def key_fp(self, key):
        return key_fingerprint(key, self.graph, self.inputs, self.fp, self.memo)

    def key_fp_bytes(self, key) -> bytes:
        """The key's fingerprint as stored in BuildCache.key_fps, without memoizing it: the key table holds each
        key once, so remembering millions of them here only held a second copy while the cache is saved."""
        found = self.memo.get(key)
        if found is None:
            found = key_fingerprint(key, self.graph, self.inputs, self.fp, {})
        return _fp_bytes(found)

    def key_changed(self, index: int) -> bool:
        if self.suspects is not None and index not in self.suspects:
            return False
        found = self.changed.get(index)
        if found is None:
            new = self.key_fp(self.cache.key_table[index])
            old = self.cache.key_fps[index * FP_SIZE:(index + 1) * FP_SIZE]
            found = self.changed[index] = new is None or old == UNKNOWN_FP or bytes.fromhex(new) != old
        return found

    def view(self, job) -> str:
        return self.fp((job.path, job.layout, job.view, callable_token(job.produce)))

    def declared_fp(self, job) -> str:
        """Fingerprint of the ids a job declares it shows (often one shared frozenset of every id)."""
        found = self.declared.get(id(job.deps))
        if found is None:
            found = self.declared[id(job.deps)] = self.fp(tuple(self.key_fp(("id", d)) for d in sorted(job.deps)))
        return found

    def plan(self, jobs, views_fixed: bool = False, paths=None) -> tuple[list, dict]:
        """-> (jobs to render, {path: (view fp, declared fp)} of those jobs). `views_fixed`: a body edit, and
        routing read no markdown (its recorded reads say so): every view is the one fingerprinted last time.
        `paths`: the jobs' paths, when `jobs` are held ones (cache.heldjobs): then only the jobs to render (or
        to fingerprint) are unpickled."""
        todo, views = [], {}
        fixed = views_fixed and self.suspects is not None
        # A body edit: the few suspect keys are fingerprinted once, then each page is a search of its key numbers
        # (bytes) in C (calling key_changed for each of 2.5 million page keys at 10,000 items took a second).
        hot = None if self.suspects is None else {i for i in self.suspects if self.key_changed(i)}
        needles = () if hot is None else tuple(array("I", (i,)).tobytes() for i in hot)
        pages = self.cache.pages
        for n, path in enumerate(paths if paths is not None else [job.path for job in jobs]):
            old = pages.get(path)
            job = None
            if fixed and old is not None:
                view = old.view
            else:
                job = jobs[n]
                view = self.view(job)
            if old is None or old.view != view:
                dirty = True
            elif hot is not None:
                keys = old.keys
                # a needle found at an offset that is not a whole number's is no read: checked on the numbers
                dirty = any(needle in keys for needle in needles) and not hot.isdisjoint(array("I", keys))
            else:
                job = job or jobs[n]
                dirty = (any(self.key_changed(i) for i in array("I", old.keys))
                         or old.declared != self.declared_fp(job))
            if dirty:
                job = job or jobs[n]
                todo.append(job)
                views[path] = (view, self.declared_fp(job))
        return todo, views

    def worker_fingerprints(self, keys) -> bytes:
        """In a render worker (a fork of the build): the fingerprints of `keys`, which this worker's pages read.
        Spread over the workers, this is work `remember` would otherwise do alone after rendering (~3 s of CPU at
        10,000 items). The views stay fingerprinted by `plan`, before the workers fork: they share long lists
        (Fingerprinter.big), which each worker would walk again (at 10,000 items, 2.4 s of CPU in the workers
        against 1.3 s in `plan`)."""
        # Not memoized: a worker meets most of the build's keys over its chunks (each chunk's keys are numbered
        # anew), and remembering every one with its fingerprint to the end grew each worker by ~150 bytes a key,
        # ~0.4 GB at 100k items. A chunk's keys are distinct, so a memo saved nothing within one.
        return b"".join(self.key_fp_bytes(key) for key in keys)

    def forget_fingerprints(self) -> None:
        """In the build process, once the render workers have forked with their copy: what planning
        fingerprinted (the key memo, the records and lists Fingerprinter.big holds) is not read here again but
        for a few keys, fingerprinted anew; kept, it was ~0.3 GB of the build process to the end at 100k items."""
        self.memo.clear()
        self.fp.big.clear()

    def note_worker_fingerprints(self, numbers, fps: bytes) -> None:
        """Keep what a worker's `worker_fingerprints` returned for the keys numbered `numbers` here."""
        known, size = self.from_workers, FP_SIZE
        if numbers and len(known) < (max(numbers) + 1) * size:
            known.extend(UNKNOWN_FP * (max(numbers) + 1 - len(known) // size))
        for n, number in enumerate(numbers):
            known[number * size:(number + 1) * size] = fps[n * size:(n + 1) * size]


def _fp_bytes(found: str | None) -> bytes:
    return UNKNOWN_FP if found is None else bytes.fromhex(found)


GLOBAL_READS = ("config", "now", "today", "html", ALL)  # graph reads a body edit may change (a whole table)


def remember(cache: BuildCache, planner: Planner, paths, views: dict, info: dict, route_keys, implicit: tuple,
             keys: KeyIndex) -> None:
    """Bring the page records, the key table and whether pages read the clock up to date after a successful
    write. `keys`: the KeyIndex over cache.key_table that numbered the reads in `info`, which is emptied on the
    way (and `keys` cannot number more keys after); `route_keys`: what routing read."""
    rendered = list(info)  # the pages rendered this build
    old = cache.pages
    if len(rendered) * FEW_RENDERED < len(paths) and len(paths) == len(old) and all(map(old.__contains__, paths)):
        pages, walk = dict(old), rendered  # the same pages as last time, few rendered: the others' records stand
    else:
        pages, walk = {}, paths
    implicit_numbers = set(keys.numbers(implicit))
    today = keys.numbers([("g", "today")])[0]
    by_layouts: dict = {}
    for path in walk:
        done = info.pop(path, None)  # emptied as it goes: each page's reads are held once, not twice
        if done is None:
            pages[path] = cache.pages[path]
            continue
        digest, part, layouts, numbers = done
        extra = by_layouts.get(layouts)
        if extra is None:
            extra = set(implicit_numbers)
            if any(planner.inputs.get(("now-layout", name)) for name in layouts):
                extra.add(today)  # the layout prints `build_date`
            by_layouts[layouts] = extra
        found = extra.union(array("I", numbers))
        pages[path] = PageEntry(views[path][0], views[path][1], array("I", sorted(found)).tobytes(),
                                    tuple(sorted(layouts)), digest, part)
    cache.pages = pages
    del by_layouts
    keys.index.clear()  # millions of entries, no longer needed: every read is numbered (the table stays)
    if planner.suspects is not None and len(rendered) * FEW_RENDERED < len(pages):
        _remember_edit(cache, planner, [pages[path] for path in rendered if path in pages], route_keys)
        return
    used = set()
    for entry in pages.values():
        used.update(array("I", entry.keys))
    cache.reads_now, cache.reads_today = (a or b for a, b in zip(clock_reads(cache.key_table[i] for i in used),
                                                                  clock_reads(route_keys), strict=True))
    kept_fps = cache.key_fps + UNKNOWN_FP * (len(cache.key_table) - len(cache.key_fps) // FP_SIZE)
    if len(cache.key_table) > 2 * len(used) + 1000:
        kept_fps, planner.from_workers = _compact(cache, used, (kept_fps, planner.from_workers), planner)
    del used  # up to millions of ints: gone before the fingerprints are made
    cache.key_fps = _key_fps(cache, planner, kept_fps)


def _key_fps(cache: BuildCache, planner: Planner, kept: bytes) -> bytes:
    """The fingerprint of every key of cache.key_table, one after another (FP_SIZE bytes each). After a body
    edit (see body_edits) what was not suspect fingerprints as it did."""
    out = bytearray()
    suspects, size, known = planner.suspects, FP_SIZE, planner.from_workers
    for n, key in enumerate(cache.key_table):
        if suspects is not None and n not in suspects:
            old = kept[n * size:(n + 1) * size]
            if old != UNKNOWN_FP:
                out += old
                continue
        found = known[n * size:(n + 1) * size]  # made by a render worker (b"" past the end)
        out += found if found and found != UNKNOWN_FP else planner.key_fp_bytes(key)
    return bytes(out)


def _remember_edit(cache: BuildCache, planner: Planner, rendered: list, route_keys) -> None:
    """`remember`'s end after a body edit that rendered few pages (a clerk's commonest build): the pages not
    rendered read what they read, so only the rendered pages' reads can make the clock matter (a page that
    stopped reading it leaves the flag set until the next full build: a build more, never a stale page), and
    only suspect keys and the keys new to the table are fingerprinted, not every key (at 10,000 items 234,000
    of them, a tenth of such a build). Keys no page reads any more stay in the table until a full build."""
    found = set()
    for entry in rendered:
        found.update(array("I", entry.keys))
    now, today = clock_reads(cache.key_table[i] for i in found)
    routing = clock_reads(route_keys)
    cache.reads_now, cache.reads_today = cache.reads_now or now or routing[0], cache.reads_today or today or routing[1]
    size, known, old = FP_SIZE, planner.from_workers, cache.key_fps
    out = bytearray(old[:len(cache.key_table) * size])
    redo = set(planner.suspects)
    redo.update(range(len(out) // size, len(cache.key_table)))  # keys this build added to the table
    start = out.find(UNKNOWN_FP)
    while start >= 0:  # keys with no fingerprint last time (or never made): made again, as _key_fps does
        if start % size == 0:
            redo.add(start // size)
        start = out.find(UNKNOWN_FP, start + 1)
    out.extend(UNKNOWN_FP * (len(cache.key_table) - len(out) // size))
    for n in redo:
        fp = known[n * size:(n + 1) * size]  # made by a render worker (b"" past the end)
        out[n * size:(n + 1) * size] = fp if fp and fp != UNKNOWN_FP else planner.key_fp_bytes(cache.key_table[n])
    cache.key_fps = bytes(out)


def _compact(cache: BuildCache, used: set, fps: tuple, planner: Planner) -> tuple:
    """Drop keys no page reads any more. New PageEntry objects, never changed in place: the cache store keeps
    a shard whose entries are the very objects it saved (cache.store)."""
    order = sorted(used)
    remap = {old: new for new, old in enumerate(order)}
    cache.key_table = [cache.key_table[i] for i in order]
    if planner.suspects is not None:
        planner.suspects = {remap[i] for i in planner.suspects if i in remap}
    for path, entry in cache.pages.items():
        cache.pages[path] = replace(entry, keys=array("I", (remap[i] for i in array("I", entry.keys))).tobytes())
    size = FP_SIZE  # each of `fps` holds FP_SIZE bytes per key number (missing at the end: unknown)
    return tuple(bytearray(b"".join(table[i * size:(i + 1) * size] or UNKNOWN_FP for i in order)) for table in fps)
