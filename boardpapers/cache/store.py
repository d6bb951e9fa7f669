"""The build cache on disk, in shards: a small head file and beside it a folder of shard files.

The head (`build-<name>.pickle`) holds every field but the three big tables, and the name of each shard file;
`guard` reads only the head to see that nothing changed. The big tables (parsed sources with their rendered
markdown, page records, recorded keys and their fingerprints) are cut into shards, each pickled on its own:
pickling one shard at a time never holds a second copy of the whole cache (pickle's memo of every object it
wrote; at 100k items that was gigabytes), and a build that changed little rewrites only the shards that differ
from what was loaded (one edited item: a sources shard, a few page shards, the fingerprints).

A shard file is never overwritten: each save writes new files under fresh names, then replaces the head, then
deletes the files no head names. A crash at any point leaves the old head naming old files that still exist,
or the new one naming new files; a missing, truncated or foreign shard makes `load` give an empty cache (and say
why, in one line), and the next build does everything again.
"""

from __future__ import annotations

import hmac
import io
import os
import pickle
import threading
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from boardpapers.cache import heldrefs
from boardpapers.cache.tags import TAG_SIZE, Tagged, mac
from boardpapers.core import testpoints

# A recorded key's fingerprint is kept as FP_SIZE raw bytes in one bytes string, not as a hex str per key: at
# 100k items, 2.3 million str objects (and a list of them) were ~0.2 GB. UNKNOWN: no fingerprint (re-render).
FP_SIZE = 12
UNKNOWN_FP = bytes(FP_SIZE)

LIVE = "live"  # the shard of the last linked graph and its page jobs (cache.live.Live), read only when used
KEEP = "keep"  # BuildCache.live_state: the live shard loaded stands (the build took the graph it holds)
SHARDS = 16  # per dict table; ~11k pages and ~4k sources per shard at 100k items
AHEAD = 2  # shard files read and checked ahead of the one being unpickled (`read`)
FEW_TEXT_SHARDS = 4  # sources and keys shards a save writes with the standard pickler, at most (`write`)
MANY_SOURCES = 40_000  # ... unless the site has fewer source files than this (10k items: 14,000; 100k: 143,000)
LIVE_AHEAD_BYTES = 256 << 20  # a live shard up to this size is read and checked while the others unpickle
KEY_CHUNK = 1 << 16  # keys (and their fingerprints) per shard
TABLES = ("sources", "pages")
# What unpickling bytes that are not (or no longer) ours can raise (the pickle module's documentation lists these;
# ValueError: an unknown protocol). Caught only around the unpickling itself: the same exception types raised by
# our own code are bugs, and must not pass for a damaged cache (and make every build silently a full one).
UNPICKLING = (pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, ValueError)


class Unreadable(Exception):
    """A cache file that cannot be used: damaged, foreign, or not matching its head. The build drops the cache."""


def shard_of(key: str) -> int:
    return zlib.crc32(key.encode()) % SHARDS


def split(cache):
    """-> (shard name, content) of the big tables (dicts by a stable hash of their keys, key lists in chunks),
    one table at a time."""
    for table, values in zip(TABLES, (cache.sources, cache.pages), strict=True):
        shards: list[dict] = [{} for _ in range(SHARDS)]
        for key, value in values.items():
            shards[shard_of(key)][key] = value
        for n, shard in enumerate(shards):
            yield f"{table}-{n}", shard
        del shards
    fps, size = cache.key_fps, FP_SIZE
    for n, start in enumerate(range(0, max(len(cache.key_table), 1), KEY_CHUNK)):
        yield f"keys-{n}", (cache.key_table[start:start + KEY_CHUNK], fps[start * size:(start + KEY_CHUNK) * size])


def shard_folder(head: Path) -> Path:
    return head.with_suffix(".shards")


def write(cache, head: Path, fields: dict) -> None:
    """Save `fields` (the small ones) as the head and the big tables as shards, reusing the files of shards
    equal to what was loaded (`cache.stored`: shard name -> (file name, content); emptied: a second save in
    the same process, rare, writes every shard again rather than keep a copy of every table's index)."""
    folder = shard_folder(head)
    folder.mkdir(parents=True, exist_ok=True)
    stored, cache.stored = cache.stored, {}
    token = os.urandom(6).hex()
    names = {}
    texts = []  # sources and keys shards to write: the files' text and markdown, the recorded keys' names
    for name, content in split(cache):
        old = stored.pop(name, None)
        if old is not None and old[1] == content and (folder / old[0]).exists():
            names[name] = old[0]  # equal entries (the very objects, mostly): the file on disk stands
        else:
            names[name] = f"{name}.{token}.pickle"
            if name.startswith(("sources", "keys")):
                texts.append((name, content))
            else:
                dump((names[name], content), folder / names[name])
        del old, content
    # The text pickler (see _TextPickler) when many shards of a large site's text are saved; for the few of an
    # edit (a sources shard, a keys shard or two), or a site of fewer than MANY_SOURCES files, the standard one,
    # twice as fast (0.5 s of a cold build at 10k items): the second copy it leaves of the text is then a few
    # megabytes, or tens (35 MB at 10k items; ~0.4 GB at 100k, where memory is the limit, not time).
    text = len(texts) > FEW_TEXT_SHARDS and len(cache.sources) > MANY_SOURCES
    while texts:
        name, content = texts.pop(0)
        dump((names[name], content), folder / names[name], text=text)
        del content
    old = stored.pop(LIVE, None)
    if cache.live_state == KEEP:
        if old is not None and (folder / old[0]).exists():
            names[LIVE] = old[0]
    elif cache.live_state is not None:
        name = f"{LIVE}.{token}.pickle"
        if dump_live((name, cache.live_state), folder / name, cache.sources):
            names[LIVE] = name
    testpoints.reached("shards-saved")
    dump({**fields, "shards": names}, head)
    for entry in os.scandir(folder):  # files of earlier saves (or of a save that crashed) no head names now
        if entry.name not in names.values():
            Path(entry.path).unlink(missing_ok=True)


def read(head: dict, folder: Path) -> dict:
    """{shard name: content} of every shard the head names; raises Unreadable (or OSError) on any mismatch. The
    live shard is not unpickled (load_live does, when a build uses it), but when small its bytes are read and
    checked by another thread meanwhile: {LIVE: a Future of them}."""
    found = {}
    live = head["shards"].get(LIVE)
    if live is not None:
        found[LIVE] = _checked_ahead(folder / live)
    named = [(name, filename) for name, filename in head["shards"].items() if name != LIVE]
    # A thread reads and checks the next files (hashing releases the GIL) while this one unpickles: the check of
    # ~130 MB at 10k items took a fifth of the load. At most AHEAD files wait, checked, in memory.
    with ThreadPoolExecutor(1) as pool:
        waiting = [pool.submit(checked, folder / filename) for _, filename in named[:AHEAD]]
        for n, (name, filename) in enumerate(named):
            data = waiting.pop(0).result()
            if n + AHEAD < len(named):
                waiting.append(pool.submit(checked, folder / named[n + AHEAD][1]))
            loaded = unpickled(data, folder / filename)
            del data
            if not (isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == filename):
                raise Unreadable(f"{filename} is not the shard its head names")
            found[name] = loaded[1]
    return found


def _checked_ahead(path: Path) -> Future | None:
    """`checked(path)` in a thread of its own, when the file is small enough to hold a while unused (a build that
    is not a body edit never reads it); its hashing runs beside the unpickling of the other shards (at 10k items,
    0.1 s of a one-item edit)."""
    try:
        if path.stat().st_size > LIVE_AHEAD_BYTES:
            return None
    except OSError:
        return None
    future: Future = Future()

    def work() -> None:
        try:
            future.set_result(checked(path))
        except BaseException as exc:  # given to whoever asks for the bytes
            future.set_exception(exc)

    threading.Thread(target=work, daemon=True).start()
    return future


def join(cache, head: dict, shards: dict) -> None:
    """Fill the big tables of `cache` from `shards` (as `split` cut them)."""
    tables = {table: {} for table in TABLES}
    keys: list[tuple[int, list, list]] = []
    live = head["shards"].get(LIVE)
    cache.live_ahead = shards.pop(LIVE, None)
    for name, content in shards.items():
        table, _, n = name.rpartition("-")
        if table == "keys":
            keys.append((int(n), *content))
        elif table in tables:
            tables[table].update(content)
        else:
            raise Unreadable(f"the head names an unknown shard '{name}'")
    cache.sources, cache.pages = tables["sources"], tables["pages"]
    keys.sort(key=lambda found: found[0])
    if [found[0] for found in keys] != list(range(len(keys))):
        raise Unreadable("a shard of recorded keys is missing")
    cache.key_table = [key for _, table, _ in keys for key in table]
    cache.key_fps = b"".join(fps for _, _, fps in keys)
    if len(cache.key_fps) != FP_SIZE * len(cache.key_table):
        raise Unreadable("the key fingerprints do not match the keys")
    cache.stored = {name: (filename, shards[name]) for name, filename in head["shards"].items() if name != LIVE}
    if live is not None:
        cache.stored[LIVE] = (live, None)
        cache.live_file, cache.live_state = live, KEEP  # a build that links replaces it (cache.live.keep_on_disk)


class _TextPickler(pickle.Pickler):
    """Pickles a non-ASCII string as its UTF-8 bytes, encoded here. The standard pickler asks the string for
    its UTF-8 form, which CPython then keeps inside the string for good: saving the bodies and rendered
    markdown of 100k items left a second copy of all that text in memory (~1 GB)."""

    def persistent_id(self, obj):
        if type(obj) is str and not obj.isascii():
            return obj.encode("utf-8", "surrogatepass")
        return None


class _TextUnpickler(pickle.Unpickler):
    def persistent_load(self, pid):
        if type(pid) is not bytes:
            raise pickle.UnpicklingError("not a shard of ours")
        return pid.decode("utf-8", "surrogatepass")


def dump_live(value, path: Path, sources: dict) -> bool:
    """Save the live shard; False (nothing saved) when the graph or a job cannot be pickled (a closure as a page's
    `produce`): the next body edit then links and routes again. It names the validated models by the file they
    come from (cache.heldrefs, as its graph tables and job chunks do), so that once loaded they are the very
    objects of the sources shards (one copy, not two)."""
    refs = {id(entry.model): ("m", rel) for rel, entry in sources.items() if entry.model is not None}
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            tagged = Tagged(handle)
            heldrefs.dump(value, refs, tagged)
            handle.write(tagged.mac.digest())
        os.replace(tmp, path)
        return True
    except (pickle.PicklingError, AttributeError, TypeError):
        tmp.unlink(missing_ok=True)
        return False
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def load_live(path: Path, filename: str, sources: dict, ahead: Future | None = None):
    """The live shard's content, its models resolved in `sources` (rel -> SourceEntry, as the same head saved
    them); raises OSError or Unreadable. `ahead`: its bytes read and checked already (`read`)."""
    def model(ref):
        entry = sources.get(ref[1]) if type(ref) is tuple and len(ref) == 2 and ref[0] == "m" else None
        if entry is None or entry.model is None:
            raise pickle.UnpicklingError(f"the live shard names a model {ref!r} the sources do not have")
        return entry.model

    data = ahead.result() if ahead is not None else checked(path)
    try:
        loaded = heldrefs.loads(data, model)  # the pickle ends before the tag (STOP)
    except UNPICKLING as exc:
        raise Unreadable(f"{path.name} does not unpickle ({type(exc).__name__}: {exc})") from exc
    if not (isinstance(loaded, tuple) and len(loaded) == 2 and loaded[0] == filename):
        raise Unreadable(f"{filename} is not the shard its head names")
    return loaded[1]


def dump(value, path: Path, text: bool = False) -> None:
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        with open(tmp, "wb") as handle:
            tagged = Tagged(handle)
            (_TextPickler if text else pickle.Pickler)(tagged, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
            handle.write(tagged.mac.digest())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk: no half file left behind
        raise


def load_file(path: Path, unpickler=_TextUnpickler):
    """What `dump` saved at `path`; raises OSError, or Unreadable, unpickling nothing, unless its tag is right
    (and for bytes that do not unpickle)."""
    return unpickled(checked(path), path, unpickler)


def checked(path: Path) -> bytes:
    """The bytes of a cache file whose tag is right; raises OSError, or Unreadable."""
    data = path.read_bytes()
    body = memoryview(data)[:-TAG_SIZE]
    if len(data) <= TAG_SIZE or not hmac.compare_digest(mac(body).digest(), data[-TAG_SIZE:]):
        raise Unreadable(f"{path.name} is not a cache file of ours (its tag does not match: another version of the "
                         "engine made it, or it was changed)")
    del body
    return data


def unpickled(data: bytes, path: Path, unpickler=_TextUnpickler):
    """What the checked bytes of the cache file `path` hold; raises Unreadable when they do not unpickle."""
    try:
        return unpickler(io.BytesIO(data)).load()  # the pickle ends before the tag (STOP); no copy of `data`
    except UNPICKLING as exc:
        raise Unreadable(f"{path.name} does not unpickle ({type(exc).__name__}: {exc})") from exc
